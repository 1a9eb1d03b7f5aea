//! Importers: public data turned into factlint's reference YAML, reproducibly, with the source and licence
//! written into every generated file. Each importer reads files a newsroom has downloaded; only [`update`]
//! (`factlint data update`) fetches, from the Wikidata Query Service, and then reads the answer as the others do.
//!
//! Importers map a source's office labels to the offices of reference files the newsroom already has
//! ([`Known`]), merge one person's records across sources, and leave out people those files already describe.

pub mod cabinet;
pub mod congress;
pub mod update;
pub mod wikidata;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::error::ConfigError;
use crate::reference::{PartialDate, ReferenceData};

/// A person as an importer produces them, before they are written as YAML.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportedPerson {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    /// The source's own identifier (a bioguide id), which names one person across its files.
    pub key: Option<String>,
    pub terms: Vec<ImportedTerm>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTerm {
    pub office: String,
    /// A reference date: `YYYY[-MM[-DD]]`, or `FIRST/LAST` when the source only bounds it.
    pub from: String,
    /// `None`: open (in office as of the data's date).
    pub to: Option<String>,
    /// The dataset the term comes from, when a file combines several, or the page that states it.
    pub source: Option<String>,
    /// For an open term: the date of the table that last showed it, when older than the file's `checked`.
    pub checked: Option<String>,
}

/// Where generated data comes from, for the file's header and `source`.
pub struct Provenance<'a> {
    pub command: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub licence: &'a str,
    pub checked: &'a str,
    /// The SPARQL query the data answers, written into the header as comment lines so the file says how to ask
    /// again (the reference schema has no field for it).
    pub query: Option<&'a str>,
}

/// What the newsroom's existing reference files already say: offices by title and by Wikidata item,
/// jurisdictions by name, and the people they describe (by name, alias and Wikidata item).
#[derive(Debug, Default)]
pub struct Known {
    offices_by_title: HashMap<(String, String), String>,
    offices_by_wikidata: HashMap<String, String>,
    jurisdictions: HashMap<String, String>,
    /// Each jurisdiction's own name, by id.
    jurisdiction_names: HashMap<String, String>,
    /// People's ids by lower-case name or alias and by Wikidata item.
    people: HashMap<String, String>,
    /// The people's ids, which an imported person must not take.
    ids: HashSet<String>,
    /// Every known term as (office, start), with its holder's id: an imported person with one of them is a
    /// known person under another spelling ("Peter R. Orszag" is the "Peter Orszag" who became budget director
    /// that day).
    appointments: HashMap<(String, String), String>,
    /// Terms in single-holder offices, as the periods they surely cover with their holder's id, by office.
    single_holder: HashMap<String, Vec<(NaiveDate, NaiveDate, String)>>,
}

