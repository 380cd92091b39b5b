//! Checks a JSON value against a payload's fields: types, wire formats, codes, constraints and required keys.
//!
//! Formats and constraints are decided by `contracts_runtime`, the same code the generated Rust types run, so
//! this validator and their `validate()` agree on every value both can represent.

use contracts_runtime::catalogue::{unlisted_code, wrong_json_type};
use contracts_runtime::validate::{escape, text_violations};
use serde_json::Value;

pub use contracts_runtime::Violation;

use crate::model::{Field, FieldType, Registry, WireFormat};

/// Validates values against the registry's payloads and records.
pub struct Validator<'a> {
    registry: &'a Registry,
}

/// Records nest through fields; deeper values than this are reported rather than followed.
const MAX_DEPTH: usize = 64;

impl<'a> Validator<'a> {
    pub fn new(registry: &'a Registry) -> Self {
        Validator { registry }
    }

    /// Every violation of `value` against an object with `fields`.
    pub fn object(&self, fields: &[Field], value: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        self.check_object(fields, value, "", &mut out, 0);
        out
    }

    /// Every violation of `value` against a single field (its example).
    pub fn field(&self, field: &Field, value: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        self.check_field(field, value, "", &mut out, 0);
        out
    }

    /// Checks a field's value; problems found inside it that name no field of their own take its label.
    fn check_field(
        &self,
        field: &Field,
        value: &Value,
        at: &str,
        out: &mut Vec<Violation>,
        depth: usize,
    ) {
        let first_new = out.len();
        self.check_value(field, value, at, out, depth);
        for violation in &mut out[first_new..] {
            if violation.label.is_none() {
                *violation = labelled(
                    field,
                    &violation.pointer,
                    std::mem::take(&mut violation.message),
                );
            }
        }
    }

    fn check_object(
        &self,
        fields: &[Field],
        value: &Value,
        at: &str,
        out: &mut Vec<Violation>,
        depth: usize,
    ) {
        let Value::Object(map) = value else {
            out.push(unlabelled(
                at,
                format!("expected an object, found {}", kind_of(value)),
            ));
            return;
        };
        for field in fields {
            let pointer = format!("{at}/{}", escape(&field.wire_name));
            match map.get(&field.wire_name) {
                None if field.required => out.push(labelled(
                    field,
                    at,
                    format!("required field `{}` is missing", field.wire_name),
                )),
                None => {}
                Some(Value::Null) if !field.required => {}
                Some(item) => self.check_field(field, item, &pointer, out, depth),
            }
        }
        for key in map.keys() {
            if !fields.iter().any(|f| &f.wire_name == key) {
                let near = fields
                    .iter()
                    .find(|f| f.wire_name.eq_ignore_ascii_case(key))
                    .map(|f| format!("; did you mean `{}`?", f.wire_name))
                    .unwrap_or_default();
                out.push(unlabelled(
                    &format!("{at}/{}", escape(key)),
                    format!("`{key}` is not a field of this payload{near}"),
                ));
            }
        }
    }

    fn check_value(
        &self,
        field: &Field,
        value: &Value,
        at: &str,
        out: &mut Vec<Violation>,
        depth: usize,
    ) {
        match (&field.list, value) {
            (Some(bounds), Value::Array(items)) => {
                for message in bounds.violations(items.len()) {
                    out.push(labelled(field, at, message));
                }
                for (index, item) in items.iter().enumerate() {
                    self.check_single(field, item, &format!("{at}/{index}"), out, depth);
                }
            }
            (Some(_), other) => out.push(labelled(
                field,
                at,
                format!("expected a list, found {}", kind_of(other)),
            )),
            (None, item) => self.check_single(field, item, at, out, depth),
        }
    }

    fn check_single(
        &self,
        field: &Field,
        value: &Value,
        at: &str,
        out: &mut Vec<Violation>,
        depth: usize,
    ) {
        match &field.ty {
            FieldType::Record(id) => {
                if depth >= MAX_DEPTH {
                    out.push(labelled(
                        field,
                        at,
                        "the value is nested too deeply".to_owned(),
                    ));
                } else if let Some(record) = self.registry.records.get(id) {
                    if !value.is_object() {
                        out.push(labelled(
                            field,
                            at,
                            format!("expected an object, found {}", kind_of(value)),
                        ));
                    } else {
                        self.check_object(&record.fields, value, at, out, depth + 1);
                    }
                }
            }
            FieldType::Code(id) => {
                if let Err(message) = self.check_code(id, field.format, value) {
                    out.push(labelled(field, at, message));
                }
            }
            FieldType::Scalar(_) => match wire_text(field.format, value) {
                Ok(text) => {
                    for message in text_violations(
                        field.format,
                        field.ty.value_kind(),
                        &field.constraints,
                        &text,
                    ) {
                        out.push(labelled(field, at, message));
                    }
                }
                Err(message) => out.push(labelled(field, at, message)),
            },
        }
    }

    fn check_code(&self, catalogue: &str, format: WireFormat, value: &Value) -> Result<(), String> {
        let code = match (format, value) {
            (WireFormat::CodeNumber, Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
            (WireFormat::CodeString, Value::String(s)) => s.clone(),
            (_, other) => return Err(wrong_json_type(format, kind_of(other))),
        };
        match self.registry.catalogues.get(catalogue) {
            Some(catalogue) if catalogue.code(&code).is_none() => {
                let known: Vec<&str> = catalogue.codes.iter().map(|c| c.code.as_str()).collect();
                Err(unlisted_code(&code, &catalogue.id, &known))
            }
            _ => Ok(()),
        }
    }
}

/// The value as the text that travels, checking it is a JSON string, number or boolean as the format says.
fn wire_text(format: WireFormat, value: &Value) -> Result<String, String> {
    use WireFormat::*;
    match (format, value) {
        (Number, Value::Number(n)) => Ok(n.to_string()),
        (Number, other) => Err(format!("expected a JSON number, found {}", kind_of(other))),
        (BoolJson, Value::Bool(b)) => Ok(b.to_string()),
        (BoolJson, other) => Err(format!("expected a JSON boolean, found {}", kind_of(other))),
        (_, Value::String(s)) => Ok(s.clone()),
        (_, other) => Err(format!(
            "expected a string in the wire format `{}`, found {}",
            format.name(),
            kind_of(other)
        )),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_text_requires_the_json_type_of_the_format() {
        assert!(wire_text(WireFormat::NumberAsString, &Value::from(5)).is_err());
        assert!(wire_text(WireFormat::Number, &Value::from("5")).is_err());
        assert_eq!(
            wire_text(WireFormat::Number, &Value::from(5)).as_deref(),
            Ok("5")
        );
        assert!(wire_text(WireFormat::BoolJson, &Value::from("True")).is_err());
    }
}
