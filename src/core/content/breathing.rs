//! `breathing.toml`: paced breathing patterns, their phases and rounds.

use super::source::{ContentError, Source};
use super::text::{Id, Text};
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breathing {
    pub intro: Text,
    #[serde(rename = "pattern")]
    pub patterns: Vec<BreathPattern>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreathPattern {
    pub id: Spanned<Id>,
    pub name: Text,
    pub about: Text,
    pub rounds: Spanned<u8>,
    #[serde(rename = "phase")]
    pub phases: Vec<Phase>,
}

/// One part of a breath: "Breathe in", held for `seconds`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub label: Text,
    pub seconds: Spanned<u8>,
}

impl Breathing {
    pub fn validate(&self, source: &Source) -> Vec<ContentError> {
        let mut errors = source.duplicate_ids(self.patterns.iter().map(|p| &p.id), "pattern");
        for pattern in &self.patterns {
            if !(1..=10).contains(pattern.rounds.get_ref()) {
                errors.push(source.error_at(pattern.rounds.span(), "rounds must be 1 to 10"));
            }
            if pattern.phases.is_empty() {
                errors.push(source.error_at(
                    pattern.id.span(),
                    "a pattern needs at least one [[pattern.phase]]",
                ));
            }
            for phase in &pattern.phases {
                if !(1..=20).contains(phase.seconds.get_ref()) {
                    errors.push(source.error_at(phase.seconds.span(), "seconds must be 1 to 20"));
                }
            }
        }
        if self.patterns.is_empty() {
            errors.push(source.error_in_file("there are no [[pattern]] tables"));
        }
        errors
    }

    pub fn pattern(&self, id: &str) -> Option<&BreathPattern> {
        self.patterns.iter().find(|p| &**p.id.get_ref() == id)
    }
}
