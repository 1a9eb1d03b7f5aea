//! `factlint audit`: the per-rule report (snapshots of the table and the JSON), its agreement with `check` on
//! the same input, and partial audits that merge into exactly the single-run figures, whatever the split.

use std::collections::BTreeMap;
use std::process::{Command, Output};

use insta_cmd::assert_cmd_snapshot;
use serde_json::Value;

use crate::common;

const ARCHIVE: &str = "tests/fixtures/audit/archive.jsonl";

fn factlint() -> Command {
    let mut cmd = common::factlint();
    cmd.env_remove("CI");
    cmd
}

fn run(args: &[&str]) -> Output {
    factlint().args(args).output().unwrap()
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn audit_of_an_archive_as_a_table() {
    assert_cmd_snapshot!(factlint().args(["audit", ARCHIVE]));
}

#[test]
fn audit_of_an_archive_as_json_for_two_rules() {
    assert_cmd_snapshot!(factlint().args([
        "audit",
        "--format",
        "json",
        "--rule",
        "FL101,FL402",
        "--samples",
        "2",
        ARCHIVE
    ]));
}

#[test]
fn audit_as_the_html_summary_view() {
    let out = run(&["audit", "--format", "html", "--rule", "FL101", ARCHIVE]);
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!doctype html>"), "{page}");
    assert!(page.contains("<title>factlint audit</title>"));
    assert!(page.contains("<p>8 articles checked.</p>"), "{page}");
    assert!(
        page.contains("<tr><td><a href=\"#FL101\">FL101</a></td><td>former-incumbent</td><td>error</td><td>8</td><td>2</td><td>250.00</td><td>2</td></tr>"),
        "{page}"
    );
    assert_eq!(
        page.matches("<mark class=\"error\">Former U.S. President Donald Trump</mark>")
            .count(),
        2
    );
}

/// Hits per rule as `check` reports them on the same input.
fn check_counts(args: &[&str]) -> BTreeMap<String, u64> {
    let out = run(args);
    let mut counts = BTreeMap::new();
    for rule in common::jsonl_rules(&out.stdout) {
        *counts.entry(rule).or_default() += 1;
    }
    counts
}

fn audit_counts(audit: &Value) -> BTreeMap<String, u64> {
    audit["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["hits"].as_u64() != Some(0))
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["hits"].as_u64().unwrap()))
        .collect()
}

#[test]
fn audit_figures_agree_with_check_on_a_stream_and_on_a_directory() {
    let audit = json(&run(&["audit", "--format", "json", ARCHIVE]));
    assert_eq!(audit["articles"], 8);
    let expected = check_counts(&["check", "--input", "jsonl", "--fail-on", "error", ARCHIVE]);
    assert!(expected.len() > 5, "{expected:?}");
    assert_eq!(audit_counts(&audit), expected);

    let audit = json(&run(&[
        "audit",
        "--format",
        "json",
        "--date",
        "2025-05-16",
        "tests/fixtures/seed",
    ]));
    assert_eq!(audit["articles"], 3);
    let expected = check_counts(&[
        "check",
        "--format",
        "jsonl",
        "--date",
        "2025-05-16",
        "tests/fixtures/seed",
    ]);
    assert_eq!(audit_counts(&audit), expected);
}

#[test]
fn partial_audits_merge_into_the_single_run_figures_whatever_the_split() {
    let whole = run(&["audit", "--format", "json", ARCHIVE]);
    let records: Vec<String> = std::fs::read_to_string(common::repo().join(ARCHIVE))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    for split in [vec![1, 7], vec![3, 2, 3], vec![0, 8]] {
        let mut partials = String::new();
        let mut at = 0;
        for (part, size) in split.iter().enumerate() {
            let path = dir.path().join(format!("part{part}.jsonl"));
            std::fs::write(&path, records[at..at + size].join("\n")).unwrap();
            at += size;
            let out = factlint()
                .args(["audit", "--format", "partial"])
                .arg(&path)
                .output()
                .unwrap();
            assert!(out.status.success());
            partials.push_str(&String::from_utf8(out.stdout).unwrap());
        }
        let merged_path = dir.path().join("partials.jsonl");
        std::fs::write(&merged_path, partials).unwrap();
        let merged = factlint()
            .args(["audit", "--merge", "--format", "json"])
            .arg(&merged_path)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(merged.stdout).unwrap(),
            String::from_utf8(whole.stdout.clone()).unwrap(),
            "split {split:?}"
        );
    }
}

