//! The scheduler's side of the store: the first due slot, claiming a slot
//! before its ping is delivered, confirming it, recording a ping that could
//! not be delivered, and the claims a crash left unconfirmed. Nothing here
//! scans the schedules: the due index is ordered by slot.

use super::sealed::DataKey;
use super::vault::PersonKey;
use super::{DELIVERIES, SCHEDULES, Store, StoreFailure, keys, settle};
use crate::core::inbound::Who;
use crate::core::schedule::record::ScheduleRecord;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;
use std::collections::HashMap;
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

/// A record that cannot be sealed ends the transaction.
fn abort(error: super::codec::CodecError) -> ConflictableTransactionError<StoreFailure> {
    ConflictableTransactionError::Abort(error.into())
}

/// The last slot at or before `now`, starting from the indexed `slot`: after
/// a long outage, the one slot that may still be inside the grace window.
fn latest_slot(record: &ScheduleRecord, slot: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let mut latest = slot;
    while let Some(next) = record.next_after(latest).filter(|next| *next <= now) {
        latest = next;
    }
    latest
}

impl Store {
    /// The earliest slot in the due index.
    pub fn first_due(&self) -> Result<Option<DateTime<Utc>>, StoreFailure> {
        Ok(self
            .due
            .first()?
            .and_then(|(key, _)| keys::due_parts(&key))
            .map(|(at, _)| at))
    }

    /// Takes up to `limit` slots due at `now`, in slot order, and moves each
    /// schedule on to its next slot after `now`, so after downtime a person
    /// gets at most one late ping, and only within `grace`. The claims are
    /// one transaction, durable before this returns, so a crash can never
    /// deliver a slot twice; one flush serves the whole batch.
    pub fn claim_due(
        &self,
        now: DateTime<Utc>,
        grace: Duration,
        limit: usize,
    ) -> Result<Vec<Claimed>, StoreFailure> {
        let mut due_keys = Vec::new();
        let mut data_keys: HashMap<PersonKey, DataKey> = HashMap::new();
        for key in self.due.iter().keys().take(limit) {
            let key = key?;
            match keys::due_parts(&key) {
                Some((slot, _)) if slot > now => break,
                Some((slot, person)) => {
                    if !data_keys.contains_key(&person)
                        && let Some(data_key) = self.data_key(&person)?
                    {
                        data_keys.insert(person, data_key);
                    }
                    due_keys.push((key, slot, person));
                }
                None => {
                    self.due.remove(&key)?;
                }
            }
        }
        if due_keys.is_empty() {
            return Ok(Vec::new());
        }
        let trees = (&self.schedules, &self.due, &self.deliveries);
        let result = trees.transaction(|(schedules, due, deliveries)| -> TxResult<Vec<Claimed>> {
            let mut claimed = Vec::with_capacity(due_keys.len());
            for (due_key, slot, person) in &due_keys {
                if due.remove(due_key)?.is_none() {
                    continue;
                }
                let Some(bytes) = schedules.get(person)? else {
                    continue;
                };
                let record = data_keys
                    .get(person)
                    .and_then(|key| key.open::<ScheduleRecord>(SCHEDULES, person, &bytes).ok());
                let (Some(data_key), Some(mut record)) = (data_keys.get(person), record) else {
                    tracing::error!(
                        "a damaged schedule record is skipped; its due entry is dropped"
                    );
                    continue;
                };
                let indexed = record.next_due.map(|at| at.timestamp_millis());
                if indexed != Some(slot.timestamp_millis()) {
                    continue;
                }
                let slot = latest_slot(&record, *slot, now);
                record.next_due = record.next_after(now.max(slot));
                if let Some(at) = record.next_due {
                    due.insert(keys::due(at, person), &[])?;
                }
                if now - slot > grace {
                    claimed.push(Claimed::Skipped {
                        who: record.who.clone(),
                        slot,
                    });
                } else {
                    let claim = Claim {
                        key: idempotency_key(&record.who, slot),
                        who: record.who.clone(),
                        slot,
                    };
                    let sealed = data_key.seal(DELIVERIES, person, &claim).map_err(abort)?;
                    deliveries.insert(person, sealed)?;
                    record.last_ping = Some(slot);
                    claimed.push(Claimed::Deliver(claim));
                }
                let sealed = data_key.seal(SCHEDULES, person, &record).map_err(abort)?;
                schedules.insert(person, sealed)?;
            }
            Ok(claimed)
        });
        let claimed = settle(result)?;
        self.durable()?;
        Ok(claimed)
    }

    /// The claim was delivered: forget it. Not flushed: should a crash lose
    /// this, the claim is re-sent under its key or dropped, never doubled.
    pub fn confirm(&self, claim: &Claim) -> Result<(), StoreFailure> {
        self.deliveries.remove(self.vault.person(&claim.who))?;
        Ok(())
    }

    /// The claim could not be delivered: keep the slot to tell the person
    /// the next time they talk, and do not try again.
    pub fn record_missed(&self, claim: &Claim) -> Result<(), StoreFailure> {
        let person = self.vault.person(&claim.who);
        let data_key = self.data_key(&person)?;
        let result = (&self.schedules, &self.deliveries).transaction(
            |(schedules, deliveries)| -> TxResult<()> {
                deliveries.remove(&person)?;
                let (Some(data_key), Some(bytes)) = (&data_key, schedules.get(person)?) else {
                    return Ok(());
                };
                let mut record: ScheduleRecord = data_key
                    .open(SCHEDULES, &person, &bytes)
                    .map_err(|error| ConflictableTransactionError::Abort(error.into()))?;
                record.missed = Some(claim.slot);
                let sealed = data_key.seal(SCHEDULES, &person, &record).map_err(abort)?;
                schedules.insert(&person, sealed)?;
                Ok(())
            },
        );
        settle(result)?;
        self.durable()
    }

    /// Claims a crash left between claiming and confirming. One that cannot
    /// be read (damaged, or its data key gone) is dropped, never sent.
    pub fn unconfirmed(&self) -> Result<Vec<Claim>, StoreFailure> {
        let mut claims = Vec::new();
        for item in self.deliveries.iter() {
            let (key, bytes) = item?;
            let Ok(person) = PersonKey::try_from(key.as_ref()) else {
                continue;
            };
            let claim = self
                .data_key(&person)?
                .and_then(|data_key| data_key.open(DELIVERIES, &person, &bytes).ok());
            match claim {
                Some(claim) => claims.push(claim),
                None => {
                    tracing::error!("an unreadable delivery claim is dropped");
                    self.deliveries.remove(&key)?;
                }
            }
        }
        Ok(claims)
    }
}
