//! The sandbox's HTTP side: its routes, reading each request within limits, judging it, and answering once
//! its record is committed.
//!
//! | route | what |
//! |---|---|
//! | `POST /dvcqg/login` | the adapter's login (`auth_endpoint`): `{"username", "password"}` → `{"error_code": 0, "message", "session"}` |
//! | `POST /oauth2/token` | client-credentials tokens for the contracts that use `oauth2-client-credentials` |
//! | `POST /dvcqg` | the adapter's one endpoint (`integration_endpoint`, `share_endpoint`): the operation is read from `service` |
//! | each contract's path (`/dvcqg/DongBoHoSoMC`) | that contract, for every contract the Portal hosts |
//! | `GET /conformance` | the report: HTML in Vietnamese (`?lang=en` for English), or JSON (`?format=json`) |
//! | `GET /` | what the sandbox serves |

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use axum::routing::{any, get};
use contracts_core::model::{AuthKind, Contract, Direction, Registry};
use contracts_core::payload::Violation;
use serde_json::{Map, Value, json};
use tokio::sync::oneshot;

use super::adapter::{ADAPTER_PATH, LOGIN_PATH, TOKEN_PATH, vietnam_time};
use super::exchange;
use super::report::{self, Lang};
use super::state::{Credentials, Dossiers};
use super::store::{Change, KEPT_BODY_BYTES, Record, Writer};
use super::verdict::{about_field, problem, verdict};

/// The largest request body the sandbox reads.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// How long a client may take by default to send its request's headers, and then its body.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// `error_code` of the answers. `3` and `-3` are avoided: some systems read them as "accepted".
pub mod codes {
    /// Accepted.
    pub const OK: i64 = 0;
    /// The request breaks the contract; `violations` lists how.
    pub const CONTRACT: i64 = 1;
    /// No valid session or token.
    pub const AUTH: i64 = 2;
    /// The request contradicts the dossiers the sandbox holds (already exists, unknown, status change).
    pub const STATE: i64 = 4;
    /// The request could not be read at all (size, time, content type, JSON syntax, unknown operation).
    pub const UNREADABLE: i64 = 9;
}

/// What every request handler shares.
pub struct Shared {
    pub registry: Arc<Registry>,
    /// The contracts the Portal hosts, by path and by operation name.
    pub by_path: HashMap<String, String>,
    pub by_operation: HashMap<String, String>,
    /// The success answer of each hosted contract: its first example response.
    pub answers: HashMap<String, Value>,
    pub dossiers: Mutex<Dossiers>,
    pub credentials: Mutex<Credentials>,
    pub writer: Writer,
    pub data: PathBuf,
    /// The website root that failures link to.
    pub site_url: String,
    pub conformant_after: u64,
    /// How long a client may take to send a body.
    pub read_timeout: Duration,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/conformance", get(conformance))
        .route(LOGIN_PATH, any(login))
        .route(TOKEN_PATH, any(token))
        .route(ADAPTER_PATH, any(adapter))
        .fallback(by_path)
        .with_state(shared)
}

/// When a request arrived.
#[derive(Clone, Copy)]
struct Clock {
    started: Instant,
    at_ms: i64,
}

impl Clock {
    fn now() -> Clock {
        let at_ms = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
        Clock {
            started: Instant::now(),
            at_ms: i64::try_from(at_ms).unwrap_or_default(),
        }
    }
}

/// How a request was judged and what to answer; becomes a [`Record`].
struct Outcome {
    system: String,
    operation: String,
    contract: Option<String>,
    http: StatusCode,
    error_code: i64,
    answer: Value,
    /// Each violation with its kind (see [`kind_of`]).
    violations: Vec<(&'static str, Violation)>,
    body: Option<Vec<u8>>,
    changes: Vec<Change>,
}

/// The kind of the violations of a request refused with `error_code`: `transport`, `auth`, `contract` or
/// `state`. The report tells failures of different kinds apart.
fn kind_of(error_code: i64) -> &'static str {
    match error_code {
        codes::UNREADABLE => "transport",
        codes::AUTH => "auth",
        codes::STATE => "state",
        _ => "contract",
    }
}

