//! Wikidata's "position held" (P39) with start (P580) and end (P582), from three shapes a newsroom can have
//! offline: CSV tables of SPARQL results (such as the every-politician world-leader extracts), SPARQL JSON
//! results, and lines of the entity dump. All become rows of named values, read by one function.
//!
//! Offices and jurisdictions the newsroom's files don't know are generated from the labels; people those files
//! already describe are left to them. A term without an end in a table taken on a known date is in office on
//! that date and unknown after it (`2022-10-10/..`).

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{ImportedPerson, ImportedTerm, Known, Unmapped, slug};
use crate::reference::PartialDate;

pub const SOURCE: &str = "Wikidata, position held (P39)";
pub const SOURCE_URL: &str = "https://www.wikidata.org/wiki/Property:P39";
pub const LICENCE: &str = "CC0-1.0";

/// One result row: variable or column name → value, with entity URIs cut to their item id.
pub type Row = HashMap<String, String>;

/// A jurisdiction or office the import had to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub id: String,
    pub name: String,
    pub jurisdiction: Option<String>,
    pub titles: Vec<String>,
    pub wikidata: Option<String>,
}

/// What a Wikidata import produces.
#[derive(Debug, Default)]
pub struct World {
    pub jurisdictions: Vec<Generated>,
    pub offices: Vec<Generated>,
    pub people: Vec<ImportedPerson>,
    statements: BTreeMap<StatementKey, Statement>,
    /// The dates of the versions of each office's table.
    timelines: HashMap<String, Vec<PartialDate>>,
}

fn is_item(text: &str) -> bool {
    text.len() > 1 && text.starts_with('Q') && text[1..].bytes().all(|b| b.is_ascii_digit())
}

/// "http://www.wikidata.org/entity/Q42" → "Q42"; "2017-01-20T00:00:00Z" → "2017-01-20".
fn plain(value: &str) -> String {
    let value = value.trim();
    if let Some(item) = value
        .rsplit('/')
        .next()
        .filter(|q| value.contains("wikidata.org/") && is_item(q))
    {
        return item.to_string();
    }
    let value = value.trim_start_matches('+');
    match value.split_once('T') {
        Some((date, _))
            if date
                .as_bytes()
                .get(..4)
                .is_some_and(|y| y.iter().all(u8::is_ascii_digit)) =>
        {
            date.to_string()
        }
        _ => value.to_string(),
    }
}

pub fn rows_from_csv(text: &str) -> Result<Vec<Row>, csv::Error> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        rows.push(
            headers
                .iter()
                .zip(record.iter())
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(h, v)| (h.clone(), plain(v)))
                .collect(),
        );
    }
    Ok(rows)
}

/// SPARQL 1.1 query results in JSON (`results.bindings`).
pub fn rows_from_sparql(text: &str) -> Result<Vec<Row>, String> {
    let json: Value =
        serde_json::from_str(text).map_err(|e| format!("{e} (line {}, column {})", e.line(), e.column()))?;
    let bindings = json
        .pointer("/results/bindings")
        .and_then(Value::as_array)
        .ok_or("not SPARQL JSON results: no `results.bindings`")?;
    Ok(bindings
        .iter()
        .filter_map(Value::as_object)
        .map(|b| {
            let mut row: Row = b
                .iter()
                .filter_map(|(var, v)| Some((var.clone(), plain(v.get("value")?.as_str()?))))
                .collect();
            // A query that asks for `wikibase:timePrecision` (as `factlint data update`'s does) gets it beside
            // each date: a year-precise start comes as 1 January otherwise.
            for (column, precision) in [("start", "startPrecision"), ("end", "endPrecision")] {
                let precision = row.get(precision).and_then(|p| p.parse::<u64>().ok());
                if let (Some(precision), Some(date)) = (precision, row.get_mut(column)) {
                    *date = at_precision(date, precision).to_string();
                }
            }
            row
        })
        .collect())
}

/// A date cut to its Wikidata precision (9 year, 10 month, 11 day and finer).
fn at_precision(date: &str, precision: u64) -> &str {
    let keep = match precision {
        9 => 4,
        10 => 7,
        _ => 10,
    };
    date.get(..keep).unwrap_or(date)
}

