//! What the bot says back: text, options with stable ids, and how to show them.

use std::time::Duration;

/// An option the person can pick. The id names the step and stays stable
/// across restarts, so an old button still means the same thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

impl Choice {
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            id: id.into(),
            label: label.into(),
        }
    }
}

/// How many of the choices may be picked at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    One,
    /// Several may be picked together (a select menu, or "1, 3" typed).
    Many,
}

/// A file that goes with a message (an export of a person's data): sent as
/// a file on chat networks, written to a file in the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// One message to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outbound {
    pub text: String,
    pub choices: Vec<Choice>,
    pub pick: Pick,
    /// The bot waits for free text after this message.
    pub expects_text: bool,
    /// Only the person may see it (ephemeral on Discord, the DM on Matrix).
    pub private: bool,
    /// Wait this long before showing it, for paced exercises.
    pub delay: Option<Duration>,
    /// A file that goes with it.
    pub attachment: Option<Attachment>,
}

impl Outbound {
    /// A private message with no options.
    pub fn say(text: impl Into<String>) -> Outbound {
        Outbound {
            text: text.into(),
            choices: Vec::new(),
            pick: Pick::One,
            expects_text: false,
            private: true,
            delay: None,
            attachment: None,
        }
    }

    pub fn with_attachment(mut self, attachment: Attachment) -> Outbound {
        self.attachment = Some(attachment);
        self
    }

    pub fn with_choices(mut self, choices: Vec<Choice>) -> Outbound {
        self.choices = choices;
        self
    }

    pub fn pick_many(mut self) -> Outbound {
        self.pick = Pick::Many;
        self
    }

    pub fn expecting_text(mut self) -> Outbound {
        self.expects_text = true;
        self
    }

    /// Shows the message `delay` after the one before it (no delay when zero).
    pub fn after(mut self, delay: Duration) -> Outbound {
        self.delay = (!delay.is_zero()).then_some(delay);
        self
    }
}
