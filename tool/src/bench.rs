//! `cargo contracts bench`: times check and build on synthetic registries of growing size and on the real one.
//!
//! [`write_synthetic`] writes a deterministic registry of N contracts (20 fields each, in a realistic mix of
//! types and wire formats) with about N/10 catalogues and four records per ten contracts; [`measure`] times,
//! in one process, what `check` and `build` do on a registry; the command line runs each measurement in a
//! fresh process of its own, so that the peak memory it reports belongs to that registry alone.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use contracts_core::limits::Limits;
use contracts_core::model::Registry;
use contracts_core::walk::{self, Hidden};
use contracts_core::{CONTRACTS_DIR, GENERATED_DIR, check_dir, generate, output};

/// The sizes measured when none are given.
pub const DEFAULT_SIZES: &[usize] = &[100, 1_000, 10_000];

/// The legal source every synthetic registry implements, copied from the real registry.
const CIRCULAR: &str = "circular-04-2025";

/// Fields of each synthetic contract (request and response together).
pub const FIELDS_PER_CONTRACT: usize = 20;

/// Codes of each synthetic catalogue.
const CODES_PER_CATALOGUE: usize = 10;

/// Records per ten contracts.
const RECORDS_PER_TEN: usize = 4;

/// Data groups of the Circular (clause and its points) the synthetic contracts implement in turn.
const GROUPS: &[(&str, &[&str])] = &[
    (
        "10.1",
        &["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m"],
    ),
    ("10.2", &["a", "b", "c", "d", "đ", "e", "g", "h"]),
    ("10.4", &["a", "b", "c", "d", "đ", "e", "g"]),
    ("11.1", &["a", "b", "c", "d", "đ", "e", "g"]),
    ("11.4", &["a", "b", "c", "d", "đ", "e", "g", "h"]),
    ("5.2", &["a", "b", "c", "d", "đ", "e", "g", "h", "i"]),
    ("6.2", &["a", "b", "c", "d", "đ", "e", "g", "h"]),
    ("8.1", &["a", "b", "c", "d", "đ", "e", "g", "h", "i"]),
];

/// What [`write_synthetic`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Synthetic {
    pub contracts: usize,
    pub catalogues: usize,
    pub records: usize,
    pub files: usize,
    pub bytes: u64,
}

/// How many catalogues and records go with `n` contracts.
pub fn shape(n: usize) -> (usize, usize) {
    let catalogues = n.div_ceil(10).max(1);
    let records = (n * RECORDS_PER_TEN).div_ceil(10).max(1);
    (catalogues, records)
}

/// Writes a synthetic registry of `n` contracts into `project/contracts/`, with the Circular copied from
/// `real_contracts` (the real `contracts/` folder) so that legal references resolve. Deterministic.
pub fn write_synthetic(project: &Path, n: usize, real_contracts: &Path) -> io::Result<Synthetic> {
    let root = project.join(CONTRACTS_DIR);
    for folder in ["legal", "catalogues", "records", "contracts"] {
        fs::create_dir_all(root.join(folder))?;
    }
    let (catalogues, records) = shape(n);
    let mut stats = Synthetic {
        contracts: n,
        catalogues,
        records,
        ..Synthetic::default()
    };
    let mut put = |relative: String, text: &str| -> io::Result<()> {
        fs::write(root.join(relative), text)?;
        stats.files += 1;
        stats.bytes += text.len() as u64;
        Ok(())
    };
    put("registry.yaml".to_owned(), &registry_text())?;
    let circular = fs::read_to_string(
        real_contracts
            .join("legal")
            .join(format!("{CIRCULAR}.yaml")),
    )?;
    put(format!("legal/{CIRCULAR}.yaml"), &circular)?;
    for c in 0..catalogues {
        put(
            format!("catalogues/{}.yaml", catalogue_id(c)),
            &catalogue_text(c),
        )?;
    }
    for r in 0..records {
        put(
            format!("records/{}.yaml", record_id(r)),
            &record_text(r, catalogues),
        )?;
    }
    for i in 0..n {
        put(
            format!("contracts/{}.yaml", contract_id(i)),
            &contract_text(i, catalogues, records),
        )?;
    }
    Ok(stats)
}

