//! `cargo contracts release`: a new version of the registry, committed and tagged.
//!
//! It refuses a dirty tree or a failing check, computes or checks the version, updates it, writes the changelog
//! entry, rebuilds `generated/`, commits, and creates an
//! annotated tag `v<version>`; with a dry run, it shows all of it and writes nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use annotate_snippets::Renderer;
use git2::Oid;
use semver::Version;

use crate::versions::comparison::Comparison;
use crate::versions::diff::{Bump, Severity};
use crate::versions::edition::{self, Edition, Issuer};
use crate::versions::history::{self, CHANGELOG, History, HistoryError, Release, Snapshot};
use crate::versions::{migration, semver_check};
use contracts_core::GENERATED_DIR;
use contracts_core::diagnostic::Diagnostics;
use contracts_core::generate::Outputs;
use contracts_core::limits::Limits;
use contracts_core::markdown;
use contracts_core::output::{self, Summary};
use contracts_core::resolve::resolve;

/// What the editor asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Major,
    Minor,
    Patch,
    /// The bump the changes require.
    Auto,
}

impl Level {
    fn bump(self) -> Option<Bump> {
        match self {
            Level::Major => Some(Bump::Major),
            Level::Minor => Some(Bump::Minor),
            Level::Patch => Some(Bump::Patch),
            Level::Auto => None,
        }
    }
}

/// Why a release cannot be made, with what to do.
#[derive(Debug)]
pub enum ReleaseError {
    History(HistoryError),
    Dirty(Vec<String>),
    /// The working tree does not check clean.
    Invalid(Box<Snapshot>),
    /// Versions that did not grow enough since the latest release, in the working tree.
    Versions(Box<Snapshot>, Diagnostics),
    /// Breaking changes nobody approved: the text of each.
    Unapproved(Vec<String>),
    NothingToRelease(String),
    TooSmall {
        requested: Bump,
        required: Bump,
    },
    Mismatch {
        written: Version,
        computed: Version,
        previous: Version,
    },
    TagExists(String),
    NoVersion,
    NoSignature(String),
    Write(String),
}

impl From<HistoryError> for ReleaseError {
    fn from(error: HistoryError) -> Self {
        ReleaseError::History(error)
    }
}

impl From<git2::Error> for ReleaseError {
    fn from(error: git2::Error) -> Self {
        ReleaseError::History(error.into())
    }
}

impl ReleaseError {
    /// The error with its findings, for a terminal.
    pub fn render(&self, renderer: &Renderer) -> String {
        match self {
            ReleaseError::Invalid(snapshot) => format!(
                "{}error: the registry has errors; fix them before releasing\n",
                snapshot
                    .diagnostics
                    .render(&snapshot.registry.sources, renderer)
            ),
            ReleaseError::Versions(snapshot, diagnostics) => format!(
                "{}error: versions did not grow enough since the latest release; bump them before releasing\n",
                diagnostics.render(&snapshot.registry.sources, renderer)
            ),
            other => format!("error: {other}\n"),
        }
    }
}

