//! Payloads as existing systems send them: the contracts accept the real shape and reject broken ones.

use std::fs;

use contracts_core::model::Registry;
use contracts_core::payload::Validator;
use contracts_tests::{check_project, fixture, workspace_root};

fn bundled() -> Registry {
    let (registry, diagnostics) = check_project(&workspace_root());
    assert!(!diagnostics.has_errors());
    registry
}

fn payload(name: &str) -> serde_json::Value {
    let text = fs::read_to_string(fixture("payloads").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_dossier_sync_as_opencps_sends_it_is_valid() {
    let registry = bundled();
    let request = &registry.contracts["dossier-sync"].request;
    let violations =
        Validator::new(&registry).object(&request.fields, &payload("dongbohosomc-opencps.json"));
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn a_broken_dossier_sync_is_rejected_with_every_violation() {
    let registry = bundled();
    let request = &registry.contracts["dossier-sync"].request;
    let violations =
        Validator::new(&registry).object(&request.fields, &payload("dongbohosomc-broken.json"));
    let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/isUpdating",
            "/data/0",
            "/data/0/NgayTiepNhan",
            "/data/0/TrangThaiHoSo",
            "/data/0/TaiLieuNop/0/IsDeleted",
            "/data/0/DanhSachLePhi/0/Gia",
            "/data/0/MaHoSoCu",
        ]
    );
    assert!(violations[1].message.contains("`MaHoSo`"));
    assert!(
        violations[3]
            .message
            .contains("not a code of catalogue `dossier-status`")
    );
}

#[test]
fn every_example_of_every_contract_is_valid() {
    let registry = bundled();
    let validator = Validator::new(&registry);
    let mut checked = 0;
    for contract in registry.contracts.values() {
        assert!(
            !contract.examples.is_empty(),
            "{} has no example",
            contract.id
        );
        for example in &contract.examples {
            for (value, payload) in [
                (&example.request, &contract.request),
                (&example.response, &contract.response),
            ] {
                if let Some(value) = value {
                    let violations = validator.object(&payload.fields, value);
                    assert!(violations.is_empty(), "{}: {violations:#?}", contract.id);
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked >= 2 * registry.contracts.len(),
        "every contract has a request and a response example"
    );
}
