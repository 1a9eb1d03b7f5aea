//! Extraction and checking on arbitrary UTF-8 articles, with the bundled rules and reference data: no panic,
//! and every finding's span lies on character boundaries of the article.

#![no_main]

use std::sync::LazyLock;

use chrono::NaiveDate;
use factlint::bundled;
use factlint::check::Checker;
use factlint::reference::ReferenceData;
use factlint::rules::RuleSet;
use factlint::source::{Document, Format};
use libfuzzer_sys::fuzz_target;

static CHECKER: LazyLock<Checker> = LazyLock::new(|| {
    let reference = ReferenceData::from_files(&bundled::files(bundled::REFERENCE_DATA)).expect("bundled data loads");
    let rules = RuleSet::from_files(&bundled::files(bundled::RULES)).expect("bundled rules load");
    Checker::new(reference, rules)
});

fuzz_target!(|text: &str| {
    let as_of = NaiveDate::from_ymd_opt(2025, 5, 16).expect("valid date");
    let Ok(doc) = Document::parse("fuzz.md", text.to_string(), Format::Markdown) else {
        return;
    };
    for finding in CHECKER.check(&doc, as_of).findings {
        assert!(finding.span.start <= finding.span.end && finding.span.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(finding.span.start) && doc.text.is_char_boundary(finding.span.end));
        let _ = factlint::fix::apply(&doc.text, std::slice::from_ref(&finding), true);
    }
});
