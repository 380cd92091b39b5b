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

/// A release: a tag `v<semver>` on a commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    pub version: Version,
    pub tag: String,
    pub commit: Oid,
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

    /// Every release tag (`v` and a semantic version), lowest version first.
    pub fn releases(&self) -> Result<Vec<Release>, HistoryError> {
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
            });
        }
        releases.sort_by(|a, b| a.version.cmp(&b.version));
        Ok(releases)
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
        let object = self.repo.revparse_single(revision).map_err(unknown)?;
        Ok(object.peel_to_commit().map_err(unknown)?.id())
    }

    fn is_release_tag(&self, revision: &str) -> bool {
        release_version(revision).is_some()
            && self
                .repo
                .find_reference(&format!("refs/tags/{revision}"))
                .is_ok()
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

/// The version of a release tag: `v1.2.0` → 1.2.0.
/// Why no release tag was found though releases were made: `CHANGELOG.md` has an entry and git has no tag
/// `v<version>` (a clone that did not fetch the tags, or a merge before the tag was made again).
pub fn missing_tags(root: &Path, releases: &[Release]) -> Option<String> {
    if !releases.is_empty() {
        return None;
    }
    let changelog = std::fs::read_to_string(root.join("CHANGELOG.md")).ok()?;
    let listed = changelog.lines().find_map(|line| {
        line.strip_prefix("## ")?
            .split(' ')
            .next()?
            .parse::<Version>()
            .ok()
    })?;
    Some(format!(
        "CHANGELOG.md lists the release {listed} but git has no tag {TAG_PREFIX}{listed}: fetch the tags (`git fetch --tags`), or make the tag again with `cargo contracts release`"
    ))
}

pub fn release_version(tag: &str) -> Option<Version> {
    Version::parse(tag.strip_prefix(TAG_PREFIX)?).ok()
}

/// The tag of a release version: 1.2.0 → `v1.2.0`.
pub fn release_tag(version: &Version) -> String {
    format!("{TAG_PREFIX}{version}")
}
