//! Delivery: each slot once, an opener never the same twice in a row, the
//! one-tap choices, failures recorded and told next time, rate limits
//! honoured, and pacing per platform.

use crate::support::{DAY, HOUR, World, said, utc};
use securebase::schedule::delivery::DeliveryError;
use std::time::Duration;

#[tokio::test(start_paused = true)]
async fn each_slot_is_delivered_once_with_its_choices_and_a_fresh_opener() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "Europe/London", "daily 20:00");
    world.run_for(10 * DAY).await;
    let delivered = world.recorder.delivered();
    assert_eq!(
        delivered.len(),
        10,
        "{:?}",
        world.delivered_at(chrono_tz::Europe::London)
    );
    assert!(
        world
            .delivered_at(chrono_tz::Europe::London)
            .iter()
            .all(|at| at.ends_with("20:00 GMT"))
    );
    let openers: Vec<&str> = delivered
        .iter()
        .map(|d| d.messages[0].text.as_str())
        .collect();
    assert!(
        openers.windows(2).all(|pair| pair[0] != pair[1]),
        "never the same opener twice in a row"
    );
    let known: Vec<String> = crate::support::content()
        .openers
        .openers
        .iter()
        .map(|o| o.text.to_string())
        .collect();
    assert!(
        openers.iter().all(|o| known.iter().any(|k| k == o)),
        "openers come from the content bank"
    );
    let ids: Vec<&str> = delivered[0].messages[0]
        .choices
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        ids,
        vec![
            "ping.checkin",
            "ping.snooze",
            "ping.skip",
            "ping.pause",
            "ping.stop"
        ]
    );
    let keys: std::collections::HashSet<&str> = delivered.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(keys.len(), 10, "each slot has its own idempotency key");
    assert!(
        keys.iter().all(|k| k.len() <= 25),
        "keys fit a Discord nonce"
    );
    let out = world.pick(&who, "ping.checkin");
    assert!(
        said(&out).contains("How are you right now"),
        "{}",
        said(&out)
    );
}

#[tokio::test(start_paused = true)]
async fn the_ping_choices_snooze_skip_pause_and_stop() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "UTC", "daily 20:00");
    world.run_for(8 * HOUR + Duration::from_secs(60)).await;
    assert_eq!(world.recorder.delivered().len(), 1);
    world.pick(&who, "ping.snooze");
    world.run_for(HOUR + Duration::from_secs(60)).await;
    assert_eq!(
        world.delivered_at(chrono_tz::UTC),
        vec!["2026-11-25 20:00 UTC", "2026-11-25 21:01 UTC"]
    );
    world.line(&who, "1");
    assert!(
        said(&world.line(&who, "stop")).contains("Stopped"),
        "the check-in from the ping started"
    );
    world.run_for(DAY).await;
    assert_eq!(
        world.recorder.delivered().len(),
        3,
        "the next day's ping came"
    );
    let out = world.pick(&who, "ping.skip");
    assert!(said(&out).contains("Skipped"), "{}", said(&out));
    world.run_for(DAY).await;
    assert_eq!(world.recorder.delivered().len(), 4);
    let out = world.pick(&who, "ping.pause");
    assert!(said(&out).contains("Paused for 7 days"), "{}", said(&out));
    world.run_for(3 * DAY).await;
    assert_eq!(world.recorder.delivered().len(), 4, "no ping while paused");
    world.line(&who, "schedule resume");
    world.run_for(DAY).await;
    assert_eq!(world.recorder.delivered().len(), 5);
    let out = world.pick(&who, "ping.stop");
    assert!(said(&out).contains("stopped"), "{}", said(&out));
    world.run_for(3 * DAY).await;
    assert_eq!(world.recorder.delivered().len(), 5, "stopped from the ping");
}

#[tokio::test(start_paused = true)]
async fn a_schedule_set_while_the_runner_sleeps_wakes_it() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let task = tokio::spawn(world.runner().run());
    tokio::time::sleep(Duration::from_secs(60)).await;
    world.opt_in("ann", "UTC", "daily 12:03");
    tokio::time::sleep(Duration::from_secs(5 * 60)).await;
    task.abort();
    assert_eq!(
        world.delivered_at(chrono_tz::UTC),
        vec!["2026-11-25 12:03 UTC"]
    );
}

