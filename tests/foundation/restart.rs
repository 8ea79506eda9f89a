//! A conversation survives a restart: the engine and the database are
//! dropped mid-exercise, reopened, and the exercise goes on, buttons and all.

use crate::reframe::{WALK, play, walk};
use crate::support::{Bot, assert_says};
use securebase::core::journal::Entry;
use securebase::core::repository::Repository;
use securebase::store::Store;
use securebase::store::vault::KeySource;
use std::path::Path;
use std::sync::Arc;

fn open(dir: &Path) -> (Bot, Arc<Store>) {
    let store = Arc::new(Store::open(dir, KeySource::key_file_in(dir)).unwrap());
    (Bot::on(store.clone(), "GB"), store)
}

#[test]
fn a_thought_record_started_before_a_restart_finishes_after_it() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut bot, _store) = open(dir.path());
        bot.command("start");
        bot.pick("onboarding.yes");
        let out = walk(&mut bot, 4);
        assert_says(&out, "Step 4 of 8");
    }
    let (mut bot, store) = open(dir.path());
    let out = bot.line("help");
    assert_says(&out, "We were in the middle of your thought record");
    assert_says(&out, "Step 4 of 8");
    let mut out = Vec::new();
    for (_, step) in &WALK[4..] {
        out = play(&mut bot, *step);
    }
    assert_says(&out, "anxious: 80 → 50");
    bot.pick("reframe.experiment_no");
    let journal = store.recent_journal(&bot.who, 1).unwrap();
    let Entry::ThoughtRecord(record) = &journal[0].entry else {
        panic!("a thought record")
    };
    assert_eq!(record.situation, "I texted him at 9 and had no reply by 6");
    assert_eq!(record.patterns, vec!["mind_reading", "catastrophizing"]);
}

#[test]
fn a_button_pressed_after_a_restart_still_works() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut bot, _store) = open(dir.path());
        bot.command("start");
        bot.pick("onboarding.yes");
        bot.command("checkin");
    }
    let (mut bot, _store) = open(dir.path());
    bot.clock.advance(chrono::Duration::hours(5));
    let out = bot.pick("checkin.mood.4");
    assert_says(&out, "Which words fit what you feel?");
}

#[test]
fn the_journal_is_there_tomorrow() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut bot, _store) = open(dir.path());
        bot.command("start");
        bot.pick("onboarding.yes");
        bot.command("reflect setbacks");
        bot.line("One slip is not the whole path");
    }
    let (mut bot, _store) = open(dir.path());
    bot.clock.advance(chrono::Duration::days(1));
    let out = bot.line("journal");
    assert_says(&out, "\"One slip is not the whole path\"");
}
