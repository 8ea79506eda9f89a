//! Journals kept for a number of days: the entries of one person before a
//! moment, and the purge of everyone's expired entries, which reads only the
//! `retention` tree (people who chose a limit) and their expired key ranges.

use super::vault::PersonKey;
use super::{Store, StoreFailure, keys};
use crate::core::retention::cutoff;
use chrono::{DateTime, Utc};

impl Store {
    /// The keys of the person's journal entries from before `before`.
    pub(super) fn journal_before(
        &self,
        person: &PersonKey,
        before: DateTime<Utc>,
    ) -> Result<Vec<sled::IVec>, StoreFailure> {
        let end = keys::journal_entry(person, before, 0);
        Ok(self
            .journal
            .range(person.to_vec()..end)
            .keys()
            .collect::<Result<_, _>>()?)
    }

    /// Erases, for everyone who keeps their journal for a number of days,
    /// the entries older than that at `now`, durably. Returns how many.
    pub fn forget_expired(&self, now: DateTime<Utc>) -> Result<usize, StoreFailure> {
        let mut batch = sled::Batch::default();
        let mut forgotten = 0;
        for item in self.retention.iter() {
            let (person, days) = item?;
            let (Ok(person), Ok(days)) = (
                PersonKey::try_from(person.as_ref()),
                <[u8; 4]>::try_from(days.as_ref()),
            ) else {
                continue;
            };
            let before = cutoff(now, u32::from_be_bytes(days));
            for key in self.journal_before(&person, before)? {
                batch.remove(key);
                forgotten += 1;
            }
        }
        if forgotten > 0 {
            self.journal.apply_batch(batch)?;
            self.durable()?;
        }
        Ok(forgotten)
    }
}
