//! `cargo contracts bench --validation`: payloads validated per second on one core, by this registry's
//! validator (the library, and `validate --batch` as a process) and by the `jsonschema` crate on the same
//! published schema and the same payloads, valid and invalid, side by side.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use contracts_core::generate;
use contracts_core::model::{Payload, Registry};
use contracts_core::payload::{Target, Validator};
use contracts_core::samples::{Maker, Mutation, Seed, mutate};

/// The contracts measured: the busiest exchange of the Portal, and two others of another shape.
const MEASURED: &[&str] = &["dossier-sync", "dossier-progress", "dossier-payment"];

/// One row of the table: payloads per second of each way of validating them.
pub struct Row {
    pub contract: String,
    pub valid: bool,
    pub payloads: usize,
    pub bytes: usize,
    /// The library on parsed values: every violation with its pointer, label and provision.
    pub library_value: f64,
    /// The library from the bytes: parsing (with repeated keys noted) and validating.
    pub library_bytes: f64,
    pub batch: Option<f64>,
    /// `jsonschema` on parsed values: the verdict only, and every error (as `validate` gives them all).
    pub jsonschema_is_valid: f64,
    pub jsonschema_errors: f64,
    /// `jsonschema` from the bytes: `serde_json` parsing, then every error.
    pub jsonschema_bytes: f64,
}

/// Measures every contract of [`MEASURED`] on `count` valid and `count` invalid payloads.
pub fn measure(registry: &Registry, count: usize) -> Result<Vec<Row>, String> {
    let outputs = generate::outputs(registry);
    let resources = schema_resources(&outputs)?;
    let mut rows = Vec::new();
    for id in MEASURED {
        let contract = registry
            .contracts
            .get(*id)
            .ok_or_else(|| format!("the registry has no contract `{id}`"))?;
        let payload = &contract.request;
        let name = format!("jsonschema/{id}.request.schema.json");
        let schema: serde_json::Value = outputs
            .get(&name)
            .and_then(|bytes| serde_json::from_slice(bytes).ok())
            .ok_or_else(|| format!("no schema {name}"))?;
        let compiled = jsonschema::options()
            .with_registry(&resources)
            .build(&schema)
            .map_err(|e| format!("{name}: {e}"))?;
        for valid in [true, false] {
            let texts = payloads(registry, payload, count, valid);
            rows.push(row(registry, id, payload, &compiled, &texts, valid)?);
        }
    }
    Ok(rows)
}

/// `count` payloads as JSON text: valid ones, or each with one mutation that makes it invalid.
fn payloads(registry: &Registry, payload: &Payload, count: usize, valid: bool) -> Vec<String> {
    let maker = Maker::new(registry);
    let mut seed = Seed::new(if valid { 7 } else { 11 });
    let mut out = Vec::with_capacity(count);
    let mut kinds = Mutation::ALL.iter().cycle();
    while out.len() < count {
        let value = maker.payload(payload, &mut seed);
        if valid {
            out.push(value.to_string());
            continue;
        }
        for _ in 0..Mutation::ALL.len() {
            let mutation = *kinds.next().unwrap_or(&Mutation::RemoveRequired);
            if mutation.keeps_valid() != Some(false) {
                continue;
            }
            if let Some(mutant) = mutate(
                registry,
                &payload.fields,
                payload.unknown_fields,
                &value,
                mutation,
                &mut seed,
            ) {
                out.push(mutant.text);
                break;
            }
        }
    }
    out
}

fn row(
    registry: &Registry,
    id: &str,
    payload: &Payload,
    compiled: &jsonschema::Validator,
    texts: &[String],
    valid: bool,
) -> Result<Row, String> {
    let validator = Validator::new(registry);
    let target = Target::Payload(payload);
    let values: Vec<serde_json::Value> = texts
        .iter()
        .map(|text| serde_json::from_str(text).unwrap_or_default())
        .collect();
    let mut ways: [&mut dyn FnMut(); 5] = [
        &mut || {
            for value in &values {
                std::hint::black_box(validator.value(target, value));
            }
        },
        &mut || {
            for text in texts {
                std::hint::black_box(validator.bytes(target, text.as_bytes()));
            }
        },
        &mut || {
            for value in &values {
                std::hint::black_box(compiled.is_valid(value));
            }
        },
        &mut || {
            for value in &values {
                let errors: Vec<String> =
                    compiled.iter_errors(value).map(|e| e.to_string()).collect();
                std::hint::black_box(errors);
            }
        },
        &mut || {
            for text in texts {
                let value: serde_json::Value =
                    serde_json::from_slice(text.as_bytes()).unwrap_or_default();
                let errors: Vec<String> = compiled
                    .iter_errors(&value)
                    .map(|e| e.to_string())
                    .collect();
                std::hint::black_box(errors);
            }
        },
    ];
    let [
        library_value,
        library_bytes,
        jsonschema_is_valid,
        jsonschema_errors,
        jsonschema_bytes,
    ] = rates(texts.len(), &mut ways);
    Ok(Row {
        contract: id.to_owned(),
        valid,
        payloads: texts.len(),
        bytes: texts.iter().map(String::len).sum::<usize>() / texts.len().max(1),
        library_value,
        library_bytes,
        batch: batch_rate(id, texts).ok(),
        jsonschema_is_valid,
        jsonschema_errors,
        jsonschema_bytes,
    })
}

