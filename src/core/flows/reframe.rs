//! Reframe: the thought record of shared/care.md, step by step. Situation,
//! feelings with ratings, the hot thought and how much it is believed, the
//! thinking patterns, evidence for and against, a balanced thought, the
//! feelings re-rated, a before → after summary, and an optional experiment.

use super::ratings::{parse_feelings, parse_rating};
use super::{Answer, Cx, Outcome, not_here, stopped};
use crate::core::journal::{Entry, Experiment, Rated, ThoughtRecord};
use crate::core::outbound::{Choice, Outbound};
use serde::{Deserialize, Serialize};

pub const TRAP: &str = "reframe.trap.";
pub const TRAPS_DONE: &str = "reframe.traps_done";
pub const TRAPS_UNSURE: &str = "reframe.traps_unsure";
pub const EXPERIMENT_YES: &str = "reframe.experiment_yes";
pub const EXPERIMENT_NO: &str = "reframe.experiment_no";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", content = "feeling", rename_all = "snake_case")]
pub enum Step {
    Situation,
    Feelings,
    Thought,
    ThoughtBelief,
    Traps,
    EvidenceFor,
    EvidenceAgainst,
    Balanced,
    BalancedBelief,
    /// Re-rating the feeling at this index.
    Rerate(usize),
    Experiment,
    Prediction,
    ExperimentStep,
}

/// A thought record in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reframe {
    pub step: Step,
    pub situation: String,
    pub feelings: Vec<Rated>,
    pub thought: String,
    pub thought_belief: u8,
    pub patterns: Vec<String>,
    pub evidence_for: Option<String>,
    pub evidence_against: Option<String>,
    pub balanced: String,
    pub balanced_belief: u8,
    pub after: Vec<Rated>,
    pub prediction: String,
}

impl Reframe {
    pub fn start(cx: &Cx) -> Outcome {
        let record = Reframe {
            step: Step::Situation,
            situation: String::new(),
            feelings: Vec::new(),
            thought: String::new(),
            thought_belief: 0,
            patterns: Vec::new(),
            evidence_for: None,
            evidence_against: None,
            balanced: String::new(),
            balanced_belief: 0,
            after: Vec::new(),
            prediction: String::new(),
        };
        Outcome::next(
            record,
            vec![Outbound::say(cx.msg().reframe.intro.to_string())],
        )
    }

    pub fn prompt(&self, cx: &Cx) -> Vec<Outbound> {
        let m = &cx.msg().reframe;
        let ask = |text: &str| vec![Outbound::say(text.to_string()).expecting_text()];
        match self.step {
            Step::Situation => ask(&m.situation),
            Step::Feelings => ask(&m.feelings),
            Step::Thought => ask(&m.thought),
            Step::ThoughtBelief => ask(&m.thought_belief),
            Step::Traps => self.traps_prompt(cx),
            Step::EvidenceFor => ask(&m.evidence_for),
            Step::EvidenceAgainst => ask(&m.evidence_against),
            Step::Balanced => ask(&m.balanced),
            Step::BalancedBelief => ask(&m.balanced_belief),
            Step::Rerate(i) => match self.feelings.get(i) {
                Some(feeling) => ask(&m.rerate.fill(&[
                    ("feeling", &feeling.name),
                    ("before", &feeling.rating.to_string()),
                ])),
                None => ask(&m.feelings),
            },
            Step::Experiment => {
                vec![
                    Outbound::say(m.experiment_offer.to_string()).with_choices(vec![
                        Choice::new(EXPERIMENT_YES, m.experiment_yes.to_string()),
                        Choice::new(EXPERIMENT_NO, m.experiment_no.to_string()),
                    ]),
                ]
            }
            Step::Prediction => ask(&m.prediction),
            Step::ExperimentStep => ask(&m.experiment_step),
        }
    }

    fn traps_prompt(&self, cx: &Cx) -> Vec<Outbound> {
        let m = &cx.msg().reframe;
        let cards = &cx.content.patterns.cards;
        let mut choices: Vec<Choice> = cards
            .iter()
            .map(|card| {
                let id = card.id.get_ref();
                let mark = if self.patterns.iter().any(|p| p == &**id) {
                    "✓ "
                } else {
                    ""
                };
                Choice::new(format!("{TRAP}{id}"), format!("{mark}{}", card.name))
            })
            .collect();
        choices.push(Choice::new(TRAPS_DONE, m.traps_done.to_string()));
        choices.push(Choice::new(TRAPS_UNSURE, m.traps_unsure.to_string()));
        let mut messages = Vec::new();
        let ask = if self.patterns.is_empty() {
            let list: Vec<String> = cards
                .iter()
                .map(|c| {
                    m.trap_card.fill(&[
                        ("name", &c.name),
                        ("description", &c.description),
                        ("example", &c.example),
                    ])
                })
                .collect();
            messages.push(Outbound::say(list.join("\n")));
            m.traps.to_string()
        } else {
            format!(
                "{}\n{}",
                m.traps_picked
                    .fill(&[("patterns", &self.pattern_names(cx))]),
                m.traps
            )
        };
        messages.push(Outbound::say(ask).with_choices(choices).pick_many());
        messages
    }

