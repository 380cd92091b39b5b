//! Finding, reading and parsing the contract files: from a folder on disk to positioned input documents.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::limits::Limits;
use crate::source::{FileId, SourceFile, SourceMap, Span, display_name, normalise_text};
use crate::syntax::{Document, Pos, Sp, YValue, tree};
use crate::walk::{self, Hidden};

/// The parsed files of one registry, before references are resolved.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: SourceMap,
    pub documents: Vec<(FileId, Document)>,
    /// Contract files read but not parsed yet, in file order: `resolve` parses each one as it resolves it, so
    /// that the documents of the contracts (most of a registry) are never all in memory at once.
    pub deferred: Vec<FileId>,
    /// The limits the deferred files are parsed within.
    pub limits: Limits,
    pub diagnostics: Diagnostics,
}

/// Reads every `*.yaml` / `*.yml` file under `dir` (sorted, hidden entries skipped) and parses it, except the
/// contracts, which are left to `resolve` (see [`Loaded::deferred`]).
///
/// File names in diagnostics are relative to the parent of `dir`, e.g. `contracts/catalogues/x.yaml`.
pub fn load_dir(dir: &Path, limits: &Limits) -> Loaded {
    let mut loaded = Loaded {
        limits: limits.clone(),
        ..Loaded::default()
    };
    let base = dir.parent().unwrap_or(dir);
    let mut paths = Vec::new();
    collect_files(dir, &mut paths, &mut loaded.diagnostics);
    paths.sort();
    if paths.len() > limits.max_files {
        loaded.diagnostics.push(
            Diagnostic::new(
                Code::TooManyFiles,
                format!(
                    "the registry has {} files, more than the limit of {}",
                    paths.len(),
                    limits.max_files
                ),
            )
            .help("split the registry, or raise the limit with CONTRACTS_MAX_FILES"),
        );
        return loaded;
    }
    // Read and decode the files on every core, then number them in order; parse all but the contracts on every
    // core. Findings are joined in file order, as if the files had been read one by one.
    let read = crate::parallel::map(&paths, None, |path| read_source(base, path, limits));
    let mut to_parse = Vec::new();
    for source in read {
        match source {
            Source::Text(file) => {
                let contract = is_contract(&file.text);
                let id = loaded.sources.push(file);
                if contract {
                    loaded.deferred.push(id);
                } else {
                    to_parse.push(id);
                }
            }
            Source::NotUtf8(file) => {
                let id = loaded.sources.push(file);
                loaded.diagnostics.push(invalid_utf8(&loaded.sources, id));
            }
            Source::Unreadable(diagnostic) => loaded.diagnostics.push(diagnostic),
        }
    }
    for (id, document, findings) in parse_all(&loaded.sources, &to_parse, limits) {
        loaded.diagnostics.extend(findings);
        if let Some(document) = document {
            loaded.documents.push((id, document));
        }
    }
    loaded
}

/// A file as read from disk: its text, the part of it before its first invalid UTF-8 sequence, or why it
/// could not be read.
enum Source {
    Text(SourceFile),
    NotUtf8(SourceFile),
    Unreadable(Diagnostic),
}

fn read_source(base: &Path, path: &Path, limits: &Limits) -> Source {
    let name = display_name(base, path);
    match read_file(path, limits) {
        Ok(bytes) => match decode(&bytes) {
            Ok(text) => Source::Text(SourceFile::new(name, path.to_owned(), text)),
            Err(valid) => Source::NotUtf8(SourceFile::new(name, path.to_owned(), valid)),
        },
        Err(diagnostic) => Source::Unreadable((*diagnostic).note(format!("in {name}"))),
    }
}

/// Whether a file holds a contract: its first line that is not blank or a comment opens `contract:`. Such a
/// file can only be a contract document, or fail to parse.
fn is_contract(text: &str) -> bool {
    text.lines()
        .map(str::trim_end)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .is_some_and(|line| line.starts_with("contract:"))
}

/// A parsed file: its document (if it has no errors) and its findings.
type Parsed = (FileId, Option<Document>, Diagnostics);

/// Parses the files `ids` of `sources` on as many threads as there are cores, in the order of `ids`.
fn parse_all(sources: &SourceMap, ids: &[FileId], limits: &Limits) -> Vec<Parsed> {
    crate::parallel::map(ids, Some(PARSER_STACK_BYTES), |&id| {
        let mut findings = Diagnostics::default();
        let document = parse(sources, id, limits, &mut findings);
        (id, document, findings)
    })
}

