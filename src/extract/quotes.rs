//! Quotes and who said them, attributions to sources ("according to the UN"), and whether a sentence names a
//! source at all.

use foldhash::{HashSet, HashSetExt};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::cues::{self, Words};
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

const SPEECH_VERBS: Words = Words::exact(&[
    "said",
    "says",
    "say",
    "stated",
    "states",
    "added",
    "adds",
    "told",
    "tells",
    "asked",
    "wrote",
    "writes",
    "declared",
    "insisted",
    "warned",
    "explained",
    "noted",
    "argued",
    "announced",
    "confirmed",
    "continued",
    "remarked",
    "replied",
    "urged",
]);
const ANONYMOUS_WORDS: &[&str] = &[
    "observers",
    "experts",
    "analysts",
    "critics",
    "commentators",
    "insiders",
    "sources",
    "pundits",
    "people",
    "some",
    "many",
    "others",
    "officials",
];
const ANONYMOUS: Words = Words::folded(ANONYMOUS_WORDS);

static NAME: &str =
    r"(?:[A-Z][a-zA-Z’'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-zA-Z’'\-]+|[A-Z]\.|van|von|de|der|bin|al-[A-Z][a-z]+))+";

// Word boundaries next to ASCII words are ASCII (`(?-u:\b)`): a Unicode `\b` makes the regex engine leave its
// fast path at the first curly quote, which made extraction twice as slow on news text.
static AFTER_VERB_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let verbs = SPEECH_VERBS.alternation();
    Regex::new(&format!(r"^[\s,]*(?P<verb>{verbs})\s+(?P<name>{NAME})")).expect("valid")
});
static AFTER_NAME_VERB: LazyLock<Regex> = LazyLock::new(|| {
    let verbs = SPEECH_VERBS.alternation();
    Regex::new(&format!(r"^[\s,]*(?P<name>{NAME}|[A-Z][a-z]+)\s+(?:{verbs})(?-u:\b)")).expect("valid")
});
static NAME_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"(?P<name>{NAME})\s*$")).expect("valid"));

/// The cues that credit a source ("according to the UN", "citing court records").
const ACCORDING_TO: Words = Words::folded(&[
    "according to",
    "citing",
    "cited by",
    "data from",
    "figures from",
    "estimate from",
    "estimates from",
    "estimate by",
    "estimates by",
    "reported by",
]);

/// A source a cue credits.
struct Credited {
    /// From the cue to the end of the source's name.
    whole: Range<usize>,
    source: Range<usize>,
}

/// Whether `c` can be part of a source's or a speaker's name ("Moody’s", "U.S.", "AT&T", "al-Assad").
fn is_source_char(c: char) -> bool {
    cues::is_word_char(c) || matches!(c, '.' | '’' | '\'' | '&' | '-')
}

/// The sources `sentence` credits, in order: after a cue and white space, "the" perhaps, a word, and each word
/// after it that starts with a letter ("according to the Congressional Budget Office").
fn credited(sentence: &str) -> impl Iterator<Item = Credited> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let found = (from..sentence.len()).find_map(|at| {
            let cue_end = ACCORDING_TO.at(sentence, at)?;
            let start = cues::spaced(sentence, cue_end)?;
            let word = |at: usize| Some(cues::run(sentence, at, is_source_char)).filter(|&end| end > at);
            let after_the = cues::read_folded(sentence, start, "the").and_then(|end| cues::spaced(sentence, end));
            let mut end = after_the.and_then(word).or_else(|| word(start))?;
            loop {
                let next = cues::spaces(sentence, end);
                let letter = cues::char_at(sentence, next)
                    .filter(|&c| next > end && (c.is_ascii_alphabetic() || matches!(c, '\u{212A}' | '\u{17F}')));
                let Some(letter) = letter else { break };
                end = cues::run(sentence, next + letter.len_utf8(), is_source_char);
            }
            Some(Credited {
                whole: at..end,
                source: start..end,
            })
        })?;
        from = found.whole.end;
        Some(found)
    })
}

