//! The keyring: every person's wrapped data key, in one plain file beside
//! the database, found by the person's keyed hash (see `table`). sled is
//! log-structured, so bytes it deletes can linger in its files; a keyring
//! slot is overwritten in place, so a destroyed data key is gone from the
//! data directory, and with it every lingering copy of that person's
//! records (crypto-shredding). Keeping the keys out of sled also keeps a
//! million-entry tree out of what sled reads and holds at every start.

mod replace;
mod table;

use crate::store::vault::PersonKey;
use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
pub use table::Wrapped;
use table::{Probe, Table};

pub struct Keyring {
    /// The file, or `None` for a temporary keyring in an unnamed file.
    path: Option<PathBuf>,
    /// Read while keys are looked up; written while keys are added or
    /// destroyed, or the table grows.
    table: RwLock<Table>,
}

impl Keyring {
    /// Opens the keyring at `path`. When absent, it is created (owner-only)
    /// for a new store, and an error for one that has data (`needed`), whose
    /// keys it held. A replacement a crash cut short is finished first.
    pub fn open(path: &Path, needed: bool) -> std::io::Result<Keyring> {
        replace::recover(path)?;
        if !path.exists() {
            if needed {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!(
                        "{} is missing; it holds every person's data key, so put it back from the backup it was taken with",
                        path.display()
                    ),
                ));
            }
            let (file, next) = replace::create_next(path)?;
            Table::create(file, table::FIRST_CAPACITY)?.durable()?;
            std::fs::rename(&next, path)?;
            replace::sync_directory(path)?;
        }
        Ok(Keyring {
            path: Some(path.to_owned()),
            table: RwLock::new(Table::open(replace::writable(path)?)?),
        })
    }

    /// A keyring in an unnamed file that disappears with it, for a
    /// temporary store.
    pub fn temporary() -> std::io::Result<Keyring> {
        Ok(Keyring {
            path: None,
            table: RwLock::new(Table::create(tempfile::tempfile()?, table::FIRST_CAPACITY)?),
        })
    }

    /// Whether the file at `path` is a keyring of this layout, rather than
    /// one an older securebase wrote.
    pub fn is_current(path: &Path) -> std::io::Result<bool> {
        Table::recognises(&std::fs::File::open(path)?)
    }

    /// Replaces the keyring at `path` with one holding `keys` (about
    /// `count` of them), durably and crash-safely: for an upgrade.
    pub fn replace_with(
        path: &Path,
        count: u64,
        keys: impl Iterator<Item = std::io::Result<(PersonKey, Wrapped)>>,
    ) -> std::io::Result<()> {
        replace::recover(path)?;
        let old = replace::writable(path)?;
        place_next(path, |file| {
            let mut table = Table::create(file, Table::capacity_for(0, count))?;
            for key in keys {
                let (person, wrapped) = key?;
                table.put(&person, &wrapped)?;
            }
            table.durable()?;
            Ok(table)
        })?;
        replace::retire(path, &old)
    }

    /// The person's wrapped key, or `None` when they have none or it was
    /// destroyed.
    pub fn read(&self, person: &PersonKey) -> std::io::Result<Option<Wrapped>> {
        Ok(match self.reading().find(person)? {
            Probe::Found(_, wrapped) => {
                Some(wrapped).filter(|wrapped| wrapped.iter().any(|&byte| byte != 0))
            }
            Probe::Free(_) => None,
        })
    }

    /// Stores each person's wrapped key, in place of any they had, growing
    /// the table first when it would be crowded, and makes them durable.
    pub fn add(&self, keys: &[(PersonKey, Wrapped)]) -> std::io::Result<()> {
        let mut table = self.writing();
        let more = keys.len() as u64;
        if table.crowded_by(more) {
            let capacity = table.grown_capacity(more);
            self.grow(&mut table, capacity)?;
        }
        for (person, wrapped) in keys {
            table.put(person, wrapped)?;
        }
        table.durable()
    }

    /// Overwrites the person's slot and makes that durable.
    pub fn destroy(&self, person: &PersonKey) -> std::io::Result<()> {
        let mut table = self.writing();
        if table.destroy(person)? {
            table.durable()?;
        }
        Ok(())
    }

    /// Rewrites the table at `capacity`. Once the new one has taken the old
    /// one's place it is the keyring, whatever happens next; then the old
    /// file is zeroed.
    fn grow(&self, table: &mut Table, capacity: u64) -> std::io::Result<()> {
        let grown = match &self.path {
            Some(path) => {
                replace::recover(path)?;
                place_next(path, |file| table.rebuilt(file, capacity))?
            }
            None => table.rebuilt(tempfile::tempfile()?, capacity)?,
        };
        let old = std::mem::replace(table, grown);
        tracing::info!(capacity, "the keyring grew");
        match &self.path {
            Some(path) => replace::retire(path, old.file()),
            None => table::zero(old.file()),
        }
    }

    fn reading(&self) -> RwLockReadGuard<'_, Table> {
        self.table
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn writing(&self) -> RwLockWriteGuard<'_, Table> {
        self.table
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Writes a new table beside the keyring at `path` with `fill`, and puts
/// it in the keyring's place. Should that fail, what was written is zeroed
/// and removed, and the keyring is as it was.
fn place_next(
    path: &Path,
    fill: impl FnOnce(std::fs::File) -> std::io::Result<Table>,
) -> std::io::Result<Table> {
    let placed = replace::create_next(path).and_then(|(file, next)| {
        let table = fill(file)?;
        replace::put_in_place(path, &next)?;
        Ok(table)
    });
    if placed.is_err()
        && let Err(error) = replace::recover(path)
    {
        tracing::error!(%error, "a keyring that failed to take the old one's place could not be cleaned away");
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::vault::{PERSON_BYTES, WRAPPED_BYTES};
    use sha2::{Digest, Sha256};
    use std::collections::HashMap;

    /// A person told apart by `index`. With `homes` above zero, their hash
    /// begins with one of that many values, so people collide on the same
    /// home slots whatever the capacity.
    fn person(index: u64, homes: u64) -> PersonKey {
        let digest = Sha256::digest(index.to_be_bytes());
        let mut person = [0u8; PERSON_BYTES];
        person.copy_from_slice(&digest[..PERSON_BYTES]);
        if let Some(spacing) = u64::MAX.checked_div(homes) {
            let home = spacing * (index % homes);
            person[..8].copy_from_slice(&home.to_be_bytes());
        }
        person
    }

    fn wrapped(index: u64, round: u8) -> Wrapped {
        let mut wrapped = [round; WRAPPED_BYTES];
        wrapped[..8].copy_from_slice(&index.to_be_bytes());
        wrapped
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != "keyring")
            .collect()
    }

    #[test]
    fn keys_are_stored_replaced_destroyed_and_kept_across_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyring");
        assert!(
            Keyring::open(&path, true).is_err(),
            "a needed keyring must exist"
        );
        let keyring = Keyring::open(&path, false).unwrap();
        let (ann, bo) = (person(1, 0), person(2, 0));
        keyring
            .add(&[(ann, wrapped(1, 1)), (bo, wrapped(2, 1))])
            .unwrap();
        assert_eq!(keyring.read(&ann).unwrap(), Some(wrapped(1, 1)));
        keyring.add(&[(ann, wrapped(1, 2))]).unwrap();
        assert_eq!(keyring.read(&ann).unwrap(), Some(wrapped(1, 2)));
        keyring.destroy(&ann).unwrap();
        assert_eq!(keyring.read(&ann).unwrap(), None);
        assert_eq!(keyring.read(&person(3, 0)).unwrap(), None);
        drop(keyring);
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes.windows(PERSON_BYTES).any(|window| window == ann),
            "a destroyed slot no longer names its person"
        );
        let reopened = Keyring::open(&path, true).unwrap();
        assert_eq!(reopened.read(&bo).unwrap(), Some(wrapped(2, 1)));
        assert_eq!(reopened.read(&ann).unwrap(), None);
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn growing_and_colliding_keeps_every_key_findable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyring");
        let random = [1, 300, 1, 900, 2500, 40, 4000].as_slice();
        let colliding = [1, 300, 1, 800].as_slice();
        for (homes, batches) in [(0, random), (7, colliding)] {
            std::fs::remove_file(&path).ok();
            let keyring = Keyring::open(&path, false).unwrap();
            let mut model = HashMap::new();
            let mut index = 0;
            for &batch in batches {
                let keys: Vec<_> = (index..index + batch)
                    .map(|at| (person(at, homes), wrapped(at, 1)))
                    .collect();
                keyring.add(&keys).unwrap();
                model.extend(keys);
                for gone in (index..index + batch).step_by(29) {
                    keyring.destroy(&person(gone, homes)).unwrap();
                    model.remove(&person(gone, homes));
                }
                index += batch;
            }
            let reopened = Keyring::open(&path, true);
            drop(keyring);
            let reopened = reopened.unwrap();
            for at in 0..index {
                assert_eq!(
                    reopened.read(&person(at, homes)).unwrap(),
                    model.get(&person(at, homes)).copied(),
                    "person {at} with {homes} homes"
                );
            }
            assert_eq!(leftovers(dir.path()), Vec::<String>::new());
            let slots = (std::fs::metadata(&path).unwrap().len() - 64) / 88;
            assert!(
                slots * 7 >= 10 * model.len() as u64 && slots > table::FIRST_CAPACITY,
                "the table grew, and at most 70% of its slots are taken"
            );
        }
    }

    #[test]
    fn lookups_while_the_keyring_grows_always_find_the_keys_already_there() {
        let dir = tempfile::tempdir().unwrap();
        let keyring = Keyring::open(&dir.path().join("keyring"), false).unwrap();
        let first: Vec<_> = (0..500).map(|at| (person(at, 0), wrapped(at, 1))).collect();
        keyring.add(&first).unwrap();
        let growing = std::sync::atomic::AtomicBool::new(true);
        std::thread::scope(|scope| {
            let readers: Vec<_> = (0..2)
                .map(|_| {
                    scope.spawn(|| {
                        let mut lookups = 0;
                        while growing.load(std::sync::atomic::Ordering::Relaxed) {
                            let (person, key) = &first[lookups % first.len()];
                            assert_eq!(keyring.read(person).unwrap(), Some(*key));
                            lookups += 1;
                        }
                        lookups
                    })
                })
                .collect();
            for batch in 0..8u64 {
                let more: Vec<_> = (1000 + batch * 1000..2000 + batch * 1000)
                    .map(|at| (person(at, 0), wrapped(at, 1)))
                    .collect();
                keyring.add(&more).unwrap();
            }
            growing.store(false, std::sync::atomic::Ordering::Relaxed);
            for reader in readers {
                assert!(reader.join().unwrap() > 0, "the reader looked up keys");
            }
        });
        assert_eq!(
            keyring.read(&person(8999, 0)).unwrap(),
            Some(wrapped(8999, 1))
        );
    }

    #[test]
    fn a_temporary_keyring_grows_too() {
        let keyring = Keyring::temporary().unwrap();
        let keys: Vec<_> = (0..3000)
            .map(|at| (person(at, 0), wrapped(at, 1)))
            .collect();
        keyring.add(&keys).unwrap();
        assert!(
            keys.iter()
                .all(|(person, key)| keyring.read(person).unwrap() == Some(*key))
        );
    }

    #[test]
    fn a_replacement_cut_short_is_finished_without_losing_or_leaving_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyring");
        let ann = person(1, 0);
        Keyring::open(&path, false)
            .unwrap()
            .add(&[(ann, wrapped(1, 1))])
            .unwrap();
        let next = dir.path().join("keyring.next");
        let old = dir.path().join("keyring.old");

        std::fs::write(&next, wrapped(9, 9)).unwrap();
        std::fs::hard_link(&path, &old).unwrap();
        let keyring = Keyring::open(&path, true).unwrap();
        assert_eq!(keyring.read(&ann).unwrap(), Some(wrapped(1, 1)));
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
        drop(keyring);

        std::fs::copy(&path, &old).unwrap();
        let replaced = replace::writable(&old).unwrap();
        let keyring = Keyring::open(&path, true).unwrap();
        assert_eq!(keyring.read(&ann).unwrap(), Some(wrapped(1, 1)));
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut &replaced, &mut bytes).unwrap();
        assert!(
            !bytes.is_empty() && bytes.iter().all(|&byte| byte == 0),
            "a replaced keyring is zeroed before it is removed"
        );
    }

    #[test]
    fn a_replacement_that_fails_midway_leaves_the_keyring_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyring");
        Keyring::open(&path, false)
            .unwrap()
            .add(&[(person(1, 0), wrapped(1, 1))])
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        let keys = vec![
            Ok((person(2, 0), wrapped(2, 1))),
            Err(std::io::Error::other("the old keyring could not be read")),
        ];
        let error = Keyring::replace_with(&path, 2, keys.into_iter()).unwrap_err();
        assert!(error.to_string().contains("could not be read"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_keyring_of_another_layout_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyring");
        std::fs::write(&path, [7u8; 2 * WRAPPED_BYTES]).unwrap();
        assert!(!Keyring::is_current(&path).unwrap());
        let error = Keyring::open(&path, true).err().unwrap();
        assert!(error.to_string().contains("not one this build reads"));
    }
}
