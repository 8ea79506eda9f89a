//! The terminal shows a ping as it comes while you chat: the built binary,
//! a schedule set for the coming minute, and the ping in that minute. This
//! one runs in real time, since it is the real program.

use chrono::{Duration, Timelike, Utc};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;

#[test]
fn a_ping_shows_in_the_terminal_while_chatting() {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_securebase"))
        .args(["chat", "--no-delays", "--user", "pat", "--data-dir"])
        .arg(data.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let (lines, seen) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                return;
            }
        }
    });
    let now = Utc::now();
    let lead = if now.second() < 50 { 1 } else { 2 };
    let at = now + Duration::minutes(lead);
    let mut stdin = child.stdin.take().unwrap();
    let script = format!(
        "yes\ntimezone UTC\nschedule set daily {:02}:{:02}\n",
        at.hour(),
        at.minute()
    );
    stdin.write_all(script.as_bytes()).unwrap();
    stdin.flush().unwrap();

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(150);
    let mut transcript = Vec::new();
    let mut pinged_at = None;
    while pinged_at.is_none() && std::time::Instant::now() < deadline {
        if let Ok(line) = seen.recv_timeout(std::time::Duration::from_secs(1)) {
            if line.contains("Check in now") {
                pinged_at = Some(Utc::now());
            }
            transcript.push(line);
        }
    }
    stdin.write_all(b"1\n").unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    while let Ok(line) = seen.recv_timeout(std::time::Duration::from_secs(2)) {
        transcript.push(line);
    }
    let transcript = transcript.join("\n");
    let pinged_at = pinged_at.unwrap_or_else(|| panic!("no ping arrived:\n{transcript}"));
    let slot = at.with_second(0).unwrap().with_nanosecond(0).unwrap();
    assert!(
        pinged_at >= slot && pinged_at < slot + Duration::seconds(30),
        "pinged at {pinged_at}, slot {slot}"
    );
    assert!(
        transcript.contains("How are you right now"),
        "the ping's first choice starts a check-in:\n{transcript}"
    );
    assert_eq!(
        transcript.matches("Check in now").count(),
        1,
        "one ping:\n{transcript}"
    );
    assert!(status.success());
}
