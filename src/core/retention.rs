//! How long a person's journal is kept (`mydata keep 90`, `mydata keep
//! forever`): reading what they typed, changing their profile, and the
//! moment before which their entries are erased.

use super::content::messages::RetentionMessages;
use super::day_count::read_days;
use super::user::User;
use chrono::{DateTime, Duration, Utc};

/// The longest a journal can be set to be kept, in days (about ten years).
pub const MAX_KEEP_DAYS: u32 = 3650;

/// What `mydata keep` asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    Days(u32),
    Forever,
}

/// Reads "90", "90d", "90 days", "1 day", "forever" (or "always").
pub fn parse(text: &str) -> Option<Keep> {
    let text = text.trim().to_lowercase();
    if matches!(text.as_str(), "forever" | "always") {
        return Some(Keep::Forever);
    }
    let days = read_days(&text)?;
    (1..=MAX_KEEP_DAYS)
        .contains(&days)
        .then_some(Keep::Days(days))
}

/// Entries from before this moment are past a journal kept for `days`.
pub fn cutoff(now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    now - Duration::days(i64::from(days))
}

/// What `mydata keep` says and changes.
pub struct KeepReply {
    pub say: String,
    /// Whether the profile changed.
    pub changed: bool,
    /// Entries from before this moment are to be erased now.
    pub forget_before: Option<DateTime<Utc>>,
}

/// Shows the setting (`asked` is `None`), or changes it.
pub fn keep_journal(
    m: &RetentionMessages,
    user: &mut User,
    asked: Option<&str>,
    now: DateTime<Utc>,
) -> KeepReply {
    let period = |days: u32| match days {
        1 => m.one_day.to_string(),
        days => m.many_days.fill(&[("days", &days.to_string())]),
    };
    let reply = |say: String| KeepReply {
        say,
        changed: false,
        forget_before: None,
    };
    let Some(asked) = asked else {
        return reply(match user.keep_journal_days {
            Some(days) => m.days.fill(&[("period", &period(days))]),
            None => m.forever.to_string(),
        });
    };
    match parse(asked) {
        Some(Keep::Days(days)) => {
            user.keep_journal_days = Some(days);
            KeepReply {
                say: m.set_days.fill(&[("period", &period(days))]),
                changed: true,
                forget_before: Some(cutoff(now, days)),
            }
        }
        Some(Keep::Forever) => {
            user.keep_journal_days = None;
            KeepReply {
                changed: true,
                ..reply(m.set_forever.to_string())
            }
        }
        None => reply(m.invalid.fill(&[("max", &MAX_KEEP_DAYS.to_string())])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_forever_are_read_and_nonsense_is_not() {
        assert_eq!(parse("90"), Some(Keep::Days(90)));
        assert_eq!(parse(" 30 Days "), Some(Keep::Days(30)));
        assert_eq!(parse("1 day"), Some(Keep::Days(1)));
        assert_eq!(parse("7d"), Some(Keep::Days(7)));
        assert_eq!(parse("Forever"), Some(Keep::Forever));
        assert_eq!(parse("0"), None);
        assert_eq!(parse("3651"), None);
        assert_eq!(parse("-5"), None);
        assert_eq!(parse("a while"), None);
    }
}
