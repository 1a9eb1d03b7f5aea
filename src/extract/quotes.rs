//! Quotes and who said them, attributions to sources ("according to the UN"), and whether a sentence names a
//! source at all.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::people::Mention;
use super::{Claim, ClaimKind, Sentences};
use crate::source::{Document, Span};

/// Who a quote is attributed to.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Speaker {
    /// A person the reference data knows.
    Known { name: String, person_id: String },
    /// A named person the reference data does not know.
    Unverified {
        name: String,
        /// Given a title or an organisation in the article.
        affiliated: bool,
    },
    /// No speaker could be read.
    None,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    pub quote_span: Span,
    pub speaker: Speaker,
}

/// A statement credited to a source: "According to the UN", "citing court records".
#[derive(Debug, Clone, Serialize)]
pub struct Attribution {
    pub source: String,
    /// False for "sources", "experts", "observers": a source nobody can look up.
    pub named: bool,
}

const SPEECH_VERBS: &str = r"said|says|say|stated|states|added|adds|told|tells|asked|wrote|writes|declared|insisted|warned|explained|noted|argued|announced|confirmed|continued|remarked|replied|urged";
const ANONYMOUS: &str =
    r"observers|experts|analysts|critics|commentators|insiders|sources|pundits|people|some|many|others|officials";

static NAME: &str =
    r"(?:[A-Z][a-zA-Z’'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-zA-Z’'\-]+|[A-Z]\.|van|von|de|der|bin|al-[A-Z][a-z]+))+";

// Word boundaries next to ASCII words are ASCII (`(?-u:\b)`): a Unicode `\b` makes the regex engine leave its
// fast path at the first curly quote, which made extraction twice as slow on news text.
static AFTER_VERB_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^[\s,]*(?P<verb>{SPEECH_VERBS})\s+(?P<name>{NAME})")).expect("valid"));
static AFTER_NAME_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s,]*(?P<name>{NAME}|[A-Z][a-z]+)\s+(?:{SPEECH_VERBS})(?-u:\b)"
    ))
    .expect("valid")
});
static VERB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?-u:\b)(?:{SPEECH_VERBS})(?-u:\b)")).expect("valid"));
static NAME_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"(?P<name>{NAME})\s*$")).expect("valid"));
static ACCORDING_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:according to|citing|cited by|data from|figures from|estimates? (?:from|by)|reported by)\s+(?P<source>(?:the\s+)?[\w.’'&-]+(?:\s+[A-Z][\w.’'&-]*)*)").expect("valid")
});
static ANONYMOUS_SOURCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^(?:the\s+)?(?:\w+\s+)?(?:{ANONYMOUS})(?-u:\b)")).expect("valid"));
static SPEECH_WITH_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<subject>[\w.’'-]+)\s+(?:{SPEECH_VERBS})(?-u:\b)|(?-u:\b)(?:{SPEECH_VERBS})\s+(?P<object>[\w.’'-]+)"
    ))
    .expect("valid")
});

/// Does this sentence credit what it says to someone a reader could look up?
pub fn names_a_source(sentence: &str) -> bool {
    if ACCORDING_TO
        .captures_iter(sentence)
        .any(|c| !ANONYMOUS_SOURCE.is_match(&c["source"]))
    {
        return true;
    }
    SPEECH_WITH_SUBJECT.captures_iter(sentence).any(|c| {
        let who = c
            .name("subject")
            .or(c.name("object"))
            .map_or("", |m| m.as_str())
            .to_lowercase();
        !who.is_empty() && !is_anonymous_word(&who)
    })
}

fn is_anonymous_word(word: &str) -> bool {
    ANONYMOUS.split('|').any(|a| a == word) || matches!(word, "it" | "they" | "and" | "that")
}

/// Quoted passages and their speakers.
pub fn quotes(doc: &Document, sentences: &Sentences, mentions: &[Mention]) -> Vec<Claim> {
    let mut claims = Vec::new();
    for (block_index, block) in doc.blocks.iter().enumerate() {
        let text = &block.prose.text;
        for (open, close) in quote_pairs(text) {
            let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
            let inner = &text[open + open_len..close];
            let after_close = close + text[close..].chars().next().map_or(0, char::len_utf8);
            let sentence = sentences.index_of(block_index, open);
            let sentence_prose = sentences.get(sentence).map_or((0, text.len()), |s| s.prose);
            let sentence_start = sentence_prose.0.min(open);
            // The tail runs to the end of the sentence the quote closes, or the next quote.
            let tail_end = text[after_close..]
                .find(['.', '“', '"'])
                .map_or(text.len(), |i| after_close + i);
            let tail = &text[after_close..tail_end];
            let head = &text[sentence_start..open];
            let mut found = None;
            if let Some(c) = AFTER_VERB_NAME.captures(tail) {
                let name = c.name("name").expect("group");
                let verb = c.name("verb").expect("group");
                found = Some((
                    after_close + name.start(),
                    after_close + name.end(),
                    after_close + verb.start(),
                ));
            } else if let Some(c) = AFTER_NAME_VERB.captures(tail) {
                let name = c.name("name").expect("group");
                found = Some((
                    after_close + name.start(),
                    after_close + name.end(),
                    after_close + name.start(),
                ));
            } else if let Some(verb) = VERB.find_iter(head).last() {
                // "Fidan welcomed the exchange and said …": the nearest known person before the verb.
                let verb_at = sentence_start + verb.start();
                let known = mentions
                    .iter()
                    .rfind(|m| m.block == block_index && m.prose.1 <= verb_at && m.prose.0 >= sentence_start);
                if let Some(m) = known {
                    found = Some((m.prose.0, m.prose.1, m.prose.0));
                } else if let Some(c) = NAME_BEFORE.captures(&head[..verb.start()]) {
                    let name = c.name("name").expect("group");
                    found = Some((
                        sentence_start + name.start(),
                        sentence_start + name.end(),
                        sentence_start + name.start(),
                    ));
                }
            }
            let speaker = match found {
                Some((s, e, _)) => speaker_at(block_index, s, e, text, mentions),
                None => Speaker::None,
            };
            let span = match found {
                Some((s, e, from)) => {
                    let end = appositive_end(text, e, tail_end.max(e));
                    block.prose.to_source(from.min(s), end)
                }
                None => block.prose.to_source(open, after_close),
            };
            claims.push(Claim {
                span,
                sentence,
                kind: ClaimKind::Quote(Quote {
                    text: inner.to_string(),
                    quote_span: block.prose.to_source(open, after_close),
                    speaker,
                }),
            });
        }
    }
    claims
}

