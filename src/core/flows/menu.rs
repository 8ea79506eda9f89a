//! The two menus: the main one, and the offer that follows a check-in. Each
//! choice stands for a command.

use super::checkin::Checkin;
use super::{Answer, Cx, Outcome, closed, not_here};
use crate::core::command::{Command, ScheduleCommand};
use crate::core::outbound::{Choice, Outbound};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Menu {
    /// Everything the bot offers.
    Main,
    /// After a check-in: reflect, reframe, breathe, or done.
    AfterCheckin,
    /// A scheduled check-in ping, opening with this opener: check in now,
    /// snooze, skip today, pause, or stop. Words written in reply start a
    /// check-in and become its note.
    Ping { opener: String },
}

/// One option of a menu: its choice id, the command it runs (none ends the
/// menu), and its label.
type Item = (&'static str, Option<Command>, String);

impl Menu {
    fn choices(&self, cx: &Cx) -> (String, Vec<Item>) {
        match self {
            Menu::Main => {
                let m = &cx.msg().menu;
                (
                    m.ask.to_string(),
                    vec![
                        (
                            "menu.checkin",
                            Some(Command::Checkin),
                            m.checkin.to_string(),
                        ),
                        (
                            "menu.reflect",
                            Some(Command::Reflect(None)),
                            m.reflect.to_string(),
                        ),
                        (
                            "menu.reframe",
                            Some(Command::Reframe),
                            m.reframe.to_string(),
                        ),
                        (
                            "menu.breathe",
                            Some(Command::Breathe(None)),
                            m.breathe.to_string(),
                        ),
                        (
                            "menu.selfcheck",
                            Some(Command::SelfCheck),
                            m.selfcheck.to_string(),
                        ),
                        (
                            "menu.journal",
                            Some(Command::Journal),
                            m.journal.to_string(),
                        ),
                        ("menu.help", Some(Command::Help), m.help.to_string()),
                    ],
                )
            }
            Menu::AfterCheckin => {
                let m = &cx.msg().checkin;
                (
                    m.offer.to_string(),
                    vec![
                        (
                            "offer.reflect",
                            Some(Command::Reflect(None)),
                            m.offer_reflect.to_string(),
                        ),
                        (
                            "offer.reframe",
                            Some(Command::Reframe),
                            m.offer_reframe.to_string(),
                        ),
                        (
                            "offer.breathe",
                            Some(Command::Breathe(None)),
                            m.offer_breathe.to_string(),
                        ),
                        ("offer.done", None, m.offer_done.to_string()),
                    ],
                )
            }
            Menu::Ping { opener } => {
                let m = &cx.msg().ping;
                let text = cx
                    .content
                    .openers
                    .opener(opener)
                    .map_or_else(String::new, |o| o.text.to_string());
                (
                    text,
                    vec![
                        (
                            "ping.checkin",
                            Some(Command::Checkin),
                            m.checkin.to_string(),
                        ),
                        (
                            "ping.snooze",
                            Some(Command::Schedule(ScheduleCommand::Snooze(None))),
                            m.snooze.to_string(),
                        ),
                        (
                            "ping.skip",
                            Some(Command::Schedule(ScheduleCommand::SkipToday)),
                            m.skip.to_string(),
                        ),
                        (
                            "ping.pause",
                            Some(Command::Schedule(ScheduleCommand::Pause(None))),
                            m.pause.to_string(),
                        ),
                        (
                            "ping.stop",
                            Some(Command::Schedule(ScheduleCommand::Stop)),
                            m.stop.to_string(),
                        ),
                    ],
                )
            }
        }
    }

    pub fn prompt(&self, cx: &Cx) -> Vec<Outbound> {
        let (ask, choices) = self.choices(cx);
        let choices = choices
            .into_iter()
            .map(|(id, _, label)| Choice::new(id, label))
            .collect();
        let prompt = Outbound::say(ask).with_choices(choices);
        match self {
            Menu::Ping { .. } => vec![prompt.expecting_text()],
            Menu::Main | Menu::AfterCheckin => vec![prompt],
        }
    }

    pub fn answer(self, cx: &Cx, answer: Answer) -> Outcome {
        let Answer::Picked(ids) = &answer else {
            return match answer {
                Answer::Stop => closed(cx),
                Answer::Text(words) if matches!(self, Menu::Ping { .. }) => {
                    let thanks = Outbound::say(cx.msg().checkin.from_ping.to_string());
                    Outcome::next(Checkin::with_note(words), vec![thanks])
                }
                _ => not_here(cx, self, &answer),
            };
        };
        let picked = self
            .choices(cx)
            .1
            .into_iter()
            .find(|(id, _, _)| ids.iter().any(|i| i == id));
        match picked {
            Some((_, Some(command), _)) => Outcome::run(command),
            Some((_, None, _)) => {
                Outcome::end(vec![Outbound::say(cx.msg().checkin.closing.to_string())])
            }
            None => Outcome::next(self, Vec::new()),
        }
    }
}