/// Stack for the parser thread: deep (but limited) nesting recurses through serde, and must fail with a
/// diagnostic at the depth limit rather than overflow the caller's stack first.
pub(crate) const PARSER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `work` on a thread with a stack large enough for any nesting the limits allow.
fn with_parser_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("contracts-parser".to_owned())
            .stack_size(PARSER_STACK_BYTES)
            .spawn_scoped(scope, work);
        match spawned {
            Ok(handle) => match handle.join() {
                Ok(value) => value,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(_) => unreachable_spawn(),
        }
    })
}

#[cold]
fn unreachable_spawn() -> ! {
    // Spawning fails only when the system is out of threads or memory; nothing sensible can continue.
    eprintln!("error[io]: cannot start the parser thread (out of memory or threads)");
    std::process::exit(2)
}

impl Loaded {
    /// Adds one file from its raw bytes: decodes, normalises and parses it.
    pub fn add_bytes(&mut self, name: String, path: PathBuf, bytes: &[u8], limits: &Limits) {
        with_parser_stack(|| self.add_bytes_here(name, path, bytes, limits));
    }

    fn add_bytes_here(&mut self, name: String, path: PathBuf, bytes: &[u8], limits: &Limits) {
        let Some(id) = add_text(&mut self.sources, name, path, bytes, &mut self.diagnostics) else {
            return;
        };
        if let Some(document) = parse(&self.sources, id, limits, &mut self.diagnostics) {
            self.documents.push((id, document));
        }
    }
}

/// Decodes and normalises one file and adds it to `sources`: its id, or `None` if it is not UTF-8.
fn add_text(
    sources: &mut SourceMap,
    name: String,
    path: PathBuf,
    bytes: &[u8],
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    match decode(bytes) {
        Ok(text) => Some(sources.add(name, path, text)),
        Err(valid) => {
            let id = sources.add(name, path, valid);
            diagnostics.push(invalid_utf8(sources, id));
            None
        }
    }
}

/// The normalised text of a file, or (`Err`) the normalised text before its first invalid UTF-8 sequence.
fn decode(bytes: &[u8]) -> Result<String, String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalise_text(text)),
        Err(error) => Err(normalise_text(&String::from_utf8_lossy(
            &bytes[..error.valid_up_to()],
        ))),
    }
}

/// A file that is not UTF-8: its text is the part before the invalid bytes, where the finding points.
fn invalid_utf8(sources: &SourceMap, id: FileId) -> Diagnostic {
    let file = sources.get(id);
    let span = file.span_at(id, file.text.len(), file.text.len());
    Diagnostic::new(Code::InvalidUtf8, "the file is not valid UTF-8")
        .at(span, "the invalid byte sequence starts here")
        .help("save the file as UTF-8 (contracts are always UTF-8)")
}

/// Parses one loaded file into its document, or reports why it cannot be read.
pub(crate) fn parse(
    sources: &SourceMap,
    id: FileId,
    limits: &Limits,
    diagnostics: &mut Diagnostics,
) -> Option<Document> {
    let file = sources.get(id);
    let text = file.text.as_str();
    if let Some(offset) = text.find('\0') {
        diagnostics.push(
            Diagnostic::new(Code::NulByte, "the file contains a NUL byte")
                .at(file.span_at(id, offset, offset + 1), "NUL byte here")
                .help("remove the byte; contract files are plain text"),
        );
        return None;
    }
    if is_blank(text) {
        diagnostics.push(
            Diagnostic::new(Code::EmptyFile, "the file holds no document")
                .at(Span::file_start(id), "empty")
                .help("write a document (e.g. `catalogue:` with its keys), or delete the file"),
        );
        return None;
    }
    // One pass over plain YAML; anything unusual (and every error) goes the exact way below.
    if let Some(document) = tree::read::<Document>(text, limits) {
        return Some(document);
    }
    parse_exactly(sources, id, limits, diagnostics)
}

