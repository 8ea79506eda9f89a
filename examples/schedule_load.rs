//! The scheduler under load, in release mode:
//!
//! ```sh
//! cargo run --release --example schedule_load -- 1000000
//! ```
//!
//! Each step runs in a child process of its own, so each one's peak memory
//! is its own. The first fills a fresh store with N opted-in schedules,
//! sealed as the bot stores them, and measures what sled alone manages in a
//! scratch database, the ceilings to compare against: raw inserts, and the
//! due index moved on with no record read or written. The next two start
//! the bot's store and runner and time the first due ping dispatched: right
//! after the fill, when sled replays the whole log written since it last
//! opened; at the start after that, which then also claims all but a
//! thousand of the slots due and moves each on to its next slot (each batch
//! durable before delivery); and once more, when sled replays what those
//! claims wrote.

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

/// How many of those the claim measurement leaves due, for the last start.
const LEFT_DUE: usize = 1_000;

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

/// What sled itself manages on this machine, the ceilings to compare
/// against, in a scratch database opened with the store's cache size: raw
/// inserts of `count` records the size of a sealed schedule with as many
/// due entries, then the due index alone moved on by a day for `DUE_NOW` of
/// them, in batches of 1024 each made durable, as the runner claims them.
/// Returns (inserts a second, index moves a second).
fn raw_ceilings(dir: &Path, count: usize) -> (f64, f64) {
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
    let inserts = (2 * count) as f64 / started.elapsed().as_secs_f64();

    let started = Instant::now();
    let mut moved = 0;
    while moved < DUE_NOW.min(count) {
        let mut batch = sled::Batch::default();
        for key in due.iter().keys().take(1024) {
            let key = key.unwrap();
            let slot = u64::from_be_bytes(key[..8].try_into().unwrap());
            batch.remove(key.clone());
            batch.insert(
                [&(slot + 86_400).to_be_bytes()[..], &key[8..]].concat(),
                &[],
            );
            moved += 1;
        }
        due.apply_batch(batch).unwrap();
        db.flush().unwrap();
    }
    (inserts, moved as f64 / started.elapsed().as_secs_f64())
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

/// Runs this program again as a child with `args`, and returns the
/// figures it printed: each child's memory is its own.
fn in_a_child(args: &[&std::ffi::OsStr]) -> Vec<f64> {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .map(|figure| figure.parse().unwrap())
        .collect()
}

/// Opens the store and starts the runner, as the bot starts, and returns
/// the time to the first due ping dispatched, with the open store.
fn cold_start(store_dir: &Path) -> (std::time::Duration, Arc<Store>) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let store = Arc::new(Store::open(store_dir, key()).unwrap());
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
    drop(runtime);
    (first_ping - started, store)
}

/// Claims `wanted` of the slots due now, confirming each claim as a
/// delivery would; returns how many a second.
fn claims_per_second(store: &Store, wanted: usize) -> f64 {
    let started = Instant::now();
    let mut claims = 0usize;
    let now = Utc::now();
    while claims < wanted {
        let limit = (wanted - claims).min(1024);
        let batch = store.claim_due(now, Duration::hours(2), limit).unwrap();
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
    claims as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--fill") => {
            let dir = Path::new(&args[2]);
            let count = args[3].parse().unwrap();
            populate(&dir.join("store"), count);
            let (inserts, moves) = raw_ceilings(&dir.join("raw"), count);
            println!("{inserts} {moves}");
            return;
        }
        Some("--start") => {
            let (cold, store) = cold_start(Path::new(&args[2]));
            let claims = match args.get(3) {
                Some(wanted) => claims_per_second(&store, wanted.parse().unwrap()),
                None => 0.0,
            };
            println!("{} {} {claims}", cold.as_secs_f64(), peak_rss_mib());
            return;
        }
        _ => {}
    }
    let count: usize = args
        .get(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let filled = Instant::now();
    let count_arg = count.to_string();
    let ceilings = in_a_child(&[
        "--fill".as_ref(),
        dir.path().as_os_str(),
        count_arg.as_ref(),
    ]);
    eprintln!("filled in {:.0} s", filled.elapsed().as_secs_f64());
    let after_fill = in_a_child(&["--start".as_ref(), store_dir.as_os_str()]);
    let wanted = DUE_NOW.min(count).saturating_sub(LEFT_DUE).to_string();
    let next_start = in_a_child(&["--start".as_ref(), store_dir.as_os_str(), wanted.as_ref()]);
    let after_claims = in_a_child(&["--start".as_ref(), store_dir.as_os_str()]);

    println!("schedules:                       {count}");
    println!("raw sled inserts per second:     {:.0}", ceilings[0]);
    println!(
        "raw due-index moves per second:  {:.0} (sled alone, batches of 1024)",
        ceilings[1]
    );
    println!(
        "cold start to first dispatch:    {:.0} ms right after the fill, {:.0} ms at the next start, {:.0} ms after the claims",
        after_fill[0] * 1000.0,
        next_start[0] * 1000.0,
        after_claims[0] * 1000.0
    );
    println!(
        "peak RSS:                        {:.0} MiB right after the fill, {:.0} MiB at the next start (with the claims), {:.0} MiB after the claims",
        after_fill[1], next_start[1], after_claims[1]
    );
    println!(
        "claims + reschedules per second: {:.0} (each batch durable before delivery)",
        next_start[2]
    );
}
