//! The static search index: contracts, records, catalogues, databases, fields, codes, replaced dossier components
//! and provisions, as one script file.
//!
//! A script (not JSON fetched at run time) so that search works from `file://` too. The JSON in it escapes
//! `<`, `>`, `&`, U+2028 and U+2029, and the page builds results with `textContent`, never as HTML.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::pages::Links;
use super::text::{self, visible};
use contracts_core::coverage::Coverage;
use contracts_core::model::{Element, Holder, Registry, Text};

fn both(text: &Text) -> Value {
    json!({"vi": visible(&text.vi), "en": visible(text.en_or_vi())})
}

/// One entry: its kind, its text in both languages, a code-like name (wire name, code, provision or id),
/// where it is shown (in both languages), and its link relative to a language root.
fn entry(kind: &str, title: Value, name: &str, context: Value, url: String) -> Value {
    json!({"k": kind, "t": title, "n": visible(name), "c": context, "u": url})
}

/// Writes the whole index as JavaScript, `window.CONTRACTS_SEARCH_INDEX = [...];`, into `out`, entry by entry, as compact JSON (so the same text as the whole array printed at
/// once), never holding it whole.
pub fn write_index(
    registry: &Registry,
    coverage: Option<&Coverage>,
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(
        b"// Search index of the contract registry, written by `cargo contracts build`.\nwindow.CONTRACTS_SEARCH_INDEX = [",
    )?;
    let mut first = true;
    let mut put = |entry: Value| -> io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        out.write_all(text::json_for_script(&entry).as_bytes())
    };
    for element in registry.elements() {
        if let Some(entry) = element_entry(element) {
            put(entry)?;
        }
    }
    if let Some(coverage) = coverage {
        for provision in &coverage.provisions {
            let path: Vec<String> = provision.reference.split('.').map(str::to_owned).collect();
            put(entry(
                "provision",
                both(&provision.text),
                &provision.reference,
                json!({"vi": visible(&coverage.source), "en": visible(&coverage.source)}),
                format!("traceability.html#{}", Links::provision_anchor(&path)),
            ))?;
        }
    }
    out.write_all(b"];\n")
}

/// The entry of an element, if it has one.
fn element_entry(element: Element<'_>) -> Option<Value> {
    let none = || json!({"vi": "", "en": ""});
    match element {
        Element::Contract(c) => Some(entry(
            "contract",
            both(&c.title),
            &format!("{} {} {}", c.id, c.operation, c.path),
            none(),
            Links::contract(&c.id),
        )),
        Element::Record(r) => Some(entry(
            "record",
            both(&r.label),
            &r.id,
            none(),
            Links::record(&r.id),
        )),
        Element::Catalogue(c) => Some(entry(
            "catalogue",
            both(&c.label),
            &c.id,
            none(),
            Links::catalogue(&c.id),
        )),
        Element::Database(d) => Some(entry(
            "database",
            both(&d.name),
            &d.id,
            none(),
            Links::database(&d.id),
        )),
        Element::Reuse(_) => None,
        Element::Field(holder, field) => {
            let (page, prefix, context) = match holder {
                Holder::Payload(c, payload) => (
                    Links::contract(&c.id),
                    payload.direction.as_str(),
                    both(&c.title),
                ),
                Holder::Record(r) => (Links::record(&r.id), "f", both(&r.label)),
                Holder::Database(d) => (Links::database(&d.id), "a", both(&d.name)),
            };
            Some(entry(
                "field",
                both(&field.label),
                &field.wire_name,
                context,
                format!("{page}#{}", Links::field_anchor(prefix, &field.wire_name)),
            ))
        }
        Element::Code(catalogue, code) => Some(entry(
            "code",
            both(&code.label),
            &code.code,
            both(&catalogue.label),
            format!(
                "{}#{}",
                Links::catalogue(&catalogue.id),
                Links::code_anchor(&code.code)
            ),
        )),
        Element::Component(reuse, component) => Some(entry(
            "component",
            both(&component.name),
            &format!("{} {}", reuse.procedure, component.id),
            both(&reuse.procedure_name),
            format!("reuse.html#{}", Links::procedure_anchor(&reuse.procedure)),
        )),
    }
}
