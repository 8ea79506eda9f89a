//! Daylight saving through the runner: wall-clock times stay wall-clock,
//! a time in the spring-forward gap fires once at the first valid instant,
//! a time in the repeated autumn hour fires once.

use crate::support::{DAY, World};

async fn pings(start: &str, zone: &str, rule: &str, days: u32) -> Vec<String> {
    let world = World::new(start, true);
    world.opt_in("ann", zone, rule);
    world.run_for(days * DAY).await;
    world.delivered_at(zone.parse().unwrap())
}

#[tokio::test(start_paused = true)]
async fn new_york_spring_and_autumn() {
    let spring = pings("2026-03-07T12:00:00Z", "America/New_York", "daily 2:30", 3).await;
    assert_eq!(
        spring,
        vec![
            "2026-03-08 03:00 EDT",
            "2026-03-09 02:30 EDT",
            "2026-03-10 02:30 EDT"
        ]
    );
    let autumn = pings("2026-10-31T12:00:00Z", "America/New_York", "daily 1:30", 2).await;
    assert_eq!(autumn, vec!["2026-11-01 01:30 EDT", "2026-11-02 01:30 EST"]);
    let evening = pings("2026-03-07T12:00:00Z", "America/New_York", "daily 20:00", 2).await;
    assert_eq!(
        evening,
        vec!["2026-03-07 20:00 EST", "2026-03-08 20:00 EDT"]
    );
}

#[tokio::test(start_paused = true)]
async fn berlin_spring_and_autumn() {
    let spring = pings("2026-03-28T12:00:00Z", "Europe/Berlin", "daily 2:15", 2).await;
    assert_eq!(
        spring,
        vec!["2026-03-29 03:00 CEST", "2026-03-30 02:15 CEST"]
    );
    let autumn = pings("2026-10-24T12:00:00Z", "Europe/Berlin", "daily 2:15", 2).await;
    assert_eq!(
        autumn,
        vec!["2026-10-25 02:15 CEST", "2026-10-26 02:15 CET"]
    );
}

#[tokio::test(start_paused = true)]
async fn lord_howe_half_hour_shift() {
    let spring = pings(
        "2026-10-03T00:00:00Z",
        "Australia/Lord_Howe",
        "daily 2:10",
        2,
    )
    .await;
    assert_eq!(spring, vec!["2026-10-04 02:30 +11", "2026-10-05 02:10 +11"]);
    let autumn = pings(
        "2026-04-04T00:00:00Z",
        "Australia/Lord_Howe",
        "daily 1:45",
        2,
    )
    .await;
    assert_eq!(
        autumn,
        vec!["2026-04-05 01:45 +11", "2026-04-06 01:45 +1030"]
    );
}