#[tokio::test(start_paused = true)]
async fn an_unreachable_person_is_told_next_time_and_not_retried() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "UTC", "daily 20:00");
    world
        .recorder
        .fail_next(DeliveryError::Unreachable("DMs are closed".into()));
    world.run_for(9 * HOUR).await;
    assert!(world.recorder.delivered().is_empty());
    assert_eq!(*world.recorder.attempts.lock().unwrap(), 1, "not retried");
    let out = world.line(&who, "help");
    assert!(
        said(&out).contains("I tried to send your check-in at Wed 25 Nov, 20:00"),
        "{}",
        said(&out)
    );
    let out = world.line(&who, "help");
    assert!(!said(&out).contains("I tried to send"), "told once");
    world.run_for(DAY).await;
    assert_eq!(
        world.recorder.delivered().len(),
        1,
        "the next slot is tried as usual"
    );
}

#[tokio::test(start_paused = true)]
async fn passing_failures_and_rate_limits_are_retried_a_few_times_only() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    world.opt_in("ann", "UTC", "daily 20:00");
    world
        .recorder
        .fail_next(DeliveryError::RateLimited(Duration::from_secs(30)));
    world
        .recorder
        .fail_next(DeliveryError::Failed("connection reset".into()));
    world.run_for(9 * HOUR).await;
    assert_eq!(
        world.delivered_at(chrono_tz::UTC),
        vec!["2026-11-25 20:00 UTC"]
    );
    let at = world.recorder.delivered()[0].at;
    assert!(
        at >= utc("2026-11-25T20:00:34Z"),
        "waited out the rate limit and a backoff: {at}"
    );
    for _ in 0..3 {
        world
            .recorder
            .fail_next(DeliveryError::Failed("down".into()));
    }
    world.run_for(DAY).await;
    assert_eq!(
        world.recorder.delivered().len(),
        1,
        "given up after three tries, not forever"
    );
    assert_eq!(*world.recorder.attempts.lock().unwrap(), 6);
}

#[tokio::test(start_paused = true)]
async fn deliveries_to_one_platform_are_paced() {
    let mut world = World::new("2026-11-25T12:00:00Z", true);
    world.settings.per_second = 2.0;
    for name in ["a", "b", "c", "d"] {
        world.opt_in(name, "UTC", "daily 13:00");
    }
    world.run_for(2 * HOUR).await;
    let times: Vec<_> = world.recorder.delivered().iter().map(|d| d.at).collect();
    assert_eq!(times.len(), 4);
    for pair in times.windows(2) {
        assert!(
            pair[1] - pair[0] >= chrono::Duration::milliseconds(500),
            "{times:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_snooze_taken_at_any_instant_still_fires() {
    let world = World::new("2026-11-25T12:00:00.123456789Z", true);
    let who = world.opt_in("ann", "UTC", "daily 12:10");
    world.run_for(Duration::from_secs(15 * 60)).await;
    world.pick(&who, "ping.snooze");
    world.run_for(HOUR + Duration::from_secs(60)).await;
    assert_eq!(
        world.delivered_at(chrono_tz::UTC),
        vec!["2026-11-25 12:10 UTC", "2026-11-25 13:15 UTC"],
        "a slot with sub-millisecond time"
    );
}

#[tokio::test(start_paused = true)]
async fn a_snooze_into_quiet_hours_waits_for_the_next_check_in() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "UTC", "daily 21:30");
    world.line(&who, "quiet 22:00-07:00");
    world.run_for(10 * HOUR).await;
    let out = world.pick(&who, "ping.snooze");
    assert!(
        said(&out).contains("falls in your quiet hours"),
        "{}",
        said(&out)
    );
    world.run_for(DAY).await;
    assert_eq!(
        world.delivered_at(chrono_tz::UTC),
        vec!["2026-11-25 21:30 UTC", "2026-11-26 21:30 UTC"]
    );
}

#[tokio::test(start_paused = true)]
async fn a_ping_in_the_middle_of_an_exercise_sets_it_aside_to_resume() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "UTC", "daily 12:10");
    world.line(&who, "reframe");
    let step = world.line(&who, "I sent a message at 9 and no reply yet");
    world.run_for(Duration::from_secs(15 * 60)).await;
    let ping = &world.recorder.delivered()[0].messages;
    assert!(
        said(ping).contains("I've set your thought record aside"),
        "{}",
        said(ping)
    );
    assert_eq!(
        ping.last().unwrap().choices[0].id,
        "ping.checkin",
        "the choices come last"
    );
    let out = world.line(&who, "resume");
    assert_eq!(
        out.last(),
        step.last(),
        "back at the step where the person was"
    );
}

