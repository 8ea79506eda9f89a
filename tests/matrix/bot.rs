//! The bot under test, as `securebase run` assembles it: the engine on a
//! sled store, the Matrix adapter, and the scheduler delivering through it,
//! all on a data directory that survives a stop and a start. Time for the
//! engine and the scheduler is a manual clock, so a ping falls due when the
//! test says.

use super::synapse::Synapse;
use chrono::{TimeZone, Utc};
use securebase::adapters::matrix::MatrixBot;
use securebase::adapters::matrix::login::MatrixSecrets;
use securebase::config;
use securebase::core::Engine;
use securebase::core::clock::ManualClock;
use securebase::core::content::Content;
use securebase::schedule::runner::{Runner, RunnerSettings};
use securebase::store::Store;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub const BOT_NAME: &str = "securebase";
pub const BOT_PASSWORD: &str = "bot-password-for-tests";

pub struct RunningBot {
    pub matrix: MatrixBot,
    pub clock: Arc<ManualClock>,
    wake: Arc<Notify>,
    runner: JoinHandle<()>,
}

/// The clock every test bot starts at: 19:00 UTC.
pub fn test_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 19, 0, 0).unwrap(),
    ))
}

pub fn content() -> Arc<Content> {
    Arc::new(Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")).unwrap())
}

pub fn settings(server: &Synapse, allowed_inviters: Vec<String>) -> config::Matrix {
    config::Matrix {
        homeserver: server.url(),
        user_id: format!("@{BOT_NAME}:localhost"),
        device_name: "securebase".into(),
        allowed_inviters,
    }
}

impl RunningBot {
    /// Starts the bot on `data`, logging in on the first start and
    /// restoring its device on every later one.
    pub async fn start(
        settings: &config::Matrix,
        data: &Path,
        clock: Arc<ManualClock>,
    ) -> RunningBot {
        let store = Arc::new(Store::open(&data.join("store")).expect("the store opens"));
        let wake = Arc::new(Notify::new());
        let mut engine = Engine::new(content(), store.clone(), clock.clone(), "GB");
        let waker = wake.clone();
        engine.on_schedule_change(move || waker.notify_one());
        let engine = Arc::new(engine);
        let secrets = MatrixSecrets {
            password: Some(BOT_PASSWORD.into()),
            access_token: None,
            store_passphrase: "a passphrase for the test store".into(),
        };
        let matrix = MatrixBot::start(settings, &matrix_dir(data), &secrets, engine.clone())
            .await
            .expect("the Matrix adapter starts");
        let runner = Runner::new(
            engine,
            store,
            clock.clone(),
            vec![matrix.delivery()],
            RunnerSettings {
                max_sleep: Duration::from_secs(1),
                ..RunnerSettings::default()
            },
            wake.clone(),
        );
        let runner = tokio::spawn(runner.run());
        RunningBot {
            matrix,
            clock,
            wake,
            runner,
        }
    }

    /// Moves the clock on and lets the scheduler look at once.
    pub fn advance(&self, by: chrono::Duration) {
        self.clock.advance(by);
        self.wake.notify_one();
    }

    /// Stops everything, as a process exit would, and lets go of the store.
    pub async fn stop(self) {
        self.runner.abort();
        let _ = self.runner.await;
        self.matrix.stop().await;
    }
}

pub fn matrix_dir(data: &Path) -> PathBuf {
    data.join("matrix")
}
