//! The article the project started from: what EXPECTED.md says a checker must and must not report, at the right
//! spans, and how the verdicts change with the date the article is checked as of.

use factlint::finding::Finding;
use factlint::report::OutputFormat;
use factlint::rules::Severity;
use factlint::source::Document;

use crate::common;

fn findings(path: &str, as_of: &str) -> (Document, Vec<Finding>) {
    let checker = &*common::CHECKER;
    let doc = common::fixture(path);
    let found = common::check(checker, &doc, common::date(as_of), &[]);
    (doc, found)
}

/// `(rule, text at the span)` of every finding.
fn verdicts(doc: &Document, found: &[Finding]) -> Vec<(String, String)> {
    found
        .iter()
        .map(|f| (f.rule.clone(), doc.slice(f.span).to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(r, t)| (r.to_string(), t.to_string())).collect()
}

const ON_PUBLICATION: &[(&str, &str)] = &[
    ("FL403", "the largest prisoner swap since the start of the conflict"),
    ("FL101", "Former U.S. President Donald Trump"),
    ("FL201", "over 12 million"),
    ("FL202", "thousands"),
    ("FL402", "Observers believe"),
    ("FL402", "Diplomatic experts say"),
    (
        "FL401",
        "said Anna Petrova, a conflict resolution analyst based in Berlin",
    ),
];

#[test]
fn markdown_seed_reports_what_expected_md_lists_and_nothing_else() {
    let (doc, found) = findings("seed/article.md", "2025-05-16");
    assert_eq!(verdicts(&doc, &found), pairs(ON_PUBLICATION));
    let severity = |rule: &str| found.iter().find(|f| f.rule == rule).unwrap().severity;
    assert_eq!(severity("FL101"), Severity::Error);
    assert_eq!(severity("FL201"), Severity::Warning);
    assert_eq!(severity("FL401"), Severity::Warning);
    assert_eq!(severity("FL403"), Severity::Note);
}

#[test]
fn plain_text_seed_with_date_option_reports_the_same() {
    let (doc, found) = findings("seed/article.txt", "2025-05-16");
    assert_eq!(verdicts(&doc, &found), pairs(ON_PUBLICATION));
}

#[test]
fn html_seed_reports_the_same_from_the_body_only() {
    // The page's script and footer also say "Former U.S. President": only the article body is prose.
    let (doc, found) = findings("seed/article.html", "2025-05-16");
    assert_eq!(doc.metadata.date.map(|d| d.to_string()).as_deref(), Some("2025-05-16"));
    assert_eq!(verdicts(&doc, &found), pairs(ON_PUBLICATION));
}

#[test]
fn correct_titles_dates_and_figures_stay_quiet() {
    let (doc, found) = findings("seed/article.md", "2025-05-16");
    for correct in [
        "Turkey’s Foreign Minister Hakan Fidan",
        "Ukrainian Defence Minister Rustem Umerov",
        "Russian representative Vladimir Medinsky",
        "Ukrainian President Volodymyr Zelenskyy",
        "Russian President Vladimir Putin",
        "on Friday",
        "in 2022",
        "1,000 prisoners of war on each side",
        "a proposed 30-day ceasefire",
        "under two hours",
    ] {
        let at = doc
            .text
            .find(correct)
            .unwrap_or_else(|| panic!("{correct:?} is in the seed"));
        let end = at + correct.len();
        let overlapping: Vec<&Finding> = found.iter().filter(|f| f.span.start < end && at < f.span.end).collect();
        assert!(overlapping.is_empty(), "{correct:?} drew {overlapping:?}");
    }
}

#[test]
fn every_finding_shows_its_evidence_where_reference_data_decides() {
    let (_, found) = findings("seed/article.md", "2025-05-16");
    for f in found
        .iter()
        .filter(|f| ["FL101", "FL201", "FL202"].contains(&f.rule.as_str()))
    {
        assert!(!f.evidence.is_empty(), "{} has no evidence", f.rule);
        for e in &f.evidence {
            let origin = e.origin.as_ref().expect("reference evidence has a place");
            assert!(
                origin.file.starts_with("reference-data/") && origin.line > 0,
                "{origin}"
            );
            assert!(e.source.is_some());
        }
    }
    let former = found.iter().find(|f| f.rule == "FL101").unwrap();
    let fix = former.fix.as_ref().unwrap();
    assert_eq!(fix.edits.len(), 1);
    let (doc, _) = findings("seed/article.md", "2025-05-16");
    let edit = &fix.edits[0];
    assert_eq!(&doc.text[edit.start..edit.end], "Former ");
    assert_eq!(edit.replacement, "");
}

#[test]
fn verdicts_follow_the_date_checked_as_of() {
    let rules = |as_of: &str| -> Vec<(String, String)> {
        let (doc, found) = findings("seed/article.md", as_of);
        verdicts(&doc, &found)
            .into_iter()
            .filter(|(r, _)| r.starts_with("FL1"))
            .collect()
    };
    // Trump was a former president in mid-2024: "Former" is right.
    assert_eq!(rules("2024-06-01"), vec![]);
    // Fidan took the foreign ministry (2023-06-04) and Umerov defence (2023-09-06) after 2023-01-01.
    assert_eq!(
        rules("2023-01-01"),
        pairs(&[
            ("FL103", "Turkey’s Foreign Minister Hakan Fidan"),
            ("FL103", "Ukrainian Defence Minister Rustem Umerov")
        ])
    );
    // Umerov left defence on 2025-07-17; Trump is still president.
    assert_eq!(
        rules("2025-09-01"),
        pairs(&[
            ("FL102", "Ukrainian Defence Minister Rustem Umerov"),
            ("FL101", "Former U.S. President Donald Trump")
        ])
    );
}

#[test]
fn seed_reports_snapshot() {
    let checker = &*common::CHECKER;
    let as_of = common::date("2025-05-16");
    for (name, path) in [("seed_md", "seed/article.md"), ("seed_txt", "seed/article.txt")] {
        let doc = common::fixture(path);
        let found = common::check(checker, &doc, as_of, &[]);
        insta::assert_snapshot!(
            format!("{name}_human"),
            common::render(OutputFormat::Human, doc.clone(), as_of, found.clone())
        );
        insta::assert_snapshot!(
            format!("{name}_json"),
            common::render(OutputFormat::Json, doc, as_of, found)
        );
    }
}

#[test]
fn spans_lie_on_character_boundaries() {
    let checker = &*common::CHECKER;
    for path in ["seed/article.md", "seed/article.txt", "seed/article.html"] {
        let doc = common::fixture(path);
        let extraction = checker.extract(&doc);
        for claim in &extraction.claims {
            assert!(
                doc.text.is_char_boundary(claim.span.start) && doc.text.is_char_boundary(claim.span.end),
                "{claim:?}"
            );
            assert!(claim.span.start < claim.span.end, "{claim:?}");
        }
    }
}
