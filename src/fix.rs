//! `--fix`: applies the findings' mechanical edits to the text, and writes the result atomically.
//!
//! Only safe edits are applied unless unsafe ones are asked for; edits that overlap an earlier one are left for
//! the next run, so a fix never garbles text. An article is rewritten only through [`rewrite_in_place`], which
//! keeps the file what it was (the target of a link, its owner, group, mode and hard links); a file factlint
//! writes whole, such as a baseline, through [`crate::files::write_atomically`].

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use crate::files::beside;
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

/// Rewrites the existing file at `path` with `text`. A symbolic link is followed and its target rewritten, and
/// the target is written in place, so its inode, and with it its owner, group, mode and hard links, stays. The
/// original is first copied beside the target and the copy read back; it is removed once the new text is on disk,
/// and put back if writing fails (where even that fails, the error names the copy that holds it).
pub fn rewrite_in_place(path: &Path, text: &str) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let original = std::fs::read(&target)?;
    let backup = beside(&target, "orig");
    write_verified(&backup, &original)?;
    let overwrite = |bytes: &[u8]| {
        let mut file = OpenOptions::new().write(true).truncate(true).open(&target)?;
        file.write_all(bytes)?;
        file.sync_all()
    };
    match overwrite(text.as_bytes()) {
        Ok(()) => {
            let _ = std::fs::remove_file(&backup);
            Ok(())
        }
        Err(e) if overwrite(&original).is_ok() => {
            let _ = std::fs::remove_file(&backup);
            Err(e)
        }
        Err(e) => Err(std::io::Error::new(
            e.kind(),
            format!("{e}; the original text is kept in {}", backup.display()),
        )),
    }
}

/// Writes `bytes` to a new file at `path`, syncs it and reads it back.
fn write_verified(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let result = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if std::fs::read(path)? != bytes {
            return Err(std::io::Error::other(
                "the copy read back differs from what was written",
            ));
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(path);
    }
    result
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    use super::*;

    #[test]
    fn a_link_is_followed_and_its_target_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("article.md");
        let link = dir.path().join("link.md");
        std::fs::write(&target, "Former President").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        rewrite_in_place(&link, "President").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "President");
    }

    #[test]
    fn hard_links_mode_and_owner_stay_and_no_copy_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("article.md");
        let other = dir.path().join("same-file.md");
        std::fs::write(&path, "Former President").unwrap();
        std::fs::hard_link(&path, &other).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        // As root (CI), hand the file to another user: a rename would give it back to root.
        let chowned = std::os::unix::fs::chown(&path, Some(65534), Some(65534)).is_ok();
        let before = std::fs::metadata(&path).unwrap();
        rewrite_in_place(&path, "President").unwrap();
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "President");
        assert_eq!((after.ino(), after.nlink()), (before.ino(), 2));
        assert_eq!(after.permissions().mode() & 0o777, 0o640);
        if chowned {
            assert_eq!((after.uid(), after.gid()), (65534, 65534));
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
