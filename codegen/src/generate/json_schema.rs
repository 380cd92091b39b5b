//! JSON Schema 2020-12 of every payload and record, with `$defs` for the records and catalogues they use.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value, json};

use super::{Job, Output};
use crate::model::{
    Catalogue, Contract, Field, FieldType, Payload, Record, Registry, ScalarType, WireFormat,
};

/// Integers as strings in canonical form: no leading zeros, no `+`, no `-0`.
const INTEGER_PATTERN: &str = "^(0|-?[1-9][0-9]*)$";
/// Decimals as strings in canonical form: as integers, with an optional fraction; no negative zero.
const DECIMAL_PATTERN: &str = "^(-?[1-9][0-9]*(\\.[0-9]+)?|-?0\\.[0-9]*[1-9][0-9]*|0(\\.0+)?)$";

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// `jsonschema/<contract>.request.schema.json`, `.response.`, and `jsonschema/records/<record>.schema.json`.
pub fn jobs(registry: &Registry) -> Vec<Job<'_>> {
    let defs = Arc::new(Defs::new(registry));
    let payloads = registry.contracts.values().map(|contract| -> Job<'_> {
        let defs = defs.clone();
        Box::new(move || {
            [&contract.request, &contract.response]
                .into_iter()
                .map(|payload| {
                    let (name, bytes) = payload_schema(&defs, contract, payload);
                    Output::File(name, bytes.into())
                })
                .collect()
        })
    });
    let records = registry.records.values().map(|record| -> Job<'_> {
        let defs = defs.clone();
        Box::new(move || {
            let (name, bytes) = record_schema(&defs, record);
            vec![Output::File(name, bytes.into())]
        })
    });
    payloads.chain(records).collect()
}

fn payload_schema(defs: &Defs<'_>, contract: &Contract, payload: &Payload) -> (String, Vec<u8>) {
    let side = payload.direction.as_str();
    let mut schema = defs.schemas.object(&payload.fields);
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
    (
        format!("jsonschema/{}.{side}.schema.json", contract.id),
        defs.pretty_with_defs(&schema, &payload.fields),
    )
}

fn record_schema(defs: &Defs<'_>, record: &Record) -> (String, Vec<u8>) {
    let mut schema = defs.schemas.object(&record.fields);
    let root = as_map(&mut schema);
    root.insert("$schema".into(), DIALECT.into());
    root.insert("title".into(), record.label.en_or_vi().into());
    root.insert("x-title-vi".into(), record.label.vi.clone().into());
    (
        format!("jsonschema/records/{}.schema.json", record.id),
        defs.pretty_with_defs(&schema, &record.fields),
    )
}

/// The `$defs` entries of every record and catalogue, each printed once, when the first schema that uses it
/// is written, and then copied into every other: most of a payload's schema is the records and catalogues it
/// reaches.
struct Defs<'a> {
    schemas: Schemas<'a>,
    records: HashMap<&'a str, OnceLock<String>>,
    catalogues: HashMap<&'a str, OnceLock<String>>,
}

/// How deep the entries of `$defs` sit in a schema: `{ "$defs": { <entry> } }`.
const DEFS_ENTRY_INDENT: &str = "    ";

impl<'a> Defs<'a> {
    fn new(registry: &'a Registry) -> Self {
        let unprinted = |id: &'a String| (id.as_str(), OnceLock::new());
        Defs {
            schemas: Schemas::new(registry, Refs::Defs),
            records: registry.records.keys().map(unprinted).collect(),
            catalogues: registry.catalogues.keys().map(unprinted).collect(),
        }
    }

    /// `schema` as pretty JSON with a final newline, with `$defs` (last) for every record and catalogue
    /// reachable from `fields`, in id order: catalogues, then records. The same text as printing the schema
    /// with its `$defs` inserted, without building or printing the entries again.
    fn pretty_with_defs(&self, schema: &Value, fields: &[Field]) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
        let registry = self.schemas.registry;
        let (records, catalogues) = reachable(registry, fields);
        let catalogues = catalogues.iter().filter_map(|id| {
            let printed = self.catalogues.get(id.as_str())?;
            let catalogue = registry.catalogues.get(id)?;
            let entry = printed.get_or_init(|| {
                let name = self.schemas.catalogue_name(&catalogue.id);
                defs_entry(&name, &self.schemas.catalogue(catalogue))
            });
            Some(entry.as_str())
        });
        let records = records.iter().filter_map(|id| {
            let printed = self.records.get(id.as_str())?;
            let record = registry.records.get(id)?;
            let entry = printed.get_or_init(|| {
                defs_entry(
                    &self.schemas.record_name(&record.id),
                    &self.schemas.record(record),
                )
            });
            Some(entry.as_str())
        });
        let entries: Vec<&str> = catalogues.chain(records).collect();
        if !entries.is_empty() && text.ends_with("\n}") {
            text.truncate(text.len() - 2);
            text.push_str(",\n  \"$defs\": {\n");
            text.push_str(&entries.join(",\n"));
            text.push_str("\n  }\n}");
        }
        text.push('\n');
        text.into_bytes()
    }
}

