//! Scheduled pings by DM: the bot opens (or finds) its DM with the person
//! and sends the ping with one-tap buttons. Each message's nonce is the
//! slot's idempotency key with `enforce_nonce`, so Discord shows a ping
//! re-sent after a crash once (Discord keeps nonces for a few minutes). A
//! person who cannot be messaged (error 50007) is reported as unreachable,
//! which the scheduler records and the engine tells them the next time they
//! use a command.

use super::errors::delivery_error;
use super::post::{PostTo, post};
use super::render::{FreeText, render};
use crate::core::{Engine, Outbound, Platform, Who};
use crate::schedule::delivery::{Delivering, Delivery, DeliveryError};
use serenity::all::{CreateMessage, Http, Nonce, UserId};
use std::sync::Arc;
use std::time::Duration;

/// Discord's limit on a message nonce.
const MAX_NONCE_CHARS: usize = 25;

/// The longest one ping may take, rate-limit waits included, before it is
/// given up as failed, so one platform's long limit cannot hold back the
/// scheduler for everyone.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(60);

pub struct DiscordDelivery {
    http: Arc<Http>,
    engine: Arc<Engine>,
    /// Whether the person can type their answer in the DM.
    reads_dms: bool,
}

impl DiscordDelivery {
    pub fn new(http: Arc<Http>, engine: Arc<Engine>, reads_dms: bool) -> DiscordDelivery {
        DiscordDelivery {
            http,
            engine,
            reads_dms,
        }
    }

    async fn send(&self, to: &Who, messages: &[Outbound], key: &str) -> Result<(), DeliveryError> {
        let user = to
            .user_id
            .parse::<u64>()
            .ok()
            .filter(|&id| id != 0)
            .ok_or_else(|| {
                DeliveryError::Unreachable(format!("`{}` is not a Discord user id", to.user_id))
            })?;
        let channel = UserId::new(user)
            .create_dm_channel(&self.http)
            .await
            .map_err(|error| delivery_error(&error))?;
        let words = &self.engine.content().messages.discord;
        for (index, piece) in render(messages, user, FreeText::in_dm(self.reads_dms), words)
            .into_iter()
            .enumerate()
        {
            let file = piece.attachment();
            let message = CreateMessage::new()
                .content(piece.content)
                .components(piece.components)
                .nonce(Nonce::String(nonce(key, index)))
                .enforce_nonce(true);
            post(&self.http, PostTo::Channel(channel.id), &message, file)
                .await
                .map_err(|error| delivery_error(&error))?;
        }
        Ok(())
    }
}

/// A nonce for the `index`th message of the ping with idempotency `key`
/// (the scheduler's keys are 18 characters): the same on every try, and
/// within Discord's 25 characters.
pub fn nonce(key: &str, index: usize) -> String {
    let suffix = format!(".{index}");
    let room = MAX_NONCE_CHARS - suffix.len();
    let key: String = key.chars().take(room).collect();
    format!("{key}{suffix}")
}

impl Delivery for DiscordDelivery {
    fn platform(&self) -> Platform {
        Platform::Discord
    }

    fn deduplicates(&self) -> bool {
        true
    }

    fn deliver<'a>(
        &'a self,
        to: &'a Who,
        messages: &'a [Outbound],
        key: &'a str,
    ) -> Delivering<'a> {
        Box::pin(async move {
            tokio::time::timeout(DELIVERY_TIMEOUT, self.send(to, messages, key))
                .await
                .unwrap_or_else(|_| {
                    Err(DeliveryError::Failed(format!(
                        "no answer from Discord within {DELIVERY_TIMEOUT:?}"
                    )))
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_the_key_and_the_index_within_discords_limit() {
        let key = "sb0123456789abcdef";
        assert_eq!(nonce(key, 0), "sb0123456789abcdef.0");
        assert_ne!(nonce(key, 0), nonce(key, 1));
        assert!(nonce(&"k".repeat(40), 123).len() <= MAX_NONCE_CHARS);
    }
}
