//! A person talking to a fresh engine, and helpers to read what it said.

use chrono::{TimeZone, Utc};
use securebase::core::clock::ManualClock;
use securebase::core::content::Content;
use securebase::core::export::Export;
use securebase::core::repository::Repository;
use securebase::core::{Engine, Inbound, Input, Outbound, Platform, Who};
use securebase::store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub fn prompts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")
}

/// The shipped content, loaded once for all tests.
pub fn content() -> Arc<Content> {
    static CONTENT: OnceLock<Arc<Content>> = OnceLock::new();
    CONTENT
        .get_or_init(|| {
            Arc::new(Content::load(&prompts_dir()).expect("the shipped content is valid"))
        })
        .clone()
}

pub struct Bot {
    pub engine: Engine,
    pub who: Who,
    pub clock: Arc<ManualClock>,
    /// The last message of the last answer: the step the person is on.
    pub step: Option<Outbound>,
}

impl Bot {
    /// A newcomer on a temporary database.
    pub fn new() -> Bot {
        Bot::on(Arc::new(Store::temporary().unwrap()), "GB")
    }

    pub fn on(repository: Arc<dyn Repository>, region: &str) -> Bot {
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 11, 25, 20, 0, 0).unwrap(),
        ));
        Bot {
            engine: Engine::new(content(), repository, clock.clone(), region),
            who: Who::new(Platform::Console, "ann"),
            clock,
            step: None,
        }
    }

    /// Someone who has said yes to the journal and sees the menu.
    pub fn consented() -> Bot {
        Bot::consented_on(Arc::new(Store::temporary().unwrap()))
    }

    /// Someone who has said yes to the journal, on `repository`.
    pub fn consented_on(repository: Arc<dyn Repository>) -> Bot {
        let mut bot = Bot::on(repository, "GB");
        bot.command("start");
        bot.pick("onboarding.yes");
        bot
    }

    pub fn send(&mut self, input: Input) -> Vec<Outbound> {
        let out = self.engine.handle(&Inbound::new(self.who.clone(), input));
        assert!(!out.is_empty(), "every input gets an answer");
        self.step = out.last().cloned();
        out
    }

    pub fn line(&mut self, text: &str) -> Vec<Outbound> {
        self.send(Input::Line(text.into()))
    }

    pub fn text(&mut self, text: &str) -> Vec<Outbound> {
        self.send(Input::Text(text.into()))
    }

    pub fn pick(&mut self, id: &str) -> Vec<Outbound> {
        self.send(Input::Chosen(vec![id.into()]))
    }

    pub fn pick_many(&mut self, ids: &[&str]) -> Vec<Outbound> {
        self.send(Input::Chosen(ids.iter().map(|id| id.to_string()).collect()))
    }

    pub fn command(&mut self, name: &str) -> Vec<Outbound> {
        let mut words = name.split_whitespace();
        let name = words.next().unwrap().to_string();
        self.send(Input::Command {
            name,
            args: words.map(str::to_string).collect(),
        })
    }

    pub fn choice_ids(&self) -> Vec<String> {
        self.step
            .iter()
            .flat_map(|s| s.choices.iter().map(|c| c.id.clone()))
            .collect()
    }

    pub fn waits_for_text(&self) -> bool {
        self.step.as_ref().is_some_and(|s| s.expects_text)
    }
}

/// The export document attached to an answer to `mydata export`.
#[track_caller]
pub fn exported(out: &[Outbound]) -> Export {
    let file = out
        .iter()
        .find_map(|message| message.attachment.as_ref())
        .expect("the export is attached, even when nothing is kept");
    serde_json::from_slice(&file.bytes).expect("the export is the schema")
}

/// Everything said, one message a line.
pub fn said(out: &[Outbound]) -> String {
    out.iter()
        .map(|o| o.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn says(out: &[Outbound], words: &str) -> bool {
    said(out).contains(words)
}

/// Asserts the answer contains `words`, showing everything said when it does not.
#[track_caller]
pub fn assert_says(out: &[Outbound], words: &str) {
    assert!(says(out, words), "expected {words:?} in:\n{}", said(out));
}
