//! The Matrix adapter against a real Synapse on loopback: a person's own
//! matrix-sdk client talks to the bot in an encrypted direct chat, the bot
//! restarts with the same device, a scheduled ping arrives once, and group
//! rooms and strangers are turned away. One test binary, so the dependency
//! tree is linked once.

// matrix-sdk's futures need more than the default recursion limit to be
// proven `Send`.
#![recursion_limit = "256"]

mod bot;
mod direct_chat;
mod person;
mod pings;
mod rooms;
#[path = "../chat_network/services.rs"]
mod services;
mod synapse;
