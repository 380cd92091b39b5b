//! `cargo contracts validate`: JSON payloads checked against a contract's request or response, or a bare record;
//! one file, standard input, or a stream of one payload per line (`--batch`).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::json;

use contracts_core::model::{Direction, Registry};
use contracts_core::payload::{Limits, Target, Validator, Verdict, Violation};

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO};
use crate::cli::Format;

/// What the command line asked to validate.
pub struct Request<'a> {
    pub target: Option<&'a str>,
    pub payload: Option<&'a Path>,
    pub response: bool,
    pub record: Option<&'a str>,
    pub batch: Option<&'a Path>,
    pub limits: Limits,
    pub format: Format,
    /// Require the fields the law requires, not only those the wire requires.
    pub strict_legal: bool,
}

pub fn run(registry: &Registry, request: &Request<'_>) -> u8 {
    let (target, label, input) = match resolve(registry, request) {
        Ok(resolved) => resolved,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE_OR_IO;
        }
    };
    let validator = Validator::new(registry)
        .with_limits(request.limits)
        .with_strict_legal(request.strict_legal);
    match input {
        Input::Batch(path) => batch(&validator, target, &path),
        Input::One(path) => one(&validator, target, &label, &path, request.format),
    }
}

enum Input {
    One(PathBuf),
    Batch(PathBuf),
}

/// The element to validate against, how to name it, and where the payloads come from.
fn resolve<'r>(
    registry: &'r Registry,
    request: &Request<'_>,
) -> Result<(Target<'r>, String, Input), String> {
    let (target, label, payload) = match request.record {
        Some(id) => {
            if request.payload.is_some() {
                return Err(format!(
                    "with --record, give only the payload file: `cargo contracts validate --record {id} <payload.json>`"
                ));
            }
            let record = registry.records.get(id).ok_or_else(|| {
                let near = contracts_core::resolve::closest(
                    id,
                    registry.records.keys().map(String::as_str),
                )
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
                format!("no record has the id `{}`{near}", id.escape_debug())
            })?;
            (
                Target::Record(record),
                format!("record {id}"),
                request.target.map(PathBuf::from),
            )
        }
        None => {
            let Some(wanted) = request.target else {
                return Err("name the contract: `cargo contracts validate <contract> <payload.json>` (or --record <id>)".to_owned());
            };
            let (id, version) = wanted
                .split_once('@')
                .map_or((wanted, None), |(id, v)| (id, Some(v)));
            let Some(contract) = registry.contracts.get(id) else {
                let known: Vec<&str> = registry.contracts.keys().map(String::as_str).collect();
                return Err(format!(
                    "no contract has the id `{}` (known: {})",
                    id.escape_debug(),
                    known.join(", ")
                ));
            };
            if let Some(version) = version
                && version != contract.version.to_string()
            {
                return Err(format!(
                    "the registry has `{id}` version {}, not {version}; validate against the version you target, or update the payload",
                    contract.version
                ));
            }
            let payload = if request.response {
                &contract.response
            } else {
                &contract.request
            };
            let side = match payload.direction {
                Direction::Request => "request",
                Direction::Response => "response",
            };
            (
                Target::Payload(payload),
                format!("{side} of {} {}", contract.id, contract.version),
                request.payload.map(Path::to_path_buf),
            )
        }
    };
    let input = match (payload, request.batch) {
        (Some(_), Some(_)) => {
            return Err("give either a payload file or --batch, not both".to_owned());
        }
        (Some(path), None) => Input::One(path),
        (None, Some(path)) => Input::Batch(path.to_path_buf()),
        (None, None) => {
            return Err(
                "give the payload file (or `-` for standard input), or --batch <file.ndjson>"
                    .to_owned(),
            );
        }
    };
    Ok((target, label, input))
}

