//! securebase: a self-help companion for people working on anxious attachment.
//!
//! The crate follows a ports-and-adapters shape (see `README.md`):
//! - [`core`] holds every conversation: the engine, the flows, the safety
//!   screen and the content library. It knows no chat network and no runtime.
//! - [`store`] keeps people, conversations and journals in sled, sealed
//!   with a key per person.
//! - [`adapters`] translate between a chat surface and the engine, nothing more.
//! - [`config`] reads the operator's settings.
//! - [`private_file`] creates files only their owner may read.

// matrix-sdk's futures are deep enough that proving them `Send` needs more
// than the compiler's default recursion limit.
#![recursion_limit = "256"]

pub mod adapters;
pub mod config;
pub mod core;
pub mod private_file;
pub mod schedule;
pub mod store;
