//! The registry as it was at a git revision, read from git's object database, and the release tags.
//!
//! Nothing is checked out: files are read the way `load_dir` reads a folder (sorted, hidden entries skipped,
//! symbolic links reported, the same limits), parsed through [`Loaded::add_bytes`] and checked by [`resolve`],
//! so a past registry is the same [`Registry`] model as the working tree.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository, StatusOptions, Tree};
use semver::Version;

use contracts_core::CONTRACTS_DIR;
use contracts_core::diagnostic::{Code, Diagnostic, Diagnostics};
use contracts_core::limits::Limits;
use contracts_core::load::Loaded;
use contracts_core::model::Registry;
use contracts_core::resolve::resolve;
use contracts_core::source::SourceMap;

/// The prefix of release tags: `v1.2.0`.
pub const TAG_PREFIX: &str = "v";

/// How the working tree is named where a revision is expected.
pub const WORKTREE: &str = "worktree";

/// What went wrong reading history, with how to fix it.
#[derive(Debug)]
pub enum HistoryError {
    NotARepository(PathBuf),
    UnknownRevision { revision: String, message: String },
    NoRegistry { revision: String },
    Git(String),
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HistoryError::NotARepository(root) => write!(
                f,
                "{} is not inside a git repository; versions and releases are read from git history (run `git init` and commit the registry)",
                root.display()
            ),
            HistoryError::UnknownRevision { revision, message } => write!(
                f,
                "`{revision}` is not a revision of this repository ({message}); give a tag (`v1.0.0`), a branch, a commit, or `{WORKTREE}` for the files on disk"
            ),
            HistoryError::NoRegistry { revision } => write!(
                f,
                "the revision `{revision}` has no `{CONTRACTS_DIR}/` folder at this project's place in the repository"
            ),
            HistoryError::Git(message) => write!(f, "git: {message}"),
        }
    }
}

impl std::error::Error for HistoryError {}

impl From<git2::Error> for HistoryError {
    fn from(error: git2::Error) -> Self {
        HistoryError::Git(error.message().to_owned())
    }
}

/// A release: a tag `v<semver>` on a commit, or, where the tag did not travel with the history (a clone or a push
/// without tags), the commit `release` made, found by its message and its changelog entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    pub version: Version,
    /// `v<version>`, whether git has the tag or not: the release's name in reports, pages and files.
    pub tag: String,
    pub commit: Oid,
    /// Whether git has the tag (otherwise the release was found in the history).
    pub tagged: bool,
}

/// One side of a comparison: a checked registry and what it is.
#[derive(Debug)]
pub struct Snapshot {
    /// `v1.0.0`, `main`, `working tree`: how the side is named in reports.
    pub label: String,
    pub registry: Registry,
    pub diagnostics: Diagnostics,
    /// Whether the side is a tagged release (its registry version must then be bumped, not left for `release`).
    pub is_release: bool,
}

impl Snapshot {
    /// The prefix of file names on this side in reports: `v1.0.0:` (git's blob notation) or nothing on disk.
    pub fn file_prefix(&self) -> String {
        if self.label == WORKTREE_LABEL {
            String::new()
        } else {
            format!("{}:", self.label)
        }
    }
}

/// The label of the working tree in reports.
pub const WORKTREE_LABEL: &str = "working tree";

/// The registry on disk, checked.
pub fn working_tree(root: &Path, limits: &Limits) -> Snapshot {
    let (registry, diagnostics) = contracts_core::check_dir(&root.join(CONTRACTS_DIR), limits);
    Snapshot {
        label: WORKTREE_LABEL.to_owned(),
        registry,
        diagnostics,
        is_release: false,
    }
}

/// The files of `sources` with some replaced (by display name), parsed again: the registry as it would be.
pub fn overlay(
    sources: &SourceMap,
    replaced: &BTreeMap<String, String>,
    limits: &Limits,
) -> Loaded {
    let mut loaded = Loaded::default();
    for (_, file) in sources.files() {
        let text = replaced.get(&file.name).unwrap_or(&file.text);
        loaded.add_bytes(
            file.name.clone(),
            file.path.clone(),
            text.as_bytes(),
            limits,
        );
    }
    loaded
}

/// A git repository holding the project, and where the project is inside it.
pub struct History {
    repo: Repository,
    /// The project folder relative to the repository's working folder (empty at its top).
    prefix: PathBuf,
}

impl History {
    /// The repository holding `root` (which may be a sub-folder of it).
    pub fn open(root: &Path) -> Result<History, HistoryError> {
        let repo = Repository::discover(root)
            .map_err(|_| HistoryError::NotARepository(root.to_path_buf()))?;
        let workdir = repo.workdir().ok_or_else(|| {
            HistoryError::Git("the repository is bare; releases need a working folder".to_owned())
        })?;
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let prefix = canonical(root)
            .strip_prefix(canonical(workdir))
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Ok(History { repo, prefix })
    }

