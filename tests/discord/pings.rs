//! Scheduled pings by DM through the stand-in: with one-tap buttons, once
//! (also when re-sent after a crash, by nonce), a person who cannot be
//! messaged (50007) told next time, and Discord's rate limits waited out.

use super::bot::{RunningBot, Scheduler, settings, started};
use super::person::{Person, Place};
use super::services::test_clock;
use super::standin::{Discord, Scripted};
use securebase::core::clock::Clock;
use securebase::core::{Platform, Who};
use securebase::store::due::Claimed;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Sets a daily 19:30 ping (London time, which is UTC in November).
async fn schedule_daily_at_half_past_seven(person: &Person<'_>) {
    let zone = json!([{"name": "name", "type": 3, "value": "Europe/London"}]);
    let asked = person.command("timezone", zone.clone()).await;
    person.press(&asked.control("onboarding.yes")).await;
    let set = json!([{"name": "set", "type": 1, "options": [
        {"name": "when", "type": 3, "value": "daily 19:30"}
    ]}]);
    let answer = person.command("schedule", set).await;
    assert!(answer.text().contains("19:30"), "{}", answer.text());
}

fn components(message: &Value) -> Vec<String> {
    message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ping_arrives_by_dm_with_buttons_once() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 920_000_000_000_000_001, Place::Server);
    schedule_daily_at_half_past_seven(&person).await;

    bot.services.advance(chrono::Duration::minutes(31));
    let path = format!("/channels/{}/messages", person.dm_channel());
    let sent = discord.wait_for("POST", &path, 1).await;
    let opened = discord.calls_to("POST", "/users/@me/channels");
    assert_eq!(
        opened[0].body,
        json!({"recipient_id": person.id.to_string()})
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let sent_now = discord.calls_to("POST", &path);
    assert_eq!(sent_now.len(), sent.len(), "the ping is sent once");
    let ping = sent_now.last().unwrap().body.clone();
    assert_eq!(ping["enforce_nonce"], json!(true));
    assert!(
        ping["nonce"].as_str().is_some_and(|n| n.len() <= 25),
        "{ping}"
    );
    let buttons = components(&ping);
    for wanted in ["ping.checkin", "ping.snooze", "ping.skip", "ping.pause"] {
        assert!(
            buttons.iter().any(|id| id.contains(wanted)),
            "{wanted} in {buttons:?}"
        );
    }

    let in_dm = Person::new(&discord, person.id, Place::Dm);
    let start = buttons
        .iter()
        .find(|id| id.contains("ping.checkin"))
        .unwrap();
    let moods = in_dm.press(start).await;
    assert!(
        moods
            .control_ids()
            .iter()
            .any(|id| id.contains("checkin.mood.")),
        "{:#?}",
        moods.messages()
    );
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ping_sent_but_not_confirmed_before_a_crash_shows_once() {
    let discord = Discord::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = test_clock();
    let bot = RunningBot::start_with(
        &discord,
        data.path(),
        clock.clone(),
        Scheduler::Off,
        settings(),
    )
    .await;
    let person = Person::new(&discord, 920_000_000_000_000_002, Place::Server);
    schedule_daily_at_half_past_seven(&person).await;
    bot.services.advance(chrono::Duration::minutes(31));
    // What the scheduler does, up to the crash: claim the slot, send the
    // ping, and stop before confirming it.
    let claimed = bot
        .services
        .store
        .claim_due(clock.now(), chrono::Duration::hours(2), 1)
        .unwrap();
    let [Claimed::Deliver(claim)] = claimed.as_slice() else {
        panic!("one slot is claimed for delivery: {claimed:?}");
    };
    let ping = bot
        .services
        .engine
        .ping(&claim.who)
        .unwrap()
        .expect("a ping");
    let delivery = bot.discord.delivery();
    assert!(delivery.deduplicates());
    delivery
        .deliver(&claim.who, &ping.messages, &claim.key)
        .await
        .unwrap();
    drop(delivery);
    bot.stop().await;
    let path = format!("/channels/{}/messages", person.dm_channel());
    let before_crash = discord.calls_to("POST", &path);
    let created = discord.messages_created();

    let bot = RunningBot::start(&discord, data.path(), clock).await;
    let after = discord
        .wait_for("POST", &path, before_crash.len() * 2)
        .await;
    for (first, again) in before_crash.iter().zip(&after[before_crash.len()..]) {
        assert_eq!(
            first.body["nonce"], again.body["nonce"],
            "re-sent with the same nonce"
        );
        assert_eq!(again.body["enforce_nonce"], json!(true));
    }
    assert_eq!(
        discord.messages_created(),
        created,
        "Discord keeps the re-sent ping as the one already shown"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        discord.calls_to("POST", &path).len(),
        before_crash.len() * 2
    );
    assert!(
        bot.services.store.unconfirmed().unwrap().is_empty(),
        "confirmed after the re-send"
    );
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_who_cannot_be_messaged_is_told_the_next_time() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 920_000_000_000_000_003, Place::Server);
    schedule_daily_at_half_past_seven(&person).await;
    discord.script(Scripted {
        method: "POST",
        path_contains: format!("/channels/{}/messages", person.dm_channel()),
        status: 403,
        headers: Vec::new(),
        body: json!({"code": 50007, "message": "Cannot send messages to this user"}),
    });

    bot.services.advance(chrono::Duration::minutes(31));
    discord
        .wait_for(
            "POST",
            &format!("/channels/{}/messages", person.dm_channel()),
            1,
        )
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        discord
            .calls_to(
                "POST",
                &format!("/channels/{}/messages", person.dm_channel())
            )
            .len(),
        1,
        "an unreachable person is not retried"
    );
    let next = person.command("menu", json!([])).await;
    assert!(
        next.text().contains("couldn't reach you"),
        "{}",
        next.text()
    );
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_is_waited_out_and_the_ping_still_arrives() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 920_000_000_000_000_004, Place::Server);
    schedule_daily_at_half_past_seven(&person).await;
    let path = format!("/channels/{}/messages", person.dm_channel());
    discord.script(Scripted {
        method: "POST",
        path_contains: path.clone(),
        status: 429,
        headers: vec![
            ("retry-after", "1".into()),
            ("x-ratelimit-scope", "user".into()),
        ],
        body: json!({"message": "You are being rate limited.", "retry_after": 1.0, "global": false}),
    });
    let who = Who::new(Platform::Discord, person.id.to_string());
    let ping = bot.services.engine.ping(&who).unwrap().unwrap();
    let began = Instant::now();
    bot.discord
        .delivery()
        .deliver(&who, &ping.messages, "discord:rate-limited")
        .await
        .expect("delivered once the limit has passed");
    assert!(
        began.elapsed() >= Duration::from_millis(900),
        "waited {:?}",
        began.elapsed()
    );
    let sent = discord.calls_to("POST", &path);
    assert!(sent.len() >= 2, "sent again after the limit");
    assert_eq!(sent[0].body["nonce"], sent[1].body["nonce"]);
    discord.assert_all_valid();
    bot.stop().await;
}
