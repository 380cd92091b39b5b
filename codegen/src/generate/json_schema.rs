//! JSON Schema 2020-12 of every payload and record, with `$defs` for the records and catalogues they use.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::Outputs;
use crate::model::{Field, FieldType, Registry, ScalarType, WireFormat};

/// Integers as strings in canonical form: no leading zeros, no `+`, no `-0`.
const INTEGER_PATTERN: &str = "^(0|-?[1-9][0-9]*)$";
/// Decimals as strings in canonical form: as integers, with an optional fraction; no negative zero.
const DECIMAL_PATTERN: &str = "^(-?[1-9][0-9]*(\\.[0-9]+)?|-?0\\.[0-9]*[1-9][0-9]*|0(\\.0+)?)$";

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// `jsonschema/<contract>.request.schema.json`, `.response.`, and `jsonschema/records/<record>.schema.json`.
pub fn write(registry: &Registry, out: &mut Outputs) {
    for contract in registry.contracts.values() {
        for payload in [&contract.request, &contract.response] {
            let side = payload.direction.as_str();
            let mut schema = object_schema(&payload.fields);
            let root = as_map(&mut schema);
            root.insert("$schema".into(), DIALECT.into());
            root.insert(
                "title".into(),
                format!("{} ({side})", contract.title.en_or_vi()).into(),
            );
            root.insert("x-title-vi".into(), contract.title.vi.clone().into());
            root.insert(
                "x-contract".into(),
                json!({"id": contract.id, "version": contract.version.to_string()}),
            );
            insert_defs(registry, &payload.fields, root);
            out.insert(
                format!("jsonschema/{}.{side}.schema.json", contract.id),
                pretty(&schema),
            );
        }
    }
    for record in registry.records.values() {
        let mut schema = object_schema(&record.fields);
        let root = as_map(&mut schema);
        root.insert("$schema".into(), DIALECT.into());
        root.insert("title".into(), record.label.en_or_vi().into());
        root.insert("x-title-vi".into(), record.label.vi.clone().into());
        insert_defs(registry, &record.fields, root);
        out.insert(
            format!("jsonschema/records/{}.schema.json", record.id),
            pretty(&schema),
        );
    }
}

