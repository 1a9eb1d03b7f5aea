//! The `unitedstates/congress-legislators` executive file (CC0): every US president and vice president with
//! their terms. A term's `end` there is the scheduled end; one after the data's date is written as open.

use std::collections::HashMap;

use serde::Deserialize;

use super::{ImportedPerson, ImportedTerm, slug};

#[derive(Deserialize)]
struct Executive {
    name: Name,
    terms: Vec<ExecutiveTerm>,
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
struct ExecutiveTerm {
    #[serde(rename = "type")]
    kind: String,
    start: String,
    end: Option<String>,
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

/// Presidents and vice presidents from `executive.yaml`, as of `as_of` (YYYY-MM-DD).
pub fn executive(yaml: &str, as_of: &str) -> Result<Vec<ImportedPerson>, crate::yaml::YamlError> {
    let records: Vec<Executive> = crate::yaml::from_str(yaml)?;
    let mut people: Vec<ImportedPerson> = records
        .into_iter()
        .map(|r| {
            let first = r.name.nickname.clone().unwrap_or_else(|| r.name.first.clone());
            // Writers drop a "Jr." more often than not: the name goes without it, an alias with it.
            let name = format!("{first} {}", r.name.last);
            let mut aliases = Vec::new();
            if let Some(middle) = &r.name.middle {
                aliases.push(format!("{first} {} {}", initials(middle), r.name.last));
            }
            if r.name.nickname.is_some() {
                aliases.push(format!("{} {}", r.name.first, r.name.last));
            }
            if let Some(suffix) = &r.name.suffix {
                aliases.push(format!("{name} {suffix}"));
            }
            let terms = r
                .terms
                .iter()
                .filter_map(|t| {
                    let office = match t.kind.as_str() {
                        "prez" => "us-president",
                        "viceprez" => "us-vice-president",
                        _ => return None,
                    };
                    let to = t.end.clone().filter(|end| end.as_str() <= as_of);
                    Some(ImportedTerm {
                        office: office.to_string(),
                        from: t.start.clone(),
                        to,
                    })
                })
                .collect();
            ImportedPerson {
                id: slug(&name),
                name,
                aliases,
                terms,
            }
        })
        .collect();
    // Two people of one name (the Bushes, the Adamses) are told apart by their initials, in id and name.
    let mut count: HashMap<String, usize> = HashMap::new();
    for p in &people {
        *count.entry(p.id.clone()).or_default() += 1;
    }
    for p in &mut people {
        if count[&p.id] > 1
            && let Some(full) = p.aliases.first().cloned()
        {
            p.id = slug(&full);
        }
    }
    Ok(people)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "
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

    #[test]
    fn presidents_with_initials_and_open_current_terms() {
        let people = executive(SAMPLE, "2026-06-15").unwrap();
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
    fn the_generated_file_loads_as_reference_data() {
        let people = executive(SAMPLE, "2026-06-15").unwrap();
        let provenance = super::super::Provenance {
            command: "test",
            name: "sample",
            url: "https://example.org",
            licence: "CC0-1.0",
            checked: "2026-06-15",
        };
        let offices = "jurisdictions: [{id: us, name: United States}]\noffices:\n  - {id: us-president, name: P, jurisdiction: us, titles: [President], single-holder: true}\n  - {id: us-vice-president, name: VP, jurisdiction: us, titles: [Vice President], single-holder: true}\n";
        let data = crate::reference::ReferenceData::from_files(&[
            ("offices.yaml".to_string(), offices.to_string()),
            (
                "people.yaml".to_string(),
                super::super::people_yaml(&provenance, &people),
            ),
        ])
        .unwrap();
        assert_eq!(data.people.len(), 3);
        assert_eq!(data.people[2].source.licence.as_deref(), Some("CC0-1.0"));
    }
}
