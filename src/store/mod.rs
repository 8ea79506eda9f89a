//! The sled store: people, their running conversations and their journals,
//! in one database directory. Every change of a turn is one transaction and
//! is flushed to disk before the engine tells the person anything is kept.
//! Every record is sealed with its person's data key, and every key names a
//! person only by their keyed hash (see `vault`, `sealed` and `keyring`).

mod appended;
pub mod codec;
mod data_keys;
pub mod due;
mod import;
pub mod keyring;
pub mod keys;
mod retention;
pub mod schema;
pub mod sealed;
mod unsealed;
pub mod vault;

use crate::core::inbound::Who;
use crate::core::journal::JournalEntry;
use crate::core::repository::{Change, Repository, StoreError, Stored};
use crate::core::schedule::record::{ScheduleChange, ScheduleRecord};
use chrono::{DateTime, Utc};
use keyring::Keyring;
use sealed::{DataKey, SealError};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use std::path::Path;
use vault::{KeyFailure, KeySource, PersonKey, StoreKey, Vault};

/// sled's page cache. Its default (1 GiB) would let a large store take
/// memory a small bot does not need; hot records are few (sessions of people
/// talking now, the head of the due index).
const CACHE_BYTES: u64 = 16 * 1024 * 1024;

/// How often, and how far apart, a locked directory is tried again.
const LOCK_TRIES: u32 = 40;
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// The names of the trees that hold a person's records; each is also bound
/// into the seal of the records it holds.
const USERS: &str = "users";
const SESSIONS: &str = "sessions";
const JOURNAL: &str = "journal";
const SCHEDULES: &str = "schedules";
const DELIVERIES: &str = "deliveries";

/// The meta record that recognises the master key.
const KEY_CHECK: &[u8] = b"key_check";