/// Entity dump lines (one JSON entity a line, as in `latest-all.json`, with or without the trailing comma):
/// a row per "position held" statement.
pub fn rows_from_entities(text: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim().trim_end_matches(',');
        if line.is_empty() || line == "[" || line == "]" {
            continue;
        }
        let entity: Value = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let (Some(id), Some(label)) = (
            entity.get("id").and_then(Value::as_str),
            entity.pointer("/labels/en/value").and_then(Value::as_str),
        ) else {
            continue;
        };
        let statements = entity.pointer("/claims/P39").and_then(Value::as_array);
        for statement in statements.into_iter().flatten() {
            let Some(position) = statement
                .pointer("/mainsnak/datavalue/value/id")
                .and_then(Value::as_str)
            else {
                continue;
            };
            let mut row = Row::from([
                ("person".to_string(), id.to_string()),
                ("personLabel".to_string(), label.to_string()),
                ("position".to_string(), position.to_string()),
            ]);
            for (property, column) in [("P580", "start"), ("P582", "end")] {
                let time = statement
                    .pointer(&format!("/qualifiers/{property}/0/datavalue/value"))
                    .and_then(|v| Some((v.get("time")?.as_str()?, v.get("precision")?.as_u64()?)));
                if let Some((time, precision)) = time {
                    row.insert(column.to_string(), at_precision(&plain(time), precision).to_string());
                }
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

/// Whether a row's position label matches one of `patterns`.
pub fn position_matches(row: &Row, patterns: &[regex::Regex]) -> bool {
    pick(row, &["positionLabel", "position"], false).is_some_and(|label| patterns.iter().any(|p| p.is_match(label)))
}

/// Gives rows that name no country this one (a table of one country's offices).
pub fn set_missing_country(rows: &mut [Row], country: &str) {
    for row in rows {
        if !row.contains_key("country") && !row.contains_key("countryLabel") {
            row.insert("country".to_string(), country.to_string());
        }
    }
}

/// The first of the named values present (and, for `item`, one that is or is not an item id).
fn pick<'a>(row: &'a Row, names: &[&str], item: bool) -> Option<&'a str> {
    names
        .iter()
        .filter_map(|n| row.get(*n))
        .map(String::as_str)
        .find(|v| is_item(v) == item)
}

/// One "position held" statement as the versions of a table saw it: who, which office, from when, and on which
/// dates it was open or ended.
#[derive(Debug, Default)]
struct Statement {
    label: String,
    /// The dates of the versions that held the statement with no end (the newest last).
    open: Vec<PartialDate>,
    /// The end the newest version that gave one gave, with that version's date.
    end: Option<(PartialDate, String)>,
    /// The first version that held it, when the table says.
    first_seen: Option<PartialDate>,
    /// Open in a table that has no date: in office as of the import.
    undated_open: bool,
    /// The page that states it, for a hand-written table (its `source` column).
    source: Option<String>,
}

type StatementKey = (String, String, String);

impl World {
    /// Adds the terms in `rows`. `taken`: the date the table was taken, if known (a year for an undated version
    /// that its content dates). A row's own `last_seen` (a union of versions) or `source_date` wins over it.
    pub fn add_rows(&mut self, rows: &[Row], taken: Option<&str>, known: &Known, unmapped: &mut Unmapped) {
        for row in rows {
            let person_item = pick(row, &["officeholder", "personID", "person"], true);
            let person_label = pick(row, &["officeholderLabel", "personLabel", "name", "person"], false);
            // A hand-written table may name a person without an item: the name stands for them.
            let Some(person_label) = person_label else {
                continue;
            };
            let person_item = person_item.unwrap_or(person_label);
            let Some(office) = self.office(row, known, unmapped) else {
                continue;
            };
            let Some(from) = pick(row, &["start_year", "start"], false) else {
                continue;
            };
            let seen = row
                .get("last_seen")
                .or_else(|| row.get("source_date"))
                .map(String::as_str)
                .or(taken)
                .and_then(|d| PartialDate::parse(d).ok());
            let first_seen = row.get("first_seen").and_then(|d| PartialDate::parse(d).ok());
            let end = pick(row, &["end_year", "end"], false);
            let key = self.statement_key(person_item, &office, from);
            let timeline = self.timelines.entry(office.clone()).or_default();
            timeline.extend(seen.into_iter().chain(first_seen));
            let statement = self.statements.entry(key).or_default();
            statement.label = person_label.to_string();
            if let Some(source) = row.get("source") {
                statement.source = Some(source.clone());
            }
            statement.first_seen = match (statement.first_seen, first_seen.or(seen)) {
                (Some(a), Some(b)) => Some(if b.earliest() < a.earliest() { b } else { a }),
                (a, b) => a.or(b),
            };
            match (end, seen) {
                (Some(end), seen) => {
                    let newer = statement
                        .end
                        .as_ref()
                        .is_none_or(|(at, _)| seen.is_some_and(|s| s.earliest() >= at.earliest()));
                    if newer && let Ok(end_date) = PartialDate::parse(end) {
                        statement.end = Some((seen.unwrap_or(end_date), end.to_string()));
                    }
                }
                (None, Some(seen)) => statement.open.push(seen),
                // A table with no date: open as of the import.
                (None, None) => statement.undated_open = true,
            }
        }
    }

    /// The key of a statement: one already recorded for the person and office whose start this start refines or
    /// is refined by (a year and a day within it are the same appointment), else a new one.
    fn statement_key(&mut self, person: &str, office: &str, from: &str) -> StatementKey {
        let Ok(date) = PartialDate::parse(from) else {
            return (person.to_string(), office.to_string(), from.to_string());
        };
        let same = self.statements.keys().find(|(p, o, f)| {
            p == person
                && o == office
                && f != from
                && PartialDate::parse(f).is_ok_and(|other| {
                    let contains =
                        |a: PartialDate, b: PartialDate| a.earliest() <= b.earliest() && b.latest() <= a.latest();
                    contains(other, date) || contains(date, other)
                })
        });
        match same.cloned() {
            Some(key) if key.2.len() >= from.len() => key,
            Some(key) => {
                // The more precise start names the statement from now on.
                let statement = self.statements.remove(&key).unwrap_or_default();
                let new = (person.to_string(), office.to_string(), from.to_string());
                self.statements.insert(new.clone(), statement);
                new
            }
            None => (person.to_string(), office.to_string(), from.to_string()),
        }
    }

    /// Turns the recorded statements into people with terms. A statement open in the newest version of the whole
    /// import is open; open only in an older version of its office's table, it is in office then and unknown
    /// after; with an end, it ends then (narrowed to after the last version that saw it open); gone from a later
    /// version of its office's table without an end, it ended between the last version that saw it and the
    /// first that did not — narrowed to the start of the one new holder who appeared in that version. A
    /// statement open beside a later-started one in the same version is not taken as current.
    ///
    /// `checked`: the import's date; a statement open in the newest version is open only if that version is of
    /// this date (else it is in office on the version's date, unknown after).
    pub fn finish(&mut self, checked: Option<PartialDate>) {
        let newest = self
            .timelines
            .values()
            .flatten()
            .max_by_key(|d| d.latest())
            .copied()
            .filter(|n| Some(*n) == checked);
        let statements = std::mem::take(&mut self.statements);
        let open_at = |office: &str, date: &PartialDate| -> Vec<(&StatementKey, &Statement)> {
            statements
                .iter()
                .filter(|((_, o, _), s)| o == office && s.open.contains(date))
                .collect()
        };
        let mut people: Vec<ImportedPerson> = Vec::new();
        for (key, statement) in &statements {
            let (person, office, from) = key;
            let Ok(start) = PartialDate::parse(from) else {
                continue;
            };
            let mut timeline: Vec<PartialDate> = self.timelines.get(office).cloned().unwrap_or_default();
            timeline.sort_by_key(PartialDate::earliest);
            timeline.dedup();
            // Open in a version beside a holder who started later: that version is no evidence it was current.
            let superseded = |date: &PartialDate| {
                open_at(office, date).iter().any(|((p, _, f), _)| {
                    p != person && PartialDate::parse(f).is_ok_and(|other| other.earliest() > start.latest())
                })
            };
            let open_last = statement
                .open
                .iter()
                .filter(|d| !superseded(d))
                .max_by_key(|d| d.latest())
                .copied();
            let open_any = statement.open.iter().max_by_key(|d| d.latest()).copied();
            // An end seen before the statement was last seen open was taken back (or was another statement's).
            let end = statement
                .end
                .as_ref()
                .filter(|(at, _)| open_any.is_none_or(|open| at.latest() >= open.latest()));
            // An open term in a table older than the import is open as of that table.
            let mut checked = None;
            let to = if let Some((_, end)) = end
                && let Ok(end_date) = PartialDate::parse(end)
            {
                match open_last {
                    Some(last) if last.latest() >= end_date.earliest() && last.latest() <= end_date.latest() => {
                        Some(format!("{}/{end}", last))
                    }
                    _ => Some(end.clone()),
                }
            } else if let Some(last) = open_last {
                let next = timeline.iter().find(|d| d.earliest() > last.latest()).copied();
                if open_any != open_last {
                    Some(format!("{last}/.."))
                } else if let Some(next) = next {
                    // The one holder new in the version that no longer has this one: the handover was by their start.
                    let newcomers: Vec<PartialDate> = open_at(office, &next)
                        .iter()
                        .filter(|((p, _, _), s)| p != person && s.first_seen == Some(next))
                        .filter_map(|((_, _, f), _)| PartialDate::parse(f).ok())
                        .collect();
                    let until = match newcomers.as_slice() {
                        [one] if one.latest() < next.latest() && one.latest() >= last.latest() => {
                            one.latest().to_string()
                        }
                        _ => next.to_string(),
                    };
                    Some(format!("{last}/{until}"))
                } else {
                    if Some(last) != newest {
                        checked = Some(last.to_string());
                    }
                    None
                }
            } else if statement.undated_open {
                None
            } else {
                // Only ever seen open beside a later-started holder: in office at its start, unknown after.
                Some(format!("{from}/.."))
            };
            let item = is_item(person).then(|| person.clone());
            people.push(ImportedPerson {
                name: statement.label.clone(),
                wikidata: item.clone(),
                key: item,
                terms: vec![ImportedTerm {
                    office: office.clone(),
                    from: from.clone(),
                    to,
                    source: Some(statement.source.clone().unwrap_or_else(|| SOURCE.to_string())),
                    checked,
                }],
                ..ImportedPerson::default()
            });
        }
        self.people.extend(people);
    }

    /// The office of a row: known by its item, known by its label in its country, or generated.
    fn office(&mut self, row: &Row, known: &Known, unmapped: &mut Unmapped) -> Option<String> {
        let item = pick(row, &["position"], true);
        if let Some(id) = item.and_then(|q| known.office_by_wikidata(q)) {
            return Some(id.to_string());
        }
        if let Some(generated) = self
            .offices
            .iter()
            .find(|o| o.wikidata.is_some() && o.wikidata.as_deref() == item)
        {
            return Some(generated.id.clone());
        }
        let label = pick(row, &["positionLabel", "position"], false);
        let country = pick(row, &["countryLabel", "country"], false);
        let (Some(label), Some(country)) = (label, country.or_else(|| united_nations(label?))) else {
            unmapped.add(label.or(item).unwrap_or("a row without a position"));
            return None;
        };
        let jurisdiction = self.jurisdiction(country, known);
        if let Some(id) = known.office(&jurisdiction, label) {
            return Some(id.to_string());
        }
        let title = strip_country(label, country);
        let mut titles = vec![title.to_string()];
        // "President of the Republic of Poland", "President of the French Republic": writers say "President".
        // Not "Secretary of State for Foreign and Commonwealth Affairs": a portfolio is no state.
        if let Some((head, state)) = title.split_once(" of ")
            && names_the_state(state, &jurisdiction, known)
        {
            titles.push(head.to_string());
        }
        for form in inverted(title) {
            if !titles.contains(&form) {
                titles.push(form);
            }
        }
        // "Federal Chancellor" is "Chancellor" in copy.
        if let Some(short) = title.strip_prefix("Federal ").filter(|s| !s.contains(" of ")) {
            titles.push(short.to_string());
        }
        // "Turkish Minister of Foreign Affairs": the country's adjective may come first.
        let without_adjective = title
            .split_once(' ')
            .filter(|(first, _)| known.jurisdiction(first) == Some(jurisdiction.as_str()))
            .map_or(title, |(_, rest)| rest);
        if FOREIGN_MINISTER.is_match(without_adjective) && !titles.iter().any(|t| t == "Foreign Minister") {
            titles.push("Foreign Minister".to_string());
        }
        // An office under another label ("Ukrainian Minister of Foreign Affairs") is the one its titles name.
        if let Some(id) = titles.iter().find_map(|t| known.office(&jurisdiction, t)) {
            return Some(id.to_string());
        }
        // One office under two labels ("monarch", "Monarch of the United Kingdom"), or a label seen before.
        let id = format!("{jurisdiction}-{}", slug(title));
        let shares_a_title = |o: &&Generated| {
            o.id == id
                || o.jurisdiction.as_deref() == Some(jurisdiction.as_str())
                    && o.titles
                        .iter()
                        .any(|t| titles.iter().any(|u| u.eq_ignore_ascii_case(t)))
        };
        if let Some(existing) = self.offices.iter().find(shares_a_title) {
            return Some(existing.id.clone());
        }
        self.offices.push(Generated {
            id: id.clone(),
            name: match known.jurisdiction_name(&jurisdiction).unwrap_or(country) {
                place if title == label && !label.contains(place) && !label.contains(country) => {
                    format!("{label} ({place})")
                }
                _ => label.to_string(),
            },
            jurisdiction: Some(jurisdiction),
            titles,
            wikidata: item.map(str::to_string),
        });
        Some(id)
    }

    fn jurisdiction(&mut self, name: &str, known: &Known) -> String {
        if let Some(id) = known.jurisdiction(name) {
            return id.to_string();
        }
        let id = slug(name);
        if !self.jurisdictions.iter().any(|j| j.id == id) {
            self.jurisdictions.push(Generated {
                id: id.clone(),
                name: name.to_string(),
                jurisdiction: None,
                titles: Vec::new(),
                wikidata: None,
            });
        }
        id
    }
}

/// Words that say the rest of an office's label names the state ("of the Republic", "of the French Republic").
const STATE_WORDS: &[&str] = &[
    "Republic",
    "Kingdom",
    "Federation",
    "Commonwealth",
    "Principality",
    "Confederation",
    "Emirates",
    "Sultanate",
];

/// The form copy puts before a name, for a one-word title of a portfolio or a place: "Minister of Justice" →
/// "Justice Minister", "Governor of Alabama" → "Alabama Governor" and, in AP style, "Alabama Gov.". A longer
/// complement ("Speaker of the House of Commons", "Minister of State for Europe") reads badly turned round.
fn inverted(title: &str) -> Vec<String> {
    let Some((head, complement)) = title.split_once(" of ") else {
        return Vec::new();
    };
    let complement = complement.strip_prefix("the ").unwrap_or(complement);
    let words: Vec<&str> = complement.split(' ').collect();
    let plain_name = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(char::is_alphabetic)
            && !STATE_WORDS.contains(w)
    };
    if !INVERTIBLE_HEADS.contains(&head) || words.len() > 3 || !words.iter().all(plain_name) {
        return Vec::new();
    }
    let mut forms = vec![format!("{complement} {head}")];
    if head == "Governor" {
        forms.push(format!("{complement} Gov."));
    }
    forms
}

