//! The keyring: every person's wrapped data key, in fixed-size slots of one
//! plain file beside the database. sled is log-structured, so bytes it
//! deletes can linger in its files; a keyring slot is overwritten in place
//! with zeros, so a destroyed data key is gone from the data directory, and
//! with it every lingering copy of that person's records (crypto-shredding).
//! Slots are appended and never reused: a destroyed slot stays zero.

use super::vault::WRAPPED_BYTES;
use std::fs::File;
use std::path::Path;
use std::sync::Mutex;

use std::os::unix::fs::FileExt;

const SLOT_BYTES: u64 = WRAPPED_BYTES as u64;

pub struct Keyring {
    file: File,
    /// The number of slots; held while a slot is added, so two additions
    /// never take the same slot.
    slots: Mutex<u64>,
}

impl Keyring {
    /// Opens the keyring at `path`. When absent, it is created (owner-only)
    /// for a new store, and an error for one that has data (`needed`), whose
    /// keys it held. A partial slot at the end, left by a crash while it was
    /// added, was never handed out and is overwritten by the next addition.
    pub fn open(path: &Path, needed: bool) -> std::io::Result<Keyring> {
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
            crate::private_file::new_private_file(path)?;
        }
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)?;
        Keyring::over(file)
    }

    /// A keyring in an unnamed file that disappears with it, for a
    /// temporary store.
    pub fn temporary() -> std::io::Result<Keyring> {
        Keyring::over(tempfile::tempfile()?)
    }

    fn over(file: File) -> std::io::Result<Keyring> {
        let slots = file.metadata()?.len() / SLOT_BYTES;
        Ok(Keyring {
            file,
            slots: Mutex::new(slots),
        })
    }

    /// The wrapped key in `slot`, or `None` when the slot was destroyed or
    /// does not exist.
    pub fn read(&self, slot: u64) -> std::io::Result<Option<[u8; WRAPPED_BYTES]>> {
        if slot >= *self.lock() {
            return Ok(None);
        }
        let mut wrapped = [0u8; WRAPPED_BYTES];
        self.file.read_exact_at(&mut wrapped, slot * SLOT_BYTES)?;
        Ok(Some(wrapped).filter(|wrapped| wrapped.iter().any(|&byte| byte != 0)))
    }

    /// Appends `count` wrapped keys, made by `wrap` from each one's place
    /// in this addition and its slot number, and makes them durable before
    /// returning the first slot.
    pub fn add(
        &self,
        count: usize,
        mut wrap: impl FnMut(usize, u64) -> [u8; WRAPPED_BYTES],
    ) -> std::io::Result<u64> {
        let mut slots = self.lock();
        let first = *slots;
        let mut bytes = Vec::with_capacity(count * WRAPPED_BYTES);
        for index in 0..count {
            bytes.extend_from_slice(&wrap(index, first + index as u64));
        }
        self.file.write_all_at(&bytes, first * SLOT_BYTES)?;
        self.file.sync_data()?;
        *slots = first + count as u64;
        Ok(first)
    }

    /// Overwrites `slot` with zeros and makes that durable.
    pub fn destroy(&self, slot: u64) -> std::io::Result<()> {
        let slots = self.lock();
        if slot < *slots {
            self.file
                .write_all_at(&[0u8; WRAPPED_BYTES], slot * SLOT_BYTES)?;
            self.file.sync_data()?;
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, u64> {
        self.slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_appended_read_back_and_destroyed_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyring");
        assert!(
            Keyring::open(&path, true).is_err(),
            "a needed keyring must exist"
        );
        let keyring = Keyring::open(&path, false).unwrap();
        let first = keyring
            .add(2, |index, _| [index as u8 + 1; WRAPPED_BYTES])
            .unwrap();
        assert_eq!(first, 0);
        assert_eq!(keyring.read(1).unwrap(), Some([2u8; WRAPPED_BYTES]));
        keyring.destroy(0).unwrap();
        assert_eq!(keyring.read(0).unwrap(), None);
        assert_eq!(keyring.read(2).unwrap(), None);
        drop(keyring);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len(), 2 * WRAPPED_BYTES);
        assert!(bytes[..WRAPPED_BYTES].iter().all(|&byte| byte == 0));
        let reopened = Keyring::open(&path, true).unwrap();
        assert_eq!(reopened.add(1, |_, _| [9u8; WRAPPED_BYTES]).unwrap(), 2);
    }
}
