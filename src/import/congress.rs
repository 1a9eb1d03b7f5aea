//! The `unitedstates/congress-legislators` files (CC0): `executive.yaml` (presidents and vice presidents) and
//! `legislators-current.yaml` (sitting members of Congress with all their terms and leadership roles) share one
//! shape; `legislators-historical.csv` names former members with their last chamber but no dates.
//!
//! A term's `end` there is the scheduled end; one after the data's date is written as open.

use serde::Deserialize;

use super::{ImportedPerson, ImportedTerm, Known, Unmapped};

pub const EXECUTIVE: &str = "unitedstates/congress-legislators, executive.yaml";
pub const CURRENT: &str = "unitedstates/congress-legislators, legislators-current.yaml";
pub const HISTORICAL: &str = "unitedstates/congress-legislators, legislators-historical.csv";

#[derive(Deserialize)]
struct Record {
    id: Ids,
    name: Name,
    #[serde(default)]
    terms: Vec<RecordTerm>,
    #[serde(default)]
    leadership_roles: Vec<Leadership>,
}

#[derive(Deserialize)]
struct Ids {
    bioguide: Option<String>,
    wikidata: Option<String>,
}

#[derive(Deserialize)]
struct Name {
    first: String,
    last: String,
    middle: Option<String>,
    suffix: Option<String>,
    nickname: Option<String>,
}

#[derive(Deserialize)]
struct RecordTerm {
    #[serde(rename = "type")]
    kind: String,
    start: String,
    end: Option<String>,
}

#[derive(Deserialize)]
struct Leadership {
    title: String,
    start: String,
    end: Option<String>,
}

/// The title a term type stands for, looked up among the known offices.
fn title_of(kind: &str) -> &str {
    match kind {
        "prez" => "President",
        "viceprez" => "Vice President",
        "sen" => "Senator",
        "rep" => "Representative",
        other => other,
    }
}

