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
