//! HTML articles: the body text without scripts, styles, navigation and other page furniture, with spans back
//! into the HTML. A small scanner rather than a full HTML5 parser: articles are checked for their prose, and
//! every byte of prose maps to the bytes of the file it came from (entities map to the whole entity).

use super::directives::{self, Directive};
use super::{Block, BlockKind, Metadata, Prose, Span, parse_date};

/// Elements whose content is not article prose.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "noscript",
    "template",
    "svg",
    "form",
    "button",
    "select",
    "iframe",
    "head",
    "figcaption",
];

/// Elements that end one block of prose and start another, with the kind of block they open.
fn block_kind(tag: &str) -> Option<BlockKind> {
    match tag {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Heading),
        "li" | "dt" | "dd" => Some(BlockKind::ListItem),
        "blockquote" => Some(BlockKind::Quote),
        "td" | "th" => Some(BlockKind::TableCell),
        "p" | "div" | "section" | "article" | "main" | "body" | "br" | "hr" | "ul" | "ol" | "table" | "tr" | "pre"
        | "figure" | "title" => Some(BlockKind::Paragraph),
        _ => None,
    }
}

const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("rsquo", "’"),
    ("lsquo", "‘"),
    ("rdquo", "”"),
    ("ldquo", "“"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("hellip", "…"),
];

fn decode_entity(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).map(String::from);
    }
    ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
}

/// The value of `name="…"` in a tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    value.find(quote).map(|end| &value[..end])
}

pub(super) fn parse(text: &str, body_start: usize) -> (Metadata, Vec<Block>, Vec<Directive>) {
    let mut metadata = Metadata::default();
    let mut blocks = Vec::new();
    let mut found = Vec::new();
    let mut prose = Prose::default();
    let mut kind = BlockKind::Paragraph;
    let mut skipping: Vec<String> = Vec::new();
    let mut in_title = false;
    let mut title = String::new();
    let flush = |prose: &mut Prose, kind: BlockKind, blocks: &mut Vec<Block>| {
        let taken = std::mem::take(prose);
        if !taken.text.trim().is_empty() {
            blocks.push(Block { kind, prose: taken });
        }
    };
    let bytes = text.as_bytes();
    let mut i = body_start;
    while i < text.len() {
        if text[i..].starts_with("<!--") {
            let end = text[i..].find("-->").map_or(text.len(), |e| i + e + 3);
            found.extend(directives::parse(&text[i..end], i));
            i = end;
            continue;
        }
        if bytes[i] == b'<' {
            let end = text[i..].find('>').map_or(text.len(), |e| i + e + 1);
            let tag = &text[i..end];
            let closing = tag.starts_with("</");
            let name: String = tag
                .trim_start_matches(['<', '/'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if name == "meta" {
                let key = attribute(tag, "name")
                    .or_else(|| attribute(tag, "property"))
                    .unwrap_or("");
                if matches!(key, "date" | "article:published_time" | "dc.date" | "pubdate")
                    && let Some(date) = attribute(tag, "content").and_then(|c| parse_date(c).ok())
                {
                    metadata.date = metadata.date.or(Some(date));
                }
            }
            if name == "title" {
                in_title = !closing;
            }
            if SKIPPED.contains(&name.as_str()) && !tag.ends_with("/>") {
                if closing {
                    if let Some(at) = skipping.iter().rposition(|s| *s == name) {
                        skipping.truncate(at);
                    }
                } else {
                    skipping.push(name.clone());
                }
            } else if let Some(new_kind) = block_kind(&name) {
                flush(&mut prose, kind, &mut blocks);
                kind = if closing { BlockKind::Paragraph } else { new_kind };
            }
            i = end;
            continue;
        }
        let run_end = text[i..].find('<').map_or(text.len(), |e| i + e);
        if in_title {
            title.push_str(&text[i..run_end]);
        } else if skipping.is_empty() {
            let mut at = i;
            while at < run_end {
                match text[at..run_end].find('&') {
                    Some(amp) => {
                        let amp = at + amp;
                        prose.push_exact(&text[at..amp], Span::new(at, amp));
                        let semicolon = text[amp..run_end].find(';').filter(|s| *s <= 10);
                        match semicolon.and_then(|s| decode_entity(&text[amp + 1..amp + s]).map(|v| (s, v))) {
                            Some((s, value)) => {
                                prose.push_replacement(&value, Span::new(amp, amp + s + 1));
                                at = amp + s + 1;
                            }
                            None => {
                                prose.push_exact("&", Span::new(amp, amp + 1));
                                at = amp + 1;
                            }
                        }
                    }
                    None => {
                        prose.push_exact(&text[at..run_end], Span::new(at, run_end));
                        at = run_end;
                    }
                }
            }
        }
        i = run_end;
    }
    flush(&mut prose, kind, &mut blocks);
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    metadata.title = (!title.is_empty()).then_some(title);
    (metadata, blocks, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html><html><head><title>Talks</title><meta name=\"date\" content=\"2025-05-16\">\
<script>var x = '<p>Former President</p>';</script></head><body><nav><a href=\"/\">Home</a></nav>\
<article><h1>Talks in Istanbul</h1><p>Former U.S. President <b>Donald Trump</b> spoke &amp; left.</p>\
<!-- factlint-disable-next-line FL101 -- quoted --><p>Second.</p></article><footer>© 2025</footer></body></html>";

    #[test]
    fn body_prose_with_spans_into_the_html() {
        let (meta, blocks, directives) = parse(PAGE, 0);
        assert_eq!(meta.date.map(|d| d.to_string()).as_deref(), Some("2025-05-16"));
        assert_eq!(meta.title.as_deref(), Some("Talks"));
        let texts: Vec<(&BlockKind, &str)> = blocks.iter().map(|b| (&b.kind, b.prose.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![
                (&BlockKind::Heading, "Talks in Istanbul"),
                (
                    &BlockKind::Paragraph,
                    "Former U.S. President Donald Trump spoke & left."
                ),
                (&BlockKind::Paragraph, "Second."),
            ]
        );
        let prose = &blocks[1].prose;
        let at = prose.text.find("President Donald").unwrap();
        let span = prose.to_source(at, at + "President Donald".len());
        assert_eq!(&PAGE[span.start..span.end], "President <b>Donald");
        let amp = prose.text.find('&').unwrap();
        assert_eq!(
            &PAGE[prose.to_source(amp, amp + 1).start..prose.to_source(amp, amp + 1).end],
            "&amp;"
        );
        assert_eq!(directives.len(), 1);
    }
}
