//! The data of every page, one language at a time: what the templates show, with every link already made.
//!
//! Texts from contracts go into the context as plain strings (hidden characters made visible); the templates
//! escape them. Links are built here from ids (`[a-z0-9-]`) and anchors (see [`text::anchor`]), never from
//! free text, so no contract text can become a URL.

use std::collections::{BTreeMap, BTreeSet};

use ed25519_dalek::SigningKey;
use serde_json::{Value, json};

use super::templates::Theme;
use super::text::{self, pick, pick_opt, visible};
use super::{SiteError, bundle, keys};
use crate::generate::Outputs;
use crate::model::{
    self, AuthKind, Catalogue, Channel, Contract, Field, FieldType, LegalRef, Party, Payload,
    PersonalData, Record, Registry, Requirement, Status,
};

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

/// The download bundle as written into the site, and what the pages say about it.
pub struct Downloads {
    /// The folder of the unpacked bundle, inside the site.
    pub dir: String,
    pub archive: String,
    pub archive_size: usize,
    pub archive_sha256: String,
    pub file_count: usize,
    /// The public key file and its fingerprint, when the bundle is signed.
    pub key: Option<(String, String)>,
}

impl Downloads {
    /// Writes `downloads/bundle/` (the outputs, `SHA256SUMS` and its signature), the archive, and the public key.
    pub fn write(
        registry: &Registry,
        outputs: &Outputs,
        key: Option<&SigningKey>,
        site: &mut Outputs,
    ) -> Result<Downloads, SiteError> {
        let dir = "downloads/bundle".to_owned();
        let files = bundle::files(outputs, key);
        let top = match &registry.info.version {
            Some(version) => format!("vpcp-contracts-{version}"),
            None => "vpcp-contracts".to_owned(),
        };
        let archive_bytes = bundle::tar(&top, &files).ok_or_else(|| SiteError {
            what: "a generated file's path is too long for the tar archive (over 255 bytes)"
                .to_owned(),
            fix: "shorten the id of the contract or record whose outputs have the longest paths"
                .to_owned(),
        })?;
        let archive = format!("downloads/{top}.tar");
        let summary = Downloads {
            dir: dir.clone(),
            archive_size: archive_bytes.len(),
            archive_sha256: bundle::sha256_hex(&archive_bytes),
            archive: archive.clone(),
            file_count: outputs.len(),
            key: key.map(|k| {
                (
                    "downloads/signing-key.pub.pem".to_owned(),
                    keys::fingerprint(&k.verifying_key()),
                )
            }),
        };
        if let (Some(key), Some((file, _))) = (key, &summary.key) {
            site.insert(
                file.clone(),
                keys::public_pem(&key.verifying_key()).into_bytes(),
            );
        }
        for (name, bytes) in files {
            site.insert(format!("{dir}/{name}"), bytes);
        }
        site.insert(archive, archive_bytes);
        Ok(summary)
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

fn party_id(party: Party) -> &'static str {
    match party {
        Party::Portal => "portal",
        Party::MinistrySystem => "ministry-system",
    }
}

fn channel_id(channel: Channel) -> &'static str {
    match channel {
        Channel::Ndxp => "ndxp",
        Channel::DocumentExchangeAxis => "document-exchange-axis",
        Channel::DataSharingPlatform => "data-sharing-platform",
    }
}

fn requirement_id(requirement: Requirement) -> &'static str {
    match requirement {
        Requirement::None => "none",
        Requirement::Optional => "optional",
        Requirement::Required => "required",
    }
}

fn status_id(status: Status) -> &'static str {
    match status {
        Status::Proposal => "proposal",
        Status::Active => "active",
        Status::Deprecated => "deprecated",
    }
}

fn personal_data_id(class: PersonalData) -> &'static str {
    match class {
        PersonalData::None => "none",
        PersonalData::Organisation => "organisation",
        PersonalData::Basic => "basic",
        PersonalData::Sensitive => "sensitive",
    }
}

