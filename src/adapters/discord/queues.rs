//! One person's turns run one at a time, in the order they came: serenity
//! handles each event in a task of its own, so two lines typed quickly, or
//! a stop pressed during paced breathing, could otherwise be answered out
//! of order. Different people never wait for each other.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct Queues {
    queues: Mutex<HashMap<u64, Arc<tokio::sync::Mutex<()>>>>,
}

impl Queues {
    /// The queue of `person`; hold its lock for the whole turn. Queues
    /// nobody holds are let go of on the way.
    pub fn of(&self, person: u64) -> Arc<tokio::sync::Mutex<()>> {
        let mut queues = self
            .queues
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        queues.retain(|_, queue| Arc::strong_count(queue) > 1);
        queues.entry(person).or_default().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_persons_turns_wait_in_order_and_others_do_not() {
        let queues = Queues::default();
        let first = queues.of(1).lock_owned().await;
        assert!(queues.of(1).try_lock().is_err(), "the second turn waits");
        assert!(queues.of(2).try_lock().is_ok(), "someone else does not");
        drop(first);
        assert!(queues.of(1).try_lock().is_ok());
    }
}
