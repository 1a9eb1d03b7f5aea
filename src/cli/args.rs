//! Arguments shared by several subcommands, and the command-line names of the library's enums. The library's
//! types know nothing of clap: their names and descriptions are methods, which the `ValueEnum` impls here read.

use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::config::Config;
use crate::layers::Layers;
use crate::report::{AuditFormat, OutputFormat};
use crate::rules::Severity;
use crate::schema::SchemaKind;
use crate::source::Format;

/// `--rules DIR` (repeatable) and `--no-default-rules`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct RuleArgs {
    /// Rules directory over the bundled rules (repeatable; a later directory's rule replaces one of the same id).
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Leave the bundled rules out: only the `--rules` directories (and a config's `rules`).
    #[arg(long)]
    pub no_default_rules: bool,
}

/// `--reference DIR` (repeatable), `--no-default-reference` and `--no-cache`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ReferenceArgs {
    /// Reference data directory over the bundled data (repeatable; a later directory's record of the same person,
    /// by id or Wikidata item, extends or overrides the earlier one).
    #[arg(long, value_name = "DIR")]
    pub reference: Vec<PathBuf>,
    /// Leave the bundled reference data out: only the `--reference` directories (and a config's `reference`).
    #[arg(long)]
    pub no_default_reference: bool,
    /// Read the reference data from its YAML, neither reading nor writing the compiled cache.
    #[arg(long)]
    pub no_cache: bool,
}

impl RuleArgs {
    /// The rule layers without a config.
    pub fn layers(&self) -> Layers {
        self.layers_with(None)
    }

    /// The rule layers with a config's between the bundled set and the command line's.
    pub fn layers_with(&self, config: Option<&Config>) -> Layers {
        Layers::of_rules(self.no_default_rules, &self.rules, config)
    }
}

impl ReferenceArgs {
    /// The reference layers without a config.
    pub fn layers(&self) -> Layers {
        self.layers_with(None)
    }

    /// The reference layers with a config's between the bundled set and the command line's.
    pub fn layers_with(&self, config: Option<&Config>) -> Layers {
        Layers::of_reference(self.no_default_reference, &self.reference, self.no_cache, config)
    }
}

/// A date given as `YYYY-MM-DD`.
pub fn parse_date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("`{value}` is not a valid date (expected YYYY-MM-DD)"))
}

/// A duration in milliseconds (`500ms`), seconds (`10s`, `2.5`: the unit may be left out) or minutes (`1m`), of
/// at most a day: longer is a mistake, and would overflow the clock arithmetic of far deadlines.
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    let (number, unit) = if let Some(number) = value.strip_suffix("ms") {
        (number, 1e-3)
    } else if let Some(number) = value.strip_suffix('m') {
        (number, 60.0)
    } else {
        (value.strip_suffix('s').unwrap_or(value), 1.0)
    };
    number
        .parse::<f64>()
        .ok()
        .filter(|n| *n > 0.0)
        .and_then(|n| Duration::try_from_secs_f64(n * unit).ok())
        .filter(|d| *d <= Duration::from_secs(24 * 60 * 60))
        .ok_or_else(|| format!("`{value}` is not a duration of at most a day (such as `500ms`, `10s` or `1m`)"))
}

/// Rule ids as the user typed them, in the case the rules use.
pub fn rule_ids(ids: &[String]) -> Vec<String> {
    ids.iter().map(|id| id.trim().to_uppercase()).collect()
}

/// The `ValueEnum` of a library enum with `ALL`, `name()` and `description()`.
macro_rules! value_enum {
    ($type:ty) => {
        impl ValueEnum for $type {
            fn value_variants<'a>() -> &'a [Self] {
                &<$type>::ALL
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.name()).help(self.description()))
            }
        }
    };
}

value_enum!(OutputFormat);
value_enum!(AuditFormat);

impl ValueEnum for SchemaKind {
    fn value_variants<'a>() -> &'a [Self] {
        &SchemaKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

impl ValueEnum for Severity {
    fn value_variants<'a>() -> &'a [Self] {
        &[Severity::Error, Severity::Warning, Severity::Note]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_a_unit_and_a_bare_number_is_seconds() {
        assert_eq!(parse_duration("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2.5"), Ok(Duration::from_millis(2500)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("1h").is_err());
        assert!(parse_duration("s").is_err());
        assert!(parse_duration("25h").is_err());
        assert!(parse_duration("1441m").is_err());
    }

    #[test]
    fn rule_ids_are_read_in_any_case() {
        assert_eq!(rule_ids(&["fl101".into(), " FL102".into()]), ["FL101", "FL102"]);
    }
}
