//! Sending rendered messages into a room, and what a failed send means for
//! the scheduler: a rate limit to wait out, a person out of reach, or a
//! passing failure.

use super::render::{Rendered, render};
use crate::core::content::messages::ChoiceHints;
use crate::core::outbound::Outbound;
use crate::schedule::delivery::DeliveryError;
use matrix_sdk::Room;
use matrix_sdk::ruma::OwnedTransactionId;
use matrix_sdk::ruma::api::error::{ErrorKind, RetryAfter};
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use std::time::{Duration, SystemTime};

/// Sends `message` into `room`. With a `key`, each Matrix message gets the
/// transaction id `key.N`, so sending the same message again under the same
/// key shows it once.
pub async fn send_outbound(
    room: &Room,
    message: &Outbound,
    hints: &ChoiceHints,
    key: Option<&str>,
) -> Result<(), matrix_sdk::Error> {
    for (n, Rendered { plain, html }) in render(message, hints).into_iter().enumerate() {
        let content = RoomMessageEventContent::text_html(plain, html);
        let sending = room.send(content);
        match key {
            Some(key) => {
                let id = OwnedTransactionId::from(format!("{key}.{n}"));
                sending.with_transaction_id(id).await?;
            }
            None => {
                sending.await?;
            }
        };
    }
    Ok(())
}

/// What a failed send means for a scheduled ping.
pub fn delivery_error(error: &matrix_sdk::Error) -> DeliveryError {
    match error.client_api_error_kind() {
        Some(ErrorKind::LimitExceeded(limit)) => {
            let wait = match limit.retry_after {
                Some(RetryAfter::Delay(delay)) => delay,
                Some(RetryAfter::DateTime(at)) => at
                    .duration_since(SystemTime::now())
                    .unwrap_or(Duration::ZERO),
                None => Duration::from_secs(1),
            };
            DeliveryError::RateLimited(wait)
        }
        Some(ErrorKind::Forbidden) => DeliveryError::Unreachable(error.to_string()),
        _ => DeliveryError::Failed(error.to_string()),
    }
}
