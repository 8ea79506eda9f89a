//! The `securebase` command: `chat` in the terminal (the default), `run` for
//! the adapters enabled in the config, and `prompts check` for content.

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand};
use securebase::adapters::console::delivery::ConsoleDelivery;
use securebase::adapters::console::{self, ConsoleOptions};
use securebase::config::Config;
use securebase::core::clock::{Clock, SystemClock};
use securebase::core::content::Content;
use securebase::core::{Engine, Platform, Who};
use securebase::schedule::delivery::Delivery;
use securebase::schedule::forget::{FORGET_EVERY, forget_expired};
use securebase::schedule::runner::{Runner, RunnerSettings};
use securebase::store::Store;
use securebase::store::vault::KeySource;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, mpsc};
use tokio::sync::Notify;

#[derive(Parser)]
#[command(
    name = "securebase",
    version,
    about = "A self-help companion for working on anxious attachment (not therapy)."
)]
struct Cli {
    /// A config file; its keys override config/default.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Talk to securebase in this terminal (what a bare `securebase` does).
    Chat(ChatArgs),
    /// Start the adapters enabled in the config.
    Run,
    /// Work with the content in prompts/.
    Prompts {
        #[command(subcommand)]
        command: PromptsCommand,
    },
}

#[derive(clap::Args, Default)]
struct ChatArgs {
    /// Where to keep conversations (default: the config's data_dir, else your per-user data directory).
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Who you are to securebase; one data directory can hold several people.
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// Show paced exercises at once instead of waiting (for scripts).
    #[arg(long)]
    no_delays: bool,
    /// Where `mydata export` writes its file (default: the current directory).
    #[arg(long, value_name = "DIR")]
    export_dir: Option<PathBuf>,
    /// Where `insights` draws its mood chart, as a PNG (default: no chart;
    /// the text shows a sparkline).
    #[arg(long, value_name = "FILE")]
    chart: Option<PathBuf>,
}

