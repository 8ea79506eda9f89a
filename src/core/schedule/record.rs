//! The record kept for each person who opted into check-in pings: their
//! rule, zone and quiet hours, the next slot due, and what the runner needs
//! to be kind (the last opener, a ping that could not be delivered).

use super::next::next_slot;
use super::quiet::QuietHours;
use super::rule::Rule;
use crate::core::inbound::Who;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleRecord {
    pub who: Who,
    pub rule: Rule,
    /// The IANA name of the person's timezone.
    pub zone: String,
    pub quiet: Option<QuietHours>,
    /// The next slot to deliver; the due index holds the same instant.
    /// `None` when the rule has no slot left (all inside quiet hours).
    pub next_due: Option<DateTime<Utc>>,
    pub paused_until: Option<DateTime<Utc>>,
    /// The opener of the last ping, so the next one differs.
    pub last_opener: Option<String>,
    /// A slot whose ping could not be delivered, to tell the person next time.
    pub missed: Option<DateTime<Utc>>,
    /// The slot of the last ping claimed for delivery, so a snooze answers it.
    #[serde(default)]
    pub last_ping: Option<DateTime<Utc>>,
    /// Whether a ping brings a look back over the week, once a week (off
    /// unless the person turns it on).
    #[serde(default)]
    pub weekly_summary: bool,
    /// When the last weekly summary was delivered.
    #[serde(default)]
    pub last_summary: Option<DateTime<Utc>>,
}

/// A change to a person's schedule, written with the rest of a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleChange {
    Put(ScheduleRecord),
    Remove,
}

impl ScheduleRecord {
    pub fn zone(&self) -> Tz {
        self.zone.parse().unwrap_or(Tz::UTC)
    }

    /// The first slot after `after` that is not paused.
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let from = self.paused_until.map_or(after, |until| until.max(after));
        next_slot(&self.rule, self.zone(), self.quiet, from)
    }
}
