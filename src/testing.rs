//! Rule tests (`factlint test`): every rule's examples, and fixture articles annotated in the Semgrep style.
//!
//! A fixture is a Markdown or text article; `<!-- expect: FL101 -->` on the line before a line says that line
//! must have an FL101 finding. A fixture covers the rules it names in such annotations and the rule its file
//! name starts with (`FL101.md`, `FL101-more-cases.md`); for a covered rule, every finding on a line that is not
//! annotated, and every annotated line without a finding, is a failure.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::check::Checker;
use crate::rules::Rule;
use crate::source::{Document, Format};

/// The outcome of one rule's tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOutcome {
    pub id: String,
    pub name: String,
    pub examples: usize,
    pub fixtures: usize,
    /// One line per failure, each naming its place.
    pub failures: Vec<String>,
}

impl RuleOutcome {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

const EXPECT: &str = "<!-- expect:";

/// Rule ids annotated for each line of a fixture (1-based line numbers of the annotated lines).
pub fn expectations(text: &str) -> BTreeMap<usize, BTreeSet<String>> {
    let mut expected: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix(EXPECT).and_then(|r| r.strip_suffix("-->")) {
            let ids = rest
                .split(',')
                .map(|id| id.trim().to_string())
                .filter(|id| !id.is_empty());
            expected.entry(index + 2).or_default().extend(ids);
        }
    }
    expected
}

/// The rules a fixture covers: those it annotates and the one its file name starts with.
fn covered<'a>(fixture: &Document, rules: &'a [Rule]) -> Vec<&'a Rule> {
    let named: BTreeSet<String> = expectations(&fixture.text).into_values().flatten().collect();
    let stem = std::path::Path::new(&fixture.path)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let from_name = stem.split(['-', '.', '_']).next().unwrap_or_default().to_uppercase();
    rules
        .iter()
        .filter(|r| named.contains(&r.id) || r.id == from_name)
        .collect()
}

/// Runs every rule's examples and the fixtures against `checker` (whose rules are the ones tested).
pub fn run(checker: &Checker, fixtures: &[Document], today: NaiveDate) -> Vec<RuleOutcome> {
    let mut outcomes: Vec<RuleOutcome> = checker
        .rules
        .rules
        .iter()
        .map(|rule| RuleOutcome {
            id: rule.id.clone(),
            name: rule.name.clone(),
            examples: rule.examples.len(),
            fixtures: 0,
            failures: example_failures(checker, rule, today),
        })
        .collect();
    for fixture in fixtures {
        let as_of = fixture.metadata.date.unwrap_or(today);
        let expected = expectations(&fixture.text);
        for rule in covered(fixture, &checker.rules.rules) {
            let outcome = outcomes
                .iter_mut()
                .find(|o| o.id == rule.id)
                .expect("every rule has an outcome");
            outcome.fixtures += 1;
            let want: BTreeSet<usize> = expected
                .iter()
                .filter(|(_, ids)| ids.contains(&rule.id))
                .map(|(line, _)| *line)
                .collect();
            let findings = checker.check_with(fixture, as_of, &[rule]);
            let got: BTreeSet<usize> = findings.iter().map(|f| fixture.position(f.span.start).line).collect();
            for line in want.difference(&got) {
                outcome
                    .failures
                    .push(format!("{}:{line}: expected {}, found none", fixture.path, rule.id));
            }
            for f in findings
                .iter()
                .filter(|f| !want.contains(&fixture.position(f.span.start).line))
            {
                let line = fixture.position(f.span.start).line;
                outcome.failures.push(format!(
                    "{}:{line}: unexpected {}: {}",
                    fixture.path, rule.id, f.message
                ));
            }
        }
    }
    outcomes
}

fn example_failures(checker: &Checker, rule: &Rule, today: NaiveDate) -> Vec<String> {
    let mut failures = Vec::new();
    for example in &rule.examples {
        let doc = match Document::parse("example", example.text.clone(), Format::Markdown) {
            Ok(doc) => doc,
            Err(e) => {
                failures.push(format!("{}:{}: example cannot be read: {e}", rule.file, example.line));
                continue;
            }
        };
        let fired = !checker
            .check_with(&doc, example.date.unwrap_or(today), &[rule])
            .is_empty();
        if fired != example.fires {
            let verdict = if example.fires {
                "should fire but did not"
            } else {
                "fired but should not"
            };
            failures.push(format!(
                "{}:{}: example {verdict}: {}",
                rule.file, example.line, example.text
            ));
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_name_the_line_after_the_comment() {
        let text = "a\n<!-- expect: FL101, FL102 -->\nline three\n  <!-- expect: FL301 -->\nfive\n";
        let got = expectations(text);
        assert_eq!(got[&3], BTreeSet::from(["FL101".to_string(), "FL102".to_string()]));
        assert_eq!(got[&5], BTreeSet::from(["FL301".to_string()]));
        assert_eq!(got.len(), 2);
    }
}
