//! The sandbox's records in SQLite under `--data`: every request with its verdict, violations and latency,
//! the sessions it issued and the status history of the dossiers it saw.
//!
//! One writer thread commits what the request handlers queue, many records per transaction, and a handler
//! answers only once its record is committed. The database runs in WAL mode with `synchronous=NORMAL`: a
//! committed record survives the process being killed (kill -9); only a power cut can lose the last
//! transactions. Checkpoints (copying the WAL into the database file, with a disk sync) run on a thread of
//! their own, so that the writer, and the answers waiting for it, never wait for the disk.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use contracts_core::payload::Violation;
use rusqlite::{Connection, OpenFlags, params};
use tokio::sync::{mpsc, oneshot};

use super::state::StatusEntry;
use super::verdict::pointer_key;

/// The database file inside the `--data` folder.
pub const DB_FILE: &str = "sandbox.sqlite3";

/// The schema version this code writes (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 1;

/// At most this much of an invalid request's body is kept, for the report's examples.
pub const KEPT_BODY_BYTES: usize = 64 * 1024;

/// At most this many queued records are committed in one transaction.
const BATCH: usize = 1024;

/// How often the checkpoint thread copies the WAL into the database file.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    system TEXT NOT NULL,
    operation TEXT NOT NULL,
    contract TEXT,
    valid INTEGER NOT NULL,
    http_status INTEGER NOT NULL,
    error_code INTEGER NOT NULL,
    latency_us INTEGER NOT NULL,
    body BLOB
);
CREATE INDEX IF NOT EXISTS requests_by_exchange ON requests (system, operation, valid, id);
CREATE TABLE IF NOT EXISTS violations (
    request_id INTEGER NOT NULL REFERENCES requests (id),
    kind TEXT NOT NULL,
    pointer TEXT NOT NULL,
    pointer_key TEXT NOT NULL,
    message TEXT NOT NULL,
    label_vi TEXT,
    label_en TEXT,
    legal TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS violations_by_request ON violations (request_id);
CREATE TABLE IF NOT EXISTS credentials (
    token TEXT PRIMARY KEY,
    system TEXT NOT NULL,
    kind TEXT NOT NULL,
    request_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS statuses (
    id INTEGER PRIMARY KEY,
    dossier TEXT NOT NULL,
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT,
    request_id INTEGER NOT NULL
);
";

/// One request as the sandbox judged it.
#[derive(Debug)]
pub struct Record {
    /// When it arrived, in milliseconds since 1970 (UTC).
    pub at_ms: i64,
    /// The sending system: its `madonvi`, or the account its session or token was issued to.
    pub system: String,
    /// The operation (`DongBoHoSoMC`), `login`, `token`, or `(unknown)`.
    pub operation: String,
    pub contract: Option<String>,
    pub valid: bool,
    pub http_status: u16,
    pub error_code: i64,
    /// From arrival to verdict, in microseconds (the write of the record is not included).
    pub latency_us: u64,
    /// Each violation with its kind: `transport`, `auth`, `contract` or `state`.
    pub violations: Vec<(&'static str, Violation)>,
    /// The body of an invalid request (at most [`KEPT_BODY_BYTES`]); `None` for a valid one.
    pub body: Option<Vec<u8>>,
}

/// What a request changes besides its own record, committed in the same transaction.
#[derive(Debug)]
pub enum Change {
    /// A session (`kind` = `session`) or access token (`token`) issued to a system.
    Credential {
        token: String,
        system: String,
        kind: &'static str,
    },
    /// A status a dossier took.
    Status { dossier: String, entry: StatusEntry },
}

struct Job {
    record: Record,
    changes: Vec<Change>,
    reply: oneshot::Sender<Result<i64, String>>,
}

/// Queues records for the writer thread.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::UnboundedSender<Job>,
}

impl Writer {
    /// Queues a record and its changes; the receiver gets the record's id once it is committed. Records are
    /// committed in the order they are queued.
    pub fn submit(
        &self,
        record: Record,
        changes: Vec<Change>,
    ) -> oneshot::Receiver<Result<i64, String>> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            record,
            changes,
            reply,
        };
        if let Err(mpsc::error::SendError(job)) = self.queue.send(job) {
            let _ = job
                .reply
                .send(Err("the record writer has stopped".to_owned()));
        }
        answer
    }
}

