//! The store: schema version, versioned records, and what the engine does
//! when storage fails (never "saved" unless it is; the crisis reply always).

use crate::reframe::walk;
use crate::support::{Bot, assert_says, says};
use securebase::core::journal::JournalEntry;
use securebase::core::repository::{Change, Repository, StoreError, Stored};
use securebase::core::{Platform, Who};
use securebase::store::Store;
use securebase::store::schema::SCHEMA_VERSION;
use securebase::store::sealed::SEALED_FORMAT;
use securebase::store::vault::KeySource;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[test]
fn a_new_directory_is_stamped_and_a_newer_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path(), KeySource::key_file_in(dir.path())).unwrap());
    {
        let db = sled::open(dir.path()).unwrap();
        let meta = db.open_tree("meta").unwrap();
        let version = meta.get("schema_version").unwrap().unwrap();
        assert_eq!(version.as_ref(), SCHEMA_VERSION.to_be_bytes());
        meta.insert("schema_version", &(SCHEMA_VERSION + 1).to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let error = Store::open(dir.path(), KeySource::key_file_in(dir.path()))
        .err()
        .expect("a newer schema is refused")
        .to_string();
    assert!(error.contains("newer securebase"), "{error}");
}

#[test]
fn records_are_sealed() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    walk(&mut bot, 1);
    for (name, tree) in store.trees() {
        if name == "users" || name == "sessions" {
            for item in tree.iter() {
                let (_, value) = item.unwrap();
                assert_eq!(value[0], SEALED_FORMAT, "a {name} record");
            }
        }
    }
}

fn open(dir: &Path) -> Arc<Store> {
    Arc::new(Store::open(dir, KeySource::key_file_in(dir)).unwrap())
}

/// Overwrites one record of a closed data directory with damaged bytes.
fn damage(dir: &Path, tree: &str, who: &Who) {
    let person = open(dir).person_key(who);
    let db = sled::open(dir).unwrap();
    db.open_tree(tree)
        .unwrap()
        .insert(person, &[SEALED_FORMAT, b'{', b'!'][..])
        .unwrap();
    db.flush().unwrap();
}

#[test]
fn a_damaged_profile_starts_over_instead_of_locking_the_person_out() {
    let dir = tempfile::tempdir().unwrap();
    let who = Who::new(Platform::Console, "ann");
    {
        let mut bot = Bot::on(open(dir.path()), "GB");
        bot.command("start");
        bot.pick("onboarding.yes");
    }
    damage(dir.path(), "users", &who);
    let mut bot = Bot::on(open(dir.path()), "GB");
    let out = bot.line("checkin");
    assert_says(&out, "May I keep your journal?");
    let out = bot.pick("onboarding.yes");
    assert_says(&out, "How are you right now");
}

#[test]
fn a_damaged_conversation_starts_over_instead_of_locking_the_person_out() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut bot = Bot::on(open(dir.path()), "GB");
        bot.command("start");
        bot.pick("onboarding.yes");
        walk(&mut bot, 2);
    }
    damage(dir.path(), "sessions", &Who::new(Platform::Console, "ann"));
    let mut bot = Bot::on(open(dir.path()), "GB");
    let out = bot.line("checkin");
    assert_says(&out, "How are you right now");
}

/// A repository whose writes fail when told to.
struct Flaky {
    inner: Store,
    failing: AtomicBool,
}

impl Flaky {
    fn fail(&self) -> Result<(), StoreError> {
        if self.failing.load(Ordering::SeqCst) {
            Err(StoreError::Failed("the disk is full".into()))
        } else {
            Ok(())
        }
    }
}

impl Repository for Flaky {
    fn load(&self, who: &Who) -> Result<Stored, StoreError> {
        self.fail()?;
        self.inner.load(who)
    }
    fn save(&self, who: &Who, change: &Change) -> Result<(), StoreError> {
        self.fail()?;
        self.inner.save(who, change)
    }
    fn recent_journal(&self, who: &Who, limit: usize) -> Result<Vec<JournalEntry>, StoreError> {
        self.inner.recent_journal(who, limit)
    }
    fn journal_since(
        &self,
        who: &Who,
        since: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<JournalEntry>, StoreError> {
        self.inner.journal_since(who, since)
    }
    fn erase(&self, who: &Who) -> Result<(), StoreError> {
        self.fail()?;
        self.inner.erase(who)
    }
}

#[test]
fn nothing_is_called_saved_unless_it_was() {
    let flaky = Arc::new(Flaky {
        inner: Store::temporary().unwrap(),
        failing: AtomicBool::new(false),
    });
    let mut bot = Bot::on(flaky.clone(), "GB");
    bot.command("start");
    bot.pick("onboarding.yes");
    bot.command("reflect empathy");
    flaky.failing.store(true, Ordering::SeqCst);
    let out = bot.line("I could ask before assuming");
    assert!(!says(&out, "Saved"), "not saved when the write failed");
    assert_says(
        &out,
        "Something went wrong on my side and I couldn't keep that",
    );
    flaky.failing.store(false, Ordering::SeqCst);
    let out = bot.line("I could ask before assuming");
    assert_says(&out, "Saved to your journal.");
}

#[test]
fn the_crisis_reply_goes_out_even_when_storage_fails() {
    let flaky = Arc::new(Flaky {
        inner: Store::temporary().unwrap(),
        failing: AtomicBool::new(true),
    });
    let mut bot = Bot::on(flaky, "GB");
    let out = bot.line("I want to kill myself");
    assert_says(&out, "116 123");
    assert_says(&out, "findahelpline.com");
}

#[test]
fn the_journal_since_a_moment_is_one_persons_own_oldest_first() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut ann = Bot::consented_on(store.clone());
    let mut bob = Bot::consented_on(store.clone());
    bob.who = Who::new(Platform::Console, "bob");
    bob.command("start");
    bob.pick("onboarding.yes");
    for (bot, answer) in [(&mut ann, "ann, early"), (&mut bob, "bob, early")] {
        bot.command("reflect empathy");
        bot.line(answer);
    }
    let since = securebase::core::clock::Clock::now(&*ann.clock) + chrono::Duration::hours(1);
    for bot in [&mut ann, &mut bob] {
        bot.clock.advance(chrono::Duration::hours(2));
    }
    for answer in ["ann, later", "ann, latest"] {
        ann.command("reflect empathy");
        ann.line(answer);
        ann.clock.advance(chrono::Duration::minutes(5));
    }
    bob.command("reflect empathy");
    bob.line("bob, later");
    let answers: Vec<String> = store
        .journal_since(&ann.who, since)
        .unwrap()
        .into_iter()
        .map(|entry| match entry.entry {
            securebase::core::journal::Entry::Reflection { answer, .. } => answer,
            other => panic!("not a reflection: {other:?}"),
        })
        .collect();
    assert_eq!(answers, ["ann, later", "ann, latest"]);
}
