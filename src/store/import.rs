//! Bulk import of schedules: many people's schedules sealed and indexed in
//! a few batches and one flush, for moving schedules in and for load tests.

use super::vault::PersonKey;
use super::{SCHEDULES, Store, StoreFailure, due_entry, keys};
use crate::core::schedule::record::ScheduleRecord;

impl Store {
    /// Stores `records`, replacing any schedule those people had, with
    /// their due-index entries, durable before this returns.
    pub fn import_schedules(&self, records: &[ScheduleRecord]) -> Result<(), StoreFailure> {
        let people: Vec<PersonKey> = records
            .iter()
            .map(|record| self.vault.person(&record.who))
            .collect();
        let data_keys = self.data_keys_or_new(&people)?;
        let mut schedules = sled::Batch::default();
        let mut due = sled::Batch::default();
        for (record, person) in records.iter().zip(&people) {
            let data_key = &data_keys[person];
            if let Some(old) = self.schedules.get(person)?
                && let Some(entry) = due_entry(data_key, person, &old)
            {
                due.remove(entry);
            }
            schedules.insert(person, data_key.seal(SCHEDULES, person, record)?);
            if let Some(at) = record.next_due {
                due.insert(keys::due(at, person), &[]);
            }
        }
        self.schedules.apply_batch(schedules)?;
        self.due.apply_batch(due)?;
        self.durable()
    }
}
