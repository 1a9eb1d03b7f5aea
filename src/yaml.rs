//! One way to read every YAML file factlint accepts (rules, reference data, front matter).
//!
//! serde-saphyr is used instead of the archived serde_yaml: it is maintained, does not panic on malformed input,
//! enforces budgets against alias bombs and deep nesting, and reports line and column for every error and for
//! every [`serde_saphyr::Spanned`] value, which is what lets findings and config errors name `file:line:column`.

use serde::de::DeserializeOwned;

/// A YAML file that could not be read into the expected shape, with where the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based; 0 when the parser knows no place.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Deserializes `text` strictly: the target types decide which keys are allowed.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let mut options = serde_saphyr::options::Options::default();
    options.with_snippet = false;
    options.budget = Some(budget(text.len()));
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
        let message = match alias_free(&e) {
            serde_saphyr::Error::Budget { breach, .. } => budget_message(breach),
            // The parser's own messages for these advise its API; the user needs to know what is in the file.
            serde_saphyr::Error::DuplicateMappingKey { key: Some(key), .. } => {
                format!("`{key}` is given twice in the same mapping; keep one")
            }
            serde_saphyr::Error::DuplicateMappingKey { key: None, .. } => {
                "a key is given twice in the same mapping; keep one".to_string()
            }
            serde_saphyr::Error::MultipleDocuments { .. } => {
                "a second YAML document (after `---`) where one is expected; remove the `---` line or split the file"
                    .to_string()
            }
            // The scanner's own guard against deep flow nesting (`[[[[…`).
            _ if e.to_string().starts_with("recursion limit exceeded") => {
                "nested too deeply; YAML files may nest 64 levels".to_string()
            }
            _ => plain_message(&e.to_string()),
        };
        YamlError { line, column, message }
    })
}

/// The parser's limits for a text of `len` bytes. The defaults fit a config file; a reference file of a million
/// people needs more nodes, so the counts grow with the text. Written YAML has at most one node per two bytes
/// (`a,`), so only aliases can go past that — and an alias bomb is exactly what the limits are for: memory stays
/// proportional to the file's size.
fn budget(len: usize) -> serde_saphyr::budget::Budget {
    let mut budget = serde_saphyr::budget::Budget::default();
    budget.max_nodes = budget.max_nodes.max(len / 2);
    budget.max_events = budget.max_events.max(len);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len);
    budget
}

/// The error an alias led to, without the alias wrapper around it.
fn alias_free(mut error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error: inner, .. } = error {
        error = inner;
    }
    error
}

fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach;
    match breach {
        BudgetBreach::Depth { depth } => format!("nested too deeply ({depth} levels); YAML files may nest 64 levels"),
        BudgetBreach::Nodes { nodes } => format!(
            "expands to more than {} values; aliases that multiply (an alias bomb) are refused",
            nodes.saturating_sub(1)
        ),
        other => format!("too large to read safely ({other:?}); aliases that multiply (an alias bomb) are refused"),
    }
}

/// The parser's message without its own position suffix (positions are printed by the caller).
fn plain_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    match first.rfind(" at line ") {
        Some(i) => first[..i].trim_end_matches(',').to_string(),
        None => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        name: String,
    }

    #[test]
    fn unknown_key_reports_line_and_column() {
        let err = from_str::<Strict>("name: a\nnmae: b\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(err.message.contains("nmae"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused_with_a_clear_message() {
        let deep = format!("name: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let err = from_str::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(&deep).unwrap_err();
        assert!(err.message.contains("nested too deeply"), "{err:?}");
        let indented: String = (0..100).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
        let err = from_str::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(&indented).unwrap_err();
        assert!(err.message.contains("nested too deeply"), "{err:?}");
    }

    #[test]
    fn budgets_grow_with_the_file_so_large_reference_files_load() {
        let items: Vec<String> = (0..260_000).map(|i| format!("- {i}")).collect();
        let list: Vec<u32> = from_str(&items.join("\n")).unwrap();
        assert_eq!(list.len(), 260_000);
    }

    #[test]
    fn duplicate_keys_and_extra_documents_say_what_is_wrong_in_the_file() {
        let err = from_str::<Strict>("name: a\nname: b\n").unwrap_err();
        assert_eq!(err.message, "`name` is given twice in the same mapping; keep one");
        assert_eq!(err.line, 2, "{err:?}");
        let err = from_str::<Strict>("name: a\n---\nname: b\n").unwrap_err();
        assert!(
            err.message.starts_with("a second YAML document (after `---`)"),
            "{err:?}"
        );
        assert!(err.line >= 2, "{err:?}");
    }

    #[test]
    fn syntax_error_reports_a_place() {
        let err = from_str::<Strict>("name: [a\n").unwrap_err();
        assert!(err.line >= 1, "{err:?}");
    }
}

/// Any YAML scalar read as text, with its position: for values that may be written as `2025` or `"2025-05"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    pub value: String,
    pub line: usize,
    pub column: usize,
}

impl<'de> serde::Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<ScalarText>::deserialize(deserializer)?;
        Ok(Scalar {
            value: spanned.value.0,
            line: spanned.referenced.line() as usize,
            column: spanned.referenced.column() as usize,
        })
    }
}

struct ScalarText(String);

impl<'de> serde::Deserialize<'de> for ScalarText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ScalarText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E>(self, v: &str) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl schemars::JsonSchema for Scalar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Scalar".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": ["string", "number", "boolean"] })
    }
}