/// Why the store could not be opened or used.
#[derive(Debug, thiserror::Error)]
pub enum StoreFailure {
    #[error("the database failed: {0}")]
    Database(#[from] sled::Error),
    #[error("{0}")]
    Codec(#[from] codec::CodecError),
    #[error("{0}")]
    Sealed(#[from] SealError),
    #[error("{0}")]
    Key(#[from] KeyFailure),
    #[error("the keyring failed: {0}")]
    Keyring(#[from] std::io::Error),
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
    vault: Vault,
    /// Every person's wrapped data key, outside the log-structured database.
    keyring: Keyring,
    /// Held while a data key is made, so one person never gets two.
    key_creation: std::sync::Mutex<()>,
    users: sled::Tree,
    sessions: sled::Tree,
    journal: sled::Tree,
    /// Each opted-in person's schedule record.
    schedules: sled::Tree,
    /// The due index: (slot, person) → nothing; one entry per schedule.
    due: sled::Tree,
    /// Pings claimed for delivery and not yet confirmed.
    deliveries: sled::Tree,
    /// Person → how many days their journal is kept, for those who chose.
    retention: sled::Tree,
}

impl Store {
    /// Opens (or creates) the database in `dir`, sealed under the key from
    /// `key`. A wrong key is refused before anything is read or written. A
    /// directory still locked by a closing instance (sled releases its lock
    /// from a background thread) is tried again for a moment; one in use by
    /// a running instance is an error that says so.
    pub fn open(dir: &Path, key: KeySource) -> Result<Store, StoreFailure> {
        let mut tries = 0;
        loop {
            match sled::Config::new()
                .path(dir)
                .cache_capacity(CACHE_BYTES)
                .open()
            {
                Ok(db) => return Store::with_db(db, key, Some(&dir.join("keyring"))),
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
        Store::with_db(
            sled::Config::new().temporary(true).open()?,
            KeySource::Given(StoreKey::generate()),
            None,
        )
    }

    /// The store over `db`, with its keyring at `keyring` (upgraded first
    /// when the directory is from schema 2), or in an unnamed file.
    fn with_db(
        db: sled::Db,
        key: KeySource,
        keyring: Option<&Path>,
    ) -> Result<Store, StoreFailure> {
        let meta = db.open_tree("meta")?;
        let found = schema::found(&meta)?;
        let check = meta.get(KEY_CHECK)?;
        let keyed = check.is_some();
        let vault = Vault::new(&key.resolve(keyed)?);
        if check.is_some_and(|check| !vault.recognises(&check)) {
            return Err(KeyFailure::Wrong.into());
        }
        let keyring = match keyring {
            Some(path) => {
                if found == 2 {
                    appended::upgrade(path, &db, &vault)?;
                }
                Keyring::open(path, keyed)?
            }
            None => Keyring::temporary()?,
        };
        let store = Store {
            keyring,
            vault,
            key_creation: std::sync::Mutex::new(()),
            users: db.open_tree(USERS)?,
            sessions: db.open_tree(SESSIONS)?,
            journal: db.open_tree(JOURNAL)?,
            schedules: db.open_tree(SCHEDULES)?,
            due: db.open_tree("due")?,
            deliveries: db.open_tree(DELIVERIES)?,
            retention: db.open_tree("retention")?,
            db,
        };
        if !keyed {
            meta.insert(KEY_CHECK, store.vault.check_record())?;
        }
        schema::upgrade(&store, &meta, found)?;
        Ok(store)
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

    /// The name a person has in this database's keys: a keyed hash of their
    /// platform and id.
    pub fn person_key(&self, who: &Who) -> PersonKey {
        self.vault.person(who)
    }

    /// Opens the person's journal entries `items`, in their order. A damaged
    /// one is logged and left out.
    fn open_entries(
        &self,
        person: &PersonKey,
        items: impl Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>,
    ) -> Result<Vec<JournalEntry>, StoreFailure> {
        let Some(key) = self.data_key(person)? else {
            return Ok(Vec::new());
        };
        let mut entries = Vec::new();
        for item in items {
            let (entry_key, bytes) = item?;
            match key.open::<JournalEntry>(JOURNAL, &entry_key, &bytes) {
                Ok(entry) => entries.push(entry),
                Err(error) => tracing::error!(%error, "a damaged journal entry is left out"),
            }
        }
        Ok(entries)
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
    key: &DataKey,
    tree: &str,
    person: &PersonKey,
    bytes: Option<sled::IVec>,
    what: &str,
) -> Option<T> {
    match key.open(tree, person, &bytes?) {
        Ok(value) => Some(value),
        Err(error) => {
            tracing::error!(%error, "a damaged {what} record is set aside; the person starts it over");
            None
        }
    }
}

/// Removes the due-index entry of a person's current schedule, if any (a
/// damaged record's entry is left for the runner to drop as stale).
fn unindex(
    schedules: &TransactionalTree,
    due: &TransactionalTree,
    key: &DataKey,
    person: &PersonKey,
) -> Result<(), ConflictableTransactionError<StoreFailure>> {
    if let Some(entry) = schedules
        .get(person)?
        .and_then(|bytes| due_entry(key, person, &bytes))
    {
        due.remove(entry)?;
    }
    Ok(())
}

/// The due-index key of a person's sealed schedule record, when it can be
/// read and has a next slot.
fn due_entry(key: &DataKey, person: &PersonKey, sealed: &[u8]) -> Option<Vec<u8>> {
    let record: ScheduleRecord = key.open(SCHEDULES, person, sealed).ok()?;
    Some(keys::due(record.next_due?, person))
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
        let person = self.vault.person(who);
        let Some(key) = self.data_key(&person)? else {
            return Ok(Stored::default());
        };
        let get = |tree: &sled::Tree| tree.get(person).map_err(StoreFailure::from);
        Ok(Stored {
            user: readable(&key, USERS, &person, get(&self.users)?, "profile"),
            session: readable(
                &key,
                SESSIONS,
                &person,
                get(&self.sessions)?,
                "conversation",
            )
            .unwrap_or_default(),
            schedule: readable(&key, SCHEDULES, &person, get(&self.schedules)?, "schedule"),
        })
    }

    fn save(&self, who: &Who, change: &Change) -> Result<(), StoreError> {
        let person = self.vault.person(who);
        let key = self.data_key_or_new(&person)?;
        let user = change
            .user
            .as_ref()
            .map(|user| key.seal(USERS, &person, user))
            .transpose()
            .map_err(StoreFailure::from)?;
        let session = key
            .seal(SESSIONS, &person, &change.session)
            .map_err(StoreFailure::from)?;
        let new_entry = match &change.journal {
            Some(entry) => {
                let sequence = self.db.generate_id().map_err(StoreFailure::from)?;
                let entry_key = keys::journal_entry(&person, entry.at, sequence);
                let sealed = key
                    .seal(JOURNAL, &entry_key, entry)
                    .map_err(StoreFailure::from)?;
                Some((entry_key, sealed))
            }
            None => None,
        };
        let forgotten = match change.forget_journal_before {
            Some(before) => self.journal_before(&person, before)?,
            None => Vec::new(),
        };
        let keep_days = change.user.as_ref().map(|user| user.keep_journal_days);
        let schedule = match &change.schedule {
            Some(ScheduleChange::Put(record)) => Some(Some((
                record.next_due,
                key.seal(SCHEDULES, &person, record)
                    .map_err(StoreFailure::from)?,
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
            &self.retention,
        );
        let result = trees.transaction(|(users, sessions, journal, schedules, due, retention)| {
            if let Some(user) = &user {
                users.insert(&person, user.as_slice())?;
            }
            match keep_days {
                Some(Some(days)) => {
                    retention.insert(&person, &days.to_be_bytes())?;
                }
                Some(None) => {
                    retention.remove(&person)?;
                }
                None => {}
            }
            for entry in &forgotten {
                journal.remove(entry)?;
            }
            if change.session.is_empty() {
                sessions.remove(&person)?;
            } else {
                sessions.insert(&person, session.as_slice())?;
            }
            if let Some((entry_key, entry)) = &new_entry {
                journal.insert(entry_key.as_slice(), entry.as_slice())?;
            }
            if let Some(schedule) = &schedule {
                let stored = schedules
                    .get(person)?
                    .and_then(|bytes| key.open::<ScheduleRecord>(SCHEDULES, &person, &bytes).ok());
                if stored != change.schedule_found {
                    return Err(ConflictableTransactionError::Abort(StoreFailure::Conflict));
                }
                unindex(schedules, due, &key, &person)?;
                match schedule {
                    Some((next_due, record)) => {
                        schedules.insert(&person, record.as_slice())?;
                        if let Some(at) = next_due {
                            due.insert(keys::due(*at, &person), &[])?;
                        }
                    }
                    None => {
                        schedules.remove(&person)?;
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
        let person = self.vault.person(who);
        let entries = self.journal.scan_prefix(person).rev();
        Ok(self.open_entries(&person, entries.take(limit))?)
    }

    fn journal_since(
        &self,
        who: &Who,
        since: DateTime<Utc>,
    ) -> Result<Vec<JournalEntry>, StoreError> {
        let person = self.vault.person(who);
        let entries = self
            .journal
            .range(keys::journal_entry(&person, since, 0)..)
            .take_while(|item| {
                item.as_ref()
                    .map_or(true, |(key, _)| key.starts_with(&person))
            });
        Ok(self.open_entries(&person, entries)?)
    }

    /// Destroys the person's data key first, so every copy of their records,
    /// also one sled has not compacted away yet, is unreadable from then on;
    /// then removes every record of theirs in one transaction, and flushes.
    fn erase(&self, who: &Who) -> Result<(), StoreError> {
        let person = self.vault.person(who);
        let due_entry = match self.data_key(&person)? {
            Some(key) => readable::<ScheduleRecord>(
                &key,
                SCHEDULES,
                &person,
                self.schedules.get(person).map_err(StoreFailure::from)?,
                "schedule",
            )
            .and_then(|record| record.next_due)
            .map(|at| keys::due(at, &person)),
            None => None,
        };
        self.shred(&person)?;
        let entries: Vec<sled::IVec> = self
            .journal
            .scan_prefix(person)
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
            &self.retention,
        );
        let result = trees.transaction(
            |(users, sessions, journal, schedules, due, deliveries, retention)| {
                users.remove(&person)?;
                sessions.remove(&person)?;
                for entry in &entries {
                    journal.remove(entry)?;
                }
                if let Some(due_entry) = &due_entry {
                    due.remove(due_entry.as_slice())?;
                }
                schedules.remove(&person)?;
                deliveries.remove(&person)?;
                retention.remove(&person)?;
                Ok::<(), ConflictableTransactionError<StoreFailure>>(())
            },
        );
        settle(result)?;
        self.durable()?;
        Ok(())
    }
}