/// The open store: its writer, and what the sandbox must remember from earlier runs.
pub struct Opened {
    pub writer: Writer,
    /// The writer thread; it ends when every [`Writer`] is dropped.
    pub thread: JoinHandle<()>,
    /// `(token, system)`, oldest first.
    pub credentials: Vec<(String, String)>,
    /// `(dossier, status)`, oldest first.
    pub statuses: Vec<(String, StatusEntry)>,
    pub requests: i64,
}

/// The database file of a `--data` folder.
pub fn db_path(dir: &Path) -> PathBuf {
    dir.join(DB_FILE)
}

/// Opens (or creates) the store in `dir` and starts its writer thread.
pub fn open(dir: &Path) -> Result<Opened, String> {
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "cannot create the data folder {}: {e}; pass --data with a folder you can write",
            dir.display()
        )
    })?;
    let path = db_path(dir);
    let conn = Connection::open(&path).map_err(|e| db_error(&path, &e))?;
    prepare(&conn).map_err(|e| db_error(&path, &e))?;
    let credentials = load_credentials(&conn).map_err(|e| db_error(&path, &e))?;
    let statuses = load_statuses(&conn).map_err(|e| db_error(&path, &e))?;
    let requests = conn
        .query_row("SELECT COUNT(*) FROM requests", [], |r| r.get(0))
        .map_err(|e| db_error(&path, &e))?;
    conn.execute_batch("PRAGMA wal_autocheckpoint=0;")
        .map_err(|e| db_error(&path, &e))?;
    let checkpoints = Connection::open(&path).map_err(|e| db_error(&path, &e))?;
    checkpoints
        .busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| db_error(&path, &e))?;
    let (writing, written) = std::sync::mpsc::channel::<()>();
    let checkpointer = std::thread::Builder::new()
        .name("sandbox-checkpoints".to_owned())
        .spawn(move || checkpoint_loop(&checkpoints, &written))
        .map_err(|e| format!("cannot start the checkpoint thread: {e}"))?;
    let (queue, jobs) = mpsc::unbounded_channel();
    let thread = std::thread::Builder::new()
        .name("sandbox-records".to_owned())
        .spawn(move || {
            write_loop(conn, jobs, &path);
            // The writer is done: the checkpoint thread makes its last checkpoint and stops.
            drop(writing);
            let _ = checkpointer.join();
        })
        .map_err(|e| format!("cannot start the record writer: {e}"))?;
    Ok(Opened {
        writer: Writer { queue },
        thread,
        credentials,
        statuses,
        requests,
    })
}

/// Opens the store of `dir` for reading, while a sandbox may be writing it.
pub fn open_read(dir: &Path) -> Result<Connection, String> {
    let path = db_path(dir);
    if !path.is_file() {
        return Err(format!(
            "{} does not exist: no sandbox has recorded anything in {}; pass the --data folder the sandbox ran with",
            path.display(),
            dir.display()
        ));
    }
    let conn = Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| db_error(&path, &e))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| db_error(&path, &e))?;
    check_version(&conn).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(conn)
}

fn db_error(path: &Path, error: &rusqlite::Error) -> String {
    format!(
        "{}: {error}; if the file is damaged, move it away and start again",
        path.display()
    )
}

fn prepare(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "the database cannot use WAL mode (it reports `{mode}`)"
        )));
    }
    conn.execute_batch("PRAGMA synchronous=NORMAL;")?;
    check_version(conn).map_err(rusqlite::Error::InvalidParameterName)?;
    conn.execute_batch(SCHEMA)?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(())
}

fn check_version(conn: &Connection) -> Result<(), String> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if version > SCHEMA_VERSION {
        return Err(format!(
            "the records were written by a newer sandbox (schema {version}, this one knows {SCHEMA_VERSION}); update the tool"
        ));
    }
    Ok(())
}

