//! Provenance: each field, code, operation and owner says where it comes from (the Circular, another legal text,
//! a source of today's wire, or a proposal and who must confirm it); `check` refuses what does not hold together,
//! coverage counts only stated facts, the outputs and `validate --strict-legal` carry it.

use annotate_snippets::Renderer;
use contracts_core::coverage::coverage;
use contracts_core::payload::Validator;
use contracts_tests::base::{self, CIRC, Files, LOOKUP, REGISTRY, STATUS, SYNC, replace};
use contracts_tests::{check_project, fixture, location};

struct Case {
    name: &'static str,
    /// Whether the registry declares the wire source `S1`.
    wire_sources: bool,
    /// (file, text to replace, replacement).
    edits: &'static [(&'static str, &'static str, &'static str)],
    /// `severity code file:line:column` of every finding.
    expect: &'static [&'static str],
}

const WIRE_SOURCES: &str = "      label: {vi: \"Khóa\", en: \"Key\"}\n  wire-sources:\n    S1:\n      label: {vi: \"Nguồn 1\", en: \"Source 1\"}\n      location: \"https://example.org/s1\"\n";
const SCHEMES: &str = "      label: {vi: \"Khóa\", en: \"Key\"}\n  signature-schemes:\n    jws:\n      status: proposal\n      label: {vi: \"JWS\", en: \"JWS\"}\n      algorithm: ES256\n      canonical-form: {vi: \"RFC 8785\", en: \"RFC 8785\"}\n      signature-in: {vi: \"Tiêu đề\", en: \"Header\"}\n      certificate-in: {vi: \"x5c\", en: \"x5c\"}\n";
const SEEN: &str = "  operation: DongBo\n  provenance:\n    wire: [S1]\n";
const LOOKUP_PROPOSAL: &str = "  version: 1.0.0\n  status: proposal\n  title: {vi: \"Tra cứu\"";

fn files(case: &Case) -> Files {
    let mut files = base::files();
    if case.wire_sources {
        replace(
            &mut files,
            REGISTRY,
            "      label: {vi: \"Khóa\", en: \"Key\"}\n",
            WIRE_SOURCES,
        );
    }
    for (file, from, to) in case.edits {
        replace(&mut files, file, from, to);
    }
    files
}

