//! The reference of the generated Rust crate: the module and types of each contract, records and catalogues,
//! with the Rust name of every field and code beside its wire name. Every name comes from the model.

use serde_json::{Value, json};

use super::{Cx, Links};
use crate::site::SiteError;
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

pub(super) fn rust_page(cx: &Cx) -> Result<Value, SiteError> {
    let registry = cx.registry;
    let contracts: Vec<Value> = registry
        .contracts
        .values()
        .map(|c| {
            json!({
                "module": c.rust_module,
                "href": cx.href(&Links::contract(&c.id)),
                "title": pick(&c.title, cx.lang),
                "request": {"name": c.request.rust_name, "fields": fields(&c.request.fields)},
                "response": {"name": c.response.rust_name, "fields": fields(&c.response.fields)},
            })
        })
        .collect();
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
        "contracts": contracts,
        "records": records,
        "catalogues": catalogues,
    }))
}
