//! The core of the registry: loads and checks the contracts into one model, and derives every output from it.
//!
//! The pipeline runs one way: [`load`] reads and parses the YAML files under `contracts/`, [`resolve`] turns
//! them into the single checked [`model::Registry`], and [`generate`] derives every output from that model,
//! which [`output`] writes. Findings at any stage are [`diagnostic::Diagnostic`]s with a stable code and a
//! position. [`rules`] defines every kind of change between two versions once (the tool's diff engine
//! classifies by it; approvals are checked against it), and [`bind`] is what the derive macros run.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod bind;
pub mod coverage;
pub mod diagnostic;
pub mod generate;
pub mod limits;
pub mod load;
pub mod markdown;
pub mod model;
pub mod naming;
pub mod output;
pub mod parallel;
pub mod payload;
pub mod ranges;
pub mod resolve;
pub mod reuse;
pub mod rules;
pub mod samples;
pub mod source;
pub mod syntax;
pub mod walk;

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

/// The nearest folder at or above `start` that holds `contracts/registry.yaml`.
pub fn find_project_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONTRACTS_DIR).join("registry.yaml").is_file())
        .map(Path::to_path_buf)
}
