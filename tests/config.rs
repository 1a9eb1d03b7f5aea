//! `factlint.yaml`: found by walking up from each file, `extends` merged, severities and disabled rules applied
//! per file glob; broken configs refused with their place.

use std::path::Path;

use insta_cmd::assert_cmd_snapshot;

use crate::common;
use crate::common::factlint;

const DESK: [&str; 2] = [
    "tests/fixtures/config/desk/news/report.md",
    "tests/fixtures/config/desk/opinion/column.md",
];

#[test]
fn discovered_config_with_extends_and_overrides() {
    // newsroom.yaml disables FL502 and makes FL401 a note; the desk raises FL403 and turns FL402 off in opinion/.
    assert_cmd_snapshot!(factlint().args(["check", "--format", "jsonl"]).args(DESK));
}

#[test]
fn no_config_restores_the_defaults() {
    assert_cmd_snapshot!(
        factlint()
            .args(["check", "--no-config", "--format", "jsonl"])
            .args(DESK)
    );
}

#[test]
fn broken_configs_are_refused_with_their_place() {
    for config in ["broken/factlint.yaml", "broken2/factlint.yaml", "broken3.yaml"] {
        let path = format!("tests/fixtures/config/{config}");
        assert_cmd_snapshot!(factlint().args(["check", "--config", &path, "tests/fixtures/seed/article.md"]));
    }
}

#[test]
fn unknown_rules_in_a_discovered_config_are_refused() {
    assert_cmd_snapshot!(factlint().args(["check", "tests/fixtures/config/unknown-rule/report.md"]));
}

#[test]
fn config_rules_and_reference_directories_are_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = dir.path().join("house-rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::copy(root.join("rules/FL101-former-incumbent.yaml"), rules.join("FL101.yaml")).unwrap();
    std::fs::write(
        dir.path().join("factlint.yaml"),
        "rules: house-rules\nno-default-rules: true\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    std::fs::copy(
        root.join("tests/fixtures/seed/article.md"),
        dir.path().join("drafts/seed.md"),
    )
    .unwrap();
    let out = crate::common::bin()
        .current_dir(dir.path().join("drafts"))
        .args(["check", "--format", "jsonl", "seed.md"])
        .output()
        .unwrap();
    assert_eq!(
        common::jsonl_rules(&out.stdout),
        vec!["FL101"],
        "only the house rule runs"
    );
}

#[test]
fn overrides_apply_when_the_config_is_in_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("factlint.yaml"),
        "overrides:\n  - files: [\"opinion/**\"]\n    disable: [FL402]\n",
    )
    .unwrap();
    for desk in ["news", "opinion"] {
        std::fs::create_dir(dir.path().join(desk)).unwrap();
        std::fs::write(
            dir.path().join(desk).join("a.md"),
            "Observers believe further meetings could take place.\n",
        )
        .unwrap();
    }
    let out = common::factlint_in(dir.path())
        .args([
            "check",
            "--format",
            "jsonl",
            "--date",
            "2025-05-16",
            "news/a.md",
            "opinion/a.md",
        ])
        .output()
        .unwrap();
    let paths: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["path"].to_string())
        .collect();
    assert_eq!(paths, vec!["\"news/a.md\""]);
}
