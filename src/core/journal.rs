//! Journal entries: what a person chose to keep from their exercises.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub at: DateTime<Utc>,
    pub entry: Entry,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    CheckIn {
        mood: u8,
        emotions: Vec<String>,
        note: Option<String>,
    },
    Reflection {
        theme: String,
        prompt_id: String,
        prompt: String,
        answer: String,
    },
    ThoughtRecord(ThoughtRecord),
    SelfCheck {
        answers: Vec<SelfCheckAnswer>,
        note: Option<String>,
    },
}

/// A feeling with how strong it was, 0–100.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rated {
    pub name: String,
    pub rating: u8,
}

/// A completed thought record (see shared/care.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThoughtRecord {
    pub situation: String,
    pub feelings_before: Vec<Rated>,
    pub hot_thought: String,
    pub hot_belief: u8,
    pub patterns: Vec<String>,
    pub evidence_for: Option<String>,
    pub evidence_against: Option<String>,
    pub balanced_thought: String,
    pub balanced_belief: u8,
    pub feelings_after: Vec<Rated>,
    pub experiment: Option<Experiment>,
}

/// A small behavioural experiment planned at the end of a thought record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Experiment {
    pub prediction: String,
    pub step: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfCheckAnswer {
    pub question: String,
    pub answer: u8,
}
