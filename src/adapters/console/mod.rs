//! The terminal adapter: one person talking to the engine over standard
//! input and output. It works the same with a keyboard or a piped script and
//! ends cleanly at end of input. Paced messages wait their delay, and any
//! line typed while they play stops the rest, as `stop` would expect.

pub mod render;

use crate::core::{Engine, Inbound, Input, Outbound, Who};
use std::io::{self, BufRead, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How the terminal session behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsoleOptions {
    /// Wait out the delays of paced exercises (off for scripts and tests).
    pub pace: bool,
    /// Show a `> ` prompt before each line (only useful on a terminal).
    pub prompt: bool,
}

/// What the reader thread hands over.
enum Typed {
    Line(String),
    End,
}

/// Runs a conversation until `input` ends.
pub fn chat<R, W>(
    engine: &Engine,
    who: Who,
    input: R,
    output: &mut W,
    options: ConsoleOptions,
) -> io::Result<()>
where
    R: BufRead + Send + 'static,
    W: Write,
{
    let lines = spawn_reader(input);
    let mut pending = None;
    let opening = engine.handle(&Inbound::new(
        who.clone(),
        Input::Command {
            name: "start".into(),
            args: Vec::new(),
        },
    ));
    show(&opening, output, &lines, options, &mut pending)?;
    loop {
        if options.prompt {
            write!(output, "> ")?;
            output.flush()?;
        }
        let typed = match pending.take() {
            Some(typed) => typed,
            None => lines.recv().unwrap_or(Typed::End),
        };
        let line = match typed {
            Typed::Line(line) => line,
            Typed::End => break,
        };
        let reply = engine.handle(&Inbound::new(who.clone(), Input::Line(line)));
        show(&reply, output, &lines, options, &mut pending)?;
    }
    writeln!(output, "Take care.")?;
    output.flush()
}

/// Reads lines on a thread of its own, so paced messages can be interrupted.
fn spawn_reader<R: BufRead + Send + 'static>(input: R) -> Receiver<Typed> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in input.lines() {
            let typed = match line {
                Ok(line) => Typed::Line(line),
                Err(error) => {
                    tracing::warn!(%error, "standard input could not be read");
                    break;
                }
            };
            if sender.send(typed).is_err() {
                return;
            }
        }
        let _ = sender.send(Typed::End);
    });
    receiver
}

/// Prints messages in order, waiting out their delays. A line typed during a
/// wait stops what is left and is kept in `pending` to be answered next.
fn show<W: Write>(
    messages: &[Outbound],
    output: &mut W,
    lines: &Receiver<Typed>,
    options: ConsoleOptions,
    pending: &mut Option<Typed>,
) -> io::Result<()> {
    for message in messages {
        if let (true, Some(delay)) = (options.pace, message.delay)
            && let Some(typed) = wait(lines, delay)
        {
            *pending = Some(typed);
            return Ok(());
        }
        write!(output, "{}", render::render(message))?;
        output.flush()?;
    }
    Ok(())
}

/// Waits `delay` unless something is typed first.
fn wait(lines: &Receiver<Typed>, delay: Duration) -> Option<Typed> {
    match lines.recv_timeout(delay) {
        Ok(typed) => Some(typed),
        Err(RecvTimeoutError::Timeout) => None,
        Err(RecvTimeoutError::Disconnected) => Some(Typed::End),
    }
}