    pub fn answer(mut self, cx: &Cx, answer: Answer) -> Outcome {
        let m = &cx.msg().reframe;
        match (self.step, answer) {
            (Step::Experiment | Step::Prediction | Step::ExperimentStep, Answer::Stop) => {
                self.finish(cx, None)
            }
            (_, Answer::Stop) => stopped(cx),
            (_, Answer::Back) => match self.previous() {
                Some(step) => {
                    if let Step::Rerate(i) = step {
                        self.after.truncate(i);
                    }
                    self.step = step;
                    Outcome::next(self, Vec::new())
                }
                None => not_here(cx, self, &Answer::Back),
            },
            (Step::Situation, Answer::Text(text)) => {
                self.then(Step::Feelings, |r| r.situation = text)
            }
            (Step::Feelings, Answer::Text(text)) => match parse_feelings(&text) {
                Some(feelings) => self.then(Step::Thought, |r| r.feelings = feelings),
                None => Outcome::next(self, vec![Outbound::say(m.feelings_format.to_string())]),
            },
            (Step::Thought, Answer::Text(text)) => {
                self.then(Step::ThoughtBelief, |r| r.thought = text)
            }
            (Step::ThoughtBelief, Answer::Text(text)) => {
                self.rating(cx, &text, Step::Traps, |r, belief| {
                    r.thought_belief = belief
                })
            }
            (Step::Traps, Answer::Picked(ids)) => self.pick_traps(cx, &ids),
            (Step::Traps, Answer::Skip) => self.then(Step::EvidenceFor, |_| ()),
            (Step::EvidenceFor, Answer::Text(text)) => {
                self.then(Step::EvidenceAgainst, |r| r.evidence_for = Some(text))
            }
            (Step::EvidenceFor, Answer::Skip) => {
                self.then(Step::EvidenceAgainst, |r| r.evidence_for = None)
            }
            (Step::EvidenceAgainst, Answer::Text(text)) => {
                self.then(Step::Balanced, |r| r.evidence_against = Some(text))
            }
            (Step::EvidenceAgainst, Answer::Skip) => {
                self.then(Step::Balanced, |r| r.evidence_against = None)
            }
            (Step::Balanced, Answer::Text(text)) => {
                self.then(Step::BalancedBelief, |r| r.balanced = text)
            }
            (Step::BalancedBelief, Answer::Text(text)) => {
                self.rating(cx, &text, Step::Rerate(0), |r, belief| {
                    r.balanced_belief = belief
                })
            }
            (Step::Rerate(i), Answer::Text(text)) => self.rerate(cx, i, &text),
            (Step::Experiment, Answer::Picked(ids))
                if ids.iter().any(|id| id == EXPERIMENT_YES) =>
            {
                self.then(Step::Prediction, |_| ())
            }
            (Step::Experiment, Answer::Picked(_) | Answer::Skip)
            | (Step::Prediction | Step::ExperimentStep, Answer::Skip) => self.finish(cx, None),
            (Step::Prediction, Answer::Text(text)) => {
                self.then(Step::ExperimentStep, |r| r.prediction = text)
            }
            (Step::ExperimentStep, Answer::Text(step)) => {
                let prediction = std::mem::take(&mut self.prediction);
                self.finish(cx, Some(Experiment { prediction, step }))
            }
            (_, Answer::Skip) => {
                Outcome::next(self, vec![Outbound::say(m.cannot_skip.to_string())])
            }
            (_, answer) => not_here(cx, self, &answer),
        }
    }

    /// Records an answer and moves to `step`.
    fn then(mut self, step: Step, record: impl FnOnce(&mut Reframe)) -> Outcome {
        record(&mut self);
        self.step = step;
        Outcome::next(self, Vec::new())
    }

    /// Reads a 0–100 rating; an unreadable one keeps the step with a kind word.
    fn rating(
        self,
        cx: &Cx,
        text: &str,
        step: Step,
        record: impl FnOnce(&mut Reframe, u8),
    ) -> Outcome {
        match parse_rating(text, 0, 100) {
            Some(rating) => self.then(step, |r| record(r, rating)),
            None => {
                let ask = cx.msg().input.number.fill(&[("min", "0"), ("max", "100")]);
                Outcome::next(self, vec![Outbound::say(ask)])
            }
        }
    }

