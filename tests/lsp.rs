//! `factlint lsp` in a real editor: Neovim (headless, its built-in LSP client, `tests/fixtures/lsp/drive.lua`)
//! opens the seed article, shows the findings of `factlint check` as diagnostics at the same places, hovers the
//! FL101 finding for its evidence, and applies its quick fix, which removes the finding. Needs `nvim` on the PATH
//! (`.ci/run` installs Debian's); without it the test fails in CI and is skipped elsewhere.

use crate::common;

#[test]
fn neovim_shows_the_seed_findings_at_their_spans_and_applies_the_fl101_fix() {
    let Some([nvim]) = common::tools_or_skip("lsp::neovim", [("nvim", common::neovim())]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("seed article.md");
    std::fs::copy(common::repo().join("tests/fixtures/seed/article.md"), &article).unwrap();
    let expected = common::bin()
        .args(["check", "--format", "jsonl"])
        .arg(&article)
        .output()
        .unwrap();
    let expected: Vec<serde_json::Value> = String::from_utf8(expected.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(expected.len(), 7, "the seed article's seven findings");

    let out = dir.path().join("seen.json");
    let exe = insta_cmd::get_cargo_bin("factlint");
    let run = std::process::Command::new(nvim)
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-S"])
        .arg(common::repo().join("tests/fixtures/lsp/drive.lua"))
        .env("FACTLINT_BIN", &exe)
        .env("FACTLINT_ARTICLE", &article)
        .env("FACTLINT_OUT", &out)
        .env("FACTLINT_EXPECTED", expected.len().to_string())
        .env("FACTLINT_CACHE_DIR", exe.parent().unwrap().join("test-reference-cache"))
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let seen = std::fs::read_to_string(&out).unwrap_or_else(|_| {
        panic!(
            "Neovim wrote nothing: {}\n{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let seen: serde_json::Value = serde_json::from_str(&seen).unwrap();
    assert_eq!(seen["arrived"], true, "the diagnostics arrived: {seen:#}");

    // Each finding of `check` is a diagnostic at its place: Neovim turns the server's UTF-16 positions into 0-based
    // lines and byte columns, which are computed here from the finding's byte offset.
    let text = std::fs::read_to_string(common::repo().join("tests/fixtures/seed/article.md")).unwrap();
    let mut diagnostics: Vec<(String, i64, i64)> = seen["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_i64().unwrap(),
                d["col"].as_i64().unwrap(),
            )
        })
        .collect();
    let mut findings: Vec<(String, i64, i64)> = expected
        .iter()
        .map(|f| {
            let start = f["start"].as_u64().unwrap() as usize;
            let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_i64().unwrap() - 1,
                (start - line_start) as i64,
            )
        })
        .collect();
    diagnostics.sort();
    findings.sort();
    assert_eq!(diagnostics, findings);

    let hover = seen["hover"].as_str().unwrap();
    assert!(hover.contains("FL101") && hover.contains("evidence:"), "hover: {hover}");
    assert_eq!(seen["applied"], true, "the FL101 quick fix was applied");
    let fixed = std::fs::read_to_string(&article).unwrap();
    assert_eq!(
        fixed,
        text.replacen("Former U.S. President", "U.S. President", 1),
        "the saved article holds the fix"
    );
    let after = common::bin()
        .args(["check", "--format", "jsonl"])
        .arg(&article)
        .output()
        .unwrap();
    let after = String::from_utf8(after.stdout).unwrap();
    assert!(!after.contains("\"FL101\""), "FL101 is gone after the fix:\n{after}");
    assert_eq!(after.lines().count(), 6, "the other findings stay:\n{after}");
}
