//! Each person's data key: found through the `data_keys` tree (person →
//! keyring slot), unwrapped with the master key, made the first time the
//! person is stored, and destroyed in place when they delete their data.

use super::sealed::DataKey;
use super::vault::PersonKey;
use super::{Store, StoreFailure};
use std::collections::{HashMap, HashSet};

impl Store {
    /// The keyring slot of the person's data key, if they were ever given one.
    fn key_slot(&self, person: &PersonKey) -> Result<Option<u64>, StoreFailure> {
        Ok(self
            .data_keys
            .get(person)?
            .and_then(|bytes| <[u8; 8]>::try_from(bytes.as_ref()).ok())
            .map(u64::from_be_bytes))
    }

    /// The person's data key, or `None` when they have none, or it was
    /// destroyed (their records, if any are left, are unreadable).
    pub(super) fn data_key(&self, person: &PersonKey) -> Result<Option<DataKey>, StoreFailure> {
        let Some(slot) = self.key_slot(person)? else {
            return Ok(None);
        };
        let Some(wrapped) = self.keyring.read(slot)? else {
            return Ok(None);
        };
        let key = self.vault.unwrap(person, slot, &wrapped);
        if key.is_none() {
            tracing::error!(
                slot,
                "a data key in the keyring does not open; that person's records cannot be read"
            );
        }
        Ok(key)
    }

    /// The person's data key, made (and durable) if they have none yet.
    pub(super) fn data_key_or_new(&self, person: &PersonKey) -> Result<DataKey, StoreFailure> {
        if let Some(key) = self.data_key(person)? {
            return Ok(key);
        }
        let mut keys = self.data_keys_or_new(&[*person])?;
        Ok(keys
            .remove(person)
            .expect("a key is made for every person asked for"))
    }

    /// The data keys of many people, making the missing ones with one
    /// write to the keyring: for upgrades and bulk imports.
    pub(super) fn data_keys_or_new(
        &self,
        people: &[PersonKey],
    ) -> Result<HashMap<PersonKey, DataKey>, StoreFailure> {
        let _making = self
            .key_creation
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut keys = HashMap::with_capacity(people.len());
        let mut missing = Vec::new();
        let mut seen = HashSet::with_capacity(people.len());
        for person in people {
            if !seen.insert(person) {
                continue;
            }
            match self.data_key(person)? {
                Some(key) => {
                    keys.insert(*person, key);
                }
                None => missing.push(*person),
            }
        }
        if missing.is_empty() {
            return Ok(keys);
        }
        let made: Vec<DataKey> = missing.iter().map(|_| DataKey::generate()).collect();
        let first = self.keyring.add(missing.len(), |index, slot| {
            self.vault.wrap(&missing[index], slot, &made[index])
        })?;
        let mut batch = sled::Batch::default();
        for (offset, (person, key)) in missing.into_iter().zip(made).enumerate() {
            batch.insert(&person, &(first + offset as u64).to_be_bytes());
            keys.insert(person, key);
        }
        self.data_keys.apply_batch(batch)?;
        Ok(keys)
    }

    /// Destroys the person's data key in the keyring.
    pub(super) fn shred(&self, person: &PersonKey) -> Result<(), StoreFailure> {
        if let Some(slot) = self.key_slot(person)? {
            self.keyring.destroy(slot)?;
        }
        Ok(())
    }
}
