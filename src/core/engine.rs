//! The engine: one conversation turn at a time. It screens what the person
//! wrote, works out what their input means at the current step, runs the
//! flow or command, and keeps the result in the repository before answering.

use super::clock::Clock;
use super::command::Command;
use super::content::Content;
use super::content::crisis::INTERNATIONAL;
use super::day_count::read_days;
use super::export::{self, Export};
use super::flows::breathe::Breathe;
use super::flows::checkin::Checkin;
use super::flows::delete::Delete;
use super::flows::menu::Menu;
use super::flows::onboarding::Onboarding;
use super::flows::privacy::Privacy;
use super::flows::reflect::Reflect;
use super::flows::reframe::Reframe;
use super::flows::selfcheck::SelfCheck;
use super::flows::sos::{self, Sos};
use super::flows::{Answer, Cx, Flow, Outcome, schedule};
use super::inbound::{Inbound, Input, Who};
use super::insights::{self, Insights, WINDOWS};
use super::journal::JournalEntry;
use super::journal_view;
use super::outbound::{Attachment, Outbound, Pick};
use super::repository::{Change, Repository, StoreError, Stored};
use super::retention;
use super::safety::{self, Screen};
use super::schedule::record::{ScheduleChange, ScheduleRecord};
use super::session::{MAX_PAUSED, Session};
use super::user::User;
use chrono::{DateTime, Utc};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

/// The longest answer one step takes, in characters.
pub const MAX_TEXT: usize = 4000;
/// How many journal entries `journal` shows.
const JOURNAL_SHOWN: usize = 5;
/// The weekly look back covers a week, and comes with the first ping at
/// least this long after the last one: a little under a week, so a ping
/// moved by a snooze or a clock change does not push it a week further.
const SUMMARY_DAYS: u32 = 7;
const SUMMARY_EVERY: chrono::Duration = chrono::Duration::hours(7 * 24 - 12);
/// How often a turn runs when the scheduler changed the schedule under it.
const TURN_TRIES: usize = 3;
/// Turns of different people run in parallel; turns of one person never do.
const LOCK_STRIPES: usize = 64;

pub struct Engine {
    content: Arc<Content>,
    repository: Arc<dyn Repository>,
    clock: Arc<dyn Clock>,
    default_region: String,
    locks: Vec<Mutex<()>>,
    schedule_listener: Option<Box<dyn Fn() + Send + Sync>>,
}

/// A ping composed for delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ping {
    pub messages: Vec<Outbound>,
    opener: String,
    /// Whether it brings the weekly look back.
    summary: bool,
}

/// What an input means at the current step.
enum Action {
    Command(Command),
    Answer(Answer),
    /// Something to tell the person, after which the current step is shown again.
    Reply(String),
    /// A choice for a step that has passed.
    Stale,
    /// Text written for a step that has passed: said back, so it is not lost.
    StaleText(String),
    /// Something the person wrote outside any exercise: a warm word, then the menu.
    Heard,
}

/// The state of one turn while it runs.
struct Turn {
    who: Who,
    user: Option<User>,
    user_changed: bool,
    schedule: Option<ScheduleRecord>,
    /// The schedule as loaded, so the store can tell if it changed meanwhile.
    schedule_found: Option<ScheduleRecord>,
    schedule_change: Option<ScheduleChange>,
    flow: Option<Flow>,
    paused: Vec<Flow>,
    say: Vec<Outbound>,
    journal: Option<JournalEntry>,
    /// Where "saved" goes in `say`, once the journal entry is durable.
    saved_at: usize,
    erase: bool,
    /// Journal entries from before this moment are erased with the turn.
    forget_before: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
}

impl Engine {
    pub fn new(
        content: Arc<Content>,
        repository: Arc<dyn Repository>,
        clock: Arc<dyn Clock>,
        default_region: impl Into<String>,
    ) -> Engine {
        Engine {
            content,
            repository,
            clock,
            default_region: default_region.into(),
            locks: (0..LOCK_STRIPES).map(|_| Mutex::new(())).collect(),
            schedule_listener: None,
        }
    }

