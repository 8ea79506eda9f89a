//! What people type in a DM with the bot, carried to the engine as a line
//! (like the terminal): answers, choices by number or name, and `!commands`.
//! Messages in servers are never read.

use super::Bot;
use super::render::{Surface, render};
use super::send::{ReplyTo, send_pieces};
use crate::adapters::answer::answer;
use crate::core::{Inbound, Input, Platform, Who};
use serenity::all::{Http, Message};
use std::sync::Arc;

pub async fn on_message(bot: &Bot, http: &Arc<Http>, message: Message) {
    if message.guild_id.is_some() || message.author.bot || message.webhook_id.is_some() {
        return;
    }
    let owner = message.author.id.get();
    bot.pacing.interrupt(owner);
    let who = Who::new(Platform::Discord, owner.to_string());
    let inbound = Inbound::new(who, Input::Line(message.content));
    let replies = answer(bot.engine.clone(), inbound, false).await;
    let pieces = render(&replies, owner, Surface::Direct, bot.words());
    send_pieces(
        bot,
        http,
        owner,
        ReplyTo::Channel(message.channel_id),
        pieces,
    )
    .await;
}
