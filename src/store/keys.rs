//! Key layouts. A person's key is their platform and id; journal keys put
//! that person's key first (length-prefixed, so one person's entries never
//! run into another's) and then a big-endian time and sequence number, so a
//! prefix scan reads one journal in time order.

use crate::core::inbound::{Platform, Who};
use chrono::{DateTime, Utc};

/// The key of a person in the `users` and `sessions` trees.
pub fn person(who: &Who) -> Vec<u8> {
    let platform = match who.platform {
        Platform::Console => b'c',
        Platform::Discord => b'd',
        Platform::Matrix => b'm',
    };
    let mut key = Vec::with_capacity(1 + who.user_id.len());
    key.push(platform);
    key.extend_from_slice(who.user_id.as_bytes());
    key
}

/// The prefix every journal key of this person starts with.
pub fn journal_prefix(who: &Who) -> Vec<u8> {
    let person = person(who);
    let length = u16::try_from(person.len()).unwrap_or(u16::MAX);
    let mut key = Vec::with_capacity(2 + person.len() + 16);
    key.extend_from_slice(&length.to_be_bytes());
    key.extend_from_slice(&person);
    key
}

/// A journal key: the person's prefix, the time, and a sequence number that
/// keeps two entries of the same instant apart.
pub fn journal_entry(who: &Who, at: DateTime<Utc>, sequence: u64) -> Vec<u8> {
    let mut key = journal_prefix(who);
    let micros = u64::try_from(at.timestamp_micros()).unwrap_or(0);
    key.extend_from_slice(&micros.to_be_bytes());
    key.extend_from_slice(&sequence.to_be_bytes());
    key
}

/// A key of the due index: the slot as big-endian milliseconds, then the
/// person's key, so the next due ping is the first key of the tree.
pub fn due(at: DateTime<Utc>, who: &Who) -> Vec<u8> {
    let person = person(who);
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    let mut key = Vec::with_capacity(8 + person.len());
    key.extend_from_slice(&millis.to_be_bytes());
    key.extend_from_slice(&person);
    key
}

/// The slot a due-index key names.
pub fn due_at(key: &[u8]) -> Option<DateTime<Utc>> {
    let millis = u64::from_be_bytes(key.get(..8)?.try_into().ok()?);
    DateTime::from_timestamp_millis(i64::try_from(millis).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn journal_keys_sort_by_time_within_a_person() {
        let who = Who::new(Platform::Console, "ann");
        let early = journal_entry(&who, Utc.timestamp_opt(1_000, 0).unwrap(), 9);
        let late = journal_entry(&who, Utc.timestamp_opt(2_000, 0).unwrap(), 1);
        assert!(early < late);
        assert!(early.starts_with(&journal_prefix(&who)));
        let annie = Who::new(Platform::Console, "annie");
        assert!(
            !journal_entry(&annie, Utc.timestamp_opt(1_000, 0).unwrap(), 1)
                .starts_with(&journal_prefix(&who))
        );
    }
}
