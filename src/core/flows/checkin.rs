//! Check-in: mood 1–5, one or more emotion words (or the person's own), an
//! optional note, a reply that fits the mood, then the after-check-in menu.

use super::menu::Menu;
use super::{Answer, Cx, Outcome, any_of, not_here, stopped};
use crate::core::journal::Entry;
use crate::core::outbound::{Choice, Outbound};
use serde::{Deserialize, Serialize};

pub const MOOD: &str = "checkin.mood.";
pub const EMOTION: &str = "checkin.emotion.";
pub const OTHER: &str = "checkin.other";
pub const DONE: &str = "checkin.done";
pub const SKIP_NOTE: &str = "checkin.skip";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkin {
    pub step: Step,
    pub mood: Option<u8>,
    /// Emotion words in the person's order: ids from the list, or their own words.
    pub emotions: Vec<String>,
    /// Words already written (in reply to a ping), kept as the note.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Mood,
    Emotions,
    OwnWord,
    Note,
}

impl Checkin {
    pub fn start() -> Checkin {
        Checkin {
            step: Step::Mood,
            mood: None,
            emotions: Vec::new(),
            note: None,
        }
    }

    /// A check-in whose note the person already wrote; it skips the note step.
    pub fn with_note(note: String) -> Checkin {
        Checkin {
            note: Some(note),
            ..Checkin::start()
        }
    }

    pub fn prompt(&self, cx: &Cx) -> Vec<Outbound> {
        let m = &cx.msg().checkin;
        let content = &cx.content.checkin;
        match self.step {
            Step::Mood => {
                let mut moods: Vec<_> = content.moods.iter().collect();
                moods.sort_by_key(|mood| *mood.value.get_ref());
                let choices = moods
                    .into_iter()
                    .map(|mood| {
                        Choice::new(
                            format!("{MOOD}{}", mood.value.get_ref()),
                            mood.label.to_string(),
                        )
                    })
                    .collect();
                vec![Outbound::say(m.ask_mood.to_string()).with_choices(choices)]
            }
            Step::Emotions => {
                let mut text = m.ask_emotions.to_string();
                if !self.emotions.is_empty() {
                    text = format!(
                        "{}\n{text}",
                        m.picked.fill(&[("emotions", &self.emotion_labels(cx))])
                    );
                }
                let mut choices: Vec<Choice> = content
                    .emotions
                    .iter()
                    .map(|e| {
                        Choice::new(format!("{EMOTION}{}", e.id.get_ref()), e.label.to_string())
                    })
                    .collect();
                choices.push(Choice::new(OTHER, m.other.to_string()));
                choices.push(Choice::new(DONE, m.done.to_string()));
                vec![Outbound::say(text).with_choices(choices).pick_many()]
            }
            Step::OwnWord => vec![Outbound::say(m.ask_other.to_string()).expecting_text()],
            Step::Note => vec![
                Outbound::say(m.ask_note.to_string())
                    .with_choices(vec![Choice::new(SKIP_NOTE, m.skip.to_string())])
                    .expecting_text(),
            ],
        }
    }

    pub fn answer(mut self, cx: &Cx, answer: Answer) -> Outcome {
        match (self.step, answer) {
            (_, Answer::Stop) => stopped(cx),
            (Step::Mood, Answer::Picked(ids)) => {
                self.mood = ids
                    .iter()
                    .find_map(|id| id.strip_prefix(MOOD)?.parse().ok());
                self.step = Step::Emotions;
                Outcome::next(self, Vec::new())
            }
            (Step::Emotions, Answer::Picked(ids)) => self.pick_emotions(cx, &ids),
            (Step::OwnWord, Answer::Text(word)) => {
                if !self.emotions.contains(&word) {
                    self.emotions.push(word);
                }
                self.step = Step::Emotions;
                Outcome::next(self, Vec::new())
            }
            (Step::Note, Answer::Text(note)) => self.finish(cx, Some(note)),
            (Step::Note, Answer::Picked(_) | Answer::Skip) => self.finish(cx, None),
            (Step::OwnWord, Answer::Skip | Answer::Back) | (Step::Note, Answer::Back) => {
                self.step = Step::Emotions;
                Outcome::next(self, Vec::new())
            }
            (Step::Emotions, Answer::Back) => {
                self.step = Step::Mood;
                Outcome::next(self, Vec::new())
            }
            (_, answer) => not_here(cx, self, &answer),
        }
    }

    fn pick_emotions(mut self, cx: &Cx, ids: &[String]) -> Outcome {
        for id in ids {
            if let Some(emotion) = id.strip_prefix(EMOTION)
                && !self.emotions.iter().any(|e| e == emotion)
            {
                self.emotions.push(emotion.to_string());
            }
        }
        if ids.iter().any(|id| id == OTHER) {
            self.step = Step::OwnWord;
            return Outcome::next(self, Vec::new());
        }
        if ids.iter().any(|id| id == DONE) {
            if self.emotions.is_empty() {
                let need_one = Outbound::say(cx.msg().checkin.need_one.to_string());
                return Outcome::next(self, vec![need_one]);
            }
            if self.note.is_some() {
                let note = self.note.take();
                return self.finish(cx, note);
            }
            self.step = Step::Note;
        }
        Outcome::next(self, Vec::new())
    }

    fn finish(self, cx: &Cx, note: Option<String>) -> Outcome {
        let mood = self.mood.unwrap_or(3);
        let reply = cx
            .content
            .checkin
            .mood(mood)
            .and_then(|m| any_of(&m.replies))
            .map(|reply| Outbound::say(reply.to_string()));
        let entry = Entry::CheckIn {
            mood,
            emotions: self.emotion_labels_list(cx),
            note,
        };
        Outcome::next(Menu::AfterCheckin, reply.into_iter().collect()).with_journal(entry)
    }

    /// The emotion words as the person saw them: list labels, or their own words.
    fn emotion_labels_list(&self, cx: &Cx) -> Vec<String> {
        self.emotions
            .iter()
            .map(|e| {
                cx.content
                    .checkin
                    .emotion(e)
                    .map_or_else(|| e.clone(), |known| known.label.to_string())
            })
            .collect()
    }

    fn emotion_labels(&self, cx: &Cx) -> String {
        self.emotion_labels_list(cx).join(", ")
    }
}