    /// Calls `listener` after any schedule change is kept, so the scheduler
    /// can wake and look at the due index again.
    pub fn on_schedule_change(&mut self, listener: impl Fn() + Send + Sync + 'static) {
        self.schedule_listener = Some(Box::new(listener));
    }

    pub fn content(&self) -> &Content {
        &self.content
    }

    /// Answers one event. Never fails towards the person: a storage problem
    /// is logged for the operator and answered with a kind message, and a
    /// crisis reply goes out whatever the storage does.
    pub fn handle(&self, inbound: &Inbound) -> Vec<Outbound> {
        let _one_turn_per_person = self.lock(&inbound.who);
        let result = until_settled(
            || self.turn(inbound),
            |(error, _)| matches!(error, StoreError::Conflict),
        );
        match result {
            Ok(say) => say,
            Err((error, say)) => {
                tracing::error!(who = %inbound.who, %error, "a conversation turn could not be kept");
                if say.is_empty() {
                    vec![Outbound::say(
                        self.content.messages.input.storage_error.to_string(),
                    )]
                } else {
                    say
                }
            }
        }
    }

    /// Something the person wrote while the bot was away. Only crisis
    /// language is answered, with the crisis reply `handle` would give;
    /// anything else is left alone, since an answer out of its time would
    /// confuse more than help, and the person can simply write again.
    pub fn handle_late(&self, inbound: &Inbound) -> Vec<Outbound> {
        let in_crisis = inbound
            .written_text()
            .is_some_and(|text| safety::screen(&text) == Screen::Crisis);
        if in_crisis {
            self.handle(inbound)
        } else {
            Vec::new()
        }
    }

    fn lock(&self, who: &Who) -> std::sync::MutexGuard<'_, ()> {
        let mut hasher = DefaultHasher::new();
        who.hash(&mut hasher);
        let stripe = &self.locks[(hasher.finish() % LOCK_STRIPES as u64) as usize];
        stripe
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A scheduled check-in ping for `who`, ready to deliver: an opener unlike
    /// their last one, with one-tap choices, saying so if it sets an exercise
    /// aside. Nothing changes until [`Engine::ping_delivered`]; `None` when
    /// they have no schedule any more.
    pub fn ping(&self, who: &Who) -> Result<Option<Ping>, StoreError> {
        let _one_turn_per_person = self.lock(who);
        let stored = self.repository.load(who)?;
        let mut turn = Turn::new(who.clone(), stored, self.clock.now());
        let Some(record) = &turn.schedule else {
            return Ok(None);
        };
        let Some(opener) = self.content.openers.any_but(record.last_opener.as_deref()) else {
            return Ok(None);
        };
        let opener = opener.id.get_ref().to_string();
        let mut summary = record.weekly_summary
            && record
                .last_summary
                .is_none_or(|last| turn.now - last >= SUMMARY_EVERY)
            && turn.user.as_ref().is_some_and(|user| user.journal_consent);
        self.set_aside_saying_so(&mut turn);
        if summary {
            match self
                .repository
                .journal_since(who, insights::window_start(SUMMARY_DAYS, turn.now))
            {
                Ok(entries) => {
                    let week = Insights::gather(&entries, SUMMARY_DAYS, turn.now);
                    let zone = turn.user.as_ref().map_or(chrono_tz::Tz::UTC, User::zone);
                    let m = &self.content.messages.insights;
                    turn.say.push(insights::reply::reply(m, &week, zone));
                }
                Err(error) => {
                    tracing::error!(%who, %error, "the journal could not be read; the ping goes without its weekly look back");
                    summary = false;
                }
            }
        }
        turn.flow = Some(Flow::Menu(Menu::Ping {
            opener: opener.clone(),
        }));
        self.show_prompt(&mut turn);
        Ok(Some(Ping {
            messages: turn.say,
            opener,
            summary,
        }))
    }

