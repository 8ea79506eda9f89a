//! The Discord adapter: the bot as a Discord application with slash
//! commands, which answers in private (ephemeral replies in servers,
//! ordinary messages in a DM) and sends scheduled pings by DM. It
//! translates between Discord and the engine and holds no conversation
//! logic. `commands` describes the slash commands, `interactions` and
//! `direct` carry what people do to the engine, `send` runs each turn
//! (in order per person, see `queues`; paced, see `pacing`), `render` turns
//! answers into Discord messages and `post` sends them, `custom_id` names
//! the controls, and `delivery` brings scheduled pings.

pub mod commands;
pub mod custom_id;
pub mod delivery;
pub mod direct;
pub mod errors;
pub mod interactions;
pub mod pacing;
pub mod post;
pub mod queues;
pub mod render;
pub mod send;

use crate::config;
use crate::core::Engine;
use crate::core::content::messages::DiscordMessages;
use crate::schedule::delivery::Delivery;
use anyhow::{Context as _, Result, anyhow};
use delivery::DiscordDelivery;
use pacing::Pacing;
use queues::Queues;
use serenity::all::{
    ApplicationId, ClientBuilder, Command, Context, CreateAllowedMentions, EventHandler,
    GatewayIntents, GuildId, Http, HttpBuilder, Interaction, Message, Ready, ShardManager,
};
use std::num::NonZeroU64;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Where the bot token comes from.
pub const TOKEN_VARIABLE: &str = "SECUREBASE_DISCORD_TOKEN";

/// The bot token, read from the environment only and never logged.
pub struct DiscordSecrets {
    token: String,
}

impl DiscordSecrets {
    pub fn from_env() -> Result<DiscordSecrets> {
        let token = std::env::var(TOKEN_VARIABLE).map_err(|_| {
            anyhow!(
                "Discord is enabled, so set {TOKEN_VARIABLE} to the bot's token (see the README)"
            )
        })?;
        DiscordSecrets::new(token)
    }

    pub fn new(token: impl Into<String>) -> Result<DiscordSecrets> {
        let token = token.into().trim().to_string();
        serenity::utils::token::validate(&token).map_err(|_| {
            anyhow!("{TOKEN_VARIABLE} does not look like a Discord bot token (three parts separated by dots)")
        })?;
        Ok(DiscordSecrets { token })
    }

    /// The HTTP client for this application, with mentions off for every
    /// message it sends: whatever a person typed (`@everyone`, a role, a
    /// user) pings nobody.
    pub fn http(&self, settings: &config::Discord) -> Result<HttpBuilder> {
        let application = NonZeroU64::new(settings.application_id)
            .context("the Discord application_id is not set")?;
        Ok(HttpBuilder::new(&self.token)
            .application_id(ApplicationId::from(application))
            .default_allowed_mentions(CreateAllowedMentions::new()))
    }
}

/// What the event handlers share.
pub struct Bot {
    engine: Arc<Engine>,
    pacing: Pacing,
    queues: Queues,
    /// Whether DMs are read (the DIRECT_MESSAGES intent); without it, text
    /// is asked for in a form in DMs too.
    reads_dms: bool,
    development_guild: Option<u64>,
    registered: AtomicBool,
}

impl Bot {
    fn words(&self) -> &DiscordMessages {
        &self.engine.content().messages.discord
    }
}

struct Handler {
    bot: Arc<Bot>,
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(user = %ready.user.name, shard = ?ready.shard, "connected to the Discord gateway");
        if !self.bot.registered.swap(true, Ordering::SeqCst)
            && let Err(error) = register(&self.bot, &ctx.http).await
        {
            self.bot.registered.store(false, Ordering::SeqCst);
            tracing::error!(%error, "the slash commands could not be registered");
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        interactions::on_interaction(&self.bot, &ctx.http, interaction).await;
    }

    async fn message(&self, ctx: Context, message: Message) {
        direct::on_message(&self.bot, &ctx.http, message).await;
    }
}

/// Registers every slash command, in the development server when one is
/// configured (they show at once there), else globally.
async fn register(bot: &Bot, http: &Http) -> Result<()> {
    let definitions = commands::definitions(bot.engine.content());
    let count = definitions.len();
    match bot.development_guild {
        Some(guild) => {
            GuildId::new(guild).set_commands(http, definitions).await?;
            tracing::info!(
                count,
                guild,
                "slash commands registered in the development server"
            );
        }
        None => {
            Command::set_global_commands(http, definitions).await?;
            tracing::info!(count, "slash commands registered globally");
        }
    }
    Ok(())
}

/// The running bot.
pub struct DiscordBot {
    bot: Arc<Bot>,
    http: Arc<Http>,
    shards: Arc<ShardManager>,
    gateway: JoinHandle<()>,
    ended: Option<oneshot::Receiver<String>>,
}

impl DiscordBot {
    /// Checks the token, then connects to the gateway (as many shards as
    /// configured, or as Discord recommends) and answers from then on.
    pub async fn start(
        settings: &config::Discord,
        http: Http,
        engine: Arc<Engine>,
    ) -> Result<DiscordBot> {
        let me = http
            .get_current_user()
            .await
            .context("Discord did not accept the bot token; check SECUREBASE_DISCORD_TOKEN")?;
        let intents = if settings.direct_messages {
            GatewayIntents::DIRECT_MESSAGES
        } else {
            GatewayIntents::empty()
        };
        let bot = Arc::new(Bot {
            engine,
            pacing: Pacing::default(),
            queues: Queues::default(),
            reads_dms: settings.direct_messages,
            development_guild: settings.development_guild,
            registered: AtomicBool::new(false),
        });
        let mut client = ClientBuilder::new_with_http(http, intents)
            .event_handler(Handler { bot: bot.clone() })
            .await
            .context("cannot set up the Discord client")?;
        let http = client.http.clone();
        let shards = client.shard_manager.clone();
        let count = settings.shards;
        let (end, ended) = oneshot::channel();
        let gateway = tokio::spawn(async move {
            let result = match count {
                Some(count) => client.start_shards(count).await,
                None => client.start_autosharded().await,
            };
            let why = match result {
                Ok(()) => "every shard stopped".to_string(),
                Err(error) => error.to_string(),
            };
            tracing::error!(%why, "the Discord gateway connection ended");
            let _ = end.send(why);
        });
        tracing::info!(user = %me.name, "the Discord adapter is running");
        Ok(DiscordBot {
            bot,
            http,
            shards,
            gateway,
            ended: Some(ended),
        })
    }

    /// The scheduler's way to send pings through this bot.
    pub fn delivery(&self) -> Arc<dyn Delivery> {
        Arc::new(DiscordDelivery::new(
            self.http.clone(),
            self.bot.engine.clone(),
            self.bot.reads_dms,
        ))
    }

    /// Resolves, with the reason, when the gateway connection has ended for
    /// good (serenity reconnects by itself until then), so the process can
    /// stop rather than run on deaf. Only the first call gets it.
    pub fn ended(&mut self) -> impl std::future::Future<Output = String> + Send + 'static {
        let ended = self.ended.take();
        async move {
            match ended {
                Some(ended) => ended
                    .await
                    .unwrap_or_else(|_| "the gateway task stopped".to_string()),
                None => std::future::pending().await,
            }
        }
    }

    /// Disconnects every shard and stops answering.
    pub async fn stop(self) {
        self.shards.shutdown_all().await;
        self.gateway.abort();
        let _ = self.gateway.await;
    }
}
