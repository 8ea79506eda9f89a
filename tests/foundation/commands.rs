//! Commands that work at any time: help, sos, region, journal, resume,
//! mydata delete, and what happens when one exercise interrupts another.

use crate::reframe::walk;
use crate::support::{Bot, assert_says, says};
use securebase::core::repository::Repository;
use securebase::store::Store;
use std::sync::Arc;

#[test]
fn help_mid_flow_answers_and_returns_to_the_step() {
    let mut bot = Bot::consented();
    walk(&mut bot, 2);
    let step = bot.step.clone();
    let out = bot.line("help");
    assert_says(&out, "not therapy");
    assert_says(&out, "We were in the middle of your thought record");
    assert_eq!(bot.step, step);
    let out = bot.line("!help");
    assert_says(&out, "reframe: a thought record");
}

#[test]
fn sos_mid_flow_shows_resources_and_the_way_back() {
    let mut bot = Bot::consented();
    walk(&mut bot, 2);
    let step = bot.step.clone();
    let out = bot.line("sos");
    assert_says(&out, "Samaritans: Call 116 123");
    assert_says(&out, "call 999");
    assert_says(&out, "findahelpline.com");
    assert!(out.iter().all(|o| o.private));
    assert_eq!(
        bot.choice_ids(),
        vec!["sos.breathe", "sos.resume", "sos.menu"]
    );
    let out = bot.pick("sos.resume");
    assert_says(&out, "Back to your thought record");
    assert_eq!(bot.step, step);
}

#[test]
fn the_region_chooses_the_crisis_lines() {
    let mut bot = Bot::consented();
    let out = bot.line("region us");
    assert_says(&out, "United States (US)");
    let out = bot.line("sos");
    assert_says(&out, "988");
    assert_says(&out, "call 911");
    let out = bot.line("region XX");
    assert_says(&out, "I don't have crisis lines for \"XX\"");
    assert_says(&out, "US, CA, GB, IE, AU, NZ");
    let out = bot.line("region");
    assert_says(&out, "Your region is US");

    let mut elsewhere = Bot::on(Arc::new(Store::temporary().unwrap()), "INTL");
    let out = elsewhere.command("sos");
    assert_says(&out, "findahelpline.com");
    assert_says(&out, "call your local emergency number");
}

#[test]
fn starting_something_else_sets_an_exercise_aside_to_resume() {
    let mut bot = Bot::consented();
    walk(&mut bot, 3);
    let step = bot.step.clone();
    let out = bot.line("checkin");
    assert_says(&out, "I've set your thought record aside");
    assert!(bot.choice_ids().contains(&"checkin.mood.1".to_string()));
    let out = bot.line("resume");
    assert_says(&out, "Back to your thought record");
    assert_eq!(bot.step, step);
    let out = bot.line("resume");
    assert_says(&out, "Back to your check-in");
    bot.line("stop");
    let out = bot.line("resume");
    assert_says(&out, "Back to your thought record");
    bot.line("stop");
    let out = bot.line("resume");
    assert_says(&out, "nothing set aside");
}

#[test]
fn the_journal_shows_recent_entries() {
    let mut bot = Bot::consented();
    let out = bot.line("journal");
    assert_says(&out, "Your journal is empty");
    bot.command("reflect empathy");
    bot.line("I could ask how her day was");
    bot.command("checkin");
    bot.pick("checkin.mood.3");
    bot.pick_many(&["checkin.emotion.calm", "checkin.done"]);
    bot.line("skip");
    bot.pick("offer.done");
    let out = bot.line("journal");
    assert_says(&out, "check-in, mood 3 of 5, Calm");
    assert_says(&out, "\"I could ask how her day was\"");
    let text = &out[0].text;
    assert!(
        text.find("check-in").unwrap() < text.find("reflection").unwrap(),
        "newest first"
    );
}

#[test]
fn deleting_my_data_asks_first_then_erases_everything() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    bot.command("reflect empathy");
    bot.line("Listening without fixing");
    walk(&mut bot, 2);
    let out = bot.line("!mydata delete");
    assert_says(&out, "can't be undone");
    let out = bot.pick("delete.no");
    assert_says(&out, "Nothing was erased.");
    assert_eq!(store.recent_journal(&bot.who, 5).unwrap().len(), 1);

    bot.line("mydata delete");
    let out = bot.pick("delete.yes");
    assert_says(&out, "Everything is erased");
    assert!(store.recent_journal(&bot.who, 5).unwrap().is_empty());
    let stored = store.load(&bot.who).unwrap();
    assert!(stored.user.is_none() && stored.session.is_empty());
    for (name, tree) in store.trees() {
        for item in tree.iter() {
            let (key, value) = item.unwrap();
            let record = [key.as_ref(), value.as_ref()].concat();
            assert!(
                !String::from_utf8_lossy(&record).contains("Listening without fixing"),
                "tree {name} still holds what was written"
            );
        }
    }
    let out = bot.line("checkin");
    assert_says(&out, "May I keep your journal?");
}

#[test]
fn commands_with_nothing_to_act_on_say_so_kindly() {
    let mut bot = Bot::consented();
    bot.pick("menu.help");
    assert!(says(&bot.line("stop"), "nothing running to stop"));
    assert!(says(&bot.line("back"), "no earlier step"));
    assert!(says(&bot.line("skip"), "nothing to skip"));
}

#[test]
fn exercises_set_aside_one_over_another_all_come_back() {
    let mut bot = Bot::consented();
    walk(&mut bot, 2);
    let thought_step = bot.step.clone();
    bot.line("!breathe box");
    let out = bot.line("I just want to disappear forever");
    assert_says(&out, "116 123");
    let out = bot.pick("sos.resume");
    assert_says(&out, "Back to your breathing");
    let out = bot.line("resume");
    assert_says(&out, "Back to your thought record");
    assert_eq!(bot.step, thought_step);
    let out = bot.line("resume");
    assert_says(&out, "Back to your breathing");
}

#[test]
fn opening_the_bot_again_mid_exercise_returns_to_the_step() {
    let mut bot = Bot::consented();
    walk(&mut bot, 3);
    let step = bot.step.clone();
    bot.clock.advance(chrono::Duration::hours(9));
    let out = bot.command("start");
    assert_says(&out, "Hi again");
    assert_says(&out, "We were in the middle of your thought record");
    assert_eq!(bot.step, step);
}

#[test]
fn a_newcomer_is_not_welcomed_back() {
    let mut bot = Bot::new();
    bot.command("start");
    let out = bot.pick("onboarding.yes");
    assert!(!says(&out, "Hi again"), "{out:?}");
    assert_says(&out, "What would you like to do?");
}

#[test]
fn words_outside_an_exercise_get_a_warm_answer_not_a_puzzle() {
    let mut bot = Bot::consented();
    bot.pick("menu.help");
    let out = bot.line("he left me on read again");
    assert_says(&out, "Thank you for telling me");
    assert_says(&out, "What would you like to do?");
    bot.line("sos");
    let out = bot.line("thank you, I'm scared and alone");
    assert_says(&out, "You don't have to hold this alone");
    assert_eq!(bot.choice_ids()[0], "sos.breathe", "the offer stays");
}

#[test]
fn the_journal_reads_in_the_persons_timezone() {
    let mut bot = Bot::consented();
    bot.line("timezone Asia/Tokyo");
    bot.command("reflect empathy");
    bot.line("Asking before assuming");
    let out = bot.line("journal");
    assert_says(&out, "Thu 26 Nov 2026, 05:00");
}
