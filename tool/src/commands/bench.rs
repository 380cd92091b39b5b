//! `cargo contracts bench`: the whole build (`generated/`, the website and its bundle) timed on the real registry
//! and on synthetic ones of growing size, each step measured in a fresh process of this binary so that its peak
//! memory is its own, beside a plain copy of the bytes the build writes.

use std::io::Write;
use std::path::{Path, PathBuf};

use contracts_core::limits::Limits;
use contracts_core::{CONTRACTS_DIR, GENERATED_DIR};

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO};
use crate::bench::{self, Measurement, Row, Step, synthetic};
use crate::site;

pub fn run(
    root: &Path,
    sizes: &[usize],
    keep: Option<&Path>,
    runs: u32,
    measure: Option<&Path>,
    step: Option<&str>,
    limits: &Limits,
) -> u8 {
    match measure {
        Some(project) => measure_here(project, step.unwrap_or("build"), limits),
        None => compare_sizes(root, sizes, keep, runs),
    }
}

/// `bench --measure DIR --step STEP`: one measurement in this process, as one JSON line on stdout.
fn measure_here(project: &Path, step: &str, limits: &Limits) -> u8 {
    let Some(step) = Step::parse(step) else {
        eprintln!("error: `{step}` is not a step of bench");
        return USAGE_OR_IO;
    };
    match bench::measure(project, step, limits) {
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

/// How a registry's contract is edited between rebuilds.
#[derive(Clone, Copy)]
enum Edit {
    /// The request description of the synthetic contract with this number.
    Synthetic(usize),
    /// A comment appended to the first contract file (any registry).
    Comment,
}

/// `bench`: the real registry, then a synthetic one per size.
fn compare_sizes(root: &Path, sizes: &[usize], keep: Option<&Path>, runs: u32) -> u8 {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is not a release build, so the times are not representative; run\n  cargo run --release --locked -p contracts-tool --bin contracts -- bench"
        );
    }
    let real = root.join(CONTRACTS_DIR);
    let mut rows = Vec::new();
    eprintln!("measuring the real registry ({})", real.display());
    rows.push(real_row(root, keep, runs));
    for &n in sizes {
        rows.push(synthetic_row(root, keep, runs, n));
    }
    let _ = write!(std::io::stdout(), "{}", bench::table(&rows));
    let all_measured = rows.iter().all(|r| r.failures.is_empty());
    let noops_clean = rows
        .iter()
        .all(|r| r.noop.as_ref().is_some_and(|m| m.written == 0));
    if all_measured && noops_clean {
        OK
    } else {
        CONTRACT_ERRORS
    }
}

fn real_row(root: &Path, keep: Option<&Path>, runs: u32) -> Row {
    let mut row = Row {
        label: "real `contracts/`".to_owned(),
        contracts: bench::contract_files(&root.join(CONTRACTS_DIR)),
        ..Row::default()
    };
    let project = synthetic::synthetic_project(keep, "real", 0).and_then(|(dir, temp)| {
        contracts_tests_free_copy(&root.join(CONTRACTS_DIR), &dir.join(CONTRACTS_DIR))?;
        synthetic::copy_theme(root, &dir)?;
        Ok((dir, temp))
    });
    match project {
        Ok((dir, _temp)) => measure_project(&dir, runs, Edit::Comment, false, &mut row),
        Err(error) => row
            .failures
            .push(format!("cannot copy the registry: {error}")),
    }
    row
}

fn synthetic_row(root: &Path, keep: Option<&Path>, runs: u32, n: usize) -> Row {
    let mut row = Row {
        label: format!("synthetic N={n}"),
        contracts: n,
        ..Row::default()
    };
    let started = std::time::Instant::now();
    let project = synthetic::synthetic_project(keep, "synthetic", n).and_then(|(dir, temp)| {
        let written = synthetic::write_synthetic(&dir, n, &root.join(CONTRACTS_DIR))?;
        synthetic::copy_theme(root, &dir)?;
        Ok((dir, temp, written))
    });
    match project {
        Err(error) => row
            .failures
            .push(format!("cannot write the synthetic registry: {error}")),
        Ok((dir, _temp, written)) => {
            eprintln!(
                "measuring N={n}: {} files, {} written in {:.1} s{}",
                written.files,
                bench::bytes(written.bytes),
                started.elapsed().as_secs_f64(),
                keep.map_or(String::new(), |_| format!(" (kept in {})", dir.display()))
            );
            measure_project(&dir, runs, Edit::Synthetic(n / 2), true, &mut row);
        }
    }
    row
}

/// Copies a `contracts/` folder.
fn contracts_tests_free_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    use contracts_core::walk::{self, Hidden};
    for file in walk::files(from, Hidden::Skip) {
        let file = file.map_err(|e| std::io::Error::new(e.error.kind(), e.to_string()))?;
        let target = to.join(&file.name);
        std::fs::create_dir_all(target.parent().unwrap_or(to))?;
        std::fs::copy(&file.path, &target)?;
    }
    Ok(())
}

