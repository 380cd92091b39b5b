//! JSON Schema 2020-12 of every payload and record: one file each, records referred to by `$ref` (never copied),
//! catalogues in the `$defs` of the schemas that use them.
//!
//! The files hold standard keywords only (each with its `$id`), so that validators in strict mode take them as
//! they are (ajv's default refuses any keyword it does not know); the registry's extensions (`x-legal`,
//! `x-label-vi`, `x-enum-varnames`...) are in the OpenAPI documents, whose schemas are built here too.
//!
//! Every check `validate` makes that JSON Schema can state is stated, with keywords every validator asserts:
//! wire formats, numeric bounds of numbers sent as strings and calendar dates as `pattern`s (never `format`,
//! which 2020-12 leaves unasserted), the forms readers accept as `anyOf`, unknown members refused with
//! `additionalProperties: false` where the element rejects them. What no JSON Schema can say is listed in
//! `contracts_runtime::format::Inexpressible` and in the README.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use super::indent;
use super::json::{Json, Object};
use super::{Job, Output};
use crate::model::{
    Accept, Catalogue, Contract, Field, FieldType, Payload, Record, Registry, ScalarType,
    UnknownFields, ValueKind, WireFormat,
};
use crate::ranges;
use contracts_runtime::format;

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The folder of the schemas inside `generated/`.
pub const FOLDER: &str = "jsonschema";

/// `jsonschema/<contract>.request.schema.json`, `.response.`, and `jsonschema/records/<record>.schema.json`.
pub fn jobs(registry: &Registry) -> Vec<Job<'_>> {
    let defs = std::sync::Arc::new(CatalogueDefs::new(registry));
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

/// The path of a payload's schema inside `generated/`.
pub fn payload_file(contract: &Contract, payload: &Payload) -> String {
    format!(
        "{FOLDER}/{}.{}.schema.json",
        contract.id,
        payload.direction.as_str()
    )
}

/// The path of a record's schema inside `generated/`.
pub fn record_file(id: &str) -> String {
    format!("{FOLDER}/records/{id}.schema.json")
}

fn payload_schema(
    defs: &CatalogueDefs<'_>,
    contract: &Contract,
    payload: &Payload,
) -> (String, Vec<u8>) {
    let side = payload.direction.as_str();
    let file = payload_file(contract, payload);
    let schemas = Schemas::new(defs.registry, Refs::PayloadFile);
    let mut schema = schemas.object(&payload.fields, payload.unknown_fields);
    let root = schema.as_object();
    root.insert("$schema", DIALECT);
    root.insert("$id", schema_id(defs.registry, &file));
    root.insert("title", format!("{} ({side})", contract.title.en_or_vi()));
    schema.strip_extensions();
    schema.as_object().insert(
        "$comment",
        format!(
            "The {side} of the contract `{}`, version {}.",
            contract.id, contract.version
        ),
    );
    let bytes = defs.pretty_with_defs(&schema, &payload.fields);
    (file, bytes)
}

fn record_schema(defs: &CatalogueDefs<'_>, record: &Record) -> (String, Vec<u8>) {
    let file = record_file(&record.id);
    let schemas = Schemas::new(defs.registry, Refs::RecordFile);
    let mut schema = schemas.record(record);
    let root = schema.as_object();
    root.insert("$schema", DIALECT);
    root.insert("$id", schema_id(defs.registry, &file));
    schema.strip_extensions();
    let bytes = defs.pretty_with_defs(&schema, &record.fields);
    (file, bytes)
}

/// The `$id` of a schema file: where the registry publishes it (its `url`), so that `$ref`s between the files
/// resolve for every validator given all of them.
pub fn schema_id(registry: &Registry, file: &str) -> String {
    format!("{}{file}", registry.info.base_url())
}

/// `{"id": ..., "version": ...}`: the contract a schema describes.
pub(super) fn contract_marker(contract: &Contract) -> Json<'_> {
    id_and_version(&contract.id, &contract.version)
}

/// `{"id": ..., "version": ...}` of a versioned element (a contract, a catalogue).
fn id_and_version<'a>(id: &'a str, version: &impl std::fmt::Display) -> Json<'a> {
    Json::object([("id", id.into()), ("version", version.to_string().into())])
}

/// The `$defs` entries of the catalogues, each printed once, when the first schema that uses it is written, and
/// then copied into every other.
struct CatalogueDefs<'a> {
    registry: &'a Registry,
    printed: HashMap<&'a str, OnceLock<String>>,
}

/// How deep the entries of `$defs` sit in a schema: `{ "$defs": { <entry> } }`.
const DEFS_ENTRY_DEPTH: usize = 2;

