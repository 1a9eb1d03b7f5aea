//! Markdown through pulldown-cmark's offset iterator: prose blocks with byte-exact spans, front matter as data.

use chrono::NaiveDate;
use pulldown_cmark::{Event, LinkType, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use super::directives::{self, Directive};
use super::{Block, BlockKind, Metadata, Prose, SourceError, Span};
use crate::yaml;

/// The front matter keys factlint reads; any other key is the publisher's business and is ignored.
#[derive(Deserialize, Default)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct FrontMatter {
    title: Option<yaml::Scalar>,
    date: Option<yaml::Scalar>,
}

pub(super) fn parse(text: &str, body_start: usize) -> Result<(Metadata, Vec<Block>, Vec<Directive>), SourceError> {
    let body = &text[body_start..];
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut metadata = Metadata::default();
    let mut saw_front_matter = false;
    let mut blocks = Vec::new();
    let mut kinds: Vec<BlockKind> = Vec::new();
    let mut current = Prose::default();
    // Depth inside content that is not prose: code blocks, HTML blocks, front matter, images, autolinks.
    let mut skip_depth = 0usize;
    let mut in_front_matter = false;
    // The front matter's extent in the file: pulldown-cmark gives one text event per line when lines end in CRLF.
    let mut front_matter: Option<Span> = None;
    let mut found_directives = Vec::new();

    let flush = |current: &mut Prose, kinds: &[BlockKind], blocks: &mut Vec<Block>| {
        let prose = std::mem::take(current);
        if !prose.text.trim().is_empty() {
            let kind = kinds.last().copied().unwrap_or(BlockKind::Paragraph);
            blocks.push(Block { kind, prose });
        }
    };

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let source = Span::new(range.start + body_start, range.end + body_start);
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => {
                in_front_matter = true;
                saw_front_matter = true;
            }
            Event::End(TagEnd::MetadataBlock(_)) => {
                in_front_matter = false;
                if let Some(span) = front_matter.take() {
                    metadata = read_front_matter(&text[span.start..span.end], span.start)?;
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                found_directives.extend(directives::parse(&html, source.start));
            }
            Event::Text(_) if in_front_matter => {
                let start = front_matter.map_or(source.start, |span| span.start);
                front_matter = Some(Span::new(start, source.end));
            }
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell | Tag::BlockQuote(_) => {
                    flush(&mut current, &kinds, &mut blocks);
                    kinds.push(match tag {
                        Tag::Heading { .. } => BlockKind::Heading,
                        Tag::Item => BlockKind::ListItem,
                        Tag::TableCell => BlockKind::TableCell,
                        Tag::BlockQuote(_) => BlockKind::Quote,
                        _ if kinds.last() == Some(&BlockKind::Quote) => BlockKind::Quote,
                        _ => BlockKind::Paragraph,
                    });
                }
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Image { .. } | Tag::MetadataBlock(_) => skip_depth += 1,
                Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                } => skip_depth += 1,
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_) => {
                    flush(&mut current, &kinds, &mut blocks);
                    kinds.pop();
                }
                TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Image => skip_depth = skip_depth.saturating_sub(1),
                // Only autolinks raised the depth; a normal link's text is prose.
                TagEnd::Link if skip_depth > 0 && is_autolink(body, source, body_start) => skip_depth -= 1,
                _ => {}
            },
            _ if skip_depth > 0 => {}
            Event::Text(content) => {
                let original = &text[source.start..source.end];
                if original == content.as_ref() {
                    current.push_exact(&content, source);
                } else {
                    current.push_replacement(&content, source);
                }
            }
            // Code is not prose, but it still separates the words around it.
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => current.push_replacement(" ", source),
            Event::SoftBreak | Event::HardBreak => current.push_replacement(" ", source),
            _ => {}
        }
    }
    flush(&mut current, &kinds, &mut blocks);

    if !saw_front_matter && (body.starts_with("---\n") || body.starts_with("---\r\n")) && looks_like_front_matter(body)
    {
        return Err(SourceError {
            message: "front matter starts on line 1 but is never closed with a `---` line".into(),
            offset: Some(body_start),
        });
    }
    Ok((metadata, blocks, found_directives))
}