impl Outcome {
    /// A request that breaks a rule, answered with `error_code` and its violations.
    fn refused(
        shared: &Shared,
        http: StatusCode,
        error_code: i64,
        what: Who,
        violations: Vec<Violation>,
        body: &[u8],
    ) -> Outcome {
        let answer = refusal(shared, error_code, what.contract, &violations);
        let kind = kind_of(error_code);
        Outcome {
            system: what.system,
            operation: what.operation,
            contract: what.contract.map(|c| c.id.clone()),
            http,
            error_code,
            answer,
            violations: violations.into_iter().map(|v| (kind, v)).collect(),
            body: Some(body[..body.len().min(KEPT_BODY_BYTES)].to_vec()),
            changes: Vec::new(),
        }
    }
}

/// Who sent a request, for what.
struct Who<'a> {
    system: String,
    operation: String,
    contract: Option<&'a Contract>,
}

/// A record queued for commit and the answer to send once it is committed.
struct Pending {
    committed: oneshot::Receiver<Result<i64, String>>,
    http: StatusCode,
    answer: Value,
}

fn submit(shared: &Shared, clock: Clock, outcome: Outcome) -> Pending {
    let latency = u64::try_from(clock.started.elapsed().as_micros()).unwrap_or(u64::MAX);
    let valid = outcome.violations.is_empty();
    let record = Record {
        at_ms: clock.at_ms,
        system: outcome.system,
        operation: outcome.operation,
        contract: outcome.contract,
        valid,
        http_status: outcome.http.as_u16(),
        error_code: outcome.error_code,
        latency_us: latency,
        violations: outcome.violations,
        body: if valid { None } else { outcome.body },
    };
    Pending {
        committed: shared.writer.submit(record, outcome.changes),
        http: outcome.http,
        answer: outcome.answer,
    }
}

/// Waits for the record, then answers (with the record's id in `x-sandbox-request`).
async fn respond(pending: Pending) -> Response {
    match pending.committed.await {
        Ok(Ok(id)) => json_response(pending.http, Some(id), &pending.answer),
        Ok(Err(error)) => unrecorded(&error),
        Err(_) => unrecorded("the record writer has stopped"),
    }
}

fn unrecorded(error: &str) -> Response {
    json_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        None,
        &json!({
            "error_code": codes::UNREADABLE,
            "message": format!("Sandbox không ghi được yêu cầu / the sandbox could not record the request: {error}; send it again"),
        }),
    )
}

fn json_response(status: StatusCode, id: Option<i64>, value: &Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    if let Some(id) = id
        && let Ok(value) = HeaderValue::from_str(&id.to_string())
    {
        headers.insert("x-sandbox-request", value);
    }
    response
}

/// The answer to a refused request: `error_code`, a short Vietnamese `message`, and every violation with
/// its field label, provisions and the contract page that explains it.
fn refusal(
    shared: &Shared,
    error_code: i64,
    contract: Option<&Contract>,
    violations: &[Violation],
) -> Value {
    let what = match error_code {
        codes::AUTH => "Chưa đăng nhập hoặc phiên không hợp lệ",
        codes::STATE => "Yêu cầu mâu thuẫn với hồ sơ đã có trên Cổng",
        codes::UNREADABLE => "Không đọc được yêu cầu",
        _ => "Dữ liệu không đúng hợp đồng",
    };
    let about = contract.map_or(String::new(), |c| format!(" {} {}", c.id, c.version));
    let first = violations
        .first()
        .map_or(String::new(), |v| format!(": {v}"));
    let more = if violations.len() > 1 {
        format!(" (và {} lỗi khác)", violations.len() - 1)
    } else {
        String::new()
    };
    json!({
        "error_code": error_code,
        "message": format!("{what}{about}{first}{more}"),
        "violations": violations.iter().map(|v| report::violation_json(v, contract.map(|c| c.id.as_str()), &shared.site_url, Lang::Vi)).collect::<Vec<_>>(),
    })
}

