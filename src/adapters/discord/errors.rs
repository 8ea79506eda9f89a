//! What Discord's error answers mean for the bot: a person it cannot reach,
//! a rate limit, or a passing failure.

use crate::schedule::delivery::DeliveryError;
use serenity::http::HttpError;
use std::time::Duration;

/// Discord's JSON error codes for a person the bot cannot message.
const CANNOT_MESSAGE_USER: isize = 50007;
const UNKNOWN_USER: isize = 10013;
/// How long to wait on a rate limit that did not say (serenity's own
/// limiter normally waits these out before an error reaches here).
const RATE_LIMIT_WAIT: Duration = Duration::from_secs(1);

/// The delivery error a failed Discord call stands for.
pub fn delivery_error(error: &serenity::Error) -> DeliveryError {
    if let serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) = error {
        let code = response.error.code;
        if code == CANNOT_MESSAGE_USER || code == UNKNOWN_USER {
            return DeliveryError::Unreachable(format!(
                "Discord error {code}: {}",
                response.error.message
            ));
        }
        if response.status_code.as_u16() == 429 {
            return DeliveryError::RateLimited(RATE_LIMIT_WAIT);
        }
    }
    DeliveryError::Failed(error.to_string())
}