/// "Herbert Walker" → "H. W."
fn initials(middle: &str) -> String {
    middle
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The name writers use (nickname or first name, and last name) and the other forms of it.
fn names(name: &Name) -> (String, Vec<String>) {
    let first = name.nickname.clone().unwrap_or_else(|| name.first.clone());
    // Writers drop a "Jr." more often than not: the name goes without it, an alias with it.
    let full = format!("{first} {}", name.last);
    let mut aliases = Vec::new();
    if let Some(middle) = name.middle.as_deref().filter(|m| !m.is_empty()) {
        aliases.push(format!("{first} {} {}", initials(middle), name.last));
    }
    if name.nickname.is_some() {
        aliases.push(format!("{} {}", name.first, name.last));
    }
    if let Some(suffix) = name.suffix.as_deref().filter(|s| !s.is_empty()) {
        aliases.push(format!("{full} {suffix}"));
    }
    (full, aliases)
}

/// People from `executive.yaml` or `legislators-current.yaml`, as of `as_of` (YYYY-MM-DD).
pub fn legislators(
    yaml: &str,
    as_of: &str,
    source: &'static str,
    known: &Known,
    unmapped: &mut Unmapped,
) -> Result<Vec<ImportedPerson>, crate::yaml::YamlError> {
    let records: Vec<Record> = crate::yaml::from_str(yaml)?;
    let mut term = |label: &str, start: &str, end: Option<&String>| {
        let Some(office) = known.office("us", label) else {
            unmapped.add(label);
            return None;
        };
        Some(ImportedTerm {
            office: office.to_string(),
            from: start.to_string(),
            to: end.filter(|end| end.as_str() <= as_of).cloned(),
            source: Some(source.to_string()),
            checked: None,
        })
    };
    Ok(records
        .into_iter()
        .map(|r| {
            let (name, aliases) = names(&r.name);
            let mut terms: Vec<ImportedTerm> = r
                .terms
                .iter()
                .filter_map(|t| term(title_of(&t.kind), &t.start, t.end.as_ref()))
                .collect();
            terms.extend(
                r.leadership_roles
                    .iter()
                    .filter_map(|l| term(&l.title, &l.start, l.end.as_ref())),
            );
            ImportedPerson {
                id: String::new(),
                name,
                aliases,
                wikidata: r.id.wikidata,
                key: r.id.bioguide,
                terms,
            }
        })
        .collect())
}

/// Former members from `legislators-historical.csv`. The file has no term dates, so the one term each is
/// written as some time between their 25th birthday (or 1789) and the data's date: a title of theirs is then
/// neither confirmed nor refuted, but they are known people.
pub fn historical(
    csv_text: &str,
    as_of: &str,
    known: &Known,
    unmapped: &mut Unmapped,
) -> Result<Vec<ImportedPerson>, csv::Error> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim_start_matches('\u{feff}') == name);
    let [last, first, middle, suffix, nickname, birthday, kind, bioguide] = [
        "last_name",
        "first_name",
        "middle_name",
        "suffix",
        "nickname",
        "birthday",
        "type",
        "bioguide_id",
    ]
    .map(column);
    let mut people = Vec::new();
    for record in reader.records() {
        let record = record?;
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let (Some(first_name), Some(last_name), Some(kind)) = (field(first), field(last), field(kind)) else {
            continue;
        };
        let label = title_of(&kind);
        let Some(office) = known.office("us", label) else {
            unmapped.add(label);
            continue;
        };
        let born: Option<i32> = field(birthday).and_then(|b| b.get(..4)?.parse().ok());
        let earliest = born.map_or(1789, |year| (year + 25).max(1789));
        let some_time = format!("{earliest}/{as_of}");
        let (name, aliases) = names(&Name {
            first: first_name,
            last: last_name,
            middle: field(middle),
            suffix: field(suffix),
            nickname: field(nickname),
        });
        people.push(ImportedPerson {
            id: String::new(),
            name,
            aliases,
            wikidata: None,
            key: field(bioguide),
            terms: vec![ImportedTerm {
                office: office.to_string(),
                from: some_time.clone(),
                to: Some(some_time),
                source: Some(HISTORICAL.to_string()),
                checked: None,
            }],
        });
    }
    Ok(people)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Provenance, assign_ids, merge, reference_yaml};
    use crate::reference::ReferenceData;

    const OFFICES: &str = "jurisdictions: [{id: us, name: United States}]
offices:
  - {id: us-president, name: P, jurisdiction: us, titles: [President], single-holder: true}
  - {id: us-vice-president, name: VP, jurisdiction: us, titles: [Vice President], single-holder: true}
  - {id: us-senator, name: Senator, jurisdiction: us, titles: [Senator]}
  - {id: us-senate-majority-leader, name: SML, jurisdiction: us, titles: [Senate Majority Leader]}
";

    const EXECUTIVE_SAMPLE: &str = "
- id: {bioguide: B1}
  name: {first: George, middle: Herbert Walker, last: Bush}
  terms:
  - {type: viceprez, start: '1981-01-20', end: '1989-01-20', party: Republican}
  - {type: prez, start: '1989-01-20', end: '1993-01-20', party: Republican}
- id: {bioguide: B2}
  name: {first: George, middle: Walker, last: Bush}
  terms:
  - {type: prez, start: '2001-01-20', end: '2009-01-20'}
- id: {bioguide: T1}
  name: {first: Donald, middle: John, last: Trump}
  terms:
  - {type: prez, start: '2017-01-20', end: '2021-01-20'}
  - {type: prez, start: '2025-01-20', end: '2029-01-20'}
";

    const CURRENT_SAMPLE: &str = "
- id: {bioguide: M1, wikidata: Q355522, govtrack: 300072}
  name: {first: Addison, middle: Mitchell, last: McConnell, suffix: Jr., nickname: Mitch}
  terms:
  - {type: sen, start: '1985-01-03', end: '1991-01-03', state: KY, class: 2}
  - {type: sen, start: '2021-01-03', end: '2027-01-03', state: KY, class: 2}
  leadership_roles:
  - {title: Senate Majority Leader, chamber: senate, start: '2015-01-06', end: '2021-01-20'}
  - {title: Senate Republican Conference Chair, chamber: senate, start: '2003-01-03', end: '2007-01-03'}
