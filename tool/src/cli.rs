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
        /// Internal: measure the registry in this `contracts/` folder in this process and print one JSON line.
        #[arg(long, hide = true, value_name = "CONTRACTS_DIR")]
        measure: Option<PathBuf>,
    },
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