impl std::fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReleaseError::History(error) => write!(f, "{error}"),
            ReleaseError::Dirty(paths) => write!(
                f,
                "the working tree has uncommitted changes ({}); commit or remove them first, so the release is exactly what is in git",
                shorten(paths)
            ),
            ReleaseError::Invalid(snapshot) => write!(
                f,
                "the registry has {} errors; run `cargo contracts check`",
                snapshot.diagnostics.error_count()
            ),
            ReleaseError::Versions(_, diagnostics) => write!(
                f,
                "{} versions did not grow enough; run `cargo contracts check`",
                diagnostics.error_count()
            ),
            ReleaseError::Unapproved(changes) => write!(
                f,
                "{} breaking change{} not approved:\n  {}\napprove each in contracts/approvals.yaml (rule, element, reason, legal basis) or undo it",
                changes.len(),
                if changes.len() == 1 { " is" } else { "s are" },
                changes.join("\n  ")
            ),
            ReleaseError::NothingToRelease(since) => write!(
                f,
                "nothing changed since {since}; there is nothing to release"
            ),
            ReleaseError::TooSmall {
                requested,
                required,
            } => write!(
                f,
                "the changes need a {required} release, not {requested}; run `cargo contracts release {required}` (or `auto`), and see `cargo contracts diff`"
            ),
            ReleaseError::Mismatch {
                written,
                computed,
                previous,
            } => write!(
                f,
                "contracts/registry.yaml says version {written}, but this release is {computed}; set it back to {previous} (release sets it) or ask for the level that gives {written}"
            ),
            ReleaseError::TagExists(tag) => write!(
                f,
                "the tag {tag} already exists; a release is never made twice (bump further, or delete the tag if it was a mistake)"
            ),
            ReleaseError::NoVersion => {
                write!(f, "contracts/registry.yaml has no valid version")
            }
            ReleaseError::NoSignature(message) => write!(
                f,
                "git does not know who is releasing ({message}); set `git config user.name` and `git config user.email`"
            ),
            ReleaseError::Write(message) => write!(f, "{message}"),
        }
    }
}

fn shorten(paths: &[String]) -> String {
    let mut shown: Vec<&str> = paths.iter().take(5).map(String::as_str).collect();
    if paths.len() > 5 {
        shown.push("...");
    }
    shown.join(", ")
}

/// Everything a release does, computed before anything is written.
pub struct Plan {
    pub previous: Option<Release>,
    pub version: Version,
    /// The bump the changes require (`None` for the first release or no change).
    pub required: Option<Bump>,
    pub level: Level,
    /// The comparison with the previous release.
    pub comparison: Option<Comparison>,
    /// Files to write outside `generated/`, relative to the project root, with their new content.
    pub files: Vec<(PathBuf, String)>,
    pub outputs: Outputs,
    /// What writing `generated/` would change.
    pub generated: Summary,
    pub changelog_entry: String,
    pub tag: String,
    pub message: String,
    pub notes: Vec<String>,
    /// The edition this release is: its number, date, effective date and issuer.
    pub edition: Edition,
}

/// Computes the release without writing anything.
pub fn plan(root: &Path, level: Level, limits: &Limits) -> Result<Plan, ReleaseError> {
    plan_edition(root, level, None, limits)
}

