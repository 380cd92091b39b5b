//! Checks JSON payloads and records against the registry: types, wire formats and the forms readers accept,
//! codes, constraints, required and unknown members, duplicate keys, and limits on size and violations.
//!
//! Formats and constraints are decided by `contracts_runtime`, the same code the generated Rust types run, so
//! this validator and the types give the same verdict on every payload (the README lists the few things a JSON
//! Schema cannot say). `cargo contracts validate`, the examples of `check` and the sandbox all call this code.

use foldhash::{HashMap, HashSet};
use std::borrow::Cow;
use std::fmt::Write as _;

use contracts_runtime::catalogue::{unlisted_code, wrong_json_type};
use contracts_runtime::format::{self, Accept, ValueKind};
use contracts_runtime::validate::{constraint_violations, escape};
use serde_json::Value;

pub use contracts_runtime::Violation;

use crate::model::{
    Catalogue, Field, FieldType, Payload, Record, Registry, UnknownFields, WireFormat,
};

/// Records nest through fields; deeper values than this are reported rather than followed.
const MAX_DEPTH: usize = 64;

/// How much one payload may cost: its size in bytes, and how many violations are reported for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest payload read, in bytes (default 16 MiB).
    pub max_bytes: usize,
    /// The most violations reported for one payload (default 100); the rest are counted, not listed.
    pub max_violations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            max_violations: 100,
        }
    }
}

/// The verdict on one payload: the violations found, at most [`Limits::max_violations`]; when that many are
/// found, checking stops (a hostile payload cannot make it list millions) and `truncated` says there may be more.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    pub violations: Vec<Violation>,
    pub truncated: bool,
}

impl Verdict {
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }

    fn problem(pointer: &str, message: String) -> Verdict {
        Verdict {
            violations: vec![unlabelled(pointer, message)],
            truncated: false,
        }
    }
}

/// What a payload is checked against: a contract's request or response, or a bare record.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    Payload(&'a Payload),
    Record(&'a Record),
}

/// Validates values against the registry's payloads and records.
pub struct Validator<'a> {
    registry: &'a Registry,
    limits: Limits,
    /// The codes (and aliases) of each catalogue, for lookups in constant time.
    codes: HashMap<&'a str, HashSet<&'a str>>,
    /// The records by id, for lookups in constant time.
    records: HashMap<&'a str, &'a Record>,
    /// By the address of a payload's or record's fields, the index of each wire name among them.
    field_index: HashMap<usize, HashMap<&'a str, usize>>,
    /// Whether fields required by law (`required-by-law`) are required too, not only those the wire requires.
    strict_legal: bool,
}

impl<'a> Validator<'a> {
    pub fn new(registry: &'a Registry) -> Self {
        let codes = registry
            .catalogues
            .values()
            .map(|catalogue| (catalogue.id.as_str(), spellings(catalogue)))
            .collect();
        Validator {
            registry,
            limits: Limits::default(),
            codes,
            records: registry
                .records
                .iter()
                .map(|(id, record)| (id.as_str(), record))
                .collect(),
            field_index: field_indexes(registry),
            strict_legal: false,
        }
    }

