//! Data groups (`groups:` in registry.yaml): each contract belongs to the group that covers its first legal
//! reference most precisely, or to the one it names; what does not hold together is reported at its place; the
//! OpenAPI documents tag operations by group and the Postman collection has a folder per group.

use contracts_core::generate;
use contracts_tests::base::{self, Files, REGISTRY, SYNC, replace};
use contracts_tests::location;
use serde_json::Value;

/// The last line of the base registry, after which the cases add `groups:`.
const LAST: &str = "      label: {vi: \"Khóa\", en: \"Key\"}\n";

struct Case {
    name: &'static str,
    /// The `groups:` block of registry.yaml (empty: none).
    groups: &'static str,
    /// (file, text to replace, replacement).
    edits: &'static [(&'static str, &'static str, &'static str)],
    /// The group of `sync` and of `lookup`.
    expect_groups: [Option<&'static str>; 2],
    /// `severity code file:line:column` of every error.
    expect: &'static [&'static str],
}

const TWO: &str = "  groups:\n    dossiers:\n      title: {vi: \"Hồ sơ\", en: \"Dossiers\"}\n      covers: [\"10\"]\n    sync-only:\n      title: {vi: \"Đồng bộ\", en: \"Synchronisation\"}\n      covers: [\"10.1\"]\n";

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "no groups: no group, no finding",
            groups: "",
            edits: &[],
            expect_groups: [None, None],
            expect: &[],
        },
        Case {
            name: "an article covers both contracts",
            groups: "  groups:\n    dossiers:\n      title: {vi: \"Hồ sơ\", en: \"Dossiers\"}\n      covers: [\"10\"]\n",
            edits: &[],
            expect_groups: [Some("dossiers"), Some("dossiers")],
            expect: &[],
        },
        Case {
            name: "the most precise provision wins",
            groups: TWO,
            edits: &[],
            expect_groups: [Some("sync-only"), Some("dossiers")],
            expect: &[],
        },
        Case {
            name: "a contract names its group",
            groups: TWO,
            edits: &[(
                SYNC,
                "  legal: \"10.1\"\n",
                "  legal: \"10.1\"\n  group: dossiers\n",
            )],
            expect_groups: [Some("dossiers"), Some("dossiers")],
            expect: &[],
        },
        Case {
            name: "a contract names a group that does not exist",
            groups: TWO,
            edits: &[(
                SYNC,
                "  legal: \"10.1\"\n",
                "  legal: \"10.1\"\n  group: nope\n",
            )],
            expect_groups: [None, Some("dossiers")],
            expect: &["error unknown-reference contracts/contracts/sync.yaml:7:10"],
        },
        Case {
            name: "no group covers a contract",
            groups: "  groups:\n    lookups:\n      title: {vi: \"Tra cứu\", en: \"Lookups\"}\n      covers: [\"10.2\"]\n",
            edits: &[],
            expect_groups: [None, Some("lookups")],
            expect: &["error missing-group contracts/contracts/sync.yaml:2:7"],
        },
        Case {
            name: "two groups cover the same provision",
            groups: "  groups:\n    a:\n      title: {vi: \"A\", en: \"A\"}\n      covers: [\"10\"]\n    b:\n      title: {vi: \"B\", en: \"B\"}\n      covers: [\"10.2\", \"10\"]\n",
            edits: &[],
            expect_groups: [Some("a"), Some("b")],
            expect: &["error invalid-value contracts/registry.yaml:26:24"],
        },
        Case {
            name: "a group id that is not an id, and a provision that does not exist",
            groups: "  groups:\n    Bad_Id:\n      title: {vi: \"A\", en: \"A\"}\n      covers: [\"10\"]\n    good:\n      title: {vi: \"B\", en: \"B\"}\n      covers: [\"10\", \"99\"]\n",
            edits: &[],
            expect_groups: [Some("good"), Some("good")],
            expect: &[
                "error invalid-id contracts/registry.yaml:21:5",
                "error unknown-provision contracts/registry.yaml:26:22",
            ],
        },
        Case {
            name: "a group that covers nothing",
            groups: "  groups:\n    empty:\n      title: {vi: \"A\", en: \"A\"}\n      covers: []\n    all:\n      title: {vi: \"B\", en: \"B\"}\n      covers: decree\n",
            edits: &[(SYNC, "  legal: \"10.1\"\n", "  legal: \"decree\"\n")],
            expect_groups: [Some("all"), None],
            expect: &[
                "error missing-group contracts/contracts/lookup.yaml:2:7",
                "error invalid-legal-ref contracts/registry.yaml:22:7",
            ],
        },
    ]
}