/// The speaker at prose range `start..end`: a known person if a mention is there, else an unverified name.
fn speaker_at(block: usize, start: usize, end: usize, text: &str, mentions: &[Mention]) -> Speaker {
    let known = mentions
        .iter()
        .find(|m| m.block == block && m.prose.0 < end && start < m.prose.1 && m.person.is_some());
    match known {
        Some(m) => Speaker::Known {
            name: m.name.clone(),
            person_id: m.person_id.clone().unwrap_or_default(),
        },
        // A single capitalised word that is no known person is too weak to call anyone unverifiable.
        None if text[start..end].split_whitespace().count() >= 2 => Speaker::Unverified {
            name: text[start..end].to_string(),
            affiliated: affiliated(text, start, end),
        },
        None => Speaker::None,
    }
}

/// Whether a speaker at `start..end` is given a title before the name ("Judge Karen Henderson", "Democratic
/// Senator …") or an organisation after it ("…, an analyst at the Brookings Institution", "…, a Grassley
/// spokesman"): what a reader needs to check who they are. A description alone ("an analyst based in Berlin") is not.
fn affiliated(text: &str, start: usize, end: usize) -> bool {
    let name = &text[start..end];
    let words: Vec<&str> = name.split_whitespace().collect();
    // The captured name itself starts with a title: more than two capitalised words, or a word ending in '.'.
    if words.len() >= 3 || words.first().is_some_and(|w| w.ends_with('.')) {
        return true;
    }
    let before = text[..start].trim_end();
    let previous = before.rsplit(char::is_whitespace).next().unwrap_or_default();
    if previous.chars().next().is_some_and(char::is_uppercase) && !previous.ends_with([',', '.', '”', '"']) {
        return true;
    }
    let Some(description) = text[end..].strip_prefix(", ") else {
        return false;
    };
    let description = &description[..description.find(['.', ';', '“', '"']).unwrap_or(description.len())];
    static ORGANISATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:a|an|the)\b.*?(?:\b(?:at|with|of|for|from)\s+(?:the\s+)?\p{Lu}|\b\p{Lu}\p{L}+\s+(?:spokesman|spokeswoman|spokesperson|official|aide|adviser|advisor)\b)")
            .expect("valid pattern")
    });
    ORGANISATION.is_match(description)
}

/// Extends a speaker's name over a following description: "Anna Petrova, a conflict resolution analyst".
fn appositive_end(text: &str, name_end: usize, limit: usize) -> usize {
    let rest = &text[name_end..limit];
    if let Some(description) = rest.strip_prefix(", ") {
        let lower = description.to_lowercase();
        if lower.starts_with("a ") || lower.starts_with("an ") || lower.starts_with("the ") {
            return name_end + rest.trim_end_matches([',', ' ']).len();
        }
    }
    name_end
}

/// Pairs of opening and closing quotation marks (curly, or straight pairs) in a block, as byte offsets.
fn quote_pairs(text: &str) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight_open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '“' => open = Some(i),
            '”' => {
                if let Some(o) = open.take() {
                    pairs.push((o, i));
                }
            }
            '"' => match straight_open.take() {
                Some(o) => pairs.push((o, i)),
                None => straight_open = Some(i),
            },
            _ => {}
        }
    }
    pairs.sort_unstable();
    pairs
}

/// "According to the UN", "citing court records": attributions to a source, named or not.
pub fn attributions(doc: &Document, sentences: &Sentences) -> Vec<Claim> {
    let mut claims = Vec::new();
    for sentence in sentences.texts(doc) {
        let text = sentence.text;
        for caps in ACCORDING_TO.captures_iter(text) {
            let whole = caps.get(0).expect("group 0");
            let source = caps["source"].trim_end_matches(['.', ',']).to_string();
            let end = whole.start() + whole.as_str().trim_end_matches(['.', ',']).len();
            claims.push(Claim {
                span: sentence.span(whole.start(), end),
                sentence: sentence.index,
                kind: ClaimKind::Attribution(Attribution {
                    named: !ANONYMOUS_SOURCE.is_match(&source),
                    source,
                }),
            });
        }
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_named_or_not() {
        assert!(names_a_source(
            "According to the UN, the conflict has displaced over 12 million people."
        ));
        assert!(names_a_source("“This war has gone on too long,” Trump said."));
        assert!(!names_a_source("Observers believe further meetings could take place."));
        assert!(!names_a_source(
            "Diplomatic experts say a deal will require compromise."
        ));
        assert!(!names_a_source(
            "This will be the largest prisoner swap since the start of the conflict."
        ));
        assert!(!names_a_source("The figure is 12 million, according to sources."));
    }
}
