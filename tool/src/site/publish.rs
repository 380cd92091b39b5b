//! Publishing the website as a whole: every file is made (or taken unchanged from the published site) into a
//! staging folder, and the staging folder then takes the place of `docs-site/public/` in one step.
//!
//! A reader or a web server therefore sees the whole old site or the whole new one, never new pages beside an
//! old `SHA256SUMS` or archive, whatever happens to the build: killed at any point, or stopped by a full disk,
//! it leaves the published site as it was (and the next build removes what it left in the staging folder).
//!
//! Nothing is held whole in memory: the outputs of `generated/` are staged into the download bundle as they are
//! generated, compared with the published copy as they are written; pages are rendered one at a time on every
//! core, each into a context whose shared parts (the strings) are set once; the archive is written from the
//! staged files. What is unchanged is not made again: each file has a fingerprint of what it is made from
//! ([`super::deps`]), and a file whose fingerprint and stamp are those the last build recorded
//! ([`super::state`]) is linked into the staging folder as it is. When nothing changed at all, nothing is
//! staged and the published site is left alone. `generated/` is brought in line last, from the staged bundle,
//! each file replaced atomically (a template error therefore writes nothing anywhere).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Mutex;

use ed25519_dalek::SigningKey;
use rayon::prelude::*;

use contracts_core::GENERATED_DIR;
use contracts_core::generate::{self, Content};
use contracts_core::limits::Limits;
use contracts_core::model::Registry;
use contracts_core::output::{self, OutputError, Stamp, Summary};
use contracts_core::walk::{self, Hidden};

use super::bundle::{self, Member};
use super::deps::{self, Inputs};
use super::digest::{self, Digest, Fingerprint, Hashing};
use super::editions::Editions;
use super::faults::{Faults, Point};
use super::pages::{self, Changes, Downloads, Kind, Links, Pages, Spec, Users};
use super::state::{self, Entry, State};
use super::templates::Theme;
use super::{MARKER, PUBLIC_DIR, PublishError, SEARCH_INDEX, SITE_DIR, SiteError, keys, search};
use crate::versions::history::{History, Snapshot};
use crate::versions::outputs;

/// Where a build keeps its staging folder and its state, beside `docs-site/public/` (ignored by git).
pub const WORK_DIR: &str = "docs-site/.public-build";
/// The staging folder inside [`WORK_DIR`].
const STAGING: &str = "staging";
/// The state file inside [`WORK_DIR`].
const STATE: &str = "state";
/// The folder of the unpacked bundle inside the site.
pub const BUNDLE_DIR: &str = "downloads/bundle";

/// What the site is built from.
pub enum Source<'a> {
    /// `build`: every output of the project (with the migration guides), and `generated/` is brought in line.
    Project {
        current: &'a mut Snapshot,
        limits: &'a Limits,
    },
    /// `serve`: the outputs the registry generates; `generated/` is left alone.
    Preview { registry: &'a Registry },
}