    /// The ping reached the person: it becomes the step they are on, and its
    /// opener the one the next ping must differ from.
    pub fn ping_delivered(&self, who: &Who, ping: &Ping) -> Result<(), StoreError> {
        let _one_turn_per_person = self.lock(who);
        until_settled(
            || self.ping_turn(who, ping),
            |error| matches!(error, StoreError::Conflict),
        )
    }

    fn ping_turn(&self, who: &Who, ping: &Ping) -> Result<(), StoreError> {
        let stored = self.repository.load(who)?;
        let mut turn = Turn::new(who.clone(), stored, self.clock.now());
        if let Some(mut record) = turn.schedule.clone() {
            record.last_opener = Some(ping.opener.clone());
            if ping.summary {
                record.last_summary = Some(turn.now);
            }
            turn.schedule_change = Some(ScheduleChange::Put(record));
        }
        self.set_aside(&mut turn);
        turn.flow = Some(Flow::Menu(Menu::Ping {
            opener: ping.opener.clone(),
        }));
        self.keep(turn).map(|_| ())
    }

    /// Runs a turn. On a storage failure the error comes back with what must
    /// still be said (the crisis reply), or nothing.
    fn turn(&self, inbound: &Inbound) -> Result<Vec<Outbound>, (StoreError, Vec<Outbound>)> {
        let now = self.clock.now();
        let in_crisis = inbound
            .written_text()
            .is_some_and(|text| safety::screen(&text) == Screen::Crisis);
        let stored = match self.repository.load(&inbound.who) {
            Ok(stored) => stored,
            Err(error) if in_crisis => {
                let mut turn = Turn::new(inbound.who.clone(), Stored::default(), now);
                self.crisis(&mut turn);
                return Err((error, turn.say));
            }
            Err(error) => return Err((error, Vec::new())),
        };
        let mut turn = Turn::new(inbound.who.clone(), stored, now);
        if in_crisis {
            tracing::info!(who = %inbound.who, "crisis language: answering with crisis resources");
            self.crisis(&mut turn);
        } else {
            self.tell_missed_ping(&mut turn);
            let action = self.interpret(&turn, &inbound.input);
            self.act(&mut turn, action);
        }
        let keep_crisis_reply = if in_crisis {
            turn.say.clone()
        } else {
            Vec::new()
        };
        self.keep(turn).map_err(|error| (error, keep_crisis_reply))
    }

    /// Tells the person once about a ping that could not reach them.
    fn tell_missed_ping(&self, turn: &mut Turn) {
        let Some(mut record) = turn.schedule.clone() else {
            return;
        };
        let Some(missed) = record.missed.take() else {
            return;
        };
        let when = schedule::local_time(missed, record.zone());
        let text = self
            .content
            .messages
            .schedule
            .missed
            .fill(&[("when", &when)]);
        let outcome = Outcome {
            say: vec![Outbound::say(text)],
            schedule: Some(ScheduleChange::Put(record)),
            ..Outcome::default()
        };
        self.absorb(turn, outcome);
    }

    fn cx<'a>(&'a self, turn: &'a Turn) -> Cx<'a> {
        Cx {
            content: &self.content,
            who: &turn.who,
            user: turn.user.as_ref(),
            schedule: turn.schedule.as_ref(),
            now: turn.now,
            default_region: &self.default_region,
        }
    }

    /// Works out what the input means at the current step.
    fn interpret(&self, turn: &Turn, input: &Input) -> Action {
        let cx = self.cx(turn);
        let step = turn.flow.as_ref().and_then(|flow| flow.prompt(&cx).pop());
        let m = &self.content.messages.input;
        match input {
            Input::Command { name, args } => match Command::parse(name, args) {
                Some(command) => Action::Command(command),
                None => Action::Reply(m.unknown_command.fill(&[("command", name)])),
            },
            Input::Chosen(ids) => match &step {
                Some(step) if picks_fit(step, ids) => Action::Answer(Answer::Picked(ids.clone())),
                _ => Action::Stale,
            },
            Input::Text(text) => match &step {
                Some(step) if step.expects_text => self.text_answer(text),
                _ => Action::StaleText(text.clone()),
            },
            Input::Line(line) => {
                let at_sos = matches!(turn.flow, Some(Flow::Sos(_)));
                self.read_line(step.as_ref(), line, at_sos)
            }
        }
    }

