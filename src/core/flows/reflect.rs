//! Reflect: a prompt from a chosen theme, or from the next theme in turn.
//! With a journal, no prompt repeats for a person until its theme is used up.

use super::{Answer, Cx, Outcome, any_of, not_here, stopped};
use crate::core::content::reflections::{Prompt, Theme};
use crate::core::journal::Entry;
use crate::core::outbound::{Choice, Outbound};
use crate::core::user::User;
use serde::{Deserialize, Serialize};

pub const THEME: &str = "reflect.theme.";
pub const ANY: &str = "reflect.any";
pub const ANOTHER: &str = "reflect.another";
pub const SKIP: &str = "reflect.skip";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Reflect {
    ChooseTheme,
    Answer { theme: String, prompt: String },
}

impl Reflect {
    /// Starts on `theme` when it names one (by id or name), else asks for one.
    pub fn start(cx: &Cx, theme: Option<&str>) -> Outcome {
        let Some(wanted) = theme else {
            return Outcome::next(Reflect::ChooseTheme, Vec::new());
        };
        match find_theme(cx, wanted) {
            Some(theme) => ask(cx, theme),
            None => {
                let unknown = cx.msg().reflect.unknown_theme.fill(&[("theme", wanted)]);
                Outcome::next(Reflect::ChooseTheme, vec![Outbound::say(unknown)])
            }
        }
    }

    pub fn prompt(&self, cx: &Cx) -> Vec<Outbound> {
        let m = &cx.msg().reflect;
        let reflections = &cx.content.reflections;
        match self {
            Reflect::ChooseTheme => {
                let mut choices: Vec<Choice> = reflections
                    .themes
                    .iter()
                    .map(|t| Choice::new(format!("{THEME}{}", t.id.get_ref()), t.name.to_string()))
                    .collect();
                choices.push(Choice::new(ANY, m.any.to_string()));
                vec![Outbound::say(m.ask_theme.to_string()).with_choices(choices)]
            }
            Reflect::Answer { theme, prompt } => {
                let theme_name = reflections.theme(theme).map_or(theme.as_str(), |t| &t.name);
                let prompt_text = reflections
                    .prompt(prompt)
                    .map_or(prompt.as_str(), |p| &p.text);
                vec![
                    Outbound::say(
                        m.prompt
                            .fill(&[("theme", theme_name), ("prompt", prompt_text)]),
                    ),
                    Outbound::say(m.ask_answer.to_string())
                        .with_choices(vec![
                            Choice::new(ANOTHER, m.another.to_string()),
                            Choice::new(SKIP, m.skip.to_string()),
                        ])
                        .expecting_text(),
                ]
            }
        }
    }

    pub fn answer(self, cx: &Cx, answer: Answer) -> Outcome {
        let m = &cx.msg().reflect;
        match (self, answer) {
            (_, Answer::Stop) => stopped(cx),
            (Reflect::ChooseTheme, Answer::Picked(ids)) => {
                let chosen = ids
                    .iter()
                    .find_map(|id| id.strip_prefix(THEME))
                    .and_then(|id| find_theme(cx, id));
                ask(cx, chosen.unwrap_or_else(|| next_theme(cx)))
            }
            (Reflect::Answer { theme, prompt }, Answer::Text(text)) => {
                let prompt_text = cx
                    .content
                    .reflections
                    .prompt(&prompt)
                    .map(|p| p.text.to_string());
                let entry = Entry::Reflection {
                    theme,
                    prompt: prompt_text.unwrap_or_else(|| prompt.clone()),
                    prompt_id: prompt,
                    answer: text,
                };
                Outcome::end(vec![Outbound::say(m.thanks.to_string())]).with_journal(entry)
            }
            (Reflect::Answer { theme, .. }, Answer::Picked(ids))
                if ids.iter().any(|id| id == ANOTHER) =>
            {
                match find_theme(cx, &theme) {
                    Some(theme) => ask(cx, theme),
                    None => Outcome::next(Reflect::ChooseTheme, Vec::new()),
                }
            }
            (Reflect::Answer { .. }, Answer::Picked(_) | Answer::Skip) => {
                Outcome::end(vec![Outbound::say(m.skipped.to_string())])
            }
            (Reflect::Answer { .. }, Answer::Back) => {
                Outcome::next(Reflect::ChooseTheme, Vec::new())
            }
            (flow, answer) => not_here(cx, flow, &answer),
        }
    }
}

/// A theme by id or by name, forgiving case, spaces and dashes.
fn find_theme<'a>(cx: &Cx<'a>, wanted: &str) -> Option<&'a Theme> {
    let key = |s: &str| s.to_lowercase().replace([' ', '-'], "_");
    let wanted = key(wanted);
    cx.content
        .reflections
        .themes
        .iter()
        .find(|t| key(t.id.get_ref()) == wanted || key(&t.name) == wanted)
}

/// The theme after the person's last one, in the order of the content file;
/// any theme when there is no last one.
fn next_theme<'a>(cx: &Cx<'a>) -> &'a Theme {
    let themes = &cx.content.reflections.themes;
    let last = cx.user.and_then(|u| u.last_theme.as_deref());
    let next = last
        .and_then(|last| themes.iter().position(|t| &**t.id.get_ref() == last))
        .map_or_else(
            || fastrand::usize(..themes.len()),
            |i| (i + 1) % themes.len(),
        );
    &themes[next]
}

/// Shows a prompt of `theme` the person has not seen, remembering it when
/// they keep a journal.
fn ask(cx: &Cx, theme: &Theme) -> Outcome {
    let theme_id = theme.id.get_ref().to_string();
    let prompts: Vec<&Prompt> = cx.content.reflections.prompts_of(&theme_id).collect();
    let mut user = cx.user.filter(|u| u.journal_consent).cloned();
    let seen = user
        .as_ref()
        .and_then(|u| u.prompts_seen.get(&theme_id))
        .cloned()
        .unwrap_or_default();
    let fresh: Vec<&Prompt> = prompts
        .iter()
        .copied()
        .filter(|p| !seen.contains(&p.id.get_ref().to_string()))
        .collect();
    let (pool, used_up) = if fresh.is_empty() {
        let last = seen.last();
        (
            prompts
                .into_iter()
                .filter(|p| Some(&p.id.get_ref().to_string()) != last)
                .collect(),
            true,
        )
    } else {
        (fresh, false)
    };
    let Some(prompt) = any_of(&pool) else {
        return Outcome::next(Reflect::ChooseTheme, Vec::new());
    };
    let prompt_id = prompt.id.get_ref().to_string();
    if let Some(user) = user.as_mut() {
        remember(user, &theme_id, &prompt_id, used_up);
    }
    let mut outcome = Outcome::next(
        Reflect::Answer {
            theme: theme_id,
            prompt: prompt_id,
        },
        Vec::new(),
    );
    outcome.user = user;
    outcome
}

fn remember(user: &mut User, theme: &str, prompt: &str, start_over: bool) {
    let seen = user.prompts_seen.entry(theme.to_string()).or_default();
    if start_over {
        seen.clear();
    }
    seen.push(prompt.to_string());
    user.last_theme = Some(theme.to_string());
}
