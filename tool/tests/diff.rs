//! Every diff rule, table-driven: a before/after pair of the small registry in `contracts_tests::base` and the
//! exact findings. Field, record and catalogue rules run mirrored, once where the element travels in a request
//! and once in a response; reordering fields, codes and files finds nothing.

use std::collections::BTreeSet;

use contracts_core::model::Registry;
use contracts_tests::base::{
    self, CIRC, CODE_ID, DECREE, DETAIL, Files, ITEM, KIND, LOOKUP, OTHER_ID, REGISTRY, SPARE,
    SPARE_CAT, STATUS, SYNC, field, indent, replace,
};
use contracts_tool::versions::comparison::{Comparison, Reduction};
use contracts_tool::versions::diff::{self, Change, Rule};
use contracts_tool::versions::history::Snapshot;

/// A registry that must check without errors.
fn checked(files: &Files) -> Registry {
    let (registry, diagnostics) = base::load(files);
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let place = d.primary.as_ref().map_or(String::new(), |p| {
                format!(
                    " at {}:{}",
                    registry.sources.get(p.span.file).name,
                    p.span.line
                )
            });
            format!("{d}{place}")
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the registry has errors:\n{}",
        errors.join("\n")
    );
    registry
}

/// `rule severity[+wire][+rust] element` for each change, sorted.
fn findings(changes: &[Change]) -> Vec<String> {
    let mut out: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{} {}{}{} {}",
                c.rule,
                c.severity,
                if c.breaks_wire { "+wire" } else { "" },
                if c.breaks_rust { "+rust" } else { "" },
                c.element
            )
        })
        .collect();
    out.sort();
    out
}

/// Every change from `before` to `after`; when only part of the registries needs comparing (as `diff` does
/// with the working tree), the part finds exactly the same changes as the whole.
fn compare(before: &Files, after: &Files) -> Vec<Change> {
    let changes = diff::compare(&checked(before), &checked(after));
    assert_the_part_finds_the_same(before, after, &changes);
    changes
}

/// Everything a change says, but the file numbers of its spans (which differ between a part and the whole).
fn described(changes: &[Change]) -> Vec<String> {
    let place = |span: &Option<contracts_core::source::Span>| span.map(|s| (s.line, s.column));
    let mut out: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                c.rule,
                c.severity,
                c.element,
                c.message,
                c.was,
                c.now,
                c.usage,
                c.owner,
                c.agency,
                place(&c.before),
                place(&c.after)
            )
        })
        .collect();
    out.sort();
    out
}

fn assert_the_part_finds_the_same(before: &Files, after: &Files, whole: &[Change]) {
    let after_registry = checked(after);
    let blobs: Vec<(String, git2::Oid)> = before
        .iter()
        .map(|(name, text)| {
            let oid = git2::Oid::hash_object(git2::ObjectType::Blob, text.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
            (name.clone(), oid)
        })
        .collect();
    let Some(reduction) = Reduction::plan(&blobs, &after_registry) else {
        return;
    };
    let part: Files = before
        .iter()
        .filter(|(name, _)| reduction.files.contains(*name))
        .map(|(name, text)| (name.clone(), text.clone()))
        .collect();
    let (registry, diagnostics) = base::load(&part);
    let part = Snapshot {
        label: "before".to_owned(),
        registry,
        diagnostics,
        is_release: false,
    };
    if !reduction.is_faithful(&part, &after_registry) {
        return;
    }
    let mut after_part = checked(after);
    reduction.apply(&mut after_part);
    let found = diff::compare(&part.registry, &after_part);
    assert_eq!(
        described(&found),
        described(whole),
        "the part of the registries ({:?}) finds other changes than the whole",
        reduction.contracts
    );
    let (before_whole, _) = base::load(before);
    let versions = |b: &Registry, a: &Registry| {
        let comparison = Comparison::between(b, a, false);
        let mut checks: Vec<String> = comparison
            .versions
            .iter()
            .map(|v| {
                format!(
                    "{} {} {} {} {:?} {} {}",
                    v.element,
                    v.kind,
                    v.before,
                    v.after,
                    v.needed,
                    v.problem.is_some(),
                    v.pending_release
                )
            })
            .collect();
        checks.sort();
        checks
    };
    assert_eq!(
        versions(&part.registry, &after_part),
        versions(&before_whole, &after_registry),
        "the part of the registries checks other versions than the whole"
    );
}

fn expected(lines: &[&str], element: &str, field: &str) -> Vec<String> {
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| l.replace("{e}", element).replace("{f}", field))
        .collect();
    out.sort();
    out
}

/// Rules each case reported, to check that every rule has a case.
fn seen(out: &mut BTreeSet<String>, findings: &[String]) {
    for finding in findings {
        if let Some(rule) = finding.split(' ').next() {
            out.insert(rule.to_owned());
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Fields: each case adds `before` then `after` where fields are written, in four places: the request and the
// response of `sync`, and the records `item` (carried in the request) and `detail` (in the response).

struct FieldCase {
    before: String,
    after: String,
    request: &'static [&'static str],
    response: &'static [&'static str],
}

fn field_case(
    before: String,
    after: String,
    request: &'static [&'static str],
    response: &'static [&'static str],
) -> FieldCase {
    FieldCase {
        before,
        after,
        request,
        response,
    }
}

/// The same field before and after, differing in `before` and `after` lines of its body.
fn changed(
    before: &str,
    after: &str,
    request: &'static [&'static str],
    response: &'static [&'static str],
) -> FieldCase {
    field_case(field("X", before), field("X", after), request, response)
}