/// What a publication did.
#[derive(Debug)]
pub struct Report {
    /// What changed in `generated/` (`build` only).
    pub generated: Option<Summary>,
    /// What changed in the site.
    pub site: Summary,
    /// Whether the bundle is signed.
    pub signed: bool,
    /// Why the migration guides were kept as they are, when they were.
    pub note: Option<String>,
    /// How long each part took, in milliseconds (for `bench`).
    pub phases: Vec<(&'static str, f64)>,
}

/// Builds the website of the project at `root` from `source` and publishes it as a whole.
pub fn publish(
    root: &Path,
    mut source: Source<'_>,
    key: Option<&SigningKey>,
    faults: &Faults,
) -> Result<Report, PublishError> {
    let mut clock = Clock::start();
    let theme = Theme::load(&root.join(SITE_DIR)).map_err(PublishError::Site)?;
    let public = root.join(PUBLIC_DIR);
    let work = root.join(WORK_DIR);
    let generated_dir = root.join(GENERATED_DIR);
    let existing_generated = match &source {
        Source::Project { .. } => Some(existing_generated(&generated_dir)?),
        Source::Preview { .. } => None,
    };
    let published = Published::scan(&public)?;
    let staging = work.join(STAGING);
    remove_leftovers(&work)?;
    let state = State::read(&work.join(STATE));
    let files = deps::file_digests(source.registry());
    let generation = deps::generation(source.registry(), &files, &source.history(root));
    clock.lap("inputs");
    let site = Site {
        public: &public,
        staging: &staging,
        published: &published,
        state: &state,
        faults,
        made: Mutex::new(Vec::new()),
    };

    // Nothing changed: the same inputs, and every file of the site and of `generated/` the one recorded.
    let inputs = site_inputs(generation, &theme, key);
    if state.inputs == Some(inputs)
        && published.is_recorded(&state)
        && existing_generated
            .as_ref()
            .is_none_or(|existing| generated_is_recorded(&generated_dir, existing, &state))
    {
        clock.lap("verify");
        let unchanged = |entries: &HashMap<String, Entry>| {
            let mut paths: Vec<String> = entries.keys().cloned().collect();
            paths.sort();
            Summary {
                unchanged: paths,
                ..Summary::default()
            }
        };
        return Ok(Report {
            generated: existing_generated.map(|_| unchanged(&state.generated)),
            site: unchanged(&state.site),
            signed: key.is_some(),
            note: state.note.clone(),
            phases: clock.laps,
        });
    }
    clock.lap("verify");
    // The outputs of the last build, when nothing they are made from changed; else generated anew into the
    // staging folder.
    let reused = reusable_outputs(&state, &site, generation);
    let (outputs, note) = match reused {
        Some(outputs) => {
            site.link_outputs(outputs)?;
            (outputs.to_vec(), state.note.clone())
        }
        None => site.generate(root, &mut source)?,
    };
    clock.lap("generate");
    let mut plan = Plan::new(source.registry(), &theme, key, &site, &outputs, files);
    plan.editions = Editions::read(
        root,
        &source.limits(),
        plan.registry,
        plan.specs.iter().map(|s| s.path.clone()).collect(),
        &outputs,
        &theme,
        &work,
    );
    clock.lap("editions read");
    plan.stage(&site, &mut clock)?;

    let generated = match &existing_generated {
        Some(existing) => Some(sync_generated(
            &generated_dir,
            existing,
            &outputs,
            &staging,
            &state,
            faults,
        )?),
        None => None,
    };
    clock.lap("generated/");
    let (entries, summary) = site.finish();

    faults.pass(Point::Publish);
    output::publish_folder(&staging, &public).map_err(|e| io_error(&public, e))?;
    faults.pass(Point::Published);
    clock.lap("switch");

    let new_state = State {
        inputs: Some(inputs),
        generation: Some((generation, outputs)),
        note: note.clone(),
        site: entries,
        generated: generated
            .as_ref()
            .map(|(_, entries)| entries.clone())
            .unwrap_or_default(),
    };
    new_state
        .write(&work.join(STATE))
        .map_err(PublishError::Output)?;
    clock.lap("state");
    // The old site, now in the staging folder; what cannot be removed now, the next build removes.
    remove_tree(&staging);
    clock.lap("remove old site");
    Ok(Report {
        generated: generated.map(|(summary, _)| summary),
        site: summary,
        signed: key.is_some(),
        note,
        phases: clock.laps,
    })
}

/// The time of each part of a publication.
struct Clock {
    last: std::time::Instant,
    laps: Vec<(&'static str, f64)>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.laps
            .push((name, now.duration_since(self.last).as_secs_f64() * 1000.0));
        if std::env::var_os("CONTRACTS_DEBUG_PEAK").is_some() {
            eprintln!(
                "DEBUG {name}: peak {:?} KiB",
                crate::memory::peak_resident_kib()
            );
        }
        self.last = now;
    }
}

impl Source<'_> {
    fn registry(&self) -> &Registry {
        match self {
            Source::Project { current, .. } => &current.registry,
            Source::Preview { registry } => registry,
        }
    }

    /// The limits past registries are read with.
    fn limits(&self) -> Limits {
        match self {
            Source::Project { limits, .. } => (*limits).clone(),
            Source::Preview { .. } => Limits::default(),
        }
    }

    /// What the outputs are read from besides the registry: for `build`, the releases in git history (from
    /// which the migration guides are written), or, without a readable history, the guides already written.
    fn history(&self, root: &Path) -> String {
        match self {
            Source::Preview { .. } => "preview".to_owned(),
            Source::Project { .. } => releases_read(root),
        }
    }
}

/// The releases the migration guides are written from (tag and commit), or why none can be read and the guides
/// kept in `generated/migrations/` (name and stamp).
fn releases_read(root: &Path) -> String {
    let read = History::open(root)
        .map_err(|e| e.to_string())
        .and_then(|history| {
            if history.is_shallow() {
                return Err("shallow".to_owned());
            }
            history.releases().map_err(|e| e.to_string())
        });
    match read {
        Ok(releases) => releases
            .iter()
            .map(|r| format!("{}={}\n", r.tag, r.commit))
            .collect(),
        Err(why) => {
            let folder = root.join(GENERATED_DIR).join("migrations");
            let kept: String = walk::files(&folder, Hidden::Skip)
                .flatten()
                .map(|f| format!("{}={:?}\n", f.name, Stamp::of(&f.path)))
                .collect();
            format!("no history: {why}\n{kept}")
        }
    }
}

/// The files of the published site, with their stamps.
struct Published {
    files: HashMap<String, Stamp>,
}

