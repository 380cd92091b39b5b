//! The traceability matrix: every provision with what implements it, and every field and code with its provisions.

use serde_json::{Value, json};

use super::{Cx, Links};
use crate::site::SiteError;
use crate::site::text::{pick, pick_opt, visible};
use contracts_core::model::{self, Holder, LegalRef};

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
    let mut out = Vec::new();
    for element in cx.registry.elements() {
        let (href, context, name, label, legal) = match element {
            model::Element::Field(Holder::Payload(c, payload), field) => {
                let direction = payload.direction.as_str();
                let side = cx.t(&format!("payload.{direction}"))?;
                (
                    format!(
                        "{}#{}",
                        Links::contract(&c.id),
                        Links::field_anchor(direction, &field.wire_name)
                    ),
                    format!("{} › {side}", pick(&c.title, cx.lang)),
                    &field.wire_name,
                    &field.label,
                    &field.legal,
                )
            }
            model::Element::Field(Holder::Record(r), field) => (
                format!(
                    "{}#{}",
                    Links::record(&r.id),
                    Links::field_anchor("f", &field.wire_name)
                ),
                pick(&r.label, cx.lang),
                &field.wire_name,
                &field.label,
                &field.legal,
            ),
            model::Element::Code(catalogue, code) => (
                format!(
                    "{}#{}",
                    Links::catalogue(&catalogue.id),
                    Links::code_anchor(&code.code)
                ),
                pick(&catalogue.label, cx.lang),
                &code.code,
                &code.label,
                &code.legal,
            ),
            _ => continue,
        };
        out.push(Element {
            href: cx.href(&href),
            context,
            name: visible(name),
            label: pick(label, cx.lang),
            legal: legal.clone(),
        });
    }
    Ok(out)
}

pub(super) fn traceability(cx: &Cx) -> Result<Value, SiteError> {
    let registry = cx.registry;
    let elements = elements(cx)?;
    let element_json = |e: &Element| json!({"href": e.href, "context": e.context, "name": e.name, "label": e.label});
    let primary = registry.info.primary_source().unwrap_or_default();
    let Some(coverage) = contracts_core::coverage::coverage(registry) else {
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
