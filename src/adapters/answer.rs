//! Running one engine turn from async adapter code. The engine does
//! blocking storage work, so it runs off the async threads.

use crate::core::{Engine, Inbound, Outbound};
use std::sync::Arc;

/// The engine's answer to `inbound`; with `late`, to something written
/// while the bot was away (see [`Engine::handle_late`]). A turn that
/// panicked is logged and answered with nothing.
pub async fn answer(engine: Arc<Engine>, inbound: Inbound, late: bool) -> Vec<Outbound> {
    let who = inbound.who.clone();
    let turn = move || {
        if late {
            engine.handle_late(&inbound)
        } else {
            engine.handle(&inbound)
        }
    };
    match tokio::task::spawn_blocking(turn).await {
        Ok(replies) => replies,
        Err(error) => {
            tracing::error!(%who, %error, "the engine stopped while answering");
            Vec::new()
        }
    }
}
