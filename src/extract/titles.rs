//! Title phrases around a name ("Former U.S. President", "the Kenyan prime minister, ", ", Syria's president,"),
//! found without one giant pattern: the titles of every office are a finite-state map of the compiled index (read
//! in place, walked once per start), and the few words that may stand around a title (labels, a party, a
//! jurisdiction) are small patterns run only where a title ends or starts. A regular expression holding every
//! title took longer to compile than the rest of start-up together once the world's cabinets were loaded.
//!
//! The phrase found is the one the single pattern `[party] [label] [party] [jurisdiction] [label] title [of
//! jurisdiction]` would find: the earliest-starting phrase, and at one start the longest title.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::people::floor_char_boundary;
use crate::reference::index::Lookups;

/// Labels that qualify a title; "ex-" and "then-" attach with a hyphen.
pub const LABELS: &str = r"former|ex-|then-|acting|outgoing|incoming|late|interim";

/// A pattern that matches nothing, for reference data without country forms (the regex crate has no lookaround,
/// so not `(?!)`).
const NEVER: &str = r"[^\s\S]";

/// A title phrase, as byte ranges of the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitlePhrase {
    /// From the first word of the phrase (a party, a label, "the", a jurisdiction) to the end of the title or of
    /// its "of <jurisdiction>".
    pub phrase: Range<usize>,
    pub title: Range<usize>,
    pub label: Option<Range<usize>>,
    /// The jurisdiction before the title ("Turkish", "Turkey's").
    pub jurisdiction: Option<Range<usize>>,
    /// The jurisdiction after it ("president of Pakistan").
    pub jurisdiction_after: Option<Range<usize>>,
}

impl TitlePhrase {
    pub fn any_jurisdiction(&self) -> Option<Range<usize>> {
        self.jurisdiction.clone().or_else(|| self.jurisdiction_after.clone())
    }
}

#[derive(Clone)]
pub struct TitleFinder {
    /// Every title, lower-cased, matched without regard to ASCII case.
    titles: Lookups,
    /// The words before a title that ends where a name starts, anchored at the end of its input.
    before_name: Regex,
    /// The words before a title in apposition before a name, anchored at the end of its input.
    appositive_before: Regex,
    /// The words before a title in apposition after a name, anchored at both ends of its input.
    appositive_after: Regex,
    /// "of [the] <jurisdiction>" after a title, then the comma and space before a name.
    of_jurisdiction_before: Regex,
    /// "of [the] <jurisdiction>" after a title, then the end of the appositive.
    of_jurisdiction_after: Regex,
}

/// The punctuation that may end an appositive after a name.
const APPOSITIVE_END: &str = r"\s*(?:[,.;:)]|$)";

static END_OF_APPOSITIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{APPOSITIVE_END}")).expect("a valid pattern"));

