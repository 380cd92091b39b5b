//! `cargo contracts sandbox`: the test environment that plays the Portal; `sandbox report` prints its
//! conformance report and `sandbox bench` measures it.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

use contracts_core::model::Registry;

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO};
use crate::cli::{SandboxAction, SandboxReportFormat};
use crate::sandbox::{self, LOGIN_PATH, Options, load, report};

/// The options of `sandbox` itself (serving).
pub struct Serve<'a> {
    pub port: u16,
    pub bind: IpAddr,
    pub data: Option<&'a Path>,
    pub site_url: &'a str,
    pub conformant_after: u64,
    /// Seconds.
    pub read_timeout: f64,
}

/// Where the records go when `--data` is not given.
fn data_dir(root: &Path, data: Option<&Path>) -> PathBuf {
    data.map_or_else(|| root.join("target").join("sandbox"), Path::to_path_buf)
}

pub fn run(
    root: &Path,
    registry: Registry,
    action: Option<&SandboxAction>,
    serve_options: &Serve,
) -> u8 {
    match action {
        None => serve(root, registry, serve_options),
        Some(SandboxAction::Report {
            data,
            format,
            site_url,
            conformant_after,
        }) => print_report(
            &registry,
            &data_dir(root, data.as_deref()),
            *format,
            site_url,
            *conformant_after,
        ),
        Some(SandboxAction::Bench {
            requests,
            concurrency,
        }) => bench(registry, *requests, *concurrency),
    }
}

fn serve(root: &Path, registry: Registry, s: &Serve) -> u8 {
    let read_timeout = match std::time::Duration::try_from_secs_f64(s.read_timeout) {
        Ok(timeout) if !timeout.is_zero() && timeout.as_secs() <= 3600 => timeout,
        _ => {
            eprintln!(
                "error: --read-timeout {} is not a number of seconds between 0 and 3600",
                s.read_timeout
            );
            return USAGE_OR_IO;
        }
    };
    let options = Options {
        bind: s.bind,
        port: s.port,
        data: data_dir(root, s.data),
        site_url: s.site_url.to_owned(),
        conformant_after: s.conformant_after,
        workers: 0,
        read_timeout,
    };
    if !s.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines can reach the sandbox; it has no TLS, so put it behind your own HTTPS proxy",
            s.bind
        );
    }
    let running = match sandbox::start(registry, &options) {
        Ok(running) => running,
        Err(error) => {
            eprintln!("error: {error}");
            return USAGE_OR_IO;
        }
    };
    let base = format!("http://{}", running.address);
    eprintln!(
        "sandbox: serving {base}/ ({} operations the Portal hosts)\n  log in:  POST {base}{LOGIN_PATH}\n  report:  {base}/conformance\n  records: {} ({} requests so far)\nCtrl-C stops it; every answered request is already recorded.",
        running.contracts,
        sandbox::store::db_path(&options.data).display(),
        running.recorded_before
    );
    running.wait();
    OK
}

fn print_report(
    registry: &Registry,
    data: &Path,
    format: SandboxReportFormat,
    site_url: &str,
    conformant_after: u64,
) -> u8 {
    let report = match report::build(data, registry, conformant_after) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return USAGE_OR_IO;
        }
    };
    let mut site = site_url.to_owned();
    if !site.ends_with('/') {
        site.push('/');
    }
    let text = match format {
        SandboxReportFormat::Json => {
            let mut text = serde_json::to_string_pretty(&report.to_json(&site)).unwrap_or_default();
            text.push('\n');
            text
        }
        SandboxReportFormat::Csv => report.to_csv(),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    OK
}

/// The number of requests sent before measuring, so that connections and caches are warm.
const WARM_UP: usize = 1_000;

