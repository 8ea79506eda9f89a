//! Conversations through slash commands, buttons, menus and forms: private
//! in servers, ordinary messages in a DM, surviving a restart, refusing
//! forged controls, and never letting typed text mention anyone.

use super::bot::{GUILD_ID, RunningBot, http, settings, started, started_with};
use super::person::{Answer, Person, Place};
use super::services::test_clock;
use super::standin::{APPLICATION_ID, Discord, Scripted, TOKEN};
use securebase::adapters::discord::DiscordBot;
use securebase::core::content::Content;
use securebase::core::journal::JournalEntry;
use securebase::core::repository::{Change, Repository, StoreError, Stored};
use securebase::core::{Engine, Who};
use securebase::store::Store;
use securebase::store::vault::KeySource;
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

const EPHEMERAL: u64 = 64;

fn flags(message: &Value) -> u64 {
    message["flags"].as_u64().unwrap_or(0)
}

/// Says yes to keeping check-ins, which the first command of all asks.
async fn consent(person: &Person<'_>, first: &Answer) -> Answer {
    person.press(&first.control("onboarding.yes")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_are_registered_in_the_development_server() {
    let (discord, _data, bot) = started().await;
    let registered = discord
        .wait_for(
            "PUT",
            &format!("/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands"),
            1,
        )
        .await;
    let names: Vec<&str> = registered[0]
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|command| command["name"].as_str().unwrap())
        .collect();
    for wanted in [
        "checkin",
        "reflect",
        "reframe",
        "breathe",
        "selfcheck",
        "schedule",
        "timezone",
        "help",
        "sos",
    ] {
        assert!(names.contains(&wanted), "{wanted} in {names:?}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(discord.heartbeats() > 0, "the shard keeps its heartbeat");
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_development_server_commands_are_registered_globally() {
    let (discord, _data, bot) = started_with(securebase::config::Discord {
        development_guild: None,
        ..settings()
    })
    .await;
    let registered = discord
        .wait_for(
            "PUT",
            &format!("/applications/{APPLICATION_ID}/commands"),
            1,
        )
        .await;
    assert!(registered[0].body.as_array().unwrap().len() >= 9);
    assert!(discord.calls_to("PUT", "/guilds/").is_empty());
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_in_in_a_server_is_private_from_command_to_form() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 910_000_000_000_000_001, Place::Server);

    let asked = person.command("checkin", json!([])).await;
    let moods = consent(&person, &asked).await;
    let emotions = person.press(&moods.control("checkin.mood.2")).await;
    let menu = emotions.control(":m:");
    let note = person
        .pick(&menu, &["checkin.emotion.anxious", "checkin.done"])
        .await;
    let form = person.press(&note.control(":w:")).await;
    assert_eq!(
        form.response["type"],
        json!(9),
        "the write button opens a form"
    );
    let form_id = form.response["data"]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();
    let finished = person
        .submit(&form_id, "They went quiet and I panicked.")
        .await;
    assert!(
        finished.text().to_lowercase().contains("saved"),
        "{}",
        finished.text()
    );

    for answer in [&asked, &moods, &emotions, &note, &finished] {
        assert_eq!(answer.response["type"], json!(4));
        for message in answer.messages() {
            assert_eq!(flags(&message) & EPHEMERAL, EPHEMERAL, "private: {message}");
            assert_eq!(message["allowed_mentions"]["parse"], json!([]));
        }
    }
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_dm_replies_are_ordinary_messages_and_answers_are_typed() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 910_000_000_000_000_002, Place::Dm);

    let asked = person.command("checkin", json!([])).await;
    let moods = consent(&person, &asked).await;
    let emotions = person.press(&moods.control("checkin.mood.4")).await;
    let note = person
        .pick(
            &emotions.control(":m:"),
            &["checkin.emotion.hopeful", "checkin.done"],
        )
        .await;
    assert!(
        !note.control_ids().iter().any(|id| id.contains(":w:")),
        "no form button in a DM: {:#?}",
        note.messages()
    );
    let saved = person
        .say_in_dm("@everyone <@&900000000000000300> I reached out first today.")
        .await;
    let said: String = saved.iter().filter_map(|m| m["content"].as_str()).collect();
    assert!(said.to_lowercase().contains("saved"), "{said}");

    let journal = person.command("journal", json!([])).await;
    assert!(journal.text().contains("@everyone"), "{}", journal.text());
    for message in [asked, moods, emotions, note, journal]
        .iter()
        .flat_map(Answer::messages)
        .chain(saved)
    {
        assert_eq!(
            flags(&message) & EPHEMERAL,
            0,
            "a DM reply is not ephemeral"
        );
        assert_eq!(
            message["allowed_mentions"],
            json!({"parse": [], "users": [], "roles": []}),
            "nobody can be mentioned: {message}"
        );
    }
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crisis_words_in_a_form_get_the_crisis_reply_privately() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 910_000_000_000_000_003, Place::Server);

    let asked = person.command("reframe", json!([])).await;
    let first_step = consent(&person, &asked).await;
    let form = person.press(&first_step.control(":w:")).await;
    let form_id = form.response["data"]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();
    let reply = person
        .submit(&form_id, "I don't want to be alive anymore")
        .await;
    assert!(reply.text().contains("116 123"), "{}", reply.text());
    for message in reply.messages() {
        assert_eq!(flags(&message) & EPHEMERAL, EPHEMERAL);
    }
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crisis_words_are_answered_from_an_old_form_and_typed_in_a_dm() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 910_000_000_000_000_009, Place::Server);
    // A form from an older version, or one this version cannot read: what
    // was written in it is still screened.
    let reply = person
        .submit("sb0:f:910000000000000009", "I want to kill myself")
        .await;
    assert!(reply.text().contains("116 123"), "{}", reply.text());

    let in_dm = Person::new(&discord, person.id, Place::Dm);
    let said = in_dm.say_in_dm("i want to end my life").await;
    let text: String = said.iter().filter_map(|m| m["content"].as_str()).collect();
    assert!(text.contains("116 123"), "{text}");
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_reading_dms_a_dm_asks_for_text_in_a_form() {
    let (discord, _data, bot) = started_with(securebase::config::Discord {
        direct_messages: false,
        ..settings()
    })
    .await;
    let person = Person::new(&discord, 910_000_000_000_000_010, Place::Dm);
    let asked = person.command("reframe", json!([])).await;
    let first_step = consent(&person, &asked).await;
    assert_eq!(flags(&first_step.response["data"]) & EPHEMERAL, 0);
    let form = person.press(&first_step.control(":w:")).await;
    assert_eq!(form.response["type"], json!(9));
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paced_breathing_comes_as_follow_ups_until_the_person_stops_it() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 910_000_000_000_000_011, Place::Server);
    let pattern = json!([{"name": "pattern", "type": 3, "value": "box"}]);
    let breathing = person.command("breathe", pattern).await;
    assert!(
        breathing.text().contains("Breathe in"),
        "{}",
        breathing.text()
    );
    let (id, token) = breathing.interaction();
    let paced = discord
        .wait_for("POST", &format!("/webhooks/{APPLICATION_ID}/{token}"), 1)
        .await;
    assert!(
        paced[0].body["content"].as_str().unwrap().contains("Hold"),
        "the next phase, after its pause: {:?}",
        paced[0].body
    );
    assert_eq!(flags(&paced[0].body) & EPHEMERAL, EPHEMERAL);

    let stopped = person.command("stop", json!([])).await;
    assert!(!stopped.text().is_empty());
    let after_stop = discord
        .calls_to("POST", &format!("/webhooks/{APPLICATION_ID}/{token}"))
        .len();
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(
        discord
            .calls_to("POST", &format!("/webhooks/{APPLICATION_ID}/{token}"))
            .len(),
        after_stop,
        "nothing more of interaction {id} after the stop"
    );
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_pressed_after_a_restart_still_works() {
    let discord = Discord::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = test_clock();
    let bot = RunningBot::start(&discord, data.path(), clock.clone()).await;
    let person = Person::new(&discord, 910_000_000_000_000_004, Place::Server);
    let asked = person.command("checkin", json!([])).await;
    let moods = consent(&person, &asked).await;
    bot.stop().await;

    let bot = RunningBot::start(&discord, data.path(), clock).await;
    let emotions = person.press(&moods.control("checkin.mood.3")).await;
    assert!(
        emotions.control_ids().iter().any(|id| id.contains(":m:")),
        "the next step, with its menu: {:#?}",
        emotions.messages()
    );
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_stale_and_someone_elses_controls_are_a_step_that_has_passed() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 910_000_000_000_000_005, Place::Server);
    let asked = person.command("checkin", json!([])).await;
    let moods = consent(&person, &asked).await;
    let mood = moods.control("checkin.mood.3");
    let passed = "that step has passed";

    let someone_else = mood.replace("910000000000000005", "910000000000000099");
    for forged in [
        "sb1:p:910000000000000005:delete.yes",
        "garbage",
        &someone_else,
    ] {
        let answer = person.press(forged).await;
        assert!(
            answer.text().to_lowercase().contains(passed),
            "{forged}: {}",
            answer.text()
        );
    }
    let emotions = person.press(&mood).await;
    assert!(emotions.control_ids().iter().any(|id| id.contains(":m:")));
    let again = person.press(&mood).await;
    assert!(
        again.text().to_lowercase().contains(passed),
        "{}",
        again.text()
    );
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_comes_as_a_private_file_in_a_server_and_in_a_dm() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 910_000_000_000_000_008, Place::Server);
    let asked = person.command("checkin", json!([])).await;
    consent(&person, &asked).await;

    let export = json!([{"name": "export", "type": 1, "options": []}]);
    let answer = person.command("mydata", export).await;
    assert_eq!(flags(&answer.response["data"]) & EPHEMERAL, EPHEMERAL);
    let callbacks = discord.calls_to("POST", "/callback");
    let sent = &callbacks.last().unwrap().files;
    let [file] = sent.as_slice() else {
        panic!("one file with the answer: {sent:?}");
    };
    assert!(
        file.name.starts_with("securebase-export-discord-"),
        "{}",
        file.name
    );
    let export: Value = serde_json::from_slice(&file.bytes).unwrap();
    assert_eq!(export["schema"], "securebase-export/1");
    assert_eq!(export["who"]["user_id"], person.id.to_string());
    assert_eq!(export["profile"]["journal_consent"], true);

    let in_dm = Person::new(&discord, person.id, Place::Dm);
    in_dm.say_in_dm("!mydata export").await;
    let messages = discord.calls_to(
        "POST",
        &format!("/channels/{}/messages", in_dm.dm_channel()),
    );
    let with_files = messages
        .iter()
        .filter(|call| !call.files.is_empty())
        .count();
    assert_eq!(
        with_files, 1,
        "the export is sent once, as a file: {messages:?}"
    );
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insights_come_with_the_mood_chart_as_a_picture() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 910_000_000_000_000_009, Place::Dm);
    for line in ["!start", "yes", "!checkin", "4", "1", "done", "skip"] {
        person.say_in_dm(line).await;
    }
    let server = Person::new(&discord, person.id, Place::Server);
    let window = json!([{"name": "days", "type": 4, "value": 7}]);
    let answer = server.command("insights", window).await;
    assert_eq!(flags(&answer.response["data"]) & EPHEMERAL, EPHEMERAL);
    let text = answer.response["data"]["content"]
        .as_str()
        .unwrap_or_default();
    assert!(text.contains("Looking back over the last 7 days"), "{text}");
    assert!(text.contains("check-in by check-in: ▆"), "{text}");
    let callbacks = discord.calls_to("POST", "/callback");
    let sent = &callbacks.last().unwrap().files;
    let [chart] = sent.as_slice() else {
        panic!("one picture with the answer: {sent:?}");
    };
    assert_eq!(chart.name, "securebase-mood-7-days.png");
    assert!(chart.bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timezones_are_suggested_as_they_are_typed() {
    let (discord, _data, bot) = started().await;
    let person = Person::new(&discord, 910_000_000_000_000_006, Place::Server);
    let data = json!({
        "id": "800000000000000001", "name": "timezone", "type": 1,
        "options": [{"name": "name", "type": 3, "value": "berl", "focused": true}]
    });
    let answer = person.interact(4, data, json!({})).await;
    assert_eq!(answer.response["type"], json!(8));
    assert_eq!(
        answer.response["data"]["choices"][0],
        json!({"name": "Europe/Berlin", "value": "Europe/Berlin"})
    );
    discord.assert_all_valid();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_description_catches_a_body_discord_would_refuse() {
    let discord = Discord::start().await;
    let openapi = discord.openapi();
    let path = "/api/v10/channels/1/messages";
    assert!(
        openapi
            .check("POST", path, &json!({"content": "hi"}))
            .is_empty()
    );
    let too_long = json!({"content": "x".repeat(4001)});
    assert!(!openapi.check("POST", path, &too_long).is_empty());
    let bad_button = json!({"content": "hi", "components": [
        {"type": 1, "components": [{"type": 2, "style": 2, "label": "x".repeat(81), "custom_id": "a"}]}
    ]});
    assert!(!openapi.check("POST", path, &bad_button).is_empty());
    assert!(
        !openapi
            .check("POST", "/api/v10/nowhere", &json!({}))
            .is_empty()
    );
}

/// The engine of a bot started by hand, on `repository`.
fn engine_on(repository: Arc<dyn Repository>) -> Arc<Engine> {
    let content = Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")).unwrap();
    Arc::new(Engine::new(
        Arc::new(content),
        repository,
        test_clock(),
        "GB",
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_stops_the_start_with_a_clear_error() {
    let discord = Discord::start().await;
    discord.script(Scripted {
        method: "GET",
        path_contains: "/users/@me".into(),
        status: 401,
        headers: Vec::new(),
        body: json!({"code": 0, "message": "401: Unauthorized"}),
    });
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(
        &data.path().join("store"),
        KeySource::key_file_in(data.path()),
    )
    .unwrap();
    let settings = settings();
    let refused = DiscordBot::start(
        &settings,
        http(&discord, &settings),
        engine_on(Arc::new(store)),
    )
    .await;
    let error = format!("{:#}", refused.err().expect("the start fails"));
    assert!(error.contains("did not accept the bot token"), "{error}");
    assert!(!error.contains(TOKEN), "the token is never shown: {error}");
}

/// The real store, with every save slowed down: a disk under heavy load.
struct SlowStore {
    store: Store,
    delay: Duration,
}

impl Repository for SlowStore {
    fn load(&self, who: &Who) -> Result<Stored, StoreError> {
        self.store.load(who)
    }

    fn save(&self, who: &Who, change: &Change) -> Result<(), StoreError> {
        std::thread::sleep(self.delay);
        self.store.save(who, change)
    }

    fn recent_journal(&self, who: &Who, limit: usize) -> Result<Vec<JournalEntry>, StoreError> {
        self.store.recent_journal(who, limit)
    }
    fn journal_since(
        &self,
        who: &Who,
        since: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<JournalEntry>, StoreError> {
        self.store.journal_since(who, since)
    }

    fn erase(&self, who: &Who) -> Result<(), StoreError> {
        self.store.erase(who)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_turn_is_deferred_so_the_answer_still_arrives() {
    let discord = Discord::start().await;
    let data = tempfile::tempdir().unwrap();
    let slow = SlowStore {
        store: Store::open(
            &data.path().join("store"),
            KeySource::key_file_in(data.path()),
        )
        .unwrap(),
        delay: Duration::from_secs(4),
    };
    let settings = settings();
    let bot = DiscordBot::start(
        &settings,
        http(&discord, &settings),
        engine_on(Arc::new(slow)),
    )
    .await
    .unwrap();
    discord.identified().await;
    let person = Person::new(&discord, 910_000_000_000_000_007, Place::Server);

    let answer = person.command("sos", json!([])).await;
    assert_eq!(
        answer.response["type"],
        json!(5),
        "deferred while the turn runs"
    );
    assert_eq!(flags(&answer.response["data"]) & EPHEMERAL, EPHEMERAL);
    let edited = discord.wait_for("PATCH", "/messages/@original", 1).await;
    let reply = edited[0].body["content"].as_str().unwrap_or_default();
    assert!(reply.contains("116 123"), "{reply}");
    assert_eq!(edited[0].body["allowed_mentions"]["parse"], json!([]));
    discord.assert_all_valid();
    bot.stop().await;
}
