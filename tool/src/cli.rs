//! The command line as clap reads it: the global options, every command and its arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "contracts",
    version,
    about = "Checks and builds the data-contract registry of Circular 04/2025/TT-VPCP",
    after_help = "Exit status: 0 clean, 1 contract errors (or stale outputs with --check), 2 usage or I/O errors."
)]
pub struct Cli {
    /// The project folder holding `contracts/` (default: the nearest one at or above the current folder;
    /// or the CONTRACTS_ROOT environment variable).
    #[arg(long, global = true, env = "CONTRACTS_ROOT", value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Colour in terminal output.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Treat the registry's warnings (a missing translation, a deprecated code in use...) as errors, in `check`,
    /// `build`, `diff` and every command that checks the registry first; for CI.
    #[arg(long, global = true, env = "CONTRACTS_DENY_WARNINGS")]
    pub deny_warnings: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
    ///
    /// `validate dossier-sync payload.json` checks a request (`--response` a response); `validate --record
    /// dossier item.json` checks a bare record; `--batch FILE` (or `-`) checks one payload per line of an NDJSON
    /// stream and writes one JSON line per payload, then a summary.
    Validate {
        /// The contract id, optionally with the version the payload was written for (`dossier-sync@1.0.0`); with
        /// `--record`, the payload file instead.
        target: Option<String>,
        /// The JSON payload file, or `-` to read standard input (not with `--batch`).
        payload: Option<PathBuf>,
        /// Validate against the response instead of the request.
        #[arg(long)]
        response: bool,
        /// Validate a bare record of this id instead of a contract's payload.
        #[arg(long, value_name = "ID", conflicts_with = "response")]
        record: Option<String>,
        /// Read one payload per line from this NDJSON file, or `-` for standard input; write one JSON line per
        /// payload (`{"line", "valid", "violations", "truncated"}`) and a summary line on stdout.
        #[arg(long, value_name = "FILE")]
        batch: Option<PathBuf>,
        /// The largest payload read, in bytes.
        #[arg(long, value_name = "BYTES", default_value_t = contracts_core::payload::Limits::default().max_bytes)]
        max_bytes: usize,
        /// The most violations listed per payload (checking stops there).
        #[arg(long, value_name = "N", default_value_t = contracts_core::payload::Limits::default().max_violations,
            value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
        max_violations: usize,
        /// `text` (on stderr) or `json` (on stdout); a batch always writes JSON lines.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also require the fields the Circular requires (`required-by-law`) that today's wire may leave out.
        #[arg(long)]
        strict_legal: bool,
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
        #[arg(long, value_name = "REVISION", default_value = crate::versions::history::WORKTREE)]
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
        /// The day the edition takes effect (yyyy-mm-dd); the release date when not given.
        #[arg(long, value_name = "DATE")]
        effective: Option<String>,
    },
    /// Plays the Portal for ministry systems under test (Art. 18.2.b): serves every endpoint the Portal hosts,
    /// judges each request against its contract, records it, and reports conformance per system.
    #[command(args_conflicts_with_subcommands = true)]
    Sandbox {
        #[command(subcommand)]
        action: Option<SandboxAction>,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The address to listen on; the default serves this machine only.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
        bind: std::net::IpAddr,
        /// The folder of the records (default: target/sandbox in the project).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// The website that failures link to (the default is `cargo contracts serve`).
        #[arg(long, default_value = "http://127.0.0.1:8000/", value_name = "URL")]
        site_url: String,
        /// Valid requests in a row after which a system is conformant for an operation.
        #[arg(long, default_value_t = crate::sandbox::CONFORMANT_AFTER)]
        conformant_after: u64,
        /// Seconds a client may take to send a request's headers, and then its body.
        #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
        read_timeout: f64,
    },
    /// Checks the endpoints a ministry system hosts: sends each contract's examples and variations of them,
    /// and checks the answers against the contract. Exits 1 when a check fails.
    Probe {
        /// The system's base URL (`https://system.example.vn/api`); each contract's path is appended.
        base_url: String,
        /// Probe only this contract (repeatable; default: every contract ministry systems host).
        #[arg(long = "contract", value_name = "ID")]
        contracts: Vec<String>,
        /// A header to send with every request, e.g. `Authorization: Bearer <token>` (repeatable).
        #[arg(long = "header", value_name = "NAME: VALUE")]
        headers: Vec<String>,
        /// Seconds to wait for each answer.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
        timeout: u64,
        /// `text` or `json`, on stdout.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Drafts contracts, records and catalogues from an OpenAPI document, a JSON Schema or sample payloads.
    ///
    /// Drafts are proposals: every element lists under `review:` what a human must still fill (labels in
    /// both languages, legal references, personal-data classes), and `cargo contracts check` lists each entry.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Times check and build on synthetic registries of N contracts and on the real one; prints a markdown table.
    ///
    /// Run it on a release build: `cargo run --release --locked -p contracts-codegen --bin contracts -- bench`.
    Bench {
        /// The numbers of contracts of the synthetic registries.
        #[arg(long, value_delimiter = ',', default_values_t = crate::bench::DEFAULT_SIZES.to_vec())]
        sizes: Vec<usize>,
        /// Keep the synthetic registries in this folder (as DIR/synthetic-N/contracts/) instead of deleting them.
        #[arg(long, value_name = "DIR")]
        keep: Option<PathBuf>,
        /// Measure each registry this many times and report the fastest run.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
        /// Internal: measure the project in this folder in this process and print one JSON line.
        #[arg(long, hide = true, value_name = "PROJECT_DIR")]
        measure: Option<PathBuf>,
        /// Internal: what `--measure` measures (check, build, serve, generated, diff).
        #[arg(long, hide = true, value_name = "STEP")]
        step: Option<String>,
        /// Measure payload validation instead: payloads per second of the library, of `validate --batch` and of
        /// the `jsonschema` crate on the same schema and payloads.
        #[arg(long)]
        validation: bool,
        /// With --validation: how many valid (and as many invalid) payloads per contract.
        #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u32).range(10..))]
        payloads: u32,
    },
}

/// What `cargo contracts sandbox` does besides serving.
#[derive(Subcommand)]
pub enum SandboxAction {
    /// Prints the conformance report from the records (the same as `GET /conformance`).
    Report {
        /// The folder of the records (default: target/sandbox in the project).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// `json` or `csv`, on stdout.
        #[arg(long, value_enum, default_value_t = SandboxReportFormat::Json)]
        format: SandboxReportFormat,
        /// The website that failures link to.
        #[arg(long, default_value = "http://127.0.0.1:8000/", value_name = "URL")]
        site_url: String,
        /// Valid requests in a row after which a system is conformant for an operation.
        #[arg(long, default_value_t = crate::sandbox::CONFORMANT_AFTER)]
        conformant_after: u64,
    },
    /// Measures valid `DongBoHoSoMC` pushes per second and their latency on loopback; prints a markdown row.
    ///
    /// Run it on a release build: `cargo run --release --locked -p contracts-tool --bin contracts -- sandbox bench`.
    Bench {
        /// The number of measured requests (after 1,000 to warm up).
        #[arg(long, default_value_t = 50_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        requests: u64,
        /// Connections sending at once.
        #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=1024))]
        concurrency: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SandboxReportFormat {
    Json,
    Csv,
}

/// What `import` reads.
#[derive(Subcommand)]
pub enum ImportSource {
    /// An OpenAPI 3.0 or 3.1 document (JSON or YAML): one contract per operation with a JSON body each way.
    Openapi {
        /// The document, or `-` to read standard input.
        file: PathBuf,
        #[command(flatten)]
        target: ImportTarget,
        #[command(flatten)]
        parties: ImportParties,
    },
    /// A JSON Schema: the root object and each object of `$defs` become records, enumerations catalogues.
    Jsonschema {
        /// The schema file (JSON or YAML).
        file: PathBuf,
        /// The id of the root record (default: from the file name).
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        #[command(flatten)]
        target: ImportTarget,
    },
    /// Sample payloads: a folder of `*.json` request bodies (`*.response.json` for responses), or one
    /// `.ndjson` file with one request a line.
    Payloads {
        /// The folder or file of samples.
        samples: PathBuf,
        /// The id of the contract to draft.
        #[arg(long, value_name = "ID")]
        contract_id: String,
        /// Response samples, when they are kept apart (a folder or an `.ndjson` file).
        #[arg(long, value_name = "PATH")]
        responses: Option<PathBuf>,
        /// The operation name (default: the samples' constant `service`, or one made from the id).
        #[arg(long, value_name = "NAME")]
        operation: Option<String>,
        /// The HTTP path (default: `/dvcqg/<operation>` for the DVCQG envelope, else `/<operation>`).
        #[arg(long, value_name = "PATH")]
        path: Option<String>,
        /// The HTTP method.
        #[arg(long, value_enum, default_value_t = ImportMethod::Post)]
        method: ImportMethod,
        #[command(flatten)]
        target: ImportTarget,
        #[command(flatten)]
        parties: ImportParties,
    },
}

/// Where `import` writes its drafts.
#[derive(clap::Args)]
pub struct ImportTarget {
    /// The owner of the drafts: they go to `contracts/owners/<owner>/` and name it.
    #[arg(long, value_name = "ID")]
    pub owner: Option<String>,
    /// Write into this folder instead (it receives `contracts/`, `records/` and `catalogues/`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace files that exist.
    #[arg(long)]
    pub force: bool,
}

/// Who serves the imported operations, which the source does not say.
#[derive(clap::Args)]
pub struct ImportParties {
    /// The party that serves the operations.
    #[arg(long, value_enum, default_value_t = ImportParty::MinistrySystem)]
    pub provider: ImportParty,
    /// The channel of Art. 18.3 they go through.
    #[arg(long, value_enum, default_value_t = ImportChannel::Ndxp)]
    pub channel: ImportChannel,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ImportParty {
    Portal,
    MinistrySystem,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ImportChannel {
    Ndxp,
    DocumentExchangeAxis,
    DataSharingPlatform,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ImportMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReuseFormat {
    Text,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReleaseLevel {
    Auto,
    Major,
    Minor,
    Patch,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}