    /// Requires the fields the law requires (`required-by-law`) as well as those today's wire requires.
    pub fn with_strict_legal(mut self, strict: bool) -> Self {
        self.strict_legal = strict;
        self
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Every violation of `value` against a payload (up to the limit).
    pub fn payload(&self, payload: &Payload, value: &Value) -> Vec<Violation> {
        self.value(Target::Payload(payload), value).violations
    }

    /// Every violation of `value` against a record (up to the limit).
    pub fn record(&self, record: &Record, value: &Value) -> Vec<Violation> {
        self.value(Target::Record(record), value).violations
    }

    /// The verdict on a parsed value.
    pub fn value(&self, target: Target<'_>, value: &Value) -> Verdict {
        let (fields, unknown) = match target {
            Target::Payload(payload) => (payload.fields.as_slice(), payload.unknown_fields),
            Target::Record(record) => (record.fields.as_slice(), record.unknown_fields),
        };
        let mut out = Out::new(self.limits.max_violations);
        self.check_object(fields, unknown, value, &Path::Root, &mut out, 0);
        out.verdict()
    }

    /// The verdict on the bytes of a JSON document: too large, not JSON, duplicate keys (each with its
    /// pointer: a receiver that keeps the first value sees another payload than one that keeps the last), or
    /// the verdict on its value.
    pub fn bytes(&self, target: Target<'_>, bytes: &[u8]) -> Verdict {
        if bytes.len() > self.limits.max_bytes {
            return self.oversized(bytes.len());
        }
        match parse(bytes) {
            Ok(parsed) => self.parsed(target, &parsed),
            Err(error) => Verdict::problem("", format!("not valid JSON: {error}")),
        }
    }

    /// The verdict on a document [`parse`]d with its repeated keys: each repeated key, then the verdict on its
    /// value.
    pub fn parsed(&self, target: Target<'_>, parsed: &Parsed) -> Verdict {
        let mut verdict = self.value(target, &parsed.value);
        let duplicates = parsed.duplicates.iter().map(|(pointer, key)| {
            unlabelled(
                pointer,
                format!(
                    "the key `{key}` appears more than once in this object; send each member once"
                ),
            )
        });
        let mut all: Vec<Violation> = duplicates.chain(verdict.violations).collect();
        if all.len() > self.limits.max_violations {
            verdict.truncated = true;
            all.truncate(self.limits.max_violations);
        }
        verdict.violations = all;
        verdict
    }

    /// The verdict on a payload of `size` bytes, over the size limit (so never read whole).
    pub fn oversized(&self, size: usize) -> Verdict {
        Verdict::problem(
            "",
            format!(
                "the payload has {size} bytes, more than the limit of {} (raise it with --max-bytes)",
                self.limits.max_bytes
            ),
        )
    }

    /// Every violation of `value` against a single field (its example).
    pub fn field(&self, field: &Field, value: &Value) -> Vec<Violation> {
        let mut out = Out::new(self.limits.max_violations);
        self.check_present(field, value, &Path::Root, &mut out, 0);
        out.verdict().violations
    }

    fn check_object(
        &self,
        fields: &[Field],
        unknown: UnknownFields,
        value: &Value,
        at: &Path<'_>,
        out: &mut Out,
        depth: usize,
    ) {
        let Value::Object(map) = value else {
            out.push(|| {
                unlabelled(
                    &at.render(),
                    format!("expected an object, found {}", kind_of(value)),
                )
            });
            return;
        };
        let members = self.members(fields, map);
        for (field, written) in fields.iter().zip(&members.of_field) {
            if out.full() {
                return;
            }
            let written = *written;
            let present = written.filter(|v| !is_absent(field, v));
            match present {
                None if field.required => {
                    out.push(|| labelled(field, &at.render(), missing(field, written)))
                }
                None if self.strict_legal && field.required_by_law => out.push(|| {
                    let legal: Vec<&str> = field.legal.iter().map(|l| l.written.as_str()).collect();
                    let why = format!(
                        "{} (required by law: {}; optional on today's wire)",
                        missing(field, written),
                        legal.join(", ")
                    );
                    labelled(field, &at.render(), why)
                }),
                None => {}
                Some(item) => {
                    let here = at.key(&field.wire_name);
                    self.check_present(field, item, &here, out, depth);
                }
            }
        }
        if unknown == UnknownFields::Reject {
            for key in members.unknown {
                if out.full() {
                    return;
                }
                out.push(|| {
                    let near = fields
                        .iter()
                        .find(|f| f.wire_name.eq_ignore_ascii_case(key))
                        .map(|f| format!("; did you mean `{}`?", f.wire_name))
                        .unwrap_or_default();
                    unlabelled(
                        &at.key(key).render(),
                        format!("`{key}` is not a field of this payload{near}"),
                    )
                });
            }
        }
    }

    /// Which member of `map` each field has, and the members that are no field, in one pass over the members.
    ///
    /// Systems write members in the order of the contract, so each member is first looked for among the next
    /// few fields, which finds it without hashing its name; out of order, it is looked up by name.
    fn members<'v>(
        &self,
        fields: &[Field],
        map: &'v serde_json::Map<String, Value>,
    ) -> Members<'v> {
        const LOOK_AHEAD: usize = 8;
        let mut members = Members {
            of_field: vec![None; fields.len()],
            unknown: Vec::new(),
        };
        let mut next = 0;
        for (key, value) in map {
            let ahead = fields
                .get(next..(next + LOOK_AHEAD).min(fields.len()))
                .unwrap_or_default()
                .iter()
                .position(|f| same_name(&f.wire_name, key))
                .map(|offset| next + offset);
            let index = ahead.or_else(|| match self.field_index.get(&(fields.as_ptr() as usize)) {
                Some(names) => names.get(key.as_str()).copied(),
                // Fields that are not the registry's own (a payload built by the caller).
                None => fields.iter().position(|f| f.wire_name == *key),
            });
            match index {
                Some(index) => {
                    members.of_field[index] = Some(value);
                    next = index + 1;
                }
                None => members.unknown.push(key.as_str()),
            }
        }
        members
    }

    /// Checks the value of a field that is present; problems found inside it that name no field of their own
    /// take its label.
    fn check_present(
        &self,
        field: &Field,
        value: &Value,
        at: &Path<'_>,
        out: &mut Out,
        depth: usize,
    ) {
        let first_new = out.violations.len();
        match (&field.list, value) {
            (Some(bounds), Value::Array(items)) => {
                for message in bounds.violations(items.len()) {
                    out.push(|| labelled(field, &at.render(), message));
                }
                for (index, item) in items.iter().enumerate() {
                    if out.full() {
                        break;
                    }
                    self.check_single(field, item, &at.index(index), out, depth);
                }
            }
            (Some(_), other) => out.push(|| {
                labelled(
                    field,
                    &at.render(),
                    format!("expected a list, found {}", kind_of(other)),
                )
            }),
            (None, item) => self.check_single(field, item, at, out, depth),
        }
        for violation in &mut out.violations[first_new..] {
            if violation.label.is_none() {
                *violation = labelled(
                    field,
                    &violation.pointer,
                    std::mem::take(&mut violation.message),
                );
            }
        }
    }

    fn check_single(
        &self,
        field: &Field,
        value: &Value,
        at: &Path<'_>,
        out: &mut Out,
        depth: usize,
    ) {
        match &field.ty {
            FieldType::Record(id) => {
                if depth >= MAX_DEPTH {
                    out.push(|| {
                        labelled(
                            field,
                            &at.render(),
                            "the value is nested too deeply".to_owned(),
                        )
                    });
                } else if let Some(record) = self.records.get(id.as_str()) {
                    if value.is_object() {
                        self.check_object(
                            &record.fields,
                            record.unknown_fields,
                            value,
                            at,
                            out,
                            depth + 1,
                        );
                    } else {
                        out.push(|| {
                            labelled(
                                field,
                                &at.render(),
                                format!("expected an object, found {}", kind_of(value)),
                            )
                        });
                    }
                }
            }
            FieldType::Code(id) => {
                if let Err(message) = self.check_code(id, field, value) {
                    out.push(|| labelled(field, &at.render(), message));
                }
            }
            FieldType::Scalar(_) => {
                let kind = field.ty.value_kind();
                match canonical_text(field, kind, value) {
                    Ok(text) => {
                        if has_constraints(field) {
                            for message in constraint_violations(kind, &field.constraints, &text) {
                                out.push(|| labelled(field, &at.render(), message));
                            }
                        }
                    }
                    Err(message) => out.push(|| labelled(field, &at.render(), message)),
                }
            }
        }
    }

    fn check_code(&self, catalogue: &str, field: &Field, value: &Value) -> Result<(), String> {
        let code: Cow<'_, str> = match (field.format, value) {
            (WireFormat::CodeNumber, Value::Number(n)) if n.is_i64() || n.is_u64() => {
                Cow::Owned(n.to_string())
            }
            (WireFormat::CodeString, Value::String(s)) => Cow::Borrowed(s.as_str()),
            (format, other) => {
                let accepted = field.accepts.iter().find_map(|accept| match accept {
                    Accept::Format(from) => {
                        format::to_canonical(*from, format, ValueKind::Other, other)
                    }
                    Accept::Empty | Accept::Null => None,
                });
                match accepted {
                    Some(Value::String(code)) => Cow::Owned(code),
                    Some(Value::Number(n)) => Cow::Owned(n.to_string()),
                    _ => return Err(wrong_json_type(format, kind_of(other))),
                }
            }
        };
        let listed = self
            .codes
            .get(catalogue)
            .is_none_or(|known| known.contains(code.as_ref()));
        if listed {
            return Ok(());
        }
        match self.registry.catalogues.get(catalogue) {
            Some(catalogue) => {
                let known: Vec<&str> = catalogue.codes.iter().map(|c| c.code.as_str()).collect();
                Err(unlisted_code(&code, &catalogue.id, &known))
            }
            None => Ok(()),
        }
    }
}

