//! The HTML report rendered by a real browser (headless Chromium): every finding is highlighted at exactly the
//! text it flags. Needs `chromium` on the PATH (`.ci/run` installs Debian's); without it the test fails in CI and
//! is skipped elsewhere, with a SKIP line on standard error.

use std::path::Path;
use std::process::Command;

use regex::Regex;

use crate::common;

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn highlights_sit_on_the_flagged_text_in_a_real_browser() {
    let Some([browser]) = common::tools_or_skip(
        "html_report::highlights_sit_on_the_flagged_text_in_a_real_browser",
        [("chromium", common::chromium())],
    ) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let inputs = ["tests/fixtures/seed/article.md", "tests/fixtures/seed/article.html"];
    let run = |format: &str| {
        crate::common::bin()
            .current_dir(root)
            .args(["check", "--format", format])
            .args(inputs)
            .output()
            .unwrap()
    };
    let page = dir.path().join("report.html");
    std::fs::write(&page, run("html").stdout).unwrap();
    let expected: Vec<(String, String)> = String::from_utf8(run("jsonl").stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["rule"].as_str().unwrap().to_string(),
                v["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(expected.len(), 14);

    let profile = dir.path().join("profile");
    let flags = common::HEADLESS_CHROMIUM;
    let url = format!("file://{}", page.display());
    let dom = Command::new(&browser)
        .args(flags)
        .arg("--window-size=1280,900")
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let mark =
        Regex::new(r#"<mark id="f\d+-\d+" class="\w+" data-rule="(\w+)"[^>]*><a [^>]*>(.*?)</a></mark>"#).unwrap();
    let highlighted: Vec<(String, String)> = mark
        .captures_iter(&dom)
        .map(|c| (c[1].to_string(), unescape(&c[2])))
        .collect();
    assert_eq!(
        highlighted, expected,
        "the browser's DOM has a highlight on each finding's text"
    );

    let shot = dir.path().join("report.png");
    let status = Command::new(&browser)
        .args(flags)
        .arg("--window-size=1280,900")
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        status.status.success() && std::fs::metadata(&shot).unwrap().len() > 10_000,
        "a screenshot was taken"
    );
}