fn catalogue_id(c: usize) -> String {
    format!("code-list-{c}")
}

fn record_id(r: usize) -> String {
    format!("record-type-{r}")
}

fn contract_id(i: usize) -> String {
    format!("exchange-{i}")
}

/// The data group (clause and points) of the `i`-th element.
fn group(i: usize) -> (&'static str, &'static [&'static str]) {
    GROUPS[i % GROUPS.len()]
}

/// A point of the data group of element `i`, varied by `k`.
fn point(i: usize, k: usize) -> String {
    let (clause, points) = group(i);
    format!("{clause}.{}", points[(i + k) % points.len()])
}

const SCHEMA_LINE: &str =
    "# yaml-language-server: $schema=../../generated/schema/contract-format.schema.json\n";

fn registry_text() -> String {
    format!(
        r#"# yaml-language-server: $schema=../generated/schema/contract-format.schema.json
registry:
  name:
    vi: "Danh mục hợp đồng dữ liệu tổng hợp để đo hiệu năng"
    en: "Synthetic data-contract registry for benchmarks"
  version: 0.1.0
  description:
    vi: "Được sinh tự động bởi `cargo contracts bench`; không dùng cho trao đổi thật."
    en: "Generated by `cargo contracts bench`; not for real exchanges."
  languages: [vi, en]
  legal-sources: [{CIRCULAR}]
  wire-defaults:
    integer: string
    decimal: string
    boolean: "True/False"
    date: yyyyMMdd
    date-time: yyyyMMddHHmmss
    code: string
  auth-schemes:
    dvcqg-session:
      type: session
      label:
        vi: "Phiên làm việc của adapter Cổng DVCQG"
        en: "DVCQG adapter session"
      description:
        vi: "Mọi lời gọi mang mã phiên nhận được khi đăng nhập."
        en: "Every call carries the session token obtained at login."
"#
    )
}

fn catalogue_text(c: usize) -> String {
    let (clause, _) = group(c);
    let mut out = format!(
        r#"{SCHEMA_LINE}catalogue:
  id: {id}
  version: 1.{minor}.0
  status: active
  label:
    vi: "Danh mục dùng chung số {c}"
    en: "Shared code list {c}"
  description:
    vi: "Danh mục tổng hợp gồm {CODES_PER_CATALOGUE} mã, dùng để đo hiệu năng."
    en: "Synthetic list of {CODES_PER_CATALOGUE} codes, for benchmarks."
  legal: "{clause}"
  codes:
"#,
        id = catalogue_id(c),
        minor = c % 4,
    );
    for code in 1..=CODES_PER_CATALOGUE {
        let _ = write!(
            out,
            r#"    "{code}":
      label:
        vi: "Giá trị {code} của danh mục {c}"
        en: "Value {code} of list {c}"
      description:
        vi: "Mã {code}: một trường hợp của danh mục."
        en: "Code {code}: one case of the list."
      legal: {legal}
"#,
            legal = point(c, code),
        );
    }
    out
}

/// The kinds of field a synthetic element mixes, in the order fields cycle through them.
#[derive(Clone, Copy)]
enum Kind {
    PatternText,
    FreeText,
    Integer,
    NumberInteger,
    Decimal,
    Date,
    DateTime,
    Boolean,
    Code,
    Record,
    RecordList,
}

/// The request fields of every contract: 18, in a realistic mix (the response adds two).
const CONTRACT_MIX: &[Kind] = &[
    Kind::PatternText,
    Kind::FreeText,
    Kind::Code,
    Kind::Integer,
    Kind::Date,
    Kind::PatternText,
    Kind::Decimal,
    Kind::Boolean,
    Kind::Code,
    Kind::DateTime,
    Kind::FreeText,
    Kind::Record,
    Kind::NumberInteger,
    Kind::Date,
    Kind::Code,
    Kind::RecordList,
    Kind::PatternText,
    Kind::DateTime,
];

/// The fields of every record: eight scalars and codes.
const RECORD_MIX: &[Kind] = &[
    Kind::PatternText,
    Kind::FreeText,
    Kind::Code,
    Kind::Decimal,
    Kind::Date,
    Kind::Boolean,
    Kind::Integer,
    Kind::DateTime,
];

/// One field and its example value as JSON-like YAML, for a field of `kind` at position `k` of element `i`.
fn field(
    out: &mut String,
    indent: &str,
    name: &str,
    kind: Kind,
    (i, k): (usize, usize),
    (catalogues, records): (usize, usize),
    legal: &str,
) -> String {
    let seed = i * 31 + k * 7;
    let (body, example) = match kind {
        Kind::PatternText => {
            let letters = ["HS", "BN", "QD", "GP"][seed % 4];
            let example = format!("\"{letters}{:06}\"", seed % 1_000_000);
            (
                format!(
                    "type: string\n{indent}pattern: '^[A-Z]{{2}}[0-9]{{6}}$'\n{indent}min-length: 8\n{indent}max-length: 8\n{indent}example: {example}\n"
                ),
                example,
            )
        }
        Kind::FreeText => {
            let example = format!("\"Nguyễn Văn An, hồ sơ {seed}\"");
            (
                format!("type: string\n{indent}max-length: 500\n{indent}example: {example}\n"),
                example,
            )
        }
        Kind::Integer => {
            let example = format!("\"{}\"", seed % 1000);
            (
                format!(
                    "type: integer\n{indent}min: 0\n{indent}max: 100000\n{indent}example: {example}\n"
                ),
                example,
            )
        }
        Kind::NumberInteger => {
            let example = format!("{}", seed % 500);
            (
                format!("type: integer\n{indent}format: number\n{indent}example: {example}\n"),
                example,
            )
        }
        Kind::Decimal => {
            let example = format!("\"{}.{:02}\"", seed % 100_000, seed % 100);
            (
                format!("type: decimal\n{indent}min: 0\n{indent}example: {example}\n"),
                example,
            )
        }
        Kind::Date => {
            let example = format!("\"2025{:02}{:02}\"", seed % 12 + 1, seed % 28 + 1);
            (format!("type: date\n{indent}example: {example}\n"), example)
        }
        Kind::DateTime => {
            let example = format!(
                "\"2025{:02}{:02}{:02}{:02}00\"",
                seed % 12 + 1,
                seed % 28 + 1,
                seed % 24,
                seed % 60
            );
            (
                format!("type: date-time\n{indent}example: {example}\n"),
                example,
            )
        }
        Kind::Boolean => {
            let example = if seed.is_multiple_of(2) {
                "\"True\""
            } else {
                "\"False\""
            }
            .to_owned();
            (
                format!("type: boolean\n{indent}example: {example}\n"),
                example,
            )
        }
        Kind::Code => {
            let example = format!("\"{}\"", seed % CODES_PER_CATALOGUE + 1);
            (
                format!(
                    "catalogue: {}\n{indent}example: {example}\n",
                    catalogue_id(seed % catalogues)
                ),
                example,
            )
        }
        Kind::Record | Kind::RecordList => {
            let target = seed % records;
            let list = if matches!(kind, Kind::RecordList) {
                format!("{indent}list: {{min-items: 1, max-items: 50}}\n")
            } else {
                String::new()
            };
            let example = record_example(target, catalogues);
            let example = if matches!(kind, Kind::RecordList) {
                format!("[{example}]")
            } else {
                example
            };
            (format!("record: {}\n{list}", record_id(target)), example)
        }
    };
    let personal = ["none", "basic", "organisation", "none"][seed % 4];
    let required = if k.is_multiple_of(3) { "true" } else { "false" };
    let _ = write!(
        out,
        "{name}:\n{indent}label:\n{indent}  vi: \"Trường {name}\"\n{indent}  en: \"Field {name}\"\n{indent}description:\n{indent}  vi: \"Trường dữ liệu thứ {k} của phần tử {i}.\"\n{indent}  en: \"Data field {k} of element {i}.\"\n{indent}{body}{indent}required: {required}\n{indent}legal: {legal}\n{indent}personal-data: {personal}\n"
    );
    example
}

/// The example value of record `r`, as an inline YAML mapping.
fn record_example(r: usize, catalogues: usize) -> String {
    let mut scratch = String::new();
    let values: Vec<String> = RECORD_MIX
        .iter()
        .enumerate()
        .map(|(k, &kind)| {
            let name = format!("TruongBanGhi{k}");
            let example = field(&mut scratch, "", &name, kind, (r, k), (catalogues, 1), "x");
            format!("{name}: {example}")
        })
        .collect();
    format!("{{{}}}", values.join(", "))
}

fn record_text(r: usize, catalogues: usize) -> String {
    let (clause, _) = group(r);
    let mut out = format!(
        r#"{SCHEMA_LINE}record:
  id: {id}
  status: active
  label:
    vi: "Cấu trúc bản ghi số {r}"
    en: "Record structure {r}"
  description:
    vi: "Cấu trúc tổng hợp dùng lại trong các hợp đồng, để đo hiệu năng."
    en: "Synthetic structure reused by contracts, for benchmarks."
  legal: "{clause}"
  personal-data: none
  fields:
"#,
        id = record_id(r),
    );
    for (k, &kind) in RECORD_MIX.iter().enumerate() {
        out.push_str("    ");
        field(
            &mut out,
            "      ",
            &format!("TruongBanGhi{k}"),
            kind,
            (r, k),
            (catalogues, 1),
            &point(r, k),
        );
    }
    out
}

fn contract_text(i: usize, catalogues: usize, records: usize) -> String {
    let (clause, _) = group(i);
    let (provider, consumer) = if i.is_multiple_of(2) {
        ("ministry-system", "portal")
    } else {
        ("portal", "ministry-system")
    };
    let mut out = format!(
        r#"{SCHEMA_LINE}contract:
  id: {id}
  version: 1.{minor}.0
  status: active
  title:
    vi: "Trao đổi dữ liệu tổng hợp số {i}"
    en: "Synthetic data exchange {i}"
  description:
    vi: "Một nghiệp vụ tổng hợp với {FIELDS_PER_CONTRACT} trường, dùng để đo hiệu năng."
    en: "A synthetic operation with {FIELDS_PER_CONTRACT} fields, for benchmarks."
  legal: "{clause}"
  provider: {provider}
  consumer: {consumer}
  channel: ndxp
  operation: NghiepVu{i}
  method: POST
  path: /bench/NghiepVu{i}
  auth: dvcqg-session
  signature: {signature}
  encryption: optional
  request:
    description:
      vi: "Yêu cầu của nghiệp vụ {i}."
      en: "The request of operation {i}."
    personal-data: basic
    fields:
"#,
        id = contract_id(i),
        minor = i % 3,
        signature = ["none", "optional", "required"][i % 3],
    );
    let mut request = Vec::new();
    for (k, &kind) in CONTRACT_MIX.iter().enumerate() {
        let name = format!("Truong{k}");
        out.push_str("      ");
        let example = field(
            &mut out,
            "        ",
            &name,
            kind,
            (i, k),
            (catalogues, records),
            &point(i, k),
        );
        request.push(format!("{name}: {example}"));
    }
    let _ = write!(
        out,
        r#"  response:
    description:
      vi: "Trả lời: error_code 0 là thành công."
      en: "The answer: error_code 0 means success."
    fields:
      error_code:
        label:
          vi: "Mã lỗi"
          en: "Error code"
        type: integer
        format: number
        required: true
        example: 0
        legal: "{clause}"
        personal-data: none
      message:
        label:
          vi: "Thông báo"
          en: "Message"
        type: string
        example: "Thành công"
        legal: "{clause}"
        personal-data: none
  examples:
    - title:
        vi: "Một yêu cầu đầy đủ (dữ liệu minh họa)"
        en: "A complete request (illustrative data)"
      request: {{{request}}}
      response: {{error_code: 0, message: "Thành công"}}
"#,
        request = request.join(", "),
    );
    out
}

/// The numbers of one measured registry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measurement {
    /// Input files under `contracts/` and their total size.
    pub files: usize,
    pub input_bytes: u64,
    /// Files `build` writes.
    pub outputs: usize,
    /// Load and resolve (`check`).
    pub check_ms: f64,
    /// Generate and write every output into an empty folder.
    pub build_ms: f64,
    /// A second `build` on unchanged contracts: check, generate, compare.
    pub noop_ms: f64,
    /// Files the second build wrote or removed (0 when outputs are stable).
    pub noop_written: usize,
    /// Peak resident memory of the process, in KiB (`VmHWM`), if the system reports it.
    pub peak_kib: Option<u64>,
}

