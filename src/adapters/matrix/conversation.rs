//! Messages from people in direct chats, handed to the engine in order.
//! Each person has a small worker of their own, so one person's paced
//! exercise never holds up anyone else's reply, and a message that arrives
//! while an exercise is pacing stops the rest of it, as in the terminal.
//! What people wrote while the bot was away (stamped before its start,
//! whether it comes in the catch-up or is decrypted later) is read only for
//! a crisis, which is answered; anything else is left alone.

use super::Bot;
use super::invites::leave_group;
use super::send::send_outbound;
use crate::adapters::answer::answer;
use crate::core::{Inbound, Input, Platform, Who};
use matrix_sdk::event_handler::Ctx;
use matrix_sdk::ruma::events::room::message::{
    MessageType, OriginalSyncRoomMessageEvent, Relation,
};
use matrix_sdk::ruma::{OwnedUserId, UserId};
use matrix_sdk::{Room, RoomState};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, SystemTime};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::AbortHandle;

/// How long a person's worker waits for their next message before it ends;
/// their next message starts a new one.
const IDLE: Duration = Duration::from_secs(600);

/// What a person did, and the room to answer in.
pub struct Said {
    pub room: Room,
    pub input: Input,
    /// Written while the bot was away: only a crisis is answered.
    pub late: bool,
}

/// How far back a message written while the bot was away (stamped before
/// its start) is still read for crisis language.
const LATE_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// Whether a message from before the start is recent enough to screen.
fn within_late_window(event: &OriginalSyncRoomMessageEvent) -> bool {
    let since = SystemTime::now() - LATE_WINDOW;
    event
        .origin_server_ts
        .to_system_time()
        .is_some_and(|at| at >= since)
}

/// The words of a text message someone other than the bot wrote, without
/// edits and without a quoted reply.
fn person_text(event: &OriginalSyncRoomMessageEvent, own_id: &UserId) -> Option<String> {
    if event.sender == own_id {
        return None;
    }
    let MessageType::Text(text) = &event.content.msgtype else {
        return None;
    };
    if matches!(event.content.relates_to, Some(Relation::Replacement(_))) {
        return None;
    }
    Some(without_reply_fallback(&text.body).to_string())
}

/// The workers of the people talking to the bot now.
#[derive(Default)]
pub struct Conversations {
    workers: Mutex<HashMap<OwnedUserId, (UnboundedSender<Said>, AbortHandle)>>,
}

impl Conversations {
    /// Stops every worker (for shutdown).
    pub fn stop_all(&self) {
        let workers = std::mem::take(&mut *self.workers.lock().unwrap_or_else(|e| e.into_inner()));
        for (_, (_, worker)) in workers {
            worker.abort();
        }
    }
}

/// A message event in a room the bot is in.
pub async fn on_message(event: OriginalSyncRoomMessageEvent, room: Room, Ctx(bot): Ctx<Weak<Bot>>) {
    let Some(bot) = bot.upgrade() else {
        return;
    };
    let late = event.origin_server_ts < bot.started;
    if (late && !within_late_window(&event)) || room.state() != RoomState::Joined {
        return;
    }
    let Some(text) = person_text(&event, &bot.own_id) else {
        return;
    };
    if room.active_members_count() > 2 {
        leave_group(&bot, &room).await;
        return;
    }
    let said = Said {
        room,
        input: Input::Line(text),
        late,
    };
    hear(&bot, event.sender, said);
}

/// Hands `said` to the person's worker, starting one if there is none.
pub fn hear(bot: &Arc<Bot>, person: OwnedUserId, said: Said) {
    let mut workers = bot
        .conversations
        .workers
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let said = match workers.get(&person) {
        Some((inbox, _)) => match inbox.send(said) {
            Ok(()) => return,
            Err(returned) => returned.0,
        },
        None => said,
    };
    let (inbox, messages) = unbounded_channel();
    let _ = inbox.send(said);
    let who = Who::new(Platform::Matrix, person.as_str());
    let worker = tokio::spawn(converse(bot.clone(), who, messages));
    workers.insert(person, (inbox, worker.abort_handle()));
}

/// Answers one person's messages in order until they go quiet.
async fn converse(bot: Arc<Bot>, who: Who, mut messages: UnboundedReceiver<Said>) {
    let mut next = None;
    loop {
        let said = match next.take() {
            Some(said) => said,
            None => match tokio::time::timeout(IDLE, messages.recv()).await {
                Ok(Some(said)) => said,
                Ok(None) => return,
                Err(_) => {
                    messages.close();
                    continue;
                }
            },
        };
        let inbound = Inbound::new(who.clone(), said.input);
        let replies = answer(bot.engine.clone(), inbound, said.late).await;
        for message in &replies {
            if let Some(delay) = message.delay {
                tokio::select! {
                    () = tokio::time::sleep(delay) => {}
                    interrupting = messages.recv() => {
                        next = interrupting;
                        break;
                    }
                }
            }
            if let Err(error) = send_outbound(&said.room, message, bot.hints(), None).await {
                tracing::error!(%who, %error, "a reply could not be sent");
                break;
            }
        }
    }
}

/// The person's own words of a reply: clients that quote the message
/// replied to put it first, as `> ` lines and a blank line.
fn without_reply_fallback(body: &str) -> &str {
    if !body.starts_with("> ") {
        return body;
    }
    let mut rest = body;
    while let Some(line_end) = rest.find('\n') {
        if !rest.starts_with('>') {
            break;
        }
        rest = &rest[line_end + 1..];
    }
    if rest.starts_with('>') {
        ""
    } else {
        rest.trim_start_matches('\n')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_reply_keeps_only_what_the_person_wrote() {
        assert_eq!(
            without_reply_fallback("> <@bot:hs> How are you?\n> more\n\nI'm tired"),
            "I'm tired"
        );
        assert_eq!(without_reply_fallback("just this"), "just this");
        assert_eq!(without_reply_fallback(">not a quote"), ">not a quote");
    }
}
