//! Key layouts. A person is named in keys only by their keyed hash (see
//! `vault`), which has a fixed length, so one person's prefix never runs
//! into another's. Journal keys add a big-endian time and sequence number,
//! so a prefix scan reads one journal in time order; due-index keys put the
//! slot first, so the next due ping is the first key of the tree.

use super::vault::{PERSON_BYTES, PersonKey};
use chrono::{DateTime, Utc};

/// A journal key: the person, the time, and a sequence number that keeps
/// two entries of the same instant apart.
pub fn journal_entry(person: &PersonKey, at: DateTime<Utc>, sequence: u64) -> Vec<u8> {
    let mut key = Vec::with_capacity(PERSON_BYTES + 16);
    key.extend_from_slice(person);
    key.extend_from_slice(&micros(at).to_be_bytes());
    key.extend_from_slice(&sequence.to_be_bytes());
    key
}

fn micros(at: DateTime<Utc>) -> u64 {
    u64::try_from(at.timestamp_micros()).unwrap_or(0)
}

/// A key of the due index: the slot as big-endian milliseconds, then the person.
pub fn due(at: DateTime<Utc>, person: &PersonKey) -> Vec<u8> {
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    let mut key = Vec::with_capacity(8 + PERSON_BYTES);
    key.extend_from_slice(&millis.to_be_bytes());
    key.extend_from_slice(person);
    key
}

/// The slot and the person a due-index key names.
pub fn due_parts(key: &[u8]) -> Option<(DateTime<Utc>, PersonKey)> {
    let millis = u64::from_be_bytes(key.get(..8)?.try_into().ok()?);
    let at = DateTime::from_timestamp_millis(i64::try_from(millis).ok()?)?;
    Some((at, key.get(8..)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn journal_keys_sort_by_time_within_a_person() {
        let ann = [1u8; PERSON_BYTES];
        let early = journal_entry(&ann, Utc.timestamp_opt(1_000, 0).unwrap(), 9);
        let late = journal_entry(&ann, Utc.timestamp_opt(2_000, 0).unwrap(), 1);
        assert!(early < late);
        assert!(early.starts_with(&ann));
    }

    #[test]
    fn a_due_key_gives_back_its_slot_and_person() {
        let at = Utc.timestamp_opt(1_700_000_000, 0).unwrap();
        let person = [3u8; PERSON_BYTES];
        assert_eq!(due_parts(&due(at, &person)), Some((at, person)));
        assert_eq!(due_parts(&due(at, &person)[..20]), None);
    }
}
