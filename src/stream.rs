//! Streaming input: an archive as JSON Lines, one article record `{id, text, format?, date?, path?}` a line.
//!
//! Archives hold millions of articles, so nothing here keeps more than one bounded batch of lines in memory:
//! [`Lines`] splits the input without ever buffering more than [`MAX_RECORD_BYTES`] of one line, and each
//! record is parsed and checked on its own ([`check_article`]), so the caller can check a batch in parallel and
//! write its results in input order. A malformed record is an error naming its line and column; the stream goes
//! on. Directory audits feed files through the same [`check_article`], so both kinds of input are read alike.

use std::io::{self, BufRead};
use std::ops::ControlFlow;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Deserialize;
use thiserror::Error;

use crate::engine::{DateOrigin, FileReport};
use crate::source::{self, Document, Format, Position};
use crate::suppress::Suppressed;

/// A longer line is reported and skipped, so one broken record cannot exhaust memory: the limit of an article
/// file, so an archive holds no article that could not be checked as a file.
pub const MAX_RECORD_BYTES: usize = source::MAX_ARTICLE_BYTES;

/// One line of the input, as bytes, with its 1-based line number.
pub struct Line {
    pub number: usize,
    /// The line without its end of line, or why it cannot be read.
    pub bytes: Result<Vec<u8>, LineError>,
    /// The stream the line comes from when a frame said so (see [`Lines::framed`]); its number is then the
    /// line's in that stream.
    pub source: Option<String>,
}

/// Why a line of the input cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// A line longer than [`MAX_RECORD_BYTES`], of this length.
    TooLong(usize),
    /// A frame that does not read as one.
    Frame(String),
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::TooLong(length) => {
                write!(
                    f,
                    "record of {length} bytes is longer than the limit of {MAX_RECORD_BYTES} bytes"
                )
            }
            LineError::Frame(message) => write!(f, "malformed frame: {message}"),
        }
    }
}

/// A framed line: one line of another stream, as bytes (base64), with that stream's name and the line's
/// number in it. A distributed job, whose partitions are pieces of files, frames its lines so that factlint
/// reads exactly the bytes a single process would read (invalid UTF-8 included) and names the file and line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Frame {
    source: String,
    line: usize,
    base64: String,
}

/// The lines of a JSON Lines stream, read in bounded pieces. Blank lines are skipped (and counted).
pub struct Lines<R> {
    reader: R,
    number: usize,
    max_bytes: usize,
    framed: bool,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R) -> Self {
        Lines {
            reader,
            number: 0,
            max_bytes: MAX_RECORD_BYTES,
            framed: false,
        }
    }

    /// Whether each line is a frame `{"source", "line", "base64"}` holding one line of another stream; a
    /// frame's line is given as that stream's (and skipped if blank).
    pub fn framed(mut self, framed: bool) -> Self {
        self.framed = framed;
        self
    }

    /// The line a frame holds, with its stream and number; `None` if it is blank.
    fn unframe(&self, bytes: &[u8]) -> Option<Line> {
        let frame = match serde_json::from_slice::<Frame>(bytes) {
            Ok(frame) => frame,
            Err(e) => {
                return Some(Line {
                    number: self.number,
                    bytes: Err(LineError::Frame({
                        let text = e.to_string();
                        text.rsplit_once(" at line ")
                            .map_or(text.clone(), |(m, _)| m.to_string())
                    })),
                    source: None,
                });
            }
        };
        use base64::Engine as _;
        let bytes = match base64::engine::general_purpose::STANDARD.decode(frame.base64.as_bytes()) {
            Ok(mut bytes) if bytes.len() <= self.max_bytes => {
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    return None;
                }
                Ok(bytes)
            }
            Ok(bytes) => Err(LineError::TooLong(bytes.len())),
            Err(e) => {
                return Some(Line {
                    number: self.number,
                    bytes: Err(LineError::Frame(format!("`base64`: {e}"))),
                    source: None,
                });
            }
        };
        Some(Line {
            number: frame.line,
            bytes,
            source: Some(frame.source),
        })
    }

    /// The next non-blank lines, up to `max_lines` of them or until they hold `max_bytes`; empty at the end.
    pub fn next_batch(&mut self, max_lines: usize, max_bytes: usize) -> io::Result<Vec<Line>> {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < max_lines && bytes < max_bytes {
            let Some(line) = self.next_line()? else { break };
            bytes += line.bytes.as_ref().map_or(0, Vec::len);
            batch.push(line);
        }
        Ok(batch)
    }

    fn next_line(&mut self) -> io::Result<Option<Line>> {
        // A frame holds a whole line base64-encoded: a third longer, and its own fields.
        let limit = if self.framed {
            self.max_bytes / 3 * 4 + 4096
        } else {
            self.max_bytes
        };
        loop {
            let mut bytes = Vec::new();
            let mut length = 0;
            let mut read_any = false;
            loop {
                let chunk = match self.reader.fill_buf() {
                    Ok(chunk) => chunk,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                if chunk.is_empty() {
                    break;
                }
                read_any = true;
                let newline = chunk.iter().position(|&b| b == b'\n');
                let taken = newline.unwrap_or(chunk.len());
                length += taken;
                // Past the limit the rest of the line is only counted, never kept.
                if length <= limit {
                    bytes.extend_from_slice(&chunk[..taken]);
                } else {
                    bytes = Vec::new();
                }
                self.reader.consume(taken + usize::from(newline.is_some()));
                if newline.is_some() {
                    break;
                }
            }
            if !read_any {
                return Ok(None);
            }
            self.number += 1;
            if length > limit {
                return Ok(Some(Line {
                    number: self.number,
                    bytes: Err(LineError::TooLong(length)),
                    source: None,
                }));
            }
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
            if !bytes.iter().all(u8::is_ascii_whitespace) {
                if self.framed {
                    match self.unframe(&bytes) {
                        Some(line) => return Ok(Some(line)),
                        None => continue,
                    }
                }
                return Ok(Some(Line {
                    number: self.number,
                    bytes: Ok(bytes),
                    source: None,
                }));
            }
        }
    }
}

