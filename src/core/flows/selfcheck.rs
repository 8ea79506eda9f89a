//! Self-check: our own non-diagnostic 0–10 questions about today, reflected
//! back in the person's own numbers and words, with exercises that may help.
//! Never a score, never a label.

use super::ratings::parse_rating;
use super::{Answer, Cx, Outcome, not_here, stopped};
use crate::core::content::selfcheck::Suggestion;
use crate::core::journal::{Entry, SelfCheckAnswer};
use crate::core::outbound::{Choice, Outbound};
use serde::{Deserialize, Serialize};

pub const SKIP_NOTE: &str = "selfcheck.skip";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfCheck {
    /// Answers so far, in question order; the next question is the one after them.
    pub answers: Vec<u8>,
}

impl SelfCheck {
    pub fn start(cx: &Cx) -> Outcome {
        let intro = Outbound::say(cx.content.selfcheck.intro.to_string());
        Outcome::next(
            SelfCheck {
                answers: Vec::new(),
            },
            vec![intro],
        )
    }

    fn on_note(&self, cx: &Cx) -> bool {
        self.answers.len() >= cx.content.selfcheck.questions.len()
    }

    pub fn prompt(&self, cx: &Cx) -> Vec<Outbound> {
        let m = &cx.msg().selfcheck;
        match cx.content.selfcheck.questions.get(self.answers.len()) {
            Some(q) => vec![
                Outbound::say(
                    m.ask
                        .fill(&[("text", &q.text), ("low", &q.low), ("high", &q.high)]),
                )
                .expecting_text(),
            ],
            None => vec![
                Outbound::say(m.ask_note.to_string())
                    .with_choices(vec![Choice::new(SKIP_NOTE, m.skip.to_string())])
                    .expecting_text(),
            ],
        }
    }

    pub fn answer(mut self, cx: &Cx, answer: Answer) -> Outcome {
        match answer {
            Answer::Stop => stopped(cx),
            Answer::Back if !self.answers.is_empty() => {
                self.answers.pop();
                Outcome::next(self, Vec::new())
            }
            Answer::Text(note) if self.on_note(cx) => self.finish(cx, Some(note)),
            Answer::Picked(_) | Answer::Skip if self.on_note(cx) => self.finish(cx, None),
            Answer::Text(text) => match parse_rating(&text, 0, 10) {
                Some(value) => {
                    self.answers.push(value);
                    Outcome::next(self, Vec::new())
                }
                None => {
                    let ask = cx.msg().input.number.fill(&[("min", "0"), ("max", "10")]);
                    Outcome::next(self, vec![Outbound::say(ask)])
                }
            },
            answer => not_here(cx, self, &answer),
        }
    }

    fn finish(self, cx: &Cx, note: Option<String>) -> Outcome {
        let m = &cx.msg().selfcheck;
        let questions = &cx.content.selfcheck.questions;
        let mut mirror = vec![m.mirror.to_string()];
        let mut suggestions: Vec<String> = Vec::new();
        for (question, &value) in questions.iter().zip(&self.answers) {
            mirror.push(
                question
                    .reflect
                    .get_ref()
                    .fill(&[("answer", &value.to_string())]),
            );
            if question.suggests_for(value) {
                let exercise = match question.suggest.get_ref() {
                    Suggestion::Reframe => m.exercise_reframe.to_string(),
                    Suggestion::Breathe => m.exercise_breathe.to_string(),
                    Suggestion::Checkin => m.exercise_checkin.to_string(),
                    Suggestion::Reflect(theme) => m.exercise_reflect.fill(&[("theme", theme)]),
                };
                if !suggestions.contains(&exercise) {
                    suggestions.push(exercise);
                }
            }
        }
        if let Some(note) = &note {
            mirror.push(m.your_words.fill(&[("note", note)]));
        }
        let mut say = vec![Outbound::say(mirror.join("\n"))];
        if !suggestions.is_empty() {
            say.push(Outbound::say(
                m.suggest.fill(&[("exercises", &suggestions.join(", "))]),
            ));
        }
        say.push(Outbound::say(m.close.to_string()));
        let answers = questions
            .iter()
            .zip(&self.answers)
            .map(|(q, &answer)| SelfCheckAnswer {
                question: q.id.get_ref().to_string(),
                answer,
            })
            .collect();
        Outcome::end(say).with_journal(Entry::SelfCheck { answers, note })
    }
}
