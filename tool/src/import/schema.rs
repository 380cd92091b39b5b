//! JSON Schema, as OpenAPI 3.0 and 3.1 and JSON Schema 2020-12 write it, read into drafted fields: named object
//! schemas become records, enumerations catalogues, inline objects records shared when identical, and what a
//! contract cannot hold (free-form objects, unions, lists of lists) is left out with the reason.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use contracts_core::model::{FieldType, ListBounds, ScalarType, WireFormat};
use serde_json::Value;

use super::examples::Checker;
use super::names::{self, id_from, join_ids, unique};
use super::ours;
use super::refs::{At, Document};
use super::{CatalogueDraft, CodeDraft, FieldDraft, ImportError, RecordDraft, TextDraft, fail};

/// What a value schema holds, as a contract field can say it.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Scalar(Scalar),
    Code(String, WireFormat),
    Record(String),
    List(Box<Shape>, ListBounds),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub ty: ScalarType,
    pub format: WireFormat,
    pub pattern: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// What of the source's constraints the field cannot keep.
    pub notes: Vec<String>,
}

impl Scalar {
    pub fn new(ty: ScalarType, format: WireFormat) -> Self {
        Scalar {
            ty,
            format,
            pattern: None,
            min_length: None,
            max_length: None,
            min: None,
            max: None,
            notes: Vec::new(),
        }
    }
}

/// A shape, or why the schema cannot become a field.
type Shaped = Result<Result<Shape, String>, ImportError>;

/// The fields of an object schema and a comment line for each property left out, or why it is not an object.
type ObjectFields = Result<Result<(Vec<FieldDraft>, Vec<String>), String>, ImportError>;

/// Reads the schemas of one document into drafts.
pub struct Reader<'d, 'a> {
    pub doc: &'d Document<'a>,
    pub records: Vec<RecordDraft>,
    pub catalogues: Vec<CatalogueDraft>,
    record_at: HashMap<String, String>,
    catalogue_at: HashMap<String, String>,
    record_ids: BTreeSet<String>,
    catalogue_ids: BTreeSet<String>,
    /// The schemas being read, to find one that contains itself other than through a record.
    shaping: Vec<String>,
    /// How many fields are being read inside each other (records inside records).
    depth: usize,
    /// Whether descriptions are CommonMark (an OpenAPI document) rather than plain text (a JSON Schema).
    markdown: bool,
}

/// The deepest nesting of fields read, so that a hostile document cannot exhaust the stack.
const MAX_DEPTH: usize = 128;

impl<'d, 'a> Reader<'d, 'a> {
    /// A reader whose records and catalogues avoid the ids in `records` and `catalogues` (taken elsewhere).
    pub fn new(
        doc: &'d Document<'a>,
        records: BTreeSet<String>,
        catalogues: BTreeSet<String>,
    ) -> Self {
        Reader {
            doc,
            records: Vec::new(),
            catalogues: Vec::new(),
            record_at: HashMap::new(),
            catalogue_at: HashMap::new(),
            record_ids: records,
            catalogue_ids: catalogues,
            shaping: Vec::new(),
            depth: 0,
            markdown: false,
        }
    }

    /// The reader of an OpenAPI document, whose descriptions are CommonMark.
    pub fn markdown(self) -> Self {
        Reader {
            markdown: true,
            ..self
        }
    }

    /// The `description` of a schema, as the text it shows.
    fn description(&self, node: &Value) -> Option<TextDraft> {
        let text = node.get("description").and_then(Value::as_str)?;
        if self.markdown {
            TextDraft::from_markdown(text)
        } else {
            TextDraft::from_source(text)
        }
    }

