//! The bot's one Matrix identity: the first start logs in and saves the
//! session beside an encrypted sqlite store; every later start restores
//! both, so the bot keeps its device and its keys. Secrets come only from
//! the environment.

use crate::config;
use crate::private_file::private_file;
use anyhow::{Context, Result, bail};
use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::ruma::{OwnedDeviceId, UserId};
use matrix_sdk::{Client, SessionMeta, SessionTokens};
use std::io::Write;
use std::path::Path;

pub const PASSWORD_VAR: &str = "SECUREBASE_MATRIX_PASSWORD";
pub const ACCESS_TOKEN_VAR: &str = "SECUREBASE_MATRIX_ACCESS_TOKEN";
pub const PASSPHRASE_VAR: &str = "SECUREBASE_MATRIX_STORE_PASSPHRASE";

/// What the bot needs from the environment. Never logged.
#[derive(Clone)]
pub struct MatrixSecrets {
    /// Used on the first start only, to log in and make the bot's device.
    pub password: Option<String>,
    /// Instead of a password: a token of a device made elsewhere.
    pub access_token: Option<String>,
    /// Encrypts the sqlite store that holds the device's keys.
    pub store_passphrase: String,
}

impl MatrixSecrets {
    /// Reads the secrets from the environment.
    pub fn from_env() -> Result<MatrixSecrets> {
        let read = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let Some(store_passphrase) = read(PASSPHRASE_VAR) else {
            bail!(
                "set {PASSPHRASE_VAR} in the environment: it encrypts the Matrix keys in the data directory"
            );
        };
        Ok(MatrixSecrets {
            password: read(PASSWORD_VAR),
            access_token: read(ACCESS_TOKEN_VAR),
            store_passphrase,
        })
    }
}

/// A client logged in as the configured account, with its store in `dir`.
pub async fn connect(
    settings: &config::Matrix,
    dir: &Path,
    secrets: &MatrixSecrets,
) -> Result<Client> {
    let user_id = UserId::parse(settings.user_id.as_str()).with_context(|| {
        format!(
            "the config's matrix.user_id `{}` is not a Matrix user id like @securebase:example.org",
            settings.user_id
        )
    })?;
    create_private_dir(dir)?;
    let session_path = dir.join("session.json");
    let store_path = dir.join("store");
    let saved = read_session(&session_path)?;
    if saved.is_none() && secrets.password.is_none() && secrets.access_token.is_none() {
        bail!(
            "the first start on Matrix logs in: set {PASSWORD_VAR} (or {ACCESS_TOKEN_VAR}) in the environment"
        );
    }
    if saved.is_none() && store_path.exists() {
        bail!(
            "{} holds the keys of a device whose session file {} is missing; move the directory away to start over as a new device",
            store_path.display(),
            session_path.display()
        );
    }
    let client = Client::builder()
        .homeserver_url(&settings.homeserver)
        .sqlite_store(&store_path, Some(&secrets.store_passphrase))
        .build()
        .await
        .with_context(|| {
            format!(
                "cannot open the Matrix store in {} (is {PASSPHRASE_VAR} the one it was made with?)",
                store_path.display()
            )
        })?;
    match saved {
        Some(session) => {
            if session.meta.user_id != user_id {
                bail!(
                    "{} belongs to {}, but the config says {}; use another data_dir for another account",
                    session_path.display(),
                    session.meta.user_id,
                    user_id
                );
            }
            client
                .restore_session(session)
                .await
                .context("cannot restore the saved Matrix session")?;
        }
        None => {
            let session = match first_session(&client, settings, &user_id, secrets).await {
                Ok(session) => session,
                Err(error) => {
                    // A store made for a login that failed holds nothing yet;
                    // removing it lets the next start log in afresh.
                    drop(client);
                    let _ = std::fs::remove_dir_all(&store_path);
                    return Err(error);
                }
            };
            write_session(&session_path, &session)?;
        }
    }
    Ok(client)
}

/// Logs in for the first time, with the password or the access token.
async fn first_session(
    client: &Client,
    settings: &config::Matrix,
    user_id: &UserId,
    secrets: &MatrixSecrets,
) -> Result<MatrixSession> {
    if let Some(password) = &secrets.password {
        client
            .matrix_auth()
            .login_username(user_id, password)
            .initial_device_display_name(&settings.device_name)
            .await
            .with_context(|| format!("cannot log in to {} as {user_id}", settings.homeserver))?;
    } else if let Some(token) = &secrets.access_token {
        let device_id = device_of_token(settings, user_id, token).await?;
        let session = MatrixSession {
            meta: SessionMeta {
                user_id: user_id.to_owned(),
                device_id,
            },
            tokens: SessionTokens {
                access_token: token.clone(),
                refresh_token: None,
            },
        };
        client
            .restore_session(session)
            .await
            .context("cannot use the access token")?;
    } else {
        bail!("no password or access token to log in with");
    }
    client
        .matrix_auth()
        .session()
        .context("the homeserver gave no session")
}

/// Asks the homeserver which device an access token belongs to, with a
/// client that keeps nothing.
async fn device_of_token(
    settings: &config::Matrix,
    user_id: &UserId,
    token: &str,
) -> Result<OwnedDeviceId> {
    let probe = Client::builder()
        .homeserver_url(&settings.homeserver)
        .build()
        .await?;
    probe
        .restore_session(MatrixSession {
            meta: SessionMeta {
                user_id: user_id.to_owned(),
                device_id: "UNKNOWN".into(),
            },
            tokens: SessionTokens {
                access_token: token.to_string(),
                refresh_token: None,
            },
        })
        .await?;
    let whoami = probe
        .whoami()
        .await
        .context("the homeserver does not accept the access token")?;
    if whoami.user_id != user_id {
        bail!(
            "the access token belongs to {}, but the config says {user_id}",
            whoami.user_id
        );
    }
    whoami
        .device_id
        .context("the access token belongs to no device; log in with a password instead")
}

fn read_session(path: &Path) -> Result<Option<MatrixSession>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .with_context(|| format!("{} is damaged", path.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Writes the session (it holds the access token) readable by its owner
/// only, replacing any old one in a single rename.
fn write_session(path: &Path, session: &MatrixSession) -> Result<()> {
    let partial = path.with_extension("json.partial");
    let mut file =
        private_file(&partial).with_context(|| format!("cannot write {}", partial.display()))?;
    file.write_all(&serde_json::to_vec(session)?)?;
    file.sync_all()?;
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))
}

fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot make {} private", dir.display()))?;
    }
    Ok(())
}