/// Whether a source's name says nothing a reader can look up: "observers", "the experts", "some analysts".
fn is_anonymous_source(source: &str) -> bool {
    let after_the = cues::read_folded(source, 0, "the").and_then(|end| cues::spaced(source, end));
    let mut starts = vec![0];
    starts.extend(after_the);
    let after_word: Vec<usize> = starts
        .iter()
        .filter_map(|&at| {
            let end = cues::run(source, at, cues::is_word_char);
            (end > at).then(|| cues::spaced(source, end)).flatten()
        })
        .collect();
    starts.extend(after_word);
    starts.iter().any(|&at| ANONYMOUS.read_at(source, at).is_some())
}

/// Whether `c` can be part of a word said to speak ("Fidan", "U.S.", "al-Assad", "Moody’s").
fn is_speaker_char(c: char) -> bool {
    cues::is_word_char(c) || matches!(c, '.' | '’' | '\'' | '-')
}

/// The subjects and objects of speech verbs, in order: "Fidan said", "Fidan, said", "said Fidan", as the words
/// before or after the verb.
fn speakers(sentence: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = sentence.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        // A subject is a whole run of name characters from where the search is: the verb after it is the same
        // for every position in the run, so the run is tried once.
        let mut run_end = from;
        let mut at = from;
        while let Some(&byte) = bytes.get(at) {
            // ASCII is read as bytes; only other characters are decoded.
            let speaker = || match byte.is_ascii() {
                true => is_speaker_char(char::from(byte)),
                false => cues::char_at(sentence, at).is_some_and(is_speaker_char),
            };
            if at >= run_end && speaker() {
                run_end = cues::run(sentence, at, is_speaker_char);
                let comma = run_end + usize::from(sentence[run_end..].starts_with(','));
                let verb = cues::spaces(sentence, comma);
                if verb > comma
                    && let Some(verb_end) = SPEECH_VERBS.read_at(sentence, verb)
                {
                    from = verb_end;
                    return Some(at..run_end);
                }
            }
            if let Some(verb_end) = SPEECH_VERBS.at(sentence, at) {
                let object = cues::spaces(sentence, verb_end);
                let object_end = cues::run(sentence, object, is_speaker_char);
                if object > verb_end && object_end > object {
                    from = object_end;
                    return Some(object..object_end);
                }
            }
            at += utf8_len(byte);
        }
        None
    })
}

/// The length of the UTF-8 character whose first byte is `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The cue lists that credit what a sentence says, looked for in one pass (see [`SourceCues`]), each known by its
/// place in the list.
const SOURCE_CUES: cues::Lists<5> =
    cues::Lists::new([&ACCORDING_TO, &SPEECH_VERBS, &STUDIES, &MEASURES, &MARKED_ESTIMATE]);
const CUE_ACCORDING_TO: usize = 0;
const CUE_SPEECH_VERB: usize = 1;
const CUE_STUDY: usize = 2;
const CUE_MEASURE: usize = 3;
const CUE_MARKED_ESTIMATE: usize = 4;

/// Which cues crediting what it says a sentence holds, read once when the sentences are split: most sentences
/// hold none, and the readers of sources, speakers and findings need not look where their cue is missing.
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceCues {
    /// Bit `i` for list `i` of [`SOURCE_CUES`].
    present: u32,
}

impl SourceCues {
    pub fn of(sentence: &str) -> SourceCues {
        SourceCues {
            present: SOURCE_CUES.present(sentence),
        }
    }

    /// Does `sentence` (the one these are the cues of) credit what it says to someone a reader could look up?
    pub fn names_a_source(&self, sentence: &str) -> bool {
        self.credited(sentence)
            .any(|c| !is_anonymous_source(&sentence[c.source]))
            || self
                .speakers(sentence)
                .any(|who| !is_anonymous_word(&sentence[who].to_lowercase()))
    }

    fn has(&self, list: usize) -> bool {
        self.present & 1 << list != 0
    }

