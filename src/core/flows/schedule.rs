//! The commands for check-in pings: schedule set / show / pause / resume /
//! snooze / skip / stop, timezone and quiet hours. Pings are opt-in: only
//! `schedule set` creates a schedule, and `schedule stop` removes it at once.

use super::{Cx, Outcome};
use crate::core::command::ScheduleCommand;
use crate::core::day_count::read_days;
use crate::core::outbound::Outbound;
use crate::core::schedule::quiet::QuietHours;
use crate::core::schedule::record::{ScheduleChange, ScheduleRecord};
use crate::core::schedule::rule::{Rule, RuleError};
use crate::core::schedule::zone::find_zone;
use crate::core::user::User;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

/// How many upcoming pings `schedule show` lists.
const SHOWN: usize = 3;
/// How long after a ping a snooze still answers it.
const SNOOZE_WINDOW_HOURS: i64 = 3;
/// How long a pause lasts when no number of days is given.
const DEFAULT_PAUSE_DAYS: i64 = 7;

/// A time as the person reads it, in their zone: "Thu 26 Nov, 20:00".
pub fn local_time(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%a %-d %b, %H:%M")
        .to_string()
}

fn say(text: String) -> Outbound {
    Outbound::say(text)
}

/// Runs one `schedule …` command.
pub fn schedule(cx: &Cx, command: ScheduleCommand) -> Outcome {
    let m = &cx.msg().schedule;
    let Some(record) = cx.schedule.cloned() else {
        return match command {
            ScheduleCommand::Set(text) => set(cx, &text),
            ScheduleCommand::Summary(_) => {
                Outcome::end(vec![say(m.summary_needs_pings.to_string())])
            }
            _ => Outcome::end(vec![say(m.none.to_string())]),
        };
    };
    match command {
        ScheduleCommand::Set(text) => set(cx, &text),
        ScheduleCommand::Show => Outcome::end(describe(cx, &record)),
        ScheduleCommand::Stop => Outcome {
            schedule: Some(ScheduleChange::Remove),
            ..Outcome::end(vec![say(m.stopped.to_string())])
        },
        ScheduleCommand::Pause(days) => {
            let days = days.as_deref().map_or(Some(DEFAULT_PAUSE_DAYS), pause_days);
            match days {
                Some(days) => {
                    let until = cx.now + Duration::days(days);
                    let record = ScheduleRecord {
                        paused_until: Some(until),
                        ..record
                    };
                    let text = m.pause_done.fill(&[("days", &days.to_string())]);
                    reschedule(cx, record, cx.now, Some(text))
                }
                None => Outcome::end(vec![say(m.pause_bad.to_string())]),
            }
        }
        ScheduleCommand::Resume => {
            let record = ScheduleRecord {
                paused_until: None,
                ..record
            };
            reschedule(cx, record, cx.now, Some(m.resumed.to_string()))
        }
        ScheduleCommand::Snooze(how) => match how.as_deref().map(str::trim) {
            None | Some("1h" | "1 h" | "1 hour" | "an hour" | "hour" | "60m") => {
                snooze_an_hour(cx, record)
            }
            Some("tomorrow" | "until tomorrow") => {
                let tomorrow = start_of_tomorrow(cx.now, record.zone());
                reschedule(cx, record, tomorrow, Some(m.snoozed.to_string()))
            }
            Some(_) => Outcome::end(vec![say(m.snooze_bad.to_string())]),
        },
        ScheduleCommand::Skip => {
            let after = record.next_due.unwrap_or(cx.now).max(cx.now);
            reschedule(cx, record, after, Some(m.skipped.to_string()))
        }
        ScheduleCommand::SkipToday => {
            let tomorrow = start_of_tomorrow(cx.now, record.zone());
            reschedule(cx, record, tomorrow, Some(m.skipped.to_string()))
        }
        ScheduleCommand::Summary(turn) => weekly_summary(cx, record, turn.as_deref()),
    }
}