impl Published {
    /// Every file under `public`; it must be missing, empty, or marked as written by `build`.
    fn scan(public: &Path) -> Result<Published, PublishError> {
        if fs::symlink_metadata(public).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(PublishError::Site(SiteError {
                what: format!("{} is a symbolic link", public.display()),
                fix: "the site is published by putting a new folder in its place as a whole: make it a plain folder, and point the web server at it (or copy it where the server reads)".to_owned(),
            }));
        }
        let files = stamps_under(public)?;
        if !files.is_empty() && !files.contains_key(MARKER) {
            return Err(PublishError::Output(OutputError::NotOwned(
                public.to_path_buf(),
                MARKER.to_owned(),
            )));
        }
        Ok(Published { files })
    }

    fn stamp(&self, path: &str) -> Option<&Stamp> {
        self.files.get(path)
    }

    /// Whether the site holds exactly the files the state records, each still the one recorded.
    fn is_recorded(&self, state: &State) -> bool {
        self.files.len() == state.site.len()
            && state
                .site
                .iter()
                .all(|(path, e)| self.files.get(path) == Some(&e.stamp))
    }
}

/// Every file under `dir` (hidden ones too; a symbolic link counts as a file with no stamp), by `/`-separated
/// name, with its stamp: the folders are read on every core.
fn stamps_under(dir: &Path) -> Result<HashMap<String, Stamp>, PublishError> {
    let found = Mutex::new(Ok(HashMap::new()));
    rayon::scope(|scope| stamps_in(scope, dir.to_path_buf(), String::new(), &found));
    found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

type Found = Mutex<Result<HashMap<String, Stamp>, PublishError>>;

fn stamps_in<'s>(
    scope: &rayon::Scope<'s>,
    dir: std::path::PathBuf,
    prefix: String,
    found: &'s Found,
) {
    let mut stamps = Vec::new();
    let listed = fs::read_dir(&dir).and_then(|entries| {
        for entry in entries {
            let entry = entry?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type()?;
            if kind.is_dir() {
                let (path, prefix) = (entry.path(), format!("{name}/"));
                scope.spawn(move |scope| stamps_in(scope, path, prefix, found));
            } else if kind.is_symlink() {
                stamps.push((name, Stamp::default()));
            } else {
                stamps.push((name, Stamp::from_metadata(&entry.metadata()?)));
            }
        }
        Ok(())
    });
    let mut found = found
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match (listed, found.as_mut()) {
        (Ok(()), Ok(map)) => map.extend(stamps),
        (Err(error), Ok(_)) if !(error.kind() == io::ErrorKind::NotFound && prefix.is_empty()) => {
            *found = Err(io_error(&dir, error));
        }
        _ => {}
    }
}

/// The staging folder being filled, and what the published site and the last build's state offer to it.
pub(super) struct Site<'a> {
    public: &'a Path,
    staging: &'a Path,
    published: &'a Published,
    state: &'a State,
    faults: &'a Faults,
    /// Every file staged: its path, what the state records of it, and whether it differs from the published one.
    made: Mutex<Vec<(String, Entry, bool)>>,
}

