//! The cache of compiled reference indexes ([`super::index`]): loaded, validated reference data and its lookups,
//! kept on disk as the image a run opens without parsing.
//!
//! Parsing the YAML and building the data and its lookups from it (validation, name variants, the name and title
//! maps) grows with the data: a newsroom's million people take half a minute. The result only depends on the
//! layers' files and on the code that reads them, so it is written once to `<cache dir>/reference-<key>.bin`, the
//! key a hash of the factlint version and build, the image format's version and every layer file's path and
//! content, and opened on the next run with the same files. Only successful loads are written: errors always come
//! from the YAML, with their `file:line:column`. A file that does not open whole (truncated, corrupt, another
//! format) is ignored and rewritten; a cache directory that can't be written only costs the next run the YAML
//! parse.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3;

use super::ReferenceData;
use super::index::{self, Compiled, FORMAT, Image};
use crate::error::ConfigError;

/// The environment variable that sets the cache directory, over the platform's.
pub const DIR_VAR: &str = "FACTLINT_CACHE_DIR";

/// The cache directory: `$FACTLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/factlint`, else the platform's user cache
/// directory (`~/.cache/factlint`, `~/Library/Caches/factlint`, `%LOCALAPPDATA%\factlint`). `None` when none is
/// known (no home directory).
pub fn dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var(DIR_VAR) {
        return Some(PathBuf::from(dir));
    }
    // The XDG specification says a relative value is to be ignored.
    if let Some(dir) = var("XDG_CACHE_HOME").filter(|d| Path::new(d).is_absolute()) {
        return Some(PathBuf::from(dir).join("factlint"));
    }
    if cfg!(windows) {
        return var("LOCALAPPDATA").map(|d| PathBuf::from(d).join("factlint"));
    }
    let home = var("HOME").map(PathBuf::from)?;
    if cfg!(target_os = "macos") {
        Some(home.join("Library").join("Caches").join("factlint"))
    } else {
        Some(home.join(".cache").join("factlint"))
    }
}

/// The key of a set of layers: a hash of the factlint version and build, [`FORMAT`], and every layer's files'
/// paths and contents in order (lengths first, so that no two different lists hash the same stream).
pub fn key(layers: &[Vec<(String, String)>]) -> String {
    let mut hash = key_hasher();
    hash_layers(&mut hash, layers);
    format!("{:032x}", hash.digest128())
}

/// Where a layer file's bytes are, for [`key_of`].
pub enum Content {
    /// A bundled file, by the digest the build computed ([`digest`] of its text).
    Bundled(u128),
    File(PathBuf),
}

/// The key of layers whose files are named, not read: the same as [`key`] of their texts, but each file is read
/// in chunks into the hash, so that a run whose cache is warm never holds the YAML in memory. `None` when a file
/// cannot be read whole.
pub fn key_of(layers: &[Vec<(String, Content)>]) -> Option<String> {
    let digests = digests(layers.iter().flatten().map(|(_, content)| content).collect())?;
    let mut digests = digests.into_iter();
    let mut hash = key_hasher();
    for files in layers {
        field(&mut hash, &(files.len() as u64).to_le_bytes());
        for ((path, _), digest) in files.iter().zip(&mut digests) {
            field(&mut hash, path.as_bytes());
            field(&mut hash, &digest.to_le_bytes());
        }
    }
    Some(format!("{:032x}", hash.digest128()))
}

