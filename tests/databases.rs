//! Owners, databases, reuse declarations and pre-filled fields: one broken input per check, with the exact
//! findings (severity, code, file:line:column) and the help that says how to fix it; and the valid base.

use contracts_core::reuse::{self, Filter};
use contracts_tests::base::{
    self, Files, OWNER, PEOPLE, PERMIT, STATUS, SYNC, field, indent, replace,
};
use contracts_tests::location;

/// The base registry with the owner `own`, its database `people` and its declaration `permit`.
fn files() -> Files {
    let mut files = base::files();
    base::with_databases(&mut files);
    files
}

/// Every finding except the `missing-owner` warnings of the base's elements, which name no owner.
fn findings(files: &Files) -> Vec<(String, String)> {
    let (registry, diagnostics) = base::load(files);
    diagnostics
        .iter()
        .filter(|d| {
            let base_file = d
                .primary
                .as_ref()
                .is_some_and(|p| !registry.sources.get(p.span.file).name.contains("/owners/"));
            !(d.code.as_str() == "missing-owner" && base_file)
        })
        .map(|d| (location(&registry, d), d.help.clone().unwrap_or_default()))
        .collect()
}

struct Case {
    edit: fn(&mut Files),
    /// `severity code file:line:column`.
    expect: &'static [&'static str],
    /// A text the help of the first finding contains.
    help: &'static str,
}

fn add(files: &mut Files, path: &str, text: &str) {
    files.insert(path.to_owned(), text.to_owned());
}

fn prefill(files: &mut Files, body: &str) {
    replace(files, SYNC, "#REQUEST", &indent(&field("X", body), 6));
}

