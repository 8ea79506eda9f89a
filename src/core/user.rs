//! What the bot remembers about a person between conversations.

use super::schedule::quiet::QuietHours;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A person's profile. It exists once they have answered the consent question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Whether they agreed to a journal. Without it nothing they write is kept.
    pub journal_consent: bool,
    /// Their region code for crisis lines, when they set one.
    pub region: Option<String>,
    /// Their IANA timezone, when they set one.
    pub timezone: Option<String>,
    /// Hours in which no ping may come.
    #[serde(default)]
    pub quiet: Option<QuietHours>,
    pub since: DateTime<Utc>,
    /// Reflection prompts already shown, by theme, so none repeats until a theme is used up.
    pub prompts_seen: BTreeMap<String, Vec<String>>,
    /// The theme of the last reflection, so "surprise me" moves on to the next one.
    pub last_theme: Option<String>,
    /// How many days their journal is kept; `None` keeps it until they delete it.
    #[serde(default)]
    pub keep_journal_days: Option<u32>,
}

impl User {
    /// Their timezone, UTC until they set one.
    pub fn zone(&self) -> Tz {
        self.timezone
            .as_deref()
            .and_then(|zone| zone.parse().ok())
            .unwrap_or(Tz::UTC)
    }

    pub fn new(journal_consent: bool, since: DateTime<Utc>) -> User {
        User {
            journal_consent,
            region: None,
            timezone: None,
            quiet: None,
            since,
            prompts_seen: BTreeMap::new(),
            last_theme: None,
            keep_journal_days: None,
        }
    }
}
