//! The schedule commands through the engine: opt-in only, shown back in
//! local time, kind answers to bad schedules and zones, and stop at once.

use crate::support::{DAY, World, said};

#[tokio::test(start_paused = true)]
async fn nobody_is_pinged_without_setting_a_schedule() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.newcomer("quiet-one", true);
    world.line(&who, "timezone Europe/London");
    world.run_for(3 * DAY).await;
    assert!(world.recorder.delivered().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_schedule_is_shown_back_with_the_next_three_pings_in_local_time() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.newcomer("ann", true);
    let out = world.line(&who, "schedule set daily 20:00");
    assert!(
        said(&out).contains("First, tell me your timezone"),
        "{}",
        said(&out)
    );
    let out = world.line(&who, "timezone Europe/Berln");
    assert!(
        said(&out).contains("Did you mean Europe/Berlin?"),
        "{}",
        said(&out)
    );
    let out = world.line(&who, "timezone Europe/Berlin");
    assert!(
        said(&out).contains("It's Wed 25 Nov, 13:00 there now"),
        "{}",
        said(&out)
    );
    let out = world.line(&who, "schedule set every day at 8pm");
    let text = said(&out);
    assert!(
        text.contains("every day at 20:00, Europe/Berlin time"),
        "{text}"
    );
    assert!(
        text.contains("Next: Wed 25 Nov, 20:00 · Thu 26 Nov, 20:00 · Fri 27 Nov, 20:00."),
        "{text}"
    );
    assert!(text.contains("schedule stop"), "{text}");
    let out = world.line(&who, "schedule show");
    assert!(
        said(&out).contains("Next: Wed 25 Nov, 20:00"),
        "{}",
        said(&out)
    );
}

#[tokio::test(start_paused = true)]
async fn bad_schedules_get_a_kind_message_with_examples_that_work() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "Europe/London", "daily 20:00");
    for (bad, expected) in [
        (
            "schedule set funday 25:00",
            "Any of these work: daily 20:00",
        ),
        ("schedule set daily", "Any of these work"),
        ("schedule set cron 0 30 8 * *", "cron 0 30 8 * * Mon-Fri"),
        ("schedule set cron * * * * * *", "at most once an hour"),
        ("schedule pause forever", "For how many days?"),
        ("schedule snooze a while", "schedule snooze 1h"),
        ("timezone Atlantis/Deep", "Use a name like Europe/Berlin"),
        ("quiet whenever", "quiet 22:00-07:00"),
    ] {
        let out = world.line(&who, bad);
        assert!(
            said(&out).contains(expected),
            "{bad}: expected {expected:?} in:\n{}",
            said(&out)
        );
    }
    let out = world.line(&who, "schedule show");
    assert!(
        said(&out).contains("every day at 20:00"),
        "the schedule is unchanged"
    );
}

#[tokio::test(start_paused = true)]
async fn every_way_people_say_a_schedule_works() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "America/New_York", "daily 20:00");
    for (rule, shown) in [
        ("daily 20:00", "every day at 20:00"),
        ("every day at 8pm", "every day at 20:00"),
        ("weekdays 8:30", "weekdays at 08:30"),
        ("weekends 10am", "weekends at 10:00"),
        ("mon,wed,fri 19:00", "Mon, Wed, Fri at 19:00"),
        ("cron 0 30 8 * * Mon-Fri", "cron 0 30 8 * * Mon-Fri"),
    ] {
        let out = world.line(&who, &format!("schedule set {rule}"));
        assert!(said(&out).contains(shown), "{rule}: {}", said(&out));
    }
    let out = world.line(&who, "schedule show");
    assert!(
        said(&out).contains("Next: Wed 25 Nov, 08:30 · Thu 26 Nov, 08:30 · Fri 27 Nov, 08:30"),
        "{}",
        said(&out)
    );
}

#[tokio::test(start_paused = true)]
async fn stop_takes_effect_at_once() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "UTC", "daily 12:30");
    let out = world.line(&who, "schedule stop");
    assert!(said(&out).contains("nothing more will come"));
    world.run_for(2 * DAY).await;
    assert!(world.recorder.delivered().is_empty());
    assert!(
        world.store.first_due().unwrap().is_none(),
        "the due index is empty"
    );
}

#[tokio::test(start_paused = true)]
async fn snooze_skip_pause_resume_and_quiet_hours_move_the_next_ping() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "UTC", "daily 20:00");
    let next = |world: &World| {
        world
            .store
            .first_due()
            .unwrap()
            .map(|at| at.format("%d %H:%M").to_string())
    };
    assert_eq!(next(&world).as_deref(), Some("25 20:00"));
    world.line(&who, "schedule skip");
    assert_eq!(next(&world).as_deref(), Some("26 20:00"));
    let out = world.line(&who, "schedule snooze 1h");
    assert!(
        said(&out).contains("no ping to snooze"),
        "a snooze never adds a ping: {}",
        said(&out)
    );
    assert_eq!(next(&world).as_deref(), Some("26 20:00"));
    world.line(&who, "schedule snooze tomorrow");
    assert_eq!(next(&world).as_deref(), Some("26 20:00"));
    world.line(&who, "schedule pause 3");
    assert_eq!(next(&world).as_deref(), Some("28 20:00"));
    world.line(&who, "schedule pause 4d");
    assert_eq!(
        next(&world).as_deref(),
        Some("29 20:00"),
        "days are read as mydata keep reads them"
    );
    world.line(&who, "schedule resume");
    assert_eq!(next(&world).as_deref(), Some("25 20:00"));
    let out = world.line(&who, "quiet 19:00-07:00");
    assert!(
        said(&out).contains("would never ping you"),
        "{}",
        said(&out)
    );
    assert_eq!(
        next(&world).as_deref(),
        Some("25 20:00"),
        "an impossible change is not kept"
    );
    world.line(&who, "schedule set cron 0 0 7,21 * * *");
    world.line(&who, "quiet 21:00-06:00");
    assert_eq!(
        next(&world).as_deref(),
        Some("26 07:00"),
        "the evening slot is inside quiet hours"
    );
    world.line(&who, "timezone Asia/Tokyo");
    assert_eq!(
        next(&world).as_deref(),
        Some("25 22:00"),
        "07:00 in Tokyo is 22:00 UTC"
    );
}

#[tokio::test(start_paused = true)]
async fn deleting_my_data_removes_the_schedule_and_its_due_entry() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let who = world.opt_in("ann", "UTC", "daily 20:00");
    assert!(world.store.first_due().unwrap().is_some());
    world.line(&who, "!mydata delete");
    let out = world.pick(&who, "delete.yes");
    assert!(
        said(&out).contains("Everything is erased"),
        "{}",
        said(&out)
    );
    assert!(world.store.first_due().unwrap().is_none());
    world.run_for(2 * DAY).await;
    assert!(world.recorder.delivered().is_empty());
}