fn field_cases() -> Vec<FieldCase> {
    vec![
        field_case(
            String::new(),
            field("New", "required: true"),
            &["field-required-added breaking+wire {e}/New"],
            &["field-required-added info {e}/New"],
        ),
        field_case(
            String::new(),
            field("New", ""),
            &["field-optional-added info {e}/New"],
            &["field-optional-added info {e}/New"],
        ),
        field_case(
            field("Old", "required: true"),
            String::new(),
            &["field-required-removed breaking+wire+rust {e}/Old"],
            &["field-required-removed breaking+wire+rust {e}/Old"],
        ),
        field_case(
            field("Old", ""),
            String::new(),
            &["field-optional-removed breaking+wire+rust {e}/Old"],
            &["field-optional-removed breaking+rust {e}/Old"],
        ),
        // Renamed on the wire, recognised by its label; its derived Rust name changes too.
        field_case(
            field("Old", "label: {vi: \"Nhãn\", en: \"Label\"}"),
            field("New", "label: {vi: \"Nhãn\", en: \"Label\"}"),
            &[
                "field-wire-name-changed breaking+wire {e}/New",
                "field-rust-name-changed breaking+rust {e}/New",
            ],
            &[
                "field-wire-name-changed breaking+wire {e}/New",
                "field-rust-name-changed breaking+rust {e}/New",
            ],
        ),
        // Renamed on the wire and relabelled, recognised by its Rust name, which stays: Rust code still builds.
        field_case(
            field("Old", "rust-name: kept"),
            field("New", "rust-name: kept"),
            &[
                "field-label-changed info {e}/New",
                "field-wire-name-changed breaking+wire {e}/New",
            ],
            &[
                "field-label-changed info {e}/New",
                "field-wire-name-changed breaking+wire {e}/New",
            ],
        ),
        changed(
            "rust-name: first",
            "rust-name: second",
            &["field-rust-name-changed breaking+rust {e}/X"],
            &["field-rust-name-changed breaking+rust {e}/X"],
        ),
        changed(
            "type: string",
            "type: date",
            &["field-type-changed breaking+wire+rust {e}/X"],
            &["field-type-changed breaking+wire+rust {e}/X"],
        ),
        changed(
            "catalogue: status",
            "catalogue: kind",
            &["field-catalogue-changed breaking+wire+rust {e}/X"],
            &["field-catalogue-changed breaking+wire+rust {e}/X"],
        ),
        changed(
            "record: spare",
            "record: detail",
            &["field-record-changed breaking+wire+rust {e}/X"],
            &["field-record-changed breaking+wire+rust {e}/X"],
        ),
        changed(
            "identifier: code-id",
            "identifier: other-id",
            &["field-identifier-changed info {e}/X"],
            &["field-identifier-changed info {e}/X"],
        ),
        // Forms readers accept besides the canonical one.
        changed(
            "type: boolean",
            "type: boolean\naccepts: [\"0/1\"]",
            &["field-accepts-added info {e}/X"],
            &["field-accepts-added warning {e}/X"],
        ),
        changed(
            "type: date\naccepts: [empty, yyyy-MM-dd]",
            "type: date\naccepts: [empty]",
            &["field-accepts-removed breaking+wire {e}/X"],
            &["field-accepts-removed info {e}/X"],
        ),
        // Another format with the same Rust type (`String`).
        changed(
            "format: text",
            "format: email",
            &["field-format-changed breaking+wire {e}/X"],
            &["field-format-changed breaking+wire {e}/X"],
        ),
        // Another format with another Rust type (`DateCompact` → `DateIso`).
        changed(
            "type: date\nformat: yyyyMMdd",
            "type: date\nformat: yyyy-MM-dd",
            &[
                "field-format-changed breaking+wire {e}/X",
                "field-rust-type-changed breaking+rust {e}/X",
            ],
            &[
                "field-format-changed breaking+wire {e}/X",
                "field-rust-type-changed breaking+rust {e}/X",
            ],
        ),
        changed(
            "",
            "required: true",
            &["field-became-required breaking+wire+rust {e}/X"],
            &["field-became-required breaking+rust {e}/X"],
        ),
        changed(
            "required: true",
            "",
            &["field-became-optional breaking+rust {e}/X"],
            &["field-became-optional breaking+wire+rust {e}/X"],
        ),
        changed(
            "",
            "list: true",
            &["field-became-list breaking+wire+rust {e}/X"],
            &["field-became-list breaking+wire+rust {e}/X"],
        ),
        changed(
            "list: true",
            "",
            &["field-became-single breaking+wire+rust {e}/X"],
            &["field-became-single breaking+wire+rust {e}/X"],
        ),
        changed(
            "list: true",
            "list: {min-items: 1}",
            &["field-min-items-raised breaking+wire {e}/X"],
            &["field-min-items-raised info {e}/X"],
        ),
        changed(
            "list: {min-items: 2}",
            "list: {min-items: 1}",
            &["field-min-items-lowered info {e}/X"],
            &["field-min-items-lowered breaking+wire {e}/X"],
        ),
        changed(
            "list: {max-items: 10}",
            "list: {max-items: 5}",
            &["field-max-items-lowered breaking+wire {e}/X"],
            &["field-max-items-lowered info {e}/X"],
        ),
        changed(
            "list: {max-items: 10}",
            "list: true",
            &["field-max-items-raised info {e}/X"],
            &["field-max-items-raised breaking+wire {e}/X"],
        ),
        changed(
            "",
            "pattern: '^A'",
            &["field-pattern-added breaking+wire {e}/X"],
            &["field-pattern-added info {e}/X"],
        ),
        changed(
            "pattern: '^A'",
            "",
            &["field-pattern-removed info {e}/X"],
            &["field-pattern-removed breaking+wire {e}/X"],
        ),
        changed(
            "pattern: '^A'",
            "pattern: '^B'",
            &["field-pattern-changed breaking+wire {e}/X"],
            &["field-pattern-changed breaking+wire {e}/X"],
        ),
        changed(
            "min-length: 1",
            "min-length: 2",
            &["field-min-length-raised breaking+wire {e}/X"],
            &["field-min-length-raised info {e}/X"],
        ),
        changed(
            "min-length: 2",
            "",
            &["field-min-length-lowered info {e}/X"],
            &["field-min-length-lowered breaking+wire {e}/X"],
        ),
        changed(
            "",
            "max-length: 20",
            &["field-max-length-lowered breaking+wire {e}/X"],
            &["field-max-length-lowered info {e}/X"],
        ),
        changed(
            "max-length: 20",
            "max-length: 40",
            &["field-max-length-raised info {e}/X"],
            &["field-max-length-raised breaking+wire {e}/X"],
        ),
        changed(
            "type: integer\nmin: 0",
            "type: integer\nmin: 1",
            &["field-minimum-raised breaking+wire {e}/X"],
            &["field-minimum-raised info {e}/X"],
        ),
        changed(
            "type: integer\nmin: 1",
            "type: integer\nmin: -5",
            &["field-minimum-lowered info {e}/X"],
            &["field-minimum-lowered breaking+wire {e}/X"],
        ),
        changed(
            "type: decimal\nmax: 10.5",
            "type: decimal\nmax: 10",
            &["field-maximum-lowered breaking+wire {e}/X"],
            &["field-maximum-lowered info {e}/X"],
        ),
        changed(
            "type: decimal\nmax: 10",
            "type: decimal",
            &["field-maximum-raised info {e}/X"],
            &["field-maximum-raised breaking+wire {e}/X"],
        ),
        changed(
            "personal-data: basic",
            "personal-data: sensitive",
            &["field-personal-data-raised warning {e}/X"],
            &["field-personal-data-raised warning {e}/X"],
        ),
        changed(
            "personal-data: organisation",
            "",
            &["field-personal-data-lowered info {e}/X"],
            &["field-personal-data-lowered info {e}/X"],
        ),
        changed(
            "status: proposal",
            "status: active",
            &["field-activated warning {e}/X"],
            &["field-activated warning {e}/X"],
        ),
        changed(
            "",
            "status: deprecated",
            &["field-deprecated warning {e}/X"],
            &["field-deprecated warning {e}/X"],
        ),
        changed(
            "",
            "status: proposal",
            &["field-status-changed warning {e}/X"],
            &["field-status-changed warning {e}/X"],
        ),
        changed(
            "label: {vi: \"Một\", en: \"One\"}",
            "label: {vi: \"Hai\", en: \"Two\"}",
            &["field-label-changed info {e}/X"],
            &["field-label-changed info {e}/X"],
        ),
        changed(
            "",
            "description: {vi: \"Mô tả\", en: \"Described\"}",
            &["field-description-changed info {e}/X"],
            &["field-description-changed info {e}/X"],
        ),
        changed(
            "example: \"a\"",
            "example: \"b\"",
            &["field-example-changed info {e}/X"],
            &["field-example-changed info {e}/X"],
        ),
        changed(
            "legal: \"10.1\"",
            "legal: [10.1.b, 10.1.a]",
            &["field-legal-changed info {e}/X"],
            &["field-legal-changed info {e}/X"],
        ),
        // The same provisions written in another order and form: no finding.
        changed(
            "legal: [10.1.a, 10.1.b]",
            "legal: [\"circ:10.1.b\", 10.1.a]",
            &[],
            &[],
        ),
    ]
}

/// Where field cases are placed: (file, marker, indentation, element, travels in a request).
const FIELD_PLACES: &[(&str, &str, usize, &str, bool)] = &[
    (SYNC, "#REQUEST", 6, "contract:sync/request", true),
    (SYNC, "#RESPONSE", 6, "contract:sync/response", false),
    (ITEM, "#FIELDS", 4, "record:item", true),
    (DETAIL, "#FIELDS", 4, "record:detail", false),
];

fn with_fields(file: &str, marker: &str, by: usize, fields: &str) -> Files {
    let mut files = base::files();
    replace(&mut files, file, marker, &indent(fields, by));
    files
}

#[test]
fn field_rules_mirrored_in_requests_and_responses_of_payloads_and_records() {
    let mut failures = Vec::new();
    for (index, case) in field_cases().iter().enumerate() {
        for &(file, marker, by, element, request) in FIELD_PLACES {
            let before = with_fields(file, marker, by, &case.before);
            let after = with_fields(file, marker, by, &case.after);
            let got = findings(&compare(&before, &after));
            let want = expected(
                if request { case.request } else { case.response },
                element,
                "",
            );
            if got != want {
                failures.push(format!(
                    "case {index} in {element}:\n  expected {want:#?}\n  found    {got:#?}\n  before:\n{}  after:\n{}",
                    case.before, case.after
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------------------
// Records and catalogues: each case edits the element; it runs on the one carried in the request and on the
// one carried in the response. `{e}` is the element, `{f}` the field of `sync` that carries the catalogue.

type Edit = fn(&mut Files, &str);

struct ElementCase {
    before: Edit,
    after: Edit,
    request: &'static [&'static str],
    response: &'static [&'static str],
}

fn none(_: &mut Files, _: &str) {}

fn record_cases() -> Vec<ElementCase> {
    vec![
        ElementCase {
            before: none,
            after: |f, p| replace(f, p, "en: \"Record", "en: \"Renamed record"),
            request: &["record-label-changed info {e}"],
            response: &["record-label-changed info {e}"],
        },
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    "  legal: \"10.1\"\n  fields:",
                    "  description: {vi: \"Mô tả\", en: \"About\"}\n  legal: \"10.1\"\n  fields:",
                )
            },
            request: &["record-description-changed info {e}"],
            response: &["record-description-changed info {e}"],
        },
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    "  legal: \"10.1\"\n  fields:",
                    "  legal: \"10.2\"\n  fields:",
                )
            },
            request: &["record-legal-changed info {e}"],
            response: &["record-legal-changed info {e}"],
        },
        ElementCase {
            before: |f, p| replace(f, p, "status: active", "status: proposal"),
            after: none,
            request: &["record-activated warning {e}"],
            response: &["record-activated warning {e}"],
        },
        ElementCase {
            before: none,
            after: |f, p| replace(f, p, "status: active", "status: deprecated"),
            request: &["record-deprecated warning {e}"],
            response: &["record-deprecated warning {e}"],
        },
        ElementCase {
            before: none,
            after: |f, p| replace(f, p, "status: active", "status: proposal"),
            request: &["record-status-changed warning {e}"],
            response: &["record-status-changed warning {e}"],
        },
    ]
}

