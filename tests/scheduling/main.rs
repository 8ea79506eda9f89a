//! Tests of scheduled check-in pings, all in simulated time (tokio's paused
//! clock drives both the runner's sleeps and the engine's clock): the
//! commands, delivery exactly once per slot, downtime, crashes between
//! claim and send, daylight saving, failures and pacing; and the terminal
//! showing a ping while you chat, in real time.

mod commands;
mod console;
mod daylight_saving;
mod delivery;
mod downtime;
mod retention;
mod summary;
mod support;