    /// A typed line: a `!command`, a choice by number or name, a command word
    /// typed alone, an answer to a free-text step, or a command with its
    /// arguments, in that order. So "reflect on it" answers a question, while
    /// "help" or "stop" always work.
    fn read_line(&self, step: Option<&Outbound>, line: &str, at_sos: bool) -> Action {
        let m = &self.content.messages.input;
        let line = line.trim();
        if line.is_empty() {
            return Action::Reply(m.empty.to_string());
        }
        if let Some(rest) = line.strip_prefix(['!', '/']) {
            return match Command::parse_line(rest) {
                Some(command) => Action::Command(command),
                None => {
                    let name = rest.split_whitespace().next().unwrap_or(rest);
                    Action::Reply(m.unknown_command.fill(&[("command", name)]))
                }
            };
        }
        if let Some(ids) = step.and_then(|step| match_choices(step, line)) {
            return Action::Answer(Answer::Picked(ids));
        }
        let command = Command::parse_line(line);
        let alone = !line.contains(char::is_whitespace);
        if step.is_some_and(|step| step.expects_text) && !(alone && command.is_some()) {
            return self.text_answer(line);
        }
        match (command, step) {
            (Some(command), _) => Action::Command(command),
            (None, Some(_)) if at_sos => Action::Reply(self.content.messages.sos.heard.to_string()),
            (None, Some(_)) => Action::Reply(m.not_a_choice.to_string()),
            (None, None) if line.contains(char::is_whitespace) => Action::Heard,
            (None, None) => Action::Reply(m.unknown_command.fill(&[("command", line)])),
        }
    }

    fn text_answer(&self, text: &str) -> Action {
        let m = &self.content.messages.input;
        let text = text.trim();
        let length = text.chars().count();
        if length == 0 {
            Action::Reply(m.empty.to_string())
        } else if length > MAX_TEXT {
            Action::Reply(m.too_long.fill(&[
                ("length", &length.to_string()),
                ("max", &MAX_TEXT.to_string()),
            ]))
        } else {
            Action::Answer(Answer::Text(text.to_string()))
        }
    }

    fn act(&self, turn: &mut Turn, action: Action) {
        match action {
            Action::Command(command) => self.run(turn, command),
            Action::Answer(answer) => self.answer(turn, answer),
            Action::Reply(text) => {
                turn.say.push(Outbound::say(text));
                self.show_prompt(turn);
            }
            Action::Heard => {
                turn.say.push(Outbound::say(
                    self.content.messages.input.free_text.to_string(),
                ));
                self.run(turn, Command::Menu);
            }
            Action::Stale => {
                let said = self.content.messages.input.stale.to_string();
                self.step_has_passed(turn, said);
            }
            Action::StaleText(text) => {
                let stale_text = &self.content.messages.input.stale_text;
                self.step_has_passed(turn, stale_text.fill(&[("text", text.trim())]));
            }
        }
    }

    /// Says a step has passed, then where the person is now.
    fn step_has_passed(&self, turn: &mut Turn, said: String) {
        turn.say.push(Outbound::say(said));
        match turn.flow {
            Some(_) => self.show_prompt(turn),
            None => self.run(turn, Command::Menu),
        }
    }

    /// Hands an answer to the current flow.
    fn answer(&self, turn: &mut Turn, answer: Answer) {
        let Some(flow) = turn.flow.take() else {
            let m = &self.content.messages.input;
            let text = match answer {
                Answer::Back => &m.no_back,
                Answer::Skip => &m.no_skip,
                _ => &m.nothing_to_stop,
            };
            turn.say.push(Outbound::say(text.to_string()));
            return;
        };
        let outcome = flow.answer(&self.cx(turn), answer);
        self.apply(turn, outcome);
    }

