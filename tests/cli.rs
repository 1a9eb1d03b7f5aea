//! The binary as users and scripts run it: output, exit codes (0 clean, 1 findings, 2 errors), and bad input
//! that is reported with its place while the other files are still checked.

use std::path::Path;
use std::process::Command;

use insta_cmd::assert_cmd_snapshot;

use crate::common;

fn factlint(dir: &Path) -> Command {
    let mut cmd = common::factlint_in(dir);
    cmd.env_remove("CI");
    cmd
}

#[test]
fn seed_article_as_jsonl_exits_1() {
    assert_cmd_snapshot!(factlint(common::repo()).args([
        "check",
        "--format",
        "jsonl",
        "tests/fixtures/seed/article.md"
    ]));
}

#[test]
fn plain_text_seed_with_date_and_fail_on_error() {
    let args = [
        "check",
        "--date",
        "2025-09-01",
        "--fail-on",
        "error",
        "tests/fixtures/seed/article.txt",
        "--select",
    ];
    // An error among the findings fails the run; warnings alone do not at --fail-on error.
    assert_cmd_snapshot!(factlint(common::repo()).args(args).arg("FL101,FL102"));
    assert_cmd_snapshot!(factlint(common::repo()).args(args).arg("FL102"));
}

#[test]
fn clean_text_exits_0_and_stdin_is_read() {
    let mut cmd = factlint(common::repo());
    cmd.args(["check", "--date", "2025-05-16", "-"]);
    assert_cmd_snapshot!(
        cmd.pass_stdin("Ukrainian President Volodymyr Zelenskyy met U.S. President Donald Trump on Friday.\n")
    );
}

#[test]
fn no_date_means_today_with_a_note() {
    let out = factlint(common::repo())
        .args(["check", "--format", "json", "tests/fixtures/seed/article.txt"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no date given"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["as_of_from"], "today");
    assert_eq!(json["files"][0]["as_of"], chrono::Local::now().date_naive().to_string());
}

#[test]
fn bad_input_is_reported_and_the_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("binary.md"), b"\x89PNG\r\n\x1a\n\0\0\0IHDR").unwrap();
    std::fs::write(d.join("latin1.md"), b"---\ndate: 2025-05-16\n---\n\nCaf\xe9 society.\n").unwrap();
    std::fs::write(d.join("empty.md"), b"").unwrap();
    std::fs::write(
        d.join("broken.md"),
        "---\ntitle: \"unterminated\ndate: 2025-05-16\n---\n\nText.\n",
    )
    .unwrap();
    std::fs::write(d.join("impossible.md"), "---\ndate: 2025-02-30\n---\n\nText.\n").unwrap();
    std::fs::write(
        d.join("good.md"),
        "---\ndate: 2025-05-16\n---\n\nFormer U.S. President Donald Trump spoke.\n",
    )
    .unwrap();
    let before: Vec<Vec<u8>> = ["binary.md", "latin1.md", "good.md"]
        .iter()
        .map(|f| std::fs::read(d.join(f)).unwrap())
        .collect();
    assert_cmd_snapshot!(factlint(d).args([
        "check",
        "--format",
        "jsonl",
        "binary.md",
        "latin1.md",
        "empty.md",
        "broken.md",
        "impossible.md",
        "missing.md",
        "good.md"
    ]));
    let after: Vec<Vec<u8>> = ["binary.md", "latin1.md", "good.md"]
        .iter()
        .map(|f| std::fs::read(d.join(f)).unwrap())
        .collect();
    assert_eq!(before, after, "no input file is modified");
}

#[test]
fn impossible_date_option_is_a_usage_error() {
    assert_cmd_snapshot!(factlint(common::repo()).args([
        "check",
        "--date",
        "2025-02-30",
        "tests/fixtures/seed/article.md"
    ]));
}

