//! Quotes and who said them, attributions to sources ("according to the UN"), and whether a sentence names a
//! source at all.

use std::collections::HashSet;
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
        r"(?P<subject>[\w.’'-]+),?\s+(?:{SPEECH_VERBS})(?-u:\b)|(?-u:\b)(?:{SPEECH_VERBS})\s+(?P<object>[\w.’'-]+)"
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

// A named body that measured the figure: "the IRS estimates", "Moody's calculated".
static MEASURED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z][\w.&’'()-]*\s+(?:estimates|estimated|calculates|calculated|reported|reports|found|finds|projects|projected|counted|counts|tallied|tallies)(?-u:\b)").expect("valid")
});
// An estimate the writer marks as one ("an estimated $1.4 trillion", "expected to add", "analysts have
// estimated"): someone's, said so in the sentence, even when the estimator was named earlier.
static MARKED_ESTIMATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:estimated|estimates|expected to|projected to|forecast to|is projected|are projected|finding|found)(?-u:\b)").expect("valid")
});
// A poll, a study or a dataset as the subject of what it found: "the poll found", "Census data show".
static FINDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:poll|polls|survey|surveys|study|studies|analysis|data|records|report|census|estimates?|figures|filings|statistics|research|projections?|forecasts?)\s+(?:[\w’'-]+\s+){0,4}?(?:found|finds|find|shows?|showed|shown|estimated|estimates|suggests?|suggested|indicates?|indicated|put|puts|has|had|gave|gives|envisioned|envisions|projected|projects|predicted|predicts)(?-u:\b)").expect("valid")
});

/// Does this sentence credit what it says to anyone at all — a named source, an unnamed one ("analysts say",
/// "it said"), or a poll, study or dataset that found it? Weaker than [`names_a_source`]: it answers whether a
/// figure was handed to the reader as someone's, not whether that someone can be looked up.
pub fn cites_a_source(sentence: &str) -> bool {
    names_a_source(sentence)
        || ACCORDING_TO.is_match(sentence)
        || SPEECH_WITH_SUBJECT.is_match(sentence)
        || FINDING.is_match(sentence)
        || MEASURED_BY.is_match(sentence)
        || MARKED_ESTIMATE.is_match(sentence)
}

/// Does this sentence credit its figures to a named source of data ("according to the IRS", "the survey
/// found")? Such a sentence often opens a run of figures that the following sentences don't attribute again.
pub fn cites_data(sentence: &str) -> bool {
    ACCORDING_TO
        .captures_iter(sentence)
        .any(|c| !ANONYMOUS_SOURCE.is_match(&c["source"]))
        || FINDING.is_match(sentence)
        || MEASURED_BY.is_match(sentence)
}

fn is_anonymous_word(word: &str) -> bool {
    ANONYMOUS.split('|').any(|a| a == word) || matches!(word, "it" | "they" | "and" | "that")
}

/// Quoted passages and their speakers.
pub fn quotes(doc: &Document, sentences: &Sentences, mentions: &[Mention]) -> Vec<Claim> {
    let mut claims = Vec::new();
    let mut introduced: Option<HashSet<String>> = None;
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
                Some((s, e, _)) => {
                    let introduced = introduced.get_or_insert_with(|| affiliated_names(doc));
                    speaker_at(text, block_index, s, e, mentions, introduced)
                }
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
fn speaker_at(
    text: &str,
    block: usize,
    start: usize,
    end: usize,
    mentions: &[Mention],
    introduced: &HashSet<String>,
) -> Speaker {
    let known = mentions
        .iter()
        .find(|m| m.block == block && m.prose.0 < end && start < m.prose.1 && m.person.is_some());
    if let Some(m) = known {
        return Speaker::Known {
            name: m.name.clone(),
            person_id: m.person_id.clone().unwrap_or_default(),
        };
    }
    let written = &text[start..end];
    // "Canaccord’s Reynolds": the organisation's person.
    static OWNER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Lu}[\p{L}.&-]*['’]s\s+").expect("valid pattern"));
    let owner = OWNER.find(written).map_or(0, |m| m.end());
    let (start, possessive) = (start + owner, owner > 0);
    let name = &text[start..end];
    // A single capitalised word that is no known person is too weak to call anyone unverifiable; "The ACLU",
    // "White House", "the Kentucky Republican" are organisations and descriptions, not names.
    if name.split_whitespace().count() < 2 || !is_personal_name(name) {
        return Speaker::None;
    }
    Speaker::Unverified {
        name: name.to_string(),
        affiliated: possessive || affiliated(text, start, end) || introduced.contains(name),
    }
}

/// Words that make a capitalised run an organisation, a place or a description rather than a person's name.
const NOT_IN_PERSONAL_NAMES: &[&str] = &[
    "The",
    "House",
    "Senate",
    "Congress",
    "Committee",
    "Court",
    "Circuit",
    "Department",
    "Ministry",
    "Office",
    "Party",
    "Union",
    "Agency",
    "Council",
    "Bank",
    "Inc",
    "Corp",
    "Association",
    "University",
    "Institute",
    "Republican",
    "Republicans",
    "Democrat",
    "Democratic",
    "Democrats",
    "Administration",
    "Commission",
    "Ways",
    "Means",
    "Service",
    "Foundation",
    "Center",
    "Group",
    "News",
    "Times",
    "Post",
    "Street",
    "But",
    "And",
    "Yet",
    "So",
    "Then",
    "When",
    "Asked",
];

/// Whether a capitalised run reads as a person's name: none of its words makes it an organisation, and not every
/// word is an ordinary English word ("Catholic Charities", "Homeland Security" are bodies; "Jane Plumb" is a
/// name).
fn is_personal_name(name: &str) -> bool {
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_end_matches(['.', ',']))
        .collect();
    !words.iter().any(|w| NOT_IN_PERSONAL_NAMES.contains(w))
        && !words.iter().all(|w| super::dictionary::is_common_word(w))
}