fn auth_id(kind: AuthKind) -> &'static str {
    match kind {
        AuthKind::Session => "session",
        AuthKind::OAuth2ClientCredentials => "oauth2-client-credentials",
        AuthKind::ApiKey => "api-key",
        AuthKind::MutualTls => "mutual-tls",
    }
}

fn method_name(method: model::Method) -> &'static str {
    match method {
        model::Method::Get => "GET",
        model::Method::Post => "POST",
        model::Method::Put => "PUT",
        model::Method::Patch => "PATCH",
        model::Method::Delete => "DELETE",
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
    let cx = page("search.html");
    add(
        "search.html".to_owned(),
        "search",
        cx.t("search.title")?,
        json!({"index": cx.site_href(super::search::FILE)}),
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

/// The first article a contract implements (its place on the home page).
fn article_of(contract: &Contract) -> Option<String> {
    contract.legal.first()?.path.first().cloned()
}

fn home(cx: &Cx) -> Result<Value, SiteError> {
    let registry = cx.registry;
    let primary = registry
        .info
        .primary_source()
        .and_then(|id| registry.legal_sources.get(id));
    let mut by_article: BTreeMap<(u32, String), Vec<&Contract>> = BTreeMap::new();
    for contract in registry.contracts.values() {
        let article = article_of(contract).unwrap_or_default();
        let order = article.parse().unwrap_or(u32::MAX);
        by_article
            .entry((order, article))
            .or_default()
            .push(contract);
    }
    let mut articles = Vec::new();
    for ((_, number), contracts) in by_article {
        let title = primary
            .and_then(|s| s.article(&number))
            .map(|a| pick(&a.title, cx.lang));
        let mut rows = Vec::new();
        for c in contracts {
            rows.push(json!({
                "id": c.id,
                "href": cx.href(&Links::contract(&c.id)),
                "title": pick(&c.title, cx.lang),
                "version": c.version.to_string(),
                "provider": cx.enum_label("party", party_id(c.provider))?,
                "consumer": cx.enum_label("party", party_id(c.consumer))?,
                "method": method_name(c.method),
                "path": visible(&c.path),
                "operation": visible(&c.operation),
                "proposal": c.status == Status::Proposal,
                "status": cx.enum_label("status", status_id(c.status))?,
                "legal": cx.legal(&c.legal),
            }));
        }
        articles.push(json!({
            "number": if number.is_empty() { None } else { Some(number) },
            "title": title,
            "contracts": rows,
        }));
    }
    let catalogues: Vec<Value> = registry
        .catalogues
        .values()
        .map(|c| {
            json!({
                "id": c.id,
                "href": cx.href(&Links::catalogue(&c.id)),
                "label": pick(&c.label, cx.lang),
                "version": c.version.to_string(),
                "codes": c.codes.len(),
            })
        })
        .collect();
    let records: Vec<Value> = registry
        .records
        .values()
        .map(|r| {
            json!({
                "id": r.id,
                "href": cx.href(&Links::record(&r.id)),
                "label": pick(&r.label, cx.lang),
                "fields": r.fields.len(),
            })
        })
        .collect();
    let coverage = crate::coverage::coverage(registry).map(|c| {
        json!({
            "source": visible(&c.source),
            "covered": c.covered(),
            "total": c.provisions.len(),
            "groups": c.groups,
        })
    });
    Ok(json!({
        "articles": articles,
        "catalogues": catalogues,
        "records": records,
        "counts": {
            "contracts": registry.contracts.len(),
            "catalogues": registry.catalogues.len(),
            "records": registry.records.len(),
        },
        "coverage": coverage,
        "traceability_href": cx.href("traceability.html"),
        "downloads_href": cx.href("downloads.html"),
    }))
}

fn contract_page(cx: &Cx, c: &Contract) -> Result<Value, SiteError> {
    let registry = cx.registry;
    let auth = registry.info.auth_schemes.get(&c.auth);
    let mut payloads = Vec::new();
    for payload in [&c.request, &c.response] {
        payloads.push(payload_data(cx, payload)?);
    }
    let examples: Vec<Value> = c
        .examples
        .iter()
        .map(|e| {
            json!({
                "title": pick_opt(e.title.as_ref(), cx.lang),
                "request": e.request.as_ref().map(text::json_pretty),
                "response": e.response.as_ref().map(text::json_pretty),
            })
        })
        .collect();
    let mut downloads = Vec::new();
    let provider_doc = format!("openapi/{}.openapi", party_id(c.provider));
    for (key, name) in [
        (
            "downloads.openapi_provider_yaml",
            format!("{provider_doc}.yaml"),
        ),
        (
            "downloads.openapi_provider_json",
            format!("{provider_doc}.json"),
        ),
        (
            "downloads.openapi_all_yaml",
            "openapi/registry.openapi.yaml".to_owned(),
        ),
        (
            "downloads.schema_request",
            format!("jsonschema/{}.request.schema.json", c.id),
        ),
        (
            "downloads.schema_response",
            format!("jsonschema/{}.response.schema.json", c.id),
        ),
    ] {
        if cx.links.has_output(&name) {
            downloads.push(json!({
                "label": cx.t(key)?,
                "file": name,
                "href": cx.site_href(&format!("downloads/bundle/{name}")),
            }));
        }
    }
    Ok(json!({
        "id": c.id,
        "version": c.version.to_string(),
        "title": pick(&c.title, cx.lang),
        "title_vi": visible(&c.title.vi),
        "description": pick_opt(c.description.as_ref(), cx.lang),
        "status": cx.enum_label("status", status_id(c.status))?,
        "proposal": c.status == Status::Proposal,
        "legal": cx.legal(&c.legal),
        "provider": cx.enum_label("party", party_id(c.provider))?,
        "consumer": cx.enum_label("party", party_id(c.consumer))?,
        "channel": cx.enum_label("channel", channel_id(c.channel))?,
        "operation": visible(&c.operation),
        "method": method_name(c.method),
        "path": visible(&c.path),
        "auth": {
            "id": c.auth,
            "label": auth.map(|a| pick(&a.label, cx.lang)),
            "description": auth.and_then(|a| pick_opt(a.description.as_ref(), cx.lang)),
            "kind": match auth {
                Some(a) => Some(cx.enum_label("auth", auth_id(a.kind))?),
                None => None,
            },
        },
        "signature": cx.enum_label("requirement", requirement_id(c.signature))?,
        "encryption": cx.enum_label("requirement", requirement_id(c.encryption))?,
        "payloads": payloads,
        "examples": examples,
        "downloads": downloads,
    }))
}

fn payload_data(cx: &Cx, payload: &Payload) -> Result<Value, SiteError> {
    let direction = payload.direction.as_str();
    let mut fields = Vec::new();
    for field in &payload.fields {
        fields.push(field_row(cx, field, direction)?);
    }
    Ok(json!({
        "id": direction,
        "label": cx.t(&format!("payload.{direction}"))?,
        "description": pick_opt(payload.description.as_ref(), cx.lang),
        "fields": fields,
    }))
}

/// One row of a field table.
fn field_row(cx: &Cx, field: &Field, prefix: &str) -> Result<Value, SiteError> {
    let registry = cx.registry;
    let (type_label, type_href) = match &field.ty {
        FieldType::Scalar(s) => (cx.t(&format!("type.{}", model::scalar_name(*s)))?, None),
        FieldType::Code(id) => (
            registry
                .catalogues
                .get(id)
                .map_or_else(|| id.clone(), |c| pick(&c.label, cx.lang)),
            Some(cx.href(&Links::catalogue(id))),
        ),
        FieldType::Record(id) => (
            registry
                .records
                .get(id)
                .map_or_else(|| id.clone(), |r| pick(&r.label, cx.lang)),
            Some(cx.href(&Links::record(id))),
        ),
    };
    let kind = match &field.ty {
        FieldType::Scalar(_) => "scalar",
        FieldType::Code(_) => "catalogue",
        FieldType::Record(_) => "record",
    };
    let format = model::format_names(&field.ty)
        .iter()
        .find(|(_, f)| *f == field.format)
        .map(|(name, _)| *name);
    let mut constraints = Vec::new();
    let mut constraint = |key: &str, value: String| -> Result<(), SiteError> {
        constraints.push(json!({"label": cx.t(&format!("constraint.{key}"))?, "value": value}));
        Ok(())
    };
    if let Some(id) = &field.identifier
        && let Some(identifier) = registry.identifiers.get(id)
    {
        constraint("identifier", pick(&identifier.label, cx.lang))?;
    }
    let c = &field.constraints;
    if let Some(pattern) = &c.pattern {
        constraint("pattern", visible(pattern.source()))?;
    }
    if let Some(range) = range(
        c.min_length.map(|n| n.to_string()),
        c.max_length.map(|n| n.to_string()),
    ) {
        constraint("length", range)?;
    }
    if let Some(range) = range(c.min.map(text::number), c.max.map(text::number)) {
        constraint("value", range)?;
    }
    if let Some(bounds) = &field.list
        && let Some(range) = range(
            bounds.min_items.map(|n| n.to_string()),
            bounds.max_items.map(|n| n.to_string()),
        )
    {
        constraint("items", range)?;
    }
    Ok(json!({
        "anchor": Links::field_anchor(prefix, &field.wire_name),
        "wire": visible(&field.wire_name),
        "label_vi": visible(&field.label.vi),
        "label_en": field.label.en.as_deref().map(visible),
        "description": pick_opt(field.description.as_ref(), cx.lang),
        "type": {"kind": kind, "label": type_label, "href": type_href},
        "format": format,
        "list": field.list.is_some(),
        "required": field.required,
        "constraints": constraints,
        "example": field.example.as_ref().map(text::json_compact),
        "legal": cx.legal(&field.legal),
        "personal_data": cx.enum_label("personal_data", personal_data_id(field.personal_data))?,
        "proposal": field.status == Status::Proposal,
    }))
}

/// `1–30`, `≥ 1`, `≤ 30`, or nothing.
fn range(min: Option<String>, max: Option<String>) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) if min == max => Some(min),
        (Some(min), Some(max)) => Some(format!("{min}–{max}")),
        (Some(min), None) => Some(format!("≥ {min}")),
        (None, Some(max)) => Some(format!("≤ {max}")),
        (None, None) => None,
    }
}

