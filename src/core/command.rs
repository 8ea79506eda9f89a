//! The commands a person can give at any time, and how typed words map to them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", content = "arg", rename_all = "snake_case")]
pub enum Command {
    /// First words of a conversation: a welcome and the menu.
    Start,
    Menu,
    Help,
    Sos,
    Checkin,
    Reflect(Option<String>),
    Reframe,
    Breathe(Option<String>),
    SelfCheck,
    Journal,
    /// A look back over the journal: the window in days, as typed.
    Insights(Option<String>),
    Region(Option<String>),
    Privacy,
    DeleteData,
    ExportData,
    /// How long the journal is kept: a number of days or "forever", as typed.
    KeepJournal(Option<String>),
    Stop,
    Back,
    Skip,
    Resume,
    Schedule(ScheduleCommand),
    Timezone(Option<String>),
    Quiet(Option<String>),
}

/// What `schedule …` asks of the check-in pings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "do", content = "arg", rename_all = "snake_case")]
pub enum ScheduleCommand {
    Show,
    Set(String),
    /// Pause for a number of days, as typed.
    Pause(Option<String>),
    Resume,
    /// Snooze for "1h" or "tomorrow", as typed.
    Snooze(Option<String>),
    /// Skip the next ping.
    Skip,
    /// No more pings today.
    SkipToday,
    Stop,
    /// The weekly look back with a ping: "on", "off", or shown when absent.
    Summary(Option<String>),
}

impl ScheduleCommand {
    fn parse(args: &[String]) -> Option<ScheduleCommand> {
        let rest = |from: usize| (args.len() > from).then(|| args[from..].join(" "));
        let verb = args.first().map(|a| a.to_lowercase());
        Some(match verb.as_deref() {
            None | Some("show") => ScheduleCommand::Show,
            Some("set") => ScheduleCommand::Set(rest(1)?),
            Some("pause") => ScheduleCommand::Pause(rest(1)),
            Some("resume") => ScheduleCommand::Resume,
            Some("snooze") => ScheduleCommand::Snooze(rest(1)),
            Some("skip") => ScheduleCommand::Skip,
            Some("stop") | Some("off") => ScheduleCommand::Stop,
            Some("summary") => ScheduleCommand::Summary(rest(1)),
            Some(_) => ScheduleCommand::Set(rest(0)?),
        })
    }
}

impl Command {
    /// The command a name and its arguments stand for, if any. Names are
    /// matched without case, and with or without a leading `!` or `/`.
    pub fn parse(name: &str, args: &[String]) -> Option<Command> {
        let name = name.trim_start_matches(['!', '/']).to_lowercase();
        let rest = (!args.is_empty()).then(|| args.join(" "));
        let command = match name.as_str() {
            "start" | "hi" | "hello" | "hey" => Command::Start,
            "menu" => Command::Menu,
            "help" | "commands" | "?" => Command::Help,
            "sos" | "crisis" => Command::Sos,
            "checkin" | "check-in" => Command::Checkin,
            "reflect" | "reflection" => Command::Reflect(rest),
            "reframe" | "thought" | "thoughtrecord" => Command::Reframe,
            "breathe" | "breathing" | "ground" | "grounding" => Command::Breathe(rest),
            "selfcheck" | "self-check" => Command::SelfCheck,
            "journal" => Command::Journal,
            "insights" | "insight" | "progress" => Command::Insights(rest),
            "region" => Command::Region(rest),
            "privacy" | "consent" => Command::Privacy,
            "mydata" => match args.first().map(|a| a.to_lowercase()).as_deref() {
                Some("delete") if args.len() == 1 => Command::DeleteData,
                Some("export") if args.len() == 1 => Command::ExportData,
                Some("keep") => Command::KeepJournal((args.len() > 1).then(|| args[1..].join(" "))),
                _ => return None,
            },
            "stop" | "cancel" | "quit" => Command::Stop,
            "back" => Command::Back,
            "skip" => Command::Skip,
            "resume" | "continue" => Command::Resume,
            "schedule" | "pings" | "reminders" => Command::Schedule(ScheduleCommand::parse(args)?),
            "timezone" | "tz" => Command::Timezone(rest),
            "quiet" => Command::Quiet(rest),
            _ => return None,
        };
        let takes_args = matches!(
            command,
            Command::Reflect(_)
                | Command::Breathe(_)
                | Command::Insights(_)
                | Command::Region(_)
                | Command::DeleteData
                | Command::ExportData
                | Command::KeepJournal(_)
                | Command::Schedule(_)
                | Command::Timezone(_)
                | Command::Quiet(_)
        );
        (takes_args || args.is_empty()).then_some(command)
    }

    /// Parses a whole typed line, like `reflect boundaries`.
    pub fn parse_line(line: &str) -> Option<Command> {
        let mut words = line.split_whitespace();
        let name = words.next()?;
        let args: Vec<String> = words.map(str::to_string).collect();
        Command::parse(name, &args)
    }

    /// Commands that may keep something about the person, so they wait for
    /// the consent question on first contact.
    pub fn needs_profile(&self) -> bool {
        !matches!(
            self,
            Command::Help
                | Command::Sos
                | Command::Breathe(_)
                | Command::Stop
                | Command::Back
                | Command::Skip
                | Command::Resume
                | Command::DeleteData
                | Command::ExportData
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_prefixes_map_to_commands() {
        assert_eq!(Command::parse_line("!CheckIn"), Some(Command::Checkin));
        assert_eq!(
            Command::parse_line("/reflect self care"),
            Some(Command::Reflect(Some("self care".into())))
        );
        assert_eq!(
            Command::parse_line("mydata delete"),
            Some(Command::DeleteData)
        );
        assert_eq!(
            Command::parse_line("mydata export"),
            Some(Command::ExportData)
        );
        assert_eq!(Command::parse_line("mydata"), None);
        assert_eq!(Command::parse_line("mydata export now"), None);
        assert_eq!(
            Command::parse_line("mydata keep 30 days"),
            Some(Command::KeepJournal(Some("30 days".into())))
        );
        assert_eq!(
            Command::parse_line("mydata KEEP"),
            Some(Command::KeepJournal(None))
        );
        assert_eq!(Command::parse_line("stop it now"), None);
        assert_eq!(Command::parse_line("frobnicate"), None);
        assert_eq!(
            Command::parse_line("schedule set weekdays 8:30"),
            Some(Command::Schedule(ScheduleCommand::Set(
                "weekdays 8:30".into()
            )))
        );
        assert_eq!(
            Command::parse_line("schedule daily 20:00"),
            Some(Command::Schedule(ScheduleCommand::Set(
                "daily 20:00".into()
            )))
        );
        assert_eq!(
            Command::parse_line("schedule"),
            Some(Command::Schedule(ScheduleCommand::Show))
        );
        assert_eq!(Command::parse_line("schedule set"), None);
    }
}
