//! What a person sent, in the form every adapter hands it to the engine.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The chat surface a person talks to the bot on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Console,
    Discord,
    Matrix,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Console => "console",
            Platform::Discord => "discord",
            Platform::Matrix => "matrix",
        }
    }
}

/// A person, as one platform knows them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Who {
    pub platform: Platform,
    pub user_id: String,
}

impl Who {
    pub fn new(platform: Platform, user_id: impl Into<String>) -> Who {
        Who {
            platform,
            user_id: user_id.into(),
        }
    }
}

impl fmt::Display for Who {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.platform.as_str(), self.user_id)
    }
}

/// What the person did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A command the adapter recognised natively, like a Discord slash command.
    Command { name: String, args: Vec<String> },
    /// One or more options picked, by their stable ids (a button, a select menu).
    Chosen(Vec<String>),
    /// Text typed into a field that asked for free text (a Discord modal).
    Text(String),
    /// A line typed in a plain-text chat (terminal, Matrix). The engine decides
    /// whether it is a command, a choice or an answer.
    Line(String),
}

/// One event from a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbound {
    pub who: Who,
    pub input: Input,
}

impl Inbound {
    pub fn new(who: Who, input: Input) -> Inbound {
        Inbound { who, input }
    }

    /// Everything in this event that the person wrote themself, for the safety screen.
    pub fn written_text(&self) -> Option<String> {
        match &self.input {
            Input::Text(text) | Input::Line(text) => Some(text.clone()),
            Input::Command { args, .. } if !args.is_empty() => Some(args.join(" ")),
            Input::Command { .. } | Input::Chosen(_) => None,
        }
    }
}