fn cases() -> Vec<Case> {
    vec![
        // Owners and folders.
        Case {
            edit: |f| {
                let text = f.remove(PEOPLE).unwrap_or_default();
                add(f, "contracts/owners/other/databases/people.yaml", &text);
                add(f, base::OTHER_OWNER, &base::owner_yaml("other"));
            },
            expect: &[
                "error owner-folder-mismatch contracts/owners/other/databases/people.yaml:3:10",
            ],
            help: "move the file to `contracts/owners/own/databases/people.yaml`, or write `owner: other`",
        },
        Case {
            edit: |f| replace(f, STATUS, "  id: status\n", "  id: status\n  owner: own\n"),
            expect: &["error owner-folder-mismatch contracts/catalogues/status.yaml:3:10"],
            help: "move the file to `contracts/owners/own/catalogues/status.yaml`",
        },
        Case {
            edit: |f| {
                let text = f.remove(OWNER).unwrap_or_default();
                add(f, "contracts/owners/own/agency.yaml", &text);
            },
            expect: &["error owner-folder-mismatch contracts/owners/own/agency.yaml:2:7"],
            help: "move this file to `contracts/owners/own/owner.yaml`",
        },
        Case {
            edit: |f| {
                let catalogue = f
                    .get(STATUS)
                    .cloned()
                    .unwrap_or_default()
                    .replace("id: status", "id: local");
                add(f, "contracts/owners/own/catalogues/local.yaml", &catalogue);
            },
            expect: &["warning missing-owner contracts/owners/own/catalogues/local.yaml:2:7"],
            help: "add `owner: own`",
        },
        Case {
            edit: |f| replace(f, PEOPLE, "owner: own", "owner: nobody"),
            expect: &[
                "error owner-folder-mismatch contracts/owners/own/databases/people.yaml:3:10",
                "error unknown-reference contracts/owners/own/databases/people.yaml:3:10",
            ],
            help: "move the file to `contracts/owners/nobody/databases/people.yaml`",
        },
        Case {
            edit: |f| replace(f, OWNER, "  code: \"000.00.00.G01\"\n", ""),
            expect: &["error missing-agency-code contracts/owners/own/owner.yaml:2:7"],
            help: "or mark the owner `status: proposal`",
        },
        Case {
            edit: |f| replace(f, OWNER, "000.00.00.G01", "G01.20"),
            expect: &["error invalid-value contracts/owners/own/owner.yaml:3:9"],
            help: "`VVV.ZZ.YY.MXX`",
        },
        Case {
            edit: |f| replace(f, OWNER, "cuc@bo.gov.vn", "cuc at bo"),
            expect: &["error invalid-value contracts/owners/own/owner.yaml:7:12"],
            help: "name@agency.gov.vn",
        },
        Case {
            edit: |f| {
                replace(
                    f,
                    OWNER,
                    "    email: \"cuc@bo.gov.vn\"\n",
                    "    url: \"javascript:alert(1)\"\n",
                )
            },
            expect: &["error invalid-value contracts/owners/own/owner.yaml:7:10"],
            help: "https://",
        },
        // Databases.
        Case {
            edit: |f| {
                replace(
                    f,
                    PEOPLE,
                    "  legal: \"10.1\"\n  services",
                    "  legal: \"10.1\"\n  ndxp: \"2\"\n  services",
                )
            },
            expect: &["error unknown-reference contracts/owners/own/databases/people.yaml:6:9"],
            help: "national-data-service",
        },
        Case {
            edit: |f| {
                let rows = f
                    .get(STATUS)
                    .cloned()
                    .unwrap_or_default()
                    .replace("id: status", "id: national-data-service");
                add(f, "contracts/catalogues/national-data-service.yaml", &rows);
                replace(
                    f,
                    PEOPLE,
                    "  legal: \"10.1\"\n  services",
                    "  legal: \"10.1\"\n  ndxp: \"9\"\n  services",
                )
            },
            expect: &["error unknown-reference contracts/owners/own/databases/people.yaml:6:9"],
            help: "row number (STT) of the database in Appendix II",
        },
        Case {
            edit: |f| {
                replace(
                    f,
                    PEOPLE,
                    "#ATTRIBUTES",
                    "    hoten:\n      label: {vi: \"Tên\", en: \"Name\"}\n",
                )
            },
            expect: &["error duplicate-wire-name contracts/owners/own/databases/people.yaml:19:5"],
            help: "without regard to case",
        },
        // Reuse declarations.
        Case {
            edit: |f| replace(f, PERMIT, "\"1.001234\"", "\"1234\""),
            expect: &["error invalid-value contracts/owners/own/reuse/permit.yaml:4:14"],
            help: "`d.dddddd`",
        },
        Case {
            edit: |f| replace(f, PERMIT, "2026-01-01", "2026-02-30"),
            expect: &["error invalid-value contracts/owners/own/reuse/permit.yaml:11:13"],
            help: "`yyyy-MM-dd`",
        },
        Case {
            edit: |f| replace(f, PERMIT, "people/HoTen]", "people/HoTenn]"),
            expect: &["error unknown-attribute contracts/owners/own/reuse/permit.yaml:9:40"],
            help: "did you mean `people/HoTen`?",
        },
        Case {
            edit: |f| replace(f, PERMIT, "[people/SoDinhDanh,", "[land/SoDinhDanh,"),
            expect: &["error unknown-reference contracts/owners/own/reuse/permit.yaml:9:21"],
            help: "owners/<owner>/databases",
        },
        Case {
            edit: |f| replace(f, PERMIT, "[people/SoDinhDanh,", "[SoDinhDanh,"),
            expect: &["error invalid-value contracts/owners/own/reuse/permit.yaml:9:21"],
            help: "`<database id>/<attribute wire name>`",
        },
        Case {
            edit: |f| replace(f, PERMIT, "[people/SoDinhDanh, people/HoTen]", "[]"),
            expect: &["error invalid-value contracts/owners/own/reuse/permit.yaml:9:20"],
            help: "list the attributes that replace it",
        },
        Case {
            edit: |f| replace(f, PERMIT, "decision: \"10.2\"", "decision: []"),
            expect: &["error invalid-legal-ref contracts/owners/own/reuse/permit.yaml:7:5"],
            help: "resolution-66-7-2025:4",
        },
        Case {
            edit: |f| replace(f, PERMIT, "    id-copy:", "    Id_Copy:"),
            expect: &["error invalid-id contracts/owners/own/reuse/permit.yaml:7:5"],
            help: "identity-card-copy",
        },
        Case {
            edit: |f| {
                let again = base::PERMIT_YAML.replace("id: permit", "id: permit-again");
                add(f, "contracts/owners/own/reuse/permit-again.yaml", &again);
            },
            expect: &["error duplicate-id contracts/owners/own/reuse/permit-again.yaml:2:7"],
            help: "in one declaration",
        },
        // Fields pre-filled from attributes (Art. 14).
        Case {
            edit: |f| prefill(f, "prefill: people/HoTenn"),
            expect: &["error unknown-attribute contracts/contracts/sync.yaml:32:18"],
            help: "did you mean `people/HoTen`?",
        },
        Case {
            edit: |f| prefill(f, "type: integer\nprefill: people/HoTen"),
            expect: &["error prefill-mismatch contracts/contracts/sync.yaml:33:18"],
            help: "same type",
        },
        Case {
            edit: |f| prefill(f, "list: true\nprefill: people/HoTen"),
            expect: &["error prefill-mismatch contracts/contracts/sync.yaml:33:18"],
            help: "same type",
        },
        Case {
            edit: |f| prefill(f, "max-length: 50\nprefill: people/HoTen"),
            expect: &["error prefill-mismatch contracts/contracts/sync.yaml:33:18"],
            help: "same type",
        },
    ]
}