#[derive(Subcommand)]
enum PromptsCommand {
    /// Validate the content and report every problem as file:line.
    Check {
        /// The content directory (default: the config's prompts_dir).
        dir: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("securebase: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let config = Config::load(cli.config.as_deref())?;
    init_logging(&config.log);
    match cli.command.unwrap_or(Command::Chat(ChatArgs::default())) {
        Command::Chat(args) => chat(&config, args),
        Command::Run => serve(&config),
        Command::Prompts {
            command: PromptsCommand::Check { dir },
        } => {
            let dir = dir.unwrap_or(config.prompts_dir);
            let content = load_content(&dir)?;
            println!(
                "{}: content is valid ({} themes, {} prompts, {} pattern cards, {} openers, {} crisis regions).",
                dir.display(),
                content.reflections.themes.len(),
                content.reflections.prompts.len(),
                content.patterns.cards.len(),
                content.openers.openers.len(),
                content.crisis.regions.len()
            );
            for (region, line) in content.crisis.unverified() {
                println!(
                    "warning: {}/crisis.toml: {} ({}) is not yet checked against the service's own page",
                    dir.display(),
                    line.name,
                    region.code.get_ref()
                );
            }
            Ok(())
        }
    }
}

/// serenity's modules that log whole gateway events and request bodies
/// (what people wrote, interaction tokens) at debug, or at warn when an
/// event does not parse: always off, whatever RUST_LOG says.
const NEVER_LOGGED: [&str; 3] = [
    "serenity::gateway=off",
    "serenity::http=off",
    "serenity::client=off",
];

fn init_logging(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("securebase={level}")));
    let filter = NEVER_LOGGED.iter().fold(filter, |filter, directive| {
        filter.add_directive(directive.parse().expect("a valid directive"))
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn load_content(dir: &Path) -> Result<Content> {
    Content::load(dir)
        .map_err(|errors| anyhow!("the content in {} has problems:\n{errors}", dir.display()))
}

/// What every adapter shares: the engine, the store, and the scheduler's
/// wake-up call for schedule changes.
struct Services {
    engine: Arc<Engine>,
    store: Arc<Store>,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
    data_dir: PathBuf,
}

fn open(config: &Config, data_dir: Option<PathBuf>) -> Result<Services> {
    let content = load_content(&config.prompts_dir)?;
    if content.crisis.region(&config.default_region).is_none() {
        bail!(
            "the config's default_region `{}` has no entry in {}/crisis.toml",
            config.default_region,
            config.prompts_dir.display()
        );
    }
    let data_dir = match data_dir.or_else(|| config.data_dir.clone()) {
        Some(dir) => dir,
        None => directories::ProjectDirs::from("", "", "securebase")
            .map(|dirs| dirs.data_dir().to_path_buf())
            .context("no per-user data directory is known here; pass --data-dir DIR")?,
    };
    let store_dir = data_dir.join("store");
    let key = KeySource::from_environment(&data_dir)?;
    let store = Arc::new(
        Store::open(&store_dir, key)
            .with_context(|| format!("cannot open the store in {}", store_dir.display()))?,
    );
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let wake = Arc::new(Notify::new());
    let mut engine = Engine::new(
        Arc::new(content),
        store.clone(),
        clock.clone(),
        config.default_region.clone(),
    );
    let waker = wake.clone();
    engine.on_schedule_change(move || waker.notify_one());
    Ok(Services {
        engine: Arc::new(engine),
        store,
        clock,
        wake,
        data_dir,
    })
}

impl Services {
    /// Starts the scheduler on `runtime`, delivering through `deliveries`,
    /// and the purge of journal entries past their keeping time.
    fn start_runner(
        &self,
        config: &Config,
        runtime: &tokio::runtime::Runtime,
        deliveries: Vec<Arc<dyn Delivery>>,
    ) {
        let settings = RunnerSettings {
            grace: chrono::Duration::minutes(i64::from(config.schedule.grace_minutes)),
            per_second: config.schedule.deliveries_per_second,
            ..RunnerSettings::default()
        };
        let runner = Runner::new(
            self.engine.clone(),
            self.store.clone(),
            self.clock.clone(),
            deliveries,
            settings,
            self.wake.clone(),
        );
        runtime.spawn(runner.run());
        runtime.spawn(forget_expired(
            self.store.clone(),
            self.clock.clone(),
            FORGET_EVERY,
        ));
    }
}

/// Where the terminal writes files it hands over (an export).
fn current_dir() -> Result<PathBuf> {
    std::env::current_dir().context("cannot tell which directory securebase runs in")
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn chat(config: &Config, args: ChatArgs) -> Result<()> {
    let services = open(config, args.data_dir)?;
    let user = args
        .user
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "me".to_string());
    let runtime = runtime()?;
    let files = match args.export_dir {
        Some(dir) => dir,
        None => current_dir()?,
    };
    let options = ConsoleOptions {
        pace: !args.no_delays,
        prompt: std::io::stdin().is_terminal(),
        files,
        chart: args.chart,
    };
    converse_in_terminal(config, &services, &runtime, Vec::new(), user, options)
}

/// Runs the terminal conversation until its input ends, with the scheduler
/// delivering to the terminal and to `others`.
fn converse_in_terminal(
    config: &Config,
    services: &Services,
    runtime: &tokio::runtime::Runtime,
    mut others: Vec<Arc<dyn Delivery>>,
    user: String,
    options: ConsoleOptions,
) -> Result<()> {
    println!(
        "securebase keeps your conversations in {}",
        services.data_dir.display()
    );
    let who = Who::new(Platform::Console, user);
    let (events, inbox) = mpsc::channel();
    others.push(Arc::new(ConsoleDelivery::new(who.clone(), events.clone())));
    services.start_runner(config, runtime, others);
    console::spawn_reader(std::io::BufReader::new(std::io::stdin()), events);
    console::chat(
        &services.engine,
        who,
        &inbox,
        &mut std::io::stdout(),
        &options,
    )
    .context("the terminal conversation stopped")
}

/// `securebase run`: the adapters the config enables, until the terminal
/// conversation ends or, without one, until the process is interrupted.
fn serve(config: &Config) -> Result<()> {
    if !config.adapters.console && !config.adapters.matrix && !config.adapters.discord {
        bail!(
            "no adapter is enabled: set `console`, `matrix` or `discord` to true under [adapters] in the config"
        );
    }
    let services = open(config, None)?;
    let runtime = runtime()?;
    let mut deliveries = start_matrix(config, &services, &runtime)?;
    let (discord, discord_ended) = start_discord(config, &services, &runtime)?;
    deliveries.extend(discord);
    if config.adapters.console {
        let options = ConsoleOptions {
            pace: true,
            prompt: std::io::stdin().is_terminal(),
            files: current_dir()?,
            chart: None,
        };
        let user = std::env::var("USER").unwrap_or_else(|_| "me".to_string());
        return converse_in_terminal(config, &services, &runtime, deliveries, user, options);
    }
    services.start_runner(config, &runtime, deliveries);
    runtime.block_on(async {
        tokio::select! {
            interrupted = tokio::signal::ctrl_c() => {
                interrupted.context("cannot wait for Ctrl-C")?;
                tracing::info!("interrupted; stopping");
                Ok(())
            }
            why = discord_ended => bail!("the Discord gateway connection ended: {why}"),
        }
    })
}

/// Resolves when a chat network's connection has ended for good.
type Ended = std::pin::Pin<Box<dyn std::future::Future<Output = String> + Send>>;

/// Starts Matrix when the config enables it, and returns its delivery.
#[cfg(feature = "matrix")]
fn start_matrix(
    config: &Config,
    services: &Services,
    runtime: &tokio::runtime::Runtime,
) -> Result<Vec<Arc<dyn Delivery>>> {
    use securebase::adapters::matrix::MatrixBot;
    use securebase::adapters::matrix::login::MatrixSecrets;
    if !config.adapters.matrix {
        return Ok(Vec::new());
    }
    let secrets = MatrixSecrets::from_env()?;
    let dir = services.data_dir.join("matrix");
    let bot = runtime.block_on(MatrixBot::start(
        &config.matrix,
        &dir,
        &secrets,
        services.engine.clone(),
    ))?;
    println!(
        "securebase is on Matrix as {} (device {}), keeping its keys in {}",
        config.matrix.user_id,
        bot.device_id()
            .map_or_else(|| "unknown".into(), |d| d.to_string()),
        dir.display()
    );
    // The bot runs on `runtime` until the process ends; letting go of its
    // handle here does not stop it.
    Ok(vec![bot.delivery()])
}

#[cfg(not(feature = "matrix"))]
fn start_matrix(
    config: &Config,
    _services: &Services,
    _runtime: &tokio::runtime::Runtime,
) -> Result<Vec<Arc<dyn Delivery>>> {
    if config.adapters.matrix {
        bail!("this securebase was built without Matrix; build it with `--features matrix`");
    }
    Ok(Vec::new())
}

/// Starts Discord when the config enables it, and returns its delivery and
/// what resolves when its gateway connection ends for good.
#[cfg(feature = "discord")]
fn start_discord(
    config: &Config,
    services: &Services,
    runtime: &tokio::runtime::Runtime,
) -> Result<(Vec<Arc<dyn Delivery>>, Ended)> {
    use securebase::adapters::discord::{DiscordBot, DiscordSecrets};
    if !config.adapters.discord {
        return Ok((Vec::new(), Box::pin(std::future::pending())));
    }
    let secrets = DiscordSecrets::from_env()?;
    let http = secrets.http(&config.discord)?.build();
    let mut bot = runtime.block_on(DiscordBot::start(
        &config.discord,
        http,
        services.engine.clone(),
    ))?;
    println!(
        "securebase is on Discord as application {}",
        config.discord.application_id
    );
    // The bot runs on `runtime` until the process ends; letting go of its
    // handle here does not stop it.
    Ok((vec![bot.delivery()], Box::pin(bot.ended())))
}

#[cfg(not(feature = "discord"))]
fn start_discord(
    config: &Config,
    _services: &Services,
    _runtime: &tokio::runtime::Runtime,
) -> Result<(Vec<Arc<dyn Delivery>>, Ended)> {
    if config.adapters.discord {
        bail!("this securebase was built without Discord; build it with `--features discord`");
    }
    Ok((Vec::new(), Box::pin(std::future::pending())))
}
