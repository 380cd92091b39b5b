//! `cargo contracts bench`: what `cargo contracts build` does, timed on the real registry and on synthetic ones of
//! growing size, beside a plain copy of the bytes the build writes.
//!
//! For each registry, a project is written into a temporary folder (its contracts and the website's theme) and
//! each step is measured in a fresh process of this binary ([`measure`], run as `bench --measure DIR --step
//! STEP`), so that the peak memory it reports is that step's own: `check`; the full build (`generated/`, the
//! website and the bundle) from empty; a plain copy of every file that build wrote (in this process); the same
//! build again with nothing changed; a build after one contract was edited; `serve`'s rebuild after a save;
//! `generated/` alone (a project without a website); and, on a copy whose first version is a tagged release
//! and whose working tree has one contract in a hundred edited, `diff`.

pub mod synthetic;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use contracts_core::diagnostic::Diagnostics;
use contracts_core::limits::Limits;
use contracts_core::walk::{self, Hidden};
use contracts_core::{CONTRACTS_DIR, GENERATED_DIR, check_dir, generate, output};

use crate::site::{self, faults::Faults};
use crate::versions::comparison::Comparison;
use crate::versions::history::{Snapshot, WORKTREE_LABEL};

/// The sizes measured when none are given.
pub const DEFAULT_SIZES: &[usize] = &[100, 1_000, 10_000];

/// What one child process measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Load and resolve (`check`).
    Check,
    /// `build` with the website; run on an empty project (full), unchanged (no-op) or after an edit.
    Build,
    /// `serve`'s rebuild of the website (without writing `generated/`).
    Serve,
    /// `build` of `generated/` alone, into an empty folder (a project without a website).
    Generated,
    /// `diff` of the working tree against the latest release.
    Diff,
}

impl Step {
    const ALL: [(Step, &'static str); 5] = [
        (Step::Check, "check"),
        (Step::Build, "build"),
        (Step::Serve, "serve"),
        (Step::Generated, "generated"),
        (Step::Diff, "diff"),
    ];

    pub fn name(self) -> &'static str {
        Step::ALL
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("?", |(_, n)| n)
    }

    pub fn parse(name: &str) -> Option<Step> {
        Step::ALL.iter().find(|(_, n)| *n == name).map(|(s, _)| *s)
    }
}

/// The numbers of one step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measurement {
    pub total_ms: f64,
    /// The parts of the step, in order (`check`, `publish`...).
    pub phases: Vec<(String, f64)>,
    /// Files written (or changed) and files in all, of `generated/` and the site.
    pub written: usize,
    pub files: usize,
    /// Peak resident memory of the process, in KiB (`VmHWM`), if the system reports it.
    pub peak_kib: Option<u64>,
    /// Processor time of the whole process (user and system, every thread), in milliseconds, if the system
    /// reports it: less sensitive than the wall time to other work on the machine.
    pub cpu_ms: Option<f64>,
}

impl Measurement {
    /// One line of JSON, as a measuring child process reports it.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "total_ms": self.total_ms,
            "phases": self.phases,
            "written": self.written,
            "files": self.files,
            "peak_kib": self.peak_kib,
            "cpu_ms": self.cpu_ms,
        })
        .to_string()
    }

    /// Reads what [`Self::to_json`] wrote.
    pub fn from_json(line: &str) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_str(line).ok()?;
        let int = |key: &str| value.get(key).and_then(serde_json::Value::as_u64);
        let phases = value
            .get("phases")?
            .as_array()?
            .iter()
            .map(|p| Some((p.get(0)?.as_str()?.to_owned(), p.get(1)?.as_f64()?)))
            .collect::<Option<Vec<_>>>()?;
        Some(Measurement {
            total_ms: value.get("total_ms")?.as_f64()?,
            phases,
            written: usize::try_from(int("written")?).ok()?,
            files: usize::try_from(int("files")?).ok()?,
            peak_kib: int("peak_kib"),
            cpu_ms: value.get("cpu_ms").and_then(serde_json::Value::as_f64),
        })
    }

    /// The time of the phase `name`, if measured.
    pub fn phase(&self, name: &str) -> Option<f64> {
        self.phases
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, ms)| *ms)
    }
}

