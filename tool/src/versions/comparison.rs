//! A comparison of two versions of the registry, as plain data: the changes, the version checks and the
//! approvals that match no change. `diff`, `check`, the migration guides and `release` all start from it.

use std::path::Path;

use contracts_core::diagnostic::{Code, Diagnostic, Diagnostics};
use contracts_core::limits::Limits;
use contracts_core::model::{Approval, Registry};
use contracts_core::rules::Bump;

use super::diff::{Change, Counts, compare, required_bump, unused_approvals};
use super::history::{History, HistoryError, Snapshot};
use super::semver_check;
use super::semver_check::VersionCheck;

/// Everything `diff` reports about two registries.
#[derive(Debug)]
pub struct Comparison {
    pub changes: Vec<Change>,
    pub versions: Vec<VersionCheck>,
    /// Approvals of the after side that match no change.
    pub unused_approvals: Vec<Approval>,
}

impl Comparison {
    pub fn of(before: &Snapshot, after: &Snapshot) -> Comparison {
        Comparison::between(&before.registry, &after.registry, after.is_release)
    }

    /// The comparison of two registries; `after_is_release` when the after side is a tagged release.
    pub fn between(before: &Registry, after: &Registry, after_is_release: bool) -> Comparison {
        let changes = compare(before, after);
        let versions = semver_check::check(before, after, &changes, after_is_release);
        let unused_approvals = unused_approvals(before, after, &changes)
            .into_iter()
            .cloned()
            .collect();
        Comparison {
            changes,
            versions,
            unused_approvals,
        }
    }

    pub fn counts(&self) -> Counts {
        Counts::of(&self.changes)
    }

    pub fn required_bump(&self) -> Option<Bump> {
        required_bump(&self.changes)
    }

    /// The breaking changes nobody approved.
    pub fn unapproved(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.fails())
    }

    pub fn version_problems(&self) -> impl Iterator<Item = &VersionCheck> {
        self.versions.iter().filter(|v| v.problem.is_some())
    }

    /// Whether `diff` fails: an unapproved breaking change, or a version that did not grow enough.
    pub fn fails(&self) -> bool {
        self.unapproved().next().is_some() || self.version_problems().next().is_some()
    }

    /// The version problems and unused approvals as diagnostics in the after registry.
    pub fn diagnostics(&self, before_label: &str) -> Diagnostics {
        let mut out = semver_check::diagnostics(&self.versions, before_label);
        for approval in &self.unused_approvals {
            out.push(
                Diagnostic::new(
                    Code::UnusedApproval,
                    format!(
                        "the approval of `{}` at `{}` matches no change since {before_label}",
                        approval.rule, approval.element
                    ),
                )
                .at(approval.span, "approval")
                .help("remove it if its change is already released; otherwise check the rule and element against `cargo contracts diff`"),
            );
        }
        out
    }
}

/// The version checks of `check`: the registry on disk against the latest release, as diagnostics (none when
/// there is no repository or no release yet; a warning when history cannot be read).
pub fn against_latest_release(root: &Path, current: &Registry, limits: &Limits) -> Diagnostics {
    let Ok(history) = History::open(root) else {
        return Diagnostics::default();
    };
    let latest = history.latest_release().and_then(|release| match release {
        Some(release) => history.load_release(&release, limits).map(Some),
        None => Ok(None),
    });
    match latest {
        Ok(Some(before)) => {
            Comparison::between(&before.registry, current, false).diagnostics(&before.label)
        }
        Ok(None) | Err(HistoryError::NoRegistry { .. }) => Diagnostics::default(),
        Err(error) => {
            let mut out = Diagnostics::default();
            out.push(
                Diagnostic::new(Code::History, format!("the latest release could not be read: {error}"))
                    .help("versions were not checked; fetch the tags (`git fetch --tags`) or repair the repository"),
            );
            out
        }
    }
}
