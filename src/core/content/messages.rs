//! `messages.toml`: the wording of every flow step, one typed section per
//! flow, so a missing or misspelt key is an error with its line at start-up.

use super::source::{ContentError, Source};
use super::text::Text;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    pub onboarding: OnboardingMessages,
    pub menu: MenuMessages,
    pub help: HelpMessages,
    pub sos: SosMessages,
    pub checkin: CheckinMessages,
    pub reflect: ReflectMessages,
    pub reframe: ReframeMessages,
    pub breathe: BreatheMessages,
    pub selfcheck: SelfcheckMessages,
    pub journal: JournalMessages,
    pub privacy: PrivacyMessages,
    pub region: RegionMessages,
    pub delete: DeleteMessages,
    pub export: ExportMessages,
    pub retention: RetentionMessages,
    pub insights: InsightsMessages,
    pub input: InputMessages,
    pub flows: FlowsMessages,
    pub schedule: ScheduleMessages,
    pub timezone: TimezoneMessages,
    pub quiet: QuietMessages,
    pub ping: PingMessages,
    pub choices: ChoiceHints,
    pub rooms: RoomMessages,
    pub discord: DiscordMessages,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnboardingMessages {
    pub intro: Text,
    pub storage: Text,
    pub ask: Text,
    pub yes: Text,
    pub no: Text,
    pub accepted: Text,
    pub declined: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuMessages {
    pub welcome: Text,
    pub ask: Text,
    pub checkin: Text,
    pub reflect: Text,
    pub reframe: Text,
    pub breathe: Text,
    pub selfcheck: Text,
    pub journal: Text,
    pub help: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpMessages {
    pub text: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SosMessages {
    pub intro: Text,
    pub line: Text,
    pub hours: Text,
    pub emergency: Text,
    pub everywhere: Text,
    pub private: Text,
    pub offer: Text,
    pub heard: Text,
    pub breathe: Text,
    pub resume: Text,
    pub menu: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckinMessages {
    pub ask_mood: Text,
    pub ask_emotions: Text,
    pub picked: Text,
    pub other: Text,
    pub done: Text,
    pub ask_other: Text,
    pub need_one: Text,
    pub ask_note: Text,
    pub skip: Text,
    pub offer: Text,
    pub offer_reflect: Text,
    pub offer_reframe: Text,
    pub offer_breathe: Text,
    pub offer_done: Text,
    pub closing: Text,
    pub from_ping: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReflectMessages {
    pub ask_theme: Text,
    pub any: Text,
    pub prompt: Text,
    pub ask_answer: Text,
    pub another: Text,
    pub skip: Text,
    pub thanks: Text,
    pub skipped: Text,
    pub unknown_theme: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReframeMessages {
    pub intro: Text,
    pub situation: Text,
    pub feelings: Text,
    pub feelings_format: Text,
    pub thought: Text,
    pub thought_belief: Text,
    pub traps: Text,
    pub trap_card: Text,
    pub traps_picked: Text,
    pub traps_done: Text,
    pub traps_unsure: Text,
    pub trap_question: Text,
    pub evidence_for: Text,
    pub evidence_against: Text,
    pub balanced: Text,
    pub balanced_belief: Text,
    pub rerate: Text,
    pub summary: Text,
    pub summary_feeling: Text,
    pub summary_thought: Text,
    pub summary_balanced: Text,
    pub summary_close: Text,
    pub experiment_offer: Text,
    pub experiment_yes: Text,
    pub experiment_no: Text,
    pub prediction: Text,
    pub experiment_step: Text,
    pub experiment_planned: Text,
    pub done: Text,
    pub cannot_skip: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreatheMessages {
    pub ask_pattern: Text,
    pub start: Text,
    pub round: Text,
    pub phase: Text,
    pub finished: Text,
    pub more: Text,
    pub again: Text,
    pub done: Text,
    pub unknown_pattern: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfcheckMessages {
    pub ask: Text,
    pub ask_note: Text,
    pub skip: Text,
    pub mirror: Text,
    pub your_words: Text,
    pub suggest: Text,
    pub close: Text,
    pub exercise_reframe: Text,
    pub exercise_breathe: Text,
    pub exercise_checkin: Text,
    pub exercise_reflect: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalMessages {
    pub saved: Text,
    pub not_kept: Text,
    pub empty: Text,
    pub off: Text,
    pub heading: Text,
    pub checkin: Text,
    pub checkin_note: Text,
    pub reflection: Text,
    pub thought_record: Text,
    pub selfcheck: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyMessages {
    pub now_on: Text,
    pub now_off: Text,
    pub ask: Text,
    pub keep: Text,
    pub stop: Text,
    pub kept_note: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionMessages {
    pub current: Text,
    pub unset: Text,
    pub set: Text,
    pub unknown: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteMessages {
    pub confirm: Text,
    pub yes: Text,
    pub no: Text,
    pub done: Text,
    pub kept: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputMessages {
    pub empty: Text,
    pub too_long: Text,
    pub not_a_choice: Text,
    pub stale: Text,
    pub stale_text: Text,
    pub number: Text,
    pub unknown_command: Text,
    pub no_back: Text,
    pub no_skip: Text,
    pub nothing_to_stop: Text,
    pub nothing_to_resume: Text,
    pub stopped: Text,
    pub closed: Text,
    pub set_aside: Text,
    pub resumed: Text,
    pub where_we_were: Text,
    pub free_text: Text,
    pub storage_error: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowsMessages {
    pub onboarding: Text,
    pub checkin: Text,
    pub reflect: Text,
    pub reframe: Text,
    pub breathe: Text,
    pub selfcheck: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleMessages {
    pub none: Text,
    pub need_zone: Text,
    pub set: Text,
    pub next: Text,
    pub easy_stop: Text,
    pub bad: Text,
    pub too_often: Text,
    pub never: Text,
    pub paused: Text,
    pub pause_done: Text,
    pub pause_bad: Text,
    pub resumed: Text,
    pub snoozed: Text,
    pub snooze_none: Text,
    pub snooze_quiet: Text,
    pub snooze_bad: Text,
    pub skipped: Text,
    pub stopped: Text,
    pub missed: Text,
    pub summary_on: Text,
    pub summary_off: Text,
    pub summary_is_on: Text,
    pub summary_is_off: Text,
    pub summary_bad: Text,
    pub summary_needs_pings: Text,
    pub summary_needs_journal: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimezoneMessages {
    pub current: Text,
    pub unset: Text,
    pub set: Text,
    pub suggest: Text,
    pub unknown: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuietMessages {
    pub show: Text,
    pub none: Text,
    pub set: Text,
    pub off: Text,
    pub bad: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PingMessages {
    pub checkin: Text,
    pub snooze: Text,
    pub skip: Text,
    pub pause: Text,
    pub stop: Text,
}

/// The hint under a list of choices, in chats without buttons.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceHints {
    pub pick_one: Text,
    pub pick_many: Text,
    pub pick_or_write: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomMessages {
    pub direct_only: Text,
}

/// `insights`: a look back over the journal, and its chart.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsightsMessages {
    pub heading: Text,
    pub empty: Text,
    pub moods: Text,
    pub feelings: Text,
    pub feeling: Text,
    pub thought_records: Text,
    pub eased: Text,
    pub held: Text,
    pub reflections: Text,
    pub self_checks: Text,
    pub closing: Text,
    pub unknown_window: Text,
    pub chart_title: Text,
    pub chart_axis: Text,
    /// Said by the terminal, which writes the chart only when asked to.
    pub chart_written: Text,
    pub chart_not_written: Text,
}

/// `mydata keep`: how long the journal is kept.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionMessages {
    pub forever: Text,
    pub days: Text,
    pub set_days: Text,
    pub set_forever: Text,
    pub invalid: Text,
    /// `{period}` in the others, for one day and for more.
    pub one_day: Text,
    pub many_days: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportMessages {
    pub ready: Text,
    /// Said by the terminal, which writes the file itself.
    pub written: Text,
    pub not_written: Text,
}

/// Wording only Discord shows: its form for free text, and what each slash
/// command says of itself in Discord's command picker (100 characters at most).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordMessages {
    pub write: Text,
    pub form_title: Text,
    pub form_label: Text,
    pub commands: DiscordCommandMessages,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordCommandMessages {
    pub checkin: Text,
    pub reflect: Text,
    pub reflect_theme: Text,
    pub reframe: Text,
    pub breathe: Text,
    pub breathe_pattern: Text,
    pub selfcheck: Text,
    pub schedule: Text,
    pub schedule_set: Text,
    pub schedule_set_when: Text,
    pub schedule_show: Text,
    pub schedule_pause: Text,
    pub schedule_pause_days: Text,
    pub schedule_resume: Text,
    pub schedule_snooze: Text,
    pub schedule_snooze_for: Text,
    pub schedule_snooze_hour: Text,
    pub schedule_snooze_tomorrow: Text,
    pub schedule_skip: Text,
    pub schedule_stop: Text,
    pub schedule_summary: Text,
    pub schedule_summary_turn: Text,
    pub schedule_summary_on: Text,
    pub schedule_summary_off: Text,
    pub timezone: Text,
    pub timezone_name: Text,
    pub help: Text,
    pub sos: Text,
    pub menu: Text,
    pub stop: Text,
    pub journal: Text,
    pub privacy: Text,
    pub mydata: Text,
    pub mydata_export: Text,
    pub mydata_delete: Text,
    pub mydata_keep: Text,
    pub mydata_keep_days: Text,
    pub insights: Text,
    pub insights_days: Text,
}

/// Discord's limits, in characters, on what `[discord]` words become: a
/// button label, a form's title and field label, a command's description
/// and an option choice's name.
const DISCORD_LIMITS: [(&str, usize); 3] = [("write", 80), ("form_title", 45), ("form_label", 45)];
const DISCORD_DESCRIPTION: usize = 100;

impl Messages {
    /// Words Discord would refuse are content errors at start-up rather
    /// than a failed command registration later.
    pub fn validate(&self, source: &Source) -> Vec<ContentError> {
        let d = &self.discord;
        let texts = [&d.write, &d.form_title, &d.form_label];
        let fixed = DISCORD_LIMITS
            .iter()
            .zip(texts)
            .map(|((key, max), text)| (format!("[discord] {key}"), text, *max));
        let commands = d.commands.all().into_iter().map(|(key, text)| {
            (
                format!("[discord.commands] {key}"),
                text,
                DISCORD_DESCRIPTION,
            )
        });
        fixed
            .chain(commands)
            .filter_map(|(key, text, max)| {
                let length = text.chars().count();
                (length == 0 || length > max).then(|| {
                    source.error_in_file(format!(
                        "{key} is {length} characters; Discord takes 1 to {max}"
                    ))
                })
            })
            .collect()
    }
}

impl DiscordCommandMessages {
    /// Every description, with its key.
    pub fn all(&self) -> Vec<(&'static str, &Text)> {
        vec![
            ("checkin", &self.checkin),
            ("reflect", &self.reflect),
            ("reflect_theme", &self.reflect_theme),
            ("reframe", &self.reframe),
            ("breathe", &self.breathe),
            ("breathe_pattern", &self.breathe_pattern),
            ("selfcheck", &self.selfcheck),
            ("schedule", &self.schedule),
            ("schedule_set", &self.schedule_set),
            ("schedule_set_when", &self.schedule_set_when),
            ("schedule_show", &self.schedule_show),
            ("schedule_pause", &self.schedule_pause),
            ("schedule_pause_days", &self.schedule_pause_days),
            ("schedule_resume", &self.schedule_resume),
            ("schedule_snooze", &self.schedule_snooze),
            ("schedule_snooze_for", &self.schedule_snooze_for),
            ("schedule_snooze_hour", &self.schedule_snooze_hour),
            ("schedule_snooze_tomorrow", &self.schedule_snooze_tomorrow),
            ("schedule_skip", &self.schedule_skip),
            ("schedule_stop", &self.schedule_stop),
            ("schedule_summary", &self.schedule_summary),
            ("schedule_summary_turn", &self.schedule_summary_turn),
            ("schedule_summary_on", &self.schedule_summary_on),
            ("schedule_summary_off", &self.schedule_summary_off),
            ("timezone", &self.timezone),
            ("timezone_name", &self.timezone_name),
            ("help", &self.help),
            ("sos", &self.sos),
            ("menu", &self.menu),
            ("stop", &self.stop),
            ("journal", &self.journal),
            ("privacy", &self.privacy),
            ("mydata", &self.mydata),
            ("mydata_export", &self.mydata_export),
            ("mydata_delete", &self.mydata_delete),
            ("mydata_keep", &self.mydata_keep),
            ("mydata_keep_days", &self.mydata_keep_days),
            ("insights", &self.insights),
            ("insights_days", &self.insights_days),
        ]
    }
}