    fn value(&self, at: &At) -> &'a Value {
        static NULL: Value = Value::Null;
        self.doc.get(at).unwrap_or(&NULL)
    }

    /// The fields of the object schema at `at`, with a comment line for each property left out; the inner `Err`
    /// says why the schema is not an object. `owner` names the inline records of its fields.
    pub fn object_fields(&mut self, at: &At, owner: &str) -> ObjectFields {
        let target = self.doc.follow(at)?;
        // The inline parts of a named schema are named after it, wherever it is used.
        let named_owner = (target.pointer != at.pointer && is_named(&target))
            .then(|| id_from(&target.name(), "record"));
        let owner = named_owner.as_deref().unwrap_or(owner);
        let mut properties = Vec::new();
        let mut required = BTreeSet::new();
        if !self.collect_properties(&target, &mut properties, &mut required, 0)? {
            return Ok(Err(describe_non_object(self.value(&target))));
        }
        let mut fields = Vec::new();
        let mut skipped = Vec::new();
        let mut folded = BTreeSet::new();
        let mut rust_names = BTreeSet::new();
        for (wire, property) in properties {
            if !names::is_wire_name(&wire) {
                skipped.push(format!(
                    "`{wire}` left out: a wire name is ASCII letters, digits and `_ - . $ @`"
                ));
                continue;
            }
            if !folded.insert(wire.to_lowercase()) {
                skipped.push(format!(
                    "`{wire}` left out: another field has the same name apart from letter case"
                ));
                continue;
            }
            match self.field(&wire, &property, required.contains(&wire), owner)? {
                Ok(mut field) => {
                    field.rust_name = names::field_rust_name(&wire, &mut rust_names);
                    fields.push(field);
                }
                Err(reason) => skipped.push(format!("`{wire}` left out: {reason}")),
            }
        }
        Ok(Ok((fields, skipped)))
    }

    /// Gathers the properties of an object schema and of the parts of its `allOf`; whether it is an object.
    fn collect_properties(
        &self,
        at: &At,
        properties: &mut Vec<(String, At)>,
        required: &mut BTreeSet<String>,
        depth: usize,
    ) -> Result<bool, ImportError> {
        if depth > 32 {
            return fail(format!(
                "`allOf` nests more than 32 levels at {}",
                at.display()
            ));
        }
        let node = self.value(at);
        let mut object = node.get("type").and_then(Value::as_str) == Some("object");
        if let Some(parts) = node.get("allOf").and_then(Value::as_array) {
            let parts_at = self.doc.child(at, "allOf");
            for index in 0..parts.len() {
                let part = self.doc.follow(&self.doc.item(&parts_at, index))?;
                object |= self.collect_properties(&part, properties, required, depth + 1)?;
            }
        }
        if let Some(map) = node.get("properties").and_then(Value::as_object) {
            object = true;
            let props_at = self.doc.child(at, "properties");
            for key in map.keys() {
                if !properties.iter().any(|(k, _)| k == key) {
                    properties.push((key.clone(), self.doc.child(&props_at, key)));
                }
            }
        }
        for name in node
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            required.insert(name.to_owned());
        }
        Ok(object && (node.get("properties").is_some() || !properties.is_empty()))
    }

    /// One field from its schema; the inner `Err` says why it cannot be one.
    pub fn field(
        &mut self,
        wire: &str,
        at: &At,
        required: bool,
        owner: &str,
    ) -> Result<Result<FieldDraft, String>, ImportError> {
        if self.depth >= MAX_DEPTH {
            return fail(format!(
                "objects nest more than {MAX_DEPTH} levels at {}; import a part of the document",
                at.display()
            ));
        }
        self.depth += 1;
        let field = self.read_field(wire, at, required, owner);
        self.depth -= 1;
        field
    }

    fn read_field(
        &mut self,
        wire: &str,
        at: &At,
        required: bool,
        owner: &str,
    ) -> Result<Result<FieldDraft, String>, ImportError> {
        let node = self.value(at);
        let hint = ours::wire_format(node);
        let name = join_ids(owner, &id_from(wire, "field"));
        let shape = match self.shape(at, hint.as_deref(), &name)? {
            Ok(shape) => shape,
            Err(reason) => return Ok(Err(reason)),
        };
        let mut field = FieldDraft::new(wire);
        apply_shape(&mut field, shape);
        field.required = required;
        if let Some(title) = node.get("title").and_then(Value::as_str) {
            field.label = TextDraft::from_source(title).unwrap_or_default();
        }
        field.description = self.description(node);
        if node.get("deprecated").and_then(Value::as_bool) == Some(true) {
            field
                .notes
                .push(("label", "deprecated in the source".to_owned()));
        }
        ours::field(node, &mut field);
        if let Some(example) = example_of(node) {
            self.keep_example(&mut field, example);
        }
        Ok(Ok(field))
    }

    /// Sets the field's example if it fits the field, or notes why it was left out.
    pub fn keep_example(&self, field: &mut FieldDraft, example: &Value) {
        match Checker::new(&self.records, &self.catalogues).field(field, example) {
            None => field.example = Some(example.clone()),
            Some(problem) => field.notes.push((
                "example",
                format!("the source's example {example} is left out: {problem}"),
            )),
        }
    }

    /// The shape of the value schema at `at`; `hint` is the field's wire format in this registry's extension.
    pub fn shape(&mut self, at: &At, hint: Option<&str>, name: &str) -> Shaped {
        let node = self.value(at);
        if node.get("$ref").and_then(Value::as_str).is_some() {
            let target = self.doc.follow(at)?;
            return self.shape_target(&target, hint);
        }
        if self.shaping.contains(&at.pointer) {
            return fail(format!(
                "$ref cycle: {} contains itself through lists or unions, so no value of it can be written",
                at.display()
            ));
        }
        self.shaping.push(at.pointer.clone());
        let shaped = self.shape_inline(at, node, hint, name);
        self.shaping.pop();
        shaped
    }

    /// The shape of a schema a `$ref` names: a record for an object, a catalogue for an enumeration.
    fn shape_target(&mut self, target: &At, hint: Option<&str>) -> Shaped {
        let node = self.value(target);
        let name = id_from(&enumeration_name(&target.name(), node), "value");
        if is_object_schema(node) {
            let id = self.named_record(target, &name)?;
            return Ok(self.non_empty(id));
        }
        if self.shaping.contains(&target.pointer) {
            return fail(format!(
                "$ref cycle: {} contains itself through lists or unions, so no value of it can be written",
                target.display()
            ));
        }
        self.shaping.push(target.pointer.clone());
        let shaped = self.shape_inline(target, node, hint, &name);
        self.shaping.pop();
        shaped
    }

    fn shape_inline(&mut self, at: &At, node: &'a Value, hint: Option<&str>, name: &str) -> Shaped {
        if node.as_bool() == Some(true) || node.as_object().is_some_and(|m| m.is_empty()) {
            return Ok(Err("the source gives it no type".to_owned()));
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(alternatives) = node.get(key).and_then(Value::as_array) {
                // This registry's documents state the accepted wire forms (`x-accepts`): the value schema
                // comes first, and the other alternatives are those forms (`""`, a number as a string...).
                let stated = node
                    .get("x-accepts")
                    .and_then(Value::as_array)
                    .is_some_and(|a| !a.is_empty());
                let others: Vec<usize> = if stated {
                    vec![0]
                } else {
                    (0..alternatives.len())
                        .filter(|i| !is_absent_schema(&alternatives[*i]))
                        .filter(|i| *i == 0 || !is_alias_schema(&alternatives[*i]))
                        .collect()
                };
                return match others.as_slice() {
                    [one] => {
                        let mut alternative = self.doc.item(&self.doc.child(at, key), *one);
                        // The accepted forms of a value nest: `anyOf [anyOf [value, "0/1"], ""]`.
                        while stated
                            && self.value(&alternative).get("type").is_none()
                            && self
                                .value(&alternative)
                                .get("anyOf")
                                .and_then(Value::as_array)
                                .is_some_and(|a| !a.is_empty())
                        {
                            alternative = self.doc.item(&self.doc.child(&alternative, "anyOf"), 0);
                        }
                        self.shape(&alternative, hint, name)
                    }
                    _ => Ok(Err(format!(
                        "the source allows several types (`{key}`), and a contract field has one"
                    ))),
                };
            }
        }
        if let Some(parts) = node
            .get("allOf")
            .and_then(Value::as_array)
            .filter(|parts| !ours::is_patterns_only(parts))
        {
            if parts.len() == 1 && node.get("properties").is_none() {
                let part = self.doc.item(&self.doc.child(at, "allOf"), 0);
                return self.shape(&part, hint, name);
            }
            if is_object_schema(node)
                || parts
                    .iter()
                    .all(|p| p.get("$ref").is_some() || is_object_schema(p))
            {
                let id = self.inline_record(at, name)?;
                return Ok(self.non_empty(id));
            }
            return Ok(Err(
                "the source combines schemas (`allOf`) that are not objects".to_owned(),
            ));
        }
        let types = types_of(node);
        if types.len() > 1 {
            return Ok(Err(format!(
                "the source allows several types ({}), and a contract field has one",
                types.join(", ")
            )));
        }
        let ty = types.first().map(String::as_str);
        if let Some(hint) = hint
            && !matches!(ty, Some("array" | "object"))
            && let Some(read) = ours::scalar(node, hint)
        {
            return Ok(Ok(Shape::Scalar(ours_scalar(node, read))));
        }
        if let Some(values) = enumeration(node) {
            return self.enumeration_shape(at, node, &values, name);
        }
        match ty {
            Some("array") => self.list_shape(at, node, hint, name),
            Some("object") | None if is_object_schema(node) => {
                let id = self.inline_record(at, name)?;
                Ok(self.non_empty(id))
            }
            Some("object") => Ok(Err(
                "a free-form object (any keys) has no contract type; describe its keys as a record, or leave it out"
                    .to_owned(),
            )),
            Some("string") => Ok(Ok(Shape::Scalar(string_scalar(node)))),
            Some("integer") => Ok(Ok(Shape::Scalar(number_scalar(node, true)))),
            Some("number") => Ok(Ok(Shape::Scalar(number_scalar(node, false)))),
            Some("boolean") => Ok(Ok(Shape::Scalar(Scalar::new(
                ScalarType::Boolean,
                WireFormat::BoolJson,
            )))),
            Some("null") => Ok(Err("the source allows only null".to_owned())),
            None => Ok(Err("the source gives it no type".to_owned())),
            Some(other) => Ok(Err(format!("`{other}` is not a JSON Schema type"))),
        }
    }

    fn list_shape(&mut self, at: &At, node: &Value, hint: Option<&str>, name: &str) -> Shaped {
        if node.get("items").is_none_or(|i| !i.is_object()) {
            return Ok(Err("a list whose items have no schema".to_owned()));
        }
        let items = self.doc.child(at, "items");
        let item = match self.shape(&items, hint, name)? {
            Ok(Shape::List(..)) => {
                return Ok(Err("a list of lists has no contract type".to_owned()));
            }
            Ok(item) => item,
            Err(reason) => return Ok(Err(format!("its items: {reason}"))),
        };
        let bounds = ListBounds {
            min_items: node.get("minItems").and_then(Value::as_u64),
            max_items: node.get("maxItems").and_then(Value::as_u64),
        };
        Ok(Ok(Shape::List(Box::new(item), bounds)))
    }

    /// An enumeration: a boolean in a wire spelling, a constant, or a catalogue of its codes.
    fn enumeration_shape(
        &mut self,
        at: &At,
        node: &Value,
        values: &[&Value],
        name: &str,
    ) -> Shaped {
        if values.iter().all(|v| v.is_boolean()) {
            return Ok(Ok(Shape::Scalar(Scalar::new(
                ScalarType::Boolean,
                WireFormat::BoolJson,
            ))));
        }
        let strings: Option<BTreeSet<&str>> = values.iter().map(|v| v.as_str()).collect();
        if let Some(strings) = &strings {
            for (pair, format) in [
                (["False", "True"], WireFormat::BoolTrueFalse),
                (["false", "true"], WireFormat::BoolLowercase),
            ] {
                if strings.iter().copied().eq(pair) && ours::catalogue_id(node).is_none() {
                    return Ok(Ok(Shape::Scalar(Scalar::new(ScalarType::Boolean, format))));
                }
            }
            if let [only] = values
                && ours::catalogue_id(node).is_none()
            {
                let mut scalar = Scalar::new(ScalarType::String, WireFormat::Text);
                scalar.pattern = Some(format!("^{}$", regex::escape(only.as_str().unwrap_or(""))));
                return Ok(Ok(Shape::Scalar(scalar)));
            }
        }
        let integers: Option<Vec<i64>> = values.iter().map(|v| v.as_i64()).collect();
        let (codes, format) = match (&strings, integers) {
            (Some(_), _) => (
                values
                    .iter()
                    .filter_map(|v| v.as_str())
                    .map(str::to_owned)
                    .collect::<Vec<_>>(),
                WireFormat::CodeString,
            ),
            (None, Some(integers)) => (
                integers.iter().map(i64::to_string).collect(),
                WireFormat::CodeNumber,
            ),
            _ => return Ok(Err("an enumeration of values of mixed types".to_owned())),
        };
        if let Some(bad) = codes.iter().find(|c| !is_code(c)) {
            let mut scalar = Scalar::new(ScalarType::String, WireFormat::Text);
            scalar.notes.push(format!(
                "the source enumerates values that cannot be codes (`{bad}`: 1-64 characters, no spaces), kept as text"
            ));
            return Ok(Ok(Shape::Scalar(scalar)));
        }
        let id = self.catalogue(at, node, codes, format, name);
        Ok(Ok(Shape::Code(id, format)))
    }

    /// The catalogue of an enumeration: the one already drafted for this schema, or for the same codes, or new.
    fn catalogue(
        &mut self,
        at: &At,
        node: &Value,
        codes: Vec<String>,
        format: WireFormat,
        name: &str,
    ) -> String {
        if let Some(id) = self.catalogue_at.get(&at.pointer) {
            return id.clone();
        }
        let named = is_named(at);
        let mut draft = CatalogueDraft {
            id: name.to_owned(),
            version: "0.1.0".to_owned(),
            label: TextDraft::default(),
            description: None,
            legal: Vec::new(),
            format,
            codes: codes
                .iter()
                .map(|code| CodeDraft {
                    code: code.clone(),
                    label: TextDraft::default(),
                    description: None,
                    legal: Vec::new(),
                    rust_name: None,
                    note: None,
                    proposal: false,
                    aliases: Vec::new(),
                })
                .collect(),
            source: at.display(),
        };
        if named {
            draft.label = node
                .get("title")
                .and_then(Value::as_str)
                .and_then(TextDraft::from_source)
                .unwrap_or_default();
            draft.description = self.description(node);
        }
        if ours::catalogue(node, &mut draft) {
            draft.label = node
                .get("title")
                .and_then(Value::as_str)
                .and_then(TextDraft::from_source)
                .unwrap_or_default();
            let id = draft.id.clone();
            match self.catalogues.iter_mut().find(|c| c.id == id) {
                // The same catalogue seen again, inline where a field takes other spellings of its codes.
                Some(known) => add_aliases(known, &draft),
                None => {
                    self.catalogue_ids.insert(id.clone());
                    self.catalogues.push(draft);
                }
            }
            self.catalogue_at.insert(at.pointer.clone(), id.clone());
            return id;
        }
        if let Some(same) = self
            .catalogues
            .iter()
            .find(|c| c.format == format && c.codes.iter().map(|c| &c.code).eq(codes.iter()))
        {
            let id = same.id.clone();
            self.catalogue_at.insert(at.pointer.clone(), id.clone());
            return id;
        }
        draft.id = unique(&draft.id, &mut self.catalogue_ids);
        let mut rust_names = BTreeSet::new();
        for code in &mut draft.codes {
            code.rust_name = names::code_rust_name(
                &code.code,
                code.label.en.as_deref(),
                code.label.vi.as_deref(),
                &mut rust_names,
            );
        }
        let id = draft.id.clone();
        self.catalogues.push(draft);
        self.catalogue_at.insert(at.pointer.clone(), id.clone());
        id
    }

    /// A record shape, unless the record has no field a contract can hold (its properties all left out).
    fn non_empty(&self, id: String) -> Result<Shape, String> {
        match self.records.iter().find(|r| r.id == id) {
            Some(record) if record.fields.is_empty() => Err(format!(
                "its object ({}) has no field a contract can hold",
                record.source
            )),
            _ => Ok(Shape::Record(id)),
        }
    }

    /// The records and catalogues drafted, without the records that hold no field (nothing refers to them).
    pub fn finish(self) -> (Vec<RecordDraft>, Vec<CatalogueDraft>) {
        let records = self
            .records
            .into_iter()
            .filter(|r| !r.fields.is_empty())
            .collect();
        (records, self.catalogues)
    }

    /// The record of a named object schema (a component, a definition), drafted once.
    pub fn named_record(&mut self, at: &At, name: &str) -> Result<String, ImportError> {
        if let Some(id) = self.record_at.get(&at.pointer) {
            return Ok(id.clone());
        }
        let node = self.value(at);
        let mut draft = RecordDraft {
            id: name.to_owned(),
            label: node
                .get("title")
                .and_then(Value::as_str)
                .and_then(TextDraft::from_source)
                .unwrap_or_default(),
            description: self.description(node),
            legal: Vec::new(),
            fields: Vec::new(),
            skipped: Vec::new(),
            source: at.display(),
        };
        ours::record(node, &mut draft);
        draft.id = if node.get("x-record").is_some() {
            self.record_ids.insert(draft.id.clone());
            draft.id
        } else {
            unique(&draft.id, &mut self.record_ids)
        };
        let id = draft.id.clone();
        self.record_at.insert(at.pointer.clone(), id.clone());
        match self.object_fields(at, &id)? {
            Ok((fields, skipped)) => {
                draft.fields = fields;
                draft.skipped = skipped;
            }
            Err(reason) => draft.skipped.push(reason),
        }
        self.records.push(draft);
        Ok(id)
    }

    /// The record of an inline object schema: an identical record already drafted, or a new one named `name`.
    fn inline_record(&mut self, at: &At, name: &str) -> Result<String, ImportError> {
        if let Some(id) = self.record_at.get(&at.pointer) {
            return Ok(id.clone());
        }
        let node = self.value(at);
        let (fields, skipped) = match self.object_fields(at, name)? {
            Ok(read) => read,
            Err(reason) => (Vec::new(), vec![reason]),
        };
        let shape = signature(&fields);
        let id = match self
            .records
            .iter()
            .find(|r| signature(&r.fields) == shape && r.skipped == skipped)
        {
            Some(same) => same.id.clone(),
            None => {
                let id = unique(name, &mut self.record_ids);
                self.records.push(RecordDraft {
                    id: id.clone(),
                    label: node
                        .get("title")
                        .and_then(Value::as_str)
                        .and_then(TextDraft::from_source)
                        .unwrap_or_default(),
                    description: None,
                    legal: Vec::new(),
                    fields,
                    skipped,
                    source: at.display(),
                });
                id
            }
        };
        self.record_at.insert(at.pointer.clone(), id.clone());
        Ok(id)
    }
}

