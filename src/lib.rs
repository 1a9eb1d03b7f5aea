pub mod audit;
pub mod baseline;
pub mod bundled;
pub mod changes;
pub mod check;
pub mod cli;
pub mod config;
pub mod error;
pub mod extract;
pub mod finding;
pub mod fix;
pub mod import;
pub mod layers;
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
    let display = dir.display().to_string();
    let entries =
        std::fs::read_dir(dir).map_err(|e| ConfigError::new(&display, 0, 0, format!("cannot read directory: {e}")))?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    paths
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
