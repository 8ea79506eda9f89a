//! Each person's data key: found in the keyring by their keyed hash,
//! unwrapped with the master key, made the first time the person is
//! stored, and destroyed in place when they delete their data.

use super::sealed::DataKey;
use super::vault::PersonKey;
use super::{Store, StoreFailure};
use std::collections::{HashMap, HashSet};

impl Store {
    /// The person's data key, or `None` when they have none, or it was
    /// destroyed (their records, if any are left, are unreadable).
    pub(super) fn data_key(&self, person: &PersonKey) -> Result<Option<DataKey>, StoreFailure> {
        let Some(wrapped) = self.keyring.read(person)? else {
            return Ok(None);
        };
        let key = self.vault.unwrap(person, &wrapped);
        if key.is_none() {
            tracing::error!(
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
    /// durable write to the keyring: for upgrades and bulk imports. A key
    /// that no longer opens is replaced, as the records it sealed are lost.
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
        let mut wrapped = Vec::with_capacity(missing.len());
        for person in missing {
            let key = DataKey::generate();
            wrapped.push((person, self.vault.wrap(&person, &key)));
            keys.insert(person, key);
        }
        self.keyring.add(&wrapped)?;
        Ok(keys)
    }

    /// Destroys the person's data key in the keyring.
    pub(super) fn shred(&self, person: &PersonKey) -> Result<(), StoreFailure> {
        self.keyring.destroy(person)?;
        Ok(())
    }
}
