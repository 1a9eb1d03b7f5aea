//! FiveThirtyEight's `cabinet-turnover.csv` (CC BY 4.0): every cabinet-level appointment from Carter to Biden,
//! compiled up to 2023-02-10, without acting officials.
//!
//! Dates there are M/D/YY. A row that runs into the next administration ends "Bush admin" and continues in a row
//! that starts "Reagan admin"; the two become one term. "Still in office" means in office on the table's date:
//! the term ends some time between that date and the end of its administration, or, if that end is after the
//! data's date, some time after the table's date (`2023-02-10/..`): later dates are neither confirmed nor refuted.

use super::{ImportedPerson, ImportedTerm, Known, Unmapped};

pub const SOURCE: &str = "FiveThirtyEight, cabinet-turnover";

/// The date the table was last brought up to date (its readme: "up to date as of Feb. 10, 2023").
pub const TABLE_DATE: &str = "2023-02-10";

/// One appointment as the table writes it.
struct Row {
    person: String,
    role: String,
    start: Option<String>,
    end: End,
}

enum End {
    Date(String),
    /// Continues in the next administration's row of the same person and role.
    NextAdministration,
    StillInOffice,
    Unreadable,
}

/// "1/21/77" → "1977-01-21"; "Aug. 1981" → "1981-08". Two-digit years from 70 are 19xx, the others 20xx.
fn table_date(text: &str) -> Option<String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('/').collect();
    if let [m, d, y] = parts.as_slice() {
        let (m, d, y): (u32, u32, i32) = (m.parse().ok()?, d.parse().ok()?, y.parse().ok()?);
        let year = match y {
            0..=69 => 2000 + y,
            70..=99 => 1900 + y,
            _ => y,
        };
        return chrono::NaiveDate::from_ymd_opt(year, m, d).map(|date| date.to_string());
    }
    let (month, year) = text.split_once(' ')?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = months.iter().position(|m| month.to_lowercase().starts_with(m))? + 1;
    let year: i32 = year.trim().parse().ok()?;
    Some(format!("{year:04}-{month:02}"))
}

/// The table writes the short forms of first names ("Steve Mnuchin"); copy often has the formal one.
fn formal_names(name: &str) -> Vec<String> {
    const FORMAL: &[(&str, &[&str])] = &[
        ("Andy", &["Andrew"]),
        ("Ben", &["Benjamin"]),
        ("Bill", &["William"]),
        ("Bob", &["Robert"]),
        ("Chuck", &["Charles"]),
        ("Dan", &["Daniel"]),
        ("Dick", &["Richard"]),
        ("Don", &["Donald"]),
        ("Jim", &["James"]),
        ("Joe", &["Joseph"]),
        ("Ken", &["Kenneth"]),
        ("Mike", &["Michael"]),
        ("Rick", &["Richard"]),
        ("Steve", &["Steven", "Stephen"]),
        ("Tom", &["Thomas"]),
        ("Tony", &["Anthony"]),
    ];
    let Some((first, rest)) = name.split_once(' ') else {
        return Vec::new();
    };
    FORMAL
        .iter()
        .filter(|(short, _)| *short == first)
        .flat_map(|(_, formal)| formal.iter().map(move |f| format!("{f} {rest}")))
        .collect()
}

