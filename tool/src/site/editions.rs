//! Every edition (release tag) on the website: its pages at `editions/<tag>/` as they were in that edition, the
//! list of editions (`editions/index.html`), and what changed between any two (`editions/compare/<a>...<b>/`).
//!
//! An edition's registry is read from its tag as `diff` reads it ([`History::load_release`]: the checked model,
//! nothing checked out) and rendered with the current theme, so that its pages are the pages of today's site
//! for the registry of then. Comparisons are the diff engine's ([`Comparison`]), the one the migration guides
//! are written from.
//!
//! Incremental: what an edition's page shows depends on the tag's commit, the theme, the tool and the list of
//! editions (the selector), never on the working tree, so its fingerprint is made of those; a page whose
//! fingerprint is the one recorded is taken from the published site, and an edition none of whose pages
//! changed is not even read from git. To know its pages without reading it, the paths of each edition's pages
//! are kept beside the site's state ([`CACHE`]), by the tool and commit they were planned by.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use git2::{ObjectType, Oid};
use rayon::prelude::*;

use contracts_core::limits::Limits;
use contracts_core::model::Registry;

use super::digest::{self, Digest, Fingerprint};
use super::pages::editions::{FOLDER, INDEX, Side, Sides};
use super::pages::{self, Kind, Links, Pages, Spec, Users};
use super::state::{self, Entry};
use super::templates::Theme;
use super::{LANGUAGES, PublishError, SEARCH_INDEX, SiteError, deps, rows, search};
use crate::versions::comparison::Comparison;
use crate::versions::edition;
use crate::versions::history::{History, HistoryError, Release, Snapshot};

/// Where the editions' pages are staged: the site being published ([`super::publish`] implements it), which
/// takes a file unchanged from the published site when its fingerprint is verified, else has it written.
pub(super) trait Staging: Sync {
    /// The entry of `path` when the published file is the one `fingerprint` makes.
    fn verified(&self, path: &str, fingerprint: &Digest) -> Option<&Entry>;
    /// Stages `path`: the published file when it is verified, else what `write` makes.
    fn put(
        &self,
        path: &str,
        fingerprint: Digest,
        write: impl FnOnce(&mut dyn Write) -> Result<(), PublishError>,
    ) -> Result<Entry, PublishError>;
}

/// The file, in the build's work folder, that keeps the paths of each edition's pages.
pub const CACHE: &str = "editions";
/// Its first line: its format and version.
const CACHE_HEADER: &str = "contracts-site-editions 1";
/// The folders of `generated/` whose files the editions' pages link to.
const LINKED: [&str; 3] = ["editions/", "migrations/", "feeds/"];

/// The editions of the site, read from git history, and what their pages depend on.
pub struct Editions {
    sides: Sides,
    /// The commit of each edition, by side (none for the current side, 0).
    commits: Vec<Option<Oid>>,
    /// The releases, by side, to read the editions from.
    releases: Vec<Option<Release>>,
    /// The repository, while editions may still have to be read.
    history: Mutex<Option<History>>,
    limits: Limits,
    /// The registry of each side once read (none for the current side, which the caller has).
    loaded: Mutex<Vec<Option<Snapshot>>>,
    /// What every page of the editions depends on: the tool, the theme, every edition and its commit, whether
    /// the working tree is a draft, and the outputs the pages link to.
    digest: Digest,
    /// The paths of each edition's pages, by [`cache_key`]: as read, and as this build knows them.
    cache: (
        HashMap<Digest, BTreeSet<String>>,
        HashMap<Digest, BTreeSet<String>>,
    ),
    cache_file: PathBuf,
}

impl Default for Editions {
    /// A site without editions.
    fn default() -> Editions {
        Editions {
            sides: Sides {
                sides: vec![Side {
                    edition: None,
                    prefix: String::new(),
                    pages: BTreeSet::new(),
                }],
                draft: false,
                outputs: BTreeSet::new(),
            },
            commits: vec![None],
            releases: vec![None],
            history: Mutex::new(None),
            limits: Limits::default(),
            loaded: Mutex::new(vec![None]),
            digest: [0; 32],
            cache: (HashMap::new(), HashMap::new()),
            cache_file: PathBuf::new(),
        }
    }
}

