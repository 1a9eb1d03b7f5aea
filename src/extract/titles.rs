//! Title phrases around a name ("Former U.S. President", "the Kenyan prime minister, ", ", Syria's president,"),
//! found without one giant pattern: the titles of every office are a finite-state map of the compiled index (read
//! in place, walked once per start), and the few words that may stand around a title (labels, a party, "the", a
//! jurisdiction) are read backwards from where a title starts, a jurisdiction looked up among the forms. Regular
//! expressions holding every title, then every jurisdiction's forms, took longer to compile than the rest of
//! start-up together once the world's cabinets and countries were loaded.
//!
//! The phrase found is the one the single pattern `[party] [label] [party] [jurisdiction] [label] title [of
//! jurisdiction]` would find: the earliest-starting phrase, and at one start the longest title; of the readings
//! of its words, the one a backtracking pattern would take (each word taken rather than not, the longer rather
//! than the shorter).

use foldhash::HashSet;
use std::ops::Range;

use super::people::floor_char_boundary;
use crate::reference::index::Lookups;

/// Labels that qualify a title, in any case; "ex-" and "then-" attach with a hyphen.
const LABEL_WORDS: [&str; 8] = [
    "former", "ex-", "then-", "acting", "outgoing", "incoming", "late", "interim",
];

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
    /// Every jurisdiction's forms as written.
    forms: Forms,
}

/// Every jurisdiction's form as written, looked up by the places a form could start or end in a text.
#[derive(Clone)]
struct Forms {
    set: HashSet<String>,
    /// The longest form's length in bytes.
    longest: usize,
    /// The bytes forms start with, and those they end with: a place where none could start (a lower-case letter,
    /// a space) is passed over without hashing what follows it.
    first_bytes: [bool; 256],
    last_bytes: [bool; 256],
}

impl Forms {
    fn new(set: HashSet<String>) -> Forms {
        let mut first_bytes = [false; 256];
        let mut last_bytes = [false; 256];
        for form in &set {
            if let (Some(&first), Some(&last)) = (form.as_bytes().first(), form.as_bytes().last()) {
                first_bytes[usize::from(first)] = true;
                last_bytes[usize::from(last)] = true;
            }
        }
        let longest = set.iter().map(String::len).max().unwrap_or(0);
        Forms {
            set,
            longest,
            first_bytes,
            last_bytes,
        }
    }

    /// Where the forms that end at `end` of `text` start, the longest (the earliest start) first.
    fn ending_at<'t>(&'t self, text: &'t str, end: usize) -> impl Iterator<Item = usize> + 't {
        let bytes = text.as_bytes();
        let may_end = end > 0 && self.last_bytes[usize::from(bytes[end - 1])];
        (end.saturating_sub(self.longest)..end).filter(move |&start| {
            may_end
                && self.first_bytes[usize::from(bytes[start])]
                && text.is_char_boundary(start)
                && self.set.contains(&text[start..end])
        })
    }

    /// The lengths of the forms `text` starts with, the longest first.
    fn starting<'t>(&'t self, text: &'t str) -> impl Iterator<Item = usize> + 't {
        let bytes = text.as_bytes();
        let may_start = bytes.first().is_some_and(|&b| self.first_bytes[usize::from(b)]);
        (1..=self.longest.min(text.len())).rev().filter(move |&len| {
            may_start
                && self.last_bytes[usize::from(bytes[len - 1])]
                && text.is_char_boundary(len)
                && self.set.contains(&text[..len])
        })
    }
}

/// The words that may stand before a title, each optional and followed by white space (at least one character,
/// but none needed after a label: "ex-President").
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Party,
    Label,
    The,
    Jurisdiction,
}

/// The slots of a phrase before a title that ends where a name starts. A party may stand before or after the
/// label: "Republican former", "former Democratic".
const BEFORE_NAME: [Slot; 5] = [Slot::Party, Slot::Label, Slot::Party, Slot::Jurisdiction, Slot::Label];

/// The slots of a title in apposition: "the Kenyan prime minister", "Syria's president".
const APPOSITIVE: [Slot; 4] = [Slot::The, Slot::Label, Slot::Jurisdiction, Slot::Label];

/// The parties a title may be qualified by.
const PARTIES: [&str; 5] = ["Republican", "Democratic", "Democrat", "Conservative", "Labour"];

