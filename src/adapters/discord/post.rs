//! Posting a message to Discord, one way for every kind of message: the
//! builder's JSON goes through serenity's lower-level calls, with the
//! client's default mentions (none) applied to every message (serenity's
//! own `EditInteractionResponse` leaves them out) and a file listed with a
//! string id (serenity lists a new file as `{"id": 0}`, a number, where
//! Discord's API description asks for a snowflake string).

use serde::Serialize;
use serde_json::Value;
use serenity::all::{ChannelId, CreateAttachment, Http, InteractionId};

/// Where a message goes.
pub enum PostTo<'a> {
    /// The first answer to an interaction.
    Response(InteractionId, &'a str),
    /// The answer that replaces a deferred response's placeholder.
    Original(&'a str),
    /// A follow-up to an interaction.
    Followup(&'a str),
    Channel(ChannelId),
}

/// Posts `message` (a serenity builder, without its file) and `file`.
pub async fn post(
    http: &Http,
    to: PostTo<'_>,
    message: &impl Serialize,
    file: Option<CreateAttachment>,
) -> serenity::Result<()> {
    let body = body_for(message, file.as_ref(), http)?;
    let files = Vec::from_iter(file);
    match to {
        PostTo::Response(id, token) => {
            http.create_interaction_response(id, token, &body, files)
                .await
        }
        PostTo::Original(token) => http
            .edit_original_interaction_response(token, &body, files)
            .await
            .map(drop),
        PostTo::Followup(token) => http
            .create_followup_message(token, &body, files)
            .await
            .map(drop),
        PostTo::Channel(channel) => http.send_message(channel, files, &body).await.map(drop),
    }
}

/// The JSON of the request: the message (or the interaction response
/// around it) with mentions off, and its file listed with a string id.
fn body_for(
    message: &impl Serialize,
    file: Option<&CreateAttachment>,
    http: &Http,
) -> serde_json::Result<Value> {
    let mut body = serde_json::to_value(message)?;
    let inner = if body.get("data").is_some_and(Value::is_object) {
        &mut body["data"]
    } else {
        &mut body
    };
    if let Some(file) = file {
        inner["attachments"] = serde_json::json!([{"id": "0", "filename": file.filename}]);
    }
    if inner["allowed_mentions"].is_null() {
        inner["allowed_mentions"] = serde_json::to_value(&http.default_allowed_mentions)?;
    }
    Ok(body)
}
