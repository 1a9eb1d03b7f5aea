//! Dates as news copy writes them: weekdays ("on Friday"), calendar dates ("Dec. 19", "May 16, 2025"), a
//! weekday with its date ("on Tuesday, Dec. 19"), and years ("in 2022").

use std::ops::Range;

use chrono::Weekday;
use serde::Serialize;

use super::cues;
use super::{Claim, ClaimKind, Sentences};
use crate::reference::MONTH_NAMES;
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

/// The abbreviations of months news copy writes before a day ("Dec. 19"); the full names are the reference
/// data's ([`MONTH_NAMES`]).
const MONTH_ABBREVIATIONS: &[&str] = &[
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
/// The words before a year alone that make it a date: "in 2022", "since 1999", "mid-2017".
const YEAR_CUES: &[&str] = &["in", "since", "by", "until", "from", "of", "early", "late", "mid-"];

/// A date read from a sentence: where it is, and where its parts are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct DateMatch {
    whole: Range<usize>,
    weekday: Option<Range<usize>>,
    month: Option<Range<usize>>,
    day: Option<Range<usize>>,
    year: Option<Range<usize>>,
    /// The year is all there is, after a cue word ("in 2022").
    year_alone: bool,
}

/// The dates of `sentence`, in order: a weekday, perhaps with its date ("Tuesday, Dec. 19, 2017", "Friday’s"),
/// a month and day and perhaps a year ("May 16, 2025"), a day and month and perhaps a year ("16 May 2025"), or
/// a year after a cue ("in 2022"); each starts at an ASCII word boundary and takes the first of these readings
/// that fits, as the alternation this replaces did.
fn read_dates(sentence: &str) -> impl Iterator<Item = DateMatch> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let found = cues::boundaries(sentence, from)
            .filter(|&at| could_start_a_date(sentence, at))
            .find_map(|at| DateReader { text: sentence }.at(at))?;
        from = found.whole.end;
        Some(found)
    })
}

/// Whether a date can start at byte `at`, where a word boundary is: a digit (of any script), or a letter a
/// weekday, a month or a cue word starts with.
fn could_start_a_date(text: &str, at: usize) -> bool {
    let byte = text.as_bytes()[at];
    match byte {
        b'0'..=b'9' => true,
        b'A' | b'D' | b'F' | b'J' | b'M' | b'N' | b'O' | b'S' | b'T' | b'W' => true,
        b'b' | b'e' | b'f' | b'i' | b'l' | b'm' | b'o' | b's' | b'u' => true,
        _ => !byte.is_ascii() && text.is_char_boundary(at),
    }
}

/// Reads the parts of a date from one text.
struct DateReader<'t> {
    text: &'t str,
}

