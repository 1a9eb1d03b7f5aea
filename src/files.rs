//! Writing files factlint owns (a baseline, generated reference data, the reference cache) so that a crash or a
//! second process never sees half a file: one place for the temporary name beside a file and the rename over it.

use std::io::Write;
use std::path::{Path, PathBuf};

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
