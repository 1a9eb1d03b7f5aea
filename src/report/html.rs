//! `html`: a self-contained report page for an editor — each article with its findings highlighted in the
//! text, a panel with every finding's message, evidence and fix, and a summary by rule and severity. No
//! external assets: one file that opens anywhere.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::audit::{audit_line, plural_thousands};
use super::{Summary, human, plural};
use crate::audit::{Audit, RuleRow};
use crate::engine::{FileReport, RuleInfo};

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }
header { padding: 1rem 1.5rem; border-bottom: 1px solid #ccc; }
h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
.summary td, .summary th { padding: .1rem .8rem .1rem 0; text-align: left; }
section.file { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; padding: 1.5rem; border-bottom: 1px solid #ccc; }
section.file > h2 { grid-column: 1 / -1; font-size: 1.1rem; margin: 0; }
pre.article { white-space: pre-wrap; font: inherit; margin: 0; }
mark { border-bottom: 3px solid; background: none; color: inherit; }
mark.error { border-color: #b00020; background: #fde7ea; }
mark.warning { border-color: #8a5a00; background: #fff3d6; }
mark.note { border-color: #1f5fa8; background: #e6f0fb; }
mark:target, li:target { outline: 3px solid #000; }
ol.findings { margin: 0; padding-left: 1.2rem; }
ol.findings li { margin-bottom: 1rem; }
.severity { font-weight: 700; text-transform: uppercase; font-size: .8rem; }
.severity.error { color: #b00020; } .severity.warning { color: #8a5a00; } .severity.note { color: #1f5fa8; }
.evidence, .fix { font-size: .9rem; margin: .3rem 0 0; }
a { color: #0b4f9c; }
";

pub fn render(reports: &[FileReport], rules: &[RuleInfo], summary: Summary, out: &mut dyn Write) -> io::Result<()> {
    page_start("factlint report", &human::summary_line(summary), out)?;
    let mut by_rule: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        let entry = by_rule.entry(f.rule.as_str()).or_insert((0, f.severity.as_str()));
        entry.0 += 1;
    }
    if !by_rule.is_empty() {
        writeln!(
            out,
            "<table class=\"summary\"><tr><th>rule</th><th>name</th><th>severity</th><th>findings</th></tr>"
        )?;
        for (rule, (count, severity)) in &by_rule {
            let name = rules.iter().find(|r| r.id == *rule).map_or("", |r| r.name.as_str());
            writeln!(
                out,
                "<tr><td>{rule}</td><td>{}</td><td>{severity}</td><td>{count}</td></tr>",
                escape(name)
            )?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</header>\n<main>")?;
    for (file_index, report) in reports.iter().enumerate() {
        render_file(file_index, report, out)?;
    }
    page_end(out)
}

/// The page up to its header's summary line: every page of the report shares this frame and style.
fn page_start(title: &str, summary_line: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>")?;
    writeln!(out, "<header>\n<h1>{title}</h1>\n<p>{}</p>", escape(summary_line))
}

fn page_end(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "</main>\n</body>\n</html>")
}

/// The audit's summary view: the rule table, then each rule's most frequent texts and sampled contexts.
pub fn render_audit(audit: &Audit, rows: &[RuleRow], out: &mut dyn Write) -> io::Result<()> {
    page_start("factlint audit", &audit_line(audit), out)?;
    writeln!(
        out,
        "<table class=\"summary\"><tr><th>rule</th><th>name</th><th>severity</th><th>articles</th><th>hits</th><th>per 1,000</th><th>articles with hits</th></tr>"
    )?;
    for row in rows {
        writeln!(
            out,
            "<tr><td><a href=\"#{id}\">{id}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{}</td></tr>",
            escape(row.name),
            row.severity,
            row.articles,
            row.hits,
            row.per_1000,
            row.articles_with_hits,
            id = escape(row.id),
        )?;
    }
    writeln!(out, "</table>\n</header>\n<main>")?;
    for row in rows.iter().filter(|r| r.hits > 0) {
        writeln!(
            out,
            "<section class=\"rule\" style=\"padding: 0 1.5rem\" id=\"{}\">\n<h2>{} {} <small>({})</small></h2>",
            escape(row.id),
            escape(row.id),
            escape(row.name),
            plural_thousands(row.hits, "hit")
        )?;
        writeln!(out, "<h3>Most frequent</h3>\n<table class=\"summary\">")?;
        for text in &row.top_texts {
            writeln!(out, "<tr><td>{}</td><td>{}</td></tr>", text.count, escape(text.text))?;
        }
        writeln!(out, "</table>\n<h3>Sample</h3>\n<ol class=\"findings\">")?;
        for sample in row.samples {
            writeln!(
                out,
                "<li><span class=\"severity {severity}\">{severity}</span> {} line {}:{}<br>{}<mark class=\"{severity}\">{}</mark>{}<p class=\"evidence\">{}</p></li>",
                escape(&sample.path),
                sample.line,
                sample.column,
                escape(&sample.before),
                escape(&sample.text),
                escape(&sample.after),
                escape(&sample.message),
                severity = row.severity,
            )?;
        }
        writeln!(out, "</ol>\n</section>")?;
    }
    page_end(out)
}

fn render_file(file_index: usize, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    let doc = &report.document;
    writeln!(
        out,
        "<section class=\"file\">\n<h2>{} <small>(as of {})</small></h2>",
        escape(&doc.path),
        report.as_of
    )?;
    // Highlights cannot nest, so a finding inside an earlier one is listed but not marked again.
    let mut text = String::new();
    let mut at = 0;
    for (index, f) in report.findings.iter().enumerate() {
        if f.span.start < at || f.span.end > doc.text.len() {
            continue;
        }
        text.push_str(&escape(&doc.text[at..f.span.start]));
        text.push_str(&format!(
            "<mark id=\"f{file_index}-{index}\" class=\"{}\" data-rule=\"{}\" title=\"{} {}\"><a href=\"#d{file_index}-{index}\">{}</a></mark>",
            f.severity,
            f.rule,
            f.rule,
            escape(&f.message),
            escape(doc.slice(f.span))
        ));
        at = f.span.end;
    }
    text.push_str(&escape(&doc.text[at..]));
    writeln!(out, "<pre class=\"article\">{text}</pre>")?;
    writeln!(
        out,
        "<aside><h3>{}</h3>\n<ol class=\"findings\">",
        plural(report.findings.len(), "finding")
    )?;
    for (index, f) in report.findings.iter().enumerate() {
        let at = doc.position(f.span.start);
        writeln!(
            out,
            "<li id=\"d{file_index}-{index}\"><span class=\"severity {}\">{}</span> <a href=\"#f{file_index}-{index}\">{} {}</a> line {}:{}<br>{}",
            f.severity,
            f.severity,
            f.rule,
            escape(&f.name),
            at.line,
            at.column,
            escape(&f.message)
        )?;
        for e in &f.evidence {
            // The user's own data is a place to open; the bundled data is cited by its source only.
            let origin = e
                .origin
                .as_ref()
                .filter(|o| !crate::bundled::is_reference_file(&o.file))
                .map_or(String::new(), |o| format!(" — {o}"));
            let source = e.source.as_ref().map_or(String::new(), |s| format!(" — source: {s}"));
            writeln!(
                out,
                "<p class=\"evidence\">Evidence: {}{}{}</p>",
                escape(&e.summary),
                escape(&origin),
                escape(&source)
            )?;
        }
        if let Some(fix) = &f.fix {
            writeln!(out, "<p class=\"fix\">Fix: {}</p>", escape(&fix.description))?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ol></aside>\n</section>")
}
