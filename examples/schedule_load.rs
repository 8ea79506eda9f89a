//! The scheduler under load, in release mode:
//!
//! ```sh
//! cargo run --release --example schedule_load -- 1000000
//! ```
//!
//! A child process fills a fresh store with N opted-in schedules (raw sled
//! inserts, the ceiling to compare against); this process then measures a
//! cold start to the first due ping dispatched, how many due slots a second
//! the runner claims and moves on to their next slot (each batch of claims
//! durable before delivery), and its own peak resident memory.

use chrono::{Duration, Utc};
use securebase::core::clock::SystemClock;
use securebase::core::content::Content;
use securebase::core::schedule::record::ScheduleRecord;
use securebase::core::schedule::rule::Rule;
use securebase::core::{Engine, Outbound, Platform, Who};
use securebase::schedule::delivery::{Delivering, Delivery};
use securebase::schedule::runner::{Runner, RunnerSettings};
use securebase::store::due::Claimed;
use securebase::store::{Store, codec, keys};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::{Notify, mpsc};

/// How many schedules fall due at once for the claim measurement.
const DUE_NOW: usize = 100_000;

/// A delivery that tells the load program when the first ping went out.
struct FirstPing(mpsc::UnboundedSender<Instant>);

impl Delivery for FirstPing {
    fn platform(&self) -> Platform {
        Platform::Matrix
    }
    fn deduplicates(&self) -> bool {
        true
    }
    fn deliver<'a>(&'a self, _: &'a Who, _: &'a [Outbound], _: &'a str) -> Delivering<'a> {
        Box::pin(async move {
            let _ = self.0.send(Instant::now());
            Ok(())
        })
    }
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// Raw sled inserts of `count` schedules and their due entries: the first
/// `DUE_NOW` due a minute ago, the rest spread over the coming day. The
/// store is opened with the same cache size as `Store::open`, since the
/// cache a log was written with shapes the memory it takes to load.
fn populate(dir: &Path, count: usize) -> f64 {
    let db = sled::Config::new()
        .path(dir)
        .cache_capacity(16 * 1024 * 1024)
        .open()
        .unwrap();
    let (schedules, due) = (
        db.open_tree("schedules").unwrap(),
        db.open_tree("due").unwrap(),
    );
    let rule: Rule = "daily 20:00".parse().unwrap();
    let now = Utc::now();
    let started = Instant::now();
    for i in 0..count {
        let who = Who::new(Platform::Matrix, format!("@person{i}:example.org"));
        let next_due = if i < DUE_NOW.min(count) {
            now - Duration::seconds(60)
        } else {
            now + Duration::seconds(3600 + (i % 86_400) as i64)
        };
        let record = ScheduleRecord {
            who: who.clone(),
            rule: rule.clone(),
            zone: "Europe/Berlin".into(),
            quiet: None,
            next_due: Some(next_due),
            paused_until: None,
            last_opener: None,
            missed: None,
            last_ping: None,
        };
        schedules
            .insert(keys::person(&who), codec::encode(&record).unwrap())
            .unwrap();
        due.insert(keys::due(next_due, &who), &[]).unwrap();
    }
    db.flush().unwrap();
    (2 * count) as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    drop(Store::open(&store_dir).unwrap());
    let inserts_per_second = populate(&store_dir, count);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let store = Arc::new(Store::open(&store_dir).unwrap());
    let content =
        Arc::new(Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")).unwrap());
    let engine = Arc::new(Engine::new(
        content,
        store.clone(),
        Arc::new(SystemClock),
        "GB",
    ));
    let (first, mut pinged) = mpsc::unbounded_channel();
    let delivery: Arc<dyn Delivery> = Arc::new(FirstPing(first));
    let settings = RunnerSettings {
        per_second: 1000.0,
        ..RunnerSettings::default()
    };
    let runner = Runner::new(
        engine,
        store.clone(),
        Arc::new(SystemClock),
        vec![delivery],
        settings,
        Arc::new(Notify::new()),
    );
    let task = runtime.spawn(runner.run());
    let first_ping = runtime.block_on(pinged.recv()).unwrap();
    task.abort();
    let cold_start = first_ping - started;

    let claimed_started = Instant::now();
    let mut claims = 0usize;
    let now = Utc::now();
    loop {
        let batch = store.claim_due(now, Duration::hours(2), 1024).unwrap();
        if batch.is_empty() {
            break;
        }
        for claimed in batch {
            if let Claimed::Deliver(claim) = claimed {
                store.confirm(&claim).unwrap();
            }
            claims += 1;
        }
    }
    let claims_per_second = claims as f64 / claimed_started.elapsed().as_secs_f64();

    println!("schedules:                      {count}");
    println!("raw sled inserts per second:    {inserts_per_second:.0}");
    println!(
        "cold start to first dispatch:   {:.0} ms",
        cold_start.as_secs_f64() * 1000.0
    );
    println!(
        "claims + reschedules per second: {claims_per_second:.0} ({claims} due slots, each durable before delivery)"
    );
    println!("peak RSS:                       {:.0} MiB", peak_rss_mib());
}
