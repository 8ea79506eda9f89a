//! IANA timezones by name, forgiving case, with a suggestion for a near miss
//! ("Europe/Berln" → "Europe/Berlin").

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

#[cfg(test)]
mod tests {
    use super::*;

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
