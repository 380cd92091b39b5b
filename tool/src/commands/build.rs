//! `cargo contracts build`: every output written into `generated/`, then the website into `docs-site/public/`;
//! with `--check`, nothing written and exit 1 when `generated/` is stale.

use std::path::Path;

use ed25519_dalek::SigningKey;

use contracts_core::GENERATED_DIR;
use contracts_core::diagnostic::Diagnostics;
use contracts_core::generate::{Content, MARKER};
use contracts_core::limits::Limits;
use contracts_core::model::Registry;
use contracts_core::output::{OutputError, Summary, Syncer};

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO};
use crate::site::{self, PublishError, faults::Faults};
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
    let code = build_with_site(root, &mut current, limits, sign_key);
    // The process ends right after: the model is left to the system rather than freed piece by piece.
    std::mem::forget(current);
    code
}

/// `generated/` and the website together: the site is built into a staging folder first (the outputs streamed
/// into its download bundle), so that a template error writes nothing; then `generated/` is brought in line from
/// the bundle and the site is published as a whole.
fn build_with_site(
    root: &Path,
    current: &mut Snapshot,
    limits: &Limits,
    sign_key: Option<&Path>,
) -> u8 {
    let key = match load_key(root, sign_key) {
        Ok(key) => key,
        Err(code) => return code,
    };
    let faults = match Faults::from_env() {
        Ok(faults) => faults,
        Err(error) => {
            eprintln!("error: {error}");
            return USAGE_OR_IO;
        }
    };
    let source = site::Source::Project { current, limits };
    match site::publish(root, source, key.as_ref(), &faults) {
        Ok(report) => {
            print_note(report.note);
            if let Some(generated) = &report.generated {
                eprintln!("{}", generated.line());
            }
            let signed = if report.signed {
                "signed"
            } else {
                "unsigned: pass --sign-key to sign it"
            };
            eprintln!(
                "website ({}/, bundle {signed}): {}",
                site::PUBLIC_DIR,
                report.site.line()
            );
            OK
        }
        Err(PublishError::Site(error)) => {
            eprintln!("error[site]: {error}");
            eprintln!("nothing was written: fix the website's templates first");
            CONTRACT_ERRORS
        }
        Err(error) => {
            eprintln!("error[io]: {error}");
            eprintln!("the published website was left as it was");
            USAGE_OR_IO
        }
    }
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

/// The signing key named by `--sign-key` or `CONTRACTS_SIGN_KEY`, if any. Without one, a website published
/// signed is not silently republished unsigned: the signature and the public key readers rely on would vanish.
pub fn load_key(root: &Path, sign_key: Option<&Path>) -> Result<Option<SigningKey>, u8> {
    let key = site::signing_key(sign_key).map_err(|error| {
        eprintln!("error: {error}");
        USAGE_OR_IO
    })?;
    if key.is_none()
        && let Some(signature) = published_signature(root)
    {
        eprintln!(
            "error: the published website is signed ({signature} exists) and no signing key was given: building would remove its signature and public key"
        );
        eprintln!(
            "help: pass --sign-key <file> (or set CONTRACTS_SIGN_KEY); to publish it unsigned on purpose, delete {signature} first"
        );
        return Err(USAGE_OR_IO);
    }
    Ok(key)
}

/// The signature of the published bundle, relative to the project root, when there is one.
fn published_signature(root: &Path) -> Option<String> {
    let path = format!(
        "{}/{}/{}",
        site::PUBLIC_DIR,
        site::publish::BUNDLE_DIR,
        site::bundle::SIGNATURE
    );
    root.join(&path).is_file().then_some(path)
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