/// Which contracts and records use each record and catalogue.
struct Users {
    /// `record:<id>` or `catalogue:<id>` → (page path, contract id or record id, is a contract).
    by_target: BTreeMap<String, BTreeSet<(String, String, bool)>>,
}

impl Users {
    fn of(registry: &Registry) -> Users {
        let mut by_target: BTreeMap<String, BTreeSet<(String, String, bool)>> = BTreeMap::new();
        let mut note = |fields: &[Field], path: String, id: &str, contract: bool| {
            for field in fields {
                let target = match &field.ty {
                    FieldType::Record(r) => format!("record:{r}"),
                    FieldType::Code(c) => format!("catalogue:{c}"),
                    FieldType::Scalar(_) => continue,
                };
                by_target.entry(target).or_default().insert((
                    path.clone(),
                    id.to_owned(),
                    contract,
                ));
            }
        };
        for c in registry.contracts.values() {
            note(&c.request.fields, Links::contract(&c.id), &c.id, true);
            note(&c.response.fields, Links::contract(&c.id), &c.id, true);
        }
        for r in registry.records.values() {
            note(&r.fields, Links::record(&r.id), &r.id, false);
        }
        Users { by_target }
    }

    fn of_target(&self, cx: &Cx, target: &str) -> Vec<Value> {
        self.by_target
            .get(target)
            .into_iter()
            .flatten()
            .map(|(path, id, contract)| {
                let label = if *contract {
                    cx.registry
                        .contracts
                        .get(id)
                        .map(|c| pick(&c.title, cx.lang))
                } else {
                    cx.registry.records.get(id).map(|r| pick(&r.label, cx.lang))
                };
                json!({
                    "href": cx.href(path),
                    "id": id,
                    "label": label.unwrap_or_else(|| id.clone()),
                    "contract": contract,
                })
            })
            .collect()
    }
}