impl Measurement {
    /// Check and build, from contracts to written outputs.
    pub fn total_ms(&self) -> f64 {
        self.check_ms + self.build_ms
    }

    /// One line of JSON, as a measuring child process reports it.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "files": self.files,
            "input_bytes": self.input_bytes,
            "outputs": self.outputs,
            "check_ms": self.check_ms,
            "build_ms": self.build_ms,
            "noop_ms": self.noop_ms,
            "noop_written": self.noop_written,
            "peak_kib": self.peak_kib,
        })
        .to_string()
    }

    /// Reads what [`Self::to_json`] wrote.
    pub fn from_json(line: &str) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_str(line).ok()?;
        let int = |key: &str| value.get(key).and_then(serde_json::Value::as_u64);
        let float = |key: &str| value.get(key).and_then(serde_json::Value::as_f64);
        Some(Measurement {
            files: usize::try_from(int("files")?).ok()?,
            input_bytes: int("input_bytes")?,
            outputs: usize::try_from(int("outputs")?).ok()?,
            check_ms: float("check_ms")?,
            build_ms: float("build_ms")?,
            noop_ms: float("noop_ms")?,
            noop_written: usize::try_from(int("noop_written")?).ok()?,
            peak_kib: int("peak_kib"),
        })
    }
}

