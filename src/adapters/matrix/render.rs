//! How an outbound message looks on Matrix: a plain body and an HTML body,
//! choices as a numbered list with a hint, and long text split into
//! several messages at paragraph, line or word boundaries.

use crate::adapters::choice_hint::choice_hint;
use crate::adapters::split_text::split;
use crate::core::content::messages::ChoiceHints;
use crate::core::outbound::Outbound;
use std::fmt::Write;

/// The most characters one Matrix message carries here. The protocol allows
/// 64 KiB events, but clients show long messages badly and encryption adds a
/// third again; a few screens at a time reads better.
pub const MAX_CHARS: usize = 4000;

/// One Matrix message: the plain body and its HTML twin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub plain: String,
    pub html: String,
}

/// The message as one or more Matrix messages, in order; choices and their
/// hint come with the last.
pub fn render(message: &Outbound, hints: &ChoiceHints) -> Vec<Rendered> {
    let mut parts = split(&message.text, MAX_CHARS);
    let last = parts.pop().unwrap_or_default();
    let mut rendered: Vec<Rendered> = parts.iter().map(|part| paragraph(part)).collect();
    let mut plain = last.clone();
    let mut html = html_lines(&last);
    if !message.choices.is_empty() {
        plain.push('\n');
        html.push_str("<ol>");
        for (i, choice) in message.choices.iter().enumerate() {
            let _ = write!(plain, "\n{}. {}", i + 1, choice.label);
            let _ = write!(html, "<li>{}</li>", escape(&choice.label));
        }
        html.push_str("</ol>");
    }
    if let Some(hint) = choice_hint(message, hints) {
        let _ = write!(plain, "\n{hint}");
        let _ = write!(html, "<em>{}</em>", escape(hint));
    }
    rendered.push(Rendered { plain, html });
    rendered
}

fn paragraph(text: &str) -> Rendered {
    Rendered {
        plain: text.to_string(),
        html: html_lines(text),
    }
}

/// Escaped text with its line breaks kept.
fn html_lines(text: &str) -> String {
    escape(text).replace('\n', "<br>")
}

/// Text made safe to put in HTML: whatever a person typed shows as typed.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::content::Content;
    use crate::core::outbound::Choice;
    use std::path::Path;

    fn hints() -> ChoiceHints {
        let content =
            Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")).unwrap();
        content.messages.choices
    }

    #[test]
    fn choices_are_a_numbered_list_in_both_bodies() {
        let hints = hints();
        let message = Outbound::say("How are you?")
            .with_choices(vec![Choice::new("a", "Low"), Choice::new("b", "Okay")]);
        let rendered = render(&message, &hints);
        assert_eq!(rendered.len(), 1);
        assert_eq!(
            rendered[0].plain,
            format!("How are you?\n\n1. Low\n2. Okay\n{}", &*hints.pick_one)
        );
        assert_eq!(
            rendered[0].html,
            format!(
                "How are you?<ol><li>Low</li><li>Okay</li></ol><em>{}</em>",
                escape(&hints.pick_one)
            )
        );
    }

    #[test]
    fn what_a_person_typed_cannot_become_markup() {
        let rendered = render(&Outbound::say("<b>me</b> & \"you\"\nnext"), &hints());
        assert_eq!(
            rendered[0].html,
            "&lt;b&gt;me&lt;/b&gt; &amp; &quot;you&quot;<br>next"
        );
        assert_eq!(rendered[0].plain, "<b>me</b> & \"you\"\nnext");
    }

    #[test]
    fn no_piece_is_longer_than_the_limit_and_nothing_is_lost() {
        let text = "Ünïcödé words and more words. ".repeat(400);
        let pieces = split(&text, MAX_CHARS);
        assert!(pieces.len() > 2);
        assert!(pieces.iter().all(|p| p.chars().count() <= MAX_CHARS));
        let words: Vec<&str> = text.split_whitespace().collect();
        let joined = pieces.join(" ");
        assert_eq!(joined.split_whitespace().collect::<Vec<_>>(), words);
    }

    #[test]
    fn choices_come_with_the_last_piece() {
        let text = "word ".repeat(2000);
        let message = Outbound::say(text).with_choices(vec![Choice::new("a", "Yes")]);
        let rendered = render(&message, &hints());
        assert!(rendered.len() >= 3);
        assert!(rendered.last().unwrap().plain.contains("1. Yes"));
        assert!(
            rendered
                .iter()
                .rev()
                .skip(1)
                .all(|r| !r.plain.contains("1. Yes"))
        );
    }
}
