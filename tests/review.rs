//! The `review:` marker of drafts: `check` lists each entry as `needs-review` at its place, reports an entry whose
//! item is already filled (or does not apply, or is listed twice) as `stale-review`, and does not also report a
//! translation the list already names as missing.

use contracts_tests::base::{self, Files, ITEM, STATUS, SYNC, replace};
use contracts_tests::location;

struct Case {
    name: &'static str,
    /// (file, text to replace, replacement).
    edits: &'static [(&'static str, &'static str, &'static str)],
    /// `severity code file:line:column` and the message, of every finding.
    expect: &'static [(&'static str, &'static str)],
}

fn findings(files: &Files) -> Vec<(String, String)> {
    let (registry, diagnostics) = base::load(files);
    diagnostics
        .iter()
        .map(|d| (location(&registry, d), d.message.clone()))
        .collect()
}

const DRAFT_FIELD: &str = "      Nhan:\n        label: {vi: \"Nhãn\"}\n        review: [label-en, legal, personal-data]\n#REQUEST";

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "each entry is one warning at its place, and the missing English is not reported twice",
            edits: &[(SYNC, "#REQUEST", DRAFT_FIELD)],
            expect: &[
                (
                    "warning needs-review contracts/contracts/sync.yaml:31:18",
                    "the English label of field `Nhan` is still to be written",
                ),
                (
                    "warning needs-review contracts/contracts/sync.yaml:31:28",
                    "field `Nhan` cites no legal basis yet",
                ),
                (
                    "warning needs-review contracts/contracts/sync.yaml:31:35",
                    "the personal-data class of field `Nhan` is still to be decided",
                ),
            ],
        },
        Case {
            name: "an entry whose item is filled is an error",
            edits: &[(
                SYNC,
                "#REQUEST",
                "      Nhan:\n        label: {vi: \"Nhãn\", en: \"Label\"}\n        legal: 10.1.a\n        review: [label-en, legal]\n#REQUEST",
            )],
            expect: &[
                (
                    "error stale-review contracts/contracts/sync.yaml:32:18",
                    "`label-en` is listed under `review`, but field `Nhan` has it filled",
                ),
                (
                    "error stale-review contracts/contracts/sync.yaml:32:28",
                    "`legal` is listed under `review`, but field `Nhan` has it filled",
                ),
            ],
        },
        Case {
            name: "an entry the element cannot have, or listed twice, is an error",
            edits: &[(
                STATUS,
                "  codes:",
                "  review: [personal-data, legal, legal]\n  codes:",
            )],
            expect: &[
                (
                    "error stale-review contracts/catalogues/status.yaml:7:12",
                    "catalogue `status` has no `personal-data` to review",
                ),
                (
                    "error stale-review contracts/catalogues/status.yaml:7:27",
                    "`legal` is listed under `review`, but catalogue `status` has it filled",
                ),
                (
                    "error stale-review contracts/catalogues/status.yaml:7:34",
                    "`legal` is listed twice under `review`",
                ),
            ],
        },
        Case {
            name: "a translation missing and not listed is still reported",
            edits: &[(
                SYNC,
                "#REQUEST",
                "      Nhan:\n        label: {}\n        legal: 10.1.a\n        personal-data: none\n        review: [label-vi]\n#REQUEST",
            )],
            expect: &[
                (
                    "warning missing-translation contracts/contracts/sync.yaml:30:16",
                    "the label of `Nhan` has no English text",
                ),
                (
                    "warning needs-review contracts/contracts/sync.yaml:33:18",
                    "the Vietnamese label of field `Nhan` is still to be written",
                ),
            ],
        },
        Case {
            name: "a contract under review may cite nothing yet",
            edits: &[(
                SYNC,
                "  legal: \"10.1\"\n",
                "  legal: []\n  review: [legal, description-vi]\n  description: {en: \"Pushes things.\"}\n",
            )],
            expect: &[
                (
                    "warning needs-review contracts/contracts/sync.yaml:7:12",
                    "contract `sync` cites no legal basis yet",
                ),
                (
                    "warning needs-review contracts/contracts/sync.yaml:7:19",
                    "the Vietnamese description of contract `sync` is still to be written",
                ),
            ],
        },
        Case {
            name: "records, codes, payloads and examples take the marker too",
            edits: &[
                (
                    ITEM,
                    "  fields:",
                    "  review: [description-en]\n  description: {vi: \"Mô tả\"}\n  fields:",
                ),
                (
                    SYNC,
                    "  response:\n",
                    "  response:\n    review: [personal-data]\n",
                ),
                (
                    STATUS,
                    "      label: {vi: \"Xong\", en: \"Done\"}\n      legal: 10.1.b\n",
                    "      label: {en: \"Done\"}\n      review: [label-vi, legal]\n",
                ),
                (
                    SYNC,
                    "#RESPONSE",
                    "#RESPONSE\n  examples:\n    - title: {vi: \"Ví dụ\"}\n      review: [label-en]",
                ),
            ],
            expect: &[
                (
                    "warning needs-review contracts/catalogues/status.yaml:14:16",
                    "the Vietnamese label of code `2` is still to be written",
                ),
                (
                    "warning needs-review contracts/catalogues/status.yaml:14:26",
                    "code `2` cites no legal basis yet",
                ),
                (
                    "warning needs-review contracts/contracts/sync.yaml:31:14",
                    "the personal-data class of the response of contract `sync` is still to be decided",
                ),
                (
                    "warning needs-review contracts/contracts/sync.yaml:49:16",
                    "the English title of the example is still to be written",
                ),
                (
                    "warning needs-review contracts/records/item.yaml:6:12",
                    "the English description of record `item` is still to be written",
                ),
            ],
        },
    ]
}

#[test]
fn review_entries_are_listed_and_cannot_go_stale() {
    let clean = findings(&base::files());
    assert!(clean.is_empty(), "the base registry is clean: {clean:?}");
    for case in cases() {
        let mut files = base::files();
        for (path, from, to) in case.edits {
            replace(&mut files, path, from, to);
        }
        let found = findings(&files);
        let expected: Vec<(String, String)> = case
            .expect
            .iter()
            .map(|(at, message)| ((*at).to_owned(), (*message).to_owned()))
            .collect();
        assert_eq!(found, expected, "{}", case.name);
    }
}

#[test]
fn check_json_lists_every_entry_with_its_place() {
    let mut files = base::files();
    replace(&mut files, SYNC, "#REQUEST", DRAFT_FIELD);
    let (registry, diagnostics) = base::load(&files);
    let json = diagnostics.to_json(&registry.sources);
    let entries: Vec<(String, u64, u64)> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "needs-review")
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("contracts/contracts/sync.yaml".to_owned(), 31, 18),
            ("contracts/contracts/sync.yaml".to_owned(), 31, 28),
            ("contracts/contracts/sync.yaml".to_owned(), 31, 35),
        ]
    );
    assert_eq!(json["errors"], 0);
}