fn load_credentials(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut statement = conn.prepare(
        "SELECT token, system FROM (SELECT token, system, request_id FROM credentials ORDER BY request_id DESC LIMIT ?1) ORDER BY request_id",
    )?;
    let limit = i64::try_from(super::state::Credentials::CAPACITY).unwrap_or(i64::MAX);
    let rows = statement.query_map([limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

fn load_statuses(conn: &Connection) -> rusqlite::Result<Vec<(String, StatusEntry)>> {
    let mut statement =
        conn.prepare("SELECT dossier, status, at, note FROM statuses ORDER BY id")?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get(0)?,
            StatusEntry {
                status: r.get(1)?,
                at: r.get(2)?,
                note: r.get(3)?,
            },
        ))
    })?;
    rows.collect()
}

/// The checkpoint thread: a passive checkpoint every [`CHECKPOINT_EVERY`] (it never blocks the writer), and
/// a last one when the writer stops.
fn checkpoint_loop(conn: &Connection, writer_running: &std::sync::mpsc::Receiver<()>) {
    loop {
        let stopped = matches!(
            writer_running.recv_timeout(CHECKPOINT_EVERY),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected)
        );
        let mode = if stopped { "TRUNCATE" } else { "PASSIVE" };
        if let Err(error) =
            conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |_| Ok(()))
        {
            eprintln!("warning: checkpoint of the records failed: {error}");
        }
        if stopped {
            return;
        }
    }
}

/// The writer thread: takes every queued job, commits them in one transaction, answers each.
fn write_loop(mut conn: Connection, mut jobs: mpsc::UnboundedReceiver<Job>, path: &Path) {
    while let Some(first) = jobs.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match write_batch(&mut conn, &batch) {
            Ok(ids) => {
                for (job, id) in batch.into_iter().zip(ids) {
                    let _ = job.reply.send(Ok(id));
                }
            }
            // One bad job must not fail the others: write each alone.
            Err(_) => {
                for job in batch {
                    let result = write_batch(&mut conn, std::slice::from_ref(&job))
                        .map(|ids| ids.first().copied().unwrap_or_default())
                        .map_err(|e| {
                            let message = db_error(path, &e);
                            eprintln!("error: cannot record a request: {message}");
                            message
                        });
                    let _ = job.reply.send(result);
                }
            }
        }
    }
}

fn write_batch(conn: &mut Connection, jobs: &[Job]) -> rusqlite::Result<Vec<i64>> {
    let tx = conn.transaction()?;
    let mut ids = Vec::with_capacity(jobs.len());
    {
        let mut request = tx.prepare_cached(
            "INSERT INTO requests (at_ms, system, operation, contract, valid, http_status, error_code, latency_us, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut violation = tx.prepare_cached(
            "INSERT INTO violations (request_id, kind, pointer, pointer_key, message, label_vi, label_en, legal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut credential = tx.prepare_cached(
            "INSERT OR REPLACE INTO credentials (token, system, kind, request_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut status = tx.prepare_cached(
            "INSERT INTO statuses (dossier, status, at, note, request_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for job in jobs {
            let r = &job.record;
            request.execute(params![
                r.at_ms,
                r.system,
                r.operation,
                r.contract,
                r.valid,
                r.http_status,
                r.error_code,
                i64::try_from(r.latency_us).unwrap_or(i64::MAX),
                r.body,
            ])?;
            let id = tx.last_insert_rowid();
            for (kind, v) in &r.violations {
                violation.execute(params![
                    id,
                    kind,
                    v.pointer,
                    pointer_key(&v.pointer),
                    v.message,
                    v.label.as_ref().map(|(vi, _)| vi),
                    v.label.as_ref().map(|(_, en)| en),
                    v.legal.join(", "),
                ])?;
            }
            for change in &job.changes {
                match change {
                    Change::Credential {
                        token,
                        system,
                        kind,
                    } => {
                        credential.execute(params![token, system, kind, id])?;
                    }
                    Change::Status { dossier, entry } => {
                        status.execute(params![dossier, entry.status, entry.at, entry.note, id])?;
                    }
                }
            }
            ids.push(id);
        }
    }
    tx.commit()?;
    Ok(ids)
}
