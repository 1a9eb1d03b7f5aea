//! Layers of rules and reference data: directories add to the bundled sets (or replace them with
//! `--no-default-…`), a later layer's record of the same person extends or overrides the earlier one, evidence
//! names the file (so the layer) it comes from, and an open term whose source was checked too long before the
//! article is a note, never an error.

use std::process::Output;

use serde_json::{Value, json};

use crate::common;

fn factlint(args: &[&str]) -> Output {
    crate::common::bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

/// `(rule, severity, flagged text, evidence files)` of every finding of `check --format json`.
fn findings(args: &[&str]) -> Vec<(String, String, String, Vec<String>)> {
    let mut all = vec!["check", "--no-config", "--format", "json"];
    all.extend_from_slice(args);
    let output = factlint(&all);
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("JSON, got {}", String::from_utf8_lossy(&output.stderr)));
    json["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let files = f["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["file"].as_str().unwrap_or_default().to_string())
                .collect();
            let text = |k: &str| f[k].as_str().unwrap().to_string();
            (text("rule"), text("severity"), text("text"), files)
        })
        .collect()
}

fn summary(found: &[(String, String, String, Vec<String>)]) -> Vec<(&str, &str, &str)> {
    found
        .iter()
        .map(|(r, s, t, _)| (r.as_str(), s.as_str(), t.as_str()))
        .collect()
}

const DRAFT: &str = "tests/fixtures/layers/draft.md";
const MIRUN: &str = "Former Zedlandic Finance Minister Kalo Mirun";
const TRUMP: &str = "Former U.S. President Donald Trump";

#[test]
fn a_desk_directory_adds_to_the_bundled_data_and_evidence_names_its_file() {
    let found = findings(&["--reference", "tests/fixtures/layers/fresh", DRAFT]);
    assert_eq!(summary(&found), [("FL101", "error", MIRUN), ("FL101", "error", TRUMP)]);
    assert_eq!(found[0].3, ["tests/fixtures/layers/fresh/zedland.yaml"]);
    assert_eq!(found[1].3, ["reference-data/us-people.yaml"]);
}

#[test]
fn without_the_bundled_data_only_the_desk_knows_anyone() {
    let found = findings(&[
        "--no-default-reference",
        "--reference",
        "tests/fixtures/layers/fresh",
        DRAFT,
    ]);
    assert_eq!(summary(&found), [("FL101", "error", MIRUN)]);
}

#[test]
fn data_checked_too_long_before_the_article_gives_a_note_not_an_error() {
    let found = findings(&["--reference", "tests/fixtures/layers/stale", DRAFT]);
    assert_eq!(summary(&found), [("FL105", "note", MIRUN), ("FL101", "error", TRUMP)]);
    let output = factlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--reference",
        "tests/fixtures/layers/stale",
        DRAFT,
    ]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let note = &json["files"][0]["findings"][0];
    assert_eq!(note["evidence"][0]["source"]["checked"], "2019-06-01");
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .contains("checked on 1 June 2019, 5 years before 16 May 2025"),
        "{note}"
    );
}

#[test]
fn a_later_layer_overrides_the_same_person_found_by_wikidata_item() {
    let article = "tests/fixtures/layers/israel.md";
    assert_eq!(findings(&[article]), []);
    let found = findings(&["--reference", "tests/fixtures/layers/override", article]);
    assert_eq!(
        summary(&found),
        [("FL102", "warning", "Israeli Prime Minister Benjamin Netanyahu")]
    );
    assert_eq!(found[0].3[0], "tests/fixtures/layers/override/israel.yaml");
}

#[test]
fn rule_directories_add_to_or_replace_the_bundled_pack() {
    let over = findings(&["--rules", "tests/fixtures/layers/rules", DRAFT]);
    assert_eq!(
        summary(&over),
        [("FL101", "note", TRUMP)],
        "the directory's FL101 replaces the bundled one"
    );
    let rules = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["rules"];
        all.extend_from_slice(args);
        String::from_utf8(factlint(&all).stdout)
            .unwrap()
            .lines()
            .filter_map(|l| {
                l.split_whitespace()
                    .next()
                    .filter(|w| w.starts_with("FL"))
                    .map(str::to_string)
            })
            .collect()
    };
    assert_eq!(rules(&[]).len(), 15);
    assert_eq!(rules(&["--rules", "tests/fixtures/layers/rules"]).len(), 15);
    assert_eq!(
        rules(&["--no-default-rules", "--rules", "tests/fixtures/layers/rules"]),
        ["FL101"]
    );
}

#[test]
fn reference_check_validates_the_merged_layers() {
    let output = factlint(&["reference", "check", "--reference", "tests/fixtures/layers/fresh"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("bundled reference data + tests/fixtures/layers/fresh: "),
        "{stdout}"
    );
    // A layer that contradicts the bundled data (two prime ministers at once) is refused with its place.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("uk.yaml"),
        "people:\n  - id: someone-else\n    name: Someone Else\n    terms:\n      - {office: uk-prime-minister, from: 2024-08-01, to: 2024-09-01}\n",
    )
    .unwrap();
    let output = factlint(&["reference", "check", "--reference", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("uk.yaml:5:9: Someone Else"), "{stderr}");
}

#[test]
fn serve_takes_the_same_layers() {
    let server = common::server::Server::start(&["--reference", "tests/fixtures/layers/stale"]);
    let body = json!({
        "text": "Former Zedlandic Finance Minister Kalo Mirun met reporters. Former U.S. President Donald Trump sent a message.",
        "format": "text",
        "date": "2025-05-16",
    });
    let answer = common::server::post(
        &server.url("/v1/check"),
        "application/json",
        body.to_string().as_bytes(),
        &[],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let rules: Vec<&str> = answer.body["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["FL105", "FL101"]);
    let alone = common::server::Server::start(&["--no-default-rules", "--rules", "tests/fixtures/layers/rules"]);
    let listed = common::server::get(&alone.url("/v1/rules"));
    let ids: Vec<&str> = listed.body["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .filter(|id| !id.starts_with("FL0"))
        .collect();
    assert_eq!(ids, ["FL101"]);
}
