//! The crisis reply: crisis lines for the person's region, the emergency
//! number, findahelpline.com for everywhere else, and an offer to breathe or
//! to go back to what they were doing.

use super::{Answer, Cx, Outcome, closed, not_here};
use crate::core::command::Command;
use crate::core::content::crisis::INTERNATIONAL;
use crate::core::outbound::{Choice, Outbound};
use serde::{Deserialize, Serialize};

pub const BREATHE: &str = "sos.breathe";
pub const RESUME: &str = "sos.resume";
pub const MENU: &str = "sos.menu";

/// The offer after a crisis reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sos {
    /// An exercise was set aside and can be resumed.
    pub resumable: bool,
}

/// The crisis resources for the person's region, as one private message.
pub fn resources(cx: &Cx) -> Outbound {
    let m = &cx.msg().sos;
    let crisis = &cx.content.crisis;
    let region = crisis
        .region(cx.region())
        .or_else(|| crisis.region(INTERNATIONAL));
    let mut text = vec![m.intro.to_string(), String::new()];
    if let Some(region) = region {
        for line in &region.lines {
            let hours = line.hours.as_ref().map(|h| m.hours.fill(&[("hours", h)]));
            text.push(
                m.line
                    .fill(&[("name", &line.name), ("contact", &line.contact)])
                    + hours.as_deref().unwrap_or_default(),
            );
        }
        text.push(m.emergency.fill(&[("number", &region.emergency)]));
    }
    text.push(m.everywhere.to_string());
    text.push(String::new());
    text.push(m.private.to_string());
    Outbound::say(text.join("\n"))
}

impl Sos {
    pub fn prompt(&self, cx: &Cx) -> Vec<Outbound> {
        let m = &cx.msg().sos;
        let mut choices = vec![Choice::new(BREATHE, m.breathe.to_string())];
        if self.resumable {
            choices.push(Choice::new(RESUME, m.resume.to_string()));
        }
        choices.push(Choice::new(MENU, m.menu.to_string()));
        vec![Outbound::say(m.offer.to_string()).with_choices(choices)]
    }

    pub fn answer(self, cx: &Cx, answer: Answer) -> Outcome {
        match &answer {
            Answer::Picked(ids) if ids.iter().any(|id| id == BREATHE) => {
                Outcome::run(Command::Breathe(None))
            }
            Answer::Picked(ids) if ids.iter().any(|id| id == RESUME) => {
                Outcome::run(Command::Resume)
            }
            Answer::Picked(_) => Outcome::run(Command::Menu),
            Answer::Stop => closed(cx),
            _ => not_here(cx, self, &answer),
        }
    }
}