/// Sets a field's type, list, format and constraints from its shape.
pub fn apply_shape(field: &mut FieldDraft, shape: Shape) {
    let single = match shape {
        Shape::List(item, bounds) => {
            field.list = Some(bounds);
            *item
        }
        other => other,
    };
    match single {
        Shape::Scalar(scalar) => {
            field.ty = FieldType::Scalar(scalar.ty);
            field.format = scalar.format;
            field.pattern = scalar.pattern;
            field.min_length = scalar.min_length;
            field.max_length = scalar.max_length;
            field.min = scalar.min;
            field.max = scalar.max;
            field
                .notes
                .extend(scalar.notes.into_iter().map(|n| ("type", n)));
        }
        Shape::Code(id, format) => {
            field.ty = FieldType::Code(id);
            field.format = format;
        }
        Shape::Record(id) => {
            field.ty = FieldType::Record(id);
            field.format = WireFormat::Object;
        }
        Shape::List(..) => {}
    }
}

/// What makes two drafted objects the same record: their fields' names, types and constraints.
pub fn signature(fields: &[FieldDraft]) -> String {
    fields
        .iter()
        .map(|f| {
            format!(
                "{}|{:?}|{:?}|{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?};",
                f.wire,
                f.ty,
                f.list,
                f.format,
                f.required,
                f.pattern,
                f.min_length,
                f.max_length,
                f.min,
                f.max
            )
        })
        .collect()
}

