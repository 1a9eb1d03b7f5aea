//! Baselines: findings a desk has accepted, recorded by content (rule, flagged text and its sentence), not by
//! line number, so they stay accepted when the article is edited elsewhere. Paths are recorded relative to the
//! baseline file's directory, so `./a.md`, `a.md`, an absolute path or a run from another directory all name the
//! same article.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::FileReport;
use crate::files::absolute;
use crate::finding::fingerprint;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    fingerprint: String,
    /// The flagged text, for a reader of the file; not part of the key.
    text: String,
}

/// The accepted findings, keyed by `(path, rule, fingerprint)`.
#[derive(Debug, Default)]
pub struct Baseline {
    keys: HashSet<(String, String, String)>,
    /// The directory the recorded paths are relative to.
    dir: PathBuf,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: BaselineFile =
            serde_json::from_str(&text).map_err(|e| format!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))?;
        Ok(Baseline {
            dir: dir_of(path),
            keys: file
                .findings
                .into_iter()
                .map(|e| (e.path, e.rule, e.fingerprint))
                .collect(),
        })
    }

    /// Removes the accepted findings from the reports; returns how many were removed.
    pub fn filter(&self, reports: &mut [FileReport]) -> usize {
        let mut removed = 0;
        for report in reports {
            let keep: Vec<bool> = report
                .findings
                .iter()
                .map(|f| {
                    !self.keys.contains(&(
                        recorded(&self.dir, &report.document.path),
                        f.rule.clone(),
                        fingerprint(&report.document, f),
                    ))
                })
                .collect();
            removed += keep.iter().filter(|k| !**k).count();
            let mut keep = keep.into_iter();
            report.findings.retain(|_| keep.next().unwrap_or(true));
        }
        removed
    }
}

/// Writes every finding of the reports as accepted.
pub fn write(path: &Path, reports: &[FileReport]) -> std::io::Result<()> {
    let dir = dir_of(path);
    let mut findings: Vec<Entry> = reports
        .iter()
        .flat_map(|report| {
            let path = recorded(&dir, &report.document.path);
            report.findings.iter().map(move |f| Entry {
                path: path.clone(),
                rule: f.rule.clone(),
                fingerprint: fingerprint(&report.document, f),
                text: report.document.slice(f.span).to_string(),
            })
        })
        .collect();
    findings.sort_by(|a, b| (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint)));
    findings.dedup();
    let mut text =
        serde_json::to_string_pretty(&BaselineFile { version: 1, findings }).map_err(std::io::Error::other)?;
    text.push('\n');
    crate::files::write_atomically(path, &text)
}

/// The absolute directory a baseline file's paths are relative to.
fn dir_of(baseline: &Path) -> PathBuf {
    absolute(
        baseline
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    )
}

/// How a document's path is recorded: relative to `dir` with `/` between its parts when the file is below it,
/// else absolute; standard input stays `-`.
fn recorded(dir: &Path, path: &str) -> String {
    if path == "-" {
        return path.to_string();
    }
    let file = absolute(Path::new(path));
    match file.strip_prefix(dir) {
        Ok(relative) => relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => file.display().to_string(),
    }
}
