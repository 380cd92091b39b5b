//! The conformance sandbox and the probe as ministries run them: the `contracts` binary on a free loopback
//! port, real HTTP, the records on disk.

mod common;

use std::io::{BufRead, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{contracts, workspace};
use contracts_core::limits::Limits;
use contracts_core::model::{Direction, Registry};
use contracts_tool::sandbox::{self, load};
use serde_json::{Value, json};

const SYSTEM: &str = "000.00.00.H56";

fn registry() -> Registry {
    let (registry, diagnostics) =
        contracts_core::check_dir(&workspace().join("contracts"), &Limits::default());
    assert!(!diagnostics.has_errors());
    registry
}

fn example(registry: &Registry, id: &str) -> Value {
    registry.contracts[id]
        .examples
        .iter()
        .find_map(|e| e.request.clone())
        .unwrap_or_else(|| panic!("{id} has no example request"))
}

/// A `contracts sandbox` process, killed when dropped.
struct Sandbox {
    child: Child,
    address: SocketAddr,
}

impl Sandbox {
    fn start(data: &Path, extra: &[&str]) -> Sandbox {
        let child = contracts()
            .arg("--root")
            .arg(workspace())
            .args(["sandbox", "--port", "0", "--data"])
            .arg(data)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let mut sandbox = Sandbox {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
        };
        let stderr = sandbox
            .child
            .stderr
            .take()
            .unwrap_or_else(|| panic!("no stderr"));
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = std::io::BufReader::new(stderr);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                let _ = sender.send(line.clone());
                line.clear();
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let line = receiver
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("the sandbox did not start"));
            if let Some(rest) = line.strip_prefix("sandbox: serving http://") {
                let address = rest.split('/').next().unwrap_or_default();
                sandbox.address = address.parse().unwrap_or_else(|e| panic!("{address}: {e}"));
                return sandbox;
            }
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// kill -9.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.kill();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into()
}

/// A POST and its answer: HTTP status, record id, JSON body.
fn post(url: &str, content_type: &str, body: &[u8]) -> (u16, Option<i64>, Value) {
    let mut response = agent()
        .post(url)
        .header("Content-Type", content_type)
        .send(body)
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let id = response
        .headers()
        .get("x-sandbox-request")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let bytes = response
        .body_mut()
        .read_to_vec()
        .unwrap_or_else(|e| panic!("{e}"));
    let value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&bytes));
    });
    (response.status().as_u16(), id, value)
}

fn post_json(url: &str, body: &Value) -> (u16, Option<i64>, Value) {
    post(
        url,
        "application/json",
        &serde_json::to_vec(body).unwrap_or_default(),
    )
}

fn login(sandbox: &Sandbox, account: &str) -> String {
    let (status, _, answer) = post_json(
        &sandbox.url("/dvcqg/login"),
        &json!({"username": account, "password": "secret"}),
    );
    assert_eq!(
        (status, &answer["error_code"]),
        (200, &json!(0)),
        "{answer}"
    );
    answer["session"].as_str().unwrap_or_default().to_owned()
}

/// A request of [`SYSTEM`] with its session.
fn with_session(mut body: Value, session: &str) -> Value {
    body["session"] = json!(session);
    body["madonvi"] = json!(SYSTEM);
    body
}

fn run_report(data: &Path, format: &str) -> std::process::Output {
    contracts()
        .arg("--root")
        .arg(workspace())
        .args(["sandbox", "report", "--format", format, "--data"])
        .arg(data)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn report_json(data: &Path) -> Value {
    let output = run_report(data, "json");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"))
}

fn operation<'a>(report: &'a Value, system: &str, operation: &str) -> &'a Value {
    report["systems"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["system"] == system)
        .flat_map(|s| s["operations"].as_array().into_iter().flatten())
        .find(|o| o["operation"] == operation)
        .unwrap_or_else(|| panic!("no {operation} of {system} in {report:#}"))
}

