//! The store's master key and what is derived from it: where the key comes
//! from (`SECUREBASE_STORE_KEY`, or a 0600 key file beside the data), the
//! keyed hash that stands for a person in every key of the database, the
//! wrapping of each person's data key, and the record that tells a wrong
//! master key from the right one before anything is read or written.

use super::sealed::{DataKey, KEY_BYTES, decrypt, encrypt};
use crate::core::inbound::{Platform, Who};
use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::{KeyInit, OsRng};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::Write;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The environment variable that holds the master key, as 64 hex digits.
pub const KEY_ENV: &str = "SECUREBASE_STORE_KEY";

/// The bytes of a person's keyed hash: the only name a person has in the
/// database's keys.
pub const PERSON_BYTES: usize = 16;

/// A person's keyed hash of their platform and id.
pub type PersonKey = [u8; PERSON_BYTES];

/// A wrapped data key as the keyring keeps it: nonce, then the sealed key.
pub const WRAPPED_BYTES: usize = 24 + KEY_BYTES + 16;

const CHECK_TEXT: &[u8] = b"securebase store key";

/// Why the master key could not be had or is not the right one.
#[derive(Debug, thiserror::Error)]
pub enum KeyFailure {
    #[error("{KEY_ENV} must be 64 hex digits (32 bytes); make one with `openssl rand -hex 32`")]
    Malformed,
    #[error("the key file {0} is not a store key: it must hold 64 hex digits")]
    MalformedFile(String),
    #[error(
        "this data directory is encrypted, and its key is not here: set {KEY_ENV}, or put back the key file {0}"
    )]
    Missing(String),
    #[error(
        "the store key does not open this data directory (it was written with another key); nothing was read or changed"
    )]
    Wrong,
    #[error("cannot read or create the key file {0}: {1}")]
    File(String, std::io::Error),
}

/// The 32-byte master key.
pub struct StoreKey(Zeroizing<[u8; KEY_BYTES]>);

impl StoreKey {
    /// A fresh random key.
    pub fn generate() -> StoreKey {
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        key.copy_from_slice(&XChaCha20Poly1305::generate_key(&mut OsRng));
        StoreKey(key)
    }

    /// A key written as 64 hex digits (surrounding whitespace is ignored).
    pub fn from_hex(text: &str) -> Option<StoreKey> {
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        hex::decode_to_slice(text.trim(), key.as_mut_slice()).ok()?;
        Some(StoreKey(key))
    }

    /// The key as 64 hex digits, for a key file.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0.as_slice()))
    }
}

/// Where the master key comes from.
pub enum KeySource {
    /// The key itself (from the environment, or a test).
    Given(StoreKey),
    /// A key file, created with a new key the first time a data directory
    /// is opened, and required from then on.
    File(PathBuf),
}

impl KeySource {
    /// `SECUREBASE_STORE_KEY` when it is set, else the key file in `data_dir`.
    pub fn from_environment(data_dir: &Path) -> Result<KeySource, KeyFailure> {
        match std::env::var(KEY_ENV) {
            Ok(text) => StoreKey::from_hex(&text)
                .map(KeySource::Given)
                .ok_or(KeyFailure::Malformed),
            Err(_) => Ok(KeySource::key_file_in(data_dir)),
        }
    }

    /// The key file `store.key` in `data_dir`.
    pub fn key_file_in(data_dir: &Path) -> KeySource {
        KeySource::File(data_dir.join("store.key"))
    }

    /// The key. A missing key file is created only for a directory that
    /// holds no encrypted data yet (`keyed` false); for one that does, it is
    /// an error, since a new key would open nothing.
    pub fn resolve(self, keyed: bool) -> Result<StoreKey, KeyFailure> {
        let path = match self {
            KeySource::Given(key) => return Ok(key),
            KeySource::File(path) => path,
        };
        let shown = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                warn_if_readable_by_others(&path);
                StoreKey::from_hex(&text).ok_or(KeyFailure::MalformedFile(shown))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                if keyed {
                    return Err(KeyFailure::Missing(shown));
                }
                let key = StoreKey::generate();
                write_key_file(&path, &key).map_err(|error| KeyFailure::File(shown, error))?;
                tracing::info!(path = %path.display(), "created a new store key; keep it with the data, and back it up with it");
                Ok(key)
            }
            Err(error) => Err(KeyFailure::File(shown, error)),
        }
    }
}

fn write_key_file(path: &Path, key: &StoreKey) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = crate::private_file::new_private_file(path)?;
    file.write_all(key.to_hex().as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(metadata) = std::fs::metadata(path)
        && metadata.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(path = %path.display(), "the store key file can be read by others; run `chmod 600` on it");
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_: &Path) {}

/// The keys derived from the master key.
pub struct Vault {
    index: Zeroizing<[u8; KEY_BYTES]>,
    wrap: XChaCha20Poly1305,
}