/// Runs `step` on the project at `root` in this process, with the same library functions as the command line.
pub fn measure(root: &Path, step: Step, limits: &Limits) -> Result<Measurement, String> {
    let started = Instant::now();
    let (registry, diagnostics) = check_dir(&root.join(CONTRACTS_DIR), limits);
    let check_ms = elapsed_ms(started);
    if step != Step::Diff && diagnostics.has_errors() {
        return Err(first_error(&diagnostics));
    }
    let mut phases = vec![("check".to_owned(), check_ms)];
    let (written, files) = match step {
        Step::Check => (0, 0),
        Step::Build | Step::Serve => {
            let mut current = Snapshot {
                label: WORKTREE_LABEL.to_owned(),
                registry,
                diagnostics: Diagnostics::default(),
                is_release: false,
            };
            let publishing = Instant::now();
            let source = match step {
                Step::Build => site::Source::Project {
                    current: &mut current,
                    limits,
                },
                _ => site::Source::Preview {
                    registry: &current.registry,
                },
            };
            let report = site::publish(root, source, None, &Faults::none())
                .map_err(|e| format!("the build failed: {e}"))?;
            phases.push(("publish".to_owned(), elapsed_ms(publishing)));
            phases.extend(report.phases.iter().map(|(n, ms)| ((*n).to_owned(), *ms)));
            let generated = report.generated.unwrap_or_default();
            let site = report.site;
            (
                generated.written.len() + site.written.len(),
                generated.written.len()
                    + generated.unchanged.len()
                    + site.written.len()
                    + site.unchanged.len(),
            )
        }
        Step::Generated => {
            let work = tempfile::tempdir().map_err(|e| e.to_string())?;
            let generating = Instant::now();
            let summary = generated_only(&work.path().join(GENERATED_DIR), &registry)?;
            phases.push(("generate".to_owned(), elapsed_ms(generating)));
            (summary.written.len(), summary.written.len())
        }
        Step::Diff => {
            let worktree = Snapshot {
                label: WORKTREE_LABEL.to_owned(),
                registry,
                diagnostics,
                is_release: false,
            };
            let (comparison, more) = diff(root, worktree, limits)?;
            phases.extend(more);
            (comparison, 0)
        }
    };
    Ok(Measurement {
        total_ms: elapsed_ms(started),
        phases,
        written,
        files,
        peak_kib: crate::memory::peak_resident_kib(),
        cpu_ms: cpu_ms(),
    })
}

/// The processor time this process has used (`utime` and `stime` of `/proc/self/stat`), in milliseconds.
pub fn cpu_ms() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses and may hold spaces).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // Linux reports them in clock ticks of 1/100 s (`CLK_TCK`) on every architecture it runs on.
    Some(ticks * 10.0)
}

/// `diff` against the latest release, as the command does: the number of changes, and the time of each part.
fn diff(
    root: &Path,
    mut worktree: Snapshot,
    limits: &Limits,
) -> Result<(usize, Vec<(String, f64)>), String> {
    let mut phases = Vec::new();
    let started = Instant::now();
    let history = crate::versions::history::History::open(root).map_err(|e| e.to_string())?;
    let release = history
        .latest_release()
        .map_err(|e| e.to_string())?
        .ok_or("no release to compare with")?;
    let before =
        crate::versions::comparison::before_worktree(&history, &release.tag, &mut worktree, limits)
            .map_err(|e| e.to_string())?;
    phases.push(("release".to_owned(), elapsed_ms(started)));
    let started = Instant::now();
    let comparison = Comparison::of(&before, &worktree);
    phases.push(("compare".to_owned(), elapsed_ms(started)));
    let started = Instant::now();
    let text = comparison.text(&before, &worktree, &annotate_snippets::Renderer::plain());
    phases.push(("report".to_owned(), elapsed_ms(started)));
    if text.is_empty() {
        return Err("the comparison found nothing to report".to_owned());
    }
    Ok((comparison.changes.len(), phases))
}

/// `build` of a project without a website: every output compared (and written) as soon as it is generated.
fn generated_only(
    generated: &Path,
    registry: &contracts_core::model::Registry,
) -> Result<output::Summary, String> {
    let mut syncer =
        output::Syncer::begin(generated, generate::MARKER, false).map_err(|e| e.to_string())?;
    let target = syncer.target();
    let stage = |name: String, content| (target.put(&name, content), name);
    generate::each_output(registry, &stage, |(changed, name)| {
        syncer.record(&name, changed?);
        Ok::<(), output::OutputError>(())
    })
    .map_err(|e| e.to_string())?;
    syncer.finish().map_err(|e| e.to_string())
}

