//! `mydata export`: everything kept about a person as one JSON document
//! with a versioned schema (described in the README), for them to take
//! with them. It reads back into the same types, so nothing is left out
//! by accident when a field is added.

use super::inbound::Who;
use super::journal::JournalEntry;
use super::repository::Stored;
use super::schedule::record::ScheduleRecord;
use super::session::Session;
use super::user::User;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The schema this version writes; a reader checks it before anything else.
pub const SCHEMA: &str = "securebase-export/1";
pub const MEDIA_TYPE: &str = "application/json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub schema: String,
    pub exported_at: DateTime<Utc>,
    /// The platform and the id it knows the person by.
    pub who: Who,
    /// Consent, region, timezone and quiet hours; `null` before the
    /// consent question was answered.
    pub profile: Option<User>,
    /// The check-in ping schedule, when they set one.
    pub schedule: Option<ScheduleRecord>,
    /// The exercise in progress and those set aside, with what they wrote so far.
    pub exercises: Session,
    /// Every journal entry, oldest first.
    pub journal: Vec<JournalEntry>,
}

impl Export {
    /// The export of `stored` and the whole journal, `newest_first` as the
    /// repository gives it.
    pub fn new(
        who: &Who,
        stored: Stored,
        mut newest_first: Vec<JournalEntry>,
        now: DateTime<Utc>,
    ) -> Export {
        newest_first.reverse();
        Export {
            schema: SCHEMA.to_string(),
            exported_at: now,
            who: who.clone(),
            profile: stored.user,
            schedule: stored.schedule,
            exercises: stored.session,
            journal: newest_first,
        }
    }

    /// The file's name: the service, the platform and the day.
    pub fn file_name(&self) -> String {
        format!(
            "securebase-export-{}-{}.json",
            self.who.platform.as_str(),
            self.exported_at.format("%Y-%m-%d")
        )
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("an export is plain data and always encodes")
    }
}
