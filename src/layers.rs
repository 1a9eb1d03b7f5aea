//! Where rules and reference data come from: the bundled sets, unless dropped, then each directory given, in
//! order, each over the ones before. A later layer's rule replaces the rule of the same id; a later layer's
//! reference records replace or extend the earlier ones (see [`ReferenceData::from_layers`]). `check`, `audit`,
//! `claims`, `test`, `rules`, `explain`, `reference check` and `serve` all read their layers through here.

use std::path::{Path, PathBuf};

use crate::bundled;
use crate::config::Config;
use crate::error::ConfigError;
use crate::reference::{ReferenceData, cache};
use crate::rules::RuleSet;

/// The bundled set (unless left out) and directories over it, in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Layers {
    pub bundled: bool,
    pub dirs: Vec<PathBuf>,
    /// Whether reference data is read through the compiled cache ([`crate::reference::cache`]). Off unless asked
    /// for (the command line asks unless `--no-cache`), so that a library user's loads touch no directory.
    pub cache: bool,
}

impl Default for Layers {
    fn default() -> Layers {
        Layers::new(true, Vec::new())
    }
}

impl Layers {
    /// `dirs` over the bundled set, or alone.
    pub fn new(bundled: bool, dirs: Vec<PathBuf>) -> Layers {
        Layers {
            bundled,
            dirs,
            cache: false,
        }
    }

    /// These layers, reading reference data through the cache or not.
    pub fn cached(mut self, cache: bool) -> Layers {
        self.cache = cache;
        self
    }

    /// These layers with more directories over them.
    pub fn with(&self, more: impl IntoIterator<Item = PathBuf>) -> Layers {
        let mut layers = self.clone();
        layers.dirs.extend(more);
        layers
    }

    /// Each layer's `(path, text)` files: the bundled set first, then the directories.
    fn files(&self, set: &[(&str, &str)]) -> Result<Vec<Vec<(String, String)>>, Vec<ConfigError>> {
        let mut layers = Vec::new();
        if self.bundled {
            layers.push(bundled::files(set));
        }
        for dir in &self.dirs {
            layers.push(crate::read_yaml_dir(dir).map_err(|e| vec![e])?);
        }
        Ok(layers)
    }

    pub fn rules(&self) -> Result<RuleSet, Vec<ConfigError>> {
        RuleSet::from_layers(&self.files(bundled::RULES)?)
    }

    /// The merged reference data, through the cache in [`cache::dir`] when these layers use it.
    pub fn reference(&self) -> Result<ReferenceData, Vec<ConfigError>> {
        let dir = if self.cache { cache::dir() } else { None };
        cache::load(&self.files(bundled::REFERENCE_DATA)?, dir.as_deref())
    }

    /// Loads the reference data from the YAML (validating it) and writes it to the cache in `dir`: the file
    /// written, or the data's errors, or the write's.
    pub fn compile_reference(&self, dir: &Path) -> Result<PathBuf, CompileError> {
        let files = self.files(bundled::REFERENCE_DATA).map_err(CompileError::Data)?;
        let data = ReferenceData::from_layers(&files).map_err(CompileError::Data)?;
        let path = cache::path(dir, &files);
        cache::write(&path, &data).map_err(|e| CompileError::Write(path.clone(), e))?;
        Ok(path)
    }

    /// "bundled reference data", "bundled reference data + desk/", "desk/".
    pub fn describe(&self, bundled_name: &str) -> String {
        let mut names: Vec<String> = Vec::new();
        if self.bundled {
            names.push(bundled_name.to_string());
        }
        names.extend(self.dirs.iter().map(|d| d.display().to_string()));
        if names.is_empty() {
            "no layers".to_string()
        } else {
            names.join(" + ")
        }
    }
}

/// Why `reference compile` wrote no cache.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error("the reference data has errors")]
    Data(Vec<ConfigError>),
    #[error("{path}: {error}", path = .0.display(), error = .1)]
    Write(PathBuf, std::io::Error),
}

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

/// `--reference DIR` (repeatable) and `--no-default-reference`.
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

    /// The layers with a config's `rules` between the bundled set and the command line's; the config's
    /// `no-default-rules` drops the bundled set as the flag does.
    pub fn layers_with(&self, config: Option<&Config>) -> Layers {
        let dropped = self.no_default_rules || config.is_some_and(|c| c.no_default_rules);
        let from_config = config.and_then(|c| c.rules.clone());
        Layers::new(!dropped, Vec::new()).with(from_config.into_iter().chain(self.rules.clone()))
    }
}

impl ReferenceArgs {
    /// The reference layers without a config.
    pub fn layers(&self) -> Layers {
        self.layers_with(None)
    }

    /// The layers with a config's `reference` between the bundled set and the command line's; the config's
    /// `no-default-reference` drops the bundled set as the flag does.
    pub fn layers_with(&self, config: Option<&Config>) -> Layers {
        let dropped = self.no_default_reference || config.is_some_and(|c| c.no_default_reference);
        let from_config = config.and_then(|c| c.reference.clone());
        Layers::new(!dropped, Vec::new())
            .with(from_config.into_iter().chain(self.reference.clone()))
            .cached(!self.no_cache && !config.is_some_and(|c| c.no_cache))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_directory_sits_between_the_bundled_set_and_the_command_line() {
        let args = ReferenceArgs {
            reference: vec![PathBuf::from("cli")],
            no_default_reference: false,
            no_cache: false,
        };
        let mut config = Config::default();
        config.reference = Some(PathBuf::from("config"));
        let layers = args.layers_with(Some(&config));
        assert_eq!(layers.dirs, [PathBuf::from("config"), PathBuf::from("cli")]);
        assert!(layers.bundled);
        assert_eq!(layers.describe("bundled"), "bundled + config + cli");
        let alone = ReferenceArgs {
            reference: Vec::new(),
            no_default_reference: true,
            no_cache: false,
        };
        assert_eq!(alone.layers().describe("bundled"), "no layers");
    }
}