/// Requests on a contract's path; anything else is not found.
async fn by_path(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let clock = Clock::now();
    let Some(id) = shared.by_path.get(request.uri().path()).cloned() else {
        return not_found(&shared, clock, request).await;
    };
    let (parts, body) = request.into_parts();
    let Some(contract) = shared.registry.contracts.get(&id) else {
        return not_found_response(parts.uri.path());
    };
    let who = |system: String| Who {
        system,
        operation: contract.operation.clone(),
        contract: Some(contract),
    };
    let wanted = contract.method.as_str();
    if !parts.method.as_str().eq_ignore_ascii_case(wanted) {
        let violation = problem(
            "",
            format!(
                "`{}` is not the method of {}: send {wanted} {}",
                parts.method, contract.operation, contract.path
            ),
        );
        let outcome = Outcome::refused(
            &shared,
            StatusCode::METHOD_NOT_ALLOWED,
            codes::UNREADABLE,
            who(fallback_system(&parts.headers)),
            vec![violation],
            &[],
        );
        return respond(submit(&shared, clock, outcome)).await;
    }
    let body = if parts.method == Method::GET {
        query_payload(
            contract,
            parts.uri.query().unwrap_or_default(),
            &parts.headers,
        )
    } else {
        match read_json_body(&parts.headers, body, shared.read_timeout).await {
            Ok(body) => body,
            Err((http, violation, body)) => {
                let system = system_of(None, None, &parts.headers, &body);
                let outcome = Outcome::refused(
                    &shared,
                    http,
                    codes::UNREADABLE,
                    who(system),
                    vec![violation],
                    &body,
                );
                return respond(submit(&shared, clock, outcome)).await;
            }
        }
    };
    let pending = judge(&shared, contract, &parts.headers, &body, clock);
    respond(pending).await
}

/// The adapter's one endpoint: the operation is the body's `service`.
async fn adapter(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let clock = Clock::now();
    let (parts, body) = request.into_parts();
    let unknown = |system: String| Who {
        system,
        operation: "(unknown)".to_owned(),
        contract: None,
    };
    if parts.method != Method::POST {
        let who = unknown(fallback_system(&parts.headers));
        return wrong_method(
            &shared,
            clock,
            &parts.method,
            ("adapter", ADAPTER_PATH),
            who,
        )
        .await;
    }
    let body = match read_json_body(&parts.headers, body, shared.read_timeout).await {
        Ok(body) => body,
        Err((http, violation, body)) => {
            let system = system_of(None, None, &parts.headers, &body);
            let outcome = Outcome::refused(
                &shared,
                http,
                codes::UNREADABLE,
                unknown(system),
                vec![violation],
                &body,
            );
            return respond(submit(&shared, clock, outcome)).await;
        }
    };
    let service = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("service").and_then(Value::as_str).map(str::to_owned));
    let contract = service
        .as_deref()
        .and_then(|s| shared.by_operation.get(s))
        .and_then(|id| shared.registry.contracts.get(id));
    match contract {
        Some(contract) => respond(judge(&shared, contract, &parts.headers, &body, clock)).await,
        None => {
            let message = match &service {
                Some(s) => format!(
                    "`{}` is not an operation the Portal hosts; send one of: {}",
                    clip(s),
                    operations(&shared)
                ),
                None => format!(
                    "the body names no operation: put its name in \"service\" (one of: {})",
                    operations(&shared)
                ),
            };
            let system = system_of(None, None, &parts.headers, &body);
            let outcome = Outcome::refused(
                &shared,
                StatusCode::BAD_REQUEST,
                codes::UNREADABLE,
                unknown(system),
                vec![problem("/service", message)],
                &body,
            );
            respond(submit(&shared, clock, outcome)).await
        }
    }
}

fn operations(shared: &Shared) -> String {
    let mut names: Vec<&str> = shared.by_operation.keys().map(String::as_str).collect();
    names.sort_unstable();
    names.join(", ")
}