/// Payloads per second of each way, each handling `count` payloads: the ways take turns, round after round,
/// so that a change in the machine's load falls on all of them alike, and each way's median round counts.
fn rates<const N: usize>(count: usize, ways: &mut [&mut dyn FnMut(); N]) -> [f64; N] {
    const ROUNDS: usize = 9;
    for way in ways.iter_mut() {
        way();
    }
    let mut times = [[Duration::ZERO; ROUNDS]; N];
    for round in 0..ROUNDS {
        for (way, times) in ways.iter_mut().zip(times.iter_mut()) {
            let started = Instant::now();
            way();
            times[round] = started.elapsed();
        }
    }
    times.map(|mut rounds| {
        rounds.sort();
        count as f64 / rounds[ROUNDS / 2].as_secs_f64().max(1e-9)
    })
}

/// The fewest lines a batch is timed on.
const BATCH_LINES: usize = 100_000;

/// Payloads per second of `validate --batch` run by this binary as a child process, its output discarded;
/// process start and registry loading are measured with an empty batch and taken away.
fn batch_rate(id: &str, texts: &[String]) -> Result<f64, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let full = dir.path().join("payloads.ndjson");
    let empty = dir.path().join("empty.ndjson");
    // Enough lines that the validation, not the start of the process, is what is timed.
    let rounds = BATCH_LINES.div_ceil(texts.len().max(1));
    let lines: Vec<&str> = (0..rounds)
        .flat_map(|_| texts.iter().map(String::as_str))
        .collect();
    std::fs::write(&full, lines.join("\n")).map_err(|e| e.to_string())?;
    std::fs::write(&empty, "").map_err(|e| e.to_string())?;
    let time = |file: &Path| -> Result<Duration, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let started = Instant::now();
        Command::new(exe)
            .args(["validate", id, "--batch"])
            .arg(file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        Ok(started.elapsed())
    };
    let fastest = |file: &Path| -> Result<Duration, String> {
        let mut times = (0..5).map(|_| time(file)).collect::<Result<Vec<_>, _>>()?;
        times.sort();
        Ok(times[times.len() / 2])
    };
    let work = fastest(&full)?.saturating_sub(fastest(&empty)?);
    Ok(lines.len() as f64 / work.as_secs_f64().max(1e-9))
}

fn schema_resources(outputs: &generate::Outputs) -> Result<jsonschema::Registry<'static>, String> {
    let mut resources = Vec::new();
    for (name, bytes) in outputs
        .iter()
        .filter(|(name, _)| name.starts_with("jsonschema/"))
    {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| format!("{name}: {e}"))?;
        let id = value["$id"]
            .as_str()
            .ok_or_else(|| format!("{name} has no $id"))?
            .to_owned();
        resources.push((id, value));
    }
    jsonschema::Registry::new()
        .extend(resources)
        .and_then(|builder| builder.prepare())
        .map_err(|e| e.to_string())
}

/// The rows as a Markdown table, payloads per second on one core, with the ratios of the library to
/// `jsonschema` on parsed values (both listing every error) and from the bytes.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| contract (request) | mean size | library, value | jsonschema, value: verdict / all errors | library / jsonschema, value | library, bytes | jsonschema, bytes | library / jsonschema, bytes | `validate --batch` | batch / library, bytes |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| `{}` {} ({}) | {} B | {:.0}/s | {:.0}/s / {:.0}/s | {:.2} | {:.0}/s | {:.0}/s | {:.2} | {} | {} |\n",
            row.contract,
            if row.valid { "valid" } else { "invalid" },
            row.payloads,
            row.bytes,
            row.library_value,
            row.jsonschema_is_valid,
            row.jsonschema_errors,
            row.library_value / row.jsonschema_errors,
            row.library_bytes,
            row.jsonschema_bytes,
            row.library_bytes / row.jsonschema_bytes,
            row.batch.map_or_else(|| "—".to_owned(), |b| format!("{b:.0}/s")),
            row.batch.map_or_else(|| "—".to_owned(), |b| format!("{:.2}", b / row.library_bytes)),
        ));
    }
    out
}