    pub fn repo(&self) -> &Repository {
        &self.repo
    }

    /// The repository's working folder.
    pub fn workdir(&self) -> &Path {
        self.repo.workdir().unwrap_or(Path::new("."))
    }

    /// Whether the history is a shallow clone (old releases may be missing).
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// Every release, lowest version first: the release tags (`v` and a semantic version), and each release that
    /// `CHANGELOG.md` lists without a tag, found in the history (see [`Self::untagged_releases`]).
    pub fn releases(&self) -> Result<Vec<Release>, HistoryError> {
        let mut releases = self.tagged_releases()?;
        let listed = self.listed_versions();
        let missing: Vec<Version> = listed
            .into_iter()
            .filter(|version| !releases.iter().any(|r| &r.version == version))
            .collect();
        releases.extend(self.untagged_releases(&missing)?);
        releases.sort_by(|a, b| a.version.cmp(&b.version));
        Ok(releases)
    }

    fn tagged_releases(&self) -> Result<Vec<Release>, HistoryError> {
        let names = self.repo.tag_names(Some(&format!("{TAG_PREFIX}*")))?;
        let mut releases = Vec::new();
        for tag in names.iter().flatten().flatten() {
            let Some(version) = release_version(tag) else {
                continue;
            };
            let commit = self
                .repo
                .revparse_single(&format!("refs/tags/{tag}"))?
                .peel_to_commit()?
                .id();
            releases.push(Release {
                version,
                tag: tag.to_owned(),
                commit,
                tagged: true,
            });
        }
        Ok(releases)
    }

    /// The versions `CHANGELOG.md` (in the project folder on disk) lists as released.
    fn listed_versions(&self) -> Vec<Version> {
        std::fs::read_to_string(self.workdir().join(&self.prefix).join(CHANGELOG))
            .map(|text| changelog_versions(&text))
            .unwrap_or_default()
    }

