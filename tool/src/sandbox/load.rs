//! A load generator for the sandbox: a number of identical requests over keep-alive HTTP/1.1 connections to
//! one loopback address, with the latency of each and the record id of each answer. `cargo contracts sandbox
//! bench` and the load test use it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// How long one request may take before it counts as an error.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest answer read.
const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;

/// What to send.
pub struct Plan {
    /// A loopback address: load is never sent anywhere else.
    pub address: SocketAddr,
    pub path: String,
    /// A JSON body, sent with `Content-Type: application/json`.
    pub body: Vec<u8>,
    pub requests: usize,
    pub concurrency: usize,
}

/// What came back.
#[derive(Debug, Default)]
pub struct Outcome {
    pub elapsed: Duration,
    /// The latency of every answered request, in microseconds, sorted.
    pub latencies_us: Vec<u64>,
    /// The record id (`x-sandbox-request`) of every accepted answer (`200` with `error_code` 0).
    pub accepted: Vec<i64>,
    /// Requests that failed, timed out or were not accepted.
    pub errors: usize,
    /// The first few errors, to say what went wrong.
    pub first_errors: Vec<String>,
}

impl Outcome {
    pub fn per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.latencies_us.len() as f64 / seconds
        } else {
            0.0
        }
    }

    /// The latency below which a share `p` (0 to 1) of the answers came, in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return 0.0;
        }
        let rank = ((self.latencies_us.len() as f64 * p).ceil() as usize)
            .clamp(1, self.latencies_us.len());
        self.latencies_us[rank - 1] as f64 / 1000.0
    }

    fn merge(&mut self, other: Outcome) {
        self.latencies_us.extend(other.latencies_us);
        self.accepted.extend(other.accepted);
        self.errors += other.errors;
        for error in other.first_errors {
            if self.first_errors.len() < 5 {
                self.first_errors.push(error);
            }
        }
    }
}

/// Sends the plan's requests, `concurrency` at a time, on a thread of its own, and waits for every answer.
pub fn run(plan: &Plan) -> Result<Outcome, String> {
    if !plan.address.ip().is_loopback() {
        return Err(format!(
            "{} is not a loopback address: load is only sent to this machine",
            plan.address
        ));
    }
    let mut request = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        plan.path,
        plan.address,
        plan.body.len()
    )
    .into_bytes();
    request.extend_from_slice(&plan.body);
    let request = Arc::new(request);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the load generator: {e}"))?;
    let started = Instant::now();
    let mut outcome = runtime.block_on(async {
        let next = Arc::new(AtomicUsize::new(0));
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..plan.concurrency.max(1) {
            workers.spawn(worker(
                plan.address,
                request.clone(),
                next.clone(),
                plan.requests,
            ));
        }
        let mut outcome = Outcome::default();
        while let Some(done) = workers.join_next().await {
            match done {
                Ok(part) => outcome.merge(part),
                Err(error) => {
                    outcome.errors += 1;
                    outcome.first_errors.push(error.to_string());
                }
            }
        }
        outcome
    });
    outcome.elapsed = started.elapsed();
    outcome.latencies_us.sort_unstable();
    Ok(outcome)
}

struct Answer {
    status: u16,
    id: Option<i64>,
    body: Vec<u8>,
}

async fn worker(
    address: SocketAddr,
    request: Arc<Vec<u8>>,
    next: Arc<AtomicUsize>,
    total: usize,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut connection: Option<BufReader<TcpStream>> = None;
    while next.fetch_add(1, Ordering::Relaxed) < total {
        let started = Instant::now();
        let answer = tokio::time::timeout(
            REQUEST_TIMEOUT,
            exchange(&mut connection, address, &request),
        )
        .await;
        let error = match answer {
            Ok(Ok(answer)) => {
                outcome
                    .latencies_us
                    .push(u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX));
                match (answer.status, answer.id, accepted(&answer.body)) {
                    (200, Some(id), true) => {
                        outcome.accepted.push(id);
                        None
                    }
                    (status, _, _) => Some(format!(
                        "HTTP {status}: {}",
                        String::from_utf8_lossy(&answer.body[..answer.body.len().min(300)])
                    )),
                }
            }
            Ok(Err(error)) => {
                connection = None;
                Some(error.to_string())
            }
            Err(_) => {
                connection = None;
                Some(format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()))
            }
        };
        if let Some(error) = error {
            outcome.errors += 1;
            if outcome.first_errors.len() < 5 {
                outcome.first_errors.push(error);
            }
        }
    }
    outcome
}

fn accepted(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error_code").and_then(serde_json::Value::as_i64))
        == Some(0)
}

/// One request and its answer on a kept-alive connection, opened when there is none.
async fn exchange(
    connection: &mut Option<BufReader<TcpStream>>,
    address: SocketAddr,
    request: &[u8],
) -> std::io::Result<Answer> {
    let stream = match connection {
        Some(stream) => stream,
        None => {
            let stream = TcpStream::connect(address).await?;
            stream.set_nodelay(true)?;
            connection.insert(BufReader::new(stream))
        }
    };
    stream.get_mut().write_all(request).await?;
    let mut line = String::new();
    if stream.read_line(&mut line).await? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the connection was closed before an answer",
        ));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    let mut length = 0;
    let mut id = None;
    let mut close = false;
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 || line == "\r\n" {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().unwrap_or_default(),
            "x-sandbox-request" => id = value.parse().ok(),
            "connection" => close = value.eq_ignore_ascii_case("close"),
            _ => {}
        }
    }
    let mut body = vec![0; length.min(MAX_ANSWER_BYTES)];
    stream.read_exact(&mut body).await?;
    if close {
        *connection = None;
    }
    Ok(Answer { status, id, body })
}
