//! A person's running conversation: the flow they are in, and one exercise
//! set aside (by the crisis reply or by starting something else) to resume.

use super::flows::Flow;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub flow: Option<Flow>,
    pub paused: Option<Flow>,
}

impl Session {
    /// Nothing is running and nothing is set aside, so there is nothing to keep.
    pub fn is_empty(&self) -> bool {
        self.flow.is_none() && self.paused.is_none()
    }
}
