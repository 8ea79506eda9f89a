//! Insights: a kind look back over the last 7, 30 or 90 days of a journal.
//! Mood over time (a sparkline in the text and a PNG chart attached), the
//! feelings named most often, thought records and how much feelings eased
//! from before to after, and reflections written. Gaps are never counted
//! against anyone: only what is there is described.

pub mod chart;
pub mod reply;
pub mod sparkline;

use super::journal::{Entry, JournalEntry};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// The windows a person can ask for, in days; the first is the default.
pub const WINDOWS: [u32; 3] = [30, 7, 90];

/// How many named feelings are shown.
const TOP_FEELINGS: usize = 3;

/// Where a window of `days` ending `now` begins: entries after it are in.
pub fn window_start(days: u32, now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(i64::from(days))
}

/// What the journal shows over one window.
#[derive(Debug, Clone, PartialEq)]
pub struct Insights {
    pub days: u32,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Each check-in's time and mood (1–5), oldest first.
    pub moods: Vec<(DateTime<Utc>, u8)>,
    /// The feelings named most often in check-ins and thought records, with
    /// how often; most often first, ties by name.
    pub top_feelings: Vec<(String, usize)>,
    pub thought_records: usize,
    /// The average fall in a feeling's strength (0–100) from before a
    /// thought record to after it, over feelings rated both times.
    pub average_easing: Option<f64>,
    pub reflections: usize,
    pub self_checks: usize,
}

impl Insights {
    /// Reads the entries of the `days` before `now` (any order).
    pub fn gather(entries: &[JournalEntry], days: u32, now: DateTime<Utc>) -> Insights {
        let from = window_start(days, now);
        let mut within: Vec<&JournalEntry> = entries
            .iter()
            .filter(|entry| entry.at > from && entry.at <= now)
            .collect();
        within.sort_by_key(|entry| entry.at);
        let mut insights = Insights {
            days,
            from,
            to: now,
            moods: Vec::new(),
            top_feelings: Vec::new(),
            thought_records: 0,
            average_easing: None,
            reflections: 0,
            self_checks: 0,
        };
        let mut named: HashMap<&str, usize> = HashMap::new();
        let mut easings = Vec::new();
        for entry in within {
            match &entry.entry {
                Entry::CheckIn { mood, emotions, .. } => {
                    insights.moods.push((entry.at, *mood));
                    for emotion in emotions {
                        *named.entry(emotion).or_default() += 1;
                    }
                }
                Entry::ThoughtRecord(record) => {
                    insights.thought_records += 1;
                    for before in &record.feelings_before {
                        *named.entry(&before.name).or_default() += 1;
                        if let Some(after) = record
                            .feelings_after
                            .iter()
                            .find(|after| after.name == before.name)
                        {
                            easings.push(f64::from(before.rating) - f64::from(after.rating));
                        }
                    }
                }
                Entry::Reflection { .. } => insights.reflections += 1,
                Entry::SelfCheck { .. } => insights.self_checks += 1,
            }
        }
        let mut named: Vec<(String, usize)> = named
            .into_iter()
            .map(|(name, count)| (name.to_string(), count))
            .collect();
        named.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        named.truncate(TOP_FEELINGS);
        insights.top_feelings = named;
        insights.average_easing =
            (!easings.is_empty()).then(|| easings.iter().sum::<f64>() / easings.len() as f64);
        insights
    }

    /// Whether the window holds anything to look back on.
    pub fn is_empty(&self) -> bool {
        self.moods.is_empty()
            && self.thought_records == 0
            && self.reflections == 0
            && self.self_checks == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::journal::{Rated, ThoughtRecord};

    fn at(days_ago: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T20:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            - Duration::days(days_ago)
    }

    fn checkin(days_ago: i64, mood: u8, emotions: &[&str]) -> JournalEntry {
        JournalEntry {
            at: at(days_ago),
            entry: Entry::CheckIn {
                mood,
                emotions: emotions.iter().map(|e| e.to_string()).collect(),
                note: None,
            },
        }
    }

    fn rated(name: &str, rating: u8) -> Rated {
        Rated {
            name: name.into(),
            rating,
        }
    }

    #[test]
    fn a_window_counts_only_its_own_entries_and_averages_the_easing() {
        let record = ThoughtRecord {
            situation: "No reply".into(),
            feelings_before: vec![rated("Anxious", 80), rated("Lonely", 60)],
            hot_thought: "He is losing interest".into(),
            hot_belief: 80,
            patterns: Vec::new(),
            evidence_for: None,
            evidence_against: None,
            balanced_thought: "He is busy".into(),
            balanced_belief: 60,
            feelings_after: vec![rated("Anxious", 50), rated("Lonely", 40)],
            experiment: None,
        };
        let entries = vec![
            checkin(40, 1, &["Anxious"]),
            checkin(20, 2, &["Anxious", "Lonely"]),
            checkin(1, 4, &["Calm"]),
            JournalEntry {
                at: at(3),
                entry: Entry::ThoughtRecord(record),
            },
        ];
        let insights = Insights::gather(&entries, 30, at(0));
        assert_eq!(
            insights.moods.iter().map(|m| m.1).collect::<Vec<_>>(),
            [2, 4]
        );
        assert_eq!(
            insights.top_feelings,
            [
                ("Anxious".to_string(), 2),
                ("Lonely".to_string(), 2),
                ("Calm".to_string(), 1)
            ]
        );
        assert_eq!(insights.thought_records, 1);
        assert_eq!(insights.average_easing, Some(25.0));
        assert!(!insights.is_empty());
        assert!(Insights::gather(&entries, 7, at(-100)).is_empty());
    }
}