/// One payload: its violations on stderr (or as JSON on stdout), and the verdict.
fn one(
    validator: &Validator<'_>,
    target: Target<'_>,
    label: &str,
    path: &Path,
    format: Format,
) -> u8 {
    let limit = validator.limits().max_bytes;
    let bytes = match read_limited(path, limit) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", path.display());
            return USAGE_OR_IO;
        }
    };
    let verdict = validator.bytes(target, &bytes);
    match format {
        Format::Json => {
            let report = Report::of(&verdict).payload(label);
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        }
        Format::Text => {
            let mut out = String::new();
            for violation in &verdict.violations {
                out.push_str(&violation_text(violation));
            }
            if verdict.truncated {
                out.push_str(&format!(
                    "... checking stopped at {} violations; there may be more (raise --max-violations to see them)\n",
                    validator.limits().max_violations
                ));
            }
            let total = verdict.violations.len();
            let verdict_text = if verdict.is_valid() {
                "valid".to_owned()
            } else {
                format!(
                    "invalid: {}{total} violation{}",
                    if verdict.truncated { "at least " } else { "" },
                    if total == 1 { "" } else { "s" }
                )
            };
            out.push_str(&format!("{}: {label}: {verdict_text}\n", path.display()));
            let _ = write!(std::io::stderr(), "{out}");
        }
    }
    if verdict.is_valid() {
        OK
    } else {
        CONTRACT_ERRORS
    }
}

/// Reads a file (or `-`, standard input) of at most `limit` bytes; one more byte is read to tell a payload over
/// the limit, which the validator then refuses with its own message.
fn read_limited(path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
    let reader: Box<dyn Read> = if path == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path)?)
    };
    let mut bytes = Vec::new();
    reader.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A stream of payloads, one per line: one JSON line each on stdout, then a summary; memory holds one payload at
/// a time, and a progress line goes to stderr every few seconds.
fn batch(validator: &Validator<'_>, target: Target<'_>, path: &Path) -> u8 {
    let reader: Box<dyn Read> = if path == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        match std::fs::File::open(path) {
            Ok(file) => Box::new(file),
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                return USAGE_OR_IO;
            }
        }
    };
    let mut lines = Lines::new(
        BufReader::with_capacity(1 << 16, reader),
        validator.limits().max_bytes,
    );
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut total, mut invalid) = (0u64, 0u64);
    let mut progress = Progress::new();
    loop {
        let (number, line) = match lines.next_line() {
            Ok(Some(numbered)) => numbered,
            Ok(None) => break,
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                return USAGE_OR_IO;
            }
        };
        let verdict = match line {
            Line::Blank => continue,
            Line::Payload(bytes) => validator.bytes(target, bytes),
            Line::TooLong(size) => validator.oversized(size),
        };
        total += 1;
        invalid += u64::from(!verdict.is_valid());
        let report = Report::of(&verdict).line(number);
        if serde_json::to_writer(&mut out, &report).is_err() || writeln!(out).is_err() {
            return USAGE_OR_IO;
        }
        progress.tick(total, invalid);
    }
    let summary =
        json!({"summary": {"payloads": total, "valid": total - invalid, "invalid": invalid}});
    let _ = writeln!(out, "{summary}");
    let _ = out.flush();
    progress.done(total, invalid);
    if invalid == 0 { OK } else { CONTRACT_ERRORS }
}

/// One line of a batch.
enum Line<'a> {
    Blank,
    Payload(&'a [u8]),
    /// A line longer than the limit, of this many bytes: read through, never held.
    TooLong(usize),
}

/// The lines of a stream, each held whole only when it is within the size limit.
struct Lines<R> {
    reader: R,
    limit: usize,
    /// The number of the last line read, from 1.
    number: u64,
    /// The last line read, its buffer reused for the next.
    line: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R, limit: usize) -> Self {
        Lines {
            reader,
            limit,
            number: 0,
            line: Vec::new(),
        }
    }

    /// The next line and its number.
    fn next_line(&mut self) -> std::io::Result<Option<(u64, Line<'_>)>> {
        self.line.clear();
        let mut length = 0usize;
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                if length == 0 {
                    return Ok(None);
                }
                break;
            }
            let (chunk, ends) = match memchr::memchr(b'\n', available) {
                Some(at) => (&available[..at], Some(at + 1)),
                None => (available, None),
            };
            length += chunk.len();
            if length <= self.limit {
                self.line.extend_from_slice(chunk);
            } else {
                self.line = Vec::new();
            }
            let used = ends.unwrap_or(chunk.len());
            self.reader.consume(used);
            if ends.is_some() {
                break;
            }
        }
        self.number += 1;
        let line = if length > self.limit {
            Line::TooLong(length)
        } else if self.line.iter().all(u8::is_ascii_whitespace) {
            Line::Blank
        } else {
            Line::Payload(&self.line)
        };
        Ok(Some((self.number, line)))
    }
}

