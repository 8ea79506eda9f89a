//! The Matrix adapter: the bot as one Matrix account with one device, which
//! talks to people in end-to-end encrypted direct chats. It translates
//! between Matrix events and the engine and holds no conversation logic.
//! `login` keeps the identity, `invites` decides which rooms it is in,
//! `conversation` carries messages to the engine, `render` and `send` turn
//! answers into Matrix messages, and `delivery` brings scheduled pings.

pub mod conversation;
pub mod delivery;
pub mod invites;
pub mod login;
pub mod render;
pub mod send;

use crate::config;
use crate::core::Engine;
use crate::core::content::messages::ChoiceHints;
use crate::schedule::delivery::Delivery;
use anyhow::{Context, Result};
use conversation::Conversations;
use delivery::MatrixDelivery;
use login::MatrixSecrets;
use matrix_sdk::Client;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::ruma::{MilliSecondsSinceUnixEpoch, OwnedDeviceId, OwnedUserId};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

/// The first and the longest wait before syncing again after a failure.
const FIRST_SYNC_RETRY: Duration = Duration::from_secs(1);
const MAX_SYNC_RETRY: Duration = Duration::from_secs(300);

/// What the event handlers share.
pub struct Bot {
    client: Client,
    own_id: OwnedUserId,
    engine: Arc<Engine>,
    allowed_inviters: Vec<String>,
    conversations: Conversations,
    /// When this start began: anything sent earlier is history, not a
    /// message to answer now.
    started: MilliSecondsSinceUnixEpoch,
}

impl Bot {
    fn hints(&self) -> &ChoiceHints {
        &self.engine.content().messages.choices
    }
}

/// The running bot.
pub struct MatrixBot {
    bot: Arc<Bot>,
    sync: JoinHandle<()>,
}

impl MatrixBot {
    /// Logs in (or restores the saved device) with its store in `dir`,
    /// catches up, and starts syncing. Messages are heard from the catch-up
    /// on, but what people wrote before the start is only screened for a
    /// crisis (see `conversation`). Invites are handled once the catch-up
    /// is done, so pending ones are answered exactly once.
    pub async fn start(
        settings: &config::Matrix,
        dir: &Path,
        secrets: &MatrixSecrets,
        engine: Arc<Engine>,
    ) -> Result<MatrixBot> {
        let started = MilliSecondsSinceUnixEpoch::now();
        let client = login::connect(settings, dir, secrets).await?;
        let own_id = client
            .user_id()
            .context("the Matrix client has no user after logging in")?
            .to_owned();
        let bot = Arc::new(Bot {
            client: client.clone(),
            own_id,
            engine,
            allowed_inviters: settings.allowed_inviters.clone(),
            conversations: Conversations::default(),
            started,
        });
        // Handlers hold the bot weakly, so stopping it lets go of the engine.
        client.add_event_handler_context(Arc::downgrade(&bot));
        client.add_event_handler(conversation::on_message);
        let first = client
            .sync_once(SyncSettings::default())
            .await
            .with_context(|| format!("the first sync with {} failed", settings.homeserver))?;
        client.add_event_handler(invites::on_invite);
        client.add_event_handler(invites::on_member_change);
        invites::answer_pending(&bot).await;
        let sync = tokio::spawn(sync_forever(client, first.next_batch));
        tracing::info!(user = %bot.own_id, device = ?bot.client.device_id(), "the Matrix adapter is running");
        Ok(MatrixBot { bot, sync })
    }

    /// The scheduler's way to send pings through this bot.
    pub fn delivery(&self) -> Arc<dyn Delivery> {
        Arc::new(MatrixDelivery::new(self.bot.clone()))
    }

    /// The bot's device, which stays the same from start to start.
    pub fn device_id(&self) -> Option<OwnedDeviceId> {
        self.bot.client.device_id().map(ToOwned::to_owned)
    }

    /// Stops syncing and answering.
    pub async fn stop(self) {
        self.sync.abort();
        let _ = self.sync.await;
        self.bot.conversations.stop_all();
    }
}

/// Syncs until the task is dropped; a failure is logged and tried again
/// after a pause that grows while failures come quickly one after another.
async fn sync_forever(client: Client, since: String) {
    let mut settings = SyncSettings::default().token(since);
    let mut wait = FIRST_SYNC_RETRY;
    loop {
        let began = tokio::time::Instant::now();
        if let Err(error) = client.sync(settings).await {
            tracing::error!(%error, "syncing with the homeserver failed; trying again in {wait:?}");
        }
        if began.elapsed() > MAX_SYNC_RETRY {
            wait = FIRST_SYNC_RETRY;
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(MAX_SYNC_RETRY);
        settings = SyncSettings::default();
    }
}
