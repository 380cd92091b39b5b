//! The conformance sandbox: an HTTP server that plays the Portal for every exchange the Portal hosts
//! (Art. 18.2.b: systems connect on the test environment first).
//!
//! A ministry points its system at the sandbox and pushes its real traffic. The sandbox logs the system in
//! like the adapter does, judges every request with the contracts' validator ([`verdict`]), answers the way
//! the contract says, keeps the dossiers it is sent (so that the status operation sees them and a status that
//! goes backwards is reported, [`transitions`]), and records every request per sending system and operation
//! in SQLite ([`store`]) before answering it. [`report`] turns the records into the conformance report.
//!
//! Which contracts the Portal hosts is decided by [`host::portal_hosts`]; the load generator of the
//! benchmark and tests is [`load`]; [`curl`] writes the ready `curl` call shown on the website.

mod adapter;
pub mod curl;
mod exchange;
pub mod host;
pub mod load;
pub mod report;
mod server;
mod state;
pub mod store;
pub mod transitions;
mod verdict;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use contracts_core::model::Registry;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{Semaphore, oneshot};

pub use adapter::{ADAPTER_PATH, LOGIN_PATH, TOKEN_PATH};
pub use host::portal_hosts;
pub use report::{CONFORMANT_AFTER, Lang, Report};
pub use server::{MAX_BODY_BYTES, READ_TIMEOUT, codes, form_pairs};
pub use verdict::{Verdict, field_at, verdict};

/// At most this many connections are served at once; more wait in the operating system's queue.
pub const MAX_CONNECTIONS: usize = 1024;

/// How the sandbox runs.
#[derive(Clone, Debug)]
pub struct Options {
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// The folder of the records.
    pub data: PathBuf,
    /// The website root that failures link to (ends with `/`).
    pub site_url: String,
    pub conformant_after: u64,
    /// Threads answering requests (0: one per core).
    pub workers: usize,
    /// How long a client may take to send a request's headers, and then its body.
    pub read_timeout: Duration,
}

/// A started sandbox; dropping it stops it.
pub struct Running {
    pub address: SocketAddr,
    /// Requests already recorded in `--data` when it started.
    pub recorded_before: i64,
    /// Contracts it serves.
    pub contracts: usize,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    /// Blocks until the server stops (it runs until the process ends).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Opens the records, binds the address and starts serving on threads of its own.
pub fn start(registry: Registry, options: &Options) -> Result<Running, String> {
    let listener = std::net::TcpListener::bind((options.bind, options.port)).map_err(|e| {
        format!(
            "cannot listen on {}:{}: {e}; pick another --port (0 picks a free one)",
            options.bind, options.port
        )
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot configure the listening socket: {e}"))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    if let Some(warning) = transitions::mismatch(&registry) {
        eprintln!("warning: {warning}");
    }
    let opened = store::open(&options.data)?;
    let recorded_before = opened.requests;
    let writer_thread = opened.thread;
    let shared = shared(
        registry,
        opened.writer,
        opened.credentials,
        opened.statuses,
        options,
    );
    let contracts = shared.by_operation.len();
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if options.workers > 0 {
        runtime.worker_threads(options.workers);
    }
    let runtime = runtime
        .enable_all()
        .thread_name("sandbox")
        .build()
        .map_err(|e| format!("cannot start the server's threads: {e}"))?;
    let (stop, stopped) = oneshot::channel();
    let thread = std::thread::Builder::new()
        .name("sandbox-server".to_owned())
        .spawn(move || {
            runtime.block_on(accept(listener, shared, stopped));
            runtime.shutdown_timeout(Duration::from_secs(2));
            // Every handler is gone, so the writer has committed what they queued and stops.
            let _ = writer_thread.join();
        })
        .map_err(|e| format!("cannot start the server's thread: {e}"))?;
    Ok(Running {
        address,
        recorded_before,
        contracts,
        stop: Some(stop),
        thread: Some(thread),
    })
}

fn shared(
    registry: Registry,
    writer: store::Writer,
    credentials: Vec<(String, String)>,
    statuses: Vec<(String, state::StatusEntry)>,
    options: &Options,
) -> server::Shared {
    let reserved = ["/", "/conformance", LOGIN_PATH, TOKEN_PATH, ADAPTER_PATH];
    let mut by_path = HashMap::new();
    let mut by_operation = HashMap::new();
    let mut answers = HashMap::new();
    for contract in registry.contracts.values().filter(|c| portal_hosts(c)) {
        if reserved.contains(&contract.path.as_str()) || by_path.contains_key(&contract.path) {
            eprintln!(
                "warning: `{}` has the path {}, which the sandbox already serves; it is reachable only through {ADAPTER_PATH} with \"service\": \"{}\"",
                contract.id, contract.path, contract.operation
            );
        } else {
            by_path.insert(contract.path.clone(), contract.id.clone());
        }
        by_operation
            .entry(contract.operation.clone())
            .or_insert_with(|| contract.id.clone());
        if let Some(response) = contract.examples.iter().find_map(|e| e.response.clone()) {
            answers.insert(contract.id.clone(), response);
        }
    }
    let mut dossiers = state::Dossiers::default();
    for (code, entry) in statuses {
        dossiers.record(&code, entry);
    }
    let mut known = state::Credentials::default();
    for (token, system) in credentials {
        known.insert(token, system);
    }
    let mut site_url = options.site_url.clone();
    if !site_url.ends_with('/') {
        site_url.push('/');
    }
    server::Shared {
        registry: Arc::new(registry),
        by_path,
        by_operation,
        answers,
        dossiers: Mutex::new(dossiers),
        credentials: Mutex::new(known),
        writer,
        data: options.data.clone(),
        site_url,
        conformant_after: options.conformant_after,
        read_timeout: options.read_timeout,
    }
}

/// Accepts connections until told to stop; each is served over HTTP/1.1 with a time limit on its headers.
async fn accept(
    listener: std::net::TcpListener,
    shared: server::Shared,
    mut stopped: oneshot::Receiver<()>,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen: {error}");
            return;
        }
    };
    let read_timeout = shared.read_timeout;
    let router = server::router(Arc::new(shared));
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let slot = tokio::select! {
            _ = &mut stopped => return,
            slot = slots.clone().acquire_owned() => slot,
        };
        let Ok(slot) = slot else { return };
        let (stream, _) = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    eprintln!("warning: cannot accept a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(read_timeout)
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            let _ = connection.await;
        });
    }
}