/// The schema of an object with these fields: every property described, required ones listed, nothing else allowed.
pub fn object_schema(fields: &[Field]) -> Value {
    let mut properties = Map::new();
    for field in fields {
        properties.insert(field.wire_name.clone(), field_schema(field));
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.wire_name.as_str())
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn field_schema(field: &Field) -> Value {
    let single = value_schema(field);
    let mut schema = match field.list {
        Some(bounds) => {
            let mut list = json!({"type": "array", "items": single});
            let map = as_map(&mut list);
            if let Some(min) = bounds.min_items {
                map.insert("minItems".into(), min.into());
            }
            if let Some(max) = bounds.max_items {
                map.insert("maxItems".into(), max.into());
            }
            list
        }
        None => single,
    };
    if !field.required {
        // Optional fields may be absent or null, as existing systems send them.
        schema = json!({"anyOf": [schema, {"type": "null"}]});
    }
    let map = as_map(&mut schema);
    map.insert("title".into(), field.label.en_or_vi().into());
    if let Some(description) = &field.description {
        map.insert("description".into(), description.en_or_vi().into());
    }
    if let Some(example) = &field.example {
        map.insert("examples".into(), json!([example]));
    }
    map.insert("x-label-vi".into(), field.label.vi.clone().into());
    if !field.legal.is_empty() {
        map.insert(
            "x-legal".into(),
            field.legal.iter().map(|l| l.written.clone()).collect(),
        );
    }
    map.insert(
        "x-personal-data".into(),
        format!("{:?}", field.personal_data).to_lowercase().into(),
    );
    map.insert("x-wire-format".into(), field.format.name().into());
    if field.status == crate::model::Status::Proposal {
        map.insert("x-proposal".into(), true.into());
    }
    schema
}

/// One value of the field (an item, for lists), in its wire format and with its constraints.
fn value_schema(field: &Field) -> Value {
    let limits = &field.constraints;
    let mut schema = match (&field.ty, field.format) {
        (FieldType::Record(id), _) => return json!({"$ref": format!("#/$defs/record-{id}")}),
        (FieldType::Code(id), _) => return json!({"$ref": format!("#/$defs/catalogue-{id}")}),
        (FieldType::Scalar(ty), format) => scalar_schema(*ty, format),
    };
    let map = as_map(&mut schema);
    if let Some(pattern) = &limits.pattern {
        map.insert("pattern".into(), pattern.source().into());
    }
    if let Some(min) = limits.min_length {
        map.insert("minLength".into(), min.into());
    }
    if let Some(max) = limits.max_length {
        map.insert("maxLength".into(), max.into());
    }
    let numeric_json = matches!(field.format, WireFormat::Number);
    for (bound, keyword) in [(limits.min, "minimum"), (limits.max, "maximum")] {
        if let Some(bound) = bound.and_then(serde_json::Number::from_f64) {
            let key = if numeric_json {
                keyword.to_owned()
            } else {
                format!("x-{keyword}")
            };
            map.insert(key, Value::Number(bound));
        }
    }
    schema
}

fn scalar_schema(ty: ScalarType, format: WireFormat) -> Value {
    use WireFormat::*;
    let integer = ty == ScalarType::Integer;
    match format {
        Text | Phone | Object | CodeString | CodeNumber => json!({"type": "string"}),
        Email => json!({"type": "string", "format": "email"}),
        Uri | AttachmentUrl => json!({"type": "string", "format": "uri"}),
        AttachmentBase64 => json!({"type": "string", "contentEncoding": "base64"}),
        Number if integer => json!({"type": "integer"}),
        Number => json!({"type": "number"}),
        NumberAsString if integer => json!({"type": "string", "pattern": INTEGER_PATTERN}),
        NumberAsString => json!({"type": "string", "pattern": DECIMAL_PATTERN}),
        BoolTrueFalse => json!({"type": "string", "enum": ["True", "False"]}),
        BoolLowercase => json!({"type": "string", "enum": ["true", "false"]}),
        BoolZeroOne => json!({"type": "string", "enum": ["0", "1"]}),
        BoolJson => json!({"type": "boolean"}),
        DateCompact => {
            json!({"type": "string", "pattern": "^[0-9]{4}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$"})
        }
        DateIso => json!({"type": "string", "format": "date"}),
        DateSlashed => {
            json!({"type": "string", "pattern": "^(0[1-9]|[12][0-9]|3[01])/(0[1-9]|1[0-2])/[0-9]{4}$"})
        }
        DateTimeCompact => json!({
            "type": "string",
            "pattern": "^[0-9]{4}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])([01][0-9]|2[0-3])[0-5][0-9][0-5][0-9]$"
        }),
        DateTimeSpaced => json!({
            "type": "string",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"
        }),
        DateTimeRfc3339 => json!({"type": "string", "format": "date-time"}),
    }
}

/// `$defs` for every record and catalogue reachable from `fields`, in id order.
fn insert_defs(registry: &Registry, fields: &[Field], root: &mut Map<String, Value>) {
    let mut records = BTreeSet::new();
    let mut catalogues = BTreeSet::new();
    collect(registry, fields, &mut records, &mut catalogues);
    let mut defs = Map::new();
    for id in &catalogues {
        if let Some(catalogue) = registry.catalogues.get(id) {
            let codes: Vec<Value> = catalogue
                .codes
                .iter()
                .map(|c| match catalogue.format {
                    WireFormat::CodeNumber => c
                        .code
                        .parse::<i64>()
                        .map_or_else(|_| c.code.clone().into(), Value::from),
                    _ => c.code.clone().into(),
                })
                .collect();
            let kind = if catalogue.format == WireFormat::CodeNumber {
                "integer"
            } else {
                "string"
            };
            let labels: Map<String, Value> = catalogue
                .codes
                .iter()
                .map(|c| {
                    (
                        c.code.clone(),
                        json!({"vi": c.label.vi, "en": c.label.en_or_vi()}),
                    )
                })
                .collect();
            defs.insert(
                format!("catalogue-{id}"),
                json!({
                    "title": catalogue.label.en_or_vi(),
                    "type": kind,
                    "enum": codes,
                    "x-catalogue": {"id": id, "version": catalogue.version.to_string()},
                    "x-labels": labels,
                }),
            );
        }
    }
    for id in &records {
        if let Some(record) = registry.records.get(id) {
            let mut schema = object_schema(&record.fields);
            as_map(&mut schema).insert("title".into(), record.label.en_or_vi().into());
            defs.insert(format!("record-{id}"), schema);
        }
    }
    if !defs.is_empty() {
        root.insert("$defs".into(), Value::Object(defs));
    }
}

fn collect(
    registry: &Registry,
    fields: &[Field],
    records: &mut BTreeSet<String>,
    catalogues: &mut BTreeSet<String>,
) {
    for field in fields {
        match &field.ty {
            FieldType::Code(id) => {
                catalogues.insert(id.clone());
            }
            FieldType::Record(id) => {
                if records.insert(id.clone())
                    && let Some(record) = registry.records.get(id)
                {
                    collect(registry, &record.fields, records, catalogues);
                }
            }
            FieldType::Scalar(_) => {}
        }
    }
}

fn as_map(value: &mut Value) -> &mut Map<String, Value> {
    if !value.is_object() {
        *value = Value::Object(Map::new());
    }
    match value {
        Value::Object(map) => map,
        _ => unreachable!("made an object above"),
    }
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}
