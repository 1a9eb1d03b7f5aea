//! What the extractor knows in advance, compiled once from the reference data: an Aho-Corasick automaton of
//! every person's name, alias and surname, and the finder of the title phrases that stand around a name
//! ("Former U.S. President", "Turkey’s Foreign Minister", "then-Secretary of State").

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use super::titles::TitleFinder;

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
    /// The title phrases before and around a name.
    pub titles: TitleFinder,
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
        let titles = TitleFinder::new(offices_by_title.keys(), jurisdiction_forms.keys());
        Lexicon {
            names,
            entries,
            titles,
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
