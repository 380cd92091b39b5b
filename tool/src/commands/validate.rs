//! `cargo contracts validate`: a JSON payload checked against a contract's request or response.

use std::io::Write;
use std::path::Path;

use contracts_core::model::Registry;
use contracts_core::payload::Validator;

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO};
use crate::cli::Format;

pub fn run(registry: &Registry, wanted: &str, file: &Path, response: bool, format: Format) -> u8 {
    let (id, version) = wanted
        .split_once('@')
        .map_or((wanted, None), |(id, v)| (id, Some(v)));
    let Some(contract) = registry.contracts.get(id) else {
        let known: Vec<&str> = registry.contracts.keys().map(String::as_str).collect();
        eprintln!(
            "error: no contract has the id `{id}` (known: {})",
            known.join(", ")
        );
        return USAGE_OR_IO;
    };
    if let Some(version) = version
        && version != contract.version.to_string()
    {
        eprintln!(
            "error: the registry has `{id}` version {}, not {version}; validate against the version you target, or update the payload",
            contract.version
        );
        return USAGE_OR_IO;
    }
    let text = if file == Path::new("-") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map(|_| text)
    } else {
        std::fs::read_to_string(file)
    };
    let value: serde_json::Value = match text
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(value) => value,
        Err(error) => {
            eprintln!("error: cannot read {} as JSON: {error}", file.display());
            return USAGE_OR_IO;
        }
    };
    let payload = if response {
        &contract.response
    } else {
        &contract.request
    };
    let violations = Validator::new(registry).object(&payload.fields, &value);
    let side = payload.direction.as_str();
    match format {
        Format::Json => {
            let json = serde_json::json!({
                "contract": contract.id,
                "version": contract.version.to_string(),
                "payload": side,
                "valid": violations.is_empty(),
                "violations": violations.iter().map(|v| serde_json::json!({
                    "pointer": v.pointer,
                    "message": v.message,
                    "label": v.label.as_ref().map(|(vi, en)| serde_json::json!({"vi": vi, "en": en})),
                    "legal": v.legal,
                })).collect::<Vec<_>>(),
            });
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        Format::Text => {
            let mut out = String::new();
            for v in &violations {
                let pointer = if v.pointer.is_empty() {
                    "/"
                } else {
                    v.pointer.as_str()
                };
                out.push_str(&format!("{pointer}: {}\n", v.message));
                if let Some((vi, en)) = &v.label {
                    let legal = if v.legal.is_empty() {
                        String::new()
                    } else {
                        format!(", provision {}", v.legal.join(", "))
                    };
                    out.push_str(&format!("    field: {vi} ({en}){legal}\n"));
                }
            }
            let verdict = if violations.is_empty() {
                "valid".to_owned()
            } else {
                format!(
                    "invalid: {} violation{}",
                    violations.len(),
                    if violations.len() == 1 { "" } else { "s" }
                )
            };
            out.push_str(&format!(
                "{}: {side} of {} {}: {verdict}\n",
                file.display(),
                contract.id,
                contract.version
            ));
            let _ = write!(std::io::stderr(), "{out}");
        }
    }
    if violations.is_empty() {
        OK
    } else {
        CONTRACT_ERRORS
    }
}
