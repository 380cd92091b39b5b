//! The pages of databases, of the replaced dossier components (by procedure and by database) and of owners.

use serde_json::{Value, json};

use super::parts::field_row;
use super::{Cx, Links};
use crate::site::SiteError;
use crate::site::text::{self, pick, pick_opt, visible};
use contracts_core::model::{Database, Field, Owner, Registry, Reuse, Status};
use contracts_core::reuse::{self, Filter, Row};

/// The JSON and CSV lists of replaced components inside `generated/` (and the download bundle).
const REUSE_JSON: &str = "reuse/replaced-components.json";
const REUSE_CSV: &str = "reuse/replaced-components.csv";

impl Links {
    pub fn database(id: &str) -> String {
        format!("databases/{id}.html")
    }

    pub fn owner_anchor(id: &str) -> String {
        text::anchor("owner-", id)
    }

    pub fn procedure_anchor(code: &str) -> String {
        text::anchor("procedure-", code)
    }
}

/// Every field of a contract or record that an attribute of `database` pre-fills.
fn prefilled_fields(cx: &Cx, database: &str) -> Vec<Value> {
    let registry = cx.registry;
    let mut out = Vec::new();
    let mut note = |fields: &[Field], page: String, title: String, id: &str, prefix: &str| {
        for field in fields {
            let Some(prefill) = field
                .prefill
                .as_ref()
                .filter(|p| p.attribute.database == database)
            else {
                continue;
            };
            out.push(json!({
                "element": title,
                "id": id,
                "wire": visible(&field.wire_name),
                "href": cx.href(&format!("{page}#{}", Links::field_anchor(prefix, &field.wire_name))),
                "attribute": visible(&prefill.attribute.attribute),
                "attribute_href": format!("#{}", Links::field_anchor("a", &prefill.attribute.attribute)),
            }));
        }
    };
    for contract in registry.contracts.values() {
        let page = Links::contract(&contract.id);
        let title = pick(&contract.title, cx.lang);
        note(
            &contract.request.fields,
            page.clone(),
            title.clone(),
            &contract.id,
            "request",
        );
        note(
            &contract.response.fields,
            page,
            title,
            &contract.id,
            "response",
        );
    }
    for record in registry.records.values() {
        let title = pick(&record.label, cx.lang);
        note(
            &record.fields,
            Links::record(&record.id),
            title,
            &record.id,
            "f",
        );
    }
    out
}

/// One replaced component for the pages: its procedure, names, the attributes of one database, since when.
fn component_row(cx: &Cx, row: &Row<'_>) -> Value {
    let database = cx.registry.databases.get(row.database);
    let attributes: Vec<Value> = row
        .attributes()
        .into_iter()
        .map(|wire| {
            let label = database
                .and_then(|d| d.attribute(wire))
                .map(|a| pick(&a.label, cx.lang));
            json!({
                "wire": visible(wire),
                "label": label,
                "href": cx.href(&format!("{}#{}", Links::database(row.database), Links::field_anchor("a", wire))),
            })
        })
        .collect();
    json!({
        "procedure": visible(&row.reuse.procedure),
        "procedure_name": pick(&row.reuse.procedure_name, cx.lang),
        "procedure_href": cx.href(&format!("reuse.html#{}", Links::procedure_anchor(&row.reuse.procedure))),
        "component": pick(&row.component.name, cx.lang),
        "note": pick_opt(row.component.note.as_ref(), cx.lang),
        "database": {
            "id": row.database,
            "name": database.map_or_else(|| visible(row.database), |d| pick(&d.name, cx.lang)),
            "href": cx.href(&Links::database(row.database)),
        },
        "attributes": attributes,
        "decision": cx.legal(&row.component.decision),
        "from": visible(&row.component.from),
        "owner": super::parts::owner_link(cx, Some(&row.reuse.owner)),
        "proposal": row.reuse.status == Status::Proposal,
    })
}

pub(super) fn database_page(cx: &Cx, database: &Database) -> Result<Value, SiteError> {
    let mut attributes = Vec::new();
    for attribute in &database.attributes {
        attributes.push(field_row(cx, attribute, "a")?);
    }
    let services: Vec<Value> = database
        .services
        .iter()
        .map(|s| {
            json!({
                "operation": visible(&s.operation),
                "label": pick(&s.label, cx.lang),
                "description": pick_opt(s.description.as_ref(), cx.lang),
            })
        })
        .collect();
    let ndxp = database.ndxp.as_deref().map(|code| {
        let catalogue = contracts_core::resolve::NDXP_CATALOGUE;
        json!({
            "code": visible(code),
            "href": cx.href(&format!("{}#{}", Links::catalogue(catalogue), Links::code_anchor(code))),
        })
    });
    let rows = reuse::of_database(cx.registry, &database.id);
    Ok(json!({
        "id": database.id,
        "source": cx.source_file(database.span),
        "name": pick(&database.name, cx.lang),
        "description": pick_opt(database.description.as_ref(), cx.lang),
        "status": cx.enum_label("status", database.status.as_str())?,
        "proposal": database.status == Status::Proposal,
        "owner": super::parts::owner_link(cx, Some(&database.owner)),
        "legal": cx.legal_rows(&database.legal),
        "ndxp": ndxp,
        "services": services,
        "access": pick(&database.access, cx.lang),
        "attributes": cx.list(attributes),
        "prefilled": prefilled_fields(cx, &database.id),
        "replaces": rows.iter().map(|row| component_row(cx, row)).collect::<Vec<_>>(),
    }))
}