    /// Takes in what a step led to, then shows the next step or runs the next command.
    fn apply(&self, turn: &mut Turn, outcome: Outcome) {
        let (flow, then) = self.absorb(turn, outcome);
        turn.flow = flow;
        match then {
            Some(command) => self.run(turn, command),
            None => self.show_prompt(turn),
        }
    }

    /// A command answered beside the current step, which stays where it was.
    fn aside(&self, turn: &mut Turn, outcome: Outcome) {
        self.absorb(turn, outcome);
        self.back_to_step(turn);
    }

    /// Takes in what an outcome says and changes (profile, journal, schedule,
    /// erasure), handing back where it leads.
    fn absorb(&self, turn: &mut Turn, outcome: Outcome) -> (Option<Flow>, Option<Command>) {
        turn.say.extend(outcome.say);
        if let Some(user) = outcome.user {
            turn.user = Some(user);
            turn.user_changed = true;
        }
        if let Some(entry) = outcome.journal {
            let m = &self.content.messages.journal;
            if turn.user.as_ref().is_some_and(|u| u.journal_consent) {
                turn.journal = Some(JournalEntry {
                    at: turn.now,
                    entry,
                });
                turn.saved_at = turn.say.len();
            } else {
                turn.say.push(Outbound::say(m.not_kept.to_string()));
            }
        }
        if let Some(change) = outcome.schedule {
            turn.schedule = match &change {
                ScheduleChange::Put(record) => Some(record.clone()),
                ScheduleChange::Remove => None,
            };
            turn.schedule_change = Some(change);
        }
        if outcome.erase {
            turn.erase = true;
            turn.user = None;
            turn.paused.clear();
            turn.journal = None;
            turn.schedule = None;
        }
        (outcome.flow, outcome.then)
    }

    fn show_prompt(&self, turn: &mut Turn) {
        if let Some(flow) = &turn.flow {
            let prompt = flow.prompt(&self.cx(turn));
            turn.say.extend(prompt);
        }
    }

    /// After an aside (help, the journal…), says where the person was in an
    /// exercise and shows that step again. A menu has done its work by then
    /// and is not shown again.
    fn back_to_step(&self, turn: &mut Turn) {
        let Some(flow) = &turn.flow else {
            return;
        };
        match flow.exercise_name(&self.content.messages) {
            Some(name) => {
                let where_we_were = self
                    .content
                    .messages
                    .input
                    .where_we_were
                    .fill(&[("flow", name)]);
                turn.say.push(Outbound::say(where_we_were));
                self.show_prompt(turn);
            }
            None => turn.flow = None,
        }
    }

    /// Starts a flow, setting aside an exercise in progress so it can be resumed.
    fn start(&self, turn: &mut Turn, start: impl FnOnce(&Cx) -> Outcome) {
        self.set_aside_saying_so(turn);
        let outcome = start(&self.cx(turn));
        self.apply(turn, outcome);
    }

    /// Sets aside the current exercise, telling the person how to come back.
    fn set_aside_saying_so(&self, turn: &mut Turn) {
        if let Some(name) = self.set_aside(turn) {
            let set_aside = self
                .content
                .messages
                .input
                .set_aside
                .fill(&[("flow", name)]);
            turn.say.push(Outbound::say(set_aside));
        }
    }

    /// Ends the current flow, keeping it to resume when it is an exercise;
    /// returns that exercise's name.
    fn set_aside(&self, turn: &mut Turn) -> Option<&str> {
        let current = turn.flow.take()?;
        let name = current.exercise_name(&self.content.messages)?;
        turn.paused.push(current);
        if turn.paused.len() > MAX_PAUSED {
            turn.paused.remove(0);
        }
        Some(name)
    }

    /// The crisis reply: the exercise pauses, resources now, then the offer.
    fn crisis(&self, turn: &mut Turn) {
        self.set_aside(turn);
        let sos = Sos {
            resumable: !turn.paused.is_empty(),
        };
        let cx = self.cx(turn);
        let mut reply = vec![sos::resources(&cx)];
        reply.extend(sos.prompt(&cx));
        turn.say.extend(reply);
        turn.flow = Some(Flow::Sos(sos));
    }