/// A record that cannot be read, with its place in the stream (the column where JSON says where) and its id
/// when one could be read.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{line}{}: {}{message}", column.map(|c| format!(":{c}")).unwrap_or_default(), id.as_ref().map(|id| format!("record {id}: ")).unwrap_or_default())]
pub struct RecordError {
    pub line: usize,
    pub column: Option<usize>,
    pub id: Option<serde_json::Value>,
    pub message: String,
    /// The stream, when a frame named it (see [`Lines::framed`]).
    pub stream: Option<String>,
}

/// One article of the stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The record's key, a string or a number, written back as given on every finding.
    pub id: serde_json::Value,
    pub text: String,
    pub format: Option<Format>,
    pub date: Option<NaiveDate>,
    pub path: Option<String>,
}

/// Fields other than these are ignored: archive exports carry titles, bylines and URLs beside the text.
#[derive(Deserialize)]
struct RawRecord {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    format: Option<Format>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    path: Option<String>,
}

/// Parses one line as a record.
pub fn parse_record(line: &Line) -> Result<Record, RecordError> {
    let bytes = match &line.bytes {
        Ok(bytes) => bytes,
        Err(e) => {
            return Err(RecordError {
                line: line.number,
                column: None,
                id: None,
                message: e.to_string(),
                stream: line.source.clone(),
            });
        }
    };
    // The id of a record that is valid JSON but not a valid record, to name it in the error.
    #[derive(Deserialize)]
    struct Id {
        id: serde_json::Value,
    }
    let error = |column, message: String| RecordError {
        line: line.number,
        column,
        id: serde_json::from_slice::<Id>(bytes)
            .ok()
            .map(|r| r.id)
            .filter(|id| id.is_string() || id.is_number()),
        message,
        stream: line.source.clone(),
    };
    let raw: RawRecord = serde_json::from_slice(bytes).map_err(|e| {
        let text = e.to_string();
        // serde_json appends its own " at line 1 column N"; the column is given separately.
        let message = text.rsplit_once(" at line ").map_or(text.as_str(), |(m, _)| m);
        error(Some(e.column()), format!("malformed record: {message}"))
    })?;
    if !(raw.id.is_string() || raw.id.is_number()) {
        return Err(error(
            None,
            "malformed record: `id` must be a string or a number".into(),
        ));
    }
    let date = raw
        .date
        .as_deref()
        .map(source::parse_date)
        .transpose()
        .map_err(|message| error(None, format!("malformed record: `date`: {message}")))?;
    Ok(Record {
        id: raw.id,
        text: raw.text,
        format: raw.format,
        date,
        path: raw.path,
    })
}