/// [`plan`], the edition taking effect on `effective` (`yyyy-MM-dd`; the release date when `None`).
pub fn plan_edition(
    root: &Path,
    level: Level,
    effective: Option<&str>,
    limits: &Limits,
) -> Result<Plan, ReleaseError> {
    if let Some(date) = effective.filter(|d| !edition::is_date(d)) {
        return Err(ReleaseError::Write(format!(
            "the effective date `{date}` is not a date: write it as yyyy-mm-dd (e.g. 2026-01-25)"
        )));
    }
    let history = History::open(root)?;
    let dirty = history.dirty_paths()?;
    if !dirty.is_empty() {
        return Err(ReleaseError::Dirty(dirty));
    }
    history
        .repo()
        .signature()
        .map_err(|e| ReleaseError::NoSignature(e.message().to_owned()))?;
    let current = history::working_tree(root, limits);
    if current.diagnostics.has_errors() {
        return Err(ReleaseError::Invalid(Box::new(current)));
    }
    let written = current
        .registry
        .info
        .version
        .clone()
        .ok_or(ReleaseError::NoVersion)?;
    let previous = history.latest_release()?;
    let (comparison, before_version) = match &previous {
        Some(release) => {
            let before = history.load_release(release, limits)?;
            let comparison = Comparison::of(&before, &current);
            let problems = semver_check::diagnostics(&comparison.versions, &before.label);
            if problems.has_errors() {
                return Err(ReleaseError::Versions(Box::new(current), problems));
            }
            refuse_unapproved(&comparison)?;
            (Some(comparison), Some(release.version.clone()))
        }
        None => (None, None),
    };
    let required = comparison.as_ref().and_then(Comparison::required_bump);
    let version = choose_version(level, required, before_version.as_ref(), &written)?;
    let tag = history::release_tag(&version);
    if history
        .repo()
        .find_reference(&format!("refs/tags/{tag}"))
        .is_ok()
    {
        return Err(ReleaseError::TagExists(tag));
    }
    let mut files = Vec::new();
    let mut replaced = BTreeMap::new();
    if written != version {
        let (name, disk, text) = set_registry_version(&current, &version)?;
        replaced.insert(name, text);
        files.push(disk);
    }
    let mut after = reload(&current, &replaced, limits)?;
    let date = today();
    let edition = Edition {
        number: u32::try_from(history.releases()?.len()).unwrap_or(u32::MAX - 1) + 1,
        version: version.clone(),
        tag: tag.clone(),
        effective: effective.map_or_else(|| date.clone(), str::to_owned),
        date,
        issuer: Issuer::of(&after.registry),
    };
    let changelog_entry = changelog_entry(&edition, previous.as_ref(), comparison.as_ref(), &after);
    files.push((
        PathBuf::from(CHANGELOG),
        with_entry(root, &changelog_entry)?,
    ));
    let (outputs, notes) = crate::versions::outputs::all(root, &mut after, Some(&edition), limits);
    let generated = output::sync(&root.join(GENERATED_DIR), &outputs, true)
        .map_err(|e| ReleaseError::Write(e.to_string()))?;
    let message = history::release_summary(&version);
    Ok(Plan {
        previous,
        version,
        required,
        level,
        comparison,
        files,
        outputs,
        generated,
        changelog_entry,
        tag,
        message,
        notes: notes.into_iter().collect(),
        edition,
    })
}

fn refuse_unapproved(comparison: &Comparison) -> Result<(), ReleaseError> {
    let unapproved: Vec<String> = comparison
        .unapproved()
        .map(|c| format!("{}[{}] `{}`: {}", c.severity, c.rule, c.element, c.message))
        .collect();
    if unapproved.is_empty() {
        Ok(())
    } else {
        Err(ReleaseError::Unapproved(unapproved))
    }
}

/// The version of the release: the required bump (auto) or the requested one, from the previous release;
/// for the first release, the version written in registry.yaml (auto) or a bump of it.
fn choose_version(
    level: Level,
    required: Option<Bump>,
    previous: Option<&Version>,
    written: &Version,
) -> Result<Version, ReleaseError> {
    let Some(previous) = previous else {
        return Ok(match level.bump() {
            Some(bump) => semver_check::next(written, bump),
            None => written.clone(),
        });
    };
    let bump = match (level.bump(), required) {
        (_, None) => {
            return Err(ReleaseError::NothingToRelease(history::release_tag(
                previous,
            )));
        }
        (None, Some(required)) => required,
        (Some(requested), Some(required)) if requested < required => {
            return Err(ReleaseError::TooSmall {
                requested,
                required,
            });
        }
        (Some(requested), _) => requested,
    };
    let version = semver_check::next(previous, bump);
    if written != previous && *written != version {
        return Err(ReleaseError::Mismatch {
            written: written.clone(),
            computed: version,
            previous: previous.clone(),
        });
    }
    Ok(version)
}

