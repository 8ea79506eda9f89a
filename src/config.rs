//! The operator's settings: `config/default.toml` (built in) overlaid with
//! the file named by `--config`. Unknown keys and bad values are errors that
//! name the file and the line; secrets never come from here.

use anyhow::{Context, Result, anyhow};
use serde::Deserialize;
use std::path::{Path, PathBuf};

const DEFAULTS: &str = include_str!("../config/default.toml");

/// The settings in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where the store lives; `None` means the system's per-user data directory.
    pub data_dir: Option<PathBuf>,
    pub prompts_dir: PathBuf,
    pub default_region: String,
    pub log: String,
    pub adapters: Adapters,
    pub schedule: Schedule,
    pub matrix: Matrix,
    pub discord: Discord,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adapters {
    pub console: bool,
    pub matrix: bool,
    pub discord: bool,
}

/// The Discord application the bot runs as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discord {
    /// The application id from the developer portal (0 when not set).
    pub application_id: u64,
    /// A server whose commands are registered there instead of globally,
    /// so changes show at once while developing.
    pub development_guild: Option<u64>,
    /// How many gateway shards to run; `None` asks Discord (autosharding).
    pub shards: Option<u32>,
    /// Whether to receive direct messages (the DIRECT_MESSAGES intent), so
    /// people can type answers in a DM instead of using a form.
    pub direct_messages: bool,
}

/// Where and as whom the bot lives on Matrix. The password or access token
/// and the store passphrase come from the environment, never from here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    /// The homeserver's client URL, like `https://matrix.example.org`.
    pub homeserver: String,
    /// The bot's own account, like `@securebase:example.org`.
    pub user_id: String,
    /// The name of the bot's one device, shown to people in their client.
    pub device_name: String,
    /// Who may start a direct chat with the bot: user ids (`@ana:example.org`)
    /// or server names (`example.org`). Empty means the bot's own server.
    pub allowed_inviters: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub grace_minutes: u32,
    pub deliveries_per_second: f64,
}

