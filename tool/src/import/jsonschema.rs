//! A JSON Schema (draft 2020-12, 2019-09 or 07) to draft records and catalogues: the root object becomes a
//! record, and so does every object of `$defs` (or `definitions`); enumerations become catalogues.

use serde_json::Value;

use super::names::id_from;
use super::refs::{At, Document};
use super::schema::{self, Reader};
use super::{Drafts, ImportError, Taken, fail};

/// Drafts the records and catalogues of a JSON Schema; the root record is named `id` unless the schema names
/// it (`x-record`).
pub fn import(document: &Value, id: &str, taken: &Taken) -> Result<Drafts, ImportError> {
    if document.get("openapi").is_some() || document.get("swagger").is_some() {
        return fail("this is an OpenAPI document; run `import openapi`");
    }
    if !document.is_object() {
        return fail("not a JSON Schema: the top level is not an object");
    }
    let doc = Document::new(document);
    let mut reader = Reader::new(&doc, taken.records.clone(), taken.catalogues.clone());
    let mut notes = Vec::new();
    let root = At::root();
    let root_is_object = document.get("properties").is_some() || document.get("allOf").is_some();
    if root_is_object {
        reader.named_record(&root, id)?;
    }
    for key in ["$defs", "definitions"] {
        let Some(defs) = document.get(key).and_then(Value::as_object) else {
            continue;
        };
        let defs_at = doc.child(&root, key);
        for name in defs.keys() {
            let at = doc.child(&defs_at, name);
            let def = doc.get(&at).unwrap_or(&Value::Null);
            if def.get("properties").is_some() {
                reader.named_record(&at, &id_from(name, "record"))?;
            } else if def.get("enum").is_some() {
                let name = &schema::enumeration_name(name, def);
                match reader.shape(&at, None, &id_from(name, "catalogue"))? {
                    Ok(_) => {}
                    Err(reason) => notes.push(format!("`{name}` left out: {reason}")),
                }
            } else {
                notes.push(format!(
                    "`{name}` left out: only objects and enumerations become records and catalogues"
                ));
            }
        }
    }
    let (records, catalogues) = reader.finish();
    if records.is_empty() && catalogues.is_empty() {
        return fail(
            "the schema describes no object (no `properties`) and no enumeration, so there is nothing to draft",
        );
    }
    schema::check_required_cycles(&records)?;
    Ok(Drafts {
        contracts: Vec::new(),
        records,
        catalogues,
        notes,
    })
}