#[test]
fn the_base_with_databases_is_valid() {
    assert_eq!(findings(&files()), Vec::<(String, String)>::new());
}

#[test]
fn every_check_reports_where_what_and_how_to_fix() {
    let mut failures = Vec::new();
    for (index, case) in cases().iter().enumerate() {
        let mut files = files();
        (case.edit)(&mut files);
        let found = findings(&files);
        let got: Vec<&str> = found.iter().map(|(at, _)| at.as_str()).collect();
        if got != case.expect {
            failures.push(format!(
                "case {index}: expected {:#?}\nfound {got:#?}",
                case.expect
            ));
        } else if !found[0].1.contains(case.help) {
            failures.push(format!(
                "case {index}: help {:?} lacks {:?}",
                found[0].1, case.help
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_model_holds_owners_databases_and_reuse() {
    let (registry, _) = base::load(&files());
    let people = &registry.databases["people"];
    assert_eq!(people.owner, "own");
    assert_eq!(people.services[0].operation, "TraCuu");
    let names: Vec<&str> = people
        .attributes
        .iter()
        .map(|a| a.wire_name.as_str())
        .collect();
    assert_eq!(names, ["SoDinhDanh", "HoTen"]);
    assert_eq!(people.attributes[0].constraints.max_length, Some(12));
    let permit = &registry.reuses["permit"];
    assert_eq!(permit.procedure, "1.001234");
    let replaced: Vec<String> = permit.components[0]
        .replaced_by
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(replaced, ["people/SoDinhDanh", "people/HoTen"]);
    assert_eq!(
        registry.owners["own"].code.as_deref(),
        Some("000.00.00.G01")
    );
    assert_eq!(
        registry.owner_of("reuse", "permit").map(|o| o.id.as_str()),
        Some("own")
    );
}

#[test]
fn the_reuse_list_by_procedure_and_by_database() {
    let mut files = files();
    replace(
        &mut files,
        PEOPLE,
        "#ATTRIBUTES",
        "    NoiO:\n      label: {vi: \"Nơi ở\", en: \"Residence\"}\n      legal: \"10.1\"\n",
    );
    replace(
        &mut files,
        PERMIT,
        "#COMPONENTS",
        "    residence-copy:\n      name: {vi: \"Giấy tờ \\\"cư trú\\\", bản sao\", en: \"Residence paper\"}\n      replaced-by: [people/NoiO]\n      decision: \"10.2\"\n      from: \"2026-02-01\"\n",
    );
    let (registry, diagnostics) = base::load(&files);
    assert!(!diagnostics.has_errors());
    let all = reuse::rows(&registry, &Filter::default());
    assert_eq!(all.len(), 2);
    let none = reuse::rows(
        &registry,
        &Filter {
            procedure: Some("1.999999".to_owned()),
            database: None,
        },
    );
    assert!(none.is_empty());
    assert_eq!(
        reuse::to_text(&registry, &none),
        "no dossier component is replaced\n"
    );
    let text = reuse::to_text(&registry, &all);
    assert!(
        text.starts_with("1.001234  Cấp phép\n  Permit; owner: Bộ own (own)\n"),
        "{text}"
    );
    assert!(
        text.contains("replaced by people: SoDinhDanh, HoTen\n    from 2026-01-01 under 10.2"),
        "{text}"
    );
    let csv = reuse::to_csv(&registry, &all);
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\"procedure\",\"procedure_name_vi\",\"procedure_name_en\",\"component\",\"component_name_vi\",\"component_name_en\",\"database\",\"database_name_vi\",\"database_name_en\",\"attributes\",\"decision\",\"from\",\"owner\",\"status\""
    );
    assert_eq!(
        lines[2],
        "\"1.001234\",\"Cấp phép\",\"Permit\",\"residence-copy\",\"Giấy tờ \"\"cư trú\"\", bản sao\",\"Residence paper\",\"people\",\"Dân cư\",\"People\",\"NoiO\",\"10.2\",\"2026-02-01\",\"own\",\"active\""
    );
    let json: serde_json::Value =
        serde_json::from_str(&reuse::to_json(&registry, &all)).unwrap_or_default();
    assert_eq!(
        json["replaced-components"][0]["attributes"][1]["attribute"],
        "HoTen"
    );
    assert_eq!(
        json["replaced-components"][0]["attributes"][1]["label"]["en"],
        "Name"
    );
    assert_eq!(
        json["replaced-components"][1]["component"],
        "residence-copy"
    );
}
