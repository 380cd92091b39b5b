//! A comparison of two versions of the registry, as plain data: the changes, the version checks and the
//! approvals that match no change. `diff`, `check`, the migration guides and `release` all start from it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use git2::{ObjectType, Oid};
use rayon::prelude::*;

use contracts_core::diagnostic::{Code, Diagnostic, Diagnostics};
use contracts_core::limits::Limits;
use contracts_core::model::{Approval, Field, FieldType, Registry};
use contracts_core::resolve::NDXP_CATALOGUE;
use contracts_core::rules::Bump;
use contracts_core::source::FileId;

use super::diff::usage::{Reached, reach};
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
    if let Ok(releases) = history.releases()
        && let Some(why) = super::history::missing_releases(root, &releases)
    {
        let mut out = Diagnostics::default();
        out.push(
            Diagnostic::new(Code::History, format!("versions were not checked: {why}")).help(
                "CI must check out the whole history (with git, `git fetch --unshallow --tags`)",
            ),
        );
        return out;
    }
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

/// The release (or revision) `revision` as the before side of a comparison with the working tree `after`.
///
/// When only contracts, records and catalogues changed, only part of both sides is compared (see
/// [`Reduction`]): the working tree's registry then keeps only the contracts the changes concern. Otherwise,
/// or when the part could report differently from the whole, the whole revision is loaded.
pub fn before_worktree(
    history: &History,
    revision: &str,
    after: &mut Snapshot,
    limits: &Limits,
) -> Result<Snapshot, HistoryError> {
    let blobs = history.blobs(revision)?;
    let worth_it = |r: &Reduction| r.files.len() * 2 <= blobs.len();
    if let Some(reduction) = Reduction::plan(&blobs, &after.registry).filter(worth_it) {
        let before = history.load_part(revision, &reduction.files, limits)?;
        if reduction.is_faithful(&before, &after.registry) {
            reduction.apply(&mut after.registry);
            return Ok(before);
        }
    }
    history.load(revision, limits)
}

/// The part of a revision and of the working tree that a comparison of the two needs, when only contracts,
/// records and catalogues changed: the contracts that changed or carry a changed record or catalogue, the
/// records and catalogues that changed or that those (or the databases) carry, and every other kind of file,
/// on both sides alike.
///
/// An element left out is the same file on both sides and carries nothing that changed, so it resolves to the
/// same model on both: the whole comparison finds no change in it, and it counts for no other element's change
/// (every contract that carries a changed record or catalogue stays, so their usage is known). A part whose
/// before side does not resolve on its own (an old version that cites an element left out) is not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reduction {
    /// The files of the before side to load (`contracts/...`).
    pub files: BTreeSet<String>,
    /// The contracts, records and catalogues of the working tree to keep.
    pub contracts: BTreeSet<String>,
    pub records: BTreeSet<String>,
    pub catalogues: BTreeSet<String>,
}

/// Adds to `types` every record and catalogue `fields` carry, through records.
fn carried<'a>(after: &'a Registry, mut fields: Vec<&'a Field>, types: &mut BTreeSet<Reached>) {
    while let Some(field) = fields.pop() {
        match &field.ty {
            FieldType::Code(id) => {
                types.insert(Reached::Catalogue(id.clone()));
            }
            FieldType::Record(id) => {
                if types.insert(Reached::Record(id.clone()))
                    && let Some(record) = after.records.get(id)
                {
                    fields.extend(&record.fields);
                }
            }
            FieldType::Scalar(_) => {}
        }
    }
}

