//! `cargo contracts coverage`: the traceability matrix between the Circular's provisions and the registry.

use std::io::Write;

use contracts_core::model::Registry;

use super::{CONTRACT_ERRORS, OK};
use crate::cli::Format;

pub fn run(registry: &Registry, format: Format, only_gaps: bool) -> u8 {
    let Some(matrix) = contracts_core::coverage::coverage(registry) else {
        eprintln!(
            "error: the registry names no primary legal source (`legal-sources` in registry.yaml)"
        );
        return CONTRACT_ERRORS;
    };
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&matrix.to_json()).unwrap_or_default() + "\n",
        Format::Text => matrix.render(only_gaps),
    };
    let _ = write!(std::io::stdout(), "{text}");
    if matrix.gaps().next().is_some() {
        CONTRACT_ERRORS
    } else {
        OK
    }
}
