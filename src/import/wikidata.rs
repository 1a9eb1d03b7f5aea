//! Wikidata's "position held" (P39) with start (P580) and end (P582), from three shapes a newsroom can have
//! offline: CSV tables of SPARQL results (such as the every-politician world-leader extracts), SPARQL JSON
//! results, and lines of the entity dump. All become rows of named values, read by one function.
//!
//! Offices and jurisdictions the newsroom's files don't know are generated from the labels; people those files
//! already describe are left to them. A term without an end in a table taken on a known date is in office on
//! that date and unknown after it (`2022-10-10/..`).

use std::collections::HashMap;

use serde_json::Value;

use super::{ImportedPerson, ImportedTerm, Known, Unmapped, slug};

pub const SOURCE: &str = "Wikidata, position held (P39)";

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
            b.iter()
                .filter_map(|(var, v)| Some((var.clone(), plain(v.get("value")?.as_str()?))))
                .collect()
        })
        .collect())
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
                    // Wikidata precision: 9 year, 10 month, 11 day.
                    let date = plain(time);
                    let keep = match precision {
                        9 => 4,
                        10 => 7,
                        _ => 10,
                    };
                    row.insert(column.to_string(), date.get(..keep).unwrap_or(&date).to_string());
                }
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

/// The first of the named values present (and, for `item`, one that is or is not an item id).
fn pick<'a>(row: &'a Row, names: &[&str], item: bool) -> Option<&'a str> {
    names
        .iter()
        .filter_map(|n| row.get(*n))
        .map(String::as_str)
        .find(|v| is_item(v) == item)
}

impl World {
    /// Adds the terms in `rows`. `taken`: the date the table was taken, if known.
    pub fn add_rows(&mut self, rows: &[Row], taken: Option<&str>, known: &Known, unmapped: &mut Unmapped) {
        for row in rows {
            let person_item = pick(row, &["officeholder", "personID", "person"], true);
            let person_label = pick(row, &["officeholderLabel", "personLabel", "name", "person"], false);
            let (Some(person_item), Some(person_label)) = (person_item, person_label) else {
                continue;
            };
            let Some(office) = self.office(row, known, unmapped) else {
                continue;
            };
            let Some(from) = pick(row, &["start_year", "start"], false) else {
                continue;
            };
            let to = match (
                pick(row, &["end_year", "end"], false),
                row.get("last_seen").map(String::as_str).or(taken),
            ) {
                (Some(end), _) => Some(end.to_string()),
                (None, Some(seen)) => Some(format!("{seen}/..")),
                (None, None) => None,
            };
            self.people.push(ImportedPerson {
                name: person_label.to_string(),
                wikidata: Some(person_item.to_string()),
                key: Some(person_item.to_string()),
                terms: vec![ImportedTerm {
                    office,
                    from: from.to_string(),
                    to,
                    source: Some(SOURCE),
                }],
                ..ImportedPerson::default()
            });
        }
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
        let lower = title.to_lowercase();
        if (lower.contains("foreign") || lower.contains("external")) && !lower.contains("deputy") {
            titles.push("Foreign Minister".to_string());
        }
        // An office under another label ("Ukrainian Minister of Foreign Affairs") is the one its titles name.
        if let Some(id) = titles.iter().find_map(|t| known.office(&jurisdiction, t)) {
            return Some(id.to_string());
        }
        let shares_a_title = |o: &&Generated| {
            o.jurisdiction.as_deref() == Some(jurisdiction.as_str()) && o.titles.iter().any(|t| titles.contains(t))
        };
        if let Some(existing) = self.offices.iter().find(shares_a_title) {
            return Some(existing.id.clone());
        }
        let id = format!("{jurisdiction}-{}", slug(title));
        self.offices.push(Generated {
            id: id.clone(),
            name: if title == label {
                format!("{label} ({country})")
            } else {
                label.to_string()
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
        let files = "jurisdictions: [{id: tr, name: Turkey, names: [Türkiye]}]
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
        assert_eq!(world.jurisdictions[0].id, "albania");
        assert_eq!(world.offices[0].id, "albania-president");
        assert_eq!(world.offices[0].titles, ["President"]);
        assert_eq!(world.people[1].terms[0].to.as_deref(), Some("2022-10-10/.."));
        assert_eq!(
            world.people[2].terms[0].office, "tr-president",
            "a known office by its item"
        );
        assert!(known().describes(&world.people[2]));
        assert_eq!(
            world.people[3].terms[0].office, "tr-foreign-minister",
            "a known office by a title"
        );
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
        assert_eq!(world.people[0].terms[0].office, "tr-president");
        assert!(rows_from_sparql("{}").is_err());
        assert_eq!(
            plain("Antônio Augusto Cançado Trindade"),
            "Antônio Augusto Cançado Trindade"
        );
        assert!(rows_from_entities("{nope").unwrap_err().starts_with("line 1:"));
    }
}