/// Judges a readable request of `contract`: its payload, its session or token, then the dossiers' state.
fn judge(
    shared: &Shared,
    contract: &Contract,
    headers: &HeaderMap,
    body: &[u8],
    clock: Clock,
) -> Pending {
    let judged = verdict(&shared.registry, contract, Direction::Request, body);
    let (credential_system, auth) = check_auth(shared, contract, headers, judged.value.as_ref());
    let system = system_of(judged.value.as_ref(), credential_system, headers, body);
    let who = Who {
        system,
        operation: contract.operation.clone(),
        contract: Some(contract),
    };
    let Some(value) = judged.value else {
        let outcome = Outcome::refused(
            shared,
            StatusCode::BAD_REQUEST,
            codes::UNREADABLE,
            who,
            judged.violations,
            body,
        );
        return submit(shared, clock, outcome);
    };
    if !auth.is_empty() {
        let auth_count = auth.len();
        let mut violations = auth;
        violations.extend(judged.violations);
        let mut outcome =
            Outcome::refused(shared, StatusCode::OK, codes::AUTH, who, violations, body);
        for (kind, _) in outcome.violations.iter_mut().skip(auth_count) {
            *kind = kind_of(codes::CONTRACT);
        }
        return submit(shared, clock, outcome);
    }
    if !judged.violations.is_empty() {
        let outcome = Outcome::refused(
            shared,
            StatusCode::OK,
            codes::CONTRACT,
            who,
            judged.violations,
            body,
        );
        return submit(shared, clock, outcome);
    }
    if !exchange::is_stateful(contract) {
        let outcome = accepted(shared, who, contract, exchange::Effect::default());
        return submit(shared, clock, outcome);
    }
    // Stateful requests are applied and queued under one lock, so that the records keep their order.
    let mut dossiers = shared
        .dossiers
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let now = vietnam_time(clock.at_ms);
    let outcome = match exchange::apply(&shared.registry, contract, &value, &mut dossiers, &now) {
        Ok(effect) => accepted(shared, who, contract, effect),
        Err(violations) => {
            Outcome::refused(shared, StatusCode::OK, codes::STATE, who, violations, body)
        }
    };
    submit(shared, clock, outcome)
}

fn accepted(shared: &Shared, who: Who, contract: &Contract, effect: exchange::Effect) -> Outcome {
    let mut answer = shared
        .answers
        .get(&contract.id)
        .cloned()
        .unwrap_or_else(|| json!({"error_code": codes::OK, "message": "Thành công"}));
    if let (Some(result), Some(object)) = (effect.result, answer.as_object_mut()) {
        object.insert("result".to_owned(), result);
    }
    Outcome {
        system: who.system,
        operation: who.operation,
        contract: Some(contract.id.clone()),
        http: StatusCode::OK,
        error_code: codes::OK,
        answer,
        violations: Vec::new(),
        body: None,
        changes: effect.changes,
    }
}