fn catalogue_cases() -> Vec<ElementCase> {
    const NEW_CODE: &str = "  variants:\n    old:";
    vec![
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    NEW_CODE,
                    "    \"3\":\n      label: {vi: \"Hủy\", en: \"Cancelled\"}\n      legal: 10.1.b\n  variants:\n    old:",
                )
            },
            request: &["code-added info {e}/code/3"],
            response: &["code-added warning {e}/code/3"],
        },
        ElementCase {
            before: |f, p| {
                replace(
                    f,
                    p,
                    NEW_CODE,
                    "    \"3\":\n      label: {vi: \"Hủy\", en: \"Cancelled\"}\n      legal: 10.1.b\n  variants:\n    old:",
                )
            },
            after: none,
            request: &["code-removed breaking+wire+rust {e}/code/3"],
            response: &["code-removed breaking+rust {e}/code/3"],
        },
        ElementCase {
            before: none,
            after: |f, p| replace(f, p, "    \"2\":", "    \"20\":"),
            request: &["code-recoded breaking+wire {e}/code/20"],
            response: &["code-recoded breaking+wire {e}/code/20"],
        },
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    "      legal: 10.1.b\n",
                    "      legal: 10.1.b\n      rust-name: Finished\n",
                )
            },
            request: &["code-rust-name-changed breaking+rust {e}/code/2"],
            response: &["code-rust-name-changed breaking+rust {e}/code/2"],
        },
        ElementCase {
            before: |f, p| {
                replace(
                    f,
                    p,
                    "      legal: 10.1.b\n",
                    "      legal: 10.1.b\n      rust-name: Done\n",
                )
            },
            after: |f, p| {
                replace(
                    f,
                    p,
                    "      legal: 10.1.b\n",
                    "      legal: 10.1.b\n      rust-name: Done\n",
                );
                replace(
                    f,
                    p,
                    "{vi: \"Xong\", en: \"Done\"}",
                    "{vi: \"Đã xong\", en: \"Finished\"}",
                );
            },
            request: &["code-relabelled warning {e}/code/2"],
            response: &["code-relabelled warning {e}/code/2"],
        },
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    "      legal: 10.1.b\n",
                    "      legal: 10.1.b\n      description: {vi: \"Đã xử lý\", en: \"Handled\"}\n",
                )
            },
            request: &["code-description-changed info {e}/code/2"],
            response: &["code-description-changed info {e}/code/2"],
        },
        ElementCase {
            before: none,
            after: |f, p| replace(f, p, "      legal: 10.1.b\n", "      legal: 10.1.a\n"),
            request: &["code-legal-changed info {e}/code/2"],
            response: &["code-legal-changed info {e}/code/2"],
        },
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    "      legal: 10.1.b\n",
                    "      legal: 10.1.b\n      deprecated: {since: 1.0.0, replaced-by: \"1\"}\n",
                )
            },
            request: &["code-deprecated warning {e}/code/2"],
            response: &["code-deprecated warning {e}/code/2"],
        },
        ElementCase {
            before: |f, p| {
                replace(
                    f,
                    p,
                    "      legal: 10.1.b\n",
                    "      legal: 10.1.b\n      deprecated: {since: 1.0.0}\n",
                )
            },
            after: none,
            request: &["code-undeprecated info {e}/code/2"],
            response: &["code-undeprecated info {e}/code/2"],
        },
        ElementCase {
            before: |f, p| {
                replace(
                    f,
                    p,
                    "      legal: 10.1.b\n",
                    "      legal: 10.1.b\n      deprecated: {since: 1.0.0, replaced-by: \"1\"}\n",
                )
            },
            after: |f, p| {
                replace(
                    f,
                    p,
                    "      legal: 10.1.b\n",
                    "      legal: 10.1.b\n      deprecated: {since: 1.0.0}\n",
                )
            },
            request: &["code-replacement-changed warning {e}/code/2"],
            response: &["code-replacement-changed warning {e}/code/2"],
        },
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    "      legal: 10.1.b\n",
                    "      legal: 10.1.b\n      variants: {old: \"D\"}\n",
                )
            },
            request: &["code-variant-added info {e}/code/2"],
            response: &["code-variant-added info {e}/code/2"],
        },
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    "      legal: 10.1.b\n",
                    "      legal: 10.1.b\n      aliases: [\"02\"]\n",
                )
            },
            request: &["code-alias-added info {e}/code/2"],
            response: &["code-alias-added warning {e}/code/2"],
        },
        ElementCase {
            before: |f, p| {
                replace(
                    f,
                    p,
                    "      legal: 10.1.b\n",
                    "      legal: 10.1.b\n      aliases: [\"02\"]\n",
                )
            },
            after: none,
            request: &["code-alias-removed breaking+wire {e}/code/2"],
            response: &["code-alias-removed info {e}/code/2"],
        },
        ElementCase {
            before: none,
            after: |f, p| replace(f, p, "      variants: {old: \"N\"}\n", ""),
            request: &["code-variant-removed warning {e}/code/1"],
            response: &["code-variant-removed warning {e}/code/1"],
        },
        ElementCase {
            before: none,
            after: |f, p| replace(f, p, "{old: \"N\"}", "{old: \"M\"}"),
            request: &["code-variant-changed warning {e}/code/1"],
            response: &["code-variant-changed warning {e}/code/1"],
        },
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    "  variants:\n    old:",
                    "  variants:\n    new:\n      label: {vi: \"Mới\", en: \"New system\"}\n    old:",
                )
            },
            request: &["variant-system-added info {e}/variant/new"],
            response: &["variant-system-added info {e}/variant/new"],
        },
        ElementCase {
            before: none,
            after: |f, p| {
                replace(f, p, "      variants: {old: \"N\"}\n", "");
                replace(
                    f,
                    p,
                    "  variants:\n    old:\n      label: {vi: \"Hệ thống cũ\", en: \"Old system\"}\n",
                    "",
                );
            },
            request: &[
                "code-variant-removed warning {e}/code/1",
                "variant-system-removed warning {e}/variant/old",
            ],
            response: &[
                "code-variant-removed warning {e}/code/1",
                "variant-system-removed warning {e}/variant/old",
            ],
        },
        // Codes as numbers: the catalogue and the field that carries it (which follows the catalogue's format).
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    "  legal: \"10.1\"\n  codes:",
                    "  legal: \"10.1\"\n  format: number\n  codes:",
                )
            },
            request: &[
                "catalogue-format-changed breaking+wire {e}",
                "field-format-changed breaking+wire {f}",
            ],
            response: &[
                "catalogue-format-changed breaking+wire {e}",
                "field-format-changed breaking+wire {f}",
            ],
        },
        ElementCase {
            before: none,
            after: |f, p| replace(f, p, "en: \"Catalogue", "en: \"Code list"),
            request: &["catalogue-label-changed info {e}"],
            response: &["catalogue-label-changed info {e}"],
        },
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    "  legal: \"10.1\"\n  codes:",
                    "  description: {vi: \"Mô tả\", en: \"About\"}\n  legal: \"10.1\"\n  codes:",
                )
            },
            request: &["catalogue-description-changed info {e}"],
            response: &["catalogue-description-changed info {e}"],
        },
        ElementCase {
            before: none,
            after: |f, p| {
                replace(
                    f,
                    p,
                    "  legal: \"10.1\"\n  codes:",
                    "  legal: [\"10.1\", \"10.2\"]\n  codes:",
                )
            },
            request: &["catalogue-legal-changed info {e}"],
            response: &["catalogue-legal-changed info {e}"],
        },
        ElementCase {
            before: |f, p| replace(f, p, "status: active", "status: proposal"),
            after: none,
            request: &["catalogue-activated warning {e}"],
            response: &["catalogue-activated warning {e}"],
        },
        ElementCase {
            before: none,
            after: |f, p| replace(f, p, "status: active", "status: deprecated"),
            request: &["catalogue-deprecated warning {e}"],
            response: &["catalogue-deprecated warning {e}"],
        },
        ElementCase {
            before: none,
            after: |f, p| replace(f, p, "status: active", "status: proposal"),
            request: &["catalogue-status-changed warning {e}"],
            response: &["catalogue-status-changed warning {e}"],
        },
    ]
}