/// The characters a phrase before a name may follow (besides the start of the text). A stop or colon may be glued
/// to the phrase, as in copy that lost its spaces ("emails.Defense Secretary …").
const BEFORE_NAME_BOUNDARY: &str = "(“‘\"—–.:;!?";

/// The characters a phrase in apposition before a name may follow (besides white space and the start).
const APPOSITIVE_BOUNDARY: &str = "(“‘\"—–";

/// One way the words before a title read: where the first word taken starts, and each slot's word, if taken.
#[derive(Debug, Clone)]
struct Reading {
    start: usize,
    words: Vec<Option<Range<usize>>>,
}

impl Reading {
    /// The label of the first label slot taken.
    fn label(&self, slots: &[Slot]) -> Option<Range<usize>> {
        self.taken(slots, Slot::Label)
    }

    fn taken(&self, slots: &[Slot], slot: Slot) -> Option<Range<usize>> {
        slots
            .iter()
            .zip(&self.words)
            .find_map(|(s, word)| (*s == slot).then(|| word.clone()).flatten())
    }

    /// The order a reader prefers readings from one start in: each slot from the first taken rather than not,
    /// and a longer word (a longer jurisdiction: "United States" over "United") rather than a shorter one.
    fn preference(&self) -> Vec<(bool, std::cmp::Reverse<usize>)> {
        self.words
            .iter()
            .map(|w| match w {
                Some(range) => (false, std::cmp::Reverse(range.len())),
                None => (true, std::cmp::Reverse(0)),
            })
            .collect()
    }
}

/// Whether `rest` may follow an appositive before a name: a comma, then white space to the name.
fn ends_before_a_name(rest: &str) -> bool {
    rest.strip_prefix(',')
        .is_some_and(|space| !space.is_empty() && space.trim_start().is_empty())
}

/// Whether `rest` may follow an appositive after a name: white space, then punctuation or the end.
fn ends_an_appositive(rest: &str) -> bool {
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with([',', '.', ';', ':', ')'])
}

/// Where the white space that ends at `end` starts.
fn space_before(text: &str, end: usize) -> usize {
    end - (text[..end].len() - text[..end].trim_end().len())
}

/// Whether `text[..end]` ends with `word`, in any ASCII case.
fn ends_with_ignoring_case(text: &str, end: usize, word: &str) -> bool {
    end.checked_sub(word.len())
        .and_then(|start| text.get(start..end))
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
}

