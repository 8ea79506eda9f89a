//! A schedule as a person says it ("daily 20:00", "every day at 8pm",
//! "weekdays 8:30", "weekends 10am", "mon,wed,fri 19:00") or as a raw cron
//! expression for power users ("cron 0 30 8 * * Mon-Fri": seconds first,
//! weekdays by name). Both describe wall-clock times in the person's zone.

use super::clock_time::parse_time;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// When pings fall, in local wall-clock time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    /// At `hour:minute` on the days whose bit is set (bit 0 = Monday).
    Weekly { days: u8, hour: u8, minute: u8 },
    /// A raw cron expression, seconds first.
    Cron { expression: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("no time of day")]
    NoTime,
    #[error("unknown days: {0}")]
    Days(String),
    #[error("not a cron expression: {0}")]
    Cron(String),
    #[error("a check-in ping comes at most once an hour")]
    TooOften,
}

const EVERY_DAY: u8 = 0b111_1111;
const WEEKDAYS: u8 = 0b001_1111;
const WEEKENDS: u8 = 0b110_0000;
/// How far ahead a weekly rule looks for its days (over seven years), so a
/// damaged rule with no days ends the search instead of running forever.
const DAYS_AHEAD: usize = 2600;
const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

impl FromStr for Rule {
    type Err = RuleError;

    fn from_str(text: &str) -> Result<Rule, RuleError> {
        let text = text.trim();
        if let Some(expression) = text
            .strip_prefix("cron ")
            .or_else(|| text.strip_prefix("CRON "))
        {
            return Rule::cron(expression.trim());
        }
        let lower = text.to_lowercase().replace([',', '&'], " ");
        let words: Vec<&str> = lower
            .split_whitespace()
            .filter(|w| !matches!(*w, "at" | "and" | "on"))
            .collect();
        let (time, days) = split_time(&words).ok_or(RuleError::NoTime)?;
        let days = parse_days(&days)?;
        Ok(Rule::Weekly {
            days,
            hour: time.hour() as u8,
            minute: time.minute() as u8,
        })
    }
}

/// The time at the end of the words (one word, or a number and am/pm), and the words before it.
fn split_time<'a>(words: &[&'a str]) -> Option<(NaiveTime, Vec<&'a str>)> {
    let (last, rest) = words.split_last()?;
    if let Some(time) = parse_time(last) {
        return Some((time, rest.to_vec()));
    }
    let (number, rest) = rest.split_last()?;
    parse_time(&format!("{number}{last}")).map(|time| (time, rest.to_vec()))
}

fn parse_days(words: &[&str]) -> Result<u8, RuleError> {
    let phrase = words.join(" ");
    match phrase.as_str() {
        "" | "daily" | "every day" | "everyday" | "each day" | "every" => return Ok(EVERY_DAY),
        "weekdays" | "every weekday" | "weekday" => return Ok(WEEKDAYS),
        "weekends" | "every weekend" | "weekend" => return Ok(WEEKENDS),
        _ => {}
    }
    let mut days = 0u8;
    for word in words.iter().filter(|w| **w != "every") {
        days |= match word.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (day(from), day(to));
                match (from, to) {
                    (Some(from), Some(to)) if from <= to => {
                        (from..=to).fold(0, |mask, d| mask | 1 << d)
                    }
                    _ => return Err(RuleError::Days(word.to_string())),
                }
            }
            None => 1 << day(word).ok_or_else(|| RuleError::Days(word.to_string()))?,
        };
    }
    if days == 0 {
        Err(RuleError::Days(phrase))
    } else {
        Ok(days)
    }
}

/// A day's number from Monday = 0, from its name, short name or plural.
fn day(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('s');
    let names = [
        ["mon", "monday"],
        ["tue", "tuesday"],
        ["wed", "wednesday"],
        ["thu", "thursday"],
        ["fri", "friday"],
        ["sat", "saturday"],
        ["sun", "sunday"],
    ];
    let extra = [("tues", 1), ("thur", 3), ("thurs", 3), ("wednes", 2)];
    names
        .iter()
        .position(|[short, long]| word == *short || word == *long || format!("{word}s") == *long)
        .map(|i| i as u8)
        .or_else(|| {
            extra
                .iter()
                .find(|(name, _)| *name == word)
                .map(|(_, d)| *d)
        })
}

