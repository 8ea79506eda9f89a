//! The safety screen: recall on crisis language, no false alarms on idioms,
//! and the crisis reply in every state, in the same turn, with the way back.

use crate::reframe::walk;
use crate::support::{Bot, assert_says, says};
use securebase::core::repository::Repository;
use securebase::core::safety::{Screen, screen};
use securebase::core::{Inbound, Input};
use securebase::store::Store;
use std::path::Path;
use std::sync::Arc;

fn phrases(file: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/safety")
        .join(file);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_crisis_phrase_is_caught() {
    let crisis = phrases("crisis.txt");
    assert!(crisis.len() >= 40, "the crisis set has at least 40 phrases");
    let missed: Vec<&String> = crisis
        .iter()
        .filter(|p| screen(p) != Screen::Crisis)
        .collect();
    println!(
        "crisis recall: {}/{}",
        crisis.len() - missed.len(),
        crisis.len()
    );
    assert!(missed.is_empty(), "the screen missed: {missed:#?}");
}

#[test]
fn idioms_and_everyday_worries_are_not_alarms() {
    let idioms = phrases("idioms.txt");
    assert!(idioms.len() >= 40, "the idiom set has at least 40 phrases");
    let alarms: Vec<&String> = idioms
        .iter()
        .filter(|p| screen(p) == Screen::Crisis)
        .collect();
    println!("false alarms: {}/{}", alarms.len(), idioms.len());
    assert!(alarms.is_empty(), "false alarms on: {alarms:#?}");
}

#[test]
fn crisis_language_mid_exercise_gets_help_in_the_same_turn_and_can_resume() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    walk(&mut bot, 2);
    let step = bot.step.clone();
    let out = bot.line("honestly I don't want to be here anymore");
    assert_says(&out, "I'm really glad you told me");
    assert_says(&out, "Samaritans: Call 116 123");
    assert_says(&out, "call 999");
    assert_says(&out, "findahelpline.com");
    assert_says(&out, "I won't contact anyone");
    assert!(out.iter().all(|o| o.private), "the crisis reply is private");
    assert!(
        bot.choice_ids().contains(&"sos.breathe".to_string()),
        "grounding is offered"
    );
    let paused = store.load(&bot.who).unwrap().session;
    let kept = serde_json::to_string(&paused).unwrap();
    assert!(
        !kept.contains("want to be here"),
        "the crisis words are not taken as an answer"
    );
    assert!(store.recent_journal(&bot.who, 1).unwrap().is_empty());
    let out = bot.pick("sos.resume");
    assert_says(&out, "Back to your thought record");
    assert_eq!(bot.step, step);
}

#[test]
fn of_what_was_written_while_the_bot_was_away_only_a_crisis_is_answered() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    walk(&mut bot, 2);
    let before = serde_json::to_string(&store.load(&bot.who).unwrap().session).unwrap();
    let late = |text: &str| Inbound::new(bot.who.clone(), Input::Line(text.into()));
    assert!(bot.engine.handle_late(&late("checkin")).is_empty());
    assert!(bot.engine.handle_late(&late("anxious 80")).is_empty());
    let after = serde_json::to_string(&store.load(&bot.who).unwrap().session).unwrap();
    assert_eq!(before, after, "an ordinary late message changes nothing");
    let out = bot
        .engine
        .handle_late(&late("checkin\neveryone would be better off without me"));
    assert_says(&out, "I'm really glad you told me");
    assert_says(&out, "Samaritans: Call 116 123");
    assert!(out.iter().all(|o| o.private));
}

#[test]
fn an_idiom_mid_exercise_is_taken_as_the_answer() {
    let mut bot = Bot::consented();
    walk(&mut bot, 0);
    let out = bot.line("This wait is killing me, he still hasn't replied");
    assert!(!says(&out, "glad you told me"));
    assert_says(&out, "Step 2 of 8");
}

#[test]
fn every_way_of_writing_is_screened_in_every_state() {
    let cases: Vec<(&str, Input)> = vec![
        (
            "a typed line before any introduction",
            Input::Line("I want to end my life".into()),
        ),
        (
            "a modal's text",
            Input::Text("i keep wanting to self harm".into()),
        ),
        (
            "a command's arguments",
            Input::Command {
                name: "reflect".into(),
                args: vec!["i".into(), "want".into(), "to".into(), "die".into()],
            },
        ),
    ];
    for (what, input) in cases {
        let mut bot = Bot::new();
        let out = bot.send(input);
        assert!(says(&out, "116 123"), "{what} gets the crisis reply");
    }
    let mut bot = Bot::consented();
    bot.command("checkin");
    let out = bot.line("everyone would be better off without me");
    assert!(
        says(&out, "116 123"),
        "a line typed at a choice step is screened too"
    );
    let mut bot = Bot::new();
    bot.command("start");
    let out = bot.line("I've been saving up my pills");
    assert!(says(&out, "116 123"), "onboarding is screened");
    assert_eq!(
        bot.choice_ids(),
        vec!["sos.breathe", "sos.resume", "sos.menu"]
    );
    let out = bot.pick("sos.breathe");
    assert_says(&out, "breathing");
}
