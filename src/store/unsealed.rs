//! The upgrade from schema 1, which kept records unsealed under the raw
//! platform id. Every record is sealed with its person's data key and moved
//! under their keyed hash, and the due index is rebuilt from the sealed
//! schedules. Each tree is rewritten in one atomic batch, and only records
//! still unsealed are touched, so an upgrade cut short picks up where it
//! stopped.
//!
//! sled may keep the old unsealed bytes in its files until it reclaims that
//! space; the README says so.

use super::codec::{self, RECORD_VERSION};
use super::vault::PersonKey;
use super::{DELIVERIES, JOURNAL, SCHEDULES, SESSIONS, Store, StoreFailure, USERS, due_entry};
use crate::core::inbound::{Platform, Who};

/// The length of the time and sequence number at the end of a journal key.
const JOURNAL_TAIL: usize = 16;

pub fn seal_everything(store: &Store) -> Result<(), StoreFailure> {
    for (tree, name) in [
        (&store.users, USERS),
        (&store.sessions, SESSIONS),
        (&store.schedules, SCHEDULES),
        (&store.deliveries, DELIVERIES),
    ] {
        reseal(store, tree, name, |key| Some((person(key)?, &[][..])))?;
    }
    reseal(store, &store.journal, JOURNAL, journal_person)?;
    rebuild_due_index(store)
}

/// A schema-1 person key: a platform letter, then the platform's id.
fn person(key: &[u8]) -> Option<Who> {
    let (platform, id) = key.split_first()?;
    let platform = match platform {
        b'c' => Platform::Console,
        b'd' => Platform::Discord,
        b'm' => Platform::Matrix,
        _ => return None,
    };
    Some(Who::new(platform, std::str::from_utf8(id).ok()?))
}

/// A schema-1 journal key: the person key's length (two bytes), the person
/// key, then the time and sequence number, which the new key keeps.
fn journal_person(key: &[u8]) -> Option<(Who, &[u8])> {
    let length = usize::from(u16::from_be_bytes(key.get(..2)?.try_into().ok()?));
    let who = person(key.get(2..2 + length)?)?;
    let tail = key.get(2 + length..)?;
    (tail.len() == JOURNAL_TAIL).then_some((who, tail))
}

/// Seals every unsealed record of `tree` under its person's keyed hash
/// followed by the kept tail of its old key.
fn reseal(
    store: &Store,
    tree: &sled::Tree,
    name: &str,
    split: impl Fn(&[u8]) -> Option<(Who, &[u8])>,
) -> Result<(), StoreFailure> {
    let mut unsealed = Vec::new();
    for item in tree.iter() {
        let (key, value) = item?;
        if value.first() != Some(&RECORD_VERSION) {
            continue;
        }
        let moved = split(&key).map(|(who, tail)| (store.vault.person(&who), tail.to_vec()));
        unsealed.push((key, value, moved));
    }
    if unsealed.is_empty() {
        return Ok(());
    }
    let people: Vec<PersonKey> = unsealed
        .iter()
        .filter_map(|(_, _, moved)| moved.as_ref().map(|(person, _)| *person))
        .collect();
    let data_keys = store.data_keys_or_new(&people)?;
    let mut batch = sled::Batch::default();
    let mut dropped = 0;
    for (old_key, value, moved) in unsealed {
        batch.remove(old_key);
        let record = codec::decode::<serde_json::Value>(&value);
        let (Some((person, tail)), Ok(record)) = (moved, record) else {
            dropped += 1;
            continue;
        };
        let mut new_key = person.to_vec();
        new_key.extend_from_slice(&tail);
        let sealed = data_keys[&person].seal(name, &new_key, &record)?;
        batch.insert(new_key, sealed);
    }
    if dropped > 0 {
        tracing::error!(
            tree = name,
            dropped,
            "unreadable schema-1 records were dropped while sealing the store"
        );
    }
    tree.apply_batch(batch)?;
    Ok(())
}

/// Replaces the due index with one entry per sealed schedule.
fn rebuild_due_index(store: &Store) -> Result<(), StoreFailure> {
    let mut batch = sled::Batch::default();
    for key in store.due.iter().keys() {
        batch.remove(key?);
    }
    for item in store.schedules.iter() {
        let (key, bytes) = item?;
        let Ok(person) = PersonKey::try_from(key.as_ref()) else {
            continue;
        };
        let Some(data_key) = store.data_key(&person)? else {
            continue;
        };
        if let Some(entry) = due_entry(&data_key, &person, &bytes) {
            batch.insert(entry, &[]);
        }
    }
    store.due.apply_batch(batch)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_1_keys_give_back_the_person_and_the_journal_tail() {
        assert_eq!(
            person(b"m@ann:example.org"),
            Some(Who::new(Platform::Matrix, "@ann:example.org"))
        );
        assert_eq!(person(b"xann"), None);
        let mut journal_key = vec![0, 4];
        journal_key.extend_from_slice(b"cann");
        journal_key.extend_from_slice(&[7u8; JOURNAL_TAIL]);
        assert_eq!(
            journal_person(&journal_key),
            Some((Who::new(Platform::Console, "ann"), &[7u8; JOURNAL_TAIL][..]))
        );
        assert_eq!(journal_person(&journal_key[..10]), None);
    }
}