/// Parses twice: into a positioned tree (syntax, limits and lengths), then into the typed document.
fn parse_exactly(
    sources: &SourceMap,
    id: FileId,
    limits: &Limits,
    diagnostics: &mut Diagnostics,
) -> Option<Document> {
    let text = sources.get(id).text.as_str();
    let options = limits.yaml_options();
    let tree = match serde_saphyr::from_str_with_options::<Sp<YValue>>(text, options.clone()) {
        Ok(tree) => tree,
        Err(error) => {
            diagnostics.push(yaml_error(sources, id, &error, true));
            return None;
        }
    };
    let before = diagnostics.len();
    check_tree(sources, id, &tree, limits, diagnostics);
    if diagnostics.len() > before {
        return None;
    }
    match serde_saphyr::from_str_with_options::<Document>(text, options) {
        Ok(document) => Some(document),
        Err(error) => {
            diagnostics.push(yaml_error(sources, id, &error, false));
            None
        }
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>, diagnostics: &mut Diagnostics) {
    if let Err(error) = fs::read_dir(dir) {
        diagnostics.push(Diagnostic::new(
            Code::Io,
            format!("cannot read the folder {}: {error}", dir.display()),
        ));
        return;
    }
    for file in walk::files(dir, Hidden::Skip) {
        match file {
            Err(error) => diagnostics.push(Diagnostic::new(
                Code::Io,
                format!(
                    "cannot read the folder {}: {}",
                    error.path.display(),
                    error.error
                ),
            )),
            Ok(file) if file.is_symlink => diagnostics.push(
                Diagnostic::new(
                    Code::Symlink,
                    format!(
                        "{} is a symbolic link and is not followed",
                        file.path.display()
                    ),
                )
                .help("replace the link with the file itself, so the registry is self-contained"),
            ),
            Ok(file) if is_yaml(&file.path) => out.push(file.path),
            Ok(_) => {}
        }
    }
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, Box<Diagnostic>> {
    let io_error = |error: std::io::Error| {
        Box::new(Diagnostic::new(
            Code::Io,
            format!("cannot read {}: {error}", path.display()),
        ))
    };
    let file = fs::File::open(path).map_err(io_error)?;
    let mut bytes = Vec::new();
    file.take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(Box::new(
            Diagnostic::new(
                Code::FileTooLarge,
                format!(
                    "{} is larger than the limit of {} bytes",
                    path.display(),
                    limits.max_file_bytes
                ),
            )
            .help("split the file, or raise the limit with CONTRACTS_MAX_FILE_BYTES"),
        ));
    }
    Ok(bytes)
}

/// Only blank lines and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

/// Checks what the typed parse cannot see: the length of every key and scalar.
fn check_tree(
    sources: &SourceMap,
    id: FileId,
    node: &Sp<YValue>,
    limits: &Limits,
    diagnostics: &mut Diagnostics,
) {
    let mut too_long = |text: &str, pos: Pos| {
        if text.len() > limits.max_string_bytes {
            diagnostics.push(
                Diagnostic::new(
                    Code::StringTooLong,
                    format!(
                        "this text is {} bytes long, more than the limit of {}",
                        text.len(),
                        limits.max_string_bytes
                    ),
                )
                .at(sources.span_of(id, pos), "too long")
                .help("shorten it, or raise the limit with CONTRACTS_MAX_STRING_BYTES"),
            );
        }
    };
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match &node.value {
            YValue::String(text) => too_long(text, node.pos),
            YValue::List(items) => stack.extend(items.iter().rev()),
            YValue::Map(entries) => {
                for (key, value) in entries.iter().rev() {
                    too_long(&key.value, key.pos);
                    stack.push(value);
                }
            }
            _ => {}
        }
    }
}

const LIMIT_HELP: &str = "contracts need no deep nesting or alias expansion: write the values out; limits are set with CONTRACTS_MAX_DEPTH, CONTRACTS_MAX_NODES and CONTRACTS_MAX_ALIASES";

