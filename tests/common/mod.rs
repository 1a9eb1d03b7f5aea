//! Helpers shared by the integration tests: the bundled checker and a plain rendering of reports.

#![allow(dead_code)]

pub mod server;

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::LazyLock;

use chrono::NaiveDate;
use factlint::bundled;
use factlint::check::Checker;
use factlint::engine::{DateOrigin, FileReport, RuleInfo};
use factlint::finding::Finding;
use factlint::reference::ReferenceData;
use factlint::report::{self, OutputFormat, Style, Summary};
use factlint::rules::RuleSet;
use factlint::source::{Document, Format};

/// The checker of the bundled rules and reference data, built once for every test of the binary.
pub static CHECKER: LazyLock<Checker> = LazyLock::new(bundled_checker);

/// A new checker of the bundled rules and reference data, for a test that needs one of its own.
pub fn bundled_checker() -> Checker {
    let reference =
        ReferenceData::from_files(&bundled::files(bundled::REFERENCE_DATA)).expect("bundled reference data loads");
    let rules = RuleSet::from_files(&bundled::files(bundled::RULES)).expect("bundled rules load");
    Checker::new(reference, rules)
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub fn fixture(path: &str) -> Document {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap();
    Document::from_bytes(&format!("tests/fixtures/{path}"), bytes, Format::from_path(path)).unwrap()
}

/// Checks a document with the given rules only (all when `only` is empty).
pub fn check(checker: &Checker, doc: &Document, as_of: NaiveDate, only: &[&str]) -> Vec<Finding> {
    let rules: Vec<_> = checker
        .rules
        .rules
        .iter()
        .filter(|r| only.is_empty() || only.contains(&r.id.as_str()))
        .collect();
    checker.check_with(doc, as_of, &rules)
}

pub fn render(format: OutputFormat, doc: Document, as_of: NaiveDate, findings: Vec<Finding>) -> String {
    let reports = vec![FileReport {
        document: doc,
        as_of,
        date_origin: DateOrigin::Option,
        findings,
        suppressed: 0,
    }];
    let summary = Summary::of(&reports, 0);
    let mut out = Vec::new();
    let rules: Vec<_> = CHECKER.rules.rules.iter().map(RuleInfo::of).collect();
    report::render(format, &reports, &[], &rules, summary, Style::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The `rule` of every finding in `--format jsonl` output.
pub fn jsonl_rules(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["rule"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// The repository root, where the bundled rules, reference data and fixtures are.
pub fn repo() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root.
pub fn factlint() -> std::process::Command {
    factlint_in(repo())
}

/// The binary, run in `dir` without colour.
pub fn factlint_in(dir: &std::path::Path) -> std::process::Command {
    let mut cmd = bin();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// The binary as every test spawns it: its reference cache in the target directory, shared by the tests (whose
/// processes race on its files, as the cache allows), never the user's.
pub fn bin() -> std::process::Command {
    let exe = insta_cmd::get_cargo_bin("factlint");
    let cache = exe.parent().unwrap_or(repo()).join("test-reference-cache");
    let mut cmd = std::process::Command::new(exe);
    cmd.env("FACTLINT_CACHE_DIR", cache);
    cmd
}

/// Headless Chromium on a machine with no network: no sandbox (containers), no GPU, nothing fetched in the
/// background. Each run adds a fresh `--user-data-dir` and its window size.
pub const HEADLESS_CHROMIUM: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The first of `names` that is a file on the PATH.
pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|file| file.is_file())
    })
}

/// Chromium, under any of the names distributions give it.
pub fn chromium() -> Option<PathBuf> {
    on_path(&["chromium", "chromium-browser", "google-chrome"])
}

/// Neovim, the editor the language server is tested with.
pub fn neovim() -> Option<PathBuf> {
    on_path(&["nvim"])
}

/// chromedriver, for the tests that drive Chromium over WebDriver.
pub fn chromedriver() -> Option<PathBuf> {
    on_path(&["chromedriver"])
}

/// The tools a test needs, found on the PATH as `(name, where)`, or `None` when the test is to be skipped. In CI
/// (`CI` set) a missing tool fails the test instead. Outside CI the test is skipped with a `SKIP` line written
/// straight to standard error, which the test harness does not capture, so it shows in every run.
pub fn tools_or_skip<const N: usize>(test: &str, tools: [(&str, Option<PathBuf>); N]) -> Option<[PathBuf; N]> {
    let missing: Vec<&str> = tools
        .iter()
        .filter(|(_, path)| path.is_none())
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        return Some(tools.map(|(_, path)| path.expect("found")));
    }
    let missing = missing.join(", ");
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {missing} not found on the PATH, and CI must run the tests that drive a real browser or editor \
         (.ci/run installs them with apt-get)"
    );
    let _ = writeln!(
        std::io::stderr(),
        "SKIP {test}: {missing} not found on the PATH (.ci/run installs it with apt-get); \
         in CI this test fails instead"
    );
    None
}

/// A validator that `.ci/run` installs under `target/` (`ci-venv/bin/NAME` from PyPI, `ci-node/node_modules/.bin/NAME`
/// from npm), else the first of that name on the PATH.
pub fn ci_tool(name: &str) -> Option<PathBuf> {
    ["target/ci-venv/bin", "target/ci-node/node_modules/.bin"]
        .iter()
        .map(|dir| repo().join(dir).join(name))
        .find(|file| file.is_file())
        .or_else(|| on_path(&[name]))
}

/// A third-party validator a test runs, or `None` when the test is to be skipped: in CI (`CI` set) a missing
/// validator fails the test; elsewhere the test prints a `SKIP` line to standard error (not captured, so it shows).
pub fn validator_or_skip(test: &str, name: &str) -> Option<PathBuf> {
    if let Some(path) = ci_tool(name) {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {name} not found under target/ or on the PATH, and CI must run it (.ci/run installs it)"
    );
    let _ = writeln!(
        std::io::stderr(),
        "SKIP {test}: {name} not found under target/ or on the PATH (.ci/run installs it); in CI this test fails instead"
    );
    None
}