/// The head of a country's diplomacy, whatever the portfolio's full name ("Minister for Foreign Affairs, European
/// Union and Cooperation", "Secretary of State for Foreign and Commonwealth Affairs"); not a junior minister "of
/// State for Foreign Affairs", a deputy, nor the head of a foreign intelligence service.
static FOREIGN_MINISTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:Federal )?(?:(?:Minister|Secretary(?: of State)?) (?:of|for) (?:the )?(?:Foreign|External) (?:Affairs|Relations)|Foreign (?:Minister|Secretary)\b)",
    )
    .expect("a valid pattern")
});

/// Whether the rest of a label after " of " names the state itself, so that the head alone is the title
/// writers use: "President of the Republic", "President of the French Republic", "President of the Republic of
/// Poland", "Prime Minister of Japan"; not "President of the Sakha Republic" nor "Secretary of State for ...".
fn names_the_state(rest: &str, jurisdiction: &str, known: &Known) -> bool {
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let is_this = |name: &str| known.jurisdiction(name) == Some(jurisdiction);
    if STATE_WORDS.contains(&rest) || is_this(rest) {
        return true;
    }
    if let Some((word, name)) = rest.split_once(" of ") {
        return STATE_WORDS.contains(&word) && is_this(name.strip_prefix("the ").unwrap_or(name));
    }
    match rest.rsplit_once(' ') {
        // "French Republic": the country's adjective before a state word.
        Some((adjective, word)) => STATE_WORDS.contains(&word) && is_this(adjective),
        None => false,
    }
}