    /// [`credited`], where the sentence holds a cue of it.
    fn credited<'s>(&self, sentence: &'s str) -> impl Iterator<Item = Credited> + 's {
        let sentence = if self.has(CUE_ACCORDING_TO) { sentence } else { "" };
        credited(sentence)
    }

    /// [`speakers`], where the sentence holds a speech verb.
    fn speakers<'s>(&self, sentence: &'s str) -> impl Iterator<Item = Range<usize>> + 's {
        let sentence = if self.has(CUE_SPEECH_VERB) { sentence } else { "" };
        speakers(sentence)
    }

    /// [`finding`], where the sentence names a poll, a study or a dataset.
    fn finding(&self, sentence: &str) -> bool {
        self.has(CUE_STUDY) && finding(sentence)
    }

    /// [`measured_by`], where the sentence holds a verb of measuring.
    fn measured_by(&self, sentence: &str) -> bool {
        self.has(CUE_MEASURE) && measured_by(sentence)
    }

    /// Whether the writer marks an estimate as one ([`MARKED_ESTIMATE`]).
    fn marks_an_estimate(&self) -> bool {
        self.has(CUE_MARKED_ESTIMATE)
    }
}

/// Does this sentence credit what it says to someone a reader could look up?
#[cfg(test)]
fn names_a_source(sentence: &str) -> bool {
    SourceCues::of(sentence).names_a_source(sentence)
}

// A named body that measured the figure: "the IRS estimates", "Moody's calculated".
const MEASURES: Words = Words::exact(&[
    "estimates",
    "estimated",
    "calculates",
    "calculated",
    "reported",
    "reports",
    "found",
    "finds",
    "projects",
    "projected",
    "counted",
    "counts",
    "tallied",
    "tallies",
]);

/// Whether a capitalised name measures something in `sentence`: "the IRS estimates", "Moody's calculated".
fn measured_by(sentence: &str) -> bool {
    let is_name_char = |c: char| is_source_char(c) || matches!(c, '(' | ')');
    MEASURES.find_iter(sentence).any(|verb| {
        let (before, spaced) = cues::trim_spaces(&sentence[..verb.start]);
        // The name runs back from the space before the verb; it starts at an ASCII capital after a boundary.
        spaced
            && before
                .char_indices()
                .rev()
                .take_while(|&(_, c)| is_name_char(c))
                .any(|(i, c)| c.is_ascii_uppercase() && cues::boundary(before, i))
    })
}

// An estimate the writer marks as one ("an estimated $1.4 trillion", "expected to add", "analysts have
// estimated"): someone's, said so in the sentence, even when the estimator was named earlier.
const MARKED_ESTIMATE: Words = Words::folded(&[
    "estimated",
    "estimates",
    "expected to",
    "projected to",
    "forecast to",
    "is projected",
    "are projected",
    "finding",
    "found",
]);

// A poll, a study or a dataset as the subject of what it found: "the poll found", "Census data show".
const STUDIES: Words = Words::folded(&[
    "poll",
    "polls",
    "survey",
    "surveys",
    "study",
    "studies",
    "analysis",
    "data",
    "records",
    "report",
    "census",
    "estimate",
    "estimates",
    "figures",
    "filings",
    "statistics",
    "research",
    "projection",
    "projections",
    "forecast",
    "forecasts",
]);
const FOUND: Words = Words::folded(&[
    "found",
    "finds",
    "find",
    "show",
    "shows",
    "showed",
    "shown",
    "estimated",
    "estimates",
    "suggest",
    "suggests",
    "suggested",
    "indicate",
    "indicates",
    "indicated",
    "put",
    "puts",
    "has",
    "had",
    "gave",
    "gives",
    "envisioned",
    "envisions",
    "projected",
    "projects",
    "predicted",
    "predicts",
]);

/// Whether a poll, a study or a dataset finds something in `sentence`, with at most four words between them.
fn finding(sentence: &str) -> bool {
    (0..sentence.len()).any(|at| {
        let Some(study_end) = STUDIES.at(sentence, at) else {
            return false;
        };
        let mut next = cues::spaces(sentence, study_end);
        if next == study_end {
            return false;
        }
        for _ in 0..=4 {
            if FOUND.read_at(sentence, next).is_some() {
                return true;
            }
            let word_end = cues::run(sentence, next, |c| is_speaker_char(c) && c != '.');
            let after = cues::spaces(sentence, word_end);
            if word_end == next || after == word_end {
                return false;
            }
            next = after;
        }
        false
    })
}

