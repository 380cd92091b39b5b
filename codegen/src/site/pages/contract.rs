//! A contract's page, and the field tables of contracts and records.

use serde_json::{Value, json};

use super::{Cx, Links, auth_id, channel_id, method_name, party_id, requirement_id, status_id};
use crate::model::{self, Contract, Field, FieldType, Payload, Status};
use crate::site::SiteError;
use crate::site::text::{self, pick, pick_opt, visible};

pub(super) fn contract_page(cx: &Cx, c: &Contract) -> Result<Value, SiteError> {
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
        "owner": super::databases::owner_link(cx, c.owner.as_deref()),
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
pub(super) fn field_row(cx: &Cx, field: &Field, prefix: &str) -> Result<Value, SiteError> {
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
        "personal_data": cx.enum_label("personal_data", field.personal_data.as_str())?,
        "proposal": field.status == Status::Proposal,
        "prefill": field.prefill.as_ref().map(|p| json!({
            "ref": visible(&p.attribute.to_string()),
            "href": cx.href(&format!(
                "{}#{}",
                Links::database(&p.attribute.database),
                Links::field_anchor("a", &p.attribute.attribute)
            )),
        })),
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
