//! A simulated world: a store in a temporary directory that survives
//! restarts, an engine on a clock that follows tokio's paused time, and a
//! recording delivery that behaves like a platform that deduplicates.

use chrono::{DateTime, Utc};
use securebase::core::clock::Clock;
use securebase::core::content::Content;
use securebase::core::{Engine, Inbound, Input, Outbound, Platform, Who};
use securebase::schedule::delivery::{Delivering, Delivery, DeliveryError};
use securebase::schedule::runner::{Runner, RunnerSettings};
use securebase::store::Store;
use securebase::store::vault::KeySource;
use std::collections::{HashSet, VecDeque};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::Notify;

pub fn content() -> Arc<Content> {
    static CONTENT: OnceLock<Arc<Content>> = OnceLock::new();
    CONTENT
        .get_or_init(|| {
            Arc::new(Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")).unwrap())
        })
        .clone()
}

pub fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// Wall-clock time that moves with tokio's (paused) clock.
pub struct SimClock {
    start: DateTime<Utc>,
    at: tokio::time::Instant,
}

impl Clock for SimClock {
    fn now(&self) -> DateTime<Utc> {
        self.start + chrono::Duration::from_std(tokio::time::Instant::now() - self.at).unwrap()
    }
}

/// One delivered ping, as the platform saw it.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub who: Who,
    pub messages: Vec<Outbound>,
    pub key: String,
    pub at: DateTime<Utc>,
}

/// A platform stand-in: records what arrives, keeps one message per key
/// when it deduplicates, and answers with queued failures first.
pub struct Recorder {
    pub dedupe: bool,
    pub delivered: Mutex<Vec<Delivered>>,
    pub attempts: Mutex<usize>,
    pub failures: Mutex<VecDeque<DeliveryError>>,
    clock: Arc<SimClock>,
}

impl Recorder {
    pub fn delivered(&self) -> Vec<Delivered> {
        self.delivered.lock().unwrap().clone()
    }

    pub fn fail_next(&self, error: DeliveryError) {
        self.failures.lock().unwrap().push_back(error);
    }
}

impl Delivery for Recorder {
    fn platform(&self) -> Platform {
        Platform::Matrix
    }

    fn deduplicates(&self) -> bool {
        self.dedupe
    }

    fn deliver<'a>(
        &'a self,
        to: &'a Who,
        messages: &'a [Outbound],
        key: &'a str,
    ) -> Delivering<'a> {
        Box::pin(async move {
            *self.attempts.lock().unwrap() += 1;
            if let Some(error) = self.failures.lock().unwrap().pop_front() {
                return Err(error);
            }
            let mut delivered = self.delivered.lock().unwrap();
            let seen: HashSet<&str> = delivered.iter().map(|d| d.key.as_str()).collect();
            if !(self.dedupe && seen.contains(key)) {
                delivered.push(Delivered {
                    who: to.clone(),
                    messages: messages.to_vec(),
                    key: key.to_string(),
                    at: self.clock.now(),
                });
            }
            Ok(())
        })
    }
}

pub struct World {
    pub dir: tempfile::TempDir,
    pub store: Arc<Store>,
    pub engine: Arc<Engine>,
    pub clock: Arc<SimClock>,
    pub recorder: Arc<Recorder>,
    pub wake: Arc<Notify>,
    pub settings: RunnerSettings,
}

impl World {
    /// A world whose clock reads `start` now. Call inside a paused runtime.
    pub fn new(start: &str, dedupe: bool) -> World {
        let clock = Arc::new(SimClock {
            start: utc(start),
            at: tokio::time::Instant::now(),
        });
        let dir = tempfile::tempdir().unwrap();
        World::open(dir, clock, dedupe, Vec::new())
    }

