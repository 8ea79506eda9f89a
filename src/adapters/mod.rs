//! Adapters translate between a chat surface and the engine. They render
//! messages the surface's native way and hold no conversation logic.

pub mod answer;
pub mod choice_hint;
pub mod console;
#[cfg(feature = "discord")]
pub mod discord;
#[cfg(feature = "matrix")]
pub mod matrix;
pub mod split_text;
