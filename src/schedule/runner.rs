//! The runner: delivers every due ping once, sleeps until the next one or
//! until a schedule changes, and after a restart settles what a crash left
//! between claim and delivery.

use super::delivery::{Delivery, DeliveryError};
use super::pace::Pace;
use crate::core::clock::Clock;
use crate::core::{Engine, Platform};
use crate::store::due::{Claim, Claimed};
use crate::store::{Store, StoreFailure};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How many due slots one claim takes at most: one durable write serves
/// them all, and a crash mid-batch re-sends (under their keys) or drops the
/// rest. Batches start at one and double, so the first ping goes out at once.
const CLAIM_BATCH: usize = 1024;

/// How long the runner waits after a storage error before it looks again.
const ERROR_PAUSE: Duration = Duration::from_secs(30);

/// How the runner behaves; see `[schedule]` in the config.
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerSettings {
    /// After downtime, a slot older than this is skipped, never replayed.
    pub grace: chrono::Duration,
    /// Deliveries a second to each platform.
    pub per_second: f64,
    /// How often a passing failure is tried before it counts as a miss.
    pub attempts: u32,
    /// The longest sleep between looks at the due index, so a wall clock
    /// that jumps is noticed.
    pub max_sleep: Duration,
}

impl Default for RunnerSettings {
    fn default() -> RunnerSettings {
        RunnerSettings {
            grace: chrono::Duration::hours(2),
            per_second: 5.0,
            attempts: 3,
            max_sleep: Duration::from_secs(60),
        }
    }
}

/// Delivers due pings. `wake` is notified when a schedule changes, so the
/// runner never sleeps past a new, earlier slot.
pub struct Runner {
    engine: Arc<Engine>,
    store: Arc<Store>,
    clock: Arc<dyn Clock>,
    deliveries: HashMap<Platform, Arc<dyn Delivery>>,
    settings: RunnerSettings,
    pace: Pace,
    wake: Arc<Notify>,
}

impl Runner {
    pub fn new(
        engine: Arc<Engine>,
        store: Arc<Store>,
        clock: Arc<dyn Clock>,
        deliveries: Vec<Arc<dyn Delivery>>,
        settings: RunnerSettings,
        wake: Arc<Notify>,
    ) -> Runner {
        Runner {
            pace: Pace::new(settings.per_second),
            deliveries: deliveries.into_iter().map(|d| (d.platform(), d)).collect(),
            engine,
            store,
            clock,
            settings,
            wake,
        }
    }

    /// Settles what a crash left, then delivers pings as they fall due, until
    /// the task is dropped.
    /// A storage error is logged and tried again after a pause: one bad
    /// moment must not stop everyone's pings.
    pub async fn run(mut self) {
        if let Err(error) = self.recover().await {
            tracing::error!(%error, "the claims a restart left could not be settled; trying again later");
        }
        loop {
            let looked = match self.deliver_due().await {
                Ok(_) => self.sleep_until_next().await,
                Err(error) => Err(error),
            };
            if let Err(error) = looked {
                tracing::error!(%error, "the scheduler could not read or claim due pings; trying again shortly");
                tokio::time::sleep(ERROR_PAUSE.min(self.settings.max_sleep)).await;
            }
        }
    }

    /// A claim left between claim and confirmation by a crash is sent again,
    /// with its idempotency key, where the platform deduplicates and the
    /// slot is inside the grace window; elsewhere it is dropped, so no ping
    /// ever arrives twice.
    pub async fn recover(&mut self) -> Result<(), StoreFailure> {
        let now = self.clock.now();
        for claim in self.store.unconfirmed()? {
            let safe = self
                .deliveries
                .get(&claim.who.platform)
                .is_some_and(|d| d.deduplicates());
            if safe && now - claim.slot <= self.settings.grace {
                tracing::info!(who = %claim.who, "re-sending a ping a restart interrupted, with its idempotency key");
                self.send(claim).await?;
            } else {
                tracing::info!(who = %claim.who, "a ping a restart interrupted is not sent again");
                self.store.confirm(&claim)?;
            }
        }
        Ok(())
    }

    /// Delivers every slot due now, claimed in growing batches; returns how
    /// many pings were sent.
    pub async fn deliver_due(&mut self) -> Result<usize, StoreFailure> {
        let mut sent = 0;
        let mut size = 1;
        loop {
            let batch = self
                .store
                .claim_due(self.clock.now(), self.settings.grace, size)?;
            if batch.is_empty() {
                return Ok(sent);
            }
            size = (size * 2).min(CLAIM_BATCH);
            for claimed in batch {
                match claimed {
                    Claimed::Deliver(claim) => {
                        if self.send(claim).await? {
                            sent += 1;
                        }
                    }
                    Claimed::Skipped { who, slot } => {
                        tracing::info!(%who, %slot, "a ping older than the grace window is skipped");
                    }
                }
            }
        }
    }

    async fn sleep_until_next(&self) -> Result<(), StoreFailure> {
        let wait = match self.store.first_due()? {
            Some(due) => (due - self.clock.now()).to_std().unwrap_or(Duration::ZERO),
            None => self.settings.max_sleep,
        };
        tokio::select! {
            () = tokio::time::sleep(wait.min(self.settings.max_sleep)) => {}
            () = self.wake.notified() => {}
        }
        Ok(())
    }

    /// Asks the engine for the ping and delivers it; a miss is recorded.
    /// Returns whether it was delivered.
    async fn send(&mut self, claim: Claim) -> Result<bool, StoreFailure> {
        let Some(delivery) = self.deliveries.get(&claim.who.platform).cloned() else {
            tracing::warn!(who = %claim.who, "no adapter delivers to this platform; the ping is recorded as missed");
            self.store.record_missed(&claim)?;
            return Ok(false);
        };
        let ping = match self.engine.ping(&claim.who) {
            Ok(Some(ping)) => ping,
            Ok(None) => {
                self.store.confirm(&claim)?;
                return Ok(false);
            }
            Err(error) => {
                tracing::error!(who = %claim.who, %error, "the ping could not be prepared; it is left for the next start");
                return Ok(false);
            }
        };
        tracing::debug!(who = %claim.who, slot = %claim.slot, "delivering a ping");
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.pace.wait(claim.who.platform).await;
            match delivery
                .deliver(&claim.who, &ping.messages, &claim.key)
                .await
            {
                Ok(()) => {
                    if let Err(error) = self.engine.ping_delivered(&claim.who, &ping) {
                        tracing::error!(who = %claim.who, %error, "a delivered ping could not be made the person's step");
                    }
                    self.store.confirm(&claim)?;
                    return Ok(true);
                }
                Err(DeliveryError::RateLimited(wait)) if attempt < self.settings.attempts => {
                    tokio::time::sleep(wait).await;
                }
                Err(DeliveryError::Failed(error))
                    if attempt < self.settings.attempts && delivery.deduplicates() =>
                {
                    tracing::warn!(who = %claim.who, %error, attempt, "a ping delivery failed; trying again");
                    tokio::time::sleep(Duration::from_secs(2u64.pow(attempt))).await;
                }
                Err(error) => {
                    tracing::warn!(who = %claim.who, %error, "a ping could not be delivered; the person is told next time");
                    self.store.record_missed(&claim)?;
                    return Ok(false);
                }
            }
        }
    }
}
