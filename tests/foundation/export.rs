//! `mydata export`: everything kept about a person, as one JSON file that
//! reads back into the same document.

use crate::support::{Bot, assert_says, exported};
use securebase::core::export::{Export, MEDIA_TYPE, SCHEMA};
use securebase::core::journal::Entry;
use securebase::store::Store;
use std::sync::Arc;

#[test]
fn an_export_holds_everything_and_reads_back_the_same() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store);
    bot.line("timezone Europe/Berlin");
    bot.line("schedule daily 20:00");
    bot.command("checkin");
    bot.line("2");
    bot.line("1");
    let out = bot.pick("checkin.done");
    assert!(bot.waits_for_text(), "{out:?}");
    let out = bot.line("I waited all evening for a reply.");
    assert_says(&out, "Saved to your journal.");
    bot.command("reframe");

    // Mid-exercise, words are answers; `!` makes them a command.
    let out = bot.line("!mydata export");
    let with_file: Vec<_> = out.iter().filter(|o| o.attachment.is_some()).collect();
    assert_eq!(with_file.len(), 1, "one file: {out:?}");
    assert_says(&out, "everything I keep about you");
    let file = with_file[0].attachment.clone().unwrap();
    assert_eq!(file.media_type, MEDIA_TYPE);
    assert!(file.file_name.ends_with(".json"), "{}", file.file_name);

    let export: Export = serde_json::from_slice(&file.bytes).expect("the export is the schema");
    assert_eq!(export.schema, SCHEMA);
    assert_eq!(export.who, bot.who);
    let profile = export.profile.as_ref().expect("the profile");
    assert!(profile.journal_consent);
    assert_eq!(profile.timezone.as_deref(), Some("Europe/Berlin"));
    assert!(export.schedule.is_some(), "the schedule");
    assert!(
        export.exercises.flow.is_some(),
        "the reflection in progress"
    );
    match &export.journal[..] {
        [entry] => match &entry.entry {
            Entry::CheckIn { note, .. } => {
                assert_eq!(note.as_deref(), Some("I waited all evening for a reply."));
            }
            other => panic!("a check-in: {other:?}"),
        },
        other => panic!("one journal entry: {other:?}"),
    }
    assert_eq!(
        export.to_json(),
        file.bytes,
        "it reads back into the same document"
    );
}

#[test]
fn someone_the_bot_keeps_nothing_about_gets_an_empty_export() {
    let mut bot = Bot::new();
    let export = exported(&bot.line("mydata export"));
    assert_eq!(export.profile, None);
    assert!(export.journal.is_empty());
    assert!(export.schedule.is_none());
}
