//! Scheduled pings on Matrix: sent into the person's direct chat, or a new
//! encrypted one when they have none, with the slot's idempotency key in
//! each transaction id so a ping re-sent after a crash shows once.

use super::Bot;
use super::send::{delivery_error, send_outbound};
use crate::core::{Outbound, Platform, Who};
use crate::schedule::delivery::{Delivering, Delivery, DeliveryError};
use matrix_sdk::Room;
use matrix_sdk::ruma::UserId;
use matrix_sdk::ruma::events::room::member::MembershipState;
use std::sync::Arc;

pub struct MatrixDelivery {
    bot: Arc<Bot>,
}

impl MatrixDelivery {
    pub(super) fn new(bot: Arc<Bot>) -> MatrixDelivery {
        MatrixDelivery { bot }
    }
}

impl Delivery for MatrixDelivery {
    fn platform(&self) -> Platform {
        Platform::Matrix
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
            let person = UserId::parse(to.user_id.as_str()).map_err(|error| {
                DeliveryError::Unreachable(format!("not a Matrix user id: {error}"))
            })?;
            let client = &self.bot.client;
            let room = match still_shared(client.get_dm_rooms(&person), &person).await {
                Some(room) => room,
                None => {
                    tracing::info!(%to, "opening an encrypted direct chat for a ping");
                    client
                        .create_dm(&person)
                        .await
                        .map_err(|error| delivery_error(&error))?
                }
            };
            for (n, message) in messages.iter().enumerate() {
                send_outbound(
                    &room,
                    message,
                    self.bot.hints(),
                    Some(&format!("{key}.{n}")),
                )
                .await
                .map_err(|error| delivery_error(&error))?;
            }
            Ok(())
        })
    }
}

/// The first of `rooms` the person is still in (or invited to): a chat they
/// left is never pinged into.
async fn still_shared(rooms: impl Iterator<Item = Room>, person: &UserId) -> Option<Room> {
    for room in rooms {
        if let Ok(Some(member)) = room.get_member_no_sync(person).await
            && matches!(
                member.membership(),
                MembershipState::Join | MembershipState::Invite
            )
        {
            return Some(room);
        }
    }
    None
}
