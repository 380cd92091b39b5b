//! The bound types convert to and from the generated ones and validate against the contract.

use contracts_runtime::{Bound, Catalogue, Payload, Validate};
use example_ministry_dossiers::{DossierPush, DossierRow, Status};
use vpcp_contracts::catalogues::SubjectType;

fn push() -> DossierPush {
    DossierPush {
        session: "8c1f0e52d3a94b7c9e7a1f2b3c4d5e6f".into(),
        madonvi: "000.00.00.H56".into(),
        service: "DongBoHoSoMC".into(),
        is_updating: false.into(),
        data: vec![DossierRow {
            code: "000.00.00.H56-260114-0001".into(),
            procedure_code: "1.001234".into(),
            procedure_name: "Đăng ký khai sinh".into(),
            owner: "Nguyễn Văn A".into(),
            owner_kind: SubjectType::from_code("1"),
            received_at: "20260114091500".parse().unwrap(),
            due_at: None,
            status: Status::Received,
            handled_by: "UBND xã Quảng Phú".into(),
            internal_id: 42,
        }],
    }
}

#[test]
fn a_push_is_valid_and_names_its_contract() {
    let push = push();
    assert_eq!(push.validate(), Ok(()));
    assert_eq!(DossierPush::CONTRACT, "dossier-sync");
    assert_eq!(Status::ID, "dossier-status");
}

#[test]
fn converts_to_the_generated_type_and_back() {
    let push = push();
    let generated = push.to_generated().unwrap();
    assert_eq!(generated.data[0].ma_ho_so, "000.00.00.H56-260114-0001");
    assert_eq!(generated.data[0].trang_thai_ho_so.code(), "2");
    let back = DossierPush::from_generated(&generated).unwrap();
    let mut expected = push;
    expected.data[0].internal_id = 0;
    assert_eq!(back, expected, "everything but the skipped field survives");
}

#[test]
fn violations_point_at_the_wire_fields() {
    let mut push = push();
    push.madonvi = "H56".into();
    push.data[0].status = Status::Other("99".into());
    let violations = push.validate().unwrap_err().0;
    let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
    assert_eq!(pointers, ["/madonvi", "/madonvi", "/data/0/TrangThaiHoSo"]);
    assert_eq!(
        violations[0].message,
        "3 characters, fewer than the minimum of 13"
    );
    assert!(
        violations[2]
            .message
            .contains("`99` is not a code of catalogue `dossier-status`")
    );
}
