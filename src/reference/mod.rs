//! The reference stage: what factlint knows about the world, loaded from YAML, with every record's origin.
//!
//! People hold offices for terms with start and end dates (the shape of Wikidata's "position held"), offices
//! belong to jurisdictions, statistics carry a value, a source and the dates for which they are evidence. Every
//! record remembers its `file:line` and its source so that a finding can show the evidence it rests on.

pub mod cache;
mod date;
pub mod index;
pub mod names;
pub mod schema;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

pub use date::{MONTH_NAMES, PartialDate, day_in_words};

use crate::error::ConfigError;
use crate::yaml::{self, Scalar};
pub use schema::ReferenceFile;
use schema::SourceSpec;

pub type JurisdictionId = usize;
pub type OfficeId = usize;
pub type PersonId = usize;
pub type StatisticId = usize;
pub type EventId = usize;

/// Where a record is written: the file and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub file: Arc<str>,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// The source a user would cite for a record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
    /// When the data was last checked against the source.
    pub checked: Option<PartialDate>,
    pub licence: Option<String>,
    /// The last day an open term of this source is taken as in office: `checked` plus the source's `fresh-for`.
    /// `None` when the source has no check date.
    pub fresh_until: Option<NaiveDate>,
    /// The source's `fresh-for`: a number of days, months or years.
    pub fresh_for: (u32, char),
}

/// Evidence in JSON shows what a reader cites (name, url, check date, licence); the binary reference cache, which
/// is not human-readable, keeps every field, so that a cached source is the source that was loaded.
impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename = "Source")]
        struct Cited<'a> {
            name: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            url: &'a Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            checked: &'a Option<PartialDate>,
            #[serde(skip_serializing_if = "Option::is_none")]
            licence: &'a Option<String>,
        }
        #[derive(Serialize)]
        #[serde(rename = "Source")]
        struct Whole<'a> {
            name: &'a str,
            url: &'a Option<String>,
            checked: &'a Option<PartialDate>,
            licence: &'a Option<String>,
            fresh_until: &'a Option<NaiveDate>,
            fresh_for: &'a (u32, char),
        }
        if serializer.is_human_readable() {
            Cited {
                name: &self.name,
                url: &self.url,
                checked: &self.checked,
                licence: &self.licence,
            }
            .serialize(serializer)
        } else {
            Whole {
                name: &self.name,
                url: &self.url,
                checked: &self.checked,
                licence: &self.licence,
                fresh_until: &self.fresh_until,
                fresh_for: &self.fresh_for,
            }
            .serialize(serializer)
        }
    }
}

/// How long after its check date a source's open terms are taken as still running, unless it says otherwise.
pub const DEFAULT_FRESH_DAYS: u64 = 365;

