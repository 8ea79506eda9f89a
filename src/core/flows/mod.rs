//! The conversation flows. Each flow is a small state machine: it shows its
//! current step ([`Flow::prompt`]) and turns an [`Answer`] into an [`Outcome`].
//! The engine decides what an input means; flows never see raw input.

pub mod breathe;
pub mod checkin;
pub mod delete;
pub mod menu;
pub mod onboarding;
pub mod privacy;
pub mod ratings;
pub mod reflect;
pub mod reframe;
pub mod schedule;
pub mod selfcheck;
pub mod sos;

use super::command::Command;
use super::content::Content;
use super::content::messages::Messages;
use super::inbound::Who;
use super::journal::Entry;
use super::outbound::Outbound;
use super::schedule::record::{ScheduleChange, ScheduleRecord};
use super::user::User;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a flow may look at while it answers.
pub struct Cx<'a> {
    pub content: &'a Content,
    pub who: &'a Who,
    pub user: Option<&'a User>,
    /// The person's check-in ping schedule, when they set one.
    pub schedule: Option<&'a ScheduleRecord>,
    pub now: DateTime<Utc>,
    /// The operator's region for people who have not set their own.
    pub default_region: &'a str,
}

impl Cx<'_> {
    pub fn msg(&self) -> &Messages {
        &self.content.messages
    }

    /// The person's region for crisis lines: their own, or the operator's default.
    pub fn region(&self) -> &str {
        self.user
            .and_then(|user| user.region.as_deref())
            .unwrap_or(self.default_region)
    }
}

/// An input the engine has already matched against the current step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Choices of the current step, by id.
    Picked(Vec<String>),
    /// Free text for a step that asked for it, screened and within length.
    Text(String),
    Back,
    Skip,
    Stop,
}

/// What a step leads to.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The flow to continue with; `None` ends it.
    pub flow: Option<Flow>,
    /// What to say about this step; the engine adds the next step's prompt.
    pub say: Vec<Outbound>,
    /// An entry for the journal, kept only with the person's consent.
    pub journal: Option<Entry>,
    /// The person's profile, changed.
    pub user: Option<User>,
    /// A command to run once this step is done, like a menu pick.
    pub then: Option<Command>,
    /// Erase everything kept about the person.
    pub erase: bool,
    /// The person's check-in ping schedule, changed.
    pub schedule: Option<ScheduleChange>,
}

impl Outcome {
    /// Continue with `flow`, after saying `say`.
    pub fn next(flow: impl Into<Flow>, say: Vec<Outbound>) -> Outcome {
        Outcome {
            flow: Some(flow.into()),
            say,
            ..Outcome::default()
        }
    }

    /// End the flow after saying `say`.
    pub fn end(say: Vec<Outbound>) -> Outcome {
        Outcome {
            say,
            ..Outcome::default()
        }
    }

    /// End the flow and run `command`.
    pub fn run(command: Command) -> Outcome {
        Outcome {
            then: Some(command),
            ..Outcome::default()
        }
    }

    pub fn with_journal(mut self, entry: Entry) -> Outcome {
        self.journal = Some(entry);
        self
    }

    pub fn with_user(mut self, user: User) -> Outcome {
        self.user = Some(user);
        self
    }
}

/// Declares the flows once: the stored enum, its dispatch to each flow's
/// `prompt` and `answer`, and a `From` for each flow's state.
macro_rules! flows {
    ($($variant:ident($state:ty)),* $(,)?) => {
        /// Where a person is in a conversation. Stored between messages, so it
        /// survives restarts; the serde tags are the stored encoding.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(tag = "flow", rename_all = "snake_case")]
        pub enum Flow {
            $($variant($state)),*
        }

        impl Flow {
            /// The current step, shown again: its last message carries the
            /// step's choices and whether it waits for text.
            pub fn prompt(&self, cx: &Cx) -> Vec<Outbound> {
                match self {
                    $(Flow::$variant(flow) => flow.prompt(cx)),*
                }
            }

            pub fn answer(self, cx: &Cx, answer: Answer) -> Outcome {
                match self {
                    $(Flow::$variant(flow) => flow.answer(cx, answer)),*
                }
            }
        }

        $(impl From<$state> for Flow {
            fn from(flow: $state) -> Flow {
                Flow::$variant(flow)
            }
        })*
    };
}

flows!(
    Onboarding(onboarding::Onboarding),
    Menu(menu::Menu),
    Sos(sos::Sos),
    Checkin(checkin::Checkin),
    Reflect(reflect::Reflect),
    Reframe(reframe::Reframe),
    Breathe(breathe::Breathe),
    SelfCheck(selfcheck::SelfCheck),
    Privacy(privacy::Privacy),
    Delete(delete::Delete),
);

impl Flow {
    /// The exercise's name as the person reads it, for flows worth setting
    /// aside and resuming; `None` for menus and questions that are quick to redo.
    pub fn exercise_name<'a>(&self, messages: &'a Messages) -> Option<&'a str> {
        let names = &messages.flows;
        Some(match self {
            Flow::Onboarding(_) => &names.onboarding,
            Flow::Checkin(_) => &names.checkin,
            Flow::Reflect(_) => &names.reflect,
            Flow::Reframe(_) => &names.reframe,
            Flow::Breathe(_) => &names.breathe,
            Flow::SelfCheck(_) => &names.selfcheck,
            Flow::Menu(_) | Flow::Sos(_) | Flow::Privacy(_) | Flow::Delete(_) => return None,
        })
    }
}

/// The usual answer to `back` and `skip` on a step that has neither.
pub fn not_here(cx: &Cx, flow: impl Into<Flow>, answer: &Answer) -> Outcome {
    let text = match answer {
        Answer::Back => &cx.msg().input.no_back,
        _ => &cx.msg().input.no_skip,
    };
    Outcome::next(flow, vec![Outbound::say(text.to_string())])
}

/// The usual answer to `stop`: the flow ends and nothing from it is kept.
pub fn stopped(cx: &Cx) -> Outcome {
    Outcome::end(vec![Outbound::say(cx.msg().input.stopped.to_string())])
}

/// Ends a menu or a short exercise quietly, leaving the door open.
pub fn closed(cx: &Cx) -> Outcome {
    Outcome::end(vec![Outbound::say(cx.msg().input.closed.to_string())])
}

/// Picks one item at random; `None` only for an empty slice.
pub fn any_of<T>(items: &[T]) -> Option<&T> {
    (!items.is_empty()).then(|| &items[fastrand::usize(..items.len())])
}
