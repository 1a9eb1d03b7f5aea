//! The whole engine from one input: an article, a rule file and a reference file, separated by the ASCII record
//! separator (U+001E). An empty rule or reference part means the bundled ones. Whatever loads is used to check the
//! article: no panic, no hang (a `sum-of` loop, an oversize `swap` are refused at load), every finding's span on
//! character boundaries, and the article with every fix applied still reads as an article.

#![no_main]

use std::sync::LazyLock;

use chrono::NaiveDate;
use factlint::bundled;
use factlint::check::Checker;
use factlint::reference::ReferenceData;
use factlint::rules::RuleSet;
use factlint::source::{Document, Format};
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::from_files(&bundled::files(bundled::RULES)).expect("bundled rules load"));
static REFERENCE: LazyLock<ReferenceData> = LazyLock::new(|| {
    ReferenceData::from_files(&bundled::files(bundled::REFERENCE_DATA)).expect("bundled data loads")
});
/// The bundled checker, built once: an input of an article alone is checked as `factlint check` would.
static BUNDLED: LazyLock<Checker> = LazyLock::new(|| Checker::new(REFERENCE.clone(), RULES.clone()));

fuzz_target!(|input: &str| {
    let mut parts = input.splitn(3, '\u{1e}');
    let (article, rule, reference) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let built;
    let checker = if rule.trim().is_empty() && reference.trim().is_empty() {
        &*BUNDLED
    } else {
        let rules = if rule.trim().is_empty() {
            RULES.clone()
        } else {
            match RuleSet::from_files(&[("fuzz-rule.yaml".to_string(), rule.to_string())]) {
                Ok(rules) => rules,
                Err(errors) => return assert!(!errors.is_empty()),
            }
        };
        let reference = if reference.trim().is_empty() {
            REFERENCE.clone()
        } else {
            match ReferenceData::from_files(&[("fuzz-reference.yaml".to_string(), reference.to_string())]) {
                Ok(reference) => reference,
                Err(errors) => return assert!(!errors.is_empty()),
            }
        };
        built = Checker::new(reference, rules);
        &built
    };
    let Ok(doc) = Document::parse("fuzz.md", article.to_string(), Format::Markdown) else {
        return;
    };
    let as_of = NaiveDate::from_ymd_opt(2025, 5, 16).expect("valid date");
    let findings = checker.check(&doc, as_of).findings;
    for finding in &findings {
        assert!(finding.span.start <= finding.span.end && finding.span.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(finding.span.start) && doc.text.is_char_boundary(finding.span.end));
    }
    let fixed = factlint::fix::apply(&doc.text, &findings, true);
    assert!(
        Document::parse("fuzz.md", fixed.text, Format::Markdown).is_ok(),
        "the fixed article no longer reads"
    );
});