/// The session or token a request carries: the system it was issued to, or why it is refused.
fn check_auth(
    shared: &Shared,
    contract: &Contract,
    headers: &HeaderMap,
    value: Option<&Value>,
) -> (Option<String>, Vec<Violation>) {
    let kind = shared
        .registry
        .info
        .auth_schemes
        .get(&contract.auth)
        .map(|a| a.kind);
    let credentials = || {
        shared
            .credentials
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    };
    match kind {
        Some(AuthKind::Session) => {
            // A missing or empty session is the validator's to report.
            let Some(session) = value
                .and_then(|v| v.get("session"))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            else {
                return (None, Vec::new());
            };
            match credentials().system(session) {
                Some(system) => (Some(system.to_owned()), Vec::new()),
                None => (
                    None,
                    vec![about_field(
                        &shared.registry,
                        contract,
                        "/session",
                        format!(
                            "this session was not issued by the sandbox: log in with POST {LOGIN_PATH} {{\"username\", \"password\"}} and send the session it returns"
                        ),
                    )],
                ),
            }
        }
        Some(AuthKind::OAuth2ClientCredentials | AuthKind::OidcAuthorizationCode) => {
            // Where the token is a field of the request (the SSO attribute reads), it is the payload itself.
            if contract
                .request
                .fields
                .iter()
                .any(|f| f.wire_name == "access_token")
            {
                return (None, Vec::new());
            }
            match bearer(headers) {
                None => (
                    None,
                    vec![problem(
                        "",
                        format!(
                            "no `Authorization: Bearer <token>` header: get a token with POST {TOKEN_PATH} (grant_type=client_credentials, client_id, client_secret) and send it"
                        ),
                    )],
                ),
                Some(token) => match credentials().system(token) {
                    Some(system) => (Some(system.to_owned()), Vec::new()),
                    None => (
                        None,
                        vec![problem(
                            "",
                            format!(
                                "the Bearer token was not issued by the sandbox: get one with POST {TOKEN_PATH}"
                            ),
                        )],
                    ),
                },
            }
        }
        // API keys and mutual TLS are not played by the sandbox.
        _ => (None, Vec::new()),
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The sending system: the body's `madonvi`, else the account of its session or token, else the `dstcode`
/// header, else `(unidentified)`.
fn system_of(
    value: Option<&Value>,
    credential: Option<String>,
    headers: &HeaderMap,
    body: &[u8],
) -> String {
    let parsed;
    let value = match value {
        Some(value) => Some(value),
        None => {
            parsed = serde_json::from_slice::<Value>(body).ok();
            parsed.as_ref()
        }
    };
    value
        .and_then(|v| v.get("madonvi"))
        .and_then(Value::as_str)
        .map(clip)
        .filter(|s| !s.is_empty())
        .or(credential.map(|c| clip(&c)))
        .unwrap_or_else(|| fallback_system(headers))
}

fn fallback_system(headers: &HeaderMap) -> String {
    headers
        .get("dstcode")
        .and_then(|v| v.to_str().ok())
        .map(clip)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "(unidentified)".to_owned())
}

/// A name sent by a client, as the sandbox keeps it: at most 64 characters, no control characters.
fn clip(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(64).collect()
}

/// Reads a JSON body: the content type must be JSON, the body at most [`MAX_BODY_BYTES`], arriving within
/// `timeout`. A refusal carries the HTTP status, the violation and what was read.
async fn read_json_body(
    headers: &HeaderMap,
    body: Body,
    timeout: Duration,
) -> Result<Vec<u8>, (StatusCode, Violation, Vec<u8>)> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err((StatusCode::PAYLOAD_TOO_LARGE, too_large(), Vec::new()));
    }
    let bytes =
        match tokio::time::timeout(timeout, axum::body::to_bytes(body, MAX_BODY_BYTES)).await {
            Err(_) => {
                return Err((
                    StatusCode::REQUEST_TIMEOUT,
                    problem(
                        "",
                        format!("the body did not arrive within {} s", timeout.as_secs_f32()),
                    ),
                    Vec::new(),
                ));
            }
            Ok(Err(error)) if is_length_limit(&error) => {
                return Err((StatusCode::PAYLOAD_TOO_LARGE, too_large(), Vec::new()));
            }
            Ok(Err(error)) => {
                return Err((
                    StatusCode::BAD_REQUEST,
                    problem("", format!("the body could not be read: {error}")),
                    Vec::new(),
                ));
            }
            Ok(Ok(bytes)) => bytes,
        };
    if let Err(message) = json_content_type(headers) {
        return Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            problem("", message),
            bytes.to_vec(),
        ));
    }
    Ok(bytes.to_vec())
}

fn too_large() -> Violation {
    problem(
        "",
        format!(
            "the body is larger than the sandbox's limit of {} MiB: send fewer items per request",
            MAX_BODY_BYTES / (1024 * 1024)
        ),
    )
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = source {
        if e.to_string().contains("length limit") {
            return true;
        }
        source = e.source();
    }
    false
}

/// The content type must be `application/json`, with no charset other than UTF-8.
fn json_content_type(headers: &HeaderMap) -> Result<(), String> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Err(
            "the request has no Content-Type: send `Content-Type: application/json`".to_owned(),
        );
    };
    let text = value.to_str().unwrap_or_default();
    let mut parts = text.split(';');
    let media = parts.next().unwrap_or_default().trim();
    if !media.eq_ignore_ascii_case("application/json") {
        return Err(format!(
            "the Content-Type is `{}`, not JSON: send `Content-Type: application/json`",
            clip(text)
        ));
    }
    for parameter in parts {
        if let Some((name, charset)) = parameter.split_once('=')
            && name.trim().eq_ignore_ascii_case("charset")
        {
            let charset = charset.trim().trim_matches('"');
            if !charset.eq_ignore_ascii_case("utf-8") && !charset.eq_ignore_ascii_case("utf8") {
                return Err(format!(
                    "the body is declared as `{}`: send UTF-8 (`Content-Type: application/json; charset=utf-8`)",
                    clip(charset)
                ));
            }
        }
    }
    Ok(())
}