impl<'a> CatalogueDefs<'a> {
    fn new(registry: &'a Registry) -> Self {
        CatalogueDefs {
            registry,
            printed: registry
                .catalogues
                .keys()
                .map(|id| (id.as_str(), OnceLock::new()))
                .collect(),
        }
    }

    /// `schema` as pretty JSON with a final newline, with `$defs` (last) for every catalogue its own `fields`
    /// refer to, in id order. The same text as printing the schema with its `$defs` inserted, without building
    /// or printing the entries again.
    fn pretty_with_defs(&self, schema: &Json<'_>, fields: &[Field]) -> Vec<u8> {
        let mut text = Vec::new();
        indent::json_at(schema, 0, &mut text);
        let mut text = String::from_utf8(text).unwrap_or_default();
        let schemas = Schemas::new(self.registry, Refs::PayloadFile);
        let used: BTreeSet<&str> = fields
            .iter()
            .filter_map(|f| match &f.ty {
                FieldType::Code(id) => Some(id.as_str()),
                _ => None,
            })
            .collect();
        let entries: Vec<&str> = used
            .into_iter()
            .filter_map(|id| {
                let catalogue = self.registry.catalogues.get(id)?;
                let entry = self.printed.get(id)?.get_or_init(|| {
                    let name = schemas.catalogue_name(&catalogue.id);
                    let mut schema = schemas.catalogue(catalogue);
                    schema.strip_extensions();
                    indent::json_entry_at(&name, &schema, DEFS_ENTRY_DEPTH)
                });
                Some(entry.as_str())
            })
            .collect();
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

/// Where a schema sits, and so how it refers to records and catalogues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refs {
    /// A payload's schema file: records at `records/<id>.schema.json`, catalogues at `#/$defs/catalogue-<id>`.
    PayloadFile,
    /// A record's schema file: records at `<id>.schema.json` beside it, catalogues in its own `$defs`.
    RecordFile,
    /// An OpenAPI document: `#/components/schemas/<RustName>`.
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

    /// The name of a record's schema under `components/schemas`.
    pub fn record_name(&self, id: &str) -> String {
        match self.registry.records.get(id) {
            Some(record) if self.refs == Refs::Components => record.rust_name.clone(),
            _ => format!("record-{id}"),
        }
    }

    /// The name of a catalogue's schema under `$defs` or `components/schemas`.
    pub fn catalogue_name(&self, id: &str) -> String {
        match (self.refs, self.registry.catalogues.get(id)) {
            (Refs::Components, Some(catalogue)) => catalogue.rust_name.clone(),
            _ => format!("catalogue-{id}"),
        }
    }

    fn record_ref(&self, id: &str) -> Json<'a> {
        let target = match self.refs {
            Refs::PayloadFile => format!("records/{id}.schema.json"),
            Refs::RecordFile => format!("{id}.schema.json"),
            Refs::Components => format!("#/components/schemas/{}", self.record_name(id)),
        };
        Json::object([("$ref", target.into())])
    }

