//! First contact: what the bot is and is not, what it keeps, and the consent
//! question. The person's first command runs once they have answered.

use super::{Answer, Cx, Outcome, not_here, stopped};
use crate::core::command::Command;
use crate::core::outbound::{Choice, Outbound};
use crate::core::user::User;
use serde::{Deserialize, Serialize};

pub const YES: &str = "onboarding.yes";
pub const NO: &str = "onboarding.no";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Onboarding {
    /// What the person asked for before being introduced.
    pub then: Command,
}

impl Onboarding {
    /// The introduction, then the consent question; `then` runs once it is answered.
    pub fn start(cx: &Cx, then: Command) -> Outcome {
        let m = &cx.msg().onboarding;
        let intro = vec![
            Outbound::say(m.intro.to_string()),
            Outbound::say(m.storage.to_string()),
        ];
        Outcome::next(Onboarding { then }, intro)
    }

    pub fn prompt(&self, cx: &Cx) -> Vec<Outbound> {
        let m = &cx.msg().onboarding;
        vec![Outbound::say(m.ask.to_string()).with_choices(vec![
            Choice::new(YES, m.yes.to_string()),
            Choice::new(NO, m.no.to_string()),
        ])]
    }

    pub fn answer(self, cx: &Cx, answer: Answer) -> Outcome {
        let m = &cx.msg().onboarding;
        let consent = match &answer {
            Answer::Picked(ids) if ids.iter().any(|id| id == YES) => true,
            Answer::Picked(_) => false,
            Answer::Stop => return stopped(cx),
            _ => return not_here(cx, self, &answer),
        };
        let said = if consent { &m.accepted } else { &m.declined };
        let mut outcome = Outcome::run(self.then).with_user(User::new(consent, cx.now));
        outcome.say.push(Outbound::say(said.to_string()));
        outcome
    }
}
