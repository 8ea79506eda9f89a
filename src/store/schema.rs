//! The schema version of a data directory, checked at every open, and the
//! migrations that bring an older directory up to date.

use super::StoreFailure;

/// The layout this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;
const KEY: &[u8] = b"schema_version";

/// Stamps a new directory, migrates an older one, and refuses a newer one.
pub fn check(meta: &sled::Tree) -> Result<(), StoreFailure> {
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
    for version in found..SCHEMA_VERSION {
        migrate_from(version)?;
    }
    meta.insert(KEY, &SCHEMA_VERSION.to_be_bytes())?;
    Ok(())
}

/// Brings the data from `version` to `version + 1`. The first release is
/// version 1, so there is nothing to migrate yet; each later layout change
/// adds its step here.
fn migrate_from(version: u32) -> Result<(), StoreFailure> {
    Err(StoreFailure::Schema(format!(
        "no migration from schema version {version}"
    )))
}
