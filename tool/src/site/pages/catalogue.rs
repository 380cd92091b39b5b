//! The pages of catalogues and records, with what uses them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::parts::field_row;
use super::{Cx, Links};
use crate::site::SiteError;
use crate::site::text::{pick, pick_opt, visible};
use contracts_core::model::{self, Catalogue, Field, FieldType, Record, Registry, Status};

/// Which contracts and records use each record and catalogue.
pub struct Users {
    /// `record:<id>` or `catalogue:<id>` → (page path, contract id or record id, is a contract).
    by_target: BTreeMap<String, BTreeSet<(String, String, bool)>>,
}

impl Users {
    pub fn of(registry: &Registry) -> Users {
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

    /// The contracts (`true`) and records (`false`) that use the record `id` directly, by id.
    pub fn of_record<'s>(&'s self, id: &str) -> impl Iterator<Item = (&'s str, bool)> + use<'s> {
        self.ids(&format!("record:{id}"))
    }

    /// The contracts (`true`) and records (`false`) that use the catalogue `id` directly, by id.
    pub fn of_catalogue<'s>(&'s self, id: &str) -> impl Iterator<Item = (&'s str, bool)> + use<'s> {
        self.ids(&format!("catalogue:{id}"))
    }

    fn ids<'s>(&'s self, target: &str) -> impl Iterator<Item = (&'s str, bool)> + use<'s> {
        self.by_target
            .get(target)
            .into_iter()
            .flatten()
            .map(|(_, id, contract)| (id.as_str(), *contract))
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

pub(super) fn catalogue_page(
    cx: &Cx,
    catalogue: &Catalogue,
    users: &Users,
) -> Result<Value, SiteError> {
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
            "legal": cx.legal_rows(&code.legal),
            "deprecated": deprecated,
            "proposal": code.status == Status::Proposal && catalogue.status != Status::Proposal,
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
        "source": cx.source_file(catalogue.span),
        "version": catalogue.version.to_string(),
        "label": pick(&catalogue.label, cx.lang),
        "label_vi": visible(&catalogue.label.vi),
        "description": pick_opt(catalogue.description.as_ref(), cx.lang),
        "status": cx.enum_label("status", catalogue.status.as_str())?,
        "proposal": catalogue.status == Status::Proposal,
        "owner": super::parts::owner_link(cx, catalogue.owner.as_deref()),
        "legal": cx.legal_rows(&catalogue.legal),
        "format": format,
        "systems": systems,
        "codes": codes,
        "disagreements": disagreements,
        "used_by": users.of_target(cx, &format!("catalogue:{}", catalogue.id)),
    }))
}

pub(super) fn record_page(cx: &Cx, record: &Record, users: &Users) -> Result<Value, SiteError> {
    let mut fields = Vec::new();
    for field in &record.fields {
        fields.push(field_row(cx, field, "f")?);
    }
    let schema = format!("jsonschema/records/{}.schema.json", record.id);
    Ok(json!({
        "id": record.id,
        "source": cx.source_file(record.span),
        "label": pick(&record.label, cx.lang),
        "label_vi": visible(&record.label.vi),
        "description": pick_opt(record.description.as_ref(), cx.lang),
        "status": cx.enum_label("status", record.status.as_str())?,
        "proposal": record.status == Status::Proposal,
        "owner": super::parts::owner_link(cx, record.owner.as_deref()),
        "legal": cx.legal_rows(&record.legal),
        "fields": cx.list(fields),
        "used_by": users.of_target(cx, &format!("record:{}", record.id)),
        "schema": cx.links.has_output(&schema).then(|| json!({
            "file": schema,
            "href": cx.site_href(&format!("downloads/bundle/{schema}")),
        })),
    }))
}
