//! Files only their owner may read (mode 0600 on Unix): a session that
//! holds an access token, a person's export.

use std::path::Path;

/// Creates (or empties) `path` for writing, readable by its owner only.
#[cfg(unix)]
pub fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
pub fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::create(path)
}
