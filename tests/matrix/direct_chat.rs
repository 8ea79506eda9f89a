//! One person's whole direct chat with the bot, end to end encrypted: the
//! join and greeting, onboarding, a full check-in, its export as an
//! encrypted file and its mood chart as an encrypted picture, part of a
//! thought record, a crisis phrase, a restart that keeps the device and the conversation
//! (and refuses a wrong store passphrase),
//! and a scheduled ping that arrives once, also when re-sent under its key.

use super::bot::{BOT_NAME, BOT_PASSWORD, RunningBot, matrix_dir, settings};
use super::person::Person;
use super::services::test_clock;
use super::synapse::Synapse;
use matrix_sdk::ruma::UserId;
use matrix_sdk::ruma::events::room::message::RoomMessageEventContent;
use securebase::adapters::matrix::login::{self, MatrixSecrets};
use securebase::core::{Outbound, Platform, Who};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_conversation_in_an_encrypted_direct_chat() {
    let server = Synapse::start();
    let bot_id = UserId::parse(server.register(BOT_NAME, BOT_PASSWORD)).unwrap();
    server.register("ana", "ana-password");
    let data = tempfile::tempdir().unwrap();
    let settings = settings(&server, Vec::new());
    let bot = RunningBot::start(&settings, data.path(), test_clock()).await;
    let device = bot.matrix.device_id().expect("the bot has a device");

    let mut ana = Person::login(&server, "ana", "ana-password", &bot_id).await;
    let room = ana.client.create_dm(&bot_id).await.unwrap();
    assert!(room.latest_encryption_state().await.unwrap().is_encrypted());

    // The bot joins and introduces itself, encrypted, with numbered choices
    // in both the plain and the HTML body.
    let greeting = ana.hear("May I keep your journal?").await;
    assert!(
        greeting[0].body.contains("I'm securebase, a bot"),
        "{greeting:?}"
    );
    let ask = greeting.last().unwrap();
    assert!(ask.body.contains("1. Yes, keep my journal"), "{}", ask.body);
    let html = ask.html.as_deref().expect("an HTML body");
    assert!(html.contains("<ol><li>Yes, keep my journal</li>"), "{html}");
    assert!(
        greeting
            .iter()
            .all(|h| h.encrypted && h.room == room.room_id())
    );

    ana.ask(&room, "1", "Your journal is on.").await;

    // A full check-in, by numbers, a `!command` and plain words.
    ana.ask(&room, "!checkin", "How are you right now, from 1 to 5?")
        .await;
    ana.ask(&room, "2", "Pick one or more, then Done.").await;
    ana.ask(&room, "1, 2", "So far: Anxious, Lonely.").await;
    ana.ask(&room, "done", "anything on your mind").await;
    let saved = ana
        .ask(
            &room,
            "He still hasn't replied since this morning",
            "Would you like to do something with that?",
        )
        .await;
    assert!(
        saved
            .iter()
            .any(|h| h.body.contains("Saved to your journal.")),
        "{saved:?}"
    );

    // Everything kept, as an encrypted file the person's client can open.
    let export = ana
        .ask(&room, "!mydata export", "securebase-export-matrix-")
        .await;
    let file = export.last().unwrap();
    assert!(file.encrypted, "the file is sent encrypted");
    let document: serde_json::Value =
        serde_json::from_slice(file.file.as_deref().expect("a file")).unwrap();
    assert_eq!(document["schema"], "securebase-export/1");
    assert_eq!(
        document["journal"][0]["entry"]["note"],
        "He still hasn't replied since this morning"
    );

    // A look back, with the mood chart as an encrypted picture.
    let insights = ana
        .ask(&room, "!insights 7", "securebase-mood-7-days.png")
        .await;
    assert!(
        insights
            .iter()
            .any(|h| h.body.contains("Your mood, check-in by check-in: ▂")),
        "{insights:?}"
    );
    let chart = insights.last().unwrap();
    assert!(chart.picture && chart.encrypted, "{chart:?}");
    assert!(
        chart
            .file
            .as_deref()
            .expect("a picture")
            .starts_with(b"\x89PNG\r\n\x1a\n")
    );

    // Another bot's notice is not for us; the person's own words are.
    room.send(RoomMessageEventContent::notice_plain("checkin"))
        .await
        .unwrap();
    let help = ana.ask(&room, "help", "sos, at any time").await;
    assert!(
        help.iter()
            .all(|h| !h.body.contains("How are you right now")),
        "a notice started a check-in: {help:?}"
    );

    // A paced exercise keeps its pace, and a message stops the rest of it.
    let start = ana.ask(&room, "breathe box", "Breathe in… 4").await;
    let breathe_in = start.last().unwrap().at;
    let hold = ana.hear("Hold… 4").await;
    let gap = hold.last().unwrap().at - breathe_in;
    assert!(gap >= Duration::from_millis(2500), "the pause was {gap:?}");
    ana.ask(&room, "stop", "I'm here whenever you want me.")
        .await;
    ana.expect_silence(Duration::from_secs(6)).await;

    // Part of a thought record, then a crisis phrase in the middle of it.
    ana.ask(&room, "reframe", "Step 1 of 8").await;
    ana.ask(
        &room,
        "I sent a message at 9 and had no reply by 6",
        "Step 2 of 8",
    )
    .await;
    let crisis = ana
        .ask(
            &room,
            "honestly I don't want to be here anymore",
            "Go back to where I was",
        )
        .await;
    let said: String = crisis
        .iter()
        .map(|h| h.body.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "I'm really glad you told me",
        "Samaritans: Call 116 123",
        "call 999",
        "findahelpline.com",
    ] {
        assert!(
            said.contains(expected),
            "expected {expected:?} in the crisis reply:\n{said}"
        );
    }
    assert!(
        crisis
            .iter()
            .all(|h| h.room == room.room_id() && h.encrypted)
    );

    // A restart: the same device; of what came while it was down only the
    // crisis is answered, once; and the conversation goes on where it was.
    bot.stop().await;
    let wrong = MatrixSecrets {
        password: None,
        access_token: None,
        store_passphrase: "not the passphrase".into(),
    };
    let refused = login::connect(&settings, &matrix_dir(data.path()), &wrong)
        .await
        .expect_err("a wrong passphrase opens nothing");
    assert!(
        format!("{refused:#}").contains("SECUREBASE_MATRIX_STORE_PASSPHRASE"),
        "{refused:#}"
    );
    ana.say(&room, "checkin").await;
    ana.say(&room, "everyone would be better off without me")
        .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let clock = test_clock();
    let bot = RunningBot::start(&settings, data.path(), clock).await;
    assert_eq!(
        bot.matrix.device_id(),
        Some(device),
        "the bot kept its device"
    );
    let late = ana.hear("Go back to where I was").await;
    assert!(
        late.iter()
            .any(|h| h.body.contains("I'm really glad you told me")),
        "a crisis written while the bot was down is answered: {late:?}"
    );
    assert!(
        late.iter()
            .all(|h| !h.body.contains("How are you right now")),
        "an ordinary message from before the start was answered: {late:?}"
    );
    ana.expect_silence(Duration::from_secs(2)).await;
    let back = ana
        .ask(&room, "Go back to where I was", "Step 2 of 8")
        .await;
    assert!(
        back.iter()
            .all(|h| !h.body.contains("How are you right now")),
        "a message from before the start was answered: {back:?}"
    );
    ana.ask(&room, "stop", "Stopped.").await;

    // A schedule a few minutes ahead: the ping comes once, in the chat.
    ana.schedule_daily(&room, "19:05").await;
    bot.advance(chrono::Duration::minutes(6));
    let ping = ana.hear("Check in now").await;
    assert!(ping.iter().all(|h| h.encrypted && h.room == room.room_id()));
    bot.advance(chrono::Duration::minutes(1));
    ana.ask(&room, "1", "How are you right now, from 1 to 5?")
        .await;
    assert_eq!(ana.heard_count("Check in now"), 1, "one ping per slot");

    // A ping re-sent under the same key after a crash shows once.
    let delivery = bot.matrix.delivery();
    let who = Who::new(Platform::Matrix, ana.id.as_str());
    let resent = [Outbound::say("A ping sent twice under one key.")];
    delivery.deliver(&who, &resent, "slot-test").await.unwrap();
    delivery.deliver(&who, &resent, "slot-test").await.unwrap();
    ana.ask(&room, "help", "sos, at any time").await;
    assert_eq!(ana.heard_count("A ping sent twice under one key."), 1);
    bot.stop().await;
}
