//! The schema version of a data directory, checked at every open, and the
//! migrations that bring an older directory up to date.
//!
//! - 1: records unsealed, keyed by the raw platform id.
//! - 2: records sealed with a data key per person, keyed by a keyed hash;
//!   the keys appended to the keyring, found through a `data_keys` tree.
//! - 3: the keyring found by each person's keyed hash; no `data_keys` tree.

use super::{Store, StoreFailure, unsealed};

/// The layout this build reads and writes.
pub const SCHEMA_VERSION: u32 = 3;
const KEY: &[u8] = b"schema_version";

/// The version a directory was written with (a new one is taken to be this
/// build's); a newer version than this build reads is refused.
pub fn found(meta: &sled::Tree) -> Result<u32, StoreFailure> {
    let found = match meta.get(KEY)? {
        Some(bytes) => {
            let bytes: [u8; 4] = bytes
                .as_ref()
                .try_into()
                .map_err(|_| StoreFailure::Schema("the schema version record is damaged".into()))?;
            u32::from_be_bytes(bytes)
        }
        None => SCHEMA_VERSION,
    };
    if found > SCHEMA_VERSION {
        return Err(StoreFailure::Schema(format!(
            "this data directory has schema version {found}, written by a newer securebase; this build reads up to {SCHEMA_VERSION}"
        )));
    }
    Ok(found)
}

/// Migrates a directory from `found` to this build's version, one step at
/// a time, and stamps it. Each step is safe to run again if it was cut short.
pub fn upgrade(store: &Store, meta: &sled::Tree, found: u32) -> Result<(), StoreFailure> {
    for version in found..SCHEMA_VERSION {
        match version {
            1 => unsealed::seal_everything(store)?,
            2 => {
                // The keyring was upgraded before it was opened (`appended`).
            }
            _ => {
                return Err(StoreFailure::Schema(format!(
                    "no migration from schema version {version}"
                )));
            }
        }
    }
    meta.insert(KEY, &SCHEMA_VERSION.to_be_bytes())?;
    store.durable()
}