/// Bytes of a description after a speaker's name that are read for an organisation or a post.
const DESCRIPTION_LIMIT: usize = 300;

/// Lower-case words that, written before a name, are its title: "spokeswoman Sarah Sanders", "his attorney …".
const ROLE_NOUNS: &str = r"spokesman|spokeswoman|spokesperson|official|aide|adviser|advisor|director|secretary|attorney|lawyer|counsel|economist|strategist|analyst|chairman|chairwoman|chair|president|chief|executive|officer|professor|researcher|delegate|ambassador|minister|governor|mayor|senator|representative|judge|editor|founder|partner|manager|head|leader|member|commissioner|administrator|coordinator|fellow|pollster|consultant|lobbyist|prosecutor|lawmaker|legislator|premier|envoy|group|organization|organisation|company|firm";

static ROLE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?-u:\b)(?:{ROLE_NOUNS})\s*$")).expect("valid pattern"));
// A description after the name that ties the person to an organisation ("…, an analyst at the Brookings
// Institution", "…, chief economist at FAO Economics", "…, a Grassley spokesman") or names a post of its own
// without an article (wire style: "…, spokesman for the special counsel’s office") or with "the" ("…, the
// deputy press secretary"); "a" or "an" and a post alone ("…, a veteran political analyst") say nothing a reader
// can check.
static ORGANISATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:(?:a|an|the)\s+)?.*?(?:(?-u:\b)(?:at|with|of|for|from)\s+(?:the\s+)?(?:[\p{{Ll}}-]+\s+){{0,3}}\p{{Lu}}|(?-u:\b)\p{{Lu}}\p{{L}}+\s+(?:{ROLE_NOUNS})(?-u:\b))|^(?:the\s+)?(?:[\p{{Ll}}’'-]{{3,}}\s+){{0,3}}(?:{ROLE_NOUNS})(?-u:\b)"
    ))
    .expect("valid pattern")
});

/// Whether a speaker at `start..end` is given a title before the name ("Judge Karen Henderson", "Democratic
/// Senator …", "spokeswoman Sarah Sanders") or an organisation or post after it: what a reader needs to check
/// who they are. A description alone ("a veteran political analyst") is not.
fn affiliated(text: &str, start: usize, end: usize) -> bool {
    let name = &text[start..end];
    let words: Vec<&str> = name.split_whitespace().collect();
    // The captured name itself starts with a title: more than two capitalised words, a word ending in '.', or a
    // post ("Director Kratsios").
    let is_post = |w: &&str| ROLE_NOUNS.split('|').any(|noun| w.eq_ignore_ascii_case(noun));
    if words.len() >= 3 || words.first().is_some_and(|w| w.ends_with('.') || is_post(w)) {
        return true;
    }
    let before = text[..start].trim_end();
    let previous = before.rsplit(char::is_whitespace).next().unwrap_or_default();
    if previous.chars().next().is_some_and(char::is_uppercase) && !previous.ends_with([',', '.', '”', '"']) {
        return true;
    }
    if ROLE_BEFORE.is_match(before) {
        return true;
    }
    // "…, an analyst at …", or wire style without the comma: "… with the Muslim Public Affairs Council".
    let after = &text[end..];
    let Some(description) = after.strip_prefix(", ").or_else(|| {
        ["with ", "at ", "of ", "from "]
            .iter()
            .find_map(|p| after.strip_prefix(' ')?.strip_prefix(p).map(|_| after.trim_start()))
    }) else {
        return false;
    };
    // A description ends at the sentence's end, and is read no further than a long one runs, so that a line with
    // no full stop costs no more per name than a sentence does.
    let mut limit = description.len().min(DESCRIPTION_LIMIT);
    while !description.is_char_boundary(limit) {
        limit -= 1;
    }
    let description = &description[..limit];
    let description = &description[..description.find(['.', ';', '“', '"']).unwrap_or(description.len())];
    ORGANISATION.is_match(description)
}

