//! The bundled rule pack under `factlint test`'s runner (examples and `rules/tests/` fixtures), a snapshot of
//! each rule's fixture report with only that rule on, and rules written by users: a new rule is one YAML file,
//! a broken one is refused with its exact place.

use std::path::Path;
use std::process::Command;

use factlint::report::OutputFormat;
use factlint::source::{Document, Format};
use insta_cmd::assert_cmd_snapshot;

use crate::common;

fn fixtures() -> Vec<Document> {
    let mut paths: Vec<_> = std::fs::read_dir(common::repo().join("rules/tests"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = format!("rules/tests/{}", p.file_name().unwrap().to_string_lossy());
            Document::parse(&name, std::fs::read_to_string(&p).unwrap(), Format::Markdown).unwrap()
        })
        .collect()
}

#[test]
fn bundled_rules_pass_their_examples_and_fixtures() {
    let checker = &*common::CHECKER;
    let outcomes = factlint::testing::run(checker, &fixtures(), common::date("2025-05-16"));
    assert_eq!(outcomes.len(), checker.rules.rules.len());
    for outcome in &outcomes {
        assert!(
            outcome.passed(),
            "{} failed:\n{}",
            outcome.id,
            outcome.failures.join("\n")
        );
        assert!(outcome.fixtures >= 1, "{} has no fixture in rules/tests/", outcome.id);
        assert!(
            outcome.examples >= 2,
            "{} needs examples that fire and that do not",
            outcome.id
        );
    }
}

#[test]
fn each_rule_fixture_report_with_only_that_rule_on() {
    let checker = &*common::CHECKER;
    for fixture in fixtures() {
        // `FL101.md`, and `FL101-handover.md` for a pattern that needs a date of its own.
        let name = fixture
            .path
            .trim_start_matches("rules/tests/")
            .trim_end_matches(".md")
            .to_string();
        let id = name.split('-').next().unwrap_or_default().to_string();
        let as_of = fixture.metadata.date.expect("rule fixtures have a front matter date");
        let findings = common::check(checker, &fixture, as_of, &[&id]);
        assert!(!findings.is_empty(), "{name}: its fixture has no finding of {id}");
        insta::assert_snapshot!(
            format!("rule_{name}"),
            common::render(OutputFormat::Human, fixture, as_of, findings)
        );
    }
}

fn factlint(dir: &Path) -> Command {
    common::factlint_in(dir)
}

#[test]
fn a_new_rule_is_one_yaml_file() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("my-rules");
    std::fs::create_dir_all(rules.join("tests")).unwrap();
    std::fs::write(
        rules.join("NEWS001-acting-without-term.yaml"),
        r#"id: NEWS001
name: former-holder-called-by-title
severity: error
applies-to: role
when:
  label: none
  status: past
message: "{person} left the office of {office} on {term.to}"
docs:
  summary: Our desk treats a lapsed title as an error.
  why: House style.
  example: German Chancellor Olaf Scholz spoke (2025-09-01).
  correction: Former German Chancellor Olaf Scholz spoke.
examples:
  - {text: German Chancellor Olaf Scholz spoke., date: 2025-09-01, fires: true}
  - {text: German Chancellor Friedrich Merz spoke., date: 2025-09-01, fires: false}
"#,
    )
    .unwrap();
    std::fs::write(
        rules.join("tests/NEWS001.md"),
        "---\ndate: 2025-09-01\n---\n\n<!-- expect: NEWS001 -->\nGerman Chancellor Olaf Scholz spoke.\n\nGerman Chancellor Friedrich Merz spoke.\n",
    )
    .unwrap();
    assert_cmd_snapshot!(factlint(dir.path()).args(["test", "my-rules"]));
    assert_cmd_snapshot!(factlint(dir.path()).args([
        "check",
        "--no-default-rules",
        "--rules",
        "my-rules",
        "--format",
        "jsonl",
        "my-rules/tests/NEWS001.md"
    ]));
}

#[test]
fn a_failing_rule_test_exits_1_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(rules.join("tests")).unwrap();
    let original = std::fs::read_to_string(common::repo().join("rules/FL402-anonymous-attribution.yaml")).unwrap();
    // A narrowed pattern no longer catches "Diplomatic experts say".
    std::fs::write(rules.join("FL402.yaml"), original.replace("[Ee]xperts|", "")).unwrap();
    std::fs::copy(
        common::repo().join("rules/tests/FL402.md"),
        rules.join("tests/FL402.md"),
    )
    .unwrap();
    assert_cmd_snapshot!(factlint(dir.path()).args(["test", "rules"]));
}

#[test]
fn broken_rules_are_refused_with_exact_positions() {
    assert_cmd_snapshot!(factlint(common::repo()).args(["test", "tests/fixtures/broken-rules"]));
}

#[test]
fn factlint_test_passes_on_the_bundled_rules() {
    assert_cmd_snapshot!(factlint(common::repo()).args(["test", "rules"]));
}

/// A rule with `once-per-article` reports an article's first finding only, saying how many more there are and
/// quoting them, so a fact sheet with a figure in every paragraph gets one warning, not one a paragraph.
#[test]
fn a_pattern_that_repeats_is_one_finding_per_article() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("facts.md");
    std::fs::write(
        &article,
        "---\ndate: 2025-05-16\n---\n\nThe average monthly rent is about $1,900.\n\n\
         Hospitals spent roughly 12 percent of their budgets on agency staff.\n\n\
         Deportations were down 6 percent from the previous year.\n",
    )
    .unwrap();
    let out = crate::common::bin()
        .args(["check", "--no-config", "--format", "jsonl", "--select", "FL203"])
        .arg(&article)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(findings.len(), 1, "{stdout}");
    assert_eq!(findings[0]["line"], 5);
    let message = findings[0]["message"].as_str().unwrap();
    assert!(
        message.ends_with("; and 2 more in this article: “roughly 12 percent”, “6 percent”"),
        "{message}"
    );
}