fn is_autolink(body: &str, source: Span, body_start: usize) -> bool {
    body.get(source.start - body_start..source.end - body_start)
        .is_some_and(|s| s.starts_with('<') && s.ends_with('>'))
}

/// A `---` first line followed by `key:` lines is front matter even if its closing line is missing.
fn looks_like_front_matter(body: &str) -> bool {
    body.lines().nth(1).is_some_and(|l| {
        l.split_once(':')
            .is_some_and(|(k, _)| !k.is_empty() && !k.contains(' '))
    })
}

fn read_front_matter(yaml_text: &str, start: usize) -> Result<Metadata, SourceError> {
    let offset_of = |line: usize, column: usize| {
        let line_start: usize = yaml_text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        start + line_start + column.saturating_sub(1)
    };
    let front: FrontMatter = if yaml_text.trim().is_empty() {
        FrontMatter::default()
    } else if let Some(front) = plain_front_matter(yaml_text) {
        front
    } else {
        yaml::from_str(yaml_text).map_err(|e| SourceError {
            message: format!("front matter: {}", e.message),
            offset: (e.line > 0).then(|| offset_of(e.line, e.column)),
        })?
    };
    let date = match &front.date {
        Some(scalar) => Some(parse_publication_date(&scalar.value).map_err(|message| SourceError {
            message: format!("front matter `date`: {message}"),
            offset: Some(offset_of(scalar.line, scalar.column)),
        })?),
        None => None,
    };
    Ok(Metadata {
        title: front.title.map(|t| t.value),
        date,
    })
}

/// Front matter made only of `key: value` lines, read without the YAML parser, which took more than the rest of
/// a wire story's reading for its three keys. A value is a plain word-led scalar, a date-led one (`2025-05-16…`)
/// or a quoted one without escapes; anything else (comments, blank lines, nesting, flow collections, block
/// scalars, anchors and tags, a repeated key, a value YAML reads as a number, a boolean or null) returns `None`,
/// and the parser reads the front matter and says what is wrong with it. Positions are the parser's: 1-based
/// line and column of the value.
fn plain_front_matter(yaml_text: &str) -> Option<FrontMatter> {
    let mut front = FrontMatter::default();
    // A set, so that a front matter of many keys costs no more per key than a short one.
    let mut keys: foldhash::HashSet<&str> = foldhash::HashSet::default();
    for (index, line) in yaml_text.split_inclusive('\n').enumerate() {
        let line = line.strip_suffix('\n').unwrap_or(line);
        let (key, rest) = line.split_once(':')?;
        let key_shaped = key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            && !reads_as_other_than_text(key);
        if !key_shaped || !keys.insert(key) {
            return None;
        }
        let value = rest.strip_prefix(' ')?.trim_start_matches(' ');
        let column = line.len() - value.len() + 1;
        let value = plain_value(value)?;
        let scalar = || yaml::Scalar {
            value: value.to_string(),
            line: index + 1,
            column,
        };
        match key {
            "title" => front.title = Some(scalar()),
            "date" => front.date = Some(scalar()),
            _ => {}
        }
    }
    Some(front)
}

/// The string a one-line value of [`plain_front_matter`] stands for, if it is one YAML reads as that string.
fn plain_value(value: &str) -> Option<&str> {
    if value.ends_with([' ', '\t', '\r']) || value.contains('\t') {
        return None;
    }
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            return (!inner.contains([quote, '\\'])).then_some(inner);
        }
    }
    let word_led = value.starts_with(char::is_alphabetic) && !reads_as_other_than_text(value);
    let date_led = value.get(..10).is_some_and(|day| parse_day(day).is_some());
    let plain = !value.contains(": ") && !value.contains(" #") && !value.ends_with(':');
    ((word_led || date_led) && plain).then_some(value)
}

/// A word YAML (or a lenient reader of it) may take for a number, a boolean or null.
fn reads_as_other_than_text(word: &str) -> bool {
    word.parse::<f64>().is_ok()
        || matches!(
            word.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null"
        )
}

