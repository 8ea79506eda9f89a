//! Downtime and crashes: after a restart at most one late ping per person,
//! only inside the grace window; a slot claimed but not confirmed before a
//! crash arrives exactly once where the platform deduplicates, and at most
//! once where it does not.

use crate::support::{DAY, HOUR, World};
use securebase::schedule::delivery::Delivery;
use securebase::store::due::{Claim, Claimed};
use std::time::Duration;

#[tokio::test(start_paused = true)]
async fn after_a_five_hour_outage_the_missed_slot_is_skipped() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    world.opt_in("ann", "UTC", "daily 20:00");
    world.run_for(7 * HOUR).await;
    let world = world.restart();
    tokio::time::advance(6 * HOUR).await;
    world.run_for(DAY).await;
    assert_eq!(
        world.delivered_at(chrono_tz::UTC),
        vec!["2026-11-26 20:00 UTC"],
        "not replayed"
    );
}

#[tokio::test(start_paused = true)]
async fn after_a_thirty_minute_outage_one_late_ping_arrives() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    world.opt_in("ann", "UTC", "daily 20:00");
    world
        .run_for(7 * HOUR + 50 * 60 * Duration::from_secs(1))
        .await;
    let world = world.restart();
    tokio::time::advance(Duration::from_secs(30 * 60)).await;
    world.run_for(DAY).await;
    assert_eq!(
        world.delivered_at(chrono_tz::UTC),
        vec!["2026-11-25 20:20 UTC", "2026-11-26 20:00 UTC"]
    );
}

#[tokio::test(start_paused = true)]
async fn after_days_away_todays_slot_still_comes_if_it_is_inside_the_grace_window() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    world.opt_in("ann", "UTC", "daily 20:00");
    let world = world.restart();
    tokio::time::advance(3 * DAY + 8 * HOUR + Duration::from_secs(10 * 60)).await;
    world.run_for(HOUR).await;
    assert_eq!(
        world.delivered_at(chrono_tz::UTC),
        vec!["2026-11-28 20:10 UTC"],
        "one late ping, today's"
    );
}

#[tokio::test(start_paused = true)]
async fn many_missed_slots_give_one_late_ping_not_a_flood() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    world.opt_in("ann", "UTC", "cron 0 0 * * * *");
    world.opt_in("bob", "UTC", "cron 0 30 * * * *");
    let world = world.restart();
    tokio::time::advance(Duration::from_secs(100 * 60)).await;
    world.run_for(Duration::from_secs(10 * 60)).await;
    let delivered = world.recorder.delivered();
    assert_eq!(
        delivered.len(),
        2,
        "one late ping each: {:?}",
        world.delivered_at(chrono_tz::UTC)
    );
    assert_ne!(delivered[0].who, delivered[1].who);
}

/// Claims the slot due now, as the runner does just before it delivers.
fn claim_now(world: &World) -> Claim {
    let claimed = world
        .store
        .claim_due(world.clock_now(), chrono::Duration::hours(2), 1)
        .unwrap();
    match claimed.as_slice() {
        [Claimed::Deliver(claim)] => claim.clone(),
        other => panic!("one slot is claimed for delivery: {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_crash_between_claim_and_send_is_resent_once_with_the_same_key() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    world.opt_in("ann", "UTC", "daily 12:30");
    tokio::time::advance(Duration::from_secs(30 * 60)).await;
    let claim = claim_now(&world);
    let world = world.restart();
    world.run_for(HOUR).await;
    let delivered = world.recorder.delivered();
    assert_eq!(delivered.len(), 1);
    assert_eq!(
        delivered[0].key, claim.key,
        "re-sent with the claim's idempotency key"
    );
    assert!(world.store.unconfirmed().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_ping_delivered_but_not_confirmed_before_a_crash_still_arrives_once() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    world.opt_in("ann", "UTC", "daily 12:30");
    tokio::time::advance(Duration::from_secs(30 * 60)).await;
    let claim = claim_now(&world);
    let ping = world
        .engine
        .ping(&claim.who)
        .unwrap()
        .expect("a ping for a schedule");
    world
        .recorder
        .deliver(&claim.who, &ping.messages, &claim.key)
        .await
        .unwrap();
    let world = world.restart();
    world.run_for(DAY + HOUR).await;
    let keys: Vec<String> = world
        .recorder
        .delivered()
        .iter()
        .map(|d| d.key.clone())
        .collect();
    assert_eq!(
        keys.len(),
        2,
        "today's slot once, tomorrow's once: {keys:?}"
    );
    assert_eq!(keys[0], claim.key);
    assert_eq!(
        *world.recorder.attempts.lock().unwrap(),
        2,
        "after the restart: the re-send, which the platform kept once, and tomorrow's"
    );
}

#[tokio::test(start_paused = true)]
async fn without_deduplication_an_interrupted_slot_is_dropped_not_doubled() {
    let world = World::new("2026-11-25T12:00:00Z", false);
    world.opt_in("ann", "UTC", "daily 12:30");
    tokio::time::advance(Duration::from_secs(30 * 60)).await;
    claim_now(&world);
    let world = world.restart();
    world.run_for(HOUR).await;
    assert!(world.recorder.delivered().is_empty(), "at most once");
    assert!(world.store.unconfirmed().unwrap().is_empty());
}
