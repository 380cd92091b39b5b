//! From parsed files to the checked registry model: ids, references, names and defaults, with every finding.

mod approvals;
mod databases;

pub use databases::NDXP_CATALOGUE;
mod elements;
mod fields;
mod groups;
mod legal;
mod provenance;
mod review;
mod whole;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::limits::Limits;
use crate::load::Loaded;
use crate::model::{self, Registry};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, Document, Pos, Sp};

/// The pattern, minimum and maximum length of an identifier, which the fields of that identifier inherit.
pub(crate) type IdentifierConstraints = (String, Option<u64>, Option<u64>);

/// The contract files whose parsing `load` left to resolution, and the limits to parse them within.
struct Contracts<'l> {
    deferred: Vec<FileId>,
    limits: &'l Limits,
}

/// A contract file waiting to be resolved: parsed already (documents added one by one), or not yet.
enum Pending {
    Parsed(FileId, Box<Document>),
    Deferred(FileId),
}

impl Pending {
    fn file(&self) -> FileId {
        match self {
            Pending::Parsed(file, _) | Pending::Deferred(file) => *file,
        }
    }
}

/// What became of a contract file: the findings of its parsing and of its owner, and what it holds.
struct ContractOutcome {
    file: FileId,
    findings: Diagnostics,
    resolved: ContractFile,
}

enum ContractFile {
    Contract(Box<ResolvedContract>),
    /// A document of another kind, resolved with the others.
    Other(Box<Document>),
    /// A file that did not parse, with its findings.
    Unparsed,
}

/// A contract: its id; if the id is valid, its model (when it resolved) and the findings of resolving it; and
/// what the checks of the whole registry need of its document.
struct ResolvedContract {
    id: Sp<String>,
    resolved: Option<(Option<model::Contract>, Diagnostics)>,
    examples: whole::ContractExamples,
}

/// Pattern text → its compiled expression, or why it does not compile.
type Patterns = HashMap<String, Result<Arc<contracts_runtime::validate::Matcher>, String>>;

/// Resolves every loaded document into one registry, reporting all findings (never stopping at the first).
pub fn resolve(loaded: Loaded) -> (Registry, Diagnostics) {
    let Loaded {
        sources,
        documents,
        deferred,
        limits,
        mut diagnostics,
    } = loaded;
    let mut cx = Context::new(&sources, &documents);
    cx.unreadable = Arc::new(unreadable_files(&sources, &documents, &deferred));
    let mut registry = Registry::default();
    let contracts = Contracts {
        deferred,
        limits: &limits,
    };
    let leftovers = cx.resolve_all(documents, contracts, &mut registry);
    diagnostics.extend(cx.diagnostics);
    whole::check(&mut registry, &leftovers, &sources, &mut diagnostics);
    drop(leftovers);
    databases::check_prefills(&registry, &mut diagnostics);
    databases::check_procedures(&registry, &mut diagnostics);
    registry.sources = sources;
    diagnostics.sort();
    (registry, diagnostics)
}

