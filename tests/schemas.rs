//! The generated JSON Schemas: valid 2020-12, accept every example, and agree with the validator and the
//! generated Rust types.

use std::fs;

use contracts_core::generate;
use contracts_core::model::Registry;
use contracts_core::payload::{Validator, Violation};
use contracts_tests::{check_project, fixture, workspace_root};
use serde_json::{Value, json};
use vpcp_contracts::dossier_sync::DossierSyncRequest;
use vpcp_contracts::prelude::*;

fn bundled() -> Registry {
    let (registry, diagnostics) = check_project(&workspace_root());
    assert!(!diagnostics.has_errors());
    registry
}

fn schema(outputs: &generate::Outputs, name: &str) -> Value {
    let bytes = outputs
        .get(name)
        .unwrap_or_else(|| panic!("no output {name}"));
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_schema_is_valid_json_schema_2020_12() {
    let registry = bundled();
    let outputs = generate::outputs(&registry);
    let schemas: Vec<&String> = outputs
        .keys()
        .filter(|k| k.starts_with("jsonschema/"))
        .collect();
    assert!(schemas.len() >= 2 * registry.contracts.len() + registry.records.len());
    for name in schemas {
        let value: Value =
            serde_json::from_slice(&outputs[name]).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Err(error) = jsonschema::meta::validate(&value) {
            panic!("{name} is not a valid schema: {error}");
        }
        jsonschema::validator_for(&value).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn every_contract_example_validates_against_its_schema() {
    let registry = bundled();
    let outputs = generate::outputs(&registry);
    for contract in registry.contracts.values() {
        for example in &contract.examples {
            for (side, value) in [
                ("request", &example.request),
                ("response", &example.response),
            ] {
                let Some(value) = value else { continue };
                let schema = schema(
                    &outputs,
                    &format!("jsonschema/{}.{side}.schema.json", contract.id),
                );
                let validator =
                    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
                let errors: Vec<String> = validator
                    .iter_errors(value)
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .collect();
                assert!(errors.is_empty(), "{} {side}: {errors:#?}", contract.id);
            }
        }
    }
}

/// A change to a valid payload, and whether the result is still valid.
type Edit = (&'static str, Box<dyn Fn(&mut Value)>, bool);

/// The verdict of the generated Rust type: `None` when the payload does not even parse into it (a missing
/// required field, a value of the wrong JSON type, a text outside its wire format), else its violations.
fn rust_verdict(payload: &Value) -> Option<Vec<Violation>> {
    let typed: DossierSyncRequest = serde_json::from_value(payload.clone()).ok()?;
    Some(typed.validate().err().map(|v| v.0).unwrap_or_default())
}

/// The validator, the schema and the generated Rust type give the same verdict. Two documented differences:
/// calendar checks such as 30 February are not in the schema, and the Rust types ignore members the contract
/// does not define (a tolerant reader, so that a newer Portal adding a field does not break older systems).
#[test]
fn schema_validator_and_rust_types_agree_on_a_table_of_payloads() {
    let registry = bundled();
    let request = &registry.contracts["dossier-sync"].request;
    let schema = schema(
        &generate::outputs(&registry),
        "jsonschema/dossier-sync.request.schema.json",
    );
    let compiled = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    let base: Value = serde_json::from_str(
        &fs::read_to_string(fixture("payloads").join("dongbohosomc-opencps.json"))
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    let edits: Vec<Edit> = vec![
        ("unchanged", Box::new(|_| {}), true),
        (
            "status code unknown",
            Box::new(|v| v["data"][0]["TrangThaiHoSo"] = json!("11")),
            false,
        ),
        (
            "status code as a number",
            Box::new(|v| v["data"][0]["TrangThaiHoSo"] = json!(2)),
            false,
        ),
        (
            "date-time with dashes",
            Box::new(|v| v["data"][0]["NgayTiepNhan"] = json!("2026-01-14 09:15:00")),
            false,
        ),
        (
            "date-time hour 24",
            Box::new(|v| v["data"][0]["NgayTiepNhan"] = json!("20260114241500")),
            false,
        ),
        (
            "boolean lowercase",
            Box::new(|v| v["isUpdating"] = json!("false")),
            false,
        ),
        (
            "amount as a number",
            Box::new(|v| v["data"][0]["DanhSachLePhi"][0]["Gia"] = json!(100000)),
            false,
        ),
        (
            "amount with decimals",
            Box::new(|v| v["data"][0]["DanhSachLePhi"][0]["Gia"] = json!("100000.50")),
            true,
        ),
        (
            "unknown field",
            Box::new(|v| v["data"][0]["MaHoSoCu"] = json!("x")),
            false,
        ),
        (
            "required field missing",
            Box::new(|v| {
                v["data"][0].as_object_mut().map(|o| o.remove("MaHoSo"));
            }),
            false,
        ),
        (
            "optional field null",
            Box::new(|v| v["data"][0]["NgayHenTra"] = Value::Null),
            true,
        ),
        (
            "empty list of dossiers",
            Box::new(|v| v["data"] = json!([])),
            false,
        ),
        (
            "agency code malformed",
            Box::new(|v| v["madonvi"] = json!("H56")),
            false,
        ),
        (
            "amount with a leading zero",
            Box::new(|v| v["data"][0]["DanhSachLePhi"][0]["Gia"] = json!("0100000")),
            false,
        ),
        (
            "dossier code too long",
            Box::new(|v| v["data"][0]["MaHoSo"] = json!("G".repeat(200))),
            false,
        ),
    ];
    for (name, edit, expected) in edits {
        let mut payload = base.clone();
        edit(&mut payload);
        let by_validator = Validator::new(&registry)
            .object(&request.fields, &payload)
            .is_empty();
        let by_schema = compiled.is_valid(&payload);
        assert_eq!((by_validator, by_schema), (expected, expected), "{name}");
        let by_rust = rust_verdict(&payload);
        let rust_valid = by_rust.as_ref().is_some_and(Vec::is_empty);
        if name == "unknown field" {
            assert!(rust_valid, "the Rust types ignore unknown members");
        } else {
            assert_eq!(rust_valid, expected, "{name}: Rust says {by_rust:#?}");
        }
        if let Some(violations) = by_rust.filter(|v| !v.is_empty()) {
            let from_validator = Validator::new(&registry).object(&request.fields, &payload);
            assert_eq!(
                violations, from_validator,
                "{name}: the same violations, word for word"
            );
        }
    }
}
