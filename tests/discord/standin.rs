//! A stand-in for Discord on loopback, for tests only. serenity's real HTTP
//! client reaches its REST side through an HTTPS proxy (CONNECT, then TLS
//! with a test certificate authority for discord.com), which keeps
//! serenity's rate limiter on: serenity 0.12 ignores `HttpBuilder::proxy`
//! while its rate limiter is on. The gateway is a websocket that speaks
//! Hello, Identify, Ready and heartbeats, and dispatches the events a test
//! builds. Every REST call is recorded, every JSON body is checked against
//! Discord's OpenAPI description, and every message must have mentions off.

use super::openapi::OpenApi;
use futures::{SinkExt, StreamExt};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, broadcast};
use tokio_tungstenite::tungstenite::Message as Frame;

pub const APPLICATION_ID: u64 = 900_000_000_000_000_001;
pub const BOT_USER_ID: u64 = 900_000_000_000_000_002;
pub const TOKEN: &str = "MTAwMDAw.standin.token-for-tests";
/// How often the gateway asks for a heartbeat; short, so tests see some.
const HEARTBEAT_MILLIS: u64 = 500;

/// One REST call the bot made. A multipart call's body is its
/// `payload_json` part, and its files are the other parts.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub path: String,
    pub body: Value,
    pub files: Vec<SentFile>,
}

#[derive(Debug, Clone)]
pub struct SentFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// An answer the stand-in gives instead of its usual one, once.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub method: &'static str,
    pub path_contains: String,
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Value,
}

#[derive(Default)]
struct State {
    calls: Vec<Call>,
    problems: Vec<String>,
    scripted: VecDeque<Scripted>,
    nonces: HashMap<String, Value>,
    messages_created: usize,
    next_id: u64,
}

pub struct Discord {
    state: Arc<Mutex<State>>,
    openapi: Arc<OpenApi>,
    changed: Arc<Notify>,
    proxy: SocketAddr,
    dispatch: broadcast::Sender<Value>,
    certificate_authority: Vec<u8>,
    identified: Arc<Notify>,
    heartbeats: Arc<AtomicUsize>,
}

impl Discord {
    pub async fn start() -> Discord {
        let openapi = Arc::new(OpenApi::load());
        let state = Arc::new(Mutex::new(State {
            next_id: 1_000_000_000_000_000_000,
            ..State::default()
        }));
        let changed = Arc::new(Notify::new());
        let identified = Arc::new(Notify::new());
        let (ca_der, tls) = certificates();
        let proxy_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let gateway_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = proxy_listener.local_addr().unwrap();
        let gateway = gateway_listener.local_addr().unwrap();
        let (dispatch, _) = broadcast::channel(64);
        let rest = Rest {
            state: state.clone(),
            openapi: openapi.clone(),
            changed: changed.clone(),
            gateway_url: format!("ws://{gateway}"),
        };
        tokio::spawn(serve_proxy(proxy_listener, tls, Arc::new(rest)));
        let heartbeats = Arc::new(AtomicUsize::new(0));
        let session = Session {
            dispatch: dispatch.clone(),
            identified: identified.clone(),
            heartbeats: heartbeats.clone(),
            url: format!("ws://{gateway}"),
        };
        tokio::spawn(serve_gateway(gateway_listener, session));
        Discord {
            state,
            openapi,
            changed,
            proxy,
            dispatch,
            certificate_authority: ca_der,
            identified,
            heartbeats,
        }
    }