/// Times, in this process, `check` of `contracts_dir`, then `build` into an empty temporary `generated/`,
/// then a second, no-op `build`, with the same library functions as the command line.
pub fn measure(contracts_dir: &Path, limits: &Limits) -> Result<Measurement, String> {
    let (files, input_bytes) = input_size(contracts_dir);
    let work = tempfile::tempdir().map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let generated = work.path().join(GENERATED_DIR);

    let started = Instant::now();
    let (registry, diagnostics) = check_dir(contracts_dir, limits);
    let check_ms = elapsed_ms(started);
    if diagnostics.has_errors() {
        let count = diagnostics.iter().filter(|d| d.is_error()).count();
        let first = diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(|d| format!("{}: {}", d.code.as_str(), d.message))
            .unwrap_or_default();
        return Err(format!("check found {count} errors, the first: {first}"));
    }

    let started = Instant::now();
    let summary = build_into(&generated, &registry)?;
    let build_ms = elapsed_ms(started);
    let written = summary.written.len();
    drop((registry, diagnostics));

    let started = Instant::now();
    let (registry, _) = check_dir(contracts_dir, limits);
    let again = build_into(&generated, &registry)?;
    let noop_ms = elapsed_ms(started);

    Ok(Measurement {
        files,
        input_bytes,
        outputs: written,
        check_ms,
        build_ms,
        noop_ms,
        noop_written: again.written.len() + again.removed.len(),
        peak_kib: peak_resident_kib(),
    })
}

