//! The Discord adapter through serenity's real HTTP and gateway code,
//! against a stand-in Discord on loopback (Discord itself cannot be reached
//! from tests). Every request body the bot sends is checked against
//! Discord's OpenAPI description, named by SECUREBASE_DISCORD_OPENAPI.

mod bot;
mod conversations;
mod openapi;
mod person;
mod pings;
#[path = "../chat_network/services.rs"]
mod services;
mod standin;
