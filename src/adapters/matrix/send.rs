//! Sending rendered messages (and a file that goes with one) into a room,
//! and what a failed send means for the scheduler: a rate limit to wait
//! out, a person out of reach, or a passing failure.

use super::render::{Rendered, render};
use crate::core::content::messages::ChoiceHints;
use crate::core::outbound::{Attachment, Outbound};
use crate::schedule::delivery::DeliveryError;
use matrix_sdk::Room;
use matrix_sdk::attachment::AttachmentConfig;
use matrix_sdk::ruma::api::error::{ErrorKind, RetryAfter};
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use matrix_sdk::ruma::{OwnedTransactionId, TransactionId};
use mime::Mime;
use std::time::{Duration, SystemTime};

/// How many times one message waits out a rate limit before it fails.
const RATE_LIMIT_WAITS: u32 = 20;

/// Sends `message` into `room`. With a `key`, each Matrix message gets the
/// transaction id `key.N`, so sending the same message again under the same
/// key shows it once.
pub async fn send_outbound(
    room: &Room,
    message: &Outbound,
    hints: &ChoiceHints,
    key: Option<&str>,
) -> Result<(), matrix_sdk::Error> {
    let rendered = render(message, hints);
    let count = rendered.len();
    let id = |n: usize| match key {
        Some(key) => OwnedTransactionId::from(format!("{key}.{n}")),
        None => TransactionId::new(),
    };
    for (n, Rendered { plain, html }) in rendered.into_iter().enumerate() {
        let content = RoomMessageEventContent::text_html(plain, html);
        send_waiting_out_limits(room, content, &id(n)).await?;
    }
    if let Some(attachment) = &message.attachment {
        send_file(room, attachment, id(count)).await?;
    }
    Ok(())
}

/// Uploads a file (encrypted in an encrypted room) and posts it.
async fn send_file(
    room: &Room,
    attachment: &Attachment,
    id: OwnedTransactionId,
) -> Result<(), matrix_sdk::Error> {
    let media_type: Mime = attachment
        .media_type
        .parse()
        .unwrap_or(mime::APPLICATION_OCTET_STREAM);
    room.send_attachment(
        attachment.file_name.clone(),
        &media_type,
        attachment.bytes.clone(),
        AttachmentConfig::new().txn_id(id),
    )
    .await
    .map(drop)
}

/// Sends one message, waiting as long as the homeserver asks whenever it
/// answers M_LIMIT_EXCEEDED. Every attempt carries the same transaction id,
/// so an attempt that did reach the server is never shown twice. A reply,
/// and above all a crisis reply, is delayed by a limit, never dropped.
async fn send_waiting_out_limits(
    room: &Room,
    content: RoomMessageEventContent,
    id: &TransactionId,
) -> Result<(), matrix_sdk::Error> {
    let mut waits = 0;
    loop {
        match room
            .send(content.clone())
            .with_transaction_id(id.to_owned())
            .await
        {
            Ok(_) => return Ok(()),
            Err(error) => match delivery_error(&error) {
                DeliveryError::RateLimited(wait) if waits < RATE_LIMIT_WAITS => {
                    waits += 1;
                    tracing::info!(room = %room.room_id(), "rate limited by the homeserver; waiting {wait:?}");
                    tokio::time::sleep(wait).await;
                }
                _ => return Err(error),
            },
        }
    }
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
