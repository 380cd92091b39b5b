//! The dossier-status changes the sandbox accepts: its own rule, until the Government Office publishes one.
//!
//! The codes are those of the catalogue `dossier-status` (Art. 7.3; codes 1-10, not in the letter order of
//! 7.3). The first status the sandbox sees for a dossier may be any code, since systems often connect while
//! their dossiers are under way; after that every change must be one this table lists. Sending the same
//! status again (an update of other fields) is always accepted.

/// The catalogue whose codes the table uses.
pub const CATALOGUE: &str = "dossier-status";

/// From each status, the statuses a dossier may move to. `3`, `7`, `8` and `10` are final.
///
/// | from | to | why |
/// |---|---|---|
/// | 1 newly registered | 2, 3, 7 | the one-stop desk accepts or refuses it, or the citizen withdraws |
/// | 2 received | 4, 5, 6, 7, 8, 9 | processing starts, or documents or payment are asked for, or it stops; a desk may settle it at once (9) |
/// | 3 not received | none | final |
/// | 4 being processed | 5, 6, 7, 8, 9 | |
/// | 5 documents requested | 2, 4, 7, 8 | back to the desk or to processing once supplemented |
/// | 6 payment requested | 4, 7, 8, 9, 10 | processing goes on, or the result is handed over once paid |
/// | 7 withdrawn | none | final |
/// | 8 processing refused | none | final |
/// | 9 processing completed | 10 | the result is handed over |
/// | 10 result returned | none | final |
pub const TRANSITIONS: &[(&str, &[&str])] = &[
    ("1", &["2", "3", "7"]),
    ("2", &["4", "5", "6", "7", "8", "9"]),
    ("3", &[]),
    ("4", &["5", "6", "7", "8", "9"]),
    ("5", &["2", "4", "7", "8"]),
    ("6", &["4", "7", "8", "9", "10"]),
    ("7", &[]),
    ("8", &[]),
    ("9", &["10"]),
    ("10", &[]),
];

/// The statuses a dossier in `from` may move to (`None` when `from` is not in the table).
pub fn next(from: &str) -> Option<&'static [&'static str]> {
    TRANSITIONS
        .iter()
        .find(|(code, _)| *code == from)
        .map(|(_, to)| *to)
}

/// Whether a dossier may move from `from` to `to`. Codes outside the table are left to the validator (which
/// checks them against the catalogue), so they pass here.
pub fn allowed(from: &str, to: &str) -> bool {
    from == to || next(from).is_none_or(|to_list| to_list.contains(&to)) || next(to).is_none()
}

/// Why the table and the registry's catalogue disagree (codes of one missing from the other), if they do.
pub fn mismatch(registry: &contracts_core::model::Registry) -> Option<String> {
    let catalogue = registry.catalogues.get(CATALOGUE)?;
    let listed: Vec<&str> = catalogue.codes.iter().map(|c| c.code.as_str()).collect();
    let table: Vec<&str> = TRANSITIONS.iter().map(|(code, _)| *code).collect();
    let unknown: Vec<&str> = table
        .iter()
        .copied()
        .filter(|c| !listed.contains(c))
        .collect();
    let missing: Vec<&str> = listed
        .iter()
        .copied()
        .filter(|c| !table.contains(c))
        .collect();
    if unknown.is_empty() && missing.is_empty() {
        return None;
    }
    Some(format!(
        "the sandbox's status transition table does not match the catalogue `{CATALOGUE}` (codes not in the catalogue: [{}]; codes without a row: [{}]); changes to or from those codes are not checked",
        unknown.join(", "),
        missing.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_allows_forward_steps_and_refuses_backward_ones() {
        for (from, to, ok) in [
            ("1", "2", true),
            ("2", "4", true),
            ("4", "9", true),
            ("9", "10", true),
            ("10", "10", true),
            ("10", "4", false),
            ("1", "10", false),
            ("4", "1", false),
            ("7", "2", false),
            ("5", "4", true),
        ] {
            assert_eq!(allowed(from, to), ok, "{from} -> {to}");
        }
    }

    #[test]
    fn every_target_is_a_row_of_the_table() {
        for (_, to) in TRANSITIONS {
            for code in *to {
                assert!(next(code).is_some(), "{code}");
            }
        }
    }
}
