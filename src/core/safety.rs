//! The safety screen. Every piece of free text a person writes passes here
//! before any flow sees it. Language of suicide, self-harm or a plan to die
//! gets the crisis reply; everyday idioms ("this wait is killing me") do not.
//! The rules err on the side of offering help: a false alarm costs a kind
//! message, a miss could cost far more. The phrase lists live in code, not in
//! `prompts/`, so a content edit can never weaken the screen unnoticed; the
//! test sets in `tests/data/safety/` hold the recall and false-alarm bar.

use regex::Regex;
use std::sync::LazyLock;

/// What the screen found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Words that may mean the person is in danger: answer with help, now.
    Crisis,
    Clear,
}

/// A pattern of danger, and the everyday phrases that look like it but are not.
struct Rule {
    danger: Regex,
    unless: Option<Regex>,
}

const SELF: &str = r"(?:my ?self|meself)";

/// `(danger, unless)` pairs, matched against normalised text: lowercase,
/// apostrophes dropped ("don't" → "dont"), other punctuation as spaces.
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rules: Vec<(String, Option<&str>)> = vec![
        // Direct words.
        (r"\bsuicid(?:e|al|ality)\b".into(), None),
        (r"\bkms\b".into(), None),
        (
            format!(r"\b(?:kill|killing|killed|unalive|unaliving|end|ending|hang|hanging|shoot|shooting|poison|poisoning|drown|drowning|starve|starving)\s+{SELF}\b"),
            None,
        ),
        (r"\b(?:end|ending|ended|take|taking|took)\s+(?:my|my own)\s+life\b".into(), None),
        (r"\bend(?:ing|ed)?\s+it(?:\s+all)?\b".into(), Some(r"\bend(?:ing|ed)?\s+it\s+(?:with|between|for\s+(?:us|them|him|her))\b")),
        (r"\b(?:want|wanna|wanted|going|gonna|ready|rather|wish\s+i\s+could|like)\s+(?:to\s+)?(?:just\s+)?die\b".into(), None),
        (r"\b(?:want|wanna|wish)\s+(?:to\s+)?(?:be|i\s+was|i\s+were)\s+dead\b".into(), None),
        (r"\bbetter\s+off\s+dead\b".into(), None),
        // Indirect wording.
        (
            r"\b(?:dont|do\s+not|no\s+longer|never)\s+(?:really\s+)?(?:want|wanna|wish)\s+(?:to\s+)?(?:be\s+here|be\s+alive|live|exist|be\s+around|go\s+on|wake\s+up|keep\s+living)\b".into(),
            Some(r"\bdont\s+(?:really\s+)?(?:want|wanna)\s+to\s+(?:live\s+(?:with|in|near|there|here|together)|be\s+here\s+(?:at|for|when|with|alone\s+at|tonight\s+at))"),
        ),
        (r"\b(?:stop|stopped)\s+existing\b|\bnot\s+(?:to\s+)?exist\s+(?:anymore|any\s+more)\b".into(), None),
        (r"\bdisappear\s+(?:forever|for\s+good|and\s+never\s+come\s+back)\b".into(), None),
        (r"\b(?:never|not)\s+wake\s+up\b|\bsleep\s+forever\b".into(), None),
        (r"\bbetter\s+off\s+(?:without\s+me|if\s+i\s+(?:was|were|wasnt|werent))\b".into(), None),
        (r"\b(?:happier|easier|better)\s+if\s+i\s+(?:wasnt|werent|was\s+not|were\s+not)\s+(?:alive|here|around)\b".into(), None),
        (r"\bif\s+i\s+(?:was|were|died|am)\s*(?:dead|gone\s+(?:for\s+good|forever))\b|\bif\s+i\s+died\b".into(), None),
        (r"\b(?:wish|if)\s+i\s+(?:was|were)\s+(?:dead|never\s+born|not\s+alive)\b".into(), None),
        (r"\b(?:nobody|no\s+one|noone)\s+(?:would|will|is\s+going\s+to)\s+(?:even\s+)?(?:miss|notice|care)\b.*\b(?:gone|dead|die|died)\b".into(), None),
        (
            r"\b(?:no|the|any)\s+(?:point|reason)\b.{0,24}\b(?:living|going\s+on|alive|keep\s+going|to\s+live|in\s+life)\b".into(),
            Some(r"\bgoing\s+on\s+(?:\w+\s+)?(?:dates?|trips?|holiday|vacation|apps?)\b"),
        ),
        (r"\bcant\s+(?:go\s+on|keep\s+living|live\s+like\s+this)\b".into(), None),
        (r"\b(?:tired|sick)\s+of\s+(?:being\s+alive|living|life|existing)\b".into(), None),
        (r"\bgive\s+up\s+on\s+(?:life|living|everything)\b".into(), None),
        (r"\b(?:wont|will\s+not|not\s+going\s+to)\s+be\s+(?:here|around|alive)\s+(?:next|much|for\s+long|anymore|any\s+more|tomorrow)\b|\baround\s+much\s+longer\b".into(), None),
        // Self-harm.
        (r"\bself\s*harm".into(), None),
        (
            format!(r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning)\s+{SELF}\b"),
            Some(r"\bcut\s+(?:my ?self)\s+(?:a|an|some)\s+(?:\w+\s+)?(?:slice|piece|bit|break|deal)\b|\b(?:cut|burn|burned|burnt)\s+(?:my ?self)\s+(?:shaving|cooking|chopping|on\s+the)\b"),
        ),
        (r"\burge\s+to\s+(?:cut|hurt|harm|burn)\b|\b(?:started|start|starting)\s+cutting\s+again\b".into(), None),
        // Plans and means, kept vague.
        (r"\b(?:saving|saved|stockpiling|hoarding)\s+(?:up\s+)?(?:my\s+|all\s+my\s+|the\s+)?(?:pills|meds|medication|tablets)\b".into(), None),
        (r"\b(?:take|taking|took|swallow)\s+all\s+(?:my|the|of\s+my)\s+(?:pills|meds|tablets)\b|\boverdos(?:e|ed|ing)\b".into(), None),
        (r"\bgoodbye\s+(?:letters?|notes?|messages?)\b|\b(?:suicide|goodbye)\s+note\b".into(), None),
        (r"\bnote\s+for\s+my\s+(?:family|mum|mom|dad|parents|kids|children|friends)\b.*\b(?:gone|dead|not\s+here)\b".into(), None),
        (r"\b(?:given|giving|gave)\s+away\s+(?:all\s+)?my\s+(?:things|stuff|belongings)\b|\bsaid\s+my\s+goodbyes\b".into(), None),
    ];
    rules
        .into_iter()
        .map(|(danger, unless)| Rule {
            danger: Regex::new(&danger).expect("safety rule is a valid pattern"),
            unless: unless.map(|u| Regex::new(u).expect("safety exception is a valid pattern")),
        })
        .collect()
});

