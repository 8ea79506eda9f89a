//! What people do in Discord's interface, carried to the engine: a slash
//! command, a button, a select menu, a form. The answer is an ordinary
//! message in a DM with the bot and ephemeral anywhere else. A control this
//! version cannot read, or one shown to someone else, is handed on as a
//! choice of nothing, which the engine answers as a step that has passed.

use super::Bot;
use super::commands;
use super::custom_id::{Control, ControlId};
use super::send::{ReplyTo, converse};
use crate::core::Input;
use crate::core::engine::MAX_TEXT;
use crate::core::schedule::zone::zones_matching;
use serenity::all::{
    ActionRowComponent, Builder, CommandInteraction, ComponentInteraction,
    ComponentInteractionDataKind, CreateActionRow, CreateAutocompleteResponse, CreateInputText,
    CreateInteractionResponse, CreateModal, GuildId, Http, InputTextStyle, Interaction,
    InteractionContext, InteractionId, ModalInteraction,
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

/// Where the answer to an interaction goes. It is private (ephemeral)
/// anywhere but a DM with the bot.
fn reply_to(
    id: InteractionId,
    token: &str,
    context: Option<InteractionContext>,
    guild: Option<GuildId>,
) -> ReplyTo {
    let in_dm = match context {
        Some(context) => context == InteractionContext::BotDm,
        None => guild.is_none(),
    };
    ReplyTo::Interaction {
        id,
        token: token.to_string(),
        private: !in_dm,
        deferred: false,
    }
}

async fn on_command(bot: &Bot, http: &Arc<Http>, command: CommandInteraction) {
    let input = commands::input(&command.data.name, &command.data.options);
    let to = reply_to(
        command.id,
        &command.token,
        command.context,
        command.guild_id,
    );
    converse(bot, http, command.user.id.get(), input, to).await;
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
    let to = reply_to(press.id, &press.token, press.context, press.guild_id);
    converse(bot, http, owner, input, to).await;
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

/// A submitted form. Its text goes to the engine whatever the form's id
/// says, so the safety screen always sees what the person wrote; the engine
/// answers text for a step that has passed as such.
async fn on_form(bot: &Bot, http: &Arc<Http>, form: ModalInteraction) {
    let owner = form.user.id.get();
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
    let input = match text {
        Some(text) => Input::Text(text),
        None => Input::Chosen(Vec::new()),
    };
    let to = reply_to(form.id, &form.token, None, form.guild_id);
    converse(bot, http, owner, input, to).await;
}
