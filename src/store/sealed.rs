//! Records sealed with a person's data key (XChaCha20-Poly1305). A sealed
//! value is a format byte, a random 24-byte nonce and the ciphertext of the
//! encoded record; the tree and the record's key are bound in as associated
//! data, so a record cannot be moved to another person or tree unnoticed.

use super::codec::{self, CodecError};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::Serialize;
use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

/// The bytes of a data key.
pub const KEY_BYTES: usize = 32;

/// The first byte of a sealed value. Unsealed records (schema 1) start with
/// the codec's version byte, 1, so the two are never mistaken.
pub const SEALED_FORMAT: u8 = 2;

const NONCE_BYTES: usize = 24;

/// Why a sealed record could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("a stored record is not sealed, or its seal is broken")]
    Unreadable,
    #[error("{0}")]
    Codec(#[from] CodecError),
}

/// One person's data key: it seals all of their records, and destroying it
/// makes every copy of them unreadable.
pub struct DataKey {
    bytes: Zeroizing<[u8; KEY_BYTES]>,
    cipher: XChaCha20Poly1305,
}

impl DataKey {
    pub fn generate() -> DataKey {
        let mut bytes = Zeroizing::new([0u8; KEY_BYTES]);
        bytes.copy_from_slice(&XChaCha20Poly1305::generate_key(&mut OsRng));
        DataKey::new(bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<DataKey> {
        if bytes.len() != KEY_BYTES {
            return None;
        }
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        key.copy_from_slice(bytes);
        Some(DataKey::new(key))
    }

    fn new(bytes: Zeroizing<[u8; KEY_BYTES]>) -> DataKey {
        let cipher = XChaCha20Poly1305::new(bytes.as_slice().into());
        DataKey { bytes, cipher }
    }

    pub fn bytes(&self) -> &[u8] {
        self.bytes.as_slice()
    }

    /// Encodes `value` and seals it as the record `key` of `tree`.
    pub fn seal<T: Serialize>(
        &self,
        tree: &str,
        key: &[u8],
        value: &T,
    ) -> Result<Vec<u8>, CodecError> {
        let plain = Zeroizing::new(codec::encode(value)?);
        let mut bytes = vec![SEALED_FORMAT];
        bytes.extend(encrypt(&self.cipher, &plain, &associated(tree, key)));
        Ok(bytes)
    }

    /// Opens and decodes the record `key` of `tree`.
    pub fn open<T: DeserializeOwned>(
        &self,
        tree: &str,
        key: &[u8],
        bytes: &[u8],
    ) -> Result<T, SealError> {
        let body = match bytes.split_first() {
            Some((&SEALED_FORMAT, body)) => body,
            _ => return Err(SealError::Unreadable),
        };
        let plain =
            decrypt(&self.cipher, body, &associated(tree, key)).ok_or(SealError::Unreadable)?;
        Ok(codec::decode(&plain)?)
    }
}

/// `msg` sealed under a fresh random nonce: the nonce, then the ciphertext.
pub fn encrypt(cipher: &XChaCha20Poly1305, msg: &[u8], aad: &[u8]) -> Vec<u8> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let mut bytes = nonce.to_vec();
    bytes.extend(
        cipher
            .encrypt(&nonce, Payload { msg, aad })
            .expect("XChaCha20-Poly1305 encrypts any message that fits in memory"),
    );
    bytes
}

/// What [`encrypt`] sealed, or `None` when the key, the associated data or
/// the bytes are not the ones it was sealed with.
pub fn decrypt(cipher: &XChaCha20Poly1305, bytes: &[u8], aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if bytes.len() < NONCE_BYTES {
        return None;
    }
    let (nonce, msg) = bytes.split_at(NONCE_BYTES);
    cipher
        .decrypt(XNonce::from_slice(nonce), Payload { msg, aad })
        .ok()
        .map(Zeroizing::new)
}

fn associated(tree: &str, key: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(tree.len() + 1 + key.len());
    aad.extend_from_slice(tree.as_bytes());
    aad.push(0);
    aad.extend_from_slice(key);
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_opens_only_with_its_key_tree_and_record_key() {
        let key = DataKey::generate();
        let sealed = key.seal("journal", b"k1", &"a private sentence").unwrap();
        assert!(
            !sealed
                .windows(b"private".len())
                .any(|window| window == b"private")
        );
        let opened: String = key.open("journal", b"k1", &sealed).unwrap();
        assert_eq!(opened, "a private sentence");
        assert!(key.open::<String>("journal", b"k2", &sealed).is_err());
        assert!(key.open::<String>("sessions", b"k1", &sealed).is_err());
        assert!(
            DataKey::generate()
                .open::<String>("journal", b"k1", &sealed)
                .is_err()
        );
        assert!(key.open::<String>("journal", b"k1", b"\x01{}").is_err());
    }
}