/// The registry file with its version replaced: (display name, (path for the disk, raw text), normalised text).
fn set_registry_version(
    current: &Snapshot,
    version: &Version,
) -> Result<(String, (PathBuf, String), String), ReleaseError> {
    let info = &current.registry.info;
    let span = info.version_span.ok_or(ReleaseError::NoVersion)?;
    let file = current.registry.sources.get(span.file);
    let written = file.text.get(span.start..span.end).unwrap_or_default();
    let old = info
        .version
        .as_ref()
        .ok_or(ReleaseError::NoVersion)?
        .to_string();
    if !written.contains(&old) {
        return Err(ReleaseError::NoVersion);
    }
    let new_written = written.replacen(&old, &version.to_string(), 1);
    let replace_line = |text: &str| -> String {
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        if let Some(line) = lines.get_mut((span.line as usize).saturating_sub(1)) {
            *line = line.replacen(written, &new_written, 1);
        }
        lines.join("\n")
    };
    let raw = fs::read_to_string(&file.path)
        .map_err(|e| ReleaseError::Write(format!("cannot read {}: {e}", file.path.display())))?;
    let disk_name = PathBuf::from(&file.name);
    Ok((
        file.name.clone(),
        (disk_name, replace_line(&raw)),
        replace_line(&file.text),
    ))
}

/// The working tree with some files replaced, checked again.
fn reload(
    current: &Snapshot,
    replaced: &BTreeMap<String, String>,
    limits: &Limits,
) -> Result<Snapshot, ReleaseError> {
    let (registry, diagnostics) = resolve(history::overlay(
        &current.registry.sources,
        replaced,
        limits,
    ));
    let snapshot = Snapshot {
        label: current.label.clone(),
        registry,
        diagnostics,
        is_release: false,
    };
    if snapshot.diagnostics.has_errors() {
        return Err(ReleaseError::Invalid(Box::new(snapshot)));
    }
    Ok(snapshot)
}

/// Where an interrupted release is found again: inside the git directory, never in the working tree.
pub const JOURNAL: &str = "contracts-release";

/// A point where [`execute_until`] can be made to stop, as a kill there would: the tests' way of checking that
/// every interruption leaves either nothing done or a release [`resume`] finishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The commit and tag objects written, nothing else.
    BeforeJournal,
    /// The journal written, the working tree not yet updated.
    AfterJournal,
    /// The working tree updated, the branch not yet moved.
    AfterCheckout,
    /// The branch moved, the tag not yet created.
    AfterBranch,
}

/// Makes the release, all or nothing as far as a reader of the repository sees: the commit and the annotated tag
/// are first written into git's object database (nothing visible changes); a journal in the git directory then
/// records them; the working tree is brought to the new commit, the branch moved, the tag created, and the journal
/// removed. Killed anywhere after the journal, the next `release` finishes the same release ([`resume`]).
/// Returns the commit.
pub fn execute(root: &Path, plan: &Plan) -> Result<Oid, ReleaseError> {
    execute_until(root, plan, None)
}

/// [`execute`], stopping at `stop` (for the tests of interruptions).
pub fn execute_until(root: &Path, plan: &Plan, stop: Option<Stop>) -> Result<Oid, ReleaseError> {
    let history = History::open(root)?;
    let repo = history.repo();
    let signature = repo
        .signature()
        .map_err(|e| ReleaseError::NoSignature(e.message().to_owned()))?;
    let head = repo.head()?;
    let branch = head.name().unwrap_or("HEAD").to_owned();
    let parent = head.peel_to_commit()?;
    let tree = release_tree(repo, &parent.tree()?, plan)?;
    let tree = repo.find_tree(tree)?;
    let commit = repo.commit(
        None,
        &signature,
        &signature,
        &commit_message(plan),
        &tree,
        &[&parent],
    )?;
    let tag = repo.tag_annotation_create(
        &plan.tag,
        &repo.find_object(commit, None)?,
        &signature,
        &tag_message(plan),
    )?;
    let journal = Journal {
        branch,
        parent: parent.id(),
        commit,
        tag_name: plan.tag.clone(),
        tag,
    };
    interrupt(stop, Stop::BeforeJournal)?;
    journal.write(repo)?;
    interrupt(stop, Stop::AfterJournal)?;
    finish(repo, &journal, stop)?;
    Ok(commit)
}