impl DateReader<'_> {
    fn at(&self, at: usize) -> Option<DateMatch> {
        // Weekdays and months are capitalised, the cues before a year are not, and a day is digits: the first
        // byte says which readings can fit, tried in the order the alternation had them.
        let byte = self.text.as_bytes()[at];
        if byte.is_ascii_uppercase() {
            self.weekday(at).or_else(|| self.month_day(at))
        } else if byte.is_ascii_lowercase() {
            self.cued_year(at)
        } else {
            self.day_month(at)
        }
    }

    fn spaced(&self, at: usize) -> Option<usize> {
        cues::spaced(self.text, at)
    }

    /// Where `count` digits from `at` end.
    fn digits(&self, at: usize, count: usize) -> Option<usize> {
        let mut end = at;
        for _ in 0..count {
            let c = cues::char_at(self.text, end).filter(|&c| cues::DIGIT.contains(c))?;
            end += c.len_utf8();
        }
        Some(end)
    }

    /// A day of one or two digits, perhaps with "st", "nd", "rd" or "th", before a word boundary: its digits and
    /// where it ends.
    fn day(&self, at: usize) -> Option<(Range<usize>, usize)> {
        [2, 1].into_iter().find_map(|count| {
            let digits = self.digits(at, count)?;
            let suffix = ["st", "nd", "rd", "th"]
                .iter()
                .find(|s| self.text[digits..].starts_with(**s))
                .map(|s| digits + s.len());
            suffix
                .into_iter()
                .chain([digits])
                .find(|&end| cues::boundary(self.text, end))
                .map(|end| (at..digits, end))
        })
    }

    /// ", 2025" or " 2025" after a date, before a word boundary: the year and where it ends.
    fn year_after(&self, at: usize) -> Option<(Range<usize>, usize)> {
        let comma = at + usize::from(self.text[at..].starts_with(','));
        let year = self.spaced(comma)?;
        let end = self.digits(year, 4).filter(|&end| cues::boundary(self.text, end))?;
        Some((year..end, end))
    }

    /// "Friday", "Friday’s", "Tuesday, Dec. 19", "Monday (Jan. 8, 2018)".
    fn weekday(&self, at: usize) -> Option<DateMatch> {
        let name = WEEKDAYS.iter().find(|w| self.text[at..].starts_with(**w))?;
        let mut end = at + name.len();
        let possessive = ["’s", "'s"]
            .iter()
            .find(|p| self.text[end..].starts_with(**p))
            .map(|p| end + p.len())
            .filter(|&after| cues::boundary(self.text, after));
        end = possessive.unwrap_or(end);
        let mut date = DateMatch {
            weekday: Some(at..at + name.len()),
            ..DateMatch::default()
        };
        if let Some(dated) = self.weekday_date(end) {
            date = DateMatch {
                weekday: date.weekday,
                ..dated
            };
            end = date.whole.end;
        }
        date.whole = at..end;
        Some(date)
    }

    /// The date after a weekday: ", Dec. 19", " (Jan. 8, 2018)".
    fn weekday_date(&self, at: usize) -> Option<DateMatch> {
        let comma = at + usize::from(self.text[at..].starts_with(','));
        let mut month = self.spaced(comma)?;
        month += usize::from(self.text[month..].starts_with('('));
        let mut date = self.month_day(month)?;
        let mut end = date.whole.end;
        end += usize::from(self.text[end..].starts_with(')'));
        date.whole = at..end;
        Some(date)
    }

    /// Where a month's name or abbreviation at `at` ends. No name is the start of another, so the order they are
    /// tried in does not matter.
    fn month(&self, at: usize) -> Option<usize> {
        let name = MONTH_NAMES
            .iter()
            .chain(MONTH_ABBREVIATIONS)
            .find(|m| self.text[at..].starts_with(**m))?;
        Some(at + name.len())
    }

    /// "May 16", "Dec. 19th, 2017".
    fn month_day(&self, at: usize) -> Option<DateMatch> {
        let month_end = self.month(at)?;
        let (day, mut end) = self.day(self.spaced(month_end)?)?;
        let year = self.year_after(end).map(|(year, after)| {
            end = after;
            year
        });
        Some(DateMatch {
            whole: at..end,
            month: Some(at..month_end),
            day: Some(day),
            year,
            ..DateMatch::default()
        })
    }

    /// "16 May 2025", "5 Jan. 2018".
    fn day_month(&self, at: usize) -> Option<DateMatch> {
        [2, 1].into_iter().find_map(|count| {
            let day_end = self.digits(at, count)?;
            let month = self.spaced(day_end)?;
            let month_end = self.month(month)?;
            let year = self
                .spaced(month_end)
                .and_then(|year| Some(year..self.digits(year, 4)?))
                .filter(|year| cues::boundary(self.text, year.end));
            let end = year.as_ref().map_or(month_end, |y| y.end);
            (year.is_some() || cues::boundary(self.text, month_end)).then(|| DateMatch {
                whole: at..end,
                month: Some(month..month_end),
                day: Some(at..day_end),
                year,
                ..DateMatch::default()
            })
        })
    }

    /// "in 2022", "since 1999".
    fn cued_year(&self, at: usize) -> Option<DateMatch> {
        let cue = YEAR_CUES.iter().find(|c| self.text[at..].starts_with(**c))?;
        let year = self.spaced(at + cue.len())?;
        let century = ["18", "19", "20"].iter().any(|c| self.text[year..].starts_with(*c));
        let end = self
            .digits(year + 2, 2)
            .filter(|&end| century && cues::boundary(self.text, end))?;
        Some(DateMatch {
            whole: at..end,
            year: Some(year..end),
            year_alone: true,
            ..DateMatch::default()
        })
    }
}

