//! `reflections.toml`: the reflection themes and their prompts.

use super::source::{ContentError, Source};
use super::text::{Id, Text};
use serde::Deserialize;
use toml::Spanned;

/// The fewest prompts a theme may have, so rotation stays fresh for weeks.
pub const MIN_PROMPTS_PER_THEME: usize = 12;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reflections {
    #[serde(rename = "theme")]
    pub themes: Vec<Theme>,
    #[serde(rename = "prompt")]
    pub prompts: Vec<Prompt>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: Spanned<Id>,
    pub name: Text,
    pub about: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    pub id: Spanned<Id>,
    pub theme: Spanned<Id>,
    pub text: Text,
}

impl Reflections {
    pub fn validate(&self, source: &Source) -> Vec<ContentError> {
        let mut errors = source.duplicate_ids(self.themes.iter().map(|t| &t.id), "theme");
        errors.extend(source.duplicate_ids(self.prompts.iter().map(|p| &p.id), "prompt"));
        for prompt in &self.prompts {
            if !self
                .themes
                .iter()
                .any(|t| t.id.get_ref() == prompt.theme.get_ref())
            {
                errors.push(source.error_at(
                    prompt.theme.span(),
                    format!("no theme has the id `{}`", prompt.theme.get_ref()),
                ));
            } else if !prompt
                .id
                .get_ref()
                .starts_with(&format!("{}.", prompt.theme.get_ref()))
            {
                errors.push(source.error_at(
                    prompt.id.span(),
                    format!(
                        "a prompt id starts with its theme: `{}.…`",
                        prompt.theme.get_ref()
                    ),
                ));
            }
        }
        if self.themes.is_empty() {
            errors.push(source.error_in_file("there are no [[theme]] tables"));
        }
        for theme in &self.themes {
            let count = self.prompts_of(theme.id.get_ref()).count();
            if count < MIN_PROMPTS_PER_THEME {
                errors.push(source.error_at(
                    theme.id.span(),
                    format!(
                        "the theme `{}` has {count} prompts; it needs at least {MIN_PROMPTS_PER_THEME}",
                        theme.id.get_ref()
                    ),
                ));
            }
        }
        errors
    }

    /// The prompts of one theme, in file order.
    pub fn prompts_of<'a>(&'a self, theme: &'a str) -> impl Iterator<Item = &'a Prompt> + 'a {
        self.prompts
            .iter()
            .filter(move |p| &**p.theme.get_ref() == theme)
    }

    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| &**t.id.get_ref() == id)
    }

    pub fn prompt(&self, id: &str) -> Option<&Prompt> {
        self.prompts.iter().find(|p| &**p.id.get_ref() == id)
    }
}
