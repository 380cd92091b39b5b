//! The static search index: contracts, records, catalogues, databases, fields, codes, replaced dossier components
//! and provisions, as one script file.
//!
//! A script (not JSON fetched at run time) so that search works from `file://` too. The JSON in it escapes
//! `<`, `>`, `&`, U+2028 and U+2029, and the page builds results with `textContent`, never as HTML.

use serde_json::{Value, json};

use super::pages::Links;
use super::text::{self, visible};
use crate::model::{Field, Registry, Text};

/// The index file, at the root of the site (shared by both languages).
pub const FILE: &str = "search-index.js";

fn both(text: &Text) -> Value {
    json!({"vi": visible(&text.vi), "en": visible(text.en_or_vi())})
}

/// One entry: its kind, its text in both languages, a code-like name (wire name, code, provision or id),
/// where it is shown (in both languages), and its link relative to a language root.
fn entry(kind: &str, title: Value, name: &str, context: Value, url: String) -> Value {
    json!({"k": kind, "t": title, "n": visible(name), "c": context, "u": url})
}

/// The whole index as JavaScript: `window.CONTRACTS_SEARCH_INDEX = [...];`.
pub fn index(registry: &Registry) -> String {
    let mut entries = Vec::new();
    let fields =
        |entries: &mut Vec<Value>, fields: &[Field], page: &str, prefix: &str, context: &Value| {
            for field in fields {
                entries.push(entry(
                    "field",
                    both(&field.label),
                    &field.wire_name,
                    context.clone(),
                    format!("{page}#{}", Links::field_anchor(prefix, &field.wire_name)),
                ));
            }
        };
    for c in registry.contracts.values() {
        let page = Links::contract(&c.id);
        entries.push(entry(
            "contract",
            both(&c.title),
            &format!("{} {} {}", c.id, c.operation, c.path),
            json!({"vi": "", "en": ""}),
            page.clone(),
        ));
        for payload in [&c.request, &c.response] {
            let direction = payload.direction.as_str();
            fields(
                &mut entries,
                &payload.fields,
                &page,
                direction,
                &both(&c.title),
            );
        }
    }
    for r in registry.records.values() {
        let page = Links::record(&r.id);
        entries.push(entry(
            "record",
            both(&r.label),
            &r.id,
            json!({"vi": "", "en": ""}),
            page.clone(),
        ));
        fields(&mut entries, &r.fields, &page, "f", &both(&r.label));
    }
    for catalogue in registry.catalogues.values() {
        let page = Links::catalogue(&catalogue.id);
        entries.push(entry(
            "catalogue",
            both(&catalogue.label),
            &catalogue.id,
            json!({"vi": "", "en": ""}),
            page.clone(),
        ));
        for code in &catalogue.codes {
            entries.push(entry(
                "code",
                both(&code.label),
                &code.code,
                both(&catalogue.label),
                format!("{page}#{}", Links::code_anchor(&code.code)),
            ));
        }
    }
    for database in registry.databases.values() {
        let page = Links::database(&database.id);
        entries.push(entry(
            "database",
            both(&database.name),
            &database.id,
            json!({"vi": "", "en": ""}),
            page.clone(),
        ));
        fields(
            &mut entries,
            &database.attributes,
            &page,
            "a",
            &both(&database.name),
        );
    }
    for reuse in registry.reuses.values() {
        let page = format!("reuse.html#{}", Links::procedure_anchor(&reuse.procedure));
        for component in &reuse.components {
            entries.push(entry(
                "component",
                both(&component.name),
                &format!("{} {}", reuse.procedure, component.id),
                both(&reuse.procedure_name),
                page.clone(),
            ));
        }
    }
    if let Some(coverage) = crate::coverage::coverage(registry) {
        for provision in &coverage.provisions {
            let path: Vec<String> = provision.reference.split('.').map(str::to_owned).collect();
            entries.push(entry(
                "provision",
                both(&provision.text),
                &provision.reference,
                json!({"vi": visible(&coverage.source), "en": visible(&coverage.source)}),
                format!("traceability.html#{}", Links::provision_anchor(&path)),
            ));
        }
    }
    format!(
        "// Search index of the contract registry, written by `cargo contracts build`.\nwindow.CONTRACTS_SEARCH_INDEX = {};\n",
        text::json_for_script(&Value::Array(entries))
    )
}
