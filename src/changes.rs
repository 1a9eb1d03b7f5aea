//! `--changed-since REV`: the lines of a file that git says changed since a revision, so CI reports only on
//! what a pull request touched. A file git does not track counts as changed throughout.

use std::path::Path;
use std::process::Command;

/// The changed lines of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangedLines {
    All,
    /// 1-based inclusive line ranges of the file as it is now.
    Ranges(Vec<(usize, usize)>),
}

impl ChangedLines {
    pub fn contains(&self, line: usize) -> bool {
        match self {
            ChangedLines::All => true,
            ChangedLines::Ranges(ranges) => ranges.iter().any(|&(a, b)| a <= line && line <= b),
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))
}

/// Checks that `rev` names a commit of the repository `dir` is in, so a mistyped revision stops the run before
/// any file is checked rather than once per file; a `dir` outside any repository is left to [`changed_lines`].
pub fn verify_revision(dir: &Path, rev: &str) -> Result<(), String> {
    let inside = git(dir, &["rev-parse", "--is-inside-work-tree"])?;
    if !inside.status.success() {
        return Ok(());
    }
    let commit = format!("{rev}^{{commit}}");
    let found = git(dir, &["rev-parse", "--verify", "--quiet", &commit])?;
    if found.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{rev}` is not a revision of the repository at {}",
            dir.display()
        ))
    }
}

/// Asks git which lines of `file` changed since `rev` (committed, staged or not).
pub fn changed_lines(file: &Path, rev: &str) -> Result<ChangedLines, String> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tracked = git(dir, &["ls-files", "--error-unmatch", "--", &name])?;
    if !tracked.status.success() {
        let inside = git(dir, &["rev-parse", "--is-inside-work-tree"])?;
        if !inside.status.success() {
            return Err(format!("{} is not in a git repository", file.display()));
        }
        return Ok(ChangedLines::All);
    }
    let diff = git(
        dir,
        &["diff", "--no-color", "--no-ext-diff", "--unified=0", rev, "--", &name],
    )?;
    if !diff.status.success() {
        let message = String::from_utf8_lossy(&diff.stderr)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        return Err(format!("git diff {rev}: {message}"));
    }
    Ok(ChangedLines::Ranges(hunks(&String::from_utf8_lossy(&diff.stdout))))
}

/// The new-side line ranges of a unified diff's hunk headers (`@@ -a,b +c,d @@`).
fn hunks(diff: &str) -> Vec<(usize, usize)> {
    diff.lines()
        .filter_map(|line| {
            let new = line
                .strip_prefix("@@ ")?
                .split_whitespace()
                .find(|part| part.starts_with('+'))?;
            let mut numbers = new[1..].split(',');
            let start: usize = numbers.next()?.parse().ok()?;
            let count: usize = numbers.next().map_or(Some(1), |c| c.parse().ok())?;
            (count > 0).then(|| (start, start + count - 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunk_headers_give_new_line_ranges() {
        let diff = "diff --git a/x b/x\n@@ -3 +3 @@\n-a\n+b\n@@ -10,0 +11,2 @@\n+c\n+d\n@@ -20,2 +22,0 @@\n-e\n";
        assert_eq!(hunks(diff), vec![(3, 3), (11, 12)]);
    }
}
