//! Cutting long text into pieces a chat network accepts, at the most
//! natural boundary before each limit, or shortening a label to its limit.

/// `text` in pieces of at most `max` characters, cut at the last paragraph
/// break, else line break, else space before the limit, and only mid-word
/// when a word alone is longer than `max`.
pub fn split(text: &str, max: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = text.trim();
    while rest.chars().count() > max {
        let limit = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        let head = &rest[..limit];
        let cut = ["\n\n", "\n", " "]
            .iter()
            .find_map(|sep| head.rfind(sep).filter(|&at| at > 0))
            .unwrap_or(limit);
        pieces.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    pieces.push(rest.to_string());
    pieces
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortened_text_keeps_to_the_limit() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("a longer text", 6), "a lon…");
        assert_eq!(shorten("a longer text", 6).chars().count(), 6);
    }

    #[test]
    fn long_text_splits_at_paragraphs_then_lines_then_words() {
        assert_eq!(split("one two\n\nthree", 10), vec!["one two", "three"]);
        assert_eq!(split("one\ntwo three", 9), vec!["one", "two three"]);
        assert_eq!(split("one two three", 9), vec!["one two", "three"]);
        assert_eq!(split("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(split("short", 10), vec!["short"]);
    }
}
