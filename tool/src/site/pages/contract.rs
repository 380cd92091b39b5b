//! A contract's page, and the field tables of contracts and records.

use serde_json::{Value, json};

use super::{Cx, Links};
use crate::site::SiteError;
use crate::site::text::{self, pick, pick_opt, visible};
use contracts_core::generate::postman;
use contracts_core::model::{AuthKind, Contract, Field, FieldType, Payload, Status};

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
        .enumerate()
        .map(|(i, e)| {
            let file = |direction: &str| format!("{}.example-{}.{direction}.json", c.id, i + 1);
            json!({
                "title": pick_opt(e.title.as_ref(), cx.lang),
                "request": e.request.as_ref().map(text::json_pretty),
                "request_file": file("request"),
                "response": e.response.as_ref().map(text::json_pretty),
                "response_file": file("response"),
            })
        })
        .collect();
    let mut downloads = Vec::new();
    // The document of the endpoints the contract's host serves, which holds it.
    let provider_doc = format!("openapi/{}.openapi", c.host.as_str());
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
        (
            "downloads.example_request",
            postman::example_file(c, 0, "request"),
        ),
        (
            "downloads.example_response",
            postman::example_file(c, 0, "response"),
        ),
        ("downloads.postman_contract", postman::COLLECTION.to_owned()),
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
        "group": c
            .group
            .as_deref()
            .and_then(|id| registry.info.group(id))
            .map(|g| pick(&g.title, cx.lang)),
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
        "sequence": sequence(cx, c, auth.map(|a| a.kind))?,
        "source": cx.source_file(c.span),
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
        "tree": tree(cx, &payload.fields, "", direction, &mut Vec::new(), &mut TREE_NODES.clone()),
    }))
}

/// How deep the payload tree follows records into records, and how many nodes it shows at most (past that,
/// records stay closed: their fields are a click away on their own page).
const TREE_DEPTH: usize = 3;
const TREE_NODES: usize = 400;

/// The fields of a payload as a tree: each node links to its row (on this page for the payload's own fields, on
/// the record's page below), records open into their fields down to [`TREE_DEPTH`] and never into a record
/// that contains them.
fn tree(
    cx: &Cx,
    fields: &[Field],
    page: &str,
    prefix: &str,
    open: &mut Vec<String>,
    budget: &mut usize,
) -> Vec<Value> {
    fields
        .iter()
        .map(|field| {
            *budget = budget.saturating_sub(1);
            let mut children = Vec::new();
            if let FieldType::Record(id) = &field.ty
                && open.len() < TREE_DEPTH
                && *budget >= record_size(cx, id)
                && !open.contains(id)
                && let Some(record) = cx.registry.records.get(id)
            {
                open.push(id.clone());
                children = tree(cx, &record.fields, &Links::record(id), "f", open, budget);
                open.pop();
            }
            let anchor = Links::field_anchor(prefix, &field.wire_name);
            let href = if page.is_empty() {
                format!("#{anchor}")
            } else {
                cx.href(&format!("{page}#{anchor}"))
            };
            json!({
                "wire": visible(&field.wire_name),
                "href": href,
                "list": field.list.is_some(),
                "required": field.required,
                "children": children,
            })
        })
        .collect()
}

/// The number of fields of a record (0 when unknown).
fn record_size(cx: &Cx, id: &str) -> usize {
    cx.registry.records.get(id).map_or(0, |r| r.fields.len())
}

/// Geometry of the sequence diagram: the width, the two lifelines, and the height of one message.
const SEQUENCE_WIDTH: u32 = 640;
const LIFELINES: (u32, u32) = (150, 490);
const STEP: u32 = 44;

/// The exchange as a sequence diagram (drawn by the template as SVG, every text escaped there): the client
/// obtains its credentials as the authentication scheme says, then calls the endpoint of the side that hosts it
/// and gets its answer.
fn sequence(cx: &Cx, c: &Contract, auth: Option<AuthKind>) -> Result<Value, SiteError> {
    let endpoint = visible(&format!("{} {}", c.method.as_str(), c.path));
    // (from the consumer?, label, dashed: an answer)
    let mut messages: Vec<(bool, String, bool)> = Vec::new();
    let mut note = None;
    match auth {
        Some(AuthKind::Session) => {
            messages.push((true, cx.t("contract.sequence_login")?, false));
            messages.push((false, cx.t("contract.sequence_session")?, true));
        }
        Some(AuthKind::OAuth2ClientCredentials) => {
            messages.push((true, cx.t("contract.sequence_token_request")?, false));
            messages.push((false, cx.t("contract.sequence_token")?, true));
        }
        Some(AuthKind::OidcAuthorizationCode) => {
            messages.push((true, cx.t("contract.sequence_oidc_code")?, false));
            messages.push((false, cx.t("contract.sequence_oidc_token")?, true));
        }
        Some(AuthKind::ApiKey) => note = Some(cx.t("contract.sequence_api_key")?),
        Some(AuthKind::MutualTls) => note = Some(cx.t("contract.sequence_mutual_tls")?),
        None => {}
    }
    messages.push((
        true,
        format!("{endpoint} · {}", cx.t("payload.request")?),
        false,
    ));
    messages.push((false, cx.t("payload.response")?, true));
    let (left, right) = LIFELINES;
    let top = 36 + if note.is_some() { STEP } else { 0 };
    let rows: Vec<Value> = messages
        .into_iter()
        .enumerate()
        .map(|(i, (forward, label, dashed))| {
            let y = top + STEP * i as u32;
            let (x1, x2) = if forward {
                (left, right - 6)
            } else {
                (right, left + 6)
            };
            json!({
                "y": y,
                "text_y": y - 8,
                "x1": x1,
                "x2": x2,
                "head": if forward {
                    format!("{},{} {},{} {},{}", right - 10, y - 5, right, y, right - 10, y + 5)
                } else {
                    format!("{},{} {},{} {},{}", left + 10, y - 5, left, y, left + 10, y + 5)
                },
                "label": label,
                "dashed": dashed,
                "number": i + 1,
            })
        })
        .collect();
    let height = top + STEP * rows.len() as u32;
    Ok(json!({
        "width": SEQUENCE_WIDTH,
        "height": height,
        "middle": (left + right) / 2,
        "left": left,
        "right": right,
        "bottom": height - 8,
        "consumer": cx.enum_label("party", c.client().as_str())?,
        "provider": cx.enum_label("party", c.host.as_str())?,
        "note": note,
        "span": right - left,
        "note_y": 40,
        "note_text_y": 58,
        "messages": rows,
    }))
}
