//! How the engine's messages look on Discord: text in pieces of at most
//! 2,000 characters, short messages said together, and choices as buttons
//! (pick one) or select menus (pick several, or more than fit as buttons).
//! A question that takes the person's own words gets a button that opens a
//! form, except in a DM the bot reads, where they simply type. A file goes
//! with the last piece of its message.

use super::custom_id::{Control, ControlId};
use crate::adapters::split_text::{shorten, split};
use crate::core::content::messages::DiscordMessages;
use crate::core::outbound::{Attachment, Choice, Outbound, Pick};
use serenity::builder::{
    CreateActionRow, CreateAttachment, CreateButton, CreateSelectMenu, CreateSelectMenuKind,
    CreateSelectMenuOption,
};
use serenity::model::application::ButtonStyle;
use std::collections::HashSet;
use std::time::Duration;

/// Discord's limits: characters in a message, rows of components, buttons
/// in a row, options in a menu, characters on a button and in an option.
pub const MAX_MESSAGE_CHARS: usize = 2000;
const MAX_ROWS: usize = 5;
const BUTTONS_PER_ROW: usize = 5;
const MAX_OPTIONS: usize = 25;
const MAX_BUTTON_LABEL: usize = 80;
const MAX_OPTION_TEXT: usize = 100;

/// How the person answers in their own words where a step asks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreeText {
    /// A button opens a form (in servers, and in DMs the bot cannot read).
    Form,
    /// They type it in the DM.
    Typed,
}

impl FreeText {
    /// How it is asked for in a DM: typed when the bot reads DMs.
    pub fn in_dm(reads_dms: bool) -> FreeText {
        if reads_dms {
            FreeText::Typed
        } else {
            FreeText::Form
        }
    }
}

/// One Discord message to send.
#[derive(Debug, Clone)]
pub struct Piece {
    pub content: String,
    pub components: Vec<CreateActionRow>,
    /// Wait this long before sending it, for paced exercises.
    pub delay: Option<Duration>,
    /// A file sent with it (an export).
    pub file: Option<Attachment>,
}

impl Piece {
    /// The file as serenity sends it.
    pub fn attachment(&self) -> Option<CreateAttachment> {
        self.file
            .as_ref()
            .map(|file| CreateAttachment::bytes(file.bytes.clone(), file.file_name.clone()))
    }
}

/// The messages of one turn as Discord messages for `owner`, the person
/// whose controls they carry.
pub fn render(
    messages: &[Outbound],
    owner: u64,
    free_text: FreeText,
    words: &DiscordMessages,
) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    for message in messages.iter().filter(|m| !is_empty(m)) {
        let mut parts = split(&message.text, MAX_MESSAGE_CHARS).into_iter();
        let first = parts.next().unwrap_or_default();
        let previous = pieces.last_mut().filter(|previous| {
            message.delay.is_none()
                && previous.components.is_empty()
                && previous.file.is_none()
                && previous.content.chars().count() + 2 + first.chars().count() <= MAX_MESSAGE_CHARS
        });
        if let Some(previous) = previous {
            previous.content = format!("{}\n\n{first}", previous.content);
        } else {
            pieces.push(Piece {
                content: first,
                components: Vec::new(),
                delay: message.delay,
                file: None,
            });
        }
        pieces.extend(parts.map(|content| Piece {
            content,
            components: Vec::new(),
            delay: None,
            file: None,
        }));
        let last = pieces.last_mut().expect("one piece at least");
        last.components = controls(message, owner, free_text, words);
        last.file.clone_from(&message.attachment);
    }
    pieces
}

/// A message with nothing to show, which Discord would refuse.
fn is_empty(message: &Outbound) -> bool {
    message.text.trim().is_empty()
        && message.choices.is_empty()
        && !message.expects_text
        && message.attachment.is_none()
}

/// The buttons and menus for a message's choices (each choice once, since
/// Discord refuses a message with two controls of the same id).
fn controls(
    message: &Outbound,
    owner: u64,
    free_text: FreeText,
    words: &DiscordMessages,
) -> Vec<CreateActionRow> {
    let write = (free_text == FreeText::Form && message.expects_text)
        .then(|| id(owner, Control::Write))
        .flatten()
        .map(|id| {
            CreateButton::new(id)
                .label(shorten(&words.write, MAX_BUTTON_LABEL))
                .style(ButtonStyle::Primary)
        });
    let room_for_buttons = MAX_ROWS * BUTTONS_PER_ROW - usize::from(write.is_some());
    let mut seen = HashSet::new();
    let choices: Vec<Choice> = message
        .choices
        .iter()
        .filter(|choice| seen.insert(&choice.id))
        .cloned()
        .collect();
    let mut rows = Vec::new();
    if message.pick == Pick::One && choices.len() <= room_for_buttons {
        let buttons: Vec<CreateButton> = choices
            .iter()
            .filter_map(|choice| choice_button(owner, choice))
            .chain(write)
            .collect();
        rows.extend(
            buttons
                .chunks(BUTTONS_PER_ROW)
                .map(|row| CreateActionRow::Buttons(row.to_vec())),
        );
    } else {
        let room_for_menus = MAX_ROWS - usize::from(write.is_some());
        for (number, choices) in choices.chunks(MAX_OPTIONS).take(room_for_menus).enumerate() {
            let number = u8::try_from(number).unwrap_or(u8::MAX);
            if let Some(menu) = menu(owner, number, choices, message.pick) {
                rows.push(CreateActionRow::SelectMenu(menu));
            }
        }
        rows.extend(write.map(|button| CreateActionRow::Buttons(vec![button])));
    }
    rows
}

