//! The data of every page, one language at a time: what the templates show, with every link already made.
//!
//! Texts from contracts go into the context as plain strings (hidden characters made visible); the templates
//! escape them. Links are built here from ids (`[a-z0-9-]`) and anchors (see [`text::anchor`]), never from
//! free text, so no contract text can become a URL.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::OnceLock;

use handlebars::Context;
use serde_json::{Value, json};

use super::SiteError;
use super::rows::{self, Rows};
use super::templates::Theme;
use super::text::{self, pick, pick_opt, visible};
use catalogue::{catalogue_page, record_page};
use changes::changes_page;
use contract::contract_page;
use contracts_core::coverage::Coverage;
use contracts_core::model::{LegalRef, LegalSource, Point, Registry};
use databases::{database_page, owners_page, reuse_page};
use downloads::downloads_page;
use home::home;
use rust::rust_page;
use traceability::traceability;

mod catalogue;
mod changes;
mod contract;
mod databases;
mod downloads;
pub mod editions;
mod home;
mod parts;
mod rust;
mod traceability;

pub use catalogue::Users;
pub use changes::Changes;
pub use downloads::Downloads;

/// What a page shows: an index of the registry, or one element's page.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Home,
    Contract(String),
    Catalogue(String),
    Record(String),
    Database(String),
    Reuse,
    Owners,
    Changes,
    Traceability,
    Downloads,
    Rust,
    Search,
}

/// A page of the site: what it shows, in which language, at which path of that language's root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    pub kind: Kind,
    pub lang: &'static str,
    pub path: String,
}

impl Spec {
    /// Its file inside the site: the path under the language's root (`en/` for English).
    pub fn file(&self) -> String {
        if self.lang == super::LANGUAGES[0] {
            self.path.clone()
        } else {
            format!("{}/{}", self.lang, self.path)
        }
    }
}

/// Every page of the site, language by language.
pub fn plan(registry: &Registry, links: &Links) -> Vec<Spec> {
    let mut kinds = vec![(Kind::Home, "index.html".to_owned())];
    kinds.extend(
        registry
            .contracts
            .keys()
            .map(|id| (Kind::Contract(id.clone()), Links::contract(id))),
    );
    kinds.extend(
        registry
            .catalogues
            .keys()
            .map(|id| (Kind::Catalogue(id.clone()), Links::catalogue(id))),
    );
    kinds.extend(
        registry
            .records
            .keys()
            .map(|id| (Kind::Record(id.clone()), Links::record(id))),
    );
    kinds.extend(
        registry
            .databases
            .keys()
            .map(|id| (Kind::Database(id.clone()), Links::database(id))),
    );
    if !registry.reuses.is_empty() {
        kinds.push((Kind::Reuse, "reuse.html".to_owned()));
    }
    if !registry.owners.is_empty() {
        kinds.push((Kind::Owners, "owners.html".to_owned()));
    }
    if links.changes.is_some() {
        kinds.push((Kind::Changes, "changes.html".to_owned()));
    }
    for (kind, path) in [
        (Kind::Traceability, "traceability.html"),
        (Kind::Downloads, "downloads.html"),
        (Kind::Rust, "rust.html"),
        (Kind::Search, "search.html"),
    ] {
        kinds.push((kind, path.to_owned()));
    }
    super::LANGUAGES
        .iter()
        .flat_map(|lang| {
            kinds.iter().map(|(kind, path)| Spec {
                kind: kind.clone(),
                lang,
                path: path.clone(),
            })
        })
        .collect()
}

/// Where each element lives, relative to the root of a language.
pub struct Links {
    primary: Option<String>,
    /// Provisions (and data groups) that have an anchor on the traceability page.
    anchored: BTreeSet<Vec<String>>,
    outputs: BTreeSet<String>,
    /// The migration guide to this version, when `build` wrote one.
    changes: Option<Changes>,
    /// The coverage of the primary source, made once for every page that shows it.
    coverage: OnceLock<Option<Coverage>>,
}

impl Links {
    /// `outputs` are the names of the files of `generated/`; `changes`, the migration guide the site shows.
    pub fn new(registry: &Registry, outputs: BTreeSet<String>, changes: Option<Changes>) -> Links {
        let primary = registry.info.primary_source().map(str::to_owned);
        let mut anchored = BTreeSet::new();
        if let Some(source) = primary
            .as_deref()
            .and_then(|id| registry.legal_sources.get(id))
        {
            for path in source.enumerated_provisions() {
                anchored.insert(path[..2].to_vec());
                anchored.insert(path);
            }
        }
        Links {
            primary,
            anchored,
            outputs,
            changes,
            coverage: OnceLock::new(),
        }
    }