impl Site<'_> {
    /// The state's entry of `path` when the published file is still the one it describes, made from
    /// `fingerprint`.
    pub(super) fn verified(&self, path: &str, fingerprint: &Digest) -> Option<&Entry> {
        let entry = self.state.site.get(path)?;
        (entry.fingerprint == *fingerprint && self.published.stamp(path) == Some(&entry.stamp))
            .then_some(entry)
    }

    /// Stages `path`: the published file when it is verified, else what `write` makes of it (compared with the
    /// published file as it is written, and linked instead when equal).
    pub(super) fn put(
        &self,
        path: &str,
        fingerprint: Digest,
        write: impl FnOnce(&mut dyn Write) -> Result<(), PublishError>,
    ) -> Result<Entry, PublishError> {
        let target = self.staging.join(path);
        if let Some(entry) = self.verified(path, &fingerprint) {
            let entry = *entry;
            self.link(path, &target)?;
            self.record(path, entry, false);
            return Ok(entry);
        }
        self.faults.write().map_err(|e| io_error(&target, e))?;
        let old = self
            .published
            .stamp(path)
            .is_some()
            .then(|| self.public.join(path));
        let mut failure = None;
        let mut hashed = None;
        let staged = output::stage(old.as_deref(), &target, |out| {
            let mut hashing = Hashing::new(out);
            if let Err(error) = write(&mut hashing) {
                let stop = io::Error::other("stopped");
                failure = Some(error);
                return Err(stop);
            }
            hashed = Some(hashing.finish().0);
            Ok(())
        });
        if let Some(error) = failure {
            return Err(error);
        }
        let staged = staged.map_err(|e| io_error(&target, e))?;
        let entry = Entry {
            fingerprint,
            digest: hashed.unwrap_or_default(),
            size: staged.bytes,
            stamp: Stamp::of(&target).unwrap_or_default(),
        };
        self.record(path, entry, staged.changed);
        Ok(entry)
    }

    /// [`Site::put`] for a file whose content differs whenever its fingerprint does (the archive): made anew
    /// when not verified, without reading the published one to compare.
    fn put_new(
        &self,
        path: &str,
        fingerprint: Digest,
        write: impl FnOnce(&mut dyn Write) -> Result<(), PublishError>,
    ) -> Result<Entry, PublishError> {
        if self.verified(path, &fingerprint).is_some() {
            return self.put(path, fingerprint, write);
        }
        let target = self.staging.join(path);
        self.faults.write().map_err(|e| io_error(&target, e))?;
        let file = create_new(&target).map_err(|e| io_error(&target, e))?;
        let mut hashing = Hashing::new(io::BufWriter::with_capacity(1 << 20, file));
        write(&mut hashing)?;
        let (digest, size, buffered) = hashing.finish();
        buffered
            .into_inner()
            .map_err(|e| io_error(&target, e.into_error()))?;
        let entry = Entry {
            fingerprint,
            digest,
            size,
            stamp: Stamp::default(),
        };
        self.record(path, entry, true);
        Ok(entry)
    }

    fn link(&self, path: &str, target: &Path) -> Result<(), PublishError> {
        output::link_or_copy(&self.public.join(path), target).map_err(|e| io_error(target, e))
    }

    fn record(&self, path: &str, mut entry: Entry, changed: bool) {
        entry.stamp = Stamp::of(&self.staging.join(path)).unwrap_or(entry.stamp);
        self.made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((path.to_owned(), entry, changed));
    }

    /// Links the bundle's files of the last build (all verified) into the staging folder.
    fn link_outputs(&self, outputs: &[state::Output]) -> Result<(), PublishError> {
        outputs.par_iter().try_for_each(|o| {
            let path = bundle_path(&o.name);
            let entry = *self
                .state
                .site
                .get(&path)
                .ok_or_else(|| io_error(self.public, io::Error::other("state changed")))?;
            self.link(&path, &self.staging.join(&path))?;
            self.record(&path, entry, false);
            Ok(())
        })
    }

    /// Generates every output into the staging folder's bundle, each compared with the published copy as it is
    /// written, on the thread that produced it: the outputs (sorted by name) and the note of the migration
    /// guides.
    fn generate(
        &self,
        root: &Path,
        source: &mut Source<'_>,
    ) -> Result<(Vec<state::Output>, Option<String>), PublishError> {
        let stage = |name: String, content: Content<'_>| -> Result<state::Output, PublishError> {
            self.faults.pass(Point::Bundle);
            let path = bundle_path(&name);
            let entry = self.put(&path, [0; 32], |out| {
                match content {
                    Content::Bytes(bytes) => out.write_all(&bytes),
                    Content::Stream(stream) => stream(out),
                }
                .map_err(PublishError::Io)
            })?;
            Ok(state::Output {
                name,
                digest: entry.digest,
                size: entry.size,
            })
        };
        let mut outputs = Vec::new();
        let sink = |staged: Result<state::Output, PublishError>| {
            outputs.push(staged?);
            Ok::<(), PublishError>(())
        };
        let note = match source {
            Source::Project { current, limits } => {
                outputs::each(root, current, None, limits, &stage, sink)?
            }
            Source::Preview { registry } => {
                generate::each_output(registry, &stage, sink)?;
                None
            }
        };
        outputs.sort_by(|a, b| a.name.cmp(&b.name));
        // A bundle file's fingerprint is its content.
        let mut made = self
            .made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (_, entry, _) in made.iter_mut() {
            entry.fingerprint = entry.digest;
        }
        Ok((outputs, note))
    }

    /// The state of every staged file, and what changed from the published site.
    fn finish(&self) -> (HashMap<String, Entry>, Summary) {
        let made = std::mem::take(
            &mut *self
                .made
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let mut summary = Summary::default();
        let mut entries = HashMap::with_capacity(made.len());
        for (path, entry, changed) in made {
            if changed {
                summary.written.push(path.clone());
            } else {
                summary.unchanged.push(path.clone());
            }
            entries.insert(path, entry);
        }
        summary.removed = self
            .published
            .files
            .keys()
            .filter(|path| !entries.contains_key(*path))
            .cloned()
            .collect();
        summary.written.sort();
        summary.unchanged.sort();
        summary.removed.sort();
        (entries, summary)
    }
}

/// The outputs of the last build, when the generation's inputs are the same and every file of its bundle is
/// still the published one.
fn reusable_outputs<'s>(
    state: &'s State,
    site: &Site<'_>,
    generation: Digest,
) -> Option<&'s [state::Output]> {
    let (fingerprint, outputs) = state.generation.as_ref()?;
    (*fingerprint == generation
        && outputs
            .iter()
            .all(|o| site.verified(&bundle_path(&o.name), &o.digest).is_some()))
    .then_some(outputs.as_slice())
}

/// Where an output of `generated/` is in the site.
fn bundle_path(name: &str) -> String {
    format!("{BUNDLE_DIR}/{name}")
}

