//! `--fix`: safe fixes applied atomically and the rest reported against the fixed text; `--dry-run` shows a
//! diff and writes nothing; unsafe fixes only on request.

use std::path::Path;
use std::process::Command;

use insta_cmd::assert_cmd_snapshot;

use crate::common;

fn seed_copy() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let seed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed/article.md")).unwrap();
    std::fs::write(dir.path().join("article.md"), &seed).unwrap();
    (dir, seed)
}

fn factlint(dir: &Path) -> Command {
    common::factlint_in(dir)
}

fn rules_found(dir: &Path, extra: &[&str]) -> Vec<String> {
    let out = factlint(dir)
        .args(["check", "--format", "jsonl", "article.md"])
        .args(extra)
        .output()
        .unwrap();
    common::jsonl_rules(&out.stdout)
}

#[test]
fn fix_corrects_the_seed_and_a_second_run_no_longer_reports_it() {
    let (dir, seed) = seed_copy();
    assert!(rules_found(dir.path(), &[]).contains(&"FL101".to_string()));
    assert_cmd_snapshot!(factlint(dir.path()).args(["check", "--fix", "--format", "concise", "article.md"]));
    let fixed = std::fs::read_to_string(dir.path().join("article.md")).unwrap();
    assert!(fixed.contains("\nU.S. President Donald Trump announced from Abu Dhabi"));
    assert_eq!(
        fixed,
        seed.replacen(
            "Former U.S. President Donald Trump announced",
            "U.S. President Donald Trump announced",
            1
        )
    );
    assert!(!rules_found(dir.path(), &[]).contains(&"FL101".to_string()));
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let (dir, seed) = seed_copy();
    assert_cmd_snapshot!(factlint(dir.path()).args(["check", "--fix", "--dry-run", "article.md"]));
    assert_eq!(std::fs::read_to_string(dir.path().join("article.md")).unwrap(), seed);
}

#[test]
fn inserting_former_is_an_unsafe_fix() {
    let (dir, _) = seed_copy();
    let as_of = ["--date", "2025-09-01"];
    factlint(dir.path())
        .args(["check", "--fix", "article.md"])
        .args(as_of)
        .output()
        .unwrap();
    assert!(
        rules_found(dir.path(), &as_of).contains(&"FL102".to_string()),
        "FL102 is left without --unsafe-fixes"
    );
    factlint(dir.path())
        .args(["check", "--fix", "--unsafe-fixes", "article.md"])
        .args(as_of)
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(dir.path().join("article.md")).unwrap();
    assert!(
        fixed.contains("Former Ukrainian Defence Minister Rustem Umerov said"),
        "{fixed}"
    );
    assert!(!rules_found(dir.path(), &as_of).contains(&"FL102".to_string()));
}

/// A file whose fixes cannot be written (here: no room for the copy kept beside it while it is rewritten, as in a
/// read-only directory, which root could write to) was still checked: its findings are reported, the error says
/// the fixes were not written, and the summary does not count it as a file that could not be checked.
#[test]
fn fixes_that_cannot_be_written_are_an_error_of_a_checked_file() {
    let (dir, seed) = seed_copy();
    let name = format!("{}.md", "a".repeat(240));
    std::fs::rename(dir.path().join("article.md"), dir.path().join(&name)).unwrap();
    let output = factlint(dir.path())
        .args(["check", "--fix", "--format", "concise", &name])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert_eq!(output.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!("error: {name}: checked, but the fixes could not be written: ")),
        "{stderr}"
    );
    assert!(
        stdout.contains(&format!("{name}:")),
        "the findings are reported: {stdout}"
    );
    assert!(!stdout.contains("could not be checked"), "{stdout}");
    assert_eq!(std::fs::read_to_string(dir.path().join(&name)).unwrap(), seed);
}

#[test]
fn fixing_standard_input_prints_the_fixed_text_and_reports_what_is_left() {
    let mut child = crate::common::bin()
        .args(["check", "--fix", "--date", "2025-05-16", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        b"Former U.S. President Donald Trump spoke.\n\nExperts say the talks failed.\n",
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stdout,
        "U.S. President Donald Trump spoke.\n\nExperts say the talks failed.\n"
    );
    assert!(
        stderr.contains("-:3:1: warning FL402"),
        "what is left is reported: {stderr}"
    );
    assert_eq!(out.status.code(), Some(1), "and a finding left fails the run: {stderr}");
}
