//! Project configuration: `factlint.yaml`, found by walking up from each checked file.
//!
//! A config names the rule and reference directories, disables rules, overrides severities, and narrows
//! either to files matching globs. `extends` pulls in another config (its paths relative to itself): the
//! extending file's directories and severities win, `disable` lists add up, and overrides apply base first.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::ConfigError;
use crate::finding::Finding;
use crate::rules::{Rule, Severity};
use crate::yaml;

/// File names a config may have, in the order they are looked for in each directory.
pub const CONFIG_NAMES: &[&str] = &["factlint.yaml", ".factlint.yaml"];

/// A `factlint.yaml` as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigSpec {
    /// Another config to start from, relative to this file.
    #[schemars(with = "Option<String>")]
    extends: Option<Spanned<String>>,
    /// Rules directory, relative to this file: a layer over the bundled rules.
    rules: Option<String>,
    /// Reference data directory, relative to this file: a layer over the bundled data.
    reference: Option<String>,
    /// Leave the bundled rules out (only `rules` and the command line's `--rules`).
    no_default_rules: Option<bool>,
    /// Leave the bundled reference data out (only `reference` and the command line's `--reference`).
    no_default_reference: Option<bool>,
    /// Read reference data through the compiled cache (the default); `false` reads the YAML every run, as
    /// `--no-cache` does.
    cache: Option<bool>,
    /// Rule ids to switch off.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    disable: Vec<Spanned<String>>,
    /// Severity per rule id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Severity>")]
    severity: BTreeMap<String, Spanned<Severity>>,
    /// Settings for the files matching globs (relative to this file's directory).
    #[serde(default)]
    overrides: Vec<OverrideSpec>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideSpec {
    #[schemars(with = "Vec<String>")]
    files: Spanned<Vec<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Severity>")]
    severity: BTreeMap<String, Spanned<Severity>>,
}

/// A rule id as written in a config, with its place for error messages.
#[derive(Debug, Clone)]
struct RuleRef {
    id: String,
    file: String,
    line: usize,
    column: usize,
}

impl RuleRef {
    fn new<T>(id: &str, file: &Path, at: &Spanned<T>) -> RuleRef {
        RuleRef {
            id: id.to_string(),
            file: file.display().to_string(),
            line: at.referenced.line() as usize,
            column: at.referenced.column() as usize,
        }
    }
}

/// Settings that apply to the files a glob set matches (relative to the directory of the config declaring them).
#[derive(Debug, Clone)]
struct Override {
    base: PathBuf,
    files: GlobSet,
    disable: Vec<RuleRef>,
    severity: Vec<(RuleRef, Severity)>,
}

/// A loaded config with its `extends` chain merged.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from (the most specific one of the chain).
    pub path: Option<PathBuf>,
    pub rules: Option<PathBuf>,
    pub reference: Option<PathBuf>,
    pub no_default_rules: bool,
    pub no_default_reference: bool,
    /// `cache: false`: reference data is read from its YAML, not the compiled cache.
    pub no_cache: bool,
    disable: Vec<RuleRef>,
    severity: Vec<(RuleRef, Severity)>,
    overrides: Vec<Override>,
}

