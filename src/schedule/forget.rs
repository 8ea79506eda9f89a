//! The journal purge: at start and then every hour, erases the entries of
//! everyone who keeps their journal for a number of days that have grown
//! older than that.

use crate::core::clock::Clock;
use crate::store::Store;
use std::sync::Arc;
use std::time::Duration;

/// How often the purge runs; an entry outlives its keeping time by at most this.
pub const FORGET_EVERY: Duration = Duration::from_secs(3600);

/// Runs the purge every `every`, for as long as the task lives.
pub async fn forget_expired(store: Arc<Store>, clock: Arc<dyn Clock>, every: Duration) {
    loop {
        match store.forget_expired(clock.now()) {
            Ok(0) => {}
            Ok(entries) => {
                tracing::info!(entries, "erased journal entries past their keeping time")
            }
            Err(error) => {
                tracing::error!(%error, "the journal purge failed; it runs again within the hour")
            }
        }
        tokio::time::sleep(every).await;
    }
}