/// `build` of a project without a website: every output compared (and written) as soon as it is generated.
fn build_into(generated: &Path, registry: &Registry) -> Result<output::Summary, String> {
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

fn elapsed_ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// How many YAML files are under `dir`, and their total size.
fn input_size(dir: &Path) -> (usize, u64) {
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

/// The peak resident memory of this process (`VmHWM` of `/proc/self/status`), in KiB.
pub fn peak_resident_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// One row of the report: what was measured and its numbers (or why it could not be).
#[derive(Clone, Debug)]
pub struct Row {
    pub label: String,
    pub contracts: usize,
    pub result: Result<Measurement, String>,
}

/// The report as a markdown table.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| registry | contracts | input files | input | outputs | check ms | build ms | total ms | no-op rebuild ms | written on no-op | peak RSS |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        let _ = match &row.result {
            Ok(m) => writeln!(
                out,
                "| {} | {} | {} | {} | {} | {:.0} | {:.0} | {:.0} | {:.0} | {} | {} |",
                row.label,
                row.contracts,
                m.files,
                bytes(m.input_bytes),
                m.outputs,
                m.check_ms,
                m.build_ms,
                m.total_ms(),
                m.noop_ms,
                m.noop_written,
                m.peak_kib
                    .map_or_else(|| "n/a".to_owned(), |k| bytes(k * 1024)),
            ),
            Err(error) => writeln!(
                out,
                "| {} | {} | failed: {} |||||||||",
                row.label,
                row.contracts,
                error.replace('|', "\\|")
            ),
        };
    }
    out
}