/// Every other file of the site, with its fingerprint, once the outputs are known.
struct Plan<'a> {
    registry: &'a Registry,
    theme: &'a Theme,
    key: Option<&'a SigningKey>,
    outputs: &'a [state::Output],
    links: Links,
    users: Users,
    inputs: Inputs<'a>,
    specs: Vec<Spec>,
    /// The text of `SHA256SUMS`.
    sums: String,
    /// The editions of the site (see [`super::editions`]).
    editions: Editions,
}

/// A small file of the site: its path, fingerprint and bytes.
type SmallFile = (String, Digest, Vec<u8>);

impl<'a> Plan<'a> {
    fn new(
        registry: &'a Registry,
        theme: &'a Theme,
        key: Option<&'a SigningKey>,
        site: &Site<'_>,
        outputs: &'a [state::Output],
        files: Vec<Digest>,
    ) -> Plan<'a> {
        let names: BTreeSet<String> = outputs.iter().map(|o| o.name.clone()).collect();
        let read = |name: &str| {
            let path = bundle_path(name);
            fs::read(site.staging.join(&path))
                .or_else(|_| fs::read(site.public.join(&path)))
                .ok()
        };
        let changes = Changes::find(
            outputs.iter().map(|o| o.name.as_str()),
            read,
            registry.info.version.as_ref(),
        );
        let links = Links::new(registry, names, changes);
        let inputs = Inputs::new(
            registry,
            files,
            theme,
            key.map(SigningKey::verifying_key).as_ref(),
            outputs,
        );
        let specs = pages::plan(registry, &links);
        Plan {
            registry,
            theme,
            key,
            outputs,
            links,
            users: Users::of(registry),
            inputs,
            specs,
            sums: bundle::sums(outputs.iter().map(|o| (o.name.as_str(), &o.digest))),
            editions: Editions::default(),
        }
    }

    /// The marker, the theme's assets, `SHA256SUMS`, its signature and the public key, with their fingerprints.
    fn small_files(&self) -> Vec<SmallFile> {
        let mut out = Vec::new();
        let marker = marker_text().into_bytes();
        out.push((MARKER.to_owned(), digest::of(&marker), marker));
        for (name, bytes) in &self.theme.assets {
            out.push((format!("assets/{name}"), digest::of(bytes), bytes.clone()));
        }
        let sums_digest = digest::of(self.sums.as_bytes());
        out.push((
            bundle_path(bundle::SUMS),
            sums_digest,
            self.sums.clone().into_bytes(),
        ));
        if let Some(key) = self.key {
            let public = key.verifying_key();
            out.push((
                bundle_path(bundle::SIGNATURE),
                signature_fingerprint(&sums_digest, &public),
                bundle::signature(key, &self.sums).to_vec(),
            ));
            let pem = keys::public_pem(&public).into_bytes();
            out.push((KEY_FILE.to_owned(), digest::of(&pem), pem));
        }
        out
    }

    fn search_index_fingerprint(&self) -> Digest {
        Fingerprint::new("search-index")
            .add(self.inputs.all())
            .finish()
    }

    /// The archive's path and fingerprint: its folder, and each member's name, fingerprint and size.
    fn archive_fingerprint(&self) -> (String, Digest) {
        let top = bundle::top_folder(self.registry);
        let mut members: BTreeMap<&str, (Digest, u64)> = self
            .outputs
            .iter()
            .map(|o| (o.name.as_str(), (o.digest, o.size)))
            .collect();
        let sums_digest = digest::of(self.sums.as_bytes());
        members.insert(bundle::SUMS, (sums_digest, self.sums.len() as u64));
        if let Some(key) = self.key {
            let fingerprint = signature_fingerprint(&sums_digest, &key.verifying_key());
            members.insert(bundle::SIGNATURE, (fingerprint, 64));
        }
        let mut fingerprint = Fingerprint::new("archive");
        fingerprint.add_str(&top);
        for (name, (digest, size)) in &members {
            fingerprint
                .add_str(name)
                .add(digest)
                .add_str(&size.to_string());
        }
        (
            format!("downloads/{top}.{}", bundle::TAR_GZ),
            fingerprint.finish(),
        )
    }

    /// What the downloads page says about the bundle, from the archive's entry.
    fn downloads(&self, archive: String, entry: &Entry) -> Downloads {
        Downloads {
            dir: BUNDLE_DIR.to_owned(),
            archive,
            archive_size: entry.size,
            archive_sha256: digest::hex(&entry.digest),
            file_count: self.outputs.len(),
            zip: Default::default(),
            sums: ARCHIVE_SUMS.to_owned(),
            signed: self.key.is_some(),
            key: self
                .key
                .map(|k| (KEY_FILE.to_owned(), keys::fingerprint(&k.verifying_key()))),
        }
    }

    /// Stages every file of the site but the bundle's outputs: the small files, then the archive beside the
    /// pages, then the downloads pages, which give the archive's size and digest.
    fn stage(&self, site: &Site<'_>, clock: &mut Clock) -> Result<(), PublishError> {
        let pages = Pages::new(self.registry, self.theme, &self.links, &self.users)
            .within(self.editions.sides(), 0);
        for (path, fingerprint, bytes) in self.small_files() {
            site.put(&path, fingerprint, |out| {
                out.write_all(&bytes).map_err(PublishError::Io)
            })?;
        }
        clock.lap("small files");
        // The archive is written (and hashed) on a thread of its own while the pages are rendered.
        let (archive, rendered) = std::thread::scope(|scope| {
            let archive = scope.spawn(|| self.stage_archive(site));
            let (index, rendered) = rayon::join(
                || {
                    site.put(SEARCH_INDEX, self.search_index_fingerprint(), |out| {
                        let coverage = self.links.coverage(self.registry);
                        search::write_index(self.registry, coverage, out).map_err(PublishError::Io)
                    })
                },
                || self.stage_pages(site, &pages, None),
            );
            let rendered = index.and(rendered);
            let archive = archive
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (archive, rendered)
        });
        let downloads = archive?;
        rendered?;
        clock.lap("pages and archive");
        self.stage_pages(site, &pages, Some(&downloads))?;
        let staged =
            self.editions
                .stage(site, self.theme, &pages, self.registry, self.inputs.all());
        clock.lap("editions");
        staged
    }

    /// The archive of the bundle, written from the staged files; what the downloads page says about it.
    fn stage_archive(&self, site: &Site<'_>) -> Result<Downloads, PublishError> {
        let top = bundle::top_folder(self.registry);
        let mut members: BTreeMap<&str, Member<'_>> = self
            .outputs
            .iter()
            .map(|o| (o.name.as_str(), member(site, &o.name, o.size)))
            .collect();
        members.insert(
            bundle::SUMS,
            member(site, bundle::SUMS, self.sums.len() as u64),
        );
        if self.key.is_some() {
            members.insert(bundle::SIGNATURE, member(site, bundle::SIGNATURE, 64));
        }
        let members: Vec<Member<'_>> = members.into_values().collect();
        let (archive, fingerprint) = self.archive_fingerprint();
        let zip_path = format!("downloads/{top}.zip");
        let zip_fingerprint = Fingerprint::new("zip").add(&fingerprint).finish();
        // The two archives are compressed at the same time, each on its own core.
        let (entry, zip) = std::thread::scope(|scope| {
            let zip = scope.spawn(|| {
                site.put_new(&zip_path, zip_fingerprint, |out| {
                    bundle::zip(&top, &members, out).map_err(PublishError::Io)
                })
            });
            let entry = stage_tar_gz(site, &top, &members, &archive, fingerprint);
            let zip = zip
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (entry, zip)
        });
        let (entry, zip) = (entry?, zip?);
        let sums = bundle::sums([
            (file_name(&archive), &entry.digest),
            (file_name(&zip_path), &zip.digest),
        ]);
        let sums_digest = digest::of(sums.as_bytes());
        site.put(ARCHIVE_SUMS, sums_digest, |out| {
            out.write_all(sums.as_bytes()).map_err(PublishError::Io)
        })?;
        if let Some(key) = self.key {
            let signature = bundle::signature(key, &sums);
            site.put(
                ARCHIVE_SIGNATURE,
                signature_fingerprint(&sums_digest, &key.verifying_key()),
                |out| out.write_all(&signature).map_err(PublishError::Io),
            )?;
        }
        let mut downloads = self.downloads(archive, &entry);
        downloads.zip = (zip_path, zip.size, digest::hex(&zip.digest));
        Ok(downloads)
    }

    /// Renders every page (with `downloads`, the downloads pages only; without, all others) on every core, each
    /// thread with a context per language: the indexes of the whole registry, the longest to render, are handed
    /// out one at a time beside the other pages. The first page that fails, in plan order, gives the error.
    fn stage_pages(
        &self,
        site: &Site<'_>,
        pages: &Pages<'_>,
        downloads: Option<&Downloads>,
    ) -> Result<(), PublishError> {
        let (indexes, others): (Vec<Numbered<'_>>, Vec<Numbered<'_>>) = self
            .specs
            .iter()
            .enumerate()
            .filter(|(_, s)| (s.kind == Kind::Downloads) == downloads.is_some())
            .partition(|(_, s)| is_index(&s.kind));
        let contexts = || -> Result<Contexts, SiteError> {
            super::LANGUAGES
                .iter()
                .map(|lang| Ok((*lang, pages.base(lang)?)))
                .collect()
        };
        let render = |contexts: &mut Result<Contexts, SiteError>,
                      (index, spec): &(usize, &Spec)| {
            let outcome = self.stage_page(site, pages, downloads, contexts, spec);
            (*index, outcome)
        };
        let (mut outcomes, rest) = rayon::join(
            || {
                indexes
                    .par_iter()
                    .with_max_len(1)
                    .map_init(contexts, render)
                    .collect::<Vec<_>>()
            },
            || {
                others
                    .par_iter()
                    .map_init(contexts, render)
                    .collect::<Vec<_>>()
            },
        );
        outcomes.extend(rest);
        outcomes.sort_by_key(|(index, _)| *index);
        outcomes.into_iter().try_for_each(|(_, outcome)| outcome)
    }

    fn stage_page(
        &self,
        site: &Site<'_>,
        pages: &Pages<'_>,
        downloads: Option<&Downloads>,
        contexts: &mut Result<Contexts, SiteError>,
        spec: &Spec,
    ) -> Result<(), PublishError> {
        let contexts = contexts
            .as_mut()
            .map_err(|e| PublishError::Site(e.clone()))?;
        let own = self.inputs.page(spec, &self.users, downloads);
        let fingerprint = self.editions.page(spec, own);
        let Some((_, context)) = contexts.iter_mut().find(|(lang, _)| *lang == spec.lang) else {
            return Err(PublishError::Site(SiteError {
                what: format!("no strings for the language `{}`", spec.lang),
                fix: "this is a bug of the site builder; please report it".to_owned(),
            }));
        };
        site.put(&spec.file(), fingerprint, |out| {
            site.faults.pass(Point::Page);
            let (template, rows) = pages
                .fill(spec, downloads, context)
                .map_err(PublishError::Site)?;
            super::rows::with(rows, || self.theme.render_to(template, context, out))
        })
        .map(drop)
    }
}