impl Vault {
    pub fn new(key: &StoreKey) -> Vault {
        let derive = hkdf::Hkdf::<Sha256>::new(Some(b"securebase store"), key.0.as_slice());
        let mut index = Zeroizing::new([0u8; KEY_BYTES]);
        let mut wrap = Zeroizing::new([0u8; KEY_BYTES]);
        derive
            .expand(b"person index v1", index.as_mut_slice())
            .expect("32 bytes is a valid HKDF output length");
        derive
            .expand(b"data key wrap v1", wrap.as_mut_slice())
            .expect("32 bytes is a valid HKDF output length");
        Vault {
            index,
            wrap: XChaCha20Poly1305::new(wrap.as_slice().into()),
        }
    }

    /// The keyed hash of a person's platform and id: the same person always
    /// gets the same key, and the raw id is never written.
    pub fn person(&self, who: &Who) -> PersonKey {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.index.as_slice())
            .expect("HMAC takes a key of any length");
        let platform: &[u8] = match who.platform {
            Platform::Console => b"c",
            Platform::Discord => b"d",
            Platform::Matrix => b"m",
        };
        mac.update(platform);
        mac.update(who.user_id.as_bytes());
        let mut person = [0u8; PERSON_BYTES];
        person.copy_from_slice(&mac.finalize().into_bytes()[..PERSON_BYTES]);
        person
    }

    /// The record kept in the database to recognise this key by.
    pub fn check_record(&self) -> Vec<u8> {
        encrypt(&self.wrap, CHECK_TEXT, b"")
    }

    /// Whether `record` was made by [`Vault::check_record`] under this key.
    pub fn recognises(&self, record: &[u8]) -> bool {
        decrypt(&self.wrap, record, b"").is_some_and(|text| text.as_slice() == CHECK_TEXT)
    }

    /// A person's data key, sealed for them alone.
    pub fn wrap(&self, person: &PersonKey, key: &DataKey) -> [u8; WRAPPED_BYTES] {
        let sealed = encrypt(&self.wrap, key.bytes(), person);
        let mut wrapped = [0u8; WRAPPED_BYTES];
        wrapped.copy_from_slice(&sealed);
        wrapped
    }

    /// The data key in `wrapped`, or `None` when it is not this person's or
    /// cannot be opened.
    pub fn unwrap(&self, person: &PersonKey, wrapped: &[u8]) -> Option<DataKey> {
        DataKey::from_bytes(&decrypt(&self.wrap, wrapped, person)?)
    }

    /// A data key as schema 2 wrapped it, for the person and the number of
    /// the slot it was appended in; read only by the upgrade from it.
    pub fn unwrap_appended(
        &self,
        person: &PersonKey,
        slot: u64,
        wrapped: &[u8],
    ) -> Option<DataKey> {
        let mut aad = person.to_vec();
        aad.extend_from_slice(&slot.to_be_bytes());
        DataKey::from_bytes(&decrypt(&self.wrap, wrapped, &aad)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_key_is_stable_per_master_key_and_hides_the_id() {
        let key = StoreKey::from_hex(&"ab".repeat(32)).unwrap();
        let ann = Who::new(Platform::Console, "ann");
        let first = Vault::new(&key).person(&ann);
        assert_eq!(first, Vault::new(&key).person(&ann));
        assert_ne!(first, Vault::new(&StoreKey::generate()).person(&ann));
        assert_ne!(
            first,
            Vault::new(&key).person(&Who::new(Platform::Matrix, "ann"))
        );
    }

    #[test]
    fn a_wrapped_key_opens_only_for_its_person_under_its_master_key() {
        let vault = Vault::new(&StoreKey::generate());
        let data_key = DataKey::generate();
        let person = [7u8; PERSON_BYTES];
        let wrapped = vault.wrap(&person, &data_key);
        assert_eq!(
            vault.unwrap(&person, &wrapped).unwrap().bytes(),
            data_key.bytes()
        );
        assert!(vault.unwrap(&[8u8; PERSON_BYTES], &wrapped).is_none());
        assert!(vault.unwrap_appended(&person, 0, &wrapped).is_none());
        let other = Vault::new(&StoreKey::generate());
        assert!(other.unwrap(&person, &wrapped).is_none());
        assert!(!other.recognises(&vault.check_record()));
        assert!(vault.recognises(&vault.check_record()));
    }

    #[test]
    fn a_key_must_be_64_hex_digits() {
        assert!(StoreKey::from_hex("abc").is_none());
        assert!(StoreKey::from_hex(&"zz".repeat(32)).is_none());
        let key = StoreKey::from_hex(&format!(" {}\n", "0f".repeat(32))).unwrap();
        assert_eq!(key.to_hex().as_str(), "0f".repeat(32));
    }
}
