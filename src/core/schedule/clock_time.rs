//! Reading a time of day the way people write it: "20:00", "8:30", "8pm",
//! "8:30 pm", "noon".

use chrono::NaiveTime;

/// A time of day from its text, or `None` when it is not one.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim().to_lowercase().replace(' ', "");
    let text = text.strip_prefix("at").unwrap_or(&text);
    match text {
        "noon" | "midday" => return NaiveTime::from_hms_opt(12, 0, 0),
        "midnight" => return NaiveTime::from_hms_opt(0, 0, 0),
        _ => {}
    }
    let (clock, half) = if let Some(clock) = text.strip_suffix("am") {
        (clock, Some(false))
    } else if let Some(clock) = text.strip_suffix("pm") {
        (clock, Some(true))
    } else {
        (text, None)
    };
    let (hour, minute) = match clock.split_once([':', '.', 'h']) {
        Some((hour, "")) => (hour, "0"),
        Some((hour, minute)) if minute.len() == 2 => (hour, minute),
        Some(_) => return None,
        None => (clock, "0"),
    };
    if hour.is_empty()
        || hour.len() > 2
        || !hour.bytes().all(|b| b.is_ascii_digit())
        || !minute.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let (hour, minute): (u32, u32) = (hour.parse().ok()?, minute.parse().ok()?);
    let hour = match half {
        None if hour < 24 => hour,
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        _ => return None,
    };
    NaiveTime::from_hms_opt(hour, minute, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(text: &str) -> Option<(u32, u32)> {
        use chrono::Timelike;
        parse_time(text).map(|t| (t.hour(), t.minute()))
    }

    #[test]
    fn times_as_people_write_them() {
        assert_eq!(hm("20:00"), Some((20, 0)));
        assert_eq!(hm("8:30"), Some((8, 30)));
        assert_eq!(hm("8pm"), Some((20, 0)));
        assert_eq!(hm("8:30 PM"), Some((20, 30)));
        assert_eq!(hm("12am"), Some((0, 0)));
        assert_eq!(hm("12pm"), Some((12, 0)));
        assert_eq!(hm("at 7"), Some((7, 0)));
        assert_eq!(hm("noon"), Some((12, 0)));
        assert_eq!(hm("25:00"), None);
        assert_eq!(hm("13pm"), None);
        assert_eq!(hm("8:5"), None);
        assert_eq!(hm("8:60"), None);
        assert_eq!(hm("soon"), None);
    }
}