impl Rule {
    fn cron(expression: &str) -> Result<Rule, RuleError> {
        let schedule =
            cron::Schedule::from_str(expression).map_err(|e| RuleError::Cron(e.to_string()))?;
        let start = chrono::Utc::now();
        let times: Vec<_> = schedule.after(&start).take(48).collect();
        if times
            .windows(2)
            .any(|pair| pair[1] - pair[0] < chrono::Duration::hours(1))
        {
            return Err(RuleError::TooOften);
        }
        if times.is_empty() {
            return Err(RuleError::Cron("it never fires".into()));
        }
        Ok(Rule::Cron {
            expression: expression.to_string(),
        })
    }

    /// The rule in words, as it is shown back: "every day at 20:00".
    pub fn describe(&self) -> String {
        match self {
            Rule::Weekly { days, hour, minute } => {
                let days = match *days {
                    EVERY_DAY => "every day".to_string(),
                    WEEKDAYS => "weekdays".to_string(),
                    WEEKENDS => "weekends".to_string(),
                    mask => (0..7)
                        .filter(|d| mask & (1 << d) != 0)
                        .map(|d| DAY_NAMES[d])
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                format!("{days} at {hour:02}:{minute:02}")
            }
            Rule::Cron { expression } => format!("cron {expression}"),
        }
    }

    /// Local wall-clock times this rule names, strictly after `after`, in order.
    pub fn local_times_after(
        &self,
        after: NaiveDateTime,
    ) -> Box<dyn Iterator<Item = NaiveDateTime> + '_> {
        match self {
            Rule::Weekly { days, hour, minute } => {
                let time = NaiveTime::from_hms_opt(u32::from(*hour), u32::from(*minute), 0)
                    .unwrap_or_default();
                let days = *days;
                let first: NaiveDate = after.date();
                Box::new(
                    first
                        .iter_days()
                        .take(DAYS_AHEAD)
                        .filter(move |date| {
                            days & (1 << date.weekday().num_days_from_monday()) != 0
                        })
                        .map(move |date| date.and_time(time))
                        .filter(move |candidate| *candidate > after),
                )
            }
            Rule::Cron { expression } => match cron::Schedule::from_str(expression) {
                Ok(schedule) => {
                    let start = chrono::Utc.from_utc_datetime(&after);
                    Box::new(schedule.after_owned(start).map(|t| t.naive_utc()))
                }
                Err(_) => Box::new(std::iter::empty()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str) -> String {
        text.parse::<Rule>()
            .map(|r| r.describe())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn schedules_people_say() {
        assert_eq!(said("daily 20:00"), "every day at 20:00");
        assert_eq!(said("every day at 8pm"), "every day at 20:00");
        assert_eq!(said("weekdays 8:30"), "weekdays at 08:30");
        assert_eq!(said("weekends 10am"), "weekends at 10:00");
        assert_eq!(said("mon,wed,fri 19:00"), "Mon, Wed, Fri at 19:00");
        assert_eq!(
            said("Mondays and Thursdays at 7:15 pm"),
            "Mon, Thu at 19:15"
        );
        assert_eq!(said("tue-thu 6am"), "Tue, Wed, Thu at 06:00");
        assert_eq!(said("21:00"), "every day at 21:00");
        assert_eq!(said("cron 0 30 8 * * Mon-Fri"), "cron 0 30 8 * * Mon-Fri");
    }

    #[test]
    fn bad_schedules_say_what_is_wrong() {
        assert_eq!("daily".parse::<Rule>(), Err(RuleError::NoTime));
        assert_eq!("daily 25:00".parse::<Rule>(), Err(RuleError::NoTime));
        assert_eq!(
            "funday 20:00".parse::<Rule>(),
            Err(RuleError::Days("funday".into()))
        );
        assert!(matches!(
            "cron 0 30 8 * *".parse::<Rule>(),
            Err(RuleError::Cron(_))
        ));
        assert_eq!(
            "cron 0 */5 * * * *".parse::<Rule>(),
            Err(RuleError::TooOften)
        );
    }

    #[test]
    fn weekly_times_follow_the_days() {
        let rule: Rule = "mon,wed 19:00".parse().unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(19, 0, 0)
            .unwrap();
        let next: Vec<String> = rule
            .local_times_after(start)
            .take(3)
            .map(|t| t.format("%a %H:%M").to_string())
            .collect();
        assert_eq!(next, vec!["Wed 19:00", "Mon 19:00", "Wed 19:00"]);
    }
}
