//! The weekly look back: off unless a person turns it on, then brought by
//! one check-in ping a week (with the mood chart), and stopped at once.

use crate::support::{DAY, World, said};
use securebase::core::insights::chart::MEDIA_TYPE;

const LOOK_BACK: &str = "Looking back over the last 7 days";

/// For each ping delivered to `name`, whether it brought the look back and its chart.
fn look_backs(world: &World, name: &str) -> Vec<bool> {
    world
        .recorder
        .delivered()
        .iter()
        .filter(|ping| ping.who.user_id == name)
        .map(|ping| {
            let text = said(&ping.messages);
            let chart = ping.messages.iter().any(|m| {
                m.attachment
                    .as_ref()
                    .is_some_and(|a| a.media_type == MEDIA_TYPE)
            });
            assert_eq!(
                text.contains(LOOK_BACK),
                chart,
                "the chart comes with it: {text}"
            );
            chart
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn a_weekly_look_back_comes_with_one_ping_a_week_once_turned_on() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let ann = world.opt_in("ann", "UTC", "daily 19:00");
    world.opt_in("bob", "UTC", "daily 19:00");
    for line in ["checkin", "4", "1", "done", "skip"] {
        world.line(&ann, line);
    }
    assert!(said(&world.line(&ann, "schedule summary")).contains("don't bring a weekly look back"));
    assert!(said(&world.line(&ann, "schedule summary on")).contains("starting with the next one"));
    assert!(said(&world.line(&ann, "schedule summary")).contains("Once a week"));

    world.run_for(4 * DAY).await;
    for line in ["!checkin", "2", "1", "done", "skip"] {
        world.line(&ann, line);
    }
    world.run_for(4 * DAY).await;
    assert_eq!(
        look_backs(&world, "ann"),
        [true, false, false, false, false, false, false, true]
    );
    assert!(
        look_backs(&world, "bob").iter().all(|brought| !brought),
        "off unless turned on"
    );
    let first = world
        .recorder
        .delivered()
        .into_iter()
        .find(|ping| ping.who == ann)
        .unwrap();
    let text = said(&first.messages);
    assert!(text.contains("check-in by check-in: ▆"), "{text}");
    let look_back = first
        .messages
        .iter()
        .position(|m| m.text.contains(LOOK_BACK))
        .unwrap();
    let choices = first
        .messages
        .iter()
        .position(|m| !m.choices.is_empty())
        .unwrap();
    assert!(
        look_back < choices,
        "the look back comes before the ping's choices: {text}"
    );

    assert!(said(&world.line(&ann, "!schedule summary off")).contains("won't bring"));
    world.run_for(8 * DAY).await;
    assert_eq!(
        look_backs(&world, "ann")
            .iter()
            .filter(|brought| **brought)
            .count(),
        2,
        "none after it was turned off"
    );
}

#[test]
fn without_pings_the_look_back_says_how_to_get_one() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let cara = world.newcomer("cara", true);
    let out = said(&world.line(&cara, "schedule summary on"));
    assert!(out.contains("schedule set sun 18:00"), "{out}");
    world.line(&cara, "timezone Europe/Berlin");
    let set = said(&world.line(&cara, "schedule set sun 18:00"));
    assert!(set.contains("Sun at 18:00"), "{set}");
    assert!(said(&world.line(&cara, "schedule summary maybe")).contains("schedule summary on, or"));
}

#[tokio::test(start_paused = true)]
async fn without_a_journal_the_look_back_is_not_turned_on_and_says_why() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let dev = world.newcomer("dev", false);
    world.line(&dev, "timezone UTC");
    world.line(&dev, "schedule set daily 19:00");
    let out = said(&world.line(&dev, "schedule summary on"));
    assert!(out.contains("your journal is off"), "{out}");
    assert!(said(&world.line(&dev, "schedule summary")).contains("don't bring"));
    world.run_for(DAY).await;
    assert_eq!(look_backs(&world, "dev"), [false]);
}
