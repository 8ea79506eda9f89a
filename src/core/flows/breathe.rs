//! Breathe: a paced breathing pattern, shown as messages with delays, a few
//! rounds. Any message (like `stop`) ends it; the adapter drops what is left.

use super::{Answer, Cx, Outcome, closed, not_here};
use crate::core::content::breathing::BreathPattern;
use crate::core::outbound::{Choice, Outbound};
use serde::{Deserialize, Serialize};
use std::time::Duration;

pub const PATTERN: &str = "breathe.pattern.";
pub const AGAIN: &str = "breathe.again";
pub const DONE: &str = "breathe.done";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Breathe {
    ChoosePattern,
    /// The rounds of `pattern` were shown; again or done?
    Finished {
        pattern: String,
    },
}

impl Breathe {
    /// Starts `pattern` when it names one, else asks which.
    pub fn start(cx: &Cx, pattern: Option<&str>) -> Outcome {
        let Some(wanted) = pattern else {
            return Outcome::next(Breathe::ChoosePattern, Vec::new());
        };
        match find_pattern(cx, wanted) {
            Some(pattern) => guide(cx, pattern),
            None => {
                let unknown = cx
                    .msg()
                    .breathe
                    .unknown_pattern
                    .fill(&[("pattern", wanted)]);
                Outcome::next(Breathe::ChoosePattern, vec![Outbound::say(unknown)])
            }
        }
    }

    pub fn prompt(&self, cx: &Cx) -> Vec<Outbound> {
        let m = &cx.msg().breathe;
        match self {
            Breathe::ChoosePattern => {
                let choices = cx
                    .content
                    .breathing
                    .patterns
                    .iter()
                    .map(|p| {
                        Choice::new(format!("{PATTERN}{}", p.id.get_ref()), p.name.to_string())
                    })
                    .collect();
                vec![
                    Outbound::say(cx.content.breathing.intro.to_string()),
                    Outbound::say(m.ask_pattern.to_string()).with_choices(choices),
                ]
            }
            Breathe::Finished { .. } => vec![Outbound::say(m.more.to_string()).with_choices(vec![
                Choice::new(AGAIN, m.again.to_string()),
                Choice::new(DONE, m.done.to_string()),
            ])],
        }
    }

    pub fn answer(self, cx: &Cx, answer: Answer) -> Outcome {
        let picked =
            |id: &str| matches!(&answer, Answer::Picked(ids) if ids.iter().any(|i| i == id));
        match &self {
            Breathe::ChoosePattern => {
                if let Answer::Picked(ids) = &answer {
                    let id = ids.iter().find_map(|id| id.strip_prefix(PATTERN));
                    if let Some(pattern) = id.and_then(|id| find_pattern(cx, id)) {
                        return guide(cx, pattern);
                    }
                }
            }
            Breathe::Finished { pattern } if picked(AGAIN) => {
                if let Some(pattern) = find_pattern(cx, pattern) {
                    return guide(cx, pattern);
                }
            }
            Breathe::Finished { .. } if picked(DONE) => return closed(cx),
            Breathe::Finished { .. } => {}
        }
        match answer {
            Answer::Stop | Answer::Skip | Answer::Picked(_) => closed(cx),
            _ => not_here(cx, self, &answer),
        }
    }
}

/// A pattern by id or name, forgiving case and punctuation ("478" finds 4-7-8).
fn find_pattern<'a>(cx: &Cx<'a>, wanted: &str) -> Option<&'a BreathPattern> {
    let key = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase()
    };
    let wanted = key(wanted);
    cx.content.breathing.patterns.iter().find(|p| {
        let name = key(&p.name);
        key(p.id.get_ref()) == wanted || name == wanted || name.starts_with(&wanted)
    })
}

/// The paced messages of every round: each phase waits for the one before it.
fn guide(cx: &Cx, pattern: &BreathPattern) -> Outcome {
    let m = &cx.msg().breathe;
    let rounds = *pattern.rounds.get_ref();
    let mut say = vec![Outbound::say(m.start.fill(&[
        ("name", &pattern.name),
        ("about", &pattern.about),
        ("rounds", &rounds.to_string()),
    ]))];
    let mut wait = Duration::ZERO;
    for round in 1..=rounds {
        let header = m.round.fill(&[
            ("round", &round.to_string()),
            ("rounds", &rounds.to_string()),
        ]);
        say.push(Outbound::say(header).after(wait));
        wait = Duration::ZERO;
        for phase in &pattern.phases {
            let seconds = *phase.seconds.get_ref();
            let text = m
                .phase
                .fill(&[("label", &phase.label), ("seconds", &seconds.to_string())]);
            say.push(Outbound::say(text).after(wait));
            wait = Duration::from_secs(u64::from(seconds));
        }
    }
    say.push(Outbound::say(m.finished.to_string()).after(wait));
    Outcome::next(
        Breathe::Finished {
            pattern: pattern.id.get_ref().to_string(),
        },
        say,
    )
}
