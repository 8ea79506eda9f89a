//! The thought record: all eight steps, the cards, the summary, the
//! experiment, and back, skip and stop at every step.

use crate::support::{Bot, assert_says, said, says};
use securebase::core::Outbound;
use securebase::core::journal::{Entry, Experiment, Rated};
use securebase::core::repository::Repository;
use securebase::store::Store;
use std::sync::Arc;

/// One answer of the walk through a thought record.
#[derive(Clone, Copy)]
pub enum Move {
    Line(&'static str),
    Picks(&'static [&'static str]),
}

/// Valid answers, one per step, up to the experiment offer.
pub const WALK: &[(&str, Move)] = &[
    (
        "Step 1 of 8",
        Move::Line("I texted him at 9 and had no reply by 6"),
    ),
    ("Step 2 of 8", Move::Line("anxious 80, sad 40")),
    ("Step 3 of 8", Move::Line("He's losing interest in me")),
    ("believe that thought", Move::Line("90")),
    (
        "Step 4 of 8",
        Move::Picks(&["reframe.trap.mind_reading", "reframe.trap.catastrophizing"]),
    ),
    ("You picked", Move::Picks(&["reframe.traps_done"])),
    ("Step 5 of 8", Move::Line("He read my message")),
    ("Step 6 of 8", Move::Line("He told me he had a long shift")),
    (
        "Step 7 of 8",
        Move::Line("He's busy, and I can wait to hear from him"),
    ),
    ("believe the balanced thought", Move::Line("60")),
    ("\"anxious\" now", Move::Line("50")),
    ("\"sad\" now", Move::Line("30")),
];

pub fn play(bot: &mut Bot, step: Move) -> Vec<Outbound> {
    match step {
        Move::Line(text) => bot.line(text),
        Move::Picks(ids) => bot.pick_many(ids),
    }
}

/// Starts a thought record and answers its first `steps` steps.
pub fn walk(bot: &mut Bot, steps: usize) -> Vec<Outbound> {
    let mut out = bot.command("reframe");
    for (expected, step) in &WALK[..steps] {
        assert_says(&out, expected);
        out = play(bot, *step);
    }
    out
}

#[test]
fn a_whole_thought_record_with_summary_and_experiment() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    let out = walk(&mut bot, 5);
    assert_says(&out, "Mind reading, Catastrophizing");
    let out = walk_on(&mut bot, 5);
    for line in [
        "anxious: 80 → 50",
        "sad: 40 → 30",
        "\"He's losing interest in me\", believed 90 of 100",
        "\"He's busy, and I can wait to hear from him\", believed 60 of 100",
    ] {
        assert_says(&out, line);
    }
    assert!(
        !says(&out, "better") && !says(&out, "worse"),
        "the change is not judged"
    );
    assert_eq!(
        bot.choice_ids(),
        vec!["reframe.experiment_yes", "reframe.experiment_no"]
    );
    bot.pick("reframe.experiment_yes");
    bot.line("He'll think I don't care");
    let out = bot.line("Wait until tomorrow instead of double-texting");
    assert_says(&out, "Your experiment");
    assert_says(&out, "Saved to your journal.");

    let journal = store.recent_journal(&bot.who, 1).unwrap();
    let Entry::ThoughtRecord(record) = &journal[0].entry else {
        panic!("a thought record")
    };
    assert_eq!(record.situation, "I texted him at 9 and had no reply by 6");
    assert_eq!(
        record.feelings_before,
        vec![
            Rated {
                name: "anxious".into(),
                rating: 80
            },
            Rated {
                name: "sad".into(),
                rating: 40
            }
        ]
    );
    assert_eq!(record.hot_belief, 90);
    assert_eq!(record.patterns, vec!["mind_reading", "catastrophizing"]);
    assert_eq!(record.evidence_for.as_deref(), Some("He read my message"));
    assert_eq!(
        record.evidence_against.as_deref(),
        Some("He told me he had a long shift")
    );
    assert_eq!(record.balanced_belief, 60);
    assert_eq!(
        record.feelings_after[1],
        Rated {
            name: "sad".into(),
            rating: 30
        }
    );
    assert_eq!(
        record.experiment,
        Some(Experiment {
            prediction: "He'll think I don't care".into(),
            step: "Wait until tomorrow instead of double-texting".into()
        })
    );
}

