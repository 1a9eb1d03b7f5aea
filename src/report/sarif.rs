//! `sarif`: SARIF 2.1.0 with what GitHub code scanning needs — rule descriptors with descriptions and help,
//! repository-relative URIs, full regions, and fingerprints that do not depend on line numbers.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use crate::engine::{FileReport, RuleInfo};
use crate::finding::{Finding, fingerprint};
use crate::rules::Severity;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A URI relative to the working directory (the repository root in CI), with forward slashes.
fn uri(path: &str) -> String {
    if path == "-" {
        return "stdin".to_string();
    }
    let p = Path::new(path);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf());
    let text = relative.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

fn descriptor(rule: &RuleInfo) -> Value {
    json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.why },
        "help": { "text": format!("{}\n\n{}", rule.summary, rule.why), "markdown": rule.help },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": ["factlint", rule.applies_to], "precision": "high" },
    })
}

fn result(report: &FileReport, finding: &Finding, rule_index: Option<usize>) -> Value {
    let doc = &report.document;
    let start = doc.position(finding.span.start);
    let end = doc.position(finding.span.end);
    let mut text = finding.message.clone();
    if let Some(fix) = &finding.fix {
        text.push_str(&format!(" Fix: {}", fix.description));
    }
    let related: Vec<Value> = finding
        .evidence
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let origin = e.origin.as_ref()?;
            Some(json!({
                "id": i,
                "message": { "text": format!("evidence: {}", e.summary) },
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&origin.file) },
                    "region": { "startLine": origin.line },
                },
            }))
        })
        .collect();
    let hash = fingerprint(&report.document, finding);
    let mut value = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&doc.path) },
                "region": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                    "snippet": { "text": doc.slice(finding.span) },
                },
            },
        }],
        "partialFingerprints": { "primaryLocationLineHash": format!("{hash}:1"), "factlint/v1": hash },
    });
    if let Some(index) = rule_index {
        value["ruleIndex"] = index.into();
    }
    if !related.is_empty() {
        value["relatedLocations"] = related.into();
    }
    value
}

pub fn render(reports: &[FileReport], rules: &[RuleInfo], out: &mut dyn Write) -> io::Result<()> {
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|report| {
            report
                .findings
                .iter()
                .map(move |f| result(report, f, rules.iter().position(|r| r.id == f.rule)))
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "factlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(descriptor).collect::<Vec<_>>(),
            }},
            "automationDetails": { "id": "factlint/" },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}