    fn catalogue_ref(&self, id: &str) -> Json<'a> {
        let target = match self.refs {
            Refs::Components => format!("#/components/schemas/{}", self.catalogue_name(id)),
            Refs::PayloadFile | Refs::RecordFile => format!("#/$defs/{}", self.catalogue_name(id)),
        };
        Json::object([("$ref", target.into())])
    }

    /// A code field: a reference to its catalogue, or the catalogue's codes inline where the field sends them in
    /// another JSON type than the catalogue does, accepts `""` (a member named `Empty`) or where readers take
    /// other spellings of codes (members named after the code they stand for, listed in `x-aliases`). One
    /// enumeration, never an `anyOf` of two: generators name the members of one (`x-enum-varnames`), and make
    /// unnamed variants of the other.
    fn code(&self, id: &str, format: WireFormat, empty: bool) -> Json<'a> {
        let Some(catalogue) = self.registry.catalogues.get(id) else {
            return self.catalogue_ref(id);
        };
        let aliased = catalogue.codes.iter().any(|c| !c.aliases.is_empty());
        if !empty && !aliased && catalogue.format == format {
            return self.catalogue_ref(id);
        }
        let mut codes = self.catalogue_in(catalogue, format);
        if empty {
            add_empty_member(
                &mut codes,
                "The empty string, which readers accept as no code.",
            );
        }
        if aliased {
            add_alias_members(&mut codes, catalogue, format);
        }
        codes
    }

    /// A record's schema, titled.
    pub fn record(&self, record: &'a Record) -> Json<'a> {
        let mut schema = self.object(&record.fields, record.unknown_fields);
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
        let codes = code_values(catalogue.codes.iter().map(|c| c.code.as_str()), format);
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
        let mut schema = Json::object([
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
        ]);
        let proposed: Vec<Json<'a>> = catalogue
            .codes
            .iter()
            .filter(|c| c.status == crate::model::Status::Proposal)
            .map(|c| c.code.as_str().into())
            .collect();
        if !proposed.is_empty() && catalogue.status != crate::model::Status::Proposal {
            schema.as_object().insert("x-proposal-codes", proposed);
        }
        schema
    }

    /// The schema of an object with these fields: every property described, required ones listed, and members
    /// that are not fields refused where readers reject them.
    pub fn object(&self, fields: &'a [Field], unknown: UnknownFields) -> Json<'a> {
        let properties: Object<'a> = fields
            .iter()
            .map(|field| (field.wire_name.as_str(), self.field(field)))
            .collect();
        let required: Json<'a> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.wire_name.as_str())
            .collect();
        let mut schema = Json::object([
            ("type", "object".into()),
            ("properties", properties.into()),
            ("required", required),
        ]);
        if unknown == UnknownFields::Reject {
            schema.as_object().insert("additionalProperties", false);
        }
        schema
    }

    pub fn field(&self, field: &'a Field) -> Json<'a> {
        // `""` goes into the value's own schema where it can (a pattern, an enum member): generators read
        // `anyOf [value, {const: ""}]` as a nullable value (`Option<Option<T>>`, `null` written for absent fields).
        let fold_empty = folds_empty(field);
        let mut single = self.value(field, field.format, fold_empty);
        let alternatives: Vec<Json<'a>> = field
            .accepts
            .iter()
            .filter_map(|accept| match accept {
                Accept::Format(other) => Some(self.value(field, *other, false)),
                Accept::Empty | Accept::Null => None,
            })
            .collect();
        if !alternatives.is_empty() {
            let mut branches = vec![single];
            branches.extend(alternatives);
            single = Json::object([("anyOf", branches.into())]);
        }
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
        let absent: Vec<Json<'a>> = field
            .accepts
            .iter()
            .filter_map(|accept| match accept {
                Accept::Empty if fold_empty => None,
                // Not `const: ""`: a branch without `type` is read by generators as any value, nullable too.
                Accept::Empty => Some(Json::object([
                    ("type", "string".into()),
                    ("maxLength", 0_u64.into()),
                ])),
                Accept::Null => Some(Json::object([("type", "null".into())])),
                Accept::Format(_) => None,
            })
            .collect();
        if !absent.is_empty() {
            let mut branches = vec![schema];
            branches.extend(absent);
            schema = Json::object([("anyOf", branches.into())]);
        }
        let map = schema.as_object();
        map.insert("title", field.label.en_or_vi());
        if let Some(description) = &field.description {
            // An OpenAPI description is CommonMark; a JSON Schema's is plain text.
            if self.refs == Refs::Components {
                map.insert("description", crate::markdown::text(description.en_or_vi()));
            } else {
                map.insert("description", description.en_or_vi());
            }
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
        if !field.accepts.is_empty() {
            map.insert(
                "x-accepts",
                field.accepts.iter().map(|a| a.name()).collect::<Json<'a>>(),
            );
        }
        if field.status == crate::model::Status::Proposal {
            map.insert("x-proposal", true);
        }
        if field.required_by_law {
            map.insert("x-required-by-law", true);
        }
        if let Some(provenance) = super::provenance_extension(&field.provenance) {
            map.insert("x-provenance", provenance);
        }
        schema
    }

    /// One value of the field (an item, for lists) in `format`, with its constraints.
    /// With `empty`, `""` is one of the values too (see [`folds_empty`]).
    fn value(&self, field: &'a Field, format: WireFormat, empty: bool) -> Json<'a> {
        match &field.ty {
            FieldType::Record(id) => self.record_ref(id),
            FieldType::Code(id) => self.code(id, format, empty),
            FieldType::Scalar(ty) => scalar(field, *ty, format, empty),
        }
    }
}

/// Whether the field's `""` can be stated inside the schema of its one value: a field that accepts `""`, is
/// not a list, has no other accepted format, and whose value is a JSON string (a string scalar, or a code sent
/// as a string).
fn folds_empty(field: &Field) -> bool {
    let accepts_empty = field.accepts.contains(&Accept::Empty);
    let other_formats = field.accepts.iter().any(|a| matches!(a, Accept::Format(_)));
    let string_value = match &field.ty {
        FieldType::Record(_) => false,
        FieldType::Code(_) => field.format != WireFormat::CodeNumber,
        FieldType::Scalar(ty) => string_type(*ty, field.format),
    };
    accepts_empty && field.list.is_none() && !other_formats && string_value
}

/// Whether a scalar of type `ty` is a JSON string in `format`.
fn string_type(ty: ScalarType, format: WireFormat) -> bool {
    json_type(ty, format) == "string"
}

/// The JSON type of a scalar of type `ty` in `format`.
fn json_type(ty: ScalarType, format: WireFormat) -> &'static str {
    match format {
        WireFormat::Number if ty == ScalarType::Integer => "integer",
        WireFormat::Number => "number",
        WireFormat::BoolJson => "boolean",
        _ => "string",
    }
}

/// Adds `""` to the `enum` of `schema`, named `Empty` in its `x-enum-varnames` and described in its
/// `x-enum-descriptions`.
fn add_empty_member<'a>(schema: &mut Json<'a>, description: &'a str) {
    let map = schema.as_object();
    for (key, value) in [
        ("enum", ""),
        ("x-enum-varnames", "Empty"),
        ("x-enum-descriptions", description),
    ] {
        if let Some(Json::Array(items)) = map.get_mut(key) {
            items.push(value.into());
        }
    }
}

/// Adds the other spellings of the catalogue's codes to the enumeration of a code schema, after its codes:
/// each named after the code it stands for (`FeeAlias`, then `FeeAlias2`...), and mapped to it in `x-aliases`.
fn add_alias_members<'a>(schema: &mut Json<'a>, catalogue: &'a Catalogue, format: WireFormat) {
    let map = schema.as_object();
    let mut taken: BTreeSet<String> = match map.get_mut("x-enum-varnames") {
        Some(Json::Array(names)) => names
            .iter()
            .filter_map(|n| match n {
                Json::Str(name) => Some(name.to_string()),
                _ => None,
            })
            .collect(),
        _ => BTreeSet::new(),
    };
    let mut members = Vec::new();
    let mut meanings = Object::default();
    for code in &catalogue.codes {
        for alias in &code.aliases {
            let base = format!("{}Alias", code.rust_name);
            let name = (1..)
                .map(|n: u32| {
                    if n == 1 {
                        base.clone()
                    } else {
                        format!("{base}{n}")
                    }
                })
                .find(|name| !taken.contains(name))
                .unwrap_or(base);
            taken.insert(name.clone());
            let description = format!(
                "{}: another spelling of the code {}, which readers take as that code.",
                code.label.en_or_vi(),
                code.code
            );
            members.push((alias.as_str(), name, description));
            meanings.insert(alias.as_str(), code.code.as_str());
        }
    }
    for (key, values) in [
        ("enum", code_values(members.iter().map(|m| m.0), format)),
        (
            "x-enum-varnames",
            members.iter().map(|m| Json::from(m.1.clone())).collect(),
        ),
        (
            "x-enum-descriptions",
            members.iter().map(|m| Json::from(m.2.clone())).collect(),
        ),
    ] {
        if let (Some(Json::Array(items)), Json::Array(more)) = (map.get_mut(key), values) {
            items.extend(more);
        }
    }
    map.insert("x-aliases", meanings);
}

/// `pattern`, or `""`. A pattern anchored at both ends (`^X$`, no `|` outside a group) becomes `^(X)?$`; any
/// other gets `^$|` in front. Plain groups, not `(?:...)`: the example makers of generators (openapi-generator's
/// python) read only the basic syntax.
fn or_empty(pattern: &str) -> String {
    match anchored_body(pattern) {
        Some(body) => format!("^({body})?$"),
        None => format!("^$|({pattern})"),
    }
}

/// `X` of a pattern `^X$` whose `X` has no alternative (`|`) at its top level.
fn anchored_body(pattern: &str) -> Option<&str> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let (mut depth, mut in_class, mut escaped) = (0_i32, false, false);
    for c in body.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '(' => depth += 1,
            ')' => depth -= 1,
            '|' if depth == 0 => return None,
            _ => {}
        }
    }
    // A body ending in an escaped `\` would have made the final `$` a literal dollar.
    (!escaped && depth == 0 && !in_class).then_some(body)
}

