//! How an outbound message looks in a terminal: its text, then its choices
//! numbered, with a short hint on how to answer.

use crate::core::outbound::{Outbound, Pick};
use std::fmt::Write;

/// The message as terminal text, ending in a newline.
pub fn render(message: &Outbound) -> String {
    let mut out = String::new();
    out.push_str(&message.text);
    out.push('\n');
    for (i, choice) in message.choices.iter().enumerate() {
        let _ = writeln!(out, "  {}) {}", i + 1, choice.label);
    }
    let hint = match (
        message.choices.is_empty(),
        message.pick,
        message.expects_text,
    ) {
        (true, _, _) => None,
        (false, Pick::One, false) => Some("(type a number or a name)"),
        (false, Pick::Many, _) => Some("(type one or more numbers, like 1, 3)"),
        (false, Pick::One, true) => Some("(write your answer, or type a number or a name)"),
    };
    if let Some(hint) = hint {
        out.push_str(hint);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::outbound::Choice;

    #[test]
    fn choices_are_numbered_with_a_hint() {
        let message = Outbound::say("How are you?")
            .with_choices(vec![Choice::new("a", "Low"), Choice::new("b", "Okay")]);
        assert_eq!(
            render(&message),
            "How are you?\n  1) Low\n  2) Okay\n(type a number or a name)\n"
        );
        assert_eq!(render(&Outbound::say("Hi")), "Hi\n");
    }
}