/// Titles that copy turns round before a name ("Health Minister", "Senate President"); not a monarch's ("King of
/// the Belgians") nor a head of state's of the state itself ("President of the Republic").
const INVERTIBLE_HEADS: &[&str] = &[
    "Minister",
    "Secretary",
    "Governor",
    "Premier",
    "Mayor",
    "Speaker",
    "President",
    "Chancellor",
    "Chief",
    "Director",
    "Chairman",
    "Chair",
    "Chairperson",
    "Commissioner",
    "Administrator",
];

/// The UN's offices come without a country.
fn united_nations(label: &str) -> Option<&'static str> {
    label.contains("United Nations").then_some("United Nations")
}

/// "President of Albania" → "President"; "Prime Minister of the United Kingdom" → "Prime Minister".
fn strip_country<'a>(label: &'a str, country: &str) -> &'a str {
    for joint in [" of the ", " of "] {
        if let Some(title) = label.strip_suffix(country).and_then(|rest| rest.strip_suffix(joint)) {
            return title;
        }
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::ReferenceData;

    fn known() -> Known {
        let files = "jurisdictions: [{id: tr, name: Turkey, names: [Türkiye], adjectives: [Turkish]}]
offices:
  - {id: tr-president, name: President of Turkey, jurisdiction: tr, titles: [President], wikidata: Q1255921}
  - {id: tr-foreign-minister, name: Minister of Foreign Affairs of Turkey, jurisdiction: tr, titles: [Foreign Minister]}
people:
  - {id: recep-tayyip-erdogan, name: Recep Tayyip Erdoğan, terms: [{office: tr-president, from: 2014-08-28}]}
";
        Known::new(&ReferenceData::from_files(&[("k.yaml".to_string(), files.to_string())]).unwrap())
    }

    #[test]
    fn csv_tables_generate_offices_and_jurisdictions_they_need() {
        let table = "countryid,country,position,positionLabel,officeholder,officeholderLabel,start_year,end_year
Q222,Albania,Q1625960,President of Albania,Q727132,Ilir Meta,2017,2022
Q222,Albania,Q1625960,President of Albania,Q107422711,Bajram Begaj,2022,
Q43,Turkey,Q1255921,President of Turkey,Q39259,Recep Tayyip Erdoğan,2014,
Q43,Turkey,Q9,Turkish Minister of Foreign Affairs,Q10,Hakan Fidan,2023,
";
        let mut world = World::default();
        let mut unmapped = Unmapped::default();
        world.add_rows(
            &rows_from_csv(table).unwrap(),
            Some("2022-10-10"),
            &known(),
            &mut unmapped,
        );
        world.finish(PartialDate::parse("2023-01-10").ok());
        assert_eq!(world.jurisdictions[0].id, "albania");
        assert_eq!(world.offices[0].id, "albania-president");
        assert_eq!(world.offices[0].titles, ["President"]);
        let person = |name: &str| world.people.iter().find(|p| p.name == name).unwrap();
        // Open in a table older than the import: open as of that table.
        let begaj = &person("Bajram Begaj").terms[0];
        assert_eq!(
            (begaj.to.as_deref(), begaj.checked.as_deref()),
            (None, Some("2022-10-10"))
        );
        assert_eq!(person("Ilir Meta").terms[0].to.as_deref(), Some("2022"));
        let erdogan = person("Recep Tayyip Erdoğan");
        assert_eq!(erdogan.terms[0].office, "tr-president", "a known office by its item");
        assert!(known().describes(erdogan));
        assert_eq!(
            person("Hakan Fidan").terms[0].office,
            "tr-foreign-minister",
            "a known office by a title"
        );
    }

    /// Dated versions of one table: who left between two versions, who came back, who is open beside a successor.
    #[test]
    fn versions_narrow_handovers_and_keep_reappointments() {
        let header = "countryid,country,position,positionLabel,officeholder,officeholderLabel,start_year,end_year\n";
        let v2023 = format!(
            "{header}Q16,Canada,Q1,Prime Minister of Canada,Q10,Justin Trudeau,2015,
Q399,Armenia,Q2,Prime Minister of Armenia,Q20,Nikol Pashinyan,2018,2021
Q399,Armenia,Q2,Prime Minister of Armenia,Q20,Nikol Pashinyan,2021,
Q963,Botswana,Q3,President of Botswana,Q30,Mokgweetsi Masisi,2018,
Q17,Japan,Q4,Prime Minister of Japan,Q40,Fumio Kishida,2021,
"
        );
        let v2024 = format!(
            "{header}Q16,Canada,Q1,Prime Minister of Canada,Q10,Justin Trudeau,2015,
Q399,Armenia,Q2,Prime Minister of Armenia,Q20,Nikol Pashinyan,2021,
Q963,Botswana,Q3,President of Botswana,Q30,Mokgweetsi Masisi,2018,
Q17,Japan,Q4,Prime Minister of Japan,Q40,Fumio Kishida,2021,2024
Q17,Japan,Q4,Prime Minister of Japan,Q41,Shigeru Ishiba,2024,
"
        );
        let v2026 = format!(
            "{header}Q16,Canada,Q1,Prime Minister of Canada,Q11,Mark Carney,2025,
Q399,Armenia,Q2,Prime Minister of Armenia,Q20,Nikol Pashinyan,2021,
Q963,Botswana,Q3,President of Botswana,Q30,Mokgweetsi Masisi,2018,
Q963,Botswana,Q3,President of Botswana,Q31,Duma Boko,2024,
Q17,Japan,Q4,Prime Minister of Japan,Q41,Shigeru Ishiba,2024,
"
        );
        let mut world = World::default();
        let mut unmapped = Unmapped::default();
        for (table, taken) in [(&v2023, "2023-06-03"), (&v2024, "2024-10-23"), (&v2026, "2026")] {
            world.add_rows(
                &rows_from_csv(table).unwrap(),
                Some(taken),
                &Known::default(),
                &mut unmapped,
            );
        }
        world.finish(PartialDate::parse("2026").ok());
        let terms = |name: &str| -> Vec<(String, Option<String>)> {
            world
                .people
                .iter()
                .filter(|p| p.name == name)
                .flat_map(|p| p.terms.iter().map(|t| (t.from.clone(), t.to.clone())))
                .collect()
        };
        let term = |from: &str, to: Option<&str>| (from.to_string(), to.map(str::to_string));
        // Gone in 2026, Carney new then from 2025: the handover was by the end of 2025.
        assert_eq!(terms("Justin Trudeau"), [term("2015", Some("2024-10-23/2025-12-31"))]);
        assert_eq!(terms("Mark Carney"), [term("2025", None)]);
        // Both statements of a re-appointment are kept.
        assert_eq!(
            terms("Nikol Pashinyan"),
            [term("2018", Some("2021")), term("2021", None)]
        );
        // An end year after the last version that saw the term open.
        assert_eq!(terms("Fumio Kishida"), [term("2021", Some("2024"))]);
        // Open beside a successor who started later: in office when last seen alone, unknown after.
        assert_eq!(terms("Mokgweetsi Masisi"), [term("2018", Some("2024-10-23/.."))]);
    }

    #[test]
    fn one_word_titles_of_a_portfolio_or_place_turn_round() {
        assert_eq!(inverted("Minister of Justice"), ["Justice Minister"]);
        assert_eq!(inverted("Minister of the Interior"), ["Interior Minister"]);
        assert_eq!(
            inverted("Governor of New Mexico"),
            ["New Mexico Governor", "New Mexico Gov."]
        );
        for title in [
            "King of the Belgians",
            "President of the Republic",
            "Speaker of the House of Commons",
            "Minister of State for Europe",
            "President of the Queen's Privy Council",
            "Prime Minister",
        ] {
            assert!(inverted(title).is_empty(), "{title}");
        }
    }

    #[test]
    fn tables_of_one_country_take_its_name_and_skip_what_is_asked() {
        let table = "position,person,personID,start,end
Minister of Health,Ana Example,Q1,2019-01-01,
ambassador to France,Ben Example,Q2,2019-01-01,
";
        let mut rows = rows_from_csv(table).unwrap();
        let skip = [regex::Regex::new("^ambassador ").unwrap()];
        rows.retain(|row| !position_matches(row, &skip));
        set_missing_country(&mut rows, "Zedland");
        let mut world = World::default();
        world.add_rows(&rows, Some("2022-07-23"), &Known::default(), &mut Unmapped::default());
        world.finish(None);
        assert_eq!(world.people.len(), 1);
        assert_eq!(world.people[0].terms[0].office, "zedland-minister-of-health");
        assert_eq!(world.offices[0].titles, ["Minister of Health", "Health Minister"]);
    }

    #[test]
    fn sparql_results_and_entity_lines_read_alike() {
        let sparql = r#"{"head": {"vars": ["person", "personLabel", "position", "start", "end"]},
          "results": {"bindings": [{
            "person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q39259"},
            "personLabel": {"type": "literal", "value": "Recep Tayyip Erdoğan"},
            "position": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1255921"},
            "start": {"type": "literal", "value": "2014-08-28T00:00:00Z"}}]}}"#;
        let entity = r#"[
{"id": "Q39259", "labels": {"en": {"value": "Recep Tayyip Erdoğan"}}, "claims": {"P39": [{"mainsnak": {"datavalue": {"value": {"id": "Q1255921"}}}, "qualifiers": {"P580": [{"datavalue": {"value": {"time": "+2014-08-28T00:00:00Z", "precision": 11}}}], "P582": [{"datavalue": {"value": {"time": "+2030-00-00T00:00:00Z", "precision": 9}}}]}}]}},
]"#;
        let from_sparql = rows_from_sparql(sparql).unwrap();
        let from_dump = rows_from_entities(entity).unwrap();
        assert_eq!(from_sparql[0]["person"], "Q39259");
        assert_eq!(from_sparql[0]["start"], "2014-08-28");
        assert_eq!(from_dump[0]["start"], "2014-08-28");
        assert_eq!(from_dump[0]["end"], "2030", "year precision keeps the year only");
        let mut world = World::default();
        let mut unmapped = Unmapped::default();
        world.add_rows(&from_dump, None, &known(), &mut unmapped);
        world.finish(None);
        assert_eq!(world.people[0].terms[0].office, "tr-president");
        assert!(rows_from_sparql("{}").is_err());
        let year_precise = r#"{"head": {"vars": ["start", "startPrecision"]}, "results": {"bindings": [{
            "start": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal",
                      "value": "2003-01-01T00:00:00Z"},
            "startPrecision": {"datatype": "http://www.w3.org/2001/XMLSchema#integer", "type": "literal",
                               "value": "9"}}]}}"#;
        assert_eq!(rows_from_sparql(year_precise).unwrap()[0]["start"], "2003");
        assert_eq!(
            plain("Antônio Augusto Cançado Trindade"),
            "Antônio Augusto Cançado Trindade"
        );
        assert!(rows_from_entities("{nope").unwrap_err().starts_with("line 1:"));
    }
}
