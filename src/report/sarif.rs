//! `sarif`: SARIF 2.1.0 with what GitHub code scanning needs — rule descriptors with descriptions, help and a
//! `helpUri`, URIs relative to the repository root (`%SRCROOT%`, percent-encoded), full regions, and fingerprints
//! that do not depend on line numbers. Evidence from the bundled reference data, which the checked repository does
//! not have, is cited in the message with its source's URL rather than as a location.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::Failure;
use crate::engine::{FileReport, RuleInfo};
use crate::files::absolute;
use crate::finding::{Evidence, Finding, fingerprint};
use crate::rules::Severity;

/// The `uriBaseId` of every location in the checked repository.
pub const SRCROOT: &str = "%SRCROOT%";

/// Where factlint lives (`repository` in Cargo.toml): the driver's `informationUri`.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// A rule's documentation page in factlint's repository, at the tag of this version.
pub fn help_uri(rule: &str) -> String {
    let page = if rule.starts_with("FL") {
        format!("docs/rules/{rule}.md")
    } else {
        // The built-in suppression rules are described in the README.
        "README.md#suppressing-a-finding-in-the-article".to_string()
    };
    format!("{INFORMATION_URI}/blob/v{}/{page}", env!("CARGO_PKG_VERSION"))
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The root locations are relative to: the git top level of the working directory, else the working directory.
pub fn source_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let top = std::process::Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .current_dir(&cwd)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|text| PathBuf::from(text.trim_end_matches(['\n', '\r'])))
        .filter(|p| p.is_dir());
    let root = top.unwrap_or(cwd);
    Some(root.canonicalize().unwrap_or(root))
}

/// Percent-encodes a path for a URI: everything but unreserved characters and `/` (so spaces, `%`, `#`, `?` and
/// non-ASCII letters are encoded byte by byte).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A `file://` URI of an absolute path (with a leading `/` before a Windows drive letter, whose `:` is kept).
fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!("file://{}", encode_path(&text).replacen("%3A", ":", 1))
}

/// The artifact location of a checked file: relative to `root` with `%SRCROOT%`, else an absolute `file://` URI.
/// Standard input has no file: its location is the relative URI `stdin`.
pub fn artifact_location(path: &str, root: Option<&Path>) -> Value {
    if path == "-" {
        return json!({ "uri": "stdin" });
    }
    let full = absolute(Path::new(path));
    if let Some(relative) = root.and_then(|root| full.strip_prefix(root).ok()) {
        let text = relative.to_string_lossy().replace('\\', "/");
        return json!({ "uri": encode_path(&text), "uriBaseId": SRCROOT });
    }
    json!({ "uri": file_uri(&full) })
}

/// How a piece of evidence is cited in the message: its summary, then its source and the source's URL.
fn cite(evidence: &Evidence) -> String {
    let mut text = format!("Evidence: {}", evidence.summary);
    if let Some(source) = &evidence.source {
        text.push_str(&format!(" (source: {}", source.name));
        if let Some(url) = &source.url {
            text.push_str(&format!(", {url}"));
        }
        text.push(')');
    }
    text.push('.');
    text
}

fn descriptor(rule: &RuleInfo) -> Value {
    json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.why },
        "help": { "text": format!("{}\n\n{}", rule.summary, rule.why), "markdown": rule.help },
        "helpUri": help_uri(&rule.id),
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": ["factlint", rule.applies_to], "precision": "high" },
    })
}

fn result(report: &FileReport, finding: &Finding, rule_index: Option<usize>, root: Option<&Path>) -> Value {
    let doc = &report.document;
    let start = doc.position(finding.span.start);
    let end = doc.position(finding.span.end);
    let mut text = finding.message.clone();
    if let Some(fix) = &finding.fix {
        text.push_str(&format!(" Fix: {}", fix.description));
    }
    let mut related = Vec::new();
    for evidence in &finding.evidence {
        // Evidence in the checked repository's own reference data is a location there; anything else (the
        // bundled data, facts of the calendar) is told in the message.
        match &evidence.origin {
            Some(origin) if !crate::bundled::is_reference_file(&origin.file) && Path::new(&*origin.file).is_file() => {
                related.push(json!({
                    "id": related.len(),
                    "message": { "text": format!("evidence: {}", evidence.summary) },
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&origin.file, root),
                        "region": { "startLine": origin.line },
                    },
                }));
            }
            _ => {
                text.push(' ');
                text.push_str(&cite(evidence));
            }
        }
    }
    let hash = fingerprint(&report.document, finding);
    let mut value = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(&doc.path, root),
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

pub fn render(reports: &[FileReport], failures: &[Failure], rules: &[RuleInfo], out: &mut dyn Write) -> io::Result<()> {
    let root = source_root();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|report| {
            let root = root.as_deref();
            report
                .findings
                .iter()
                .map(move |f| result(report, f, rules.iter().position(|r| r.id == f.rule), root))
        })
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "factlint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": INFORMATION_URI,
            "rules": rules.iter().map(descriptor).collect::<Vec<_>>(),
        }},
        "automationDetails": { "id": "factlint/" },
        // A file that could not be checked is an error notification of the run, with its location.
        "invocations": [{
            "executionSuccessful": failures.is_empty(),
            "toolExecutionNotifications": failures.iter().map(|failure| json!({
                "level": "error",
                "message": { "text": format!("{}: not checked: {}", failure.path, failure.message) },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact_location(&failure.path, root.as_deref()) } }],
            })).collect::<Vec<_>>(),
        }],
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(root) = &root {
        // A base URI ends with a slash.
        let mut uri = file_uri(root);
        if !uri.ends_with('/') {
            uri.push('/');
        }
        run["originalUriBaseIds"] = json!({
            SRCROOT: { "uri": uri, "description": { "text": "The root of the checked repository." } },
        });
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}