fn first_error(diagnostics: &Diagnostics) -> String {
    let count = diagnostics.iter().filter(|d| d.is_error()).count();
    let first = diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code.as_str(), d.message))
        .unwrap_or_default();
    format!("check found {count} errors, the first: {first}")
}

fn elapsed_ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// How many YAML files are under `dir`, and their total size.
pub fn input_size(dir: &Path) -> (usize, u64) {
    let files = yaml_files(dir);
    (files.len(), files.iter().map(|(_, bytes)| bytes).sum())
}

/// How many contract files `contracts_dir` holds: the YAML files of every `contracts/` folder below it (one per
/// owner).
pub fn contract_files(contracts_dir: &Path) -> usize {
    let in_contracts_folder = |path: &Path| {
        path.parent().is_some_and(|folder| {
            folder != contracts_dir && folder.file_name().is_some_and(|name| name == "contracts")
        })
    };
    yaml_files(contracts_dir)
        .iter()
        .filter(|(path, _)| in_contracts_folder(path))
        .count()
}

/// Every YAML file under `dir`, with its size.
fn yaml_files(dir: &Path) -> Vec<(PathBuf, u64)> {
    walk::files(dir, Hidden::Include)
        .flatten()
        .filter(|file| {
            matches!(
                file.path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            )
        })
        .map(|file| {
            let size = fs::metadata(&file.path).map_or(0, |m| m.len());
            (file.path, size)
        })
        .collect()
}

/// A plain copy of every file under `dirs` into `to` (one `copy` per file, as `cp -r` does): the time it took,
/// and how many files and bytes it copied.
pub fn plain_copy(dirs: &[PathBuf], to: &Path) -> std::io::Result<(f64, usize, u64)> {
    let started = Instant::now();
    let (mut files, mut bytes) = (0, 0);
    for (i, dir) in dirs.iter().enumerate() {
        for file in walk::files(dir, Hidden::Include) {
            let file = file.map_err(|e| std::io::Error::new(e.error.kind(), e.to_string()))?;
            let target = to.join(i.to_string()).join(&file.name);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            bytes += fs::copy(&file.path, &target)?;
            files += 1;
        }
    }
    Ok((elapsed_ms(started), files, bytes))
}

/// The results of one registry.
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub label: String,
    pub contracts: usize,
    pub input_files: usize,
    pub input_bytes: u64,
    /// Files and bytes the full build wrote.
    pub output_files: usize,
    pub output_bytes: u64,
    pub check: Option<Measurement>,
    pub full: Option<Measurement>,
    pub copy_ms: Option<f64>,
    pub noop: Option<Measurement>,
    pub edit: Option<Measurement>,
    pub serve: Option<Measurement>,
    pub generated: Option<Measurement>,
    pub diff: Option<Measurement>,
    /// What could not be measured, and why.
    pub failures: Vec<String>,
}

