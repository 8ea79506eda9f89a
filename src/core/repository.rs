//! The port through which the engine keeps people, conversations and
//! journals. `store` implements it on sled; the engine knows only this.

use super::inbound::Who;
use super::journal::JournalEntry;
use super::session::Session;
use super::user::User;

/// A storage failure, described for the operator's log.
#[derive(Debug, thiserror::Error)]
#[error("storage failed: {0}")]
pub struct StoreError(pub String);

/// What is kept about one person.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    /// `None` until they have answered the consent question.
    pub user: Option<User>,
    pub session: Session,
}

/// Everything one conversation turn changes, written together.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The profile, when the turn changed it.
    pub user: Option<User>,
    pub session: Session,
    /// A journal entry to add; the engine only sets it with consent.
    pub journal: Option<JournalEntry>,
}

pub trait Repository: Send + Sync {
    fn load(&self, who: &Who) -> Result<Stored, StoreError>;

    /// Writes every part of `change` in one transaction and makes it durable
    /// before returning, so "saved" is never said of something that is not.
    fn save(&self, who: &Who, change: &Change) -> Result<(), StoreError>;

    /// The newest journal entries, newest first.
    fn recent_journal(&self, who: &Who, limit: usize) -> Result<Vec<JournalEntry>, StoreError>;

    /// Removes everything kept about the person, in one transaction, durably.
    fn erase(&self, who: &Who) -> Result<(), StoreError>;
}