fn run_element_cases(cases: &[ElementCase], places: &[(&str, &str, &str, bool)]) {
    let mut failures = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        for &(file, element, field, request) in places {
            let (mut before, mut after) = (base::files(), base::files());
            (case.before)(&mut before, file);
            (case.after)(&mut after, file);
            let got = findings(&compare(&before, &after));
            let want = expected(
                if request { case.request } else { case.response },
                element,
                field,
            );
            if got != want {
                failures.push(format!(
                    "case {index} on {element}:\n  expected {want:#?}\n  found    {got:#?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn record_rules_mirrored() {
    run_element_cases(
        &record_cases(),
        &[
            (ITEM, "record:item", "", true),
            (DETAIL, "record:detail", "", false),
        ],
    );
}

#[test]
fn catalogue_rules_mirrored() {
    run_element_cases(
        &catalogue_cases(),
        &[
            (
                STATUS,
                "catalogue:status",
                "contract:sync/request/TrangThai",
                true,
            ),
            (KIND, "catalogue:kind", "contract:sync/response/Loai", false),
        ],
    );
}

// ---------------------------------------------------------------------------------------------------------
// Everything else: one before/after pair each, with the exact findings.

struct Case {
    before: fn(&mut Files),
    after: fn(&mut Files),
    expect: &'static [&'static str],
}

fn unchanged(_: &mut Files) {}

const EXTRA_CONTRACT: &str = r#"contract:
  id: extra
  version: 1.0.0
  title: {vi: "Thêm", en: "Extra"}
  legal: "10.2"
  provider: portal
  consumer: ministry-system
  channel: ndxp
  operation: Them
  method: POST
  path: /extra
  auth: session
  request:
    fields:
      a:
        label: {vi: "A", en: "A"}
        legal: "10.2"
  response:
    fields:
      b:
        label: {vi: "B", en: "B"}
        legal: "10.2"
"#;

fn add(files: &mut Files, path: &str, text: &str) {
    files.insert(path.to_owned(), text.to_owned());
}

fn cases() -> Vec<Case> {
    vec![
        // Contracts.
        Case {
            before: unchanged,
            after: |f| add(f, "contracts/contracts/extra.yaml", EXTRA_CONTRACT),
            expect: &["contract-added info contract:extra"],
        },
        Case {
            before: unchanged,
            after: |f| {
                f.remove(LOOKUP);
            },
            expect: &["contract-removed breaking+wire+rust contract:lookup"],
        },
        Case {
            before: |f| replace(f, SYNC, "status: active", "status: proposal"),
            after: unchanged,
            expect: &["contract-activated warning contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, SYNC, "status: active", "status: deprecated"),
            expect: &["contract-deprecated warning contract:sync"],
        },
        Case {
            before: |f| replace(f, SYNC, "status: active", "status: deprecated"),
            after: unchanged,
            expect: &["contract-status-changed warning contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(f, SYNC, "provider: ministry-system", "provider: portal");
                replace(f, SYNC, "consumer: portal", "consumer: ministry-system");
            },
            expect: &[
                "contract-consumer-changed breaking+wire contract:sync",
                "contract-provider-changed breaking+wire contract:sync",
            ],
        },
        Case {
            before: |f| {
                replace(
                    f,
                    SYNC,
                    "consumer: portal",
                    "consumer: portal\n  host: ministry-system",
                )
            },
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "consumer: portal",
                    "consumer: portal\n  host: portal",
                )
            },
            expect: &["contract-host-changed breaking+wire contract:sync"],
        },
        // A version that did not state its host: stating it is no change.
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "consumer: portal",
                    "consumer: portal\n  host: portal",
                )
            },
            expect: &[],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, SYNC, "channel: ndxp", "channel: document-exchange-axis"),
            expect: &["contract-channel-changed breaking+wire contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, SYNC, "operation: DongBo", "operation: DongBoMoi"),
            expect: &["contract-operation-changed breaking+wire contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, SYNC, "method: POST", "method: PUT"),
            expect: &["contract-method-changed breaking+wire contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, SYNC, "path: /sync", "path: /v2/sync"),
            expect: &["contract-path-changed breaking+wire contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, SYNC, "auth: session", "auth: token"),
            expect: &["contract-auth-changed breaking+wire contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "auth: session\n",
                    "auth: session\n  signature: required\n",
                )
            },
            expect: &["contract-signature-required breaking+wire contract:sync"],
        },
        Case {
            before: |f| {
                replace(
                    f,
                    SYNC,
                    "auth: session\n",
                    "auth: session\n  signature: required\n",
                )
            },
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "auth: session\n",
                    "auth: session\n  signature: optional\n",
                )
            },
            expect: &["contract-signature-no-longer-required warning contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "auth: session\n",
                    "auth: session\n  signature: optional\n",
                )
            },
            expect: &["contract-signature-optional-changed info contract:sync"],
        },
        Case {
            before: |f| {
                replace(
                    f,
                    SYNC,
                    "auth: session\n",
                    "auth: session\n  encryption: optional\n",
                )
            },
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "auth: session\n",
                    "auth: session\n  encryption: required\n",
                )
            },
            expect: &["contract-encryption-required breaking+wire contract:sync"],
        },
        Case {
            before: |f| {
                replace(
                    f,
                    SYNC,
                    "auth: session\n",
                    "auth: session\n  encryption: required\n",
                )
            },
            after: unchanged,
            expect: &["contract-encryption-no-longer-required warning contract:sync"],
        },
        Case {
            before: |f| {
                replace(
                    f,
                    SYNC,
                    "auth: session\n",
                    "auth: session\n  encryption: optional\n",
                )
            },
            after: unchanged,
            expect: &["contract-encryption-optional-changed info contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, SYNC, "en: \"Sync\"", "en: \"Synchronisation\""),
            expect: &["contract-title-changed info contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "  legal: \"10.1\"\n  provider",
                    "  description: {vi: \"Mô tả\", en: \"About\"}\n  legal: \"10.1\"\n  provider",
                )
            },
            expect: &["contract-description-changed info contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "  legal: \"10.1\"\n  provider",
                    "  legal: [\"10.1\", \"10.2\"]\n  provider",
                )
            },
            expect: &["contract-legal-changed info contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| {
                if let Some(text) = f.get_mut(SYNC) {
                    text.push_str("  examples:\n    - request: {session: \"s\"}\n      response: {error_code: \"0\"}\n");
                }
            },
            expect: &["contract-examples-changed info contract:sync"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "  request:\n    fields:",
                    "  request:\n    description: {vi: \"Yêu cầu\", en: \"The request\"}\n    fields:",
                )
            },
            expect: &["payload-description-changed info contract:sync/request"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "  response:\n    fields:",
                    "  response:\n    description: {vi: \"Trả lời\", en: \"The answer\"}\n    fields:",
                )
            },
            expect: &["payload-description-changed info contract:sync/response"],
        },
        // Records and catalogues as wholes; `spare` and `spare-cat` travel in no payload.
        Case {
            before: unchanged,
            after: |f| {
                add(
                    f,
                    "contracts/records/new.yaml",
                    "record:\n  id: new\n  label: {vi: \"Mới\", en: \"New\"}\n  fields:\n    a:\n      label: {vi: \"A\", en: \"A\"}\n",
                )
            },
            expect: &["record-added info record:new"],
        },
        Case {
            before: unchanged,
            after: |f| {
                f.remove(SPARE);
            },
            expect: &["record-removed breaking+rust record:spare"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, SPARE, "en: \"Record", "en: \"Renamed record"),
            expect: &["record-label-changed info record:spare"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    SPARE,
                    "#FIELDS",
                    "    Extra:\n      label: {vi: \"Thêm\", en: \"Extra\"}\n      required: true",
                )
            },
            expect: &["field-required-added info record:spare/Extra"],
        },
        Case {
            before: unchanged,
            after: |f| {
                add(
                    f,
                    "contracts/catalogues/new-cat.yaml",
                    "catalogue:\n  id: new-cat\n  version: 1.0.0\n  label: {vi: \"Mới\", en: \"New\"}\n  codes:\n    \"1\":\n      label: {vi: \"Một\", en: \"One\"}\n",
                )
            },
            expect: &["catalogue-added info catalogue:new-cat"],
        },
        Case {
            before: unchanged,
            after: |f| {
                f.remove(SPARE_CAT);
            },
            expect: &["catalogue-removed breaking+rust catalogue:spare-cat"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    SPARE_CAT,
                    "  variants:\n    old:",
                    "    \"3\":\n      label: {vi: \"Ba\", en: \"Three\"}\n  variants:\n    old:",
                )
            },
            expect: &["code-added info catalogue:spare-cat/code/3"],
        },
        // A field whose identifier changes pattern: the identifier, and the field's own constraint.
        Case {
            before: |f| {
                replace(
                    f,
                    SYNC,
                    "#REQUEST",
                    "      Ma:\n        label: {vi: \"Mã\", en: \"Code\"}\n        identifier: code-id\n        legal: \"10.1\"",
                )
            },
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "#REQUEST",
                    "      Ma:\n        label: {vi: \"Mã\", en: \"Code\"}\n        identifier: code-id\n        legal: \"10.1\"",
                );
                replace(f, CODE_ID, "'^[A-Z]{2}\\d{3}$'", "'^[A-Z]{3}\\d{2}$'");
                replace(f, CODE_ID, "examples: [\"AB123\"]", "examples: [\"ABC12\"]");
            },
            expect: &[
                "field-pattern-changed breaking+wire contract:sync/request/Ma",
                "identifier-pattern-changed info identifier:code-id",
                "identifier-text-changed info identifier:code-id",
            ],
        },
        // Identifiers.
        Case {
            before: unchanged,
            after: |f| {
                add(
                    f,
                    "contracts/identifiers/new-id.yaml",
                    "identifier:\n  id: new-id\n  label: {vi: \"Mã\", en: \"Code\"}\n  pattern: '^\\d+$'\n",
                )
            },
            expect: &["identifier-added info identifier:new-id"],
        },
        Case {
            before: unchanged,
            after: |f| {
                f.remove(OTHER_ID);
            },
            expect: &["identifier-removed warning identifier:other-id"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, OTHER_ID, "  max-length: 5\n", ""),
            expect: &["identifier-length-changed info identifier:other-id"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, OTHER_ID, "en: \"Code\"", "en: \"Identifier\""),
            expect: &["identifier-text-changed info identifier:other-id"],
        },
        // The registry.
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    REGISTRY,
                    "date-time: yyyyMMddHHmmss",
                    "date-time: rfc3339",
                )
            },
            expect: &["registry-wire-default-changed info registry/wire-default/date-time"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    REGISTRY,
                    "  languages: [vi, en]\n",
                    "  url: \"https://dichvucong.gov.vn/hd/\"\n  languages: [vi, en]\n",
                )
            },
            expect: &["registry-url-changed warning registry/url"],
        },
        // The forms readers accept by default: the registry, and each field it changes.
        Case {
            before: |f| {
                replace(
                    f,
                    SYNC,
                    "#RESPONSE",
                    "      Ngay:\n        label: {vi: \"Ngày\", en: \"Date\"}\n        type: date\n        legal: \"10.1\"",
                )
            },
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "#RESPONSE",
                    "      Ngay:\n        label: {vi: \"Ngày\", en: \"Date\"}\n        type: date\n        legal: \"10.1\"",
                );
                replace(
                    f,
                    REGISTRY,
                    "  auth-schemes:\n",
                    "  wire-accepts:\n    date: [empty]\n  auth-schemes:\n",
                );
            },
            expect: &[
                "field-accepts-added warning contract:sync/response/Ngay",
                "registry-wire-accepts-changed info registry/wire-accepts/date",
            ],
        },
        // What readers do with members that are not fields; a field added where readers reject them.
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "  request:\n",
                    "  request:\n    unknown-fields: ignore\n",
                )
            },
            expect: &["unknown-fields-changed breaking+wire contract:sync/request"],
        },
        Case {
            before: |f| {
                replace(
                    f,
                    DETAIL,
                    "  fields:\n",
                    "  unknown-fields: reject\n  fields:\n",
                )
            },
            after: |f| {
                replace(
                    f,
                    DETAIL,
                    "  fields:\n",
                    "  unknown-fields: reject\n  fields:\n",
                );
                replace(
                    f,
                    DETAIL,
                    "  fields:\n",
                    "  fields:\n    Them:\n      label: {vi: \"Thêm\", en: \"Added\"}\n      legal: \"10.1\"\n",
                );
            },
            expect: &["field-optional-added breaking+wire record:detail/Them"],
        },
        // A default format that moves a field: the registry, and the field.
        Case {
            before: |f| {
                replace(
                    f,
                    SYNC,
                    "#RESPONSE",
                    "      Ngay:\n        label: {vi: \"Ngày\", en: \"Date\"}\n        type: date\n        legal: \"10.1\"",
                )
            },
            after: |f| {
                replace(
                    f,
                    SYNC,
                    "#RESPONSE",
                    "      Ngay:\n        label: {vi: \"Ngày\", en: \"Date\"}\n        type: date\n        legal: \"10.1\"",
                );
                replace(f, REGISTRY, "date: yyyyMMdd", "date: dd/MM/yyyy");
            },
            expect: &[
                "field-format-changed breaking+wire contract:sync/response/Ngay",
                "field-rust-type-changed breaking+rust contract:sync/response/Ngay",
                "registry-wire-default-changed info registry/wire-default/date",
            ],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    REGISTRY,
                    "  auth-schemes:\n",
                    "  auth-schemes:\n    mtls:\n      type: mutual-tls\n      label: {vi: \"mTLS\", en: \"mTLS\"}\n",
                )
            },
            expect: &["auth-scheme-added info auth-scheme:mtls"],
        },
        Case {
            before: |f| {
                replace(
                    f,
                    REGISTRY,
                    "  auth-schemes:\n",
                    "  auth-schemes:\n    mtls:\n      type: mutual-tls\n      label: {vi: \"mTLS\", en: \"mTLS\"}\n",
                )
            },
            after: unchanged,
            expect: &["auth-scheme-removed warning auth-scheme:mtls"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    REGISTRY,
                    "type: api-key",
                    "type: oauth2-client-credentials",
                )
            },
            expect: &["auth-scheme-type-changed breaking+wire auth-scheme:token"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, REGISTRY, "en: \"Key\"", "en: \"API key\""),
            expect: &["auth-scheme-text-changed info auth-scheme:token"],
        },
        // The law as data.
        Case {
            before: unchanged,
            after: |f| {
                add(
                    f,
                    "contracts/legal/law.yaml",
                    "legal-source:\n  id: law\n  number: \"58/2024/QH15\"\n  title: {vi: \"Luật\", en: \"Law\"}\n",
                );
                replace(f, REGISTRY, "[circ, decree]", "[circ, decree, law]");
            },
            expect: &["legal-source-added info legal:law"],
        },
        Case {
            before: unchanged,
            after: |f| {
                f.remove(DECREE);
                replace(f, REGISTRY, "[circ, decree]", "[circ]");
            },
            expect: &["legal-source-removed warning legal:decree"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, DECREE, "13/2023/ND-CP", "13/2023/NĐ-CP"),
            expect: &["legal-source-details-changed info legal:decree"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    CIRC,
                    "            b: {vi: \"Điểm b\", en: \"Point b\"}\n",
                    "            b: {vi: \"Điểm b\", en: \"Point b\"}\n            c: {vi: \"Điểm c\", en: \"Point c\"}\n",
                )
            },
            expect: &["legal-provision-added info legal:circ/10.1.c"],
        },
        Case {
            before: |f| {
                replace(
                    f,
                    CIRC,
                    "            b: {vi: \"Điểm b\", en: \"Point b\"}\n",
                    "            b: {vi: \"Điểm b\", en: \"Point b\"}\n            c: {vi: \"Điểm c\", en: \"Point c\"}\n",
                )
            },
            after: unchanged,
            expect: &["legal-provision-removed warning legal:circ/10.1.c"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, CIRC, "en: \"Point b\"", "en: \"Point b, amended\""),
            expect: &["legal-provision-text-changed info legal:circ/10.1.b"],
        },
    ]
}

