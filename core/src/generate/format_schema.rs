//! The JSON Schema of the contract format itself, for editors' completion and validation as they type.

use crate::syntax::Document;

/// The schema, pretty-printed with a final newline.
pub fn contract_format_schema() -> String {
    let schema = schemars::schema_for!(Document);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