/// One config file as written: every key optional, none unknown.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    data_dir: Option<PathBuf>,
    prompts_dir: Option<PathBuf>,
    default_region: Option<String>,
    log: Option<String>,
    adapters: Option<AdaptersFile>,
    schedule: Option<ScheduleFile>,
    matrix: Option<MatrixFile>,
    discord: Option<DiscordFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscordFile {
    application_id: Option<u64>,
    development_guild: Option<u64>,
    shards: Option<u32>,
    direct_messages: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatrixFile {
    homeserver: Option<String>,
    user_id: Option<String>,
    device_name: Option<String>,
    allowed_inviters: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScheduleFile {
    grace_minutes: Option<u32>,
    deliveries_per_second: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdaptersFile {
    console: Option<bool>,
    matrix: Option<bool>,
    discord: Option<bool>,
}

const LOG_LEVELS: &[&str] = &["error", "warn", "info", "debug", "trace"];

impl Config {
    /// The built-in defaults, overlaid with `file` when one is given.
    pub fn load(file: Option<&Path>) -> Result<Config> {
        let defaults = parse(DEFAULTS, "the built-in config/default.toml")?;
        let overlay = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the config file {}", path.display()))?;
                parse(&text, &path.display().to_string())?
            }
            None => ConfigFile::default(),
        };
        let origin = file.map_or_else(
            || "the built-in defaults".to_string(),
            |p| p.display().to_string(),
        );
        let adapters = overlay.adapters.unwrap_or_default();
        let default_adapters = defaults.adapters.unwrap_or_default();
        let schedule = overlay.schedule.unwrap_or_default();
        let default_schedule = defaults.schedule.unwrap_or_default();
        let matrix = overlay.matrix.unwrap_or_default();
        let default_matrix = defaults.matrix.unwrap_or_default();
        let discord = overlay.discord.unwrap_or_default();
        let default_discord = defaults.discord.unwrap_or_default();
        let config = Config {
            data_dir: overlay.data_dir.or(defaults.data_dir),
            prompts_dir: overlay
                .prompts_dir
                .or(defaults.prompts_dir)
                .ok_or_else(|| missing("prompts_dir"))?,
            default_region: overlay
                .default_region
                .or(defaults.default_region)
                .ok_or_else(|| missing("default_region"))?,
            log: overlay.log.or(defaults.log).ok_or_else(|| missing("log"))?,
            adapters: Adapters {
                console: adapters
                    .console
                    .or(default_adapters.console)
                    .unwrap_or(false),
                matrix: adapters.matrix.or(default_adapters.matrix).unwrap_or(false),
                discord: adapters
                    .discord
                    .or(default_adapters.discord)
                    .unwrap_or(false),
            },
            schedule: Schedule {
                grace_minutes: schedule
                    .grace_minutes
                    .or(default_schedule.grace_minutes)
                    .ok_or_else(|| missing("schedule.grace_minutes"))?,
                deliveries_per_second: schedule
                    .deliveries_per_second
                    .or(default_schedule.deliveries_per_second)
                    .ok_or_else(|| missing("schedule.deliveries_per_second"))?,
            },
            matrix: Matrix {
                homeserver: matrix
                    .homeserver
                    .or(default_matrix.homeserver)
                    .unwrap_or_default(),
                user_id: matrix
                    .user_id
                    .or(default_matrix.user_id)
                    .unwrap_or_default(),
                device_name: matrix
                    .device_name
                    .or(default_matrix.device_name)
                    .ok_or_else(|| missing("matrix.device_name"))?,
                allowed_inviters: matrix
                    .allowed_inviters
                    .or(default_matrix.allowed_inviters)
                    .unwrap_or_default(),
            },
            discord: Discord {
                application_id: discord
                    .application_id
                    .or(default_discord.application_id)
                    .unwrap_or(0),
                development_guild: discord
                    .development_guild
                    .or(default_discord.development_guild),
                shards: discord.shards.or(default_discord.shards),
                direct_messages: discord
                    .direct_messages
                    .or(default_discord.direct_messages)
                    .unwrap_or(true),
            },
        };
        if config.adapters.discord && config.discord.application_id == 0 {
            return Err(anyhow!(
                "{origin}: Discord is enabled under [adapters], so set `application_id` under [discord] (see config/securebase.example.toml)"
            ));
        }
        if config.discord.shards == Some(0) {
            return Err(anyhow!(
                "{origin}: the key `discord.shards` is 0; leave it out to let Discord decide, or use 1 or more"
            ));
        }
        if config.adapters.matrix {
            for (key, value) in [
                ("homeserver", &config.matrix.homeserver),
                ("user_id", &config.matrix.user_id),
            ] {
                if value.trim().is_empty() {
                    return Err(anyhow!(
                        "{origin}: Matrix is enabled under [adapters], so set `{key}` under [matrix] (see config/securebase.example.toml)"
                    ));
                }
            }
        }
        let rate = config.schedule.deliveries_per_second;
        if !(rate > 0.0 && rate <= 1000.0) {
            return Err(anyhow!(
                "{origin}: the key `schedule.deliveries_per_second` is {rate}; use a number above 0 and up to 1000"
            ));
        }
        if !LOG_LEVELS.contains(&config.log.as_str()) {
            return Err(anyhow!(
                "{origin}: the key `log` is `{}`; use one of {}",
                config.log,
                LOG_LEVELS.join(", ")
            ));
        }
        Ok(config)
    }
}

fn missing(key: &str) -> anyhow::Error {
    anyhow!("the built-in config/default.toml has no `{key}`")
}

fn parse(text: &str, origin: &str) -> Result<ConfigFile> {
    toml::from_str(text).map_err(|error| {
        let line = error
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        match line {
            Some(line) => anyhow!("{origin}:{line}: {}", error.message().trim()),
            None => anyhow!("{origin}: {}", error.message().trim()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("securebase.toml");
        std::fs::write(&path, text).unwrap();
        Config::load(Some(&path))
    }

    #[test]
    fn defaults_need_no_file() {
        let config = Config::load(None).unwrap();
        assert_eq!(config.default_region, "INTL");
        assert_eq!(config.prompts_dir, PathBuf::from("prompts"));
        assert!(config.adapters.console);
        assert!(!config.adapters.matrix);
        assert_eq!(config.matrix.device_name, "securebase");
        assert_eq!(config.data_dir, None);
    }

    #[test]
    fn a_file_overrides_only_what_it_names() {
        let config = load_text("default_region = \"GB\"\n").unwrap();
        assert_eq!(config.default_region, "GB");
        assert_eq!(config.log, "warn");
    }

    #[test]
    fn unknown_keys_and_bad_values_name_file_and_line() {
        let error = load_text("log = \"info\"\ncolour = \"blue\"\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("securebase.toml:2:"), "{error}");
        assert!(error.contains("colour"), "{error}");
        let error = load_text("[adapters]\nconsole = \"yes\"\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("securebase.toml:2:"), "{error}");
        let error = load_text("log = \"loud\"\n").unwrap_err().to_string();
        assert!(error.contains("`log`"), "{error}");
    }

    #[test]
    fn matrix_needs_a_homeserver_and_an_account_when_enabled() {
        let error = load_text("[adapters]\nmatrix = true\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("`homeserver` under [matrix]"), "{error}");
        let config = load_text(
            "[adapters]\nmatrix = true\n[matrix]\nhomeserver = \"http://127.0.0.1:8008\"\nuser_id = \"@bot:localhost\"\n",
        )
        .unwrap();
        assert!(config.adapters.matrix);
        assert!(config.matrix.allowed_inviters.is_empty());
    }

    #[test]
    fn discord_needs_an_application_id_when_enabled() {
        let error = load_text("[adapters]\ndiscord = true\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("`application_id` under [discord]"),
            "{error}"
        );
        let error = load_text("[discord]\nshards = 0\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("`discord.shards` is 0"), "{error}");
        let config =
            load_text("[adapters]\ndiscord = true\n[discord]\napplication_id = 42\n").unwrap();
        assert_eq!(
            config.discord,
            Discord {
                application_id: 42,
                development_guild: None,
                shards: None,
                direct_messages: true,
            }
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let error = Config::load(Some(Path::new("/nonexistent/securebase.toml"))).unwrap_err();
        assert!(format!("{error:#}").contains("/nonexistent/securebase.toml"));
    }

    #[test]
    fn the_example_config_is_valid() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/securebase.example.toml");
        let config = Config::load(Some(&example)).unwrap();
        assert_eq!(config.default_region, "GB");
    }
}