/// `schedule summary on|off`: whether a ping brings a look back over the
/// week, once a week; shown when neither is said.
fn weekly_summary(cx: &Cx, record: ScheduleRecord, turn: Option<&str>) -> Outcome {
    let m = &cx.msg().schedule;
    let wanted = match turn.map(|turn| turn.trim().to_lowercase()).as_deref() {
        None => None,
        Some("on" | "yes") => Some(true),
        Some("off" | "no") => Some(false),
        Some(_) => return Outcome::end(vec![say(m.summary_bad.to_string())]),
    };
    let Some(wanted) = wanted else {
        let state = if record.weekly_summary {
            &m.summary_is_on
        } else {
            &m.summary_is_off
        };
        return Outcome::end(vec![say(state.to_string())]);
    };
    if wanted && !cx.user.is_some_and(|user| user.journal_consent) {
        return Outcome::end(vec![say(m.summary_needs_journal.to_string())]);
    }
    let text = if wanted {
        &m.summary_on
    } else {
        &m.summary_off
    };
    let record = ScheduleRecord {
        weekly_summary: wanted,
        ..record
    };
    Outcome {
        schedule: Some(ScheduleChange::Put(record)),
        ..Outcome::end(vec![say(text.to_string())])
    }
}

/// Asks again an hour after a ping that just came. With no recent ping,
/// while paused, or when an hour from now is quiet, nothing changes: a
/// snooze never adds a ping.
fn snooze_an_hour(cx: &Cx, record: ScheduleRecord) -> Outcome {
    let m = &cx.msg().schedule;
    let at = cx.now + Duration::hours(1);
    let recent = record
        .last_ping
        .is_some_and(|ping| cx.now - ping <= Duration::hours(SNOOZE_WINDOW_HOURS));
    let paused = record.paused_until.is_some_and(|until| until > cx.now);
    let quiet = record
        .quiet
        .is_some_and(|q| q.contains(at.with_timezone(&record.zone()).time()));
    let refusal = if !recent || paused {
        Some(&m.snooze_none)
    } else if quiet {
        Some(&m.snooze_quiet)
    } else {
        None
    };
    if let Some(refusal) = refusal {
        let mut said = vec![say(refusal.to_string())];
        said.extend(describe(cx, &record));
        return Outcome::end(said);
    }
    let record = ScheduleRecord {
        next_due: Some(at),
        ..record
    };
    saved(cx, record, Some(m.snoozed.to_string()))
}

/// A pause of 1 to 365 days.
fn pause_days(text: &str) -> Option<i64> {
    read_days(text)
        .filter(|days| (1..=365).contains(days))
        .map(i64::from)
}

/// The instant just before local midnight ends today, so the next slot is tomorrow's.
fn start_of_tomorrow(now: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
    let tomorrow = now
        .with_timezone(&zone)
        .date_naive()
        .succ_opt()
        .unwrap_or_default();
    crate::core::schedule::next::resolve(zone, tomorrow.and_time(chrono::NaiveTime::MIN))
        .map_or(now + Duration::days(1), |midnight| {
            midnight - Duration::seconds(1)
        })
}

fn set(cx: &Cx, text: &str) -> Outcome {
    let m = &cx.msg().schedule;
    let Some(zone) = cx.user.and_then(|u| u.timezone.clone()) else {
        return Outcome::end(vec![say(m.need_zone.to_string())]);
    };
    let rule = match text.parse::<Rule>() {
        Ok(rule) => rule,
        Err(RuleError::TooOften) => return Outcome::end(vec![say(m.too_often.to_string())]),
        Err(_) => return Outcome::end(vec![say(m.bad.fill(&[("text", text)]))]),
    };
    let record = ScheduleRecord {
        who: cx.who.clone(),
        rule,
        zone,
        quiet: cx.user.and_then(|u| u.quiet),
        next_due: None,
        paused_until: None,
        last_opener: cx.schedule.and_then(|s| s.last_opener.clone()),
        missed: None,
        last_ping: cx.schedule.and_then(|s| s.last_ping),
        weekly_summary: cx.schedule.is_some_and(|s| s.weekly_summary),
        last_summary: cx.schedule.and_then(|s| s.last_summary),
    };
    let mut outcome = reschedule(cx, record, cx.now, None);
    if outcome.schedule.is_some() {
        outcome.say.push(say(m.easy_stop.to_string()));
    }
    outcome
}

/// Sets the next slot after `after` and says `text`, then the schedule.
fn reschedule(
    cx: &Cx,
    mut record: ScheduleRecord,
    after: DateTime<Utc>,
    text: Option<String>,
) -> Outcome {
    record.next_due = record.next_after(after);
    if record.next_due.is_none() {
        let quiet = record.quiet.map(|q| q.describe()).unwrap_or_default();
        return Outcome::end(vec![say(cx
            .msg()
            .schedule
            .never
            .fill(&[("quiet", &quiet)]))]);
    }
    saved(cx, record, text)
}