#[tokio::test(start_paused = true)]
async fn a_failure_of_unknown_outcome_is_not_retried_where_a_retry_could_double() {
    let world = World::new("2026-11-25T12:00:00Z", false);
    let who = world.opt_in("ann", "UTC", "daily 20:00");
    world
        .recorder
        .fail_next(DeliveryError::Failed("connection reset mid-send".into()));
    world.run_for(9 * HOUR).await;
    assert!(world.recorder.delivered().is_empty());
    assert_eq!(*world.recorder.attempts.lock().unwrap(), 1);
    let out = world.line(&who, "help");
    assert!(
        said(&out).contains("I tried to send your check-in"),
        "{}",
        said(&out)
    );
}

#[tokio::test(start_paused = true)]
async fn a_damaged_schedule_does_not_stop_anyone_elses_pings() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let broken = world.opt_in("ann", "UTC", "daily 19:00");
    world.opt_in("bob", "UTC", "daily 20:00");
    let person = world.store.person_key(&broken);
    let world = world.restart_with_damage("schedules", &person, &[1u8, b'{']);
    world.run_for(DAY).await;
    let delivered = world.recorder.delivered();
    assert_eq!(
        delivered.len(),
        1,
        "{:?}",
        world.delivered_at(chrono_tz::UTC)
    );
    assert_eq!(delivered[0].who.user_id, "bob");
    let out = world.line(&broken, "schedule set daily 21:00");
    assert!(
        said(&out).contains("every day at 21:00"),
        "the damaged schedule can be set again: {}",
        said(&out)
    );
}

#[tokio::test(start_paused = true)]
async fn a_damaged_delivery_claim_is_dropped_at_restart_and_pings_go_on() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let ann = world.opt_in("ann", "UTC", "daily 19:00");
    let person = world.store.person_key(&ann);
    let world = world.restart_with_damage("deliveries", &person, &[2u8, b'!']);
    world.run_for(Duration::from_secs(60)).await;
    let (_, deliveries) = world
        .store
        .trees()
        .into_iter()
        .find(|(name, _)| name == "deliveries")
        .unwrap();
    assert!(
        deliveries.is_empty(),
        "the damaged claim is dropped at start"
    );
    assert!(world.recorder.delivered().is_empty(), "and never sent");
    world.run_for(DAY).await;
    assert_eq!(world.delivered_at(chrono_tz::UTC), ["2026-11-25 19:00 UTC"]);
}

#[tokio::test(start_paused = true)]
async fn words_written_in_reply_to_a_ping_start_a_check_in_and_are_kept() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "UTC", "daily 12:10");
    world.run_for(Duration::from_secs(15 * 60)).await;
    let out = world.line(&who, "anxious, he still hasn't texted");
    assert!(
        said(&out).contains("with those words as your note"),
        "{}",
        said(&out)
    );
    world.pick(&who, "checkin.mood.2");
    let out = world.engine.handle(&securebase::core::Inbound::new(
        who.clone(),
        securebase::core::Input::Chosen(vec![
            "checkin.emotion.anxious".into(),
            "checkin.done".into(),
        ]),
    ));
    assert!(
        said(&out).contains("Saved to your journal"),
        "the note step is skipped: {}",
        said(&out)
    );
    let out = world.line(&who, "journal");
    assert!(
        said(&out).contains("\"anxious, he still hasn't texted\""),
        "{}",
        said(&out)
    );
}

#[tokio::test(start_paused = true)]
async fn a_ping_that_cannot_be_delivered_leaves_the_conversation_as_it_was() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "UTC", "daily 12:10");
    world.line(&who, "reframe");
    world
        .recorder
        .fail_next(DeliveryError::Unreachable("DMs are closed".into()));
    world.run_for(Duration::from_secs(15 * 60)).await;
    let out = world.line(&who, "He read my message at 9 and said nothing");
    assert!(
        said(&out).contains("I tried to send your check-in"),
        "{}",
        said(&out)
    );
    assert!(
        said(&out).contains("Step 2 of 8"),
        "the answer went to the thought record: {}",
        said(&out)
    );
}
