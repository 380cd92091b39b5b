//! The reference of the generated Rust crate: the module and types of each contract, records and catalogues,
//! with the Rust name of every field and code beside its wire name. Every name comes from the model.

use serde_json::{Value, json};

use super::{Cx, Links};
use crate::site::SiteError;
use crate::site::rows::Rows;
use crate::site::text::{pick, visible};
use contracts_core::model::Field;

fn fields(fields: &[Field]) -> Vec<Value> {
    fields
        .iter()
        .map(
            |f| json!({"rust": f.rust_name, "wire": visible(&f.wire_name), "required": f.required}),
        )
        .collect()
}

/// A field as the page lists it: Rust name, wire name (made visible), required.
type Named = (String, String, bool);

/// A contract's module and types, owned, so that the rows are made as the page is rendered.
struct Module {
    module: String,
    href: String,
    title: String,
    request: (String, Vec<Named>),
    response: (String, Vec<Named>),
}

fn named(fields: &[Field]) -> Vec<Named> {
    fields
        .iter()
        .map(|f| (f.rust_name.clone(), visible(&f.wire_name), f.required))
        .collect()
}

fn named_json((name, fields): &(String, Vec<Named>)) -> Value {
    let fields: Vec<Value> = fields
        .iter()
        .map(|(rust, wire, required)| json!({"rust": rust, "wire": wire, "required": required}))
        .collect();
    json!({"name": name, "fields": fields})
}

/// Every contract's module, made row by row.
struct Modules(Vec<Module>);

impl Rows for Modules {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn row(&self, index: usize) -> Value {
        let m = &self.0[index];
        json!({
            "module": m.module,
            "href": m.href,
            "title": m.title,
            "request": named_json(&m.request),
            "response": named_json(&m.response),
        })
    }
}

pub(super) fn rust_page(cx: &Cx) -> Result<Value, SiteError> {
    let registry = cx.registry;
    let contracts = Modules(
        registry
            .contracts
            .values()
            .map(|c| Module {
                module: c.rust_module.clone(),
                href: cx.href(&Links::contract(&c.id)),
                title: pick(&c.title, cx.lang),
                request: (c.request.rust_name.clone(), named(&c.request.fields)),
                response: (c.response.rust_name.clone(), named(&c.response.fields)),
            })
            .collect(),
    );
    let records: Vec<Value> = registry
        .records
        .values()
        .map(|r| {
            json!({
                "name": r.rust_name,
                "href": cx.href(&Links::record(&r.id)),
                "label": pick(&r.label, cx.lang),
                "fields": fields(&r.fields),
            })
        })
        .collect();
    let catalogues: Vec<Value> = registry
        .catalogues
        .values()
        .map(|c| {
            json!({
                "name": c.rust_name,
                "href": cx.href(&Links::catalogue(&c.id)),
                "label": pick(&c.label, cx.lang),
                "variants": c.codes.iter().map(|code| json!({
                    "name": code.rust_name,
                    "code": visible(&code.code),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({
        "contracts": cx.rows(contracts),
        "records": records,
        "catalogues": catalogues,
    }))
}
