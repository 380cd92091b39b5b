//! Examples of the source checked against the drafts before they are written: `check` refuses an example that
//! breaks its own field or payload, so a draft keeps only the examples that fit and says which it left out.
//!
//! Scalars are judged by the runtime's own wire-format and constraint checks (`contracts_runtime`), the same
//! code `check` and `validate` run.

use std::collections::HashMap;

use contracts_core::model::{FieldType, ScalarType, ValueKind, WireFormat};
use contracts_runtime::validate::{Constraints, Pattern, text_violations};
use serde_json::Value;

use super::{CatalogueDraft, FieldDraft, RecordDraft};

/// How deep an example may nest before it is refused.
const MAX_DEPTH: usize = 32;

/// Judges example values against drafted fields, records and catalogues.
pub struct Checker<'d> {
    records: HashMap<&'d str, &'d RecordDraft>,
    catalogues: HashMap<&'d str, &'d CatalogueDraft>,
}

impl<'d> Checker<'d> {
    pub fn new(records: &'d [RecordDraft], catalogues: &'d [CatalogueDraft]) -> Self {
        Checker {
            records: records.iter().map(|r| (r.id.as_str(), r)).collect(),
            catalogues: catalogues.iter().map(|c| (c.id.as_str(), c)).collect(),
        }
    }

    /// The first problem of `value` as a payload of `fields`, if any.
    pub fn payload(&self, fields: &[FieldDraft], value: &Value) -> Option<String> {
        let mut problems = Vec::new();
        self.object(fields, value, "", 0, &mut problems);
        problems.into_iter().next()
    }

    /// The first problem of `value` as an example of `field` (one value, or the list for a list field).
    pub fn field(&self, field: &FieldDraft, value: &Value) -> Option<String> {
        let mut problems = Vec::new();
        self.field_value(field, value, "", 0, &mut problems);
        problems.into_iter().next()
    }

    fn object(
        &self,
        fields: &[FieldDraft],
        value: &Value,
        at: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        if depth > MAX_DEPTH {
            out.push(format!("{at}: nested too deeply"));
            return;
        }
        let Some(map) = value.as_object() else {
            out.push(at_msg(at, "not an object"));
            return;
        };
        for key in map.keys() {
            if !fields.iter().any(|f| &f.wire == key) {
                out.push(format!("{at}/{key}: not a field of the contract"));
            }
        }
        for field in fields {
            match map.get(&field.wire) {
                None | Some(Value::Null) if field.required => {
                    out.push(format!("{at}/{}: required but missing", field.wire));
                }
                None | Some(Value::Null) => {}
                Some(item) => {
                    self.field_value(field, item, &format!("{at}/{}", field.wire), depth, out)
                }
            }
        }
    }

    fn field_value(
        &self,
        field: &FieldDraft,
        value: &Value,
        at: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        let Some(bounds) = field.list else {
            self.single(field, value, at, depth, out);
            return;
        };
        let Some(items) = value.as_array() else {
            out.push(at_msg(at, "not a list"));
            return;
        };
        for problem in bounds.violations(items.len()) {
            out.push(at_msg(at, problem));
        }
        for (i, item) in items.iter().enumerate() {
            self.single(field, item, &format!("{at}/{i}"), depth, out);
        }
    }

    fn single(
        &self,
        field: &FieldDraft,
        value: &Value,
        at: &str,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        match &field.ty {
            FieldType::Record(id) => match self.records.get(id.as_str()) {
                Some(record) => self.object(&record.fields, value, at, depth + 1, out),
                None => out.push(at_msg(at, format!("record `{id}` is not drafted yet"))),
            },
            FieldType::Code(id) => self.code(id, field.format, value, at, out),
            FieldType::Scalar(ty) => scalar(field, *ty, value, at, out),
        }
    }

    fn code(&self, id: &str, format: WireFormat, value: &Value, at: &str, out: &mut Vec<String>) {
        let text = match (format, value) {
            (WireFormat::CodeNumber, Value::Number(n)) => n.to_string(),
            (WireFormat::CodeString, Value::String(s)) => s.clone(),
            _ => {
                out.push(at_msg(at, format!("a code sent as {}", format.name())));
                return;
            }
        };
        let listed = self
            .catalogues
            .get(id)
            .is_some_and(|c| c.codes.iter().any(|code| code.code == text));
        if !listed {
            out.push(at_msg(at, format!("`{text}` is not a code of `{id}`")));
        }
    }
}

