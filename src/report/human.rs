//! `human`: an annotated snippet per finding, like rustc and ruff, with the evidence and the fix under it.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Style, Summary, plural};
use crate::engine::FileReport;
use crate::finding::Finding;
use crate::rules::Severity;

/// Wide enough for a sentence of context; fixed so the output does not depend on the terminal.
const WIDTH: usize = 100;

/// Lines longer than this many bytes are shown as a window of about this size around the finding.
const LONG_LINE: usize = 1024;

pub fn render(reports: &[FileReport], summary: Summary, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(WIDTH);
    for report in reports {
        for finding in &report.findings {
            writeln!(
                out,
                "{}\n",
                without_empty_origin(renderer.render(&groups(report, finding)))
            )?;
        }
    }
    writeln!(out, "{}", summary_line(summary))
}

/// Drops the bare ` ::: ` line the renderer draws for a snippet that has no path of its own: a long line's window
/// (see [`groups`]) states its position in its own origin line, so the marker points at nothing.
fn without_empty_origin(rendered: String) -> String {
    let visible = |line: &str| {
        let mut text = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                // An ANSI style: ESC [ parameters letter.
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else {
                text.push(c);
            }
        }
        text
    };
    if !rendered.lines().any(|line| visible(line).trim() == ":::") {
        return rendered;
    }
    rendered
        .lines()
        .filter(|line| visible(line).trim() != ":::")
        .collect::<Vec<_>>()
        .join("\n")
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

fn groups<'a>(report: &'a FileReport, finding: &'a Finding) -> Vec<Group<'a>> {
    let doc = &report.document;
    // Only the finding's own lines are handed to the renderer, so a report costs the size of its snippets, not
    // the size of the file times the number of findings.
    let first_line = doc.lines.line_of(finding.span.start);
    let mut from = doc.lines.line_start(first_line);
    let last_line = doc.lines.line_of(finding.span.end);
    let mut to = doc.lines.line_range(last_line, doc.text.len()).1.max(finding.span.end);
    let title = level(finding.severity)
        .primary_title(finding.message.as_str())
        .id(finding.rule.as_str());
    let mut main = if to - from > LONG_LINE {
        // A very long line (minified HTML, a paragraph without breaks) is shown as a window around the finding,
        // with the real position written out, since the renderer would count columns from the window.
        from = floor_char_boundary(&doc.text, finding.span.start.saturating_sub(LONG_LINE / 2).max(from));
        to = ceil_char_boundary(&doc.text, (finding.span.end + LONG_LINE / 2).min(to));
        let at = doc.position(finding.span.start);
        title
            .element(Origin::path(doc.path.as_str()).line(at.line).char_column(at.column))
            .element(
                Snippet::source(&doc.text[from..to])
                    .line_start(first_line + 1)
                    .fold(true)
                    .annotation(
                        AnnotationKind::Primary
                            .span(finding.span.start - from..finding.span.end - from)
                            .label(finding.name.as_str()),
                    ),
            )
    } else {
        title.element(
            Snippet::source(&doc.text[from..to])
                .line_start(first_line + 1)
                .path(doc.path.as_str())
                .fold(true)
                .annotation(
                    AnnotationKind::Primary
                        .span(finding.span.start - from..finding.span.end - from)
                        .label(finding.name.as_str()),
                ),
        )
    };
    for evidence in &finding.evidence {
        let mut text = format!("evidence: {}", evidence.summary);
        // A record of the user's own data is a place to open; the bundled data is cited by its source only.
        if let Some(origin) = evidence
            .origin
            .as_ref()
            .filter(|o| !crate::bundled::is_reference_file(&o.file))
        {
            text.push_str(&format!("\n  at {origin}"));
        }
        if let Some(source) = &evidence.source {
            text.push_str(&format!("\n  source: {source}"));
        }
        main = main.element(Level::NOTE.message(text));
    }
    let mut groups = vec![main];
    if let Some(fix) = &finding.fix {
        let mut text = format!("fix: {}", fix.description);
        if let Some(preview) = preview(report, finding) {
            text.push_str(&format!("\n  {preview}"));
        }
        groups.push(Group::with_title(Level::HELP.secondary_title(text)));
    }
    groups
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn ceil_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

/// The finding's text before and after its fix's edits: `“Former U.S. President” → “U.S. President”`.
fn preview(report: &FileReport, finding: &Finding) -> Option<String> {
    let fix = finding.fix.as_ref()?;
    let doc = &report.document;
    let start = fix.edits.iter().map(|e| e.start).chain([finding.span.start]).min()?;
    let end = fix.edits.iter().map(|e| e.end).chain([finding.span.end]).max()?;
    if fix.edits.is_empty() || start > end {
        return None;
    }
    let mut after = String::new();
    let mut at = start;
    for edit in &fix.edits {
        after.push_str(doc.text.get(at..edit.start)?);
        after.push_str(&edit.replacement);
        at = edit.end;
    }
    after.push_str(doc.text.get(at..end)?);
    Some(format!("“{}” → “{}”", doc.text.get(start..end)?, after))
}

pub(super) fn summary_line(summary: Summary) -> String {
    let mut line = counts_line(summary);
    if summary.suppressed > 0 {
        line.push_str(&format!(" {} suppressed.", plural(summary.suppressed, "finding")));
    }
    line
}

fn counts_line(summary: Summary) -> String {
    let files = plural(summary.files, "file");
    if summary.total() == 0 {
        let failed = if summary.failed > 0 {
            format!(" {} could not be checked.", plural(summary.failed, "file"))
        } else {
            String::new()
        };
        return format!("No findings in {files} checked.{failed}");
    }
    let counts: Vec<String> = [
        (summary.errors, "error"),
        (summary.warnings, "warning"),
        (summary.notes, "note"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| plural(n, word))
    .collect();
    let mut line = format!(
        "Found {} ({}) in {files}.",
        plural(summary.total(), "finding"),
        counts.join(", ")
    );
    if summary.failed > 0 {
        line.push_str(&format!(" {} could not be checked.", plural(summary.failed, "file")));
    }
    line
}
