//! The built binary: a whole scripted session through piped standard input,
//! found again in a second run, a bare start on the per-user data directory,
//! and config errors that name file and line.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn securebase(args: &[&str], input: &str, configure: impl FnOnce(&mut Command)) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_securebase"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    configure(&mut command);
    let mut child = command.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// What the binary said on standard error when it refused to start, which
/// it must do with an error, not a panic.
fn refusal(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !output.status.success(),
        "it should have refused:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

fn chat(data_dir: &Path, input: &str) -> (String, String) {
    let dir = data_dir.to_str().unwrap();
    let output = securebase(
        &["chat", "--data-dir", dir, "--user", "sam", "--no-delays"],
        input,
        |_| {},
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "the session ends cleanly:\n{stdout}\n{stderr}"
    );
    (stdout, stderr)
}

const SESSION: &str = "\
yes
checkin
2
1, 2
done
He still hasn't replied since this morning
reflect
empathy
Maybe his day is as full as mine
reframe
I sent a message at 9 and had no reply by 6
anxious 80, sad 40
He is losing interest in me
90
1, 3
done
He read it
He said work is hectic this week
He is busy and I can wait
60
50
30
not now
breathe box
done
journal
";

#[test]
fn a_whole_piped_session_runs_and_is_there_the_next_day() {
    let data = tempfile::tempdir().unwrap();
    let (out, stderr) = chat(data.path(), SESSION);
    assert!(
        out.starts_with(&format!(
            "securebase keeps your conversations in {}",
            data.path().display()
        )),
        "{out}"
    );
    for expected in [
        "I'm securebase, a bot",
        "May I keep your journal?",
        "How are you right now, from 1 to 5?",
        "So far: Anxious, Lonely.",
        "Empathy: ",
        "Step 8 of 8",
        "anxious: 80 → 50",
        "Box breathing (4-4-4-4)",
        "Round 4 of 4",
        "Your most recent entries:",
        "thought record, \"He is losing interest in me\" → \"He is busy and I can wait\"",
        "\"Maybe his day is as full as mine\"",
        "check-in, mood 2 of 5, Anxious, Lonely: \"He still hasn't replied since this morning\"",
    ] {
        assert!(out.contains(expected), "expected {expected:?} in:\n{out}");
    }
    assert_eq!(out.matches("Saved to your journal.").count(), 3, "{out}");
    assert!(out.trim_end().ends_with("Take care."), "{out}");
    assert!(!out.contains("> "), "no prompts when input is piped");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let (tomorrow, _) = chat(data.path(), "journal\n");
    assert!(
        tomorrow.contains("Hi again. It's good to see you."),
        "{tomorrow}"
    );
    assert!(
        !tomorrow.contains("May I keep your journal?"),
        "no second introduction"
    );
    assert!(
        tomorrow.contains("\"Maybe his day is as full as mine\""),
        "{tomorrow}"
    );
}

#[test]
fn a_bare_start_uses_the_per_user_data_directory() {
    let home = tempfile::tempdir().unwrap();
    let output = securebase(&[], "help\n", |command| {
        command
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"));
    });
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = format!(
        "keeps your conversations in {}",
        home.path().join("data/securebase").display()
    );
    assert!(
        stdout.contains(&expected),
        "expected {expected:?} in:\n{stdout}"
    );
    assert!(stdout.contains("reframe: a thought record"), "{stdout}");
    assert!(home.path().join("data/securebase/store").is_dir());
    assert!(
        home.path().join("data/securebase/store.key").is_file(),
        "the terminal's default key is a file beside the store"
    );
}

#[test]
fn insights_show_a_sparkline_and_draw_the_chart_only_where_asked() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let chart = data.path().join("mood.png");
    let session = format!("{SESSION}insights\n");
    let (plain, _) = chat(data.path(), &session);
    assert!(
        plain.contains("Your mood, check-in by check-in: ▂"),
        "{plain}"
    );
    assert!(
        !plain.contains("mood chart"),
        "no chart unless asked: {plain}"
    );

    let output = securebase(
        &[
            "chat",
            "--data-dir",
            dir,
            "--user",
            "sam",
            "--no-delays",
            "--chart",
            chart.to_str().unwrap(),
        ],
        "insights 7\n",
        |_| {},
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!("I drew your mood chart into {}", chart.display())),
        "{stdout}"
    );
    let (width, height, _) = crate::insights::decode(&std::fs::read(&chart).unwrap());
    assert_eq!((width, height), (800, 400));
}

#[test]
fn a_store_key_from_the_environment_is_used_and_a_wrong_one_refused() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let args = ["chat", "--data-dir", dir, "--user", "sam", "--no-delays"];
    let with_key = |key: Option<&str>, input: &str| {
        securebase(&args, input, |command| {
            command.env_remove("SECUREBASE_STORE_KEY");
            if let Some(key) = key {
                command.env("SECUREBASE_STORE_KEY", key);
            }
        })
    };
    let key = "7e".repeat(32);
    let first = with_key(Some(&key), "yes\n");
    assert!(first.status.success(), "{first:?}");
    assert!(
        !data.path().join("store.key").exists(),
        "no key file when the key is given"
    );
    let again = with_key(Some(&key), "journal\n");
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("Hi again"),
        "{again:?}"
    );

    let missing = refusal(&with_key(None, ""));
    assert!(missing.contains("its key is not here"), "{missing}");
    let malformed = refusal(&with_key(Some("not-a-key"), ""));
    assert!(malformed.contains("64 hex digits"), "{malformed}");
    let wrong = refusal(&with_key(Some(&"8f".repeat(32)), ""));
    assert!(
        wrong.contains("does not open this data directory"),
        "{wrong}"
    );
    assert!(!wrong.contains(&key), "a key is never shown: {wrong}");
}