fn month_number(name: &str) -> Option<u32> {
    let key = name.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == key).map(|(_, n)| *n)
}

pub fn dates(doc: &Document, sentences: &Sentences) -> Vec<Claim> {
    let mut claims = Vec::new();
    for sentence in sentences.texts(doc) {
        let text = sentence.text;
        for date in read_dates(text) {
            let number = |part: &Option<Range<usize>>| part.clone().and_then(|p| text[p].parse::<u32>().ok());
            let claim = DateClaim {
                weekday: date.weekday.clone().map(|w| text[w].to_string()),
                month: date.month.clone().and_then(|m| month_number(&text[m])),
                day: number(&date.day),
                year: number(&date.year).map(|y| y as i32),
                text: String::new(),
            };
            // "May" alone is a verb far more often than a month; a month needs its day here.
            if claim.weekday.is_none() && claim.month.is_some() && claim.day.is_none() {
                continue;
            }
            let whole = &text[date.whole.clone()];
            let start = match (&date.year, date.year_alone) {
                (Some(year), true) => year.start,
                _ => date.whole.start,
            };
            let end = date.whole.end - (whole.len() - whole.trim_end_matches([')', ' ']).len());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    #[test]
    fn dates_are_read_as_their_pattern_did() {
        let pattern = regex::Regex::new(r"(?-u:\b)(?:(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:[’']s(?-u:\b))?(?:,?\s+\(?(?P<wmonth>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)\s+(?P<wday>\d{1,2})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(?P<wyear>\d{4})(?-u:\b))?\)?)?|(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(?P<year>\d{4})(?-u:\b))?|(?P<dday>\d{1,2})\s+(?P<dmonth>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)(?:\s+(?P<dyear>\d{4}))?(?-u:\b)|(?:in|since|by|until|from|of|early|late|mid-)\s+(?P<onlyyear>(?:18|19|20)\d\d)(?-u:\b))").unwrap();
        let words = [
            "Monday",
            "Friday",
            "Sunday",
            "’s",
            "'s",
            ",",
            "(",
            ")",
            "May",
            "Dec.",
            "Sept.",
            "Sep.",
            "June",
            "Jun.",
            "5",
            "16",
            "123",
            "1st",
            "22nd",
            "3rd",
            "4th",
            "2025",
            "1999",
            "1850",
            "20171",
            "٣",
            "٢٠١٧",
            "in",
            "since",
            "by",
            "mid-",
            "early",
            "late",
            "of",
            "Friday, Dec. 19",
            "Monday (Jan. 8, 2018)",
            "16 May 2025",
            "May 16, 2025",
            "in 2022",
            "5 Jan.",
            "st",
            "th",
        ];
        let texts = cues::testing::texts(51, 8000, 12, &words);
        let parts = |text: &str| -> Vec<DateMatch> {
            pattern
                .captures_iter(text)
                .map(|c| {
                    let any = |names: &[&str]| names.iter().find_map(|n| c.name(n)).map(|m| m.range());
                    DateMatch {
                        whole: c.get(0).unwrap().range(),
                        weekday: any(&["weekday"]),
                        month: any(&["wmonth", "month", "dmonth"]),
                        day: any(&["wday", "day", "dday"]),
                        year: any(&["wyear", "year", "dyear", "onlyyear"]),
                        year_alone: c.name("onlyyear").is_some(),
                    }
                })
                .collect()
        };
        cues::testing::agree(
            "dates",
            &texts,
            3000,
            parts,
            |t| read_dates(t).collect(),
            |found| !found.is_empty(),
        );
    }

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
