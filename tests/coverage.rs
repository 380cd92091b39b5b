//! The traceability matrix: provisions implemented by fields and codes, gaps, and explained exceptions.

use contracts_core::coverage::coverage;
use contracts_tests::{check_project, fixture, workspace_root};

#[test]
fn counts_covered_explained_and_missing_provisions() {
    let (registry, diagnostics) = check_project(&fixture("coverage"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let matrix = coverage(&registry).unwrap_or_else(|| panic!("no primary source"));
    let table: Vec<(&str, Vec<&str>, bool)> = matrix
        .provisions
        .iter()
        .map(|p| {
            (
                p.reference.as_str(),
                p.implementers.iter().map(String::as_str).collect(),
                p.is_gap(),
            )
        })
        .collect();
    assert_eq!(
        table,
        [
            ("10.1.a", vec!["contract sync request MaHoSo"], false),
            ("10.1.b", vec!["catalogue status code 1"], false),
            // Citing the clause `10.1` does not implement its point c.
            ("10.1.c", vec![], true),
            // Explained by the legal source itself.
            ("12.4", vec![], false),
        ]
    );
    assert_eq!(matrix.groups, 2, "18.3 is not a data group");
    insta::assert_snapshot!(matrix.render(false));
    insta::assert_snapshot!("only_gaps", matrix.render(true));
}

#[test]
fn json_lists_gaps_for_tools() {
    let (registry, _) = check_project(&fixture("coverage"));
    let json = coverage(&registry).map(|m| m.to_json()).unwrap_or_default();
    assert_eq!(json["enumerated"], 4);
    assert_eq!(json["covered"], 2);
    assert_eq!(json["gaps"], serde_json::json!(["10.1.c"]));
    assert_eq!(
        json["provisions"][3]["uncovered-reason"]["en"],
        "Covered by Circular 01/2023/TT-VPCP Art. 27"
    );
}

#[test]
fn the_bundled_registry_covers_every_enumerated_provision() {
    let (registry, diagnostics) = check_project(&workspace_root());
    assert!(!diagnostics.has_errors());
    let matrix = coverage(&registry).unwrap_or_else(|| panic!("no primary source"));
    let circular = &registry.legal_sources["circular-04-2025"];
    let enumerated = circular.enumerated_provisions().len();
    let groups = circular.data_group_count();
    let gaps: Vec<&str> = matrix.gaps().map(|p| p.reference.as_str()).collect();
    assert!(gaps.is_empty(), "not covered: {gaps:?}");
    assert_eq!(
        matrix.covered() + matrix.provisions.iter().filter(|p| !p.is_covered()).count(),
        enumerated
    );
    assert_eq!(matrix.groups, groups);
    let (facts, proposals) = (
        matrix.covered_by_facts(),
        matrix.covered_only_by_proposals(),
    );
    assert_eq!(facts + proposals, matrix.covered());
    assert_eq!(
        matrix.summary(),
        format!(
            "{enumerated} of {enumerated} enumerated provisions of 04/2025/TT-VPCP covered, in {groups} data groups; \
             {facts} of {enumerated} covered by stated facts, {proposals} only by proposals"
        )
    );
    // Minimum data the Circular lists, that today's wire may leave out, is covered and marked so.
    let dossier = &registry.records["dossier"];
    for wire in [
        "KenhThucHien",
        "NgayHenTra",
        "DanhSachLePhi",
        "DuocThanhToanTrucTuyen",
    ] {
        let field = dossier.fields.iter().find(|f| f.wire_name == wire);
        assert!(
            field.is_some_and(|f| f.required_by_law && !f.required),
            "{wire}"
        );
    }
}

#[test]
fn database_attributes_and_replaced_components_trace_to_their_provisions() {
    let mut files = contracts_tests::base::files();
    contracts_tests::base::with_databases(&mut files);
    contracts_tests::base::replace(
        &mut files,
        contracts_tests::base::PEOPLE,
        "      max-length: 12\n      legal: \"10.1\"",
        "      max-length: 12\n      legal: 10.1.a",
    );
    let (registry, diagnostics) = contracts_tests::base::load(&files);
    assert!(!diagnostics.has_errors());
    let matrix = coverage(&registry).unwrap_or_else(|| panic!("no primary source"));
    let implementers = |reference: &str| -> Vec<String> {
        matrix
            .provisions
            .iter()
            .find(|p| p.reference == reference)
            .map(|p| p.implementers.clone())
            .unwrap_or_default()
    };
    assert!(implementers("10.1.a").contains(&"database people SoDinhDanh".to_owned()));
    assert!(implementers("10.2").contains(&"reuse permit id-copy".to_owned()));
    let names: Vec<&str> = matrix.elements.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"database people HoTen"), "{names:?}");
}
