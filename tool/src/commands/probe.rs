//! `cargo contracts probe`: the endpoints a ministry system hosts, checked against their contracts.

use std::io::Write;
use std::time::Duration;

use contracts_core::model::Registry;

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO};
use crate::cli::Format;
use crate::probe::{self, Options};

pub fn run(
    registry: &Registry,
    base_url: &str,
    contracts: &[String],
    headers: &[String],
    timeout: u64,
    format: Format,
) -> u8 {
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        eprintln!(
            "error: `{base_url}` is not an http:// or https:// URL; pass the base URL of your system, e.g. https://system.example.vn/api"
        );
        return USAGE_OR_IO;
    }
    let mut parsed = Vec::new();
    for header in headers {
        match header.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() => {
                parsed.push((name.trim().to_owned(), value.trim().to_owned()));
            }
            _ => {
                eprintln!(
                    "error: `{header}` is not a header; write it as `Name: value`, e.g. --header 'Authorization: Bearer <token>'"
                );
                return USAGE_OR_IO;
            }
        }
    }
    let chosen = match probe::select(registry, contracts) {
        Ok(chosen) => chosen,
        Err(error) => {
            eprintln!("error: {error}");
            return USAGE_OR_IO;
        }
    };
    let options = Options {
        base_url: base_url.to_owned(),
        contracts: contracts.to_vec(),
        headers: parsed,
        timeout: Duration::from_secs(timeout),
    };
    eprintln!(
        "probing {} contract{} at {base_url}",
        chosen.len(),
        if chosen.len() == 1 { "" } else { "s" }
    );
    let results = probe::run(registry, &chosen, &options);
    let text = match format {
        Format::Text => probe::to_text(registry, base_url, &results),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&probe::to_json(base_url, &results))
                .unwrap_or_default();
            text.push('\n');
            text
        }
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    if results.iter().all(|r| r.problems.is_empty()) {
        OK
    } else {
        CONTRACT_ERRORS
    }
}