    pub fn contract(id: &str) -> String {
        format!("contracts/{id}.html")
    }

    pub fn record(id: &str) -> String {
        format!("records/{id}.html")
    }

    pub fn catalogue(id: &str) -> String {
        format!("catalogues/{id}.html")
    }

    pub fn field_anchor(prefix: &str, wire: &str) -> String {
        text::anchor(&format!("{prefix}-"), wire)
    }

    pub fn code_anchor(code: &str) -> String {
        text::anchor("code-", code)
    }

    pub fn provision_anchor(path: &[String]) -> String {
        text::anchor("p-", &path.join("-"))
    }

    /// The traceability page's anchor of a reference to the primary source, when it has one.
    pub fn provision(&self, legal: &LegalRef) -> Option<String> {
        (Some(&legal.source) == self.primary.as_ref() && self.anchored.contains(&legal.path))
            .then(|| format!("traceability.html#{}", Self::provision_anchor(&legal.path)))
    }

    /// The coverage of the registry's primary source (see [`contracts_core::coverage`]).
    pub fn coverage(&self, registry: &Registry) -> Option<&Coverage> {
        self.coverage
            .get_or_init(|| {
                // The pages show whether each provision is covered, not by what: only that is kept.
                let mut coverage = contracts_core::coverage::coverage(registry)?;
                coverage.elements = Vec::new();
                for provision in &mut coverage.provisions {
                    provision.implementers.truncate(1);
                    provision.implementers.shrink_to_fit();
                }
                Some(coverage)
            })
            .as_ref()
    }

    fn has_output(&self, name: &str) -> bool {
        self.outputs.contains(name)
    }
}

/// Paths of a page relative to the site root and to its language's root.
struct Cx<'a> {
    registry: &'a Registry,
    theme: &'a Theme,
    links: &'a Links,
    lang: &'a str,
    /// From the page to the root of its language (`../` for `contracts/x.html`).
    home: String,
    /// From the page to the root of the site.
    root: String,
    /// From the page to the root of its language (the same as `home` but in an edition's pages).
    lang_root: String,
    /// The folder of the pages' side under the language's root: empty, or `editions/<tag>/`.
    prefix: &'a str,
    /// The sources of the lists of the page that are made row by row as it is rendered.
    rows: RefCell<Vec<Box<dyn Rows>>>,
}

impl Cx<'_> {
    /// Where a list made row by row goes in the page's data.
    fn rows(&self, source: impl Rows + 'static) -> Value {
        rows::placeholder(&mut self.rows.borrow_mut(), Box::new(source))
    }

    /// Where a list goes in the page's data, rendered row by row: handlebars then copies a small placeholder,
    /// not the list, into each partial and block it passes through.
    fn list(&self, values: Vec<Value>) -> Value {
        self.rows(rows::Listed(values))
    }

    /// The citations `refs` as [`Cx::list`] gives them.
    fn legal_rows(&self, refs: &[LegalRef]) -> Value {
        self.list(self.legal(refs))
    }

    /// The registry file an element is written in (`contracts/owners/vpcp/contracts/dossier-sync.yaml`).
    fn source_file(&self, span: contracts_core::source::Span) -> String {
        visible(&self.registry.sources.get(span.file).name)
    }

    fn t(&self, key: &str) -> Result<String, SiteError> {
        self.theme.string(self.lang, key)
    }

    fn href(&self, path: &str) -> String {
        format!("{}{path}", self.home)
    }

    fn site_href(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    /// Where the downloads are: the downloads page, or for an edition its entry on the editions page.
    fn downloads_href(&self) -> String {
        match self.prefix.strip_prefix(editions::FOLDER) {
            Some(tag) => format!(
                "{}{}index.html#{}",
                self.lang_root,
                editions::FOLDER,
                tag.trim_end_matches('/')
            ),
            None => self.href("downloads.html"),
        }
    }

    fn legal(&self, refs: &[LegalRef]) -> Vec<Value> {
        refs.iter()
            .map(|l| {
                let source = self.registry.legal_sources.get(&l.source);
                let quoted = source.and_then(|s| s.provision_text(&l.path));
                let points: Vec<Value> = source
                    .map(|s| provision_points(s, &l.path))
                    .unwrap_or_default()
                    .iter()
                    .map(
                        |p| json!({"letter": visible(&p.letter), "text": pick(&p.text, self.lang)}),
                    )
                    .collect();
                json!({
                    "ref": visible(&l.written),
                    "href": self.links.provision(l).map(|h| self.href(&h)),
                    "text": quoted.map(|t| pick(t, self.lang)),
                    "points": points,
                    "source": source.map(|s| visible(&s.number)),
                    "source_title": source.map(|s| pick(&s.title, self.lang)),
                    "url": source.and_then(|s| s.url.as_deref()).filter(|u| text::is_safe_url(u)),
                })
            })
            .collect()
    }

    fn enum_label(&self, group: &str, id: &str) -> Result<Value, SiteError> {
        Ok(json!({"id": id, "label": self.t(&format!("{group}.{id}"))?}))
    }
}

