//! The ids on the bot's buttons, select menus and forms. Each carries what
//! a press needs, with no memory in the bot: a version, the kind of control,
//! whose it is, and for a button the choice. A press after a restart still
//! works, and an id that is unreadable, from another version or not the
//! presser's own is treated as a step that has passed.

use std::fmt;

/// The prefix of every id this version writes.
const VERSION: &str = "sb1";
/// Discord's limit on a custom id, in characters.
pub const MAX_ID_CHARS: usize = 100;

/// What a control does when used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    /// A button for one choice, by its stable id.
    Pick(String),
    /// A select menu; its picked values are choice ids. The number keeps
    /// several menus on one message apart.
    Menu(u8),
    /// The button that opens the form for an answer in the person's words.
    Write,
    /// The form itself.
    Form,
}

/// A control, and the Discord user it was shown to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlId {
    pub owner: u64,
    pub control: Control,
}

impl ControlId {
    pub fn new(owner: u64, control: Control) -> ControlId {
        ControlId { owner, control }
    }

    /// The id as Discord keeps it, or `None` when it would be too long.
    pub fn encode(&self) -> Option<String> {
        let id = self.to_string();
        (id.chars().count() <= MAX_ID_CHARS).then_some(id)
    }

    /// Reads an id back; `None` for anything this version did not write.
    pub fn decode(id: &str) -> Option<ControlId> {
        let mut parts = id.splitn(4, ':');
        if parts.next()? != VERSION {
            return None;
        }
        let kind = parts.next()?;
        let owner = parts.next()?.parse().ok()?;
        let rest = parts.next();
        let control = match (kind, rest) {
            ("p", Some(choice)) if !choice.is_empty() => Control::Pick(choice.to_string()),
            ("m", Some(number)) => Control::Menu(number.parse().ok()?),
            ("w", None) => Control::Write,
            ("f", None) => Control::Form,
            _ => return None,
        };
        Some(ControlId { owner, control })
    }
}

impl fmt::Display for ControlId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let owner = self.owner;
        match &self.control {
            Control::Pick(choice) => write!(f, "{VERSION}:p:{owner}:{choice}"),
            Control::Menu(number) => write!(f, "{VERSION}:m:{owner}:{number}"),
            Control::Write => write!(f, "{VERSION}:w:{owner}"),
            Control::Form => write!(f, "{VERSION}:f:{owner}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_reads_back_as_written() {
        let owner = u64::MAX;
        for control in [
            Control::Pick("checkin.mood.3".into()),
            Control::Pick("a:b".into()),
            Control::Menu(4),
            Control::Write,
            Control::Form,
        ] {
            let id = ControlId::new(owner, control);
            let encoded = id.encode().unwrap();
            assert_eq!(ControlId::decode(&encoded), Some(id));
        }
    }

    #[test]
    fn foreign_old_and_mangled_ids_are_not_read() {
        for id in [
            "",
            "sb0:p:1:checkin.mood.3",
            "sb1:p:1:",
            "sb1:p:x:checkin.mood.3",
            "sb1:w:1:extra",
            "sb1:m:1:many",
            "sb1:z:1",
            "someone-elses-button",
        ] {
            assert_eq!(ControlId::decode(id), None, "{id}");
        }
    }

    #[test]
    fn an_id_over_discords_limit_is_refused() {
        let long = ControlId::new(1, Control::Pick("x".repeat(MAX_ID_CHARS)));
        assert_eq!(long.encode(), None);
    }
}
