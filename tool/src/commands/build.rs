//! `cargo contracts build`: every output written into `generated/`, then the website into `docs-site/public/`;
//! with `--check`, nothing written and exit 1 when `generated/` is stale.

use std::path::Path;

use ed25519_dalek::SigningKey;

use contracts_core::GENERATED_DIR;
use contracts_core::diagnostic::Diagnostics;
use contracts_core::generate::{Content, MARKER, Outputs};
use contracts_core::limits::Limits;
use contracts_core::model::Registry;
use contracts_core::output::{self, OutputError, Summary, Syncer};

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO};
use crate::site;
use crate::versions::history::{Snapshot, WORKTREE_LABEL};
use crate::versions::outputs;

pub fn run(
    root: &Path,
    registry: Registry,
    limits: &Limits,
    check: bool,
    sign_key: Option<&Path>,
) -> u8 {
    let mut current = Snapshot {
        label: WORKTREE_LABEL.to_owned(),
        registry,
        diagnostics: Diagnostics::default(),
        is_release: false,
    };
    if check {
        return match write_generated(root, &mut current, limits, true) {
            Ok(summary) => report_check(&summary),
            Err(code) => code,
        };
    }
    if !site::is_present(root) {
        return match write_generated(root, &mut current, limits, false) {
            Ok(summary) => {
                eprintln!("{}", summary.line());
                OK
            }
            Err(code) => code,
        };
    }
    build_with_site(root, &mut current, limits, sign_key)
}

/// Every output in memory first: the website is rendered from them before anything is written, so that a
/// template error writes nothing.
fn build_with_site(
    root: &Path,
    current: &mut Snapshot,
    limits: &Limits,
    sign_key: Option<&Path>,
) -> u8 {
    let key = match load_key(sign_key) {
        Ok(key) => key,
        Err(code) => return code,
    };
    let (outputs, note) = outputs::all(root, current, None, limits);
    print_note(note);
    let files = match site::render(root, &current.registry, &outputs, key.as_ref()) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error[site]: {error}");
            eprintln!("nothing was written: fix the website's templates first");
            return CONTRACT_ERRORS;
        }
    };
    match output::sync(&root.join(GENERATED_DIR), &outputs, false) {
        Ok(summary) => eprintln!("{}", summary.line()),
        Err(error) => return io_failure(error),
    }
    write_site(root, &files)
}

/// Each file compared with `generated/` (and written, unless `dry_run`) as soon as it is generated, so that
/// memory holds only the files in flight.
fn write_generated(
    root: &Path,
    current: &mut Snapshot,
    limits: &Limits,
    dry_run: bool,
) -> Result<Summary, u8> {
    let dir = root.join(GENERATED_DIR);
    let mut syncer = Syncer::begin(&dir, MARKER, dry_run).map_err(io_failure)?;
    let target = syncer.target();
    let stage = |name: String, content: Content<'_>| {
        let changed = target.put(&name, content);
        (name, changed)
    };
    let note = outputs::each(root, current, None, limits, &stage, |(name, changed)| {
        syncer.record(&name, changed?);
        Ok(())
    })
    .map_err(io_failure)?;
    print_note(note);
    syncer.finish().map_err(io_failure)
}

/// Writes the rendered site into `docs-site/public/` and reports it on stderr.
fn write_site(root: &Path, files: &Outputs) -> u8 {
    match output::sync_marked(&root.join(site::PUBLIC_DIR), files, site::MARKER, false) {
        Ok(summary) => {
            let signed =
                if files.contains_key(&format!("downloads/bundle/{}", site::bundle::SIGNATURE)) {
                    "signed"
                } else {
                    "unsigned: pass --sign-key to sign it"
                };
            eprintln!(
                "website ({}/, bundle {signed}): {}",
                site::PUBLIC_DIR,
                summary.line()
            );
            OK
        }
        Err(error) => io_failure(error),
    }
}

/// The signing key named by `--sign-key` or `CONTRACTS_SIGN_KEY`, if any.
pub fn load_key(sign_key: Option<&Path>) -> Result<Option<SigningKey>, u8> {
    site::signing_key(sign_key).map_err(|error| {
        eprintln!("error: {error}");
        USAGE_OR_IO
    })
}

fn print_note(note: Option<String>) {
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
}

fn io_failure(error: OutputError) -> u8 {
    eprintln!("error[io]: {error}");
    USAGE_OR_IO
}

/// `build --check`: whether `generated/` is what the contracts produce.
fn report_check(summary: &Summary) -> u8 {
    if summary.is_clean() {
        eprintln!(
            "generated/ is up to date ({} files)",
            summary.unchanged.len()
        );
        return OK;
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
