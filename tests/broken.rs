//! A registry with seeded errors: every one is reported, at its file, line and column, in one run.

use annotate_snippets::Renderer;
use contracts_tests::{check_project, fixture, locations};

#[test]
fn every_seeded_error_is_reported_at_its_position() {
    let (registry, diagnostics) = check_project(&fixture("broken"));
    let expected = [
        "error invalid-id contracts/catalogues/evil.yaml:2:7",
        "error unknown-provision contracts/catalogues/status.yaml:5:10",
        "error rust-name-collision contracts/catalogues/status.yaml:10:5",
        "error invalid-version contracts/catalogues/status.yaml:13:16",
        "error unknown-reference contracts/catalogues/status.yaml:14:22",
        "error invalid-value contracts/catalogues/status.yaml:15:5",
        "error unknown-reference contracts/catalogues/status.yaml:18:9",
        "error duplicate-operation contracts/contracts/sync-again.yaml:2:7",
        "error duplicate-operation contracts/contracts/sync-again.yaml:2:7",
        "error invalid-path contracts/contracts/sync-again.yaml:11:9",
        "error unknown-provision contracts/contracts/sync.yaml:5:10",
        "error invalid-value contracts/contracts/sync.yaml:7:13",
        "error invalid-path contracts/contracts/sync.yaml:11:9",
        "error unknown-reference contracts/contracts/sync.yaml:12:9",
        "warning missing-translation contracts/contracts/sync.yaml:16:16",
        "error unknown-reference contracts/contracts/sync.yaml:21:20",
        "error conflicting-type contracts/contracts/sync.yaml:25:20",
        "error invalid-example contracts/contracts/sync.yaml:29:18",
        "error invalid-pattern contracts/contracts/sync.yaml:32:18",
        "error invalid-range contracts/contracts/sync.yaml:34:21",
        "error invalid-format contracts/contracts/sync.yaml:38:17",
        "error constraint-not-applicable contracts/contracts/sync.yaml:39:18",
        "error unknown-reference contracts/contracts/sync.yaml:40:16",
        "error invalid-example contracts/contracts/sync.yaml:52:13",
        "error invalid-example contracts/identifiers/code.yaml:5:21",
        "warning missing-translation contracts/legal/circular.yaml:11:17",
        "error invalid-value contracts/legal/circular.yaml:15:13",
        "error duplicate-key contracts/records/duplicate.yaml:4:3",
        "error record-cycle contracts/records/loop-a.yaml:5:5",
        "error invalid-shape contracts/records/misspelt.yaml:3:3",
        "error rust-keyword contracts/records/names.yaml:5:5",
        "error duplicate-wire-name contracts/records/names.yaml:9:5",
        "error rust-name-collision contracts/records/names.yaml:11:5",
        "error invalid-wire-name contracts/records/names.yaml:13:5",
        "error yaml-syntax contracts/records/syntax.yaml:4:3",
        "error invalid-version contracts/registry.yaml:3:12",
        "error invalid-value contracts/registry.yaml:4:14",
        "error unknown-reference contracts/registry.yaml:5:29",
        "error invalid-format contracts/registry.yaml:8:14",
    ];
    assert_eq!(locations(&registry, &diagnostics), expected);
}

#[test]
fn rendered_like_rustc() {
    let (registry, diagnostics) = check_project(&fixture("broken"));
    insta::assert_snapshot!(diagnostics.render(&registry.sources, &Renderer::plain()));
}

#[test]
fn json_for_tools() {
    let (registry, diagnostics) = check_project(&fixture("broken"));
    let json = diagnostics.to_json(&registry.sources);
    assert_eq!(json["errors"], 37);
    assert_eq!(json["warnings"], 2);
    let first = &json["diagnostics"][0];
    assert_eq!(first["code"], "invalid-id");
    assert_eq!(first["file"], "contracts/catalogues/evil.yaml");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(2), Some(7))
    );
    assert!(
        first["help"]
            .as_str()
            .is_some_and(|h| h.contains("lowercase"))
    );
    let collision = json["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == "duplicate-wire-name"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(collision["related"][0]["line"], 7);
}

#[test]
fn a_broken_element_does_not_hide_the_others() {
    let (registry, _) = check_project(&fixture("broken"));
    // The catalogue with errors in some codes still resolves; the invalid id does not.
    assert!(registry.catalogues.contains_key("status"));
    assert!(!registry.catalogues.keys().any(|id| id.contains('/')));
    assert!(registry.records.contains_key("loop-a"));
}
