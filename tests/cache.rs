//! The compiled reference cache: the first run writes it, the next reads it and finds the same; a changed layer
//! file is another key; a damaged file is ignored and rewritten; `--no-cache`, a config's `cache: false` and data
//! with errors write nothing;
//! `reference compile` writes the file that `check` then reads. Each test has a cache directory of its own.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common;

const DRAFT: &str = "tests/fixtures/layers/draft.md";

fn run(cache: &Path, args: &[&str]) -> Output {
    common::bin()
        .current_dir(common::repo())
        .env("NO_COLOR", "1")
        .env("FACTLINT_CACHE_DIR", cache)
        .args(args)
        .output()
        .unwrap()
}

/// `check --format json` of the draft with `desk` over the bundled data: its exit code and report.
fn check(cache: &Path, desk: &Path, more: &[&str]) -> (Option<i32>, String) {
    let mut args = vec![
        "check",
        "--no-config",
        "--format",
        "json",
        "--reference",
        desk.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    args.push(DRAFT);
    let output = run(cache, &args);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("\"findings\""),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code(), stdout)
}

/// The cache files in `dir`, sorted; no temporary file is ever left beside them.
fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    for file in &files {
        let name = file.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("reference-") && name.ends_with(".bin"), "{files:?}");
    }
    files
}

/// A desk directory holding the fixture layer with a made-up minister, to be edited by the test.
fn desk(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::repo().join(format!("tests/fixtures/layers/{fixture}/zedland.yaml")),
        dir.path().join("zedland.yaml"),
    )
    .unwrap();
    dir
}

#[test]
fn the_first_run_writes_the_cache_and_the_next_reads_it() {
    let cache = tempfile::tempdir().unwrap();
    let desk = desk("fresh");
    let first = check(cache.path(), desk.path(), &[]);
    assert!(
        first.1.contains("Kalo Mirun") && first.1.contains("Donald Trump"),
        "{}",
        first.1
    );
    let files = cache_files(cache.path());
    assert_eq!(files.len(), 1);
    let written = std::fs::read(&files[0]).unwrap();
    let modified = std::fs::metadata(&files[0]).unwrap().modified().unwrap();

    // Read, not written again: the same findings, the file untouched.
    assert_eq!(check(cache.path(), desk.path(), &[]), first);
    assert_eq!(cache_files(cache.path()), files);
    assert_eq!(std::fs::metadata(&files[0]).unwrap().modified().unwrap(), modified);
    // And the same as from the YAML.
    assert_eq!(check(cache.path(), desk.path(), &["--no-cache"]), first);

    // A damaged file (garbage, then cut short) is ignored: the same findings, and the file is whole again.
    for damaged in [b"not a cache".as_slice(), &written[..written.len() / 2]] {
        std::fs::write(&files[0], damaged).unwrap();
        assert_eq!(check(cache.path(), desk.path(), &[]), first);
        assert_eq!(std::fs::read(&files[0]).unwrap(), written);
    }
}

#[test]
fn a_changed_layer_file_is_another_key_and_the_cache_is_what_is_read() {
    let cache = tempfile::tempdir().unwrap();
    let desk = desk("fresh");
    let fresh = check(cache.path(), desk.path(), &[]);
    let [fresh_file] = <[PathBuf; 1]>::try_from(cache_files(cache.path())).unwrap();

    // The same path, other content (the minister's data checked long before the article): a new cache file and
    // the findings of the new content.
    std::fs::copy(
        common::repo().join("tests/fixtures/layers/stale/zedland.yaml"),
        desk.path().join("zedland.yaml"),
    )
    .unwrap();
    let stale = check(cache.path(), desk.path(), &[]);
    assert_ne!(stale, fresh);
    assert_eq!(check(cache.path(), desk.path(), &["--no-cache"]), stale);
    let files = cache_files(cache.path());
    assert_eq!(files.len(), 2);
    let stale_file = files.iter().find(|f| **f != fresh_file).unwrap();

    // What a run finds comes from the cache file of its key: given the other data's file, it finds that data.
    std::fs::copy(&fresh_file, stale_file).unwrap();
    assert_eq!(check(cache.path(), desk.path(), &[]), fresh);
}

#[test]
fn no_cache_writes_nothing_and_an_unwritable_cache_is_no_error() {
    let cache = tempfile::tempdir().unwrap();
    let desk = desk("fresh");
    let read = check(cache.path(), desk.path(), &["--no-cache"]);
    assert!(cache_files(cache.path()).is_empty());

    // A cache directory that can't be made (under a file): the data is read from the YAML, silently.
    let file = cache.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let output = run(
        &file.join("cache"),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--reference",
            desk.path().to_str().unwrap(),
            DRAFT,
        ],
    );
    assert_eq!(String::from_utf8(output.stdout).unwrap(), read.1);
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
}

#[test]
fn a_config_can_turn_the_cache_off() {
    let cache = tempfile::tempdir().unwrap();
    let desk = desk("fresh");
    let config = desk.path().join("factlint.yaml");
    std::fs::write(&config, "cache: false\n").unwrap();
    let args = ["check", "--config", config.to_str().unwrap(), DRAFT];
    let output = run(cache.path(), &args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(cache_files(cache.path()).is_empty());
    std::fs::write(&config, "cache: true\n").unwrap();
    run(cache.path(), &args);
    assert_eq!(cache_files(cache.path()).len(), 1);
}

#[test]
fn data_with_errors_keeps_its_places_and_writes_no_cache() {
    let cache = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let output = run(cache.path(), &["reference", "check", "tests/fixtures/broken-reference"]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("error: tests/fixtures/broken-reference/typo.yaml:"),
            "{stderr}"
        );
        assert!(cache_files(cache.path()).is_empty());
    }
    let output = run(
        cache.path(),
        &["reference", "compile", "tests/fixtures/broken-reference"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(cache_files(cache.path()).is_empty());
}

#[test]
fn reference_compile_writes_the_file_that_check_reads() {
    let cache = tempfile::tempdir().unwrap();
    let desk = desk("fresh");
    let output = run(
        cache.path(),
        &["reference", "compile", "--reference", desk.path().to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0));
    let printed = PathBuf::from(String::from_utf8(output.stdout).unwrap().trim_end());
    assert_eq!(cache_files(cache.path()), std::slice::from_ref(&printed));
    let modified = std::fs::metadata(&printed).unwrap().modified().unwrap();
    check(cache.path(), desk.path(), &[]);
    assert_eq!(cache_files(cache.path()), std::slice::from_ref(&printed));
    assert_eq!(std::fs::metadata(&printed).unwrap().modified().unwrap(), modified);
}
