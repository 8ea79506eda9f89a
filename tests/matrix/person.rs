//! A person on Matrix: a separate matrix-sdk client, with encryption, that
//! opens a direct chat with the bot, joins the rooms it is invited to,
//! writes, and hears what the bot says, noting whether each message came
//! encrypted and when.

use super::synapse::Synapse;
use matrix_sdk::config::SyncSettings;
use matrix_sdk::deserialized_responses::EncryptionInfo;
use matrix_sdk::ruma::events::room::member::StrippedRoomMemberEvent;
use matrix_sdk::ruma::events::room::message::{
    MessageType, OriginalSyncRoomMessageEvent, RoomMessageEventContent,
};
use matrix_sdk::ruma::{OwnedRoomId, OwnedUserId, UserId};
use matrix_sdk::{Client, Room, RoomMemberships};
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use tokio::task::JoinHandle;

/// How long the person waits for an answer before the test fails.
const PATIENCE: Duration = Duration::from_secs(60);

/// One message the bot sent.
#[derive(Debug, Clone)]
pub struct Heard {
    pub room: OwnedRoomId,
    pub body: String,
    pub html: Option<String>,
    pub encrypted: bool,
    /// A file's or picture's contents, downloaded (and decrypted) by the
    /// person's client.
    pub file: Option<Vec<u8>>,
    /// Whether it came as a picture (`m.image`).
    pub picture: bool,
    /// When the person's client got it.
    pub at: std::time::Instant,
}

pub struct Person {
    pub client: Client,
    pub id: OwnedUserId,
    heard: UnboundedReceiver<Heard>,
    /// Everything heard so far, in order.
    pub transcript: Vec<Heard>,
    sync: JoinHandle<()>,
}

impl Person {
    /// Logs in as `name` and starts listening for what `bot` says.
    pub async fn login(server: &Synapse, name: &str, password: &str, bot: &UserId) -> Person {
        let client = server.client(name, password).await;
        let (tell, heard) = unbounded_channel();
        let bot = bot.to_owned();
        client.add_event_handler(
            move |event: OriginalSyncRoomMessageEvent,
                  room: Room,
                  client: Client,
                  encryption: Option<EncryptionInfo>| {
                let tell = tell.clone();
                let bot = bot.clone();
                async move {
                    if event.sender != bot {
                        return;
                    }
                    let (body, html) = match &event.content.msgtype {
                        MessageType::Text(text) => (
                            text.body.clone(),
                            text.formatted.as_ref().map(|f| f.body.clone()),
                        ),
                        MessageType::Notice(notice) => (notice.body.clone(), None),
                        other => (other.body().to_string(), None),
                    };
                    let picture = matches!(event.content.msgtype, MessageType::Image(_));
                    let file = match &event.content.msgtype {
                        MessageType::File(file) => client.media().get_file(file, false).await,
                        MessageType::Image(image) => client.media().get_file(image, false).await,
                        _ => Ok(None),
                    }
                    .expect("the person downloads the file");
                    let _ = tell.send(Heard {
                        room: room.room_id().to_owned(),
                        body,
                        html,
                        encrypted: encryption.is_some(),
                        file,
                        picture,
                        at: std::time::Instant::now(),
                    });
                }
            },
        );
        client.add_event_handler(
            |event: StrippedRoomMemberEvent, room: Room, client: Client| async move {
                if Some(event.state_key.as_ref()) == client.user_id() {
                    room.join()
                        .await
                        .expect("the person joins a room they are invited to");
                }
            },
        );
        let first = client.sync_once(SyncSettings::default()).await.unwrap();
        let syncing = client.clone();
        let sync = tokio::spawn(async move {
            let _ = syncing
                .sync(SyncSettings::default().token(first.next_batch))
                .await;
        });
        Person {
            id: client.user_id().unwrap().to_owned(),
            client,
            heard,
            transcript: Vec::new(),
            sync,
        }
    }

    /// Writes `text` into `room`.
    pub async fn say(&self, room: &Room, text: &str) {
        room.send(RoomMessageEventContent::text_plain(text))
            .await
            .unwrap_or_else(|error| panic!("{} could not send {text:?}: {error}", self.id));
    }

    /// Waits for a message that contains `expected`, and returns every
    /// message heard until then, that one last.
    pub async fn hear(&mut self, expected: &str) -> Vec<Heard> {
        let mut heard = Vec::new();
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let message = tokio::time::timeout_at(deadline, self.heard.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "{} waited {PATIENCE:?} for {expected:?}; heard since the last wait:\n{}",
                        self.id,
                        heard
                            .iter()
                            .map(|h: &Heard| h.body.as_str())
                            .collect::<Vec<_>>()
                            .join("\n---\n")
                    )
                })
                .expect("the person's client stopped");
            self.transcript.push(message.clone());
            let found = message.body.contains(expected);
            heard.push(message);
            if found {
                return heard;
            }
        }
    }

    /// Fails if the bot says anything within `quiet`.
    pub async fn expect_silence(&mut self, quiet: Duration) {
        if let Ok(Some(message)) = tokio::time::timeout(quiet, self.heard.recv()).await {
            panic!("{} expected silence and heard: {message:?}", self.id);
        }
    }

    /// Sets the timezone to UTC and a daily ping at `time`.
    pub async fn schedule_daily(&mut self, room: &Room, time: &str) {
        self.ask(room, "timezone UTC", "Your timezone is now UTC.")
            .await;
        let set = format!("schedule set daily {time}");
        self.ask(room, &set, "Each ping has a one-tap way").await;
    }

    /// Says `text` and waits for an answer containing `expected`.
    pub async fn ask(&mut self, room: &Room, text: &str, expected: &str) -> Vec<Heard> {
        self.say(room, text).await;
        self.hear(expected).await
    }

    /// How many messages heard so far contain `text`.
    pub fn heard_count(&self, text: &str) -> usize {
        self.transcript
            .iter()
            .filter(|h| h.body.contains(text))
            .count()
    }
}

impl Drop for Person {
    fn drop(&mut self) {
        self.sync.abort();
    }
}

/// Waits until `user` is no longer joined or invited in `room`, as this
/// client sees it.
pub async fn wait_until_left(room: &Room, user: &UserId) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let members = room
            .members(RoomMemberships::JOIN | RoomMemberships::INVITE)
            .await
            .unwrap();
        if members.iter().all(|m| m.user_id() != user) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{user} is still in {}",
            room.room_id()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
