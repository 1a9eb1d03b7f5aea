//! `junit`: JUnit XML for CI systems that show test reports — a suite per file, a failed case per finding, and
//! one passing case for a clean file.

use std::io::{self, Write};

use crate::engine::FileReport;

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

pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let total: usize = reports.iter().map(|r| r.findings.len().max(1)).sum();
    let failures: usize = reports.iter().map(|r| r.findings.len()).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="factlint" tests="{total}" failures="{failures}">"#
    )?;
    for report in reports {
        let doc = &report.document;
        let path = escape(&doc.path);
        let n = report.findings.len();
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{}" failures="{n}">"#,
            n.max(1)
        )?;
        if n == 0 {
            writeln!(out, r#"    <testcase name="{path}" classname="factlint"/>"#)?;
        }
        for f in &report.findings {
            let at = doc.position(f.span.start);
            writeln!(
                out,
                r#"    <testcase name="{} {} at {path}:{}:{}" classname="{path}">"#,
                f.rule, f.name, at.line, at.column
            )?;
            let mut body = format!("{}:{}:{}: {}", doc.path, at.line, at.column, f.message);
            for e in &f.evidence {
                body.push_str(&format!("\nevidence: {}", e.summary));
            }
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                f.severity,
                escape(&f.message),
                escape(&body)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