/// Runs each case on the base registry (first given `prepare`) and lists every case whose findings differ.
fn run_cases(cases: &[Case], prepare: fn(&mut Files)) {
    let mut failures = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let (mut before, mut after) = (base::files(), base::files());
        prepare(&mut before);
        prepare(&mut after);
        (case.before)(&mut before);
        (case.after)(&mut after);
        let got = findings(&compare(&before, &after));
        let want = expected(case.expect, "", "");
        if got != want {
            failures.push(format!(
                "case {index}:\n  expected {want:#?}\n  found    {got:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_other_rule() {
    run_cases(&cases(), unchanged);
}

// ---------------------------------------------------------------------------------------------------------
// Owners, databases, attributes and reuse declarations: the base registry with the owner `own`, its database
// `people` and its declaration `permit` (`base::with_databases`).

const ATTRIBUTE: &str =
    "    NoiO:\n      label: {vi: \"Nơi ở\", en: \"Residence\"}\n      legal: \"10.1\"\n";
const COMPONENT: &str = "    residence-copy:\n      name: {vi: \"Giấy tờ cư trú\", en: \"Residence paper\"}\n      replaced-by: [people/NoiO]\n      decision: \"10.2\"\n      from: \"2026-02-01\"\n";

fn add_attribute(files: &mut Files) {
    replace(files, base::PEOPLE, "#ATTRIBUTES", ATTRIBUTE);
}

fn add_land(files: &mut Files) {
    let land = base::PEOPLE_YAML
        .replace("id: people", "id: land")
        .replace("#ATTRIBUTES", "");
    add(files, "contracts/owners/own/databases/land.yaml", &land);
}

fn add_other_owner(files: &mut Files) {
    add(files, base::OTHER_OWNER, &base::owner_yaml("other"));
}

fn prefilled(files: &mut Files, attribute: &str) {
    let body = format!("prefill: people/{attribute}");
    replace(files, SYNC, "#REQUEST", &indent(&field("X", &body), 6));
}

fn database_cases() -> Vec<Case> {
    vec![
        Case {
            before: unchanged,
            after: add_other_owner,
            expect: &["owner-added info owner:other"],
        },
        Case {
            before: add_other_owner,
            after: unchanged,
            expect: &["owner-removed warning owner:other"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, base::OWNER, "cuc@bo.gov.vn", "vp@bo.gov.vn"),
            expect: &["owner-details-changed info owner:own"],
        },
        Case {
            before: unchanged,
            after: |f| {
                add_other_owner(f);
                let text = f.remove(base::PEOPLE).unwrap_or_default();
                let moved = text.replace("owner: own", "owner: other");
                add(f, "contracts/owners/other/databases/people.yaml", &moved);
            },
            expect: &[
                "owner-added info owner:other",
                "owner-changed warning database:people",
            ],
        },
        Case {
            before: unchanged,
            after: |f| {
                let catalogue = f.remove(STATUS).unwrap_or_default();
                let owned = catalogue.replace("  id: status\n", "  id: status\n  owner: own\n");
                add(f, "contracts/owners/own/catalogues/status.yaml", &owned);
            },
            expect: &["owner-assigned info catalogue:status"],
        },
        Case {
            before: unchanged,
            after: add_land,
            expect: &["database-added info database:land"],
        },
        Case {
            before: add_land,
            after: unchanged,
            expect: &["database-removed warning database:land"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    base::PEOPLE,
                    "  owner: own\n",
                    "  owner: own\n  status: proposal\n",
                )
            },
            expect: &["database-status-changed warning database:people"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    base::PEOPLE,
                    "Through NDXP",
                    "Through NDXP, with consent",
                )
            },
            expect: &["database-access-changed warning database:people"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, base::PEOPLE, "TraCuu:", "XacThuc:"),
            expect: &["database-services-changed warning database:people"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, base::PEOPLE, "en: \"People\"", "en: \"Residents\""),
            expect: &["database-text-changed info database:people"],
        },
        Case {
            before: unchanged,
            after: add_attribute,
            expect: &["attribute-added info database:people/NoiO"],
        },
        Case {
            before: add_attribute,
            after: unchanged,
            expect: &["attribute-removed breaking+wire database:people/NoiO"],
        },
        Case {
            before: add_attribute,
            after: |f| {
                let dated = ATTRIBUTE.replace("      legal", "      type: date\n      legal");
                replace(f, base::PEOPLE, "#ATTRIBUTES", &dated);
            },
            expect: &["attribute-retyped breaking+wire database:people/NoiO"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, base::PEOPLE, "max-length: 12", "max-length: 11"),
            expect: &["attribute-constraints-changed warning database:people/SoDinhDanh"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, base::PEOPLE, "en: \"Name\"", "en: \"Full name\""),
            expect: &["attribute-text-changed info database:people/HoTen"],
        },
        Case {
            before: add_attribute,
            after: |f| {
                add_attribute(f);
                replace(f, base::PERMIT, "#COMPONENTS", COMPONENT);
            },
            expect: &["reuse-added info reuse:permit/residence-copy"],
        },
        Case {
            before: |f| {
                add_attribute(f);
                replace(f, base::PERMIT, "#COMPONENTS", COMPONENT);
            },
            after: add_attribute,
            expect: &["reuse-withdrawn warning reuse:permit/residence-copy"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    base::PERMIT,
                    "[people/SoDinhDanh, people/HoTen]",
                    "[people/SoDinhDanh]",
                )
            },
            expect: &["reuse-attributes-changed warning reuse:permit/id-copy"],
        },
        Case {
            before: unchanged,
            after: |f| replace(f, base::PERMIT, "2026-01-01", "2026-03-01"),
            expect: &["reuse-decision-changed warning reuse:permit/id-copy"],
        },
        Case {
            before: unchanged,
            after: |f| {
                replace(
                    f,
                    base::PERMIT,
                    "Identity card copy",
                    "Copy of the identity card",
                )
            },
            expect: &["reuse-text-changed info reuse:permit/id-copy"],
        },
        Case {
            before: |f| prefilled(f, "HoTen"),
            after: |f| prefilled(f, "SoDinhDanh"),
            expect: &["field-prefill-changed info contract:sync/request/X"],
        },
    ]
}