impl Reduction {
    /// `before` lists every registry file of the before side with its git blob id. `None` when the whole
    /// registries must be compared: a file other than a contract, record or catalogue changed, or a file was
    /// removed.
    pub fn plan(before: &[(String, Oid)], after: &Registry) -> Option<Reduction> {
        let files: Vec<(FileId, &str, &str)> = after
            .sources
            .files()
            .map(|(id, f)| (id, f.name.as_str(), f.text.as_str()))
            .collect();
        let blobs: Vec<(FileId, &str, Oid)> = files
            .par_iter()
            .map(|(id, name, text)| {
                let oid =
                    Oid::hash_object(ObjectType::Blob, text.as_bytes()).unwrap_or(Oid::ZERO_SHA1);
                (*id, *name, oid)
            })
            .collect();
        let after_blobs: HashMap<&str, (FileId, Oid)> = blobs
            .iter()
            .map(|(id, name, oid)| (*name, (*id, *oid)))
            .collect();
        let before_blobs: HashMap<&str, Oid> =
            before.iter().map(|(n, oid)| (n.as_str(), *oid)).collect();
        if before
            .iter()
            .any(|(name, _)| !after_blobs.contains_key(name.as_str()))
        {
            return None;
        }
        let mut contract_files: HashMap<FileId, &str> = HashMap::new();
        for c in after.contracts.values() {
            contract_files.insert(c.span.file, &c.id);
        }
        let mut element_files: HashMap<FileId, Reached> = HashMap::new();
        for r in after.records.values() {
            element_files.insert(r.span.file, Reached::Record(r.id.clone()));
        }
        for c in after.catalogues.values() {
            element_files.insert(c.span.file, Reached::Catalogue(c.id.clone()));
        }
        let mut changed_contracts = BTreeSet::new();
        let mut changed_types = BTreeSet::new();
        for (name, (file, oid)) in &after_blobs {
            if before_blobs.get(name) == Some(oid) {
                continue;
            }
            if let Some(id) = contract_files.get(file) {
                changed_contracts.insert((*id).to_owned());
            } else if let Some(reached) = element_files.get(file) {
                changed_types.insert(reached.clone());
            } else {
                return None;
            }
        }
        let contracts: BTreeSet<String> = after
            .contracts
            .values()
            .filter(|c| {
                changed_contracts.contains(&c.id)
                    || (!changed_types.is_empty()
                        && reach(after, c).keys().any(|r| changed_types.contains(r)))
            })
            .map(|c| c.id.clone())
            .collect();
        // The records and catalogues that changed, and every one the kept contracts, the changed ones and the
        // databases carry (so that each side resolves).
        let mut types: BTreeSet<Reached> = changed_types.clone();
        let mut fields: Vec<&Field> = Vec::new();
        for c in contracts.iter().filter_map(|id| after.contracts.get(id)) {
            fields.extend(c.request.fields.iter().chain(&c.response.fields));
        }
        for d in after.databases.values() {
            fields.extend(&d.attributes);
            if d.ndxp.is_some() {
                types.insert(Reached::Catalogue(NDXP_CATALOGUE.to_owned()));
            }
        }
        for reached in &changed_types {
            if let Reached::Record(id) = reached
                && let Some(r) = after.records.get(id)
            {
                fields.extend(&r.fields);
            }
        }
        carried(after, fields, &mut types);
        let kept = |file: FileId| match (contract_files.get(&file), element_files.get(&file)) {
            (Some(id), _) => contracts.contains(*id),
            (None, Some(reached)) => types.contains(reached),
            (None, None) => true,
        };
        let left_out: HashSet<&str> = after_blobs
            .iter()
            .filter(|(_, (file, _))| !kept(*file))
            .map(|(name, _)| *name)
            .collect();
        let files: BTreeSet<String> = before
            .iter()
            .filter(|(name, _)| !left_out.contains(name.as_str()))
            .map(|(name, _)| name.clone())
            .collect();
        let ids = |kind: fn(&Reached) -> Option<&String>| -> BTreeSet<String> {
            types.iter().filter_map(kind).cloned().collect()
        };
        Some(Reduction {
            files,
            contracts,
            records: ids(|r| match r {
                Reached::Record(id) => Some(id),
                Reached::Catalogue(_) => None,
            }),
            catalogues: ids(|r| match r {
                Reached::Catalogue(id) => Some(id),
                Reached::Record(_) => None,
            }),
        })
    }

    /// Whether the part of the before side reports what the whole would: it has no errors, and none of its
    /// contracts, records and catalogues claims an operation, a path or a Rust type name of a contract left out
    /// (which the whole before side would report as taken twice).
    pub fn is_faithful(&self, before: &Snapshot, after: &Registry) -> bool {
        if before.diagnostics.has_errors() {
            return false;
        }
        let left_out = after
            .contracts
            .values()
            .filter(|c| !self.contracts.contains(&c.id));
        let mut routes = HashSet::new();
        let mut operations = HashSet::new();
        let mut names = HashSet::new();
        for c in left_out {
            routes.insert((c.method.as_str(), c.path.as_str()));
            operations.insert((c.provider.as_str(), c.operation.as_str()));
            names.insert(c.request.rust_name.as_str());
            names.insert(c.response.rust_name.as_str());
        }
        let records = after
            .records
            .values()
            .filter(|r| !self.records.contains(&r.id));
        names.extend(records.map(|r| r.rust_name.as_str()));
        let catalogues = after
            .catalogues
            .values()
            .filter(|c| !self.catalogues.contains(&c.id));
        names.extend(catalogues.map(|c| c.rust_name.as_str()));
        let part = &before.registry;
        let contracts_clash = part.contracts.values().any(|c| {
            routes.contains(&(c.method.as_str(), c.path.as_str()))
                || operations.contains(&(c.provider.as_str(), c.operation.as_str()))
                || names.contains(c.request.rust_name.as_str())
                || names.contains(c.response.rust_name.as_str())
        });
        let types_clash = part
            .records
            .values()
            .map(|r| r.rust_name.as_str())
            .chain(part.catalogues.values().map(|c| c.rust_name.as_str()))
            .any(|name| names.contains(name));
        !contracts_clash && !types_clash
    }

    /// Makes the working tree's registry the after side of the reduced comparison.
    pub fn apply(&self, after: &mut Registry) {
        after.contracts.retain(|id, _| self.contracts.contains(id));
        after.records.retain(|id, _| self.records.contains(id));
        after
            .catalogues
            .retain(|id, _| self.catalogues.contains(id));
    }
}