impl Editions {
    /// The editions of the project at `root`, for a site whose current pages are `pages` (paths under a
    /// language's root) and whose `generated/` holds `outputs`. Without readable history (no repository, a
    /// shallow clone, no release) the site has no editions; an edition that cannot be read is left out, with a
    /// warning.
    pub fn read(
        root: &Path,
        limits: &Limits,
        registry: &Registry,
        pages: BTreeSet<String>,
        outputs: &[state::Output],
        theme: &Theme,
        work: &Path,
    ) -> Editions {
        let mut editions = Editions {
            limits: limits.clone(),
            cache: (read_cache(&work.join(CACHE)), HashMap::new()),
            cache_file: work.join(CACHE),
            ..Editions::default()
        };
        editions.sides.sides[0].pages = pages;
        editions.sides.outputs = outputs
            .iter()
            .map(|o| o.name.clone())
            .filter(|n| LINKED.iter().any(|f| n.starts_with(f)))
            .collect();
        if let Some(history) = readable(root) {
            editions.add_releases(&history, registry);
            *editions
                .history
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner) = Some(history);
        }
        editions.digest = editions.fingerprint(theme);
        editions
    }

    /// The sides of the site (for the pages' selector).
    pub fn sides(&self) -> &Sides {
        &self.sides
    }

    /// Whether the site has editions.
    pub fn is_empty(&self) -> bool {
        self.sides.editions() == 0
    }

    /// Adds every release that has a registry as a side, newest first, with its pages.
    fn add_releases(&mut self, history: &History, registry: &Registry) {
        let Ok(releases) = history.releases() else {
            return;
        };
        let editions = edition::editions(history, &releases);
        let mut loaded = Vec::new();
        for (release, edition) in releases.into_iter().zip(editions).rev() {
            let key = cache_key(release.commit);
            let (pages, snapshot) = match self.cache.0.get(&key) {
                Some(pages) => (pages.clone(), None),
                None => match history.load_release(&release, &self.limits) {
                    Ok(snapshot) => (edition_paths(&snapshot.registry), Some(snapshot)),
                    Err(HistoryError::NoRegistry { .. }) => continue,
                    Err(error) => {
                        eprintln!(
                            "warning: the edition {} is left out of the website: {error}",
                            release.tag
                        );
                        continue;
                    }
                },
            };
            self.cache.1.insert(key, pages.clone());
            self.sides.sides.push(Side {
                prefix: format!("{FOLDER}{}/", release.tag),
                edition: Some(edition),
                pages,
            });
            self.commits.push(Some(release.commit));
            self.releases.push(Some(release));
            loaded.push(snapshot);
        }
        self.loaded
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(loaded);
        self.sides.draft = match self.releases.get(1).and_then(Option::as_ref) {
            Some(latest) => is_draft(history, latest, registry),
            None => false,
        };
    }

    /// What every page of the editions depends on.
    fn fingerprint(&self, theme: &Theme) -> Digest {
        let mut fingerprint = Fingerprint::new("editions");
        fingerprint.add(&deps::tool()).add(&theme.digest);
        for (side, commit) in self.sides.sides.iter().zip(&self.commits) {
            fingerprint.add_str(&side.prefix);
            if let Some(edition) = &side.edition {
                fingerprint
                    .add_str(&edition.trailers())
                    .add_str(&edition.tag);
            }
            if let Some(commit) = commit {
                fingerprint.add(commit.as_bytes());
            }
        }
        fingerprint.add_str(if self.sides.draft { "draft" } else { "latest" });
        for name in &self.sides.outputs {
            fingerprint.add_str(name);
        }
        fingerprint.finish()
    }

    /// Which sides have the page at `path` (under a side's folder), as text.
    fn presence(&self, path: &str) -> String {
        self.sides
            .sides
            .iter()
            .map(|s| if s.pages.contains(path) { '1' } else { '0' })
            .collect()
    }

    /// The fingerprint of a page of the current site, whose own inputs give `own`: with editions, their list
    /// and which of them have the page too (its selector).
    pub fn page(&self, spec: &Spec, own: Digest) -> Digest {
        if self.is_empty() {
            return own;
        }
        Fingerprint::new("page-with-editions")
            .add(&own)
            .add(&self.digest)
            .add_str(&self.presence(&spec.path))
            .finish()
    }

    /// The fingerprint of the page at `path` (under its side's folder) of an edition, in the file `file`.
    fn edition_page(&self, file: &str, path: &str) -> Digest {
        Fingerprint::new("edition-page")
            .add(&self.digest)
            .add_str(file)
            .add_str(&self.presence(path))
            .finish()
    }

    /// The fingerprint of an edition's search index: its commit (and the tool, which writes it).
    fn search_index(&self, side: usize) -> Digest {
        let mut fingerprint = Fingerprint::new("edition-search-index");
        fingerprint.add(&deps::tool());
        if let Some(Some(commit)) = self.commits.get(side) {
            fingerprint.add(commit.as_bytes());
        }
        fingerprint.finish()
    }

    /// The fingerprint of a comparison's page (`current` is what the working tree's pages depend on).
    fn compare_page(&self, file: &str, after: usize, current: &Digest) -> Digest {
        let mut fingerprint = Fingerprint::new("compare-page");
        fingerprint.add(&self.digest).add_str(file);
        if after == 0 {
            fingerprint.add(current);
        }
        fingerprint.finish()
    }

    /// Stages every file of the editions: each edition's pages and search index, the comparisons and the list
    /// of editions. `current` are the pages of the current site (of the working tree's registry), and `all`
    /// the fingerprint of every input of the current site.
    pub fn stage(
        &self,
        site: &impl Staging,
        theme: &Theme,
        current: &Pages<'_>,
        registry: &Registry,
        all: &Digest,
    ) -> Result<(), PublishError> {
        if self.is_empty() {
            return Ok(());
        }
        let pairs = self.sides.pairs();
        let mut needed = BTreeSet::new();
        for side in 1..self.sides.sides.len() {
            if !self.side_is_verified(site, side) {
                needed.insert(side);
            }
        }
        for &(before, after) in &pairs {
            if !self.compare_is_verified(site, (before, after), all) {
                needed.extend([before, after].into_iter().filter(|s| *s > 0));
            }
        }
        let mut guard = self.loaded.lock().unwrap_or_else(PoisonError::into_inner);
        self.load(&needed, &mut guard)?;
        let loaded = &*guard;
        for side in 1..self.sides.sides.len() {
            let registry = loaded
                .get(side)
                .and_then(Option::as_ref)
                .map(|s| &s.registry);
            self.stage_side(site, theme, side, registry)?;
        }
        let registry_of = |side: usize| -> Option<&Registry> {
            if side == 0 {
                Some(registry)
            } else {
                loaded
                    .get(side)
                    .and_then(Option::as_ref)
                    .map(|s| &s.registry)
            }
        };
        pairs.par_iter().try_for_each(|&pair| {
            self.stage_compare(
                site,
                theme,
                current,
                pair,
                (registry_of(pair.0), registry_of(pair.1)),
                all,
            )
        })?;
        for lang in LANGUAGES {
            let file = language_file(lang, INDEX);
            let fingerprint = Fingerprint::new("editions-page")
                .add(&self.digest)
                .add(all)
                .add_str(&file)
                .finish();
            site.put(&file, fingerprint, |out| {
                let mut context = current.base(lang).map_err(PublishError::Site)?;
                let (template, rows) = current
                    .fill_editions(lang, &mut context)
                    .map_err(PublishError::Site)?;
                rows::with(rows, || theme.render_to(template, &context, out))
            })?;
        }
        // The editions read are not needed any more.
        guard.clear();
        self.write_cache()
    }

    /// Whether every file of side `side` is the one the last build published.
    fn side_is_verified(&self, site: &impl Staging, side: usize) -> bool {
        let Some(s) = self.sides.sides.get(side) else {
            return true;
        };
        let index = format!("{}{SEARCH_INDEX}", s.prefix);
        site.verified(&index, &self.search_index(side)).is_some()
            && s.pages.iter().all(|path| {
                LANGUAGES.iter().all(|lang| {
                    let file = language_file(lang, &format!("{}{path}", s.prefix));
                    site.verified(&file, &self.edition_page(&file, path))
                        .is_some()
                })
            })
    }

    fn compare_is_verified(
        &self,
        site: &impl Staging,
        (before, after): (usize, usize),
        all: &Digest,
    ) -> bool {
        let Some(path) = self.sides.compare_path(before, after) else {
            return true;
        };
        LANGUAGES.iter().all(|lang| {
            let file = language_file(lang, &path);
            site.verified(&file, &self.compare_page(&file, after, all))
                .is_some()
        })
    }

    /// Reads the registries of the sides in `needed` not yet read.
    fn load(
        &self,
        needed: &BTreeSet<usize>,
        loaded: &mut Vec<Option<Snapshot>>,
    ) -> Result<(), PublishError> {
        let history = self.history.lock().unwrap_or_else(PoisonError::into_inner);
        for &side in needed {
            if loaded.get(side).is_some_and(Option::is_some) {
                continue;
            }
            let (Some(history), Some(Some(release))) = (history.as_ref(), self.releases.get(side))
            else {
                continue;
            };
            let snapshot = history.load_release(release, &self.limits).map_err(|e| {
                PublishError::Site(SiteError {
                    what: format!("the edition {} cannot be read from git: {e}", release.tag),
                    fix: "repair the repository, or fetch the tags again (`git fetch --tags`)"
                        .to_owned(),
                })
            })?;
            if loaded.len() <= side {
                loaded.resize_with(side + 1, || None);
            }
            loaded[side] = Some(snapshot);
        }
        Ok(())
    }

    /// Stages the pages and search index of the edition at `side`, rendering those that changed with its
    /// `registry` (read when one did).
    fn stage_side(
        &self,
        site: &impl Staging,
        theme: &Theme,
        side: usize,
        registry: Option<&Registry>,
    ) -> Result<(), PublishError> {
        let Some(s) = self.sides.sides.get(side) else {
            return Ok(());
        };
        let not_read = || {
            PublishError::Site(SiteError {
                what: format!(
                    "the pages of {} changed but the edition was not read",
                    s.prefix
                ),
                fix: "this is a bug of the site builder; please report it".to_owned(),
            })
        };
        let index = format!("{}{SEARCH_INDEX}", s.prefix);
        let Some(registry) = registry else {
            // Nothing changed: every file is taken from the published site.
            site.put(&index, self.search_index(side), |_| Err(not_read()))?;
            return s.pages.par_iter().try_for_each(|path| {
                LANGUAGES.iter().try_for_each(|lang| {
                    let file = language_file(lang, &format!("{}{path}", s.prefix));
                    site.put(&file, self.edition_page(&file, path), |_| Err(not_read()))
                        .map(drop)
                })
            });
        };
        let links = Links::new(registry, BTreeSet::new(), None);
        let users = Users::of(registry);
        let pages = Pages::new(registry, theme, &links, &users).within(&self.sides, side);
        site.put(&index, self.search_index(side), |out| {
            search::write_index(registry, links.coverage(registry), out).map_err(PublishError::Io)
        })?;
        let specs: Vec<Spec> = edition_specs(registry)
            .into_iter()
            .flat_map(|(kind, path)| {
                LANGUAGES.iter().map(move |lang| Spec {
                    kind: kind.clone(),
                    lang,
                    path: format!("{}{path}", s.prefix),
                })
            })
            .collect();
        let contexts = || -> Result<Vec<(&'static str, handlebars::Context)>, SiteError> {
            LANGUAGES
                .iter()
                .map(|lang| Ok((*lang, pages.base(lang)?)))
                .collect()
        };
        specs
            .par_iter()
            .map_init(contexts, |contexts, spec| {
                let file = spec.file();
                let path = spec.path.strip_prefix(&s.prefix).unwrap_or(&spec.path);
                site.put(&file, self.edition_page(&file, path), |out| {
                    let contexts = contexts
                        .as_mut()
                        .map_err(|e| PublishError::Site(e.clone()))?;
                    let context = contexts
                        .iter_mut()
                        .find(|(lang, _)| *lang == spec.lang)
                        .map(|(_, context)| context)
                        .ok_or_else(not_read)?;
                    let (template, rows) = pages
                        .fill(spec, None, context)
                        .map_err(PublishError::Site)?;
                    rows::with(rows, || theme.render_to(template, context, out))
                })
                .map(drop)
            })
            .collect::<Result<Vec<()>, PublishError>>()
            .map(drop)
    }

    /// Stages the page of the comparison `pair` in every language, comparing the two registries (read when
    /// the page changed) only when one of them must be made again.
    fn stage_compare(
        &self,
        site: &impl Staging,
        theme: &Theme,
        current: &Pages<'_>,
        (before, after): (usize, usize),
        registries: (Option<&Registry>, Option<&Registry>),
        all: &Digest,
    ) -> Result<(), PublishError> {
        let Some(path) = self.sides.compare_path(before, after) else {
            return Ok(());
        };
        let comparison = OnceLock::new();
        for lang in LANGUAGES {
            let file = language_file(lang, &path);
            site.put(&file, self.compare_page(&file, after, all), |out| {
                let (Some(old), Some(new)) = registries else {
                    return Err(PublishError::Site(SiteError {
                        what: format!("the page {file} changed but its editions were not read"),
                        fix: "this is a bug of the site builder; please report it".to_owned(),
                    }));
                };
                let comparison =
                    comparison.get_or_init(|| Comparison::between(old, new, after > 0));
                let mut context = current.base(lang).map_err(PublishError::Site)?;
                let (template, rows) = current
                    .fill_compare(lang, (before, after), (old, new), comparison, &mut context)
                    .map_err(PublishError::Site)?;
                rows::with(rows, || theme.render_to(template, &context, out))
            })?;
        }
        Ok(())
    }

    /// Keeps the paths of the editions' pages for the next build (only when they changed; a cache that cannot
    /// be written costs the next build time, nothing else).
    fn write_cache(&self) -> Result<(), PublishError> {
        if self.cache.0 == self.cache.1 {
            return Ok(());
        }
        let mut keys: Vec<(&Digest, &BTreeSet<String>)> = self.cache.1.iter().collect();
        keys.sort();
        let mut text = format!("{CACHE_HEADER}\n");
        for (key, paths) in keys {
            for path in paths.iter().filter(|p| !p.contains(['\t', '\n', '\r'])) {
                text.push_str(&format!("{}\t{path}\n", digest::hex(key)));
            }
        }
        let _ = contracts_core::output::write_atomically(&self.cache_file, text.as_bytes());
        Ok(())
    }
}