#[test]
fn database_and_reuse_rules() {
    run_cases(&database_cases(), base::with_databases);
}

#[test]
fn a_change_names_the_owner_of_its_element() {
    let mut before = base::files();
    base::with_databases(&mut before);
    let mut after = before.clone();
    replace(&mut after, base::PERMIT, "2026-01-01", "2026-03-01");
    add_attribute(&mut after);
    let changes = compare(&before, &after);
    let agencies: Vec<(&str, Option<&str>)> = changes
        .iter()
        .map(|c| (c.element.as_str(), c.agency.as_deref()))
        .collect();
    assert_eq!(
        agencies,
        [
            ("database:people/NoiO", Some("own")),
            ("reuse:permit/id-copy", Some("own")),
        ]
    );
}

/// Rust names of records and catalogues come from their ids, so no YAML edit changes one alone; the rules
/// exist for names that become configurable, and are checked on the model.
#[test]
fn rust_type_names_of_records_and_catalogues() {
    let files = base::files();
    let before = checked(&files);
    let mut after = checked(&files);
    if let Some(record) = after.records.get_mut("item") {
        record.rust_name = "Entry".to_owned();
    }
    if let Some(catalogue) = after.catalogues.get_mut("kind") {
        catalogue.rust_name = "Sort".to_owned();
    }
    assert_eq!(
        findings(&diff::compare(&before, &after)),
        [
            "catalogue-rust-name-changed breaking+rust catalogue:kind",
            "record-rust-name-changed breaking+rust record:item",
        ]
    );
}

#[test]
fn every_rule_has_a_case() {
    let mut rules = BTreeSet::new();
    let all_expectations = field_cases()
        .iter()
        .flat_map(|c| c.request.iter().chain(c.response.iter()))
        .chain(
            record_cases()
                .iter()
                .flat_map(|c| c.request.iter().chain(c.response.iter())),
        )
        .chain(
            catalogue_cases()
                .iter()
                .flat_map(|c| c.request.iter().chain(c.response.iter())),
        )
        .chain(cases().iter().flat_map(|c| c.expect.iter()))
        .chain(database_cases().iter().flat_map(|c| c.expect.iter()))
        .map(|s| s.to_string())
        .collect::<Vec<_>>();
    seen(&mut rules, &all_expectations);
    rules.insert("record-rust-name-changed".to_owned());
    rules.insert("catalogue-rust-name-changed".to_owned());
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .map(|r| r.id())
        .filter(|id| !rules.contains(*id))
        .collect();
    assert!(missing.is_empty(), "rules without a test case: {missing:?}");
    assert!(Rule::ALL.len() >= 60, "{} rules", Rule::ALL.len());
}

// ---------------------------------------------------------------------------------------------------------
// Reordering finds nothing.

#[test]
fn reordering_fields_codes_and_files_finds_nothing() {
    let before = base::files();
    let mut after = base::files();
    // Fields of the request in another order.
    replace(
        &mut after,
        SYNC,
        "      session:\n        label: {vi: \"Phiên\", en: \"Session\"}\n        required: true\n        legal: \"10.1\"\n      TrangThai:\n        label: {vi: \"Trạng thái\", en: \"Status\"}\n        catalogue: status\n        legal: 10.1.b\n",
        "      TrangThai:\n        label: {vi: \"Trạng thái\", en: \"Status\"}\n        catalogue: status\n        legal: 10.1.b\n      session:\n        label: {vi: \"Phiên\", en: \"Session\"}\n        required: true\n        legal: \"10.1\"\n",
    );
    // Codes in another order.
    replace(
        &mut after,
        STATUS,
        "    \"1\":\n      label: {vi: \"Mới\", en: \"New\"}\n      legal: 10.1.a\n      variants: {old: \"N\"}\n    \"2\":\n      label: {vi: \"Xong\", en: \"Done\"}\n      legal: 10.1.b\n",
        "    \"2\":\n      label: {vi: \"Xong\", en: \"Done\"}\n      legal: 10.1.b\n    \"1\":\n      label: {vi: \"Mới\", en: \"New\"}\n      legal: 10.1.a\n      variants: {old: \"N\"}\n",
    );
    // Keys of a contract in another order, and a comment.
    replace(
        &mut after,
        SYNC,
        "  method: POST\n  path: /sync\n",
        "  path: /sync # moved\n  method: POST\n",
    );
    assert_eq!(findings(&compare(&before, &after)), Vec::<String>::new());

    // Files loaded in another order, one of them moved to another folder.
    let (registry, _) = base::load(&before);
    let mut loaded = contracts_core::load::Loaded::default();
    let limits = contracts_core::limits::Limits::default();
    for (path, text) in before.iter().rev() {
        let path = path.replace("contracts/records/spare.yaml", "contracts/other/spare.yaml");
        loaded.add_bytes(path.clone(), path.clone().into(), text.as_bytes(), &limits);
    }
    let (reordered, diagnostics) = contracts_core::resolve::resolve(loaded);
    assert!(!diagnostics.has_errors());
    assert_eq!(
        findings(&diff::compare(&registry, &reordered)),
        Vec::<String>::new()
    );
}

// ---------------------------------------------------------------------------------------------------------
// Where the change travels decides its severity; a record's usage is that of every contract carrying it.

#[test]
fn a_record_in_both_directions_takes_the_worst_class() {
    let mut before = base::files();
    replace(&mut before, SYNC, "record: detail", "record: item");
    let mut after = before.clone();
    replace(
        &mut after,
        ITEM,
        "#FIELDS",
        &indent(&field("New", "required: true"), 4),
    );
    assert_eq!(
        findings(&compare(&before, &after)),
        ["field-required-added breaking+wire record:item/New"]
    );
    let changes = compare(&before, &after);
    assert!(changes[0].usage.request && changes[0].usage.response);
}

#[test]
fn changes_carry_both_spans_in_their_own_files() {
    let before = base::files();
    let mut after = base::files();
    replace(
        &mut after,
        SYNC,
        "#REQUEST",
        "# a comment that moves the lines\n#REQUEST",
    );
    replace(&mut after, SYNC, "path: /sync", "path: /v2/sync");
    let (old, new) = (checked(&before), checked(&after));
    let changes = diff::compare(&old, &new);
    let change = &changes[0];
    let (b, a) = (change.before.unwrap(), change.after.unwrap());
    assert_eq!(old.sources.get(b.file).name, SYNC);
    assert_eq!(new.sources.get(a.file).name, SYNC);
    assert_eq!((b.line, a.line), (12, 12));
    assert_eq!(&old.sources.get(b.file).text[b.start..b.end], "/sync");
    assert_eq!(&new.sources.get(a.file).text[a.start..a.end], "/v2/sync");
}

// ---------------------------------------------------------------------------------------------------------
// `field-rust-type-changed` agrees with the generator: for every pair of wire formats of a type, the rule fires
// exactly when the generated Rust type of the field changes.

/// The type of the field `x` in the generated module of `sync`.
fn generated_type(registry: &Registry) -> String {
    let outputs = contracts_core::generate::outputs(registry);
    let module = String::from_utf8_lossy(&outputs["rust/src/sync.rs"]).into_owned();
    module
        .lines()
        .find_map(|line| line.trim().strip_prefix("pub x: "))
        .unwrap_or_else(|| panic!("no field x in\n{module}"))
        .to_owned()
}