/// A page with its place in the plan.
type Numbered<'s> = (usize, &'s Spec);

/// A context per language, reused from page to page.
type Contexts = Vec<(&'static str, handlebars::Context)>;

/// The pages that show the whole registry, whose data grows with it.
fn is_index(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Home | Kind::Traceability | Kind::Rust | Kind::Owners | Kind::Reuse
    )
}

/// A signature is made from `SHA256SUMS` and the key.
/// The checksums of the two archives, beside them, and their detached signature.
const ARCHIVE_SUMS: &str = "downloads/SHA256SUMS";
const ARCHIVE_SIGNATURE: &str = "downloads/SHA256SUMS.sig";

/// The last segment of a path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn signature_fingerprint(sums: &Digest, key: &ed25519_dalek::VerifyingKey) -> Digest {
    Fingerprint::new("signature")
        .add(sums)
        .add(key.as_bytes())
        .finish()
}

/// The bundle as a compressed tar archive at `archive`.
fn stage_tar_gz(
    site: &Site<'_>,
    top: &str,
    members: &[Member<'_>],
    archive: &str,
    fingerprint: Digest,
) -> Result<Entry, PublishError> {
    site.put_new(archive, fingerprint, |out| {
        site.faults.pass(Point::Archive);
        bundle::tar_gz(top, members, out).map_err(|e| match e {
            bundle::TarError::PathTooLong(name) => PublishError::Site(SiteError {
                what: format!(
                    "the generated file `{name}` has a path too long for the tar archive (over 255 bytes)"
                ),
                fix: "shorten the id of the contract or record whose outputs have the longest paths"
                    .to_owned(),
            }),
            bundle::TarError::Io(error) => PublishError::Io(error),
        })
    })
}

fn member<'n>(site: &Site<'_>, name: &'n str, size: u64) -> Member<'n> {
    Member {
        name,
        path: site.staging.join(bundle_path(name)),
        size,
    }
}

/// The public key of a signed bundle, inside the site.
const KEY_FILE: &str = "downloads/signing-key.pub.pem";

fn marker_text() -> String {
    "This folder is written by `cargo contracts build` from contracts/ and docs-site/; do not edit it.\n\
     It is removed and rewritten at will: edit the templates in docs-site/templates/ instead.\n"
        .to_owned()
}

/// Whether `generated/` holds exactly the files the state records, each still the one recorded.
fn generated_is_recorded(dir: &Path, existing: &BTreeSet<String>, state: &State) -> bool {
    existing.len() == state.generated.len()
        && state
            .generated
            .par_iter()
            .all(|(name, e)| existing.contains(name) && Stamp::of(&dir.join(name)) == Some(e.stamp))
}

/// The fingerprint of everything a site is made from: the generation's inputs (the tool, every source file,
/// the releases), the theme and the signing key.
fn site_inputs(generation: Digest, theme: &Theme, key: Option<&SigningKey>) -> Digest {
    let public = key.map(|k| k.verifying_key().to_bytes());
    Fingerprint::new("site-inputs")
        .add(&generation)
        .add(&theme.digest)
        .add(public.as_ref().map_or(&[][..], |k| &k[..]))
        .finish()
}

/// The files of `generated/` (which must be missing, empty, or marked as written by `build`).
fn existing_generated(dir: &Path) -> Result<BTreeSet<String>, PublishError> {
    let names: BTreeSet<String> = walk::files(dir, Hidden::Include)
        .map(|f| f.map(|f| f.name))
        .collect::<Result<_, _>>()
        .map_err(|e| PublishError::Output(OutputError::Io(e.path, e.error)))?;
    if !names.is_empty() && !names.contains(generate::MARKER) {
        return Err(PublishError::Output(OutputError::NotOwned(
            dir.to_path_buf(),
            generate::MARKER.to_owned(),
        )));
    }
    Ok(names)
}

/// Brings `generated/` in line with the outputs staged in the bundle: a file whose content differs (known from
/// its stamp and the state, else read) is replaced atomically by the staged one (the same file, hard-linked:
/// nothing is written twice), the marker first; files no output claims are removed.
fn sync_generated(
    dir: &Path,
    existing: &BTreeSet<String>,
    outputs: &[state::Output],
    staging: &Path,
    state: &State,
    faults: &Faults,
) -> Result<(Summary, HashMap<String, Entry>), PublishError> {
    // The marker first, so that even an interrupted first build leaves the folder marked as owned; the other
    // files on every core.
    let (marker, others): (Vec<&state::Output>, Vec<&state::Output>) =
        outputs.iter().partition(|o| o.name == generate::MARKER);
    let sync = |output: &state::Output| -> Result<(String, Entry, bool), PublishError> {
        let path = dir.join(&output.name);
        let stamp = Stamp::of(&path);
        let known = state
            .generated
            .get(&output.name)
            .filter(|e| Some(e.stamp) == stamp)
            .map(|e| e.digest);
        let current = match (known, stamp) {
            (Some(digest), _) => Some(digest),
            (None, Some(_)) => fs::read(&path).ok().map(|bytes| digest::of(&bytes)),
            (None, None) => None,
        };
        let changed = current != Some(output.digest);
        if changed {
            faults.write().map_err(|e| io_error(&path, e))?;
            faults.pass(Point::Generated);
            output::link_atomically(&staging.join(bundle_path(&output.name)), &path)
                .map_err(PublishError::Output)?;
        }
        let entry = Entry {
            fingerprint: output.digest,
            digest: output.digest,
            size: output.size,
            stamp: Stamp::of(&path).unwrap_or_default(),
        };
        Ok((output.name.clone(), entry, changed))
    };
    let mut synced: Vec<(String, Entry, bool)> =
        marker.into_iter().map(sync).collect::<Result<_, _>>()?;
    synced.extend(
        others
            .par_iter()
            .map(|o| sync(o))
            .collect::<Result<Vec<_>, _>>()?,
    );
    let mut summary = Summary::default();
    let mut entries = HashMap::with_capacity(outputs.len());
    for (name, entry, changed) in synced {
        if changed {
            summary.written.push(name.clone());
        } else {
            summary.unchanged.push(name.clone());
        }
        entries.insert(name, entry);
    }
    let claimed: BTreeSet<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
    for name in existing.iter().filter(|n| !claimed.contains(n.as_str())) {
        let path = dir.join(name);
        fs::remove_file(&path).map_err(|e| io_error(&path, e))?;
        summary.removed.push(name.clone());
    }
    walk::remove_empty_dirs(dir);
    summary.written.sort();
    summary.unchanged.sort();
    Ok((summary, entries))
}

/// A new file at `path`, its folder created when missing.
fn create_new(path: &Path) -> io::Result<fs::File> {
    let create = || fs::File::options().write(true).create_new(true).open(path);
    match create() {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
            create()
        }
        made => made,
    }
}