/// The repository of `root` when its releases can be read: not shallow, with release tags.
fn readable(root: &Path) -> Option<History> {
    let history = History::open(root).ok()?;
    (!history.is_shallow()).then_some(history)
}

/// Whether the registry on disk differs from the one of the latest release, file by file (by git blob id).
fn is_draft(history: &History, latest: &Release, registry: &Registry) -> bool {
    let Ok(mut at_tag) = history.blobs(&latest.tag) else {
        return true;
    };
    let mut here: Vec<(String, Oid)> = registry
        .sources
        .files()
        .map(|(_, f)| {
            let oid =
                Oid::hash_object(ObjectType::Blob, f.text.as_bytes()).unwrap_or(Oid::ZERO_SHA1);
            (f.name.clone(), oid)
        })
        .collect();
    at_tag.sort();
    here.sort();
    at_tag != here
}

/// The pages of an edition, with what each shows: those of the current site but the downloads page and the
/// latest migration guide (an edition's document and guides are on the list of editions).
fn edition_specs(registry: &Registry) -> Vec<(Kind, String)> {
    let links = Links::new(registry, BTreeSet::new(), None);
    pages::plan(registry, &links)
        .into_iter()
        .filter(|s| s.lang == LANGUAGES[0] && !matches!(s.kind, Kind::Downloads | Kind::Changes))
        .map(|s| (s.kind, s.path))
        .collect()
}

