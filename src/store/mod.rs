//! The sled store: people, their running conversations and their journals,
//! in one database directory. Every change of a turn is one transaction and
//! is flushed to disk before the engine tells the person anything is kept.

pub mod codec;
pub mod due;
pub mod keys;
pub mod schema;

use crate::core::inbound::Who;
use crate::core::journal::JournalEntry;
use crate::core::repository::{Change, Repository, StoreError, Stored};
use crate::core::schedule::record::{ScheduleChange, ScheduleRecord};
use codec::{decode, encode};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use std::path::Path;

/// sled's page cache. Its default (1 GiB) would let a large store take
/// memory a small bot does not need; hot records are few (sessions of people
/// talking now, the head of the due index).
const CACHE_BYTES: u64 = 16 * 1024 * 1024;

/// How often, and how far apart, a locked directory is tried again.
const LOCK_TRIES: u32 = 40;
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// Why the store could not be opened or used.
#[derive(Debug, thiserror::Error)]
pub enum StoreFailure {
    #[error("the database failed: {0}")]
    Database(#[from] sled::Error),
    #[error("{0}")]
    Codec(#[from] codec::CodecError),
    #[error("{0}")]
    Schema(String),
    #[error("the data directory {0} is in use by another securebase")]
    InUse(String),
    #[error("the schedule changed while the turn ran")]
    Conflict,
}

impl From<StoreFailure> for StoreError {
    fn from(failure: StoreFailure) -> StoreError {
        match failure {
            StoreFailure::Conflict => StoreError::Conflict,
            failure => StoreError::Failed(failure.to_string()),
        }
    }
}

/// The open database and its trees.
pub struct Store {
    db: sled::Db,
    users: sled::Tree,
    sessions: sled::Tree,
    journal: sled::Tree,
    /// Each opted-in person's schedule record.
    schedules: sled::Tree,
    /// The due index: (slot, person) → nothing; one entry per schedule.
    due: sled::Tree,
    /// Pings claimed for delivery and not yet confirmed.
    deliveries: sled::Tree,
}

impl Store {
    /// Opens (or creates) the database in `dir`. A directory still locked by
    /// a closing instance (sled releases its lock from a background thread)
    /// is tried again for a moment; one in use by a running instance is an
    /// error that says so.
    pub fn open(dir: &Path) -> Result<Store, StoreFailure> {
        let mut tries = 0;
        loop {
            match sled::Config::new()
                .path(dir)
                .cache_capacity(CACHE_BYTES)
                .open()
            {
                Ok(db) => return Store::with_db(db),
                Err(sled::Error::Io(error))
                    if error.to_string().contains("could not acquire lock") =>
                {
                    tries += 1;
                    if tries >= LOCK_TRIES {
                        return Err(StoreFailure::InUse(dir.display().to_string()));
                    }
                    std::thread::sleep(LOCK_WAIT);
                }
                Err(error) => return Err(error.into()),
            }
        }
    }

    /// A database that lives only as long as this value, for tests.
    pub fn temporary() -> Result<Store, StoreFailure> {
        Store::with_db(sled::Config::new().temporary(true).open()?)
    }

    fn with_db(db: sled::Db) -> Result<Store, StoreFailure> {
        schema::check(&db.open_tree("meta")?)?;
        Ok(Store {
            users: db.open_tree("users")?,
            sessions: db.open_tree("sessions")?,
            journal: db.open_tree("journal")?,
            schedules: db.open_tree("schedules")?,
            due: db.open_tree("due")?,
            deliveries: db.open_tree("deliveries")?,
            db,
        })
    }

    /// Every tree of the database, by name, for tools and tests that look at all of it.
    pub fn trees(&self) -> Vec<(String, sled::Tree)> {
        self.db
            .tree_names()
            .into_iter()
            .filter_map(|name| {
                let tree = self.db.open_tree(&name).ok()?;
                Some((String::from_utf8_lossy(&name).into_owned(), tree))
            })
            .collect()
    }

    fn durable(&self) -> Result<(), StoreFailure> {
        self.db.flush()?;
        Ok(())
    }
}

/// A stored record, or `None` when there is none or it cannot be read. A
/// damaged record is logged and treated as absent, so the person starts that
/// part over rather than being locked out by it; the next write replaces it.
fn readable<T: serde::de::DeserializeOwned>(
    bytes: Option<sled::IVec>,
    who: &Who,
    what: &str,
) -> Option<T> {
    match decode(&bytes?) {
        Ok(value) => Some(value),
        Err(error) => {
            tracing::error!(%who, %error, "a damaged {what} record is set aside; the person starts it over");
            None
        }
    }
}

/// Removes the due-index entry of a person's current schedule, if any (a
/// damaged record's entry is left for the runner to drop as stale).
fn unindex(
    schedules: &TransactionalTree,
    due: &TransactionalTree,
    who: &Who,
    key: &[u8],
) -> Result<(), ConflictableTransactionError<StoreFailure>> {
    let old = schedules
        .get(key)?
        .and_then(|bytes| decode::<ScheduleRecord>(&bytes).ok());
    if let Some(at) = old.and_then(|old| old.next_due) {
        due.remove(keys::due(at, who))?;
    }
    Ok(())
}

/// Turns a transaction's failure into the store's own.
fn settle<T>(result: Result<T, TransactionError<StoreFailure>>) -> Result<T, StoreFailure> {
    match result {
        Ok(value) => Ok(value),
        Err(TransactionError::Abort(failure)) => Err(failure),
        Err(TransactionError::Storage(error)) => Err(StoreFailure::Database(error)),
    }
}

impl Repository for Store {
    fn load(&self, who: &Who) -> Result<Stored, StoreError> {
        let key = keys::person(who);
        Ok(Stored {
            user: readable(
                self.users.get(&key).map_err(StoreFailure::from)?,
                who,
                "profile",
            ),
            session: readable(
                self.sessions.get(&key).map_err(StoreFailure::from)?,
                who,
                "conversation",
            )
            .unwrap_or_default(),
            schedule: readable(
                self.schedules.get(&key).map_err(StoreFailure::from)?,
                who,
                "schedule",
            ),
        })
    }

    fn save(&self, who: &Who, change: &Change) -> Result<(), StoreError> {
        let key = keys::person(who);
        let user = change
            .user
            .as_ref()
            .map(encode)
            .transpose()
            .map_err(StoreFailure::from)?;
        let session = encode(&change.session).map_err(StoreFailure::from)?;
        let new_entry = match &change.journal {
            Some(entry) => {
                let sequence = self.db.generate_id().map_err(StoreFailure::from)?;
                let entry_key = keys::journal_entry(who, entry.at, sequence);
                Some((entry_key, encode(entry).map_err(StoreFailure::from)?))
            }
            None => None,
        };
        let schedule = match &change.schedule {
            Some(ScheduleChange::Put(record)) => Some(Some((
                record.next_due,
                encode(record).map_err(StoreFailure::from)?,
            ))),
            Some(ScheduleChange::Remove) => Some(None),
            None => None,
        };
        let trees = (
            &self.users,
            &self.sessions,
            &self.journal,
            &self.schedules,
            &self.due,
        );
        let result = trees.transaction(|(users, sessions, journal, schedules, due)| {
            if let Some(user) = &user {
                users.insert(key.as_slice(), user.as_slice())?;
            }
            if change.session.is_empty() {
                sessions.remove(key.as_slice())?;
            } else {
                sessions.insert(key.as_slice(), session.as_slice())?;
            }
            if let Some((entry_key, entry)) = &new_entry {
                journal.insert(entry_key.as_slice(), entry.as_slice())?;
            }
            if let Some(schedule) = &schedule {
                let stored = schedules
                    .get(key.as_slice())?
                    .and_then(|bytes| decode::<ScheduleRecord>(&bytes).ok());
                if stored != change.schedule_found {
                    return Err(ConflictableTransactionError::Abort(StoreFailure::Conflict));
                }
                unindex(schedules, due, who, &key)?;
                match schedule {
                    Some((next_due, record)) => {
                        schedules.insert(key.as_slice(), record.as_slice())?;
                        if let Some(at) = next_due {
                            due.insert(keys::due(*at, who), &[])?;
                        }
                    }
                    None => {
                        schedules.remove(key.as_slice())?;
                    }
                }
            }
            Ok::<(), ConflictableTransactionError<StoreFailure>>(())
        });
        settle(result)?;
        self.durable()?;
        Ok(())
    }

    fn recent_journal(&self, who: &Who, limit: usize) -> Result<Vec<JournalEntry>, StoreError> {
        let mut entries = Vec::new();
        for item in self
            .journal
            .scan_prefix(keys::journal_prefix(who))
            .rev()
            .take(limit)
        {
            let (_, bytes) = item.map_err(StoreFailure::from)?;
            entries.push(decode::<JournalEntry>(&bytes).map_err(StoreFailure::from)?);
        }
        Ok(entries)
    }

    fn erase(&self, who: &Who) -> Result<(), StoreError> {
        let key = keys::person(who);
        let entries: Vec<sled::IVec> = self
            .journal
            .scan_prefix(keys::journal_prefix(who))
            .keys()
            .collect::<Result<_, _>>()
            .map_err(StoreFailure::from)?;
        let trees = (
            &self.users,
            &self.sessions,
            &self.journal,
            &self.schedules,
            &self.due,
            &self.deliveries,
        );
        let result = trees.transaction(|(users, sessions, journal, schedules, due, deliveries)| {
            users.remove(key.as_slice())?;
            sessions.remove(key.as_slice())?;
            for entry in &entries {
                journal.remove(entry)?;
            }
            unindex(schedules, due, who, &key)?;
            schedules.remove(key.as_slice())?;
            deliveries.remove(key.as_slice())?;
            Ok::<(), ConflictableTransactionError<StoreFailure>>(())
        });
        settle(result)?;
        self.durable()?;
        Ok(())
    }
}
