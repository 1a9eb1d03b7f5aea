//! A rule's documentation page, generated from the rule itself (for `explain` and `docs/rules/`).

use std::fmt::Write as _;

use super::Rule;

pub fn markdown(rule: &Rule) -> String {
    let mut out = String::new();
    let docs = &rule.docs;
    let _ = writeln!(out, "# {} {}\n", rule.id, rule.name);
    let _ = writeln!(
        out,
        "Severity: {} · applies to: {}\n",
        rule.severity, rule.applies_to
    );
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
    if let Some(pattern) = &rule.pattern {
        let _ = writeln!(out, "## Pattern\n\n```\n{}\n```\n", pattern.as_str());
    }
    out
}
