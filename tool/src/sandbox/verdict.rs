//! The one place where the sandbox and the probe judge a payload against a contract.
//!
//! Everything that validates a request or a response goes through [`verdict`]: the validator of `validate`
//! (accepted forms, repeated keys reported with their pointer), and the parsed body the exchange's state reads.

use contracts_core::model::{Contract, Direction, Field, FieldType, Registry};
use contracts_core::payload::{Target, Validator, Violation, parse};
use serde_json::Value;

/// What [`verdict`] found: the parsed payload (when the bytes are JSON) and every violation.
#[derive(Debug)]
pub struct Verdict {
    /// `None` when the body is not JSON; `violations` then says why.
    pub value: Option<Value>,
    pub violations: Vec<Violation>,
}

/// Every violation of `body` against the request or response of `contract`: JSON syntax first, then the
/// contract's fields, with the validator of `cargo contracts validate`.
pub fn verdict(
    registry: &Registry,
    contract: &Contract,
    direction: Direction,
    body: &[u8],
) -> Verdict {
    let parsed = match parse(body) {
        Ok(parsed) => parsed,
        Err(error) => {
            return Verdict {
                value: None,
                violations: vec![malformed(&error)],
            };
        }
    };
    let payload = match direction {
        Direction::Request => &contract.request,
        Direction::Response => &contract.response,
    };
    let violations = Validator::new(registry)
        .parsed(Target::Payload(payload), &parsed)
        .violations;
    Verdict {
        value: Some(parsed.value),
        violations,
    }
}

/// The violation for a body that is not JSON, with the line and column where reading stopped.
pub fn malformed(error: &serde_json::Error) -> Violation {
    let what = match error.classify() {
        serde_json::error::Category::Eof => "the JSON ends too early",
        serde_json::error::Category::Io => "the body could not be read",
        _ => "the body is not valid JSON",
    };
    problem(
        "",
        format!(
            "{what} (line {}, column {}): {error}; send one JSON object encoded in UTF-8",
            error.line(),
            error.column()
        ),
    )
}

/// A violation that concerns no field of the contract (transport, session, unknown operation).
pub fn problem(pointer: &str, message: String) -> Violation {
    Violation {
        pointer: pointer.to_owned(),
        message,
        label: None,
        legal: Vec::new(),
    }
}

/// A violation about the field that `pointer` reaches in the request of `contract`, carrying its label and
/// provisions like those the validator reports.
pub fn about_field(
    registry: &Registry,
    contract: &Contract,
    pointer: &str,
    message: String,
) -> Violation {
    match field_at(registry, &contract.request.fields, pointer) {
        Some(field) => Violation {
            pointer: pointer.to_owned(),
            message,
            label: Some((field.label.vi.clone(), field.label.en_or_vi().to_owned())),
            legal: field.legal.iter().map(|l| l.written.clone()).collect(),
        },
        None => problem(pointer, message),
    }
}

/// The field a JSON pointer (`/data/0/TrangThaiHoSo`) reaches, following lists and records.
pub fn field_at<'a>(
    registry: &'a Registry,
    fields: &'a [Field],
    pointer: &str,
) -> Option<&'a Field> {
    let mut fields = fields;
    let mut found: Option<&Field> = None;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if found.is_some_and(|f| f.list.is_some()) && segment.parse::<usize>().is_ok() {
            continue;
        }
        let field = fields.iter().find(|f| f.wire_name == segment)?;
        if let FieldType::Record(id) = &field.ty {
            fields = registry
                .records
                .get(id)
                .map_or(&[], |r| r.fields.as_slice());
        } else {
            fields = &[];
        }
        found = Some(field);
    }
    found
}

/// The pointer with every list index replaced by `*`, so that the same failure in different items groups.
pub fn pointer_key(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|s| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                "*"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_keys_group_list_items() {
        assert_eq!(
            pointer_key("/data/12/TaiLieuNop/0/TenTepDinhKem"),
            "/data/*/TaiLieuNop/*/TenTepDinhKem"
        );
        assert_eq!(pointer_key(""), "");
        assert_eq!(pointer_key("/isUpdating"), "/isUpdating");
    }

    #[test]
    fn malformed_json_names_the_line_and_column() {
        let error = serde_json::from_slice::<Value>(b"{\n  \"a\": ,}").unwrap_err();
        let violation = malformed(&error);
        assert!(
            violation.message.contains("line 2, column 8"),
            "{}",
            violation.message
        );
        let error = serde_json::from_slice::<Value>(b"{\"a\": 1").unwrap_err();
        assert!(
            malformed(&error)
                .message
                .starts_with("the JSON ends too early")
        );
    }
}
