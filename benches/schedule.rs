//! Micro-benchmarks of the scheduling rules and the safety screen:
//!
//! ```sh
//! cargo bench --bench schedule
//! ```
//!
//! The whole scheduler under a million schedules is measured by
//! `cargo run --release --example schedule_load`.

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use securebase::core::safety::screen;
use securebase::core::schedule::next::next_slot;
use securebase::core::schedule::rule::Rule;
use std::hint::black_box;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn scheduling(c: &mut Criterion) {
    let daily: Rule = "daily 20:00".parse().unwrap();
    let weekdays: Rule = "mon,wed,fri 19:00".parse().unwrap();
    let cron: Rule = "cron 0 30 8 * * Mon-Fri".parse().unwrap();
    let berlin = chrono_tz::Europe::Berlin;
    let spring = at("2026-03-28T21:00:00Z");
    c.bench_function("next slot, daily, across spring forward", |b| {
        b.iter(|| next_slot(black_box(&daily), berlin, None, black_box(spring)))
    });
    c.bench_function("next slot, three weekdays", |b| {
        b.iter(|| next_slot(black_box(&weekdays), berlin, None, black_box(spring)))
    });
    c.bench_function("next slot, raw cron", |b| {
        b.iter(|| next_slot(black_box(&cron), berlin, None, black_box(spring)))
    });
    c.bench_function("parse a schedule people say", |b| {
        b.iter(|| black_box("Mondays and Thursdays at 7:15 pm").parse::<Rule>())
    });
}

fn safety(c: &mut Criterion) {
    let message = "he hasn't replied since this morning and I keep checking his last seen, this wait is killing me";
    c.bench_function("safety screen, a 100-character message", |b| {
        b.iter(|| screen(black_box(message)))
    });
}

criterion_group!(benches, scheduling, safety);
criterion_main!(benches);
