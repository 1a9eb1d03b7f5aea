//! A rule file as written: the serde types the loader reads strictly (`deny_unknown_fields`) and the JSON Schema is
//! generated from, keeping each value's place for the loader's errors.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::Severity;
use crate::yaml::Scalar;

/// A rule file as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    #[schemars(with = "String")]
    pub(super) id: Spanned<String>,
    pub(super) name: String,
    pub(super) severity: Severity,
    #[schemars(with = "String")]
    pub(super) applies_to: Spanned<String>,
    /// For `applies-to: text`, one of: a regular expression to flag (existence),
    #[schemars(with = "Option<String>")]
    pub(super) pattern: Option<Spanned<String>>,
    /// words to replace, each with its replacement (substitution),
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    pub(super) swap: Option<Spanned<BTreeMap<String, String>>>,
    /// or groups of spellings of which an article must use one (consistency).
    #[schemars(with = "Option<Vec<Vec<String>>>")]
    pub(super) consistent: Option<Spanned<Vec<Vec<String>>>>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, OneOrMany>")]
    pub(super) when: BTreeMap<String, Spanned<OneOrMany>>,
    #[schemars(with = "String")]
    pub(super) message: Spanned<String>,
    /// Report only an article's first finding, with how many more there are and what they flag: for a pattern
    /// that repeats through a document (unsourced figures in a fact sheet), where one finding says it all.
    #[serde(default)]
    pub(super) once_per_article: bool,
    /// Apply only to articles checked as of this day or later (`YYYY-MM-DD`): a style that changed then.
    #[schemars(with = "Option<String>")]
    pub(super) since: Option<Scalar>,
    pub(super) fix: Option<FixSpec>,
    pub(super) docs: DocsSpec,
    #[serde(default)]
    #[schemars(with = "Vec<ExampleSpec>")]
    pub(super) examples: Vec<Spanned<ExampleSpec>>,
}

/// A condition's value: one scalar or a list of them (any of which matches).
#[derive(Debug)]
pub(super) struct OneOrMany(pub(super) Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value or a list of values")
            }
            fn visit_str<E>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_bool<E>(self, v: bool) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut values = Vec::new();
                while let Some(item) = seq.next_element::<Scalar>()? {
                    values.push(item.value);
                }
                Ok(OneOrMany(values))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct FixSpec {
    #[schemars(with = "String")]
    pub(super) description: Spanned<String>,
    #[schemars(with = "Option<String>")]
    pub(super) edit: Option<Spanned<String>>,
}

/// A rule's documentation: what it checks, why it matters, an example and its correction.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Docs {
    pub summary: String,
    pub why: String,
    pub example: String,
    pub correction: String,
}

type DocsSpec = Docs;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct ExampleSpec {
    pub(super) text: String,
    pub(super) date: Option<Scalar>,
    pub(super) fires: bool,
}

impl JsonSchema for OneOrMany {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OneOrMany".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A value, or a list of values any of which matches",
            "anyOf": [{ "type": ["string", "boolean"] }, { "type": "array", "items": { "type": ["string", "boolean"] } }]
        })
    }
}
