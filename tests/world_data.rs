//! The bundled world data on articles of 2026: titles their holders had left by then are findings, titles held
//! then are not, whatever office the imports first put them in (Merkel's chancellorship, Netanyahu's return).

use factlint::check::Checker;
use factlint::source::{Document, Format};

use crate::common;

/// `(rule, flagged text)` of every finding on a fixture, as of the date in its front matter.
fn findings(checker: &Checker, path: &str, as_of: &str) -> Vec<(String, String)> {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let doc = Document::from_bytes(path, std::fs::read(full).unwrap(), Format::from_path(path)).unwrap();
    let as_of = chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
    checker
        .check(&doc, as_of)
        .findings
        .iter()
        .map(|f| (f.rule.clone(), doc.slice(f.span).to_string()))
        .collect()
}

#[test]
fn titles_left_by_2026_are_findings() {
    let found = findings(&common::CHECKER, "world-2026/no-longer-held.md", "2026-03-01");
    let expected: Vec<(String, String)> = [
        "Prime Minister Rishi Sunak",
        "Canadian Prime Minister Justin Trudeau",
        "Japanese Prime Minister Fumio Kishida",
        "Polish President Andrzej Duda",
        "NATO Secretary General Jens Stoltenberg",
        "Foreign Secretary David Lammy",
    ]
    .iter()
    .map(|t| ("FL102".to_string(), t.to_string()))
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn titles_held_in_2026_are_quiet() {
    let found = findings(&common::CHECKER, "world-2026/correct.md", "2026-03-01");
    assert_eq!(found, Vec::<(String, String)>::new());
}

/// The second Trump administration's cabinet is written by hand (the cabinet table stops in 2023); "JD Vance" is
/// the "J.D. Vance" of the data; a foreign minister whose open term comes from a 2022 table has left the office
/// once the data knows his successor (Sybiha, from 2024-09-05), stale table or not.
#[test]
fn the_2025_cabinet_is_known_and_a_successor_ends_an_old_open_term() {
    let found = findings(&common::CHECKER, "world-2026/us-cabinet-2025.md", "2025-06-20");
    let expected: Vec<(String, String)> = [
        ("FL101", "Former Defense Secretary Pete Hegseth"),
        ("FL101", "Former Vice President JD Vance"),
        ("FL102", "Ukrainian Foreign Minister Dmytro Kuleba"),
    ]
    .iter()
    .map(|(r, t)| (r.to_string(), t.to_string()))
    .collect();
    assert_eq!(found, expected);
}
