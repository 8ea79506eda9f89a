//! `openers.toml`: the first line of a scheduled check-in ping.

use super::source::{ContentError, Source};
use super::text::{Id, Text};
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Openers {
    #[serde(rename = "opener")]
    pub openers: Vec<Opener>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opener {
    pub id: Spanned<Id>,
    pub text: Text,
}

impl Openers {
    pub fn validate(&self, source: &Source) -> Vec<ContentError> {
        let mut errors = source.duplicate_ids(self.openers.iter().map(|o| &o.id), "opener");
        if self.openers.len() < 2 {
            errors.push(source.error_in_file(
                "there must be at least two openers, so a ping never repeats the last one",
            ));
        }
        errors
    }
}
