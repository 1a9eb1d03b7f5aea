//! Dates as news copy writes them: weekdays ("on Friday"), calendar dates ("Dec. 19", "May 16, 2025"), a
//! weekday with its date ("on Tuesday, Dec. 19"), and years ("in 2022").

use std::sync::LazyLock;

use chrono::Weekday;
use regex::Regex;
use serde::Serialize;

use super::{Claim, ClaimKind, Sentences};
use crate::source::Document;

#[derive(Debug, Clone, Serialize)]
pub struct DateClaim {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekday: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

impl DateClaim {
    pub fn weekday(&self) -> Option<Weekday> {
        self.weekday.as_deref().and_then(|w| w.parse().ok())
    }
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const MONTH_PATTERN: &str = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.";

// Word boundaries next to ASCII words are ASCII (`(?-u:\b)`): a Unicode `\b` makes the regex engine leave its
// fast path at the first curly quote, which made extraction twice as slow on news text.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:[’']s(?-u:\b))?(?:,?\s+\(?(?P<wmonth>{MONTH_PATTERN})\s+(?P<wday>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(?P<wyear>\d{{4}})(?-u:\b))?\)?)?|(?P<month>{MONTH_PATTERN})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(?P<year>\d{{4}})(?-u:\b))?|(?P<dday>\d{{1,2}})\s+(?P<dmonth>{MONTH_PATTERN})(?:\s+(?P<dyear>\d{{4}}))?(?-u:\b)|(?:in|since|by|until|from|of|early|late|mid-)\s+(?P<onlyyear>(?:18|19|20)\d\d)(?-u:\b))"
    ))
    .expect("date pattern is valid")
});

fn month_number(name: &str) -> Option<u32> {
    let key = name.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == key).map(|(_, n)| *n)
}

pub fn dates(doc: &Document, sentences: &Sentences) -> Vec<Claim> {
    let mut claims = Vec::new();
    for sentence in sentences.texts(doc) {
        let text = sentence.text;
        for caps in DATE.captures_iter(text) {
            let whole = caps.get(0).expect("group 0 always matches");
            let num = |names: &[&str]| {
                names
                    .iter()
                    .find_map(|n| caps.name(n))
                    .and_then(|m| m.as_str().parse::<u32>().ok())
            };
            let month = ["wmonth", "month", "dmonth"]
                .iter()
                .find_map(|n| caps.name(n))
                .and_then(|m| month_number(m.as_str()));
            let claim = DateClaim {
                weekday: caps.name("weekday").map(|w| w.as_str().to_string()),
                month,
                day: num(&["wday", "day", "dday"]),
                year: num(&["wyear", "year", "dyear", "onlyyear"]).map(|y| y as i32),
                text: String::new(),
            };
            // "May" alone is a verb far more often than a month; a month needs its day here.
            if claim.weekday.is_none() && claim.month.is_some() && claim.day.is_none() {
                continue;
            }
            let start = match caps.name("onlyyear") {
                Some(y) => y.start(),
                None => whole.start(),
            };
            let end = whole.end() - (whole.as_str().len() - whole.as_str().trim_end_matches([')', ' ']).len());
            claims.push(Claim {
                span: sentence.span(start, end),
                sentence: sentence.index,
                kind: ClaimKind::Date(DateClaim {
                    text: text[start..end].to_string(),
                    ..claim
                }),
            });
        }
    }
    claims
}

/// Compiles this module's patterns now (see [`super::warm_up`]).
pub(super) fn warm_up() {
    LazyLock::force(&DATE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    fn dates_in(text: &str) -> Vec<DateClaim> {
        let doc = Document::parse("t.txt", text.to_string(), Format::Text).unwrap();
        dates(&doc, &Sentences::split(&doc, crate::deadline::Deadline::NEVER).unwrap())
            .into_iter()
            .filter_map(|c| match c.kind {
                ClaimKind::Date(d) => Some(d),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn weekdays_with_and_without_dates() {
        let found =
            dates_in("They met on Tuesday, Dec. 19 and again on Friday. Talks began in 2022 and end May 16, 2025.");
        assert_eq!(found[0].text, "Tuesday, Dec. 19");
        assert_eq!(
            (found[0].month, found[0].day, found[0].year),
            (Some(12), Some(19), None)
        );
        assert_eq!(found[1].weekday.as_deref(), Some("Friday"));
        assert_eq!(found[1].day, None);
        assert_eq!((found[2].text.as_str(), found[2].year), ("2022", Some(2022)));
        assert_eq!(
            (found[3].month, found[3].day, found[3].year),
            (Some(5), Some(16), Some(2025))
        );
    }
}
