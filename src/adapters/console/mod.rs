//! The terminal adapter: one person talking to the engine over standard
//! input and output. It works the same with a keyboard or a piped script and
//! ends cleanly at end of input. Paced messages wait their delay, and any
//! line typed while they play stops the rest, as `stop` would expect.
//! Scheduled pings arrive on the same event channel and show as they come.

pub mod delivery;
pub mod files;
pub mod render;

use crate::core::content::messages::Messages;
use crate::core::insights::chart;
use crate::core::{Engine, Inbound, Input, Outbound, Who};
use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// How the terminal session behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleOptions {
    /// Wait out the delays of paced exercises (off for scripts and tests).
    pub pace: bool,
    /// Show a `> ` prompt before each line (only useful on a terminal).
    pub prompt: bool,
    /// Where files the bot hands over (an export) are written.
    pub files: PathBuf,
    /// Where the insights chart is drawn; without it, the sparkline in the
    /// text stands in for it and no picture is written.
    pub chart: Option<PathBuf>,
}

/// What reaches the conversation: typed lines, the end of input, and pings.
pub enum Event {
    Line(String),
    End,
    Ping(Vec<Outbound>),
}

/// Runs a conversation until the input ends.
pub fn chat<W: Write>(
    engine: &Engine,
    who: Who,
    events: &Receiver<Event>,
    output: &mut W,
    options: &ConsoleOptions,
) -> io::Result<()> {
    let mut pending = None;
    let opening = engine.handle(&Inbound::new(
        who.clone(),
        Input::Command {
            name: "start".into(),
            args: Vec::new(),
        },
    ));
    let words = &engine.content().messages;
    show(&opening, output, events, options, words, &mut pending)?;
    loop {
        if options.prompt {
            write!(output, "> ")?;
            output.flush()?;
        }
        let event = match pending.take() {
            Some(event) => event,
            None => events.recv().unwrap_or(Event::End),
        };
        let reply = match event {
            Event::Line(line) => engine.handle(&Inbound::new(who.clone(), Input::Line(line))),
            Event::Ping(ping) => {
                if options.prompt {
                    writeln!(output)?;
                }
                ping
            }
            Event::End => break,
        };
        show(&reply, output, events, options, words, &mut pending)?;
    }
    writeln!(output, "Take care.")?;
    output.flush()
}

/// Reads lines on a thread of its own into `events`, so paced messages can
/// be interrupted and pings shown while the person is not typing.
pub fn spawn_reader<R: BufRead + Send + 'static>(input: R, events: Sender<Event>) {
    std::thread::spawn(move || {
        for line in input.lines() {
            let event = match line {
                Ok(line) => Event::Line(line),
                Err(error) => {
                    tracing::warn!(%error, "standard input could not be read");
                    break;
                }
            };
            if events.send(event).is_err() {
                return;
            }
        }
        let _ = events.send(Event::End);
    });
}

/// Prints messages in order, waiting out their delays. Anything arriving
/// during a wait stops what is left and is kept in `pending`, to go next.
fn show<W: Write>(
    messages: &[Outbound],
    output: &mut W,
    events: &Receiver<Event>,
    options: &ConsoleOptions,
    words: &Messages,
    pending: &mut Option<Event>,
) -> io::Result<()> {
    for message in messages {
        if let (true, Some(delay)) = (options.pace, message.delay)
            && let Some(event) = wait(events, delay)
        {
            *pending = Some(event);
            return Ok(());
        }
        write!(output, "{}", render::render(message, &words.choices))?;
        if let Some(attachment) = &message.attachment {
            if attachment.media_type != chart::MEDIA_TYPE {
                writeln!(
                    output,
                    "{}",
                    files::write(attachment, &options.files, &words.export)
                )?;
            } else if let Some(path) = &options.chart {
                let said = files::write_to(
                    path,
                    &attachment.bytes,
                    &words.insights.chart_written,
                    &words.insights.chart_not_written,
                );
                writeln!(output, "{said}")?;
            }
        }
        output.flush()?;
    }
    Ok(())
}

/// Waits `delay` unless something arrives first.
fn wait(events: &Receiver<Event>, delay: Duration) -> Option<Event> {
    match events.recv_timeout(delay) {
        Ok(event) => Some(event),
        Err(RecvTimeoutError::Timeout) => None,
        Err(RecvTimeoutError::Disconnected) => Some(Event::End),
    }
}