#[test]
fn config_mistakes_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("securebase.toml");
    std::fs::write(&config, "default_region = \"GB\"\nadaptors = true\n").unwrap();
    let output = securebase(&["--config", config.to_str().unwrap(), "chat"], "", |_| {});
    let stderr = refusal(&output);
    assert!(
        stderr.contains(&format!("{}:2:", config.display())),
        "{stderr}"
    );
    assert!(stderr.contains("adaptors"), "{stderr}");

    std::fs::write(&config, "default_region = \"XX\"\n").unwrap();
    let data = dir.path().join("data");
    let output = securebase(
        &[
            "--config",
            config.to_str().unwrap(),
            "chat",
            "--data-dir",
            data.to_str().unwrap(),
        ],
        "",
        |_| {},
    );
    let stderr = refusal(&output);
    assert!(stderr.contains("default_region `XX`"), "{stderr}");

    let output = securebase(&["--config", "/nonexistent/securebase.toml"], "", |_| {});
    let stderr = refusal(&output);
    assert!(stderr.contains("/nonexistent/securebase.toml"), "{stderr}");
}

#[test]
fn matrix_without_its_secrets_says_which_to_set() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("securebase.toml");
    let data = dir.path().join("data");
    std::fs::write(
        &config,
        format!(
            "data_dir = \"{}\"\n[adapters]\nconsole = false\nmatrix = true\n[matrix]\nhomeserver = \"http://127.0.0.1:9\"\nuser_id = \"@securebase:localhost\"\n",
            data.display()
        ),
    )
    .unwrap();
    let output = securebase(
        &["--config", config.to_str().unwrap(), "run"],
        "",
        |command| {
            command
                .env_remove("SECUREBASE_MATRIX_STORE_PASSPHRASE")
                .env_remove("SECUREBASE_MATRIX_PASSWORD");
        },
    );
    let stderr = refusal(&output);
    assert!(
        stderr.contains("SECUREBASE_MATRIX_STORE_PASSPHRASE"),
        "{stderr}"
    );

    let output = securebase(
        &["--config", config.to_str().unwrap(), "run"],
        "",
        |command| {
            command
                .env("SECUREBASE_MATRIX_STORE_PASSPHRASE", "a passphrase")
                .env_remove("SECUREBASE_MATRIX_PASSWORD")
                .env_remove("SECUREBASE_MATRIX_ACCESS_TOKEN");
        },
    );
    let stderr = refusal(&output);
    assert!(stderr.contains("SECUREBASE_MATRIX_PASSWORD"), "{stderr}");
}

#[test]
fn discord_without_its_settings_or_token_says_which_to_set() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("securebase.toml");
    let data = dir.path().join("data");
    let base = format!(
        "data_dir = \"{}\"\n[adapters]\nconsole = false\ndiscord = true\n",
        data.display()
    );
    std::fs::write(&config, &base).unwrap();
    let run = ["--config", config.to_str().unwrap(), "run"];
    let output = securebase(&run, "", |_| {});
    let stderr = refusal(&output);
    assert!(stderr.contains("application_id"), "{stderr}");

    std::fs::write(
        &config,
        format!("{base}[discord]\napplication_id = 123456789012345678\n"),
    )
    .unwrap();
    let output = securebase(&run, "", |command| {
        command.env_remove("SECUREBASE_DISCORD_TOKEN");
    });
    let stderr = refusal(&output);
    assert!(stderr.contains("SECUREBASE_DISCORD_TOKEN"), "{stderr}");

    let output = securebase(&run, "", |command| {
        command.env("SECUREBASE_DISCORD_TOKEN", "not-a-token");
    });
    let stderr = refusal(&output);
    assert!(
        stderr.contains("does not look like a Discord bot token"),
        "{stderr}"
    );
    assert!(!stderr.contains("not-a-token"), "the token is never shown");
}

#[test]
fn an_export_in_the_terminal_is_a_private_file_that_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    let args = |export_dir: &std::path::Path| {
        vec![
            "chat".to_string(),
            "--no-delays".into(),
            "--user".into(),
            "sam".into(),
            "--data-dir".into(),
            data.display().to_string(),
            "--export-dir".into(),
            export_dir.display().to_string(),
        ]
    };
    let run = |export_dir: &std::path::Path| {
        let args = args(export_dir);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = securebase(&args, "yes\nmydata export\n", |_| {});
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let stdout = run(&exports);
    let written: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    let [file] = written.as_slice() else {
        panic!("one file in {}: {written:?}", exports.display());
    };
    assert!(stdout.contains(&file.display().to_string()), "{stdout}");
    let export: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert_eq!(export["schema"], "securebase-export/1");
    assert_eq!(export["who"]["user_id"], "sam");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only the person can read it");
    }

    let stdout = run(&dir.path().join("no such folder"));
    assert!(stdout.contains("couldn't write the file"), "{stdout}");
    assert!(
        stdout.contains("Take care."),
        "the conversation goes on: {stdout}"
    );
}

#[test]
fn a_line_typed_during_paced_breathing_stops_the_rest() {
    let data = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_securebase"))
        .args(["chat", "--user", "sam", "--data-dir"])
        .arg(data.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"yes\nbreathe box\n").unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    stdin.write_all(b"stop\n").unwrap();
    drop(stdin);
    let started = std::time::Instant::now();
    let output = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{out}");
    assert!(
        out.contains("Breathe in… 4"),
        "the first phase showed:\n{out}"
    );
    assert!(
        !out.contains("Round 2 of 4"),
        "the rest was dropped:\n{out}"
    );
    assert!(
        out.contains("I'm here whenever you want me"),
        "stop was answered:\n{out}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "it did not wait out the rounds"
    );
}