/// Whether two member names are the same. Names of a contract share their first letters (`MaHoSo`, `MaTTHC`)
/// more than their last, so the length and the last byte turn most others away before the bytes are compared.
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

/// The members of an object, matched to fields.
struct Members<'v> {
    /// The member of each field, in the order of the fields.
    of_field: Vec<Option<&'v Value>>,
    /// The members that are no field, in the order written.
    unknown: Vec<&'v str>,
}

/// The index of each wire name among its fields, for every payload and record: where a member is looked up
/// when it is not where the order of the contract puts it.
fn field_indexes(registry: &Registry) -> HashMap<usize, HashMap<&str, usize>> {
    let payloads = registry
        .contracts
        .values()
        .flat_map(|c| [c.request.fields.as_slice(), c.response.fields.as_slice()]);
    let records = registry.records.values().map(|r| r.fields.as_slice());
    payloads
        .chain(records)
        .map(|fields| {
            let names = fields
                .iter()
                .enumerate()
                .map(|(index, field)| (field.wire_name.as_str(), index))
                .collect();
            (fields.as_ptr() as usize, names)
        })
        .collect()
}

/// Every spelling a reader takes as a code of the catalogue: its codes and their aliases.
fn spellings(catalogue: &Catalogue) -> HashSet<&str> {
    catalogue
        .codes
        .iter()
        .flat_map(|code| {
            std::iter::once(code.code.as_str()).chain(code.aliases.iter().map(String::as_str))
        })
        .collect()
}

