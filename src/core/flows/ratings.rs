//! Reading numbers people type: a rating on a scale, and feelings with ratings
//! ("anxious 80, sad 40").

use crate::core::journal::Rated;

/// The most feelings one step takes, so a summary stays readable.
pub const MAX_FEELINGS: usize = 6;

/// A whole number from `min` to `max`, allowing a trailing `%` and `/100`-style suffixes.
pub fn parse_rating(text: &str, min: u8, max: u8) -> Option<u8> {
    let text = text.trim();
    let text = text.strip_suffix('%').unwrap_or(text);
    let text = text
        .split_once('/')
        .map_or(text, |(number, _)| number)
        .trim();
    let value: u32 = text.parse().ok()?;
    (u32::from(min)..=u32::from(max))
        .contains(&value)
        .then_some(value as u8)
}

/// Feelings, each a word or two followed by a rating from 0 to 100,
/// separated by commas, semicolons, new lines or "and".
pub fn parse_feelings(text: &str) -> Option<Vec<Rated>> {
    let spaced = text.replace(" and ", ",").replace(['\n', ';'], ",");
    let parts: Vec<&str> = spaced
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || parts.len() > MAX_FEELINGS {
        return None;
    }
    parts.into_iter().map(parse_feeling).collect()
}

fn parse_feeling(part: &str) -> Option<Rated> {
    let split = part.rfind(|c: char| c.is_whitespace() || c == ':' || c == '=')?;
    let (name, rating) = part.split_at(split);
    let name = name.trim_end_matches([':', '=', '-', ' ']).trim();
    let rating = parse_rating(rating.trim_start_matches([':', '=', ' ']), 0, 100)?;
    (!name.is_empty()).then(|| Rated {
        name: name.to_string(),
        rating,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_accept_whole_numbers_in_range() {
        assert_eq!(parse_rating(" 80 ", 0, 100), Some(80));
        assert_eq!(parse_rating("75%", 0, 100), Some(75));
        assert_eq!(parse_rating("7/10", 0, 10), Some(7));
        assert_eq!(parse_rating("101", 0, 100), None);
        assert_eq!(parse_rating("-1", 0, 100), None);
        assert_eq!(parse_rating("eighty", 0, 100), None);
        assert_eq!(parse_rating("4.5", 0, 10), None);
    }

    #[test]
    fn feelings_are_words_with_ratings() {
        let feelings = parse_feelings("anxious 80, really sad: 40 and lonely=10").unwrap();
        let read: Vec<(&str, u8)> = feelings
            .iter()
            .map(|f| (f.name.as_str(), f.rating))
            .collect();
        assert_eq!(
            read,
            vec![("anxious", 80), ("really sad", 40), ("lonely", 10)]
        );
        assert_eq!(parse_feelings("anxious"), None);
        assert_eq!(parse_feelings("80"), None);
        assert_eq!(parse_feelings("anxious 120"), None);
        assert_eq!(parse_feelings(""), None);
    }
}
