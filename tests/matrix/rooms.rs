//! Where the bot will not talk: a group room gets one short note that it
//! works in direct chats, and then the bot leaves; an invite from someone
//! outside allowed_inviters is declined without a word.

use super::bot::{BOT_NAME, BOT_PASSWORD, RunningBot, settings, test_clock};
use super::person::{Person, wait_until_left};
use super::synapse::Synapse;
use matrix_sdk::ruma::UserId;
use matrix_sdk::ruma::api::client::room::create_room;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_rooms_are_left_and_strangers_declined() {
    let server = Synapse::start();
    let bot_id = UserId::parse(server.register(BOT_NAME, BOT_PASSWORD)).unwrap();
    let ana_id = server.register("ana", "ana-password");
    server.register("ben", "ben-password");
    let data = tempfile::tempdir().unwrap();
    let bot = RunningBot::start(&settings(&server, vec![ana_id]), data.path(), test_clock()).await;
    let mut ana = Person::login(&server, "ana", "ana-password", &bot_id).await;
    let mut ben = Person::login(&server, "ben", "ben-password", &bot_id).await;

    let mut request = create_room::v3::Request::new();
    request.invite = vec![bot_id.clone()];
    request.name = Some("Friends".into());
    let group = ana.client.create_room(request).await.unwrap();
    let note = ana.hear("I only talk in direct messages").await;
    assert_eq!(note.len(), 1, "one short note and nothing else: {note:?}");
    assert_eq!(note[0].room, group.room_id());
    wait_until_left(&group, &bot_id).await;

    let declined = ben.client.create_dm(&bot_id).await.unwrap();
    wait_until_left(&declined, &bot_id).await;
    ben.expect_silence(Duration::from_secs(2)).await;
    ana.expect_silence(Duration::from_secs(1)).await;
    bot.stop().await;
}
