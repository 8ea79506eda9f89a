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
use securebase::schedule::runner::{Runner, RunnerSettings};
use securebase::store::Store;
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
        Command::Run => {
            if !config.adapters.console {
                bail!("no adapter is enabled: set `console = true` under [adapters] in the config");
            }
            chat(&config, ChatArgs::default())
        }
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

fn init_logging(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("securebase={level}")));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn load_content(dir: &Path) -> Result<Content> {
    Content::load(dir)
        .map_err(|errors| anyhow!("the content in {} has problems:\n{errors}", dir.display()))
}

fn chat(config: &Config, args: ChatArgs) -> Result<()> {
    let content = load_content(&config.prompts_dir)?;
    if content.crisis.region(&config.default_region).is_none() {
        bail!(
            "the config's default_region `{}` has no entry in {}/crisis.toml",
            config.default_region,
            config.prompts_dir.display()
        );
    }
    let data_dir = match args.data_dir.or_else(|| config.data_dir.clone()) {
        Some(dir) => dir,
        None => directories::ProjectDirs::from("", "", "securebase")
            .map(|dirs| dirs.data_dir().to_path_buf())
            .context("no per-user data directory is known here; pass --data-dir DIR")?,
    };
    let store_dir = data_dir.join("store");
    let store = Arc::new(
        Store::open(&store_dir)
            .with_context(|| format!("cannot open the store in {}", store_dir.display()))?,
    );
    println!(
        "securebase keeps your conversations in {}",
        data_dir.display()
    );
    let user = args
        .user
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "me".to_string());
    let who = Who::new(Platform::Console, user);
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
    let engine = Arc::new(engine);

    let (events, inbox) = mpsc::channel();
    let settings = RunnerSettings {
        grace: chrono::Duration::minutes(i64::from(config.schedule.grace_minutes)),
        per_second: config.schedule.deliveries_per_second,
        ..RunnerSettings::default()
    };
    let console = Arc::new(ConsoleDelivery::new(who.clone(), events.clone()));
    let runner = Runner::new(engine.clone(), store, clock, vec![console], settings, wake);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .context("cannot start the scheduler")?;
    runtime.spawn(runner.run());

    console::spawn_reader(std::io::BufReader::new(std::io::stdin()), events);
    let options = ConsoleOptions {
        pace: !args.no_delays,
        prompt: std::io::stdin().is_terminal(),
    };
    let ended = console::chat(&engine, who, &inbox, &mut std::io::stdout(), options);
    runtime.shutdown_background();
    ended.context("the terminal conversation stopped")
}
