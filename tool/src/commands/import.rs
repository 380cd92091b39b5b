//! `cargo contracts import openapi|jsonschema|payloads`: drafts written into an owner's folder, then the registry
//! checked again so that the person importing sees how much is left to review.

use std::io::Write;
use std::path::{Path, PathBuf};

use contracts_core::diagnostic::{Code, Diagnostics};
use contracts_core::limits::Limits;
use contracts_core::model::{Channel, Method, Party, Registry};
use contracts_core::{CONTRACTS_DIR, check_dir};

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO, renderer};
use crate::cli::{
    Color, ImportChannel, ImportMethod, ImportParties, ImportParty, ImportSource, ImportTarget,
};
use crate::import::write::{self, Layout};
use crate::import::{self, Drafts, ImportError, Taken, fail, input};

pub fn run(root: &Path, source: &ImportSource, limits: &Limits) -> u8 {
    match import(root, source, limits) {
        Ok(status) => status,
        Err(error) => {
            eprintln!("error: {error}");
            USAGE_OR_IO
        }
    }
}

fn import(root: &Path, source: &ImportSource, limits: &Limits) -> Result<u8, ImportError> {
    let root = &absolute(root)?;
    let contracts_dir = root.join(CONTRACTS_DIR);
    let (registry, diagnostics) = check_dir(&contracts_dir, limits);
    if diagnostics.has_errors() {
        eprintln!(
            "warning: the registry has {} errors; the drafts are checked against what of it loaded",
            diagnostics.error_count()
        );
    }
    let target = match source {
        ImportSource::Openapi { target, .. }
        | ImportSource::Jsonschema { target, .. }
        | ImportSource::Payloads { target, .. } => target,
    };
    let owner = owner_of(target, &registry)?;
    let out = match (&target.out, &owner) {
        (Some(out), _) => absolute(out)?,
        (None, Some(owner)) => contracts_dir.join("owners").join(owner),
        (None, None) => contracts_dir.clone(),
    };
    let taken = taken(&registry, root, &out);
    let max = input::max_bytes()?;
    let (drafts, source_name, command) = match source {
        ImportSource::Openapi { file, parties, .. } => {
            let text = input::read(file, max)?;
            eprintln!("reading the OpenAPI document {}", text.name);
            let document = input::parse(&text, limits)?;
            let drafts = import::openapi::import(
                &document,
                import::openapi::Settings {
                    provider: party(parties.provider),
                    consumer: other(party(parties.provider)),
                    channel: channel(parties),
                },
                &registry,
                taken,
            )
            .map_err(|e| ImportError(format!("`{}`: {e}", text.name)))?;
            (drafts, format!("`{}`", text.name), "openapi")
        }
        ImportSource::Jsonschema { file, id, .. } => {
            let text = input::read(file, max)?;
            eprintln!("reading the JSON Schema {}", text.name);
            let document = input::parse(&text, limits)?;
            let document = import::files::bundle(document, file, max)
                .map_err(|e| ImportError(format!("`{}`: {e}", text.name)))?;
            let id = match id {
                Some(id) if contracts_core::naming::is_valid_id(id) => id.clone(),
                Some(id) => {
                    return fail(format!(
                        "`{id}` is not a valid id: lowercase ASCII words joined by hyphens"
                    ));
                }
                None => import::names::id_from(&schema_stem(file), "record"),
            };
            let drafts = import::jsonschema::import(&document, &id, &taken)
                .map_err(|e| ImportError(format!("`{}`: {e}", text.name)))?;
            (drafts, format!("`{}`", text.name), "jsonschema")
        }
        ImportSource::Payloads {
            samples,
            contract_id,
            responses,
            operation,
            path,
            method,
            parties,
            ..
        } => {
            eprintln!("reading the samples in {}", samples.display());
            let mut read = import::payloads::read(samples, max)?;
            if let Some(responses) = responses {
                let extra = import::payloads::read_responses(responses, max)?;
                read.responses.extend(extra);
            }
            let settings = import::payloads::Settings {
                contract_id,
                provider: party(parties.provider),
                consumer: other(party(parties.provider)),
                channel: channel(parties),
                method: http_method(*method),
                operation: operation.as_deref(),
                path: path.as_deref(),
            };
            let drafts = import::payloads::import(&read, &settings, &registry, taken)?;
            let name = format!(
                "{} request and {} response samples in `{}`",
                read.requests.len(),
                read.responses.len(),
                samples.display()
            );
            (drafts, name, "payloads")
        }
    };
    let layout = Layout {
        out: out.clone(),
        root: root.to_path_buf(),
        owner,
        registry: &registry,
        command,
        source: source_name,
    };
    let planned = write::plan(&drafts, &layout);
    write::write(&planned, target.force)?;
    report(root, &drafts, &planned);
    if !out.starts_with(&contracts_dir) {
        eprintln!(
            "the drafts are outside the registry's `contracts/` folder: move them under `contracts/owners/<owner>/` to check them"
        );
        return Ok(OK);
    }
    let (registry, diagnostics) = check_dir(&contracts_dir, limits);
    Ok(report_check(root, &registry, &diagnostics, &planned))
}

