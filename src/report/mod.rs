//! The report stage: prints findings. One model ([`FileReport`] of [`Finding`]s), one printer per format;
//! line and column are computed here, from byte offsets, and nowhere else.

mod audit;
mod claimreview;
mod github;
mod html;
mod human;
mod json;
mod junit;
mod sarif;

use std::io::{self, Write};

use serde::Serialize;

pub use audit::{AuditFormat, render as render_audit};
pub use json::render_keyed_lines;

use crate::engine::{FileReport, RuleInfo};
use crate::rules::Severity;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
    Jsonl,
    Concise,
    Sarif,
    Github,
    Junit,
    Html,
    Claimreview,
}

/// A file that could not be checked (unreadable, not text, too large…), with why: `json` lists it under
/// `failed`, `junit` as a test case in error, so a dashboard does not show it green.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub path: String,
    pub message: String,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 9] = [
        OutputFormat::Human,
        OutputFormat::Json,
        OutputFormat::Jsonl,
        OutputFormat::Concise,
        OutputFormat::Sarif,
        OutputFormat::Github,
        OutputFormat::Junit,
        OutputFormat::Html,
        OutputFormat::Claimreview,
    ];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Human => "human",
            OutputFormat::Json => "json",
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Concise => "concise",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Github => "github",
            OutputFormat::Junit => "junit",
            OutputFormat::Html => "html",
            OutputFormat::Claimreview => "claimreview",
        }
    }

    /// What the format is for, in one line.
    pub fn description(self) -> &'static str {
        match self {
            OutputFormat::Human => "Annotated snippets with evidence and fix, for people",
            OutputFormat::Json => "One JSON document with every file and finding",
            OutputFormat::Jsonl => "One JSON object per finding per line",
            OutputFormat::Concise => "One line per finding: `path:line:column: severity RULE message`",
            OutputFormat::Sarif => "SARIF 2.1.0, for GitHub code scanning and other SARIF viewers",
            OutputFormat::Github => "GitHub Actions workflow commands, which annotate the pull request",
            OutputFormat::Junit => "JUnit XML: a test suite per file, a failed test case per finding",
            OutputFormat::Html => {
                "A self-contained HTML page: the articles with findings highlighted, evidence and fixes beside them"
            }
            OutputFormat::Claimreview => {
                "schema.org ClaimReview JSON-LD, one review a finding, for a fact-checking desk to confirm and publish"
            }
        }
    }
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
    /// The severity from which a finding fails the run (`--fail-on`): `junit` writes a failure for those only,
    /// so a report agrees with the exit code.
    pub fail_on: Severity,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            color: false,
            fail_on: Severity::Warning,
        }
    }
}

/// Prints `reports` in `format`; `failures` are the files that could not be checked; `rules` describes every rule
/// that ran (SARIF lists them).
pub fn render(
    format: OutputFormat,
    reports: &[FileReport],
    failures: &[Failure],
    rules: &[RuleInfo],
    summary: Summary,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::render(reports, summary, style, out),
        OutputFormat::Json => json::render_document(reports, failures, summary, out),
        OutputFormat::Jsonl => json::render_lines(reports, out),
        OutputFormat::Concise => concise(reports, summary, out),
        OutputFormat::Sarif => sarif::render(reports, failures, rules, out),
        OutputFormat::Github => github::render(reports, failures, out),
        OutputFormat::Junit => junit::render(reports, failures, style.fail_on, out),
        OutputFormat::Html => html::render(reports, rules, summary, out),
        OutputFormat::Claimreview => claimreview::render(reports, out),
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

fn concise(reports: &[FileReport], summary: Summary, out: &mut dyn Write) -> io::Result<()> {
    for report in reports {
        let doc = &report.document;
        for f in &report.findings {
            let at = doc.position(f.span.start);
            writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                doc.path, at.line, at.column, f.severity, f.rule, f.message
            )?;
        }
    }
    writeln!(out, "{}", human::summary_line(summary))
}
