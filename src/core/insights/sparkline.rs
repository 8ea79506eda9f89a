//! Moods (1–5) as a line of Unicode block characters, one per check-in.

const BLOCKS: [char; 5] = ['▁', '▂', '▄', '▆', '█'];

pub fn sparkline(moods: &[u8]) -> String {
    moods
        .iter()
        .map(|&mood| BLOCKS[usize::from(mood.clamp(1, 5)) - 1])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mood_has_its_height() {
        assert_eq!(sparkline(&[1, 2, 3, 4, 5, 9, 0]), "▁▂▄▆██▁");
        assert_eq!(sparkline(&[]), "");
    }
}
