//! The port through which the engine keeps people, conversations and
//! journals. `store` implements it on sled; the engine knows only this.

use super::inbound::Who;
use super::journal::JournalEntry;
use super::schedule::record::{ScheduleChange, ScheduleRecord};
use super::session::Session;
use super::user::User;
use chrono::{DateTime, Utc};

/// Why the repository could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The schedule changed since the turn read it (the scheduler claimed a
    /// slot meanwhile); nothing was written, and the turn can run again.
    #[error("the schedule changed while the turn ran")]
    Conflict,
    /// A storage failure, described for the operator's log.
    #[error("storage failed: {0}")]
    Failed(String),
}

/// What is kept about one person.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    /// `None` until they have answered the consent question.
    pub user: Option<User>,
    pub session: Session,
    /// Their check-in ping schedule, when they opted in.
    pub schedule: Option<ScheduleRecord>,
}

/// Everything one conversation turn changes, written together.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The profile, when the turn changed it.
    pub user: Option<User>,
    pub session: Session,
    /// A journal entry to add; the engine only sets it with consent.
    pub journal: Option<JournalEntry>,
    /// Journal entries from before this moment are erased.
    pub forget_journal_before: Option<DateTime<Utc>>,
    /// The schedule, changed; the store keeps its due index in step.
    pub schedule: Option<ScheduleChange>,
    /// The schedule as the turn found it. A schedule change is written only
    /// while the stored schedule is still this; otherwise `Conflict`.
    pub schedule_found: Option<ScheduleRecord>,
}

pub trait Repository: Send + Sync {
    fn load(&self, who: &Who) -> Result<Stored, StoreError>;

    /// Writes every part of `change` in one transaction and makes it durable
    /// before returning, so "saved" is never said of something that is not.
    fn save(&self, who: &Who, change: &Change) -> Result<(), StoreError>;

    /// The newest journal entries, newest first.
    fn recent_journal(&self, who: &Who, limit: usize) -> Result<Vec<JournalEntry>, StoreError>;

    /// The journal entries from `since` on, oldest first.
    fn journal_since(
        &self,
        who: &Who,
        since: DateTime<Utc>,
    ) -> Result<Vec<JournalEntry>, StoreError>;

    /// Removes everything kept about the person, in one transaction, durably.
    fn erase(&self, who: &Who) -> Result<(), StoreError>;
}
