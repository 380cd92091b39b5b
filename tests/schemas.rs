//! The generated JSON Schemas: valid 2020-12, each file resolving its `$ref`s to the others, accepting every
//! example. (Their agreement with `validate` and the Rust types is measured in `agreement.rs`.)

use contracts_core::generate;
use contracts_core::model::Registry;
use contracts_tests::{check_project, schema_registry, schema_validator, workspace_root};
use serde_json::Value;

fn bundled() -> Registry {
    let (registry, diagnostics) = check_project(&workspace_root());
    assert!(!diagnostics.has_errors());
    registry
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
    let resources = schema_registry(&outputs);
    for name in schemas {
        let value: Value =
            serde_json::from_slice(&outputs[name]).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Err(error) = jsonschema::meta::validate(&value) {
            panic!("{name} is not a valid schema: {error}");
        }
        assert_eq!(
            value["$id"],
            Value::from(format!("{}{name}", registry.info.base_url())),
            "{name}: the $id is where the file is published"
        );
        schema_validator(&outputs, &resources, name);
    }
}

#[test]
fn every_contract_example_validates_against_its_schema() {
    let registry = bundled();
    let outputs = generate::outputs(&registry);
    let resources = schema_registry(&outputs);
    for contract in registry.contracts.values() {
        for example in &contract.examples {
            for (side, value) in [
                ("request", &example.request),
                ("response", &example.response),
            ] {
                let Some(value) = value else { continue };
                let validator = schema_validator(
                    &outputs,
                    &resources,
                    &format!("jsonschema/{}.{side}.schema.json", contract.id),
                );
                let errors: Vec<String> = validator
                    .iter_errors(value)
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .collect();
                assert!(errors.is_empty(), "{} {side}: {errors:#?}", contract.id);
            }
        }
    }
}
