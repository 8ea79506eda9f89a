//! Changing one's mind about the journal, at any time.

use super::{Answer, Cx, Outcome, closed, not_here};
use crate::core::outbound::{Choice, Outbound};
use serde::{Deserialize, Serialize};

pub const KEEP: &str = "privacy.keep";
pub const STOP: &str = "privacy.stop";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Privacy;

impl Privacy {
    pub fn prompt(&self, cx: &Cx) -> Vec<Outbound> {
        let m = &cx.msg().privacy;
        let now = if cx.user.is_some_and(|u| u.journal_consent) {
            &m.now_on
        } else {
            &m.now_off
        };
        vec![
            Outbound::say(now.to_string()),
            Outbound::say(m.ask.to_string()).with_choices(vec![
                Choice::new(KEEP, m.keep.to_string()),
                Choice::new(STOP, m.stop.to_string()),
            ]),
        ]
    }

    pub fn answer(self, cx: &Cx, answer: Answer) -> Outcome {
        let m = &cx.msg().privacy;
        let (Answer::Picked(ids), Some(user)) = (&answer, cx.user) else {
            return match answer {
                Answer::Stop | Answer::Picked(_) => closed(cx),
                _ => not_here(cx, self, &answer),
            };
        };
        let keep = ids.iter().any(|id| id == KEEP);
        let mut user = user.clone();
        user.journal_consent = keep;
        let mut say = vec![Outbound::say(
            if keep { &m.now_on } else { &m.now_off }.to_string(),
        )];
        if !keep {
            user.prompts_seen.clear();
            user.last_theme = None;
            say.push(Outbound::say(m.kept_note.to_string()));
        }
        Outcome::end(say).with_user(user)
    }
}
