//! `json` and `jsonl`: the finding model with byte offsets and printed positions, for scripts and CI.

use std::io::{self, Write};

use serde::Serialize;

use super::{Failure, Summary};
use crate::engine::{DateOrigin, FileReport};
use crate::finding::{Evidence, Finding, Fix};
use crate::rules::Severity;

/// A finding as JSON: byte offsets into the file as given, and 1-based line/column (columns in characters).
#[derive(Serialize)]
struct Record<'a> {
    path: &'a str,
    rule: &'a str,
    name: &'a str,
    severity: Severity,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    text: &'a str,
    message: &'a str,
    evidence: &'a [Evidence],
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a Fix>,
}

fn record<'a>(report: &'a FileReport, finding: &'a Finding) -> Record<'a> {
    let doc = &report.document;
    let start = doc.position(finding.span.start);
    let end = doc.position(finding.span.end);
    Record {
        path: &doc.path,
        rule: &finding.rule,
        name: &finding.name,
        severity: finding.severity,
        start: finding.span.start,
        end: finding.span.end,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        text: doc.slice(finding.span),
        message: &finding.message,
        evidence: &finding.evidence,
        fix: finding.fix.as_ref(),
    }
}

pub fn render_lines(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for report in reports {
        for finding in &report.findings {
            serde_json::to_writer(&mut *out, &record(report, finding))?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// A finding of a stream's record: the record's `id` first, then the finding as in `jsonl`.
#[derive(Serialize)]
struct KeyedRecord<'a> {
    id: &'a serde_json::Value,
    #[serde(flatten)]
    record: Record<'a>,
}

/// The findings of one record of a JSON Lines stream, one object a line, keyed by the record's `id`.
pub fn render_keyed_lines(report: &FileReport, id: &serde_json::Value, out: &mut dyn Write) -> io::Result<()> {
    for finding in &report.findings {
        let keyed = KeyedRecord {
            id,
            record: record(report, finding),
        };
        serde_json::to_writer(&mut *out, &keyed)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct FileRecord<'a> {
    path: &'a str,
    as_of: String,
    as_of_from: DateOrigin,
    findings: Vec<Record<'a>>,
}

#[derive(Serialize)]
struct DocumentRecord<'a> {
    version: &'static str,
    files: Vec<FileRecord<'a>>,
    /// The files that could not be checked, with why.
    failed: &'a [Failure],
    summary: Summary,
}

pub fn render_document(
    reports: &[FileReport],
    failures: &[Failure],
    summary: Summary,
    out: &mut dyn Write,
) -> io::Result<()> {
    let files = reports
        .iter()
        .map(|report| FileRecord {
            path: &report.document.path,
            as_of: report.as_of.to_string(),
            as_of_from: report.date_origin,
            findings: report.findings.iter().map(|f| record(report, f)).collect(),
        })
        .collect();
    let document = DocumentRecord {
        version: env!("CARGO_PKG_VERSION"),
        files,
        failed: failures,
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}
