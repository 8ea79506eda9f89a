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
    pub fn opener(&self, id: &str) -> Option<&Opener> {
        self.openers.iter().find(|o| &**o.id.get_ref() == id)
    }

    /// Any opener but `last`, so a person never gets the same one twice in a row.
    pub fn any_but(&self, last: Option<&str>) -> Option<&Opener> {
        let fresh: Vec<&Opener> = self
            .openers
            .iter()
            .filter(|o| Some(&**o.id.get_ref()) != last)
            .collect();
        (!fresh.is_empty()).then(|| fresh[fastrand::usize(..fresh.len())])
    }

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
