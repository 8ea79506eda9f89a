//! Paced messages (a breathing exercise) are sent in the background, one
//! task per person; anything new from that person stops the rest, as in
//! the terminal and on Matrix.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use tokio::task::AbortHandle;

#[derive(Default)]
pub struct Pacing {
    running: Mutex<HashMap<u64, AbortHandle>>,
}

impl Pacing {
    /// Stops whatever is still being paced for `person`.
    pub fn interrupt(&self, person: u64) {
        if let Some(task) = self.lock().remove(&person) {
            task.abort();
        }
    }

    /// Runs `sending` for `person` in the background, in place of anything
    /// still running for them.
    pub fn start(&self, person: u64, sending: impl Future<Output = ()> + Send + 'static) {
        let task = tokio::spawn(sending).abort_handle();
        let mut running = self.lock();
        running.retain(|_, task| !task.is_finished());
        if let Some(earlier) = running.insert(person, task) {
            earlier.abort();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, AbortHandle>> {
        self.running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn something_new_stops_the_pacing() {
        let pacing = Pacing::default();
        let sent = Arc::new(AtomicUsize::new(0));
        let counter = sent.clone();
        pacing.start(1, async move {
            for _ in 0..3 {
                tokio::time::sleep(Duration::from_secs(4)).await;
                counter.fetch_add(1, Ordering::SeqCst);
            }
        });
        tokio::time::sleep(Duration::from_secs(5)).await;
        pacing.interrupt(1);
        tokio::time::sleep(Duration::from_secs(20)).await;
        assert_eq!(sent.load(Ordering::SeqCst), 1);
    }
}