fn catalogue_page(cx: &Cx, catalogue: &Catalogue, users: &Users) -> Result<Value, SiteError> {
    let systems: Vec<Value> = catalogue
        .variants
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "label": pick(&s.label, cx.lang),
                "description": pick_opt(s.description.as_ref(), cx.lang),
            })
        })
        .collect();
    let mut codes = Vec::new();
    for code in &catalogue.codes {
        let variants: Vec<Value> = catalogue
            .variants
            .iter()
            .map(|s| {
                let theirs = code.variants.get(&s.id);
                json!({
                    "system": s.id,
                    "value": theirs.map(|v| visible(v)),
                    "differs": theirs.is_none_or(|v| *v != code.code),
                })
            })
            .collect();
        let deprecated = code.deprecated.as_ref().map(|d| {
            json!({
                "since": d.since.to_string(),
                "replaced_by": d.replaced_by.as_deref().map(visible),
                "replaced_href": d.replaced_by.as_deref().map(|r| format!("#{}", Links::code_anchor(r))),
                "reason": pick_opt(d.reason.as_ref(), cx.lang),
            })
        });
        codes.push(json!({
            "anchor": Links::code_anchor(&code.code),
            "code": visible(&code.code),
            "label_vi": visible(&code.label.vi),
            "label_en": code.label.en.as_deref().map(visible),
            "description": pick_opt(code.description.as_ref(), cx.lang),
            "legal": cx.legal(&code.legal),
            "deprecated": deprecated,
            "variants": variants,
            "differs": variants.iter().any(|v| v["differs"] == true),
        }));
    }
    // Where systems disagree with the registry: the codes each system sends differently, or lacks.
    let mut disagreements = Vec::new();
    for system in &catalogue.variants {
        let mut different = Vec::new();
        let mut missing = Vec::new();
        for code in &catalogue.codes {
            match code.variants.get(&system.id) {
                Some(theirs) if *theirs != code.code => different.push(json!({
                    "code": visible(&code.code),
                    "theirs": visible(theirs),
                    "href": format!("#{}", Links::code_anchor(&code.code)),
                })),
                Some(_) => {}
                None => missing.push(json!({
                    "code": visible(&code.code),
                    "href": format!("#{}", Links::code_anchor(&code.code)),
                })),
            }
        }
        if !different.is_empty() || !missing.is_empty() {
            disagreements.push(json!({
                "system": pick(&system.label, cx.lang),
                "different": different,
                "missing": missing,
            }));
        }
    }
    let format = model::format_names(&FieldType::Code(String::new()))
        .iter()
        .find(|(_, f)| *f == catalogue.format)
        .map(|(name, _)| *name);
    Ok(json!({
        "id": catalogue.id,
        "version": catalogue.version.to_string(),
        "label": pick(&catalogue.label, cx.lang),
        "label_vi": visible(&catalogue.label.vi),
        "description": pick_opt(catalogue.description.as_ref(), cx.lang),
        "status": cx.enum_label("status", status_id(catalogue.status))?,
        "proposal": catalogue.status == Status::Proposal,
        "legal": cx.legal(&catalogue.legal),
        "format": format,
        "systems": systems,
        "codes": codes,
        "disagreements": disagreements,
        "used_by": users.of_target(cx, &format!("catalogue:{}", catalogue.id)),
    }))
}