impl TitleFinder {
    /// `titles`: the lookups of the compiled index; `forms`: every jurisdiction's forms as written.
    pub fn new<'a>(titles: Lookups, forms: impl Iterator<Item = &'a String>) -> TitleFinder {
        TitleFinder {
            titles,
            forms: Forms::new(forms.cloned().collect()),
        }
    }

    /// The words of `slot` that end at `end`, as ranges.
    fn words_ending_at(&self, text: &str, end: usize, slot: Slot) -> Vec<Range<usize>> {
        let fixed = |words: &[&str], any_case: bool| -> Vec<Range<usize>> {
            words
                .iter()
                .filter(|w| {
                    if any_case {
                        ends_with_ignoring_case(text, end, w)
                    } else {
                        text[..end].ends_with(*w)
                    }
                })
                .map(|w| end - w.len()..end)
                .collect()
        };
        match slot {
            Slot::Party => fixed(&PARTIES, false),
            Slot::Label => fixed(&LABEL_WORDS, true),
            Slot::The => fixed(&["the"], true),
            Slot::Jurisdiction => self.forms.ending_at(text, end).map(|start| start..end).collect(),
        }
    }

    /// Every reading of `text[..end]` as ending with the optional words of `slots`.
    fn readings(&self, text: &str, end: usize, slots: &[Slot]) -> Vec<Reading> {
        let Some((&last, earlier)) = slots.split_last() else {
            return vec![Reading {
                start: end,
                words: Vec::new(),
            }];
        };
        let mut found: Vec<Reading> = self
            .readings(text, end, earlier)
            .into_iter()
            .map(|mut r| {
                r.words.push(None);
                r
            })
            .collect();
        let word_end = space_before(text, end);
        if last == Slot::Label || word_end < end {
            for word in self.words_ending_at(text, word_end, last) {
                for mut reading in self.readings(text, word.start, earlier) {
                    reading.words.push(Some(word.clone()));
                    found.push(reading);
                }
            }
        }
        found
    }

    /// The reading of `text[..end]` that starts earliest after one of `boundary`'s characters, white space or the
    /// start of the text (the start preferred to a boundary character at it), and of those the preferred one;
    /// with the start of the match (the boundary character's).
    fn earliest_reading(&self, text: &str, end: usize, slots: &[Slot], boundary: &str) -> Option<(usize, Reading)> {
        self.readings(text, end, slots)
            .into_iter()
            .filter_map(|r| {
                if r.start == 0 {
                    return Some(((0, false), r));
                }
                let before = text[..r.start].chars().next_back()?;
                (before.is_whitespace() || boundary.contains(before)).then(|| ((r.start - before.len_utf8(), true), r))
            })
            .min_by_key(|(start, r)| (*start, r.preference()))
            .map(|((start, _), r)| (start, r))
    }

    /// `text[..end]` read as `slots` ending where a title starts, as a phrase with the title.
    fn phrase(reading: &Reading, slots: &[Slot], title: Range<usize>) -> TitlePhrase {
        TitlePhrase {
            phrase: reading.start..title.end,
            label: reading.label(slots),
            jurisdiction: reading.taken(slots, Slot::Jurisdiction),
            jurisdiction_after: None,
            title,
        }
    }

    /// Where a title would end that "of [the] <jurisdiction>" ending at `end` follows: the start of the white
    /// space before each "of" that can be read so. (Each is confirmed by [`TitleFinder::of_jurisdiction`].)
    fn before_of_jurisdiction(&self, text: &str, end: usize) -> Vec<usize> {
        let mut ends = Vec::new();
        for form_start in self.forms.ending_at(text, end) {
            let head = &text[..form_start];
            let spaced = head.trim_end();
            if spaced.len() == head.len() {
                continue;
            }
            let without_the = spaced
                .strip_suffix("the")
                .map(str::trim_end)
                .filter(|t| t.len() + 3 < spaced.len());
            for words in [Some(spaced), without_the].into_iter().flatten() {
                if let Some(before_of) = words.strip_suffix("of")
                    && before_of.trim_end().len() < before_of.len()
                {
                    ends.push(before_of.trim_end().len());
                }
            }
        }
        ends
    }

    /// "of [the] <jurisdiction>" at the start of `text`, and where the jurisdiction ends; `rest` says whether
    /// what follows it may end the phrase. The longest jurisdiction that may is taken, "the" read as a word when
    /// it can be.
    fn of_jurisdiction(&self, text: &str, rest: impl Fn(&str) -> bool) -> Option<Range<usize>> {
        let after_space = text.trim_start();
        let of = after_space.strip_prefix("of")?;
        let name = of.trim_start();
        if after_space.len() == text.len() || name.len() == of.len() {
            return None;
        }
        let after_the = name
            .strip_prefix("the")
            .map(str::trim_start)
            .filter(|n| n.len() + 3 < name.len());
        after_the.into_iter().chain([name]).find_map(|candidate| {
            let at = text.len() - candidate.len();
            self.forms
                .starting(candidate)
                .find(|&len| rest(&candidate[len..]))
                .map(|len| at..at + len)
        })
    }
    /// The titles in `text[from..to]`, as (start, end).
    #[cfg(test)]
    fn titles_in(&self, text: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
        self.titles.titles_in(text, from, to)
    }

    /// The titles that end at `end`, as (start, end).
    fn titles_ending_at(&self, text: &str, end: usize) -> Vec<(usize, usize)> {
        self.titles
            .titles_ending_at(text, end)
            .into_iter()
            .map(|start| (start, end))
            .collect()
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
        let found = self.titles_ending_at(before, end).into_iter().filter_map(|(s, e)| {
            let (start, reading) = self.earliest_reading(before, s, &BEFORE_NAME, BEFORE_NAME_BOUNDARY)?;
            Some((start, Self::phrase(&reading, &BEFORE_NAME, s..e)))
        });
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
        // Only a title that ends at the comma or before "of [the] <jurisdiction>" can be taken: the titles are
        // looked for where those end, not in the whole text before the name.
        let mut ends = self.before_of_jurisdiction(before, end);
        ends.push(end);
        ends.sort_unstable();
        ends.dedup();
        let titles = ends.into_iter().flat_map(|e| self.titles_ending_at(before, e));
        for (s, e) in titles {
            let Some((start, reading)) = self.earliest_reading(before, s, &APPOSITIVE, APPOSITIVE_BOUNDARY) else {
                continue;
            };
            let mut phrase = Self::phrase(&reading, &APPOSITIVE, s..e);
            if e == end {
                // The title itself ends at the comma ...
                found.push((start, phrase));
            } else if let Some(j) = self.of_jurisdiction(&before[e..], ends_before_a_name) {
                // ... or is followed by "of [the] <jurisdiction>".
                phrase.phrase.end = e + j.end;
                phrase.jurisdiction_after = Some(e + j.start..e + j.end);
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
        // The phrase starts after the comma and the white space that follows it.
        let phrase_start = after.len() - after[1..].trim_start().len();
        if phrase_start == 1 {
            return None;
        }
        // A title here ends where an appositive can end or "of <jurisdiction>" follows: the titles are read back
        // from those places only, not forward from every letter.
        let may_end = |rest: &str| {
            let spaced = rest.trim_start();
            ends_an_appositive(rest) || (spaced.len() < rest.len() && spaced.starts_with("of"))
        };
        let titles = (1..=reach)
            .filter(|&end| after.is_char_boundary(end) && may_end(&after[end..]))
            .flat_map(|end| self.titles_ending_at(after, end));
        for (s, e) in titles {
            let reading = self
                .readings(after, s, &APPOSITIVE)
                .into_iter()
                .filter(|r| r.start == phrase_start)
                .min_by_key(Reading::preference);
            let Some(reading) = reading else {
                continue;
            };
            let mut found_phrase = Self::phrase(&reading, &APPOSITIVE, s..e);
            if let Some(j) = self.of_jurisdiction(&after[e..], ends_an_appositive) {
                found_phrase.phrase.end = e + j.end;
                found_phrase.jurisdiction_after = Some(e + j.start..e + j.end);
                found.push((s, true, e - s, found_phrase));
            } else if ends_an_appositive(&after[e..]) {
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
        let forms: Vec<String> = FORMS.iter().map(|f| f.to_string()).collect();
        TitleFinder::new(titles, forms.iter())
    }

    const FORMS: [&str; 8] = [
        "U.S.",
        "Kenyan",
        "Pakistan",
        "Syria's",
        "United States",
        "United",
        "Türkiye",
        "the Gambia",
    ];

    /// The single patterns the reading of the words around a title stands for: the backward reading must find
    /// what a backtracking regular expression finds.
    struct Patterns {
        before_name: regex::Regex,
        appositive_before: regex::Regex,
        appositive_after: regex::Regex,
        of_before: regex::Regex,
        of_after: regex::Regex,
    }

    fn patterns() -> Patterns {
        let mut forms = FORMS.to_vec();
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let forms = forms.iter().map(|f| regex::escape(f)).collect::<Vec<_>>().join("|");
        let labels = LABEL_WORDS.join("|");
        let label = |name: &str| format!(r"(?:(?P<{name}>(?i:{labels}))\s*)?");
        let words = format!(
            r"{}(?:(?P<jurisdiction>{forms})\s+)?{}",
            label("label"),
            label("label2")
        );
        let party = format!(r"(?:(?:{})\s+)?", PARTIES.join("|"));
        let compile = |p: String| regex::Regex::new(&p).unwrap();
        Patterns {
            before_name: compile(format!(
                r"(?:^|[\s(“‘\x22—–.:;!?])(?P<phrase>{party}{}{party}(?:(?P<jurisdiction>{forms})\s+)?{})$",
                label("label"),
                label("label2")
            )),
            appositive_before: compile(format!(r"(?:^|[\s(“‘\x22—–])(?P<phrase>(?:(?i:the)\s+)?{words})$")),
            appositive_after: compile(format!(r"^,\s+(?P<phrase>(?:(?i:the)\s+)?{words})$")),
            of_before: compile(format!(r"^\s+of\s+(?:the\s+)?(?P<jurisdiction>{forms}),\s+$")),
            of_after: compile(format!(
                r"^\s+of\s+(?:the\s+)?(?P<jurisdiction>{forms})\s*(?:[,.;:)]|$)"
            )),
        }
    }

    /// Where the match and the phrase start, the label and the jurisdiction.
    type Read = Option<(usize, usize, Option<Range<usize>>, Option<Range<usize>>)>;

    /// What a pattern captured.
    fn captured(caps: Option<regex::Captures>) -> Read {
        let caps = caps?;
        Some((
            caps.get(0).unwrap().start(),
            caps.name("phrase").unwrap().start(),
            caps.name("label").or(caps.name("label2")).map(|m| m.range()),
            caps.name("jurisdiction").map(|m| m.range()),
        ))
    }

    fn read(found: Option<(usize, Reading)>, slots: &[Slot]) -> Read {
        let (start, r) = found?;
        Some((start, r.start, r.label(slots), r.taken(slots, Slot::Jurisdiction)))
    }

    #[test]
    fn the_words_around_a_title_are_read_as_the_single_pattern_reads_them() {
        let finder = finder();
        let patterns = patterns();
        let pieces = [
            "former",
            "Former",
            "FORMER",
            "ex-",
            "then-",
            "late",
            "the",
            "The",
            "Republican",
            "Democratic",
            "Democrat",
            "U.S.",
            "United States",
            "United",
            "States",
            "Kenyan",
            "Syria's",
            "Türkiye",
            "Gambia",
            "the Gambia",
            "of",
            "He",
            "said",
            ",",
            "(",
            "“",
            ".",
            ":",
            ")",
        ];
        let spaces = [" ", "", "  ", "\u{a0}", " "];
        let mut next = crate::pseudo_random(0x2545_f491_4f6c_dd1d);
        // How often each pattern found something: the comparison must not be of nothing with nothing.
        let mut found = [0; 5];
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..next(7) {
                text.push_str(pieces[next(pieces.len())]);
                text.push_str(spaces[next(spaces.len())]);
            }
            let end = text.len();
            let of = if next(2) == 0 {
                let the = ["", "the ", "the", "The "][next(4)];
                let tail = [",", ", ", ",  ", "", " ", ".", ")", "n, "][next(8)];
                let (space, gap) = (spaces[next(spaces.len())], spaces[next(spaces.len())]);
                format!("{space}of{gap}{the}{}{tail}", pieces[next(pieces.len())])
            } else {
                format!("{}{text}", spaces[next(spaces.len())])
            };
            for (count, pattern) in found.iter_mut().zip([
                &patterns.before_name,
                &patterns.appositive_before,
                &patterns.of_before,
                &patterns.of_after,
            ]) {
                let input = if pattern.as_str().starts_with(r"^\s+of") {
                    &of
                } else {
                    &text
                };
                *count += usize::from(
                    pattern
                        .captures(input)
                        .is_some_and(|c| c.name("jurisdiction").is_some()),
                );
            }
            assert_eq!(
                read(
                    finder.earliest_reading(&text, end, &BEFORE_NAME, BEFORE_NAME_BOUNDARY),
                    &BEFORE_NAME
                ),
                captured(patterns.before_name.captures(&text)),
                "before a name: {text:?}"
            );
            assert_eq!(
                read(
                    finder.earliest_reading(&text, end, &APPOSITIVE, APPOSITIVE_BOUNDARY),
                    &APPOSITIVE
                ),
                captured(patterns.appositive_before.captures(&text)),
                "in apposition before a name: {text:?}"
            );
            let after = format!(",{}{text}", spaces[next(spaces.len())]);
            let phrase_start = after.len() - after[1..].trim_start().len();
            let reading = finder
                .readings(&after, after.len(), &APPOSITIVE)
                .into_iter()
                .filter(|r| r.start == phrase_start && phrase_start > 1)
                .min_by_key(Reading::preference);
            assert_eq!(
                read(reading.map(|r| (0, r)), &APPOSITIVE),
                captured(patterns.appositive_after.captures(&after)),
                "in apposition after a name: {after:?}"
            );
            found[4] += usize::from(patterns.appositive_after.is_match(&after));
            let jurisdiction =
                |caps: Option<regex::Captures>| caps.and_then(|c| c.name("jurisdiction")).map(|m| m.range());
            assert_eq!(
                finder.of_jurisdiction(&of, ends_before_a_name),
                jurisdiction(patterns.of_before.captures(&of)),
                "of a jurisdiction before a name: {of:?}"
            );
            assert_eq!(
                finder.of_jurisdiction(&of, ends_an_appositive),
                jurisdiction(patterns.of_after.captures(&of)),
                "of a jurisdiction after a name: {of:?}"
            );
        }
        assert!(
            found.iter().all(|&n| n >= 200),
            "too few texts with a jurisdiction or an appositive: {found:?}"
        );
    }

    /// The appositive before a name as the single patterns find it, trying every title before the comma.
    fn appositive_before_by_patterns(finder: &TitleFinder, patterns: &Patterns, before: &str) -> Option<TitlePhrase> {
        let comma = before.trim_end();
        let end = comma.strip_suffix(',').filter(|_| comma.len() < before.len())?.len();
        let mut found: Vec<(usize, TitlePhrase)> = Vec::new();
        for (s, e) in finder.titles_in(before, 0, end) {
            let Some(caps) = patterns.appositive_before.captures(&before[..s]) else {
                continue;
            };
            let mut phrase = TitlePhrase {
                phrase: caps.name("phrase").unwrap().start()..e,
                title: s..e,
                label: caps.name("label").or(caps.name("label2")).map(|m| m.range()),
                jurisdiction: caps.name("jurisdiction").map(|m| m.range()),
                jurisdiction_after: None,
            };
            if e == end {
                found.push((caps.get(0).unwrap().start(), phrase));
            } else if let Some(j) = patterns
                .of_before
                .captures(&before[e..])
                .and_then(|c| c.name("jurisdiction"))
            {
                phrase.phrase.end = e + j.end();
                phrase.jurisdiction_after = Some(e + j.start()..e + j.end());
                found.push((caps.get(0).unwrap().start(), phrase));
            }
        }
        found
            .into_iter()
            .min_by_key(|(start, p)| (*start, p.jurisdiction_after.is_none(), std::cmp::Reverse(p.title.len())))
            .map(|(_, p)| p)
    }

    #[test]
    fn the_titles_ending_at_a_place_are_those_found_forwards() {
        let finder = finder();
        let text = "Vice President the PRESIDENT, prime ministerpresident of Secretary of State — ex-president";
        let mut titles = 0;
        for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
            let mut back = finder.titles_ending_at(text, end);
            let mut forwards: Vec<(usize, usize)> = finder
                .titles_in(text, 0, end)
                .into_iter()
                .filter(|&(_, e)| e == end)
                .collect();
            back.sort_unstable();
            forwards.sort_unstable();
            assert_eq!(back, forwards, "ending at {end}");
            titles += back.len();
        }
        assert_eq!(titles, 7);
    }

    #[test]
    fn an_appositive_before_a_name_is_found_as_the_patterns_find_it() {
        let finder = finder();
        let patterns = patterns();
        let pieces = [
            "the",
            "Kenyan",
            "prime minister",
            "President",
            "vice president",
            "of",
            "the Gambia",
            "Gambia",
            "U.S.",
            "former",
            "said",
            ",",
            "(",
            "secretary of state",
            "United States",
            "United",
        ];
        let mut next = crate::pseudo_random(0x1234_5678_9abc_def1);
        let mut phrases = 0;
        for _ in 0..20_000 {
            let mut before: String = (0..1 + next(7))
                .map(|_| format!("{}{}", pieces[next(pieces.len())], [" ", "  ", ""][next(3)]))
                .collect();
            if next(2) == 0 {
                let title = ["president", "prime minister", "vice president", "secretary of state"][next(4)];
                let the = ["", "the ", "the  "][next(3)];
                before.push_str(&format!(
                    "{title} of {the}{}",
                    ["Gambia", "the Gambia", "United States", "Kenyan"][next(4)]
                ));
            }
            before.push_str([", ", ",  ", ","][next(3)]);
            let found = finder.appositive_before(&before);
            phrases += usize::from(found.as_ref().is_some_and(|p| p.jurisdiction_after.is_some()));
            assert_eq!(
                found,
                appositive_before_by_patterns(&finder, &patterns, &before),
                "{before:?}"
            );
        }
        assert!(phrases >= 100, "{phrases} appositives with “of <jurisdiction>”");
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