/// The names the article gives a title or an organisation somewhere, each with its tails of two words or more: a
/// speaker is often introduced once ("Mallory Barg Bulman, a researcher at …") and quoted later by a shorter or
/// the same name. One pass over the document, however many people it quotes.
fn affiliated_names(doc: &Document) -> HashSet<String> {
    static NAME_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(NAME).expect("valid pattern"));
    let mut names = HashSet::new();
    for block in &doc.blocks {
        let text = &block.prose.text;
        for run in NAME_RUN.find_iter(text) {
            if is_personal_name(run.as_str()) && affiliated(text, run.start(), run.end()) {
                let words: Vec<&str> = run.as_str().split_whitespace().collect();
                for first in 0..words.len().saturating_sub(1) {
                    names.insert(words[first..].join(" "));
                }
            }
        }
    }
    names
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

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    for pattern in [
        &AFTER_VERB_NAME,
        &AFTER_NAME_VERB,
        &VERB,
        &NAME_BEFORE,
        &ACCORDING_TO,
        &ANONYMOUS_SOURCE,
        &SPEECH_WITH_SUBJECT,
        &MEASURED_BY,
        &MARKED_ESTIMATE,
        &FINDING,
        &ROLE_BEFORE,
        &ORGANISATION,
    ] {
        LazyLock::force(pattern);
    }
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
        assert!(names_a_source(
            "The Solar Energy Industries Association, said it was encouraged."
        ));
    }

    #[test]
    fn anyone_credited_cites_a_source() {
        assert!(cites_a_source(
            "Analysts say about 40 percent of the loans are at risk."
        ));
        assert!(cites_a_source("It said the bond was set at $1 million."));
        assert!(cites_a_source(
            "The poll found that 46 percent of voters backed the plan."
        ));
        assert!(cites_a_source(
            "However, the IRS estimates that 90 percent of filers use software."
        ));
        assert!(!cites_a_source("The average monthly rent is about $1,900."));
        assert!(!cites_a_source(
            "Hospitals spent roughly 12 percent of their budgets on staff."
        ));
    }

    #[test]
    fn data_sources_open_runs_of_figures_speech_does_not() {
        assert!(cites_data(
            "The town had 41,000 residents, according to the census bureau."
        ));
        assert!(cites_data("Census data show 41,000 residents."));
        assert!(!cites_data("“We lost $6 million,” he added."));
        assert!(!cites_data("The rent is $1,900, according to sources."));
    }

    fn speaker_of(text: &str) -> Speaker {
        let doc = Document::parse("t.txt", text.to_string(), crate::source::Format::Text).unwrap();
        let sentences = Sentences::split(&doc, crate::deadline::Deadline::NEVER).unwrap();
        quotes(&doc, &sentences, &[])
            .into_iter()
            .find_map(|c| match c.kind {
                ClaimKind::Quote(q) => Some(q.speaker),
                _ => None,
            })
            .expect("a quote")
    }

    fn is_affiliated(text: &str) -> bool {
        match speaker_of(text) {
            Speaker::Unverified { affiliated, .. } => affiliated,
            other => panic!("expected an unverified speaker, got {other:?}"),
        }
    }

    #[test]
    fn affiliation_before_after_or_elsewhere() {
        assert!(is_affiliated(
            "Asked about it, city hall spokeswoman Maria Ortiz said: “No comment.”"
        ));
        assert!(is_affiliated(
            "“It will cool,” said Owen Brennan, chief economist at Harlow Bank."
        ));
        assert!(is_affiliated(
            "“He will speak,” said Clara Imhof, the deputy press secretary."
        ));
        assert!(is_affiliated(
            "“It is hateful,” said Ilhan Demir with the Civic Council."
        ));
        assert!(is_affiliated(
            "Nadia Rahimi, a researcher at the Lund Institute, studies it. “The data are thin,” said Nadia Rahimi."
        ));
        assert!(!is_affiliated(
            "“I never thought I would leave,” said Rosa Delgado, a veteran shop owner."
        ));
        assert!(!is_affiliated(
            "“It is slow,” said Anna Petrova, a conflict resolution analyst based in Berlin."
        ));
    }

    #[test]
    fn organisations_and_possessives_are_not_unknown_people() {
        assert!(matches!(
            speaker_of("“This protects renters,” said Tenant Action Group."),
            Speaker::None
        ));
        assert!(matches!(
            speaker_of("“We will sue,” The Tenant League said."),
            Speaker::None
        ));
        match speaker_of("“The timing is poor,” Harlow’s Owen Brennan said.") {
            Speaker::Unverified { name, affiliated } => {
                assert_eq!(name, "Owen Brennan");
                assert!(affiliated);
            }
            other => panic!("expected an unverified speaker, got {other:?}"),
        }
    }
}
