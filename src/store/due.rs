//! The scheduler's side of the store: the first due slot, claiming a slot
//! before its ping is delivered, confirming it, recording a ping that could
//! not be delivered, and the claims a crash left unconfirmed. Nothing here
//! scans the schedules: the due index is ordered by slot.

use super::codec::{decode, encode};
use super::{Store, StoreFailure, keys, settle};
use crate::core::inbound::Who;
use crate::core::schedule::record::ScheduleRecord;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;
use std::hash::{DefaultHasher, Hash, Hasher};

/// A slot claimed for delivery. `key` is the idempotency key: the same slot
/// always travels with the same key, so a platform that deduplicates shows
/// a re-sent ping once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub who: Who,
    pub slot: DateTime<Utc>,
    pub key: String,
}

/// What became of the first due slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claimed {
    /// Deliver it now, then confirm.
    Deliver(Claim),
    /// It was due longer ago than the grace window: skipped, never replayed.
    Skipped { who: Who, slot: DateTime<Utc> },
}

/// An idempotency key for a slot: short enough for a Discord nonce (25).
fn idempotency_key(who: &Who, slot: DateTime<Utc>) -> String {
    let mut hasher = DefaultHasher::new();
    who.hash(&mut hasher);
    slot.timestamp_millis().hash(&mut hasher);
    format!("sb{:016x}", hasher.finish())
}

type TxResult<T> = Result<T, ConflictableTransactionError<StoreFailure>>;

impl Store {
    /// The earliest slot in the due index.
    pub fn first_due(&self) -> Result<Option<DateTime<Utc>>, StoreFailure> {
        Ok(self.due.first()?.and_then(|(key, _)| keys::due_at(&key)))
    }

    /// Takes the first slot due at `now`, if any, and moves its schedule on
    /// to the next slot after `now`, so after downtime a person gets at most
    /// one late ping, and only within `grace`. The claim is durable before
    /// this returns, so a crash can never deliver the slot twice.
    pub fn claim_due(
        &self,
        now: DateTime<Utc>,
        grace: Duration,
    ) -> Result<Option<Claimed>, StoreFailure> {
        loop {
            let Some((due_key, _)) = self.due.first()? else {
                return Ok(None);
            };
            let slot = match keys::due_at(&due_key) {
                Some(slot) if slot > now => return Ok(None),
                Some(slot) => slot,
                None => {
                    self.due.remove(&due_key)?;
                    continue;
                }
            };
            let person = due_key[8..].to_vec();
            let trees = (&self.schedules, &self.due, &self.deliveries);
            let result = trees.transaction(
                |(schedules, due, deliveries)| -> TxResult<Option<Claimed>> {
                    if due.remove(&due_key)?.is_none() {
                        return Ok(None);
                    }
                    let Some(bytes) = schedules.get(&person)? else {
                        return Ok(None);
                    };
                    let mut record: ScheduleRecord = decode(&bytes)
                        .map_err(|error| ConflictableTransactionError::Abort(error.into()))?;
                    if record.next_due != Some(slot) {
                        return Ok(None);
                    }
                    record.next_due = record.next_after(now.max(slot));
                    if let Some(at) = record.next_due {
                        due.insert(keys::due(at, &record.who), &[])?;
                    }
                    let claimed = if now - slot > grace {
                        Claimed::Skipped {
                            who: record.who.clone(),
                            slot,
                        }
                    } else {
                        let claim = Claim {
                            key: idempotency_key(&record.who, slot),
                            who: record.who.clone(),
                            slot,
                        };
                        let encoded = encode(&claim)
                            .map_err(|error| ConflictableTransactionError::Abort(error.into()))?;
                        deliveries.insert(person.as_slice(), encoded)?;
                        Claimed::Deliver(claim)
                    };
                    let encoded = encode(&record)
                        .map_err(|error| ConflictableTransactionError::Abort(error.into()))?;
                    schedules.insert(person.as_slice(), encoded)?;
                    Ok(Some(claimed))
                },
            );
            if let Some(claimed) = settle(result)? {
                self.durable()?;
                return Ok(Some(claimed));
            }
        }
    }

    /// The claim was delivered: forget it.
    pub fn confirm(&self, claim: &Claim) -> Result<(), StoreFailure> {
        self.deliveries.remove(keys::person(&claim.who))?;
        self.durable()
    }

    /// The claim could not be delivered: keep the slot to tell the person
    /// the next time they talk, and do not try again.
    pub fn record_missed(&self, claim: &Claim) -> Result<(), StoreFailure> {
        let person = keys::person(&claim.who);
        let result = (&self.schedules, &self.deliveries).transaction(
            |(schedules, deliveries)| -> TxResult<()> {
                deliveries.remove(person.as_slice())?;
                if let Some(bytes) = schedules.get(&person)? {
                    let mut record: ScheduleRecord = decode(&bytes)
                        .map_err(|error| ConflictableTransactionError::Abort(error.into()))?;
                    record.missed = Some(claim.slot);
                    let encoded = encode(&record)
                        .map_err(|error| ConflictableTransactionError::Abort(error.into()))?;
                    schedules.insert(person.as_slice(), encoded)?;
                }
                Ok(())
            },
        );
        settle(result)?;
        self.durable()
    }

    /// Claims a crash left between claiming and confirming.
    pub fn unconfirmed(&self) -> Result<Vec<Claim>, StoreFailure> {
        self.deliveries
            .iter()
            .values()
            .map(|value| Ok(decode(&value?)?))
            .collect()
    }
}
