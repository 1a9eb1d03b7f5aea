//! The YAML loaders on arbitrary text: reference data and rules either load or are refused with errors, never
//! a panic, a hang or unbounded memory (alias bombs and deep nesting are within the parser's budgets).

#![no_main]

use factlint::reference::ReferenceData;
use factlint::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let files = vec![("fuzz.yaml".to_string(), text.to_string())];
    if let Err(errors) = ReferenceData::from_files(&files) {
        assert!(!errors.is_empty());
    }
    if let Err(errors) = RuleSet::from_files(&files) {
        assert!(!errors.is_empty());
    }
});
