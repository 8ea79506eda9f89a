//! The scheduler under load, in release mode:
//!
//! ```sh
//! cargo run --release --example schedule_load -- 1000000
//! ```
//!
//! A child process fills a fresh store with N opted-in schedules, sealed as
//! the bot stores them, and measures raw sled inserts into a scratch
//! database, the ceiling to compare against; this process then measures a
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
use securebase::store::Store;
use securebase::store::due::Claimed;
use securebase::store::vault::{KeySource, StoreKey};
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

/// The key every store of this program is sealed with.
fn key() -> KeySource {
    KeySource::Given(StoreKey::from_hex(&"5b".repeat(32)).unwrap())
}

/// Raw sled inserts of `count` records the size of a sealed schedule, and
/// as many due entries, into a scratch database opened with the store's
/// cache size: the ceiling to compare against.
fn raw_inserts_per_second(dir: &Path, count: usize) -> f64 {
    let db = sled::Config::new()
        .path(dir)
        .cache_capacity(16 * 1024 * 1024)
        .open()
        .unwrap();
    let (schedules, due) = (
        db.open_tree("schedules").unwrap(),
        db.open_tree("due").unwrap(),
    );
    let record = [7u8; 260];
    let started = Instant::now();
    for i in 0..count as u64 {
        let person = [&i.to_be_bytes()[..], &[0u8; 8]].concat();
        schedules.insert(&person, &record[..]).unwrap();
        let due_key = [&(i % 86_400).to_be_bytes()[..], &person].concat();
        due.insert(due_key, &[]).unwrap();
    }
    db.flush().unwrap();
    (2 * count) as f64 / started.elapsed().as_secs_f64()
}

/// Fills the store in `dir` with `count` opted-in schedules, sealed and
/// indexed as the bot stores them: the first `DUE_NOW` due a minute ago,
/// the rest spread over the coming day.
fn populate(dir: &Path, count: usize) {
    let store = Store::open(dir, key()).unwrap();
    let rule: Rule = "daily 20:00".parse().unwrap();
    let now = Utc::now();
    let people: Vec<usize> = (0..count).collect();
    for chunk in people.chunks(50_000) {
        let records: Vec<ScheduleRecord> = chunk
            .iter()
            .map(|&i| {
                let next_due = if i < DUE_NOW.min(count) {
                    now - Duration::seconds(60)
                } else {
                    now + Duration::seconds(3600 + (i % 86_400) as i64)
                };
                ScheduleRecord {
                    who: Who::new(Platform::Matrix, format!("@person{i}:example.org")),
                    rule: rule.clone(),
                    zone: "Europe/Berlin".into(),
                    quiet: None,
                    next_due: Some(next_due),
                    paused_until: None,
                    last_opener: None,
                    missed: None,
                    last_ping: None,
                    weekly_summary: false,
                    last_summary: None,
                }
            })
            .collect();
        store.import_schedules(&records).unwrap();
    }
}

/// Runs this program again as a child that fills the store and measures
/// the raw ceiling, so its memory is not counted as the scheduler's.
fn fill_in_a_child(dir: &Path, count: usize) -> f64 {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--fill")
        .arg(dir)
        .arg(count.to_string())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--fill") {
        let dir = Path::new(&args[2]);
        let count: usize = args[3].parse().unwrap();
        populate(&dir.join("store"), count);
        println!("{}", raw_inserts_per_second(&dir.join("raw"), count));
        return;
    }
    let count: usize = args
        .get(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let filled = Instant::now();
    let inserts_per_second = fill_in_a_child(dir.path(), count);
    eprintln!("filled in {:.0} s", filled.elapsed().as_secs_f64());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let store = Arc::new(Store::open(&store_dir, key()).unwrap());
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
