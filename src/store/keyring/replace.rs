//! Replacing the keyring file (when it grows, or is upgraded) so that a
//! crash at any moment neither loses it nor leaves a copy of old keys in
//! the data directory. The new table is written beside it as
//! `keyring.next`; the old one gets a second name, `keyring.old`; the new
//! one is renamed into place; then the old one is overwritten with zeros
//! and removed. [`recover`] finishes or undoes a replacement cut short.

use super::table::zero;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Where the next table is written before it replaces the keyring.
fn next_path(path: &Path) -> PathBuf {
    beside(path, "next")
}

/// Creates (or empties) the file for the next table, readable by its owner
/// only, open to read and write; and its path.
pub fn create_next(path: &Path) -> std::io::Result<(File, PathBuf)> {
    let next = next_path(path);
    crate::private_file::private_file(&next)?;
    Ok((writable(&next)?, next))
}

/// Puts the table written at `next` in place of the keyring at `path`,
/// keeping the old one as `keyring.old` for [`retire`]. Once this returns,
/// `path` is the new table.
pub fn put_in_place(path: &Path, next: &Path) -> std::io::Result<()> {
    std::fs::hard_link(path, beside(path, "old"))?;
    sync_directory(path)?;
    std::fs::rename(next, path)
}

/// Makes the replacement durable, then overwrites the keyring it replaced,
/// open as `old`, with zeros and removes it.
pub fn retire(path: &Path, old: &File) -> std::io::Result<()> {
    sync_directory(path)?;
    zero(old)?;
    std::fs::remove_file(beside(path, "old"))?;
    sync_directory(path)
}

/// Cleans up after a replacement a crash cut short. A `keyring.old` that
/// is still the keyring itself is only a second name, and is removed; one
/// that is no longer the keyring was replaced, and is zeroed first. A
/// `keyring.next` never took the keyring's place, and is zeroed and
/// removed; the keyring it would have replaced is whole.
pub fn recover(path: &Path) -> std::io::Result<()> {
    let kept = beside(path, "old");
    let mut changed = false;
    if kept.exists() {
        if !(path.exists() && same_file(&kept, path)?) {
            zero(&writable(&kept)?)?;
        }
        std::fs::remove_file(&kept)?;
        changed = true;
    }
    let next = next_path(path);
    if next.exists() {
        zero(&writable(&next)?)?;
        std::fs::remove_file(&next)?;
        changed = true;
    }
    if changed {
        tracing::warn!(path = %path.display(), "finished a keyring replacement that was cut short");
        sync_directory(path)?;
    }
    Ok(())
}

/// Opens an existing file to read and write.
pub fn writable(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
}

/// Makes a rename or removal in the keyring's directory durable.
pub fn sync_directory(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => File::open(parent)?.sync_all(),
        _ => File::open(".")?.sync_all(),
    }
}

fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn same_file(one: &Path, other: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (one, other) = (std::fs::metadata(one)?, std::fs::metadata(other)?);
    Ok(one.dev() == other.dev() && one.ino() == other.ino())
}