/// Accepts `2025-05-16` and timestamps that start with one (`2025-05-16T09:00:00Z`, `2025-05-16 09:00`,
/// `2025-05-16 09:00:00 +02:00`): the article's day is the date as written, whatever the zone. Anything else after
/// the date, a month without its day, or digits not written YYYY-MM-DD is refused rather than half read.
pub fn parse_publication_date(value: &str) -> Result<NaiveDate, String> {
    let value = value.trim();
    let (day, time) = value.split_at(value.char_indices().nth(10).map_or(value.len(), |(i, _)| i));
    let is_month = value.len() == 7 && NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d").is_ok();
    if is_month {
        return Err(format!(
            "`{value}` is a month; an article's date is a day, YYYY-MM-DD (the day it was published)"
        ));
    }
    let date = parse_day(day).ok_or_else(|| format!("`{value}` is not a valid calendar date (expected YYYY-MM-DD)"))?;
    if time.is_empty() || time.strip_prefix(['T', 't', ' ']).is_some_and(is_time_of_day) {
        Ok(date)
    } else {
        Err(format!(
            "`{value}`: only a time of day may follow the date (`{day}T09:00:00Z`, `{day} 09:00`)"
        ))
    }
}

/// A day written exactly `YYYY-MM-DD` (chrono alone would also take `2025-5-6`).
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().filter(|_| shaped)
}

