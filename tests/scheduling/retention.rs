//! The journal purge in simulated time: entries past the keeping time a
//! person chose disappear within the hour, and other journals are untouched.

use crate::support::{World, said};
use securebase::core::repository::Repository;
use securebase::schedule::forget::{FORGET_EVERY, forget_expired};
use std::time::Duration;

#[tokio::test(start_paused = true)]
async fn journal_entries_past_their_keeping_time_are_purged_in_the_background() {
    let world = World::new("2026-11-25T12:00:00Z", true);
    let keeping = world.opt_in("ann", "UTC", "daily 19:00");
    let keeping_all = world.opt_in("bob", "UTC", "daily 20:00");
    for who in [&keeping, &keeping_all] {
        world.line(who, "reflect empathy");
        assert!(said(&world.line(who, "I asked instead of guessing")).contains("Saved"));
    }
    assert!(said(&world.line(&keeping, "mydata keep 7")).contains("for 7 days"));
    let purge = tokio::spawn(forget_expired(
        world.store.clone(),
        world.clock.clone(),
        FORGET_EVERY,
    ));

    world.run_for(Duration::from_secs(6 * 24 * 3600)).await;
    assert_eq!(world.store.recent_journal(&keeping, 5).unwrap().len(), 1);
    world.run_for(Duration::from_secs(24 * 3600 + 3600)).await;
    assert!(
        world.store.recent_journal(&keeping, 5).unwrap().is_empty(),
        "gone within the hour after seven days"
    );
    assert_eq!(
        world.store.recent_journal(&keeping_all, 5).unwrap().len(),
        1,
        "a journal kept until deleted is untouched"
    );
    purge.abort();
}
