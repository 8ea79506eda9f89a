//! The encoding of every stored value: one version byte, then JSON. JSON keeps
//! records readable for export and tolerant of added fields; the version byte
//! says which shape to read, so a future shape can be migrated, not guessed.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The shape of records this build writes.
pub const RECORD_VERSION: u8 = 1;

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("a stored record is empty")]
    Empty,
    #[error(
        "a stored record has version {0}, which this build cannot read (it reads {RECORD_VERSION})"
    )]
    UnknownVersion(u8),
    #[error("a stored record is damaged: {0}")]
    Damaged(#[from] serde_json::Error),
}

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut bytes = vec![RECORD_VERSION];
    serde_json::to_writer(&mut bytes, value)?;
    Ok(bytes)
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    match bytes.split_first() {
        None => Err(CodecError::Empty),
        Some((&RECORD_VERSION, json)) => Ok(serde_json::from_slice(json)?),
        Some((&version, _)) => Err(CodecError::UnknownVersion(version)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_other_versions_are_refused() {
        let bytes = encode(&vec!["a", "b"]).unwrap();
        assert_eq!(bytes[0], RECORD_VERSION);
        assert_eq!(decode::<Vec<String>>(&bytes).unwrap(), vec!["a", "b"]);
        let mut future = bytes.clone();
        future[0] = RECORD_VERSION + 1;
        assert!(matches!(
            decode::<Vec<String>>(&future),
            Err(CodecError::UnknownVersion(_))
        ));
        assert!(matches!(decode::<Vec<String>>(&[]), Err(CodecError::Empty)));
    }
}