/// `sandbox bench`: valid `DongBoHoSoMC` pushes against a sandbox started in this process on loopback,
/// with fresh records in a temporary folder.
fn bench(registry: Registry, requests: u64, concurrency: u64) -> u8 {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is not a release build, so the figures are not representative; run\n  cargo run --release --locked -p contracts-tool --bin contracts -- sandbox bench"
        );
    }
    match measure(registry, requests as usize, concurrency as usize) {
        Ok((row, clean)) => {
            let _ = write!(std::io::stdout(), "{row}");
            if clean { OK } else { CONTRACT_ERRORS }
        }
        Err(error) => {
            eprintln!("error: {error}");
            USAGE_OR_IO
        }
    }
}

fn measure(
    registry: Registry,
    requests: usize,
    concurrency: usize,
) -> Result<(String, bool), String> {
    let contract = registry
        .contracts
        .get("dossier-sync")
        .ok_or("the registry has no contract `dossier-sync` to measure")?;
    let example = contract
        .examples
        .iter()
        .find_map(|e| e.request.clone())
        .ok_or("the contract `dossier-sync` has no example request")?;
    let path = contract.path.clone();
    let body_len = serde_json::to_vec(&example).map_or(0, |b| b.len());
    let temp = tempfile::tempdir().map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let options = Options {
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        data: temp.path().to_path_buf(),
        site_url: "http://127.0.0.1:8000/".to_owned(),
        conformant_after: sandbox::CONFORMANT_AFTER,
        workers: 0,
        read_timeout: sandbox::READ_TIMEOUT,
    };
    let running = sandbox::start(registry, &options)?;
    let address = running.address;
    let session = login(address)?;
    let mut body = example;
    if let Some(object) = body.as_object_mut() {
        object.insert("session".to_owned(), serde_json::Value::from(session));
    }
    let body = serde_json::to_vec(&body).map_err(|e| e.to_string())?;
    let plan = |requests| load::Plan {
        address,
        path: path.clone(),
        body: body.clone(),
        requests,
        concurrency,
    };
    eprintln!("warming up with {WARM_UP} requests");
    let warm = load::run(&plan(WARM_UP))?;
    eprintln!(
        "measuring {requests} valid DongBoHoSoMC pushes of {body_len} bytes, {concurrency} at a time"
    );
    let outcome = load::run(&plan(requests))?;
    drop(running);
    let conn = sandbox::store::open_read(temp.path())?;
    let recorded: i64 = conn
        .query_row("SELECT COUNT(*) FROM requests", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    let expected = 1 + WARM_UP + requests;
    for error in warm.first_errors.iter().chain(&outcome.first_errors) {
        eprintln!("error: {error}");
    }
    let errors = warm.errors + outcome.errors;
    let clean = errors == 0 && usize::try_from(recorded).ok() == Some(expected);
    let row = format!(
        "| requests | concurrency | body bytes | seconds | requests/s | p50 ms | p99 ms | max ms | errors | recorded |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n| {requests} | {concurrency} | {body_len} | {:.2} | {:.0} | {:.2} | {:.2} | {:.2} | {errors} | {recorded} of {expected} |\n",
        outcome.elapsed.as_secs_f64(),
        outcome.per_second(),
        outcome.percentile_ms(0.50),
        outcome.percentile_ms(0.99),
        outcome.percentile_ms(1.0),
    );
    Ok((row, clean))
}

/// Logs in to a sandbox on loopback and returns the session.
fn login(address: std::net::SocketAddr) -> Result<String, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(load::REQUEST_TIMEOUT))
        .build()
        .into();
    let mut response = agent
        .post(&format!("http://{address}{LOGIN_PATH}"))
        .header("Content-Type", "application/json")
        .send(&br#"{"username": "000.00.00.H56", "password": "bench"}"#[..])
        .map_err(|e| format!("cannot log in to the sandbox: {e}"))?;
    let answer: serde_json::Value = serde_json::from_slice(
        &response
            .body_mut()
            .read_to_vec()
            .map_err(|e| format!("cannot read the login answer: {e}"))?,
    )
    .map_err(|e| format!("the login answer is not JSON: {e}"))?;
    answer
        .get("session")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("the login answer has no session: {answer}"))
}
