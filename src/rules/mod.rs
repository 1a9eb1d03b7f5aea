//! The rules stage: declarative checks in YAML, one rule per file, validated strictly when loaded.
//!
//! A rule names the kind of claim it applies to, the conditions over that kind's computed fields that make a
//! finding, a message template, an optional fix, its docs, and examples that must and must not fire. Anything
//! a rule refers to is checked against [`fields::KINDS`] at load time, so a misspelt field or placeholder is
//! refused with its `file:line:column` instead of silently never firing.

pub mod docs;
pub mod fields;

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::ConfigError;
use fields::{EditKind, Field, Kind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

mod load;
mod matcher;
mod spec;
mod template;

pub use matcher::{MAX_CONSISTENT_GROUPS, MAX_SWAP_WORDS, SpellingGroup, TextMatch, TextMatcher};
pub use spec::{Docs, RuleSpec};
pub use template::Template;

/// One condition: the field must have one of these values.
#[derive(Debug, Clone)]
pub struct Condition {
    pub field: Field,
    pub any_of: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Fix {
    pub description: Template,
    pub edit: Option<EditKind>,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub date: Option<chrono::NaiveDate>,
    pub fires: bool,
    pub line: usize,
}

/// A loaded, validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub severity: Severity,
    pub applies_to: Kind,
    /// What a `text` rule looks for.
    pub matcher: Option<TextMatcher>,
    pub when: Vec<Condition>,
    pub message: Template,
    /// Only the first finding of an article is reported, with the others counted and quoted in its message.
    pub once_per_article: bool,
    /// The first as-of day the rule applies to.
    pub since: Option<chrono::NaiveDate>,
    pub fix: Option<Fix>,
    pub docs: Docs,
    pub examples: Vec<Example>,
    pub file: String,
}

impl Rule {
    /// Do these computed fields satisfy every condition?
    pub fn matches(&self, field_value: impl Fn(Field) -> Option<&'static str>) -> bool {
        self.when
            .iter()
            .all(|c| field_value(c.field).is_some_and(|v| c.any_of.contains(&v)))
    }
}

/// All rules, sorted by id.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn load_dir(dir: &Path) -> Result<RuleSet, Vec<ConfigError>> {
        let files = crate::read_yaml_dir(dir).map_err(|e| vec![e])?;
        RuleSet::from_files(&files)
    }

    pub fn from_files(files: &[(String, String)]) -> Result<RuleSet, Vec<ConfigError>> {
        let mut rules = Vec::new();
        let mut errors = Vec::new();
        let mut ids: HashSet<String> = HashSet::new();
        for (path, text) in files {
            match load::load_rule(path, text) {
                Ok(rule) => {
                    if !ids.insert(rule.id.clone()) {
                        errors.push(ConfigError::new(path, 1, 1, format!("duplicate rule id `{}`", rule.id)));
                    }
                    rules.push(rule);
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        if errors.is_empty() {
            Ok(RuleSet { rules })
        } else {
            Err(errors)
        }
    }

    /// Rules in layers, each a list of `(path, text)` files: a later layer's rule replaces the one of the same id.
    pub fn from_layers(layers: &[Vec<(String, String)>]) -> Result<RuleSet, Vec<ConfigError>> {
        let mut rules: Vec<Rule> = Vec::new();
        let mut errors = Vec::new();
        for files in layers {
            match RuleSet::from_files(files) {
                Ok(layer) => {
                    for rule in layer.rules {
                        rules.retain(|r| r.id != rule.id);
                        rules.push(rule);
                    }
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        if errors.is_empty() {
            Ok(RuleSet { rules })
        } else {
            Err(errors)
        }
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Keeps only the rules whose id is listed.
    pub fn only(&self, ids: &[String]) -> RuleSet {
        RuleSet {
            rules: self.rules.iter().filter(|r| ids.contains(&r.id)).cloned().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::load::load_rule;
    use super::*;

    const RULE: &str = "id: FL101
name: former-incumbent
severity: error
applies-to: role
when:
  label: former
  status: [current]
message: '{person} holds {office} since {term.from}'
fix:
  description: Drop {label}
  edit: remove-label
docs: {summary: s, why: w, example: e, correction: c}
examples:
  - {text: a, fires: true}
  - {text: b, fires: false, date: 2024-06-01}
";

    fn load(text: &str) -> Result<Rule, Vec<String>> {
        load_rule("r.yaml", text).map_err(|e| e.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_valid_rule_loads() {
        let rule = load(RULE).unwrap();
        assert_eq!(rule.when.len(), 2);
        assert!(rule.matches(|f| Some(if f == Field::Label { "former" } else { "current" })));
        assert!(!rule.matches(|f| Some(if f == Field::Label { "none" } else { "current" })));
        let text = rule.message.render(|p| Some(p.as_str().to_uppercase()));
        assert_eq!(text, "PERSON holds OFFICE since TERM.FROM");
    }

    #[test]
    fn mistakes_are_refused_with_places_and_hints() {
        let errors = load(&RULE.replace("  status: [current]", "  staus: [current]")).unwrap_err();
        assert_eq!(
            errors,
            vec!["r.yaml:7:3: unknown field `staus` for `role` claims (did you mean `status`?)"]
        );
        let errors = load(&RULE.replace("[current]", "[curent]")).unwrap_err();
        assert_eq!(
            errors,
            vec!["r.yaml:7:11: `curent` is not a value of `status` (did you mean `current`?)"]
        );
        let errors = load(&RULE.replace("{office}", "{ofice}")).unwrap_err();
        assert!(
            errors[0].starts_with("r.yaml:8:10: unknown placeholder `{ofice}`"),
            "{errors:?}"
        );
        let errors = load(&RULE.replace("applies-to: role", "applies-to: roles")).unwrap_err();
        assert!(
            errors[0].contains("unknown claim kind `roles` (did you mean `role`?)"),
            "{errors:?}"
        );
        let errors = load(&RULE.replace("severity: error", "severity: error\ncolour: red")).unwrap_err();
        assert!(
            errors[0].starts_with("r.yaml:4:1: unknown field `colour`"),
            "{errors:?}"
        );
        let errors = load(&RULE.replace("  - {text: a, fires: true}\n", "")).unwrap_err();
        assert!(errors[0].contains("needs an example that fires"), "{errors:?}");
    }

    /// The rule above as a `text` rule with `matcher` (a line of YAML) in place of its conditions.
    fn text_rule(matcher: &str) -> String {
        RULE.replace("applies-to: role", &format!("applies-to: text\n{matcher}"))
            .replace("when:\n  label: former\n  status: [current]\n", "")
            .replace("{person} holds {office} since {term.from}", "{match}")
            .replace("Drop {label}\n  edit: remove-label", "Name the source")
    }

    #[test]
    fn a_bad_regex_is_refused_at_its_line() {
        let errors = load(&text_rule("pattern: '(unclosed'")).unwrap_err();
        assert!(errors[0].starts_with("r.yaml:5:10: invalid `pattern`"), "{errors:?}");
    }

    #[test]
    fn oversize_swap_and_consistent_are_refused_at_their_line() {
        let swap = |n: usize| {
            let pairs: Vec<String> = (0..n).map(|i| format!("word{i}: term{i}")).collect();
            text_rule(&format!("swap: {{{}}}", pairs.join(", ")))
        };
        assert!(
            load(&swap(MAX_SWAP_WORDS)).is_ok(),
            "the most words a swap may list load"
        );
        let errors = load(&swap(MAX_SWAP_WORDS + 1)).unwrap_err();
        assert_eq!(errors, ["r.yaml:5:7: `swap` lists 10001 words, more than 10000"]);

        let consistent = |n: usize| {
            let groups: Vec<String> = (0..n).map(|i| format!("[name{i}, nome{i}]")).collect();
            text_rule(&format!("consistent: [{}]", groups.join(", ")))
        };
        assert!(load(&consistent(MAX_CONSISTENT_GROUPS)).is_ok());
        let errors = load(&consistent(MAX_CONSISTENT_GROUPS + 1)).unwrap_err();
        assert_eq!(errors, ["r.yaml:5:13: `consistent` gives 1001 groups, more than 1000"]);

        // Within the counts, a group too big to compile: refused with the limit, not a panic.
        let long: Vec<String> = (0..2_000).map(|i| format!("{i}{}", "ü".repeat(200))).collect();
        let errors = load(&text_rule(&format!("consistent: [[{}]]", long.join(", ")))).unwrap_err();
        assert!(
            errors[0]
                .starts_with("r.yaml:5:13: a group of `consistent` does not compile to a pattern of at most 4 MiB"),
            "{errors:?}"
        );
    }
}