    fn run(&self, turn: &mut Turn, command: Command) {
        let m = &self.content.messages;
        if turn.user.is_none() && command.needs_profile() && !turn.erase {
            match &mut turn.flow {
                Some(Flow::Onboarding(onboarding)) => {
                    onboarding.then = command;
                    self.show_prompt(turn);
                }
                _ => self.start(turn, |cx| Onboarding::start(cx, command)),
            }
            return;
        }
        match command {
            Command::Start => {
                if turn.user.as_ref().is_some_and(|user| user.since < turn.now) {
                    turn.say.push(Outbound::say(m.menu.welcome.to_string()));
                }
                let in_exercise = turn
                    .flow
                    .as_ref()
                    .is_some_and(|f| f.exercise_name(m).is_some());
                if in_exercise {
                    self.back_to_step(turn);
                } else {
                    self.start(turn, |_| Outcome::next(Menu::Main, Vec::new()));
                }
            }
            Command::Menu => self.start(turn, |_| Outcome::next(Menu::Main, Vec::new())),
            Command::Help => {
                turn.say.push(Outbound::say(self.help_text()));
                self.back_to_step(turn);
            }
            Command::Sos => self.crisis(turn),
            Command::Checkin => self.start(turn, |_| Outcome::next(Checkin::start(), Vec::new())),
            Command::Reflect(theme) => self.start(turn, |cx| Reflect::start(cx, theme.as_deref())),
            Command::Reframe => self.start(turn, Reframe::start),
            Command::Breathe(pattern) => {
                self.start(turn, |cx| Breathe::start(cx, pattern.as_deref()))
            }
            Command::SelfCheck => self.start(turn, SelfCheck::start),
            Command::Privacy => self.start(turn, |_| Outcome::next(Privacy, Vec::new())),
            Command::DeleteData => self.start(turn, |_| Outcome::next(Delete, Vec::new())),
            Command::Insights(window) => {
                turn.say.push(self.insights(turn, window.as_deref()));
                self.back_to_step(turn);
            }
            Command::Journal => {
                turn.say.push(self.journal(turn));
                self.back_to_step(turn);
            }
            Command::ExportData => {
                turn.say.push(self.export(turn));
                self.back_to_step(turn);
            }
            Command::KeepJournal(asked) => {
                if let Some(user) = turn.user.as_mut() {
                    let reply = retention::keep_journal(
                        &self.content.messages.retention,
                        user,
                        asked.as_deref(),
                        turn.now,
                    );
                    turn.user_changed |= reply.changed;
                    turn.forget_before = reply.forget_before;
                    turn.say.push(Outbound::say(reply.say));
                }
                self.back_to_step(turn);
            }
            Command::Region(code) => {
                let said = self.region(turn, code.as_deref());
                turn.say.push(said);
                self.back_to_step(turn);
            }
            Command::Stop | Command::Back | Command::Skip => {
                let answer = match command {
                    Command::Stop => Answer::Stop,
                    Command::Back => Answer::Back,
                    _ => Answer::Skip,
                };
                self.answer(turn, answer);
            }
            Command::Schedule(command) => {
                let outcome = schedule::schedule(&self.cx(turn), command);
                self.aside(turn, outcome);
            }
            Command::Timezone(name) => {
                let outcome = schedule::timezone(&self.cx(turn), name.as_deref());
                self.aside(turn, outcome);
            }
            Command::Quiet(hours) => {
                let outcome = schedule::quiet(&self.cx(turn), hours.as_deref());
                self.aside(turn, outcome);
            }
            Command::Resume => match turn.paused.pop() {
                Some(paused) => {
                    if let Some(name) = paused.exercise_name(m) {
                        turn.say
                            .push(Outbound::say(m.input.resumed.fill(&[("flow", name)])));
                    }
                    self.set_aside(turn);
                    turn.flow = Some(paused);
                    self.show_prompt(turn);
                }
                None => {
                    turn.say
                        .push(Outbound::say(m.input.nothing_to_resume.to_string()));
                    self.back_to_step(turn);
                }
            },
        }
    }