fn record_page(cx: &Cx, record: &Record, users: &Users) -> Result<Value, SiteError> {
    let mut fields = Vec::new();
    for field in &record.fields {
        fields.push(field_row(cx, field, "f")?);
    }
    let schema = format!("jsonschema/records/{}.schema.json", record.id);
    Ok(json!({
        "id": record.id,
        "label": pick(&record.label, cx.lang),
        "label_vi": visible(&record.label.vi),
        "description": pick_opt(record.description.as_ref(), cx.lang),
        "status": cx.enum_label("status", status_id(record.status))?,
        "proposal": record.status == Status::Proposal,
        "legal": cx.legal(&record.legal),
        "fields": fields,
        "used_by": users.of_target(cx, &format!("record:{}", record.id)),
        "schema": cx.links.has_output(&schema).then(|| json!({
            "file": schema,
            "href": cx.site_href(&format!("downloads/bundle/{schema}")),
        })),
    }))
}

/// An element that cites provisions: a field of a contract or record, or a catalogue code.
struct Element {
    href: String,
    /// `dossier-sync` › request › `MaHoSo`
    context: String,
    name: String,
    label: String,
    legal: Vec<LegalRef>,
}

fn elements(cx: &Cx) -> Result<Vec<Element>, SiteError> {
    let registry = cx.registry;
    let mut out = Vec::new();
    for c in registry.contracts.values() {
        for payload in [&c.request, &c.response] {
            let direction = payload.direction.as_str();
            let side = cx.t(&format!("payload.{direction}"))?;
            for field in &payload.fields {
                out.push(Element {
                    href: cx.href(&format!(
                        "{}#{}",
                        Links::contract(&c.id),
                        Links::field_anchor(direction, &field.wire_name)
                    )),
                    context: format!("{} › {side}", pick(&c.title, cx.lang)),
                    name: visible(&field.wire_name),
                    label: pick(&field.label, cx.lang),
                    legal: field.legal.clone(),
                });
            }
        }
    }
    for r in registry.records.values() {
        for field in &r.fields {
            out.push(Element {
                href: cx.href(&format!(
                    "{}#{}",
                    Links::record(&r.id),
                    Links::field_anchor("f", &field.wire_name)
                )),
                context: pick(&r.label, cx.lang),
                name: visible(&field.wire_name),
                label: pick(&field.label, cx.lang),
                legal: field.legal.clone(),
            });
        }
    }
    for catalogue in registry.catalogues.values() {
        for code in &catalogue.codes {
            out.push(Element {
                href: cx.href(&format!(
                    "{}#{}",
                    Links::catalogue(&catalogue.id),
                    Links::code_anchor(&code.code)
                )),
                context: pick(&catalogue.label, cx.lang),
                name: visible(&code.code),
                label: pick(&code.label, cx.lang),
                legal: code.legal.clone(),
            });
        }
    }
    Ok(out)
}

