//! Where rules and reference data come from: the bundled sets, unless dropped, then each directory given, in
//! order, each over the ones before. A later layer's rule replaces the rule of the same id; a later layer's
//! reference records replace or extend the earlier ones (see [`ReferenceData::from_layers`]). `check`, `audit`,
//! `claims`, `test`, `rules`, `explain`, `reference check` and `serve` all read their layers through here.

use std::path::{Path, PathBuf};

use crate::bundled;
use crate::config::Config;
use crate::error::ConfigError;
use crate::reference::index::{self, Compiled};
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

    /// The rule layers: the bundled set unless `no_default` or the config drops it, then the config's `rules`,
    /// then `dirs` (the command line's).
    pub fn of_rules(no_default: bool, dirs: &[PathBuf], config: Option<&Config>) -> Layers {
        let dropped = no_default || config.is_some_and(|c| c.no_default_rules);
        let from_config = config.and_then(|c| c.rules.clone());
        Layers::new(!dropped, Vec::new()).with(from_config.into_iter().chain(dirs.iter().cloned()))
    }

    /// The reference layers: the bundled data unless `no_default` or the config drops it, then the config's
    /// `reference`, then `dirs`; read through the compiled cache unless `no_cache` or the config says otherwise.
    pub fn of_reference(no_default: bool, dirs: &[PathBuf], no_cache: bool, config: Option<&Config>) -> Layers {
        let dropped = no_default || config.is_some_and(|c| c.no_default_reference);
        let from_config = config.and_then(|c| c.reference.clone());
        Layers::new(!dropped, Vec::new())
            .with(from_config.into_iter().chain(dirs.iter().cloned()))
            .cached(!no_cache && !config.is_some_and(|c| c.no_cache))
    }

    pub fn rules(&self) -> Result<RuleSet, Vec<ConfigError>> {
        RuleSet::from_layers(&self.files(bundled::RULES)?)
    }

    /// The merged reference data, read from the YAML (and so validated).
    pub fn reference(&self) -> Result<ReferenceData, Vec<ConfigError>> {
        ReferenceData::from_layers(&self.files(bundled::REFERENCE_DATA)?)
    }

    /// The merged reference data compiled for checking, through the cache in [`cache::dir`] when these layers use
    /// it.
    pub fn compiled(&self) -> Result<Compiled, Vec<ConfigError>> {
        let dir = if self.cache { cache::dir() } else { None };
        // A warm cache is found by hashing the files as they are read, without holding their texts.
        if let Some(dir) = &dir
            && let Some(key) = self.named_reference_files().and_then(|layers| cache::key_of(&layers))
            && let Some(compiled) = cache::read(&cache::file(dir, &key))
        {
            return Ok(compiled);
        }
        cache::load(&self.files(bundled::REFERENCE_DATA)?, dir.as_deref())
    }

    /// Each reference layer's files, named as [`Layers::files`] names them, not read; `None` when a directory
    /// cannot be listed.
    fn named_reference_files(&self) -> Option<Vec<Vec<(String, cache::Content)>>> {
        let mut layers = Vec::new();
        if self.bundled {
            let files = bundled::REFERENCE_DATA.iter().zip(bundled::REFERENCE_DATA_DIGESTS);
            layers.push(
                files
                    .map(|(&(path, _), &digest)| (path.to_string(), cache::Content::Bundled(digest)))
                    .collect(),
            );
        }
        for dir in &self.dirs {
            let paths = crate::yaml_paths(dir).ok()?;
            layers.push(
                paths
                    .into_iter()
                    .map(|p| (p.display().to_string(), cache::Content::File(p)))
                    .collect(),
            );
        }
        Some(layers)
    }

    /// Loads the reference data from the YAML (validating it) and writes it to the cache in `dir`: the file
    /// written, or the data's errors, or the write's.
    pub fn compile_reference(&self, dir: &Path) -> Result<PathBuf, CompileError> {
        let files = self.files(bundled::REFERENCE_DATA).map_err(CompileError::Data)?;
        let data = ReferenceData::from_layers(&files).map_err(CompileError::Data)?;
        let path = cache::path(dir, &files);
        cache::write(&path, &index::encode(&data)).map_err(|e| CompileError::Write(path.clone(), e))?;
        Ok(path)
    }

    /// A fingerprint of what a check with these rule layers, running the rules `ids`, and the `reference`
    /// layers depends on: the rule ids, then every layer file's name (within its directory, so that a copy of
    /// the same directory elsewhere, as on a cluster's workers, has the same fingerprint) and text, hashed as the
    /// reference cache hashes them ([`cache::hash_layers`]). The version of factlint is not in it.
    pub fn fingerprint(&self, ids: &[&str], reference: &Layers) -> Result<String, Vec<ConfigError>> {
        let named = |layers: Vec<Vec<(String, String)>>| -> Vec<Vec<(String, String)>> {
            layers
                .into_iter()
                .map(|files| {
                    files
                        .into_iter()
                        .map(|(path, text)| {
                            let name = Path::new(&path).file_name().map(|n| n.to_string_lossy().into_owned());
                            (name.unwrap_or(path), text)
                        })
                        .collect()
                })
                .collect()
        };
        let mut hash = xxhash_rust::xxh3::Xxh3::new();
        cache::field(&mut hash, &(ids.len() as u64).to_le_bytes());
        for id in ids {
            cache::field(&mut hash, id.as_bytes());
        }
        for (layers, set) in [(self, bundled::RULES), (reference, bundled::REFERENCE_DATA)] {
            let files = named(layers.files(set)?);
            cache::field(&mut hash, &(files.len() as u64).to_le_bytes());
            cache::hash_layers(&mut hash, &files);
        }
        Ok(format!("{:032x}", hash.digest128()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_directory_sits_between_the_bundled_set_and_the_command_line() {
        let mut config = Config::default();
        config.reference = Some(PathBuf::from("config"));
        let layers = Layers::of_reference(false, &[PathBuf::from("cli")], false, Some(&config));
        assert_eq!(layers.dirs, [PathBuf::from("config"), PathBuf::from("cli")]);
        assert!(layers.bundled);
        assert_eq!(layers.describe("bundled"), "bundled + config + cli");
        assert_eq!(
            Layers::of_reference(true, &[], false, None).describe("bundled"),
            "no layers"
        );
    }
}
