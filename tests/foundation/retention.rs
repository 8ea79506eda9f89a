//! `mydata keep`: a journal kept for a number of days loses older entries
//! at once, the setting is shown back and exported, "forever" keeps
//! everything from then on, and an answer it cannot read is met kindly.

use crate::support::{Bot, assert_says, exported};
use chrono::Duration;
use securebase::core::journal::Entry;
use securebase::core::repository::Repository;
use securebase::store::Store;
use std::sync::Arc;

fn reflect(bot: &mut Bot, answer: &str) {
    bot.command("reflect empathy");
    assert_says(&bot.line(answer), "Saved");
}

fn answers(store: &Store, bot: &Bot) -> Vec<String> {
    store
        .recent_journal(&bot.who, 10)
        .unwrap()
        .into_iter()
        .map(|entry| match entry.entry {
            Entry::Reflection { answer, .. } => answer,
            other => panic!("not a reflection: {other:?}"),
        })
        .collect()
}

#[test]
fn a_journal_kept_for_some_days_loses_older_entries_at_once() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    assert_says(&bot.line("mydata keep"), "until you delete it");
    reflect(&mut bot, "Forty days ago I waited by the phone");
    bot.clock.advance(Duration::days(30));
    reflect(&mut bot, "Ten days ago I asked instead of guessing");
    bot.clock.advance(Duration::days(10));
    reflect(&mut bot, "Today I noticed the urge and let it pass");

    let out = bot.line("mydata keep 30 days");
    assert_says(&out, "for 30 days, and entries older than that are erased");
    assert_eq!(
        answers(&store, &bot),
        [
            "Today I noticed the urge and let it pass",
            "Ten days ago I asked instead of guessing"
        ]
    );
    assert_says(&bot.line("mydata keep"), "I keep your journal for 30 days");
    assert_says(&bot.line("mydata keep 1"), "for 1 day,");
    assert_eq!(
        answers(&store, &bot),
        ["Today I noticed the urge and let it pass"]
    );

    let export = exported(&bot.line("mydata export"));
    assert_eq!(export.profile.unwrap().keep_journal_days, Some(1));

    assert_says(&bot.line("mydata keep forever"), "until you delete it");
    bot.clock.advance(Duration::days(5));
    assert_says(&bot.line("mydata keep"), "until you delete it");
    assert_eq!(answers(&store, &bot).len(), 1, "forever keeps what is left");
}

#[test]
fn an_unreadable_keeping_time_changes_nothing_and_says_what_works() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    reflect(&mut bot, "I can wait for a reply");
    for unreadable in ["mydata keep a while", "mydata keep 0", "mydata keep 99999"] {
        let out = bot.line(unreadable);
        assert_says(&out, "like mydata keep 90, or mydata keep forever");
        assert_says(&out, "from 1 to 3650");
    }
    assert_says(&bot.line("mydata keep"), "until you delete it");
    assert_eq!(answers(&store, &bot).len(), 1);
}
