//! Sending a message with a file (an export). serenity's builders list a
//! new file as `{"id": 0}`, a number, where Discord's API description asks
//! for a snowflake string, so a message with a file is sent through
//! serenity's lower-level calls with the body corrected; the client's
//! default mentions (none) are applied as the builders would.

use serde::Serialize;
use serde_json::Value;
use serenity::all::{ChannelId, CreateAttachment, Http, InteractionId};

/// Where a message with a file goes.
pub enum FileTo<'a> {
    /// The first answer to an interaction.
    Response(InteractionId, &'a str),
    /// The answer that replaces a deferred response's placeholder.
    Original(&'a str),
    /// A follow-up to an interaction.
    Followup(&'a str),
    Channel(ChannelId),
}

/// Sends `message` (a serenity builder, without its file) and `file`.
pub async fn send_with_file(
    http: &Http,
    to: FileTo<'_>,
    message: &impl Serialize,
    file: CreateAttachment,
) -> serenity::Result<()> {
    let body = body_for(message, &file, http)?;
    let files = vec![file];
    match to {
        FileTo::Response(id, token) => {
            http.create_interaction_response(id, token, &body, files)
                .await
        }
        FileTo::Original(token) => http
            .edit_original_interaction_response(token, &body, files)
            .await
            .map(drop),
        FileTo::Followup(token) => http
            .create_followup_message(token, &body, files)
            .await
            .map(drop),
        FileTo::Channel(channel) => http.send_message(channel, files, &body).await.map(drop),
    }
}

/// The JSON part of the request: the message (or the interaction response
/// around it) listing the file with a string id, and mentions off.
fn body_for(
    message: &impl Serialize,
    file: &CreateAttachment,
    http: &Http,
) -> serde_json::Result<Value> {
    let mut body = serde_json::to_value(message)?;
    let inner = if body.get("data").is_some_and(Value::is_object) {
        &mut body["data"]
    } else {
        &mut body
    };
    inner["attachments"] = serde_json::json!([{"id": "0", "filename": file.filename}]);
    if inner["allowed_mentions"].is_null() {
        inner["allowed_mentions"] = serde_json::to_value(&http.default_allowed_mentions)?;
    }
    Ok(body)
}