/// An article to check, from a stream record or a file.
pub struct Article {
    /// The path findings are reported against.
    pub path: String,
    pub bytes: Vec<u8>,
    pub format: Format,
    /// The date the article itself carries (a record's `date`); it wins over every other.
    pub date: Option<NaiveDate>,
}

impl Article {
    /// The article a record holds; its path is the record's `path`, else `STREAM#LINE`.
    pub fn of_record(record: Record, stream: &str, line: usize, default_format: Format) -> Article {
        Article {
            path: record.path.unwrap_or_else(|| format!("{stream}#{line}")),
            bytes: record.text.into_bytes(),
            format: record.format.unwrap_or(default_format),
            date: record.date,
        }
    }
}

/// What checking one article gave.
pub enum Checked {
    Report {
        report: FileReport,
        /// No date anywhere: checked as of the fallback day (the caller says so once, not per article).
        undated: bool,
        /// The article holds no prose.
        empty: bool,
    },
    /// The text cannot be read as an article; the position is within the text.
    Unreadable {
        position: Option<Position>,
        message: String,
    },
}

/// Reads and checks one article. The as-of date is the article's own, else `date` (the `--date` option),
/// else the front matter's, else `fallback`. `run` checks a document (with the rules and config that apply).
pub fn check_article(
    article: Article,
    date: Option<NaiveDate>,
    fallback: NaiveDate,
    run: impl Fn(&Document, NaiveDate) -> Suppressed,
) -> Checked {
    // The bytes are kept only until they are known to be readable, to place an error in them.
    let document = match Document::from_bytes(&article.path, article.bytes.clone(), article.format) {
        Ok(document) => document,
        Err(error) => {
            return Checked::Unreadable {
                position: error.position(&article.bytes),
                message: error.message,
            };
        }
    };
    drop(article.bytes);
    let (as_of, date_origin) = crate::engine::as_of(article.date.or(date), &document, fallback);
    let empty = document.is_empty();
    let checked = if empty {
        Suppressed::default()
    } else {
        run(&document, as_of)
    };
    Checked::Report {
        report: FileReport {
            document,
            as_of,
            date_origin,
            findings: checked.findings,
            suppressed: checked.suppressed,
        },
        undated: date_origin == DateOrigin::Today && !empty,
        empty,
    }
}

/// Records checked together: enough to keep both cores busy, few enough to keep memory small.
const BATCH_RECORDS: usize = 512;
const BATCH_BYTES: usize = 16 << 20;

/// What one line of a stream gave.
// Outcomes live in batches of at most `BATCH_RECORDS`, each consumed as it comes: boxing the larger variant would
// add an allocation per record to save a few hundred bytes per batch.
#[allow(clippy::large_enum_variant)]
pub enum RecordOutcome {
    Checked {
        line: usize,
        id: serde_json::Value,
        checked: Checked,
        /// The stream, when a frame named it.
        source: Option<String>,
    },
    Malformed(RecordError),
}

impl RecordOutcome {
    /// The record's id and report, if it was read and checked.
    pub fn report(&self) -> Option<(&serde_json::Value, &FileReport)> {
        match self {
            RecordOutcome::Checked {
                id,
                checked: Checked::Report { report, .. },
                ..
            } => Some((id, report)),
            _ => None,
        }
    }

    /// The line for standard error, if the record is malformed, unreadable or empty; `stream` names the input.
    pub fn message(&self, stream: &str) -> Option<String> {
        let named = |source: &Option<String>| source.clone().unwrap_or_else(|| stream.to_string());
        match self {
            RecordOutcome::Malformed(error) => {
                let stream = error.stream.as_deref().unwrap_or(stream);
                Some(format!("error: {stream}:{error}"))
            }
            RecordOutcome::Checked {
                line,
                id,
                checked,
                source,
            } => match checked {
                Checked::Unreadable { position, message } => Some(match position {
                    Some(at) => format!(
                        "error: {}:{line}: record {id}: text:{}:{}: {message}",
                        named(source),
                        at.line,
                        at.column
                    ),
                    None => format!("error: {}:{line}: record {id}: {message}", named(source)),
                }),
                Checked::Report { empty: true, .. } => Some(format!(
                    "warning: {}:{line}: record {id}: no text to check",
                    named(source)
                )),
                Checked::Report { .. } => None,
            },
        }
    }
}

