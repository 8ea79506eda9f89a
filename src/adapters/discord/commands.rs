//! The slash commands: what Discord is told they are (names, descriptions
//! from `prompts/messages.toml [discord.commands]`, options and choices
//! from the content), and how a used command becomes the engine's input.

use crate::adapters::split_text::shorten;
use crate::core::Input;
use crate::core::content::Content;
use crate::core::insights::WINDOWS;
use serenity::builder::{CreateCommand, CreateCommandOption};
use serenity::model::application::{
    CommandDataOption, CommandDataOptionValue, CommandOptionType, InteractionContext,
};

/// The longest schedule a person can type, and the longest pause in days.
const MAX_SCHEDULE_CHARS: u16 = 100;
const MAX_PAUSE_DAYS: u64 = 365;
/// The longest answer to "keep my journal for how long" ("forever", "3650 days").
const MAX_KEEP_CHARS: u16 = 20;
/// Discord's limit on choices of one option, and on a choice's name.
const MAX_CHOICES: usize = 25;
const MAX_CHOICE_NAME: usize = 100;

/// Every slash command, ready to register. They work in servers and in a
/// DM with the bot.
pub fn definitions(content: &Content) -> Vec<CreateCommand> {
    let d = &content.messages.discord.commands;
    let string = |name: &str, description: &str| {
        CreateCommandOption::new(CommandOptionType::String, name, description)
    };
    let sub = |name: &str, description: &str| {
        CreateCommandOption::new(CommandOptionType::SubCommand, name, description)
    };
    let mut theme = string("theme", &d.reflect_theme);
    for t in content.reflections.themes.iter().take(MAX_CHOICES) {
        theme = theme.add_string_choice(
            shorten(&t.name, MAX_CHOICE_NAME),
            t.id.get_ref().to_string(),
        );
    }
    let mut pattern = string("pattern", &d.breathe_pattern);
    for p in content.breathing.patterns.iter().take(MAX_CHOICES) {
        pattern = pattern.add_string_choice(
            shorten(&p.name, MAX_CHOICE_NAME),
            p.id.get_ref().to_string(),
        );
    }
    let schedule = CreateCommand::new("schedule")
        .description(d.schedule.to_string())
        .add_option(
            sub("set", &d.schedule_set).add_sub_option(
                string("when", &d.schedule_set_when)
                    .required(true)
                    .max_length(MAX_SCHEDULE_CHARS),
            ),
        )
        .add_option(sub("show", &d.schedule_show))
        .add_option(
            sub("pause", &d.schedule_pause).add_sub_option(
                CreateCommandOption::new(
                    CommandOptionType::Integer,
                    "days",
                    &*d.schedule_pause_days,
                )
                .min_int_value(1)
                .max_int_value(MAX_PAUSE_DAYS),
            ),
        )
        .add_option(sub("resume", &d.schedule_resume))
        .add_option(
            sub("snooze", &d.schedule_snooze).add_sub_option(
                string("for", &d.schedule_snooze_for)
                    .add_string_choice(d.schedule_snooze_hour.to_string(), "1h")
                    .add_string_choice(d.schedule_snooze_tomorrow.to_string(), "tomorrow"),
            ),
        )
        .add_option(sub("skip", &d.schedule_skip))
        .add_option(sub("stop", &d.schedule_stop))
        .add_option(
            sub("summary", &d.schedule_summary).add_sub_option(
                string("turn", &d.schedule_summary_turn)
                    .add_string_choice(d.schedule_summary_on.to_string(), "on")
                    .add_string_choice(d.schedule_summary_off.to_string(), "off"),
            ),
        );
    let timezone = CreateCommand::new("timezone")
        .description(d.timezone.to_string())
        .add_option(
            string("name", &d.timezone_name)
                .required(true)
                .set_autocomplete(true),
        );
    let mut window =
        CreateCommandOption::new(CommandOptionType::Integer, "days", &*d.insights_days);
    for days in WINDOWS {
        window = window.add_int_choice(days.to_string(), i32::try_from(days).unwrap_or(30));
    }
    let mydata = CreateCommand::new("mydata")
        .description(d.mydata.to_string())
        .add_option(sub("export", &d.mydata_export))
        .add_option(sub("delete", &d.mydata_delete))
        .add_option(
            sub("keep", &d.mydata_keep)
                .add_sub_option(string("days", &d.mydata_keep_days).max_length(MAX_KEEP_CHARS)),
        );
    let plain = |name: &str, description: &str| {
        CreateCommand::new(name).description(description.to_string())
    };
    vec![
        plain("checkin", &d.checkin),
        plain("reflect", &d.reflect).add_option(theme),
        plain("reframe", &d.reframe),
        plain("breathe", &d.breathe).add_option(pattern),
        plain("selfcheck", &d.selfcheck),
        schedule,
        timezone,
        plain("help", &d.help),
        plain("sos", &d.sos),
        plain("menu", &d.menu),
        plain("stop", &d.stop),
        plain("journal", &d.journal),
        plain("insights", &d.insights).add_option(window),
        plain("privacy", &d.privacy),
        mydata,
    ]
    .into_iter()
    .map(|command| command.contexts(vec![InteractionContext::Guild, InteractionContext::BotDm]))
    .collect()
}

/// The engine's input for a used command: its name, then each subcommand
/// name and option value in order, as if typed (`schedule set daily 20:00`).
pub fn input(name: &str, options: &[CommandDataOption]) -> Input {
    let mut args = Vec::new();
    flatten(options, &mut args);
    Input::Command {
        name: name.to_string(),
        args,
    }
}

fn flatten(options: &[CommandDataOption], args: &mut Vec<String>) {
    for option in options {
        match &option.value {
            CommandDataOptionValue::SubCommand(inner)
            | CommandDataOptionValue::SubCommandGroup(inner) => {
                args.push(option.name.clone());
                flatten(inner, args);
            }
            CommandDataOptionValue::String(text) => args.push(text.clone()),
            CommandDataOptionValue::Integer(number) => args.push(number.to_string()),
            CommandDataOptionValue::Autocomplete { value, .. } => args.push(value.clone()),
            other => {
                tracing::warn!(option = %option.name, kind = ?other.kind(), "a command option of an unexpected kind was left out")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn definitions_keep_to_discords_limits() {
        let content =
            Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts")).unwrap();
        let commands = serde_json::to_value(definitions(&content)).unwrap();
        let mut descriptions = Vec::new();
        fn walk(value: &serde_json::Value, descriptions: &mut Vec<String>) {
            if let Some(text) = value.get("description").and_then(|d| d.as_str()) {
                descriptions.push(text.to_string());
            }
            for key in ["options"] {
                for inner in value
                    .get(key)
                    .and_then(|o| o.as_array())
                    .into_iter()
                    .flatten()
                {
                    walk(inner, descriptions);
                }
            }
        }
        for command in commands.as_array().unwrap() {
            let name = command["name"].as_str().unwrap();
            assert!(
                name.len() <= 32 && name.chars().all(|c| c.is_ascii_lowercase()),
                "{name}"
            );
            walk(command, &mut descriptions);
        }
        assert!(descriptions.len() > 20);
        for description in descriptions {
            let length = description.chars().count();
            assert!((1..=100).contains(&length), "{description}");
        }
    }
}
