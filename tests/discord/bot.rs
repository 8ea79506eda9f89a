//! The bot under test: the Discord adapter pointed at the stand-in, beside
//! the engine and the scheduler (see `services`).

use super::services::{Services, test_clock};
use super::standin::{APPLICATION_ID, Discord, TOKEN};
use securebase::adapters::discord::{DiscordBot, DiscordSecrets};
use securebase::config;
use securebase::core::clock::ManualClock;
use serenity::all::Http;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tempfile::TempDir;
use tokio::task::JoinHandle;

/// The server the bot's commands are registered in.
pub const GUILD_ID: u64 = 900_000_000_000_000_100;

pub struct RunningBot {
    pub discord: DiscordBot,
    pub services: Services,
    scheduler: Option<JoinHandle<()>>,
}

/// Whether the scheduler runs beside the adapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheduler {
    On,
    Off,
}

pub fn settings() -> config::Discord {
    config::Discord {
        application_id: APPLICATION_ID,
        development_guild: Some(GUILD_ID),
        shards: Some(1),
        direct_messages: true,
    }
}

/// serenity's HTTP client for the bot, reaching the stand-in.
pub fn http(discord: &Discord, settings: &config::Discord) -> Http {
    DiscordSecrets::new(TOKEN)
        .unwrap()
        .http(settings)
        .unwrap()
        .client(discord.client())
        .build()
}

/// A stand-in Discord and a bot with `settings` on a fresh data directory,
/// with the scheduler on.
pub async fn started_with(settings: config::Discord) -> (Discord, TempDir, RunningBot) {
    let discord = Discord::start().await;
    let data = tempfile::tempdir().unwrap();
    let bot =
        RunningBot::start_with(&discord, data.path(), test_clock(), Scheduler::On, settings).await;
    (discord, data, bot)
}

/// The same, with the usual settings.
pub async fn started() -> (Discord, TempDir, RunningBot) {
    started_with(settings()).await
}

impl RunningBot {
    pub async fn start(discord: &Discord, data: &Path, clock: Arc<ManualClock>) -> RunningBot {
        RunningBot::start_with(discord, data, clock, Scheduler::On, settings()).await
    }

    pub async fn start_with(
        discord: &Discord,
        data: &Path,
        clock: Arc<ManualClock>,
        scheduler: Scheduler,
        settings: config::Discord,
    ) -> RunningBot {
        // RUST_LOG=securebase=debug,serenity=debug shows what the bot does
        // (the binary never lets serenity log events or bodies).
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
        let services = Services::open(data, clock);
        let bot = DiscordBot::start(&settings, http(discord, &settings), services.engine.clone())
            .await
            .expect("the Discord adapter starts");
        discord.identified().await;
        let scheduler = (scheduler == Scheduler::On)
            .then(|| services.start_scheduler(bot.delivery(), Duration::from_millis(200)));
        RunningBot {
            discord: bot,
            services,
            scheduler,
        }
    }

    /// Stops everything, as a process exit would, and lets go of the store.
    pub async fn stop(self) {
        if let Some(scheduler) = self.scheduler {
            scheduler.abort();
            let _ = scheduler.await;
        }
        self.discord.stop().await;
    }
}
