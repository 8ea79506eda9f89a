//! The bot under test, as `securebase run` assembles it: the engine on a
//! sled store, the Discord adapter pointed at the stand-in, and the
//! scheduler delivering through it, on a data directory that survives a
//! stop and a start. Time is a manual clock set to 19:00 UTC.

use super::standin::{APPLICATION_ID, Discord, TOKEN};
use chrono::{TimeZone, Utc};
use securebase::adapters::discord::{DiscordBot, DiscordSecrets};
use securebase::config;
use securebase::core::Engine;
use securebase::core::clock::ManualClock;
use securebase::core::content::Content;
use securebase::schedule::runner::{Runner, RunnerSettings};
use securebase::store::Store;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// The server the bot's commands are registered in.
pub const GUILD_ID: u64 = 900_000_000_000_000_100;

pub struct RunningBot {
    pub discord: DiscordBot,
    pub engine: Arc<Engine>,
    pub store: Arc<Store>,
    pub clock: Arc<ManualClock>,
    wake: Arc<Notify>,
    runner: Option<JoinHandle<()>>,
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

pub fn test_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 19, 0, 0).unwrap(),
    ))
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
        // RUST_LOG=serenity=debug,securebase=debug shows what the bot does.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
        let content =
            Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")).unwrap();
        let store = Arc::new(Store::open(&data.join("store")).expect("the store opens"));
        let wake = Arc::new(Notify::new());
        let mut engine = Engine::new(Arc::new(content), store.clone(), clock.clone(), "GB");
        let waker = wake.clone();
        engine.on_schedule_change(move || waker.notify_one());
        let engine = Arc::new(engine);
        let http = DiscordSecrets::new(TOKEN)
            .unwrap()
            .http(&settings)
            .client(discord.client())
            .build();
        let bot = DiscordBot::start(&settings, http, engine.clone())
            .await
            .expect("the Discord adapter starts");
        discord.identified().await;
        let runner = Runner::new(
            engine.clone(),
            store.clone(),
            clock.clone(),
            vec![bot.delivery()],
            RunnerSettings {
                max_sleep: Duration::from_millis(200),
                ..RunnerSettings::default()
            },
            wake.clone(),
        );
        let runner = (scheduler == Scheduler::On).then(|| tokio::spawn(runner.run()));
        RunningBot {
            discord: bot,
            engine,
            store,
            clock,
            wake,
            runner,
        }
    }

    /// Moves the clock on and lets the scheduler look again.
    pub fn advance(&self, by: chrono::Duration) {
        self.clock.advance(by);
        self.wake.notify_one();
    }

    pub async fn stop(self) {
        if let Some(runner) = self.runner {
            runner.abort();
            let _ = runner.await;
        }
        self.discord.stop().await;
    }
}
