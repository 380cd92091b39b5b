//! Loads, checks and generates the data contracts of Circular 04/2025/TT-VPCP.
//!
//! The pipeline is one-way: [`load`] reads and parses the YAML files under `contracts/`, [`resolve`] turns
//! them into the single checked [`model::Registry`], and [`generate`] derives every output from that model.
//! Findings at any stage are [`diagnostic::Diagnostic`]s with a stable code and a position.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

#[cfg(feature = "cli")]
pub mod bench;
pub mod coverage;
pub mod diagnostic;
pub mod diff;
pub mod generate;
#[cfg(feature = "cli")]
pub mod history;
pub mod limits;
pub mod load;
#[cfg(feature = "cli")]
pub mod migration;
pub mod model;
pub mod naming;
pub mod output;
pub mod parallel;
pub mod payload;
#[cfg(feature = "cli")]
pub mod release;
pub mod resolve;
pub mod reuse;
#[cfg(feature = "cli")]
pub mod semver_check;
#[cfg(feature = "cli")]
pub mod site;
pub mod source;
pub mod syntax;

use std::path::{Path, PathBuf};

use diagnostic::Diagnostics;
use limits::Limits;
use model::Registry;

/// The folder holding `registry.yaml`, relative to a project root.
pub const CONTRACTS_DIR: &str = "contracts";
/// The folder the outputs are written to, relative to a project root.
pub const GENERATED_DIR: &str = "generated";

/// Loads and checks the registry in `contracts_dir`: the model (complete only when there are no errors) and every finding.
pub fn check_dir(contracts_dir: &Path, limits: &Limits) -> (Registry, Diagnostics) {
    let loaded = load::load_dir(contracts_dir, limits);
    resolve::resolve(loaded)
}

/// Every output of the project: what the registry generates, and the migration guides read from git history.
///
/// With `release_as`, the working tree is the release about to be made. When history cannot be read (no
/// repository, a shallow clone), the guides already in `generated/migrations/` are kept as they are and the
/// second value says why (when there are any).
#[cfg(feature = "cli")]
pub fn project_outputs(
    root: &Path,
    current: &mut history::Snapshot,
    release_as: Option<&semver::Version>,
    limits: &Limits,
) -> (generate::Outputs, Option<String>) {
    let mut outputs = generate::Outputs::new();
    let note = each_project_output(
        root,
        current,
        release_as,
        limits,
        &|name, content: generate::Content<'_>| (name, content.into_bytes()),
        |(name, bytes)| {
            outputs.insert(name, bytes);
            Ok::<(), std::convert::Infallible>(())
        },
    )
    .unwrap_or_else(|never| match never {});
    (outputs, note)
}

/// [`project_outputs`], each file handed to `stage` on the thread that produced it and the result to `sink` (the
/// marker first), as [`generate::each_output`] does, so that they need not all be in memory at once.
#[cfg(feature = "cli")]
pub fn each_project_output<T: Send, E: Send>(
    root: &Path,
    current: &mut history::Snapshot,
    release_as: Option<&semver::Version>,
    limits: &Limits,
    stage: &(impl Fn(String, generate::Content<'_>) -> T + Sync),
    mut sink: impl FnMut(T) -> Result<(), E> + Send,
) -> Result<Option<String>, E> {
    generate::each_output(&current.registry, stage, &mut sink)?;
    let (guides, note) = match migration::outputs(root, current, release_as, limits) {
        Ok(guides) => (guides, None),
        Err(why) => {
            let kept = existing_guides(&root.join(GENERATED_DIR));
            let note = (!kept.is_empty())
                .then(|| format!("the migration guides are kept as they are: {why}"));
            (kept, note)
        }
    };
    for (name, bytes) in guides {
        sink(stage(name, bytes.into()))?;
    }
    Ok(note)
}

/// The files already under `generated/migrations/`.
#[cfg(feature = "cli")]
fn existing_guides(generated: &Path) -> generate::Outputs {
    let mut out = generate::Outputs::new();
    let folder = generated.join(migration::FOLDER);
    let mut pending = vec![folder];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                out.insert(source::display_name(generated, &path), bytes);
            }
        }
    }
    out
}

/// The nearest folder at or above `start` that holds `contracts/registry.yaml`.
pub fn find_project_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONTRACTS_DIR).join("registry.yaml").is_file())
        .map(Path::to_path_buf)
}
