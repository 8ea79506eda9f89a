//! Which hint goes under a list of choices in a chat without buttons (the
//! terminal, Matrix): pick one, pick several, or write or pick.

use crate::core::content::messages::ChoiceHints;
use crate::core::outbound::{Outbound, Pick};

/// The hint for `message`'s choices, or `None` when it offers none.
pub fn choice_hint<'a>(message: &Outbound, hints: &'a ChoiceHints) -> Option<&'a str> {
    if message.choices.is_empty() {
        return None;
    }
    Some(match (message.pick, message.expects_text) {
        (Pick::One, false) => &hints.pick_one,
        (Pick::Many, _) => &hints.pick_many,
        (Pick::One, true) => &hints.pick_or_write,
    })
}