/// Refuses records that contain each other through required, single fields: no value of them can be written.
pub fn check_required_cycles(records: &[RecordDraft]) -> Result<(), ImportError> {
    let edges: BTreeMap<&str, Vec<&str>> = records
        .iter()
        .map(|r| {
            let targets = r
                .fields
                .iter()
                .filter(|f| f.required && f.list.is_none())
                .filter_map(|f| match &f.ty {
                    FieldType::Record(id) => Some(id.as_str()),
                    _ => None,
                })
                .collect();
            (r.id.as_str(), targets)
        })
        .collect();
    fn visit<'r>(
        id: &'r str,
        edges: &BTreeMap<&'r str, Vec<&'r str>>,
        path: &mut Vec<&'r str>,
        done: &mut BTreeSet<&'r str>,
    ) -> Option<Vec<&'r str>> {
        if let Some(start) = path.iter().position(|p| *p == id) {
            let mut cycle = path[start..].to_vec();
            cycle.push(id);
            return Some(cycle);
        }
        if !done.insert(id) {
            return None;
        }
        path.push(id);
        for next in edges.get(id).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for id in edges.keys() {
        if let Some(cycle) = visit(id, &edges, &mut Vec::new(), &mut done) {
            return fail(format!(
                "$ref cycle: the records {} contain each other through required fields, so no value of them can be \
                 written; make one of those fields optional in the source",
                cycle.join(" → ")
            ));
        }
    }
    Ok(())
}