/// What resolution knows while it works: the files, the declared ids, the legal sources, and the findings.
///
/// What every element is checked against is shared (`Arc`), so that the context can be [forked](Self::fork)
/// for the elements resolved on other threads, each fork with its own findings.
pub(crate) struct Context<'a> {
    pub sources: &'a SourceMap,
    pub file: FileId,
    pub diagnostics: Diagnostics,
    /// Ids declared per kind (`catalogue`, `record`...), each with the span of its first declaration.
    pub declared: Arc<BTreeMap<&'static str, BTreeMap<String, Span>>>,
    pub legal_sources: Arc<BTreeMap<String, model::LegalSource>>,
    pub primary_source: Option<String>,
    pub auth_schemes: Arc<BTreeSet<String>>,
    /// The ids of the registry's wire sources, which `provenance: {wire: ...}` cites.
    pub wire_sources: Arc<BTreeSet<String>>,
    /// The ids of the registry's signature schemes, which contracts name in `signature-scheme:`.
    pub signature_schemes: Arc<BTreeSet<String>>,
    /// The registry's data groups in the order written, each with the provisions it covers.
    pub groups: Arc<Vec<groups::Cover>>,
    pub wire_defaults: model::WireDefaults,
    /// Per type, what readers accept besides the canonical format, for fields that do not say.
    pub wire_accepts: Arc<BTreeMap<model::ScalarOrCode, Vec<model::Accept>>>,
    /// Catalogue id → the wire format its own `format:` states (checked where the catalogue is resolved).
    pub catalogue_formats: Arc<BTreeMap<String, model::WireFormat>>,
    /// Identifier id → (pattern, min-length, max-length), inherited by fields of that identifier.
    pub identifier_docs: Arc<BTreeMap<String, IdentifierConstraints>>,
    /// Pattern text → its compiled expression, or why it does not compile: each distinct pattern is compiled
    /// once, for every fork.
    pub regexes: Arc<Mutex<Patterns>>,
    /// Legal reference as written → what it cites, shared by every fork: each is resolved once.
    pub citations: Arc<Mutex<HashMap<String, Arc<model::Citation>>>>,
    /// The codes of the catalogue of Appendix II databases, which database descriptions cite.
    pub ndxp_codes: Arc<BTreeSet<String>>,
    /// Whether the registry describes any owner: then every element must name its own.
    pub has_owners: bool,
    /// (folder, file stem) of the files that could not be read as a document (already reported): a reference
    /// to the id such a file would declare is not reported again.
    pub unreadable: Arc<BTreeSet<(String, String)>>,
}

impl<'a> Context<'a> {
    fn new(sources: &'a SourceMap, documents: &[(FileId, Document)]) -> Self {
        let catalogue_formats = documents
            .iter()
            .filter_map(|(_, d)| match d {
                Document::Catalogue(c) => Some((c.id.value.clone(), c.format.as_ref()?)),
                _ => None,
            })
            .filter_map(|(id, format)| {
                let names = model::format_names(&model::FieldType::Code(id.clone()));
                let (_, parsed) = names.iter().find(|(name, _)| *name == format.value)?;
                Some((id, *parsed))
            })
            .collect::<BTreeMap<_, _>>();
        let identifier_docs = documents
            .iter()
            .filter_map(|(_, d)| match d {
                Document::Identifier(i) => Some((
                    i.id.value.clone(),
                    (
                        i.pattern.value.clone(),
                        i.min_length.as_ref().map(|v| v.value),
                        i.max_length.as_ref().map(|v| v.value),
                    ),
                )),
                _ => None,
            })
            .collect::<BTreeMap<_, _>>();
        let ndxp_codes = documents
            .iter()
            .filter_map(|(_, d)| match d {
                Document::Catalogue(c) if c.id.value == NDXP_CATALOGUE => Some(c),
                _ => None,
            })
            .flat_map(|c| c.codes.iter().map(|(code, _)| code.value.clone()))
            .collect::<BTreeSet<_>>();
        let mut cx = Context {
            sources,
            file: FileId(0),
            diagnostics: Diagnostics::default(),
            declared: Arc::default(),
            legal_sources: Arc::default(),
            primary_source: None,
            auth_schemes: Arc::default(),
            wire_sources: Arc::default(),
            signature_schemes: Arc::default(),
            groups: Arc::default(),
            wire_defaults: model::WireDefaults::default(),
            wire_accepts: Arc::default(),
            catalogue_formats: Arc::new(catalogue_formats),
            identifier_docs: Arc::new(identifier_docs),
            regexes: Arc::default(),
            citations: Arc::default(),
            ndxp_codes: Arc::new(ndxp_codes),
            has_owners: documents
                .iter()
                .any(|(_, d)| matches!(d, Document::Owner(_))),
            unreadable: Arc::default(),
        };
        cx.declare_ids(documents);
        cx
    }

