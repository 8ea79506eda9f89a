//! Bad input at every step gets a kind answer and keeps the step: empty
//! text, a 10,000-character message, unknown commands, choices of other
//! steps, out-of-range and non-numeric ratings. Emoji and right-to-left
//! text are ordinary text and are kept exactly.

use crate::reframe::{WALK, walk};
use crate::support::{Bot, assert_says, said, says};
use securebase::core::Input;
use securebase::core::journal::Entry;
use securebase::core::repository::Repository;
use securebase::store::Store;
use std::sync::Arc;

/// Every step of every flow, by name, with a way to reach it.
fn steps() -> Vec<(String, Bot)> {
    let mut steps = Vec::new();
    let mut reach = |name: &str, moves: &[&str]| {
        let mut bot = Bot::new();
        bot.command("start");
        for m in moves {
            match m.strip_prefix('#') {
                Some(id) => bot.pick(id),
                None => bot.line(m),
            };
        }
        steps.push((name.to_string(), bot));
    };
    reach("onboarding", &[]);
    reach("main menu", &["#onboarding.yes"]);
    reach("check-in mood", &["#onboarding.yes", "checkin"]);
    reach("check-in emotions", &["#onboarding.yes", "checkin", "2"]);
    reach(
        "check-in own word",
        &["#onboarding.yes", "checkin", "2", "#checkin.other"],
    );
    reach(
        "check-in note",
        &["#onboarding.yes", "checkin", "2", "1", "#checkin.done"],
    );
    reach(
        "after check-in",
        &[
            "#onboarding.yes",
            "checkin",
            "2",
            "1",
            "#checkin.done",
            "skip",
        ],
    );
    reach("reflect theme", &["#onboarding.yes", "reflect"]);
    reach("reflect answer", &["#onboarding.yes", "reflect empathy"]);
    reach("breathe pattern", &["#onboarding.yes", "breathe"]);
    reach("breathe again", &["#onboarding.yes", "breathe box"]);
    reach("self-check question", &["#onboarding.yes", "selfcheck"]);
    reach(
        "self-check note",
        &[
            "#onboarding.yes",
            "selfcheck",
            "1",
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
        ],
    );
    reach("privacy", &["#onboarding.yes", "privacy"]);
    reach("delete confirmation", &["#onboarding.yes", "mydata delete"]);
    reach("sos offer", &["#onboarding.yes", "sos"]);
    for steps_done in 0..=WALK.len() {
        let mut bot = Bot::consented();
        walk(&mut bot, steps_done);
        steps.push((format!("reframe after {steps_done} answers"), bot));
    }
    steps
}

#[test]
fn bad_input_at_every_step_is_answered_kindly_and_keeps_the_step() {
    let long = "a".repeat(10_000);
    let bad: Vec<(&str, Input, &str)> = vec![
        ("empty", Input::Line("   ".into()), ""),
        ("ten thousand characters", Input::Line(long.clone()), ""),
        (
            "an unknown command",
            Input::Line("!frobnicate now".into()),
            "I don't know \"frobnicate\"",
        ),
        (
            "a choice of another step",
            Input::Chosen(vec!["checkin.mood.9".into()]),
            "That step has passed",
        ),
        (
            "a forged choice",
            Input::Chosen(vec!["../../etc".into()]),
            "That step has passed",
        ),
        (
            "no choice at all",
            Input::Chosen(Vec::new()),
            "That step has passed",
        ),
    ];
    for (name, mut bot) in steps() {
        let step = bot.step.clone().expect("the step was shown");
        let mut bad = bad.clone();
        if step.expects_text {
            bad.push((
                "ten thousand characters of text",
                Input::Text(long.clone()),
                "up to 4000 fit",
            ));
        } else {
            let not_an_option = if name == "sos offer" {
                "You don't have to hold this alone"
            } else {
                "I didn't catch that"
            };
            bad.push((
                "a word that is no option",
                Input::Line("purple".into()),
                not_an_option,
            ));
            bad.push((
                "a number that is no option",
                Input::Line("99".into()),
                not_an_option,
            ));
            bad.push((
                "a modal's text at a choice step",
                Input::Text("words I would hate to lose".into()),
                "That question has passed, so I haven't kept this, but here is what you wrote, so it isn't lost:\n\nwords I would hate to lose",
            ));
        }
        for (what, input, expected) in &bad {
            let out = bot.send(input.clone());
            assert!(
                says(&out, expected),
                "{what} at {name}: expected {expected:?} in:\n{}",
                said(&out)
            );
            assert_eq!(
                bot.step.as_ref(),
                Some(&step),
                "{what} at {name} keeps the step:\n{}",
                said(&out)
            );
            assert!(
                out.iter().all(|o| o.text.chars().count() < 4000),
                "{what} at {name} is not echoed back"
            );
        }
    }
}

#[test]
fn the_kind_words_for_each_kind_of_bad_input() {
    let mut bot = Bot::consented();
    walk(&mut bot, 0);
    assert_says(&bot.line(""), "That message was empty");
    assert_says(
        &bot.line(&"a".repeat(10_000)),
        "10000 characters; up to 4000 fit",
    );
    assert_says(&bot.line("!frobnicate"), "Type help to see what I can do");
    bot.command("checkin");
    assert_says(&bot.line("purple"), "You can pick by number or by name");
}

#[test]
fn ratings_must_be_whole_numbers_in_range() {
    let rating_steps = [3, 9, 10, 11];
    for steps_done in rating_steps {
        let mut bot = Bot::consented();
        walk(&mut bot, steps_done);
        let step = bot.step.clone();
        for bad in ["101", "-1", "eighty", "4.5", "1e2", "٣"] {
            let out = bot.line(bad);
            assert_says(&out, "Please give a whole number from 0 to 100.");
            assert_eq!(bot.step, step, "{bad:?} keeps step {steps_done}");
        }
        let out = bot.line("100");
        assert!(
            !says(&out, "whole number"),
            "100 is in range at step {steps_done}"
        );
    }
    let mut bot = Bot::consented();
    walk(&mut bot, 1);
    for bad in [
        "anxious",
        "80",
        "anxious 180",
        "anxious eighty",
        "a 1, b 2, c 3, d 4, e 5, f 6, g 7",
    ] {
        let out = bot.line(bad);
        assert_says(&out, "I couldn't read that.");
        assert_says(&out, "Step 2 of 8");
    }
}

#[test]
fn emoji_and_right_to_left_text_are_kept_exactly() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    let situation = "😢💔 שלחתי לו הודעה ولم يرد بعد 🕘";
    bot.command("reframe");
    bot.line(situation);
    let out = bot.line("😰 70");
    assert_says(&out, "Step 3 of 8");
    for answer in [
        "הוא עוזב אותי",
        "80",
        "#reframe.traps_unsure",
        "skip",
        "skip",
        "ربما هو مشغول فقط",
        "55",
        "40",
        "#reframe.experiment_no",
    ] {
        match answer.strip_prefix('#') {
            Some(id) => bot.pick(id),
            None => bot.line(answer),
        };
    }
    let journal = store.recent_journal(&bot.who, 1).unwrap();
    let Entry::ThoughtRecord(record) = &journal[0].entry else {
        panic!("a thought record: {journal:?}")
    };
    assert_eq!(record.situation, situation);
    assert_eq!(record.feelings_before[0].name, "😰");
    assert_eq!(record.hot_thought, "הוא עוזב אותי");
    assert_eq!(record.balanced_thought, "ربما هو مشغول فقط");
}