fn interrupt(stop: Option<Stop>, here: Stop) -> Result<(), ReleaseError> {
    if stop == Some(here) {
        return Err(ReleaseError::Write(format!("stopped {here:?} (test)")));
    }
    Ok(())
}

/// HEAD's tree with the release's files and `generated/` as the plan has them.
fn release_tree(
    repo: &git2::Repository,
    base: &git2::Tree<'_>,
    plan: &Plan,
) -> Result<Oid, ReleaseError> {
    let mut update = git2::build::TreeUpdateBuilder::new();
    for (path, text) in &plan.files {
        let blob = repo.blob(text.as_bytes())?;
        update.upsert(repo_path(path), blob, git2::FileMode::Blob);
    }
    for (name, bytes) in &plan.outputs {
        let blob = repo.blob(bytes)?;
        update.upsert(
            format!("{GENERATED_DIR}/{name}"),
            blob,
            git2::FileMode::Blob,
        );
    }
    for name in &plan.generated.removed {
        let path = format!("{GENERATED_DIR}/{name}");
        if base.get_path(Path::new(&path)).is_ok() {
            update.remove(path);
        }
    }
    Ok(update.create_updated(repo, base)?)
}

/// A path relative to the root as git writes it (`/` between the parts).
fn repo_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a release in progress has made, and where it goes.
#[derive(Debug, PartialEq, Eq)]
struct Journal {
    /// The reference HEAD points to (`refs/heads/main`), or `HEAD` when detached.
    branch: String,
    parent: Oid,
    commit: Oid,
    tag_name: String,
    tag: Oid,
}

impl Journal {
    fn path(repo: &git2::Repository) -> PathBuf {
        repo.path().join(JOURNAL)
    }

    fn text(&self) -> String {
        format!(
            "branch {}\nparent {}\ncommit {}\ntag {} {}\n",
            self.branch, self.parent, self.commit, self.tag_name, self.tag
        )
    }

    fn parse(text: &str) -> Option<Journal> {
        let mut fields = BTreeMap::new();
        for line in text.lines() {
            let (key, value) = line.split_once(' ')?;
            fields.insert(key, value);
        }
        let oid = |key: &str| fields.get(key).and_then(|v| Oid::from_str(v).ok());
        let (tag_name, tag) = fields.get("tag")?.split_once(' ')?;
        Some(Journal {
            branch: (*fields.get("branch")?).to_owned(),
            parent: oid("parent")?,
            commit: oid("commit")?,
            tag_name: tag_name.to_owned(),
            tag: Oid::from_str(tag).ok()?,
        })
    }

    fn write(&self, repo: &git2::Repository) -> Result<(), ReleaseError> {
        output::write_atomically(&Journal::path(repo), self.text().as_bytes())
            .map_err(|e| ReleaseError::Write(e.to_string()))
    }