fn saved(cx: &Cx, record: ScheduleRecord, text: Option<String>) -> Outcome {
    let mut said: Vec<Outbound> = text.into_iter().map(say).collect();
    said.extend(describe(cx, &record));
    Outcome {
        schedule: Some(ScheduleChange::Put(record)),
        ..Outcome::end(said)
    }
}

/// The schedule in words, with the next pings in local time.
fn describe(cx: &Cx, record: &ScheduleRecord) -> Vec<Outbound> {
    let m = &cx.msg().schedule;
    let zone = record.zone();
    let mut lines = vec![
        m.set
            .fill(&[("rule", &record.rule.describe()), ("zone", &record.zone)]),
    ];
    if let Some(until) = record.paused_until.filter(|until| *until > cx.now) {
        lines.push(m.paused.fill(&[("until", &local_time(until, zone))]));
    }
    let mut times = Vec::new();
    let mut next = record.next_due;
    while let Some(slot) = next.filter(|_| times.len() < SHOWN) {
        times.push(local_time(slot, zone));
        next = record.next_after(slot);
    }
    if !times.is_empty() {
        lines.push(m.next.fill(&[("times", &times.join(" · "))]));
    }
    if let Some(quiet) = record.quiet {
        lines.push(cx.msg().quiet.show.fill(&[("quiet", &quiet.describe())]));
    }
    vec![say(lines.join("\n"))]
}

/// `timezone [NAME]`: shows it, or sets it (and moves a schedule with it).
pub fn timezone(cx: &Cx, name: Option<&str>) -> Outcome {
    let m = &cx.msg().timezone;
    let Some(user) = cx.user else {
        return Outcome::end(vec![say(m.unset.to_string())]);
    };
    let Some(name) = name else {
        let text = match user.timezone.as_deref().and_then(|z| z.parse::<Tz>().ok()) {
            Some(zone) => m
                .current
                .fill(&[("zone", zone.name()), ("time", &local_time(cx.now, zone))]),
            None => m.unset.to_string(),
        };
        return Outcome::end(vec![say(text)]);
    };
    match find_zone(name) {
        Ok(zone) => {
            let user = User {
                timezone: Some(zone.name().to_string()),
                ..user.clone()
            };
            let text = m
                .set
                .fill(&[("zone", zone.name()), ("time", &local_time(cx.now, zone))]);
            moved_with_schedule(cx, user, text, |record| {
                record.zone = zone.name().to_string()
            })
        }
        Err(Some(suggestion)) => Outcome::end(vec![say(m
            .suggest
            .fill(&[("name", name), ("suggestion", suggestion)]))]),
        Err(None) => Outcome::end(vec![say(m.unknown.fill(&[("name", name)]))]),
    }
}

/// `quiet [FROM-TO | off]`: shows, sets or clears the hours with no pings.
pub fn quiet(cx: &Cx, arg: Option<&str>) -> Outcome {
    let m = &cx.msg().quiet;
    let current = cx.user.and_then(|u| u.quiet);
    let (Some(user), Some(arg)) = (cx.user, arg) else {
        let text = match current {
            Some(quiet) => m.show.fill(&[("quiet", &quiet.describe())]),
            None => m.none.to_string(),
        };
        return Outcome::end(vec![say(text)]);
    };
    let quiet = match arg.trim().to_lowercase().as_str() {
        "off" | "none" | "stop" => None,
        other => match QuietHours::parse(other) {
            Some(quiet) => Some(quiet),
            None => return Outcome::end(vec![say(m.bad.to_string())]),
        },
    };
    let text = match quiet {
        Some(quiet) => m.set.fill(&[("quiet", &quiet.describe())]),
        None => m.off.to_string(),
    };
    let user = User {
        quiet,
        ..user.clone()
    };
    moved_with_schedule(cx, user, text, |record| record.quiet = quiet)
}

/// Saves a profile change, and moves the schedule's next slot to match it.
fn moved_with_schedule(
    cx: &Cx,
    user: User,
    text: String,
    change: impl FnOnce(&mut ScheduleRecord),
) -> Outcome {
    let Some(mut record) = cx.schedule.cloned() else {
        return Outcome::end(vec![say(text)]).with_user(user);
    };
    change(&mut record);
    let outcome = reschedule(cx, record, cx.now, Some(text));
    match outcome.schedule {
        Some(_) => outcome.with_user(user),
        None => outcome,
    }
}
