//! Whether each version (contracts, catalogues, the registry) grew as much as its changes require.
//!
//! A contract needs the bump of its own changes and of the changes of every record it carries (classified by
//! the direction it carries them in); a catalogue needs the bump of its own changes; the registry needs the
//! largest bump of all. Breaking means major, other changes their rule's bump (minor for additions and
//! obligations, patch for text).

use std::collections::BTreeSet;

use semver::Version;

use crate::versions::diff::usage::{Reached, reach};
use crate::versions::diff::{Bump, Change, Owner};
use contracts_core::diagnostic::{Code, Diagnostic, Diagnostics};
use contracts_core::model::Registry;
use contracts_core::rules::element;
use contracts_core::source::Span;

/// What is wrong with a version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// It did not grow as much as the changes require.
    NotBumped,
    /// It is lower than before.
    Backwards,
}

/// The version check of one contract, catalogue or the registry.
#[derive(Clone, Debug)]
pub struct VersionCheck {
    /// `contract:dossier-sync`, `catalogue:dossier-status` or `registry`.
    pub element: String,
    /// `contract`, `catalogue` or `registry`.
    pub kind: &'static str,
    pub before: Version,
    pub after: Version,
    /// The bump the changes require; `None` when nothing changed.
    pub needed: Option<Bump>,
    pub problem: Option<Problem>,
    /// The registry version left as it was in the working tree: `release` sets it.
    pub pending_release: bool,
    /// Where the version is written, in the before and the after registry.
    pub before_span: Option<Span>,
    pub after_span: Option<Span>,
    /// The changes that require the bump, most severe first (`rule` at `element`).
    pub reasons: Vec<String>,
}

impl VersionCheck {
    /// The lowest version that satisfies the check.
    pub fn lowest_valid(&self) -> Version {
        match self.needed {
            Some(bump) => next(&self.before, bump),
            None => self.before.clone(),
        }
    }
}

/// Checks every element present on both sides; `after_is_release` when the after side is a tagged release
/// (the registry version must then be bumped too, not left for `release`).
pub fn check(
    before: &Registry,
    after: &Registry,
    changes: &[Change],
    after_is_release: bool,
) -> Vec<VersionCheck> {
    let mut out = Vec::new();
    for (id, new) in &after.contracts {
        if let Some(old) = before.contracts.get(id) {
            let relevant = contract_changes(before, after, id, changes);
            out.push(version_check(
                element::contract(id),
                "contract",
                (&old.version, &new.version),
                (Some(old.spans.version), Some(new.spans.version)),
                &relevant,
            ));
        }
    }
    for (id, new) in &after.catalogues {
        if let Some(old) = before.catalogues.get(id) {
            let owner = Owner::Catalogue(id.clone());
            let relevant: Vec<(Bump, &Change)> = changes
                .iter()
                .filter(|c| c.owner == owner)
                .map(|c| (c.bump(), c))
                .collect();
            out.push(version_check(
                element::catalogue(id),
                "catalogue",
                (&old.version, &new.version),
                (Some(old.version_span), Some(new.version_span)),
                &relevant,
            ));
        }
    }
    if let (Some(old), Some(new)) = (&before.info.version, &after.info.version) {
        let relevant: Vec<(Bump, &Change)> = changes.iter().map(|c| (c.bump(), c)).collect();
        let mut check = version_check(
            element::registry(),
            "registry",
            (old, new),
            (before.info.version_span, after.info.version_span),
            &relevant,
        );
        if !after_is_release && old == new {
            check.pending_release = check.needed.is_some();
            check.problem = None;
        }
        out.push(check);
    }
    out.retain(|c| c.needed.is_some() || c.before != c.after);
    out
}

/// The changes that count for a contract's version, each with the bump it requires of that contract.
fn contract_changes<'c>(
    before: &Registry,
    after: &Registry,
    id: &str,
    changes: &'c [Change],
) -> Vec<(Bump, &'c Change)> {
    let mut records = std::collections::BTreeMap::new();
    for registry in [before, after] {
        if let Some(contract) = registry.contracts.get(id) {
            for (reached, usage) in reach(registry, contract) {
                if let Reached::Record(record) = reached {
                    let entry = records.entry(record).or_insert(usage);
                    *entry = entry.union(usage);
                }
            }
        }
    }
    changes
        .iter()
        .filter_map(|change| match &change.owner {
            Owner::Contract(owner) if owner == id => Some((change.bump(), change)),
            Owner::Record(record) => records.get(record).map(|usage| {
                let class = change.rule.classify(*usage);
                (change.rule.bump(class.severity), change)
            }),
            _ => None,
        })
        .collect()
}