fn choice_button(owner: u64, choice: &Choice) -> Option<CreateButton> {
    let id = id(owner, Control::Pick(choice.id.clone()))?;
    Some(
        CreateButton::new(id)
            .label(shorten(&choice.label, MAX_BUTTON_LABEL))
            .style(ButtonStyle::Secondary),
    )
}

fn menu(owner: u64, number: u8, choices: &[Choice], pick: Pick) -> Option<CreateSelectMenu> {
    let options: Vec<CreateSelectMenuOption> = choices
        .iter()
        .filter(|choice| choice.id.chars().count() <= MAX_OPTION_TEXT)
        .map(|choice| {
            CreateSelectMenuOption::new(shorten(&choice.label, MAX_OPTION_TEXT), choice.id.clone())
        })
        .collect();
    let most = match pick {
        Pick::One => 1,
        Pick::Many => u8::try_from(options.len()).unwrap_or(u8::MAX),
    };
    if options.is_empty() {
        return None;
    }
    let id = id(owner, Control::Menu(number))?;
    Some(
        CreateSelectMenu::new(id, CreateSelectMenuKind::String { options })
            .min_values(1)
            .max_values(most),
    )
}

/// The control's id, or `None` (logged) when a choice id is too long for one.
fn id(owner: u64, control: Control) -> Option<String> {
    let id = ControlId::new(owner, control);
    let encoded = id.encode();
    if encoded.is_none() {
        tracing::error!(control = ?id.control, "a choice id is too long for a Discord custom id; its button is left out");
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::content::Content;
    use serde_json::{Value, json};
    use std::path::Path;

    fn content() -> Content {
        Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")).unwrap()
    }

    fn rows(piece: &Piece) -> Value {
        serde_json::to_value(&piece.components).unwrap()
    }

    #[test]
    fn short_messages_go_together_and_choices_end_the_piece() {
        let content = content();
        let words = &content.messages.discord;
        let messages = vec![
            Outbound::say("Hello."),
            Outbound::say("How are you?")
                .with_choices(vec![Choice::new("a", "Low"), Choice::new("b", "Okay")]),
            Outbound::say("Breathe in.").after(Duration::from_secs(4)),
        ];
        let pieces = render(&messages, 7, FreeText::Typed, words);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].content, "Hello.\n\nHow are you?");
        assert_eq!(
            rows(&pieces[0]),
            json!([{"type": 1, "components": [
                {"type": 2, "style": 2, "label": "Low", "custom_id": "sb1:p:7:a", "disabled": false},
                {"type": 2, "style": 2, "label": "Okay", "custom_id": "sb1:p:7:b", "disabled": false},
            ]}])
        );
        assert_eq!(pieces[1].delay, Some(Duration::from_secs(4)));
    }

    #[test]
    fn free_text_gets_a_form_button_in_servers_only() {
        let content = content();
        let words = &content.messages.discord;
        let question = vec![Outbound::say("What's on your mind?").expecting_text()];
        let server = render(&question, 7, FreeText::Form, words);
        assert_eq!(
            rows(&server[0])[0]["components"][0]["custom_id"],
            json!("sb1:w:7")
        );
        let direct = render(&question, 7, FreeText::Typed, words);
        assert!(direct[0].components.is_empty());
    }

    #[test]
    fn several_picks_are_a_menu_that_takes_them_all() {
        let content = content();
        let words = &content.messages.discord;
        let choices = (0..30)
            .map(|n| Choice::new(format!("c{n}"), format!("Choice {n}")))
            .collect();
        let message = vec![Outbound::say("Which?").with_choices(choices).pick_many()];
        let pieces = render(&message, 7, FreeText::Form, words);
        let rows = rows(&pieces[0]);
        assert_eq!(rows.as_array().unwrap().len(), 2);
        assert_eq!(rows[0]["components"][0]["custom_id"], json!("sb1:m:7:0"));
        assert_eq!(rows[0]["components"][0]["max_values"], json!(25));
        assert_eq!(
            rows[1]["components"][0]["options"]
                .as_array()
                .unwrap()
                .len(),
            5
        );
    }

    #[test]
    fn long_text_is_split_under_the_limit_and_labels_are_trimmed() {
        let content = content();
        let words = &content.messages.discord;
        let text = "word ".repeat(1000);
        let message =
            vec![Outbound::say(text.clone()).with_choices(vec![Choice::new("a", "x".repeat(200))])];
        let pieces = render(&message, 7, FreeText::Typed, words);
        assert!(pieces.len() > 1);
        assert!(
            pieces
                .iter()
                .all(|p| p.content.chars().count() <= MAX_MESSAGE_CHARS)
        );
        assert!(
            pieces[..pieces.len() - 1]
                .iter()
                .all(|p| p.components.is_empty())
        );
        let label = rows(pieces.last().unwrap())[0]["components"][0]["label"].clone();
        assert_eq!(label.as_str().unwrap().chars().count(), MAX_BUTTON_LABEL);
    }

    #[test]
    fn every_choice_in_the_content_fits_a_custom_id() {
        let content = content();
        let longest_user_id = u64::MAX;
        for theme in &content.reflections.themes {
            let id = ControlId::new(
                longest_user_id,
                Control::Pick(format!("reflect.theme.{}", theme.id.get_ref())),
            );
            assert!(id.encode().is_some(), "{id}");
        }
        for card in &content.patterns.cards {
            let id = ControlId::new(
                longest_user_id,
                Control::Pick(format!("reframe.trap.{}", card.id.get_ref())),
            );
            assert!(id.encode().is_some(), "{id}");
        }
    }
}
