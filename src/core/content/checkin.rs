//! `checkin.toml`: the mood scale, the emotion words offered, and the replies
//! that fit each mood.

use super::source::{ContentError, Source};
use super::text::{Id, Text};
use serde::Deserialize;
use toml::Spanned;

/// The mood scale runs from 1 (very low) to 5 (good).
pub const MOODS: std::ops::RangeInclusive<u8> = 1..=5;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkin {
    #[serde(rename = "mood")]
    pub moods: Vec<Mood>,
    #[serde(rename = "emotion")]
    pub emotions: Vec<Emotion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mood {
    pub value: Spanned<u8>,
    pub label: Text,
    /// Replies that fit this mood; one is chosen at random.
    pub replies: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emotion {
    pub id: Spanned<Id>,
    pub label: Text,
}

impl Checkin {
    pub fn validate(&self, source: &Source) -> Vec<ContentError> {
        let mut errors = source.duplicate_ids(self.emotions.iter().map(|e| &e.id), "emotion");
        for mood in &self.moods {
            if !MOODS.contains(mood.value.get_ref()) {
                errors.push(source.error_at(mood.value.span(), "a mood value is 1 to 5"));
            } else if self
                .moods
                .iter()
                .filter(|m| m.value.get_ref() == mood.value.get_ref())
                .count()
                > 1
            {
                errors.push(source.error_at(mood.value.span(), "this mood value is used twice"));
            }
            if mood.replies.is_empty() {
                errors.push(source.error_at(mood.value.span(), "a mood needs at least one reply"));
            }
        }
        for value in MOODS {
            if !self.moods.iter().any(|m| *m.value.get_ref() == value) {
                errors.push(
                    source.error_in_file(format!("there is no [[mood]] with value = {value}")),
                );
            }
        }
        if self.emotions.is_empty() {
            errors.push(source.error_in_file("there are no [[emotion]] words"));
        }
        errors
    }

    pub fn mood(&self, value: u8) -> Option<&Mood> {
        self.moods.iter().find(|m| *m.value.get_ref() == value)
    }

    pub fn emotion(&self, id: &str) -> Option<&Emotion> {
        self.emotions.iter().find(|e| &**e.id.get_ref() == id)
    }
}
