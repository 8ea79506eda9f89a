//! The check-in, from the mood to the offer that follows.

use crate::support::{Bot, assert_says, content, says};
use securebase::core::journal::Entry;
use securebase::core::repository::Repository;
use securebase::store::Store;
use std::sync::Arc;

#[test]
fn a_full_check_in_is_journaled_and_ends_with_an_offer() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    bot.pick("menu.checkin");
    assert_eq!(
        bot.choice_ids(),
        (1..=5)
            .map(|n| format!("checkin.mood.{n}"))
            .collect::<Vec<_>>()
    );
    bot.line("2");
    bot.line("1, 2");
    bot.pick("checkin.other");
    assert!(bot.waits_for_text());
    bot.line("jealous");
    let out = bot.pick("checkin.done");
    assert!(bot.waits_for_text(), "the note is free text:\n{out:?}");
    let out = bot.line("She hasn't texted since lunch");
    let low_replies: Vec<String> = content()
        .checkin
        .mood(2)
        .unwrap()
        .replies
        .iter()
        .map(|r| r.to_string())
        .collect();
    assert!(
        low_replies.iter().any(|r| says(&out, r)),
        "the reply fits a low mood"
    );
    assert_says(&out, "Saved to your journal.");
    assert_eq!(
        bot.choice_ids(),
        vec![
            "offer.reflect",
            "offer.reframe",
            "offer.breathe",
            "offer.done"
        ]
    );
    let saved_at = out.iter().position(|o| o.text.contains("Saved")).unwrap();
    assert_eq!(
        saved_at,
        out.len() - 2,
        "saved is said after the reply and before the offer"
    );

    let journal = store.recent_journal(&bot.who, 5).unwrap();
    assert_eq!(journal.len(), 1);
    assert_eq!(
        journal[0].entry,
        Entry::CheckIn {
            mood: 2,
            emotions: vec!["Anxious".into(), "Lonely".into(), "jealous".into()],
            note: Some("She hasn't texted since lunch".into()),
        }
    );
    let out = bot.pick("offer.done");
    assert_says(&out, "Thank you for checking in");
}

#[test]
fn the_note_is_optional_and_the_offer_leads_on() {
    let mut bot = Bot::consented();
    bot.command("checkin");
    bot.pick("checkin.mood.4");
    bot.pick("checkin.emotion.hopeful");
    bot.pick("checkin.done");
    let out = bot.line("skip");
    assert_says(&out, "Saved to your journal.");
    let out = bot.pick("offer.reflect");
    assert_says(&out, "What would you like to reflect on?");
}

#[test]
fn done_needs_at_least_one_emotion_and_back_goes_to_the_mood() {
    let mut bot = Bot::consented();
    bot.command("checkin");
    bot.pick("checkin.mood.3");
    let out = bot.pick("checkin.done");
    assert_says(&out, "Pick at least one word");
    assert!(bot.choice_ids().contains(&"checkin.done".to_string()));
    bot.line("back");
    assert!(bot.choice_ids().contains(&"checkin.mood.1".to_string()));
}