/// One `"name": schema` entry of `$defs`, indented as it sits there. Pretty JSON has line breaks only between
/// tokens (a string's own are escaped), so indenting every line moves the whole value.
fn defs_entry(name: &str, schema: &Value) -> String {
    let key = serde_json::to_string(name).unwrap_or_default();
    let value = serde_json::to_string_pretty(schema).unwrap_or_default();
    let indented = value.replace('\n', &format!("\n{DEFS_ENTRY_INDENT}"));
    format!("{DEFS_ENTRY_INDENT}{key}: {indented}")
}

/// How schemas refer to records and catalogues: within one document's `$defs`, or OpenAPI components.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refs {
    /// `#/$defs/record-<id>`, `#/$defs/catalogue-<id>`.
    Defs,
    /// `#/components/schemas/<RustName>`.
    Components,
}

/// Builds the JSON Schema (2020-12, as OpenAPI 3.1 also uses) of fields, records and catalogues.
pub struct Schemas<'a> {
    registry: &'a Registry,
    refs: Refs,
}

impl<'a> Schemas<'a> {
    pub fn new(registry: &'a Registry, refs: Refs) -> Self {
        Schemas { registry, refs }
    }

    /// The name of a record's or catalogue's schema under `$defs` or `components/schemas`.
    pub fn record_name(&self, id: &str) -> String {
        match (self.refs, self.registry.records.get(id)) {
            (Refs::Components, Some(record)) => record.rust_name.clone(),
            _ => format!("record-{id}"),
        }
    }

    pub fn catalogue_name(&self, id: &str) -> String {
        match (self.refs, self.registry.catalogues.get(id)) {
            (Refs::Components, Some(catalogue)) => catalogue.rust_name.clone(),
            _ => format!("catalogue-{id}"),
        }
    }

    fn pointer(&self, name: &str) -> Value {
        match self.refs {
            Refs::Defs => json!({"$ref": format!("#/$defs/{name}")}),
            Refs::Components => json!({"$ref": format!("#/components/schemas/{name}")}),
        }
    }

    fn record_ref(&self, id: &str) -> Value {
        self.pointer(&self.record_name(id))
    }

    /// A code field: a reference to its catalogue, or the catalogue's codes inline where the field sends
    /// them in another JSON type than the catalogue does.
    fn code(&self, id: &str, format: WireFormat) -> Value {
        match self.registry.catalogues.get(id) {
            Some(catalogue) if catalogue.format != format => self.catalogue_in(catalogue, format),
            _ => self.pointer(&self.catalogue_name(id)),
        }
    }

    /// A record's schema, titled.
    pub fn record(&self, record: &Record) -> Value {
        let mut schema = self.object(&record.fields);
        let map = as_map(&mut schema);
        map.insert("title".into(), record.label.en_or_vi().into());
        map.insert("x-title-vi".into(), record.label.vi.clone().into());
        map.insert("x-record".into(), record.id.clone().into());
        schema
    }

    /// A catalogue's schema: the enum of its codes, with their labels.
    pub fn catalogue(&self, catalogue: &Catalogue) -> Value {
        self.catalogue_in(catalogue, catalogue.format)
    }

    fn catalogue_in(&self, catalogue: &Catalogue, format: WireFormat) -> Value {
        let codes: Vec<Value> = catalogue
            .codes
            .iter()
            .map(|c| match format {
                WireFormat::CodeNumber => c
                    .code
                    .parse::<i64>()
                    .map_or_else(|_| c.code.clone().into(), Value::from),
                _ => c.code.clone().into(),
            })
            .collect();
        let kind = if format == WireFormat::CodeNumber {
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
        json!({
            "title": catalogue.label.en_or_vi(),
            "type": kind,
            "enum": codes,
            "x-catalogue": {"id": catalogue.id, "version": catalogue.version.to_string()},
            "x-labels": labels,
            "x-enum-varnames": catalogue.codes.iter().map(|c| c.rust_name.clone()).collect::<Vec<_>>(),
            "x-enum-descriptions": catalogue.codes.iter().map(|c| c.label.en_or_vi().to_owned()).collect::<Vec<_>>(),
        })
    }

    /// The schema of an object with these fields: every property described, required ones listed, nothing else allowed.
    pub fn object(&self, fields: &[Field]) -> Value {
        let mut properties = Map::new();
        for field in fields {
            properties.insert(field.wire_name.clone(), self.field(field));
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

    pub fn field(&self, field: &Field) -> Value {
        let single = self.value(field);
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
    fn value(&self, field: &Field) -> Value {
        let limits = &field.constraints;
        let mut schema = match (&field.ty, field.format) {
            (FieldType::Record(id), _) => return self.record_ref(id),
            (FieldType::Code(id), format) => return self.code(id, format),
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

/// The ids of every record and catalogue reachable from `fields`.
pub fn reachable<'f>(
    registry: &Registry,
    fields: impl IntoIterator<Item = &'f Field>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut records = BTreeSet::new();
    let mut catalogues = BTreeSet::new();
    collect(registry, fields, &mut records, &mut catalogues);
    (records, catalogues)
}

fn collect<'f>(
    registry: &Registry,
    fields: impl IntoIterator<Item = &'f Field>,
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

pub(super) fn as_map(value: &mut Value) -> &mut Map<String, Value> {
    if !value.is_object() {
        *value = Value::Object(Map::new());
    }
    match value {
        Value::Object(map) => map,
        _ => unreachable!("made an object above"),
    }
}