#[test]
fn rust_type_changes_agree_with_the_generated_crate() {
    let types: &[(&str, &[&str])] = &[
        ("type: integer", &["string", "number"]),
        ("type: decimal", &["string", "number"]),
        (
            "type: boolean",
            &["True/False", "true/false", "0/1", "boolean"],
        ),
        ("type: date", &["yyyyMMdd", "yyyy-MM-dd", "dd/MM/yyyy"]),
        (
            "type: date-time",
            &["yyyyMMddHHmmss", "yyyy-MM-dd HH:mm:ss", "rfc3339"],
        ),
        ("type: string", &["text", "email", "uri", "phone"]),
        ("type: attachment", &["url", "base64"]),
        ("catalogue: status", &["string", "number"]),
    ];
    let mut checked_pairs = 0;
    for (ty, formats) in types {
        for a in *formats {
            for b in formats.iter().filter(|b| *b != a) {
                let place = |format: &str| {
                    let mut files = base::files();
                    let body = format!("{ty}\nformat: \"{format}\"");
                    replace(&mut files, SYNC, "#REQUEST", &indent(&field("X", &body), 6));
                    checked(&files)
                };
                let (before, after) = (place(a), place(b));
                let type_changed = generated_type(&before) != generated_type(&after);
                let reported = diff::compare(&before, &after)
                    .iter()
                    .any(|c| c.rule == Rule::FieldRustTypeChanged);
                assert_eq!(
                    reported,
                    type_changed,
                    "{ty} from {a} to {b}: {} → {}",
                    generated_type(&before),
                    generated_type(&after)
                );
                checked_pairs += 1;
            }
        }
    }
    assert_eq!(checked_pairs, 44);
}

// ---------------------------------------------------------------------------------------------------------
// Versions: what each element needs, by direction, against what it has.

mod versions {
    use super::*;
    use contracts_tool::versions::comparison::Comparison;
    use contracts_tool::versions::diff::Bump;
    use contracts_tool::versions::semver_check::Problem;

    /// `element needed problem` for each version check.
    fn checks(before: &Files, after: &Files, after_is_release: bool) -> Vec<String> {
        let comparison = Comparison::between(&checked(before), &checked(after), after_is_release);
        comparison
            .versions
            .iter()
            .map(|v| {
                format!(
                    "{} {}→{} needs {} {}",
                    v.element,
                    v.before,
                    v.after,
                    v.needed.map_or("nothing", Bump::as_str),
                    match (v.problem, v.pending_release) {
                        (Some(Problem::NotBumped), _) => "not-bumped",
                        (Some(Problem::Backwards), _) => "backwards",
                        (None, true) => "pending",
                        (None, false) => "ok",
                    }
                )
            })
            .collect()
    }

    #[test]
    fn a_record_change_needs_what_it_does_to_each_contract_that_carries_it() {
        let before = base::files();
        // `item` travels in the request of `sync`: a new required field breaks its senders.
        let mut after = base::files();
        replace(
            &mut after,
            ITEM,
            "#FIELDS",
            &indent(&field("New", "required: true"), 4),
        );
        assert_eq!(
            checks(&before, &after, false),
            [
                "contract:sync 1.0.0→1.0.0 needs major not-bumped",
                "registry 1.0.0→1.0.0 needs major pending",
            ]
        );
        // `detail` travels in the response: the same change is an addition.
        let mut after = base::files();
        replace(
            &mut after,
            DETAIL,
            "#FIELDS",
            &indent(&field("New", "required: true"), 4),
        );
        replace(&mut after, SYNC, "version: 1.0.0", "version: 1.1.0");
        assert_eq!(
            checks(&before, &after, false),
            [
                "contract:sync 1.0.0→1.1.0 needs minor ok",
                "registry 1.0.0→1.0.0 needs minor pending",
            ]
        );
    }

    #[test]
    fn a_catalogue_change_needs_a_bump_of_the_catalogue_only() {
        let before = base::files();
        let mut after = base::files();
        replace(
            &mut after,
            STATUS,
            "  variants:\n    old:",
            "    \"3\":\n      label: {vi: \"Hủy\", en: \"Cancelled\"}\n  variants:\n    old:",
        );
        assert_eq!(
            checks(&before, &after, false),
            [
                "catalogue:status 1.0.0→1.0.0 needs minor not-bumped",
                "registry 1.0.0→1.0.0 needs minor pending",
            ]
        );
        replace(&mut after, STATUS, "version: 1.0.0", "version: 1.1.0");
        assert_eq!(
            checks(&before, &after, false)[0],
            "catalogue:status 1.0.0→1.1.0 needs minor ok"
        );
    }

    #[test]
    fn text_needs_a_patch_and_versions_never_go_back() {
        let before = base::files();
        let mut after = base::files();
        replace(&mut after, SYNC, "en: \"Sync\"", "en: \"Synchronisation\"");
        replace(&mut after, SYNC, "version: 1.0.0", "version: 1.0.1");
        replace(&mut after, KIND, "version: 1.0.0", "version: 0.9.0");
        assert_eq!(
            checks(&before, &after, false),
            [
                "contract:sync 1.0.0→1.0.1 needs patch ok",
                "catalogue:kind 1.0.0→0.9.0 needs nothing backwards",
                "registry 1.0.0→1.0.0 needs patch pending",
            ]
        );
    }

    #[test]
    fn between_releases_the_registry_version_must_grow_too() {
        let before = base::files();
        let mut after = base::files();
        replace(&mut after, SYNC, "path: /sync", "path: /v2/sync");
        replace(&mut after, SYNC, "version: 1.0.0", "version: 2.0.0");
        assert_eq!(
            checks(&before, &after, true),
            [
                "contract:sync 1.0.0→2.0.0 needs major ok",
                "registry 1.0.0→1.0.0 needs major not-bumped",
            ]
        );
        replace(&mut after, REGISTRY, "version: 1.0.0", "version: 1.1.0");
        assert_eq!(
            checks(&before, &after, true)[1],
            "registry 1.0.0→1.1.0 needs major not-bumped"
        );
        let mut fixed = after.clone();
        replace(&mut fixed, REGISTRY, "version: 1.1.0", "version: 2.0.0");
        assert_eq!(
            checks(&before, &fixed, true)[1],
            "registry 1.0.0→2.0.0 needs major ok"
        );
    }

    #[test]
    fn a_version_check_names_the_version_line_and_the_changes() {
        let before = base::files();
        let mut after = base::files();
        replace(&mut after, SYNC, "method: POST", "method: PUT");
        let (old, new) = (checked(&before), checked(&after));
        let comparison = Comparison::between(&old, &new, false);
        let diagnostics = comparison.diagnostics("v1.0.0");
        let rendered: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                let span = d.primary.as_ref().map(|p| p.span).unwrap();
                format!(
                    "{} {}:{}:{} {} | {}",
                    d.code.as_str(),
                    new.sources.get(span.file).name,
                    span.line,
                    span.column,
                    d.help.clone().unwrap_or_default(),
                    d.notes.join("; ")
                )
            })
            .collect();
        assert_eq!(
            rendered,
            [
                "version-not-bumped contracts/contracts/sync.yaml:3:12 set its `version` to 2.0.0 or higher (major bump); `cargo contracts diff` lists the changes | major: `contract-method-changed` at `contract:sync`"
            ]
        );
    }
}

// ---------------------------------------------------------------------------------------------------------
// Approvals: checked with the registry, attached to their change, and reported when they match nothing.

mod approvals {
    use super::*;
    use contracts_tool::versions::comparison::Comparison;

    const APPROVALS: &str = "contracts/approvals.yaml";

    fn approval(rule: &str, element: &str, legal: &str) -> String {
        format!(
            "  - rule: {rule}\n    element: {element}\n    reason: {{vi: \"Lý do\", en: \"Reason\"}}\n    legal: {legal}\n"
        )
    }

    fn with_approvals(entries: &[String]) -> Files {
        let mut files = base::files();
        files.insert(
            APPROVALS.to_owned(),
            format!("approvals:\n{}", entries.concat()),
        );
        files
    }

    /// `code line: message (help)` of each finding in the approvals file.
    fn findings_in_approvals(files: &Files) -> Vec<String> {
        let (registry, diagnostics) = base::load(files);
        diagnostics
            .iter()
            .filter_map(|d| {
                let span = d.primary.as_ref()?.span;
                (registry.sources.get(span.file).name == APPROVALS).then(|| {
                    format!(
                        "{} {}: {} ({})",
                        d.code.as_str(),
                        span.line,
                        d.message,
                        d.help.clone().unwrap_or_default()
                    )
                })
            })
            .collect()
    }

    #[test]
    fn approvals_are_checked() {
        let files = with_approvals(&[
            approval(
                "field-requried-added",
                "contract:sync/request/New",
                "\"10.1\"",
            ),
            approval("field-required-added", "sync.New", "\"10.1\""),
            approval(
                "field-required-added",
                "contract:sync/request/New",
                "\"99.1\"",
            ),
            approval("field-required-added", "contract:sync/request/New", "[]"),
            approval("contract-path-changed", "contract:sync", "\"10.1\""),
            approval("contract-path-changed", "contract:sync", "decree"),
        ]);
        let found = findings_in_approvals(&files);
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(found[0].starts_with("unknown-reference 2: no diff rule has the id `field-requried-added` (did you mean `field-required-added`?)"), "{}", found[0]);
        assert!(
            found[1].starts_with("invalid-value 7: `sync.New` does not name an element"),
            "{}",
            found[1]
        );
        assert!(
            found[2].starts_with("unknown-provision 13:"),
            "{}",
            found[2]
        );
        assert!(
            found[3].starts_with("invalid-legal-ref 14: the approval cites no legal basis"),
            "{}",
            found[3]
        );
        assert!(found[4].starts_with("duplicate-id 22: the change `contract-path-changed` of `contract:sync` is approved twice"), "{}", found[4]);
    }

