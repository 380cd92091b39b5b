//! The bundled registry: it checks clean, matches the published format schema, and covers what the Circular asks.

use std::fs;

use contracts_core::generate;
use contracts_core::model::{FieldType, Registry};
use contracts_core::walk::{self, Hidden};
use contracts_tests::{check_project, locations, workspace_root};

fn bundled() -> Registry {
    let (registry, diagnostics) = check_project(&workspace_root());
    assert!(
        diagnostics.is_empty(),
        "the bundled registry has findings:\n{}",
        locations(&registry, &diagnostics).join("\n")
    );
    registry
}

#[test]
fn checks_clean_with_no_warnings() {
    let registry = bundled();
    assert!(registry.contracts.contains_key("dossier-sync"));
    assert!(registry.catalogues.contains_key("dossier-status"));
}

#[test]
fn every_contract_file_validates_against_the_published_format_schema() {
    let schema: serde_json::Value = serde_json::from_str(&generate::contract_format_schema())
        .unwrap_or_else(|e| panic!("schema is not JSON: {e}"));
    let validator =
        jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("invalid schema: {e}"));
    let files: Vec<std::path::PathBuf> =
        walk::files(&workspace_root().join("contracts"), Hidden::Skip)
            .map(|file| file.unwrap_or_else(|e| panic!("{e}")).path)
            .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
            .collect();
    assert!(files.len() >= 10);
    for path in files {
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let first = text.lines().next().unwrap_or("");
        assert!(
            first.starts_with("# yaml-language-server: $schema=")
                && first.ends_with("generated/schema/contract-format.schema.json"),
            "{} lacks the schema line",
            path.display()
        );
        let value: serde_json::Value =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            path.display(),
            errors.join("\n")
        );
    }
}

#[test]
fn the_format_schema_rejects_what_the_loader_rejects() {
    let schema: serde_json::Value =
        serde_json::from_str(&generate::contract_format_schema()).unwrap_or_default();
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    let rejected = [
        r#"{"record": {"id": "x", "lable": "typo", "fields": {}}}"#,
        r#"{"database": {"id": "x"}}"#,
        r#"{"record": {"id": "x", "label": {"vi": "a", "fr": "b"}, "fields": {}}}"#,
        r#"{"contract": {"id": "x", "method": "FETCH"}}"#,
        r#"{"owner": {"id": "x", "name": "Bộ"}}"#,
        r#"{"database": {"id": "x", "owner": "y", "name": "n", "legal": "13.3", "access": "a", "attributes": {"A": {"label": "a", "kind": "string"}}}}"#,
        r#"{"reuse": {"id": "x", "owner": "y", "procedure": "1.000001", "procedure-name": "p", "components": {"c": {"name": "n", "replaced-by": ["d/A"], "decision": "4", "from": "2026-01-01", "since": "2026"}}}}"#,
    ];
    for document in rejected {
        let value: serde_json::Value = serde_json::from_str(document).unwrap_or_default();
        assert!(!validator.is_valid(&value), "accepted: {document}");
    }
}

#[test]
fn the_circular_has_its_167_provisions_in_29_data_groups() {
    let registry = bundled();
    let circular = &registry.legal_sources["circular-04-2025"];
    assert_eq!(circular.enumerated_provisions().len(), 167);
    let groups = circular.data_group_count();
    assert_eq!(groups, 29);
    // The draft numbers two points of 10.1 as "p)"; the second is q.
    let path: Vec<String> = ["10", "1", "q"].map(String::from).to_vec();
    assert!(circular.provision_text(&path).is_some());
}