fn findings(files: &Files) -> Vec<String> {
    let (registry, diagnostics) = base::load(files);
    diagnostics.iter().map(|d| location(&registry, d)).collect()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "operations seen on the wire and a proposal are accepted",
            wire_sources: true,
            edits: &[
                (SYNC, "  operation: DongBo\n", SEEN),
                (
                    LOOKUP,
                    "  version: 1.0.0\n  title: {vi: \"Tra cứu\"",
                    LOOKUP_PROPOSAL,
                ),
            ],
            expect: &[],
        },
        Case {
            name: "a registry without wire sources does not ask for precedents",
            wire_sources: false,
            edits: &[],
            expect: &[],
        },
        Case {
            name: "an active contract needs a precedent once the registry records wire sources",
            wire_sources: true,
            edits: &[(
                LOOKUP,
                "  version: 1.0.0\n  title: {vi: \"Tra cứu\"",
                LOOKUP_PROPOSAL,
            )],
            expect: &["error active-without-precedent contracts/contracts/sync.yaml:10:14"],
        },
        Case {
            name: "an analogue on the wire is no precedent",
            wire_sources: true,
            edits: &[
                (
                    SYNC,
                    "  operation: DongBo\n",
                    "  operation: DongBo\n  provenance:\n    wire: [S1]\n    inferred: [wire]\n",
                ),
                (
                    LOOKUP,
                    "  version: 1.0.0\n  title: {vi: \"Tra cứu\"",
                    LOOKUP_PROPOSAL,
                ),
            ],
            expect: &["error active-without-precedent contracts/contracts/sync.yaml:12:5"],
        },
        Case {
            name: "an undeclared wire source",
            wire_sources: true,
            edits: &[
                (
                    SYNC,
                    "  operation: DongBo\n",
                    "  operation: DongBo\n  provenance:\n    wire: [S1, S9]\n",
                ),
                (
                    LOOKUP,
                    "  version: 1.0.0\n  title: {vi: \"Tra cứu\"",
                    LOOKUP_PROPOSAL,
                ),
            ],
            expect: &["error unknown-reference contracts/contracts/sync.yaml:12:16"],
        },
        Case {
            name: "a wire source in a registry that declares none",
            wire_sources: false,
            edits: &[(SYNC, "  operation: DongBo\n", SEEN)],
            expect: &["error unknown-reference contracts/contracts/sync.yaml:12:12"],
        },
        Case {
            name: "an inferred legal link on a field that cites nothing",
            wire_sources: false,
            edits: &[(
                SYNC,
                "#REQUEST",
                "      Moi:\n        label: {vi: \"Mới\", en: \"New\"}\n        provenance: {inferred: [legal]}\n#REQUEST",
            )],
            expect: &["error provenance-mismatch contracts/contracts/sync.yaml:31:33"],
        },
        Case {
            name: "an inferred wire link without wire sources, and a link listed twice",
            wire_sources: false,
            edits: &[(
                SYNC,
                "#REQUEST",
                "      Moi:\n        label: {vi: \"Mới\", en: \"New\"}\n        legal: 10.1.a\n        provenance: {inferred: [legal, wire, legal]}\n#REQUEST",
            )],
            expect: &[
                "error provenance-mismatch contracts/contracts/sync.yaml:32:40",
                "error provenance-mismatch contracts/contracts/sync.yaml:32:46",
            ],
        },
        Case {
            name: "an inferred link that is not a word of the format",
            wire_sources: false,
            edits: &[(
                SYNC,
                "#REQUEST",
                "      Moi:\n        label: {vi: \"Mới\", en: \"New\"}\n        legal: 10.1.a\n        provenance: {inferred: [guess]}\n#REQUEST",
            )],
            expect: &["error invalid-shape contracts/contracts/sync.yaml:32:33"],
        },
        Case {
            name: "nothing to confirm on an active field that infers nothing",
            wire_sources: false,
            edits: &[(
                SYNC,
                "#REQUEST",
                "      Moi:\n        label: {vi: \"Mới\", en: \"New\"}\n        legal: 10.1.a\n        provenance: {confirm-by: own}\n#REQUEST",
            )],
            expect: &["error provenance-mismatch contracts/contracts/sync.yaml:32:34"],
        },
        Case {
            name: "a proposal to be confirmed by an owner that does not exist",
            wire_sources: false,
            edits: &[(
                SYNC,
                "#REQUEST",
                "      Moi:\n        label: {vi: \"Mới\", en: \"New\"}\n        legal: 10.1.a\n        status: proposal\n        provenance: {confirm-by: nobody}\n#REQUEST",
            )],
            expect: &["error unknown-reference contracts/contracts/sync.yaml:33:34"],
        },
        Case {
            name: "a code deprecated through its status",
            wire_sources: false,
            edits: &[(
                STATUS,
                "      legal: 10.1.b\n",
                "      legal: 10.1.b\n      status: deprecated\n",
            )],
            expect: &["error invalid-value contracts/catalogues/status.yaml:15:15"],
        },
        Case {
            name: "a signature scheme that is not declared",
            wire_sources: false,
            edits: &[
                (
                    REGISTRY,
                    "      label: {vi: \"Khóa\", en: \"Key\"}\n",
                    SCHEMES,
                ),
                (
                    SYNC,
                    "  auth: session\n",
                    "  auth: session\n  signature: required\n  signature-scheme: jwt\n",
                ),
            ],
            expect: &["error unknown-reference contracts/contracts/sync.yaml:15:21"],
        },
        Case {
            name: "a required signature that names no scheme",
            wire_sources: false,
            edits: &[
                (
                    REGISTRY,
                    "      label: {vi: \"Khóa\", en: \"Key\"}\n",
                    SCHEMES,
                ),
                (
                    SYNC,
                    "  auth: session\n",
                    "  auth: session\n  signature: required\n",
                ),
            ],
            expect: &["error unknown-reference contracts/contracts/sync.yaml:2:7"],
        },
        Case {
            name: "a required signature with its scheme",
            wire_sources: false,
            edits: &[
                (
                    REGISTRY,
                    "      label: {vi: \"Khóa\", en: \"Key\"}\n",
                    SCHEMES,
                ),
                (
                    SYNC,
                    "  auth: session\n",
                    "  auth: session\n  signature: required\n  signature-scheme: jws\n",
                ),
            ],
            expect: &[],
        },
        Case {
            name: "corrections keep the original words, of a provision that exists",
            wire_sources: false,
            edits: &[(
                CIRC,
                "          text: {vi: \"Khoản 2\", en: \"Clause 2\"}\n",
                "          text: {vi: \"Khoản 2\", en: \"Clause 2\"}\n  corrections:\n    \"10.1.a\":\n      original: \"Điểm\"\n      corrected: \"Điểm.\"\n      reason: {vi: \"Thiếu dấu\", en: \"Missing stop\"}\n    \"10.1.b\":\n      original: \"Điểm x\"\n      corrected: \"Điểm b\"\n      reason: {vi: \"Sai\", en: \"Wrong\"}\n    \"10.9\":\n      original: \"Khoản\"\n      corrected: \"Khoản 9\"\n      reason: {vi: \"Sai\", en: \"Wrong\"}\n",
            )],
            expect: &[
                "error invalid-value contracts/legal/circ.yaml:23:17",
                "error unknown-provision contracts/legal/circ.yaml:26:5",
            ],
        },
        Case {
            name: "required by law without a provision",
            wire_sources: false,
            edits: &[(
                SYNC,
                "#REQUEST",
                "      Moi:\n        label: {vi: \"Mới\", en: \"New\"}\n        required-by-law: true\n#REQUEST",
            )],
            expect: &["error provenance-mismatch contracts/contracts/sync.yaml:31:26"],
        },
    ]
}

