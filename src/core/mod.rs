//! The conversation core: everything securebase says and remembers, with no
//! chat network and no async runtime in it. Adapters hand it an [`Inbound`]
//! and show the [`Outbound`] messages it returns.

pub mod clock;
pub mod command;
pub mod content;
pub mod day_count;
pub mod engine;
pub mod export;
pub mod flows;
pub mod inbound;
pub mod insights;
pub mod journal;
pub mod journal_view;
pub mod outbound;
pub mod repository;
pub mod retention;
pub mod safety;
pub mod schedule;
pub mod session;
pub mod user;

pub use engine::{Engine, Ping};
pub use inbound::{Inbound, Input, Platform, Who};
pub use outbound::{Choice, Outbound, Pick};