/// Whether a schema is a named one: a component or a definition of the document.
fn is_named(at: &At) -> bool {
    let tokens: Vec<&str> = at.pointer.split('/').skip(1).collect();
    matches!(
        tokens.as_slice(),
        ["components", "schemas", _] | ["$defs" | "definitions", _]
    )
}

/// Whether a schema describes an object with named properties (directly or through `allOf`).
fn is_object_schema(node: &Value) -> bool {
    node.get("properties").is_some_and(Value::is_object)
        || node
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|parts| {
                parts.len() > 1 && parts.iter().any(|p| p.get("properties").is_some())
            })
}

fn describe_non_object(node: &Value) -> String {
    match types_of(node).first().map(String::as_str) {
        Some("array") => "a list, and a contract payload is a JSON object".to_owned(),
        Some("object") => {
            "a free-form object (no `properties`), and a payload names its fields".to_owned()
        }
        Some(other) => format!("a single {other}, and a contract payload is a JSON object"),
        None => "not an object with `properties`".to_owned(),
    }
}

/// Whether an alternative of `anyOf` lists the other spellings of a catalogue's codes (this registry's
/// `aliases:`): an enumeration with no type of its own beside the catalogue.
fn is_alias_schema(node: &Value) -> bool {
    node.get("enum").is_some()
        && node.get("type").is_none()
        && node.get("$ref").is_none()
        && node.get("x-catalogue").is_none()
}