/// Codes as JSON values of `format`: numbers where it sends numbers, strings otherwise.
fn code_values<'a>(codes: impl Iterator<Item = &'a str>, format: WireFormat) -> Json<'a> {
    codes
        .map(|code| match format {
            WireFormat::CodeNumber => code
                .parse::<i64>()
                .map_or_else(|_| Json::from(code), Json::from),
            _ => Json::from(code),
        })
        .collect()
}

/// The schema of a scalar value of `field` in `format`: its JSON type, its wire format as a pattern, and its
/// constraints (the bounds of a number sent as a string as a pattern too).
/// With `empty` (a string value only), `""` is valid too: an enum member named `Empty`, an alternative of every
/// pattern, and a minimum length stated as a pattern.
fn scalar<'a>(field: &'a Field, ty: ScalarType, format: WireFormat, empty: bool) -> Json<'a> {
    use WireFormat::*;
    let kind = field.ty.value_kind();
    let limits = &field.constraints;
    let mut schema = Json::object([("type", json_type(ty, format).into())]);
    let map = schema.as_object();
    let mut patterns: Vec<String> = Vec::new();
    match format {
        Number if ty == ScalarType::Integer => {
            // A whole JSON number in the range of a 64-bit integer, as `validate` and the types read it.
            let (min, max) = ranges::integer_bounds(limits.min, limits.max);
            map.insert("minimum", min.unwrap_or(i64::MIN));
            map.insert("maximum", max.unwrap_or(i64::MAX));
        }
        Number => {
            for (bound, keyword) in [(limits.min, "minimum"), (limits.max, "maximum")] {
                if let Some(bound) = bound.and_then(Json::float) {
                    map.insert(keyword, bound);
                }
            }
        }
        NumberAsString if limits.min.is_some() || limits.max.is_some() => {
            let pattern = match kind {
                ValueKind::Integer => {
                    let (min, max) = ranges::integer_bounds(limits.min, limits.max);
                    Some(ranges::integers(min, max))
                }
                _ => {
                    let (min, max) = ranges::integer_bounds(limits.min, limits.max);
                    ranges::decimals(min, max)
                }
            };
            patterns.extend(pattern.or_else(|| format::pattern(format, kind)));
        }
        BoolTrueFalse | BoolLowercase | BoolZeroOne => {
            let (values, names): (&[&str], &[&str]) = match format {
                BoolTrueFalse => (&["True", "False"], &["Yes", "No"]),
                BoolLowercase => (&["true", "false"], &["Yes", "No"]),
                _ => (&["0", "1"], &["No", "Yes"]),
            };
            let extra = if empty { 1 } else { 0 };
            let values = values.iter().copied().chain([""].into_iter().take(extra));
            let names = names
                .iter()
                .copied()
                .chain(["Empty"].into_iter().take(extra));
            map.insert("enum", values.collect::<Json<'a>>());
            // Names for the constants of generated clients (not `Variant0`, not the keywords `True`/`False`).
            map.insert("x-enum-varnames", names.collect::<Json<'a>>());
        }
        _ => patterns.extend(format::pattern(format, kind)),
    }
    // The field's own constraints apply to its canonical form only (`check` refuses them with other forms).
    if format == field.format {
        if let Some(pattern) = &limits.pattern {
            patterns.push(pattern.source().to_owned());
        }
        match limits.min_length {
            Some(min) if empty && min > 0 => patterns.push(format!("^[\\s\\S]{{{min},}}$")),
            Some(min) => map.insert("minLength", min),
            None => {}
        }
        if let Some(max) = limits.max_length {
            map.insert("maxLength", max);
        }
    }
    if empty {
        patterns = patterns.iter().map(|p| or_empty(p)).collect();
    }
    match patterns.len() {
        0 => {}
        1 => map.insert("pattern", patterns.remove(0)),
        _ => map.insert(
            "allOf",
            patterns
                .into_iter()
                .map(|p| Json::object([("pattern", p.into())]))
                .collect::<Json<'a>>(),
        ),
    }
    schema
}

/// Whether the schema of a code field refers to its catalogue's (rather than carrying the codes inline, as
/// [`Schemas::code`] does for `""`, aliases and another JSON type than the catalogue's): in its own format or in
/// one it accepts.
fn refers_to_catalogue(catalogue: &Catalogue, field: &Field) -> bool {
    let aliased = catalogue.codes.iter().any(|c| !c.aliases.is_empty());
    let own = !folds_empty(field) && field.format == catalogue.format;
    let accepted = field.accepts.contains(&Accept::Format(catalogue.format));
    !aliased && (own || accepted)
}

/// The ids of every record reachable from `fields`, and of every catalogue whose schema they refer to.
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
                if registry
                    .catalogues
                    .get(id)
                    .is_none_or(|catalogue| refers_to_catalogue(catalogue, field))
                {
                    catalogues.insert(id.clone());
                }
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
