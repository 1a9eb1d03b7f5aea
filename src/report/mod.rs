//! The report stage: prints findings. One model ([`FileReport`] of [`Finding`]s), one printer per format;
//! line and column are computed here, from byte offsets, and nowhere else.

mod audit;
mod github;
mod html;
mod human;
mod json;
mod junit;
mod sarif;

use std::io::{self, Write};

use chrono::NaiveDate;
use clap::ValueEnum;
use serde::Serialize;

pub use audit::{AuditFormat, render as render_audit};
pub use json::render_keyed_lines;

use crate::finding::Finding;
use crate::rules::Severity;
use crate::source::{Document, Span};

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
    /// One line per finding: `path:line:column: severity RULE message`.
    Concise,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands, which annotate the pull request.
    Github,
    /// JUnit XML: a test suite per file, a failed test case per finding.
    Junit,
    /// A self-contained HTML page: the articles with findings highlighted, evidence and fixes beside them.
    Html,
}

/// A file that could not be checked (unreadable, not text, too large…), with why: `json` lists it under
/// `failed`, `junit` as a test case in error, so a dashboard does not show it green.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub path: String,
    pub message: String,
}

/// What printers that describe rules (SARIF) need to know about one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub name: String,
    pub severity: Severity,
    pub applies_to: String,
    pub summary: String,
    pub why: String,
    /// The rule's documentation page in Markdown.
    pub help: String,
}

impl RuleInfo {
    pub fn of(rule: &crate::rules::Rule) -> RuleInfo {
        RuleInfo {
            id: rule.id.clone(),
            name: rule.name.clone(),
            severity: rule.severity,
            applies_to: rule.applies_to.clone(),
            summary: rule.docs.summary.clone(),
            why: rule.docs.why.clone(),
            help: crate::rules::docs::markdown(rule),
        }
    }

    /// The built-in rules about suppression comments.
    pub fn builtin() -> Vec<RuleInfo> {
        use crate::suppress::{INVALID_SUPPRESSION, UNUSED_SUPPRESSION};
        let info = |(id, name): (&str, &str), severity, summary: &str| RuleInfo {
            id: id.to_string(),
            name: name.to_string(),
            severity,
            applies_to: "suppression".to_string(),
            summary: summary.to_string(),
            why: "Suppressions must stay accurate and explained, or they hide real problems.".to_string(),
            help: format!("# {id} {name}\n\n{summary}\n"),
        };
        vec![
            info(
                UNUSED_SUPPRESSION,
                Severity::Note,
                "A suppression comment that suppresses nothing.",
            ),
            info(
                INVALID_SUPPRESSION,
                Severity::Warning,
                "A suppression comment without a reason or naming an unknown rule.",
            ),
        ]
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

/// A fingerprint of a finding that survives edits elsewhere in the file, even elsewhere in its paragraph: the
/// rule, the flagged text and the sentence around it, whitespace folded (FNV-1a, 64 bits, hex).
pub fn fingerprint(report: &FileReport, finding: &Finding) -> String {
    let doc = &report.document;
    let sentence = doc.slice(sentence_around(doc, finding.span.start));
    let context: String = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    let hash = fnv1a(
        finding
            .rule
            .bytes()
            .chain([0])
            .chain(doc.slice(finding.span).bytes())
            .chain([0])
            .chain(context.bytes()),
    );
    format!("{hash:016x}")
}

/// The sentence of its line that holds `offset` (the whole line where sentences cannot be told apart). Only
/// [`SENTENCE_WINDOW`] bytes either side are read, so many findings on one very long line cost no more each than
/// on a short one; a sentence longer than that is cut to the window.
pub fn sentence_around(doc: &Document, offset: usize) -> Span {
    let (line_start, line_end) = doc.lines.line_range(doc.lines.line_of(offset), doc.text.len());
    let mut from = offset.saturating_sub(SENTENCE_WINDOW).max(line_start);
    while !doc.text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (offset + SENTENCE_WINDOW).min(line_end);
    while !doc.text.is_char_boundary(to) {
        to -= 1;
    }
    let window = doc.text.get(from..to).unwrap_or("");
    let at = offset.saturating_sub(from);
    crate::source::split_sentences(window)
        .into_iter()
        .find(|&(s, e)| s <= at && at < e.max(s + 1))
        .map_or(Span::new(from, to), |(s, e)| Span::new(from + s, from + e))
}

const SENTENCE_WINDOW: usize = 2048;

/// FNV-1a, 64 bits: a stable hash that is the same on every platform and in every release.
pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
