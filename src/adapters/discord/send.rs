//! Sending a turn's answer: the first piece as the interaction's response
//! (or into the DM), the rest as follow-ups, and paced pieces later in the
//! background, where anything new from the person stops them. A turn that
//! takes long is deferred first, since Discord drops an interaction that is
//! not answered within three seconds.

use super::Bot;
use super::render::Piece;
use serenity::all::{
    Builder, ChannelId, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, EditInteractionResponse, Http, InteractionId,
};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// How long a turn may take before the interaction is deferred ("thinking…"),
/// well inside Discord's three seconds.
pub const DEFER_AFTER: Duration = Duration::from_millis(1500);

/// Where an answer goes.
#[derive(Debug, Clone)]
pub enum ReplyTo {
    /// An interaction, answered first and followed up after; `private`
    /// makes every message ephemeral (in a server).
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

/// Waits for `turn`; an interaction whose turn takes longer than
/// [`DEFER_AFTER`] is deferred meanwhile, so the answer is never lost to
/// Discord's deadline (a crisis reply least of all).
pub async fn in_time<T>(http: &Http, to: &mut ReplyTo, turn: impl Future<Output = T>) -> T {
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
pub async fn send_pieces(
    bot: &Bot,
    http: &Arc<Http>,
    owner: u64,
    to: ReplyTo,
    mut pieces: Vec<Piece>,
) {
    let first_paced = pieces
        .iter()
        .skip(1)
        .position(|piece| piece.delay.is_some())
        .map_or(pieces.len(), |at| at + 1);
    let later = pieces.split_off(first_paced);
    for (index, piece) in pieces.into_iter().enumerate() {
        if let Err(error) = send_one(http, &to, piece, index == 0).await {
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

async fn send_one(http: &Http, to: &ReplyTo, piece: Piece, first: bool) -> serenity::Result<()> {
    match to {
        ReplyTo::Interaction {
            token,
            deferred: true,
            ..
        } if first => {
            let mut edit = EditInteractionResponse::new()
                .content(piece.content)
                .components(piece.components);
            // serenity applies the client's default mentions to every
            // builder but this one, so it is applied here.
            if let Some(mentions) = http.default_allowed_mentions.clone() {
                edit = edit.allowed_mentions(mentions);
            }
            edit.execute(http, token).await.map(drop)
        }
        ReplyTo::Interaction {
            id, token, private, ..
        } if first => {
            let message = CreateInteractionResponseMessage::new()
                .content(piece.content)
                .components(piece.components)
                .ephemeral(*private);
            CreateInteractionResponse::Message(message)
                .execute(http, (*id, token))
                .await
        }
        ReplyTo::Interaction { token, private, .. } => CreateInteractionResponseFollowup::new()
            .content(piece.content)
            .components(piece.components)
            .ephemeral(*private)
            .execute(http, (None, token))
            .await
            .map(drop),
        ReplyTo::Channel(channel) => channel
            .send_message(
                http,
                CreateMessage::new()
                    .content(piece.content)
                    .components(piece.components),
            )
            .await
            .map(drop),
    }
}