    /// A context for resolving elements of `file` on another thread: the same knowledge, its own findings.
    fn fork(&self, file: FileId) -> Context<'a> {
        Context {
            sources: self.sources,
            file,
            diagnostics: Diagnostics::default(),
            declared: Arc::clone(&self.declared),
            legal_sources: Arc::clone(&self.legal_sources),
            primary_source: self.primary_source.clone(),
            auth_schemes: Arc::clone(&self.auth_schemes),
            wire_sources: Arc::clone(&self.wire_sources),
            signature_schemes: Arc::clone(&self.signature_schemes),
            groups: Arc::clone(&self.groups),
            wire_defaults: self.wire_defaults,
            wire_accepts: Arc::clone(&self.wire_accepts),
            catalogue_formats: Arc::clone(&self.catalogue_formats),
            identifier_docs: Arc::clone(&self.identifier_docs),
            regexes: Arc::clone(&self.regexes),
            citations: Arc::clone(&self.citations),
            ndxp_codes: Arc::clone(&self.ndxp_codes),
            has_owners: self.has_owners,
            unreadable: Arc::clone(&self.unreadable),
        }
    }

    /// The span of a parsed value in the current file.
    pub fn span(&self, pos: Pos) -> Span {
        self.sources.span_of(self.file, pos)
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Registers the id of every document but the contracts (declared as they are resolved) once, reporting
    /// invalid, duplicate and misnamed ids.
    fn declare_ids(&mut self, documents: &[(FileId, Document)]) {
        for (file, document) in documents {
            if let Some(id) = document_id(document)
                && !matches!(document, Document::Contract(_))
            {
                self.declare(*file, document.kind(), id);
            }
        }
    }

    /// Registers the id of an element of `kind` in `file`, reporting an invalid, duplicate or misnamed id:
    /// whether it is the element that id stands for (valid, and the first of its kind).
    fn declare(&mut self, file: FileId, kind: &'static str, id: &Sp<String>) -> bool {
        self.file = file;
        let span = self.span(id.pos);
        if !crate::naming::is_valid_id(&id.value) {
            self.report(
                Diagnostic::new(Code::InvalidId, format!("`{}` is not a valid {kind} id", id.value))
                    .at(span, "invalid id")
                    .help("ids are lowercase ASCII words joined by single hyphens, at most 64 characters (e.g. `dossier-status`); no `/`, `.` or `..`"),
            );
            return false;
        }
        let stem = file_stem(&self.sources.get(file).name);
        // An owner is found by its folder, checked with the folders of what it owns.
        if stem != id.value && kind != "owner" {
            self.report(
                Diagnostic::new(
                    Code::IdFileMismatch,
                    format!("the {kind} `{}` is in the file `{stem}.yaml`", id.value),
                )
                .at(span, "id")
                .help(format!(
                    "rename the file to `{}.yaml`, so each element is found by its id",
                    id.value
                )),
            );
        }
        let ids = Arc::make_mut(&mut self.declared).entry(kind).or_default();
        if let Some(first) = ids.get(&id.value) {
            let first = *first;
            self.report(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("the {kind} id `{}` is declared twice", id.value),
                )
                .at(span, "declared again here")
                .also(first, "first declared here")
                .help("rename one of them; ids must be unique per kind"),
            );
            false
        } else {
            ids.insert(id.value.clone(), span);
            true
        }
    }

    /// Resolves every document into `registry`, dropping each one as soon as it is resolved except for what the
    /// checks of the whole registry still need.
    fn resolve_all(
        &mut self,
        documents: Vec<(FileId, Document)>,
        contracts: Contracts<'_>,
        registry: &mut Registry,
    ) -> whole::Leftovers {
        // Legal sources first: every other element's references are checked against them.
        for (file, document) in &documents {
            if let Document::LegalSource(doc) = document {
                self.file = *file;
                if let Some(source) = self.legal_source(doc) {
                    Arc::make_mut(&mut self.legal_sources).insert(source.id.clone(), source);
                }
            }
        }
        self.registry_info(&documents, registry);
        self.check_owner_folders(&documents);
        let mut leftovers = whole::Leftovers::default();
        // Contracts, most of any registry, depend only on what the other elements declare: they are resolved
        // first, on every core, and declared in file order as they come back.
        let (parsed, mut documents): (Vec<_>, Vec<_>) = documents
            .into_iter()
            .partition(|(_, document)| matches!(document, Document::Contract(_)));
        let mut pending: Vec<Pending> = parsed
            .into_iter()
            .map(|(file, document)| Pending::Parsed(file, Box::new(document)))
            .chain(contracts.deferred.into_iter().map(Pending::Deferred))
            .collect();
        pending.sort_by_key(Pending::file);
        for outcome in self.resolve_contracts(pending, contracts.limits) {
            self.diagnostics.extend(outcome.findings);
            match outcome.resolved {
                ContractFile::Contract(contract) => {
                    let ResolvedContract {
                        id,
                        resolved,
                        examples,
                    } = *contract;
                    if self.declare(outcome.file, "contract", &id)
                        && let Some((contract, findings)) = resolved
                    {
                        self.diagnostics.extend(findings);
                        if let Some(contract) = contract {
                            registry.contracts.insert(id.value, contract);
                        }
                    }
                    leftovers.keep_contract(outcome.file, examples);
                }
                ContractFile::Other(document) => {
                    if let Some(id) = document_id(&document) {
                        self.declare(outcome.file, document.kind(), id);
                    }
                    documents.push((outcome.file, *document));
                }
                ContractFile::Unparsed => {}
            }
        }
        documents.sort_by_key(|(file, _)| *file);
        // Reuse declarations after the other kinds: they name the attributes of databases.
        let mut reuses = Vec::new();
        for (file, document) in documents {
            self.file = file;
            match &document {
                Document::Identifier(doc) => self.insert(
                    doc.id.as_str(),
                    "identifier",
                    |cx| cx.identifier(doc),
                    &mut registry.identifiers,
                ),
                Document::Catalogue(doc) => self.insert(
                    doc.id.as_str(),
                    "catalogue",
                    |cx| cx.catalogue(doc),
                    &mut registry.catalogues,
                ),
                Document::Record(doc) => self.insert(
                    doc.id.as_str(),
                    "record",
                    |cx| cx.record(doc),
                    &mut registry.records,
                ),
                Document::Approvals(doc) => self.approvals(doc, &mut registry.approvals),
                Document::Owner(doc) => self.insert(
                    doc.id.as_str(),
                    "owner",
                    |cx| cx.owner(doc),
                    &mut registry.owners,
                ),
                Document::Database(doc) => self.insert(
                    doc.id.as_str(),
                    "database",
                    |cx| cx.database(doc),
                    &mut registry.databases,
                ),
                Document::Reuse(_) => {
                    reuses.push((file, document));
                    continue;
                }
                Document::Registry(_) | Document::LegalSource(_) | Document::Contract(_) => {}
            }
            leftovers.keep(file, document);
        }
        for (file, document) in &reuses {
            if let Document::Reuse(doc) = document {
                self.file = *file;
                let databases = &registry.databases;
                let mut reuses = std::mem::take(&mut registry.reuses);
                self.insert(
                    doc.id.as_str(),
                    "reuse",
                    |cx| cx.reuse(doc, databases),
                    &mut reuses,
                );
                registry.reuses = reuses;
            }
        }
        // Every fork is gone by now: the sources are this context's alone.
        registry.legal_sources =
            Arc::into_inner(std::mem::take(&mut self.legal_sources)).unwrap_or_default();
        leftovers
    }

    /// The contract files parsed (if they are not yet) and resolved on every core, each document dropped once
    /// resolved, in file order. Not yet declared: a contract is resolved if its id is valid, and kept if it is
    /// the first with that id.
    fn resolve_contracts(&self, pending: Vec<Pending>, limits: &Limits) -> Vec<ContractOutcome> {
        // Each worker takes the files it resolves out of the list, so that no document outlives its resolution.
        let pending: Vec<Mutex<Option<Pending>>> =
            pending.into_iter().map(|p| Mutex::new(Some(p))).collect();
        let outcomes =
            crate::parallel::map(&pending, Some(crate::load::PARSER_STACK_BYTES), |slot| {
                let pending = slot.lock().ok()?.take()?;
                Some(self.resolve_contract_file(pending, limits))
            });
        outcomes.into_iter().flatten().collect()
    }

    /// One contract file: parsed, its owner and folder checked, and resolved if its id is valid.
    fn resolve_contract_file(&self, pending: Pending, limits: &Limits) -> ContractOutcome {
        let (file, document, mut findings) = match pending {
            Pending::Parsed(file, document) => (file, Some(*document), Diagnostics::default()),
            Pending::Deferred(file) => {
                let mut findings = Diagnostics::default();
                let document = crate::load::parse(self.sources, file, limits, &mut findings);
                (file, document, findings)
            }
        };
        let Some(document) = document else {
            return ContractOutcome {
                file,
                findings,
                resolved: ContractFile::Unparsed,
            };
        };
        let mut cx = self.fork(file);
        cx.check_owner_folder(file, &document);
        findings.extend(std::mem::take(&mut cx.diagnostics));
        let Document::Contract(doc) = document else {
            return ContractOutcome {
                file,
                findings,
                resolved: ContractFile::Other(Box::new(document)),
            };
        };
        let resolved = crate::naming::is_valid_id(&doc.id.value).then(|| {
            let contract = cx.contract(&doc);
            (contract, std::mem::take(&mut cx.diagnostics))
        });
        ContractOutcome {
            file,
            findings,
            resolved: ContractFile::Contract(Box::new(ResolvedContract {
                id: doc.id.clone(),
                resolved,
                examples: whole::ContractExamples::of(doc),
            })),
        }
    }

    /// Resolves an element whose id was accepted (valid, first of its kind in this file) and stores it.
    fn insert<T>(
        &mut self,
        id: &str,
        kind: &'static str,
        build: impl FnOnce(&mut Self) -> Option<T>,
        into: &mut BTreeMap<String, T>,
    ) {
        if !self.declared_here(id, kind) {
            return;
        }
        if let Some(element) = build(self) {
            into.insert(id.to_owned(), element);
        }
    }

    /// Whether the element of `kind` with `id` is the one its id was accepted for: valid, and the first of its
    /// kind, in the current file.
    fn declared_here(&self, id: &str, kind: &'static str) -> bool {
        self.declared
            .get(kind)
            .and_then(|ids| ids.get(id))
            .is_some_and(|span| span.file == self.file)
    }

    /// Whether an element of `kind` with `id` exists; otherwise reports an unknown reference at `at`.
    pub fn expect_declared(&mut self, kind: &'static str, id: &Sp<String>) -> bool {
        if self
            .declared
            .get(kind)
            .is_some_and(|ids| ids.contains_key(&id.value))
        {
            return true;
        }
        let folder = folder_of(kind).rsplit('/').next().unwrap_or_default();
        if self
            .unreadable
            .contains(&(folder.to_owned(), id.value.clone()))
        {
            return false; // Its file could not be read: that is the finding, reported where it is.
        }
        let known: Vec<String> = self
            .declared
            .get(kind)
            .map(|ids| ids.keys().cloned().collect())
            .unwrap_or_default();
        let span = self.span(id.pos);
        let mut diagnostic = Diagnostic::new(
            Code::UnknownReference,
            format!("no {kind} has the id `{}`", id.value),
        )
        .at(span, format!("unknown {kind}"));
        diagnostic = match closest(&id.value, known.iter().map(String::as_str)) {
            Some(near) => diagnostic.help(format!("did you mean `{near}`?")),
            None if kind == "owner" => diagnostic.help(format!(
                "describe the owner in `contracts/{}/{}/owner.yaml`, or use one of the existing owners",
                databases::OWNERS_FOLDER,
                id.value
            )),
            None => diagnostic.help(format!(
                "declare it in `contracts/{}/{}.yaml`, or use one of the existing {kind}s",
                folder_of(kind),
                id.value
            )),
        };
        self.report(diagnostic);
        false
    }

    /// Converts a text, reporting a missing translation.
    pub fn text(&mut self, text: &Sp<syntax::Text>, what: &str) -> model::Text {
        let vi = text.vi.clone().unwrap_or_default();
        let missing = match (
            text.vi.as_deref().map(str::trim),
            text.en.as_deref().map(str::trim),
        ) {
            (Some(""), _) | (None, _) => Some("Vietnamese"),
            (_, Some("")) | (_, None) => Some("English"),
            _ => None,
        };
        if let Some(language) = missing {
            let span = self.span(text.pos);
            let help = if text.plain {
                "write it as `{vi: \"...\", en: \"...\"}` with both languages".to_owned()
            } else {
                format!(
                    "add the {language} text under `{}`",
                    if language == "English" { "en" } else { "vi" }
                )
            };
            self.report(
                Diagnostic::new(
                    Code::MissingTranslation,
                    format!("the {what} has no {language} text"),
                )
                .at(span, format!("{language} missing"))
                .help(help),
            );
        }
        model::Text {
            vi: if vi.is_empty() {
                text.en.clone().unwrap_or_default()
            } else {
                vi
            },
            en: text.en.clone().filter(|en| !en.trim().is_empty()),
        }
    }

    pub fn opt_text(&mut self, text: &Option<Sp<syntax::Text>>, what: &str) -> Option<model::Text> {
        text.as_ref().map(|t| self.text(t, what))
    }

    /// Parses a semantic version, reporting it when it is not one.
    pub fn version(&mut self, version: &Sp<String>, what: &str) -> Option<semver::Version> {
        match semver::Version::parse(version.value.trim()) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                let span = self.span(version.pos);
                self.report(
                    Diagnostic::new(
                        Code::InvalidVersion,
                        format!("`{}` is not a semantic version: {error}", version.value),
                    )
                    .at(span, format!("{what} version"))
                    .help("write MAJOR.MINOR.PATCH, e.g. `1.0.0`"),
                );
                None
            }
        }
    }
}

