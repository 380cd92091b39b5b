//! `cargo contracts check`: every finding at once, including the version checks against the latest release.

use std::path::Path;

use contracts_core::diagnostic::Diagnostics;
use contracts_core::limits::Limits;
use contracts_core::model::Registry;

use super::{report, status_of};
use crate::cli::{Color, Format};
use crate::versions::comparison;

pub fn run(
    root: &Path,
    registry: &Registry,
    diagnostics: Diagnostics,
    format: Format,
    color: Color,
    limits: &Limits,
) -> u8 {
    let diagnostics = with_version_checks(root, registry, diagnostics, limits);
    report(registry, &diagnostics, format, color);
    status_of(&diagnostics)
}

/// The findings of `check`, plus the version checks against the latest release when the registry is clean.
pub fn with_version_checks(
    root: &Path,
    registry: &Registry,
    mut diagnostics: Diagnostics,
    limits: &Limits,
) -> Diagnostics {
    if !diagnostics.has_errors() {
        diagnostics.extend(comparison::against_latest_release(root, registry, limits));
        diagnostics.sort();
    }
    diagnostics
}
