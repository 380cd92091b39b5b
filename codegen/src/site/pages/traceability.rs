//! The traceability matrix: every provision with what implements it, and every field and code with its provisions.

use serde_json::{Value, json};

use super::{Cx, Links};
use crate::model::LegalRef;
use crate::site::SiteError;
use crate::site::text::{pick, pick_opt, visible};

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

pub(super) fn traceability(cx: &Cx) -> Result<Value, SiteError> {
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
