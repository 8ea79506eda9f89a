//! Which rooms the bot lives in: it joins direct chats from the people it
//! may talk to (retrying with backoff, as a homeserver can refuse a join
//! made right after the invite) and greets the person, declines everyone else, says once that it
//! only talks in direct chats before leaving a group room, and leaves a
//! direct chat the person has left.

use super::Bot;
use super::conversation::{Said, hear};
use super::send::send_outbound;
use crate::core::Input;
use crate::core::outbound::Outbound;
use matrix_sdk::event_handler::Ctx;
use matrix_sdk::ruma::events::room::member::{
    MembershipState, OriginalSyncRoomMemberEvent, StrippedRoomMemberEvent,
};
use matrix_sdk::ruma::{OwnedUserId, UserId};
use matrix_sdk::{Room, RoomState};
use std::sync::{Arc, Weak};
use std::time::Duration;

/// How often a join is tried before the invite is given up.
const JOIN_ATTEMPTS: u32 = 8;
/// The first wait between join attempts; it doubles each time.
const FIRST_JOIN_RETRY: Duration = Duration::from_secs(2);

/// Whether `inviter` may start a chat with the bot `own`: when `allowed` is
/// empty, anyone on the bot's own server; otherwise anyone it names, by
/// user id or by server name.
pub fn may_invite(inviter: &UserId, own: &UserId, allowed: &[String]) -> bool {
    if allowed.is_empty() {
        return inviter.server_name() == own.server_name();
    }
    allowed
        .iter()
        .any(|entry| entry == inviter.as_str() || entry == inviter.server_name().as_str())
}

/// An invite arrived while the bot is running.
pub async fn on_invite(event: StrippedRoomMemberEvent, room: Room, Ctx(bot): Ctx<Weak<Bot>>) {
    let Some(bot) = bot.upgrade() else {
        return;
    };
    if event.state_key != bot.own_id || room.state() != RoomState::Invited {
        return;
    }
    let direct = event.content.is_direct.unwrap_or(false);
    tokio::spawn(answer_invite(bot, room, event.sender, direct));
}

/// Invites that came while the bot was down.
pub async fn answer_pending(bot: &Arc<Bot>) {
    for room in bot.client.invited_rooms() {
        let inviter = match room.invite_details().await {
            Ok(invite) => invite.inviter_id,
            Err(error) => {
                tracing::warn!(room = %room.room_id(), %error, "an invite could not be read");
                continue;
            }
        };
        let direct = room.is_direct().await.unwrap_or(false);
        tokio::spawn(answer_invite(bot.clone(), room, inviter, direct));
    }
}

async fn answer_invite(bot: Arc<Bot>, room: Room, inviter: OwnedUserId, direct: bool) {
    if !may_invite(&inviter, &bot.own_id, &bot.allowed_inviters) {
        tracing::info!(room = %room.room_id(), %inviter, "declining an invite from someone not in allowed_inviters");
        if let Err(error) = room.leave().await {
            tracing::warn!(room = %room.room_id(), %error, "an invite could not be declined");
        }
        return;
    }
    if !join(&room).await {
        return;
    }
    if !direct || room.active_members_count() > 2 {
        leave_group(&bot, &room).await;
        return;
    }
    let start = Input::Command {
        name: "start".into(),
        args: Vec::new(),
    };
    let said = Said {
        room,
        input: start,
        late: false,
    };
    hear(&bot, inviter, said);
}

/// Joins `room`, trying again with growing waits.
async fn join(room: &Room) -> bool {
    let mut wait = FIRST_JOIN_RETRY;
    for attempt in 1..=JOIN_ATTEMPTS {
        match room.join().await {
            Ok(()) => return true,
            Err(error) if attempt < JOIN_ATTEMPTS => {
                tracing::warn!(room = %room.room_id(), %error, attempt, "joining failed; trying again in {wait:?}");
                tokio::time::sleep(wait).await;
                wait *= 2;
            }
            Err(error) => {
                tracing::error!(room = %room.room_id(), %error, "joining failed; giving the invite up");
            }
        }
    }
    false
}

/// Says once that the bot only talks in direct chats, and leaves.
pub async fn leave_group(bot: &Bot, room: &Room) {
    tracing::info!(room = %room.room_id(), "leaving a room that is not a direct chat");
    let note = Outbound::say(bot.engine.content().messages.rooms.direct_only.to_string());
    if let Err(error) = send_outbound(room, &note, bot.hints(), None).await {
        tracing::warn!(room = %room.room_id(), %error, "the note on direct chats could not be sent");
    }
    if let Err(error) = room.leave().await {
        tracing::warn!(room = %room.room_id(), %error, "a group room could not be left");
    }
}

/// When the person leaves a direct chat, the bot leaves too, so a later
/// ping opens a fresh one instead of speaking into an empty room.
pub async fn on_member_change(
    event: OriginalSyncRoomMemberEvent,
    room: Room,
    Ctx(bot): Ctx<Weak<Bot>>,
) {
    let Some(bot) = bot.upgrade() else {
        return;
    };
    let gone = matches!(
        event.content.membership,
        MembershipState::Leave | MembershipState::Ban
    );
    if !gone || event.state_key == bot.own_id || room.state() != RoomState::Joined {
        return;
    }
    if room.joined_members_count() <= 1 {
        tracing::info!(room = %room.room_id(), "the person left a direct chat; leaving it too");
        if let Err(error) = room.leave().await {
            tracing::warn!(room = %room.room_id(), %error, "an empty room could not be left");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> OwnedUserId {
        UserId::parse(text).unwrap()
    }

    #[test]
    fn by_default_only_the_bots_own_server_may_invite() {
        let own = id("@bot:home.example");
        assert!(may_invite(&id("@ana:home.example"), &own, &[]));
        assert!(!may_invite(&id("@ana:other.example"), &own, &[]));
    }

    #[test]
    fn allowed_inviters_name_people_or_servers() {
        let own = id("@bot:home.example");
        let allowed = vec![
            "friends.example".to_string(),
            "@sam:far.example".to_string(),
        ];
        assert!(may_invite(&id("@ana:friends.example"), &own, &allowed));
        assert!(may_invite(&id("@sam:far.example"), &own, &allowed));
        assert!(!may_invite(&id("@kim:far.example"), &own, &allowed));
        assert!(!may_invite(&id("@ana:home.example"), &own, &allowed));
    }
}
