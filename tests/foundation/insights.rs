//! Insights: a look back over 7, 30 or 90 days, in kind words with a mood
//! sparkline, and the mood chart attached as a PNG that decodes to its size.

use crate::reframe::{WALK, walk};
use crate::support::{Bot, assert_says, says};
use chrono::Duration;
use securebase::core::Outbound;
use securebase::core::insights::chart::{HEIGHT, MEDIA_TYPE, WIDTH};
use securebase::store::Store;
use std::sync::Arc;

fn check_in(bot: &mut Bot, mood: &str, feelings: &str) {
    bot.command("checkin");
    bot.line(mood);
    bot.line(feelings);
    bot.pick("checkin.done");
    assert_says(&bot.line("skip"), "Saved to your journal.");
}

/// Decodes a PNG, giving its size and its pixels (RGB).
pub fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(png).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(frame.color_type, png::ColorType::Rgb);
    pixels.truncate(frame.buffer_size());
    (frame.width, frame.height, pixels)
}

fn chart(out: &[Outbound]) -> Vec<u8> {
    let attachment = out
        .iter()
        .find_map(|message| message.attachment.as_ref())
        .expect("the chart is attached");
    assert_eq!(attachment.media_type, MEDIA_TYPE);
    assert!(attachment.file_name.ends_with(".png"));
    attachment.bytes.clone()
}

#[test]
fn a_month_of_entries_reads_back_kindly_with_a_chart() {
    let store = Arc::new(Store::temporary().unwrap());
    let mut bot = Bot::consented_on(store);
    check_in(&mut bot, "1", "1, 2");
    bot.clock.advance(Duration::days(20));
    check_in(&mut bot, "2", "1");
    bot.clock.advance(Duration::days(5));
    walk(&mut bot, WALK.len());
    bot.pick("reframe.experiment_no");
    bot.command("reflect empathy");
    bot.line("I could ask how her day was");
    bot.clock.advance(Duration::days(2));
    check_in(&mut bot, "4", "3");

    let out = bot.line("insights");
    for line in [
        "Looking back over the last 30 days:",
        "Your mood, check-in by check-in: ▁▂▆",
        "The feelings you named most: Anxious (2),",
        "Thought records worked through: 1.",
        "eased by 20 points on average",
        "Reflections written: 1.",
    ] {
        assert_says(&out, line);
    }
    for unkind in ["missed", "streak", "only", "should"] {
        assert!(!says(&out, unkind), "no {unkind:?} in insights");
    }
    let (width, height, pixels) = decode(&chart(&out));
    assert_eq!((width, height), (WIDTH, HEIGHT));
    let line_colour = pixels
        .chunks(3)
        .filter(|pixel| *pixel == [61, 110, 160])
        .count();
    assert!(
        line_colour > 500,
        "the moods are drawn ({line_colour} pixels)"
    );
    let ink = pixels
        .chunks(3)
        .filter(|pixel| pixel.iter().all(|&c| c < 80))
        .count();
    assert!(ink > 500, "the title and labels are drawn ({ink} pixels)");

    let week = bot.line("insights 7");
    assert_says(&week, "Your mood, check-in by check-in: ▆ (from 1");
}

#[test]
fn an_empty_window_an_unknown_window_and_a_journal_that_is_off() {
    let mut bot = Bot::consented();
    let out = bot.line("insights 90");
    assert_says(&out, "nothing in your journal from the last 90 days yet");
    assert_says(
        &bot.line("insights 30 Days"),
        "nothing in your journal from the last 30 days yet",
    );
    assert!(out.iter().all(|message| message.attachment.is_none()));
    assert_says(
        &bot.line("insights 12"),
        "type insights 7, insights 30 or insights 90",
    );

    bot.command("reflect empathy");
    bot.line("I can wait for a reply");
    let out = bot.line("insights 7");
    assert_says(&out, "Reflections written: 1.");
    assert!(
        out.iter().all(|message| message.attachment.is_none()),
        "no chart without moods to draw"
    );

    let mut declined = Bot::new();
    declined.command("start");
    declined.pick("onboarding.no");
    assert_says(&declined.line("insights"), "Your journal is off");
}