/// The request of a GET contract as a JSON object: its query parameters as strings, and the Bearer token as
/// `access_token` when the contract has that field.
fn query_payload(contract: &Contract, query: &str, headers: &HeaderMap) -> Vec<u8> {
    let mut object = Map::new();
    for (name, value) in form_pairs(query) {
        object.insert(name, Value::String(value));
    }
    if contract
        .request
        .fields
        .iter()
        .any(|f| f.wire_name == "access_token")
        && !object.contains_key("access_token")
        && let Some(token) = bearer(headers)
    {
        object.insert("access_token".to_owned(), Value::from(token));
    }
    serde_json::to_vec(&Value::Object(object)).unwrap_or_default()
}

/// The pairs of an `application/x-www-form-urlencoded` text.
pub fn form_pairs(text: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

/// `POST /dvcqg/login`: any non-empty username and password open a session for the system named by the
/// username (use the agency code `madonvi`, so that logins show under the same system as the pushes).
/// The answer to a request on a POST-only route (`what`, at `path`) with another method, recorded as refused.
async fn wrong_method(
    shared: &Arc<Shared>,
    clock: Clock,
    method: &Method,
    (what, path): (&str, &str),
    who: Who<'_>,
) -> Response {
    let violation = problem(
        "",
        format!("`{method}` is not the {what}'s method: send POST {path}"),
    );
    let outcome = Outcome::refused(
        shared,
        StatusCode::METHOD_NOT_ALLOWED,
        codes::UNREADABLE,
        who,
        vec![violation],
        &[],
    );
    respond(submit(shared, clock, outcome)).await
}

async fn login(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let clock = Clock::now();
    let (parts, body) = request.into_parts();
    let who = |system: String| Who {
        system,
        operation: "login".to_owned(),
        contract: None,
    };
    if parts.method != Method::POST {
        let who = who(fallback_system(&parts.headers));
        return wrong_method(&shared, clock, &parts.method, ("login", LOGIN_PATH), who).await;
    }
    let body = match read_json_body(&parts.headers, body, shared.read_timeout).await {
        Ok(body) => body,
        Err((http, violation, body)) => {
            let outcome = Outcome::refused(
                &shared,
                http,
                codes::UNREADABLE,
                who(fallback_system(&parts.headers)),
                vec![violation],
                &body,
            );
            return respond(submit(&shared, clock, outcome)).await;
        }
    };
    let value = match serde_json::from_slice::<Value>(&body) {
        Ok(value) => value,
        Err(error) => {
            let violation = super::verdict::malformed(&error);
            let outcome = Outcome::refused(
                &shared,
                StatusCode::BAD_REQUEST,
                codes::UNREADABLE,
                who(fallback_system(&parts.headers)),
                vec![violation],
                &body,
            );
            return respond(submit(&shared, clock, outcome)).await;
        }
    };
    let text = |name: &str| {
        value
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let mut violations = Vec::new();
    for name in ["username", "password"] {
        if text(name).is_none() {
            violations.push(problem(
                &format!("/{name}"),
                format!("`{name}` must be a non-empty string: the sandbox accepts any account; use your agency code (madonvi) as the username"),
            ));
        }
    }
    let system = text("username").map_or_else(|| fallback_system(&parts.headers), clip);
    if !violations.is_empty() {
        let outcome = Outcome::refused(
            &shared,
            StatusCode::OK,
            codes::CONTRACT,
            who(system),
            violations,
            &body,
        );
        return respond(submit(&shared, clock, outcome)).await;
    }
    let session = new_token();
    let answer =
        json!({"error_code": codes::OK, "message": "Đăng nhập thành công", "session": session});
    respond(issue(
        &shared,
        clock,
        who(system),
        session,
        "session",
        answer,
    ))
    .await
}

/// `POST /oauth2/token`: `grant_type=client_credentials` with any client id and secret returns a Bearer
/// token for the system named by the client id. Form-encoded (RFC 6749) or JSON bodies are read.
async fn token(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let clock = Clock::now();
    let (parts, body) = request.into_parts();
    let who = |system: String| Who {
        system,
        operation: "token".to_owned(),
        contract: None,
    };
    let refuse = |http, violation: Violation, body: &[u8]| {
        Outcome::refused(
            &shared,
            http,
            codes::UNREADABLE,
            who(fallback_system(&parts.headers)),
            vec![violation],
            body,
        )
    };
    if parts.method != Method::POST {
        let violation = problem(
            "",
            format!(
                "`{}` is not the token endpoint's method: send POST {TOKEN_PATH}",
                parts.method
            ),
        );
        return respond(submit(
            &shared,
            clock,
            refuse(StatusCode::METHOD_NOT_ALLOWED, violation, &[]),
        ))
        .await;
    }
    let form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    let fields: HashMap<String, String> = if form {
        match tokio::time::timeout(shared.read_timeout, axum::body::to_bytes(body, 64 * 1024)).await
        {
            Ok(Ok(bytes)) => form_pairs(&String::from_utf8_lossy(&bytes))
                .into_iter()
                .collect(),
            _ => {
                let violation = problem(
                    "",
                    "the form could not be read (at most 64 KiB, within the read timeout)"
                        .to_owned(),
                );
                return respond(submit(
                    &shared,
                    clock,
                    refuse(StatusCode::BAD_REQUEST, violation, &[]),
                ))
                .await;
            }
        }
    } else {
        let body = match read_json_body(&parts.headers, body, shared.read_timeout).await {
            Ok(body) => body,
            Err((http, violation, body)) => {
                return respond(submit(&shared, clock, refuse(http, violation, &body))).await;
            }
        };
        match serde_json::from_slice::<Map<String, Value>>(&body) {
            Ok(map) => map
                .into_iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_owned())))
                .collect(),
            Err(error) => {
                let violation = super::verdict::malformed(&error);
                return respond(submit(
                    &shared,
                    clock,
                    refuse(StatusCode::BAD_REQUEST, violation, &body),
                ))
                .await;
            }
        }
    };
    let text = |name: &str| {
        fields
            .get(name)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    };
    let mut violations = Vec::new();
    if text("grant_type") != Some("client_credentials") {
        violations.push(problem(
            "/grant_type",
            "`grant_type` must be `client_credentials`".to_owned(),
        ));
    }
    for name in ["client_id", "client_secret"] {
        if text(name).is_none() {
            violations.push(problem(
                &format!("/{name}"),
                format!("`{name}` must be a non-empty string: the sandbox accepts any client"),
            ));
        }
    }
    let system = text("client_id").map_or_else(|| fallback_system(&parts.headers), clip);
    if !violations.is_empty() {
        let outcome = Outcome::refused(
            &shared,
            StatusCode::BAD_REQUEST,
            codes::CONTRACT,
            who(system),
            violations,
            &[],
        );
        return respond(submit(&shared, clock, outcome)).await;
    }
    let token = new_token();
    let answer = json!({"access_token": token, "token_type": "Bearer", "expires_in": 86_400});
    respond(issue(&shared, clock, who(system), token, "token", answer)).await
}