/// Reads `365d`, `18m`, `2y`: a number of days, months or years.
fn parse_fresh_for(text: &str) -> Result<(u32, char), String> {
    let text = text.trim();
    let bad = || format!("`{text}` is not a period (expected a number followed by d, m or y: `365d`, `18m`, `2y`)");
    let unit = text.chars().last().ok_or_else(bad)?;
    let number: u32 = text[..text.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
    match unit {
        'd' | 'm' | 'y' => Ok((number, unit)),
        _ => Err(bad()),
    }
}

/// `date` plus a period read by [`parse_fresh_for`].
fn add_period(date: NaiveDate, (number, unit): (u32, char)) -> Option<NaiveDate> {
    match unit {
        'd' => date.checked_add_days(chrono::Days::new(u64::from(number))),
        'm' => date.checked_add_months(Months::new(number)),
        _ => date.checked_add_months(Months::new(number.saturating_mul(12))),
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)?;
        if let Some(url) = &self.url {
            write!(f, " <{url}>")?;
        }
        if let Some(checked) = &self.checked {
            write!(f, ", checked {}", checked.in_words())?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Jurisdiction {
    pub id: String,
    pub name: String,
    /// Every form that names it before a title: names, possessives, adjectives.
    pub forms: Vec<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Office {
    pub id: String,
    pub name: String,
    pub jurisdiction: JurisdictionId,
    pub titles: Vec<String>,
    pub single_holder: bool,
    /// The days on which the data lists every holder, so that a person without a term then never held it.
    pub complete: Option<(NaiveDate, NaiveDate)>,
    pub wikidata: Option<String>,
    pub origin: Origin,
}

impl Office {
    pub fn complete_on(&self, date: NaiveDate) -> bool {
        self.complete.is_some_and(|(from, until)| from <= date && date <= until)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub office: OfficeId,
    pub from: PartialDate,
    pub to: Option<PartialDate>,
    pub acting: bool,
    pub source: Source,
    pub origin: Origin,
    /// Column of the term in its file, for validation messages.
    pub column: usize,
}

impl Term {
    /// Whether the term may cover `date`; both ends count, so a handover day is never a finding.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from.earliest() <= date && self.to.is_none_or(|to| date <= to.latest())
    }

    /// Whether the term covers `date` however its partial dates are read, and, when it is open, the source was
    /// checked recently enough before `date` to say so.
    pub fn surely_covers(&self, date: NaiveDate) -> bool {
        self.from.latest() <= date && self.to.is_none_or(|to| date <= to.earliest()) && !self.stale_on(date)
    }

    /// An open term whose source was checked too long before `date` to tell whether it still ran then.
    pub fn stale_on(&self, date: NaiveDate) -> bool {
        self.to.is_none() && self.source.fresh_until.is_some_and(|until| until < date)
    }

    pub fn ended_before(&self, date: NaiveDate) -> bool {
        self.to.is_some_and(|to| to.latest() < date)
    }

    pub fn starts_after(&self, date: NaiveDate) -> bool {
        self.from.earliest() > date
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    pub description: Option<String>,
    pub terms: Vec<Term>,
    pub source: Source,
    pub origin: Origin,
}

/// Where a person stood with respect to an office on a date.
#[derive(Debug, Clone, Copy)]
pub enum Standing<'a> {
    Current(&'a Term),
    /// Held it before the date and not on it; the most recent such term.
    Past(&'a Term),
    /// Takes it only after the date; the first such term.
    NotYet(&'a Term),
    /// An open term whose source was checked too long before the date to tell whether it still ran then.
    Stale(&'a Term),
    /// The data can't tell: a term whose partial dates may or may not cover the date, or no term of an office
    /// whose holders the data does not all list on that date.
    Uncertain,
    Never,
}

impl Person {
    /// Where the person stood with the office on `date`. `complete` says the data lists every holder of the
    /// office on that date, so that no term means never.
    pub fn standing(&self, office: OfficeId, date: NaiveDate, complete: bool) -> Standing<'_> {
        let terms = || self.terms.iter().filter(move |t| t.office == office);
        if let Some(term) = terms().find(|t| t.surely_covers(date)) {
            return Standing::Current(term);
        }
        if let Some(term) = terms().find(|t| t.stale_on(date) && t.from.latest() <= date) {
            return Standing::Stale(term);
        }
        if terms().any(|t| t.covers(date)) {
            return Standing::Uncertain;
        }
        if let Some(term) = terms()
            .filter(|t| t.ended_before(date))
            .max_by_key(|t| t.from.earliest())
        {
            return Standing::Past(term);
        }
        // Without every holder listed on the date, an earlier term may simply be missing from the data
        // ("House Speaker Nancy Pelosi" in 2009, when only her later terms are listed): not yet, or never, is
        // concluded only where the list is complete.
        if !complete {
            return Standing::Uncertain;
        }
        match terms()
            .filter(|t| t.starts_after(date))
            .min_by_key(|t| t.from.earliest())
        {
            Some(term) => Standing::NotYet(term),
            None => Standing::Never,
        }
    }

    /// Takes a later layer's record of the same person: its terms replace the terms of the same office they
    /// overlap and come first, its name, aliases, item, description and source are added or win.
    fn extend(&mut self, later: Person) {
        self.terms.retain(|t| {
            !later.terms.iter().any(|l| {
                l.office == t.office
                    && l.from.earliest() <= t.to.map_or(NaiveDate::MAX, |d| d.latest())
                    && t.from.earliest() <= l.to.map_or(NaiveDate::MAX, |d| d.latest())
            })
        });
        // The later layer's terms first: evidence names the file of the first term, so the layer that extends.
        let earlier = std::mem::replace(&mut self.terms, later.terms);
        self.terms.extend(earlier);
        for name in std::iter::once(std::mem::replace(&mut self.name, later.name)).chain(later.aliases) {
            if name != self.name && !self.aliases.contains(&name) {
                self.aliases.push(name);
            }
        }
        self.wikidata = later.wikidata.or(self.wikidata.take());
        self.description = later.description.or(self.description.take());
        self.source = later.source;
        self.origin = later.origin;
    }

    /// The terms that cover `date`.
    pub fn current_terms(&self, date: NaiveDate) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(move |t| t.covers(date))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistic {
    pub id: String,
    pub name: String,
    pub value: f64,
    pub unit: String,
    pub as_of: Option<PartialDate>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub tolerance: f64,
    pub cues: Vec<String>,
    pub scope: Vec<String>,
    pub nouns: Vec<String>,
    /// The statistics this one adds up, when it is a sum.
    pub parts: Vec<StatisticId>,
    pub event: Option<EventId>,
    pub source: Source,
    pub origin: Origin,
}

impl Statistic {
    /// Whether the figure is evidence for an article dated `date`.
    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_until.is_none_or(|until| date <= until)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub name: String,
    pub date: PartialDate,
    pub place: Option<String>,
    pub facts: Vec<String>,
    pub source: Source,
    pub origin: Origin,
}

/// The people of the reference data: as loaded from YAML, or read one by one from a compiled index
/// ([`index`]) when a check first asks for them, so that a check touches only the people its article names.
#[derive(Default)]
pub struct People {
    loaded: Vec<Person>,
    indexed: Option<(index::Table<Person>, ReadPeople)>,
}

/// The people read from an index so far, each kept where it was first put, so that a reference to one lives as
/// long as the data.
type ReadPeople = elsa::sync::FrozenMap<PersonId, Box<Person>>;

impl People {
    fn indexed(rows: index::Table<Person>) -> People {
        People {
            loaded: Vec::new(),
            indexed: Some((rows, ReadPeople::new())),
        }
    }

    pub fn len(&self) -> usize {
        match &self.indexed {
            Some((rows, _)) => rows.len(),
            None => self.loaded.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every person, in order (from an index, each read as it is reached).
    pub fn iter(&self) -> impl Iterator<Item = &Person> {
        (0..self.len()).map(|id| &self[id])
    }
}

impl std::ops::Index<PersonId> for People {
    type Output = Person;

    fn index(&self, id: PersonId) -> &Person {
        match &self.indexed {
            Some((rows, read)) => match read.get(&id) {
                Some(person) => person,
                None => read.insert(id, Box::new(rows.get(id))),
            },
            None => &self.loaded[id],
        }
    }
}

impl From<Vec<Person>> for People {
    fn from(loaded: Vec<Person>) -> People {
        People { loaded, indexed: None }
    }
}

impl Clone for People {
    fn clone(&self) -> People {
        People {
            loaded: self.loaded.clone(),
            indexed: self.indexed.as_ref().map(|(rows, _)| (rows.clone(), ReadPeople::new())),
        }
    }
}

impl PartialEq for People {
    fn eq(&self, other: &People) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for People {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// All reference data, with indexes by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReferenceData {
    pub jurisdictions: Vec<Jurisdiction>,
    pub offices: Vec<Office>,
    pub people: People,
    pub statistics: Vec<Statistic>,
    pub events: Vec<Event>,
    /// The files read, in order.
    pub files: Vec<String>,
}

impl ReferenceData {
    /// Loads every `*.yaml`/`*.yml` file in `dir` (sorted by name, so ids resolve the same way every run).
    pub fn load_dir(dir: &Path) -> Result<ReferenceData, Vec<ConfigError>> {
        let files = crate::read_yaml_dir(dir).map_err(|e| vec![e])?;
        ReferenceData::from_files(&files)
    }

    /// Loads reference data from `(path, text)` pairs; all problems are reported, not just the first.
    pub fn from_files(files: &[(String, String)]) -> Result<ReferenceData, Vec<ConfigError>> {
        ReferenceData::from_layers(&[files.to_vec()])
    }

    /// Loads layers of reference data, each a list of `(path, text)` pairs, the later over the earlier: a later
    /// layer's jurisdiction, office, statistic or event replaces the one of the same id; a later layer's person
    /// with the same id or Wikidata item extends the earlier record (its terms replace the earlier terms of the
    /// same office they overlap, its names are added). Within one layer an id is defined once.
    pub fn from_layers(layers: &[Vec<(String, String)>]) -> Result<ReferenceData, Vec<ConfigError>> {
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        for (layer, files) in layers.iter().enumerate() {
            for (path, text) in files {
                match yaml::from_str::<ReferenceFile>(text) {
                    Ok(file) => parsed.push((path.as_str(), layer, file)),
                    Err(e) => errors.push(ConfigError::from_yaml(path, e)),
                }
            }
        }
        replace_across_layers(&mut parsed);
        let mut builder = Builder::default();
        builder.data.files = layers.iter().flatten().map(|(p, _)| p.clone()).collect();
        builder.build(parsed);
        errors.extend(builder.errors);
        if errors.is_empty() {
            Ok(builder.data)
        } else {
            Err(errors)
        }
    }

    /// The values a statistic adds up, with the records behind it: itself, then its parts (depth first). Without
    /// recursion, so a long chain of sums cannot exhaust the stack; loading refuses loops.
    pub fn statistic_records(&self, id: StatisticId) -> Vec<StatisticId> {
        let mut ids = Vec::new();
        let mut pending = vec![id];
        while let Some(next) = pending.pop() {
            ids.push(next);
            pending.extend(self.statistics[next].parts.iter().rev());
        }
        ids
    }
}

/// Drops the jurisdictions, offices, statistics and events that a later layer defines again.
fn replace_across_layers(files: &mut [(&str, usize, ReferenceFile)]) {
    fn last_layers<'a, T: 'a>(
        files: &'a [(&str, usize, ReferenceFile)],
        section: impl Fn(&'a ReferenceFile) -> &'a [Spanned<T>],
        id: impl Fn(&T) -> &str,
    ) -> HashMap<String, usize> {
        let mut last = HashMap::new();
        for (_, layer, file) in files {
            for record in section(file) {
                let entry = last.entry(id(&record.value).to_string()).or_insert(*layer);
                *entry = (*entry).max(*layer);
            }
        }
        last
    }
    let jurisdictions = last_layers(files, |f| &f.jurisdictions, |j| &j.id.value);
    let offices = last_layers(files, |f| &f.offices, |o| &o.id.value);
    let statistics = last_layers(files, |f| &f.statistics, |s| &s.id.value);
    let events = last_layers(files, |f| &f.events, |e| &e.id.value);
    for (_, layer, file) in files.iter_mut() {
        let keep = |last: &HashMap<String, usize>, id: &str| last.get(id).is_none_or(|l| l == layer);
        file.jurisdictions.retain(|j| keep(&jurisdictions, &j.value.id.value));
        file.offices.retain(|o| keep(&offices, &o.value.id.value));
        file.statistics.retain(|s| keep(&statistics, &s.value.id.value));
        file.events.retain(|e| keep(&events, &e.value.id.value));
    }
}

#[derive(Default)]
struct Builder {
    data: ReferenceData,
    /// The people so far; the data's when the build ends.
    people: Vec<Person>,
    errors: Vec<ConfigError>,
    jurisdiction_ids: HashMap<String, JurisdictionId>,
    office_ids: HashMap<String, OfficeId>,
    person_ids: HashMap<String, PersonId>,
    statistic_ids: HashMap<String, StatisticId>,
    event_ids: HashMap<String, EventId>,
    /// The layer each person was first defined in, and people by Wikidata item, for extensions by later layers.
    person_layers: Vec<usize>,
    people_by_wikidata: HashMap<String, PersonId>,
    /// For each statistic, its file and the place of each of its parts' `sum-of` entry, to point at a loop.
    sum_places: Vec<(String, Vec<(usize, usize)>)>,
}

fn origin_of<T>(file: &Arc<str>, record: &Spanned<T>) -> Origin {
    Origin {
        file: file.clone(),
        line: record.referenced.line() as usize,
    }
}

fn line_col<T>(s: &Spanned<T>) -> (usize, usize) {
    (s.referenced.line() as usize, s.referenced.column() as usize)
}

impl Builder {
    fn error(&mut self, file: &str, (line, column): (usize, usize), message: String) {
        self.errors.push(ConfigError::new(file, line, column, message));
    }

    fn ids(&mut self, kind: &str) -> &mut HashMap<String, usize> {
        match kind {
            "jurisdiction" => &mut self.jurisdiction_ids,
            "office" => &mut self.office_ids,
            "person" => &mut self.person_ids,
            "statistic" => &mut self.statistic_ids,
            _ => &mut self.event_ids,
        }
    }

    /// The index of a referenced id, or an error naming the nearest known id.
    fn lookup(&mut self, file: &str, kind: &str, id: &Spanned<String>) -> Option<usize> {
        let ids = self.ids(kind);
        if let Some(&index) = ids.get(&id.value) {
            return Some(index);
        }
        let near = crate::error::nearest(&id.value, ids.keys().map(String::as_str)).map(str::to_string);
        let mut error = ConfigError::new(
            file,
            id.referenced.line() as usize,
            id.referenced.column() as usize,
            format!("unknown {kind} `{}`", id.value),
        );
        if let Some(near) = near {
            error = error.with_hint(format!("did you mean `{near}`?"));
        }
        self.errors.push(error);
        None
    }

    fn date(&mut self, file: &str, scalar: &Scalar) -> Option<PartialDate> {
        match PartialDate::parse(&scalar.value) {
            Ok(d) => Some(d),
            Err(message) => {
                self.error(file, (scalar.line, scalar.column), message);
                None
            }
        }
    }

    fn source(&mut self, file: &str, spec: Option<&SourceSpec>) -> Source {
        let checked = spec.and_then(|s| s.checked.as_ref()).and_then(|c| self.date(file, c));
        let fresh_for = match spec.and_then(|s| s.fresh_for.as_ref()) {
            Some(scalar) => match parse_fresh_for(&scalar.value) {
                Ok(period) => period,
                Err(message) => {
                    self.error(file, (scalar.line, scalar.column), message);
                    (0, 'd')
                }
            },
            None => (DEFAULT_FRESH_DAYS as u32, 'd'),
        };
        Source {
            name: spec.map_or_else(|| "unnamed source".to_string(), |s| s.name.clone()),
            url: spec.and_then(|s| s.url.clone()),
            checked,
            licence: spec.and_then(|s| s.licence.clone()),
            fresh_until: checked.and_then(|c| add_period(c.earliest(), fresh_for)),
            fresh_for,
        }
    }

    /// Registers an id, refusing a duplicate.
    fn register(&mut self, file: &str, kind: &str, id: &Spanned<String>, index: usize) -> bool {
        if self.ids(kind).contains_key(&id.value) {
            self.error(file, line_col(id), format!("duplicate {kind} id `{}`", id.value));
            return false;
        }
        self.ids(kind).insert(id.value.clone(), index);
        true
    }

    fn build(&mut self, files: Vec<(&str, usize, ReferenceFile)>) {
        // Ids are registered across all files first, so records may refer to ids defined in any file.
        for (path, _, file) in &files {
            let origin_file: Arc<str> = Arc::from(*path);
            for spanned in &file.jurisdictions {
                let j = &spanned.value;
                if self.register(path, "jurisdiction", &j.id, self.data.jurisdictions.len()) {
                    let mut forms = vec![j.name.clone()];
                    forms.extend(j.names.iter().cloned());
                    let possessives: Vec<String> = forms
                        .iter()
                        .flat_map(|n| [format!("{n}'s"), format!("{n}’s")])
                        .collect();
                    forms.extend(possessives);
                    forms.extend(j.adjectives.iter().cloned());
                    self.data.jurisdictions.push(Jurisdiction {
                        id: j.id.value.clone(),
                        name: j.name.clone(),
                        forms,
                        origin: origin_of(&origin_file, spanned),
                    });
                }
            }
            for spanned in &file.statistics {
                self.register(path, "statistic", &spanned.value.id, self.statistic_ids.len());
            }
            for spanned in &file.events {
                self.register(path, "event", &spanned.value.id, self.event_ids.len());
            }
        }
        for (path, _, file) in &files {
            let origin_file: Arc<str> = Arc::from(*path);
            for spanned in &file.offices {
                let o = &spanned.value;
                let Some(jurisdiction) = self.lookup(path, "jurisdiction", &o.jurisdiction) else {
                    continue;
                };
                let complete = o.complete.as_ref().and_then(|c| {
                    let from = self.date(path, &c.from)?;
                    let until = self.date(path, &c.until)?;
                    Some((from.earliest(), until.latest()))
                });
                if self.register(path, "office", &o.id, self.data.offices.len()) {
                    self.data.offices.push(Office {
                        id: o.id.value.clone(),
                        name: o.name.clone(),
                        jurisdiction,
                        titles: o.titles.clone(),
                        single_holder: o.single_holder,
                        complete,
                        wikidata: o.wikidata.clone(),
                        origin: origin_of(&origin_file, spanned),
                    });
                }
            }
        }
        for (path, _, file) in &files {
            let origin_file: Arc<str> = Arc::from(*path);
            let default_source = self.source(path, file.source.as_ref());
            self.build_events(path, &origin_file, &default_source, file);
        }
        for (path, layer, file) in &files {
            let origin_file: Arc<str> = Arc::from(*path);
            let default_source = self.source(path, file.source.as_ref());
            self.build_people(path, *layer, &origin_file, &default_source, file);
            self.build_statistics(path, &origin_file, &default_source, file);
        }
        self.resolve_sums();
        self.check_overlaps();
        self.check_shared_aliases();
        names::add_variants(&mut self.people);
        self.data.people = People::from(std::mem::take(&mut self.people));
    }

    /// Two people in a single-holder office at once (beyond a handover day) is a data error.
    fn check_overlaps(&mut self) {
        let mut by_office: HashMap<OfficeId, Vec<(&Person, &Term)>> = HashMap::new();
        for person in &self.people {
            for term in person
                .terms
                .iter()
                .filter(|t| self.data.offices[t.office].single_holder && !t.acting)
            {
                by_office.entry(term.office).or_default().push((person, term));
            }
        }
        let mut errors = Vec::new();
        for (office, mut terms) in by_office {
            terms.sort_by_key(|(_, t)| t.from.earliest());
            for pair in terms.windows(2) {
                let ((first, a), (second, b)) = (pair[0], pair[1]);
                // Only terms that overlap however their partial dates are read (year-only handovers don't); an
                // open term surely runs only until its source was checked.
                let surely_ends = |t: &Term| match (t.to, t.source.checked) {
                    (Some(to), _) => to.earliest(),
                    (None, Some(checked)) => checked.earliest(),
                    (None, None) => NaiveDate::MAX,
                };
                if a.from.latest().max(b.from.latest()) < surely_ends(a).min(surely_ends(b)) && first.id != second.id {
                    errors.push(ConfigError::new(
                        &b.origin.file,
                        b.origin.line,
                        b.column,
                        format!(
                            "{} ({}) overlaps {} ({}, {}) in the single-holder office `{}`",
                            second.name, b.from, first.name, a.from, a.origin, self.data.offices[office].id
                        ),
                    ));
                }
            }
        }
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        self.errors.extend(errors);
    }

    /// An alias names one person; the same alias on two people makes every mention ambiguous.
    fn check_shared_aliases(&mut self) {
        let mut owner: HashMap<&str, &Person> = HashMap::new();
        for person in &self.people {
            for alias in &person.aliases {
                match owner.get(alias.as_str()) {
                    Some(first) if first.id != person.id => self.errors.push(ConfigError::new(
                        &person.origin.file,
                        person.origin.line,
                        1,
                        format!(
                            "alias `{alias}` of `{}` is also an alias of `{}` ({})",
                            person.id, first.id, first.origin
                        ),
                    )),
                    _ => {
                        owner.insert(alias, person);
                    }
                }
            }
        }
    }

    fn build_events(&mut self, path: &str, origin_file: &Arc<str>, default_source: &Source, file: &ReferenceFile) {
        for spanned in &file.events {
            let e = &spanned.value;
            let Some(date) = self.date(path, &e.date) else {
                continue;
            };
            self.data.events.push(Event {
                id: e.id.value.clone(),
                name: e.name.clone(),
                date,
                place: e.place.clone(),
                facts: e.facts.clone(),
                source: override_source(default_source, e.source.as_ref(), e.url.as_ref()),
                origin: origin_of(origin_file, spanned),
            });
        }
    }

    fn build_people(
        &mut self,
        path: &str,
        layer: usize,
        origin_file: &Arc<str>,
        default_source: &Source,
        file: &ReferenceFile,
    ) {
        for spanned in &file.people {
            let p = &spanned.value;
            let source = override_source(default_source, p.source.as_ref(), p.url.as_ref());
            let mut terms = Vec::new();
            for term_spanned in &p.terms {
                let t = &term_spanned.value;
                let Some(office) = self.lookup(path, "office", &t.office) else {
                    continue;
                };
                let (Some(from), to) = (self.date(path, &t.from), t.to.as_ref().map(|to| self.date(path, to))) else {
                    continue;
                };
                let to = match to {
                    Some(None) => continue,
                    Some(Some(to)) => Some(to),
                    None => None,
                };
                if let Some(to) = to
                    && to.latest() < from.earliest()
                {
                    let at = t.to.as_ref().map_or((0, 0), |s| (s.line, s.column));
                    self.error(path, at, format!("term ends ({to}) before it starts ({from})"));
                    continue;
                }
                let mut term_source = override_source(&source, t.source.as_ref(), None);
                if let Some(checked) = t.checked.as_ref().and_then(|c| self.date(path, c)) {
                    term_source.checked = Some(checked);
                    term_source.fresh_until = add_period(checked.earliest(), term_source.fresh_for);
                }
                terms.push(Term {
                    office,
                    from,
                    to,
                    acting: t.acting,
                    source: term_source,
                    origin: origin_of(origin_file, term_spanned),
                    column: term_spanned.referenced.column() as usize,
                });
            }
            let person = Person {
                id: p.id.value.clone(),
                name: p.name.clone(),
                aliases: p.aliases.clone(),
                wikidata: p.wikidata.clone(),
                description: p.description.clone(),
                terms,
                source,
                origin: origin_of(origin_file, spanned),
            };
            // The same person in an earlier layer, by id or Wikidata item: this record extends it.
            let earlier = self
                .person_ids
                .get(&p.id.value)
                .or_else(|| p.wikidata.as_ref().and_then(|q| self.people_by_wikidata.get(q)))
                .copied()
                .filter(|&i| self.person_layers[i] < layer);
            if let Some(index) = earlier {
                self.person_ids.entry(p.id.value.clone()).or_insert(index);
                self.people[index].extend(person);
                continue;
            }
            if self.register(path, "person", &p.id, self.people.len()) {
                if let Some(item) = &person.wikidata {
                    self.people_by_wikidata.entry(item.clone()).or_insert(self.people.len());
                }
                self.person_layers.push(layer);
                self.people.push(person);
            }
        }
    }

    fn build_statistics(&mut self, path: &str, origin_file: &Arc<str>, default_source: &Source, file: &ReferenceFile) {
        for spanned in &file.statistics {
            let s = &spanned.value;
            if s.value.is_none() == s.sum_of.is_empty() {
                self.error(
                    path,
                    line_col(&s.id),
                    format!("statistic `{}` needs either `value` or `sum-of`", s.id.value),
                );
            }
            let as_of = s.as_of.as_ref().and_then(|d| self.date(path, d));
            let valid_from = s
                .valid_from
                .as_ref()
                .and_then(|d| self.date(path, d))
                .map(|d| d.earliest());
            let valid_until = s
                .valid_until
                .as_ref()
                .and_then(|d| self.date(path, d))
                .map(|d| d.latest());
            let (parts, places): (Vec<StatisticId>, Vec<(usize, usize)>) = s
                .sum_of
                .iter()
                .filter_map(|part| Some((self.lookup(path, "statistic", part)?, line_col(part))))
                .unzip();
            self.sum_places.push((path.to_string(), places));
            let event = s.event.as_ref().and_then(|e| self.lookup(path, "event", e));
            self.data.statistics.push(Statistic {
                id: s.id.value.clone(),
                name: s.name.clone(),
                value: s.value.unwrap_or(0.0),
                unit: s.unit.clone(),
                as_of,
                valid_from: valid_from.or(as_of.map(|d| d.earliest())),
                valid_until: valid_until.or(as_of.and_then(|d| d.latest().checked_add_months(Months::new(12)))),
                tolerance: s.tolerance.unwrap_or(0.1),
                cues: s.cues.iter().map(|c| c.to_lowercase()).collect(),
                scope: s.scope.clone(),
                nouns: s.nouns.iter().map(|n| n.to_lowercase()).collect(),
                parts,
                event,
                source: override_source(default_source, s.source.as_ref(), s.url.as_ref()),
                origin: origin_of(origin_file, spanned),
            });
        }
    }

    /// Gives each sum its value and, unless written, the dates its parts are all valid for: parts first, in one
    /// pass over the order `sums_in_order` finds.
    fn resolve_sums(&mut self) {
        let Some(order) = self.sums_in_order() else {
            return;
        };
        let statistics = &mut self.data.statistics;
        for i in order {
            if statistics[i].parts.is_empty() {
                continue;
            }
            let parts: Vec<&Statistic> = statistics[i].parts.iter().map(|&p| &statistics[p]).collect();
            let value: f64 = parts.iter().map(|p| p.value).sum();
            let from = parts.iter().filter_map(|p| p.valid_from).max();
            let until = parts.iter().filter_map(|p| p.valid_until).min();
            let as_of = parts.iter().filter_map(|p| p.as_of).max_by_key(PartialDate::latest);
            let s = &mut statistics[i];
            s.as_of = s.as_of.or(as_of);
            s.value = value;
            s.valid_from = s.valid_from.or(from);
            s.valid_until = s.valid_until.or(until);
        }
    }

    /// Every statistic after its parts (a depth-first walk without recursion), or `None` with an error at the
    /// `sum-of` entry that closes each loop: a sum that includes itself has no value.
    fn sums_in_order(&mut self) -> Option<Vec<StatisticId>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let statistics = &self.data.statistics;
        let mut marks = vec![Mark::New; statistics.len()];
        let mut order = Vec::with_capacity(statistics.len());
        let mut loops = Vec::new();
        for root in 0..statistics.len() {
            if marks[root] != Mark::New {
                continue;
            }
            // Each entry: a statistic and how many of its parts have been walked.
            let mut path = vec![(root, 0)];
            marks[root] = Mark::Open;
            while let Some((id, walked)) = path.last_mut() {
                let (id, entry) = (*id, *walked);
                let Some(&part) = statistics[id].parts.get(entry) else {
                    marks[id] = Mark::Done;
                    order.push(id);
                    path.pop();
                    continue;
                };
                *walked += 1;
                match marks[part] {
                    Mark::New => {
                        marks[part] = Mark::Open;
                        path.push((part, 0));
                    }
                    Mark::Open => {
                        let start = path.iter().position(|&(s, _)| s == part).unwrap_or(0);
                        let through: Vec<&str> = path[start..]
                            .iter()
                            .map(|&(s, _)| statistics[s].id.as_str())
                            .chain([statistics[part].id.as_str()])
                            .collect();
                        loops.push((id, entry, through.join("` → `")));
                    }
                    Mark::Done => {}
                }
            }
        }
        for (id, entry, through) in &loops {
            let (file, places) = &self.sum_places[*id];
            let message = if statistics[*id].parts[*entry] == *id {
                format!("statistic `{}` is in its own `sum-of`", statistics[*id].id)
            } else {
                format!("`sum-of` makes a loop: `{through}`; a sum cannot include itself")
            };
            self.errors
                .push(ConfigError::new(file, places[*entry].0, places[*entry].1, message));
        }
        loops.is_empty().then_some(order)
    }
}

fn override_source(default: &Source, name: Option<&String>, url: Option<&String>) -> Source {
    Source {
        name: name.cloned().unwrap_or_else(|| default.name.clone()),
        url: url
            .cloned()
            .or_else(|| if name.is_some() { None } else { default.url.clone() }),
        checked: default.checked,
        licence: default.licence.clone(),
        fresh_until: default.fresh_until,
        fresh_for: default.fresh_for,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<ReferenceData, Vec<ConfigError>> {
        ReferenceData::from_files(&[("ref.yaml".to_string(), text.to_string())])
    }

    const WORLD: &str = "
source: {name: Test archive, checked: 2025-05-20}
jurisdictions:
  - {id: us, name: United States, names: [U.S.], adjectives: [American]}
offices:
  - {id: us-president, name: President of the United States, jurisdiction: us, titles: [President]}
people:
  - id: donald-trump
    name: Donald Trump
    terms:
      - {office: us-president, from: 2017-01-20, to: 2021-01-20}
      - {office: us-president, from: 2025-01-20}
";

    #[test]
    fn standing_follows_the_terms() {
        let data = load(WORLD).unwrap();
        let trump = &data.people[0];
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(matches!(
            trump.standing(0, day("2025-05-16"), false),
            Standing::Current(_)
        ));
        assert!(matches!(trump.standing(0, day("2024-06-01"), false), Standing::Past(_)));
        assert!(matches!(
            trump.standing(0, day("2016-06-01"), true),
            Standing::NotYet(_)
        ));
        // Where the data does not list every holder, an earlier term may be missing: not concluded.
        assert!(matches!(
            trump.standing(0, day("2016-06-01"), false),
            Standing::Uncertain
        ));
        assert_eq!(trump.origin.to_string(), "ref.yaml:8");
        assert_eq!(trump.source.to_string(), "Test archive, checked 20 May 2025");
        assert!(data.jurisdictions[0].forms.contains(&"U.S.'s".to_string()));
    }

    #[test]
    fn bad_records_are_refused_with_places() {
        let bad = WORLD.replace("office: us-president, from: 2025", "office: us-presdent, from: 2025")
            + "  - {id: donald-trump, name: Again}\n";
        let errors = load(&bad).unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            text.iter().any(|e| e.starts_with("ref.yaml:12:")
                && e.contains("unknown office `us-presdent`")
                && e.contains("did you mean `us-president`")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|e| e.contains("duplicate person id `donald-trump`")),
            "{text:?}"
        );

        let reversed = WORLD.replace("to: 2021-01-20", "to: 2016-01-20");
        let errors = load(&reversed).unwrap_err();
        assert!(
            errors[0]
                .to_string()
                .contains("term ends (2016-01-20) before it starts (2017-01-20)")
        );

        let unknown_key = WORLD.replace("    name: Donald Trump", "    nam: Donald Trump");
        let errors = load(&unknown_key).unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (9, 5), "{errors:?}");
    }
}
