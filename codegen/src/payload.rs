//! Checks a JSON value against a payload's fields: types, wire formats, codes, constraints and required keys.

use std::cell::RefCell;
use std::collections::HashMap;

use regex::Regex;
use serde_json::Value;

use crate::model::{Field, FieldType, ListBounds, Registry, ScalarType, WireFormat};

/// One way a value breaks its contract, at a JSON pointer (`/data/0/NgayTiepNhan`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub pointer: String,
    pub message: String,
    /// The label of the innermost field concerned, in Vietnamese and English.
    pub label: Option<(String, String)>,
    /// The provisions that field implements, as written (`10.1.e`).
    pub legal: Vec<String>,
}

/// Validates values against the registry's payloads and records, compiling each pattern once.
pub struct Validator<'a> {
    registry: &'a Registry,
    patterns: RefCell<HashMap<String, Option<Regex>>>,
}

impl<'a> Validator<'a> {
    pub fn new(registry: &'a Registry) -> Self {
        Validator {
            registry,
            patterns: RefCell::new(HashMap::new()),
        }
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

    fn check_object(
        &self,
        fields: &[Field],
        value: &Value,
        at: &str,
        out: &mut Vec<Violation>,
        depth: usize,
    ) {
        let Value::Object(map) = value else {
            out.push(violation(
                at,
                format!("expected an object, found {}", kind_of(value)),
            ));
            return;
        };
        for field in fields {
            let pointer = format!("{at}/{}", escape(&field.wire_name));
            match map.get(&field.wire_name) {
                None if field.required => out.push(Violation {
                    label: Some((field.label.vi.clone(), field.label.en_or_vi().to_owned())),
                    legal: field.legal.iter().map(|l| l.written.clone()).collect(),
                    ..violation(
                        at,
                        format!("required field `{}` is missing", field.wire_name),
                    )
                }),
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
                out.push(violation(
                    &format!("{at}/{}", escape(key)),
                    format!("`{key}` is not a field of this payload{near}"),
                ));
            }
        }
    }

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
                violation.label = Some((field.label.vi.clone(), field.label.en_or_vi().to_owned()));
                violation.legal = field.legal.iter().map(|l| l.written.clone()).collect();
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
                check_bounds(bounds, items.len(), at, out);
                for (index, item) in items.iter().enumerate() {
                    self.check_single(field, item, &format!("{at}/{index}"), out, depth);
                }
            }
            (Some(_), other) => out.push(violation(
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
                // Records are acyclic through required fields; the depth bound guards against hostile values.
                if depth > 64 {
                    out.push(violation(at, "the value is nested too deeply".to_owned()));
                } else if let Some(record) = self.registry.records.get(id) {
                    self.check_object(&record.fields, value, at, out, depth + 1);
                }
            }
            FieldType::Code(id) => self.check_code(id, field.format, value, at, out),
            FieldType::Scalar(ty) => self.check_scalar(field, *ty, value, at, out),
        }
    }

    fn check_code(
        &self,
        catalogue: &str,
        format: WireFormat,
        value: &Value,
        at: &str,
        out: &mut Vec<Violation>,
    ) {
        let code = match (format, value) {
            (WireFormat::CodeNumber, Value::Number(n)) => n.to_string(),
            (WireFormat::CodeString, Value::String(s)) => s.clone(),
            (WireFormat::CodeNumber, other) => {
                return out.push(violation(
                    at,
                    format!("expected a code as a JSON number, found {}", kind_of(other)),
                ));
            }
            (_, other) => {
                return out.push(violation(
                    at,
                    format!("expected a code as a string, found {}", kind_of(other)),
                ));
            }
        };
        if let Some(catalogue) = self.registry.catalogues.get(catalogue)
            && catalogue.code(&code).is_none()
        {
            let known: Vec<&str> = catalogue.codes.iter().map(|c| c.code.as_str()).collect();
            out.push(violation(
                at,
                format!(
                    "`{code}` is not a code of catalogue `{}` (known: {})",
                    catalogue.id,
                    known.join(", ")
                ),
            ));
        }
    }

    fn check_scalar(
        &self,
        field: &Field,
        ty: ScalarType,
        value: &Value,
        at: &str,
        out: &mut Vec<Violation>,
    ) {
        let text = match wire_text(field.format, value) {
            Ok(text) => text,
            Err(message) => return out.push(violation(at, message)),
        };
        if let Err(message) = check_format(ty, field.format, &text) {
            return out.push(violation(at, message));
        }
        let limits = &field.constraints;
        let length = text.chars().count() as u64;
        if let Some(min) = limits.min_length.filter(|min| length < *min) {
            out.push(violation(
                at,
                format!("{length} characters, fewer than the minimum of {min}"),
            ));
        }
        if let Some(max) = limits.max_length.filter(|max| length > *max) {
            out.push(violation(
                at,
                format!("{length} characters, more than the maximum of {max}"),
            ));
        }
        if let Some(pattern) = &limits.pattern
            && let Some(regex) = self.regex(pattern)
            && !regex.is_match(&text)
        {
            out.push(violation(
                at,
                format!("`{text}` does not match the pattern `{pattern}`"),
            ));
        }
        if matches!(ty, ScalarType::Integer | ScalarType::Decimal)
            && let Ok(number) = text.parse::<f64>()
        {
            if let Some(min) = limits.min.filter(|min| number < *min) {
                out.push(violation(
                    at,
                    format!("{text} is less than the minimum of {min}"),
                ));
            }
            if let Some(max) = limits.max.filter(|max| number > *max) {
                out.push(violation(
                    at,
                    format!("{text} is more than the maximum of {max}"),
                ));
            }
        }
    }

    fn regex(&self, pattern: &str) -> Option<Regex> {
        self.patterns
            .borrow_mut()
            .entry(pattern.to_owned())
            .or_insert_with(|| Regex::new(pattern).ok())
            .clone()
    }
}