/// Issues a session or token: remembered at once, recorded with the request.
fn issue(
    shared: &Shared,
    clock: Clock,
    who: Who,
    token: String,
    kind: &'static str,
    answer: Value,
) -> Pending {
    shared
        .credentials
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(token.clone(), who.system.clone());
    let outcome = Outcome {
        changes: vec![Change::Credential {
            token,
            system: who.system.clone(),
            kind,
        }],
        system: who.system,
        operation: who.operation,
        contract: None,
        http: StatusCode::OK,
        error_code: codes::OK,
        answer,
        violations: Vec::new(),
        body: None,
    };
    submit(shared, clock, outcome)
}

/// 32 random hexadecimal digits (128 bits).
fn new_token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness: fall back on the clock and a counter, still unique within the process.
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let t = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
        bytes[..8].copy_from_slice(&n.to_le_bytes());
        bytes[8..].copy_from_slice(&(t as u64).to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Unknown paths: recorded when they are under the adapter's prefix (a system calling an operation the
/// Portal does not host), answered 404 either way.
async fn not_found(shared: &Shared, clock: Clock, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if !path.starts_with(&format!("{ADAPTER_PATH}/")) {
        return not_found_response(&path);
    }
    let (parts, body) = request.into_parts();
    let body = tokio::time::timeout(
        shared.read_timeout,
        axum::body::to_bytes(body, MAX_BODY_BYTES),
    )
    .await
    .ok()
    .and_then(Result::ok)
    .map(|b| b.to_vec())
    .unwrap_or_default();
    let violation = problem(
        "",
        format!(
            "`{}` is not the path of an operation the Portal hosts; send one of: {}",
            clip(&path),
            operations(shared)
        ),
    );
    let who = Who {
        system: system_of(None, None, &parts.headers, &body),
        operation: "(unknown)".to_owned(),
        contract: None,
    };
    let outcome = Outcome::refused(
        shared,
        StatusCode::NOT_FOUND,
        codes::UNREADABLE,
        who,
        vec![violation],
        &body,
    );
    respond(submit(shared, clock, outcome)).await
}

fn not_found_response(path: &str) -> Response {
    json_response(
        StatusCode::NOT_FOUND,
        None,
        &json!({"error_code": codes::UNREADABLE, "message": format!("`{}` is not served here; see GET /", clip(path))}),
    )
}

/// `GET /conformance`: the report, as HTML (`?lang=vi|en`) or JSON (`?format=json`, or `Accept: application/json`).
async fn conformance(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let query: HashMap<String, String> = form_pairs(request.uri().query().unwrap_or_default())
        .into_iter()
        .collect();
    let wants_json = query.get("format").is_some_and(|f| f == "json")
        || request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
    let lang = if query.get("lang").is_some_and(|l| l == "en") {
        Lang::En
    } else {
        Lang::Vi
    };
    let data = shared.data.clone();
    let registry = shared.registry.clone();
    let after = shared.conformant_after;
    let built = tokio::task::spawn_blocking(move || report::build(&data, &registry, after)).await;
    let report = match built {
        Ok(Ok(report)) => report,
        Ok(Err(error)) => {
            return json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                None,
                &json!({"error_code": codes::UNREADABLE, "message": error}),
            );
        }
        Err(error) => {
            return json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                None,
                &json!({"error_code": codes::UNREADABLE, "message": error.to_string()}),
            );
        }
    };
    if wants_json {
        return json_response(StatusCode::OK, None, &report.to_json(&shared.site_url));
    }
    html_response(report.to_html(lang, &shared.site_url))
}