    fn rerate(self, cx: &Cx, index: usize, text: &str) -> Outcome {
        let last = index + 1 >= self.feelings.len();
        let next = if last {
            Step::Experiment
        } else {
            Step::Rerate(index + 1)
        };
        let mut outcome = self.rating(cx, text, next, |r, rating| {
            let name = r
                .feelings
                .get(index)
                .map(|f| f.name.clone())
                .unwrap_or_default();
            r.after.truncate(index);
            r.after.push(Rated { name, rating });
        });
        if let Some(super::Flow::Reframe(record)) = &outcome.flow
            && record.step == Step::Experiment
        {
            outcome.say.push(record.summary(cx));
        }
        outcome
    }

    fn pick_traps(mut self, cx: &Cx, ids: &[String]) -> Outcome {
        if ids.iter().any(|id| id == TRAPS_UNSURE) {
            self.patterns.clear();
            return self.then(Step::EvidenceFor, |_| ());
        }
        for id in ids.iter().filter_map(|id| id.strip_prefix(TRAP)) {
            match self.patterns.iter().position(|p| p == id) {
                Some(at) => {
                    self.patterns.remove(at);
                }
                None => self.patterns.push(id.to_string()),
            }
        }
        if !ids.iter().any(|id| id == TRAPS_DONE) {
            return Outcome::next(self, Vec::new());
        }
        let m = &cx.msg().reframe;
        let questions = self
            .patterns
            .iter()
            .filter_map(|p| cx.content.patterns.card(p))
            .map(|card| Outbound::say(m.trap_question.fill(&[("question", &card.question)])))
            .collect();
        self.step = Step::EvidenceFor;
        Outcome::next(self, questions)
    }

    fn previous(&self) -> Option<Step> {
        Some(match self.step {
            Step::Situation => return None,
            Step::Feelings => Step::Situation,
            Step::Thought => Step::Feelings,
            Step::ThoughtBelief => Step::Thought,
            Step::Traps => Step::ThoughtBelief,
            Step::EvidenceFor => Step::Traps,
            Step::EvidenceAgainst => Step::EvidenceFor,
            Step::Balanced => Step::EvidenceAgainst,
            Step::BalancedBelief => Step::Balanced,
            Step::Rerate(0) => Step::BalancedBelief,
            Step::Rerate(i) => Step::Rerate(i - 1),
            Step::Experiment => Step::Rerate(self.feelings.len().saturating_sub(1)),
            Step::Prediction => Step::Experiment,
            Step::ExperimentStep => Step::Prediction,
        })
    }

    fn pattern_names(&self, cx: &Cx) -> String {
        let names: Vec<String> = self
            .patterns
            .iter()
            .map(|p| {
                cx.content
                    .patterns
                    .card(p)
                    .map_or_else(|| p.clone(), |c| c.name.to_string())
            })
            .collect();
        names.join(", ")
    }

    /// Before → after, without judging the size of the change.
    fn summary(&self, cx: &Cx) -> Outbound {
        let m = &cx.msg().reframe;
        let mut lines = vec![m.summary.to_string()];
        for (before, after) in self.feelings.iter().zip(&self.after) {
            lines.push(m.summary_feeling.fill(&[
                ("feeling", &before.name),
                ("before", &before.rating.to_string()),
                ("after", &after.rating.to_string()),
            ]));
        }
        lines.push(m.summary_thought.fill(&[
            ("thought", &self.thought),
            ("belief", &self.thought_belief.to_string()),
        ]));
        lines.push(m.summary_balanced.fill(&[
            ("thought", &self.balanced),
            ("belief", &self.balanced_belief.to_string()),
        ]));
        lines.push(m.summary_close.to_string());
        Outbound::say(lines.join("\n"))
    }

    fn finish(self, cx: &Cx, experiment: Option<Experiment>) -> Outcome {
        let m = &cx.msg().reframe;
        let mut say = Vec::new();
        if let Some(experiment) = &experiment {
            say.push(Outbound::say(m.experiment_planned.fill(&[
                ("step", &experiment.step),
                ("prediction", &experiment.prediction),
            ])));
        }
        say.push(Outbound::say(m.done.to_string()));
        let record = ThoughtRecord {
            situation: self.situation,
            feelings_before: self.feelings,
            hot_thought: self.thought,
            hot_belief: self.thought_belief,
            patterns: self.patterns,
            evidence_for: self.evidence_for,
            evidence_against: self.evidence_against,
            balanced_thought: self.balanced,
            balanced_belief: self.balanced_belief,
            feelings_after: self.after,
            experiment,
        };
        Outcome::end(say).with_journal(Entry::ThoughtRecord(record))
    }
}
