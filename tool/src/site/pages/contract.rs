//! A contract's page, and the field tables of contracts and records.

use serde_json::{Value, json};

use super::Cx;
use crate::site::SiteError;
use crate::site::text::{self, pick, pick_opt, visible};
use contracts_core::model::{Contract, Payload, Status};

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
    let provider_doc = format!("openapi/{}.openapi", c.provider.as_str());
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
        "status": cx.enum_label("status", c.status.as_str())?,
        "proposal": c.status == Status::Proposal,
        "owner": super::parts::owner_link(cx, c.owner.as_deref()),
        "legal": cx.legal_rows(&c.legal),
        "provider": cx.enum_label("party", c.provider.as_str())?,
        "consumer": cx.enum_label("party", c.consumer.as_str())?,
        "channel": cx.enum_label("channel", c.channel.as_str())?,
        "operation": visible(&c.operation),
        "operation_seen_in": c.provenance.wire.iter().map(|w| visible(w.as_str())).collect::<Vec<_>>(),
        "operation_inferred": c.provenance.infers(contracts_core::model::Inferred::Wire),
        "operation_note": pick_opt(c.provenance.note.as_ref(), cx.lang),
        "signature_scheme": c.signature_scheme.as_ref().and_then(|id| cx.registry.info.signature_schemes.get(id)).map(|scheme| json!({
            "label": pick(&scheme.label, cx.lang),
            "algorithm": visible(&scheme.algorithm),
            "canonical_form": pick(&scheme.canonical_form, cx.lang),
            "signature_in": pick(&scheme.signature_in, cx.lang),
            "certificate_in": pick(&scheme.certificate_in, cx.lang),
            "proposal": scheme.status == Status::Proposal,
        })),
        "method": c.method.as_str(),
        "path": visible(&c.path),
        "auth": {
            "id": c.auth,
            "label": auth.map(|a| pick(&a.label, cx.lang)),
            "description": auth.and_then(|a| pick_opt(a.description.as_ref(), cx.lang)),
            "kind": match auth {
                Some(a) => Some(cx.enum_label("auth", a.kind.as_str())?),
                None => None,
            },
        },
        "signature": cx.enum_label("requirement", c.signature.as_str())?,
        "encryption": cx.enum_label("requirement", c.encryption.as_str())?,
        "payloads": payloads,
        "examples": examples,
        "sandbox": crate::sandbox::curl::example(registry, c, cx.lang).map(|t| visible(&t)),
        "downloads": downloads,
    }))
}

fn payload_data(cx: &Cx, payload: &Payload) -> Result<Value, SiteError> {
    let direction = payload.direction.as_str();
    let mut fields = Vec::new();
    for field in &payload.fields {
        fields.push(super::parts::field_row(cx, field, direction)?);
    }
    Ok(json!({
        "id": direction,
        "label": cx.t(&format!("payload.{direction}"))?,
        "description": pick_opt(payload.description.as_ref(), cx.lang),
        "fields": cx.list(fields),
    }))
}