/// Cabinet terms from the table. `administration_ends` lists the days a new president took office, in order:
/// a term still running on the table's date ends by the first of them after its start.
pub fn cabinet(
    csv_text: &str,
    as_of: &str,
    administration_ends: &[String],
    known: &Known,
    unmapped: &mut Unmapped,
) -> Result<Vec<ImportedPerson>, csv::Error> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        let field = |i: usize| record.get(i).unwrap_or_default().trim().to_string();
        let end = field(4);
        rows.push(Row {
            person: field(2),
            role: field(1),
            start: table_date(&field(3)),
            end: if end.ends_with(" admin") {
                End::NextAdministration
            } else if end.eq_ignore_ascii_case("still in office") {
                End::StillInOffice
            } else {
                table_date(&end).map_or(End::Unreadable, End::Date)
            },
        });
    }
    let mut people: Vec<ImportedPerson> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        // A continuation row is read with the row it continues.
        let Some(from) = &row.start else {
            continue;
        };
        // A role that changed name in the term ("Director of Central Intelligence/CIA Director") is the first.
        let Some(office) = row.role.split('/').find_map(|r| known.office("us", r)) else {
            unmapped.add(&row.role);
            continue;
        };
        let mut end = &row.end;
        if matches!(end, End::NextAdministration)
            && let Some(next) = rows[i + 1..]
                .iter()
                .find(|r| r.person == row.person && r.role == row.role && r.start.is_none())
        {
            end = &next.end;
        }
        let to = match end {
            End::Date(date) => Some(date.clone()),
            End::StillInOffice => {
                let administration_end = administration_ends
                    .iter()
                    .find(|day| day.as_str() > from.as_str())
                    .filter(|day| day.as_str() <= as_of);
                Some(format!(
                    "{TABLE_DATE}/{}",
                    administration_end.map_or("..", String::as_str)
                ))
            }
            End::NextAdministration | End::Unreadable => {
                unmapped.add(&format!("{} ({}): unreadable end", row.person, row.role));
                continue;
            }
        };
        people.push(ImportedPerson {
            name: row.person.clone(),
            aliases: formal_names(&row.person),
            terms: vec![ImportedTerm {
                office: office.to_string(),
                from: from.clone(),
                to,
                source: Some(SOURCE.to_string()),
                checked: None,
            }],
            ..ImportedPerson::default()
        });
    }
    Ok(people)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::ReferenceData;

    const TABLE: &str = "\u{feff}president,position,appointee,start_date,end_date,length,departure_day,gender,,
Reagan,Attorney General,Dick Thornburgh,8/12/88,Bush admin,,,Male,,
Bush 41,Attorney General,Dick Thornburgh,Reagan admin,8/15/91,,,Male,,
Trump,Secretary of State,Rex Tillerson,2/1/17,3/31/18,,,Male,,
Biden,Secretary of State,Antony Blinken,1/26/21,Still in office,,,Male,,
Reagan,OSTP Director,George A. Keyworth II,Aug. 1981,12/31/85,,,Male,,
";

    fn known() -> Known {
        let offices = "jurisdictions: [{id: us, name: United States}]
offices:
  - {id: us-attorney-general, name: AG, jurisdiction: us, titles: [Attorney General]}
  - {id: us-secretary-of-state, name: SoS, jurisdiction: us, titles: [Secretary of State]}
";
        Known::new(&ReferenceData::from_files(&[("o.yaml".to_string(), offices.to_string())]).unwrap())
    }

    #[test]
    fn terms_join_across_administrations_and_running_ones_end_with_theirs() {
        let mut unmapped = Unmapped::default();
        let ends = ["2021-01-20".to_string(), "2025-01-20".to_string()];
        let people = cabinet(TABLE, "2026-06-15", &ends, &known(), &mut unmapped).unwrap();
        let terms: Vec<(&str, &str, Option<&str>)> = people
            .iter()
            .map(|p| (p.name.as_str(), p.terms[0].from.as_str(), p.terms[0].to.as_deref()))
            .collect();
        assert_eq!(
            terms,
            [
                ("Dick Thornburgh", "1988-08-12", Some("1991-08-15")),
                ("Rex Tillerson", "2017-02-01", Some("2018-03-31")),
                ("Antony Blinken", "2021-01-26", Some("2023-02-10/2025-01-20")),
            ]
        );
        assert_eq!(unmapped.0.get("OSTP Director"), Some(&1));

        let before = cabinet(TABLE, "2024-06-01", &ends, &known(), &mut unmapped).unwrap();
        assert_eq!(
            before[2].terms[0].to.as_deref(),
            Some("2023-02-10/.."),
            "the administration had not ended by the data's date"
        );
    }

    #[test]
    fn short_first_names_get_their_formal_forms() {
        assert_eq!(formal_names("Steve Mnuchin"), ["Steven Mnuchin", "Stephen Mnuchin"]);
        assert!(formal_names("Rex Tillerson").is_empty());
    }

    #[test]
    fn table_dates() {
        assert_eq!(table_date("1/21/77").as_deref(), Some("1977-01-21"));
        assert_eq!(table_date("12/5/09").as_deref(), Some("2009-12-05"));
        assert_eq!(table_date("Aug. 1981").as_deref(), Some("1981-08"));
        assert_eq!(table_date("2/30/17"), None);
    }
}
