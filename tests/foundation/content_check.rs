//! The shipped content passes its check, holds what the product promises,
//! and broken samples are reported as file:line with what is wrong.

use crate::support::{content, prompts_dir};
use securebase::core::content::Content;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn the_shipped_content_holds_what_the_product_promises() {
    let content = content();
    let themes = [
        "self_awareness",
        "self_compassion",
        "self_care",
        "boundaries",
        "vulnerability",
        "communication",
        "empathy",
        "setbacks",
        "support",
    ];
    for theme in themes {
        assert!(content.reflections.theme(theme).is_some(), "theme {theme}");
        assert!(
            content.reflections.prompts_of(theme).count() >= 12,
            "12 prompts for {theme}"
        );
    }
    let cards = [
        "mind_reading",
        "fortune_telling",
        "catastrophizing",
        "personalization",
        "all_or_nothing",
        "overgeneralization",
        "mental_filter",
        "disqualifying_positive",
        "emotional_reasoning",
        "should_statements",
        "labeling",
    ];
    assert_eq!(content.patterns.cards.len(), cards.len());
    for card in cards {
        assert!(
            !content.patterns.card(card).unwrap().example.is_empty(),
            "card {card} has an example"
        );
    }
    assert!(content.openers.openers.len() >= 20);
    let openers: std::collections::HashSet<&str> =
        content.openers.openers.iter().map(|o| &*o.text).collect();
    assert_eq!(
        openers.len(),
        content.openers.openers.len(),
        "openers are all different"
    );
    assert!(content.breathing.patterns.len() >= 2);
    for region in ["US", "CA", "GB", "IE", "AU", "NZ", "INTL"] {
        let found = content
            .crisis
            .region(region)
            .unwrap_or_else(|| panic!("crisis lines for {region}"));
        assert!(!found.lines.is_empty());
        for line in &found.lines {
            assert!(
                line.source.is_some() || !line.is_verified(),
                "{} has its source",
                line.name
            );
        }
    }
    let everywhere = content.crisis.region("INTL").unwrap();
    assert!(
        everywhere
            .lines
            .iter()
            .any(|l| l.contact.contains("findahelpline.com"))
    );
}

/// A copy of the shipped content to break.
fn copy_of_prompts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(prompts_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

/// Replaces the first `from` in a content file, returning the line it is on.
fn edit(dir: &Path, file: &str, from: &str, to: &str) -> usize {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} is in {file}"));
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    text[..at].matches('\n').count() + 1
}

fn errors_of(dir: &Path) -> String {
    Content::load(dir)
        .expect_err("the broken content is refused")
        .to_string()
}

#[test]
fn broken_samples_are_reported_with_file_and_line() {
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        (
            "patterns.toml",
            "name = \"Mind reading\"",
            "name = \"  \"",
            "this text is empty",
        ),
        (
            "reflections.toml",
            "theme = \"boundaries\"",
            "theme = \"bondaries\"",
            "no theme has the id `bondaries`",
        ),
        (
            "openers.toml",
            "id = \"",
            "id = \"Not An Id",
            "is not a valid id",
        ),
        (
            "messages.toml",
            "ask_mood =",
            "ask_moood =",
            "unknown field `ask_moood`",
        ),
        (
            "breathing.toml",
            "rounds = 4",
            "rounds = 40",
            "rounds must be 1 to 10",
        ),
        (
            "crisis.toml",
            "code = \"US\"",
            "code = \"usa\"",
            "is not a region code",
        ),
        (
            "selfcheck.toml",
            "{answer}",
            "{answr}",
            "reflect must contain {answer}",
        ),
        (
            "checkin.toml",
            "value = 5",
            "value = 6",
            "a mood value is 1 to 5",
        ),
        (
            "crisis.toml",
            "checked = \"2026-11-25\"",
            "checked = \"last week\"",
            "use the date of the check",
        ),
        (
            "reflections.toml",
            "[[prompt]]",
            "[[prompt]\n",
            "expected `]`",
        ),
    ];
    for (file, from, to, expected) in cases {
        let dir = copy_of_prompts();
        let line = edit(dir.path(), file, from, to);
        let errors = errors_of(dir.path());
        let location = format!("{}:{line}:", dir.path().join(file).display());
        assert!(
            errors.contains(&location),
            "{file}: expected {location} in:\n{errors}"
        );
        assert!(
            errors.contains(expected),
            "{file}: expected {expected:?} in:\n{errors}"
        );
    }
}

#[test]
fn a_duplicate_id_and_a_missing_file_are_named() {
    let dir = copy_of_prompts();
    let text = std::fs::read_to_string(dir.path().join("patterns.toml")).unwrap();
    std::fs::write(
        dir.path().join("patterns.toml"),
        text.replace("id = \"labeling\"", "id = \"mind_reading\""),
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("openers.toml")).unwrap();
    let errors = errors_of(dir.path());
    assert!(
        errors.contains("the pattern id `mind_reading` is used twice"),
        "{errors}"
    );
    assert!(
        errors.contains("openers.toml: cannot read this file"),
        "{errors}"
    );
}

#[test]
fn words_discord_would_refuse_are_named() {
    let dir = copy_of_prompts();
    edit(
        dir.path(),
        "messages.toml",
        "form_title = \"In your own words\"",
        &format!("form_title = \"{}\"", "x".repeat(46)),
    );
    edit(
        dir.path(),
        "messages.toml",
        "sos = \"Crisis lines and help, right now\"",
        &format!("sos = \"{}\"", "y".repeat(101)),
    );
    let errors = errors_of(dir.path());
    assert!(
        errors.contains("[discord] form_title is 46 characters; Discord takes 1 to 45"),
        "{errors}"
    );
    assert!(
        errors.contains("[discord.commands] sos is 101 characters; Discord takes 1 to 100"),
        "{errors}"
    );
}

fn securebase() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_securebase"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

#[test]
fn prompts_check_runs_the_same_validation() {
    let output = securebase().args(["prompts", "check"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("content is valid"), "{stdout}");

    let dir = copy_of_prompts();
    let line = edit(
        dir.path(),
        "patterns.toml",
        "example = \"",
        "example = \"\" # \"",
    );
    let output = securebase()
        .args(["prompts", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    let expected = format!(
        "{}:{line}: this text is empty",
        PathBuf::from(dir.path()).join("patterns.toml").display()
    );
    assert!(
        stderr.contains(&expected),
        "expected {expected:?} in:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
