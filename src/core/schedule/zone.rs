//! IANA timezones by name, forgiving case, with a suggestion for a near miss
//! ("Europe/Berln" → "Europe/Berlin"), and the names that match what a
//! person has typed so far, for autocompletion.

use chrono_tz::{TZ_VARIANTS, Tz};

/// The zone a name means, or the closest known name to suggest.
pub fn find_zone(name: &str) -> Result<Tz, Option<&'static str>> {
    let wanted = name.trim().to_lowercase().replace(' ', "_");
    if let Some(zone) = TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().to_lowercase() == wanted)
    {
        return Ok(*zone);
    }
    let city = |tz: &Tz| {
        tz.name()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_lowercase()
    };
    if !wanted.contains('/') {
        let cities: Vec<&Tz> = TZ_VARIANTS.iter().filter(|tz| city(tz) == wanted).collect();
        if let [zone] = cities.as_slice() {
            return Err(Some(zone.name()));
        }
    }
    let closest = TZ_VARIANTS
        .iter()
        .map(|tz| {
            (
                strsim::levenshtein(&tz.name().to_lowercase(), &wanted),
                tz.name(),
            )
        })
        .min();
    Err(closest
        .filter(|(distance, _)| *distance <= (wanted.len() / 4).max(2))
        .map(|(_, name)| name))
}

/// Up to `limit` zone names containing `typed` (case and spaces forgiven),
/// those starting with it or with a city starting with it first.
pub fn zones_matching(typed: &str, limit: usize) -> Vec<&'static str> {
    let wanted = typed.trim().to_lowercase().replace(' ', "_");
    let mut found: Vec<(bool, &'static str)> = TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter_map(|name| {
            let lower = name.to_lowercase();
            let early = lower.starts_with(&wanted)
                || lower
                    .rsplit('/')
                    .next()
                    .is_some_and(|city| city.starts_with(&wanted));
            lower.contains(&wanted).then_some((!early, name))
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .take(limit)
        .map(|(_, name)| name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_suggests_zones_starting_with_it_first() {
        let berlin = zones_matching("berl", 25);
        assert_eq!(berlin.first(), Some(&"Europe/Berlin"));
        let new_york = zones_matching("New Y", 25);
        assert!(new_york.contains(&"America/New_York"), "{new_york:?}");
        assert_eq!(zones_matching("", 25).len(), 25);
        assert!(zones_matching("no such place", 25).is_empty());
        let europe = zones_matching("europe/", 5);
        assert_eq!(europe.len(), 5);
        assert!(europe.iter().all(|zone| zone.starts_with("Europe/")));
    }

    #[test]
    fn names_are_found_and_near_misses_suggested() {
        assert_eq!(find_zone("europe/berlin"), Ok(chrono_tz::Europe::Berlin));
        assert_eq!(
            find_zone("America/New York"),
            Ok(chrono_tz::America::New_York)
        );
        assert_eq!(find_zone("Europe/Berln"), Err(Some("Europe/Berlin")));
        assert_eq!(find_zone("Berlin"), Err(Some("Europe/Berlin")));
        assert_eq!(find_zone("Atlantis/Underwater"), Err(None));
    }
}