/// Lowercase, apostrophes dropped, every other non-alphanumeric a space, runs of spaces one.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            '\'' | '’' | '‘' | '`' | 'ʼ' => {}
            c if c.is_alphanumeric() => out.push(c),
            _ => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
        }
    }
    out
}

/// Screens one message.
pub fn screen(text: &str) -> Screen {
    let text = normalise(text);
    let danger = RULES.iter().any(|rule| {
        rule.danger.find_iter(&text).any(|found| {
            let excused = rule.unless.as_ref().is_some_and(|unless| {
                unless
                    .find_iter(&text)
                    .any(|e| e.start() < found.end() && found.start() < e.end())
            });
            !excused
        })
    });
    if danger {
        Screen::Crisis
    } else {
        Screen::Clear
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_drops_apostrophes_and_folds_punctuation() {
        assert_eq!(normalise("I DON’T want…  to!!"), "i dont want to ");
    }

    #[test]
    fn an_exception_only_excuses_the_words_it_covers() {
        assert_eq!(screen("I cut myself a slice of cake"), Screen::Clear);
        assert_eq!(
            screen("I cut myself a slice of cake and I want to die"),
            Screen::Crisis
        );
        assert_eq!(
            screen("I cut myself a slice of cake, then I cut myself again"),
            Screen::Crisis
        );
    }
}
