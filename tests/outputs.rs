//! Every generated output: golden snapshots of a small registry, and the OpenAPI documents checked against the
//! official OpenAPI 3.1 meta-schema, their YAML against their JSON, and the contract examples against them.

use std::fs;

use contracts_core::generate::{self, Outputs};
use contracts_core::model::Registry;
use contracts_tests::{check_project, copy_tree, fixture, workspace_root};
use serde_json::{Value, json};

fn registry_of(root: &std::path::Path) -> Registry {
    let (registry, diagnostics) = check_project(root);
    assert!(!diagnostics.has_errors(), "{:?}", diagnostics);
    registry
}

fn json_of(outputs: &Outputs, name: &str) -> Value {
    let bytes = outputs
        .get(name)
        .unwrap_or_else(|| panic!("no output {name}"));
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn openapi_meta_schema() -> jsonschema::Validator {
    let path = workspace_root().join("tests/meta-schemas/openapi-3.1.schema.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("the meta-schema: {e}"))
}

/// Every output of the small fixture registry, one snapshot per file (the contract-format schema aside: it
/// does not depend on the registry and is checked against the bundled files elsewhere).
#[test]
fn small_registry_outputs_match_their_snapshots() {
    let registry = registry_of(&fixture("small"));
    let outputs = generate::outputs(&registry);
    let names: Vec<&String> = outputs
        .keys()
        .filter(|k| !k.starts_with("schema/"))
        .collect();
    assert_eq!(
        names,
        [
            "README.md",
            "examples/citizen.request.json",
            "examples/citizen.response.json",
            "examples/sync.request.json",
            "examples/sync.response.json",
            "jsonschema/citizen.request.schema.json",
            "jsonschema/citizen.response.schema.json",
            "jsonschema/records/fee.schema.json",
            "jsonschema/sync.request.schema.json",
            "jsonschema/sync.response.schema.json",
            "openapi/ministry-system.openapi.json",
            "openapi/ministry-system.openapi.yaml",
            "openapi/portal.openapi.json",
            "openapi/portal.openapi.yaml",
            "openapi/registry.openapi.json",
            "openapi/registry.openapi.yaml",
            "postman/registry.postman_collection.json",
            "rust/Cargo.toml",
            "rust/src/catalogues.rs",
            "rust/src/citizen.rs",
            "rust/src/lib.rs",
            "rust/src/records.rs",
            "rust/src/sync.rs",
            "rust/tests/examples.rs",
        ]
    );
    for name in names {
        let text =
            String::from_utf8(outputs[name].clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let snapshot = format!("small__{}", name.replace('/', "__"));
        insta::assert_snapshot!(snapshot, text);
    }
}

#[test]
fn outputs_are_the_same_on_every_run() {
    let first = generate::outputs(&registry_of(&workspace_root()));
    let second = generate::outputs(&registry_of(&workspace_root()));
    assert!(first == second);
}

fn openapi_documents(outputs: &Outputs) -> Vec<(&String, Value)> {
    outputs
        .iter()
        .filter(|(name, _)| name.starts_with("openapi/") && name.ends_with(".json"))
        .map(|(name, bytes)| {
            (
                name,
                serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}")),
            )
        })
        .collect()
}

#[test]
fn openapi_documents_are_valid_openapi_3_1() {
    let meta = openapi_meta_schema();
    for root in [workspace_root(), fixture("small")] {
        let outputs = generate::outputs(&registry_of(&root));
        let documents = openapi_documents(&outputs);
        assert_eq!(
            documents.len(),
            3,
            "the whole registry and one per provider"
        );
        for (name, document) in documents {
            let errors: Vec<String> = meta
                .iter_errors(&document)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{name}: {errors:#?}");
            for (schema_name, schema) in document["components"]["schemas"]
                .as_object()
                .into_iter()
                .flatten()
            {
                if let Err(error) = jsonschema::meta::validate(schema) {
                    panic!(
                        "{name}: components/schemas/{schema_name} is not JSON Schema 2020-12: {error}"
                    );
                }
            }
        }
    }
}

#[test]
fn openapi_yaml_holds_the_same_document_as_the_json() {
    for root in [workspace_root(), fixture("small")] {
        assert_yaml_documents_match_json(&generate::outputs(&registry_of(&root)));
    }
}

/// Each OpenAPI document's YAML reads as the same value as its JSON.
fn assert_yaml_documents_match_json(outputs: &Outputs) {
    for (name, from_json) in openapi_documents(outputs) {
        let yaml_name = name.replace(".json", ".yaml");
        let text = String::from_utf8(outputs[&yaml_name].clone()).unwrap_or_default();
        let from_yaml: Value =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{yaml_name}: {e}"));
        assert!(from_yaml == from_json, "{yaml_name} differs from {name}");
    }
}

/// Each example validates against its operation's request and response schema inside the whole document.
#[test]
fn every_example_validates_against_the_openapi_schemas() {
    let registry = registry_of(&workspace_root());
    let outputs = generate::outputs(&registry);
    let document = json_of(&outputs, "openapi/registry.openapi.json");
    let mut checked = 0;
    for contract in registry.contracts.values() {
        for example in &contract.examples {
            for (payload, value) in [
                (&contract.request, &example.request),
                (&contract.response, &example.response),
            ] {
                let Some(value) = value else { continue };
                if payload.rust_name.ends_with("Request")
                    && document["components"]["schemas"]
                        .get(&payload.rust_name)
                        .is_none()
                {
                    // A GET request: its fields are query parameters, each with its example.
                    continue;
                }
                let schema = json!({
                    "$ref": format!("#/components/schemas/{}", payload.rust_name),
                    "components": document["components"],
                });
                let validator =
                    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
                let errors: Vec<String> = validator
                    .iter_errors(value)
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{} {}: {errors:#?}",
                    contract.id,
                    payload.direction.as_str()
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= registry.contracts.len() * 2 - 3,
        "{checked} examples checked"
    );
}

/// Operations are where the contracts say, with the extensions OpenAPI has no keyword for.
#[test]
fn openapi_operations_carry_the_contract() {
    let registry = registry_of(&fixture("small"));
    let outputs = generate::outputs(&registry);
    let whole = json_of(&outputs, "openapi/registry.openapi.json");
    let sync = &whole["paths"]["/sync"]["post"];
    assert_eq!(sync["operationId"], "sync");
    assert_eq!(sync["x-legal"], json!(["10.1"]));
    assert_eq!(sync["x-signature"], "required");
    assert_eq!(
        sync["security"],
        json!([]),
        "the session travels in the body"
    );
    let citizen = &whole["paths"]["/userinfo"]["get"];
    assert_eq!(citizen["security"], json!([{"bearer": []}]));
    assert_eq!(citizen["parameters"][0]["in"], "query");
    assert_eq!(citizen["x-proposal"], true);
    let status = &whole["components"]["schemas"]["Status"];
    assert_eq!(status["enum"], json!(["1", "2", "3"]));
    let as_text = &whole["components"]["schemas"]["CitizenResponse"]["properties"]["GioiTinhChu"];
    assert_eq!(
        as_text["enum"],
        json!(["1", "2"]),
        "a number catalogue sent as text"
    );
    let portal = json_of(&outputs, "openapi/portal.openapi.json");
    assert!(
        portal["paths"].get("/sync").is_none(),
        "the portal document has only what the portal provides"
    );
    assert!(portal["components"]["schemas"].get("Fee").is_none());
}

/// The small registry's crate builds with no warnings and its generated tests pass: every example
/// round-trips through its type. (The bundled registry's crate is a workspace member, built by every run.)
#[test]
fn small_registry_crate_compiles_without_warnings_and_round_trips_its_examples() {
    let outputs = generate::outputs(&registry_of(&fixture("small")));
    assert!(
        contracts_tests::generated_crate_passes(&outputs),
        "the generated crate of tests/fixtures/small does not build or pass its tests"
    );
}

/// Records that contain each other through optional fields: the crate compiles (the cycle is boxed) and
/// round-trips its examples, and every schema refers to the others instead of copying them.
#[test]
fn records_that_refer_to_each_other_compile_and_keep_their_schemas_small() {
    let registry = registry_of(&fixture("recursive"));
    let outputs = generate::outputs(&registry);
    let records = String::from_utf8_lossy(&outputs["rust/src/records.rs"]).into_owned();
    assert!(
        records.contains("pub co_quan_cap_tren: Option<Box<crate::records::Agency>>"),
        "{records}"
    );
    assert!(
        records.contains("pub noi_cong_tac: Option<Box<crate::records::Agency>>"),
        "{records}"
    );
    assert!(
        records.contains("pub don_vi_truc_thuoc: Option<Vec<crate::records::Agency>>"),
        "a list needs no box"
    );
    let agency = json_of(&outputs, "jsonschema/records/agency.schema.json");
    assert_eq!(
        agency["properties"]["CoQuanCapTren"]["$ref"],
        "agency.schema.json"
    );
    assert_eq!(
        agency["properties"]["NguoiDungDau"]["$ref"],
        "person.schema.json"
    );
    assert!(
        agency.get("$defs").is_none(),
        "records are referred to, never copied"
    );
    assert!(
        contracts_tests::generated_crate_passes(&outputs),
        "the generated crate of tests/fixtures/recursive does not build or pass its tests"
    );
}

/// A hundred records in cycles of optional links: each schema stays the size of its own record, so the
/// schemas grow with the number of records, not with its square.
#[test]
fn schemas_of_linked_records_grow_linearly() {
    let sizes = |n: usize| -> (usize, usize) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        copy_tree(&fixture("recursive"), dir.path());
        let records = dir.path().join("contracts/records");
        for i in 0..n {
            let link = |to: usize, key: &str, list: &str| {
                format!(
                    "    {key}:\n      label: {{vi: \"{key}\", en: \"{key}\"}}\n      record: r{}\n{list}      legal: 10.1.a\n",
                    to % n
                )
            };
            let text = format!(
                "record:\n  id: r{i}\n  label: {{vi: \"R{i}\", en: \"R{i}\"}}\n  legal: \"10.1\"\n  fields:\n    Ten:\n      label: {{vi: \"Tên\", en: \"Name\"}}\n      required: true\n      legal: 10.1.a\n{}{}{}",
                link(i + 1, "Sau", ""),
                link(i + n - 1, "Truoc", ""),
                link(i + 2, "Con", "      list: true\n"),
            );
            fs::write(records.join(format!("r{i}.yaml")), text).unwrap_or_else(|e| panic!("{e}"));
        }
        let registry = registry_of(dir.path());
        assert!(registry.records.contains_key("r0"));
        let outputs = generate::outputs(&registry);
        let schemas: Vec<usize> = outputs
            .iter()
            .filter(|(name, _)| name.starts_with("jsonschema/"))
            .map(|(_, bytes)| bytes.len())
            .collect();
        (
            schemas.iter().sum(),
            schemas.into_iter().max().unwrap_or_default(),
        )
    };
    let (total_10, largest_10) = sizes(10);
    let (total_100, largest_100) = sizes(100);
    assert_eq!(
        largest_10, largest_100,
        "a record's schema does not grow with the registry"
    );
    assert!(
        total_100 < total_10 * 12,
        "ten times the records, {}x the bytes",
        total_100 as f64 / total_10 as f64
    );
}

/// A copy of the small fixture in which the portal also serves a GET on the ministry system's `/sync` path:
/// the registry's document has both operations on it, each provider's only its own.
#[test]
fn a_path_shared_by_two_providers_is_split_between_their_documents() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_tree(&fixture("small"), dir.path());
    let contracts = dir.path().join("contracts/contracts");
    let citizen = fs::read_to_string(contracts.join("citizen.yaml")).unwrap_or_default();
    let on_sync = citizen
        .replace("id: citizen", "id: citizen-sync")
        .replace("operation: UserInfo", "operation: UserInfoSync")
        .replace("path: /userinfo", "path: /sync");
    assert_ne!(on_sync, citizen, "the fixture changed: update this test");
    fs::write(contracts.join("citizen-sync.yaml"), on_sync).unwrap_or_else(|e| panic!("{e}"));
    let outputs = generate::outputs(&registry_of(dir.path()));
    let methods = |document: &str| -> Vec<String> {
        let value = json_of(&outputs, &format!("openapi/{document}.openapi.json"));
        value["paths"]["/sync"]
            .as_object()
            .map(|item| item.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(methods("registry"), ["get", "post"]);
    assert_eq!(methods("portal"), ["get"]);
    assert_eq!(methods("ministry-system"), ["post"]);
    assert_yaml_documents_match_json(&outputs);
}

/// The Postman collection of the registry: each contract once, in the folder of its data group, with its example
/// as the body, its host's base URL and its scheme's credential; and each example file as the contract writes it.
#[test]
fn the_postman_collection_and_example_files_follow_the_contracts() {
    use contracts_core::generate::postman;
    use contracts_core::model::{AuthKind, Party};
    let registry = registry_of(&workspace_root());
    let outputs = generate::outputs(&registry);
    let collection = json_of(&outputs, postman::COLLECTION);
    assert_eq!(
        collection["info"]["schema"],
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
    );
    let mut seen = Vec::new();
    for folder in collection["item"].as_array().into_iter().flatten() {
        let group = registry.info.groups.iter().find(|g| {
            folder["name"].as_str() == Some(&format!("{} ({})", g.title.en_or_vi(), g.title.vi))
        });
        for item in folder["item"].as_array().into_iter().flatten() {
            let Some(contract) = registry.contracts.values().find(|c| {
                item["name"]
                    .as_str()
                    .is_some_and(|n| n.ends_with(&format!("({})", c.operation)))
            }) else {
                continue; // a sign-in request
            };
            seen.push(contract.id.clone());
            assert_eq!(
                group.map(|g| &g.id),
                contract.group.as_ref(),
                "{}",
                contract.id
            );
            let request = &item["request"];
            let base = match contract.host {
                Party::Portal => "{{baseUrl}}",
                Party::MinistrySystem => "{{systemUrl}}",
            };
            assert_eq!(request["url"]["raw"], format!("{base}{}", contract.path));
            assert_eq!(request["method"], contract.method.as_str());
            let scheme = &registry.info.auth_schemes[&contract.auth];
            let example = contract.examples.iter().find_map(|e| e.request.as_ref());
            match scheme.kind {
                AuthKind::Session => {
                    let raw = request["body"]["raw"].as_str().unwrap_or_default();
                    let body: Value = serde_json::from_str(raw).unwrap_or_else(|e| panic!("{e}"));
                    let mut expected = example.cloned().unwrap_or_else(|| json!({}));
                    expected["session"] = json!("{{dvcqgSessionToken}}");
                    assert_eq!(body, expected, "{}", contract.id);
                    assert_eq!(request["auth"]["type"], "noauth");
                }
                _ => assert_eq!(request["auth"]["type"], "bearer", "{}", contract.id),
            }
            let answers = item["response"].as_array().map_or(0, Vec::len);
            let examples = contract
                .examples
                .iter()
                .filter(|e| e.response.is_some())
                .count();
            assert_eq!(answers, examples, "{}", contract.id);
        }
    }
    seen.sort();
    let all: Vec<&String> = registry.contracts.keys().collect();
    assert_eq!(seen.iter().collect::<Vec<_>>(), all);
    for contract in registry.contracts.values() {
        for (index, example) in contract.examples.iter().enumerate() {
            for (direction, value) in [
                ("request", &example.request),
                ("response", &example.response),
            ] {
                let name = postman::example_file(contract, index, direction);
                match value {
                    Some(value) => assert_eq!(&json_of(&outputs, &name), value, "{name}"),
                    None => assert!(!outputs.contains_key(&name), "{name}"),
                }
            }
        }
    }
}
