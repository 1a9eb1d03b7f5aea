//! `--fix`: applies the findings' mechanical edits to the text, and writes the result atomically.
//!
//! Only safe edits are applied unless unsafe ones are asked for; edits that overlap an earlier one are left for
//! the next run, so a fix never garbles text. A file is written only through [`write_atomically`].

use std::io::Write;
use std::path::Path;

use crate::finding::Finding;

/// The fixed text and the indices of the findings whose fixes were applied.
pub struct Fixed {
    pub text: String,
    pub applied: Vec<usize>,
}

pub fn apply(text: &str, findings: &[Finding], unsafe_fixes: bool) -> Fixed {
    let mut candidates: Vec<(usize, &Finding)> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.fix
                .as_ref()
                .is_some_and(|fix| !fix.edits.is_empty() && (fix.safe || unsafe_fixes))
        })
        .collect();
    candidates.sort_by_key(|(_, f)| f.fix.as_ref().map_or(0, |fix| fix.edits[0].start));
    let mut edits = Vec::new();
    let mut applied = Vec::new();
    let mut covered_until = 0;
    for (index, finding) in candidates {
        let fix = finding.fix.as_ref().expect("filtered on fixes");
        let start = fix.edits.iter().map(|e| e.start).min().unwrap_or(0);
        let end = fix.edits.iter().map(|e| e.end).max().unwrap_or(0);
        let in_bounds = fix
            .edits
            .iter()
            .all(|e| e.start <= e.end && text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        if start < covered_until || !in_bounds {
            continue;
        }
        covered_until = end.max(start + 1);
        edits.extend(fix.edits.iter());
        applied.push(index);
    }
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.replacement);
        at = edit.end;
    }
    out.push_str(&text[at..]);
    applied.sort_unstable();
    Fixed { text: out, applied }
}

/// A unified diff of a file before and after its fixes.
pub fn diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(1)
        .header(&prefixed("a", path), &prefixed("b", path))
        .to_string()
}

/// `a/path` as git writes it for a relative path; an absolute path stays as it is.
fn prefixed(side: &str, path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{side}/{path}")
    }
}

/// Replaces `path` with `text` through a temporary file in the same directory, so a crash never leaves half
/// a file; the original's permissions are kept.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.factlint-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
