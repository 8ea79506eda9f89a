//! What people do in Discord's interface, carried to the engine: a slash
//! command, a button, a select menu, a form. The answer is ephemeral in a
//! server and an ordinary message in a DM. A control this version cannot
//! read, or one shown to someone else, is handed on as a choice of
//! nothing, which the engine answers as a step that has passed.

use super::Bot;
use super::commands;
use super::custom_id::{Control, ControlId};
use super::render::{Surface, render};
use super::send::{ReplyTo, in_time, send_pieces};
use crate::adapters::answer::answer;
use crate::core::engine::MAX_TEXT;
use crate::core::schedule::zone::zones_matching;
use crate::core::{Inbound, Input, Platform, Who};
use serenity::all::{
    ActionRowComponent, Builder, CommandInteraction, ComponentInteraction,
    ComponentInteractionDataKind, CreateActionRow, CreateAutocompleteResponse, CreateInputText,
    CreateInteractionResponse, CreateModal, GuildId, Http, InputTextStyle, Interaction,
    ModalInteraction, User,
};
use std::sync::Arc;

/// The id of the one text field in the form.
const FORM_FIELD: &str = "text";
/// Discord's limit on autocomplete suggestions.
const MAX_SUGGESTIONS: usize = 25;

pub async fn on_interaction(bot: &Bot, http: &Arc<Http>, interaction: Interaction) {
    match interaction {
        Interaction::Command(command) => on_command(bot, http, command).await,
        Interaction::Autocomplete(typing) => on_autocomplete(http, typing).await,
        Interaction::Component(press) => on_component(bot, http, press).await,
        Interaction::Modal(form) => on_form(bot, http, form).await,
        _ => {}
    }
}

/// One person's use of the interface, with where the answer goes.
struct Turn<'a> {
    user: &'a User,
    guild: Option<GuildId>,
    reply_to: ReplyTo,
}

impl Turn<'_> {
    async fn run(mut self, bot: &Bot, http: &Arc<Http>, input: Input) {
        let owner = self.user.id.get();
        bot.pacing.interrupt(owner);
        let who = Who::new(Platform::Discord, owner.to_string());
        let turn = answer(bot.engine.clone(), Inbound::new(who, input), false);
        let replies = in_time(http, &mut self.reply_to, turn).await;
        let surface = match self.guild {
            Some(_) => Surface::Server,
            None => Surface::Direct,
        };
        let pieces = render(&replies, owner, surface, bot.words());
        send_pieces(bot, http, owner, self.reply_to, pieces).await;
    }
}

fn reply_to(id: serenity::all::InteractionId, token: &str, guild: Option<GuildId>) -> ReplyTo {
    ReplyTo::Interaction {
        id,
        token: token.to_string(),
        private: guild.is_some(),
        deferred: false,
    }
}

async fn on_command(bot: &Bot, http: &Arc<Http>, command: CommandInteraction) {
    let input = commands::input(&command.data.name, &command.data.options);
    let turn = Turn {
        user: &command.user,
        guild: command.guild_id,
        reply_to: reply_to(command.id, &command.token, command.guild_id),
    };
    turn.run(bot, http, input).await;
}

/// Suggests timezone names as the person types one.
async fn on_autocomplete(http: &Http, typing: CommandInteraction) {
    let typed = typing
        .data
        .autocomplete()
        .map_or(String::new(), |option| option.value.to_string());
    let choices = zones_matching(&typed, MAX_SUGGESTIONS)
        .into_iter()
        .map(Into::into)
        .collect();
    let response = CreateInteractionResponse::Autocomplete(
        CreateAutocompleteResponse::new().set_choices(choices),
    );
    if let Err(error) = response.execute(http, (typing.id, &typing.token)).await {
        tracing::warn!(%error, "timezone suggestions could not be sent");
    }
}

async fn on_component(bot: &Bot, http: &Arc<Http>, press: ComponentInteraction) {
    let owner = press.user.id.get();
    let control = ControlId::decode(&press.data.custom_id)
        .filter(|id| id.owner == owner)
        .map(|id| id.control);
    let input = match (control, &press.data.kind) {
        (Some(Control::Pick(choice)), ComponentInteractionDataKind::Button) => {
            Input::Chosen(vec![choice])
        }
        (Some(Control::Menu(_)), ComponentInteractionDataKind::StringSelect { values }) => {
            Input::Chosen(values.clone())
        }
        (Some(Control::Write), ComponentInteractionDataKind::Button) => {
            return open_form(bot, http, &press).await;
        }
        _ => Input::Chosen(Vec::new()),
    };
    let turn = Turn {
        user: &press.user,
        guild: press.guild_id,
        reply_to: reply_to(press.id, &press.token, press.guild_id),
    };
    turn.run(bot, http, input).await;
}

/// Opens the form for an answer in the person's own words.
async fn open_form(bot: &Bot, http: &Http, press: &ComponentInteraction) {
    let words = bot.words();
    let Some(form_id) = ControlId::new(press.user.id.get(), Control::Form).encode() else {
        return;
    };
    let field = CreateInputText::new(
        InputTextStyle::Paragraph,
        words.form_label.to_string(),
        FORM_FIELD,
    )
    .max_length(u16::try_from(MAX_TEXT).unwrap_or(u16::MAX))
    .required(true);
    let form = CreateModal::new(form_id, words.form_title.to_string())
        .components(vec![CreateActionRow::InputText(field)]);
    if let Err(error) = CreateInteractionResponse::Modal(form)
        .execute(http, (press.id, &press.token))
        .await
    {
        tracing::error!(person = press.user.id.get(), %error, "the form could not be opened");
    }
}

async fn on_form(bot: &Bot, http: &Arc<Http>, form: ModalInteraction) {
    let owner = form.user.id.get();
    let ours = ControlId::decode(&form.data.custom_id)
        .is_some_and(|id| id.owner == owner && id.control == Control::Form);
    let text = form
        .data
        .components
        .iter()
        .flat_map(|row| &row.components)
        .find_map(|component| match component {
            ActionRowComponent::InputText(field) if field.custom_id == FORM_FIELD => {
                field.value.clone()
            }
            _ => None,
        });
    let input = match (ours, text) {
        (true, Some(text)) => Input::Text(text),
        _ => Input::Chosen(Vec::new()),
    };
    let turn = Turn {
        user: &form.user,
        guild: form.guild_id,
        reply_to: reply_to(form.id, &form.token, form.guild_id),
    };
    turn.run(bot, http, input).await;
}
