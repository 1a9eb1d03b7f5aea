//! CI gating on a real temporary git repository: `--changed-since` reports only changed lines, and a baseline
//! keeps accepted findings quiet across edits elsewhere in the article.

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

fn findings(dir: &Path, args: &[&str]) -> Vec<(String, u64)> {
    let out = crate::common::bin()
        .current_dir(dir)
        .args(["check", "--format", "jsonl", "--date", "2025-05-16"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["rule"].as_str().unwrap().to_string(), v["line"].as_u64().unwrap())
        })
        .collect()
}

const DRAFT: &str = "Former U.S. President Donald Trump spoke in Abu Dhabi.\n\nObservers believe talks will resume.\n\nThe weather was mild.\n";

#[test]
fn changed_since_reports_only_changed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    std::fs::write(d.join("draft.md"), DRAFT).unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "draft"]);
    assert_eq!(findings(d, &["--changed-since", "HEAD", "draft.md"]), vec![]);

    std::fs::write(
        d.join("draft.md"),
        DRAFT.replace("The weather was mild.", "Experts say the weather was mild."),
    )
    .unwrap();
    assert_eq!(
        findings(d, &["--changed-since", "HEAD", "draft.md"]),
        vec![("FL402".to_string(), 5)]
    );
    assert_eq!(
        findings(d, &["draft.md"]).len(),
        3,
        "without the flag every finding is reported"
    );

    std::fs::write(d.join("new.md"), "Former U.S. President Donald Trump spoke.\n").unwrap();
    assert_eq!(
        findings(d, &["--changed-since", "HEAD", "new.md"]),
        vec![("FL101".to_string(), 1)],
        "untracked: all lines"
    );

    let out = crate::common::bin()
        .current_dir(d)
        .args(["check", "--changed-since", "no-such-ref", "draft.md", "new.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("--changed-since").count(),
        1,
        "a bad revision stops the run once, before any file: {stderr}"
    );
    assert!(out.stdout.is_empty(), "and nothing is reported unfiltered");
}

#[test]
fn baseline_accepts_findings_by_content_not_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    std::fs::write(d.join("draft.md"), DRAFT).unwrap();
    assert_eq!(findings(d, &["--write-baseline", "baseline.json", "draft.md"]), vec![]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "draft and its accepted findings"]);
    let baseline = std::fs::read_to_string(d.join("baseline.json")).unwrap();
    assert!(
        baseline.contains("\"FL101\"") && !baseline.contains("\"line\""),
        "{baseline}"
    );

    // An added paragraph moves the accepted findings down; a new finding is still reported.
    let edited = format!("A new opening paragraph.\n\n{DRAFT}\nCritics say nothing; experts say the talks failed.\n");
    std::fs::write(d.join("draft.md"), edited).unwrap();
    assert_eq!(
        findings(d, &["--baseline", "baseline.json", "draft.md"]),
        vec![("FL402".to_string(), 9)]
    );

    // However the article's path is typed, and from wherever the run starts, it is the same article.
    let absolute = d.join("draft.md").display().to_string();
    for path in ["./draft.md", absolute.as_str()] {
        assert_eq!(
            findings(d, &["--baseline", "baseline.json", path]),
            vec![("FL402".to_string(), 9)],
            "{path}"
        );
    }
    std::fs::create_dir(d.join("sub")).unwrap();
    assert_eq!(
        findings(&d.join("sub"), &["--baseline", "../baseline.json", "../draft.md"]),
        vec![("FL402".to_string(), 9)],
        "from a subdirectory"
    );
}
