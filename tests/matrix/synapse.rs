//! A real Synapse homeserver for one test: started from the virtual
//! environment `.ci/install-synapse` made, on a free loopback port, with
//! sqlite, registration by shared secret only, and rate limits raised so the
//! tests measure the bot and not the limiter. Stopped when dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SHARED_SECRET: &str = "securebase-test-registration-secret";
const SERVER_NAME: &str = "localhost";

pub struct Synapse {
    child: Child,
    dir: tempfile::TempDir,
    venv: PathBuf,
    pub port: u16,
}

impl Synapse {
    /// Starts a fresh homeserver; panics with what went wrong when it cannot.
    pub fn start() -> Synapse {
        let venv = venv();
        let python = venv.join("bin/python");
        assert!(
            python.exists(),
            "the Matrix tests need Synapse, and there is none in {}. Run `.ci/install-synapse` \
             (it installs matrix-synapse from PyPI into target/synapse), or set SECUREBASE_SYNAPSE \
             to a virtual environment that has it.",
            venv.display()
        );
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let config = dir.path().join("homeserver.yaml");
        std::fs::write(&config, config_text(dir.path(), port)).unwrap();
        let generated = Command::new(&python)
            .args(["-m", "synapse.app.homeserver", "--generate-keys", "-c"])
            .arg(&config)
            .output()
            .unwrap();
        assert!(
            generated.status.success(),
            "Synapse could not make its signing key:\n{}",
            String::from_utf8_lossy(&generated.stderr)
        );
        let log = std::fs::File::create(dir.path().join("synapse.log")).unwrap();
        let child = Command::new(&python)
            .args(["-m", "synapse.app.homeserver", "-c"])
            .arg(&config)
            .current_dir(dir.path())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "Synapse could not be started with {}: {error}",
                    python.display()
                )
            });
        let mut synapse = Synapse {
            child,
            dir,
            venv,
            port,
        };
        synapse.wait_until_ready();
        synapse
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A client logged in as `name`, keeping its state in memory.
    pub async fn client(&self, name: &str, password: &str) -> matrix_sdk::Client {
        let client = matrix_sdk::Client::builder()
            .homeserver_url(self.url())
            .build()
            .await
            .unwrap();
        client
            .matrix_auth()
            .login_username(name, password)
            .initial_device_display_name(&format!("test client of {name}"))
            .await
            .unwrap_or_else(|error| panic!("{name} could not log in: {error}"));
        client
    }

    /// Makes an account, by the shared secret, and returns its user id.
    pub fn register(&self, name: &str, password: &str) -> String {
        self.register_as(name, password, "--no-admin")
    }

    /// Makes a server admin, who may change other accounts' rate limits.
    pub fn register_admin(&self, name: &str, password: &str) -> String {
        self.register_as(name, password, "--admin")
    }

    fn register_as(&self, name: &str, password: &str, role: &str) -> String {
        let output = Command::new(self.venv.join("bin/register_new_matrix_user"))
            .args(["-u", name, "-p", password, role, "-k", SHARED_SECRET])
            .arg(self.url())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "registering {name} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        format!("@{name}:{SERVER_NAME}")
    }

    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "Synapse stopped at start-up ({status}):\n{}",
                    self.log_tail()
                );
            }
            if answers_versions(self.port) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!(
            "Synapse did not answer on port {} within two minutes:\n{}",
            self.port,
            self.log_tail()
        );
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.path().join("synapse.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for Synapse {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The virtual environment with Synapse in it.
fn venv() -> PathBuf {
    std::env::var_os("SECUREBASE_SYNAPSE").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/synapse"),
        PathBuf::from,
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn answers_versions(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /_matrix/client/versions HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200")
}

fn config_text(dir: &Path, port: u16) -> String {
    let dir = dir.display();
    let unlimited = "{per_second: 1000, burst_count: 1000}";
    format!(
        r#"server_name: "{SERVER_NAME}"
pid_file: "{dir}/homeserver.pid"
listeners:
  - port: {port}
    bind_addresses: ["127.0.0.1"]
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "{dir}/homeserver.db"
media_store_path: "{dir}/media"
signing_key_path: "{dir}/signing.key"
registration_shared_secret: "{SHARED_SECRET}"
enable_registration: false
report_stats: false
macaroon_secret_key: "securebase-test-macaroon"
form_secret: "securebase-test-form"
trusted_key_servers: []
suppress_key_server_warning: true
federation_domain_whitelist: []
presence:
  enabled: false
rc_message: {unlimited}
rc_registration: {unlimited}
rc_room_creation: {unlimited}
rc_login:
  address: {unlimited}
  account: {unlimited}
  failed_attempts: {unlimited}
rc_joins:
  local: {unlimited}
  remote: {unlimited}
rc_joins_per_room: {unlimited}
rc_invites:
  per_room: {unlimited}
  per_user: {unlimited}
  per_issuer: {unlimited}
rc_key_requests: {unlimited}
"#
    )
}
