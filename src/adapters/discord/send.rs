//! One turn of a person's conversation on Discord, from their input to the
//! last message of the answer: turns of one person run in order; a turn
//! that takes long is deferred first, since Discord drops an interaction
//! not answered within three seconds; the first piece is the interaction's
//! response (or goes into the DM), the rest are follow-ups, and paced
//! pieces come later in the background, where anything new from the person
//! stops them.

use super::Bot;
use super::post::{PostTo, post};
use super::render::{FreeText, Piece, render};
use crate::adapters::answer::answer;
use crate::core::{Inbound, Input, Outbound, Platform, Who};
use serenity::all::{
    Builder, ChannelId, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, EditInteractionResponse, Http, HttpError,
    InteractionId,
};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// How long a turn may take before the interaction is deferred ("thinking…"),
/// well inside Discord's three seconds.
pub const DEFER_AFTER: Duration = Duration::from_millis(1500);
/// Discord's error for an interaction that was answered already.
const ALREADY_ANSWERED: isize = 40060;

/// Where an answer goes.
#[derive(Debug)]
pub enum ReplyTo {
    /// An interaction, answered first and followed up after; `private`
    /// makes every message ephemeral (anywhere but a DM with the bot).
    Interaction {
        id: InteractionId,
        token: String,
        private: bool,
        /// Answered already with a deferral, so the first piece replaces it.
        deferred: bool,
    },
    /// A DM channel, for something typed there.
    Channel(ChannelId),
}

/// Runs `input` from `owner` through the engine and sends the answer.
pub async fn converse(bot: &Bot, http: &Arc<Http>, owner: u64, input: Input, mut to: ReplyTo) {
    let queue = bot.queues.of(owner);
    let turn = async {
        let in_order = queue.lock_owned().await;
        bot.pacing.interrupt(owner);
        let who = Who::new(Platform::Discord, owner.to_string());
        let replies = answer(bot.engine.clone(), Inbound::new(who, input), false).await;
        (in_order, replies)
    };
    let (_in_order, replies) = defer_if_slow(http, &mut to, turn).await;
    let free_text = match &to {
        ReplyTo::Interaction { private: true, .. } => FreeText::Form,
        _ => FreeText::in_dm(bot.reads_dms),
    };
    let mut pieces = render(&replies, owner, free_text, bot.words());
    if pieces.is_empty() {
        // An interaction must be answered; nothing to say is a fault.
        let sorry = Outbound::say(
            bot.engine
                .content()
                .messages
                .input
                .storage_error
                .to_string(),
        );
        pieces = render(&[sorry], owner, free_text, bot.words());
    }
    send_pieces(bot, http, owner, to, pieces).await;
}

/// Waits for `turn`; an interaction whose turn takes longer than
/// [`DEFER_AFTER`] is deferred meanwhile, so the answer is never lost to
/// Discord's deadline (a crisis reply least of all).
async fn defer_if_slow<T>(http: &Http, to: &mut ReplyTo, turn: impl Future<Output = T>) -> T {
    let ReplyTo::Interaction {
        id,
        token,
        private,
        deferred,
    } = to
    else {
        return turn.await;
    };
    tokio::pin!(turn);
    tokio::select! {
        done = &mut turn => return done,
        () = tokio::time::sleep(DEFER_AFTER) => {}
    }
    let defer = CreateInteractionResponse::Defer(
        CreateInteractionResponseMessage::new().ephemeral(*private),
    );
    match defer.execute(http, (*id, token.as_str())).await {
        Ok(()) => *deferred = true,
        Err(error) => tracing::error!(%error, "a slow turn could not be deferred"),
    }
    turn.await
}

/// Sends `pieces` for `owner`: at once up to the first paced piece, the
/// rest in the background. The first piece always goes at once, since an
/// interaction must be answered within three seconds.
async fn send_pieces(
    bot: &Bot,
    http: &Arc<Http>,
    owner: u64,
    mut to: ReplyTo,
    mut pieces: Vec<Piece>,
) {
    let first_paced = pieces
        .iter()
        .skip(1)
        .position(|piece| piece.delay.is_some())
        .map_or(pieces.len(), |at| at + 1);
    let later = pieces.split_off(first_paced);
    for (index, piece) in pieces.into_iter().enumerate() {
        let mut sent = send_one(http, &to, piece.clone(), index == 0).await;
        if index == 0 && answered_already(&sent) {
            // A deferral that reached Discord though its answer did not.
            if let ReplyTo::Interaction { deferred, .. } = &mut to {
                *deferred = true;
            }
            sent = send_one(http, &to, piece, true).await;
        }
        if let Err(error) = sent {
            tracing::error!(person = owner, %error, "a reply could not be sent to Discord");
            return;
        }
    }
    if later.is_empty() {
        return;
    }
    let http = http.clone();
    bot.pacing.start(owner, async move {
        for piece in later {
            if let Some(delay) = piece.delay {
                tokio::time::sleep(delay).await;
            }
            if let Err(error) = send_one(&http, &to, piece, false).await {
                tracing::error!(person = owner, %error, "a paced reply could not be sent to Discord");
                return;
            }
        }
    });
}

fn answered_already(sent: &serenity::Result<()>) -> bool {
    matches!(
        sent,
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(response)))
            if response.error.code == ALREADY_ANSWERED
    )
}

async fn send_one(http: &Http, to: &ReplyTo, piece: Piece, first: bool) -> serenity::Result<()> {
    let file = piece.attachment();
    match to {
        ReplyTo::Interaction {
            token,
            deferred: true,
            ..
        } if first => {
            let edit = EditInteractionResponse::new()
                .content(piece.content)
                .components(piece.components);
            post(http, PostTo::Original(token), &edit, file).await
        }
        ReplyTo::Interaction {
            id, token, private, ..
        } if first => {
            let message = CreateInteractionResponseMessage::new()
                .content(piece.content)
                .components(piece.components)
                .ephemeral(*private);
            let response = CreateInteractionResponse::Message(message);
            post(http, PostTo::Response(*id, token), &response, file).await
        }
        ReplyTo::Interaction { token, private, .. } => {
            let followup = CreateInteractionResponseFollowup::new()
                .content(piece.content)
                .components(piece.components)
                .ephemeral(*private);
            post(http, PostTo::Followup(token), &followup, file).await
        }
        ReplyTo::Channel(channel) => {
            let message = CreateMessage::new()
                .content(piece.content)
                .components(piece.components);
            post(http, PostTo::Channel(*channel), &message, file).await
        }
    }
}