fn scalar(field: &FieldDraft, ty: ScalarType, value: &Value, at: &str, out: &mut Vec<String>) {
    let kind = FieldType::Scalar(ty).value_kind();
    let text = match (field.format, value) {
        (WireFormat::BoolJson, Value::Bool(_)) => return,
        (WireFormat::Number, Value::Number(n)) => {
            if kind == ValueKind::Integer && !(n.is_i64() || n.is_u64()) {
                out.push(at_msg(at, format!("{n} is not a whole number")));
                return;
            }
            n.to_string()
        }
        (WireFormat::BoolJson | WireFormat::Number, _) => {
            let expected = if field.format == WireFormat::Number {
                "not a JSON number"
            } else {
                "not a JSON boolean"
            };
            out.push(at_msg(at, expected));
            return;
        }
        (_, Value::String(s)) => s.clone(),
        _ => {
            out.push(at_msg(at, "not a string"));
            return;
        }
    };
    let constraints = Constraints {
        pattern: field.pattern.clone().map(Pattern::owned),
        min_length: field.min_length,
        max_length: field.max_length,
        min: field.min,
        max: field.max,
    };
    for problem in text_violations(field.format, kind, &constraints, &text) {
        out.push(at_msg(at, problem));
    }
}

/// A problem at a JSON pointer: `/data/0/MaHoSo: ...`, or the problem alone for the value itself.
fn at_msg(at: &str, problem: impl std::fmt::Display) -> String {
    if at.is_empty() {
        problem.to_string()
    } else {
        format!("{at}: {problem}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(wire: &str, ty: ScalarType, format: WireFormat) -> FieldDraft {
        let mut field = FieldDraft::new(wire);
        field.ty = FieldType::Scalar(ty);
        field.format = format;
        field
    }

    #[test]
    fn judges_scalars_by_their_wire_format() {
        let checker = Checker::new(&[], &[]);
        let date = field("d", ScalarType::DateTime, WireFormat::DateTimeCompact);
        assert_eq!(checker.field(&date, &json!("20250312083000")), None);
        assert!(checker.field(&date, &json!("2025-03-12")).is_some());
        let count = field("n", ScalarType::Integer, WireFormat::Number);
        assert_eq!(checker.field(&count, &json!(7)), None);
        assert!(checker.field(&count, &json!("7")).is_some());
        assert!(checker.field(&count, &json!(7.5)).is_some());
        let mut bounded = field("n", ScalarType::Integer, WireFormat::Number);
        bounded.min = Some(2.0);
        assert!(checker.field(&bounded, &json!(1)).is_some());
    }

    #[test]
    fn judges_payloads_with_records_and_codes() {
        let mut status = FieldDraft::new("status");
        status.ty = FieldType::Code("status".to_owned());
        status.format = WireFormat::CodeString;
        let catalogue = CatalogueDraft {
            id: "status".to_owned(),
            version: "0.1.0".to_owned(),
            label: Default::default(),
            description: None,
            legal: Vec::new(),
            format: WireFormat::CodeString,
            codes: vec![super::super::CodeDraft {
                code: "sold".to_owned(),
                label: Default::default(),
                description: None,
                legal: Vec::new(),
                rust_name: None,
                note: None,
                proposal: false,
                aliases: Vec::new(),
            }],
            source: String::new(),
        };
        let mut name = FieldDraft::new("name");
        name.required = true;
        let catalogues = [catalogue];
        let checker = Checker::new(&[], &catalogues);
        let fields = [name, status];
        assert_eq!(
            checker.payload(&fields, &json!({"name": "Rex", "status": "sold"})),
            None
        );
        assert_eq!(
            checker
                .payload(&fields, &json!({"status": "lost"}))
                .as_deref(),
            Some("/name: required but missing")
        );
        assert!(
            checker
                .payload(&fields, &json!({"name": "Rex", "extra": 1}))
                .is_some()
        );
    }
}
