//! `crisis.toml`: crisis lines and emergency numbers by region, each line with
//! the service's own page it was checked against.

use super::source::{ContentError, Source};
use super::text::Text;
use serde::Deserialize;
use toml::Spanned;

/// The region used when a person's own region has no entry.
pub const INTERNATIONAL: &str = "INTL";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crisis {
    #[serde(rename = "region")]
    pub regions: Vec<Region>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub code: Spanned<String>,
    pub name: Text,
    pub emergency: Text,
    #[serde(rename = "line")]
    pub lines: Vec<Line>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub name: Text,
    pub contact: Text,
    pub hours: Option<Text>,
    pub url: Option<Text>,
    /// The service's own page that states this number.
    pub source: Option<Text>,
    /// When the number was last checked against `source` (YYYY-MM-DD), or
    /// `unverified` while no page of the service itself has confirmed it.
    pub checked: Spanned<Text>,
}

/// The `checked` value of a line still waiting for its check.
pub const UNVERIFIED: &str = "unverified";

impl Line {
    pub fn is_verified(&self) -> bool {
        &**self.checked.get_ref() != UNVERIFIED
    }
}

impl Crisis {
    pub fn validate(&self, source: &Source) -> Vec<ContentError> {
        let mut errors = Vec::new();
        for (i, region) in self.regions.iter().enumerate() {
            let code = region.code.get_ref();
            let well_formed = code == INTERNATIONAL
                || (code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()));
            if !well_formed {
                errors.push(source.error_at(
                    region.code.span(),
                    format!("`{code}` is not a region code: use two capital letters (ISO 3166) or {INTERNATIONAL}"),
                ));
            }
            if self.regions[..i].iter().any(|r| r.code.get_ref() == code) {
                errors.push(source.error_at(
                    region.code.span(),
                    format!("the region `{code}` is listed twice"),
                ));
            }
            for line in &region.lines {
                let checked = line.checked.get_ref();
                if line.is_verified()
                    && chrono::NaiveDate::parse_from_str(checked, "%Y-%m-%d").is_err()
                {
                    errors.push(source.error_at(
                        line.checked.span(),
                        format!("checked is `{checked}`: use the date of the check (YYYY-MM-DD) or `{UNVERIFIED}`"),
                    ));
                } else if line.is_verified() && line.source.is_none() {
                    errors.push(source.error_at(
                        line.checked.span(),
                        "a checked line needs `source`, the service's own page that states the number",
                    ));
                }
            }
            if region.lines.is_empty() {
                errors.push(source.error_at(
                    region.code.span(),
                    "a region needs at least one [[region.line]]",
                ));
            }
        }
        if self.region(INTERNATIONAL).is_none() {
            errors.push(source.error_in_file(format!(
                "there is no region `{INTERNATIONAL}`, the fallback for everyone else"
            )));
        }
        errors
    }

    /// Lines still waiting to be checked against the service's own page.
    pub fn unverified(&self) -> impl Iterator<Item = (&Region, &Line)> {
        self.regions
            .iter()
            .flat_map(|region| region.lines.iter().map(move |line| (region, line)))
            .filter(|(_, line)| !line.is_verified())
    }

    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions
            .iter()
            .find(|r| r.code.get_ref().eq_ignore_ascii_case(code))
    }
}
