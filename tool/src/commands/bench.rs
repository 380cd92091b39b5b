//! `cargo contracts bench`: check and build timed on the real registry and on synthetic ones of growing size,
//! each measured in a fresh process of this binary so that its peak memory is its own.

use std::io::Write;
use std::path::Path;

use contracts_core::CONTRACTS_DIR;
use contracts_core::limits::Limits;

use super::{CONTRACT_ERRORS, OK};
use crate::bench;

pub fn run(
    root: &Path,
    sizes: &[usize],
    keep: Option<&Path>,
    runs: u32,
    measure: Option<&Path>,
    limits: &Limits,
) -> u8 {
    match measure {
        Some(contracts) => measure_here(contracts, limits),
        None => compare_sizes(root, sizes, keep, runs),
    }
}

/// `bench --measure DIR`: one measurement in this process, as one JSON line on stdout.
fn measure_here(contracts: &Path, limits: &Limits) -> u8 {
    match bench::measure(contracts, limits) {
        Ok(measurement) => {
            let _ = writeln!(std::io::stdout(), "{}", measurement.to_json());
            OK
        }
        Err(error) => {
            eprintln!("error: {error}");
            CONTRACT_ERRORS
        }
    }
}

/// `bench`: each registry measured in a fresh process of this binary, so that its peak memory is its own.
fn compare_sizes(root: &Path, sizes: &[usize], keep: Option<&Path>, runs: u32) -> u8 {
    use bench::{self, Row};
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is not a release build, so the times are not representative; run\n  cargo run --release --locked -p contracts-codegen --bin contracts -- bench"
        );
    }
    let real = root.join(CONTRACTS_DIR);
    let mut rows = Vec::new();
    let real_contracts = bench::contract_files(&real);
    eprintln!("measuring the real registry ({})", real.display());
    rows.push(Row {
        label: "real `contracts/`".to_owned(),
        contracts: real_contracts,
        result: measure_best(&real, runs),
    });
    for &n in sizes {
        let started = std::time::Instant::now();
        let project = bench::synthetic_project(keep, n)
            .and_then(|(dir, temp)| bench::write_synthetic(&dir, n, &real).map(|s| (dir, temp, s)));
        let result = match project {
            Err(error) => Err(format!("cannot write the synthetic registry: {error}")),
            Ok((dir, _temp, synthetic)) => {
                eprintln!(
                    "measuring N={n}: {} files, {} bytes written in {:.1} s{}",
                    synthetic.files,
                    synthetic.bytes,
                    started.elapsed().as_secs_f64(),
                    if keep.is_some() {
                        format!(" (kept in {})", dir.display())
                    } else {
                        String::new()
                    }
                );
                measure_best(&dir.join(CONTRACTS_DIR), runs)
            }
        };
        rows.push(Row {
            label: format!("synthetic N={n}"),
            contracts: n,
            result,
        });
    }
    let _ = write!(std::io::stdout(), "{}", bench::table(&rows));
    if rows
        .iter()
        .all(|r| r.result.as_ref().is_ok_and(|m| m.noop_written == 0))
    {
        OK
    } else {
        CONTRACT_ERRORS
    }
}

/// The fastest of `runs` measurements of `contracts`, each in a child process.
fn measure_best(contracts: &Path, runs: u32) -> Result<bench::Measurement, String> {
    let mut best = None;
    for _ in 0..runs {
        let measurement = measure_in_child(contracts)?;
        best = Some(match best {
            None => measurement,
            Some(previous) => bench::best(previous, measurement),
        });
    }
    best.ok_or_else(|| "no run".to_owned())
}

fn measure_in_child(contracts: &Path) -> Result<bench::Measurement, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let output = std::process::Command::new(exe)
        .arg("--root")
        .arg(contracts.parent().unwrap_or(contracts))
        .args(["bench", "--measure"])
        .arg(contracts)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run the measuring process: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    match stdout
        .lines()
        .last()
        .and_then(bench::Measurement::from_json)
    {
        Some(measurement) if output.status.success() => Ok(measurement),
        _ => Err(format!("the measuring process failed ({})", output.status)),
    }
}

/// `bench --validation`: payloads per second of each way of validating them, as a Markdown table.
pub fn validation(root: &Path, payloads: usize, limits: &Limits) -> u8 {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is not a release build, so the rates are not representative; run\n  cargo run --release --locked -p contracts-tool --bin contracts -- bench --validation"
        );
    }
    let (registry, diagnostics) = contracts_core::check_dir(&root.join(CONTRACTS_DIR), limits);
    if diagnostics.has_errors() {
        eprintln!("error: the registry has errors; run `cargo contracts check`");
        return CONTRACT_ERRORS;
    }
    eprintln!(
        "measuring validation of {payloads} valid and {payloads} invalid payloads per contract..."
    );
    match crate::validation_bench::measure(&registry, payloads) {
        Ok(rows) => {
            let _ = write!(
                std::io::stdout(),
                "{}",
                crate::validation_bench::table(&rows)
            );
            OK
        }
        Err(error) => {
            eprintln!("error: {error}");
            CONTRACT_ERRORS
        }
    }
}
