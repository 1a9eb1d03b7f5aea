//! What the extractor knows in advance, compiled once from the reference data: an Aho-Corasick automaton of
//! every person's name, alias and surname, and one pattern for the title phrases that stand before a name
//! ("Former U.S. President", "Turkey’s Foreign Minister", "then-Secretary of State").

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use crate::reference::names::fold_diacritics;
use crate::reference::{JurisdictionId, OfficeId, PersonId, ReferenceData};

/// One name pattern and who it can mean.
#[derive(Debug, Clone)]
pub struct NameEntry {
    pub people: Vec<PersonId>,
    /// A full name or alias (true) or a surname alone, which only counts after a full mention (false).
    pub full: bool,
}

#[derive(Debug)]
pub struct Lexicon {
    pub names: AhoCorasick,
    pub entries: Vec<NameEntry>,
    /// Matches a title phrase that ends right where a name starts (anchored at the end of its input).
    pub title_before_name: Regex,
    /// A title in apposition before a name, with its jurisdiction: "the Kenyan prime minister, ", "Syria's
    /// president, " or "the president of Pakistan, " (anchored at the end of its input).
    pub appositive_before: Regex,
    /// A title in apposition after a name: ", Syria's president," or ", the German chancellor." (anchored at
    /// the start of its input).
    pub appositive_after: Regex,
    /// Lower-cased title → the offices it can name.
    pub offices_by_title: HashMap<String, Vec<OfficeId>>,
    /// Every form of a jurisdiction's name → its id.
    pub jurisdiction_forms: HashMap<String, JurisdictionId>,
    /// Each office's jurisdiction, by office id.
    pub office_jurisdiction: Vec<JurisdictionId>,
    /// The people of each first name, with their surnames: "Donald" → Donald Trump.
    pub by_first_name: HashMap<String, Vec<(PersonId, String)>>,
}

impl Lexicon {
    pub fn new(reference: &ReferenceData) -> Lexicon {
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<NameEntry> = Vec::new();
        let mut index: HashMap<(String, bool), usize> = HashMap::new();
        let mut add = |pattern: &str, person: PersonId, full: bool| {
            let slot = *index.entry((pattern.to_string(), full)).or_insert_with(|| {
                patterns.push(pattern.to_string());
                entries.push(NameEntry {
                    people: Vec::new(),
                    full,
                });
                entries.len() - 1
            });
            if !entries[slot].people.contains(&person) {
                entries[slot].people.push(person);
            }
        };
        for (id, person) in reference.people.iter().enumerate() {
            for name in std::iter::once(&person.name).chain(&person.aliases) {
                add(name, id, true);
            }
            for surname in surnames(&person.name) {
                add(&surname, id, false);
            }
        }
        let names = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("name patterns are plain strings");

        let mut by_first_name: HashMap<String, Vec<(PersonId, String)>> = HashMap::new();
        for (id, person) in reference.people.iter().enumerate() {
            let mut words = person.name.split_whitespace();
            if let (Some(first), Some(last)) = (words.next(), person.name.split_whitespace().last())
                && first != last
            {
                by_first_name
                    .entry(first.to_string())
                    .or_default()
                    .push((id, last.to_string()));
            }
        }
        let mut offices_by_title: HashMap<String, Vec<OfficeId>> = HashMap::new();
        for (id, office) in reference.offices.iter().enumerate() {
            for title in &office.titles {
                offices_by_title.entry(title.to_lowercase()).or_default().push(id);
            }
        }
        let mut jurisdiction_forms = HashMap::new();
        for (id, j) in reference.jurisdictions.iter().enumerate() {
            for form in &j.forms {
                jurisdiction_forms.insert(form.clone(), id);
            }
        }
        let patterns = TitlePatterns::new(offices_by_title.keys(), jurisdiction_forms.keys());
        // Each title pattern holds every title and country form, so each takes a while to compile: side by side,
        // start-up waits for the slowest rather than for their sum.
        let (title_before_name, appositive_before, appositive_after) = std::thread::scope(|scope| {
            let before = scope.spawn(|| patterns.appositive_before());
            let after = scope.spawn(|| patterns.appositive_after());
            let before_name = patterns.before_name();
            let join = |handle: std::thread::ScopedJoinHandle<'_, Regex>| {
                handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            };
            (before_name, join(before), join(after))
        });
        Lexicon {
            names,
            entries,
            title_before_name,
            appositive_before,
            appositive_after,
            offices_by_title,
            jurisdiction_forms,
            office_jurisdiction: reference.offices.iter().map(|o| o.jurisdiction).collect(),
            by_first_name,
        }
    }
}

