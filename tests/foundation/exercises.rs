//! Reflect, breathe and self-check, end to end.

use crate::support::{Bot, assert_says, content, said, says};
use securebase::core::journal::Entry;
use securebase::core::repository::Repository;
use securebase::store::Store;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// The reflection prompt just shown (the message before the answer step).
fn shown_prompt(out: &[securebase::core::Outbound]) -> String {
    out[out.len() - 2].text.clone()
}

#[test]
fn reflect_on_a_named_theme_and_keep_the_answer() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    let out = bot.line("reflect self care");
    let theme = content()
        .reflections
        .theme("self_care")
        .unwrap()
        .name
        .to_string();
    assert!(
        shown_prompt(&out).starts_with(&format!("{theme}: ")),
        "{}",
        said(&out)
    );
    assert!(bot.waits_for_text());
    let out = bot.line("A walk without my phone 🌿");
    assert_says(&out, "Thank you for sitting with that.");
    assert_says(&out, "Saved to your journal.");
    let journal = store.recent_journal(&bot.who, 1).unwrap();
    let Entry::Reflection { theme, answer, .. } = &journal[0].entry else {
        panic!("a reflection")
    };
    assert_eq!(theme, "self_care");
    assert_eq!(answer, "A walk without my phone 🌿");
}

#[test]
fn no_prompt_repeats_until_the_theme_is_used_up() {
    let mut bot = Bot::consented();
    let count = content().reflections.prompts_of("boundaries").count();
    assert!(count >= 12);
    let mut seen = HashSet::new();
    let mut out = bot.command("reflect boundaries");
    let mut last = String::new();
    for _ in 0..count {
        last = shown_prompt(&out);
        assert!(
            seen.insert(last.clone()),
            "a prompt repeated before the theme was used up"
        );
        out = bot.pick("reflect.another");
    }
    assert_eq!(seen.len(), count);
    let again = shown_prompt(&out);
    assert!(seen.contains(&again), "once used up, the theme starts over");
    assert_ne!(again, last, "and not with the prompt just shown");
}

#[test]
fn prompts_stay_fresh_across_separate_reflections() {
    let mut bot = Bot::consented();
    let mut seen = HashSet::new();
    for _ in 0..12 {
        let out = bot.command("reflect vulnerability");
        assert!(seen.insert(shown_prompt(&out)));
        bot.line("skip");
    }
}

#[test]
fn surprise_me_rotates_through_the_themes() {
    let mut bot = Bot::consented();
    let themes = &content().reflections.themes;
    bot.command("reflect communication");
    let at = themes
        .iter()
        .position(|t| &**t.id.get_ref() == "communication")
        .unwrap();
    for step in 1..=3 {
        bot.line("skip");
        bot.command("reflect");
        let out = bot.pick("reflect.any");
        let expected = &themes[(at + step) % themes.len()].name;
        assert!(
            shown_prompt(&out).starts_with(&format!("{expected}: ")),
            "{}",
            said(&out)
        );
    }
}

#[test]
fn an_unknown_theme_is_named_and_the_themes_offered() {
    let mut bot = Bot::consented();
    let out = bot.command("reflect gardening");
    assert_says(&out, "I don't have a theme called \"gardening\"");
    assert!(
        bot.choice_ids()
            .contains(&"reflect.theme.empathy".to_string())
    );
}

#[test]
fn breathing_patterns_are_paced_and_stoppable() {
    let mut bot = Bot::consented();
    bot.command("breathe");
    assert!(bot.choice_ids().len() >= 2, "at least two patterns");
    let out = bot.pick("breathe.pattern.box");
    let paced: Vec<_> = out.iter().filter(|o| o.delay.is_some()).collect();
    let total: Duration = out.iter().filter_map(|o| o.delay).sum();
    assert_eq!(
        total,
        Duration::from_secs(4 * 4 * 4),
        "four rounds of 4-4-4-4 seconds"
    );
    assert!(paced.len() >= 12);
    assert_says(&out, "Round 4 of 4");
    assert_eq!(bot.choice_ids(), vec!["breathe.again", "breathe.done"]);

    let out = bot.line("breathe 478");
    assert_says(&out, "4-7-8 breathing");
    let total: Duration = out.iter().filter_map(|o| o.delay).sum();
    assert_eq!(total, Duration::from_secs(3 * (4 + 7 + 8)));
    let out = bot.line("stop");
    assert_says(&out, "I'm here whenever you want me");
    assert!(bot.choice_ids().is_empty());
}

#[test]
fn the_self_check_reflects_answers_back_without_labels() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    let questions = &content().selfcheck.questions;
    assert!((5..=8).contains(&questions.len()));
    let mut out = bot.command("selfcheck");
    assert_says(&out, "no score");
    for (i, question) in questions.iter().enumerate() {
        assert!(says(&out, &question.text), "question {i} is asked");
        out = bot.line(&((i * 3) % 11).to_string());
    }
    let out = bot.line("I kept checking his last seen");
    assert_says(&out, "In your words: \"I kept checking his last seen\"");
    for (i, question) in questions.iter().enumerate() {
        let mirror = question
            .reflect
            .get_ref()
            .fill(&[("answer", &((i * 3) % 11).to_string())]);
        assert_says(&out, &mirror);
    }
    assert_says(&out, "Some things that might help");
    let text = said(&out).to_lowercase();
    for label in [
        "score:",
        "severe",
        "you are anxious",
        "attachment style",
        "normal",
        "diagnos",
    ] {
        assert!(
            !text.contains(label),
            "no label or score category ({label}):\n{text}"
        );
    }
    let journal = store.recent_journal(&bot.who, 1).unwrap();
    let Entry::SelfCheck { answers, note } = &journal[0].entry else {
        panic!("a self-check")
    };
    assert_eq!(answers.len(), questions.len());
    assert_eq!(note.as_deref(), Some("I kept checking his last seen"));
}

#[test]
fn self_check_answers_are_0_to_10_and_back_works() {
    let mut bot = Bot::consented();
    bot.command("selfcheck");
    let first = bot.step.clone().unwrap();
    let out = bot.line("11");
    assert_says(&out, "whole number from 0 to 10");
    assert_eq!(bot.step.as_ref(), Some(&first));
    bot.line("5");
    let out = bot.line("back");
    assert_eq!(out.last(), Some(&first));
}
