//! First contact: the introduction, consent, and what happens without it.

use crate::support::{Bot, assert_says, said, says};
use securebase::core::Input;
use securebase::core::repository::Repository;
use securebase::store::Store;
use std::sync::Arc;

#[test]
fn first_contact_says_what_the_bot_is_and_asks_consent_before_keeping_anything() {
    let mut bot = Bot::new();
    let out = bot.command("start");
    let text = said(&out).to_lowercase();
    for words in [
        "a bot",
        "not a therapist",
        "not therapy",
        "adults",
        "not for emergencies",
        "mydata delete",
    ] {
        assert!(
            text.contains(words),
            "the introduction says {words:?}:\n{text}"
        );
    }
    assert_eq!(bot.choice_ids(), vec!["onboarding.yes", "onboarding.no"]);
    assert!(out.iter().all(|o| o.private));
}

#[test]
fn the_command_asked_for_runs_once_consent_is_given() {
    let mut bot = Bot::new();
    bot.line("checkin");
    let out = bot.line("1");
    assert_says(&out, "Your journal is on");
    assert!(
        bot.choice_ids().iter().any(|id| id == "checkin.mood.1"),
        "the check-in starts"
    );
}

#[test]
fn a_later_command_during_onboarding_replaces_the_first() {
    let mut bot = Bot::new();
    bot.command("start");
    bot.line("reframe");
    bot.pick("onboarding.yes");
    assert!(
        bot.waits_for_text(),
        "the reframe starts with its first step"
    );
    assert_says(&[bot.step.clone().unwrap()], "Step 1 of 8");
}

#[test]
fn without_consent_everything_works_and_nothing_is_journaled() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::on(store.clone(), "GB");
    bot.command("checkin");
    bot.pick("onboarding.no");
    bot.pick("checkin.mood.2");
    bot.pick_many(&["checkin.emotion.lonely", "checkin.done"]);
    let out = bot.text("He went quiet again tonight");
    assert_says(&out, "Nothing was kept");
    assert!(!says(&out, "Saved to your journal"));
    assert!(store.recent_journal(&bot.who, 10).unwrap().is_empty());
    let out = bot.command("journal");
    assert_says(&out, "Your journal is off");
    let user = store.load(&bot.who).unwrap().user.unwrap();
    assert!(!user.journal_consent);
    assert!(user.prompts_seen.is_empty());
}

#[test]
fn help_sos_and_breathing_need_no_introduction_first() {
    let mut bot = Bot::new();
    assert_says(&bot.command("help"), "not therapy");
    assert_says(&bot.command("sos"), "116 123");
    let out = bot.command("breathe box");
    assert_says(&out, "Box breathing");
}

#[test]
fn changing_ones_mind_about_the_journal_works_any_time() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::on(store.clone(), "GB");
    bot.command("start");
    bot.pick("onboarding.no");
    bot.command("privacy");
    let out = bot.line("keep my journal");
    assert_says(&out, "Your journal is on.");
    assert!(store.load(&bot.who).unwrap().user.unwrap().journal_consent);
    bot.command("privacy");
    let out = bot.send(Input::Chosen(vec!["privacy.stop".into()]));
    assert_says(&out, "Your journal is off.");
    assert_says(&out, "mydata delete");
    assert!(!store.load(&bot.who).unwrap().user.unwrap().journal_consent);
}