/// Whether `value` means the field is absent: `""` or `null` where the field accepts those as absent.
fn is_absent(field: &Field, value: &Value) -> bool {
    match value {
        Value::Null => field.accepts.contains(&Accept::Null),
        Value::String(text) => text.is_empty() && field.accepts.contains(&Accept::Empty),
        _ => false,
    }
}

/// The message for a required field that is missing, or present in a form that means absent.
fn missing(field: &Field, found: Option<&Value>) -> String {
    match found {
        Some(value) => format!(
            "required field `{}` is missing (`{value}` means absent)",
            field.wire_name
        ),
        None => format!("required field `{}` is missing", field.wire_name),
    }
}

fn has_constraints(field: &Field) -> bool {
    let c = &field.constraints;
    c.pattern.is_some()
        || c.min_length.is_some()
        || c.max_length.is_some()
        || c.min.is_some()
        || c.max.is_some()
}

/// The value's text in the field's canonical wire format: the value itself when it is in that format (a whole
/// JSON number for an integer sent as a number, `1.0` included), or its canonical form when it is in a format
/// the field accepts. The error says what is wrong.
fn canonical_text<'v>(
    field: &Field,
    kind: ValueKind,
    value: &'v Value,
) -> Result<Cow<'v, str>, String> {
    match canonical(field.format, kind, value) {
        Ok(text) => Ok(text),
        Err(message) => {
            let accepted = field.accepts.iter().find_map(|accept| match accept {
                Accept::Format(from) => {
                    let converted = format::to_canonical(*from, field.format, kind, value)?;
                    canonical(field.format, kind, &converted)
                        .ok()
                        .map(|text| Cow::Owned(text.into_owned()))
                }
                Accept::Empty | Accept::Null => None,
            });
            accepted.ok_or_else(|| with_accepted(message, field))
        }
    }
}