/// Does this sentence credit what it says to anyone at all — a named source, an unnamed one ("analysts say",
/// "it said"), or a poll, study or dataset that found it? Weaker than [`SourceCues::names_a_source`]: it answers
/// whether a figure was handed to the reader as someone's, not whether that someone can be looked up.
pub fn cites_a_source(sentence: &str, cues: &SourceCues) -> bool {
    // A source that can be looked up is one credited or one speaking: the first two cover it.
    cues.credited(sentence).next().is_some()
        || cues.speakers(sentence).next().is_some()
        || cues.finding(sentence)
        || cues.measured_by(sentence)
        || cues.marks_an_estimate()
}

/// Does this sentence credit its figures to a named source of data ("according to the IRS", "the survey
/// found")? Such a sentence often opens a run of figures that the following sentences don't attribute again.
pub fn cites_data(sentence: &str, cues: &SourceCues) -> bool {
    cues.credited(sentence)
        .any(|c| !is_anonymous_source(&sentence[c.source]))
        || cues.finding(sentence)
        || cues.measured_by(sentence)
}

fn is_anonymous_word(word: &str) -> bool {
    ANONYMOUS_WORDS.contains(&word) || matches!(word, "it" | "they" | "and" | "that")
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
            } else if let Some(verb) = SPEECH_VERBS.find_iter(head).last() {
                // "Fidan welcomed the exchange and said …": the nearest known person before the verb.
                let verb_at = sentence_start + verb.start;
                let known = mentions_from(mentions, block_index, sentence_start)
                    .take_while(|m| m.prose.0 <= verb_at)
                    .filter(|m| m.prose.1 <= verb_at)
                    .last();
                if let Some(m) = known {
                    found = Some((m.prose.0, m.prose.1, m.prose.0));
                } else if let Some(c) = NAME_BEFORE.captures(&head[..verb.start]) {
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
                    // The names introduced with an affiliation are gathered from the whole article only when an
                    // unknown speaker is asked about.
                    let introduced =
                        |name: &str| introduced.get_or_insert_with(|| affiliated_names(doc)).contains(name);
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

/// The mentions of `block` from the first that starts at `from` or after, in order: found by bisection, as the
/// mentions are in document order, so that a quote costs no more in a long article than in a short one.
fn mentions_from(mentions: &[Mention], block: usize, from: usize) -> impl Iterator<Item = &Mention> {
    let first = mentions.partition_point(|m| (m.block, m.prose.0) < (block, from));
    mentions[first..].iter().take_while(move |m| m.block == block)
}

/// The speaker at prose range `start..end`: a known person if a mention is there, else an unverified name
/// (`introduced` says whether the article introduced a name with an affiliation elsewhere).
fn speaker_at(
    text: &str,
    block: usize,
    start: usize,
    end: usize,
    mentions: &[Mention],
    introduced: impl FnOnce(&str) -> bool,
) -> Speaker {
    // The mentions of a block do not overlap, so they end in order too: those that end by `start` are passed over
    // at once.
    let first = mentions.partition_point(|m| (m.block, m.prose.1) <= (block, start));
    let known = mentions[first..]
        .iter()
        .take_while(|m| m.block == block && m.prose.0 < end)
        .find(|m| m.person.is_some());
    if let Some(m) = known {
        return Speaker::Known {
            name: m.name.clone(),
            person_id: m.person_id.clone().unwrap_or_default(),
        };
    }
    let written = &text[start..end];
    // "Canaccord’s Reynolds": the organisation's person.
    let owner = owner_end(written);
    let (start, possessive) = (start + owner, owner > 0);
    let name = &text[start..end];
    // A single capitalised word that is no known person is too weak to call anyone unverifiable; "The ACLU",
    // "White House", "the Kentucky Republican" are organisations and descriptions, not names.
    if name.split_whitespace().count() < 2 || !is_personal_name(name) {
        return Speaker::None;
    }
    Speaker::Unverified {
        name: name.to_string(),
        affiliated: possessive || affiliated(text, start, end) || introduced(name),
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
const ROLE_NOUNS: Words = Words::exact(&[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "aide",
    "adviser",
    "advisor",
    "director",
    "secretary",
    "attorney",
    "lawyer",
    "counsel",
    "economist",
    "strategist",
    "analyst",
    "chairman",
    "chairwoman",
    "chair",
    "president",
    "chief",
    "executive",
    "officer",
    "professor",
    "researcher",
    "delegate",
    "ambassador",
    "minister",
    "governor",
    "mayor",
    "senator",
    "representative",
    "judge",
    "editor",
    "founder",
    "partner",
    "manager",
    "head",
    "leader",
    "member",
    "commissioner",
    "administrator",
    "coordinator",
    "fellow",
    "pollster",
    "consultant",
    "lobbyist",
    "prosecutor",
    "lawmaker",
    "legislator",
    "premier",
    "envoy",
    "group",
    "organization",
    "organisation",
    "company",
    "firm",
]);

/// Where "Canaccord’s " ends at the start of a speaker's name: the organisation whose person they are.
fn owner_end(written: &str) -> usize {
    let Some(first) = cues::char_at(written, 0).filter(|&c| cues::UPPER.contains(c)) else {
        return 0;
    };
    let name_end = cues::run(written, first.len_utf8(), |c| {
        cues::LETTER.contains(c) || matches!(c, '.' | '&' | '-')
    });
    let rest = &written[name_end..];
    let Some(s) = rest.strip_prefix('\'').or_else(|| rest.strip_prefix('’')) else {
        return 0;
    };
    let after = written.len() - s.len();
    if !s.starts_with('s') {
        return 0;
    }
    let end = cues::spaces(written, after + 1);
    if end > after + 1 { end } else { 0 }
}

/// Where a description's name words end, from `at`, if `words_left` more words of `is_word_char` (each at least
/// `shortest` characters long and followed by white space), after "the" perhaps, lead to a place `found` accepts.
fn after_lead_words(
    text: &str,
    at: usize,
    the_allowed: bool,
    words_left: usize,
    shortest: usize,
    is_word_char: &dyn Fn(char) -> bool,
    found: &dyn Fn(usize) -> bool,
) -> bool {
    if found(at) {
        return true;
    }
    if the_allowed
        && text[at..].starts_with("the")
        && let next = cues::spaces(text, at + 3)
        && next > at + 3
        && after_lead_words(text, next, false, words_left, shortest, is_word_char, found)
    {
        return true;
    }
    if words_left == 0 {
        return false;
    }
    let end = cues::run(text, at, is_word_char);
    let next = cues::spaces(text, end);
    text[at..end].chars().count() >= shortest.max(1)
        && next > end
        && after_lead_words(text, next, false, words_left - 1, shortest, is_word_char, found)
}

/// Whether a description after a speaker's name ties them to an organisation ("…, an analyst at the Brookings
/// Institution", "…, chief economist at FAO Economics", "…, a Grassley spokesman") or names a post of its own
/// without an article (wire style: "…, spokesman for the special counsel’s office") or with "the" ("…, the
/// deputy press secretary"); "a" or "an" and a post alone ("…, a veteran political analyst") say nothing a reader
/// can check.
fn names_an_organisation(description: &str) -> bool {
    let is_lower = |c: char| cues::LOWER.contains(c) || c == '-';
    let is_upper_at = |at: usize| cues::char_at(description, at).is_some_and(|c| cues::UPPER.contains(c));
    // "at/with/of/for/from (the) (up to three lower-case words) Capitalised"
    let tied_at = |at: usize| {
        ["at", "with", "of", "for", "from"].iter().any(|preposition| {
            let end = at + preposition.len();
            description[at..].starts_with(preposition)
                && cues::spaced(description, end)
                    .is_some_and(|next| after_lead_words(description, next, true, 3, 1, &is_lower, &is_upper_at))
        })
    };
    // "Grassley spokesman"
    let named_post_at = |at: usize| {
        let Some(first) = cues::char_at(description, at).filter(|&c| cues::UPPER.contains(c)) else {
            return false;
        };
        let letters = at + first.len_utf8();
        let end = cues::run(description, letters, |c| cues::LETTER.contains(c));
        let next = cues::spaces(description, end);
        end > letters && next > end && ROLE_NOUNS.read_at(description, next).is_some()
    };
    // Either can be anywhere on the first line, or on the line after an article and the white space after it.
    let line_end = |from: usize| description[from..].find('\n').map_or(description.len(), |i| from + i);
    let article_end = ["a", "an", "the"]
        .iter()
        .filter(|article| description.starts_with(**article))
        .find_map(|article| cues::spaced(description, article.len()));
    let first_line = 0..=line_end(0);
    let after_article = article_end.map(|start| start..=line_end(start));
    let anywhere = (0..=description.len()).any(|at| {
        (first_line.contains(&at) || after_article.as_ref().is_some_and(|r| r.contains(&at)))
            && description.is_char_boundary(at)
            && cues::boundary(description, at)
            && (tied_at(at) || named_post_at(at))
    });
    // "(the) (up to three lower-case words of three letters or more) spokesman" at the start.
    let is_post_word = |c: char| cues::LOWER.contains(c) || matches!(c, '’' | '\'' | '-');
    anywhere
        || after_lead_words(description, 0, true, 3, 3, &is_post_word, &|at| {
            ROLE_NOUNS.read_at(description, at).is_some()
        })
}

/// Whether a speaker at `start..end` is given a title before the name ("Judge Karen Henderson", "Democratic
/// Senator …", "spokeswoman Sarah Sanders") or an organisation or post after it: what a reader needs to check
/// who they are. A description alone ("a veteran political analyst") is not.
fn affiliated(text: &str, start: usize, end: usize) -> bool {
    let name = &text[start..end];
    let words: Vec<&str> = name.split_whitespace().collect();
    // The captured name itself starts with a title: more than two capitalised words, a word ending in '.', or a
    // post ("Director Kratsios").
    let is_post = |w: &&str| ROLE_NOUNS.words().iter().any(|noun| w.eq_ignore_ascii_case(noun));
    if words.len() >= 3 || words.first().is_some_and(|w| w.ends_with('.') || is_post(w)) {
        return true;
    }
    let before = text[..start].trim_end();
    let previous = before.rsplit(char::is_whitespace).next().unwrap_or_default();
    if previous.chars().next().is_some_and(char::is_uppercase) && !previous.ends_with([',', '.', '”', '"']) {
        return true;
    }
    if ROLE_NOUNS.ends(cues::trim_spaces(before).0) {
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
    names_an_organisation(description)
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
    // Only a straight quote or the first byte of a curly one (U+201C and U+201D are E2 80 9C and E2 80 9D) can
    // start a mark: the rest of the text is passed over a vector at a time.
    let bytes = text.as_bytes();
    for i in memchr::memchr2_iter(b'"', 0xE2, bytes) {
        match &bytes[i..bytes.len().min(i + 3)] {
            [b'"', ..] => match straight_open.take() {
                Some(o) => pairs.push((o, i)),
                None => straight_open = Some(i),
            },
            [0xE2, 0x80, 0x9C] => open = Some(i),
            [0xE2, 0x80, 0x9D] => {
                if let Some(o) = open.take() {
                    pairs.push((o, i));
                }
            }
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
        for credit in sentences.0[sentence.index].sources.credited(text) {
            let source = text[credit.source].trim_end_matches(['.', ',']).to_string();
            let whole = credit.whole;
            let end = whole.start + text[whole.clone()].trim_end_matches(['.', ',']).len();
            claims.push(Claim {
                span: sentence.span(whole.start, end),
                sentence: sentence.index,
                kind: ClaimKind::Attribution(Attribution {
                    named: !is_anonymous_source(&source),
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
    fn quote_pairs_are_found_as_a_walk_over_the_characters_found_them() {
        let walk = |text: &str| {
            let (mut pairs, mut open, mut straight_open) = (Vec::new(), None, None);
            for (i, c) in text.char_indices() {
                match c {
                    '“' => open = Some(i),
                    '”' => pairs.extend(open.take().map(|o| (o, i))),
                    '"' => match straight_open.take() {
                        Some(o) => pairs.push((o, i)),
                        None => straight_open = Some(i),
                    },
                    _ => {}
                }
            }
            pairs.sort_unstable();
            pairs
        };
        let marks = ["“", "”", "\"", "’", "‘", "—", "€", "said", " ", "“Yes,”", "\"No\""];
        let texts = testing::texts(7, 3000, 12, &marks);
        testing::agree("quote pairs", &texts, 1000, walk, quote_pairs, |pairs| {
            !pairs.is_empty()
        });
    }
    use crate::extract::cues::testing;

    fn cites_a_source(sentence: &str) -> bool {
        super::cites_a_source(sentence, &SourceCues::of(sentence))
    }

    fn cites_data(sentence: &str) -> bool {
        super::cites_data(sentence, &SourceCues::of(sentence))
    }

    fn pattern(text: &str) -> Regex {
        Regex::new(text).unwrap()
    }

    const WORDS: &[&str] = &[
        "according to",
        "According to",
        "citing",
        "cited by",
        "data from",
        "estimates by",
        "estimate from",
        "the",
        "The",
        "UN",
        "Congressional Budget Office",
        "IRS",
        "Moody’s",
        "AT&T",
        "U.S.",
        "al-Assad",
        "experts",
        "some analysts",
        "observers",
        "people",
        "said",
        "says",
        "told",
        "Fidan",
        "Fidan said",
        "said Fidan",
        ",",
        "estimates",
        "estimated",
        "found",
        "(IRS)",
        "expected to",
        "is projected",
        "poll",
        "survey",
        "data show",
        "the poll found",
        "census data",
        "has",
        "put",
        "at",
        "with",
        "of",
        "for",
        "from",
        "spokesman",
        "chair",
        "chairman",
        "Grassley",
        "a",
        "an",
        "veteran",
        "political",
        "analyst",
        "’s",
        "'s",
        "Canaccord’s",
        "Reuters",
        "\n",
        "deputy press secretary",
        "member",
        "IRS estimates",
        "Moody’s calculated",
        "X-Ray)",
    ];

    fn texts(seed: u64) -> Vec<String> {
        testing::texts(seed, 6000, 14, WORDS)
    }

    #[test]
    fn credited_sources_are_read_as_their_pattern_did() {
        let according = pattern(
            r"(?i)(?-u:\b)(?:according to|citing|cited by|data from|figures from|estimates? (?:from|by)|reported by)\s+(?P<source>(?:the\s+)?[\w.’'&-]+(?:\s+[A-Z][\w.’'&-]*)*)",
        );
        testing::agree(
            "according to",
            &texts(1),
            500,
            |t| {
                according
                    .captures_iter(t)
                    .map(|c| (c.get(0).unwrap().range(), c["source"].len()))
                    .collect::<Vec<_>>()
            },
            |t| credited(t).map(|c| (c.whole, c.source.len())).collect(),
            |found| !found.is_empty(),
        );
        let anonymous = pattern(
            r"(?i)^(?:the\s+)?(?:\w+\s+)?(?:observers|experts|analysts|critics|commentators|insiders|sources|pundits|people|some|many|others|officials)(?-u:\b)",
        );
        testing::agree(
            "anonymous",
            &texts(2),
            300,
            |t| anonymous.is_match(t),
            is_anonymous_source,
            |&m| m,
        );
    }

    #[test]
    fn speakers_are_read_as_their_pattern_did() {
        let speech = pattern(
            r"(?P<subject>[\w.’'-]+),?\s+(?:said|says|say|stated|states|added|adds|told|tells|asked|wrote|writes|declared|insisted|warned|explained|noted|argued|announced|confirmed|continued|remarked|replied|urged)(?-u:\b)|(?-u:\b)(?:said|says|say|stated|states|added|adds|told|tells|asked|wrote|writes|declared|insisted|warned|explained|noted|argued|announced|confirmed|continued|remarked|replied|urged)\s+(?P<object>[\w.’'-]+)",
        );
        testing::agree(
            "speech",
            &texts(3),
            1000,
            |t| {
                speech
                    .captures_iter(t)
                    .map(|c| c.name("subject").or(c.name("object")).unwrap().range())
                    .collect::<Vec<_>>()
            },
            |t| speakers(t).collect(),
            |found| !found.is_empty(),
        );
        let verb = pattern(
            r"(?-u:\b)(?:said|says|say|stated|states|added|adds|told|tells|asked|wrote|writes|declared|insisted|warned|explained|noted|argued|announced|confirmed|continued|remarked|replied|urged)(?-u:\b)",
        );
        testing::agree(
            "verbs",
            &texts(4),
            1000,
            |t| verb.find_iter(t).map(|m| m.range()).collect::<Vec<_>>(),
            |t| SPEECH_VERBS.find_iter(t).collect(),
            |found| !found.is_empty(),
        );
    }

    #[test]
    fn data_cues_are_read_as_their_patterns_did() {
        let cases: [(&str, testing::Predicate, usize); 3] = [
            (
                r"(?-u:\b)[A-Z][\w.&’'()-]*\s+(?:estimates|estimated|calculates|calculated|reported|reports|found|finds|projects|projected|counted|counts|tallied|tallies)(?-u:\b)",
                measured_by,
                300,
            ),
            (
                r"(?i)(?-u:\b)(?:estimated|estimates|expected to|projected to|forecast to|is projected|are projected|finding|found)(?-u:\b)",
                |t| MARKED_ESTIMATE.is_match(t),
                1000,
            ),
            (
                r"(?i)(?-u:\b)(?:poll|polls|survey|surveys|study|studies|analysis|data|records|report|census|estimates?|figures|filings|statistics|research|projections?|forecasts?)\s+(?:[\w’'-]+\s+){0,4}?(?:found|finds|find|shows?|showed|shown|estimated|estimates|suggests?|suggested|indicates?|indicated|put|puts|has|had|gave|gives|envisioned|envisions|projected|projects|predicted|predicts)(?-u:\b)",
                finding,
                300,
            ),
        ];
        for (seed, (text, reader, at_least)) in cases.into_iter().enumerate() {
            let regex = pattern(text);
            testing::agree(
                text,
                &texts(10 + seed as u64),
                at_least,
                |t| regex.is_match(t),
                reader,
                |&m| m,
            );
        }
    }

    #[test]
    fn descriptions_are_read_as_their_patterns_did() {
        let organisation = pattern(
            r"^(?:(?:a|an|the)\s+)?.*?(?:(?-u:\b)(?:at|with|of|for|from)\s+(?:the\s+)?(?:[\p{Ll}-]+\s+){0,3}\p{Lu}|(?-u:\b)\p{Lu}\p{L}+\s+(?:spokesman|spokeswoman|spokesperson|official|aide|adviser|advisor|director|secretary|attorney|lawyer|counsel|economist|strategist|analyst|chairman|chairwoman|chair|president|chief|executive|officer|professor|researcher|delegate|ambassador|minister|governor|mayor|senator|representative|judge|editor|founder|partner|manager|head|leader|member|commissioner|administrator|coordinator|fellow|pollster|consultant|lobbyist|prosecutor|lawmaker|legislator|premier|envoy|group|organization|organisation|company|firm)(?-u:\b))|^(?:the\s+)?(?:[\p{Ll}’'-]{3,}\s+){0,3}(?:spokesman|spokeswoman|spokesperson|official|aide|adviser|advisor|director|secretary|attorney|lawyer|counsel|economist|strategist|analyst|chairman|chairwoman|chair|president|chief|executive|officer|professor|researcher|delegate|ambassador|minister|governor|mayor|senator|representative|judge|editor|founder|partner|manager|head|leader|member|commissioner|administrator|coordinator|fellow|pollster|consultant|lobbyist|prosecutor|lawmaker|legislator|premier|envoy|group|organization|organisation|company|firm)(?-u:\b)",
        );
        testing::agree(
            "organisation",
            &texts(20),
            1000,
            |t| organisation.is_match(t),
            names_an_organisation,
            |&m| m,
        );
        let role_before = pattern(
            r"(?-u:\b)(?:spokesman|spokeswoman|spokesperson|official|aide|adviser|advisor|director|secretary|attorney|lawyer|counsel|economist|strategist|analyst|chairman|chairwoman|chair|president|chief|executive|officer|professor|researcher|delegate|ambassador|minister|governor|mayor|senator|representative|judge|editor|founder|partner|manager|head|leader|member|commissioner|administrator|coordinator|fellow|pollster|consultant|lobbyist|prosecutor|lawmaker|legislator|premier|envoy|group|organization|organisation|company|firm)\s*$",
        );
        testing::agree(
            "role before",
            &texts(21),
            150,
            |t| role_before.is_match(t),
            |t| ROLE_NOUNS.ends(cues::trim_spaces(t).0),
            |&m| m,
        );
        let owner = pattern(r"^\p{Lu}[\p{L}.&-]*['’]s\s+");
        testing::agree(
            "owner",
            &texts(22),
            100,
            |t| owner.find(t).map_or(0, |m| m.end()),
            owner_end,
            |&e| e > 0,
        );
    }

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
