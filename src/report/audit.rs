//! The audit report: per rule, articles checked, hits, hits per 1,000 articles, the most frequent matched texts
//! and sampled contexts — as a terminal table, as JSON, as the HTML summary view, or as the partial audit a
//! distributed job's partitions write and `factlint audit --merge` combines.

use std::io::{self, Write};

use serde::Serialize;

use super::{html, plural};
use crate::audit::{Audit, RuleRow};

/// How an audit is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditFormat {
    Table,
    Json,
    Html,
    Partial,
}

impl AuditFormat {
    pub const ALL: [AuditFormat; 4] = [
        AuditFormat::Table,
        AuditFormat::Json,
        AuditFormat::Html,
        AuditFormat::Partial,
    ];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            AuditFormat::Table => "table",
            AuditFormat::Json => "json",
            AuditFormat::Html => "html",
            AuditFormat::Partial => "partial",
        }
    }

    /// What the format is for, in one line.
    pub fn description(self) -> &'static str {
        match self {
            AuditFormat::Table => {
                "A table per rule, then each rule's most frequent texts and sampled contexts, for people"
            }
            AuditFormat::Json => "One JSON document with the same figures, for scripts",
            AuditFormat::Html => "The HTML report's summary view: a self-contained page",
            AuditFormat::Partial => {
                "The complete running figures on one line (every matched text), for `factlint audit --merge`"
            }
        }
    }
}

/// Prints `audit` in `format`, showing the `top` most frequent texts of each rule.
pub fn render(format: AuditFormat, audit: &Audit, top: usize, out: &mut dyn Write) -> io::Result<()> {
    let rows = audit.rows(top);
    match format {
        AuditFormat::Table => table(audit, &rows, out),
        AuditFormat::Json => json(audit, &rows, out),
        AuditFormat::Html => html::render_audit(audit, &rows, out),
        AuditFormat::Partial => {
            serde_json::to_writer(&mut *out, audit)?;
            out.write_all(b"\n")
        }
    }
}

/// "12,345 articles checked, 2 could not be read."
pub(super) fn audit_line(audit: &Audit) -> String {
    let mut line = format!("{} checked", plural_thousands(audit.articles, "article"));
    if audit.failed > 0 {
        line.push_str(&format!(", {} could not be read", thousands(audit.failed)));
    }
    line.push('.');
    line
}

fn table(audit: &Audit, rows: &[RuleRow], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}\n", audit_line(audit))?;
    let name_width = rows.iter().map(|r| r.name.chars().count()).max().unwrap_or(0).max(4);
    writeln!(
        out,
        "{:<6} {:<name_width$} {:<8} {:>10} {:>10} {:>10} {:>12}",
        "rule", "name", "severity", "checked", "hits", "per 1,000", "with hits"
    )?;
    for row in rows {
        writeln!(
            out,
            "{:<6} {:<name_width$} {:<8} {:>10} {:>10} {:>10.2} {:>12}",
            row.id,
            row.name,
            row.severity,
            thousands(row.articles),
            thousands(row.hits),
            row.per_1000,
            thousands(row.articles_with_hits)
        )?;
    }
    for row in rows.iter().filter(|r| r.hits > 0) {
        writeln!(
            out,
            "\n{} {}: {} in {}",
            row.id,
            row.name,
            plural_thousands(row.hits, "hit"),
            plural_thousands(row.articles_with_hits, "article")
        )?;
        writeln!(out, "  most frequent:")?;
        let count_width = row.top_texts.first().map_or(1, |t| thousands(t.count).len());
        for text in &row.top_texts {
            writeln!(out, "    {:>count_width$}  {}", thousands(text.count), text.text)?;
        }
        writeln!(out, "  sample:")?;
        for sample in row.samples {
            let id = if sample.id == sample.path {
                String::new()
            } else {
                format!("  (id {})", sample.id)
            };
            writeln!(out, "    {}:{}:{}{id}", sample.path, sample.line, sample.column)?;
            writeln!(out, "      {}[{}]{}", sample.before, sample.text, sample.after)?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct AuditDocument<'a> {
    version: &'static str,
    articles: u64,
    failed: u64,
    rules: &'a [RuleRow<'a>],
}

fn json(audit: &Audit, rows: &[RuleRow], out: &mut dyn Write) -> io::Result<()> {
    let document = AuditDocument {
        version: env!("CARGO_PKG_VERSION"),
        articles: audit.articles,
        failed: audit.failed,
        rules: rows,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}

/// 1234567 as "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(super) fn plural_thousands(n: u64, word: &str) -> String {
    let counted = plural(n as usize, word);
    let (_, word) = counted.split_once(' ').unwrap_or(("", &counted));
    format!("{} {word}", thousands(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(plural_thousands(1, "hit"), "1 hit");
        assert_eq!(plural_thousands(12_000, "hit"), "12,000 hits");
    }
}