    #[test]
    fn an_approved_breaking_change_is_reported_and_does_not_fail() {
        let before = base::files();
        let mut after = with_approvals(&[approval(
            "contract-path-changed",
            "contract:sync",
            "\"10.1\"",
        )]);
        replace(&mut after, SYNC, "path: /sync", "path: /v2/sync");
        replace(&mut after, SYNC, "version: 1.0.0", "version: 2.0.0");
        let comparison = Comparison::between(&checked(&before), &checked(&after), false);
        let change = &comparison.changes[0];
        assert_eq!(change.rule, Rule::ContractPathChanged);
        assert_eq!(
            change.approval.as_ref().map(|a| a.reason.en_or_vi()),
            Some("Reason")
        );
        assert!(!change.fails());
        assert!(!comparison.fails());
        // Without the approval the same change fails.
        let mut unapproved = after.clone();
        unapproved.remove(APPROVALS);
        assert!(Comparison::between(&checked(&before), &checked(&unapproved), false).fails());
    }

    #[test]
    fn approvals_that_match_nothing_are_reported_unless_the_release_had_them() {
        let stale = approval(
            "field-required-added",
            "contract:sync/request/Gone",
            "\"10.1\"",
        );
        let before = base::files();
        let after = with_approvals(std::slice::from_ref(&stale));
        let comparison = Comparison::between(&checked(&before), &checked(&after), false);
        let codes: Vec<&str> = comparison
            .diagnostics("v1.0.0")
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(codes, ["unused-approval"]);
        // The release already had it: it approved a change of that release, and is ignored now.
        let released = with_approvals(&[stale]);
        let comparison = Comparison::between(&checked(&released), &checked(&after), false);
        assert!(comparison.unused_approvals.is_empty());
    }
}

// ---------------------------------------------------------------------------------------------------------
// What people read: the text, JSON and Markdown of `diff`, and a migration guide in both languages.

mod rendered {
    use super::*;
    use contracts_tool::versions::comparison::Comparison;
    use contracts_tool::versions::history::Snapshot;
    use contracts_tool::versions::migration::{self, Lang};

    fn sides() -> (Snapshot, Snapshot) {
        let before = base::files();
        let mut after = base::files();
        replace(
            &mut after,
            SYNC,
            "#REQUEST",
            &indent(&field("MaYeuCau", "required: true\nmax-length: 20"), 6),
        );
        replace(
            &mut after,
            KIND,
            "  variants:\n    old:",
            "    \"3\":\n      label: {vi: \"Hủy\", en: \"Cancelled\"}\n  variants:\n    old:",
        );
        replace(&mut after, SYNC, "version: 1.0.0", "version: 1.1.0");
        after.insert(
            "contracts/approvals.yaml".to_owned(),
            "approvals:\n  - rule: field-required-added\n    element: contract:sync/request/MaYeuCau\n    reason: {vi: \"Cổng cần mã yêu cầu\", en: \"The Portal needs a request code\"}\n    legal: \"10.1\"\n".to_owned(),
        );
        let snapshot = |files: &Files, label: &str, is_release: bool| {
            let (registry, diagnostics) = base::load(files);
            Snapshot {
                label: label.to_owned(),
                registry,
                diagnostics,
                is_release,
            }
        };
        (
            snapshot(&before, "v1.0.0", true),
            snapshot(&after, "working tree", false),
        )
    }

    #[test]
    fn diff_as_text_json_and_markdown() {
        let (before, after) = sides();
        let comparison = Comparison::of(&before, &after);
        let text = comparison.text(&before, &after, &annotate_snippets::Renderer::plain());
        insta::assert_snapshot!("diff_text", text);
        let json = serde_json::to_string_pretty(&comparison.json(&before, &after)).unwrap();
        insta::assert_snapshot!("diff_json", json);
        insta::assert_snapshot!("diff_markdown", comparison.markdown(&before, &after));
    }

    #[test]
    fn the_guide_and_the_diff_name_the_owner_of_each_change() {
        let mut before = base::files();
        base::with_databases(&mut before);
        add_attribute(&mut before);
        replace(&mut before, base::PERMIT, "#COMPONENTS", COMPONENT);
        let mut after = base::files();
        base::with_databases(&mut after);
        replace(&mut after, base::PEOPLE, "max-length: 12", "max-length: 11");
        let snapshot = |files: &Files, label: &str, is_release: bool| {
            let (registry, diagnostics) = base::load(files);
            Snapshot {
                label: label.to_owned(),
                registry,
                diagnostics,
                is_release,
            }
        };
        let (before, after) = (
            snapshot(&before, "v1.0.0", true),
            snapshot(&after, "working tree", false),
        );
        let comparison = Comparison::of(&before, &after);
        let en = migration::guide_text(&before, &after, &comparison, Lang::En);
        assert!(en.contains("- Owner: Ministry own (`own`)"), "{en}");
        assert!(
            en.contains("| `reuse:permit/residence-copy` | Ministry own (`own`) | Ask citizens for the paper again"),
            "{en}"
        );
        let vi = migration::guide_text(&before, &after, &comparison, Lang::Vi);
        assert!(vi.contains("- Cơ quan quản lý: Bộ own (`own`)"), "{vi}");
        assert!(
            vi.contains("| `database:people/SoDinhDanh` | Bộ own (`own`) |"),
            "{vi}"
        );

        let text = comparison.text(&before, &after, &annotate_snippets::Renderer::plain());
        assert!(text.contains("= note: owner: own"), "{text}");
        let json = comparison.json(&before, &after);
        let owners: Vec<&serde_json::Value> = json["changes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|change| &change["owner"])
            .collect();
        assert!(
            !owners.is_empty() && owners.iter().all(|owner| *owner == "own"),
            "{json}"
        );
        let markdown = comparison.markdown(&before, &after);
        assert!(
            markdown.contains("| `database:people/SoDinhDanh` | own |"),
            "{markdown}"
        );
    }

    #[test]
    fn migration_guide_in_both_languages() {
        let (before, after) = sides();
        let comparison = Comparison::of(&before, &after);
        insta::assert_snapshot!(
            "guide_en",
            migration::guide_text(&before, &after, &comparison, Lang::En)
        );
        insta::assert_snapshot!(
            "guide_vi",
            migration::guide_text(&before, &after, &comparison, Lang::Vi)
        );
    }
}

#[test]
fn the_readme_documents_every_rule() {
    let readme = std::fs::read_to_string(contracts_tests::workspace_root().join("README.md"))
        .unwrap_or_default();
    let class = |c: contracts_tool::versions::diff::Class| match (c.severity, c.breaks_wire) {
        (diff::Severity::Breaking, true) => "breaking (wire)",
        (diff::Severity::Breaking, false) => "breaking",
        (diff::Severity::Warning, _) => "warning",
        (diff::Severity::Info, _) => "info",
    };
    for rule in Rule::ALL {
        let always_breaking = [rule.request(), rule.response()]
            .iter()
            .all(|c| c.severity == diff::Severity::Breaking);
        let bump = if always_breaking {
            "major"
        } else {
            rule.compatible_bump().as_str()
        };
        let row = format!(
            "| `{}` | {} | {} | {} | {bump} | {} |",
            rule.id(),
            class(rule.request()),
            class(rule.response()),
            if rule.breaks_rust() { "yes" } else { "no" },
            rule.summary()
        );
        assert!(readme.contains(&row), "README lacks the row: {row}");
    }
}

#[test]
fn a_removed_field_is_shown_where_it_was() {
    let before = base::files();
    let line_of = |files: &Files, text: &str| {
        files[SYNC]
            .lines()
            .position(|l| l.trim_start().starts_with(text))
            .map(|index| index + 1)
            .unwrap_or_else(|| panic!("no {text}"))
    };
    let status = "      TrangThai:\n        label: {vi: \"Trạng thái\", en: \"Status\"}\n        catalogue: status\n        legal: 10.1.b\n";
    let items = "      Muc:\n        label: {vi: \"Mục\", en: \"Items\"}\n        record: item\n        list: true\n        legal: \"10.1\"\n";
    // From the middle: at the field that now follows it; from the end: at the one before it.
    for (removed, shown_at) in [(status, "Muc:"), (items, "TrangThai:")] {
        let mut after = before.clone();
        replace(&mut after, SYNC, removed, "");
        let changes = diff::compare(&checked(&before), &checked(&after));
        let change = changes
            .iter()
            .find(|c| c.rule == Rule::FieldOptionalRemoved)
            .unwrap_or_else(|| panic!("{:?}", findings(&changes)));
        assert_eq!(
            change.after.map(|s| s.line as usize),
            Some(line_of(&after, shown_at)),
            "{removed}"
        );
    }
}
