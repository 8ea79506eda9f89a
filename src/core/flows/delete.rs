//! `mydata delete`: erasing everything kept about the person, after a second
//! step that confirms it.

use super::{Answer, Cx, Outcome, not_here};
use crate::core::outbound::{Choice, Outbound};
use serde::{Deserialize, Serialize};

pub const YES: &str = "delete.yes";
pub const NO: &str = "delete.no";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delete;

impl Delete {
    pub fn prompt(&self, cx: &Cx) -> Vec<Outbound> {
        let m = &cx.msg().delete;
        vec![Outbound::say(m.confirm.to_string()).with_choices(vec![
            Choice::new(YES, m.yes.to_string()),
            Choice::new(NO, m.no.to_string()),
        ])]
    }

    pub fn answer(self, cx: &Cx, answer: Answer) -> Outcome {
        let m = &cx.msg().delete;
        match &answer {
            Answer::Picked(ids) if ids.iter().any(|id| id == YES) => Outcome {
                erase: true,
                ..Outcome::end(vec![Outbound::say(m.done.to_string())])
            },
            Answer::Picked(_) | Answer::Stop => {
                Outcome::end(vec![Outbound::say(m.kept.to_string())])
            }
            _ => not_here(cx, self, &answer),
        }
    }
}
