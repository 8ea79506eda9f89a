//! `selfcheck.toml`: our own non-diagnostic 0–10 reflection questions, each
//! with a neutral mirror of the answer and an exercise that may help.

use super::source::{ContentError, Source};
use super::text::{Id, Text};
use serde::{Deserialize, Deserializer, de};
use toml::Spanned;

/// How many questions a self-check asks.
pub const QUESTIONS: std::ops::RangeInclusive<usize> = 5..=8;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfCheck {
    pub intro: Text,
    #[serde(rename = "question")]
    pub questions: Vec<Question>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: Spanned<Id>,
    pub text: Text,
    pub low: Text,
    pub high: Text,
    pub reflect: Spanned<Text>,
    pub suggest: Spanned<Suggestion>,
    /// A higher answer is a strength here (e.g. settling yourself), so the
    /// suggestion fits a low answer instead of a high one.
    #[serde(default)]
    pub strength: bool,
}

/// An exercise a self-check answer points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    Reframe,
    Breathe,
    Checkin,
    Reflect(Id),
}

impl<'de> Deserialize<'de> for Suggestion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        match value.as_str() {
            "reframe" => Ok(Suggestion::Reframe),
            "breathe" => Ok(Suggestion::Breathe),
            "checkin" => Ok(Suggestion::Checkin),
            other => match other.strip_prefix("reflect:") {
                Some(theme) => Id::deserialize(de::value::StrDeserializer::<D::Error>::new(theme))
                    .map(Suggestion::Reflect),
                None => Err(de::Error::custom(format!(
                    "`{other}` is not an exercise: use reframe, breathe, checkin or reflect:<theme>"
                ))),
            },
        }
    }
}

impl Question {
    /// Whether this answer is one the suggestion is meant for.
    pub fn suggests_for(&self, answer: u8) -> bool {
        if self.strength {
            answer <= 4
        } else {
            answer >= 6
        }
    }
}

impl SelfCheck {
    pub fn validate(
        &self,
        source: &Source,
        theme_exists: impl Fn(&str) -> bool,
    ) -> Vec<ContentError> {
        let mut errors = source.duplicate_ids(self.questions.iter().map(|q| &q.id), "question");
        if !QUESTIONS.contains(&self.questions.len()) {
            errors.push(source.error_in_file(format!(
                "a self-check has {} to {} questions; this file has {}",
                QUESTIONS.start(),
                QUESTIONS.end(),
                self.questions.len()
            )));
        }
        for question in &self.questions {
            if !question.reflect.get_ref().has_placeholder("answer") {
                errors.push(
                    source.error_at(question.reflect.span(), "reflect must contain {answer}"),
                );
            }
            if let Suggestion::Reflect(theme) = question.suggest.get_ref()
                && !theme_exists(theme)
            {
                errors.push(source.error_at(
                    question.suggest.span(),
                    format!("no reflection theme has the id `{theme}`"),
                ));
            }
        }
        errors
    }
}