impl TitleFinder {
    /// `titles`: the lookups of the compiled index; `forms`: every jurisdiction's forms as written.
    pub fn new<'a>(titles: Lookups, forms: impl Iterator<Item = &'a String>) -> TitleFinder {
        let mut forms: Vec<&String> = forms.collect();
        // Longest first, so that "United States" is preferred to "United" where both would do.
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let forms = if forms.is_empty() {
            NEVER.to_string()
        } else {
            forms.iter().map(|f| regex::escape(f)).collect::<Vec<_>>().join("|")
        };
        let words = format!(
            r"(?:(?P<label>(?i:{LABELS}))\s*)?(?:(?P<jurisdiction>{forms})\s+)?(?:(?P<label2>(?i:{LABELS}))\s*)?"
        );
        // A party may stand before or after the label: "Republican former", "former Democratic". A stop or colon
        // may be glued to the phrase, as in copy that lost its spaces ("emails.Defense Secretary …").
        let party = r"(?:(?:Republican|Democratic|Democrat|Conservative|Labour)\s+)?";
        let before_name = format!(
            r"(?:^|[\s(“‘\x22—–.:;!?])(?P<phrase>{party}(?:(?P<label>(?i:{LABELS}))\s*)?{party}(?:(?P<jurisdiction>{forms})\s+)?(?:(?P<label2>(?i:{LABELS}))\s*)?)$"
        );
        let compile = |pattern: String| Regex::new(&pattern).expect("title patterns are built from escaped literals");
        TitleFinder {
            titles,
            before_name: compile(before_name),
            appositive_before: compile(format!(r"(?:^|[\s(“‘\x22—–])(?P<phrase>(?:(?i:the)\s+)?{words})$")),
            appositive_after: compile(format!(r"^,\s+(?P<phrase>(?:(?i:the)\s+)?{words})$")),
            of_jurisdiction_before: compile(format!(r"^\s+of\s+(?:the\s+)?(?P<jurisdiction>{forms}),\s+$")),
            of_jurisdiction_after: compile(format!(
                r"^\s+of\s+(?:the\s+)?(?P<jurisdiction>{forms}){APPOSITIVE_END}"
            )),
        }
    }

    /// The titles in `text[from..to]`, as (start, end).
    fn titles_in(&self, text: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
        self.titles.titles_in(text, from, to)
    }

    /// The first byte a title ending at `end` can start at.
    fn reach_back(&self, text: &str, end: usize) -> usize {
        floor_char_boundary(text, end.saturating_sub(self.titles.longest_title))
    }

    /// The phrase of words before a title starting at `title_start`, by `pattern` (anchored at the end).
    fn words_before(pattern: &Regex, text: &str, title: Range<usize>) -> Option<(usize, TitlePhrase)> {
        let caps = pattern.captures(&text[..title.start])?;
        let whole = caps.get(0).expect("group 0 always matches");
        let phrase = caps.name("phrase").expect("phrase group always matches");
        Some((
            whole.start(),
            TitlePhrase {
                phrase: phrase.start()..title.end,
                label: caps.name("label").or(caps.name("label2")).map(|m| m.range()),
                jurisdiction: caps.name("jurisdiction").map(|m| m.range()),
                jurisdiction_after: None,
                title,
            },
        ))
    }

    /// Of phrases keyed by where their match starts, the earliest; at one start, the longest title.
    fn earliest(found: impl Iterator<Item = (usize, TitlePhrase)>) -> Option<TitlePhrase> {
        found
            .min_by_key(|(start, p)| (*start, std::cmp::Reverse(p.title.len())))
            .map(|(_, p)| p)
    }

    /// The title phrase that ends where `before` ends, but for the space before the name.
    pub fn before_name(&self, before: &str) -> Option<TitlePhrase> {
        let end = before.trim_end().len();
        if end == before.len() {
            return None;
        }
        let found = self
            .titles_in(before, self.reach_back(before, end), end)
            .into_iter()
            .filter(|&(_, e)| e == end)
            .filter_map(|(s, e)| Self::words_before(&self.before_name, before, s..e));
        Self::earliest(found)
    }

    /// A title in apposition that ends where `before` ends, but for the comma and space before the name: "the
    /// Kenyan prime minister, " or "the president of Pakistan, ".
    pub fn appositive_before(&self, before: &str) -> Option<TitlePhrase> {
        let comma = before.trim_end();
        if comma.len() == before.len() {
            return None;
        }
        let end = comma.strip_suffix(',')?.len();
        let mut found: Vec<(usize, TitlePhrase)> = Vec::new();
        for (s, e) in self.titles_in(before, 0, end) {
            let Some((start, mut phrase)) = Self::words_before(&self.appositive_before, before, s..e) else {
                continue;
            };
            if e == end {
                // The title itself ends at the comma ...
                found.push((start, phrase));
            } else if let Some(caps) = self.of_jurisdiction_before.captures(&before[e..]) {
                // ... or is followed by "of [the] <jurisdiction>".
                let j = caps.name("jurisdiction").expect("group always matches");
                phrase.phrase.end = e + j.end();
                phrase.jurisdiction_after = Some(e + j.start()..e + j.end());
                found.push((start, phrase));
            }
        }
        // At one start the pattern takes "of <jurisdiction>" when it can.
        found
            .into_iter()
            .min_by_key(|(start, p)| (*start, p.jurisdiction_after.is_none(), std::cmp::Reverse(p.title.len())))
            .map(|(_, p)| p)
    }

    /// A title in apposition after a name, where `after` starts: ", Syria's president," or ", the German
    /// chancellor.".
    pub fn appositive_after(&self, after: &str) -> Option<TitlePhrase> {
        if !after.starts_with(',') {
            return None;
        }
        let reach = floor_char_boundary(after, (self.titles.longest_title + 80).min(after.len()));
        let mut found: Vec<(usize, bool, usize, TitlePhrase)> = Vec::new();
        for (s, e) in self.titles_in(after, 0, reach) {
            let Some(caps) = self.appositive_after.captures(&after[..s]) else {
                continue;
            };
            let phrase = caps.name("phrase").expect("phrase group always matches");
            let mut found_phrase = TitlePhrase {
                phrase: phrase.start()..e,
                title: s..e,
                label: caps.name("label").or(caps.name("label2")).map(|m| m.range()),
                jurisdiction: caps.name("jurisdiction").map(|m| m.range()),
                jurisdiction_after: None,
            };
            if let Some(tail) = self.of_jurisdiction_after.captures(&after[e..]) {
                let j = tail.name("jurisdiction").expect("group always matches");
                found_phrase.phrase.end = e + j.end();
                found_phrase.jurisdiction_after = Some(e + j.start()..e + j.end());
                found.push((s, true, e - s, found_phrase));
            } else if END_OF_APPOSITIVE.is_match(&after[e..]) {
                found.push((s, false, e - s, found_phrase));
            }
        }
        // The pattern's words before the title are greedy: the latest title start wins, then the longest title,
        // then "of <jurisdiction>" taken.
        found
            .into_iter()
            .max_by_key(|(s, tail, len, _)| (*s, *len, *tail))
            .map(|(.., p)| p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder() -> TitleFinder {
        let office = |title: &str| crate::reference::Office {
            id: title.replace(' ', "-"),
            name: title.to_string(),
            jurisdiction: 0,
            titles: vec![title.to_string()],
            single_holder: false,
            complete: None,
            wikidata: None,
            origin: crate::reference::Origin {
                file: "offices.yaml".into(),
                line: 1,
            },
        };
        let data = crate::reference::ReferenceData {
            offices: ["President", "vice president", "prime minister", "secretary of state"]
                .map(office)
                .to_vec(),
            ..Default::default()
        };
        let titles = crate::reference::index::Compiled::build(&data).lookups;
        let forms: Vec<String> = ["U.S.", "Kenyan", "Pakistan", "Syria's"]
            .iter()
            .map(|f| f.to_string())
            .collect();
        TitleFinder::new(titles, forms.iter())
    }

    fn text<'a>(s: &'a str, range: &Option<Range<usize>>) -> Option<&'a str> {
        range.clone().map(|r| &s[r])
    }

    #[test]
    fn before_a_name_the_earliest_phrase_with_the_longest_title() {
        let before = "He met former U.S. Vice President ";
        let found = finder().before_name(before).unwrap();
        assert_eq!(&before[found.phrase.clone()], "former U.S. Vice President");
        assert_eq!(&before[found.title.clone()], "Vice President");
        assert_eq!(text(before, &found.label), Some("former"));
        assert_eq!(text(before, &found.jurisdiction), Some("U.S."));
        assert!(
            finder().before_name("He met the President").is_none(),
            "no space before the name"
        );
        assert!(finder().before_name("He met the Presidents ").is_none());
    }

    #[test]
    fn appositives_before_and_after_a_name() {
        let before = "said the Kenyan prime minister, ";
        let found = finder().appositive_before(before).unwrap();
        assert_eq!(&before[found.phrase.clone()], "the Kenyan prime minister");
        let before = "said the president of Pakistan, ";
        let found = finder().appositive_before(before).unwrap();
        assert_eq!(&before[found.title.clone()], "president");
        assert_eq!(text(before, &found.jurisdiction_after), Some("Pakistan"));
        let after = ", Syria's president, said";
        let found = finder().appositive_after(after).unwrap();
        assert_eq!(&after[found.phrase.clone()], "Syria's president");
        assert_eq!(text(after, &found.jurisdiction), Some("Syria's"));
        assert!(finder().appositive_after(", president of the club said").is_none());
    }
}
