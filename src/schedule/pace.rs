//! Pacing: deliveries to one platform are spaced at least `1 / rate` apart,
//! so a busy minute never runs into the platform's rate limits.

use crate::core::Platform;
use std::collections::HashMap;
use std::time::Duration;
use tokio::time::Instant;

pub struct Pace {
    gap: Duration,
    next_free: HashMap<Platform, Instant>,
}

impl Pace {
    /// At most `per_second` deliveries a second to each platform.
    pub fn new(per_second: f64) -> Pace {
        Pace {
            gap: Duration::from_secs_f64(1.0 / per_second.max(0.001)),
            next_free: HashMap::new(),
        }
    }

    /// Waits for the platform's turn, and books the next one.
    pub async fn wait(&mut self, platform: Platform) {
        let now = Instant::now();
        let at = self
            .next_free
            .get(&platform)
            .copied()
            .unwrap_or(now)
            .max(now);
        tokio::time::sleep_until(at).await;
        self.next_free.insert(platform, at + self.gap);
    }
}