";

    fn known() -> Known {
        Known::new(&ReferenceData::from_files(&[("offices.yaml".to_string(), OFFICES.to_string())]).unwrap())
    }

    #[test]
    fn presidents_with_initials_and_open_current_terms() {
        let mut unmapped = Unmapped::default();
        let mut people = merge(vec![
            legislators(EXECUTIVE_SAMPLE, "2026-06-15", EXECUTIVE, &known(), &mut unmapped).unwrap(),
        ]);
        assign_ids(&mut people, &std::collections::HashSet::new());
        let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, vec!["george-h-w-bush", "george-w-bush", "donald-trump"]);
        assert_eq!(people[1].aliases, vec!["George W. Bush"]);
        assert_eq!(people[0].terms[0].office, "us-vice-president");
        assert_eq!(
            people[2].terms[1].to, None,
            "a scheduled end after the data's date is open"
        );
        assert_eq!(people[2].terms[0].to.as_deref(), Some("2021-01-20"));
    }

    #[test]
    fn members_of_congress_with_leadership_roles() {
        let mut unmapped = Unmapped::default();
        let people = legislators(CURRENT_SAMPLE, "2026-06-15", CURRENT, &known(), &mut unmapped).unwrap();
        let mcconnell = &people[0];
        assert_eq!(mcconnell.name, "Mitch McConnell");
        assert_eq!(mcconnell.wikidata.as_deref(), Some("Q355522"));
        let offices: Vec<&str> = mcconnell.terms.iter().map(|t| t.office.as_str()).collect();
        assert_eq!(offices, ["us-senator", "us-senator", "us-senate-majority-leader"]);
        assert_eq!(mcconnell.terms[1].to, None);
        assert_eq!(unmapped.0.get("Senate Republican Conference Chair"), Some(&1));
    }

    #[test]
    fn former_members_are_known_without_dates() {
        let csv = "last_name,first_name,middle_name,suffix,nickname,full_name,birthday,gender,type,state,bioguide_id\n\
                   Sessions,Jefferson,Beauregard,III,Jeff,,1946-12-24,M,sen,AL,S001141\n\
                   Bassett,Richard,,,,,1745-04-02,M,sen,DE,B000226\n";
        let mut unmapped = Unmapped::default();
        let people = historical(csv, "2026-04-22", &known(), &mut unmapped).unwrap();
        assert_eq!(people[0].name, "Jeff Sessions");
        assert_eq!(people[0].terms[0].from, "1971/2026-04-22");
        assert_eq!(people[1].terms[0].to.as_deref(), Some("1789/2026-04-22"));
    }

    #[test]
    fn the_generated_file_loads_as_reference_data() {
        let mut unmapped = Unmapped::default();
        let mut people = merge(vec![
            legislators(EXECUTIVE_SAMPLE, "2026-06-15", EXECUTIVE, &known(), &mut unmapped).unwrap(),
            legislators(CURRENT_SAMPLE, "2026-06-15", CURRENT, &known(), &mut unmapped).unwrap(),
        ]);
        assign_ids(&mut people, &std::collections::HashSet::new());
        let provenance = Provenance {
            command: "test",
            name: "sample",
            url: "https://example.org",
            licence: "CC0-1.0",
            checked: "2026-06-15",
            query: None,
        };
        let data = ReferenceData::from_files(&[
            ("offices.yaml".to_string(), OFFICES.to_string()),
            (
                "people.yaml".to_string(),
                reference_yaml(&provenance, &[], &[], &people),
            ),
        ])
        .unwrap();
        assert_eq!(data.people.len(), 4);
        assert_eq!(data.people[2].source.licence.as_deref(), Some("CC0-1.0"));
        assert_eq!(data.people[3].terms[0].source.name, CURRENT);
    }
}