/// Checks every record of a JSON Lines stream named `stream`: bounded batches, each checked in parallel,
/// handed to `each` in input order until it says to stop. Records without a `format` are read as `default_format`; for the dates,
/// see [`check_article`]. Stops at the first read error (the records before it are handed over).
pub fn check_stream<R: BufRead>(
    stream: &str,
    lines: &mut Lines<R>,
    default_format: Format,
    date: Option<NaiveDate>,
    fallback: NaiveDate,
    run: &(impl Fn(&Document, NaiveDate) -> Suppressed + Sync),
    mut each: impl FnMut(RecordOutcome) -> ControlFlow<()>,
) -> io::Result<()> {
    loop {
        let batch = lines.next_batch(BATCH_RECORDS, BATCH_BYTES)?;
        if batch.is_empty() {
            return Ok(());
        }
        let outcomes: Vec<RecordOutcome> = batch
            .into_par_iter()
            .map(|line| match parse_record(&line) {
                Err(error) => RecordOutcome::Malformed(error),
                Ok(record) => {
                    let id = record.id.clone();
                    let name = line.source.as_deref().unwrap_or(stream);
                    let article = Article::of_record(record, name, line.number, default_format);
                    RecordOutcome::Checked {
                        line: line.number,
                        id,
                        checked: check_article(article, date, fallback, run),
                        source: line.source,
                    }
                }
            })
            .collect();
        for outcome in outcomes {
            if each(outcome).is_break() {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &str, max: usize) -> Vec<(usize, Result<String, LineError>)> {
        let mut lines = Lines {
            max_bytes: max,
            ..Lines::new(io::BufReader::with_capacity(4, input.as_bytes()))
        };
        let mut out = Vec::new();
        loop {
            let batch = lines.next_batch(2, usize::MAX).unwrap();
            if batch.is_empty() {
                return out;
            }
            out.extend(
                batch
                    .into_iter()
                    .map(|l| (l.number, l.bytes.map(|b| String::from_utf8(b).unwrap()))),
            );
        }
    }

    #[test]
    fn lines_are_numbered_blank_ones_skipped_and_long_ones_refused_without_being_kept() {
        let got = lines("{\"a\":1}\r\n\n  \n0123456789abc\n{}", 10);
        assert_eq!(
            got,
            vec![
                (1, Ok("{\"a\":1}".into())),
                (4, Err(LineError::TooLong(13))),
                (5, Ok("{}".into()))
            ]
        );
    }

    fn record(json: &str) -> Result<Record, RecordError> {
        parse_record(&Line {
            number: 7,
            bytes: Ok(json.as_bytes().to_vec()),
            source: None,
        })
    }

    #[test]
    fn records_are_read_with_their_optional_fields() {
        let r = record(r#"{"id": 3, "text": "Hi.", "format": "text", "date": "2025-05-16T09:00:00Z", "url": "x"}"#)
            .unwrap();
        assert_eq!(r.id, serde_json::json!(3));
        assert_eq!(r.format, Some(Format::Text));
        assert_eq!(r.date, NaiveDate::from_ymd_opt(2025, 5, 16));
        assert_eq!(r.path, None);
    }

    #[test]
    fn malformed_records_name_line_column_and_field() {
        let e = record(r#"{"id": "a", "text": "x""#).unwrap_err();
        assert_eq!((e.line, e.column), (7, Some(23)));
        assert!(e.message.starts_with("malformed record: EOF"), "{e}");
        let e = record(r#"{"id": "a"}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "7:11: record \"a\": malformed record: missing field `text`"
        );
        let e = record(r#"{"id": "a", "text": "x", "format": "pdf"}"#).unwrap_err();
        assert!(e.message.contains("unknown variant `pdf`"), "{e}");
        let e = record(r#"{"id": null, "text": "x"}"#).unwrap_err();
        assert_eq!(e.to_string(), "7: malformed record: `id` must be a string or a number");
        let e = record(r#"{"id": 1, "text": "x", "date": "2025-02-30"}"#).unwrap_err();
        assert_eq!(e.id, Some(serde_json::json!(1)));
        assert!(
            e.message.contains("`date`: `2025-02-30` is not a valid calendar date"),
            "{e}"
        );
    }
}
