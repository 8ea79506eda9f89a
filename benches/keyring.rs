//! Benchmarks of the keyring under a million people: finding a person's
//! wrapped data key, and the rewrite when it grows past 70% of its slots.
//!
//! ```sh
//! cargo bench --bench keyring
//! ```

use criterion::{Criterion, criterion_group, criterion_main};
use securebase::store::keyring::{Keyring, Wrapped};
use securebase::store::vault::PersonKey;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Person `index`'s keyed hash: spread like an HMAC's output, never zero.
fn person(index: u64) -> PersonKey {
    let mut person = [0u8; 16];
    person[..8].copy_from_slice(
        &(index + 1)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .to_be_bytes(),
    );
    person[8..].copy_from_slice(&index.to_be_bytes());
    person
}

fn keys(people: std::ops::Range<u64>) -> Vec<(PersonKey, Wrapped)> {
    people.map(|index| (person(index), [7u8; 72])).collect()
}

/// A keyring in `dir` holding people `0..count`, added in one write.
fn filled(dir: &std::path::Path, count: u64) -> Keyring {
    let keyring = Keyring::open(&dir.join("keyring"), false).unwrap();
    keyring.add(&keys(0..count)).unwrap();
    keyring
}

fn finding(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let keyring = filled(dir.path(), 1_000_000);
    let mut index = 0;
    c.bench_function("keyring: find a key among 1,000,000", |b| {
        b.iter(|| {
            index = (index + 7919) % 1_000_000;
            black_box(keyring.read(&person(index)).unwrap())
        })
    });
}

fn growing(c: &mut Criterion) {
    let mut group = c.benchmark_group("keyring");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(1));
    group.bench_function(
        "grow from 1,048,576 to 2,097,152 slots at 734,000 people",
        |b| {
            b.iter_custom(|iterations| {
                let mut spent = Duration::ZERO;
                for _ in 0..iterations {
                    let dir = tempfile::tempdir().unwrap();
                    let keyring = filled(dir.path(), 500_000);
                    keyring.add(&keys(500_000..734_000)).unwrap();
                    let last = keys(734_000..734_010);
                    let started = Instant::now();
                    keyring.add(&last).unwrap();
                    spent += started.elapsed();
                }
                spent
            })
        },
    );
    group.finish();
}

criterion_group!(benches, finding, growing);
criterion_main!(benches);