/// `512 B`, `42.0 KiB`, `3.1 MiB`.
fn bytes(n: u64) -> String {
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

/// Keeps the faster of two measurements of the same registry (by total time), for best-of-k reports.
pub fn best(a: Measurement, b: Measurement) -> Measurement {
    if b.total_ms() < a.total_ms() { b } else { a }
}

/// Where a synthetic registry of `n` contracts is written: under `keep` if given, else in a fresh temporary folder.
pub fn synthetic_project(
    keep: Option<&Path>,
    n: usize,
) -> io::Result<(PathBuf, Option<tempfile::TempDir>)> {
    match keep {
        Some(keep) => {
            let project = keep.join(format!("synthetic-{n}"));
            if project.exists() {
                fs::remove_dir_all(&project)?;
            }
            fs::create_dir_all(&project)?;
            Ok((project, None))
        }
        None => {
            let temp = tempfile::Builder::new()
                .prefix(&format!("contracts-bench-{n}-"))
                .tempdir()?;
            Ok((temp.path().to_path_buf(), Some(temp)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real_contracts() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(CONTRACTS_DIR)
    }

    #[test]
    fn counts_the_contracts_of_every_owner() {
        let (registry, _) = check_dir(&real_contracts(), &Limits::default());
        assert_eq!(contract_files(&real_contracts()), registry.contracts.len());
        let dir = tempfile::tempdir().unwrap();
        write_synthetic(dir.path(), 30, &real_contracts()).unwrap();
        assert_eq!(contract_files(&dir.path().join(CONTRACTS_DIR)), 30);
    }

    #[test]
    fn a_small_synthetic_registry_passes_check() {
        let dir = tempfile::tempdir().unwrap();
        let stats = write_synthetic(dir.path(), 30, &real_contracts()).unwrap();
        assert_eq!(
            (stats.contracts, stats.catalogues, stats.records),
            (30, 3, 12)
        );
        assert_eq!(stats.files, 2 + 3 + 12 + 30);
        let (registry, diagnostics) =
            check_dir(&dir.path().join(CONTRACTS_DIR), &Limits::default());
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}: {}", d.code.as_str(), d.message))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(registry.contracts.len(), 30);
        let fields: usize = registry
            .contracts
            .values()
            .map(|c| c.request.fields.len() + c.response.fields.len())
            .sum();
        assert_eq!(fields, 30 * FIELDS_PER_CONTRACT);
    }

    #[test]
    fn the_synthetic_registry_is_deterministic() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        write_synthetic(a.path(), 12, &real_contracts()).unwrap();
        write_synthetic(b.path(), 12, &real_contracts()).unwrap();
        let read = |dir: &Path| -> Vec<(String, String)> {
            walk::files(&dir.join(CONTRACTS_DIR), Hidden::Include)
                .map(|file| {
                    let file = file.unwrap();
                    (file.name, fs::read_to_string(&file.path).unwrap())
                })
                .collect()
        };
        assert_eq!(read(a.path()), read(b.path()));
    }

    #[test]
    fn a_measurement_travels_as_json() {
        let m = Measurement {
            files: 3,
            input_bytes: 2048,
            outputs: 7,
            check_ms: 1.5,
            build_ms: 2.25,
            noop_ms: 3.0,
            noop_written: 0,
            peak_kib: Some(1024),
        };
        assert_eq!(Measurement::from_json(&m.to_json()), Some(m.clone()));
        let table = table(&[Row {
            label: "synthetic".to_owned(),
            contracts: 1,
            result: Ok(m),
        }]);
        assert!(
            table.contains("| synthetic | 1 | 3 | 2.0 KiB | 7 | 2 | 2 | 4 | 3 | 0 | 1.0 MiB |"),
            "{table}"
        );
    }
}