/// The public list of replaced dossier components: by procedure, then by database, with the downloads.
pub(super) fn reuse_page(cx: &Cx) -> Result<Value, SiteError> {
    let registry = cx.registry;
    let all = reuse::rows(registry, &Filter::default());
    let mut procedures: Vec<Value> = Vec::new();
    let mut reuses: Vec<&Reuse> = registry.reuses.values().collect();
    reuses.sort_by(|a, b| (&a.procedure, &a.id).cmp(&(&b.procedure, &b.id)));
    for declaration in reuses {
        let rows: Vec<Value> = all
            .iter()
            .filter(|row| row.reuse.id == declaration.id)
            .map(|row| component_row(cx, row))
            .collect();
        procedures.push(json!({
            "anchor": Links::procedure_anchor(&declaration.procedure),
            "procedure": visible(&declaration.procedure),
            "name": pick(&declaration.procedure_name, cx.lang),
            "description": pick_opt(declaration.description.as_ref(), cx.lang),
            "owner": super::parts::owner_link(cx, Some(&declaration.owner)),
            "status": cx.enum_label("status", declaration.status.as_str())?,
            "proposal": declaration.status == Status::Proposal,
            "rows": rows,
        }));
    }
    let databases: Vec<Value> = registry
        .databases
        .values()
        .filter_map(|database| {
            let rows = reuse::of_database(registry, &database.id);
            (!rows.is_empty()).then(|| {
                json!({
                    "id": database.id,
                    "name": pick(&database.name, cx.lang),
                    "href": cx.href(&Links::database(&database.id)),
                    "rows": rows.iter().map(|row| component_row(cx, row)).collect::<Vec<_>>(),
                })
            })
        })
        .collect();
    let download = |file: &str| {
        cx.links.has_output(file).then(
            || json!({"file": file, "href": cx.site_href(&format!("downloads/bundle/{file}"))}),
        )
    };
    Ok(json!({
        "procedures": procedures,
        "databases": databases,
        "json": download(REUSE_JSON),
        "csv": download(REUSE_CSV),
    }))
}

/// Every owner with what it keeps: databases, contracts, catalogues, records and reuse declarations.
pub(super) fn owners_page(cx: &Cx) -> Result<Value, SiteError> {
    let registry = cx.registry;
    let mut owners = Vec::new();
    for owner in registry.owners.values() {
        owners.push(owner_entry(cx, registry, owner)?);
    }
    Ok(json!({ "owners": owners }))
}

fn owner_entry(cx: &Cx, registry: &Registry, owner: &Owner) -> Result<Value, SiteError> {
    let id = owner.id.as_str();
    let mine = |o: &Option<String>| o.as_deref() == Some(id);
    let item = |label: String, element: &str, href: String| json!({"label": label, "id": element, "href": href});
    let contracts: Vec<Value> = registry
        .contracts
        .values()
        .filter(|c| mine(&c.owner))
        .map(|c| {
            item(
                pick(&c.title, cx.lang),
                &c.id,
                cx.href(&Links::contract(&c.id)),
            )
        })
        .collect();
    let catalogues: Vec<Value> = registry
        .catalogues
        .values()
        .filter(|c| mine(&c.owner))
        .map(|c| {
            item(
                pick(&c.label, cx.lang),
                &c.id,
                cx.href(&Links::catalogue(&c.id)),
            )
        })
        .collect();
    let records: Vec<Value> = registry
        .records
        .values()
        .filter(|r| mine(&r.owner))
        .map(|r| {
            item(
                pick(&r.label, cx.lang),
                &r.id,
                cx.href(&Links::record(&r.id)),
            )
        })
        .collect();
    let databases: Vec<Value> = registry
        .databases
        .values()
        .filter(|d| d.owner == id)
        .map(|d| {
            item(
                pick(&d.name, cx.lang),
                &d.id,
                cx.href(&Links::database(&d.id)),
            )
        })
        .collect();
    let reuses: Vec<Value> = registry
        .reuses
        .values()
        .filter(|r| r.owner == id)
        .map(|r| {
            item(
                pick(&r.procedure_name, cx.lang),
                &r.procedure,
                cx.href(&format!(
                    "reuse.html#{}",
                    Links::procedure_anchor(&r.procedure)
                )),
            )
        })
        .collect();
    let contact = &owner.contact;
    Ok(json!({
        "id": id,
        "anchor": Links::owner_anchor(id),
        "name": pick(&owner.name, cx.lang),
        "code": owner.code.as_deref().map(visible),
        "status": cx.enum_label("status", owner.status.as_str())?,
        "proposal": owner.status == Status::Proposal,
        "description": pick_opt(owner.description.as_ref(), cx.lang),
        "successor": owner.successor.as_ref().map(|successor| json!({
            "name": pick(&successor.name, cx.lang),
            "since": visible(&successor.since),
            "basis": pick(&successor.basis, cx.lang),
            "href": successor.owner.as_deref().map(|o| cx.href(&format!("owners.html#{}", Links::owner_anchor(o)))),
            "proposal": successor.status == Status::Proposal,
        })),
        "contact": {
            "unit": pick(&contact.unit, cx.lang),
            "email": contact.email.as_deref().map(visible),
            "phone": contact.phone.as_deref().map(visible),
            "url": contact.url.as_deref().filter(|u| text::is_safe_url(u)),
        },
        "databases": databases,
        "contracts": contracts,
        "catalogues": catalogues,
        "records": records,
        "reuses": reuses,
    }))
}