    fn read(repo: &git2::Repository) -> Result<Option<Journal>, ReleaseError> {
        let path = Journal::path(repo);
        match fs::read_to_string(&path) {
            Ok(text) => Journal::parse(&text).map(Some).ok_or_else(|| {
                ReleaseError::Write(format!(
                    "{} is not a release journal; delete it and run `cargo contracts release` again",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(ReleaseError::Write(format!(
                "cannot read {}: {e}",
                path.display()
            ))),
        }
    }
}

/// The visible steps of a release, each done only if not done yet, so that running it again after a kill
/// finishes the release.
fn finish(
    repo: &git2::Repository,
    journal: &Journal,
    stop: Option<Stop>,
) -> Result<(), ReleaseError> {
    let head = repo.head()?.peel_to_commit()?.id();
    if head == journal.parent {
        let commit = repo.find_commit(journal.commit)?;
        let mut checkout = git2::build::CheckoutBuilder::new();
        checkout.force();
        repo.checkout_tree(commit.as_object(), Some(&mut checkout))?;
        interrupt(stop, Stop::AfterCheckout)?;
        let message = format!("release: {}", journal.tag_name);
        repo.reference_matching(
            &journal.branch,
            journal.commit,
            true,
            journal.parent,
            &message,
        )?;
        interrupt(stop, Stop::AfterBranch)?;
    } else if head != journal.commit {
        return Err(ReleaseError::Write(format!(
            "an interrupted release of {} is recorded in {}, but HEAD has moved since; delete that file and release again",
            journal.tag_name,
            Journal::path(repo).display()
        )));
    }
    let reference = format!("refs/tags/{}", journal.tag_name);
    match repo.find_reference(&reference) {
        Ok(existing) if existing.target() == Some(journal.tag) => {}
        Ok(_) => return Err(ReleaseError::TagExists(journal.tag_name.clone())),
        Err(_) => {
            repo.reference(&reference, journal.tag, false, "release: tag")?;
        }
    }
    fs::remove_file(Journal::path(repo)).map_err(|e| {
        ReleaseError::Write(format!(
            "cannot remove {}: {e}",
            Journal::path(repo).display()
        ))
    })
}

/// Finishes a release that was interrupted (killed, or stopped by an error) after its commit and tag were made:
/// the tag of the release when there was one, `None` when there was nothing to finish.
pub fn resume(root: &Path) -> Result<Option<String>, ReleaseError> {
    let Ok(history) = History::open(root) else {
        return Ok(None);
    };
    let repo = history.repo();
    let Some(journal) = Journal::read(repo)? else {
        return Ok(None);
    };
    finish(repo, &journal, None)?;
    Ok(Some(journal.tag_name))
}

/// The tag of an interrupted release waiting in the journal, if any (for `release --dry-run`).
pub fn interrupted(root: &Path) -> Option<String> {
    let history = History::open(root).ok()?;
    Journal::read(history.repo())
        .ok()
        .flatten()
        .map(|j| j.tag_name)
}

/// The release commit's message: its summary and the edition's trailers, so that the commit alone says what
/// edition it is when the tag does not travel with it.
fn commit_message(plan: &Plan) -> String {
    format!("{}\n\n{}", plan.message, plan.edition.trailers())
}

fn tag_message(plan: &Plan) -> String {
    let mut message = format!("Release {} of the data-contract registry\n", plan.version);
    if let Some(comparison) = &plan.comparison {
        let counts = comparison.counts();
        let _ = write!(
            message,
            "\n{} breaking ({} approved), {} warning{}, {} info since {}\n",
            counts.breaking,
            counts.approved,
            counts.warning,
            if counts.warning == 1 { "" } else { "s" },
            counts.info,
            plan.previous
                .as_ref()
                .map_or("the start", |p| p.tag.as_str())
        );
    }
    message.push('\n');
    message.push_str(&plan.edition.trailers());
    message
}

/// What the release does, for the terminal.
pub fn describe(plan: &Plan) -> String {
    let mut out = String::new();
    let from = plan
        .previous
        .as_ref()
        .map_or_else(|| "first release".to_owned(), |p| format!("from {}", p.tag));
    let needed = match (plan.level, plan.required) {
        (_, None) => String::new(),
        (Level::Auto, Some(bump)) => format!("; the changes need {bump}"),
        (_, Some(bump)) => format!("; the changes need {bump} or more"),
    };
    let _ = writeln!(out, "release {} ({from}{needed})", plan.version);
    let _ = writeln!(out, "  {}", plan.edition.line_en());
    for (path, _) in &plan.files {
        let _ = writeln!(out, "  write {}", path.display());
    }
    let _ = writeln!(out, "  generated/: {}", plan.generated.line());
    let _ = writeln!(
        out,
        "  commit \"{}\" and annotated tag {}",
        plan.message, plan.tag
    );
    for note in &plan.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    let _ = writeln!(out, "\n{}", plan.changelog_entry.trim_end());
    out
}

/// The changelog entry of a release.
fn changelog_entry(
    edition: &Edition,
    previous: Option<&Release>,
    comparison: Option<&Comparison>,
    after: &Snapshot,
) -> String {
    let version = &edition.version;
    let mut out = format!("## {version} ({})\n\n", edition.date);
    let _ = writeln!(
        out,
        "{}.  \n{}.\n",
        markdown::inline(&edition.line_vi()),
        markdown::inline(&edition.line_en())
    );
    let (Some(previous), Some(comparison)) = (previous, comparison) else {
        let registry = &after.registry;
        let _ = writeln!(
            out,
            "First release: {} contracts, {} records, {} catalogues, {} identifiers.\n",
            registry.contracts.len(),
            registry.records.len(),
            registry.catalogues.len(),
            registry.identifiers.len()
        );
        return out;
    };
    let counts = comparison.counts();
    let stem = format!("{}-to-{version}", previous.version);
    let _ = writeln!(
        out,
        "From {}: {} breaking ({} approved), {} warning{}, {} info.\n\
         Migration guide: [English]({GENERATED_DIR}/{}/{stem}.en.md), [Tiếng Việt]({GENERATED_DIR}/{}/{stem}.vi.md).\n",
        previous.version,
        counts.breaking,
        counts.approved,
        counts.warning,
        if counts.warning == 1 { "" } else { "s" },
        counts.info,
        migration::FOLDER,
        migration::FOLDER,
    );
    for (title, severities) in [
        ("Breaking changes", &[Severity::Breaking][..]),
        ("Other changes", &[Severity::Warning, Severity::Info][..]),
    ] {
        let changes: Vec<_> = comparison
            .changes
            .iter()
            .filter(|c| severities.contains(&c.severity))
            .collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for change in changes {
            let _ = write!(
                out,
                "- {} {}: {} (`{}`)",
                change.severity,
                markdown::code(&change.element),
                markdown::inline(&change.message),
                change.rule
            );
            if let Some(approval) = &change.approval {
                let legal: Vec<String> = approval
                    .legal
                    .iter()
                    .map(|l| markdown::inline(&l.written))
                    .collect();
                let _ = write!(
                    out,
                    ". Approved: {} (legal basis: {})",
                    markdown::inline(approval.reason.en_or_vi().trim_end_matches('.')),
                    legal.join(", ")
                );
            }
            out.push('\n');
        }
        out.push('\n');
    }
    let versions: Vec<_> = comparison
        .versions
        .iter()
        .filter(|v| v.before != v.after && v.kind != "registry")
        .collect();
    if !versions.is_empty() {
        let _ = writeln!(out, "### Versions\n");
        for check in versions {
            let _ = writeln!(
                out,
                "- `{}`: {} → {}",
                check.element, check.before, check.after
            );
        }
        out.push('\n');
    }
    out
}

const CHANGELOG_HEADER: &str = "# Changelog\n\nEvery release of the data-contract registry, newest first. Each entry is written by `cargo contracts release`.\n\n";

/// The changelog with `entry` before the previous entries.
fn with_entry(root: &Path, entry: &str) -> Result<String, ReleaseError> {
    let path = root.join(CHANGELOG);
    let existing = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => CHANGELOG_HEADER.to_owned(),
        Err(e) => {
            return Err(ReleaseError::Write(format!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
    };
    Ok(insert_entry(&existing, entry))
}

fn insert_entry(existing: &str, entry: &str) -> String {
    let existing = without_entry(existing, entry.lines().next().unwrap_or_default());
    let existing = existing.as_str();
    match existing.find("\n## ") {
        Some(at) => format!("{}\n{entry}{}", &existing[..at], &existing[at + 1..]),
        None => {
            let mut text = existing.trim_end().to_owned();
            text.push_str("\n\n");
            text.push_str(entry);
            text
        }
    }
}

/// The changelog without the entry of the same version as `heading` (`## 1.0.0 (date)`), if it has one: a
/// release made again (its tag lost, or the release commit merged by a rebase) keeps one entry.
fn without_entry(existing: &str, heading: &str) -> String {
    let version = heading.split(' ').nth(1).unwrap_or_default();
    let start = format!("\n## {version} (");
    let Some(at) = existing.find(&start) else {
        return existing.to_owned();
    };
    let after = at + 1;
    let end = existing[after + 3..]
        .find("\n## ")
        .map_or(existing.len(), |i| after + 3 + i + 1);
    format!("{}{}", &existing[..after], &existing[end..])
}

/// Today's date in Vietnam (UTC+7), `yyyy-MM-dd`: the date of the release.
fn today() -> String {
    let vietnam = time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let date = time::OffsetDateTime::now_utc().to_offset(vietnam).date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_reads_back() {
        let oid = |n: u8| Oid::from_bytes(&[n; 20]).unwrap();
        let journal = Journal {
            branch: "refs/heads/main".to_owned(),
            parent: oid(1),
            commit: oid(2),
            tag_name: "v1.0.0".to_owned(),
            tag: oid(3),
        };
        assert_eq!(Journal::parse(&journal.text()), Some(journal));
        assert_eq!(Journal::parse("branch main\n"), None);
        assert_eq!(Journal::parse(""), None);
    }

    #[test]
    fn changelog_entries_go_first() {
        let first = insert_entry(CHANGELOG_HEADER, "## 1.0.0 (d)\n\nFirst.\n");
        assert!(first.starts_with("# Changelog"));
        let second = insert_entry(&first, "## 1.1.0 (d)\n\nSecond.\n\n");
        let again = insert_entry(&second, "## 1.0.0 (e)\n\nFirst again.\n");
        assert_eq!(again.matches("## 1.0.0").count(), 1, "{again}");
        assert!(again.contains("First again.") && !again.contains("First.\n"));
        assert!(again.contains("## 1.1.0 (d)\n\nSecond."));
        let (new, old) = (
            second.find("## 1.1.0").unwrap(),
            second.find("## 1.0.0").unwrap(),
        );
        assert!(new < old);
    }

    #[test]
    fn versions_of_a_release() {
        let v = |t: &str| Version::parse(t).unwrap();
        assert_eq!(
            choose_version(Level::Auto, None, None, &v("1.0.0")).unwrap(),
            v("1.0.0")
        );
        assert_eq!(
            choose_version(Level::Major, None, None, &v("0.1.0")).unwrap(),
            v("1.0.0")
        );
        assert_eq!(
            choose_version(
                Level::Auto,
                Some(Bump::Minor),
                Some(&v("1.0.0")),
                &v("1.0.0")
            )
            .unwrap(),
            v("1.1.0")
        );
        assert!(matches!(
            choose_version(
                Level::Patch,
                Some(Bump::Minor),
                Some(&v("1.0.0")),
                &v("1.0.0")
            ),
            Err(ReleaseError::TooSmall { .. })
        ));
        assert!(matches!(
            choose_version(Level::Auto, None, Some(&v("1.0.0")), &v("1.0.0")),
            Err(ReleaseError::NothingToRelease(_))
        ));
        assert!(matches!(
            choose_version(Level::Patch, None, Some(&v("1.0.0")), &v("1.0.0")),
            Err(ReleaseError::NothingToRelease(_))
        ));
        assert_eq!(
            choose_version(
                Level::Major,
                Some(Bump::Minor),
                Some(&v("1.0.0")),
                &v("2.0.0")
            )
            .unwrap(),
            v("2.0.0")
        );
        assert!(matches!(
            choose_version(
                Level::Minor,
                Some(Bump::Minor),
                Some(&v("1.0.0")),
                &v("2.0.0")
            ),
            Err(ReleaseError::Mismatch { .. })
        ));
    }
}