    fn open(
        dir: tempfile::TempDir,
        clock: Arc<SimClock>,
        dedupe: bool,
        delivered: Vec<Delivered>,
    ) -> World {
        let store = Arc::new(Store::open(dir.path(), KeySource::key_file_in(dir.path())).unwrap());
        let wake = Arc::new(Notify::new());
        let mut engine = Engine::new(content(), store.clone(), clock.clone(), "GB");
        let waker = wake.clone();
        engine.on_schedule_change(move || waker.notify_one());
        let recorder = Arc::new(Recorder {
            dedupe,
            delivered: Mutex::new(delivered),
            attempts: Mutex::new(0),
            failures: Mutex::new(VecDeque::new()),
            clock: clock.clone(),
        });
        World {
            dir,
            store,
            engine: Arc::new(engine),
            clock,
            recorder,
            wake,
            settings: RunnerSettings {
                max_sleep: Duration::from_secs(6 * 3600),
                ..RunnerSettings::default()
            },
        }
    }

    /// Stops everything and starts again on the same directory, as after a
    /// crash; what the platform already received stays received.
    pub fn restart(self) -> World {
        self.restart_with(|_| {})
    }

    /// Restarts, with `bytes` written raw under `key` in `tree` of the
    /// closed data directory in between, as damage on disk would leave them.
    pub fn restart_with_damage(self, tree: &str, key: &[u8], bytes: &[u8]) -> World {
        self.restart_with(|dir| {
            let db = sled::open(dir).unwrap();
            db.open_tree(tree).unwrap().insert(key, bytes).unwrap();
            db.flush().unwrap();
        })
    }

    /// Restarts, doing `meddle` to the closed data directory in between.
    fn restart_with(self, meddle: impl FnOnce(&Path)) -> World {
        let World {
            dir,
            clock,
            recorder,
            store,
            engine,
            ..
        } = self;
        drop(engine);
        drop(store);
        drop(Store::open(dir.path(), KeySource::key_file_in(dir.path())).unwrap());
        meddle(dir.path());
        World::open(dir, clock, recorder.dedupe, recorder.delivered())
    }

    pub fn runner(&self) -> Runner {
        let delivery: Arc<dyn Delivery> = self.recorder.clone();
        Runner::new(
            self.engine.clone(),
            self.store.clone(),
            self.clock.clone(),
            vec![delivery],
            self.settings.clone(),
            self.wake.clone(),
        )
    }

    /// Runs the runner for `span` of simulated time.
    pub async fn run_for(&self, span: Duration) {
        let task = tokio::spawn(self.runner().run());
        tokio::time::sleep(span).await;
        task.abort();
        let _ = task.await;
    }

    pub fn line(&self, who: &Who, text: &str) -> Vec<Outbound> {
        self.engine
            .handle(&Inbound::new(who.clone(), Input::Line(text.into())))
    }

    pub fn pick(&self, who: &Who, id: &str) -> Vec<Outbound> {
        self.engine
            .handle(&Inbound::new(who.clone(), Input::Chosen(vec![id.into()])))
    }

    /// A person who said yes, set their zone, and asked for `rule`.
    /// Someone who has said start and answered whether to keep a journal.
    pub fn newcomer(&self, name: &str, journal: bool) -> Who {
        let who = Who::new(Platform::Matrix, name);
        self.line(&who, "start");
        let answer = if journal {
            "onboarding.yes"
        } else {
            "onboarding.no"
        };
        self.pick(&who, answer);
        who
    }

    pub fn opt_in(&self, name: &str, zone: &str, rule: &str) -> Who {
        let who = self.newcomer(name, true);
        self.line(&who, &format!("timezone {zone}"));
        let out = self.line(&who, &format!("schedule set {rule}"));
        assert!(said(&out).contains("Your check-in pings"), "{}", said(&out));
        who
    }

    pub fn clock_now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The local times of the pings delivered so far, in `zone`.
    pub fn delivered_at(&self, zone: chrono_tz::Tz) -> Vec<String> {
        self.recorder
            .delivered()
            .iter()
            .map(|d| {
                d.at.with_timezone(&zone)
                    .format("%Y-%m-%d %H:%M %Z")
                    .to_string()
            })
            .collect()
    }
}

pub fn said(out: &[Outbound]) -> String {
    out.iter()
        .map(|o| o.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

pub const HOUR: Duration = Duration::from_secs(3600);
pub const DAY: Duration = Duration::from_secs(24 * 3600);