impl Known {
    /// What the reference files at `paths` (read together, as one layer) define and describe.
    pub fn load(paths: &[std::path::PathBuf]) -> Result<Known, Vec<ConfigError>> {
        let mut texts = Vec::new();
        for path in paths {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| vec![ConfigError::new(&name, 0, 0, e.to_string())])?;
            texts.push((name, text));
        }
        ReferenceData::from_files(&texts).map(|data| Known::new(&data))
    }

    pub fn new(data: &ReferenceData) -> Known {
        let mut known = Known::default();
        for office in &data.offices {
            let jurisdiction = &data.jurisdictions[office.jurisdiction].id;
            for title in office.titles.iter().chain([&office.name]) {
                known
                    .offices_by_title
                    .entry((jurisdiction.clone(), title.to_lowercase()))
                    .or_insert_with(|| office.id.clone());
            }
            if let Some(item) = &office.wikidata {
                known.offices_by_wikidata.insert(item.clone(), office.id.clone());
            }
        }
        for j in &data.jurisdictions {
            for form in std::iter::once(&j.name).chain(&j.forms) {
                known.jurisdictions.insert(form.to_lowercase(), j.id.clone());
            }
            known.jurisdiction_names.insert(j.id.clone(), j.name.clone());
        }
        for office in data.offices.iter().filter(|o| o.single_holder) {
            known.single_holder.insert(office.id.clone(), Vec::new());
        }
        for person in data.people.iter() {
            known.ids.insert(person.id.clone());
            for term in &person.terms {
                let office = &data.offices[term.office].id;
                known
                    .appointments
                    .insert((office.clone(), term.from.to_string()), person.id.clone());
                if let Some(periods) = known.single_holder.get_mut(office)
                    && !term.acting
                {
                    let ends = term.to.or(term.source.checked).map_or(NaiveDate::MAX, |d| d.earliest());
                    periods.push((term.from.latest(), ends, person.id.clone()));
                }
            }
            for name in std::iter::once(&person.name).chain(&person.aliases) {
                known.people.insert(name.to_lowercase(), person.id.clone());
            }
            if let Some(item) = &person.wikidata {
                known.people.insert(item.clone(), person.id.clone());
            }
        }
        known
    }

    /// The office a title names in a jurisdiction ("us", "Secretary of State" → `us-secretary-of-state`).
    pub fn office(&self, jurisdiction: &str, title: &str) -> Option<&str> {
        self.offices_by_title
            .get(&(jurisdiction.to_string(), title.trim().to_lowercase()))
            .map(String::as_str)
    }

    pub fn office_by_wikidata(&self, item: &str) -> Option<&str> {
        self.offices_by_wikidata.get(item).map(String::as_str)
    }

    pub fn jurisdiction(&self, name: &str) -> Option<&str> {
        self.jurisdictions.get(&name.trim().to_lowercase()).map(String::as_str)
    }

    /// The name a known jurisdiction goes by ("United States" for a source's "United States of America").
    pub fn jurisdiction_name(&self, id: &str) -> Option<&str> {
        self.jurisdiction_names.get(id).map(String::as_str)
    }

    pub fn describes(&self, person: &ImportedPerson) -> bool {
        self.id_of(person).is_some()
    }

    /// The id of the known person an imported one is: by Wikidata item, name or alias, or appointment.
    fn id_of(&self, person: &ImportedPerson) -> Option<&str> {
        person
            .wikidata
            .iter()
            .cloned()
            .chain(
                std::iter::once(&person.name)
                    .chain(&person.aliases)
                    .map(|n| n.to_lowercase()),
            )
            .find_map(|key| self.people.get(&key))
            .or_else(|| {
                person
                    .terms
                    .iter()
                    .find_map(|t| self.appointments.get(&(t.office.clone(), t.from.clone())))
            })
            .map(String::as_str)
    }
}

/// What [`settle`] left out, for the importer's summary.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// People the known files describe.
    pub described: usize,
    /// Terms the source ends before they start.
    pub reversed: usize,
    /// Terms in a single-holder office that overlap another holder's (the source contradicts itself or the
    /// known files: an acting minister beside the one still listed, a handover dated twice).
    pub overlapping: usize,
}

/// What an import does with the people the known files already describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Described {
    /// Leave them to the known files (a file bundled beside them).
    LeaveOut,
    /// Write them under their known id, so that the file, loaded as a layer over the known files, renews their
    /// terms (a refresh).
    Extend,
}

