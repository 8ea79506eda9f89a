//! The content library: everything the bot says, loaded from `prompts/` and
//! validated once at start-up. A bad file is reported as `file:line: problem`.

pub mod breathing;
pub mod checkin;
pub mod crisis;
pub mod messages;
pub mod openers;
pub mod patterns;
pub mod reflections;
pub mod selfcheck;
pub mod source;
pub mod text;

use breathing::Breathing;
use checkin::Checkin;
use crisis::Crisis;
use messages::Messages;
use openers::Openers;
use patterns::Patterns;
use reflections::Reflections;
use selfcheck::SelfCheck;
use source::{ContentError, ContentErrors, Source};
use std::path::Path;

/// All reviewed content, ready to use.
#[derive(Debug)]
pub struct Content {
    pub messages: Messages,
    pub checkin: Checkin,
    pub reflections: Reflections,
    pub patterns: Patterns,
    pub breathing: Breathing,
    pub selfcheck: SelfCheck,
    pub openers: Openers,
    pub crisis: Crisis,
}

impl Content {
    /// Loads and validates every content file in `dir`, reporting all problems found.
    pub fn load(dir: &Path) -> Result<Content, ContentErrors> {
        let mut errors = Vec::new();
        let messages = parse(dir, "messages.toml", &mut errors, Messages::validate);
        let checkin = parse(dir, "checkin.toml", &mut errors, Checkin::validate);
        let reflections = parse(dir, "reflections.toml", &mut errors, Reflections::validate);
        let patterns = parse(dir, "patterns.toml", &mut errors, Patterns::validate);
        let breathing = parse(dir, "breathing.toml", &mut errors, Breathing::validate);
        let openers = parse(dir, "openers.toml", &mut errors, Openers::validate);
        let crisis = parse(dir, "crisis.toml", &mut errors, Crisis::validate);
        let selfcheck = parse(
            dir,
            "selfcheck.toml",
            &mut errors,
            |selfcheck: &SelfCheck, source| {
                selfcheck.validate(source, |theme| {
                    reflections
                        .as_ref()
                        .is_none_or(|r| r.theme(theme).is_some())
                })
            },
        );
        let content = || {
            Some(Content {
                messages: messages?,
                checkin: checkin?,
                reflections: reflections?,
                patterns: patterns?,
                breathing: breathing?,
                selfcheck: selfcheck?,
                openers: openers?,
                crisis: crisis?,
            })
        };
        match content() {
            Some(content) if errors.is_empty() => Ok(content),
            _ => Err(ContentErrors(errors)),
        }
    }
}

/// Reads and parses one file, then runs its own checks; problems go to `errors`.
fn parse<T: serde::de::DeserializeOwned>(
    dir: &Path,
    name: &str,
    errors: &mut Vec<ContentError>,
    validate: impl Fn(&T, &Source) -> Vec<ContentError>,
) -> Option<T> {
    let source = match Source::read(dir, name) {
        Ok(source) => source,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    match source.parse::<T>() {
        Ok(value) => {
            errors.extend(validate(&value, &source));
            Some(value)
        }
        Err(error) => {
            errors.push(error);
            None
        }
    }
}
