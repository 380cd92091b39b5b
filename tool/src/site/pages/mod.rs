//! The data of every page, one language at a time: what the templates show, with every link already made.
//!
//! Texts from contracts go into the context as plain strings (hidden characters made visible); the templates
//! escape them. Links are built here from ids (`[a-z0-9-]`) and anchors (see [`text::anchor`]), never from
//! free text, so no contract text can become a URL.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::SiteError;
use super::templates::Theme;
use super::text::{self, pick, pick_opt, visible};
use catalogue::{Users, catalogue_page, record_page};
use changes::{Changes, changes_page};
use contract::contract_page;
use contracts_core::generate::Outputs;
use contracts_core::model::{LegalRef, Registry};
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
mod home;
mod parts;
mod rust;
mod traceability;

pub use downloads::Downloads;

/// A rendered page: its file inside the site, its template and its data.
pub struct Page {
    pub file: String,
    pub template: &'static str,
    pub context: Value,
}

/// Where each element lives, relative to the root of a language.
pub struct Links {
    primary: Option<String>,
    /// Provisions (and data groups) that have an anchor on the traceability page.
    anchored: BTreeSet<Vec<String>>,
    outputs: BTreeSet<String>,
    /// The migration guide to this version, when `build` wrote one.
    changes: Option<Changes>,
}

impl Links {
    pub fn new(registry: &Registry, outputs: &Outputs) -> Links {
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
            outputs: outputs.keys().cloned().collect(),
            changes: Changes::find(outputs, registry.info.version.as_ref()),
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
}

impl Cx<'_> {
    fn t(&self, key: &str) -> Result<String, SiteError> {
        self.theme.string(self.lang, key)
    }

    fn href(&self, path: &str) -> String {
        format!("{}{path}", self.home)
    }

    fn site_href(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    fn legal(&self, refs: &[LegalRef]) -> Vec<Value> {
        refs.iter()
            .map(|l| {
                let source = self.registry.legal_sources.get(&l.source);
                let quoted = source.and_then(|s| s.provision_text(&l.path));
                json!({
                    "ref": visible(&l.written),
                    "href": self.links.provision(l).map(|h| self.href(&h)),
                    "text": quoted.map(|t| pick(t, self.lang)),
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

/// Every page in `lang`.
pub fn pages(
    registry: &Registry,
    theme: &Theme,
    links: &Links,
    downloads: &Downloads,
    lang: &str,
) -> Result<Vec<Page>, SiteError> {
    let users = Users::of(registry);
    let mut out = Vec::new();
    let page = |path: &str| -> Cx<'_> {
        let depth = path.matches('/').count();
        let home = "../".repeat(depth);
        let root = if lang == super::LANGUAGES[0] {
            home.clone()
        } else {
            format!("{home}../")
        };
        Cx {
            registry,
            theme,
            links,
            lang,
            home,
            root,
        }
    };
    let mut add = |path: String, template: &'static str, title: String, data: Value| {
        let cx = page(&path);
        let context = common(&cx, &path, template, title, data)?;
        let file = if lang == super::LANGUAGES[0] {
            path
        } else {
            format!("{lang}/{path}")
        };
        out.push(Page {
            file,
            template,
            context,
        });
        Ok::<(), SiteError>(())
    };

    let cx = page("index.html");
    add(
        "index.html".to_owned(),
        "home",
        cx.t("home.title")?,
        home(&cx)?,
    )?;
    for contract in registry.contracts.values() {
        let path = Links::contract(&contract.id);
        let cx = page(&path);
        add(
            path,
            "contract",
            pick(&contract.title, lang),
            contract_page(&cx, contract)?,
        )?;
    }
    for catalogue in registry.catalogues.values() {
        let path = Links::catalogue(&catalogue.id);
        let cx = page(&path);
        add(
            path,
            "catalogue",
            pick(&catalogue.label, lang),
            catalogue_page(&cx, catalogue, &users)?,
        )?;
    }
    for record in registry.records.values() {
        let path = Links::record(&record.id);
        let cx = page(&path);
        add(
            path,
            "record",
            pick(&record.label, lang),
            record_page(&cx, record, &users)?,
        )?;
    }
    for database in registry.databases.values() {
        let path = Links::database(&database.id);
        let cx = page(&path);
        add(
            path,
            "database",
            pick(&database.name, lang),
            database_page(&cx, database)?,
        )?;
    }
    if !registry.reuses.is_empty() {
        let cx = page("reuse.html");
        add(
            "reuse.html".to_owned(),
            "reuse",
            cx.t("reuse.title")?,
            reuse_page(&cx)?,
        )?;
    }
    if !registry.owners.is_empty() {
        let cx = page("owners.html");
        add(
            "owners.html".to_owned(),
            "owners",
            cx.t("owners.title")?,
            owners_page(&cx)?,
        )?;
    }
    if let Some(changes) = &links.changes {
        let cx = page("changes.html");
        add(
            "changes.html".to_owned(),
            "changes",
            cx.t("changes.title")?,
            changes_page(&cx, changes),
        )?;
    }
    let cx = page("traceability.html");
    add(
        "traceability.html".to_owned(),
        "traceability",
        cx.t("traceability.title")?,
        traceability(&cx)?,
    )?;
    let cx = page("downloads.html");
    add(
        "downloads.html".to_owned(),
        "downloads",
        cx.t("downloads.title")?,
        downloads_page(&cx, downloads)?,
    )?;
    let cx = page("rust.html");
    add(
        "rust.html".to_owned(),
        "rust",
        cx.t("rust.title")?,
        rust_page(&cx)?,
    )?;
    let cx = page("search.html");
    add(
        "search.html".to_owned(),
        "search",
        cx.t("search.title")?,
        json!({"index": cx.site_href(super::SEARCH_INDEX)}),
    )?;
    Ok(out)
}

/// What every page has: language, paths, the switch to the other language, the registry, the strings.
fn common(
    cx: &Cx,
    path: &str,
    template: &str,
    title: String,
    data: Value,
) -> Result<Value, SiteError> {
    let first = super::LANGUAGES[0];
    let other = super::LANGUAGES
        .iter()
        .copied()
        .find(|l| *l != cx.lang)
        .unwrap_or(first);
    let switch_href = if other == first {
        format!("{}{path}", cx.root)
    } else {
        format!("{}{other}/{path}", cx.root)
    };
    let registry = cx.registry;
    Ok(json!({
        "lang": cx.lang,
        "t": cx.theme.strings.get(cx.lang).cloned().unwrap_or(Value::Null),
        "home": cx.home,
        "root": cx.root,
        "assets": cx.site_href("assets/"),
        "page_id": template,
        "nav": {
            "owners": !registry.owners.is_empty(),
            "reuse": !registry.reuses.is_empty(),
        },
        "title": title,
        "switch": {
            "lang": other,
            "label": cx.theme.string(other, "language_name")?,
            "href": switch_href,
        },
        "registry": {
            "name": pick(&registry.info.name, cx.lang),
            "version": registry.info.version.as_ref().map(ToString::to_string),
            "description": pick_opt(registry.info.description.as_ref(), cx.lang),
        },
        "page": data,
    }))
}