    fn help_text(&self) -> String {
        let themes: Vec<&str> = self
            .content
            .reflections
            .themes
            .iter()
            .map(|t| &**t.id.get_ref())
            .collect();
        let patterns: Vec<&str> = self
            .content
            .breathing
            .patterns
            .iter()
            .map(|p| &**p.id.get_ref())
            .collect();
        self.content.messages.help.text.fill(&[
            ("themes", &themes.join(", ")),
            ("patterns", &patterns.join(", ")),
        ])
    }

    fn journal(&self, turn: &Turn) -> Outbound {
        let m = &self.content.messages.journal;
        if !turn.user.as_ref().is_some_and(|u| u.journal_consent) {
            return Outbound::say(m.off.to_string());
        }
        match self.repository.recent_journal(&turn.who, JOURNAL_SHOWN) {
            Ok(entries) if entries.is_empty() => Outbound::say(m.empty.to_string()),
            Ok(entries) => journal_view::render(&self.cx(turn), &entries),
            Err(error) => {
                tracing::error!(who = %turn.who, %error, "the journal could not be read");
                Outbound::say(self.content.messages.input.storage_error.to_string())
            }
        }
    }

    /// A look back over the last days of the journal (30 unless asked).
    fn insights(&self, turn: &Turn, window: Option<&str>) -> Outbound {
        let m = &self.content.messages;
        let Some(user) = turn.user.as_ref().filter(|user| user.journal_consent) else {
            return Outbound::say(m.journal.off.to_string());
        };
        let days = match window {
            None => WINDOWS[0],
            Some(asked) => match read_days(asked) {
                Some(days) if WINDOWS.contains(&days) => days,
                _ => return Outbound::say(m.insights.unknown_window.to_string()),
            },
        };
        match self
            .repository
            .journal_since(&turn.who, insights::window_start(days, turn.now))
        {
            Ok(entries) => {
                let insights = Insights::gather(&entries, days, turn.now);
                insights::reply::reply(&m.insights, &insights, user.zone())
            }
            Err(error) => {
                tracing::error!(who = %turn.who, %error, "the journal could not be read");
                Outbound::say(m.input.storage_error.to_string())
            }
        }
    }

    /// Everything kept about the person, as a file to take with them.
    fn export(&self, turn: &Turn) -> Outbound {
        let m = &self.content.messages.export;
        match self.repository.recent_journal(&turn.who, usize::MAX) {
            Ok(journal) => {
                // The turn has loaded all that is kept but the journal.
                let kept = Stored {
                    user: turn.user.clone(),
                    session: Session {
                        flow: turn.flow.clone(),
                        paused: turn.paused.clone(),
                    },
                    schedule: turn.schedule.clone(),
                };
                let export = Export::new(&turn.who, kept, journal, turn.now);
                Outbound::say(m.ready.to_string()).with_attachment(Attachment {
                    file_name: export.file_name(),
                    media_type: export::MEDIA_TYPE.to_string(),
                    bytes: export.to_json(),
                })
            }
            Err(error) => {
                tracing::error!(who = %turn.who, %error, "the export could not be read");
                Outbound::say(self.content.messages.input.storage_error.to_string())
            }
        }
    }

    fn region(&self, turn: &mut Turn, code: Option<&str>) -> Outbound {
        let m = &self.content.messages.region;
        let crisis = &self.content.crisis;
        let Some(code) = code else {
            let text = match turn.user.as_ref().and_then(|u| u.region.as_deref()) {
                Some(region) => m.current.fill(&[("region", region)]),
                None => m.unset.fill(&[("region", &self.default_region)]),
            };
            return Outbound::say(text);
        };
        match crisis
            .region(code)
            .filter(|r| r.code.get_ref() != INTERNATIONAL)
        {
            Some(region) => {
                let code = region.code.get_ref().clone();
                if let Some(user) = turn.user.as_mut() {
                    user.region = Some(code.clone());
                    turn.user_changed = true;
                }
                Outbound::say(
                    m.set
                        .fill(&[("region", &format!("{} ({code})", region.name))]),
                )
            }
            None => {
                let codes: Vec<&str> = crisis
                    .regions
                    .iter()
                    .map(|r| r.code.get_ref().as_str())
                    .filter(|c| *c != INTERNATIONAL)
                    .collect();
                Outbound::say(
                    m.unknown
                        .fill(&[("code", code), ("codes", &codes.join(", "))]),
                )
            }
        }
    }

