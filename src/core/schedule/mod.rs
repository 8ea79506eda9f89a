//! The rules of scheduled check-in pings, with no runtime in them: what a
//! schedule says, how it maps to instants in a timezone across daylight
//! saving, quiet hours, and the record kept for each person who opted in.
//! The runner that sleeps and delivers lives in `crate::schedule`.

pub mod clock_time;
pub mod next;
pub mod quiet;
pub mod record;
pub mod rule;
pub mod zone;
