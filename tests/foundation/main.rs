//! Tests of the foundation: every flow end to end through the engine, bad
//! input at every step, the safety screen's test sets, restart and resume,
//! the content check, the store, and the built binary with a piped session.
//! One test binary, so the dependency tree is linked once.

mod at_rest;
mod bad_input;
mod binary;
mod checkin;
mod commands;
mod content_check;
mod exercises;
mod export;
mod insights;
mod onboarding;
mod reframe;
mod restart;
mod retention;
mod safety;
mod store;
mod support;
