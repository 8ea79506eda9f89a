//! Adapters translate between a chat surface and the engine. They render
//! messages the surface's native way and hold no conversation logic.

pub mod choice_hint;
pub mod console;
#[cfg(feature = "matrix")]
pub mod matrix;
