//! A person using the bot through the stand-in: slash commands, button
//! presses, menu picks and forms as Discord sends them (INTERACTION_CREATE),
//! and messages typed in a DM (MESSAGE_CREATE). Each returns what the bot
//! answered, read from the REST calls it made.

use super::bot::GUILD_ID;
use super::standin::{APPLICATION_ID, BOT_USER_ID, Discord, dm_channel_id, message_object, user};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_ID: AtomicU64 = AtomicU64::new(950_000_000_000_000_000);

fn next_id() -> String {
    NEXT_ID.fetch_add(1, Ordering::SeqCst).to_string()
}

/// Where the person talks to the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Server,
    Dm,
}

pub struct Person<'a> {
    pub discord: &'a Discord,
    pub id: u64,
    pub place: Place,
}

/// The bot's answer to one interaction: its response, then follow-ups.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The interaction's id and token.
    pub id: String,
    pub token: String,
    /// The interaction response (`type` 4 message, 5 deferred, 9 form,
    /// 8 suggestions).
    pub response: Value,
    /// What replaced a deferred response's placeholder.
    pub edited: Option<Value>,
    pub followups: Vec<Value>,
}

impl Answer {
    /// Every message of the answer, the first one first.
    pub fn messages(&self) -> Vec<Value> {
        let first = self
            .edited
            .clone()
            .unwrap_or_else(|| self.response["data"].clone());
        std::iter::once(first)
            .chain(self.followups.iter().cloned())
            .collect()
    }

    pub fn text(&self) -> String {
        self.messages()
            .iter()
            .filter_map(|m| m["content"].as_str().map(str::to_string))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The interaction's id and token.
    pub fn interaction(&self) -> (&str, &str) {
        (&self.id, &self.token)
    }

    /// Every control's custom id in the answer.
    pub fn control_ids(&self) -> Vec<String> {
        custom_ids(&self.messages())
    }

    /// The custom id of the first control whose id contains `part`.
    pub fn control(&self, part: &str) -> String {
        self.control_ids()
            .into_iter()
            .find(|id| id.contains(part))
            .unwrap_or_else(|| panic!("no control with …{part}… in {:#?}", self.messages()))
    }
}

/// Every custom id on buttons and menus in `messages`.
fn custom_ids(messages: &[Value]) -> Vec<String> {
    messages
        .iter()
        .flat_map(|m| m["components"].as_array().cloned().unwrap_or_default())
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_string))
        .collect()
}

impl<'a> Person<'a> {
    pub fn new(discord: &'a Discord, id: u64, place: Place) -> Person<'a> {
        Person { discord, id, place }
    }

    pub fn dm_channel(&self) -> String {
        dm_channel_id(&self.id.to_string())
    }

    /// An interaction of `kind` with `data`, as Discord would send it.
    fn interaction(&self, kind: u8, data: Value, extra: Value) -> (String, String, Value) {
        let id = next_id();
        let token = format!("token-{id}");
        let mut payload = json!({
            "id": id,
            "application_id": APPLICATION_ID.to_string(),
            "type": kind,
            "data": data,
            "token": token,
            "version": 1,
            "locale": "en-GB",
            "app_permissions": "0",
            "entitlements": [],
            "attachment_size_limit": 10_485_760,
            "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
        });
        match self.place {
            Place::Server => {
                let channel = "900000000000000200";
                payload["guild_id"] = json!(GUILD_ID.to_string());
                payload["channel_id"] = json!(channel);
                payload["channel"] = json!({"id": channel, "type": 0});
                payload["guild_locale"] = json!("en-US");
                payload["context"] = json!(0);
                payload["member"] = json!({
                    "user": user(self.id),
                    "roles": [],
                    "joined_at": "2026-01-01T00:00:00.000000+00:00",
                    "deaf": false,
                    "mute": false,
                    "flags": 0,
                    "permissions": "0"
                });
            }
            Place::Dm => {
                let channel = self.dm_channel();
                payload["channel_id"] = json!(channel);
                payload["channel"] = json!({"id": channel, "type": 1});
                payload["context"] = json!(1);
                payload["user"] = user(self.id);
            }
        }
        if let (Some(payload), Some(extra)) = (payload.as_object_mut(), extra.as_object()) {
            payload.extend(extra.clone());
        }
        (id, token, payload)
    }

    /// Dispatches an interaction and waits for the bot's response.
    pub async fn interact(&self, kind: u8, data: Value, extra: Value) -> Answer {
        let (id, token, payload) = self.interaction(kind, data, extra);
        self.discord.dispatch("INTERACTION_CREATE", payload);
        let responses = self
            .discord
            .wait_for("POST", &format!("/interactions/{id}/"), 1)
            .await;
        let response = responses[0].body.clone();
        let webhook = format!("/webhooks/{APPLICATION_ID}/{token}");
        let edited = if response["type"] == json!(5) {
            let original = format!("{webhook}/messages/@original");
            let edits = self.discord.wait_for("PATCH", &original, 1).await;
            Some(edits[0].body.clone())
        } else {
            None
        };
        self.discord.settle().await;
        let followups = self
            .discord
            .calls_to("POST", &webhook)
            .into_iter()
            .map(|call| call.body)
            .collect();
        Answer {
            id,
            token,
            response,
            edited,
            followups,
        }
    }

    /// Uses a slash command; `options` as Discord sends them.
    pub async fn command(&self, name: &str, options: Value) -> Answer {
        let data = json!({"id": "800000000000000000", "name": name, "type": 1, "options": options});
        self.interact(2, data, json!({})).await
    }

    /// Presses the button with `custom_id`.
    pub async fn press(&self, custom_id: &str) -> Answer {
        let data = json!({"custom_id": custom_id, "component_type": 2});
        self.interact(3, data, json!({"message": self.shown_message()}))
            .await
    }

    /// Picks `values` in the select menu with `custom_id`.
    pub async fn pick(&self, custom_id: &str, values: &[&str]) -> Answer {
        let data = json!({"custom_id": custom_id, "component_type": 3, "values": values});
        self.interact(3, data, json!({"message": self.shown_message()}))
            .await
    }

    /// Submits the form `custom_id` with `text` in its field.
    pub async fn submit(&self, custom_id: &str, text: &str) -> Answer {
        let data = json!({
            "custom_id": custom_id,
            "components": [{"type": 1, "components": [{"type": 4, "custom_id": "text", "value": text}]}]
        });
        self.interact(5, data, json!({})).await
    }

    /// Types `text` in the DM with the bot; returns the messages it sent back.
    pub async fn say_in_dm(&self, text: &str) -> Vec<Value> {
        let channel = self.dm_channel();
        let path = format!("/channels/{channel}/messages");
        let before = self.discord.calls_to("POST", &path).len();
        let typed = message_object(&next_id(), &channel, user(self.id), text);
        self.discord.dispatch("MESSAGE_CREATE", typed);
        self.discord.wait_for("POST", &path, before + 1).await;
        self.discord.settle().await;
        self.discord
            .calls_to("POST", &path)
            .into_iter()
            .skip(before)
            .map(|call| call.body)
            .collect()
    }

    /// The message a pressed control sits on (its content does not matter
    /// to the bot).
    fn shown_message(&self) -> Value {
        let mut author = user(BOT_USER_ID);
        author["bot"] = json!(true);
        let mut shown = message_object(&next_id(), "900000000000000200", author, "");
        shown["flags"] = json!(64);
        shown
    }
}
