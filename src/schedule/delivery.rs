//! The one interface through which the scheduler hands a ping to a chat
//! network. Each adapter implements it; the idempotency key travels with
//! the ping so a platform that deduplicates (a Matrix transaction id, a
//! Discord nonce) shows a re-sent ping once.

use crate::core::{Outbound, Platform, Who};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A delivery in progress.
pub type Delivering<'a> = Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// The person cannot be reached there (DMs closed, left the room): the
    /// miss is recorded and told next time, never retried.
    #[error("the person cannot be reached: {0}")]
    Unreachable(String),
    /// The platform asks to wait this long before trying again.
    #[error("rate limited for {0:?}")]
    RateLimited(Duration),
    /// A passing failure, tried again a few times.
    #[error("delivery failed: {0}")]
    Failed(String),
}

pub trait Delivery: Send + Sync {
    fn platform(&self) -> Platform;

    /// Whether the platform keeps one message per idempotency key, so a ping
    /// claimed but not confirmed before a crash can be sent again safely.
    fn deduplicates(&self) -> bool;

    fn deliver<'a>(&'a self, to: &'a Who, messages: &'a [Outbound], key: &'a str)
    -> Delivering<'a>;
}
