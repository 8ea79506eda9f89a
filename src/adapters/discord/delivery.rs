//! Scheduled pings by DM: the bot opens (or finds) its DM with the person
//! and sends the ping with one-tap buttons. Each message's nonce comes from
//! the slot's idempotency key with `enforce_nonce`, so Discord shows a ping
//! re-sent after a crash once. A person who cannot be messaged (error 50007)
//! is reported as unreachable, which the scheduler records and the engine
//! tells them the next time they use a command.

use super::errors::delivery_error;
use super::render::{Surface, render};
use crate::core::{Engine, Outbound, Platform, Who};
use crate::schedule::delivery::{Delivering, Delivery, DeliveryError};
use serenity::all::{CreateMessage, Http, Nonce, UserId};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

pub struct DiscordDelivery {
    http: Arc<Http>,
    engine: Arc<Engine>,
}

impl DiscordDelivery {
    pub fn new(http: Arc<Http>, engine: Arc<Engine>) -> DiscordDelivery {
        DiscordDelivery { http, engine }
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
        for (index, piece) in render(messages, user, Surface::Direct, words)
            .into_iter()
            .enumerate()
        {
            let message = CreateMessage::new()
                .content(piece.content)
                .components(piece.components)
                .nonce(Nonce::String(nonce(key, index)))
                .enforce_nonce(true);
            channel
                .id
                .send_message(&self.http, message)
                .await
                .map_err(|error| delivery_error(&error))?;
        }
        Ok(())
    }
}

/// A nonce for the `index`th message of the ping with idempotency `key`:
/// the same on every try, and within Discord's 25 characters.
pub fn nonce(key: &str, index: usize) -> String {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    format!("{:016x}.{index}", hasher.finish())
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
        Box::pin(self.send(to, messages, key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_stable_distinct_and_short() {
        let key = "discord:123456789012345678:2026-11-25T20:00:00Z";
        assert_eq!(nonce(key, 0), nonce(key, 0));
        assert_ne!(nonce(key, 0), nonce(key, 1));
        assert_ne!(nonce(key, 0), nonce("another", 0));
        assert!(nonce(key, 99).len() <= 25);
    }
}