    /// An HTTP client that reaches this stand-in for https://discord.com.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .use_rustls_tls()
            .tls_built_in_root_certs(false)
            .add_root_certificate(
                reqwest::Certificate::from_der(&self.certificate_authority).unwrap(),
            )
            .proxy(reqwest::Proxy::all(format!("http://{}", self.proxy)).unwrap())
            .build()
            .unwrap()
    }

    /// Waits until a gateway session has identified.
    pub async fn identified(&self) {
        tokio::time::timeout(Duration::from_secs(30), self.identified.notified())
            .await
            .expect("the bot connects to the gateway and identifies");
    }

    /// How many heartbeats the gateway has acknowledged.
    pub fn heartbeats(&self) -> usize {
        self.heartbeats.load(Ordering::SeqCst)
    }

    /// Sends a gateway event (`t`, `d`) to every connected shard.
    pub fn dispatch(&self, kind: &str, data: Value) {
        let frame = json!({"op": 0, "s": 2, "t": kind, "d": data});
        self.dispatch
            .send(frame)
            .expect("a shard is connected to the gateway");
    }

    /// How many channel messages exist: a message re-sent with a nonce
    /// Discord has seen (and `enforce_nonce`) is the earlier one again.
    pub fn messages_created(&self) -> usize {
        self.state.lock().unwrap().messages_created
    }

    /// Answers the next matching call with `answer` instead.
    pub fn script(&self, answer: Scripted) {
        self.state.lock().unwrap().scripted.push_back(answer);
    }

    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().unwrap().calls.clone()
    }

    /// Calls whose method is `method` and whose path contains `part`.
    pub fn calls_to(&self, method: &str, part: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|call| call.method == method && call.path.contains(part))
            .collect()
    }

    /// Waits until `count` calls match, and returns them.
    pub async fn wait_for(&self, method: &str, part: &str, count: usize) -> Vec<Call> {
        let waiting = async {
            loop {
                let changed = self.changed.notified();
                let found = self.calls_to(method, part);
                if found.len() >= count {
                    return found;
                }
                changed.await;
            }
        };
        tokio::time::timeout(Duration::from_secs(30), waiting)
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "waited for {count} {method} calls to …{part}…; the calls were: {:#?}",
                    self.calls()
                )
            })
    }

    /// Waits until the bot has made no call for a while: the rest of an
    /// answer comes right after its first message.
    pub async fn settle(&self) {
        loop {
            let made = self.calls().len();
            tokio::time::sleep(Duration::from_millis(300)).await;
            if self.calls().len() == made {
                return;
            }
        }
    }

    /// Every problem found with what the bot sent, which a test expects
    /// to be none.
    pub fn assert_all_valid(&self) {
        let problems = self.state.lock().unwrap().problems.clone();
        assert!(
            problems.is_empty(),
            "the bot sent bodies Discord's API description does not allow, or with mentions on:\n{}",
            problems.join("\n")
        );
    }

    pub fn openapi(&self) -> &OpenApi {
        &self.openapi
    }
}

/// A test certificate authority, and the server side of TLS for
/// discord.com signed by it.
fn certificates() -> (Vec<u8>, tokio_rustls::TlsAcceptor) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["discord.com".to_string()])
        .unwrap()
        .signed_by(&key, &ca, &ca_key)
        .unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    (
        ca.der().to_vec(),
        tokio_rustls::TlsAcceptor::from(Arc::new(config)),
    )
}

