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

/// A duration as people write one: a number of seconds, or numbers each with a unit — `ms`, `s`, `m` (or `min`),
/// `h` — added up (`500ms`, `10s`, `1m`, `1m30s`, `1.5h`).
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    let refused = || format!("`{value}` is not a duration of at most a day (such as `500ms`, `10s` or `1m`)");
    let text = value.trim();
    let seconds = match text.parse::<f64>() {
        Ok(seconds) => seconds,
        Err(_) => {
            let mut total = 0.0;
            let mut rest = text;
            while !rest.is_empty() {
                let number_end = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .ok_or_else(refused)?;
                let unit_end = rest[number_end..]
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .map_or(rest.len(), |end| number_end + end);
                let number: f64 = rest[..number_end].parse().map_err(|_| refused())?;
                let unit = match &rest[number_end..unit_end] {
                    "ms" => 1e-3,
                    "s" => 1.0,
                    "m" | "min" => 60.0,
                    "h" => 3600.0,
                    _ => return Err(refused()),
                };
                total += number * unit;
                rest = &rest[unit_end..];
            }
            total
        }
    };
    Some(seconds)
        .filter(|n| *n > 0.0)
        .and_then(|n| Duration::try_from_secs_f64(n).ok())
        // Longer than a day is a mistake, and would overflow the clock arithmetic of far deadlines.
        .filter(|d| *d <= Duration::from_secs(24 * 60 * 60))
        .ok_or_else(refused)
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
    fn durations_take_seconds_or_milliseconds() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(
            parse_duration("1e300s").is_err(),
            "too long for a Duration, refused rather than a panic"
        );
        assert!(parse_duration("90000s").is_err());
    }

    #[test]
    fn durations_take_minutes_and_hours_too() {
        let ok = |text: &str| parse_duration(text).unwrap();
        assert_eq!(ok("1m"), Duration::from_secs(60));
        assert_eq!(ok("2min"), Duration::from_secs(120));
        assert_eq!(ok("1m30s"), Duration::from_secs(90));
        assert_eq!(ok("1.5h"), Duration::from_secs(5400));
        assert_eq!(ok("24h"), Duration::from_secs(86400));
        for bad in ["", "-1s", "1x", "m", "1m30", "25h", "1e9", "s10"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rule_ids_are_read_in_any_case() {
        assert_eq!(rule_ids(&["fl101".into(), " FL102".into()]), ["FL101", "FL102"]);
    }
}