/// `(pointer, provisions)` of every violation of an answer.
fn violations(answer: &Value) -> Vec<(String, Vec<String>)> {
    answer["violations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| {
            let legal = v["legal"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l.as_str().map(str::to_owned))
                .collect();
            (v["pointer"].as_str().unwrap_or_default().to_owned(), legal)
        })
        .collect()
}

#[test]
fn a_system_logs_in_pushes_dossiers_reads_their_status_and_gets_its_report() {
    let registry = registry();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sandbox = Sandbox::start(dir.path(), &[]);
    let session = login(&sandbox, SYSTEM);
    let push_url = sandbox.url("/dvcqg/DongBoHoSoMC");
    let push = with_session(example(&registry, "dossier-sync"), &session);

    // A valid push is accepted and recorded.
    let (status, id, answer) = post_json(&push_url, &push);
    assert_eq!(
        (status, &answer["error_code"]),
        (200, &json!(0)),
        "{answer}"
    );
    assert!(id.is_some());

    // An invalid push: every violation with its field and provision, linked to the contract page.
    let mut bad = push.clone();
    bad["data"][0]["NgayHenTra"] = json!("2025-03-28");
    bad["data"][0]["TrangThaiHoSo"] = json!("11");
    bad["data"][0].as_object_mut().map(|d| d.remove("MaTTHC"));
    let (status, _, answer) = post_json(&push_url, &bad);
    assert_eq!(
        (status, &answer["error_code"]),
        (200, &json!(1)),
        "{answer}"
    );
    let found = violations(&answer);
    for (pointer, provision) in [
        ("/data/0", "10.1.b"),
        ("/data/0/NgayHenTra", "10.1.h"),
        ("/data/0/TrangThaiHoSo", "10.1.i"),
    ] {
        assert!(
            found
                .iter()
                .any(|(p, l)| p == pointer && l.iter().any(|l| l == provision)),
            "{pointer} {provision} not in {answer:#}"
        );
    }
    assert_eq!(found.len(), 3, "{answer:#}");
    assert_eq!(
        answer["violations"][1]["page"],
        "http://127.0.0.1:8000/contracts/dossier-sync.html#request-data"
    );

    // The pushed dossier is visible to the status operation, and the answer keeps its contract.
    let status_url = sandbox.url("/dvcqg/LayTrangThaiHoSo");
    let read = |code: &str| {
        let mut request = with_session(example(&registry, "portal-dossier-status"), &session);
        request["mahoso"] = json!(code);
        let (status, _, answer) = post_json(&status_url, &request);
        assert_eq!(status, 200);
        let judged = sandbox::verdict(
            &registry,
            &registry.contracts["portal-dossier-status"],
            Direction::Response,
            &serde_json::to_vec(&answer).unwrap_or_default(),
        );
        assert!(judged.violations.is_empty(), "{:?}", judged.violations);
        answer["result"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| r["TrangThaiHoSo"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    let pushed = push["data"][0]["MaHoSo"].as_str().unwrap_or_default();
    assert_eq!(read(pushed), ["10"]);
    assert!(read("000.00.00.H56-250312-9999").is_empty());

    // Statuses follow the transition table: 1 → 2 → 4 by progress steps, then 1 again is refused.
    let code = "000.00.00.H56-250312-0042";
    let mut new = push.clone();
    new["isUpdating"] = json!("False");
    new["data"] = json!([push["data"][0].clone()]);
    new["data"][0]["MaHoSo"] = json!(code);
    new["data"][0]["TrangThaiHoSo"] = json!("1");
    assert_eq!(post_json(&push_url, &new).2["error_code"], 0);
    let again = post_json(&push_url, &new).2;
    assert_eq!(again["error_code"], 4, "{again}");
    assert_eq!(violations(&again)[0].0, "/isUpdating");
    let mut steps = with_session(example(&registry, "dossier-progress"), &session);
    for step in steps["data"].as_array_mut().into_iter().flatten() {
        step["MaHoSo"] = json!(code);
    }
    let progress_url = sandbox.url("/dvcqg/CapNhatTienDoHoSoMC");
    assert_eq!(post_json(&progress_url, &steps).2["error_code"], 0);
    assert_eq!(read(code), ["1", "2", "4"]);
    let mut backwards = new.clone();
    backwards["isUpdating"] = json!("True");
    let answer = post_json(&push_url, &backwards).2;
    assert_eq!(answer["error_code"], 4, "{answer}");
    assert_eq!(
        violations(&answer),
        [(
            "/data/0/TrangThaiHoSo".to_owned(),
            vec!["10.1.i".to_owned()]
        )]
    );
    steps["data"][0]["MaHoSo"] = json!("000.00.00.H56-250312-0404");
    let answer = post_json(&progress_url, &steps).2;
    assert_eq!(answer["error_code"], 4, "{answer}");
    assert_eq!(violations(&answer)[0].0, "/data/0/MaHoSo");

    // A session the sandbox did not issue.
    let answer = post_json(&push_url, &with_session(push.clone(), "not-a-session")).2;
    assert_eq!(answer["error_code"], 2, "{answer}");
    assert_eq!(violations(&answer)[0].0, "/session");

    // The adapter's one endpoint dispatches on `service`; ten valid pushes in a row make the system conformant.
    for _ in 0..10 {
        assert_eq!(post_json(&sandbox.url("/dvcqg"), &push).2["error_code"], 0);
    }

    // The report counts every request, per system and operation.
    let report = report_json(dir.path());
    let pushes = operation(&report, SYSTEM, "DongBoHoSoMC");
    assert_eq!(
        (
            &pushes["requests"],
            &pushes["valid"],
            &pushes["invalid"],
            &pushes["consecutive_valid"],
            &pushes["conformant"]
        ),
        (&json!(16), &json!(12), &json!(4), &json!(10), &json!(true)),
        "{pushes:#}"
    );
    let failures = pushes["failures"].as_array().cloned().unwrap_or_default();
    let failure = |kind: &str, pointer: &str| {
        failures
            .iter()
            .find(|f| f["kind"] == kind && f["pointer"] == pointer)
            .unwrap_or_else(|| panic!("no {kind} failure at {pointer} in {failures:#?}"))
    };
    assert_eq!(
        failure("contract", "/data/*/NgayHenTra")["legal"],
        json!(["10.1.h"])
    );
    assert_eq!(
        failure("contract", "/data/*/NgayHenTra")["example"]["value"],
        "\"2025-03-28\""
    );
    assert_eq!(failure("state", "/data/*/TrangThaiHoSo")["requests"], 1);
    assert_eq!(failure("state", "/isUpdating")["requests"], 1);
    assert_eq!(failure("auth", "/session")["requests"], 1);
    assert_eq!(operation(&report, SYSTEM, "login")["requests"], 1);
    assert_eq!(operation(&report, SYSTEM, "LayTrangThaiHoSo")["valid"], 3);
    let progress = operation(&report, SYSTEM, "CapNhatTienDoHoSoMC");
    assert_eq!(
        (&progress["valid"], &progress["invalid"]),
        (&json!(1), &json!(1))
    );

    // The same report as JSON and HTML pages of the sandbox, and as CSV.
    let mut page = agent()
        .get(&sandbox.url("/conformance?format=json"))
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    let served: Value = serde_json::from_slice(&page.body_mut().read_to_vec().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(served, report);
    for (lang, title) in [
        ("vi", "Báo cáo tuân thủ của môi trường thử nghiệm"),
        ("en", "Conformance report of the test environment"),
    ] {
        let html = agent()
            .get(&sandbox.url(&format!("/conformance?lang={lang}")))
            .call()
            .unwrap_or_else(|e| panic!("{e}"))
            .body_mut()
            .read_to_string()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        assert!(html.contains(title));
        assert!(html.contains("<code>/data/*/NgayHenTra</code>"));
        assert!(html.contains("contracts/dossier-sync.html#request-data"));
    }
    let csv = run_report(dir.path(), "csv");
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(csv.starts_with("\u{feff}\"system\",\"operation\""));
    assert!(csv.contains("\"contract\",\"/data/*/NgayHenTra\""));
}

#[test]
fn bad_traffic_is_refused_clearly_recorded_and_survived() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sandbox = Sandbox::start(dir.path(), &["--read-timeout", "1"]);
    let push = sandbox.url("/dvcqg/DongBoHoSoMC");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    // (what, URL, content type, body, HTTP status, part of the message)
    type Case<'a> = (&'a str, &'a str, &'a str, &'a [u8], u16, &'a str);
    let cases: [Case; 7] = [
        (
            "wrong content type",
            &push,
            "text/plain",
            b"{}",
            415,
            "Content-Type",
        ),
        (
            "malformed JSON",
            &push,
            "application/json",
            b"{\"session\": ",
            400,
            "JSON ends too early",
        ),
        (
            "not an object",
            &push,
            "application/json",
            b"[1, 2]",
            200,
            "expected an object",
        ),
        (
            "nested too deeply",
            &push,
            "application/json",
            deep.as_bytes(),
            400,
            "not valid JSON",
        ),
        (
            "unknown path",
            &sandbox.url("/dvcqg/KhongCo"),
            "application/json",
            b"{}",
            404,
            "not the path",
        ),
        (
            "unknown service",
            &sandbox.url("/dvcqg"),
            "application/json",
            b"{\"service\": \"KhongCo\"}",
            400,
            "not an operation",
        ),
        (
            "charset other than UTF-8",
            &push,
            "application/json; charset=windows-1258",
            b"{}",
            415,
            "UTF-8",
        ),
    ];
    for (name, url, content_type, body, status, message) in cases {
        let (got, id, answer) = post(url, content_type, body);
        assert_eq!(got, status, "{name}: {answer}");
        assert!(id.is_some(), "{name}: not recorded");
        assert!(
            answer["message"]
                .as_str()
                .unwrap_or_default()
                .contains(message),
            "{name}: {answer}"
        );
    }
    let raw = |request: &str| -> String {
        let mut stream = TcpStream::connect(sandbox.address).unwrap_or_else(|e| panic!("{e}"));
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap_or_else(|e| panic!("{e}"));
        stream
            .write_all(request.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    };
    // Too large: refused from its Content-Length, before reading it.
    let answer = raw(
        "POST /dvcqg/DongBoHoSoMC HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9437184\r\nConnection: close\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("larger than the sandbox's limit"),
        "{answer}"
    );
    // A body that stops coming: refused after the read timeout.
    let answer = raw(
        "POST /dvcqg/DongBoHoSoMC HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"session\"",
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // Headers that stop coming: the connection is closed (nothing to record).
    let started = Instant::now();
    let _ = raw("POST /dvcqg/login HTTP/1.1\r\nHost: x\r\n");
    assert!(started.elapsed() < Duration::from_secs(15));
    // A GET on a POST operation.
    let mut response = agent().get(&push).call().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status().as_u16(), 405);
    assert!(
        response
            .body_mut()
            .read_to_string()
            .unwrap_or_default()
            .contains("send POST")
    );

    // Still serving, and every refused request recorded with its reason.
    login(&sandbox, SYSTEM);
    let report = report_json(dir.path());
    let total: u64 = report["systems"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["operations"].as_array().into_iter().flatten())
        .map(|o| o["requests"].as_u64().unwrap_or_default())
        .sum();
    assert_eq!(total, 7 + 2 + 1 + 1, "{report:#}");
    let pushes = operation(&report, "(unidentified)", "DongBoHoSoMC");
    assert!(
        pushes["failures"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|f| f["kind"] == "transport" || f["kind"] == "contract"),
        "{pushes:#}"
    );
}

#[test]
fn two_thousand_requests_sixty_four_at_a_time_are_all_answered_and_recorded() {
    let registry = registry();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sandbox = Sandbox::start(dir.path(), &[]);
    let session = login(&sandbox, SYSTEM);
    let body = with_session(example(&registry, "dossier-sync"), &session);
    let outcome = load::run(&load::Plan {
        address: sandbox.address,
        path: "/dvcqg/DongBoHoSoMC".to_owned(),
        body: serde_json::to_vec(&body).unwrap_or_default(),
        requests: 2_000,
        concurrency: 64,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome.errors, 0, "{:?}", outcome.first_errors);
    let mut ids = outcome.accepted.clone();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 2_000);
    let pushes = report_json(dir.path());
    let pushes = operation(&pushes, SYSTEM, "DongBoHoSoMC");
    assert_eq!(
        (&pushes["requests"], &pushes["valid"]),
        (&json!(2_000), &json!(2_000))
    );
}

#[test]
fn kill_9_under_load_loses_no_answered_request() {
    let registry = registry();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut first = Sandbox::start(dir.path(), &[]);
    let session = login(&first, SYSTEM);
    let body = with_session(example(&registry, "dossier-sync"), &session);
    let plan = load::Plan {
        address: first.address,
        path: "/dvcqg/DongBoHoSoMC".to_owned(),
        body: serde_json::to_vec(&body).unwrap_or_default(),
        requests: 20_000,
        concurrency: 16,
    };
    let loader = std::thread::spawn(move || load::run(&plan));
    std::thread::sleep(Duration::from_millis(800));
    first.kill();
    let outcome = loader
        .join()
        .unwrap_or_else(|_| panic!("the load thread panicked"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!outcome.accepted.is_empty(), "{:?}", outcome.first_errors);
    assert!(
        outcome.errors > 0,
        "the sandbox was killed after the load ended; send more requests"
    );

    let db = rusqlite::Connection::open(dir.path().join(sandbox::store::DB_FILE))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut valid = db
        .prepare("SELECT valid FROM requests WHERE id = ?1")
        .unwrap_or_else(|e| panic!("{e}"));
    for id in &outcome.accepted {
        let recorded: bool = valid
            .query_row([id], |r| r.get(0))
            .unwrap_or_else(|e| panic!("answered request {id} is not recorded: {e}"));
        assert!(recorded);
    }
    drop(valid);
    drop(db);

    // A restart keeps the records and the session.
    let second = Sandbox::start(dir.path(), &[]);
    let (status, id, answer) = post_json(&second.url("/dvcqg/DongBoHoSoMC"), &body);
    assert_eq!(
        (status, &answer["error_code"]),
        (200, &json!(0)),
        "{answer}"
    );
    let last = outcome.accepted.iter().max().copied().unwrap_or_default();
    assert!(id.unwrap_or_default() > last);
}

/// A ministry system in the test: answers `TraCuuHoSo` as its contract says, and `TraCuuKetQuaHoSo` wrongly (a
/// boolean for `error_code`, which the contract also takes as the string `"0"`, and no `result`).
fn ministry_system(registry: Registry) -> (u16, std::sync::Arc<tiny_http::Server>) {
    let server = std::sync::Arc::new(
        tiny_http::Server::http("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}")),
    );
    let port = server.server_addr().to_ip().map_or(0, |a| a.port());
    let serving = server.clone();
    std::thread::spawn(move || {
        for mut request in serving.incoming_requests() {
            let mut body = Vec::new();
            let _ = request.as_reader().read_to_end(&mut body);
            let (status, answer) = match request.url() {
                "/dvcqg/TraCuuHoSo" => {
                    let contract = &registry.contracts["dossier-lookup"];
                    let judged = sandbox::verdict(&registry, contract, Direction::Request, &body);
                    if judged.violations.is_empty() {
                        let example = contract.examples.iter().find_map(|e| e.response.clone());
                        (200, example.unwrap_or_default())
                    } else {
                        (
                            400,
                            json!({"error_code": 1, "message": "Yêu cầu không hợp lệ"}),
                        )
                    }
                }
                "/dvcqg/TraCuuKetQuaHoSo" => (200, json!({"error_code": true, "message": "ok"})),
                _ => (404, json!({"error_code": 1})),
            };
            let response =
                tiny_http::Response::from_string(answer.to_string()).with_status_code(status);
            let _ = request.respond(response);
        }
    });
    (port, server)
}

fn probe(args: &[&str]) -> std::process::Output {
    contracts()
        .arg("--root")
        .arg(workspace())
        .arg("probe")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn probe_passes_a_conforming_endpoint_and_fails_a_wrong_one() {
    let (port, server) = ministry_system(registry());
    let base = format!("http://127.0.0.1:{port}");
    let output = probe(&[
        &base,
        "--contract",
        "dossier-lookup",
        "--contract",
        "result-lookup",
        "--format",
        "json",
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    let checks = report["checks"].as_array().cloned().unwrap_or_default();
    let of = |id: &str| {
        checks
            .iter()
            .filter(|c| c["contract"] == id)
            .collect::<Vec<_>>()
    };
    let good = of("dossier-lookup");
    assert!(good.len() >= 5, "{good:#?}");
    assert!(good.iter().all(|c| c["passed"] == true), "{good:#?}");
    assert!(good.iter().any(|c| c["expect"] == "accept"));
    assert!(
        good.iter()
            .any(|c| c["case"] == "without `mahoso`" && c["status"] == 400)
    );
    let wrong = of("result-lookup");
    assert!(wrong.iter().all(|c| c["passed"] == false), "{wrong:#?}");
    let example = wrong
        .iter()
        .find(|c| c["case"] == "example 1")
        .unwrap_or_else(|| panic!("{wrong:#?}"));
    let problems = example["problems"].to_string();
    assert!(
        problems.contains("/error_code: ")
            && problems.contains("required field `result` is missing"),
        "{problems}"
    );
    let refused = wrong
        .iter()
        .find(|c| c["expect"] == "refuse")
        .unwrap_or_else(|| panic!("{wrong:#?}"));
    let refusal = refused["problems"].to_string();
    assert!(
        refusal.contains("was accepted") || refusal.contains("answered 2xx without an error_code"),
        "{refused:#}"
    );

    let output = probe(&[&base, "--contract", "dossier-lookup"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains(&format!("{} of {} checks passed\n", good.len(), good.len())),
        "{text}"
    );

    let output = probe(&[&base, "--contract", "dossier-sync"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cargo contracts sandbox"));
    server.unblock();
}

#[test]
fn probe_speaks_tls_to_https_endpoints() {
    // Not a TLS server: the probe must try a TLS handshake and report that it failed.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener.local_addr().map_or(0, |a| a.port());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().take(64).flatten() {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let output = probe(&[
        &format!("https://127.0.0.1:{port}"),
        "--contract",
        "dossier-lookup",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("no answer from https://127.0.0.1"), "{text}");
    assert!(!text.contains("TLS required"), "{text}");
}

#[test]
fn the_transition_table_covers_the_status_catalogue() {
    assert_eq!(sandbox::transitions::mismatch(&registry()), None);
}

#[test]
fn the_website_curl_call_works_against_a_local_sandbox() {
    let registry = registry();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sandbox = Sandbox::start(dir.path(), &[]);
    for id in ["dossier-sync", "procedure-list", "dossier-payment"] {
        let script = sandbox::curl::example(&registry, &registry.contracts[id], "en")
            .unwrap_or_else(|| panic!("no call for {id}"))
            .replace(
                sandbox::curl::LOCAL_SANDBOX,
                &format!("http://{}", sandbox.address),
            );
        let output = std::process::Command::new("bash")
            .args(["-c", &script])
            .output()
            .unwrap_or_else(|e| panic!("bash: {e}"));
        let judged = sandbox::verdict(
            &registry,
            &registry.contracts[id],
            Direction::Response,
            &output.stdout,
        );
        assert!(
            judged.violations.is_empty(),
            "{id}: {:?}\n{script}",
            judged.violations
        );
        let answer = judged.value.unwrap_or_default();
        let code = &answer["error_code"];
        assert!(code == 0 || code == "0", "{id}: {answer}");
    }
    let probe = sandbox::curl::example(&registry, &registry.contracts["dossier-lookup"], "vi")
        .unwrap_or_default();
    assert!(probe.contains(
        "cargo contracts probe https://your-system.example.vn --contract dossier-lookup"
    ));
}
