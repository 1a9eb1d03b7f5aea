//! The report stage: prints findings. One model ([`FileReport`] of [`Finding`]s), one printer per format;
//! line and column are computed here, from byte offsets, and nowhere else.

mod human;
mod json;

use std::io::{self, Write};

use chrono::NaiveDate;
use clap::ValueEnum;
use serde::Serialize;

use crate::finding::Finding;
use crate::rules::Severity;
use crate::source::Document;

/// Where the "as of" date of a check came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrigin {
    /// `--date` on the command line.
    Option,
    /// The article's front matter `date`.
    FrontMatter,
    /// Nothing said: today's date.
    Today,
}

/// The findings of one checked document.
pub struct FileReport {
    pub document: Document,
    pub as_of: NaiveDate,
    pub date_origin: DateOrigin,
    pub findings: Vec<Finding>,
    /// Findings the article's suppression comments removed.
    pub suppressed: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Annotated snippets with evidence and fix, for people.
    Human,
    /// One JSON document with every file and finding.
    Json,
    /// One JSON object per finding per line.
    Jsonl,
}

/// Counts for the closing summary.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Files that could not be checked.
    pub failed: usize,
    /// Findings removed by suppression comments.
    pub suppressed: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport], failed: usize) -> Summary {
        let mut summary = Summary {
            files: reports.len(),
            failed,
            ..Summary::default()
        };
        summary.suppressed = reports.iter().map(|r| r.suppressed).sum();
        for f in reports.iter().flat_map(|r| &r.findings) {
            match f.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Note => summary.notes += 1,
            }
        }
        summary
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.notes
    }
}

/// Printing options that do not change what is reported.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

pub fn render(
    format: OutputFormat,
    reports: &[FileReport],
    summary: Summary,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::render(reports, summary, style, out),
        OutputFormat::Json => json::render_document(reports, summary, out),
        OutputFormat::Jsonl => json::render_lines(reports, out),
    }
}

/// "1 file", "2 files".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