fn html_response(html: String) -> Response {
    let mut response = Response::new(Body::from(html));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// `GET /`: what the sandbox serves and how to use it.
async fn index(State(shared): State<Arc<Shared>>) -> Response {
    let mut ids: Vec<&String> = shared.by_operation.values().collect();
    ids.sort_unstable();
    let contracts: Vec<&Contract> = ids
        .iter()
        .filter_map(|id| shared.registry.contracts.get(*id))
        .collect();
    html_response(report::index_html(&contracts, &shared.site_url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_pairs_decode_plus_and_percent() {
        assert_eq!(
            form_pairs("grant_type=client_credentials&client_id=000.00.00.H56&x=a+b%2Fc&flag"),
            vec![
                ("grant_type".to_owned(), "client_credentials".to_owned()),
                ("client_id".to_owned(), "000.00.00.H56".to_owned()),
                ("x".to_owned(), "a b/c".to_owned()),
                ("flag".to_owned(), String::new()),
            ]
        );
    }

    #[test]
    fn json_content_types_are_told_apart() {
        let mut headers = HeaderMap::new();
        assert!(json_content_type(&headers).is_err());
        for (value, ok) in [
            ("application/json", true),
            ("Application/JSON; charset=UTF-8", true),
            ("application/json; charset=\"utf-8\"", true),
            ("application/json; charset=windows-1258", false),
            ("text/plain", false),
            ("application/x-www-form-urlencoded", false),
        ] {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            assert_eq!(json_content_type(&headers).is_ok(), ok, "{value}");
        }
    }

    #[test]
    fn client_names_are_clipped_and_cleaned() {
        assert_eq!(clip("a\u{0}b\nc"), "abc");
        assert_eq!(clip(&"x".repeat(100)).len(), 64);
    }
}
