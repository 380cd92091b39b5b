//! What each file of the site depends on, as a fingerprint: a file whose fingerprint is the one recorded when it
//! was published is not made again.
//!
//! Every input is a source file of the registry (by the digest of its text), the theme, the tool itself and the
//! signing key. The files that define contracts, records and catalogues are tracked one by one; every other
//! source file (the registry's own, the legal sources, identifiers, owners, databases, reuse declarations,
//! approvals) counts for every page. An element's page depends on its own file and on the files of the elements
//! it shows the names of: a contract on the records and catalogues its fields use, a record on those and on the
//! contracts and records that use it, a catalogue on its users. The indexes (home, traceability, Rust, search
//! index, owners, reuse, databases, downloads) depend on every file.

use std::collections::BTreeSet;

use ed25519_dalek::VerifyingKey;
use rayon::prelude::*;

use contracts_core::model::{Field, FieldType, Registry};
use contracts_core::source::FileId;

use super::digest::{self, Digest, Fingerprint};
use super::pages::{Downloads, Kind, Spec, Users};
use super::state;
use super::templates::Theme;

/// The digests every fingerprint of a build is made from.
pub struct Inputs<'a> {
    registry: &'a Registry,
    /// The digest of each source file, by file id.
    files: Vec<Digest>,
    /// What every page depends on.
    global: Digest,
    /// Every input: what the indexes depend on.
    all: Digest,
}

impl<'a> Inputs<'a> {
    /// `outputs` are the files of `generated/` (their names appear on pages, and the migration guides' texts).
    pub fn new(
        registry: &'a Registry,
        files: Vec<Digest>,
        theme: &Theme,
        key: Option<&VerifyingKey>,
        outputs: &[state::Output],
    ) -> Inputs<'a> {
        let elements = element_files(registry);
        let mut global = Fingerprint::new("site");
        global.add(&tool());
        global.add(&theme.digest);
        global.add(key.map_or(&[][..], |k| k.as_bytes()));
        for (id, file) in registry.sources.files() {
            if !elements.contains(&id) {
                global.add_str(&file.name).add(&files[index(id)]);
            }
        }
        for output in outputs {
            global.add_str(&output.name);
            if output.name.starts_with("migrations/") {
                global.add(&output.digest);
            }
        }
        let global = global.finish();
        let mut all = Fingerprint::new("all");
        all.add(&global);
        for (id, file) in registry.sources.files() {
            all.add_str(&file.name).add(&files[index(id)]);
        }
        Inputs {
            registry,
            files,
            global,
            all: all.finish(),
        }
    }

    /// Every input.
    pub fn all(&self) -> &Digest {
        &self.all
    }

    /// The fingerprint of a page; the downloads page also depends on the bundle (`downloads`).
    pub fn page(&self, spec: &Spec, users: &Users, downloads: Option<&Downloads>) -> Digest {
        let registry = self.registry;
        let mut fingerprint = Fingerprint::new("page");
        fingerprint.add_str(&spec.file());
        let mut files = BTreeSet::new();
        match &spec.kind {
            Kind::Contract(id) => {
                fingerprint.add(&self.global);
                if let Some(c) = registry.contracts.get(id) {
                    files.insert(c.span.file);
                    files
                        .extend(self.type_files(c.request.fields.iter().chain(&c.response.fields)));
                }
            }
            Kind::Record(id) => {
                fingerprint.add(&self.global);
                if let Some(r) = registry.records.get(id) {
                    files.insert(r.span.file);
                    files.extend(self.type_files(r.fields.iter()));
                    files.extend(self.user_files(users.of_record(id)));
                }
            }
            Kind::Catalogue(id) => {
                fingerprint.add(&self.global);
                if let Some(c) = registry.catalogues.get(id) {
                    files.insert(c.span.file);
                    files.extend(self.user_files(users.of_catalogue(id)));
                }
            }
            Kind::Search => {
                fingerprint.add(&self.global);
            }
            Kind::Downloads => {
                fingerprint.add(&self.all);
                if let Some(d) = downloads {
                    fingerprint
                        .add_str(&d.archive)
                        .add_str(&d.archive_size.to_string())
                        .add_str(&d.archive_sha256)
                        .add_str(&d.file_count.to_string());
                }
            }
            Kind::Home
            | Kind::Database(_)
            | Kind::Reuse
            | Kind::Owners
            | Kind::Changes
            | Kind::Traceability
            | Kind::Rust => {
                fingerprint.add(&self.all);
            }
        }
        for file in files {
            fingerprint
                .add_str(&registry.sources.get(file).name)
                .add(&self.files[index(file)]);
        }
        fingerprint.finish()
    }

    /// The files of the records and catalogues `fields` use, in order, once each.
    fn type_files<'f>(&self, fields: impl Iterator<Item = &'f Field>) -> BTreeSet<FileId> {
        let registry = self.registry;
        fields
            .filter_map(|field| match &field.ty {
                FieldType::Record(id) => registry.records.get(id).map(|r| r.span.file),
                FieldType::Code(id) => registry.catalogues.get(id).map(|c| c.span.file),
                FieldType::Scalar(_) => None,
            })
            .collect()
    }

    /// The files of the contracts (`true`) and records (`false`) named.
    fn user_files<'u>(&self, users: impl Iterator<Item = (&'u str, bool)>) -> BTreeSet<FileId> {
        let registry = self.registry;
        users
            .filter_map(|(id, contract)| {
                if contract {
                    registry.contracts.get(id).map(|c| c.span.file)
                } else {
                    registry.records.get(id).map(|r| r.span.file)
                }
            })
            .collect()
    }
}