/// The id of a document, for kinds that have one.
fn document_id(document: &Document) -> Option<&Sp<String>> {
    match document {
        Document::Registry(_) => None,
        Document::LegalSource(doc) => Some(&doc.id),
        Document::Identifier(doc) => Some(&doc.id),
        Document::Catalogue(doc) => Some(&doc.id),
        Document::Record(doc) => Some(&doc.id),
        Document::Contract(doc) => Some(&doc.id),
        Document::Approvals(_) => None,
        Document::Owner(doc) => Some(&doc.id),
        Document::Database(doc) => Some(&doc.id),
        Document::Reuse(doc) => Some(&doc.id),
    }
}

/// The folder where elements of a kind are kept, by convention.
/// (folder, file stem) of every file that neither gave a document nor waits to be parsed as a contract.
fn unreadable_files(
    sources: &SourceMap,
    documents: &[(FileId, Document)],
    deferred: &[FileId],
) -> BTreeSet<(String, String)> {
    let read: BTreeSet<FileId> = documents
        .iter()
        .map(|(file, _)| *file)
        .chain(deferred.iter().copied())
        .collect();
    sources
        .files()
        .filter(|(file, _)| !read.contains(file))
        .filter_map(|(_, source)| {
            let mut parts = source.name.rsplit('/');
            let stem = file_stem(parts.next()?);
            let folder = parts.next()?;
            Some((folder.to_owned(), stem.to_owned()))
        })
        .collect()
}

fn folder_of(kind: &str) -> &'static str {
    match kind {
        "legal-source" => "legal",
        "identifier" => "identifiers",
        "catalogue" => "catalogues",
        "record" => "records",
        "database" => "owners/<owner>/databases",
        "reuse" => "owners/<owner>/reuse",
        _ => "contracts",
    }
}

fn file_stem(name: &str) -> &str {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.rsplit_once('.').map_or(base, |(stem, _)| stem)
}

/// The known name closest to `wanted`, if one is close enough to be a likely typo.
pub fn closest<'k>(wanted: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    known
        .map(|k| (strsim::jaro_winkler(wanted, k), k))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}
