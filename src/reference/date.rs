//! Dates as reference sources give them: a day, a month or only a year (as Wikidata does), or a span of days
//! some time within which the date fell ("2023-02-10/2025-01-20", ISO 8601 interval notation), for a source
//! that only bounds it; "2023-02-10/.." (EDTF, ISO 8601-2) is some time on or after the first date.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date known to the day, the month or the year, or only known to lie between two such dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    start: Precision,
    /// The latest the date can be, when the source only bounds it.
    end: Option<Bound>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Bound {
    Until(Precision),
    /// `..`: no later bound.
    Open,
}

/// A date known to the day, the month or the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Precision {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or two of them joined by `/` (some day between the two).
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let Some((first, last)) = text.split_once('/') else {
            return Ok(PartialDate {
                start: Precision::parse(text)?,
                end: None,
            });
        };
        let end = match last.trim() {
            ".." => Bound::Open,
            last => Bound::Until(Precision::parse(last)?),
        };
        let date = PartialDate {
            start: Precision::parse(first)?,
            end: Some(end),
        };
        if date.latest() < date.earliest() {
            return Err(format!("`{text}`: the span ends before it starts"));
        }
        Ok(date)
    }

    /// The first day the date can mean.
    pub fn earliest(&self) -> NaiveDate {
        self.start.earliest()
    }

    /// The last day the date can mean.
    pub fn latest(&self) -> NaiveDate {
        match self.end {
            None => self.start.latest(),
            Some(Bound::Until(end)) => end.latest(),
            Some(Bound::Open) => NaiveDate::MAX,
        }
    }
}

impl Precision {
    fn parse(text: &str) -> Result<Precision, String> {
        let bad = || {
            format!(
                "`{text}` is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD; two joined by `/` for a span; `/..` for no end)"
            )
        };
        let mut parts = text.trim().split('-');
        let year = parts.next().and_then(|y| y.parse::<i32>().ok()).ok_or_else(bad)?;
        let month = parts.next().map(|m| m.parse::<u32>().map_err(|_| bad())).transpose()?;
        let day = parts.next().map(|d| d.parse::<u32>().map_err(|_| bad())).transpose()?;
        if parts.next().is_some() || !(1..=9999).contains(&year) {
            return Err(bad());
        }
        let date = Precision { year, month, day };
        match (month, day) {
            (Some(m), _) if !(1..=12).contains(&m) => Err(bad()),
            (Some(m), Some(d)) if NaiveDate::from_ymd_opt(year, m, d).is_none() => {
                Err(format!("`{text}` is not a valid calendar date"))
            }
            _ => Ok(date),
        }
    }

    /// The first day the date can mean.
    fn earliest(&self) -> NaiveDate {
        let month = self.month.unwrap_or(1);
        NaiveDate::from_ymd_opt(self.year, month, self.day.unwrap_or(1)).unwrap_or(NaiveDate::MIN)
    }

    /// The last day the date can mean.
    fn latest(&self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d),
            (Some(m), None) => NaiveDate::from_ymd_opt(self.year, m, 1)
                .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
                .and_then(|next| next.pred_opt()),
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
        .unwrap_or(NaiveDate::MAX)
    }
}

/// The English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day as an editor writes it: "16 May 2025".
pub fn day_in_words(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", date.day(), MONTH_NAMES[date.month0() as usize], date.year())
}

impl PartialDate {
    /// The date as an editor reads it: "16 May 2025", "May 2025", "2025", "between 10 February 2023 and 20
    /// January 2025", "10 February 2023 or later".
    pub fn in_words(&self) -> String {
        let start = self.start.in_words();
        match self.end {
            None => start,
            Some(Bound::Until(end)) => format!("between {start} and {}", end.in_words()),
            Some(Bound::Open) => format!("{start} or later"),
        }
    }
}

impl Precision {
    fn in_words(&self) -> String {
        let month = |m: u32| MONTH_NAMES.get(m.wrapping_sub(1) as usize).copied().unwrap_or("?");
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", month(m), self.year),
            (Some(m), None) => format!("{} {}", month(m), self.year),
            _ => self.year.to_string(),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.start)?;
        match self.end {
            None => Ok(()),
            Some(Bound::Until(end)) => write!(f, "/{end}"),
            Some(Bound::Open) => write!(f, "/.."),
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// Written as it is read (`2024-02`, `2023-02-10/..`) in JSON; in the binary reference cache, which is not
/// human-readable, as its parts, so that loading the cache parses no dates.
impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            (self.start, self.end).serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PartialDate, D::Error> {
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            PartialDate::parse(&text).map_err(serde::de::Error::custom)
        } else {
            let (start, end) = <(Precision, Option<Bound>)>::deserialize(deserializer)?;
            Ok(PartialDate { start, end })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_cover_their_whole_period() {
        let month = PartialDate::parse("2024-02").unwrap();
        assert_eq!(month.earliest(), NaiveDate::from_ymd_opt(2024, 2, 1).unwrap());
        assert_eq!(month.latest(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(PartialDate::parse("2019").unwrap().latest().to_string(), "2019-12-31");
        assert!(PartialDate::parse("2025-02-30").is_err());
        assert!(PartialDate::parse("2025-13").is_err());
        assert!(PartialDate::parse("May 2020").is_err());

        let span = PartialDate::parse("2023-02-10/2025-01").unwrap();
        assert_eq!(span.earliest().to_string(), "2023-02-10");
        assert_eq!(span.latest().to_string(), "2025-01-31");
        assert_eq!(span.to_string(), "2023-02-10/2025-01");
        assert!(PartialDate::parse("2025/2023").is_err());
        assert!(PartialDate::parse("2023/").is_err());
        let open = PartialDate::parse("2023-02-10/..").unwrap();
        assert_eq!(
            (open.earliest().to_string(), open.latest()),
            ("2023-02-10".to_string(), NaiveDate::MAX)
        );
        assert_eq!(open.to_string(), "2023-02-10/..");
    }

    #[test]
    fn dates_read_in_words_at_their_precision() {
        let words = |text: &str| PartialDate::parse(text).unwrap().in_words();
        assert_eq!(words("2025-05-16"), "16 May 2025");
        assert_eq!(words("2025-05"), "May 2025");
        assert_eq!(words("2023"), "2023");
        assert_eq!(
            words("2023-02-10/2025-01-20"),
            "between 10 February 2023 and 20 January 2025"
        );
        assert_eq!(words("2023-02-10/.."), "10 February 2023 or later");
        assert_eq!(
            day_in_words(NaiveDate::from_ymd_opt(2017, 11, 15).unwrap()),
            "15 November 2017"
        );
    }
}
