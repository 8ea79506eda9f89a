//! Pings and the homeserver's limits: a reply the homeserver rate-limits
//! still arrives whole and in order, paced by its retry_after_ms, a file
//! included; and a
//! ping for a person who has left their direct chat opens a new encrypted
//! one.

use super::bot::{BOT_NAME, BOT_PASSWORD, RunningBot, settings};
use super::person::{Heard, Person};
use super::services::test_clock;
use super::synapse::Synapse;
use matrix_sdk::ruma::{RoomId, UserId};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_are_waited_out_and_a_left_chat_is_opened_again() {
    let server = Synapse::start();
    let bot_id = UserId::parse(server.register(BOT_NAME, BOT_PASSWORD)).unwrap();
    server.register("ana", "ana-password");
    server.register_admin("admin", "admin-password");
    let data = tempfile::tempdir().unwrap();
    let bot = RunningBot::start(&settings(&server, Vec::new()), data.path(), test_clock()).await;
    let mut ana = Person::login(&server, "ana", "ana-password", &bot_id).await;

    // One message a second for the bot: the greeting and the crisis reply
    // come in several messages each, so the homeserver answers
    // M_LIMIT_EXCEEDED between them.
    let admin = Admin::login(&server).await;
    admin.limit_messages(&bot_id, Some(1)).await;
    let room = ana.client.create_dm(&bot_id).await.unwrap();
    let greeting = ana.hear("May I keep your journal?").await;
    assert_paced(&greeting, 3);
    assert!(greeting[0].body.contains("I'm securebase, a bot"));
    ana.ask(&room, "1", "What would you like to do?").await;
    let sos = ana.ask(&room, "sos", "Breathe with me").await;
    assert_paced(&sos, 2);
    assert!(sos[0].body.contains("Samaritans: Call 116 123"), "{sos:?}");
    let export = ana
        .ask(&room, "!mydata export", "securebase-export-matrix-")
        .await;
    assert_paced(&export, 2);
    assert!(
        export.last().unwrap().file.is_some(),
        "the file arrives too"
    );
    admin.limit_messages(&bot_id, None).await;

    ana.schedule_daily(&room, "19:05").await;

    // Ana leaves; the bot leaves too, and her next ping opens a new,
    // encrypted direct chat.
    room.leave().await.unwrap();
    admin.wait_until_left(room.room_id(), &bot_id).await;
    bot.advance(chrono::Duration::minutes(6));
    let ping = ana.hear("Check in now").await;
    let ping = ping.last().unwrap();
    assert_ne!(ping.room, room.room_id(), "a new room");
    assert!(ping.encrypted, "the new direct chat is encrypted");
    let new_room = ana.client.get_room(&ping.room).unwrap();
    assert!(
        new_room.is_direct().await.unwrap(),
        "the new room is a direct chat"
    );
    assert_eq!(ana.heard_count("Check in now"), 1);
    bot.stop().await;
}

/// Checks that at least `count` messages came, whole and in order, no
/// faster than one a second allows (without the limit they come within a
/// few hundred milliseconds).
fn assert_paced(heard: &[Heard], count: usize) {
    assert!(heard.len() >= count, "{heard:?}");
    let spread = heard.last().unwrap().at - heard[0].at;
    let least = Duration::from_millis(700) * (heard.len() as u32 - 1);
    assert!(
        spread >= least,
        "{} messages came within {spread:?}, faster than the limit allows",
        heard.len()
    );
}

/// A server admin, who changes the bot's rate limit through Synapse's
/// admin API.
struct Admin {
    base: String,
    token: String,
    http: matrix_sdk::reqwest::Client,
}

impl Admin {
    async fn login(server: &Synapse) -> Admin {
        let client = server.client("admin", "admin-password").await;
        Admin {
            base: server.url(),
            token: client.access_token().unwrap(),
            http: matrix_sdk::reqwest::Client::new(),
        }
    }

    /// Waits until the homeserver no longer counts `user` as in `room`.
    async fn wait_until_left(&self, room: &RoomId, user: &UserId) {
        let url = format!("{}/_synapse/admin/v1/rooms/{room}/members", self.base);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            let response = self
                .http
                .get(&url)
                .bearer_auth(&self.token)
                .send()
                .await
                .unwrap();
            let members = response.text().await.unwrap();
            if !members.contains(user.as_str()) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{user} is still in {room}: {members}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Sets `user`'s messages a second, or lifts the override.
    async fn limit_messages(&self, user: &UserId, per_second: Option<u32>) {
        let url = format!(
            "{}/_synapse/admin/v1/users/{user}/override_ratelimit",
            self.base
        );
        let request = match per_second {
            Some(rate) => self.http.post(&url).body(format!(
                "{{\"messages_per_second\": {rate}, \"burst_count\": 1}}"
            )),
            None => self.http.delete(&url),
        };
        let response = request.bearer_auth(&self.token).send().await.unwrap();
        assert!(
            response.status().is_success(),
            "the admin API refused: {}",
            response.text().await.unwrap_or_default()
        );
    }
}