fn traceability(cx: &Cx) -> Result<Value, SiteError> {
    let registry = cx.registry;
    let elements = elements(cx)?;
    let element_json = |e: &Element| json!({"href": e.href, "context": e.context, "name": e.name, "label": e.label});
    let primary = registry.info.primary_source().unwrap_or_default();
    let Some(coverage) = crate::coverage::coverage(registry) else {
        return Ok(json!({"source": null, "groups": [], "elements": [], "summary": null}));
    };
    let source = registry.legal_sources.get(primary);
    let mut groups: Vec<Value> = Vec::new();
    let mut current: Option<(String, Vec<Value>)> = None;
    let flush = |current: &mut Option<(String, Vec<Value>)>, groups: &mut Vec<Value>| {
        if let Some((group, provisions)) = current.take() {
            let path: Vec<String> = group.split('.').map(str::to_owned).collect();
            groups.push(json!({
                "ref": group,
                "anchor": Links::provision_anchor(&path),
                "text": source.and_then(|s| s.provision_text(&path)).map(|t| pick(t, cx.lang)),
                "provisions": provisions,
            }));
        }
    };
    for provision in &coverage.provisions {
        if current.as_ref().is_none_or(|(g, _)| *g != provision.group) {
            flush(&mut current, &mut groups);
            current = Some((provision.group.clone(), Vec::new()));
        }
        let path: Vec<String> = provision.reference.split('.').map(str::to_owned).collect();
        let implementers: Vec<Value> = elements
            .iter()
            .filter(|e| {
                e.legal
                    .iter()
                    .any(|l| l.source == primary && l.path == path)
            })
            .map(element_json)
            .collect();
        if let Some((_, provisions)) = current.as_mut() {
            provisions.push(json!({
                "ref": visible(&provision.reference),
                "anchor": Links::provision_anchor(&path),
                "text": pick(&provision.text, cx.lang),
                "implementers": implementers,
                "uncovered": pick_opt(provision.uncovered_reason.as_ref(), cx.lang),
                "gap": provision.is_gap(),
            }));
        }
    }
    flush(&mut current, &mut groups);
    let back: Vec<Value> = elements
        .iter()
        .map(|e| {
            let mut value = element_json(e);
            value["legal"] = cx.legal(&e.legal).into();
            value
        })
        .collect();
    let explained = coverage
        .provisions
        .iter()
        .filter(|p| !p.is_covered() && !p.is_gap())
        .count();
    Ok(json!({
        "source": visible(&coverage.source),
        "summary": {
            "covered": coverage.covered(),
            "total": coverage.provisions.len(),
            "groups": coverage.groups,
            "explained": explained,
            "gaps": coverage.gaps().count(),
        },
        "groups": groups,
        "elements": back,
    }))
}

