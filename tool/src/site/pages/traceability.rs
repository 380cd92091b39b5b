//! The traceability matrix: every provision with what implements it, and every field and code with its provisions.

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{Value, json};

use super::{Cx, Links};
use crate::site::SiteError;
use crate::site::rows::Rows;
use crate::site::text::{pick, pick_opt, visible};
use contracts_core::model::{self, Holder, LegalRef};

/// An element that cites provisions (a field of a contract or record, or a catalogue code), as the page shows
/// it: where it is, in which contract or record, its name and label, and its citations (by their number in
/// [`Shown::legal`]).
struct Element {
    href: String,
    context: String,
    name: String,
    label: String,
    /// Its citations, as a list made row by row: one list for all the elements that cite alike.
    legal: Value,
}

/// Every element.
struct Shown {
    elements: Vec<Element>,
}

impl Element {
    fn value(&self) -> Value {
        json!({"href": self.href, "context": self.context, "name": self.name, "label": self.label})
    }
}

/// The elements citing one provision.
struct Implementers {
    shown: Rc<Shown>,
    of: Vec<u32>,
}

impl Rows for Implementers {
    fn len(&self) -> usize {
        self.of.len()
    }

    fn row(&self, index: usize) -> Value {
        self.shown.elements[self.of[index] as usize].value()
    }
}

/// Every element with its citations.
struct Back(Rc<Shown>);

impl Rows for Back {
    fn len(&self) -> usize {
        self.0.elements.len()
    }

    fn row(&self, index: usize) -> Value {
        let element = &self.0.elements[index];
        let mut value = element.value();
        value["legal"] = element.legal.clone();
        value
    }
}

/// Every element that cites provisions, with the citations it makes (by the pointer of each citation as
/// written, shared by every element that writes it alike).
fn elements<'r>(cx: &Cx<'r>) -> Result<(Shown, Vec<&'r [LegalRef]>), SiteError> {
    let mut out = Vec::new();
    let mut cited = Vec::new();
    let mut sides = HashMap::new();
    let mut numbers: HashMap<usize, u32> = HashMap::new();
    let mut legal = Vec::new();
    let mut lists: HashMap<Vec<u32>, Value> = HashMap::new();
    for element in cx.registry.elements() {
        let (href, context, name, label, refs) = match element {
            model::Element::Field(Holder::Payload(c, payload), field) => {
                let direction = payload.direction.as_str();
                let side = match sides.get(direction) {
                    Some(side) => String::clone(side),
                    None => {
                        let side = cx.t(&format!("payload.{direction}"))?;
                        sides.insert(direction, side.clone());
                        side
                    }
                };
                (
                    format!(
                        "{}#{}",
                        Links::contract(&c.id),
                        Links::field_anchor(direction, &field.wire_name)
                    ),
                    format!("{} › {side}", pick(&c.title, cx.lang)),
                    &field.wire_name,
                    &field.label,
                    field.legal.as_slice(),
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
                field.legal.as_slice(),
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
                code.legal.as_slice(),
            ),
            _ => continue,
        };
        let numbered: Vec<u32> = refs
            .iter()
            .map(|l| {
                let key = std::sync::Arc::as_ptr(&l.cited) as usize;
                *numbers.entry(key).or_insert_with(|| {
                    legal.push(
                        cx.legal(std::slice::from_ref(l))
                            .pop()
                            .unwrap_or(Value::Null),
                    );
                    (legal.len() - 1) as u32
                })
            })
            .collect();
        let list = match lists.get(&numbered) {
            Some(list) => list.clone(),
            None => {
                let values = numbered.iter().map(|&k| legal[k as usize].clone());
                let list = cx.list(values.collect());
                lists.insert(numbered, list.clone());
                list
            }
        };
        out.push(Element {
            href: cx.href(&href),
            context,
            name: visible(name),
            label: pick(label, cx.lang),
            legal: list,
        });
        cited.push(refs);
    }
    Ok((Shown { elements: out }, cited))
}

pub(super) fn traceability(cx: &Cx) -> Result<Value, SiteError> {
    let registry = cx.registry;
    let primary = registry.info.primary_source().unwrap_or_default();
    let Some(coverage) = cx.links.coverage(registry) else {
        return Ok(json!({"source": null, "groups": [], "elements": [], "summary": null}));
    };
    let (shown, cited) = elements(cx)?;
    // The elements citing each provision of the primary source, in the order of the elements.
    let mut citing: HashMap<&[String], Vec<u32>> = HashMap::new();
    for (index, refs) in cited.iter().enumerate() {
        for legal in refs.iter().filter(|l| l.source == primary) {
            let list = citing.entry(legal.path.as_slice()).or_default();
            if list.last() != Some(&(index as u32)) {
                list.push(index as u32);
            }
        }
    }
    let shown = Rc::new(shown);
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
        let implementers = cx.rows(Implementers {
            shown: Rc::clone(&shown),
            of: citing.remove(path.as_slice()).unwrap_or_default(),
        });
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
        "elements": cx.rows(Back(shown)),
    }))
}