fn edition_paths(registry: &Registry) -> BTreeSet<String> {
    edition_specs(registry)
        .into_iter()
        .map(|(_, path)| path)
        .collect()
}

/// The file of the page at `path` under `lang`'s root.
fn language_file(lang: &str, path: &str) -> String {
    if lang == LANGUAGES[0] {
        path.to_owned()
    } else {
        format!("{lang}/{path}")
    }
}

/// What the paths of an edition's pages are kept by: the tool that planned them and the edition's commit.
fn cache_key(commit: Oid) -> Digest {
    Fingerprint::new("edition-pages")
        .add(&deps::tool())
        .add(commit.as_bytes())
        .finish()
}

/// The paths kept by the last build; a missing or unreadable file is empty.
fn read_cache(path: &Path) -> HashMap<Digest, BTreeSet<String>> {
    let mut out: HashMap<Digest, BTreeSet<String>> = HashMap::new();
    let Ok(text) = std::fs::read_to_string(path) else {
        return out;
    };
    let mut lines = text.lines();
    if lines.next() != Some(CACHE_HEADER) {
        return out;
    }
    for line in lines {
        let Some((key, path)) = line.split_once('\t') else {
            return HashMap::new();
        };
        let Some(key) = digest::parse_hex(key) else {
            return HashMap::new();
        };
        out.entry(key).or_default().insert(path.to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_paths_of_editions_read_back_and_anything_else_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(CACHE);
        let editions = Editions {
            cache: (
                HashMap::new(),
                HashMap::from([(
                    [7; 32],
                    BTreeSet::from(["index.html".to_owned(), "contracts/a.html".to_owned()]),
                )]),
            ),
            cache_file: file.clone(),
            ..Editions::default()
        };
        editions.write_cache().unwrap();
        assert_eq!(read_cache(&file), editions.cache.1);
        for broken in [
            "contracts-site-editions 0\n",
            "contracts-site-editions 1\nzz\tindex.html\n",
            "contracts-site-editions 1\nno tab\n",
        ] {
            std::fs::write(&file, broken).unwrap();
            assert!(read_cache(&file).is_empty(), "{broken:?}");
        }
        assert!(read_cache(&dir.path().join("missing")).is_empty());
    }
}