fn downloads_page(cx: &Cx, downloads: &Downloads) -> Result<Value, SiteError> {
    let bundle = |name: &str| cx.site_href(&format!("{}/{name}", downloads.dir));
    let mut openapi = Vec::new();
    for (key, stem) in [
        ("downloads.openapi_all", "registry"),
        ("party.portal", "portal"),
        ("party.ministry-system", "ministry-system"),
    ] {
        let yaml = format!("openapi/{stem}.openapi.yaml");
        let json_name = format!("openapi/{stem}.openapi.json");
        if cx.links.has_output(&yaml) || cx.links.has_output(&json_name) {
            openapi.push(json!({
                "label": cx.t(key)?,
                "provider": stem != "registry",
                "yaml": cx.links.has_output(&yaml).then(|| bundle(&yaml)),
                "json": cx.links.has_output(&json_name).then(|| bundle(&json_name)),
            }));
        }
    }
    let mut schemas = Vec::new();
    for c in cx.registry.contracts.values() {
        let request = format!("jsonschema/{}.request.schema.json", c.id);
        let response = format!("jsonschema/{}.response.schema.json", c.id);
        schemas.push(json!({
            "label": pick(&c.title, cx.lang),
            "id": c.id,
            "request": cx.links.has_output(&request).then(|| bundle(&request)),
            "response": cx.links.has_output(&response).then(|| bundle(&response)),
        }));
    }
    let records: Vec<Value> = cx
        .registry
        .records
        .values()
        .filter_map(|r| {
            let name = format!("jsonschema/records/{}.schema.json", r.id);
            cx.links.has_output(&name).then(
                || json!({"label": pick(&r.label, cx.lang), "id": r.id, "href": bundle(&name)}),
            )
        })
        .collect();
    let archive_name = downloads
        .archive
        .rsplit('/')
        .next()
        .unwrap_or(&downloads.archive);
    Ok(json!({
        "archive": {
            "href": cx.site_href(&downloads.archive),
            "name": archive_name,
            "top": archive_name.trim_end_matches(".tar"),
            "size": downloads.archive_size,
            "sha256": downloads.archive_sha256,
        },
        "files": downloads.file_count,
        "sums": bundle(bundle::SUMS),
        "signature": downloads.key.as_ref().map(|_| bundle(bundle::SIGNATURE)),
        "key": downloads.key.as_ref().map(|(file, fingerprint)| json!({
            "href": cx.site_href(file),
            "file": file.rsplit('/').next().unwrap_or(file),
            "fingerprint": fingerprint,
        })),
        "openapi": openapi,
        "schemas": schemas,
        "records": records,
        "format_schema": cx.links.has_output("schema/contract-format.schema.json")
            .then(|| bundle("schema/contract-format.schema.json")),
        "crate": cx.links.has_output("rust/Cargo.toml").then(|| bundle("rust/Cargo.toml")),
    }))
}
