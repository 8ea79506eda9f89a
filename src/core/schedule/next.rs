//! From wall-clock times to instants. Times stay wall-clock across daylight
//! saving: a time repeated by the autumn change fires once, at its first
//! occurrence; a time skipped by the spring change fires once, at the first
//! valid instant after the gap.

use super::quiet::QuietHours;
use super::rule::Rule;
use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// How many wall-clock times to look through before deciding a rule never
/// fires outside quiet hours (over a year of daily times).
const LOOK_AHEAD: usize = 400;

/// The instant a local wall-clock time means in `zone`.
pub fn resolve(zone: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(instant) => Some(instant.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        LocalResult::None => (1..=24 * 60)
            .map(|minutes| local + Duration::minutes(minutes))
            .find_map(|later| zone.from_local_datetime(&later).earliest())
            .map(|instant| instant.with_timezone(&Utc)),
    }
}

/// The first slot of `rule` strictly after `after`, outside quiet hours.
pub fn next_slot(
    rule: &Rule,
    zone: Tz,
    quiet: Option<QuietHours>,
    after: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let local_after = after.with_timezone(&zone).naive_local();
    rule.local_times_after(local_after)
        .take(LOOK_AHEAD)
        .filter(|local| !quiet.is_some_and(|q| q.contains(local.time())))
        .filter_map(|local| resolve(zone, local))
        .find(|instant| *instant > after)
}

/// The next `count` slots after `after`.
pub fn upcoming(
    rule: &Rule,
    zone: Tz,
    quiet: Option<QuietHours>,
    after: DateTime<Utc>,
    count: usize,
) -> Vec<DateTime<Utc>> {
    let mut slots = Vec::with_capacity(count);
    let mut from = after;
    while slots.len() < count {
        match next_slot(rule, zone, quiet, from) {
            Some(slot) => {
                slots.push(slot);
                from = slot;
            }
            None => break,
        }
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn local(zone: Tz, slot: DateTime<Utc>) -> String {
        slot.with_timezone(&zone)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    }

    /// Every slot of `rule` between two instants, shown in local time.
    fn slots(rule: &str, zone: Tz, from: &str, to: &str) -> Vec<String> {
        let rule: Rule = rule.parse().unwrap();
        let (from, to) = (utc(from), utc(to));
        upcoming(&rule, zone, None, from, 10)
            .into_iter()
            .filter(|s| *s <= to)
            .map(|s| local(zone, s))
            .collect()
    }

    #[test]
    fn new_york_spring_gap_fires_once_at_the_first_valid_instant() {
        let zone = chrono_tz::America::New_York;
        let got = slots(
            "daily 2:30",
            zone,
            "2026-03-07T12:00:00Z",
            "2026-03-10T00:00:00Z",
        );
        assert_eq!(got, vec!["2026-03-08 03:00 EDT", "2026-03-09 02:30 EDT"]);
    }

    #[test]
    fn new_york_autumn_repeat_fires_once() {
        let zone = chrono_tz::America::New_York;
        let got = slots(
            "daily 1:30",
            zone,
            "2026-10-31T12:00:00Z",
            "2026-11-03T00:00:00Z",
        );
        assert_eq!(got, vec!["2026-11-01 01:30 EDT", "2026-11-02 01:30 EST"]);
    }

    #[test]
    fn berlin_keeps_wall_clock_time_and_handles_both_changes() {
        let zone = chrono_tz::Europe::Berlin;
        let got = slots(
            "daily 20:00",
            zone,
            "2026-03-28T00:00:00Z",
            "2026-03-30T00:00:00Z",
        );
        assert_eq!(got, vec!["2026-03-28 20:00 CET", "2026-03-29 20:00 CEST"]);
        let gap = slots(
            "daily 2:15",
            zone,
            "2026-03-28T12:00:00Z",
            "2026-03-30T12:00:00Z",
        );
        assert_eq!(gap, vec!["2026-03-29 03:00 CEST", "2026-03-30 02:15 CEST"]);
        let repeat = slots(
            "daily 2:15",
            zone,
            "2026-10-24T12:00:00Z",
            "2026-10-26T12:00:00Z",
        );
        assert_eq!(
            repeat,
            vec!["2026-10-25 02:15 CEST", "2026-10-26 02:15 CET"]
        );
    }

    #[test]
    fn lord_howe_half_hour_shift() {
        let zone = chrono_tz::Australia::Lord_Howe;
        let gap = slots(
            "daily 2:10",
            zone,
            "2026-10-03T00:00:00Z",
            "2026-10-05T00:00:00Z",
        );
        assert_eq!(gap, vec!["2026-10-04 02:30 +11", "2026-10-05 02:10 +11"]);
        let repeat = slots(
            "daily 1:45",
            zone,
            "2026-04-04T00:00:00Z",
            "2026-04-06T00:00:00Z",
        );
        assert_eq!(
            repeat,
            vec!["2026-04-05 01:45 +11", "2026-04-06 01:45 +1030"]
        );
    }

    #[test]
    fn quiet_hours_are_skipped() {
        let zone = chrono_tz::Europe::London;
        let rule: Rule = "cron 0 0 7,21 * * *".parse().unwrap();
        let quiet = QuietHours::parse("21:00-06:00");
        let got: Vec<String> = upcoming(&rule, zone, quiet, utc("2026-06-01T00:00:00Z"), 2)
            .into_iter()
            .map(|s| local(zone, s))
            .collect();
        assert_eq!(got, vec!["2026-06-01 07:00 BST", "2026-06-02 07:00 BST"]);
        let never: Rule = "daily 23:00".parse().unwrap();
        assert_eq!(
            next_slot(&never, zone, quiet, utc("2026-06-01T00:00:00Z")),
            None
        );
    }

    #[test]
    fn raw_cron_names_weekdays_and_runs_on_wall_clock() {
        let zone = chrono_tz::America::New_York;
        let rule: Rule = "cron 0 30 8 * * Mon-Fri".parse().unwrap();
        let from = NaiveDate::from_ymd_opt(2026, 11, 27)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc();
        let got: Vec<String> = upcoming(&rule, zone, None, from, 2)
            .into_iter()
            .map(|s| local(zone, s))
            .collect();
        assert_eq!(
            got,
            vec!["2026-11-27 08:30 EST", "2026-11-30 08:30 EST"],
            "a Friday, then Monday"
        );
    }
}