/// Readies merged people for writing: leaves out (or, to extend, gives their known ids to) the people the known
/// files describe, drops the terms no reference file may hold (reversed, or overlapping another holder of a
/// single-holder office: the earlier term stands, since a contradiction is no evidence), and gives the rest ids
/// no known person has.
pub fn settle(people: &mut Vec<ImportedPerson>, known: &Known, described: Described) -> LeftOut {
    let mut left_out = LeftOut::default();
    let before = people.len();
    let mut extended: Vec<ImportedPerson> = Vec::new();
    people.retain_mut(|p| match known.id_of(p) {
        Some(id) => {
            if described == Described::Extend {
                p.id = id.to_string();
                extended.push(std::mem::take(p));
            }
            false
        }
        None => true,
    });
    left_out.described = before - people.len() - extended.len();
    let new_people = people.len();
    people.append(&mut extended);
    let bounds = |t: &ImportedTerm| {
        let from = PartialDate::parse(&t.from).ok()?;
        let to = match t.to.as_deref().or(t.checked.as_deref()) {
            Some(to) => Some(PartialDate::parse(to).ok()?),
            None => None,
        };
        Some((from, to))
    };
    for person in people.iter_mut() {
        person.terms.retain(|t| match bounds(t) {
            Some((from, Some(to))) if t.to.is_some() && to.latest() < from.earliest() => {
                left_out.reversed += 1;
                false
            }
            _ => true,
        });
    }
    // Single-holder terms in order of start, each kept only if it overlaps no term kept before it.
    let mut order: Vec<(NaiveDate, usize, usize)> = Vec::new();
    for (p, person) in people.iter().enumerate() {
        for (t, term) in person.terms.iter().enumerate() {
            if known.single_holder.contains_key(&term.office)
                && let Some((from, _)) = bounds(term)
            {
                order.push((from.earliest(), p, t));
            }
        }
    }
    order.sort_unstable();
    let mut periods = known.single_holder.clone();
    let mut drop: HashSet<(usize, usize)> = HashSet::new();
    for (_, p, t) in order {
        let term = &people[p].terms[t];
        let Some((from, to)) = bounds(term) else { continue };
        let ends = to.map_or(NaiveDate::MAX, |d| d.earliest());
        // An extended person's record may renew their own known term; people not yet named have no id.
        let holder = if p >= new_people {
            people[p].id.clone()
        } else {
            format!("\0{p}")
        };
        let kept = periods.entry(term.office.clone()).or_default();
        if kept
            .iter()
            .any(|(a, b, other)| *other != holder && from.latest().max(*a) < ends.min(*b))
        {
            drop.insert((p, t));
        } else {
            kept.push((from.latest(), ends, holder));
        }
    }
    left_out.overlapping = drop.len();
    for (p, person) in people.iter_mut().enumerate() {
        let terms = std::mem::take(&mut person.terms);
        person.terms = terms
            .into_iter()
            .enumerate()
            .filter(|(t, _)| !drop.contains(&(p, *t)))
            .map(|(_, term)| term)
            .collect();
    }
    let mut extended = people.split_off(new_people);
    people.retain(|p| !p.terms.is_empty());
    assign_ids(people, &known.ids);
    extended.retain(|p| !p.terms.is_empty());
    people.append(&mut extended);
    left_out
}

/// Source labels an importer could not map to an office, with how often each was seen.
#[derive(Debug, Default)]
pub struct Unmapped(pub BTreeMap<String, usize>);