impl Config {
    /// The nearest config at or above `dir`, if any.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let start = dir.canonicalize().ok()?;
        let found = start
            .ancestors()
            .flat_map(|d| CONFIG_NAMES.iter().map(move |name| d.join(name)))
            .find(|p| p.is_file())?;
        // Shown relative to the working directory where it lies below it, as the user would type it.
        let cwd = std::env::current_dir().ok().and_then(|d| d.canonicalize().ok());
        Some(
            match cwd.and_then(|cwd| found.strip_prefix(&cwd).ok().map(Path::to_path_buf)) {
                Some(relative) => relative,
                None => found,
            },
        )
    }

    /// Reads a config and everything it extends.
    pub fn load(path: &Path) -> Result<Config, Vec<ConfigError>> {
        let mut seen = HashSet::new();
        let mut config = load_chain(path, &mut seen)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Refuses rule ids that none of `rules` (nor the built-in suppression rules) has.
    pub fn validate(&self, known: impl Fn(&str) -> bool) -> Result<(), Vec<ConfigError>> {
        let refs = self.disable.iter().chain(self.severity.iter().map(|(r, _)| r)).chain(
            self.overrides
                .iter()
                .flat_map(|o| o.disable.iter().chain(o.severity.iter().map(|(r, _)| r))),
        );
        let errors: Vec<ConfigError> = refs
            .filter(|r| !known(&r.id))
            .map(|r| ConfigError::new(&r.file, r.line, r.column, format!("unknown rule `{}`", r.id)))
            .collect();
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    fn applying_to<'a>(&'a self, file: &'a Path) -> impl Iterator<Item = &'a Override> + 'a {
        self.overrides.iter().filter(move |o| {
            let relative = file.strip_prefix(&o.base).unwrap_or(file);
            o.files.is_match(relative)
        })
    }

    /// Whether a rule is switched off for `file`.
    pub fn disables(&self, rule: &str, file: &Path) -> bool {
        self.disable
            .iter()
            .chain(self.applying_to(file).flat_map(|o| &o.disable))
            .any(|r| r.id == rule)
    }

    /// The severity configured for a rule on `file`, if any (the last that applies wins).
    pub fn severity_of(&self, rule: &str, file: &Path) -> Option<Severity> {
        self.severity
            .iter()
            .chain(self.applying_to(file).flat_map(|o| &o.severity))
            .filter(|(r, _)| r.id == rule)
            .map(|(_, s)| *s)
            .last()
    }

    /// The rules that run on `file`, with configured severities.
    pub fn rules_for(&self, rules: &[Rule], file: &Path) -> Vec<Rule> {
        rules
            .iter()
            .filter(|r| !self.disables(&r.id, file))
            .map(|r| {
                let mut rule = r.clone();
                rule.severity = self.severity_of(&r.id, file).unwrap_or(r.severity);
                rule
            })
            .collect()
    }

    /// Applies the config to findings of built-in rules, which do not go through [`Config::rules_for`].
    pub fn adjust(&self, findings: Vec<Finding>, file: &Path) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| !self.disables(&f.rule, file))
            .map(|mut f| {
                if let Some(severity) = self.severity_of(&f.rule, file) {
                    f.severity = severity;
                }
                f
            })
            .collect()
    }
}

fn load_chain(path: &Path, seen: &mut HashSet<PathBuf>) -> Result<Config, Vec<ConfigError>> {
    let name = path.display().to_string();
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if !seen.insert(canonical) {
        return Err(vec![ConfigError::new(&name, 0, 0, "`extends` forms a cycle")]);
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| vec![ConfigError::new(&name, 0, 0, format!("cannot read: {e}"))])?;
    let spec: ConfigSpec = yaml::from_str(&text).map_err(|e| vec![ConfigError::from_yaml(&name, e)])?;
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();

    let mut config = match &spec.extends {
        Some(base) => {
            let base_path = dir.join(&base.value);
            if !base_path.is_file() {
                let (line, column) = (base.referenced.line() as usize, base.referenced.column() as usize);
                return Err(vec![ConfigError::new(
                    &name,
                    line,
                    column,
                    format!("`extends`: no file `{}`", base_path.display()),
                )]);
            }
            load_chain(&base_path, seen)?
        }
        None => Config::default(),
    };
    if let Some(rules) = &spec.rules {
        config.rules = Some(dir.join(rules));
    }
    if let Some(reference) = &spec.reference {
        config.reference = Some(dir.join(reference));
    }
    config.no_default_rules = spec.no_default_rules.unwrap_or(config.no_default_rules);
    config.no_default_reference = spec.no_default_reference.unwrap_or(config.no_default_reference);
    config.no_cache = spec.cache.map_or(config.no_cache, |cache| !cache);
    config
        .disable
        .extend(spec.disable.iter().map(|d| RuleRef::new(&d.value, path, d)));
    config
        .severity
        .extend(spec.severity.iter().map(|(id, s)| (RuleRef::new(id, path, s), s.value)));
    let mut errors = Vec::new();
    for o in &spec.overrides {
        let mut builder = GlobSetBuilder::new();
        for pattern in &o.files.value {
            match Glob::new(pattern) {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(e) => errors.push(ConfigError::new(
                    &name,
                    o.files.referenced.line() as usize,
                    o.files.referenced.column() as usize,
                    format!("invalid glob `{pattern}`: {}", e.kind()),
                )),
            }
        }
        let Ok(files) = builder.build() else { continue };
        config.overrides.push(Override {
            // A config in the working directory has an empty parent, which does not canonicalize.
            base: Path::new(".").join(&dir).canonicalize().unwrap_or_else(|_| dir.clone()),
            files,
            disable: o.disable.iter().map(|d| RuleRef::new(&d.value, path, d)).collect(),
            severity: o
                .severity
                .iter()
                .map(|(id, s)| (RuleRef::new(id, path, s), s.value))
                .collect(),
        });
    }
    if errors.is_empty() { Ok(config) } else { Err(errors) }
}