/// The owner the drafts name: the one given, which must exist, and none in a registry without owners.
fn owner_of(target: &ImportTarget, registry: &Registry) -> Result<Option<String>, ImportError> {
    let known: Vec<&str> = registry.owners.keys().map(String::as_str).collect();
    match (&target.owner, known.is_empty()) {
        (Some(owner), false) if registry.owners.contains_key(owner) => Ok(Some(owner.clone())),
        (Some(owner), false) => fail(format!(
            "no owner has the id `{}`; describe it in `contracts/owners/{}/owner.yaml` first, or use one of: {}",
            owner.escape_debug(),
            import::names::id_from(owner, "owner"),
            known.join(", ")
        )),
        (Some(_), true) => fail("this registry has no owners; leave out --owner"),
        (None, false) => fail(format!(
            "name the owner of the drafts with --owner (one of: {})",
            known.join(", ")
        )),
        (None, true) => Ok(None),
    }
}

/// What the registry holds outside `out`: drafts must not take those ids, operations or paths.
fn taken(registry: &Registry, root: &Path, out: &Path) -> Taken {
    let elsewhere = |span: &contracts_core::source::Span| {
        let path = root.join(&registry.sources.get(span.file).name);
        !path.starts_with(out)
    };
    let mut taken = Taken::default();
    for (id, contract) in &registry.contracts {
        if elsewhere(&contract.span) {
            taken.contracts.insert(id.clone());
            taken
                .operations
                .insert(contract.operation.clone(), id.clone());
            taken.routes.insert(
                format!("{} {}", contract.method.as_str(), contract.path),
                id.clone(),
            );
        }
    }
    for (id, record) in &registry.records {
        if elsewhere(&record.span) {
            taken.records.insert(id.clone());
        }
    }
    for (id, catalogue) in &registry.catalogues {
        if elsewhere(&catalogue.span) {
            taken.catalogues.insert(id.clone());
        }
    }
    taken
}

/// What was written, and what the import left out or guessed.
fn report(root: &Path, drafts: &Drafts, planned: &[write::Planned]) {
    let mut err = std::io::stderr();
    for note in &drafts.notes {
        let _ = writeln!(err, "note: {note}");
    }
    for file in planned {
        let _ = writeln!(err, "wrote {}", shown(root, &file.path));
    }
    let _ = writeln!(
        err,
        "{} contracts, {} records and {} catalogues drafted, with {} items to review",
        drafts.contracts.len(),
        drafts.records.len(),
        drafts.catalogues.len(),
        drafts.review_count()
    );
}

/// The findings of `check` in the files written: the items to review, and any error (which `check` would also
/// report), rendered.
fn report_check(
    root: &Path,
    registry: &Registry,
    diagnostics: &Diagnostics,
    planned: &[write::Planned],
) -> u8 {
    let written: Vec<PathBuf> = planned.iter().map(|p| p.path.clone()).collect();
    let mut ours = Diagnostics::default();
    for diagnostic in diagnostics.iter() {
        let in_draft = diagnostic.primary.as_ref().is_some_and(|p| {
            let path = root.join(&registry.sources.get(p.span.file).name);
            written.contains(&path)
        });
        if in_draft && diagnostic.code != Code::NeedsReview {
            ours.push(diagnostic.clone());
        }
    }
    let to_review = diagnostics
        .iter()
        .filter(|d| d.code == Code::NeedsReview)
        .count();
    let mut err = std::io::stderr();
    if !ours.is_empty() {
        let _ = write!(
            err,
            "{}",
            ours.render(&registry.sources, &renderer(Color::Auto))
        );
    }
    let _ = writeln!(
        err,
        "check: {} errors in the drafts; {to_review} items to review in the registry (`cargo contracts check` lists them)",
        ours.error_count()
    );
    if ours.has_errors() {
        CONTRACT_ERRORS
    } else {
        OK
    }
}

/// `path` made absolute against the current folder (without resolving links).
fn absolute(path: &Path) -> Result<PathBuf, ImportError> {
    std::path::absolute(path)
        .map_err(|e| ImportError(format!("cannot resolve `{}`: {e}", path.display())))
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The file name without `.json`, `.yaml`, `.yml` and `.schema`: `dossier.schema.json` → `dossier`.
fn schema_stem(file: &Path) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut stem = name.as_str();
    for suffix in [".json", ".yaml", ".yml", ".schema"] {
        stem = stem.strip_suffix(suffix).unwrap_or(stem);
    }
    stem.to_owned()
}

fn party(party: ImportParty) -> Party {
    match party {
        ImportParty::Portal => Party::Portal,
        ImportParty::MinistrySystem => Party::MinistrySystem,
    }
}

fn other(party: Party) -> Party {
    match party {
        Party::Portal => Party::MinistrySystem,
        Party::MinistrySystem => Party::Portal,
    }
}

fn channel(parties: &ImportParties) -> Channel {
    match parties.channel {
        ImportChannel::Ndxp => Channel::Ndxp,
        ImportChannel::DocumentExchangeAxis => Channel::DocumentExchangeAxis,
        ImportChannel::DataSharingPlatform => Channel::DataSharingPlatform,
    }
}

fn http_method(method: ImportMethod) -> Method {
    match method {
        ImportMethod::Get => Method::Get,
        ImportMethod::Post => Method::Post,
        ImportMethod::Put => Method::Put,
        ImportMethod::Patch => Method::Patch,
        ImportMethod::Delete => Method::Delete,
    }
}
