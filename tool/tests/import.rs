//! `cargo contracts import`: the registry's own OpenAPI document imported, reviewed from the originals and built
//! back to the same document; third-party OpenAPI documents drafted so that `check` lists only what is marked;
//! OpenCPS-shaped DongBoHoSoMC samples inferred into the field set, wire formats and status codes of
//! `dossier-sync`; and bad input refused with a clear error and nothing written.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{files_under, run, stderr, workspace};
use contracts_core::limits::Limits;
use contracts_core::model::{self, Field, FieldType, Registry, WireFormat};
use contracts_tool::import::yaml;
use serde_json::{Map, Value, json};

/// A project holding the bundled registry's `registry.yaml`, legal sources and the owner `vpcp`, and nothing else.
fn bare_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let contracts = dir.path().join("contracts");
    common::copy_tree(
        &workspace().join("contracts/legal"),
        &contracts.join("legal"),
    );
    for file in ["registry.yaml", "owners/vpcp/owner.yaml"] {
        let target = contracts.join(file);
        fs::create_dir_all(target.parent().unwrap_or(&contracts)).unwrap_or_else(|e| panic!("{e}"));
        fs::copy(workspace().join("contracts").join(file), &target)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

fn check(root: &Path) -> (Registry, contracts_core::diagnostic::Diagnostics) {
    contracts_core::check_dir(&root.join("contracts"), &Limits::default())
}

/// `code file:line:column` of every finding.
fn findings(root: &Path) -> Vec<String> {
    let (registry, diagnostics) = check(root);
    contracts_tests::locations(&registry, &diagnostics)
}

fn read_yaml(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Removes the element's `review:` list and returns its entries.
fn take_review(node: &mut Map<String, Value>) -> Vec<String> {
    node.remove("review")
        .and_then(|r| r.as_array().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// Fills what a review list names from the original element, as a reviewer would, and removes the list.
fn fill(
    node: &mut Map<String, Value>,
    label_key: &str,
    label: Option<&model::Text>,
    description: Option<&model::Text>,
    legal: &[model::LegalRef],
    personal_data: Option<model::PersonalData>,
) {
    for item in take_review(node) {
        let (key, text, language) = match item.as_str() {
            "label-vi" => (label_key, label, "vi"),
            "label-en" => (label_key, label, "en"),
            "description-vi" => ("description", description, "vi"),
            "description-en" => ("description", description, "en"),
            "legal" => {
                if !legal.is_empty() {
                    let written: Vec<Value> = legal.iter().map(|l| json!(l.written)).collect();
                    node.insert("legal".into(), Value::Array(written));
                }
                continue;
            }
            "personal-data" => {
                if let Some(class) = personal_data {
                    node.insert("personal-data".into(), json!(class.as_str()));
                }
                continue;
            }
            other => panic!("unknown review item {other}"),
        };
        let Some(text) = text else { continue };
        let value = match language {
            "vi" => Some(text.vi.clone()),
            _ => text.en.clone(),
        };
        if let Some(value) = value {
            let slot = node
                .entry(key)
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .map(|m| m.insert(language.into(), json!(value)));
            assert!(slot.is_some(), "{key} is not a text");
        }
    }
}

/// Gives a `provenance:` block its note in both languages: the OpenAPI document carries one language of it
/// (`x-provenance.note`, English where there is English), so the importer leaves it out with a comment and a
/// reviewer writes it from the original.
fn fill_provenance_note(node: &mut Map<String, Value>, original: &model::Provenance) {
    let Some(provenance) = node.get_mut("provenance").and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(text) = &original.note {
        let mut both = Map::new();
        both.insert("vi".into(), json!(text.vi));
        if let Some(en) = &text.en {
            both.insert("en".into(), json!(en));
        }
        provenance.insert("note".into(), Value::Object(both));
    }
}

fn fill_fields(fields: &mut Value, originals: &[Field]) {
    for (wire, field) in fields.as_object_mut().into_iter().flatten() {
        let original = originals
            .iter()
            .find(|f| &f.wire_name == wire)
            .unwrap_or_else(|| panic!("`{wire}` is not in the original"));
        let field = field.as_object_mut().unwrap_or_else(|| panic!("{wire}"));
        fill(
            field,
            "label",
            Some(&original.label),
            original.description.as_ref(),
            &original.legal,
            Some(original.personal_data),
        );
        fill_provenance_note(field, &original.provenance);
    }
}

/// Reviews every draft of a project from the registry it was generated from.
fn review_from(drafts: &Path, original: &Registry) {
    for (name, _) in files_under(drafts) {
        if name == "owner.yaml" {
            continue;
        }
        let path = drafts.join(&name);
        let mut document = read_yaml(&path);
        if let Some(contract) = document.get_mut("contract").and_then(Value::as_object_mut) {
            let id = contract["id"].as_str().unwrap_or_default().to_owned();
            let original = &original.contracts[&id];
            fill(
                contract,
                "title",
                Some(&original.title),
                original.description.as_ref(),
                &original.legal,
                None,
            );
            contract.insert("status".into(), json!(original.status.as_str()));
            fill_provenance_note(contract, &original.provenance);
            for (side, payload) in [
                ("request", &original.request),
                ("response", &original.response),
            ] {
                let node = contract[side]
                    .as_object_mut()
                    .unwrap_or_else(|| panic!("{side}"));
                fill(node, "label", None, payload.description.as_ref(), &[], None);
                fill_fields(&mut node["fields"], &payload.fields);
            }
            if let Some(examples) = contract.get_mut("examples").and_then(Value::as_array_mut) {
                for (example, original) in examples.iter_mut().zip(&original.examples) {
                    let node = example.as_object_mut().unwrap_or_else(|| panic!("example"));
                    fill(node, "title", original.title.as_ref(), None, &[], None);
                }
            }
        } else if let Some(record) = document.get_mut("record").and_then(Value::as_object_mut) {
            let id = record["id"].as_str().unwrap_or_default().to_owned();
            let original = &original.records[&id];
            fill(
                record,
                "label",
                Some(&original.label),
                original.description.as_ref(),
                &original.legal,
                None,
            );
            record.insert("status".into(), json!(original.status.as_str()));
            fill_fields(&mut record["fields"], &original.fields);
        } else if let Some(catalogue) = document.get_mut("catalogue").and_then(Value::as_object_mut)
        {
            let id = catalogue["id"].as_str().unwrap_or_default().to_owned();
            let original = &original.catalogues[&id];
            fill(
                catalogue,
                "label",
                Some(&original.label),
                original.description.as_ref(),
                &original.legal,
                None,
            );
            catalogue.insert("status".into(), json!(original.status.as_str()));
            for (code, node) in catalogue["codes"].as_object_mut().into_iter().flatten() {
                let original = original.code(code).unwrap_or_else(|| panic!("code {code}"));
                let node = node
                    .as_object_mut()
                    .unwrap_or_else(|| panic!("code {code}"));
                // The document lists other spellings of codes together, without the code each stands for
                // (`anyOf [catalogue, {enum: aliases}]`), so a reviewer writes `aliases:` from the original.
                if !original.aliases.is_empty() {
                    node.insert("aliases".into(), json!(original.aliases));
                }
                fill(
                    node,
                    "label",
                    Some(&original.label),
                    original.description.as_ref(),
                    &original.legal,
                    None,
                );
            }
        } else {
            panic!("{name} is not a draft");
        }
        fs::write(&path, yaml::from_json(&document)).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The JSON pointers where two values differ (at most `limit`).
fn differences(a: &Value, b: &Value, at: &str, out: &mut Vec<String>, limit: usize) {
    if out.len() >= limit {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys_x: Vec<&String> = x.keys().collect();
            let keys_y: Vec<&String> = y.keys().collect();
            if keys_x != keys_y {
                out.push(format!("{at}: keys {keys_x:?} != {keys_y:?}"));
            }
            for (key, value) in x {
                if let Some(other) = y.get(key) {
                    differences(value, other, &format!("{at}/{key}"), out, limit);
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (value, other)) in x.iter().zip(y).enumerate() {
                differences(value, other, &format!("{at}/{i}"), out, limit);
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{at}: {a} != {b}")),
    }
}

#[test]
fn importing_our_own_openapi_gives_it_back() {
    let project = bare_project();
    let root = project.path();
    let source = workspace().join("generated/openapi/registry.openapi.json");
    let output = run(
        root,
        &[
            "import",
            "openapi",
            &source.to_string_lossy(),
            "--owner",
            "vpcp",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The drafts check, and every finding is an item to review.
    let found = findings(root);
    assert!(!found.is_empty());
    let unmarked: Vec<&String> = found
        .iter()
        .filter(|f| !f.starts_with("warning needs-review"))
        .collect();
    assert!(unmarked.is_empty(), "{unmarked:?}");
    // A reviewer fills what is marked from the originals and removes the marks; then the registry is clean.
    let (original, diagnostics) = check(&workspace());
    assert!(!diagnostics.has_errors());
    review_from(&root.join("contracts/owners/vpcp"), &original);
    assert_eq!(findings(root), Vec::<String>::new());
    // It builds to the same OpenAPI document.
    let output = run(root, &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let read = |path: PathBuf| -> Value {
        serde_json::from_slice(
            &fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    };
    let rebuilt = read(root.join("generated/openapi/registry.openapi.json"));
    let published = read(source);
    let mut found = Vec::new();
    differences(&published, &rebuilt, "", &mut found, 40);
    assert!(
        found.is_empty(),
        "{} differences:\n{}",
        found.len(),
        found.join("\n")
    );
    // Byte for byte, in both syntaxes.
    for name in ["registry.openapi.json", "registry.openapi.yaml"] {
        let bytes =
            |dir: &Path| fs::read(dir.join("generated/openapi").join(name)).unwrap_or_default();
        assert!(bytes(root) == bytes(&workspace()), "{name} differs");
    }
}

/// Whether a value a contract's field describes travels as a string of free text, or in a format of its own.
fn wire_form(field: &Field, registry: &Registry) -> String {
    let single = match (&field.ty, field.format) {
        (FieldType::Record(_), _) => "object".to_owned(),
        (_, WireFormat::Number | WireFormat::CodeNumber) => "JSON number".to_owned(),
        (_, WireFormat::NumberAsString) => "number as string".to_owned(),
        (
            _,
            WireFormat::Text
            | WireFormat::Email
            | WireFormat::Uri
            | WireFormat::Phone
            | WireFormat::CodeString
            | WireFormat::AttachmentUrl,
        ) => "string".to_owned(),
        (_, format) => format.name().to_owned(),
    };
    let _ = registry;
    match field.list {
        Some(_) => format!("list of {single}"),
        None => single,
    }
}

/// Every field under a payload, by path (`data/TaiLieuNop/IsDeleted`), with its wire form and its catalogue.
fn field_forms(
    registry: &Registry,
    fields: &[Field],
    at: &str,
    out: &mut BTreeMap<String, (String, Option<Vec<String>>)>,
) {
    for field in fields {
        let path = format!("{at}/{}", field.wire_name);
        let codes = match &field.ty {
            FieldType::Code(id) => registry
                .catalogues
                .get(id)
                .map(|c| c.codes.iter().map(|k| k.code.clone()).collect()),
            _ => None,
        };
        out.insert(path.clone(), (wire_form(field, registry), codes));
        if let FieldType::Record(id) = &field.ty
            && let Some(record) = registry.records.get(id)
        {
            field_forms(registry, &record.fields, &path, out);
        }
    }
}

#[test]
fn dongbohosomc_samples_give_the_fields_formats_and_status_codes_of_dossier_sync() {
    let project = bare_project();
    let root = project.path();
    let samples = workspace().join("tests/fixtures/import/dongbohosomc");
    let output = run(
        root,
        &[
            "import",
            "payloads",
            &samples.to_string_lossy(),
            "--contract-id",
            "dossier-sync-draft",
            "--owner",
            "vpcp",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let found = findings(root);
    let unmarked: Vec<&String> = found
        .iter()
        .filter(|f| !f.starts_with("warning needs-review"))
        .collect();
    assert!(unmarked.is_empty(), "{unmarked:?}");
    let (drafted, _) = check(root);
    let (bundled, _) = check(&workspace());
    let draft = &drafted.contracts["dossier-sync-draft"];
    let stated = &bundled.contracts["dossier-sync"];
    assert_eq!(draft.operation, "DongBoHoSoMC");
    assert_eq!(draft.path, "/dvcqg/DongBoHoSoMC");
    assert_eq!(draft.auth, "dvcqg-session");
    let mut inferred = BTreeMap::new();
    let mut expected = BTreeMap::new();
    field_forms(&drafted, &draft.request.fields, "", &mut inferred);
    field_forms(&bundled, &stated.request.fields, "", &mut expected);
    let names = |forms: &BTreeMap<String, (String, Option<Vec<String>>)>| {
        forms.keys().cloned().collect::<Vec<_>>()
    };
    assert_eq!(names(&inferred), names(&expected), "the field set");
    let forms = |forms: &BTreeMap<String, (String, Option<Vec<String>>)>| {
        forms
            .iter()
            .map(|(k, (form, _))| (k.clone(), form.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(forms(&inferred), forms(&expected), "the wire formats");
    assert_eq!(
        inferred["/data/TrangThaiHoSo"].1, expected["/data/TrangThaiHoSo"].1,
        "the status codes"
    );
    assert_eq!(
        expected["/data/TrangThaiHoSo"].1.as_ref().map(Vec::len),
        Some(10)
    );
}

/// Imports `args` into a bare project; the exit status, stderr, and the files of the owner's folder after.
fn import_into(root: &Path, args: &[&str]) -> (Option<i32>, String, BTreeMap<String, Vec<u8>>) {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    let output = run(root, &all);
    let files = files_under(&root.join("contracts/owners/vpcp"));
    (output.status.code(), stderr(&output), files)
}

#[test]
fn third_party_openapi_documents_draft_with_only_marked_warnings() {
    for (document, contracts) in [
        ("govuk-pay/publicapi_spec.json", 12),
        ("petstore-3.1/openapi.yaml", 3),
    ] {
        let project = bare_project();
        let root = project.path();
        let source = workspace().join("tests/fixtures/import").join(document);
        let (status, text, files) = import_into(
            root,
            &["openapi", &source.to_string_lossy(), "--owner", "vpcp"],
        );
        assert_eq!(status, Some(0), "{document}: {text}");
        let drafted = files
            .keys()
            .filter(|name| name.starts_with("contracts/"))
            .count();
        assert_eq!(drafted, contracts, "{document}: {text}");
        let found = findings(root);
        assert!(found.len() > 100, "{document}: {}", found.len());
        let unmarked: Vec<&String> = found
            .iter()
            .filter(|f| !f.starts_with("warning needs-review"))
            .collect();
        assert!(unmarked.is_empty(), "{document}: {unmarked:?}");
        // Every item `check` lists is an entry of a review list, at its place.
        let (registry, diagnostics) = check(root);
        for diagnostic in diagnostics.iter() {
            let label = diagnostic
                .primary
                .as_ref()
                .unwrap_or_else(|| panic!("{diagnostic}"));
            let file = registry.sources.get(label.span.file);
            let line = file
                .text
                .lines()
                .nth(label.span.line as usize - 1)
                .unwrap_or_default();
            assert!(
                line.trim_start().starts_with("review: ["),
                "{document}: {line}"
            );
        }
    }
}

#[test]
fn the_petstore_drafts_read_as_expected() {
    let project = bare_project();
    let root = project.path();
    let source = workspace().join("tests/fixtures/import/petstore-3.1/openapi.yaml");
    let (status, text, files) = import_into(
        root,
        &["openapi", &source.to_string_lossy(), "--owner", "vpcp"],
    );
    assert_eq!(status, Some(0), "{text}");
    let mut all = String::new();
    for (name, bytes) in &files {
        if name != "owner.yaml" {
            all.push_str(&format!("==> {name}\n{}", String::from_utf8_lossy(bytes)));
        }
    }
    insta::assert_snapshot!(all.replace(&source.to_string_lossy().into_owned(), "<petstore>"));
}

#[test]
fn a_json_schema_drafts_records_and_catalogues() {
    let project = bare_project();
    let root = project.path();
    let source = workspace().join("generated/jsonschema/records/dossier.schema.json");
    let (status, text, files) = import_into(
        root,
        &["jsonschema", &source.to_string_lossy(), "--owner", "vpcp"],
    );
    assert_eq!(status, Some(0), "{text}");
    assert!(
        files.contains_key("records/dossier.yaml"),
        "{:?}",
        files.keys()
    );
    assert!(files.contains_key("catalogues/dossier-status.yaml"));
    let unmarked: Vec<String> = findings(root)
        .into_iter()
        .filter(|f| !f.starts_with("warning needs-review"))
        .collect();
    assert!(unmarked.is_empty(), "{unmarked:?}");
    let (registry, _) = check(root);
    let (bundled, _) = check(&workspace());
    let wire = |r: &Registry| {
        r.records["dossier"]
            .fields
            .iter()
            .map(|f| f.wire_name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(wire(&registry), wire(&bundled));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let project = bare_project();
    let root = project.path();
    let text = fs::read(workspace().join("tests/fixtures/import/petstore-3.1/openapi.yaml"))
        .unwrap_or_default();
    let mut child = common::contracts()
        .arg("--root")
        .arg(root)
        .args(["import", "openapi", "-", "--owner", "vpcp"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin.write_all(&text).unwrap_or_else(|e| panic!("{e}"));
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("from `standard input`")
            || root
                .join("contracts/owners/vpcp/contracts/add-pet.yaml")
                .is_file()
    );
    let drafted = fs::read_to_string(root.join("contracts/owners/vpcp/contracts/add-pet.yaml"))
        .unwrap_or_default();
    assert!(drafted.contains("from `standard input`"), "{drafted}");
}

/// A minimal OpenAPI document with one operation whose request is `request` and response `{ok: string}`, and
/// `schemas` as components.
fn openapi_with(request: Value, schemas: Value) -> String {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"post": {
            "operationId": "doX",
            "requestBody": {"content": {"application/json": {"schema": request}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"ok": {"type": "string"}}}}}}}
        }}},
        "components": {"schemas": schemas}
    })
    .to_string()
}

/// A YAML document whose aliases expand to millions of nodes.
fn alias_bomb() -> String {
    let mut text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n".to_owned();
    for level in 1..8 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 9].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    text
}

#[test]
fn bad_input_gets_a_clear_error_and_nothing_is_written() {
    let cycle = openapi_with(
        json!({"$ref": "#/components/schemas/A"}),
        json!({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}),
    );
    let required_cycle = openapi_with(
        json!({"$ref": "#/components/schemas/A"}),
        json!({
            "A": {"type": "object", "required": ["b"], "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"type": "object", "required": ["a"], "properties": {"a": {"$ref": "#/components/schemas/A"}}}
        }),
    );
    let remote = openapi_with(
        json!({"$ref": "https://example.com/schemas.json#/Pet"}),
        json!({}),
    );
    let other_file = openapi_with(json!({"$ref": "common.yaml#/Pet"}), json!({}));
    let swagger =
        r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#.to_owned();
    let mut chain = Map::new();
    for i in 0..300 {
        let next = json!({"$ref": format!("#/components/schemas/S{}", i + 1)});
        chain.insert(
            format!("S{i}"),
            json!({"type": "object", "properties": {"next": next}}),
        );
    }
    chain.insert(
        "S300".into(),
        json!({"type": "object", "properties": {"end": {"type": "string"}}}),
    );
    let deep = openapi_with(
        json!({"$ref": "#/components/schemas/S0"}),
        Value::Object(chain),
    );
    let cases: Vec<(&str, String, &str)> = [
        ("broken.json", "{\"openapi\": \"3.1.0\", ".to_owned(), "is not valid JSON"),
        ("broken.yaml", "openapi: [3.1.0\npaths: {\n".to_owned(), "neither JSON nor valid YAML: line"),
        ("bomb.yaml", alias_bomb(), "goes beyond the YAML limits"),
        ("binary.json", "\u{0}\u{1}".to_owned(), "neither JSON nor valid YAML"),
        ("cycle.json", cycle, "$ref cycle: #/paths/~1x/post/requestBody/content/application~1json/schema → #/components/schemas/A → #/components/schemas/B → #/components/schemas/A"),
        ("required.json", required_cycle, "$ref cycle: the records a → b → a contain each other through required fields"),
        ("remote.json", remote, "refers to another document; import never fetches anything"),
        ("other.json", other_file, "refers to another document"),
        ("deep.json", deep, "objects nest more than 128 levels"),
        ("swagger.json", swagger, "Swagger 2.0 document; convert it to OpenAPI 3 first, e.g. `npx swagger2openapi"),
        ("schema.json", r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#.to_owned(), "it has no `openapi` version"),
    ]
    .into_iter()
    .collect();
    for (name, text, expected) in cases {
        let project = bare_project();
        let root = project.path();
        let path = root.join(name);
        fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        let (status, message, files) = import_into(
            root,
            &["openapi", &path.to_string_lossy(), "--owner", "vpcp"],
        );
        assert_eq!(status, Some(2), "{name}: {message}");
        assert!(message.contains(expected), "{name}: {message}");
        assert_eq!(files.keys().collect::<Vec<_>>(), ["owner.yaml"], "{name}");
    }
}

#[test]
fn a_file_over_the_limit_is_refused_without_being_read() {
    let project = bare_project();
    let root = project.path();
    let path = root.join("huge.json");
    let file = fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
    file.set_len(100 * 1024 * 1024)
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, message, _) = import_into(
        root,
        &["openapi", &path.to_string_lossy(), "--owner", "vpcp"],
    );
    assert_eq!(status, Some(2));
    assert!(
        message.contains("is larger than 32 MiB (the import limit)"),
        "{message}"
    );
    // Standard input is cut at the limit too.
    let output = common::contracts()
        .arg("--root")
        .arg(root)
        .args(["import", "openapi", "-", "--owner", "vpcp"])
        .env("CONTRACTS_MAX_IMPORT_BYTES", "1024")
        .stdin(fs::File::open(&path).unwrap_or_else(|e| panic!("{e}")))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("`standard input` is larger than 1 KiB"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn files_are_replaced_only_with_force() {
    let project = bare_project();
    let root = project.path();
    let source = workspace().join("tests/fixtures/import/petstore-3.1/openapi.yaml");
    let source = source.to_string_lossy();
    let args = ["openapi", &*source, "--owner", "vpcp"];
    assert_eq!(import_into(root, &args).0, Some(0));
    let pet = root.join("contracts/owners/vpcp/records/category.yaml");
    fs::write(&pet, "# edited by a reviewer\n").unwrap_or_else(|e| panic!("{e}"));
    let (status, message, _) = import_into(root, &args);
    assert_eq!(status, Some(2));
    assert!(
        message.contains("exist and would be replaced") && message.contains("nothing was written"),
        "{message}"
    );
    assert_eq!(
        fs::read_to_string(&pet).unwrap_or_default(),
        "# edited by a reviewer\n"
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(import_into(root, &forced).0, Some(0));
    assert!(
        fs::read_to_string(&pet)
            .unwrap_or_default()
            .contains("record:")
    );
    // Nothing is left of the staging.
    let hidden: Vec<String> = files_under(root)
        .into_keys()
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[test]
fn no_text_of_the_source_becomes_yaml() {
    let hostile =
        "a: b\n- c # d\n\"e\" 'f' \\ g {h} [i] &j *k !l %m @n `o` \u{2028}p\u{feff}q\tr yes: no";
    let request = json!({
        "type": "object",
        "title": hostile,
        "required": ["on"],
        "properties": {
            "on": {"type": "string", "title": hostile, "description": hostile, "example": hostile},
            "kind": {"type": "string", "enum": ["yes", "null", "~", "1.0", "a:b", "#x"], "description": hostile}
        }
    });
    let document = openapi_with(request, json!({}));
    let document = document.replace("\"summary\"", "\"x\"");
    let project = bare_project();
    let root = project.path();
    let path = root.join("hostile.json");
    fs::write(&path, document).unwrap_or_else(|e| panic!("{e}"));
    let (status, message, _) = import_into(
        root,
        &["openapi", &path.to_string_lossy(), "--owner", "vpcp"],
    );
    assert_eq!(status, Some(0), "{message}");
    let unmarked: Vec<String> = findings(root)
        .into_iter()
        .filter(|f| !f.starts_with("warning needs-review"))
        .collect();
    assert!(unmarked.is_empty(), "{unmarked:?}");
    let (registry, _) = check(root);
    let field = &registry.contracts["do-x"].request.fields[0];
    assert_eq!(field.wire_name, "on");
    assert_eq!(field.label.en.as_deref(), Some(hostile));
    assert_eq!(
        field.description.as_ref().and_then(|d| d.en.as_deref()),
        Some(hostile)
    );
    assert_eq!(field.example, Some(json!(hostile)));
    let kind = &registry.contracts["do-x"].request.fields[1];
    let FieldType::Code(catalogue) = &kind.ty else {
        panic!("{:?}", kind.ty)
    };
    let codes: Vec<&str> = registry.catalogues[catalogue]
        .codes
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(codes, ["yes", "null", "~", "1.0", "a:b", "#x"]);
}
