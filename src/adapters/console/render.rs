//! How an outbound message looks in a terminal: its text, then its choices
//! numbered, with a short hint on how to answer.

use crate::adapters::choice_hint::choice_hint;
use crate::core::content::messages::ChoiceHints;
use crate::core::outbound::Outbound;
use std::fmt::Write;

/// The message as terminal text, ending in a newline.
pub fn render(message: &Outbound, hints: &ChoiceHints) -> String {
    let mut out = String::new();
    out.push_str(&message.text);
    out.push('\n');
    for (i, choice) in message.choices.iter().enumerate() {
        let _ = writeln!(out, "  {}) {}", i + 1, choice.label);
    }
    if let Some(hint) = choice_hint(message, hints) {
        out.push_str(hint);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::content::Content;
    use crate::core::outbound::Choice;
    use std::path::Path;

    #[test]
    fn choices_are_numbered_with_a_hint() {
        let content =
            Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")).unwrap();
        let hints = &content.messages.choices;
        let message = Outbound::say("How are you?")
            .with_choices(vec![Choice::new("a", "Low"), Choice::new("b", "Okay")]);
        assert_eq!(
            render(&message, hints),
            format!("How are you?\n  1) Low\n  2) Okay\n{}\n", &*hints.pick_one)
        );
        assert_eq!(render(&Outbound::say("Hi"), hints), "Hi\n");
    }
}
