//! Every bundled rule: its examples fire (or not) as written, and its fixture, checked with only that rule on,
//! reports exactly the lines annotated `<!-- expect: ID -->` — snapshot of the rendered report included.

mod common;

use std::collections::BTreeSet;

use factlint::report::OutputFormat;
use factlint::source::{Document, Format};

#[test]
fn every_rule_example_fires_as_written() {
    let checker = common::checker();
    let mut failures = Vec::new();
    for rule in &checker.rules.rules {
        for example in &rule.examples {
            let doc =
                Document::parse("example.md", example.text.clone(), Format::Markdown).unwrap();
            let as_of = example
                .date
                .unwrap_or_else(|| chrono::Local::now().date_naive());
            let fired = !checker.check_with(&doc, as_of, &[rule]).is_empty();
            if fired != example.fires {
                failures.push(format!(
                    "{} ({}:{}): expected fires: {}, got {fired}: {}",
                    rule.id, rule.file, example.line, example.fires, example.text
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "rule examples that failed:\n{}",
        failures.join("\n")
    );
}

/// Lines (1-based) that an `<!-- expect: ID -->` comment on the line before says must have a finding.
fn expected_lines(text: &str, id: &str) -> BTreeSet<usize> {
    let marker = format!("<!-- expect: {id} -->");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == marker)
        .map(|(i, _)| i + 2)
        .collect()
}

#[test]
fn every_rule_has_a_fixture_that_fires_and_lines_that_do_not() {
    let checker = common::checker();
    for rule in &checker.rules.rules {
        let path = format!("rules/{}.md", rule.id);
        let doc = common::fixture(&path);
        let expected = expected_lines(&doc.text, &rule.id);
        assert!(
            !expected.is_empty(),
            "{path} has no `<!-- expect: {} -->` line",
            rule.id
        );
        let prose_lines: BTreeSet<usize> = doc
            .blocks
            .iter()
            .map(|b| doc.position(b.prose.to_source(0, 0).start).line)
            .collect();
        assert!(
            prose_lines.len() > expected.len(),
            "{path} needs prose on which {} must not fire",
            rule.id
        );

        let as_of = doc
            .metadata
            .date
            .expect("rule fixtures have a front matter date");
        let findings = common::check(&checker, &doc, as_of, &[&rule.id]);
        let actual: BTreeSet<usize> = findings
            .iter()
            .map(|f| doc.position(f.span.start).line)
            .collect();
        assert_eq!(
            actual, expected,
            "{path}: lines with findings vs lines annotated"
        );
        insta::assert_snapshot!(
            format!("rule_{}", rule.id),
            common::render(OutputFormat::Human, doc, as_of, findings)
        );
    }
}
