//! `junit`: JUnit XML for CI systems that show test reports — a suite per file, a test case per finding (failed
//! when the finding fails the run under `--fail-on`, passed with the finding in `system-out` otherwise), one
//! passing case for a clean file, and a case in error for a file that could not be checked. Every suite carries
//! `tests`, `failures`, `errors` and `skipped`, as Jenkins' `junit-10.xsd` describes them.

use std::io::{self, Write};

use super::Failure;
use crate::engine::FileReport;
use crate::finding::Finding;
use crate::rules::Severity;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A suite's counts: its test cases, the failed ones and the ones in error.
fn suite_header(out: &mut dyn Write, name: &str, tests: usize, failures: usize, errors: usize) -> io::Result<()> {
    writeln!(
        out,
        r#"  <testsuite name="{name}" tests="{tests}" failures="{failures}" errors="{errors}" skipped="0">"#
    )
}

fn body(report: &FileReport, finding: &Finding) -> String {
    let doc = &report.document;
    let at = doc.position(finding.span.start);
    let mut body = format!(
        "{}:{}:{}: {} {}",
        doc.path, at.line, at.column, finding.severity, finding.message
    );
    for e in &finding.evidence {
        body.push_str(&format!("\nevidence: {}", e.summary));
    }
    body
}

pub fn render(reports: &[FileReport], failures: &[Failure], fail_on: Severity, out: &mut dyn Write) -> io::Result<()> {
    let failing = |report: &FileReport| report.findings.iter().filter(|f| f.severity >= fail_on).count();
    let tests: usize = reports.iter().map(|r| r.findings.len().max(1)).sum::<usize>() + failures.len();
    let failed: usize = reports.iter().map(failing).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="factlint" tests="{tests}" failures="{failed}" errors="{}">"#,
        failures.len()
    )?;
    for report in reports {
        let doc = &report.document;
        let path = escape(&doc.path);
        suite_header(out, &path, report.findings.len().max(1), failing(report), 0)?;
        if report.findings.is_empty() {
            writeln!(out, r#"    <testcase name="{path}" classname="factlint"/>"#)?;
        }
        for f in &report.findings {
            let at = doc.position(f.span.start);
            writeln!(
                out,
                r#"    <testcase name="{} {} at {path}:{}:{}" classname="{path}">"#,
                f.rule, f.name, at.line, at.column
            )?;
            if f.severity >= fail_on {
                writeln!(
                    out,
                    r#"      <failure type="{}" message="{}">{}</failure>"#,
                    f.severity,
                    escape(&f.message),
                    escape(&body(report, f))
                )?;
            } else {
                // Below `--fail-on`: reported, but not a failure, as the exit code says.
                writeln!(out, "      <system-out>{}</system-out>", escape(&body(report, f)))?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    for failure in failures {
        let path = escape(&failure.path);
        suite_header(out, &path, 1, 0, 1)?;
        writeln!(out, r#"    <testcase name="{path}" classname="factlint">"#)?;
        writeln!(
            out,
            r#"      <error type="unchecked" message="{}">{path}: {}</error>"#,
            escape(&failure.message),
            escape(&failure.message)
        )?;
        writeln!(out, "    </testcase>")?;
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
