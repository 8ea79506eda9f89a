//! The scheduler: a tokio task that sleeps until the next due ping (or until
//! a schedule changes), claims the slot in the store, asks the engine for
//! the ping, and hands it to the adapter of the person's platform through
//! the small [`delivery::Delivery`] interface, paced per platform. Beside
//! it, [`forget`] erases journal entries past the keeping time people chose.

pub mod delivery;
pub mod forget;
pub mod pace;
pub mod runner;
