//! A person's running conversation: the flow they are in, and the exercises
//! set aside (by the crisis reply, a ping, or starting something else) to
//! resume, most recent last.

use super::flows::Flow;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub flow: Option<Flow>,
    #[serde(default)]
    pub paused: Vec<Flow>,
}

/// How many set-aside exercises are kept; setting aside one more lets the
/// oldest go.
pub const MAX_PAUSED: usize = 3;

impl Session {
    /// Nothing is running and nothing is set aside, so there is nothing to keep.
    pub fn is_empty(&self) -> bool {
        self.flow.is_none() && self.paused.is_empty()
    }
}
