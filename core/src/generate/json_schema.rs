//! JSON Schema 2020-12 of every payload and record, with `$defs` for the records and catalogues they use.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use super::indent;
use super::json::{Json, Object};
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
    let root = schema.as_object();
    root.insert("$schema", DIALECT);
    root.insert("title", format!("{} ({side})", contract.title.en_or_vi()));
    root.insert("x-title-vi", &contract.title.vi);
    root.insert("x-contract", contract_marker(contract));
    (
        format!("jsonschema/{}.{side}.schema.json", contract.id),
        defs.pretty_with_defs(&schema, &payload.fields),
    )
}

/// `{"id": ..., "version": ...}`: the contract a schema describes.
pub(super) fn contract_marker(contract: &Contract) -> Json<'_> {
    id_and_version(&contract.id, &contract.version)
}

/// `{"id": ..., "version": ...}` of a versioned element (a contract, a catalogue).
fn id_and_version<'a>(id: &'a str, version: &impl std::fmt::Display) -> Json<'a> {
    Json::object([("id", id.into()), ("version", version.to_string().into())])
}

fn record_schema(defs: &Defs<'_>, record: &Record) -> (String, Vec<u8>) {
    let mut schema = defs.schemas.object(&record.fields);
    let root = schema.as_object();
    root.insert("$schema", DIALECT);
    root.insert("title", record.label.en_or_vi());
    root.insert("x-title-vi", &record.label.vi);
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
const DEFS_ENTRY_DEPTH: usize = 2;

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
    fn pretty_with_defs(&self, schema: &Json<'_>, fields: &[Field]) -> Vec<u8> {
        let mut text = Vec::new();
        indent::json_at(schema, 0, &mut text);
        let mut text = String::from_utf8(text).unwrap_or_default();
        let registry = self.schemas.registry;
        let (records, catalogues) = reachable(registry, fields);
        let catalogues = catalogues.iter().filter_map(|id| {
            let printed = self.catalogues.get(id.as_str())?;
            let catalogue = registry.catalogues.get(id)?;
            let entry = printed.get_or_init(|| {
                let name = self.schemas.catalogue_name(&catalogue.id);
                indent::json_entry_at(&name, &self.schemas.catalogue(catalogue), DEFS_ENTRY_DEPTH)
            });
            Some(entry.as_str())
        });
        let records = records.iter().filter_map(|id| {
            let printed = self.records.get(id.as_str())?;
            let record = registry.records.get(id)?;
            let entry = printed.get_or_init(|| {
                indent::json_entry_at(
                    &self.schemas.record_name(&record.id),
                    &self.schemas.record(record),
                    DEFS_ENTRY_DEPTH,
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

    fn pointer(&self, name: &str) -> Json<'a> {
        let target = match self.refs {
            Refs::Defs => format!("#/$defs/{name}"),
            Refs::Components => format!("#/components/schemas/{name}"),
        };
        Json::object([("$ref", target.into())])
    }

    fn record_ref(&self, id: &str) -> Json<'a> {
        self.pointer(&self.record_name(id))
    }

    /// A code field: a reference to its catalogue, or the catalogue's codes inline where the field sends
    /// them in another JSON type than the catalogue does.
    fn code(&self, id: &str, format: WireFormat) -> Json<'a> {
        match self.registry.catalogues.get(id) {
            Some(catalogue) if catalogue.format != format => self.catalogue_in(catalogue, format),
            _ => self.pointer(&self.catalogue_name(id)),
        }
    }

    /// A record's schema, titled.
    pub fn record(&self, record: &'a Record) -> Json<'a> {
        let mut schema = self.object(&record.fields);
        let map = schema.as_object();
        map.insert("title", record.label.en_or_vi());
        map.insert("x-title-vi", &record.label.vi);
        map.insert("x-record", &record.id);
        schema
    }

    /// A catalogue's schema: the enum of its codes, with their labels.
    pub fn catalogue(&self, catalogue: &'a Catalogue) -> Json<'a> {
        self.catalogue_in(catalogue, catalogue.format)
    }

    fn catalogue_in(&self, catalogue: &'a Catalogue, format: WireFormat) -> Json<'a> {
        let codes: Json<'a> = catalogue
            .codes
            .iter()
            .map(|c| match format {
                WireFormat::CodeNumber => c
                    .code
                    .parse::<i64>()
                    .map_or_else(|_| Json::from(&c.code), Json::from),
                _ => Json::from(&c.code),
            })
            .collect();
        let kind = if format == WireFormat::CodeNumber {
            "integer"
        } else {
            "string"
        };
        let labels: Object<'a> = catalogue
            .codes
            .iter()
            .map(|c| {
                let label = Json::object([
                    ("vi", (&c.label.vi).into()),
                    ("en", c.label.en_or_vi().into()),
                ]);
                (c.code.as_str(), label)
            })
            .collect();
        Json::object([
            ("title", catalogue.label.en_or_vi().into()),
            ("type", kind.into()),
            ("enum", codes),
            (
                "x-catalogue",
                id_and_version(&catalogue.id, &catalogue.version),
            ),
            ("x-labels", labels.into()),
            (
                "x-enum-varnames",
                catalogue.codes.iter().map(|c| &c.rust_name).collect(),
            ),
            (
                "x-enum-descriptions",
                catalogue.codes.iter().map(|c| c.label.en_or_vi()).collect(),
            ),
        ])
    }

    /// The schema of an object with these fields: every property described, required ones listed, nothing else allowed.
    pub fn object(&self, fields: &'a [Field]) -> Json<'a> {
        let properties: Object<'a> = fields
            .iter()
            .map(|field| (field.wire_name.as_str(), self.field(field)))
            .collect();
        let required: Json<'a> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.wire_name.as_str())
            .collect();
        Json::object([
            ("type", "object".into()),
            ("properties", properties.into()),
            ("required", required),
            ("additionalProperties", false.into()),
        ])
    }

    pub fn field(&self, field: &'a Field) -> Json<'a> {
        let single = self.value(field);
        let mut schema = match field.list {
            Some(bounds) => {
                let mut list = Json::object([("type", "array".into()), ("items", single)]);
                let map = list.as_object();
                if let Some(min) = bounds.min_items {
                    map.insert("minItems", min);
                }
                if let Some(max) = bounds.max_items {
                    map.insert("maxItems", max);
                }
                list
            }
            None => single,
        };
        if !field.required {
            // Optional fields may be absent or null, as existing systems send them.
            let null = Json::object([("type", "null".into())]);
            schema = Json::object([("anyOf", vec![schema, null].into())]);
        }
        let map = schema.as_object();
        map.insert("title", field.label.en_or_vi());
        if let Some(description) = &field.description {
            map.insert("description", description.en_or_vi());
        }
        if let Some(example) = &field.example {
            map.insert("examples", vec![Json::Value(example)]);
        }
        map.insert("x-label-vi", &field.label.vi);
        if !field.legal.is_empty() {
            map.insert(
                "x-legal",
                field.legal.iter().map(|l| &l.written).collect::<Json<'a>>(),
            );
        }
        map.insert("x-personal-data", field.personal_data.as_str());
        map.insert("x-wire-format", field.format.name());
        if field.status == crate::model::Status::Proposal {
            map.insert("x-proposal", true);
        }
        schema
    }

    /// One value of the field (an item, for lists), in its wire format and with its constraints.
    fn value(&self, field: &'a Field) -> Json<'a> {
        let limits = &field.constraints;
        let mut schema = match (&field.ty, field.format) {
            (FieldType::Record(id), _) => return self.record_ref(id),
            (FieldType::Code(id), format) => return self.code(id, format),
            (FieldType::Scalar(ty), format) => scalar_schema(*ty, format),
        };
        let map = schema.as_object();
        if let Some(pattern) = &limits.pattern {
            map.insert("pattern", pattern.source());
        }
        if let Some(min) = limits.min_length {
            map.insert("minLength", min);
        }
        if let Some(max) = limits.max_length {
            map.insert("maxLength", max);
        }
        // JSON numbers take the JSON Schema bounds; numbers sent as strings carry them as extensions.
        let numeric_json = matches!(field.format, WireFormat::Number);
        let keywords = if numeric_json {
            [(limits.min, "minimum"), (limits.max, "maximum")]
        } else {
            [(limits.min, "x-minimum"), (limits.max, "x-maximum")]
        };
        for (bound, keyword) in keywords {
            if let Some(bound) = bound.and_then(Json::float) {
                map.insert(keyword, bound);
            }
        }
        schema
    }
}

fn scalar_schema(ty: ScalarType, format: WireFormat) -> Json<'static> {
    use WireFormat::*;
    let integer = ty == ScalarType::Integer;
    let string = |key: &'static str, value: &'static str| {
        Json::object([("type", "string".into()), (key, value.into())])
    };
    let strings = |values: [&'static str; 2]| {
        Json::object([
            ("type", "string".into()),
            ("enum", values.into_iter().collect()),
        ])
    };
    let only = |kind: &'static str| Json::object([("type", kind.into())]);
    match format {
        Text | Phone | Object | CodeString | CodeNumber => only("string"),
        Email => string("format", "email"),
        Uri | AttachmentUrl => string("format", "uri"),
        AttachmentBase64 => string("contentEncoding", "base64"),
        Number if integer => only("integer"),
        Number => only("number"),
        NumberAsString if integer => string("pattern", INTEGER_PATTERN),
        NumberAsString => string("pattern", DECIMAL_PATTERN),
        BoolTrueFalse => strings(["True", "False"]),
        BoolLowercase => strings(["true", "false"]),
        BoolZeroOne => strings(["0", "1"]),
        BoolJson => only("boolean"),
        DateCompact => string(
            "pattern",
            "^[0-9]{4}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$",
        ),
        DateIso => string("format", "date"),
        DateSlashed => string(
            "pattern",
            "^(0[1-9]|[12][0-9]|3[01])/(0[1-9]|1[0-2])/[0-9]{4}$",
        ),
        DateTimeCompact => string(
            "pattern",
            "^[0-9]{4}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])([01][0-9]|2[0-3])[0-5][0-9][0-5][0-9]$",
        ),
        DateTimeSpaced => string(
            "pattern",
            "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
        ),
        DateTimeRfc3339 => string("format", "date-time"),
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
