//! `patterns.toml`: the thinking-pattern cards of the thought record.

use super::source::{ContentError, Source};
use super::text::{Id, Text};
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    #[serde(rename = "pattern")]
    pub cards: Vec<Card>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub id: Spanned<Id>,
    pub name: Text,
    pub description: Text,
    pub example: Text,
    pub question: Text,
}

impl Patterns {
    pub fn validate(&self, source: &Source) -> Vec<ContentError> {
        let mut errors = source.duplicate_ids(self.cards.iter().map(|c| &c.id), "pattern");
        if self.cards.is_empty() {
            errors.push(source.error_in_file("there are no [[pattern]] cards"));
        }
        errors
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| &**c.id.get_ref() == id)
    }
}
