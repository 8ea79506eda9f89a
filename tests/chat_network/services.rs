//! What a chat-network test runs beside the adapter under test, as
//! `securebase run` assembles it: the engine on a sled store in a data
//! directory that survives a stop and a start, and the scheduler. Time for
//! both is a manual clock that starts at 19:00 UTC, so a ping falls due
//! when the test says. Shared by the Matrix and Discord test binaries.

use chrono::{TimeZone, Utc};
use securebase::core::Engine;
use securebase::core::clock::ManualClock;
use securebase::core::content::Content;
use securebase::schedule::delivery::Delivery;
use securebase::schedule::runner::{Runner, RunnerSettings};
use securebase::store::Store;
use securebase::store::vault::KeySource;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub struct Services {
    pub engine: Arc<Engine>,
    pub store: Arc<Store>,
    pub clock: Arc<ManualClock>,
    wake: Arc<Notify>,
}

/// The clock every test bot starts at: 19:00 UTC.
pub fn test_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 19, 0, 0).unwrap(),
    ))
}

impl Services {
    /// The engine on the store in `data`, with the shipped content and GB
    /// as the default region.
    pub fn open(data: &Path, clock: Arc<ManualClock>) -> Services {
        let content =
            Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")).unwrap();
        let store = Arc::new(
            Store::open(&data.join("store"), KeySource::key_file_in(data))
                .expect("the store opens"),
        );
        let wake = Arc::new(Notify::new());
        let mut engine = Engine::new(Arc::new(content), store.clone(), clock.clone(), "GB");
        let waker = wake.clone();
        engine.on_schedule_change(move || waker.notify_one());
        Services {
            engine: Arc::new(engine),
            store,
            clock,
            wake,
        }
    }

    /// Starts the scheduler delivering through `delivery`, looking at the
    /// due index at least every `max_sleep`.
    pub fn start_scheduler(
        &self,
        delivery: Arc<dyn Delivery>,
        max_sleep: Duration,
    ) -> JoinHandle<()> {
        let runner = Runner::new(
            self.engine.clone(),
            self.store.clone(),
            self.clock.clone(),
            vec![delivery],
            RunnerSettings {
                max_sleep,
                ..RunnerSettings::default()
            },
            self.wake.clone(),
        );
        tokio::spawn(runner.run())
    }

    /// Moves the clock on and lets the scheduler look at once.
    pub fn advance(&self, by: chrono::Duration) {
        self.clock.advance(by);
        self.wake.notify_one();
    }
}