/// Builds the data of each page into a handlebars context that is reused from page to page: the strings and
/// what every page of a language shares are set once, and each page's own data is moved in, never copied.
pub struct Pages<'a> {
    registry: &'a Registry,
    theme: &'a Theme,
    links: &'a Links,
    /// Which contracts and records use each record and catalogue (what their pages list).
    users: &'a Users,
    /// The editions of the site and which of them these pages are of (the version selector), if any.
    sides: Option<(&'a editions::Sides, usize)>,
    /// The folder of these pages under a language's root: empty, or `editions/<tag>/` for an edition.
    prefix: &'a str,
}

impl<'a> Pages<'a> {
    pub fn new(
        registry: &'a Registry,
        theme: &'a Theme,
        links: &'a Links,
        users: &'a Users,
    ) -> Pages<'a> {
        Pages {
            registry,
            theme,
            links,
            users,
            sides: None,
            prefix: "",
        }
    }

    /// These pages as side `side` of `sides` (its folder, and the version selector on every page).
    pub fn within(mut self, sides: &'a editions::Sides, side: usize) -> Pages<'a> {
        self.prefix = sides.prefix(side);
        self.sides = Some((sides, side));
        self
    }

    /// A context holding what every page of `lang` shares; [`Pages::fill`] sets the rest.
    pub fn base(&self, lang: &str) -> Result<Context, SiteError> {
        let other = other_language(lang);
        let registry = self.registry;
        Ok(Context::from(json!({
            "lang": lang,
            "t": self.theme.strings.get(lang).cloned().unwrap_or(Value::Null),
            "home": "",
            "root": "",
            "assets": "",
            "page_id": "",
            "nav": {
                "owners": !registry.owners.is_empty(),
                "reuse": !registry.reuses.is_empty(),
            },
            "title": "",
            "switch": {
                "lang": other,
                "label": self.theme.string(other, "language_name")?,
                "href": "",
            },
            "registry": {
                "name": pick(&registry.info.name, lang),
                "version": registry.info.version.as_ref().map(ToString::to_string),
                "description": pick_opt(registry.info.description.as_ref(), lang),
            },
            "versions": null,
            "page": null,
        })))
    }

    /// Sets the data of `spec` into `context` (made by [`Pages::base`] for its language): the template that
    /// renders it, and the sources of its lists made row by row (for [`rows::with`]). `downloads` is needed by
    /// the downloads page only.
    pub fn fill(
        &self,
        spec: &Spec,
        downloads: Option<&Downloads>,
        context: &mut Context,
    ) -> Result<(&'static str, rows::Sources), SiteError> {
        let cx = self.cx(spec.lang, &spec.path);
        let (template, title, data) = self.data(&cx, &spec.kind, downloads)?;
        let owner = self.owner(&spec.kind);
        self.frame(cx, spec, (template, title, data), owner, context)
    }

    /// Sets a page's data, its title and template and the paths of its frame into `context`.
    fn frame(
        &self,
        cx: Cx<'a>,
        spec: &Spec,
        (template, title, data): (&'static str, String, Value),
        owner: Option<&str>,
        context: &mut Context,
    ) -> Result<(&'static str, rows::Sources), SiteError> {
        let versions = editions::versions(&cx, self.sides, &spec.path, owner)?;
        let other = other_language(cx.lang);
        let switch_href = if other == super::LANGUAGES[0] {
            format!("{}{}", cx.root, spec.path)
        } else {
            format!("{}{other}/{}", cx.root, spec.path)
        };
        let assets = cx.site_href("assets/");
        if let Some(root) = context.data_mut().as_object_mut() {
            if let Some(switch) = root.get_mut("switch").and_then(Value::as_object_mut) {
                switch.insert("href".to_owned(), Value::String(switch_href));
            }
            root.insert("home".to_owned(), Value::String(cx.home));
            root.insert("root".to_owned(), Value::String(cx.root));
            root.insert("assets".to_owned(), Value::String(assets));
            root.insert("page_id".to_owned(), Value::String(template.to_owned()));
            root.insert("title".to_owned(), Value::String(title));
            root.insert("versions".to_owned(), versions);
            root.insert("page".to_owned(), data);
        }
        Ok((template, cx.rows.into_inner()))
    }

    /// The paths of a page at `path` under `lang`'s root (inside [`Pages::prefix`] for an element's page).
    fn cx(&self, lang: &'a str, path: &str) -> Cx<'a> {
        let depth = path.matches('/').count();
        let lang_root = "../".repeat(depth);
        let inside = path
            .strip_prefix(self.prefix)
            .map_or(depth, |rest| rest.matches('/').count());
        let home = "../".repeat(inside);
        let root = if lang == super::LANGUAGES[0] {
            lang_root.clone()
        } else {
            format!("{lang_root}../")
        };
        Cx {
            registry: self.registry,
            theme: self.theme,
            links: self.links,
            lang,
            home,
            root,
            lang_root,
            prefix: self.prefix,
            rows: RefCell::new(Vec::new()),
        }
    }

    /// The owner of the element a page shows, if any (whose feed its head links).
    fn owner(&self, kind: &Kind) -> Option<&'a str> {
        let registry = self.registry;
        match kind {
            Kind::Contract(id) => registry.contracts.get(id)?.owner.as_deref(),
            Kind::Catalogue(id) => registry.catalogues.get(id)?.owner.as_deref(),
            Kind::Record(id) => registry.records.get(id)?.owner.as_deref(),
            Kind::Database(id) => registry.databases.get(id).map(|d| d.owner.as_str()),
            _ => None,
        }
    }

    /// The template, title and data of a page.
    fn data(
        &self,
        cx: &Cx,
        kind: &Kind,
        downloads: Option<&Downloads>,
    ) -> Result<(&'static str, String, Value), SiteError> {
        let registry = self.registry;
        let lang = cx.lang;
        let missing = |what: &str, id: &str| SiteError {
            what: format!("the {what} `{id}` has a page but no data"),
            fix: "this is a bug of the site builder; please report it".to_owned(),
        };
        Ok(match kind {
            Kind::Home => ("home", cx.t("home.title")?, home(cx)?),
            Kind::Contract(id) => {
                let c = registry
                    .contracts
                    .get(id)
                    .ok_or_else(|| missing("contract", id))?;
                ("contract", pick(&c.title, lang), contract_page(cx, c)?)
            }
            Kind::Catalogue(id) => {
                let c = registry
                    .catalogues
                    .get(id)
                    .ok_or_else(|| missing("catalogue", id))?;
                let data = catalogue_page(cx, c, self.users)?;
                ("catalogue", pick(&c.label, lang), data)
            }
            Kind::Record(id) => {
                let r = registry
                    .records
                    .get(id)
                    .ok_or_else(|| missing("record", id))?;
                let data = record_page(cx, r, self.users)?;
                ("record", pick(&r.label, lang), data)
            }
            Kind::Database(id) => {
                let d = registry
                    .databases
                    .get(id)
                    .ok_or_else(|| missing("database", id))?;
                ("database", pick(&d.name, lang), database_page(cx, d)?)
            }
            Kind::Reuse => ("reuse", cx.t("reuse.title")?, reuse_page(cx)?),
            Kind::Owners => ("owners", cx.t("owners.title")?, owners_page(cx)?),
            Kind::Changes => {
                let changes = self
                    .links
                    .changes
                    .as_ref()
                    .ok_or_else(|| missing("page", "changes"))?;
                ("changes", cx.t("changes.title")?, changes_page(cx, changes))
            }
            Kind::Traceability => (
                "traceability",
                cx.t("traceability.title")?,
                traceability(cx)?,
            ),
            Kind::Downloads => {
                let downloads = downloads.ok_or_else(|| missing("page", "downloads"))?;
                let data = downloads_page(cx, downloads)?;
                ("downloads", cx.t("downloads.title")?, data)
            }
            Kind::Rust => ("rust", cx.t("rust.title")?, rust_page(cx)?),
            Kind::Search => (
                "search",
                cx.t("search.title")?,
                json!({"index": cx.site_href(&format!("{}{}", cx.prefix, super::SEARCH_INDEX))}),
            ),
        })
    }
}

/// The language a page's switch leads to.
fn other_language(lang: &str) -> &'static str {
    let first = super::LANGUAGES[0];
    super::LANGUAGES
        .iter()
        .copied()
        .find(|l| *l != lang)
        .unwrap_or(first)
}

/// The points of a cited clause (`["10", "1"]`), quoted with its lead-in; none for a point or an article.
fn provision_points<'s>(source: &'s LegalSource, path: &[String]) -> &'s [Point] {
    match path {
        [article, clause] => source
            .article(article)
            .and_then(|a| a.clause(clause))
            .map_or(&[], |c| c.points.as_slice()),
        _ => &[],
    }
}