/// The value as the text that travels, checking it is a JSON string or number as the format says.
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

/// Checks the text against its wire format: digits, calendar dates, the exact boolean spellings.
fn check_format(ty: ScalarType, format: WireFormat, text: &str) -> Result<(), String> {
    use WireFormat::*;
    let ok = match format {
        Text | Object | CodeString | CodeNumber | BoolJson => true,
        Email => is_email(text),
        Uri | AttachmentUrl => is_uri(text),
        Phone => is_phone(text),
        AttachmentBase64 => is_base64(text),
        Number | NumberAsString => is_number(text, ty == ScalarType::Integer),
        BoolTrueFalse => matches!(text, "True" | "False"),
        BoolLowercase => matches!(text, "true" | "false"),
        BoolZeroOne => matches!(text, "0" | "1"),
        DateCompact => parse_digits(text, "dddddddd")
            .is_some_and(|d| is_date(d[0..4].parse().ok(), &d[4..6], &d[6..8])),
        DateIso => parse_digits(text, "dddd-dd-dd")
            .is_some_and(|d| is_date(d[0..4].parse().ok(), &d[5..7], &d[8..10])),
        DateSlashed => parse_digits(text, "dd/dd/dddd")
            .is_some_and(|d| is_date(d[6..10].parse().ok(), &d[3..5], &d[0..2])),
        DateTimeCompact => parse_digits(text, "dddddddddddddd").is_some_and(|d| {
            is_date(d[0..4].parse().ok(), &d[4..6], &d[6..8])
                && is_time(&d[8..10], &d[10..12], &d[12..14])
        }),
        DateTimeSpaced => parse_digits(text, "dddd-dd-dd dd:dd:dd").is_some_and(|d| {
            is_date(d[0..4].parse().ok(), &d[5..7], &d[8..10])
                && is_time(&d[11..13], &d[14..16], &d[17..19])
        }),
        DateTimeRfc3339 => is_rfc3339(text),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not in the wire format `{}`",
            describe_format(format)
        ))
    }
}

fn describe_format(format: WireFormat) -> String {
    match format {
        WireFormat::NumberAsString => "a number written as a string, e.g. \"75000\"".to_owned(),
        WireFormat::Number => "a number".to_owned(),
        other => other.name().to_owned(),
    }
}

/// `text` if it has the shape of `template`, where `d` stands for an ASCII digit.
fn parse_digits<'t>(text: &'t str, template: &str) -> Option<&'t str> {
    let fits = text.len() == template.len()
        && text.bytes().zip(template.bytes()).all(|(c, t)| {
            if t == b'd' {
                c.is_ascii_digit()
            } else {
                c == t
            }
        });
    fits.then_some(text)
}