fn version_check(
    element: String,
    kind: &'static str,
    versions: (&Version, &Version),
    spans: (Option<Span>, Option<Span>),
    changes: &[(Bump, &Change)],
) -> VersionCheck {
    let (before, after) = versions;
    let needed = changes.iter().map(|(bump, _)| *bump).max();
    let problem = if after < before {
        Some(Problem::Backwards)
    } else if needed.is_some_and(|bump| !satisfies(before, after, bump)) {
        Some(Problem::NotBumped)
    } else {
        None
    };
    let mut ordered: Vec<&(Bump, &Change)> = changes.iter().collect();
    ordered.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.element.cmp(&b.1.element)));
    let mut seen = BTreeSet::new();
    let reasons = ordered
        .into_iter()
        .map(|(bump, c)| format!("{bump}: `{}` at `{}`", c.rule, c.element))
        .filter(|r| seen.insert(r.clone()))
        .collect();
    VersionCheck {
        element,
        kind,
        before: before.clone(),
        after: after.clone(),
        needed,
        problem,
        pending_release: false,
        before_span: spans.0,
        after_span: spans.1,
        reasons,
    }
}

/// Whether going from `before` to `after` is at least a `bump`.
pub fn satisfies(before: &Version, after: &Version, bump: Bump) -> bool {
    match bump {
        Bump::Major => after.major > before.major,
        Bump::Minor => (after.major, after.minor) > (before.major, before.minor),
        Bump::Patch => after > before,
    }
}

/// The version after `version` for a `bump`: `1.2.3` + minor = `1.3.0`.
pub fn next(version: &Version, bump: Bump) -> Version {
    match bump {
        Bump::Major => Version::new(version.major.saturating_add(1), 0, 0),
        Bump::Minor => Version::new(version.major, version.minor.saturating_add(1), 0),
        Bump::Patch => Version::new(
            version.major,
            version.minor,
            version.patch.saturating_add(1),
        ),
    }
}

/// The failed checks as diagnostics, placed in the after registry (for `check`).
pub fn diagnostics(checks: &[VersionCheck], since: &str) -> Diagnostics {
    let mut out = Diagnostics::default();
    for check in checks {
        if let Some(problem) = check.problem {
            out.push(diagnostic(check, problem, since));
        }
    }
    out
}

fn diagnostic(check: &VersionCheck, problem: Problem, since: &str) -> Diagnostic {
    let name = describe(check);
    let mut diagnostic = match problem {
        Problem::Backwards => Diagnostic::new(
            Code::VersionBackwards,
            format!(
                "the version of {name} went backwards, from {} ({since}) to {}",
                check.before, check.after
            ),
        )
        .help(format!(
            "versions only grow: set it to {} or higher",
            check.lowest_valid()
        )),
        Problem::NotBumped => {
            let needed = check.needed.map_or("", Bump::as_str);
            Diagnostic::new(
                Code::VersionNotBumped,
                format!(
                    "{name} has {needed} changes since {since} but its version went from {} to {}",
                    check.before, check.after
                ),
            )
            .help(format!(
                "set its `version` to {} or higher ({needed} bump); `cargo contracts diff` lists the changes",
                check.lowest_valid()
            ))
        }
    };
    if let Some(span) = check.after_span {
        diagnostic = diagnostic.at(span, "version");
    }
    for reason in check.reasons.iter().take(5) {
        diagnostic = diagnostic.note(reason.clone());
    }
    if check.reasons.len() > 5 {
        diagnostic = diagnostic.note(format!("and {} more changes", check.reasons.len() - 5));
    }
    diagnostic
}

/// `the contract `x``, `the catalogue `y``, `the registry`.
pub fn describe(check: &VersionCheck) -> String {
    match check.element.split_once(':') {
        Some((kind, id)) => format!("the {kind} `{id}`"),
        None => "the registry".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn bumps() {
        assert!(satisfies(&v("1.2.3"), &v("2.0.0"), Bump::Major));
        assert!(!satisfies(&v("1.2.3"), &v("1.3.0"), Bump::Major));
        assert!(satisfies(&v("1.2.3"), &v("1.3.0"), Bump::Minor));
        assert!(satisfies(&v("1.2.3"), &v("2.0.0"), Bump::Minor));
        assert!(!satisfies(&v("1.2.3"), &v("1.2.4"), Bump::Minor));
        assert!(satisfies(&v("1.2.3"), &v("1.2.4"), Bump::Patch));
        assert!(!satisfies(&v("1.2.3"), &v("1.2.3"), Bump::Patch));
        assert_eq!(next(&v("1.2.3"), Bump::Major), v("2.0.0"));
        assert_eq!(next(&v("1.2.3"), Bump::Minor), v("1.3.0"));
        assert_eq!(next(&v("1.2.3-rc.1"), Bump::Patch), v("1.2.4"));
    }
}
