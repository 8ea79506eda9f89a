//! The bot under test: the Matrix adapter on its own data directory, beside
//! the engine and the scheduler (see `services`).

use super::services::Services;
use super::synapse::Synapse;
use securebase::adapters::matrix::MatrixBot;
use securebase::adapters::matrix::login::MatrixSecrets;
use securebase::config;
use securebase::core::clock::ManualClock;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

pub const BOT_NAME: &str = "securebase";
pub const BOT_PASSWORD: &str = "bot-password-for-tests";

pub struct RunningBot {
    pub matrix: MatrixBot,
    services: Services,
    scheduler: JoinHandle<()>,
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
        let services = Services::open(data, clock);
        let secrets = MatrixSecrets {
            password: Some(BOT_PASSWORD.into()),
            access_token: None,
            store_passphrase: "a passphrase for the test store".into(),
        };
        let matrix = MatrixBot::start(
            settings,
            &matrix_dir(data),
            &secrets,
            services.engine.clone(),
        )
        .await
        .expect("the Matrix adapter starts");
        let scheduler = services.start_scheduler(matrix.delivery(), Duration::from_secs(1));
        RunningBot {
            matrix,
            services,
            scheduler,
        }
    }

    /// Moves the clock on and lets the scheduler look at once.
    pub fn advance(&self, by: chrono::Duration) {
        self.services.advance(by);
    }

    /// Stops everything, as a process exit would, and lets go of the store.
    pub async fn stop(self) {
        self.scheduler.abort();
        let _ = self.scheduler.await;
        self.matrix.stop().await;
    }
}

pub fn matrix_dir(data: &Path) -> PathBuf {
    data.join("matrix")
}