fn is_date(year: Option<u32>, month: &str, day: &str) -> bool {
    let (Some(year), Ok(month), Ok(day)) = (year, month.parse::<u32>(), day.parse::<u32>()) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn is_time(hour: &str, minute: &str, second: &str) -> bool {
    matches!(
        (hour.parse::<u32>(), minute.parse::<u32>(), second.parse::<u32>()),
        (Ok(h), Ok(m), Ok(s)) if h < 24 && m < 60 && s < 60
    )
}

fn is_rfc3339(text: &str) -> bool {
    let Some(head) = text.get(..19) else {
        return false;
    };
    let head_ok = parse_digits(head, "dddd-dd-ddTdd:dd:dd").is_some_and(|d| {
        is_date(d[0..4].parse().ok(), &d[5..7], &d[8..10])
            && is_time(&d[11..13], &d[14..16], &d[17..19])
    });
    let rest = &text[19..];
    let rest = rest
        .strip_prefix('.')
        .map_or(rest, |r| r.trim_start_matches(|c: char| c.is_ascii_digit()));
    head_ok
        && (rest == "Z"
            || parse_digits(rest, "+dd:dd").is_some()
            || parse_digits(rest, "-dd:dd").is_some())
}

fn is_number(text: &str, integer: bool) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) if !integer => (whole, Some(fraction)),
        Some(_) => return false,
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn is_uri(text: &str) -> bool {
    match text.split_once(':') {
        Some((scheme, rest)) => {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !rest.is_empty()
                && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

fn is_phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && text
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " ().-".contains(c) || (i == 0 && c == '+'))
}

fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    text.len() % 4 == 0
        && text.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

fn check_bounds(bounds: &ListBounds, len: usize, at: &str, out: &mut Vec<Violation>) {
    let len = len as u64;
    if let Some(min) = bounds.min_items.filter(|min| len < *min) {
        out.push(violation(
            at,
            format!("{len} items, fewer than the minimum of {min}"),
        ));
    }
    if let Some(max) = bounds.max_items.filter(|max| len > *max) {
        out.push(violation(
            at,
            format!("{len} items, more than the maximum of {max}"),
        ));
    }
}

fn violation(pointer: &str, message: String) -> Violation {
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

/// Escapes a key for a JSON pointer (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        use WireFormat::*;
        let cases: &[(ScalarType, WireFormat, &str, bool)] = &[
            (
                ScalarType::DateTime,
                DateTimeCompact,
                "20250312083000",
                true,
            ),
            (
                ScalarType::DateTime,
                DateTimeCompact,
                "20250230083000",
                false,
            ),
            (
                ScalarType::DateTime,
                DateTimeCompact,
                "2025031208300",
                false,
            ),
            (
                ScalarType::DateTime,
                DateTimeCompact,
                "20250312246000",
                false,
            ),
            (ScalarType::Date, DateCompact, "20240229", true),
            (ScalarType::Date, DateCompact, "20230229", false),
            (ScalarType::Date, DateSlashed, "31/12/2025", true),
            (ScalarType::Date, DateIso, "2025-13-01", false),
            (
                ScalarType::DateTime,
                DateTimeSpaced,
                "2025-03-12 08:30:00",
                true,
            ),
            (
                ScalarType::DateTime,
                DateTimeRfc3339,
                "2025-03-12T08:30:00+07:00",
                true,
            ),
            (
                ScalarType::DateTime,
                DateTimeRfc3339,
                "2025-03-12T08:30:00.123Z",
                true,
            ),
            (
                ScalarType::DateTime,
                DateTimeRfc3339,
                "2025-03-12T08:30:00",
                false,
            ),
            (ScalarType::Boolean, BoolTrueFalse, "True", true),
            (ScalarType::Boolean, BoolTrueFalse, "true", false),
            (ScalarType::Boolean, BoolZeroOne, "1", true),
            (ScalarType::Integer, NumberAsString, "75000", true),
            (ScalarType::Integer, NumberAsString, "75000.5", false),
            (ScalarType::Decimal, NumberAsString, "75000.5", true),
            (ScalarType::Decimal, NumberAsString, "7e5", false),
            (ScalarType::Decimal, NumberAsString, "", false),
            (ScalarType::String, Email, "a@b.vn", true),
            (ScalarType::String, Email, "a b@c.vn", false),
            (ScalarType::String, Uri, "https://dichvucong.gov.vn/x", true),
            (ScalarType::String, Uri, "not a uri", false),
            (ScalarType::String, Phone, "+84 24 3823 4567", true),
            (ScalarType::String, Phone, "12", false),
            (ScalarType::Attachment, AttachmentBase64, "aGVsbG8=", true),
            (ScalarType::Attachment, AttachmentBase64, "aGVsbG8", false),
        ];
        for (ty, format, text, ok) in cases {
            assert_eq!(
                check_format(*ty, *format, text).is_ok(),
                *ok,
                "{format:?} {text:?}"
            );
        }
    }

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
