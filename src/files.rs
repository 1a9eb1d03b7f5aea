//! Writing files factlint owns (a baseline, generated reference data, the reference cache) so that a crash or a
//! second process never sees half a file: one place for the temporary name beside a file and the rename over it;
//! and the one way a path factlint records (in a baseline, in SARIF) is made absolute.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// A hidden file name beside `path` for this process: `.NAME.factlint-PID.SUFFIX`.
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    dir.join(format!(".{name}.factlint-{}.{suffix}", std::process::id()))
}

/// Replaces `path` with `bytes` through a temporary file in the same directory, so a crash never leaves half
/// a file; the original's permissions are kept.
pub fn write_atomically(path: &Path, bytes: impl AsRef<[u8]>) -> std::io::Result<()> {
    let temp = beside(path, "tmp");
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes.as_ref())?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// `path` made absolute: through symbolic links where it exists; otherwise against the working directory with
/// `.` and `..` removed without touching the file system, then through links as far as that path exists.
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let joined = std::env::current_dir().unwrap_or_default().join(path);
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean.canonicalize().unwrap_or(clean)
}