/// The progress of a long batch on stderr, at most every two seconds.
struct Progress {
    started: Instant,
    last: Instant,
}

impl Progress {
    fn new() -> Self {
        let now = Instant::now();
        Progress {
            started: now,
            last: now,
        }
    }

    fn tick(&mut self, total: u64, invalid: u64) {
        if self.last.elapsed() >= Duration::from_secs(2) {
            self.last = Instant::now();
            eprintln!("validated {total} payloads ({invalid} invalid) so far...");
        }
    }

    fn done(&self, total: u64, invalid: u64) {
        eprintln!(
            "validated {total} payloads in {:.1} s: {} valid, {invalid} invalid",
            self.started.elapsed().as_secs_f64(),
            total - invalid
        );
    }
}

/// A verdict as `--format json` and `--batch` write it: where the payload came from, then the verdict.
#[derive(Serialize)]
struct Report<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    valid: bool,
    violations: Vec<ViolationReport<'a>>,
    truncated: bool,
}

#[derive(Serialize)]
struct ViolationReport<'a> {
    pointer: &'a str,
    message: &'a str,
    label: Option<Label<'a>>,
    legal: &'a [String],
}

#[derive(Serialize)]
struct Label<'a> {
    vi: &'a str,
    en: &'a str,
}

impl<'a> Report<'a> {
    fn of(verdict: &'a Verdict) -> Self {
        Report {
            payload: None,
            line: None,
            valid: verdict.is_valid(),
            violations: verdict
                .violations
                .iter()
                .map(|v| ViolationReport {
                    pointer: &v.pointer,
                    message: &v.message,
                    label: v.label.as_ref().map(|(vi, en)| Label { vi, en }),
                    legal: &v.legal,
                })
                .collect(),
            truncated: verdict.truncated,
        }
    }

    fn payload(self, label: &'a str) -> Self {
        Report {
            payload: Some(label),
            ..self
        }
    }

    fn line(self, number: u64) -> Self {
        Report {
            line: Some(number),
            ..self
        }
    }
}

fn violation_text(v: &Violation) -> String {
    let pointer = if v.pointer.is_empty() {
        "/"
    } else {
        v.pointer.as_str()
    };
    let mut out = format!("{pointer}: {}\n", v.message);
    if let Some((vi, en)) = &v.label {
        let legal = if v.legal.is_empty() {
            String::new()
        } else {
            format!(", provision {}", v.legal.join(", "))
        };
        out.push_str(&format!("    field: {vi} ({en}){legal}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, limit: usize) -> Vec<String> {
        let mut lines = Lines::new(text.as_bytes(), limit);
        let mut out = Vec::new();
        while let Some((number, line)) = lines.next_line().unwrap_or_else(|e| panic!("{e}")) {
            out.push(match line {
                Line::Blank => format!("{number}: blank"),
                Line::Payload(bytes) => format!("{number}: {}", String::from_utf8_lossy(bytes)),
                Line::TooLong(n) => format!("{number}: {n} bytes over"),
            });
        }
        out
    }

    #[test]
    fn lines_are_numbered_blank_ones_told_and_long_ones_never_held() {
        assert_eq!(
            lines("{\"a\":1}\n\n  \n{}\nxxxxxxxxxxxx\n{\"b\":2}", 10),
            [
                "1: {\"a\":1}",
                "2: blank",
                "3: blank",
                "4: {}",
                "5: 12 bytes over",
                "6: {\"b\":2}"
            ]
        );
        assert!(lines("", 10).is_empty());
    }
}