fn files(case: &Case) -> Files {
    let mut files = base::files();
    let last = format!("{LAST}{}", case.groups);
    replace(&mut files, REGISTRY, LAST, &last);
    for (file, from, to) in case.edits {
        replace(&mut files, file, from, to);
    }
    files
}

#[test]
fn each_contract_gets_its_group_and_each_mistake_is_reported_at_its_place() {
    let mut wrong = Vec::new();
    for case in cases() {
        let (registry, diagnostics) = base::load(&files(&case));
        let found: Vec<String> = diagnostics
            .iter()
            .map(|d| location(&registry, d))
            .filter(|f| f.starts_with("error"))
            .collect();
        if found != case.expect {
            wrong.push(format!("{}: found {found:?}", case.name));
        }
        let groups = ["sync", "lookup"]
            .map(|id| registry.contracts.get(id).and_then(|c| c.group.as_deref()));
        if groups != case.expect_groups {
            wrong.push(format!("{}: groups {groups:?}", case.name));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_missing_group_says_how_to_fix_it() {
    let case = &cases()[5];
    let (registry, diagnostics) = base::load(&files(case));
    let rendered = diagnostics.render(&registry.sources, &annotate_snippets::Renderer::plain());
    assert!(
        rendered.contains("add `group: <id>` to the contract, or `10.1` to a group's `covers:`")
            && rendered.contains("(declared: lookups)"),
        "{rendered}"
    );
}

fn json_of(outputs: &generate::Outputs, name: &str) -> Value {
    let bytes = outputs
        .get(name)
        .unwrap_or_else(|| panic!("no output {name}"));
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn operations_are_tagged_and_collected_by_group() {
    let (registry, diagnostics) = base::load(&files(&cases()[2]));
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let outputs = generate::outputs(&registry);
    let document = json_of(&outputs, "openapi/registry.openapi.json");
    let tags: Vec<(&str, &str)> = document["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            (
                t["name"].as_str().unwrap_or_default(),
                t["x-displayName"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    // In the order registry.yaml writes them, named so that generators make `SyncOnlyApi` of them.
    assert_eq!(
        tags,
        [
            ("Dossiers", "Dossiers (Hồ sơ)"),
            ("SyncOnly", "Synchronisation (Đồng bộ)")
        ]
    );
    let operation_tags: Vec<(String, Value)> = document["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .flat_map(|(_, item)| item.as_object().into_iter().flatten())
        .map(|(_, op)| (op["x-contract"]["id"].to_string(), op["tags"].clone()))
        .collect();
    assert_eq!(
        operation_tags,
        [
            ("\"lookup\"".to_owned(), serde_json::json!(["Dossiers"])),
            ("\"sync\"".to_owned(), serde_json::json!(["SyncOnly"])),
        ]
    );
    let collection = json_of(&outputs, generate::postman::COLLECTION);
    let folders: Vec<(&str, Vec<&str>)> = collection["item"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|folder| {
            let names = folder["item"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| i["name"].as_str())
                .collect();
            (folder["name"].as_str().unwrap_or_default(), names)
        })
        .collect();
    assert_eq!(
        folders,
        [
            ("Sign in (Đăng nhập)", vec!["Sign in: Session"]),
            ("Dossiers (Hồ sơ)", vec!["Lookup (TraCuu)"]),
            ("Synchronisation (Đồng bộ)", vec!["Sync (DongBo)"]),
        ]
    );
}
