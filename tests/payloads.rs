//! Payloads as existing systems send them: the contracts accept the real shape and reject broken ones.

use std::fs;

use contracts_core::model::Registry;
use contracts_core::payload::{Target, Validator};
use contracts_tests::{check_project, fixture, workspace_root};
use serde_json::{Value, json};

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
        Validator::new(&registry).payload(request, &payload("dongbohosomc-opencps.json"));
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn a_broken_dossier_sync_is_rejected_with_every_violation() {
    let registry = bundled();
    let request = &registry.contracts["dossier-sync"].request;
    let violations =
        Validator::new(&registry).payload(request, &payload("dongbohosomc-broken.json"));
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
                    let violations = validator.payload(payload, value);
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

/// A change to a payload that an existing system makes (wire conventions), and whether the contract accepts it.
type Traffic = (
    &'static str,
    &'static str,
    &'static str,
    fn(&mut Value),
    bool,
);

/// Real traffic from the wire conventions: the forms each contract declares are accepted, the others refused.
#[test]
fn wire_variants_are_accepted_where_the_contract_declares_them_and_only_there() {
    let registry = bundled();
    let validator = Validator::new(&registry);
    let request = payload("dongbohosomc-opencps.json");
    let answer = json!({"error_code": 0, "message": "Đồng bộ hồ sơ thành công"});
    let cases: &[Traffic] = &[
        // `""` for a value a system does not have (§0.3, §7: OpenCPS, Thanh Hóa, Hà Giang).
        (
            "dossier-sync",
            "request",
            "empty optional date",
            |v| v["data"][0]["NgayHenTra"] = json!(""),
            true,
        ),
        (
            "dossier-sync",
            "request",
            "empty optional code",
            |v| v["data"][0]["HinhThuc"] = json!(""),
            true,
        ),
        (
            "dossier-sync",
            "request",
            "empty optional e-mail",
            |v| v["data"][0]["Email"] = json!(""),
            true,
        ),
        (
            "dossier-sync",
            "request",
            "empty required date",
            |v| v["data"][0]["NgayTiepNhan"] = json!(""),
            false,
        ),
        (
            "dossier-sync",
            "request",
            "null for an optional date",
            |v| v["data"][0]["NgayTra"] = Value::Null,
            false,
        ),
        // Flags as 0/1 where `True/False` is the contract's form (Thanh Hóa, §3.1).
        (
            "dossier-sync",
            "request",
            "IsDeleted as \"1\"",
            |v| v["data"][0]["TaiLieuNop"][0]["IsDeleted"] = json!("1"),
            true,
        ),
        (
            "dossier-sync",
            "request",
            "IsDeleted as a number",
            |v| v["data"][0]["TaiLieuNop"][0]["IsDeleted"] = json!(1),
            false,
        ),
        (
            "dossier-sync",
            "request",
            "isUpdating as \"1\"",
            |v| v["isUpdating"] = json!("1"),
            false,
        ),
        // A fee type spelled as a word (Thanh Hóa payment code).
        (
            "dossier-sync",
            "request",
            "LoaiPhiLePhi \"Phi\"",
            |v| v["data"][0]["DanhSachLePhi"][0]["LoaiPhiLePhi"] = json!("Phi"),
            true,
        ),
        (
            "dossier-sync",
            "request",
            "LoaiPhiLePhi \"LePhi\"",
            |v| v["data"][0]["DanhSachLePhi"][0]["LoaiPhiLePhi"] = json!("LePhi"),
            false,
        ),
        // Amounts are strings; a JSON number is not a form the contract accepts.
        (
            "dossier-sync",
            "request",
            "Gia as a number",
            |v| v["data"][0]["DanhSachLePhi"][0]["Gia"] = json!(100000),
            false,
        ),
        // Members the contract does not define: refused in a request, ignored in a response (tolerant readers).
        (
            "dossier-sync",
            "request",
            "unknown member",
            |v| v["data"][0]["HinhThucTra"] = json!("1"),
            false,
        ),
        // `error_code` answered as a string by the adapter (§2.1).
        (
            "dossier-sync",
            "response",
            "error_code \"0\"",
            |v| v["error_code"] = json!("0"),
            true,
        ),
        (
            "dossier-sync",
            "response",
            "error_code \"00\"",
            |v| v["error_code"] = json!("00"),
            false,
        ),
        (
            "dossier-sync",
            "response",
            "error_code 0.0",
            |v| v["error_code"] = json!(0.0),
            true,
        ),
        (
            "dossier-sync",
            "response",
            "unknown member",
            |v| v["thoigian"] = json!("20260114"),
            true,
        ),
        // No traffic was seen for the PAKN exchanges: no other form is accepted.
        (
            "pakn-sync",
            "response",
            "error_code \"0\"",
            |v| v["error_code"] = json!("0"),
            false,
        ),
    ];
    for (contract, side, name, edit, accepted) in cases {
        let mut value = if *side == "request" {
            request.clone()
        } else {
            answer.clone()
        };
        edit(&mut value);
        let contract = &registry.contracts[*contract];
        let payload = if *side == "request" {
            &contract.request
        } else {
            &contract.response
        };
        let verdict = validator.value(Target::Payload(payload), &value);
        assert_eq!(
            verdict.is_valid(),
            *accepted,
            "{}: {name}: {:#?}",
            contract.id,
            verdict.violations
        );
    }
}

#[test]
fn a_key_written_twice_is_refused_with_its_pointer() {
    let registry = bundled();
    let request = &registry.contracts["dossier-sync"].request;
    let text = fs::read_to_string(fixture("payloads").join("dongbohosomc-opencps.json"))
        .unwrap_or_default();
    let doubled = text.replacen("\"data\":", "\"data\": \"not-a-list\", \"data\":", 1);
    let verdict = Validator::new(&registry).bytes(Target::Payload(request), doubled.as_bytes());
    let found: Vec<(&str, &str)> = verdict
        .violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [(
            "",
            "the key `data` appears more than once in this object; send each member once"
        )]
    );
}

#[test]
fn payloads_over_the_limits_are_refused_with_a_clear_message_and_violations_are_capped() {
    let registry = bundled();
    let request = &registry.contracts["dossier-sync"].request;
    let limits = contracts_core::payload::Limits {
        max_bytes: 100,
        max_violations: 3,
    };
    let validator = Validator::new(&registry).with_limits(limits);
    let text = fs::read_to_string(fixture("payloads").join("dongbohosomc-opencps.json"))
        .unwrap_or_default();
    let verdict = validator.bytes(Target::Payload(request), text.as_bytes());
    assert!(
        verdict.violations[0]
            .message
            .contains("more than the limit of 100"),
        "{verdict:?}"
    );
    let roomy = Validator::new(&registry).with_limits(contracts_core::payload::Limits {
        max_bytes: 1 << 20,
        max_violations: 3,
    });
    let many: Value = json!({"data": [{}, {}, {}, {}]});
    let verdict = roomy.value(Target::Payload(request), &many);
    assert_eq!(verdict.violations.len(), 3);
    assert!(verdict.truncated);
}
