//! Shared helpers for the integration tests: where the fixtures are, and compact views of findings.

use std::path::{Path, PathBuf};

use contracts_codegen::diagnostic::Diagnostics;
use contracts_codegen::limits::Limits;
use contracts_codegen::model::Registry;

/// The workspace root (the folder holding `contracts/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A fixture project under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// Loads and checks the registry of a project folder with the default limits.
pub fn check_project(root: &Path) -> (Registry, Diagnostics) {
    contracts_codegen::check_dir(&root.join("contracts"), &Limits::default())
}

/// One line per finding: `error unknown-reference contracts/x.yaml:3:7`.
pub fn locations(registry: &Registry, diagnostics: &Diagnostics) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let place = d.primary.as_ref().map_or_else(String::new, |p| {
                format!(
                    " {}:{}:{}",
                    registry.sources.get(p.span.file).name,
                    p.span.line,
                    p.span.column
                )
            });
            format!("{} {}{place}", d.severity.as_str(), d.code.as_str())
        })
        .collect()
}