/// The digest of every source file of the registry, by file id (computed on every core).
pub fn file_digests(registry: &Registry) -> Vec<Digest> {
    let texts: Vec<&str> = registry
        .sources
        .files()
        .map(|(_, file)| file.text.as_str())
        .collect();
    texts
        .par_iter()
        .map(|text| digest::of(text.as_bytes()))
        .collect()
}

/// The fingerprint of what `generated/` is made from: the tool, every source file, and `more` (what else the
/// outputs are read from, such as the releases in git history).
pub fn generation(registry: &Registry, files: &[Digest], more: &str) -> Digest {
    let mut fingerprint = Fingerprint::new("generation");
    fingerprint.add(&tool()).add_str(more);
    for (id, file) in registry.sources.files() {
        fingerprint.add_str(&file.name).add(&files[index(id)]);
    }
    fingerprint.finish()
}

/// What identifies this build of the tool: its version, and the size and time of its executable (a rebuilt tool
/// may write other outputs, so nothing it made before is trusted).
pub fn tool() -> Digest {
    let mut fingerprint = Fingerprint::new("tool");
    fingerprint.add_str(env!("CARGO_PKG_VERSION"));
    match std::env::current_exe().and_then(std::fs::metadata) {
        Ok(meta) => {
            let stamp = contracts_core::output::Stamp::from_metadata(&meta);
            fingerprint
                .add_str(&stamp.size.to_string())
                .add_str(&stamp.modified_ns.to_string());
        }
        // Not knowing which tool this is, trust nothing made before.
        Err(_) => {
            fingerprint.add(&digest::of(
                format!("{:?}", std::time::SystemTime::now()).as_bytes(),
            ));
        }
    }
    fingerprint.finish()
}

/// The files that define contracts, records and catalogues (tracked one by one).
fn element_files(registry: &Registry) -> BTreeSet<FileId> {
    let contracts = registry.contracts.values().map(|c| c.span.file);
    let records = registry.records.values().map(|r| r.span.file);
    let catalogues = registry.catalogues.values().map(|c| c.span.file);
    contracts.chain(records).chain(catalogues).collect()
}

fn index(id: FileId) -> usize {
    id.0 as usize
}