/// Accepts CONNECT tunnels to discord.com:443 and serves the REST API in them.
async fn serve_proxy(listener: TcpListener, tls: tokio_rustls::TlsAcceptor, rest: Arc<Rest>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let tls = tls.clone();
        let rest = rest.clone();
        tokio::spawn(async move {
            let Some(stream) = open_tunnel(stream).await else {
                return;
            };
            let Ok(stream) = tls.accept(stream).await else {
                return;
            };
            let service = hyper::service::service_fn(move |request| {
                let rest = rest.clone();
                async move { Ok::<_, std::convert::Infallible>(rest.answer(request).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Reads a CONNECT request and says the tunnel is open.
async fn open_tunnel(stream: TcpStream) -> Option<TcpStream> {
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    reader.read_line(&mut first).await.ok()?;
    if !first.starts_with("CONNECT discord.com:443 ") {
        panic!("the bot tried to reach something other than discord.com: {first}");
    }
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.ok()?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
    }
    let mut stream = reader.into_inner();
    stream
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .await
        .ok()?;
    Some(stream)
}

struct Rest {
    state: Arc<Mutex<State>>,
    openapi: Arc<OpenApi>,
    changed: Arc<Notify>,
    gateway_url: String,
}

impl Rest {
    async fn answer(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let method = request.method().to_string();
        let path = request
            .uri()
            .path_and_query()
            .map_or_else(String::new, |p| p.to_string());
        let boundary = request
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("multipart/form-data; boundary="))
            .map(str::to_string);
        let bytes = request
            .into_body()
            .collect()
            .await
            .map(|body| body.to_bytes())
            .unwrap_or_default();
        let (body, files) = match boundary {
            Some(boundary) => multipart(&bytes, &boundary),
            None => (json_or_note(&bytes), Vec::new()),
        };
        let (status, headers, answer) = {
            let mut state = self.state.lock().unwrap();
            if !body.is_null() {
                let problems = self.openapi.check(&method, &path, &body);
                state.problems.extend(problems);
                state
                    .problems
                    .extend(mentions_left_on(&method, &path, &body));
            }
            state.calls.push(Call {
                method: method.clone(),
                path: path.clone(),
                body: body.clone(),
                files,
            });
            let scripted = state
                .scripted
                .iter()
                .position(|s| s.method == method && path.contains(&s.path_contains))
                .and_then(|at| state.scripted.remove(at));
            match scripted {
                Some(s) => (s.status, s.headers, s.body),
                None => {
                    let (status, answer) = self.usual(&mut state, &method, &path, &body);
                    (status, rate_limit_headers(), answer)
                }
            }
        };
        self.changed.notify_waiters();
        let mut response = Response::builder()
            .status(StatusCode::from_u16(status).unwrap())
            .header("content-type", "application/json");
        for (name, value) in headers {
            response = response.header(name, value);
        }
        let bytes = if status == 204 {
            Bytes::new()
        } else {
            Bytes::from(answer.to_string())
        };
        response.body(Full::new(bytes)).unwrap()
    }

    /// What Discord answers when nothing is scripted.
    fn usual(&self, state: &mut State, method: &str, path: &str, body: &Value) -> (u16, Value) {
        let path = path.split('?').next().unwrap_or_default();
        let parts: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
        state.next_id += 1;
        let id = state.next_id.to_string();
        match (method, parts.as_slice()) {
            ("GET", ["users", "@me"]) => (200, bot_user()),
            ("GET", ["gateway"]) => (200, json!({"url": self.gateway_url})),
            ("GET", ["gateway", "bot"]) => (
                200,
                json!({
                    "url": self.gateway_url,
                    "shards": 1,
                    "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
                }),
            ),
            ("PUT", ["applications", _, "commands"])
            | ("PUT", ["applications", _, "guilds", _, "commands"]) => {
                let registered = body
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(n, command)| {
                        let mut command = command.clone();
                        command["id"] = json!(format!("{}", 800_000_000_000_000_000u64 + n as u64));
                        command["application_id"] = json!(APPLICATION_ID.to_string());
                        command["version"] = json!("1");
                        command["type"] = json!(1);
                        command["default_member_permissions"] = Value::Null;
                        command
                    })
                    .collect();
                (200, Value::Array(registered))
            }
            ("POST", ["users", "@me", "channels"]) => {
                let recipient = body["recipient_id"].as_str().unwrap_or("0").to_string();
                (200, dm_channel(&dm_channel_id(&recipient), &recipient))
            }
            ("POST", ["interactions", _, _, "callback"]) => (204, Value::Null),
            ("POST", ["webhooks", _, _]) => (200, message(&id, "1", body)),
            ("PATCH", ["webhooks", _, _, "messages", "@original"]) => {
                (200, message(&id, "1", body))
            }
            ("POST", ["channels", channel, "messages"]) => {
                let nonce = body["nonce"].as_str().map(str::to_string);
                let enforce = body["enforce_nonce"].as_bool() == Some(true);
                if let (Some(nonce), true) = (&nonce, enforce)
                    && let Some(earlier) = state.nonces.get(nonce)
                {
                    return (200, earlier.clone());
                }
                let created = message(&id, channel, body);
                state.messages_created += 1;
                if let (Some(nonce), true) = (nonce, enforce) {
                    state.nonces.insert(nonce, created.clone());
                }
                (200, created)
            }
            _ => (
                404,
                json!({"code": 0, "message": format!("the stand-in has no {method} {path}")}),
            ),
        }
    }
}

/// The rate-limit headers Discord sends with every answer, with room to
/// spare, so serenity's limiter reads and keeps its buckets as it would.
fn rate_limit_headers() -> Vec<(&'static str, String)> {
    vec![
        ("x-ratelimit-limit", "50".into()),
        ("x-ratelimit-remaining", "49".into()),
        ("x-ratelimit-reset-after", "1.0".into()),
        ("x-ratelimit-bucket", "standin".into()),
    ]
}

/// A JSON body, or a note of what else came.
fn json_or_note(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| json!({"not json": String::from_utf8_lossy(bytes).to_string()}))
}

/// The `payload_json` part of a multipart body, and its file parts.
fn multipart(bytes: &[u8], boundary: &str) -> (Value, Vec<SentFile>) {
    let delimiter = format!("--{boundary}");
    let mut body = Value::Null;
    let mut files = Vec::new();
    for part in split_at(bytes, delimiter.as_bytes()) {
        let Some(end) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let headers = String::from_utf8_lossy(&part[..end]).to_string();
        let content = &part[end + 4..];
        let content = content.strip_suffix(b"\r\n").unwrap_or(content);
        if headers.contains("name=\"payload_json\"") {
            body = json_or_note(content);
        } else if let Some(name) = headers
            .split("filename=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        {
            files.push(SentFile {
                name: name.to_string(),
                bytes: content.to_vec(),
            });
        }
    }
    (body, files)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn split_at<'a>(mut bytes: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    while let Some(at) = find(bytes, delimiter) {
        parts.push(&bytes[..at]);
        bytes = &bytes[at + delimiter.len()..];
    }
    parts.push(bytes);
    parts
}

/// A message body (or an interaction response's message) with text whose
/// mentions are not all switched off: the bot must never let what a person
/// typed ping anyone.
fn mentions_left_on(method: &str, path: &str, body: &Value) -> Option<String> {
    let message = if path.ends_with("/callback") {
        &body["data"]
    } else {
        body
    };
    let off = json!({"parse": [], "users": [], "roles": []});
    (message.get("content").is_some() && message["allowed_mentions"] != off).then(|| {
        format!(
            "{method} {path}: a message whose allowed_mentions are {}, not {off}",
            message["allowed_mentions"]
        )
    })
}

/// The DM channel id the stand-in gives the DM with `user`.
pub fn dm_channel_id(user: &str) -> String {
    format!("7{}", user.trim_start_matches('9'))
}

pub fn bot_user() -> Value {
    json!({
        "id": BOT_USER_ID.to_string(),
        "username": "securebase",
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "verified": true,
        "mfa_enabled": false,
        "flags": 0
    })
}

pub fn user(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "username": format!("person{id}"),
        "discriminator": "0",
        "global_name": null,
        "avatar": null
    })
}