/// `09:00`, `09:00:00` or `09:00:00.5`, then optionally a zone: `Z`, `+02:00`, `+0200`, `-05` (with or without a
/// space before it).
fn is_time_of_day(text: &str) -> bool {
    let text = text.trim_end();
    let clock = match text.strip_suffix(['Z', 'z']) {
        Some(clock) => clock,
        None => match text.rfind(['+', '-']) {
            Some(sign) => {
                let zone = text[sign + 1..].replacen(':', "", 1);
                let valid = matches!(zone.len(), 2 | 4)
                    && zone.bytes().all(|b| b.is_ascii_digit())
                    && zone[..2] <= *"23"
                    && zone.get(2..).is_none_or(|minutes| minutes.is_empty() || minutes < "60");
                if !valid {
                    return false;
                }
                &text[..sign]
            }
            None => text,
        },
    };
    let clock = clock.trim_end();
    ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .any(|format| chrono::NaiveTime::parse_from_str(clock, format).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_front_matter_reads_what_the_yaml_parser_reads() {
        let keys = ["title", "date", "source", "date", "y", "Title", "tags", "_x", "a-b"];
        let values = [
            "Senior U.S. senator: 'Let him do his job'",
            "\"Senior U.S. senator: 'Let him do his job'\"",
            "'It''s late'",
            "\"say \\\"hi\\\"\"",
            "2017-12-31",
            "2017-12-31 09:00:00 +02:00",
            "2017-12-31T09:00:00Z",
            "2017-12",
            "20171231",
            "Reuters",
            "Reuters # wire",
            "Reuters#1",
            "a: b",
            "yes",
            "No",
            "null",
            "~",
            "inf",
            "Infinity",
            ".nan",
            "1.50",
            "0x1F",
            "1_000",
            "[a, b]",
            "{a: b}",
            "&anchor x",
            "*alias",
            "!tag x",
            "| block",
            "> folded",
            "Élysée Palace",
            "a [b] {c}",
            "ends with colon:",
            "trailing space ",
            "tab\there",
            "\"\"",
            "",
            "'unclosed",
            "- item",
        ];
        let mut compared = 0;
        for (i, key) in keys.iter().enumerate() {
            for (j, value) in values.iter().enumerate() {
                let other = values[(i + j) % values.len()];
                let texts = [
                    format!("{key}: {value}\n"),
                    format!("{key}:   {value}\nsource: {other}\n"),
                    format!("source: Reuters\n{key}: {value}"),
                    format!("{key}: {value}\n{key}: {value}\n"),
                    format!("{key}: {value}\r\n"),
                    format!("  {key}: {value}\n"),
                    format!("{key}: {value}\n\n"),
                ];
                for text in texts {
                    let Some(plain) = plain_front_matter(&text) else {
                        continue;
                    };
                    let parsed = yaml::from_str::<FrontMatter>(&text);
                    assert_eq!(parsed.as_ref().ok(), Some(&plain), "{text:?}: {parsed:?}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "only {compared} front matters read without the parser");
        let reuters = "title: \"Senior U.S. senator: 'Let him do his job'\"\ndate: 2017-12-31\nsource: Reuters\n";
        assert!(plain_front_matter(reuters).is_some());
    }

    fn blocks(md: &str) -> Vec<(BlockKind, String)> {
        parse(md, 0)
            .unwrap()
            .1
            .into_iter()
            .map(|b| (b.kind, b.prose.text))
            .collect()
    }

    #[test]
    fn markup_code_and_urls_are_not_prose() {
        let got =
            blocks("# Title\n\n**Former** U.S. President `x` <https://a.b/c> [Trump](http://t)\n\n```\ncode\n```\n");
        assert_eq!(got[0], (BlockKind::Heading, "Title".into()));
        assert_eq!(got[1], (BlockKind::Paragraph, "Former U.S. President    Trump".into()));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn spans_point_into_the_original_bytes() {
        let md = "---\ndate: 2025-05-16\n---\n\nSaid **Former** U.S. *President*.\n";
        let (meta, blocks, _) = parse(md, 0).unwrap();
        assert_eq!(meta.date, NaiveDate::from_ymd_opt(2025, 5, 16));
        let prose = &blocks[0].prose;
        let at = prose.text.find("Former U.S. President").unwrap();
        let span = prose.to_source(at, at + "Former U.S. President".len());
        assert_eq!(&md[span.start..span.end], "Former** U.S. *President");
    }

    #[test]
    fn front_matter_with_crlf_line_ends_is_read() {
        let md = "---\r\ntitle: a\r\ndate: 2025-05-16\r\n---\r\n\r\ntext\r\n";
        let (meta, blocks, _) = parse(md, 0).unwrap();
        assert_eq!(meta.date, NaiveDate::from_ymd_opt(2025, 5, 16));
        assert_eq!(meta.title.as_deref(), Some("a"));
        assert_eq!(blocks.len(), 1);
        let err = parse("---\r\ntitle: a\r\ndate: 2025-02-30\r\n---\r\ntext\r\n", 0).unwrap_err();
        assert_eq!(err.offset, Some("---\r\ntitle: a\r\ndate: ".len()));
    }

    #[test]
    fn publication_dates_are_a_day_or_a_timestamp_and_nothing_else() {
        let day = NaiveDate::from_ymd_opt(2025, 5, 16);
        for accepted in [
            "2025-05-16",
            "2025-05-16T09:00:00Z",
            "2025-05-16T23:30:00.25+02:00",
            "2025-05-16 09:00",
            "2025-05-16 09:00:00 +0200",
            "2025-05-16T09:00-05",
        ] {
            assert_eq!(parse_publication_date(accepted).ok(), day, "{accepted}");
        }
        for (refused, message) in [
            ("2025-05-16 extra", "only a time of day may follow the date"),
            ("2025-05-16T25:00:00Z", "only a time of day may follow the date"),
            ("2025-05-16T09:00:00+25:00", "only a time of day may follow the date"),
            ("2025-5-6", "is not a valid calendar date (expected YYYY-MM-DD)"),
            ("2025-02-30", "is not a valid calendar date"),
            ("2025-05", "is a month; an article's date is a day"),
            ("2025-05-1€", "is not a valid calendar date"),
        ] {
            let error = parse_publication_date(refused).unwrap_err();
            assert!(error.contains(message), "{refused}: {error}");
        }
        // In an article, with the place of the value.
        let md = "---\ndate: 2025-05-16T25:00:00Z\n---\ntext\n";
        let err = parse(md, 0).unwrap_err();
        assert_eq!(err.offset, Some(md.find("2025").unwrap()));
        assert!(err.message.starts_with("front matter `date`: "), "{}", err.message);
    }

    #[test]
    fn broken_front_matter_names_the_line() {
        let md = "---\ntitle: a\ndate: 2025-02-30\n---\ntext\n";
        let err = parse(md, 0).unwrap_err();
        assert!(err.message.contains("2025-02-30"), "{}", err.message);
        assert_eq!(err.offset, Some(md.find("2025-02-30").unwrap()));
        let err = parse("---\ntitle: a\ntext\n", 0).unwrap_err();
        assert!(err.message.contains("never closed"));
    }
}
