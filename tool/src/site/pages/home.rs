//! The home page: the registry, how to use the downloads, the contracts by article, catalogues and records.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Cx, Links};
use crate::site::SiteError;
use crate::site::rows;
use crate::site::text::{pick, visible};
use contracts_core::model::{Contract, Status};

/// The first article a contract implements (its place on the home page).
fn article_of(contract: &Contract) -> Option<String> {
    contract.legal.first()?.path.first().cloned()
}

/// A contract as the home page lists it, owned, so that the rows are made as the page is rendered.
struct Row {
    id: String,
    href: String,
    title: String,
    version: String,
    provider: Value,
    consumer: Value,
    method: &'static str,
    path: String,
    operation: String,
    proposal: bool,
    status: Value,
    legal: Value,
}

/// The contracts of an article.
struct Rows(Vec<Row>);

impl rows::Rows for Rows {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn row(&self, index: usize) -> Value {
        let c = &self.0[index];
        json!({
            "id": c.id,
            "href": c.href,
            "title": c.title,
            "version": c.version,
            "provider": c.provider,
            "consumer": c.consumer,
            "method": c.method,
            "path": c.path,
            "operation": c.operation,
            "proposal": c.proposal,
            "status": c.status,
            "legal": c.legal,
        })
    }
}

/// The labels of the keywords of contracts (`party.portal`), each made once.
#[derive(Default)]
struct Labels(std::collections::HashMap<(&'static str, &'static str), Value>);

impl Labels {
    fn of(&mut self, cx: &Cx, group: &'static str, id: &'static str) -> Result<Value, SiteError> {
        if let Some(label) = self.0.get(&(group, id)) {
            return Ok(label.clone());
        }
        let label = cx.enum_label(group, id)?;
        self.0.insert((group, id), label.clone());
        Ok(label)
    }
}

pub(super) fn home(cx: &Cx) -> Result<Value, SiteError> {
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
    let mut labels = Labels::default();
    for ((_, number), contracts) in by_article {
        let title = primary
            .and_then(|s| s.article(&number))
            .map(|a| pick(&a.title, cx.lang));
        let mut rows = Vec::new();
        for c in contracts {
            rows.push(Row {
                id: c.id.clone(),
                href: cx.href(&Links::contract(&c.id)),
                title: pick(&c.title, cx.lang),
                version: c.version.to_string(),
                provider: labels.of(cx, "party", c.provider.as_str())?,
                consumer: labels.of(cx, "party", c.consumer.as_str())?,
                method: c.method.as_str(),
                path: visible(&c.path),
                operation: visible(&c.operation),
                proposal: c.status == Status::Proposal,
                status: labels.of(cx, "status", c.status.as_str())?,
                legal: cx.legal_rows(&c.legal),
            });
        }
        articles.push(json!({
            "number": if number.is_empty() { None } else { Some(number) },
            "title": title,
            "contracts": cx.rows(Rows(rows)),
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
    let mut by_owner: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for d in registry.databases.values() {
        by_owner.entry(d.owner.as_str()).or_default().push(json!({
            "id": d.id,
            "href": cx.href(&Links::database(&d.id)),
            "name": pick(&d.name, cx.lang),
            "attributes": d.attributes.len(),
            "proposal": d.status == Status::Proposal,
            "status": cx.enum_label("status", d.status.as_str())?,
        }));
    }
    let databases: Vec<Value> = by_owner
        .into_iter()
        .map(|(owner, databases)| {
            json!({
                "owner": super::parts::owner_link(cx, Some(owner)),
                "databases": databases,
            })
        })
        .collect();
    let replaced =
        contracts_core::reuse::rows(registry, &contracts_core::reuse::Filter::default()).len();
    let coverage = cx.links.coverage(registry).map(|c| {
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
        "databases": databases,
        "counts": {
            "contracts": registry.contracts.len(),
            "catalogues": registry.catalogues.len(),
            "records": registry.records.len(),
            "databases": registry.databases.len(),
            "owners": registry.owners.len(),
            "replaced": replaced,
        },
        "owners_href": cx.href("owners.html"),
        "reuse_href": cx.href("reuse.html"),
        "coverage": coverage,
        "changes": cx.links.changes.as_ref().map(|c| super::changes::summary(cx, c)),
        "traceability_href": cx.href("traceability.html"),
        "downloads_href": cx.downloads_href(),
    }))
}
