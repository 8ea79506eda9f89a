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
        (r"\bsuicid\w*|\bkms\b".into(), None),
        (
            format!(r"\b(?:kill|killing|killed|unalive|unaliving|end|ending|hang|hanging|hung|neck|necking|shoot|shooting|poison|poisoning|drown|drowning|off|offing)\s+{SELF}\b"),
            None,
        ),
        (r"\b(?:end|ending|ended|take|taking|took|end\s+to)\s+(?:my|my\s+own)\s+life\b".into(), None),
        (
            r"\bend(?:ing|ed|s)?\s+(?:it(?:\s+all)?|things|everything)\b".into(),
            Some(r"\bend(?:ing|ed|s)?\s+(?:it|things|everything)\s+(?:with|between|for\s+(?:us|them|him|her)|off\s+with|on\s+good\s+terms)\b|\b(?:we|they|he|she)\s+end(?:ed|s)\s+(?:it|things)\b"),
        ),
        (
            r"\b(?:want|wanna|wanted|wanting|going|gonna|ready|rather|wish|wishing|plan|planning|planned|deserve|should|could|might|must|need|like|prefer|time)\s+(?:to\s+)?(?:just\s+)?(?:go\s+and\s+)?die\b".into(),
            Some(r"\bdie\s+(?:of|from|laughing|for)\b|\brather\s+(?:just\s+)?die\s+than\b"),
        ),
        (r"\b(?:want|wanna|wish|wishing|rather|better|relief|easier|prefer)\b(?:\s+\w+){0,4}\s+(?:be|i\s+was|i\s+were|being)\s+dead\b|\bbetter\s+off\s+dead\b".into(), None),
        (
            format!(r"\b(?:think|thinking|thought|thoughts|dream|dreaming|fantasi[sz]e|fantasi[sz]ing|obsessing)\s+(?:about|of)\s+(?:dying|death|my\s+death|being\s+dead|ending\s+(?:it|things|my\s+life)|killing\s+{SELF}|not\s+being\s+(?:here|alive|around))\b"),
            None,
        ),
        (format!(r"\b(?:ways?|how)\s+to\s+(?:die|kill\s+{SELF}|end\s+(?:it|my\s+life)|overdose)\b|\bmy\s+(?:own\s+)?funeral\b"), None),
        // Indirect wording.
        (
            r"\b(?:dont|do\s+not|no\s+longer|never|not|cant)\b(?:\s+\w+){0,3}\s+(?:want|wanna|wish)\s+(?:to\s+)?(?:be\s+alive|be\s+here|live|exist|be\s+around\s+anymore|keep\s+living|go\s+on|wake\s+up)\b".into(),
            Some(r"\b(?:want|wanna)\s+to\s+(?:live\s+(?:with|in|near|together\s+with|at)\s+(?:my\s+(?:parents|mum|mom|dad|family|ex|boyfriend|girlfriend|partner|flatmates?|roommates?|in\s+laws)|him|her|them|the\s+(?:city|countryside|suburbs)|(?:a|this|that|his|her|their)\s+(?:city|town|country|flat|house|apartment|place|area))\b|be\s+here\s+(?:at|tonight\s+at)\s+(?:this|the|his|her|their|a)\s+(?:party|wedding|dinner|work|office|event|club|bar))"),
        ),
        (r"\bstop(?:ped)?\s+existing\b|\b(?:want|wanna|wish|prefer|rather)\s+(?:to\s+)?(?:just\s+)?(?:not\s+exist|cease\s+to\s+exist)\b".into(), None),
        (r"\b(?:disappear|vanish)(?:ed|ing|es)?\s+(?:forever|for\s+good|permanently|and\s+never\s+come\s+back)\b".into(), None),
        (r"\b(?:never|not)\s+wake\s+up\b|\bsleep\s+forever\b|\bwish(?:ing)?\s+i\s+(?:wouldnt|wont|didnt|would\s+not|couldnt|would\s+never)\s+wake\s+up\b".into(), None),
        (r"\bto\s+(?:live|be\s+alive|exist)\s+any\s*m\w*\b|\bcant\s+do\s+(?:this|it)\s+(?:anymore|any\s+more)\b|\btonights?\s+(?:is\s+)?the\s+night\b|\bim\s+checking\s+out\b".into(), None),
        (r"\b(?:ready|want|wanna|going|gonna|time)\s+to\s+(?:go\s+(?:and\s+)?)?(?:join|be\s+with)\s+(?:my\s+)?(?:dad|mum|mom|mother|father|grandma|grandmother|grandad|grandpa|grandfather|nan|nana)\b|\b(?:gone|died|passed|lost|funeral)\b.{0,60}\b(?:join|be\s+with)\s+(?:him|her|them)\b".into(), None),
        (r"\bburden\b.{0,60}\b(?:permanently|for\s+good|forever|be\s+gone|disappear)\b".into(), None),
        (r"\bbetter\s+off\s+(?:without\s+me|if\s+i\s+(?:was|were|wasnt|werent|just|disappeared|died))\b".into(), None),
        (r"\b(?:happier|easier|better|simpler|relief|relieved)\s+if\s+i\s+(?:just\s+)?(?:wasnt|werent|was\s+not|were\s+not|was\s+gone|were\s+gone|died|disappeared)\b".into(), None),
        (r"\bif\s+i\s+(?:was|were|died|am)\s*(?:dead|gone\s+(?:for\s+good|forever))\b|\bif\s+i\s+died\b".into(), None),
        (r"\b(?:wish|wishing|if)\s+i\s+(?:was|were)\s+(?:dead|never\s+born|not\s+alive)\b".into(), None),
        (r"\b(?:nobody|no\s+one|noone)\s+(?:would|will|is\s+going\s+to)\s+(?:even\s+)?(?:miss|notice|care)\b.*\b(?:gone|dead|die|died)\b".into(), None),
        (
            r"\b(?:no|the|any)\s+(?:point|reason)\b.{0,30}\b(?:living|going\s+on|goin\s+on|alive|keep\s+going|to\s+live|in\s+life|stick(?:ing)?\s+around|stay(?:ing)?\s+(?:alive|around)|existing)\b".into(),
            Some(r"\bgoing\s+on\s+(?:\w+\s+)?(?:dates?|trips?|holiday|vacation|apps?|about|and\s+on)\b"),
        ),
        (r"\b(?:nothing|no\s+one|nobody|no\s+reason)\s+(?:left\s+)?to\s+live\s+for\b".into(), None),
        (r"\bcant\s+(?:go\s+on|keep\s+living|live\s+like\s+this)\b".into(), None),
        (r"\b(?:tired|sick)\s+of\s+(?:being\s+alive|living|life|existing)\b|\bgive\s+up\s+on\s+(?:life|living|everything)\b".into(), None),
        (r"\b(?:wont|will\s+not|not\s+going\s+to|wouldnt)\s+be\s+(?:here|around|alive)\s+(?:next|much|for\s+long|anymore|any\s+more|tomorrow|after|by|for\s+my|soon)\b|\baround\s+much\s+longer\b".into(), None),
        (r"\b(?:no|dont\s+see\s+(?:a|any)|cant\s+(?:see|picture|imagine)\s+(?:a|any))\s+future\s+(?:for\s+(?:me|myself)|with\s+me\s+(?:still\s+)?in\s+it)\b".into(), None),
        (r"\b(?:everything|it\s+all|all\s+of\s+it|the\s+pain)\s+(?:to\s+)?(?:just\s+)?stops?\s+(?:for\s+good|forever|permanently)\b|\bso\s+it\s+all\s+(?:just\s+)?stops\b|\bwant\s+(?:it\s+all|everything)\s+to\s+(?:just\s+)?(?:stop|end)\b".into(), None),
        // Finality: last messages, final arrangements, not coming back.
        (r"\blast\s+(?:message|text|thing)\s+(?:ill|i\s+will|im\s+going\s+to)\s+ever\b|\bgoodbye\s+(?:forever|for\s+good|everyone|all)\b|\bgoodbye\s+(?:texts?|calls?)\b|\bgoodbye\b.{0,80}\b(?:dont\s+worry\s+about\s+me|thank\s+you\s+for\s+(?:everything|the))\b".into(), None),
        (r"\b(?:just\s+)?not\s+(?:come|coming)\s+back\s+(?:at\s+all|down|ever)\b|\b(?:im|i\s+am|ill|i\s+will)\s+not\s+(?:be\s+)?coming\s+back\b|\bcheck(?:ing)?\s+out\s+(?:for\s+good|permanently|forever|of\s+(?:life|this\s+world))\b".into(), None),
        (r"\b(?:gave|given|giving)\s+away\s+(?:all\s+)?my\b|\bgave\s+(?:my|away)\b.{0,60}\bfor\s+good\b|\bplanning\b.{0,20}\btonight\b.{0,40}\b(?:anyway|no\s+matter\s+what)\b|\b(?:wrote|written|writing|made|making)\s+(?:my|a)\s+will\b|\blife\s+insurance\b".into(), None),
        (r"\bpoint\s+(?:of|in)\s+waking\s+up\b|\bhoping\s+i\s+(?:just\s+)?dont\s+(?:wake|make\s+it)\b|\bdone\s+with\s+(?:being\s+alive|life|living|existing)\b|\b(?:done|finished)\b.{0,40}\bwith\s+being\s+alive\b".into(), None),
        (r"\bhow\s+(?:many|much)\s+(?:of\s+)?(?:my\s+)?(?:pills|meds|tablets|medication)\b|\bpainless\b|\ball\s+(?:the|my)\s+(?:pills|meds|tablets)\b|\b(?:have|got|made)\s+a\s+plan\b.{0,20}\bdate\b".into(), None),
        // Self-harm.
        (r"\bself\s*harm".into(), None),
        (
            format!(r"\b(?:hurt|hurts|hurting|harm|harmed|harming|cut|cuts|cutting|burn|burned|burnt|burning|hit|hitting|punch|punching|scratch|scratched|scratching|stab|stabbed|stabbing|starve|starving)\s+{SELF}\b"),
            Some(r"\bcut\s+(?:my ?self)\s+(?:a|an|some)\s+(?:\w+\s+)?(?:slice|piece|bit|break|deal)\b|\b(?:cut|burn|burned|burnt)\s+(?:my ?self)\s+(?:shaving|cooking|chopping|on\s+(?:the|a|some)\s+(?:stove|oven|glass|knife|paper|pan|iron|kettle|grater|tin|can|hob|fence|nail))\b"),
        ),
        (
            r"\b(?:been|started|start|starting|keep|kept|am|im|was|relapsed|back\s+to)\s+cutting\b|\b(?:cut|cutting|burn|burned|burnt|burning|scratch|scratched|scratching)\s+(?:into\s+)?my\s+(?:arms?|wrists?|legs?|thighs?|skin|body|stomach|hips?|hands?)\b|\burges?\s+to\s+(?:cut|hurt|harm|burn)\b".into(),
            Some(r"\bcutting\s+(?:ties|back|down|out|it|off|corners|class|classes|my\s+hair|hair|carbs|sugar|him|her|them|people|contact|the|a|some)\b|\bmy\s+(?:hands?|arms?)\s+on\s+(?:the|a)\s+(?:stove|oven|pan|kettle|iron|hob|tray|glass)\b"),
        ),
        (r"\b(?:until|till)\s+(?:it|they|i|my\s+\w+)\s+bleeds?\b".into(), None),
        // Plans and means, kept vague.
        (r"\b(?:saving|saved|stockpiling|hoarding)\s+(?:up\s+)?(?:my\s+|all\s+my\s+|the\s+)?(?:pills|meds|medication|tablets)\b|\b(?:pills|meds|medication|tablets)\b.{0,40}\b(?:saved|saving|stockpil\w*|hoard\w*|take\s+them\s+all|taking\s+them\s+all|all\s+of\s+them)\b".into(), None),
        (r"\b(?:take|taking|took|swallow|swallowed)\s+(?:a\s+(?:bunch|handful|lot|load|whole\s+bottle)\s+of|all\s+(?:of\s+)?(?:my|the)|too\s+many|the\s+whole\s+(?:bottle|pack|box)\s+of)\s+(?:\w+\s+)?(?:pills|meds|tablets|painkillers)\b".into(), None),
        (r"\boverdos\w*|\b(?:to|gonna|going\s+to|will|might|could)\s+od\b|\bod(?:ed|ing|d)?\s+on\b".into(), None),
        (r"\bthis\s+is\s+(?:goodbye|my\s+(?:last|final)\s+\w+)\b|\bmy\s+(?:last|final)\s+(?:message|words|goodbye|text)\b|\bnice\s+knowing\s+(?:you|everyone|yall)\b|\bwont\s+(?:get|have)\s+another\s+chance\b|\bwont\s+need\s+(?:anything|it|them)\s+(?:after|anymore)\b".into(), None),
        (
            r"\b(?:pick|picked|choose|chose|chosen)\s+(?:the|a)\s+(?:day|date)\b".into(),
            Some(r"\b(?:day|date)\s+(?:for|to|of)\b|\b(?:wedding|party|trip|holiday|move|meeting|dinner)\b"),
        ),
        (r"\b(?:take|taking|took|swallow)\s+(?:everything|all)\s+(?:in|from)\s+(?:the|my)\s+(?:medicine|bathroom)\s+(?:cabinet|cupboard)\b".into(), None),
        (r"\brelapsed?\s+on\s+(?:sh|self\s*harm|cutting)\b|\bsh\s+(?:again|last\s+night|urges?)\b".into(), None),
        (r"\bgoodbye\s+(?:letters?|notes?|messages?)\b|\b(?:suicide|goodbye)\s+note\b|\bsaid\s+my\s+goodbyes\b|\bsay(?:ing)?\s+goodbye\s+to\s+(?:everyone|everybody|all\s+of\s+you|my\s+family)\b".into(), None),
        (r"\bnote\s+for\s+my\s+(?:family|mum|mom|dad|parents|kids|children|friends)\b.*\b(?:gone|dead|not\s+here)\b".into(), None),
        (r"\b(?:given|giving|gave|give)\s+away\s+(?:all\s+)?my\s+(?:things|stuff|belongings|possessions)\b|\b(?:given|giving|gave|give)\s+(?:all\s+)?my\s+(?:things|stuff|belongings|possessions)\s+away\b".into(), None),
        (r"\bjump(?:ing|ed)?\s+(?:off|from)\s+(?:the|a|my|this)\s+(?:\w+\s+){0,2}(?:roof|bridge|building|balcony|cliff|window|ledge|tower|overpass)\b|\b(?:standing|stood)\s+on\s+(?:the|a|this)\s+(?:\w+\s+)?(?:bridge|ledge|roof|edge|railing)\b".into(), None),
        (r"\b(?:step|stepping|walk|walking|jump|jumping|throw\s+myself|lie|lying)\s+(?:in\s+front\s+of|under)\s+(?:a|the)\s+(?:train|bus|car|truck|lorry|tram)\b|\b(?:driv|swerv|crash)\w*\s+(?:my\s+car\s+|the\s+car\s+)?(?:into|off)\s+(?:a|the)\s+(?:wall|tree|bridge|cliff|river|lake|barrier|road|traffic)\b".into(), None),
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
