//! Sending a turn's answer: the first piece as the interaction's response
//! (or into the DM), the rest as follow-ups, and paced pieces later in the
//! background, where anything new from the person stops them.

use super::Bot;
use super::render::Piece;
use serenity::all::{
    Builder, ChannelId, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, Http, InteractionId,
};
use std::sync::Arc;

/// Where an answer goes.
#[derive(Debug, Clone)]
pub enum ReplyTo {
    /// An interaction, answered first and followed up after; `private`
    /// makes every message ephemeral (in a server).
    Interaction {
        id: InteractionId,
        token: String,
        private: bool,
    },
    /// A DM channel, for something typed there.
    Channel(ChannelId),
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
        ReplyTo::Interaction { id, token, private } if first => {
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