fn dm_channel(id: &str, recipient: &str) -> Value {
    json!({
        "id": id,
        "type": 1,
        "last_message_id": null,
        "recipients": [user(recipient.parse().unwrap_or(1))]
    })
}

/// A message as Discord returns it, made from a sent body.
pub fn message(id: &str, channel: &str, body: &Value) -> Value {
    let mut made = message_object(
        id,
        channel,
        bot_user(),
        body["content"].as_str().unwrap_or_default(),
    );
    made["flags"] = json!(body["flags"].as_u64().unwrap_or(0));
    made["components"] = body["components"].clone();
    made
}

/// A message object with every field Discord always sends.
pub fn message_object(id: &str, channel: &str, author: Value, content: &str) -> Value {
    json!({
        "id": id,
        "channel_id": channel,
        "author": author,
        "content": content,
        "timestamp": "2026-11-25T19:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0
    })
}

/// What every gateway session shares.
#[derive(Clone)]
struct Session {
    dispatch: broadcast::Sender<Value>,
    identified: Arc<Notify>,
    heartbeats: Arc<AtomicUsize>,
    url: String,
}

/// Serves gateway sessions: Hello, then Ready after Identify, heartbeat
/// acks, and every dispatched event.
async fn serve_gateway(listener: TcpListener, session: Session) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        tokio::spawn(serve_session(stream, session.clone()));
    }
}

async fn serve_session(stream: TcpStream, session: Session) {
    let mut events = session.dispatch.subscribe();
    let Ok(mut socket) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let hello = json!({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MILLIS}});
    if socket.send(Frame::text(hello.to_string())).await.is_err() {
        return;
    }
    loop {
        let answer = tokio::select! {
            frame = socket.next() => {
                let Some(Ok(frame)) = frame else { return };
                let Some(payload) = frame.to_text().ok().and_then(|t| serde_json::from_str::<Value>(t).ok()) else {
                    continue;
                };
                match payload["op"].as_u64() {
                    Some(1) => {
                        session.heartbeats.fetch_add(1, Ordering::SeqCst);
                        json!({"op": 11})
                    }
                    Some(2) => {
                        session.identified.notify_one();
                        json!({"op": 0, "s": 1, "t": "READY", "d": {
                            "v": 10,
                            "user": bot_user(),
                            "guilds": [],
                            "session_id": "standin-session",
                            "resume_gateway_url": session.url,
                            "shard": [0, 1],
                            "application": {"id": APPLICATION_ID.to_string(), "flags": 0}
                        }})
                    }
                    _ => continue,
                }
            }
            event = events.recv() => {
                let Ok(event) = event else { return };
                event
            }
        };
        if socket.send(Frame::text(answer.to_string())).await.is_err() {
            return;
        }
    }
}
