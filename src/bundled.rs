//! The rules and reference data shipped with factlint, embedded at build time from `rules/` and
//! `reference-data/`. Paths are kept relative to the repository so evidence reads `reference-data/people.yaml:12`.

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The embedded files as owned `(path, text)` pairs, the shape the loaders take.
pub fn files(set: &[(&str, &str)]) -> Vec<(String, String)> {
    set.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()
}

/// Whether a record's file is one of the bundled reference files (a path a user's repository does not have).
pub fn is_reference_file(file: &str) -> bool {
    REFERENCE_DATA.iter().any(|(path, _)| *path == file)
}
