//! `github`: GitHub Actions workflow commands; each becomes an annotation on the pull request's diff.

use std::io::{self, Write};

use super::Failure;
use crate::engine::FileReport;
use crate::rules::Severity;

/// Escapes a command's message (`%`, CR, LF) as the runner expects.
fn message(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value, which also may not hold `:` or `,`.
fn property(text: &str) -> String {
    message(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(reports: &[FileReport], failures: &[Failure], out: &mut dyn Write) -> io::Result<()> {
    for report in reports {
        let doc = &report.document;
        for f in &report.findings {
            let start = doc.position(f.span.start);
            let end = doc.position(f.span.end);
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let mut text = f.message.clone();
            for e in &f.evidence {
                text.push_str(&format!("\nevidence: {}", e.summary));
                if let Some(whereabouts) = e.whereabouts() {
                    text.push_str(&format!(" ({whereabouts})"));
                }
            }
            if let Some(fix) = &f.fix {
                text.push_str(&format!("\nfix: {}", fix.description));
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&doc.path),
                start.line,
                start.column,
                end.line,
                end.column,
                property(&format!("{} {}", f.rule, f.name)),
                message(&text)
            )?;
        }
    }
    // A file that could not be checked is an error on the file, so the pull request shows it.
    for failure in failures {
        writeln!(
            out,
            "::error file={},title={}::{}",
            property(&failure.path),
            property("factlint: file not checked"),
            message(&failure.message)
        )?;
    }
    Ok(())
}