#[test]
fn dossier_status_codes_follow_the_wire_not_the_letter_order() {
    let registry = bundled();
    let catalogue = &registry.catalogues["dossier-status"];
    let mapping: Vec<(String, String)> = catalogue
        .codes
        .iter()
        .map(|c| {
            (
                c.code.clone(),
                c.legal
                    .iter()
                    .map(|l| l.provision())
                    .collect::<Vec<_>>()
                    .join(","),
            )
        })
        .collect();
    let expected = [
        ("1", "7.3.a"),
        ("2", "7.3.b"),
        ("3", "7.3.c"),
        ("4", "7.3.d"),
        ("5", "7.3.đ"),
        ("6", "7.3.e"),
        ("7", "7.3.h"),
        ("8", "7.3.g"),
        ("9", "7.3.i"),
        ("10", "7.3.k"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect();
    assert_eq!(mapping, expected);
}

#[test]
fn dossier_sync_implements_every_point_of_10_1() {
    let registry = bundled();
    let circular = &registry.legal_sources["circular-04-2025"];
    let clause = circular
        .article("10")
        .and_then(|a| a.clause("1"))
        .unwrap_or_else(|| panic!("no 10.1"));
    for point in &clause.points {
        let path = vec!["10".to_owned(), "1".to_owned(), point.letter.clone()];
        let citing: Vec<String> = contracts_core::coverage::elements(&registry)
            .into_iter()
            .filter(|e| e.legal.iter().any(|l| l.path == path))
            .map(|e| e.name)
            .collect();
        assert!(
            !citing.is_empty(),
            "10.1.{} is implemented by no field",
            point.letter
        );
    }
    let contract = &registry.contracts["dossier-sync"];
    assert_eq!(contract.operation, "DongBoHoSoMC");
    let data = contract
        .request
        .fields
        .iter()
        .find(|f| f.wire_name == "data")
        .unwrap_or_else(|| panic!("no data"));
    assert_eq!(data.ty, FieldType::Record("dossier".to_owned()));
    assert!(data.list.is_some());
}

#[test]
fn wire_names_of_the_dossier_are_those_systems_already_send() {
    let registry = bundled();
    let dossier = &registry.records["dossier"];
    for wire in [
        "MaHoSo",
        "MaTTHC",
        "TrangThaiHoSo",
        "NgayTiepNhan",
        "TaiLieuNop",
        "DanhSachLePhi",
        "DanhSachGiayToKetQua",
    ] {
        assert!(
            dossier.fields.iter().any(|f| f.wire_name == wire),
            "{wire} missing"
        );
    }
}

#[test]
fn the_readme_documents_every_diagnostic_code_and_limit() {
    let readme = fs::read_to_string(workspace_root().join("README.md")).unwrap_or_default();
    for code in contracts_core::diagnostic::Code::ALL {
        let row = format!(
            "| `{}` | {} | {} |",
            code.as_str(),
            code.severity().as_str(),
            code.summary()
        );
        assert!(readme.contains(&row), "README lacks the row: {row}");
    }
    for variable in contracts_core::limits::ENV_VARS {
        assert!(readme.contains(variable), "README lacks {variable}");
    }
}

#[test]
fn every_database_of_appendix_ii_is_described_and_every_element_has_an_owner() {
    let (registry, diagnostics) = check_project(&workspace_root());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let rows = &registry.catalogues["national-data-service"].codes;
    assert_eq!(rows.len(), 24);
    for row in rows {
        let described = registry
            .databases
            .values()
            .filter(|d| d.ndxp.as_deref() == Some(row.code.as_str()))
            .count();
        assert_eq!(described, 1, "Appendix II row {}", row.code);
    }
    assert!(registry.catalogues.values().all(|c| c.owner.is_some()));
    assert!(registry.records.values().all(|r| r.owner.is_some()));
    assert!(registry.contracts.values().all(|c| c.owner.is_some()));
    for (id, minimum) in [
        ("national-population", 15),
        ("national-business-registration", 13),
    ] {
        assert!(registry.databases[id].attributes.len() >= minimum, "{id}");
    }
    // Unconfirmed content says so.
    assert_eq!(
        registry.databases["national-business-registration"].status,
        contracts_core::model::Status::Proposal
    );
    assert!(
        registry
            .owners
            .values()
            .all(|o| o.code.is_some() || o.status == contracts_core::model::Status::Proposal)
    );
    let replaced = contracts_core::reuse::rows(&registry, &Default::default());
    let components: Vec<&str> = replaced.iter().map(|r| r.component.id.as_str()).collect();
    assert!(components.contains(&"identity-card-copy"));
    assert!(components.contains(&"business-registration-certificate-copy"));
    let prefilled = registry.contracts["sso-citizen"]
        .response
        .fields
        .iter()
        .filter(|f| f.prefill.is_some())
        .count();
    assert!(prefilled >= 4);
}