/// The text of a value in `format`, checking it is of the JSON type and in the wire format the format says.
fn canonical(format: WireFormat, kind: ValueKind, value: &Value) -> Result<Cow<'_, str>, String> {
    use WireFormat::*;
    let text = match (format, value) {
        (Number, Value::Number(n)) => Cow::Owned(
            format::number_text(n, kind)
                .ok_or_else(|| format!("{n} is not a number of the field's range and digits"))?,
        ),
        (Number, other) => return Err(format!("expected a JSON number, found {}", kind_of(other))),
        (BoolJson, Value::Bool(b)) => Cow::Borrowed(if *b { "true" } else { "false" }),
        (BoolJson, other) => {
            return Err(format!("expected a JSON boolean, found {}", kind_of(other)));
        }
        (_, Value::String(s)) => Cow::Borrowed(s.as_str()),
        (_, other) => {
            return Err(format!(
                "expected a string in the wire format `{}`, found {}",
                format.name(),
                kind_of(other)
            ));
        }
    };
    if !matches!(format, Number | BoolJson) {
        format::check(format, kind, &text)?;
    }
    Ok(text)
}

/// `message`, with the other forms the field accepts when it has any.
fn with_accepted(message: String, field: &Field) -> String {
    let others: Vec<&str> = field
        .accepts
        .iter()
        .filter(|a| matches!(a, Accept::Format(_)))
        .map(|a| a.name())
        .collect();
    if others.is_empty() {
        message
    } else {
        format!(
            "{message} (nor in {}, which readers also accept)",
            others.join(", ")
        )
    }
}

/// Where a value is, rendered as a JSON pointer only when a violation needs it.
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    fn key(&'p self, key: &'p str) -> Path<'p> {
        Path::Key(self, key)
    }

    fn index(&'p self, index: usize) -> Path<'p> {
        Path::Index(self, index)
    }

    fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.render_into(out);
                out.push('/');
                out.push_str(&escape(key));
            }
            Path::Index(parent, index) => {
                parent.render_into(out);
                let _ = write!(out, "/{index}");
            }
        }
    }
}

/// The violations of one payload, up to the limit, where the work stops.
struct Out {
    violations: Vec<Violation>,
    limit: usize,
    truncated: bool,
}

impl Out {
    fn new(limit: usize) -> Self {
        Out {
            violations: Vec::new(),
            limit,
            truncated: false,
        }
    }

    /// Whether the limit is reached: the caller stops looking.
    fn full(&mut self) -> bool {
        let full = self.violations.len() >= self.limit;
        self.truncated |= full;
        full
    }

    /// Adds the violation `make` builds (only built when there is room for it).
    fn push(&mut self, make: impl FnOnce() -> Violation) {
        if !self.full() {
            self.violations.push(make());
        }
    }

    fn verdict(self) -> Verdict {
        Verdict {
            violations: self.violations,
            truncated: self.truncated,
        }
    }
}

fn labelled(field: &Field, at: &str, message: String) -> Violation {
    Violation {
        pointer: at.to_owned(),
        message,
        label: Some((field.label.vi.clone(), field.label.en_or_vi().to_owned())),
        legal: field.legal.iter().map(|l| l.written.clone()).collect(),
    }
}

