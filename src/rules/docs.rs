//! A rule's documentation page, generated from the rule itself (for `explain` and `docs/rules/`).

use std::fmt::Write as _;

use super::{Rule, TextMatcher};

pub fn markdown(rule: &Rule) -> String {
    let mut out = String::new();
    let docs = &rule.docs;
    let _ = writeln!(out, "# {} {}\n", rule.id, rule.name);
    let _ = writeln!(out, "Severity: {} · applies to: {}\n", rule.severity, rule.applies_to);
    let _ = writeln!(out, "{}\n", docs.summary);
    let _ = writeln!(out, "## Why it matters\n\n{}\n", docs.why);
    let _ = writeln!(
        out,
        "## Example\n\n> {}\n\nCorrected:\n\n> {}\n",
        docs.example, docs.correction
    );
    if !rule.when.is_empty() {
        let _ = writeln!(out, "## Fires when\n");
        for c in &rule.when {
            let _ = writeln!(
                out,
                "- `{}` is {}",
                c.field,
                c.any_of
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            );
        }
        out.push('\n');
    }
    match &rule.matcher {
        Some(TextMatcher::Pattern(pattern)) => {
            let _ = writeln!(out, "## Pattern\n\n```\n{}\n```\n", pattern.as_str());
        }
        Some(TextMatcher::Swap { replacements, .. }) => {
            let _ = writeln!(out, "## Replacements\n\n| written | write instead |\n|---|---|");
            for (from, to) in replacements {
                let _ = writeln!(out, "| {from} | {to} |");
            }
            out.push('\n');
        }
        Some(TextMatcher::Consistent { groups }) => {
            let _ = writeln!(out, "## Spellings (one per article)\n");
            for group in groups {
                let _ = writeln!(out, "- {}", group.spellings.join(" / "));
            }
            out.push('\n');
        }
        None => {}
    }
    out
}
