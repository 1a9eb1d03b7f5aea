//! factlint as a library: the checks of the `factlint` command line, for programs that want findings as values.
//!
//! An article goes through one pipeline, and the module layout is that pipeline:
//!
//! 1. [`source`] reads the article (Markdown with front matter, HTML or plain text) into a
//!    [`Document`](source::Document): the original bytes untouched, prose blocks with markup removed and a map from
//!    every prose offset back to a byte offset in the file, and the article's suppression comments.
//! 2. [`extract`] reads typed claims from the prose — people with their titles, figures, dates, quotes with their
//!    speakers, attributions — each with the byte span it was read from, using a lexicon compiled from the
//!    reference data.
//! 3. [`reference`](mod@reference) loads what factlint knows about the world from YAML — people and the offices
//!    they held with start and end dates, statistics with their value and source — keeping every record's
//!    `file:line`.
//! 4. [`rules`] loads the declarative YAML rules, one per file, validated strictly: the claim kind a rule applies
//!    to, its conditions over that kind's computed fields, its message, fix and examples.
//! 5. [`check`] resolves each claim against the reference data as of the article's date, computes the fields,
//!    lets every applicable rule decide, and applies the suppression comments ([`suppress`]). A
//!    [`Checker`](check::Checker) holds the reference data, its lexicon and the rules, built once, and checks any
//!    number of documents.
//! 6. [`report`] prints the resulting [`Finding`](finding::Finding)s — each with its place, message, evidence and
//!    fix — in every output format; line and column are computed only there, spans are byte offsets elsewhere.
//!
//! The rules and reference data shipped with factlint are embedded at build time ([`bundled`]);
//! [`ReferenceData::from_files`](reference::ReferenceData::from_files) and
//! [`RuleSet::from_files`](rules::RuleSet::from_files) load them (or `load_dir` loads a directory) for
//! [`Checker::new`](check::Checker::new).
//!
//! Around the pipeline: [`config`] finds and merges `factlint.yaml`, [`fix`] applies the findings' edits,
//! [`changes`] and [`baseline`] narrow a CI run to changed lines and new findings, [`stream`] and [`audit`] check
//! JSON Lines archives in bounded memory and tally what each rule flags, [`testing`] runs rule examples and
//! annotated fixtures, [`schema`] generates the JSON Schemas of the files users write, [`import`] turns public
//! data into reference YAML (and `factlint data update` refreshes it from the Wikidata Query Service), [`serve`] runs the checks as an HTTP service, and [`cli`] is the command line
//! (`main.rs` only calls [`cli::run`]).

/// An enum whose variants have fixed names (in rules, output and on the command line): the enum with
/// `as_str`, `from_name`, every variant (`ALL`) and every name (`NAMES`), in declaration order.
macro_rules! named_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* $variant),*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub const NAMES: &'static [&'static str] = &[$($text),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }

            pub fn from_name(name: &str) -> Option<$name> {
                match name {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}

pub mod audit;
pub mod baseline;
pub mod bundled;
pub mod changes;
pub mod check;
pub mod cli;
pub mod config;
pub mod deadline;
pub mod engine;
pub mod error;
pub mod extract;
pub mod files;
pub mod finding;
pub mod fix;
pub mod import;
pub mod layers;
pub mod lsp;
pub mod reference;
pub mod report;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod source;
pub mod stream;
pub mod suppress;
pub mod testing;
pub mod yaml;

use std::path::Path;

use error::ConfigError;

/// Reads every `*.yaml`/`*.yml` file of a directory, sorted by path, as `(path, text)` pairs.
pub fn read_yaml_dir(dir: &Path) -> Result<Vec<(String, String)>, ConfigError> {
    yaml_paths(dir)?
        .into_iter()
        .map(|p| {
            let name = p.display().to_string();
            let bytes = std::fs::read(&p).map_err(|e| ConfigError::new(&name, 0, 0, format!("cannot read: {e}")))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                ConfigError::new(
                    &name,
                    0,
                    0,
                    format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                )
            })?;
            Ok((name, text))
        })
        .collect()
}

/// The `*.yaml`/`*.yml` files in `dir`, sorted by name, as [`read_yaml_dir`] reads them.
pub fn yaml_paths(dir: &Path) -> Result<Vec<std::path::PathBuf>, ConfigError> {
    let display = dir.display().to_string();
    let entries =
        std::fs::read_dir(dir).map_err(|e| ConfigError::new(&display, 0, 0, format!("cannot read directory: {e}")))?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// A small deterministic generator for the tests that compare two ways of reading generated text: each call gives
/// a number below `n`.
#[cfg(test)]
pub(crate) fn pseudo_random(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}
