//! Quiet hours: a daily window of local time in which no ping is sent.

use super::clock_time::parse_time;
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

/// From `from` to `to`, local time; wraps past midnight when `from > to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    pub from: NaiveTime,
    pub to: NaiveTime,
}

impl QuietHours {
    /// Reads "22:00-07:00", "10pm to 7am".
    pub fn parse(text: &str) -> Option<QuietHours> {
        let lower = text.to_lowercase();
        let (from, to) = lower.split_once(" to ").or_else(|| lower.split_once('-'))?;
        let (from, to) = (parse_time(from)?, parse_time(to)?);
        (from != to).then_some(QuietHours { from, to })
    }

    pub fn contains(&self, time: NaiveTime) -> bool {
        if self.from < self.to {
            self.from <= time && time < self.to
        } else {
            time >= self.from || time < self.to
        }
    }

    pub fn describe(&self) -> String {
        format!("{}–{}", self.from.format("%H:%M"), self.to.format("%H:%M"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn windows_may_wrap_past_midnight() {
        let night = QuietHours::parse("10pm to 7am").unwrap();
        assert_eq!(night.describe(), "22:00–07:00");
        assert!(night.contains(at(23, 0)) && night.contains(at(3, 0)) && !night.contains(at(7, 0)));
        let lunch = QuietHours::parse("12:00-13:30").unwrap();
        assert!(lunch.contains(at(12, 45)) && !lunch.contains(at(14, 0)));
        assert_eq!(QuietHours::parse("soon-later"), None);
        assert_eq!(QuietHours::parse("8:00-8:00"), None);
    }
}
