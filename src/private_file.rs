//! Files only their owner may read (mode 0600 on Unix): a session that
//! holds an access token, a person's export, the store's key.

use std::fs::{File, OpenOptions};
use std::path::Path;

fn owner_only() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Creates (or empties) `path` for writing, readable by its owner only.
pub fn private_file(path: &Path) -> std::io::Result<File> {
    owner_only().create(true).truncate(true).open(path)
}

/// Creates `path`, readable by its owner only, and fails if it exists: for
/// a file that must never be overwritten, like a key.
pub fn new_private_file(path: &Path) -> std::io::Result<File> {
    owner_only().create_new(true).open(path)
}
