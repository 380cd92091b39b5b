//! The `contracts` command line: `cargo contracts check`, `cargo contracts build`, `cargo contracts bench`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::Renderer;
use clap::{Parser, Subcommand, ValueEnum};

use contracts_codegen::diagnostic::Diagnostics;
use contracts_codegen::generate::{Content, MARKER};
use contracts_codegen::limits::Limits;
use contracts_codegen::model::Registry;
use contracts_codegen::site::cli as site_cli;
use contracts_codegen::{CONTRACTS_DIR, GENERATED_DIR, check_dir, find_project_root, output};

/// `build` allocates millions of small values on every core; mimalloc does that several times faster than the
/// system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status: contracts are clean.
const OK: u8 = 0;
/// Exit status: the contracts have errors, or `build --check` found stale outputs.
const CONTRACT_ERRORS: u8 = 1;
/// Exit status: bad usage, or a file could not be read or written.
const USAGE_OR_IO: u8 = 2;

#[derive(Parser)]
#[command(
    name = "contracts",
    version,
    about = "Checks and builds the data-contract registry of Circular 04/2025/TT-VPCP",
    after_help = "Exit status: 0 clean, 1 contract errors (or stale outputs with --check), 2 usage or I/O errors."
)]
struct Cli {
    /// The project folder holding `contracts/` (default: the nearest one at or above the current folder;
    /// or the CONTRACTS_ROOT environment variable).
    #[arg(long, global = true, env = "CONTRACTS_ROOT", value_name = "DIR")]
    root: Option<PathBuf>,