/// The report: a table of times and memory, then one of the ratios the targets are about, then the parts of the
/// slowest steps.
pub fn table(rows: &[Row]) -> String {
    let ms = |m: &Option<Measurement>| {
        m.as_ref()
            .map_or("–".to_owned(), |m| format!("{:.0}", m.total_ms))
    };
    let peak = |m: &Option<Measurement>| {
        m.as_ref()
            .and_then(|m| m.peak_kib)
            .map_or("–".to_owned(), |k| bytes(k * 1024))
    };
    let mut out = String::from(
        "| registry | input | outputs | check ms | full build ms (CPU) | peak | plain copy ms | no-op ms | one edit ms (written) | serve rebuild ms | generated/ only ms | diff ms |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        let edit = row.edit.as_ref().map_or("–".to_owned(), |m| {
            format!("{:.0} ({})", m.total_ms, m.written)
        });
        let full = row
            .full
            .as_ref()
            .map_or("–".to_owned(), |m| match m.cpu_ms {
                Some(cpu) => format!("{:.0} ({cpu:.0})", m.total_ms),
                None => format!("{:.0}", m.total_ms),
            });
        let _ = writeln!(
            out,
            "| {} | {} files, {} | {} files, {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.label,
            row.input_files,
            bytes(row.input_bytes),
            row.output_files,
            bytes(row.output_bytes),
            ms(&row.check),
            full,
            peak(&row.full),
            row.copy_ms.map_or("–".to_owned(), |c| format!("{c:.0}")),
            ms(&row.noop),
            edit,
            ms(&row.serve),
            ms(&row.generated),
            ms(&row.diff),
        );
    }
    out.push_str(
        "\n| registry | full build / plain copy | no-op / check | one edit without its check ms | no-op written | peak of the no-op |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
            _ => "–".to_owned(),
        };
        let total = |m: &Option<Measurement>| m.as_ref().map(|m| m.total_ms);
        let edit_rest = row
            .edit
            .as_ref()
            .and_then(|m| Some(m.total_ms - m.phase("check")?))
            .map_or("–".to_owned(), |v| format!("{v:.0}"));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.label,
            ratio(total(&row.full), row.copy_ms),
            ratio(total(&row.noop), total(&row.check)),
            edit_rest,
            row.noop
                .as_ref()
                .map_or("–".to_owned(), |m| m.written.to_string()),
            peak(&row.noop),
        );
    }
    out.push_str("\nParts (ms):\n\n");
    for row in rows {
        for (name, m) in [
            ("check", &row.check),
            ("full build", &row.full),
            ("no-op", &row.noop),
            ("one edit", &row.edit),
            ("serve rebuild", &row.serve),
            ("diff", &row.diff),
        ] {
            if let Some(m) = m {
                let parts: Vec<String> = m
                    .phases
                    .iter()
                    .map(|(n, ms)| format!("{n} {ms:.0}"))
                    .collect();
                let cpu = m
                    .cpu_ms
                    .map_or(String::new(), |c| format!(" (CPU {c:.0} ms)"));
                let _ = writeln!(out, "- {} {name}: {}{cpu}", row.label, parts.join(", "));
            }
        }
        for failure in &row.failures {
            let _ = writeln!(out, "- {}: {failure}", row.label);
        }
    }
    out
}

/// `512 B`, `42.0 KiB`, `3.1 MiB`.
pub fn bytes(n: u64) -> String {
    const KIB: f64 = 1024.0;
    let n = n as f64;
    if n < KIB {
        format!("{n} B")
    } else if n < KIB * KIB {
        format!("{:.1} KiB", n / KIB)
    } else if n < KIB * KIB * KIB {
        format!("{:.1} MiB", n / (KIB * KIB))
    } else {
        format!("{:.2} GiB", n / (KIB * KIB * KIB))
    }
}

/// Keeps the faster of two measurements of the same step.
pub fn best(a: Measurement, b: Measurement) -> Measurement {
    if b.total_ms < a.total_ms { b } else { a }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measurement_travels_as_json_and_lands_in_the_table() {
        let m = Measurement {
            total_ms: 12.5,
            phases: vec![("check".to_owned(), 4.0), ("publish".to_owned(), 8.5)],
            written: 3,
            files: 7,
            peak_kib: Some(1024),
            cpu_ms: Some(20.0),
        };
        assert_eq!(Measurement::from_json(&m.to_json()), Some(m.clone()));
        let row = Row {
            label: "synthetic N=1".to_owned(),
            contracts: 1,
            input_files: 3,
            input_bytes: 2048,
            full: Some(m.clone()),
            check: Some(Measurement {
                total_ms: 4.0,
                ..Measurement::default()
            }),
            noop: Some(Measurement {
                total_ms: 4.4,
                ..Measurement::default()
            }),
            copy_ms: Some(5.0),
            ..Row::default()
        };
        let table = table(&[row]);
        assert!(
            table.contains(
                "| synthetic N=1 | 3 files, 2.0 KiB | 0 files, 0 B | 4 | 12 (20) | 1.0 MiB | 5 | 4 |"
            ),
            "{table}"
        );
        assert!(table.contains("| synthetic N=1 | 2.50 | 1.10 |"), "{table}");
        assert!(
            table.contains("- synthetic N=1 full build: check 4, publish 8"),
            "{table}"
        );
    }

    #[test]
    fn steps_have_names() {
        for (step, name) in Step::ALL {
            assert_eq!(Step::parse(name), Some(step));
            assert_eq!(step.name(), name);
        }
    }
}