#[test]
fn bad_rule_files_are_refused_with_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    let good = std::fs::read_to_string(common::repo().join("rules/FL402-anonymous-attribution.yaml")).unwrap();
    std::fs::write(
        rules.join("bad-regex.yaml"),
        good.replace(r"(?:believe|", r"(?:believe|(").replace("FL402", "FL900"),
    )
    .unwrap();
    std::fs::write(
        rules.join("unknown-key.yaml"),
        good.replace("severity: warning", "severity: warning\nlevel: high")
            .replace("FL402", "FL901"),
    )
    .unwrap();
    std::fs::write(
        rules.join("type-error.yaml"),
        good.replace("severity: warning", "severity: [warning]")
            .replace("FL402", "FL902"),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "Text.\n").unwrap();
    assert_cmd_snapshot!(factlint(dir.path()).args(["check", "--rules", "rules", "--date", "2025-05-16", "a.md"]));
}

#[test]
fn bad_reference_files_are_refused_with_file_line_column() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference");
    std::fs::create_dir(&reference).unwrap();
    for file in [
        "jurisdictions.yaml",
        "offices.yaml",
        "us-offices.yaml",
        "people.yaml",
        "ukraine-war.yaml",
    ] {
        let mut text = std::fs::read_to_string(common::repo().join("reference-data").join(file)).unwrap();
        if file == "people.yaml" {
            text = text
                .replace(
                    "{office: us-secretary-of-state, from: 2025-01-21}",
                    "{office: us-secretary-of-stat, from: 2025-01-21}",
                )
                .replace("to: 2000-05-07}", "to: 1999-05-07}");
        }
        std::fs::write(reference.join(file), text).unwrap();
    }
    std::fs::write(dir.path().join("a.md"), "Text.\n").unwrap();
    assert_cmd_snapshot!(factlint(dir.path()).args([
        "check",
        "--reference",
        "reference",
        "--date",
        "2025-05-16",
        "a.md"
    ]));
}

#[test]
fn rules_and_explain() {
    assert_cmd_snapshot!(factlint(common::repo()).args(["rules"]));
    assert_cmd_snapshot!(factlint(common::repo()).args(["explain", "fl101"]));
    assert_cmd_snapshot!(factlint(common::repo()).args(["explain", "FL999"]));
}

#[test]
fn directories_are_walked_in_order_honouring_gitignore_without_following_links() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let article = "---\ndate: 2025-05-16\n---\n\nFormer U.S. President Donald Trump spoke.\n";
    for path in [
        "drafts/b.md",
        "drafts/a.txt",
        "drafts/sub/c.markdown",
        // A directory's entries come before a sibling whose name it begins ("sub" before "sub-x"), as paths
        // compare by component, though `/` sorts after `-` as a byte.
        "drafts/sub-x/f.md",
        "drafts/z.md",
        "drafts/skip/d.md",
        "drafts/.hidden/e.md",
    ] {
        std::fs::create_dir_all(d.join(path).parent().unwrap()).unwrap();
        std::fs::write(d.join(path), article).unwrap();
    }
    std::fs::write(d.join("drafts/notes.csv"), "not an article").unwrap();
    std::fs::write(d.join("drafts/.gitignore"), "skip/\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("drafts"), d.join("drafts/sub/loop")).unwrap();
    let out = factlint(d)
        .args(["check", "--format", "concise", "drafts"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let paths: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split(':').next())
        .filter(|p| p.starts_with("drafts"))
        .collect();
    assert_eq!(
        paths,
        vec![
            "drafts/a.txt",
            "drafts/b.md",
            "drafts/sub/c.markdown",
            "drafts/sub-x/f.md",
            "drafts/z.md"
        ],
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn claims_prints_what_was_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "Republican former President George W. Bush said on Tuesday that 40 percent agreed. McConnel spoke.\n",
    )
    .unwrap();
    assert_cmd_snapshot!(factlint(dir.path()).args(["claims", "a.md"]));
}