impl Unmapped {
    pub fn add(&mut self, label: &str) {
        *self.0.entry(label.to_string()).or_default() += 1;
    }
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// Lower-case ASCII words joined by hyphens: "George H. W. Bush" → "george-h-w-bush".
pub fn slug(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ï' | 'î' | 'ì' => 'i',
            'ó' | 'ö' | 'ô' | 'ò' | 'õ' | 'ø' => 'o',
            'ú' | 'ü' | 'û' | 'ù' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// One list of people from several sources: records with the same key, or a name or alias in common when that
/// names only one person so far, become one person. Earlier sources win: a later source's term that overlaps one of the same
/// office already known is dropped (two sources dating one appointment a day apart); terms of one source are
/// all kept (a re-appointment overlaps the term it renews by a day or a year).
pub fn merge(sources: Vec<Vec<ImportedPerson>>) -> Vec<ImportedPerson> {
    let mut people: Vec<ImportedPerson> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for source in sources {
        // Within one source, two records of one name are two people (the Bushes) unless neither has a key: a
        // source that names people only by name (a cabinet table) means one person by one name.
        let this_source = people.len();
        for person in source {
            let names: Vec<String> = std::iter::once(&person.name)
                .chain(&person.aliases)
                .map(|n| slug(n))
                .collect();
            let same = person.key.as_ref().and_then(|k| by_key.get(k)).copied().or_else(|| {
                let mut candidates: Vec<usize> = names
                    .iter()
                    .filter_map(|n| by_name.get(n))
                    .flatten()
                    .copied()
                    .filter(|&i| i < this_source || people[i].key.is_none() && person.key.is_none())
                    .collect();
                candidates.sort_unstable();
                candidates.dedup();
                match candidates.as_slice() {
                    &[only] if people[only].key.is_none() || person.key.is_none() => Some(only),
                    _ => None,
                }
            });
            match same {
                Some(index) => absorb(&mut people[index], person, &mut by_key, index),
                None => {
                    if let Some(key) = &person.key {
                        by_key.insert(key.clone(), people.len());
                    }
                    for name in names {
                        by_name.entry(name).or_default().push(people.len());
                    }
                    people.push(person);
                }
            }
        }
    }
    for person in &mut people {
        person
            .terms
            .sort_by(|a, b| a.from.cmp(&b.from).then_with(|| a.office.cmp(&b.office)));
    }
    people
}

/// Adds another source's record of the same person to `target`.
fn absorb(target: &mut ImportedPerson, person: ImportedPerson, by_key: &mut HashMap<String, usize>, index: usize) {
    for alias in std::iter::once(person.name).chain(person.aliases) {
        if alias != target.name && !target.aliases.contains(&alias) {
            target.aliases.push(alias);
        }
    }
    target.wikidata = target.wikidata.take().or(person.wikidata);
    if target.key.is_none()
        && let Some(key) = person.key
    {
        by_key.insert(key.clone(), index);
        target.key = Some(key);
    }
    for term in person.terms {
        // Two terms of one source are two appointments (a re-appointment, a second term); of two sources, one
        // appointment dated twice, unless they are the same.
        let same_source = |t: &ImportedTerm| t.source.is_some() && t.source == term.source;
        if !target
            .terms
            .iter()
            .any(|t| t.office == term.office && (*t == term || !same_source(t) && overlap(t, &term)))
        {
            target.terms.push(term);
        }
    }
}

fn overlap(a: &ImportedTerm, b: &ImportedTerm) -> bool {
    let start = |t: &ImportedTerm| t.from.split('/').next().unwrap_or_default().to_string();
    let end = |t: &ImportedTerm| t.to.clone().unwrap_or_else(|| "9999".to_string());
    start(a) <= end(b) && start(b) <= end(a)
}

/// Ids for the merged people, unique and stable: the name's slug; for two people of one name, the slug of an
/// alias only one of them has (the Bushes' initials), else the source key. Aliases two people share are dropped,
/// since they could name either.
pub fn assign_ids(people: &mut [ImportedPerson], taken: &HashSet<String>) {
    let mut names: HashMap<String, usize> = HashMap::new();
    for person in people.iter() {
        for name in std::iter::once(&person.name).chain(&person.aliases) {
            *names.entry(name.clone()).or_default() += 1;
        }
    }
    let mut slugs: HashMap<String, usize> = HashMap::new();
    for person in people.iter() {
        *slugs.entry(slug(&person.name)).or_default() += 1;
    }
    let mut used: HashSet<String> = taken.clone();
    for person in people.iter_mut() {
        person.aliases.retain(|a| names[a] == 1);
        let base = slug(&person.name);
        let mut id = if slugs[&base] == 1 {
            base.clone()
        } else {
            let by_alias = person.aliases.iter().map(|a| slug(a)).find(|s| !slugs.contains_key(s));
            match (by_alias, &person.key) {
                (Some(alias), _) => alias,
                (None, Some(key)) => format!("{base}-{}", key.to_lowercase()),
                (None, None) => base.clone(),
            }
        };
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        person.id = id;
    }
}

/// Writes generated jurisdictions, offices and people as one reference file, with a header that says how to
/// regenerate it.
pub fn reference_yaml(
    provenance: &Provenance,
    jurisdictions: &[wikidata::Generated],
    offices: &[wikidata::Generated],
    people: &[ImportedPerson],
) -> String {
    let mut out = header(provenance);
    if !jurisdictions.is_empty() {
        let _ = writeln!(out, "jurisdictions:");
    }
    for j in jurisdictions {
        let _ = writeln!(out, "  - {{id: {}, name: {}}}", j.id, quoted(&j.name));
    }
    if !offices.is_empty() {
        let _ = writeln!(out, "offices:");
    }
    for o in offices {
        let titles: Vec<String> = o.titles.iter().map(|t| quoted(t)).collect();
        let item = o
            .wikidata
            .as_ref()
            .map_or(String::new(), |q| format!(", wikidata: {q}"));
        let _ = writeln!(
            out,
            "  - {{id: {}, name: {}, jurisdiction: {}, titles: [{}]{item}}}",
            o.id,
            quoted(&o.name),
            o.jurisdiction.as_deref().unwrap_or_default(),
            titles.join(", ")
        );
    }
    let _ = writeln!(out, "people:");
    for person in people {
        let _ = writeln!(out, "  - id: {}", quoted(&person.id));
        let _ = writeln!(out, "    name: {}", quoted(&person.name));
        if !person.aliases.is_empty() {
            let aliases: Vec<String> = person.aliases.iter().map(|a| quoted(a)).collect();
            let _ = writeln!(out, "    aliases: [{}]", aliases.join(", "));
        }
        if let Some(item) = &person.wikidata {
            let _ = writeln!(out, "    wikidata: {item}");
        }
        let _ = writeln!(out, "    terms:");
        for term in &person.terms {
            let to = term
                .to
                .as_ref()
                .map_or(String::new(), |to| format!(", to: {}", quoted(to)));
            let source = term
                .source
                .as_ref()
                .map_or(String::new(), |s| format!(", source: {}", quoted(s)));
            let checked = term
                .checked
                .as_ref()
                .map_or(String::new(), |c| format!(", checked: {}", quoted(c)));
            let _ = writeln!(
                out,
                "      - {{office: {}, from: {}{to}{source}{checked}}}",
                term.office,
                quoted(&term.from)
            );
        }
    }
    out
}

/// The comment lines and `source` section every generated file starts with.
fn header(provenance: &Provenance) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# yaml-language-server: $schema=../docs/schema/reference.json");
    let _ = writeln!(out, "# Generated by `{}`; do not edit by hand.", provenance.command);
    let _ = writeln!(
        out,
        "# Source: {} <{}>, licence {}.",
        provenance.name, provenance.url, provenance.licence
    );
    if let Some(query) = provenance.query {
        let _ = writeln!(out, "# Query:");
        for line in query.lines() {
            let _ = writeln!(out, "#   {line}");
        }
    }
    let _ = writeln!(out, "source:");
    let _ = writeln!(out, "  name: {}", quoted(provenance.name));
    let _ = writeln!(out, "  url: {}", quoted(provenance.url));
    let _ = writeln!(out, "  checked: {}", provenance.checked);
    let _ = writeln!(out, "  licence: {}", quoted(provenance.licence));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, key: Option<&str>, office: &str, from: &str) -> ImportedPerson {
        ImportedPerson {
            name: name.to_string(),
            key: key.map(str::to_string),
            terms: vec![ImportedTerm {
                office: office.to_string(),
                from: from.to_string(),
                to: None,
                source: None,
                checked: None,
            }],
            ..ImportedPerson::default()
        }
    }

    #[test]
    fn records_merge_by_key_then_by_unambiguous_name() {
        let congress = vec![
            person("John Kerry", Some("K1"), "us-senator", "1985-01-03"),
            person("John Smith", Some("S1"), "us-representative", "1800"),
            person("John Smith", Some("S2"), "us-representative", "1900"),
        ];
        let cabinet = vec![
            person("John Kerry", None, "us-secretary-of-state", "2013-02-01"),
            person("John Smith", None, "us-omb-director", "2000-01-01"),
        ];
        let mut people = merge(vec![congress, cabinet]);
        assert_eq!(people.len(), 4, "the ambiguous John Smith stays apart: {people:?}");
        assert_eq!(people[0].terms.len(), 2);
        assign_ids(&mut people, &HashSet::new());
        let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["john-kerry", "john-smith-s1", "john-smith-s2", "john-smith"]);
    }

    #[test]
    fn an_overlapping_term_from_a_later_source_is_dropped() {
        let first = vec![person("Mike Pence", Some("P1"), "us-vice-president", "2017-01-20")];
        let second = vec![person("Mike Pence", None, "us-vice-president", "2017-01-21")];
        let people = merge(vec![first, second]);
        assert_eq!(people[0].terms.len(), 1);
    }
}
