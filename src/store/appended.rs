//! The upgrade from schema 2, whose keyring was a file of wrapped keys
//! appended one after another, each found through the `data_keys` tree
//! (person → slot number) and wrapped for its person and slot. Every key
//! still there is unwrapped, wrapped again for its person alone, and put
//! into a keyring found by the person's keyed hash, which replaces the old
//! file (zeroed once replaced); then the tree is dropped. Each step is safe
//! to run again if it was cut short.

use super::StoreFailure;
use super::keyring::{Keyring, Wrapped};
use super::vault::{PersonKey, Vault, WRAPPED_BYTES};
use std::os::unix::fs::FileExt;
use std::path::Path;

const TREE: &str = "data_keys";

/// Upgrades the keyring at `path`. A missing keyring is left for opening
/// it to report, with the tree kept, so the file can be put back from a
/// backup and still be read.
pub fn upgrade(path: &Path, db: &sled::Db, vault: &Vault) -> Result<(), StoreFailure> {
    if !path.exists() {
        return Ok(());
    }
    if !Keyring::is_current(path)? {
        let slots = db.open_tree(TREE)?;
        let old = std::fs::File::open(path)?;
        if slots.is_empty() && holds_a_key(&old)? {
            return Err(StoreFailure::Schema(
                "the keyring holds data keys, but the data_keys tree that finds them is empty; nothing was changed".into(),
            ));
        }
        let keys = slots.iter().filter_map(|item| match item {
            Ok((person, slot)) => rewrapped(vault, &old, &person, &slot).map(Ok),
            Err(error) => Some(Err(std::io::Error::other(error))),
        });
        Keyring::replace_with(path, slots.len() as u64, keys)?;
        tracing::info!("the keyring was upgraded: each data key is now found by its person");
    }
    db.drop_tree(TREE)?;
    Ok(())
}

/// Whether any slot of the old keyring holds a key (is not all zeros).
fn holds_a_key(old: &std::fs::File) -> std::io::Result<bool> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut &*old, &mut bytes)?;
    Ok(bytes.iter().any(|&byte| byte != 0))
}

/// The person's key from their old slot, wrapped for them alone; `None`
/// (and logged) when the entry or the slot is damaged, or was destroyed.
fn rewrapped(
    vault: &Vault,
    old: &std::fs::File,
    person: &[u8],
    slot: &[u8],
) -> Option<(PersonKey, Wrapped)> {
    let person: PersonKey = person.try_into().ok()?;
    let slot = u64::from_be_bytes(slot.try_into().ok()?);
    let mut wrapped = [0u8; WRAPPED_BYTES];
    old.read_exact_at(&mut wrapped, slot * WRAPPED_BYTES as u64)
        .ok()?;
    if wrapped.iter().all(|&byte| byte == 0) {
        return None;
    }
    match vault.unwrap_appended(&person, slot, &wrapped) {
        Some(key) => Some((person, vault.wrap(&person, &key))),
        None => {
            tracing::error!(
                slot,
                "a data key in the old keyring does not open; that person's records cannot be read"
            );
            None
        }
    }
}