/// Whether an alternative of `anyOf` only says how an absent value is sent: `null`, or `""` (`{const: ""}`).
fn is_absent_schema(node: &Value) -> bool {
    is_null_schema(node) || node.get("const").and_then(Value::as_str) == Some("")
}

fn is_null_schema(node: &Value) -> bool {
    node.get("type").and_then(Value::as_str) == Some("null")
        || node
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.iter().all(Value::is_null))
}

/// The types a schema allows, without `null` (`type: [string, null]`).
fn types_of(node: &Value) -> Vec<String> {
    match node.get("type") {
        Some(Value::String(t)) if t != "null" => vec![t.clone()],
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Adds to the codes of `known` the other spellings that `seen`, a schema of the same catalogue, lists for them.
fn add_aliases(known: &mut CatalogueDraft, seen: &CatalogueDraft) {
    for code in &mut known.codes {
        let Some(same) = seen.codes.iter().find(|c| c.code == code.code) else {
            continue;
        };
        for alias in &same.aliases {
            if !code.aliases.contains(alias) {
                code.aliases.push(alias.clone());
            }
        }
    }
}

/// The values of `enum` (or `const`), without `null`.
fn enumeration(node: &Value) -> Option<Vec<&Value>> {
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        // `""` in an enumeration is the accepted form of an absent value (`x-accepts: [empty]`), not a code; nor
        // is another spelling of a code (`x-aliases`).
        let values: Vec<&Value> = values
            .iter()
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
            .filter(|v| !ours::is_alias(node, v))
            .collect();
        return (!values.is_empty()).then_some(values);
    }
    node.get("const").filter(|v| !v.is_null()).map(|v| vec![v])
}

/// Whether a value can be a catalogue code as `check` accepts it.
fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && !code.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The example a schema gives: `example` (OpenAPI 3.0) or the first of `examples`.
pub fn example_of(node: &Value) -> Option<&Value> {
    node.get("example").or_else(|| {
        node.get("examples")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
    })
}

/// Whether a pattern compiles as `check` compiles it; the reason when it does not.
fn pattern_problem(pattern: &str) -> Option<String> {
    regex::Regex::new(pattern)
        .err()
        .map(|e| e.to_string().lines().last().unwrap_or("").trim().to_owned())
}

/// A string schema: its format and constraints.
fn string_scalar(node: &Value) -> Scalar {
    let format = node.get("format").and_then(Value::as_str);
    let base64 = node.get("contentEncoding").and_then(Value::as_str) == Some("base64");
    let (ty, wire) = match format {
        _ if base64 => (ScalarType::Attachment, WireFormat::AttachmentBase64),
        Some("date") => (ScalarType::Date, WireFormat::DateIso),
        Some("date-time") => (ScalarType::DateTime, WireFormat::DateTimeRfc3339),
        Some("email") => (ScalarType::String, WireFormat::Email),
        Some("uri" | "url") => (ScalarType::String, WireFormat::Uri),
        Some("byte") => (ScalarType::Attachment, WireFormat::AttachmentBase64),
        _ => (ScalarType::String, WireFormat::Text),
    };
    let mut scalar = Scalar::new(ty, wire);
    if format == Some("binary") {
        scalar.notes.push(
            "binary in the source: a JSON payload carries files by URL or in base64".to_owned(),
        );
    }
    let textual = matches!(ty, ScalarType::String | ScalarType::Attachment);
    let pattern = node.get("pattern").and_then(Value::as_str);
    let min_length = node.get("minLength").and_then(Value::as_u64);
    let max_length = node.get("maxLength").and_then(Value::as_u64);
    if !textual {
        if pattern.is_some() || min_length.is_some() || max_length.is_some() {
            scalar.notes.push(format!(
                "the source's pattern and lengths do not apply to a {}",
                ty.as_str()
            ));
        }
        return scalar;
    }
    match pattern.map(|p| (p, pattern_problem(p))) {
        Some((p, None)) => scalar.pattern = Some(p.to_owned()),
        Some((p, Some(problem))) => scalar.notes.push(format!(
            "the source's pattern `{p}` is left out: {problem} (patterns use the portable syntax: no look-around or back-references)"
        )),
        None => {}
    }
    scalar.min_length = min_length;
    scalar.max_length = max_length;
    if let (Some(min), Some(max)) = (min_length, max_length)
        && min > max
    {
        scalar.min_length = None;
        scalar.max_length = None;
        scalar.notes.push(format!(
            "the source's lengths {min}..{max} are contradictory"
        ));
    }
    scalar
}

/// A number schema: a JSON number, with its bounds (exclusive bounds of integers become inclusive).
fn number_scalar(node: &Value, integer: bool) -> Scalar {
    let ty = if integer {
        ScalarType::Integer
    } else {
        ScalarType::Decimal
    };
    let mut scalar = Scalar::new(ty, WireFormat::Number);
    scalar.min = node.get("minimum").and_then(Value::as_f64);
    scalar.max = node.get("maximum").and_then(Value::as_f64);
    for (key, lower) in [("exclusiveMinimum", true), ("exclusiveMaximum", false)] {
        let bound = match node.get(key) {
            Some(Value::Number(n)) => n.as_f64(),
            // OpenAPI 3.0: a flag on `minimum` / `maximum`.
            Some(Value::Bool(true)) => {
                if lower {
                    scalar.min.take()
                } else {
                    scalar.max.take()
                }
            }
            _ => None,
        };
        let Some(bound) = bound else { continue };
        if integer {
            let inclusive = if lower {
                bound.floor() + 1.0
            } else {
                bound.ceil() - 1.0
            };
            if lower {
                scalar.min = Some(scalar.min.map_or(inclusive, |m| m.max(inclusive)));
            } else {
                scalar.max = Some(scalar.max.map_or(inclusive, |m| m.min(inclusive)));
            }
        } else {
            scalar.notes.push(format!(
                "the source's `{key}: {bound}` is left out: contracts bound decimals inclusively"
            ));
        }
    }
    if node.get("multipleOf").is_some() {
        scalar.notes.push(
            "the source's `multipleOf` is left out: contracts have no such constraint".to_owned(),
        );
    }
    if let (Some(min), Some(max)) = (scalar.min, scalar.max)
        && min > max
    {
        scalar.notes.push(format!(
            "the source's bounds {min}..{max} are contradictory"
        ));
        scalar.min = None;
        scalar.max = None;
    }
    scalar
}

/// A scalar as this registry's extensions describe it, with the schema's constraints.
fn ours_scalar(node: &Value, read: ours::Scalar) -> Scalar {
    let mut scalar = Scalar::new(read.ty, read.format);
    let patterns = ours::patterns_of(node);
    let own = contracts_runtime::format::pattern(read.format, value_kind(read.ty));
    // The format's own pattern is not a constraint of the field; nor is the range pattern of a number sent as a
    // string that `ours::scalar` read the bounds from (`drop_pattern` without the format's own).
    let own_present = patterns.iter().any(|p| own.as_deref() == Some(p.as_str()));
    let range_read = read.drop_pattern && !own_present;
    let mut constraints = ours::constraint_patterns(&patterns)
        .filter(|p| own.as_deref() != Some(*p))
        .skip(usize::from(range_read));
    scalar.pattern = constraints.next().map(str::to_owned);
    let min_in_pattern = patterns.iter().find_map(|p| ours::min_length_pattern(p));
    scalar.min_length = node
        .get("minLength")
        .and_then(Value::as_u64)
        .or(min_in_pattern);
    scalar.max_length = node.get("maxLength").and_then(Value::as_u64);
    scalar.min = read
        .min
        .or_else(|| node.get("minimum").and_then(Value::as_f64));
    scalar.max = read
        .max
        .or_else(|| node.get("maximum").and_then(Value::as_f64));
    // The generator bounds every integer sent as a JSON number by the 64-bit range: the type's, not the field's.
    if read.ty == ScalarType::Integer {
        scalar.min = scalar.min.filter(|min| *min > i64::MIN as f64);
        scalar.max = scalar.max.filter(|max| *max < i64::MAX as f64);
    }
    scalar
}

/// The name of a named schema without the `catalogue-` prefix the registry's JSON Schemas give enumerations
/// (`$defs/catalogue-dossier-status` is the catalogue `dossier-status`).
pub fn enumeration_name(name: &str, node: &Value) -> String {
    match name.strip_prefix("catalogue-") {
        Some(rest) if node.get("enum").is_some() && !rest.is_empty() => rest.to_owned(),
        _ => name.to_owned(),
    }
}

/// The kind of value a scalar type holds, as the wire formats' patterns are chosen by it.
fn value_kind(ty: ScalarType) -> contracts_runtime::format::ValueKind {
    use contracts_runtime::format::ValueKind;
    match ty {
        ScalarType::Integer => ValueKind::Integer,
        ScalarType::Decimal => ValueKind::Decimal,
        _ => ValueKind::Other,
    }
}