    /// Keeps the turn, then says "saved" where a journal entry became durable.
    fn keep(&self, turn: Turn) -> Result<Vec<Outbound>, StoreError> {
        let mut say = turn.say;
        if turn.erase {
            self.repository.erase(&turn.who)?;
            return Ok(say);
        }
        let saved = turn.journal.is_some();
        let rescheduled = turn.schedule_change.is_some();
        let change = Change {
            user: turn.user.filter(|_| turn.user_changed),
            session: Session {
                flow: turn.flow,
                paused: turn.paused,
            },
            journal: turn.journal,
            forget_journal_before: turn.forget_before,
            schedule_found: turn.schedule_change.as_ref().and(turn.schedule_found),
            schedule: turn.schedule_change,
        };
        self.repository.save(&turn.who, &change)?;
        if let (true, Some(listener)) = (rescheduled, &self.schedule_listener) {
            listener();
        }
        if saved {
            let saved_note = Outbound::say(self.content.messages.journal.saved.to_string());
            say.insert(turn.saved_at.min(say.len()), saved_note);
        }
        Ok(say)
    }
}

impl Turn {
    fn new(who: Who, stored: Stored, now: DateTime<Utc>) -> Turn {
        Turn {
            who,
            user: stored.user,
            user_changed: false,
            schedule_found: stored.schedule.clone(),
            schedule: stored.schedule,
            schedule_change: None,
            flow: stored.session.flow,
            paused: stored.session.paused,
            say: Vec::new(),
            journal: None,
            saved_at: 0,
            erase: false,
            forget_before: None,
            now,
        }
    }
}

/// Runs `attempt` again, up to `TURN_TRIES` times in all, while its error
/// says the schedule changed under it (the scheduler claimed a slot meanwhile).
fn until_settled<T, E>(
    mut attempt: impl FnMut() -> Result<T, E>,
    conflicted: impl Fn(&E) -> bool,
) -> Result<T, E> {
    let mut result = attempt();
    for _ in 1..TURN_TRIES {
        match &result {
            Err(error) if conflicted(error) => result = attempt(),
            _ => break,
        }
    }
    result
}

/// Whether picked ids are all options of this step, and as many as it allows.
fn picks_fit(step: &Outbound, ids: &[String]) -> bool {
    !ids.is_empty()
        && (step.pick == Pick::Many || ids.len() == 1)
        && ids
            .iter()
            .all(|id| step.choices.iter().any(|c| &c.id == id))
}

/// Choices named in a typed line: numbers ("2", "1, 3") or a label or id.
fn match_choices(step: &Outbound, line: &str) -> Option<Vec<String>> {
    if step.choices.is_empty() {
        return None;
    }
    let lower = line.to_lowercase();
    let tokens: Vec<&str> = lower.split([',', ' ']).filter(|t| !t.is_empty()).collect();
    let numbers: Option<Vec<usize>> = tokens.iter().map(|t| t.parse().ok()).collect();
    if let Some(numbers) = numbers {
        let ids: Option<Vec<String>> = numbers
            .iter()
            .map(|&n| {
                n.checked_sub(1)
                    .and_then(|i| step.choices.get(i))
                    .map(|c| c.id.clone())
            })
            .collect();
        return ids.filter(|ids| picks_fit(step, ids));
    }
    let wanted = lower.trim().trim_end_matches(['.', '!']);
    step.choices
        .iter()
        .find(|c| {
            let label = c.label.trim_start_matches("✓ ").to_lowercase();
            label == wanted || c.id == wanted || c.id.rsplit('.').next() == Some(wanted)
        })
        .map(|c| vec![c.id.clone()])
}
