//! Where the bot will not talk: a group room gets one short note that it
//! works in direct chats, and then the bot leaves; an invite from someone
//! outside allowed_inviters is declined without a word. And the bot's
//! first start can use an access token instead of a password.

use super::bot::{BOT_NAME, BOT_PASSWORD, RunningBot, matrix_dir, settings};
use super::person::{Person, wait_until_left};
use super::services::test_clock;
use super::synapse::Synapse;
use matrix_sdk::ruma::UserId;
use matrix_sdk::ruma::api::client::room::create_room;
use securebase::adapters::matrix::login::{self, MatrixSecrets};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_rooms_are_left_strangers_declined_and_a_token_logs_in() {
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

    // An operator may give an access token instead of a password: the bot
    // then is that token's device.
    let elsewhere = server.client(BOT_NAME, BOT_PASSWORD).await;
    let secrets = MatrixSecrets {
        password: None,
        access_token: elsewhere.access_token(),
        store_passphrase: "another passphrase".into(),
    };
    let other_data = tempfile::tempdir().unwrap();
    let with_token = login::connect(
        &settings(&server, Vec::new()),
        &matrix_dir(other_data.path()),
        &secrets,
    )
    .await
    .expect("the access token logs in");
    assert_eq!(with_token.device_id(), elsewhere.device_id());
}
