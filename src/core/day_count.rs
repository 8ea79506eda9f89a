//! Reading a number of days as people write it: "7", "7d", "7 days",
//! "1 day", in any case. Each command that takes days (pausing pings, how
//! long the journal is kept, the insights window) says which counts it allows.

/// The number of days `text` names, if it names one.
pub fn read_days(text: &str) -> Option<u32> {
    let text = text.trim().to_lowercase();
    let number = text
        .strip_suffix("days")
        .or_else(|| text.strip_suffix("day"))
        .or_else(|| text.strip_suffix('d'))
        .unwrap_or(&text);
    number.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_however_they_are_written() {
        for text in ["7", " 7 ", "7d", "7D", "7 days", "7days", "7 Days"] {
            assert_eq!(read_days(text), Some(7), "{text:?}");
        }
        assert_eq!(read_days("1 day"), Some(1));
    }

    #[test]
    fn what_is_not_a_count_of_days_is_not_read() {
        for text in ["", "days", "a week", "-3", "7 weeks", "7.5", "7 dd"] {
            assert_eq!(read_days(text), None, "{text:?}");
        }
    }
}