    /// The commits of releases whose tags are missing: walking back from `HEAD` (the newest first), the commit
    /// `release` made for a version is the one whose message is `Release <version>` and whose `CHANGELOG.md`
    /// lists that version. A version whose commit is not in the history (a shallow clone, a squashed merge) is
    /// left out.
    fn untagged_releases(&self, missing: &[Version]) -> Result<Vec<Release>, HistoryError> {
        if missing.is_empty() {
            return Ok(Vec::new());
        }
        let Ok(head) = self.repo.head().and_then(|h| h.peel_to_commit()) else {
            return Ok(Vec::new());
        };
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL)?;
        walk.push(head.id())?;
        let mut found = Vec::new();
        for oid in walk {
            let Ok(commit) = oid.and_then(|oid| self.repo.find_commit(oid)) else {
                break;
            };
            let summary = commit.summary().ok().flatten().unwrap_or_default();
            let Some(version) = missing.iter().find(|v| summary == release_summary(v)) else {
                continue;
            };
            if found.iter().any(|r: &Release| &r.version == version)
                || !self
                    .changelog_at(&commit)
                    .is_some_and(|text| changelog_versions(&text).contains(version))
            {
                continue;
            }
            found.push(Release {
                version: version.clone(),
                tag: release_tag(version),
                commit: commit.id(),
                tagged: false,
            });
            if found.len() == missing.len() {
                break;
            }
        }
        Ok(found)
    }

    /// The text of `CHANGELOG.md` at a commit.
    pub fn changelog_at(&self, commit: &git2::Commit<'_>) -> Option<String> {
        let entry = commit
            .tree()
            .ok()?
            .get_path(&self.prefix.join(CHANGELOG))
            .ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        String::from_utf8(blob.content().to_vec()).ok()
    }

    /// The release with the highest version, if any.
    pub fn latest_release(&self) -> Result<Option<Release>, HistoryError> {
        Ok(self.releases()?.pop())
    }

    /// The registry at `revision` (a tag, branch, commit or any git revision), checked.
    pub fn load(&self, revision: &str, limits: &Limits) -> Result<Snapshot, HistoryError> {
        let commit = self.commit_of(revision)?;
        let is_release = self.is_release_tag(revision);
        self.load_commit(commit, revision, is_release, limits)
    }

    /// The registry of a release, checked.
    pub fn load_release(
        &self,
        release: &Release,
        limits: &Limits,
    ) -> Result<Snapshot, HistoryError> {
        self.load_commit(release.commit, &release.tag, true, limits)
    }

    /// The git blob of every registry file at `revision` (`contracts/...` → blob id), in the order `load`
    /// reads them.
    pub fn blobs(&self, revision: &str) -> Result<Vec<(String, Oid)>, HistoryError> {
        let commit = self.commit_of(revision)?;
        let contracts = self.contracts_tree(commit, revision)?;
        let mut files = Vec::new();
        let mut ignored = Diagnostics::default();
        self.collect(
            &contracts,
            Path::new(CONTRACTS_DIR),
            &mut files,
            &mut ignored,
        )?;
        files.sort();
        Ok(files
            .into_iter()
            .map(|(path, oid)| {
                let name = contracts_core::source::display_name(Path::new(""), &path);
                (name, oid)
            })
            .collect())
    }

    /// The registry at `revision` made of the files `only` names, checked: the part of it a comparison needs
    /// (see [`super::comparison::Reduction`]).
    pub fn load_part(
        &self,
        revision: &str,
        only: &std::collections::BTreeSet<String>,
        limits: &Limits,
    ) -> Result<Snapshot, HistoryError> {
        let commit = self.commit_of(revision)?;
        let is_release = self.is_release_tag(revision);
        self.load_files(commit, revision, is_release, limits, &|name| {
            only.contains(name)
        })
    }

    fn commit_of(&self, revision: &str) -> Result<Oid, HistoryError> {
        let unknown = |e: git2::Error| HistoryError::UnknownRevision {
            revision: revision.to_owned(),
            message: e.message().to_owned(),
        };
        match self.repo.revparse_single(revision) {
            Ok(object) => Ok(object.peel_to_commit().map_err(unknown)?.id()),
            Err(error) => self
                .untagged_release(revision)
                .map(|release| release.commit)
                .ok_or_else(|| unknown(error)),
        }
    }

    /// The release named `revision` (`v1.0.0`) when git has no such tag but the history has the release.
    fn untagged_release(&self, revision: &str) -> Option<Release> {
        let version = release_version(revision)?;
        self.releases()
            .ok()?
            .into_iter()
            .find(|r| r.version == version && !r.tagged)
    }

    fn is_release_tag(&self, revision: &str) -> bool {
        release_version(revision).is_some()
            && (self
                .repo
                .find_reference(&format!("refs/tags/{revision}"))
                .is_ok()
                || self.untagged_release(revision).is_some())
    }

    fn contracts_tree(&self, commit: Oid, label: &str) -> Result<Tree<'_>, HistoryError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let folder = self.prefix.join(CONTRACTS_DIR);
        let entry = tree
            .get_path(&folder)
            .map_err(|_| HistoryError::NoRegistry {
                revision: label.to_owned(),
            })?;
        entry
            .to_object(&self.repo)?
            .into_tree()
            .map_err(|_| HistoryError::NoRegistry {
                revision: label.to_owned(),
            })
    }

    fn load_commit(
        &self,
        commit: Oid,
        label: &str,
        is_release: bool,
        limits: &Limits,
    ) -> Result<Snapshot, HistoryError> {
        self.load_files(commit, label, is_release, limits, &|_| true)
    }

    fn load_files(
        &self,
        commit: Oid,
        label: &str,
        is_release: bool,
        limits: &Limits,
        only: &dyn Fn(&str) -> bool,
    ) -> Result<Snapshot, HistoryError> {
        let contracts = self.contracts_tree(commit, label)?;
        let loaded = self.read_tree(&contracts, label, limits, only)?;
        let (registry, diagnostics) = resolve(loaded);
        Ok(Snapshot {
            label: label.to_owned(),
            registry,
            diagnostics,
            is_release,
        })
    }

    /// Reads every `*.yaml`/`*.yml` blob under `tree` that `only` names, as `load_dir` does for a folder: the
    /// contracts are left for `resolve` to parse on every core, the other files are parsed here.
    fn read_tree(
        &self,
        tree: &Tree<'_>,
        label: &str,
        limits: &Limits,
        only: &dyn Fn(&str) -> bool,
    ) -> Result<Loaded, HistoryError> {
        let mut loaded = Loaded {
            limits: limits.clone(),
            ..Loaded::default()
        };
        let mut files = Vec::new();
        self.collect(
            tree,
            Path::new(CONTRACTS_DIR),
            &mut files,
            &mut loaded.diagnostics,
        )?;
        files.sort();
        if files.len() > limits.max_files {
            loaded.diagnostics.push(
                Diagnostic::new(
                    Code::TooManyFiles,
                    format!(
                        "the registry at {label} has {} files, more than the limit of {}",
                        files.len(),
                        limits.max_files
                    ),
                )
                .help("raise the limit with CONTRACTS_MAX_FILES"),
            );
            return Ok(loaded);
        }
        for (path, oid) in files {
            let name = contracts_core::source::display_name(Path::new(""), &path);
            if !only(&name) {
                continue;
            }
            let blob = self.repo.find_blob(oid)?;
            if blob.size() as u64 > limits.max_file_bytes {
                loaded.diagnostics.push(
                    Diagnostic::new(
                        Code::FileTooLarge,
                        format!(
                            "{name} at {label} is larger than the limit of {} bytes",
                            limits.max_file_bytes
                        ),
                    )
                    .help("raise the limit with CONTRACTS_MAX_FILE_BYTES"),
                );
                continue;
            }
            let shown = PathBuf::from(format!("{label}:{name}"));
            match std::str::from_utf8(blob.content()) {
                Ok(text) if is_contract(text) => {
                    let text = contracts_core::source::normalise_text(text);
                    let id = loaded.sources.add(name, shown, text);
                    loaded.deferred.push(id);
                }
                _ => loaded.add_bytes(name, shown, blob.content(), limits),
            }
        }
        Ok(loaded)
    }

    fn collect(
        &self,
        tree: &Tree<'_>,
        at: &Path,
        out: &mut Vec<(PathBuf, Oid)>,
        diagnostics: &mut Diagnostics,
    ) -> Result<(), HistoryError> {
        for entry in tree {
            let Ok(name) = entry.name() else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let path = at.join(name);
            match entry.kind() {
                Some(ObjectType::Tree) => {
                    let subtree = self.repo.find_tree(entry.id())?;
                    self.collect(&subtree, &path, out, diagnostics)?;
                }
                Some(ObjectType::Blob) if entry.filemode() == SYMLINK_MODE => {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::Symlink,
                            format!("{} is a symbolic link and is not followed", path.display()),
                        )
                        .help("replace the link with the file itself, so the registry is self-contained"),
                    );
                }
                Some(ObjectType::Blob)
                    if matches!(
                        path.extension().and_then(|e| e.to_str()),
                        Some("yaml" | "yml")
                    ) =>
                {
                    out.push((path, entry.id()));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The files that differ from the last commit (modified, staged, new or deleted; ignored files excepted).
    pub fn dirty_paths(&self) -> Result<Vec<String>, HistoryError> {
        let mut options = StatusOptions::new();
        options
            .include_untracked(true)
            .include_ignored(false)
            .recurse_untracked_dirs(true);
        let statuses = self.repo.statuses(Some(&mut options))?;
        Ok(statuses
            .iter()
            .filter(|s| !s.status().is_ignored())
            .filter_map(|s| s.path().ok().map(str::to_owned))
            .collect())
    }
}

/// Whether a file holds a contract, as `load_dir` decides: its first line that is not blank or a comment opens
/// `contract:` (such a file can only be a contract, or fail to parse).
fn is_contract(text: &str) -> bool {
    text.lines()
        .map(str::trim_end)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .is_some_and(|line| line.starts_with("contract:"))
}

/// The git file mode of a symbolic link.
const SYMLINK_MODE: i32 = 0o120000;

/// The changelog of a project, beside its `contracts/` folder; `release` adds an entry `## <version> (<date>)`.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The versions a changelog lists as released, in its order (newest first).
pub fn changelog_versions(text: &str) -> Vec<Version> {
    text.lines()
        .filter_map(|line| line.strip_prefix("## ")?.split(' ').next()?.parse().ok())
        .collect()
}

/// The summary line of the commit `release` makes.
pub fn release_summary(version: &Version) -> String {
    format!("Release {version}")
}

/// Why a release `CHANGELOG.md` lists cannot be read: git has neither its tag nor, in the history, the commit
/// `release` made for it (a shallow clone, or a merge that squashed the release commit).
pub fn missing_releases(root: &Path, releases: &[Release]) -> Option<String> {
    let changelog = std::fs::read_to_string(root.join(CHANGELOG)).ok()?;
    let missing = changelog_versions(&changelog)
        .into_iter()
        .find(|version| !releases.iter().any(|r| &r.version == version))?;
    Some(format!(
        "CHANGELOG.md lists the release {missing} but git has neither the tag {TAG_PREFIX}{missing} nor its release commit: fetch the whole history with its tags (`git fetch --unshallow --tags`, or `git fetch --tags`), or make the tag again with `cargo contracts release`"
    ))
}

/// The version of a release tag: `v1.2.0` → 1.2.0.
pub fn release_version(tag: &str) -> Option<Version> {
    Version::parse(tag.strip_prefix(TAG_PREFIX)?).ok()
}

/// The tag of a release version: 1.2.0 → `v1.2.0`.
pub fn release_tag(version: &Version) -> String {
    format!("{TAG_PREFIX}{version}")
}
