//! How a person's recent journal reads back to them.

use super::flows::Cx;
use super::journal::{Entry, JournalEntry};
use super::outbound::Outbound;
use super::user::User;
use chrono_tz::Tz;

/// The entries as one message, newest first, in the person's timezone (UTC
/// until they set one).
pub fn render(cx: &Cx, entries: &[JournalEntry]) -> Outbound {
    let m = &cx.msg().journal;
    let zone = cx.user.map_or(Tz::UTC, User::zone);
    let mut lines = vec![m.heading.to_string()];
    for entry in entries {
        let when = entry
            .at
            .with_timezone(&zone)
            .format("%a %-d %b %Y, %H:%M")
            .to_string();
        let line = match &entry.entry {
            Entry::CheckIn {
                mood,
                emotions,
                note,
            } => {
                let values = [
                    ("when", when.as_str()),
                    ("mood", &mood.to_string()),
                    ("emotions", &emotions.join(", ")),
                ];
                match note {
                    Some(note) => {
                        m.checkin_note
                            .fill(&[values[0], values[1], values[2], ("note", note)])
                    }
                    None => m.checkin.fill(&values),
                }
            }
            Entry::Reflection { prompt, answer, .. } => {
                m.reflection
                    .fill(&[("when", &when), ("prompt", prompt), ("answer", answer)])
            }
            Entry::ThoughtRecord(record) => m.thought_record.fill(&[
                ("when", &when),
                ("thought", &record.hot_thought),
                ("balanced", &record.balanced_thought),
            ]),
            Entry::SelfCheck { .. } => m.selfcheck.fill(&[("when", &when)]),
        };
        lines.push(line);
    }
    Outbound::say(lines.join("\n"))
}
