//! Suppression comments in articles: with a reason they suppress, counted in the summary; without one, or
//! naming no rule, or suppressing nothing, they are findings themselves.

use insta_cmd::assert_cmd_snapshot;

use crate::common::factlint;

#[test]
fn markdown_suppressions() {
    assert_cmd_snapshot!(factlint().args(["check", "tests/fixtures/suppress/article.md"]));
}

#[test]
fn suppressions_in_plain_text_and_the_json_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("draft.txt"),
        "<!-- factlint-disable-next-line FL101 -- headline quoted from the archive -->\n\
         Former U.S. President Donald Trump spoke in Abu Dhabi.\n\
         Former U.S. President Donald Trump spoke again.\n",
    )
    .unwrap();
    let out = factlint()
        .args(["check", "--date", "2025-05-16", "--format", "json"])
        .arg(dir.path().join("draft.txt"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["suppressed"], 1);
    let findings = json["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["line"], 3);
}