/// Turns a parser error into a diagnostic at its position, classified by what went wrong.
fn yaml_error(
    sources: &SourceMap,
    id: FileId,
    error: &serde_saphyr::Error,
    syntax: bool,
) -> Diagnostic {
    use serde_saphyr::Error as E;
    let inner = error.without_snippet();
    let (code, help) = match inner {
        E::DuplicateMappingKey { .. } => (
            Code::DuplicateKey,
            "each key may appear once in a mapping; remove or rename one of them",
        ),
        E::MultipleDocuments { .. } => (
            Code::MultipleDocuments,
            "put each document in a file of its own (remove the `---` separator)",
        ),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => (Code::YamlLimit, LIMIT_HELP),
        _ if syntax => (
            Code::YamlSyntax,
            "fix the YAML at this position (check indentation, quotes and colons)",
        ),
        _ => (
            Code::InvalidShape,
            "see the contract format in the README, or let your editor check the file against generated/schema/contract-format.schema.json",
        ),
    };
    let message = first_line(&inner.render_with_formatter(&serde_saphyr::UserMessageFormatter));
    let over_limit = message.contains("limits breached") || message.contains("recursion limit");
    let (code, help) = if over_limit && code != Code::YamlLimit {
        (Code::YamlLimit, LIMIT_HELP)
    } else {
        (code, help)
    };
    let file = sources.get(id);
    let span = match inner.location().or_else(|| error.location()) {
        Some(location) => {
            let pos = Pos {
                line: u32::try_from(location.line()).unwrap_or(1),
                column: u32::try_from(location.column()).unwrap_or(1),
                offset: Pos::offset_of(location.span().byte_offset()),
                len: 0,
            };
            sources.span_of(id, pos)
        }
        None => file.span_at(id, 0, 0),
    };
    Diagnostic::new(code, message).at(span, "here").help(help)
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    let line = line
        .split_once(" at line ")
        .map_or(line, |(message, _)| message);
    if line.is_empty() {
        "the YAML could not be read".to_owned()
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `*.yaml` file under `dir`, sorted.
    fn yaml_files(dir: &Path) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        let mut diagnostics = Diagnostics::default();
        collect_files(dir, &mut paths, &mut diagnostics);
        paths.sort();
        paths
    }

    /// The document both ways: the one-pass reading (`None` when it leaves the file to the exact way) and
    /// the exact reading with its findings.
    fn both_ways(path: &Path, limits: &Limits) -> (Option<String>, Option<String>, Vec<String>) {
        let bytes = fs::read(path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return (None, None, vec!["invalid-utf8".to_owned()]);
        };
        let text = normalise_text(text);
        let fast = tree::read::<Document>(&text, limits).map(|d| format!("{d:?}"));
        let mut sources = SourceMap::default();
        let id = sources.add("x.yaml".to_owned(), path.to_path_buf(), text);
        let mut diagnostics = Diagnostics::default();
        let exact = parse_exactly(&sources, id, limits, &mut diagnostics).map(|d| format!("{d:?}"));
        let codes = diagnostics
            .iter()
            .map(|d| d.code.as_str().to_owned())
            .collect();
        (fast, exact, codes)
    }

    #[test]
    fn one_pass_reads_every_registry_file_as_the_exact_way_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let limits = Limits::default();
        let registry = yaml_files(&root.join("contracts"));
        assert!(registry.len() > 50);
        for path in &registry {
            let (fast, exact, codes) = both_ways(path, &limits);
            assert!(fast.is_some(), "{} left to the exact way", path.display());
            assert_eq!(fast, exact, "{}", path.display());
            assert!(codes.is_empty(), "{}: {codes:?}", path.display());
        }
        // The hostile fixtures nest deeply, which the exact way reads on a large stack.
        with_parser_stack(|| {
            for path in yaml_files(&root.join("tests").join("fixtures")) {
                let (fast, exact, codes) = both_ways(&path, &limits);
                if fast.is_some() {
                    assert_eq!(fast, exact, "{}", path.display());
                    assert!(codes.is_empty(), "{}: {codes:?}", path.display());
                }
            }
        });
    }

    #[test]
    fn findings_come_from_the_exact_way() {
        let limits = Limits {
            max_string_bytes: 10,
            ..Limits::default()
        };
        let mut loaded = Loaded::default();
        let text = "record:\n  id: a-rather-long-id\n  label: {vi: x, en: y}\n  fields: {}\n";
        loaded.add_bytes(
            "r.yaml".to_owned(),
            PathBuf::from("r.yaml"),
            text.as_bytes(),
            &limits,
        );
        let found: Vec<_> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(found, ["string-too-long"]);
        assert!(loaded.documents.is_empty());

        let mut loaded = Loaded::default();
        let text = "record:\n  id: x\n  labell: {vi: x, en: y}\n";
        loaded.add_bytes(
            "r.yaml".to_owned(),
            PathBuf::from("r.yaml"),
            text.as_bytes(),
            &Limits::default(),
        );
        let found: Vec<_> = loaded
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code.as_str(),
                    d.primary.as_ref().map(|p| (p.span.line, p.span.column)),
                )
            })
            .collect();
        assert_eq!(found, [("invalid-shape", Some((3, 3)))]);
    }
}