fn unlabelled(pointer: &str, message: String) -> Violation {
    Violation {
        pointer: pointer.to_owned(),
        message,
        label: None,
        legal: Vec::new(),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A parsed JSON document and the keys it repeats, each with the pointer of its object.
pub struct Parsed {
    pub value: Value,
    pub duplicates: Vec<(String, String)>,
}

/// Parses JSON as `serde_json` does (keeping the last of repeated keys), noting every repeated key.
pub fn parse(bytes: &[u8]) -> Result<Parsed, serde_json::Error> {
    use serde::de::DeserializeSeed;
    let mut duplicates = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = Noting {
        at: &Path::Root,
        duplicates: &mut duplicates,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(Parsed { value, duplicates })
}

/// Builds a [`Value`] while noting repeated keys, with the pointer of the object they repeat in (rendered only
/// for a repeated key: the path is a chain of borrowed keys on the stack).
struct Noting<'p, 'd> {
    at: &'p Path<'p>,
    duplicates: &'d mut Vec<(String, String)>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Noting<'_, '_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Noting<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            let here = self.at.index(items.len());
            let seed = Noting {
                at: &here,
                duplicates: &mut *self.duplicates,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = {
                let here = self.at.key(&key);
                map.next_value_seed(Noting {
                    at: &here,
                    duplicates: &mut *self.duplicates,
                })?
            };
            match object.entry(key) {
                serde_json::map::Entry::Occupied(mut repeated) => {
                    self.duplicates
                        .push((self.at.render(), repeated.key().clone()));
                    repeated.insert(value);
                }
                serde_json::map::Entry::Vacant(first) => {
                    first.insert(value);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_in_their_canonical_form_or_an_accepted_one() {
        use WireFormat::*;
        assert!(canonical(NumberAsString, ValueKind::Integer, &Value::from(5)).is_err());
        assert!(canonical(Number, ValueKind::Integer, &Value::from("5")).is_err());
        assert_eq!(
            canonical(Number, ValueKind::Integer, &Value::from(5)).as_deref(),
            Ok("5")
        );
        let whole: Value = serde_json::from_str("1.0").unwrap_or_default();
        assert_eq!(
            canonical(Number, ValueKind::Integer, &whole).as_deref(),
            Ok("1")
        );
        let exponent: Value = serde_json::from_str("1E2").unwrap_or_default();
        assert_eq!(
            canonical(Number, ValueKind::Integer, &exponent).as_deref(),
            Ok("100")
        );
        let huge: Value = serde_json::from_str("18446744073709551616").unwrap_or_default();
        assert!(canonical(Number, ValueKind::Integer, &huge).is_err());
        let half: Value = serde_json::from_str("1.5").unwrap_or_default();
        assert!(canonical(Number, ValueKind::Integer, &half).is_err());
        assert!(canonical(BoolJson, ValueKind::Other, &Value::from("True")).is_err());
    }

    #[test]
    fn repeated_keys_are_noted_with_the_pointer_of_their_object() {
        let parsed = parse(br#"{"a": 1, "b": {"c": 1, "c": 2}, "a": [ {"x": 1, "x": 1} ]}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            parsed.duplicates,
            [
                ("/b".to_owned(), "c".to_owned()),
                ("/a/0".to_owned(), "x".to_owned()),
                (String::new(), "a".to_owned())
            ]
        );
        assert_eq!(parsed.value["b"]["c"], Value::from(2));
        assert!(parse(b"{} x").is_err());
        assert!(parse(b"[1, 2").is_err());
    }

    #[test]
    fn pointers_are_rendered_only_as_needed_and_escaped() {
        let root = Path::Root;
        let key = root.key("a/b");
        let item = key.index(3);
        assert_eq!(item.render(), "/a~1b/3");
        assert_eq!(root.render(), "");
    }
}