#[test]
fn each_bad_provenance_is_reported_at_its_place() {
    let mut wrong = Vec::new();
    for case in cases() {
        let found = findings(&files(&case));
        let found: Vec<&str> = found
            .iter()
            .map(String::as_str)
            .filter(|f| !f.starts_with("warning"))
            .collect();
        if found != case.expect {
            wrong.push(format!("{}: found {found:?}", case.name));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_broken_fixture_renders_each_finding_with_its_fix() {
    let (registry, diagnostics) = check_project(&fixture("provenance"));
    insta::assert_snapshot!(diagnostics.render(&registry.sources, &Renderer::plain()));
}

/// The base registry with a proposed code, an inferred citation and a proposed contract.
fn marked() -> Files {
    let mut files = base::files();
    replace(
        &mut files,
        STATUS,
        "      legal: 10.1.a\n",
        "      legal: 10.1.a\n      status: proposal\n",
    );
    replace(
        &mut files,
        SYNC,
        "        catalogue: status\n        legal: 10.1.b\n",
        "        catalogue: status\n        legal: 10.1.b\n        provenance: {inferred: [legal]}\n",
    );
    replace(
        &mut files,
        LOOKUP,
        "  version: 1.0.0\n  title: {vi: \"Tra cứu\"",
        LOOKUP_PROPOSAL,
    );
    replace(
        &mut files,
        SYNC,
        "#REQUEST",
        "      Kenh:\n        label: {vi: \"Kênh\", en: \"Channel\"}\n        legal: 10.1.a\n        required-by-law: true\n#REQUEST",
    );
    files
}

#[test]
fn coverage_counts_stated_facts_apart_from_proposals() {
    let (registry, diagnostics) = base::load(&marked());
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let matrix = coverage(&registry).unwrap_or_else(|| panic!("no primary source"));
    let fact = |name: &str| {
        matrix
            .elements
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.fact)
    };
    assert_eq!(
        fact("catalogue status code 1"),
        Some(false),
        "proposed code"
    );
    assert_eq!(fact("catalogue status code 2"), Some(true));
    assert_eq!(
        fact("contract sync request TrangThai"),
        Some(false),
        "inferred citation"
    );
    assert_eq!(fact("contract sync request Loai"), None);
    assert_eq!(fact("contract sync response Loai"), Some(true));
    assert_eq!(
        fact("contract lookup request q"),
        Some(false),
        "field of a proposed contract"
    );
    assert_eq!(
        matrix.covered_by_facts() + matrix.covered_only_by_proposals(),
        matrix.covered()
    );
    assert!(
        matrix
            .summary()
            .contains("covered by stated facts, 0 only by proposals")
            || matrix.summary().contains("only by proposals"),
        "{}",
        matrix.summary()
    );
    let json = matrix.to_json();
    assert_eq!(json["covered-by-facts"], matrix.covered_by_facts());
    assert!(matrix.render(false).contains("(proposal)"));
}

#[test]
fn strict_legal_validation_requires_what_the_law_requires() {
    let (registry, diagnostics) = base::load(&marked());
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let request = &registry.contracts["sync"].request;
    let payload = serde_json::json!({"session": "s"});
    let lenient = Validator::new(&registry).payload(request, &payload);
    assert!(lenient.is_empty(), "{lenient:?}");
    let strict = Validator::new(&registry)
        .with_strict_legal(true)
        .payload(request, &payload);
    let messages: Vec<&str> = strict.iter().map(|v| v.message.as_str()).collect();
    assert_eq!(
        messages,
        ["required field `Kenh` is missing (required by law: 10.1.a; optional on today's wire)"]
    );
}

#[test]
fn outputs_show_provenance_and_proposals() {
    let (registry, diagnostics) = base::load(&marked());
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let outputs = contracts_core::generate::outputs(&registry);
    let text = |suffix: &str| {
        outputs
            .iter()
            .filter(|(path, _)| path.ends_with(suffix))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect::<String>()
    };
    // The annotations are in the OpenAPI documents (the JSON Schema files hold standard keywords only).
    let schemas = text(".openapi.json");
    assert!(schemas.contains("\"x-provenance\""), "x-provenance");
    assert!(schemas.contains("\"inferred\": [\n"), "inferred listed");
    assert!(schemas.contains("\"x-proposal-codes\""), "proposed codes");
}

#[test]
fn a_successor_names_an_owner_that_exists_and_a_date() {
    let mut files = base::files();
    base::with_databases(&mut files);
    let successor = "  successor:\n    owner: nobody\n    name: {vi: \"Bộ mới\", en: \"New ministry\"}\n    since: \"1/3/2025\"\n    basis: {vi: \"Nghị quyết\", en: \"Resolution\"}\n";
    let owner = format!("{}{successor}", base::owner_yaml("own"));
    files.insert(base::OWNER.to_owned(), owner);
    let found: Vec<String> = findings(&files)
        .into_iter()
        .filter(|f| f.starts_with("error"))
        .collect();
    assert_eq!(
        found,
        [
            "error unknown-reference contracts/owners/own/owner.yaml:9:12",
            "error invalid-value contracts/owners/own/owner.yaml:11:12",
        ]
    );
}