/// Removes the folder `dir` and everything in it, its sub-folders on every core; what cannot be removed is left.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let children: Vec<(std::path::PathBuf, bool)> = entries
            .flatten()
            .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
            .collect();
        children.par_iter().for_each(|(path, is_dir)| {
            let _ = if *is_dir {
                remove_tree(path);
                Ok(())
            } else {
                fs::remove_file(path)
            };
        });
    }
    let _ = fs::remove_dir(dir);
}

/// Removes what an interrupted build left in the work folder.
fn remove_leftovers(work: &Path) -> Result<(), PublishError> {
    let staging = work.join(STAGING);
    for folder in [staging.with_extension("old"), staging] {
        if fs::symlink_metadata(&folder).is_ok() {
            fs::remove_dir_all(&folder).map_err(|e| io_error(&folder, e))?;
        }
    }
    Ok(())
}

fn io_error(path: &Path, error: io::Error) -> PublishError {
    PublishError::Output(OutputError::Io(path.to_path_buf(), error))
}

impl super::editions::Staging for Site<'_> {
    fn verified(&self, path: &str, fingerprint: &Digest) -> Option<&Entry> {
        Site::verified(self, path, fingerprint)
    }

    fn put(
        &self,
        path: &str,
        fingerprint: Digest,
        write: impl FnOnce(&mut dyn Write) -> Result<(), PublishError>,
    ) -> Result<Entry, PublishError> {
        Site::put(self, path, fingerprint, write)
    }
}