    /// Colour in terminal output.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Loads and checks every contract; reports every problem at once.
    Check {
        /// `text` (rustc-style, on stderr) or `json` (on stdout, for editors and CI).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Prints the traceability matrix: every enumerated provision with what implements it, and back.
    Coverage {
        /// `text` or `json`, on stdout.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Only the provisions that nothing implements.
        #[arg(long)]
        uncovered: bool,
    },
    /// Prints the dossier components that database attributes replace, by procedure.
    Reuse {
        /// Only this procedure (its national code `MaTTHC`, e.g. `1.001234`).
        #[arg(long, value_name = "CODE")]
        procedure: Option<String>,
        /// Only the components replaced by attributes of this database (its id).
        #[arg(long, value_name = "ID")]
        database: Option<String>,
        /// `text`, `json` or `csv`, on stdout.
        #[arg(long, value_enum, default_value_t = ReuseFormat::Text)]
        format: ReuseFormat,
    },
    /// Validates a payload (a JSON file, or `-` for stdin) against a contract's request or response.
    Validate {
        /// The contract id, optionally with the version the payload was written for: `dossier-sync@1.0.0`.
        contract: String,
        /// The JSON payload file, or `-` to read standard input.
        payload: PathBuf,
        /// Validate against the response instead of the request.
        #[arg(long)]
        response: bool,
        /// `text` (on stderr) or `json` (on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Checks the contracts, then writes every output into `generated/`.
    Build {
        /// Write nothing; exit 1 if `generated/` is not what the contracts produce.
        #[arg(long)]
        check: bool,
        /// Sign the website's download bundle with this Ed25519 private key (from `cargo contracts keygen`).
        #[arg(long, env = "CONTRACTS_SIGN_KEY", value_name = "FILE")]
        sign_key: Option<PathBuf>,
    },
    /// Writes a new Ed25519 key pair for signing the download bundle: NAME.key.pem and NAME.pub.pem.
    Keygen {
        /// The folder to write the two files into.
        #[arg(long, default_value = ".", value_name = "DIR")]
        out_dir: PathBuf,
        /// The base name of the two files.
        #[arg(long, default_value = "contracts-signing")]
        name: String,
    },
    /// Checks an unpacked download bundle: its SHA256SUMS signature, then every file; names each mismatch.
    Verify {
        /// The bundle folder (it holds SHA256SUMS and SHA256SUMS.sig).
        bundle: PathBuf,
        /// The publisher's public key (`.pub.pem`).
        #[arg(long, value_name = "FILE")]
        public_key: PathBuf,
    },
    /// Serves the website on 127.0.0.1, rebuilding it and reloading the page when a contract or template changes.
    Serve {
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Sign the preview's download bundle with this private key.
        #[arg(long, env = "CONTRACTS_SIGN_KEY", value_name = "FILE")]
        sign_key: Option<PathBuf>,
    },
    /// Compares two versions of the registry and classifies every change as breaking, warning or info.
    ///
    /// Exits 1 when a breaking change is not approved in contracts/approvals.yaml, or a version did not
    /// grow as much as its changes require.
    Diff {
        /// The earlier side: a git tag, branch or commit (default: the latest release tag `v*`), or `worktree`.
        #[arg(long, value_name = "REVISION")]
        from: Option<String>,
        /// The later side: a git tag, branch or commit, or `worktree` (the files on disk, the default).
        #[arg(long, value_name = "REVISION", default_value = contracts_codegen::history::WORKTREE)]
        to: String,
        /// `text` (rustc-style, on stderr), `json` or `markdown` (on stdout).
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Releases the registry: checks, sets the version, writes CHANGELOG.md, rebuilds generated/, commits and tags.
    Release {
        /// `auto` (the bump the changes require), or `major`, `minor`, `patch`.
        #[arg(value_enum, default_value_t = ReleaseLevel::Auto)]
        level: ReleaseLevel,
        /// Show everything the release would do, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Times check and build on synthetic registries of N contracts and on the real one; prints a markdown table.
    ///
    /// Run it on a release build: `cargo run --release --locked -p contracts-codegen --bin contracts -- bench`.
    Bench {
        /// The numbers of contracts of the synthetic registries.
        #[arg(long, value_delimiter = ',', default_values_t = contracts_codegen::bench::DEFAULT_SIZES.to_vec())]
        sizes: Vec<usize>,
        /// Keep the synthetic registries in this folder (as DIR/synthetic-N/contracts/) instead of deleting them.
        #[arg(long, value_name = "DIR")]
        keep: Option<PathBuf>,
        /// Measure each registry this many times and report the fastest run.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
        /// Internal: measure the registry in this `contracts/` folder in this process and print one JSON line.
        #[arg(long, hide = true, value_name = "CONTRACTS_DIR")]
        measure: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReuseFormat {
    Text,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReleaseLevel {
    Auto,
    Major,
    Minor,
    Patch,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(run(&cli))
}

fn run(cli: &Cli) -> u8 {
    match &cli.command {
        Command::Keygen { out_dir, name } => return site_cli::keygen(out_dir, name),
        Command::Verify { bundle, public_key } => return site_cli::verify(bundle, public_key),
        _ => {}
    }
    let Some(root) = project_root(cli) else {
        eprintln!(
            "error[registry-not-found]: no `{CONTRACTS_DIR}/registry.yaml` here or in any parent folder\n  = help: run the command inside the project, or pass --root <DIR>"
        );
        return USAGE_OR_IO;
    };
    let limits = match Limits::from_env() {
        Ok(limits) => limits,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE_OR_IO;
        }
    };
    if let Command::Bench {
        sizes,
        keep,
        runs,
        measure,
    } = &cli.command
    {
        return match measure {
            Some(contracts) => measure_here(contracts, &limits),
            None => bench(&root, sizes, keep.as_deref(), *runs),
        };
    }
    let (mut registry, diagnostics) = check_dir(&root.join(CONTRACTS_DIR), &limits);
    match &cli.command {
        Command::Check { format } => {
            let diagnostics = with_version_checks(&root, &registry, diagnostics, &limits);
            report(&registry, &diagnostics, *format, cli.color);
            status_of(&diagnostics)
        }
        Command::Validate {
            contract,
            payload,
            response,
            format,
        } => {
            if diagnostics.has_errors() {
                report(&registry, &diagnostics, Format::Text, cli.color);
                return status_of(&diagnostics);
            }
            validate(&registry, contract, payload, *response, *format)
        }
        Command::Coverage { format, uncovered } => {
            if diagnostics.has_errors() {
                report(&registry, &diagnostics, Format::Text, cli.color);
                return status_of(&diagnostics);
            }
            coverage(&registry, *format, *uncovered)
        }
        Command::Reuse {
            procedure,
            database,
            format,
        } => {
            if diagnostics.has_errors() {
                report(&registry, &diagnostics, Format::Text, cli.color);
                return status_of(&diagnostics);
            }
            reuse(&registry, procedure, database, *format)
        }
        Command::Build { check, sign_key } => {
            if diagnostics.has_errors() {
                report(&registry, &diagnostics, Format::Text, cli.color);
                eprintln!("nothing was written: fix the errors above first");
                return status_of(&diagnostics);
            }
            if !diagnostics.is_empty() {
                report(&registry, &diagnostics, Format::Text, cli.color);
            }
            build(
                &root,
                std::mem::take(&mut registry),
                &limits,
                *check,
                sign_key.as_deref(),
            )
        }
        Command::Serve { port, sign_key } => {
            site_cli::serve(&root, *port, limits.clone(), sign_key.as_deref())
        }
        Command::Keygen { .. } | Command::Verify { .. } => OK,
        Command::Bench { .. } => OK,
        Command::Diff { from, to, format } => {
            let worktree = contracts_codegen::history::Snapshot {
                label: contracts_codegen::history::WORKTREE_LABEL.to_owned(),
                registry: std::mem::take(&mut registry),
                diagnostics,
                is_release: false,
            };
            diff(
                &root,
                worktree,
                from.as_deref(),
                to,
                *format,
                cli.color,
                &limits,
            )
        }
        Command::Release { level, dry_run } => release(&root, *level, *dry_run, cli.color, &limits),
    }
}

/// `bench --measure DIR`: one measurement in this process, as one JSON line on stdout.
fn measure_here(contracts: &Path, limits: &Limits) -> u8 {
    match contracts_codegen::bench::measure(contracts, limits) {
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
fn bench(root: &Path, sizes: &[usize], keep: Option<&Path>, runs: u32) -> u8 {
    use contracts_codegen::bench::{self, Row};
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
fn measure_best(
    contracts: &Path,
    runs: u32,
) -> Result<contracts_codegen::bench::Measurement, String> {
    let mut best = None;
    for _ in 0..runs {
        let measurement = measure_in_child(contracts)?;
        best = Some(match best {
            None => measurement,
            Some(previous) => contracts_codegen::bench::best(previous, measurement),
        });
    }
    best.ok_or_else(|| "no run".to_owned())
}

fn measure_in_child(contracts: &Path) -> Result<contracts_codegen::bench::Measurement, String> {
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
        .and_then(contracts_codegen::bench::Measurement::from_json)
    {
        Some(measurement) if output.status.success() => Ok(measurement),
        _ => Err(format!("the measuring process failed ({})", output.status)),
    }
}

fn project_root(cli: &Cli) -> Option<PathBuf> {
    match &cli.root {
        Some(root) => root
            .join(CONTRACTS_DIR)
            .join("registry.yaml")
            .is_file()
            .then(|| root.clone()),
        None => find_project_root(&std::env::current_dir().ok()?),
    }
}

fn status_of(diagnostics: &Diagnostics) -> u8 {
    if diagnostics
        .iter()
        .any(|d| d.code == contracts_codegen::diagnostic::Code::Io)
    {
        USAGE_OR_IO
    } else if diagnostics.has_errors() {
        CONTRACT_ERRORS
    } else {
        OK
    }
}

fn report(registry: &Registry, diagnostics: &Diagnostics, format: Format, color: Color) {
    match format {
        Format::Json => {
            let json = diagnostics.to_json(&registry.sources);
            let text = serde_json::to_string_pretty(&json).unwrap_or_default();
            let _ = writeln!(std::io::stdout(), "{text}");
        }
        Format::Text => {
            let styled = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let renderer = if styled {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            let _ = write!(
                std::io::stderr(),
                "{}",
                diagnostics.render(&registry.sources, &renderer)
            );
        }
    }
}

fn validate(registry: &Registry, wanted: &str, file: &Path, response: bool, format: Format) -> u8 {
    let (id, version) = wanted
        .split_once('@')
        .map_or((wanted, None), |(id, v)| (id, Some(v)));
    let Some(contract) = registry.contracts.get(id) else {
        let known: Vec<&str> = registry.contracts.keys().map(String::as_str).collect();
        eprintln!(
            "error: no contract has the id `{id}` (known: {})",
            known.join(", ")
        );
        return USAGE_OR_IO;
    };
    if let Some(version) = version
        && version != contract.version.to_string()
    {
        eprintln!(
            "error: the registry has `{id}` version {}, not {version}; validate against the version you target, or update the payload",
            contract.version
        );
        return USAGE_OR_IO;
    }
    let text = if file == Path::new("-") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map(|_| text)
    } else {
        std::fs::read_to_string(file)
    };
    let value: serde_json::Value = match text
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(value) => value,
        Err(error) => {
            eprintln!("error: cannot read {} as JSON: {error}", file.display());
            return USAGE_OR_IO;
        }
    };
    let payload = if response {
        &contract.response
    } else {
        &contract.request
    };
    let violations =
        contracts_codegen::payload::Validator::new(registry).object(&payload.fields, &value);
    let side = payload.direction.as_str();
    match format {
        Format::Json => {
            let json = serde_json::json!({
                "contract": contract.id,
                "version": contract.version.to_string(),
                "payload": side,
                "valid": violations.is_empty(),
                "violations": violations.iter().map(|v| serde_json::json!({
                    "pointer": v.pointer,
                    "message": v.message,
                    "label": v.label.as_ref().map(|(vi, en)| serde_json::json!({"vi": vi, "en": en})),
                    "legal": v.legal,
                })).collect::<Vec<_>>(),
            });
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        Format::Text => {
            let mut out = String::new();
            for v in &violations {
                let pointer = if v.pointer.is_empty() {
                    "/"
                } else {
                    v.pointer.as_str()
                };
                out.push_str(&format!("{pointer}: {}\n", v.message));
                if let Some((vi, en)) = &v.label {
                    let legal = if v.legal.is_empty() {
                        String::new()
                    } else {
                        format!(", provision {}", v.legal.join(", "))
                    };
                    out.push_str(&format!("    field: {vi} ({en}){legal}\n"));
                }
            }
            let verdict = if violations.is_empty() {
                "valid".to_owned()
            } else {
                format!(
                    "invalid: {} violation{}",
                    violations.len(),
                    if violations.len() == 1 { "" } else { "s" }
                )
            };
            out.push_str(&format!(
                "{}: {side} of {} {}: {verdict}\n",
                file.display(),
                contract.id,
                contract.version
            ));
            let _ = write!(std::io::stderr(), "{out}");
        }
    }
    if violations.is_empty() {
        OK
    } else {
        CONTRACT_ERRORS
    }
}

fn coverage(registry: &Registry, format: Format, only_gaps: bool) -> u8 {
    let Some(matrix) = contracts_codegen::coverage::coverage(registry) else {
        eprintln!(
            "error: the registry names no primary legal source (`legal-sources` in registry.yaml)"
        );
        return CONTRACT_ERRORS;
    };
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&matrix.to_json()).unwrap_or_default() + "\n",
        Format::Text => matrix.render(only_gaps),
    };
    let _ = write!(std::io::stdout(), "{text}");
    if matrix.gaps().next().is_some() {
        CONTRACT_ERRORS
    } else {
        OK
    }
}

fn reuse(
    registry: &Registry,
    procedure: &Option<String>,
    database: &Option<String>,
    format: ReuseFormat,
) -> u8 {
    if let Some(id) = database
        && !registry.databases.contains_key(id)
    {
        let near =
            contracts_codegen::resolve::closest(id, registry.databases.keys().map(String::as_str));
        eprintln!("error: no database has the id `{}`", id.escape_debug());
        match near {
            Some(near) => eprintln!("  = help: did you mean `{near}`?"),
            None => eprintln!(
                "  = help: the databases are listed on the website, under contracts/owners/*/databases/"
            ),
        }
        return USAGE_OR_IO;
    }
    let filter = contracts_codegen::reuse::Filter {
        procedure: procedure.clone(),
        database: database.clone(),
    };
    let rows = contracts_codegen::reuse::rows(registry, &filter);
    let text = match format {
        ReuseFormat::Text => contracts_codegen::reuse::to_text(registry, &rows),
        ReuseFormat::Json => contracts_codegen::reuse::to_json(registry, &rows),
        ReuseFormat::Csv => contracts_codegen::reuse::to_csv(registry, &rows),
    };
    let _ = write!(std::io::stdout(), "{text}");
    OK
}

fn build(
    root: &Path,
    registry: Registry,
    limits: &Limits,
    check: bool,
    sign_key: Option<&Path>,
) -> u8 {
    let mut current = contracts_codegen::history::Snapshot {
        label: contracts_codegen::history::WORKTREE_LABEL.to_owned(),
        registry,
        diagnostics: Diagnostics::default(),
        is_release: false,
    };
    let built = if !check && contracts_codegen::site::is_present(root) {
        build_with_site(root, &mut current, limits, sign_key)
    } else {
        build_streamed(root, &mut current, limits, check)
    };
    let Built {
        summary,
        lock,
        site,
    } = match built {
        Ok(built) => built,
        Err(code) => return code,
    };
    if check {
        return report_check(&summary, lock.is_some());
    }
    eprintln!("{}", summary.line());
    if let Some((path, text)) = lock {
        if let Err(error) = output::write_atomically(&root.join(&path), text.as_bytes()) {
            return io_failure(error);
        }
        eprintln!("{}: the generated crate's version updated", path.display());
    }
    site.map_or(OK, |site| site_cli::write(root, site))
}

/// What `build` did to `generated/`, the `Cargo.lock` update it needs, and the website to write after it.
struct Built {
    summary: output::Summary,
    lock: Option<(PathBuf, String)>,
    site: Option<site_cli::Prepared>,
}

/// Every output in memory first: the website is rendered from them before anything is written, so that a
/// template error writes nothing.
fn build_with_site(
    root: &Path,
    current: &mut contracts_codegen::history::Snapshot,
    limits: &Limits,
    sign_key: Option<&Path>,
) -> Result<Built, u8> {
    let (outputs, note) = contracts_codegen::project_outputs(root, current, None, limits);
    print_note(note);
    let lock = outputs
        .get(contracts_codegen::generate::rust::MANIFEST)
        .and_then(|manifest| contracts_codegen::release::cargo_lock_update(root, manifest));
    let site = site_cli::prepare(root, &current.registry, &outputs, sign_key)?;
    let summary = output::sync(&root.join(GENERATED_DIR), &outputs, false).map_err(io_failure)?;
    Ok(Built {
        summary,
        lock,
        site: Some(site),
    })
}

/// Each file compared with `generated/` (and written, unless `check`) as soon as it is generated, so that memory
/// holds only the files in flight.
fn build_streamed(
    root: &Path,
    current: &mut contracts_codegen::history::Snapshot,
    limits: &Limits,
    check: bool,
) -> Result<Built, u8> {
    let dir = root.join(GENERATED_DIR);
    let mut syncer = output::Syncer::begin(&dir, MARKER, check).map_err(io_failure)?;
    let target = syncer.target();
    // Runs on the worker thread that produced the file: the Cargo.lock entry follows the generated manifest.
    let stage = |name: String, content: Content<'_>| {
        let lock = match (&content, name.as_str()) {
            (Content::Bytes(manifest), contracts_codegen::generate::rust::MANIFEST) => {
                contracts_codegen::release::cargo_lock_update(root, manifest)
            }
            _ => None,
        };
        let changed = target.put(&name, content);
        (name, changed, lock)
    };
    let mut lock = None;
    let note = contracts_codegen::each_project_output(
        root,
        current,
        None,
        limits,
        &stage,
        |(name, changed, manifest_lock)| {
            if manifest_lock.is_some() {
                lock = manifest_lock;
            }
            syncer.record(&name, changed?);
            Ok(())
        },
    )
    .map_err(io_failure)?;
    print_note(note);
    let summary = syncer.finish().map_err(io_failure)?;
    Ok(Built {
        summary,
        lock,
        site: None,
    })
}

fn print_note(note: Option<String>) {
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
}

fn io_failure(error: output::OutputError) -> u8 {
    eprintln!("error[io]: {error}");
    USAGE_OR_IO
}

/// `build --check`: whether `generated/` and `Cargo.lock` are what the contracts produce.
fn report_check(summary: &output::Summary, lock_out_of_date: bool) -> u8 {
    if summary.is_clean() && !lock_out_of_date {
        eprintln!(
            "generated/ is up to date ({} files)",
            summary.unchanged.len()
        );
        return OK;
    }
    if lock_out_of_date {
        eprintln!("  out of date: Cargo.lock (the version of the generated crate)");
    }
    for name in &summary.written {
        eprintln!("  out of date: generated/{name}");
    }
    for name in &summary.removed {
        eprintln!("  stale:       generated/{name}");
    }
    eprintln!(
        "generated/ is not what the contracts produce: run `cargo contracts build` and commit the result"
    );
    CONTRACT_ERRORS
}

/// The findings of `check`, plus the version checks against the latest release when the registry is clean.
fn with_version_checks(
    root: &Path,
    registry: &Registry,
    mut diagnostics: Diagnostics,
    limits: &Limits,
) -> Diagnostics {
    if !diagnostics.has_errors() {
        diagnostics.extend(contracts_codegen::semver_check::against_latest_release(
            root, registry, limits,
        ));
        diagnostics.sort();
    }
    diagnostics
}

fn renderer(color: Color) -> Renderer {
    let styled = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// `diff`: loads both sides, reports every change, and exits 1 when the comparison fails.
fn diff(
    root: &Path,
    worktree: contracts_codegen::history::Snapshot,
    from: Option<&str>,
    to: &str,
    format: DiffFormat,
    color: Color,
    limits: &Limits,
) -> u8 {
    use contracts_codegen::diff::render::Comparison;
    use contracts_codegen::history::{self, WORKTREE};
    let renderer = renderer(color);
    let sides = history::History::open(root).and_then(|repo| {
        let from = match from {
            Some(from) => from.to_owned(),
            None => match repo.latest_release()? {
                Some(release) => release.tag,
                None => return Ok(None),
            },
        };
        let mut worktree = Some(worktree);
        let mut load = |revision: &str| match revision {
            WORKTREE => Ok(worktree
                .take()
                .unwrap_or_else(|| history::working_tree(root, limits))),
            revision => repo.load(revision, limits),
        };
        let before = load(&from)?;
        let after = load(to)?;
        Ok(Some((before, after)))
    });
    let (before, after) = match sides {
        Ok(Some(sides)) => sides,
        Ok(None) => {
            eprintln!(
                "no release yet (no tag v<version>): nothing to compare; `cargo contracts release` makes the first one, or pass --from <revision>"
            );
            return OK;
        }
        Err(error) => {
            eprintln!("error: {error}");
            return USAGE_OR_IO;
        }
    };
    if after.diagnostics.has_errors() {
        eprint!(
            "{}",
            after.diagnostics.render(&after.registry.sources, &renderer)
        );
        eprintln!(
            "the registry at {} has errors: fix them before comparing",
            after.label
        );
        return CONTRACT_ERRORS;
    }
    if before.diagnostics.has_errors() {
        eprintln!(
            "warning: the registry at {} has {} errors under today's checks; its elements with errors are left out",
            before.label,
            before.diagnostics.error_count()
        );
    }
    let comparison = Comparison::of(&before, &after);
    let text = match format {
        DiffFormat::Text => {
            eprint!("{}", comparison.text(&before, &after, &renderer));
            String::new()
        }
        DiffFormat::Json => {
            serde_json::to_string_pretty(&comparison.json(&before, &after)).unwrap_or_default()
                + "\n"
        }
        DiffFormat::Markdown => comparison.markdown(&before, &after),
    };
    let _ = write!(std::io::stdout(), "{text}");
    if comparison.fails() {
        CONTRACT_ERRORS
    } else {
        OK
    }
}

/// `release`: plans, shows the plan, and (unless a dry run) writes, commits and tags.
fn release(root: &Path, level: ReleaseLevel, dry_run: bool, color: Color, limits: &Limits) -> u8 {
    use contracts_codegen::release::{self, Level};
    let level = match level {
        ReleaseLevel::Auto => Level::Auto,
        ReleaseLevel::Major => Level::Major,
        ReleaseLevel::Minor => Level::Minor,
        ReleaseLevel::Patch => Level::Patch,
    };
    let plan = match release::plan(root, level, limits) {
        Ok(plan) => plan,
        Err(error) => {
            eprint!("{}", error.render(&renderer(color)));
            return CONTRACT_ERRORS;
        }
    };
    eprint!("{}", release::describe(&plan));
    if dry_run {
        eprintln!("dry run: nothing was written");
        return OK;
    }
    match release::execute(root, &plan) {
        Ok(commit) => {
            eprintln!(
                "released {} (commit {commit}, tag {})",
                plan.version, plan.tag
            );
            OK
        }
        Err(error) => {
            eprint!("{}", error.render(&renderer(color)));
            eprintln!(
                "the release stopped part-way: check `git status`, and restore the files with `git checkout -- .` before trying again"
            );
            USAGE_OR_IO
        }
    }
}