/// The digest of each file, in order. Files on disk are read on every core, each thread taking the next file
/// left: reading and hashing a big layer is most of a run whose cache is warm. `None` when a file cannot be read.
fn digests(contents: Vec<&Content>) -> Option<Vec<u128>> {
    let on_disk = contents.iter().filter(|c| matches!(c, Content::File(_))).count();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(on_disk);
    let digest = |content: &Content| match content {
        Content::Bundled(digest) => Some(*digest),
        Content::File(file) => file_digest(file).ok(),
    };
    if threads <= 1 {
        return contents.into_iter().map(digest).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let found: Vec<(usize, Option<u128>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut found = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(content) = contents.get(index) else {
                            break found;
                        };
                        found.push((index, digest(content)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    let mut ordered = vec![None; contents.len()];
    for (index, digest) in found {
        ordered[index] = Some(digest?);
    }
    ordered.into_iter().collect()
}

/// A hash that has taken the factlint version and build and the image format.
fn key_hasher() -> Xxh3 {
    let mut hash = Xxh3::new();
    field(&mut hash, env!("CARGO_PKG_VERSION").as_bytes());
    field(&mut hash, &FORMAT.to_le_bytes());
    field(&mut hash, &build_id());
    hash
}

/// A file's [`digest`], read in chunks.
fn file_digest(path: &Path) -> io::Result<u128> {
    let mut file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut hash = Xxh3::new();
    let mut buffer = vec![0; 1 << 16];
    let mut read = 0u64;
    loop {
        let n = io::Read::read(&mut file, &mut buffer)?;
        if n == 0 {
            break;
        }
        hash.update(&buffer[..n]);
        read += n as u64;
    }
    if read == len {
        Ok(hash.digest128())
    } else {
        Err(io::Error::other("the file changed while it was read"))
    }
}

/// Adds every layer's files' paths and contents (by their [`digest`]) to `hash`, in order, each field after its
/// length.
pub fn hash_layers(hash: &mut Xxh3, layers: &[Vec<(String, String)>]) {
    for files in layers {
        field(hash, &(files.len() as u64).to_le_bytes());
        for (path, text) in files {
            field(hash, path.as_bytes());
            field(hash, &digest(text.as_bytes()).to_le_bytes());
        }
    }
}

/// What a file's content adds to a key: its 128-bit xxh3, which the build computes for the bundled files
/// (`bundled::REFERENCE_DATA_DIGESTS`).
pub fn digest(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// One field of a hashed stream: its length, then its bytes.
pub fn field(hash: &mut Xxh3, bytes: &[u8]) {
    hash.update(&(bytes.len() as u64).to_le_bytes());
    hash.update(bytes);
}

/// The running executable's size and modification time: the code that builds reference data changes between
/// builds of one version, and a cache written by another build must not be read as this one's.
fn build_id() -> Vec<u8> {
    let meta = std::env::current_exe().and_then(fs::metadata);
    let Ok(meta) = meta else {
        return Vec::new();
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let mut id = meta.len().to_le_bytes().to_vec();
    id.extend(modified.to_le_bytes());
    id
}

/// The cache file of `layers` in `dir`.
pub fn path(dir: &Path, layers: &[Vec<(String, String)>]) -> PathBuf {
    file(dir, &key(layers))
}

/// The cache file of the layers whose key is `key`.
pub fn file(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("reference-{key}.bin"))
}

/// The compiled data of a cache file, or `None` if it is missing or does not open whole.
pub fn read(path: &Path) -> Option<Compiled> {
    let file = fs::File::open(path).ok()?;
    // SAFETY: the map is read only, and cache files are never changed in place: they are written whole under a
    // temporary name and renamed into place. A file truncated by another program while it is mapped is the one
    // case this cannot guard against, as for any mapped file.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    Compiled::open(Image::Mapped(map))
}

/// Writes an image to `path` atomically, so that a process reading the cache while another writes it sees either
/// no file or a whole one.
pub fn write(path: &Path, image: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    crate::files::write_atomically(path, image)
}

/// Loads and compiles `layers` (see [`ReferenceData::from_layers`]) and, when a cache directory is given, writes
/// the image there. (A run looks for the image first, by [`key_of`] the files, before it reads them.)
pub fn load(layers: &[Vec<(String, String)>], dir: Option<&Path>) -> Result<Compiled, Vec<ConfigError>> {
    let Some(dir) = dir else {
        return ReferenceData::from_layers(layers).map(|data| Compiled::build(&data));
    };
    let path = path(dir, layers);
    let image = index::encode(&ReferenceData::from_layers(layers)?);
    // A cache that can't be written (read-only home, full disk) is not an error: the next run parses the YAML.
    if write(&path, &image).is_ok() {
        prune(dir, KEPT);
    }
    Ok(Compiled::open(Image::Built(image)).expect("an image just built opens"))
}

/// How many cache files a directory keeps: one per set of layers in use (projects, desks) and a few builds'
/// worth of the bundled data, without growing by one file per build or data edit forever.
const KEPT: usize = 8;

/// Removes all but the `keep` most recently written cache files in `dir`. Failures are ignored: another process
/// may be pruning too, and a file left behind costs only space.
fn prune(dir: &Path, keep: usize) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("reference-") && name.ends_with(".bin")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    files.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    for (_, path) in files.into_iter().skip(keep) {
        let _ = fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Vec<Vec<(String, String)>> {
        vec![crate::bundled::files(crate::bundled::REFERENCE_DATA)]
    }

    #[test]
    fn the_bundled_data_reads_back_as_it_was_loaded() {
        let layers = bundled();
        let data = ReferenceData::from_layers(&layers).unwrap();
        let compiled = Compiled::open(Image::Built(index::encode(&data))).unwrap();
        assert_eq!(compiled.data, data);
    }

    #[test]
    fn a_damaged_file_is_not_read() {
        let data = ReferenceData::from_layers(&bundled()).unwrap();
        let bytes = index::encode(&data);
        let open = |bytes: &[u8]| Compiled::open(Image::Built(bytes.to_vec())).is_some();
        assert!(open(&bytes));
        assert!(!open(&bytes[..bytes.len() - 1]));
        assert!(!open(&bytes[..20]));
        assert!(!open(b""));
        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 1;
        assert!(!open(&flipped));
        let mut other_format = bytes;
        other_format[8] ^= 1;
        assert!(!open(&other_format));
    }

    #[test]
    fn a_directory_keeps_the_newest_cache_files_only() {
        let dir = tempfile::tempdir().unwrap();
        for n in 0..5 {
            let path = dir.path().join(format!("reference-{n}.bin"));
            fs::write(&path, b"x").unwrap();
            let at = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000 + n);
            fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(at)
                .unwrap();
        }
        fs::write(dir.path().join("notes.txt"), b"kept").unwrap();
        prune(dir.path(), 2);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["notes.txt", "reference-3.bin", "reference-4.bin"]);
    }

    #[test]
    fn the_build_digests_every_bundled_file() {
        let digests = crate::bundled::REFERENCE_DATA_DIGESTS;
        assert_eq!(digests.len(), crate::bundled::REFERENCE_DATA.len());
        for ((path, text), &digest) in crate::bundled::REFERENCE_DATA.iter().zip(digests) {
            assert_eq!(super::digest(text.as_bytes()), digest, "{path}");
        }
    }

    #[test]
    fn a_key_read_from_files_is_the_key_of_their_texts() {
        let dir = tempfile::tempdir().unwrap();
        let on_disk = dir.path().join("desk.yaml");
        fs::write(&on_disk, "people: []\n").unwrap();
        let name = on_disk.display().to_string();
        let (bundled_path, bundled_text) = crate::bundled::REFERENCE_DATA[0];
        let texts = vec![
            vec![(bundled_path.to_string(), bundled_text.to_string())],
            vec![(name.clone(), "people: []\n".to_string())],
        ];
        let named = vec![
            vec![(
                bundled_path.to_string(),
                Content::Bundled(crate::bundled::REFERENCE_DATA_DIGESTS[0]),
            )],
            vec![(name, Content::File(on_disk.clone()))],
        ];
        assert_eq!(key_of(&named).as_deref(), Some(key(&texts).as_str()));
        fs::remove_file(&on_disk).unwrap();
        assert_eq!(key_of(&named), None);
        // Many files, read on several threads, keep their order.
        let many: Vec<(String, String)> = (0..9)
            .map(|n| {
                (
                    dir.path().join(format!("{n}.yaml")).display().to_string(),
                    format!("people: [] # {n}\n"),
                )
            })
            .collect();
        for (path, text) in &many {
            fs::write(path, text).unwrap();
        }
        let named_many = vec![
            many.iter()
                .map(|(path, _)| (path.clone(), Content::File(path.into())))
                .collect(),
        ];
        assert_eq!(
            key_of(&named_many).as_deref(),
            Some(key(std::slice::from_ref(&many)).as_str())
        );
        let mut reordered = many.clone();
        reordered.swap(0, 8);
        assert_ne!(key_of(&named_many).as_deref(), Some(key(&[reordered]).as_str()));
    }

    #[test]
    fn the_key_follows_paths_and_contents() {
        let one = vec![vec![("a.yaml".to_string(), "people: []".to_string())]];
        let renamed = vec![vec![("b.yaml".to_string(), "people: []".to_string())]];
        let edited = vec![vec![("a.yaml".to_string(), "people: [] ".to_string())]];
        let split = vec![vec![("a.yaml".to_string(), "people: []".to_string())], Vec::new()];
        assert_eq!(key(&one), key(&one.clone()));
        for other in [renamed, edited, split] {
            assert_ne!(key(&one), key(&other));
        }
    }
}
