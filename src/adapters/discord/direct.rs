//! What people type in a DM with the bot, carried to the engine as a line
//! (like the terminal): answers, choices by number or name, and `!commands`.
//! Messages in servers are never read.

use super::Bot;
use super::send::{ReplyTo, converse};
use crate::core::Input;
use serenity::all::{Http, Message};
use std::sync::Arc;

pub async fn on_message(bot: &Bot, http: &Arc<Http>, message: Message) {
    if message.guild_id.is_some() || message.author.bot || message.webhook_id.is_some() {
        return;
    }
    let owner = message.author.id.get();
    let to = ReplyTo::Channel(message.channel_id);
    converse(bot, http, owner, Input::Line(message.content), to).await;
}