#[test]
fn bad_input_is_counted_reported_and_exits_2_with_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archive.jsonl");
    std::fs::write(&path, "{\"id\": 1, \"text\": \"Observers believe it.\"}\nnot json\n").unwrap();
    let out = factlint()
        .args(["audit", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("archive.jsonl:2:2: malformed record: expected ident"),
        "{stderr}"
    );
    let audit: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (audit["articles"].as_u64(), audit["failed"].as_u64()),
        (Some(1), Some(1))
    );

    let out = factlint().args(["audit", "--merge"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected a partial audit"));

    let out = run(&["audit", "--rule", "FL999", ARCHIVE]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule `FL999`"));
}

/// The partial audit of the test archive with these extra arguments.
fn partial(extra: &[&str]) -> String {
    let out = factlint()
        .args(["audit", "--format", "partial"])
        .args(extra)
        .arg(ARCHIVE)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `audit --merge --format json` of these partials: exit code, output, error.
fn merge(partials: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("partials.jsonl");
    std::fs::write(&path, partials.concat()).unwrap();
    let out = factlint()
        .args(["audit", "--merge", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn partials_say_what_made_them_and_a_merge_refuses_a_mix() {
    let bundled = partial(&[]);
    let made_by: Value = serde_json::from_str::<Value>(&bundled).unwrap()["made_by"].clone();
    assert_eq!(made_by["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(made_by["fingerprint"].as_str().unwrap().len(), 32, "{made_by}");

    // The same layers from two places make the same fingerprint (as on a cluster's workers), and merge.
    let dir = tempfile::tempdir().unwrap();
    let mut copies = Vec::new();
    for name in ["one", "two"] {
        let copy = dir.path().join(name);
        std::fs::create_dir(&copy).unwrap();
        for entry in std::fs::read_dir(common::repo().join("tests/fixtures/layers/rules")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
        }
        copies.push(copy.display().to_string());
    }
    let custom = [partial(&["--rules", &copies[0]]), partial(&["--rules", &copies[1]])];
    assert_eq!(custom[0], custom[1]);
    let (code, _, stderr) = merge(&[&custom[0], &custom[1]]);
    assert_eq!(code, Some(0), "{stderr}");

    // Other rules, another selection, other reference data or no maker at all: refused, with no report.
    let selected = partial(&["--rule", "FL101"]);
    let no_reference = partial(&["--no-default-reference", "--rules", &copies[0]]);
    let mut older: Value = serde_json::from_str(&bundled).unwrap();
    older.as_object_mut().unwrap().remove("made_by");
    let older = format!("{older}\n");
    for other in [&custom[0], &selected, &no_reference, &older] {
        let base = if other == &no_reference { &custom[0] } else { &bundled };
        let (code, stdout, stderr) = merge(&[base, other]);
        assert_eq!(code, Some(2), "{stderr}");
        assert_eq!(stdout, "");
        assert!(stderr.contains(":2: this partial audit was made by "), "{stderr}");
        assert!(stderr.contains("do not add up"), "{stderr}");
    }
    let (code, _, stderr) = merge(&[&older, &bundled]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("the ones before it by an older factlint"), "{stderr}");
}

#[test]
fn a_partial_counts_unreadable_records_and_exits_0_and_the_merge_exits_2_as_a_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("broken.jsonl");
    let mut bytes = std::fs::read(common::repo().join(ARCHIVE)).unwrap();
    bytes.extend_from_slice(b"{\"id\": \"x\", \"text\": \"caf\xe9\"}\n");
    std::fs::write(&archive, bytes).unwrap();
    let single = factlint()
        .args(["audit", "--format", "json"])
        .arg(&archive)
        .output()
        .unwrap();
    assert_eq!(single.status.code(), Some(2));
    let out = factlint()
        .args(["audit", "--format", "partial"])
        .arg(&archive)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let partial = String::from_utf8(out.stdout).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&partial).unwrap()["failed"], 1);
    let (code, merged, _) = merge(&[&partial]);
    assert_eq!(code, Some(2));
    assert_eq!(merged.as_bytes(), single.stdout);
}