/// The forms a surname is written alone in, when it is distinctive enough to stand alone: the last word of the
/// name ("Trump"), without accents ("Erdogan"), and without an Arabic article ("Assad" for "al-Assad").
fn surnames(name: &str) -> Vec<String> {
    let Some(last) = name.split_whitespace().last().filter(|&l| l != name) else {
        return Vec::new();
    };
    let bare = ["al-", "Al-", "el-", "El-"]
        .iter()
        .find_map(|a| last.strip_prefix(a))
        .unwrap_or(last);
    let mut forms = vec![bare.to_string(), fold_diacritics(bare)];
    forms.sort();
    forms.dedup();
    forms.retain(|f| f.chars().count() >= 3 && f.chars().next().is_some_and(char::is_uppercase));
    forms
}

/// Labels that qualify a title; "ex-" and "then-" attach with a hyphen.
pub const LABELS: &str = r"former|ex-|then-|acting|outgoing|incoming|late|interim";

fn alternation<'a>(items: impl Iterator<Item = &'a String>) -> String {
    let mut items: Vec<&String> = items.collect();
    // Longest first, so "Vice President" is preferred to "President" at the same place.
    items.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    items.iter().map(|s| regex::escape(s)).collect::<Vec<_>>().join("|")
}

/// A pattern that matches nothing, for reference data without titles or country forms (the regex crate has no
/// lookaround, so not `(?!)`).
const NEVER: &str = r"[^\s\S]";

/// The pieces every title pattern is built from: alternations of the titles and the jurisdictions' forms, and
/// the labels that may stand before either.
struct TitlePatterns {
    titles: String,
    forms: String,
}

impl TitlePatterns {
    fn new<'a>(titles: impl Iterator<Item = &'a String>, forms: impl Iterator<Item = &'a String>) -> TitlePatterns {
        let or_never = |alternation: String| {
            if alternation.is_empty() {
                NEVER.to_string()
            } else {
                alternation
            }
        };
        TitlePatterns {
            titles: or_never(alternation(titles)),
            forms: or_never(alternation(forms)),
        }
    }

    /// `[label] [jurisdiction] [label] title [of jurisdiction]`, the core of an appositive.
    fn appositive_core(&self) -> String {
        let TitlePatterns { titles, forms } = self;
        format!(
            r"(?:(?P<label>(?i:{LABELS}))\s*)?(?:(?P<jurisdiction>{forms})\s+)?(?:(?P<label2>(?i:{LABELS}))\s*)?(?P<title>(?i:{titles}))(?:\s+of\s+(?:the\s+)?(?P<jurisdiction2>{forms}))?"
        )
    }

    fn before_name(&self) -> Regex {
        let TitlePatterns { titles, forms } = self;
        // [party] [label] [party] [jurisdiction] [label] title, then the space before the name: "Republican former
        // President", "former Democratic President". A stop or colon may be glued to the phrase, as in copy that
        // lost its spaces ("emails.Defense Secretary …").
        let party = r"(?:(?:Republican|Democratic|Democrat|Conservative|Labour)\s+)?";
        Regex::new(&format!(
            r"(?:^|[\s(“‘\x22—–.:;!?])(?P<phrase>{party}(?:(?P<label>(?i:{LABELS}))\s*)?{party}(?:(?P<jurisdiction>{forms})\s+)?(?:(?P<label2>(?i:{LABELS}))\s*)?(?P<title>(?i:{titles})))\s+$"
        ))
        .expect("title pattern is built from escaped literals")
    }

    fn appositive_before(&self) -> Regex {
        let core = self.appositive_core();
        Regex::new(&format!(r"(?:^|[\s(“‘\x22—–])(?P<phrase>(?:(?i:the)\s+)?{core}),\s+$"))
            .expect("title pattern is built from escaped literals")
    }

    fn appositive_after(&self) -> Regex {
        let core = self.appositive_core();
        Regex::new(&format!(r"^,\s+(?P<phrase>(?:(?i:the)\s+)?{core})\s*(?:[,.;:)]|$)"))
            .expect("title pattern is built from escaped literals")
    }
}