/// Every step on the project at `dir`, each the fastest of `runs`.
fn measure_project(dir: &Path, runs: u32, edit: Edit, diff: bool, row: &mut Row) {
    (row.input_files, row.input_bytes) = bench::input_size(&dir.join(CONTRACTS_DIR));
    let outputs = [dir.join(GENERATED_DIR), dir.join(site::PUBLIC_DIR)];
    let mut note = |what: &str, result: Result<Measurement, String>| match result {
        Ok(m) => Some(m),
        Err(error) => {
            row.failures.push(format!("{what}: {error}"));
            None
        }
    };
    row.check = note("check", best_of(runs, || child(dir, Step::Check)));
    row.full = note(
        "full build",
        best_of(runs, || {
            remove_outputs(dir);
            child(dir, Step::Build)
        }),
    );
    let (files, bytes) = files_and_bytes(&outputs);
    (row.output_files, row.output_bytes) = (files, bytes);
    let copies = dir.join(".bench-copy");
    row.copy_ms = (0..runs)
        .filter_map(|_| {
            let _ = std::fs::remove_dir_all(&copies);
            let copied = bench::plain_copy(&outputs, &copies).ok();
            let _ = std::fs::remove_dir_all(&copies);
            copied.map(|(ms, _, _)| ms)
        })
        .reduce(f64::min);
    row.noop = note("no-op", best_of(runs, || child(dir, Step::Build)));
    let mut round = 0;
    let mut edited = || {
        round += 1;
        apply(dir, edit, round)
    };
    row.edit = note(
        "one edit",
        best_of(runs, || {
            edited()?;
            child(dir, Step::Build)
        }),
    );
    row.serve = note(
        "serve rebuild",
        best_of(runs, || {
            edited()?;
            child(dir, Step::Serve)
        }),
    );
    row.generated = note(
        "generated/ only",
        best_of(runs, || child(dir, Step::Generated)),
    );
    if diff {
        let history = dir.join(".bench-history");
        let _ = std::fs::remove_dir_all(&history);
        let prepared =
            contracts_tests_free_copy(&dir.join(CONTRACTS_DIR), &history.join(CONTRACTS_DIR))
                .map_err(|e| e.to_string())
                .and_then(|()| synthetic::release_and_edit(&history, row.contracts));
        row.diff = match prepared {
            Ok(_) => note("diff", best_of(runs, || child(&history, Step::Diff))),
            Err(error) => note("diff", Err(error)),
        };
        let _ = std::fs::remove_dir_all(&history);
    }
}

/// Edits one contract of the project at `dir`, differently in each `round`.
fn apply(dir: &Path, edit: Edit, round: usize) -> Result<(), String> {
    match edit {
        Edit::Synthetic(i) => synthetic::edit_contract(dir, i, round).map_err(|e| e.to_string()),
        Edit::Comment => {
            let first = contracts_core::walk::files(
                &dir.join(CONTRACTS_DIR),
                contracts_core::walk::Hidden::Skip,
            )
            .flatten()
            .find(|f| f.name.contains("/contracts/") && f.name.ends_with(".yaml"))
            .ok_or("no contract file to edit")?;
            let mut text = std::fs::read_to_string(&first.path).map_err(|e| e.to_string())?;
            text.push_str(&format!("# edited by bench, round {round}\n"));
            std::fs::write(&first.path, text).map_err(|e| e.to_string())
        }
    }
}

/// Removes what a build wrote, for a build from empty.
fn remove_outputs(dir: &Path) {
    for folder in [
        dir.join(GENERATED_DIR),
        dir.join(site::PUBLIC_DIR),
        dir.join(site::publish::WORK_DIR),
    ] {
        let _ = std::fs::remove_dir_all(folder);
    }
}

/// How many files the folders hold, and their total size.
fn files_and_bytes(dirs: &[PathBuf]) -> (usize, u64) {
    use contracts_core::walk::{self, Hidden};
    dirs.iter()
        .flat_map(|dir| walk::files(dir, Hidden::Include).flatten())
        .fold((0, 0), |(files, bytes), file| {
            let size = std::fs::metadata(&file.path).map_or(0, |m| m.len());
            (files + 1, bytes + size)
        })
}

/// The fastest of `runs` measurements.
fn best_of(
    runs: u32,
    mut measure: impl FnMut() -> Result<Measurement, String>,
) -> Result<Measurement, String> {
    let mut best: Option<Measurement> = None;
    for _ in 0..runs {
        let measurement = measure()?;
        best = Some(match best {
            None => measurement,
            Some(previous) => bench::best(previous, measurement),
        });
    }
    best.ok_or_else(|| "no run".to_owned())
}

/// Measures `step` on the project at `dir` in a child process.
fn child(dir: &Path, step: Step) -> Result<Measurement, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let output = std::process::Command::new(exe)
        .arg("--root")
        .arg(dir)
        .args(["bench", "--measure"])
        .arg(dir)
        .args(["--step", step.name()])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run the measuring process: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    match stdout.lines().last().and_then(Measurement::from_json) {
        Some(measurement) if output.status.success() => Ok(measurement),
        _ => Err(format!(
            "the measuring process of `{}` failed ({})",
            step.name(),
            output.status
        )),
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
