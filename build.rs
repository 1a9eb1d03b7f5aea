//! Embeds the bundled rules and reference data, so an installed binary checks with them wherever it runs.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut code = String::new();
    for dir in ["rules", "reference-data"] {
        println!("cargo:rerun-if-changed={dir}");
        let mut files: Vec<_> = std::fs::read_dir(Path::new(&root).join(dir))
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"));
        files.sort();
        let name = dir.replace('-', "_").to_uppercase();
        writeln!(code, "pub const {name}: &[(&str, &str)] = &[").unwrap();
        for path in &files {
            let file = path.file_name().unwrap().to_string_lossy();
            println!("cargo:rerun-if-changed={}", path.display());
            writeln!(
                code,
                "    ({:?}, include_str!({:?})),",
                format!("{dir}/{file}"),
                path.display().to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
        if dir == "reference-data" {
            // Each file's digest, so that finding the compiled cache of the bundled data does not read megabytes
            // of YAML on every run.
            writeln!(code, "/// The digest of each of [`{name}`]'s files, in its order.").unwrap();
            writeln!(code, "pub const {name}_DIGESTS: &[u128] = &[").unwrap();
            for path in &files {
                let bytes = std::fs::read(path).expect("a bundled file is readable");
                writeln!(code, "    {:#x},", xxhash_rust::xxh3::xxh3_128(&bytes)).unwrap();
            }
            writeln!(code, "];").unwrap();
        }
    }
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("bundled.rs"), code).expect("OUT_DIR is writable");
    english_words(Path::new(&root), Path::new(&out_dir));
}

/// The English word list as a finite-state set, so that a run looks words up in place instead of listing them.
fn english_words(root: &Path, out_dir: &Path) {
    let list = root.join("src/extract/dictionary/english-words.txt");
    println!("cargo:rerun-if-changed={}", list.display());
    let text = std::fs::read_to_string(&list).expect("the word list is readable");
    let set = fst::Set::from_iter(text.lines()).expect("the word list is in byte order, without repeats");
    std::fs::write(out_dir.join("english-words.fst"), set.as_fst().as_bytes()).expect("OUT_DIR is writable");
}
