//! The two string kinds content is made of: `Text` (non-empty wording that may
//! hold `{placeholders}`) and `Id` (a stable lowercase identifier). Both check
//! themselves while the TOML is read, so a bad value is reported at its line.

use serde::{Deserialize, Deserializer, de};
use std::fmt;
use std::ops::Deref;

/// Non-empty wording from `prompts/`. `{name}` marks a value filled in by [`Text::fill`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(String);

impl Text {
    /// The wording with each `{name}` replaced by its value.
    pub fn fill(&self, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.0.clone(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
    }

    /// Whether the wording mentions the placeholder `{name}`.
    pub fn has_placeholder(&self, name: &str) -> bool {
        self.0.contains(&format!("{{{name}}}"))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.trim().is_empty() {
            return Err(de::Error::custom("this text is empty"));
        }
        Ok(Text(text.trim().to_string()))
    }
}

/// A stable identifier: lowercase ASCII letters, digits, `_`, and `.` between parts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(String);

impl Id {
    fn is_valid(id: &str) -> bool {
        !id.is_empty()
            && id.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            })
    }
}

impl Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        if Id::is_valid(&id) {
            Ok(Id(id))
        } else {
            Err(de::Error::custom(format!(
                "`{id}` is not a valid id: use lowercase letters, digits and `_`, with `.` between parts"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_placeholder() {
        let text = Text("{a} and {b}, {a}".into());
        assert_eq!(text.fill(&[("a", "x"), ("b", "y")]), "x and y, x");
    }

    #[test]
    fn ids_are_lowercase_words_joined_by_dots() {
        assert!(Id::is_valid("self_awareness.first_sign2"));
        assert!(!Id::is_valid("Self"));
        assert!(!Id::is_valid("a..b"));
        assert!(!Id::is_valid(""));
        assert!(!Id::is_valid("a-b"));
    }
}