/// Answers the steps of `WALK` from `from` to the end.
fn walk_on(bot: &mut Bot, from: usize) -> Vec<Outbound> {
    let mut out = Vec::new();
    for (_, step) in &WALK[from..] {
        out = play(bot, *step);
    }
    out
}

#[test]
fn cards_toggle_and_typed_numbers_pick_several() {
    let mut bot = Bot::consented();
    let out = walk(&mut bot, 4);
    assert_says(&out, "For example:");
    let out = bot.line("1, 3");
    assert_says(&out, "You picked: Mind reading, Catastrophizing.");
    let out = bot.line("1");
    assert_says(&out, "You picked: Catastrophizing.");
    assert!(
        bot.step
            .as_ref()
            .unwrap()
            .choices
            .iter()
            .any(|c| c.label == "✓ Catastrophizing")
    );
    let out = bot.line("done");
    assert_says(&out, "A question to hold on to:");
    assert_says(&out, "Step 5 of 8");
}

#[test]
fn back_returns_to_every_earlier_step() {
    let mut bot = Bot::consented();
    walk(&mut bot, 0);
    let out = bot.line("back");
    assert_says(&out, "no earlier step");
    let after_back = [
        (1, "Step 1 of 8"),
        (2, "Step 2 of 8"),
        (3, "Step 3 of 8"),
        (4, "believe that thought"),
        (5, "believe that thought"),
        (6, "You picked: Mind reading, Catastrophizing."),
        (7, "Step 5 of 8"),
        (8, "Step 6 of 8"),
        (9, "Step 7 of 8"),
        (10, "believe the balanced thought"),
        (11, "\"anxious\" now"),
        (12, "\"sad\" now"),
    ];
    for (steps, expected) in after_back {
        let mut bot = Bot::consented();
        walk(&mut bot, steps);
        let out = bot.line("back");
        assert!(
            says(&out, expected),
            "back from step {steps} shows {expected:?}:\n{}",
            said(&out)
        );
    }
    let mut bot = Bot::consented();
    walk(&mut bot, 2);
    bot.line("back");
    let out = bot.line("anxious 70");
    assert_says(&out, "Step 3 of 8");
}

#[test]
fn skip_works_only_where_a_step_allows_it() {
    for (steps, skippable) in [
        (0, false),
        (1, false),
        (2, false),
        (3, false),
        (6, true),
        (7, true),
        (8, false),
        (9, false),
        (10, false),
    ] {
        let mut bot = Bot::consented();
        walk(&mut bot, steps);
        let before = bot.step.clone();
        let out = bot.line("skip");
        if skippable {
            assert_ne!(bot.step, before, "step {steps} can be skipped");
        } else {
            assert_says(&out, "can't be skipped");
            assert_eq!(bot.step, before, "step {steps} is kept");
        }
    }
    let mut bot = Bot::consented();
    walk(&mut bot, 4);
    let out = bot.line("skip");
    assert_says(&out, "Step 5 of 8");
    let mut bot = Bot::consented();
    walk(&mut bot, WALK.len());
    let out = bot.line("skip");
    assert_says(&out, "That was real work");
}

#[test]
fn stop_ends_the_record_at_every_step_and_keeps_nothing_half_done() {
    for steps in 0..WALK.len() {
        let store = Arc::new(Store::temporary().unwrap());
        let mut bot = Bot::consented_on(store.clone());
        walk(&mut bot, steps);
        let out = bot.line("stop");
        assert_says(&out, "Stopped. Nothing from that exercise was kept.");
        assert!(store.recent_journal(&bot.who, 1).unwrap().is_empty());
        assert!(store.load(&bot.who).unwrap().session.flow.is_none());
    }
}

#[test]
fn stopping_at_the_experiment_keeps_the_finished_record() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store.clone());
    walk(&mut bot, WALK.len());
    bot.pick("reframe.experiment_yes");
    let out = bot.line("stop");
    assert_says(&out, "Saved to your journal.");
    let journal = store.recent_journal(&bot.who, 1).unwrap();
    assert!(matches!(&journal[0].entry, Entry::ThoughtRecord(r) if r.experiment.is_none()));
}
