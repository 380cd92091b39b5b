//! What this registry's own generator writes into OpenAPI and JSON Schema beyond the standard keywords, read back:
//! the `x-` extensions (`x-contract`, `x-label-vi`, `x-legal`, `x-wire-format`, `x-catalogue`...), the patterns
//! and enums it writes for wire formats, and the paragraphs it adds to operation descriptions.
//!
//! This is the inverse of `contracts_core::generate::{openapi, json_schema}` as they are written today, and the
//! only module of the importers that knows them: a change to what the generator writes (per-host documents,
//! `$ref`s between schema files, new extensions) is re-checked here and in the round-trip test
//! `tool/tests/import.rs` `importing_our_own_openapi_gives_it_back`.

use contracts_core::model::{
    Channel, Party, PersonalData, Requirement, ScalarType, Status, WireFormat,
};
use contracts_core::naming;
use contracts_runtime::format::{ValueKind, pattern as format_pattern};
use serde_json::Value;

use super::{CatalogueDraft, CodeDraft, FieldDraft, RecordDraft, TextDraft};

/// The response description the generator writes when a contract's response has none.
const DEFAULT_RESPONSE: &str = "The response.";

/// What an operation's extensions say about its contract.
#[derive(Debug, Default)]
pub struct ContractMeta {
    pub id: Option<String>,
    pub version: Option<String>,
    pub operation: Option<String>,
    pub title_vi: Option<String>,
    pub legal: Vec<String>,
    pub provider: Option<Party>,
    pub consumer: Option<Party>,
    pub host: Option<Party>,
    /// The data group (`x-group`).
    pub group: Option<String>,
    pub channel: Option<Channel>,
    pub auth: Option<String>,
    pub signature: Option<Requirement>,
    pub signature_scheme: Option<String>,
    pub provenance: Option<Value>,
    pub encryption: Option<Requirement>,
    pub status: Option<Status>,
}

fn text_of(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn strings_of(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// A keyword of the contract language, read through its serde name.
fn keyword<T: serde::de::DeserializeOwned>(value: &Value, key: &str) -> Option<T> {
    let word = value.get(key)?.as_str()?;
    serde_json::from_value(Value::String(word.to_owned())).ok()
}

/// The contract an operation describes, from `x-contract`, `x-operation`, `x-title-vi`, `x-legal`, `x-provider`,
/// `x-consumer`, `x-host`, `x-group`, `x-channel`, `x-auth`, `x-signature`, `x-signature-scheme` (its `id`), `x-encryption`
/// and `x-status`.
pub fn contract(operation: &Value) -> ContractMeta {
    let marker = operation.get("x-contract");
    ContractMeta {
        id: marker.and_then(|m| text_of(m, "id")),
        version: marker.and_then(|m| text_of(m, "version")),
        operation: text_of(operation, "x-operation"),
        title_vi: text_of(operation, "x-title-vi"),
        legal: strings_of(operation, "x-legal"),
        provider: keyword(operation, "x-provider"),
        consumer: keyword(operation, "x-consumer"),
        host: keyword(operation, "x-host"),
        group: text_of(operation, "x-group"),
        channel: keyword(operation, "x-channel"),
        auth: text_of(operation, "x-auth"),
        signature: keyword(operation, "x-signature"),
        provenance: operation.get("x-provenance").cloned(),
        signature_scheme: operation
            .get("x-signature-scheme")
            .and_then(|scheme| text_of(scheme, "id")),
        encryption: keyword(operation, "x-encryption"),
        status: keyword(operation, "x-status"),
    }
}

/// A title in both languages: the standard title (`summary`, `title`), and the Vietnamese one of `x-*-vi`; the
/// generator writes the Vietnamese twice where there is no English.
pub fn bilingual(title: Option<&str>, vi: Option<&str>) -> TextDraft {
    match (title, vi) {
        (Some(title), Some(vi)) => TextDraft {
            vi: Some(vi.to_owned()),
            en: (title != vi).then(|| title.to_owned()),
        },
        (None, Some(vi)) => TextDraft {
            vi: Some(vi.to_owned()),
            en: None,
        },
        (Some(title), None) => TextDraft::from_source(title).unwrap_or_default(),
        (None, None) => TextDraft::default(),
    }
}

/// The contract's own description from an operation description, without the paragraphs the generator adds
/// (legal basis, provider and consumer, proposal): its English and Vietnamese paragraphs told apart by language.
pub fn operation_description(description: &str, first_legal: Option<&str>) -> Option<TextDraft> {
    let cut = first_legal
        .and_then(|legal| description.find(&format!("Legal basis {legal}")))
        .or_else(|| description.find("From the "))
        .or_else(|| description.find("Hosted by the "))
        .unwrap_or(description.len());
    let own = description[..cut].trim_end();
    if own.is_empty() {
        return None;
    }
    let paragraphs: Vec<&str> = own.split("\n\n").collect();
    let first_vi = paragraphs
        .iter()
        .position(|p| super::names::is_vietnamese(p))
        .unwrap_or(paragraphs.len());
    let en = contracts_core::markdown::unescape(&paragraphs[..first_vi].join("\n\n"));
    let vi = contracts_core::markdown::unescape(&paragraphs[first_vi..].join("\n\n"));
    Some(TextDraft {
        vi: (!vi.is_empty()).then_some(vi),
        en: (!en.is_empty()).then_some(en),
    })
}

/// A response description, unless it is the generator's stand-in for none.
pub fn response_description(description: &str) -> Option<&str> {
    (description != DEFAULT_RESPONSE).then_some(description)
}

/// The index of a contract example from the name the generator gives it (`example-3` → 2).
pub fn example_index(name: &str) -> Option<usize> {
    name.strip_prefix("example-")?
        .parse::<usize>()
        .ok()?
        .checked_sub(1)
}

/// A record schema's id (`x-record`) and Vietnamese label (`x-title-vi`).
pub fn record(schema: &Value, draft: &mut RecordDraft) {
    if let Some(id) = text_of(schema, "x-record") {
        draft.id = id;
    }
    if let Some(vi) = text_of(schema, "x-title-vi") {
        draft.label = bilingual(schema.get("title").and_then(Value::as_str), Some(&vi));
    }
}

/// Whether an object schema is a payload (`x-contract`), not a record.
pub fn is_payload(schema: &Value) -> bool {
    schema.get("x-contract").is_some()
}

/// A catalogue schema's id and version (`x-catalogue`), code labels (`x-labels`) and Rust names
/// (`x-enum-varnames`). Returns whether the schema carried them.
pub fn catalogue(schema: &Value, draft: &mut CatalogueDraft) -> bool {
    let Some(marker) = schema.get("x-catalogue") else {
        return false;
    };
    if let Some(id) = text_of(marker, "id") {
        draft.id = id;
    }
    if let Some(version) = text_of(marker, "version") {
        draft.version = version;
    }
    for (alias, code) in aliases(schema) {
        if let Some(draft) = draft.codes.iter_mut().find(|c| c.code == code) {
            draft.aliases.push(alias);
        }
    }
    let labels = schema.get("x-labels");
    let varnames = strings_of(schema, "x-enum-varnames");
    let proposed = strings_of(schema, "x-proposal-codes");
    for (index, code) in draft.codes.iter_mut().enumerate() {
        code.proposal = proposed.contains(&code.code);
        if let Some(label) = labels.and_then(|l| l.get(&code.code)) {
            let vi = text_of(label, "vi");
            let en = text_of(label, "en");
            code.label = bilingual(en.as_deref(), vi.as_deref());
        }
        code.rust_name = varnames
            .get(index)
            .filter(|name| naming::variant_name(label_for_name(code)).ok().as_ref() != Some(*name))
            .cloned();
    }
    true
}

fn label_for_name(code: &CodeDraft) -> &str {
    code.label
        .en
        .as_deref()
        .or(code.label.vi.as_deref())
        .unwrap_or(&code.code)
}

/// The other spellings of codes a code schema lists among its values (`x-aliases`: alias → the code it stands
/// for), in the order written.
fn aliases(schema: &Value) -> Vec<(String, String)> {
    schema
        .get("x-aliases")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(alias, code)| Some((alias.clone(), code.as_str()?.to_owned())))
        .collect()
}

/// Whether `value`, one of a code schema's values, is another spelling of a code (`x-aliases`), not a code.
pub fn is_alias(schema: &Value, value: &Value) -> bool {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        _ => return false,
    };
    schema
        .get("x-aliases")
        .and_then(Value::as_object)
        .is_some_and(|aliases| aliases.contains_key(&text))
}

/// The catalogue id a code schema names, inline or not (`x-catalogue`).
pub fn catalogue_id(schema: &Value) -> Option<String> {
    schema.get("x-catalogue").and_then(|m| text_of(m, "id"))
}

/// The wire format a field schema names (`x-wire-format`).
pub fn wire_format(field_schema: &Value) -> Option<String> {
    text_of(field_schema, "x-wire-format")
}

/// A scalar read through its wire format.
#[derive(Debug, PartialEq)]
pub struct Scalar {
    pub ty: ScalarType,
    pub format: WireFormat,
    /// The schema's `pattern` is the format's own, not a constraint of the field.
    pub drop_pattern: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// The type and bounds of a number sent as a string whose pattern is the one `contracts_core::ranges` writes for
/// its `min` and `max` (no JSON Schema keyword bounds a string's value): the bounds are the smallest and
/// largest whole numbers the pattern matches, kept only when they give the same pattern back.
fn number_range(pattern: &str) -> Option<(ScalarType, Option<f64>, Option<f64>)> {
    use contracts_core::ranges;
    const LIMIT: i64 = 1_000_000_000_000_000_000;
    let regex = regex::Regex::new(pattern).ok()?;
    let matches = |n: i64| regex.is_match(&n.to_string());
    // The matched whole numbers form one interval; find a number inside, then its ends.
    let inside = [0i64, 1, -1]
        .into_iter()
        .chain((1..=18).flat_map(|e| [10i64.pow(e), -(10i64.pow(e))]))
        .find(|n| matches(*n))?;
    let lowest = edge(inside, -LIMIT, &matches);
    let highest = edge(inside, LIMIT, &matches);
    let min = (lowest > -LIMIT).then_some(lowest);
    let max = (highest < LIMIT).then_some(highest);
    if ranges::integers(min, max) == pattern {
        return Some((
            ScalarType::Integer,
            min.map(|m| m as f64),
            max.map(|m| m as f64),
        ));
    }
    if min.is_some_and(|m| m >= 0) && ranges::decimals(min, max).as_deref() == Some(pattern) {
        return Some((
            ScalarType::Decimal,
            min.map(|m| m as f64),
            max.map(|m| m as f64),
        ));
    }
    None
}

/// The last number from `inside` towards `bound` that `matches`, by bisection (the matches are an interval).
fn edge(inside: i64, bound: i64, matches: &dyn Fn(i64) -> bool) -> i64 {
    if matches(bound) {
        return bound;
    }
    let (mut good, mut bad) = (inside, bound);
    while (bad - good).abs() > 1 {
        let middle = good + (bad - good) / 2;
        if matches(middle) {
            good = middle;
        } else {
            bad = middle;
        }
    }
    good
}

/// The type and format of a scalar value schema, from the field's `x-wire-format`; `None` for codes and records.
pub fn scalar(value_schema: &Value, wire_format: &str) -> Option<Scalar> {
    use ScalarType as T;
    use WireFormat as F;
    if value_schema.get("enum").is_some() && !wire_format.contains('/') {
        return None; // A catalogue's codes.
    }
    let patterns = patterns_of(value_schema);
    let pattern = constraint_patterns(&patterns).next();
    let json_type = value_schema.get("type").and_then(Value::as_str);
    let own = |format: WireFormat, kind: ValueKind| format_pattern(format, kind);
    let is_own = |format: WireFormat, kind: ValueKind| {
        own(format, kind).is_some_and(|own| patterns.contains(&own))
    };
    if wire_format == "string"
        && json_type == Some("string")
        && let Some(pattern) = pattern
        && let Some((ty, min, max)) = number_range(pattern)
    {
        return Some(Scalar {
            ty,
            format: F::NumberAsString,
            drop_pattern: true,
            min,
            max,
        });
    }
    let (ty, format) = match wire_format {
        "text" => (T::String, F::Text),
        "email" => (T::String, F::Email),
        "uri" => (T::String, F::Uri),
        "phone" => (T::String, F::Phone),
        "url" => (T::Attachment, F::AttachmentUrl),
        "base64" => (T::Attachment, F::AttachmentBase64),
        "string" if is_own(F::NumberAsString, ValueKind::Integer) => {
            (T::Integer, F::NumberAsString)
        }
        // A decimal as a string, with the format's pattern or its own in its place.
        "string" if json_type == Some("string") => (T::Decimal, F::NumberAsString),
        "number" if json_type == Some("integer") => (T::Integer, F::Number),
        "number" if json_type == Some("number") => (T::Decimal, F::Number),
        "True/False" => (T::Boolean, F::BoolTrueFalse),
        "true/false" => (T::Boolean, F::BoolLowercase),
        "0/1" => (T::Boolean, F::BoolZeroOne),
        "boolean" => (T::Boolean, F::BoolJson),
        "yyyyMMdd" => (T::Date, F::DateCompact),
        "yyyy-MM-dd" => (T::Date, F::DateIso),
        "dd/MM/yyyy" => (T::Date, F::DateSlashed),
        "yyyyMMddHHmmss" => (T::DateTime, F::DateTimeCompact),
        "yyyy-MM-dd HH:mm:ss" => (T::DateTime, F::DateTimeSpaced),
        "rfc3339" => (T::DateTime, F::DateTimeRfc3339),
        _ => return None,
    };
    let kind = match ty {
        T::Integer => ValueKind::Integer,
        T::Decimal => ValueKind::Decimal,
        _ => ValueKind::Other,
    };
    let number = |key: &str| value_schema.get(key).and_then(Value::as_f64);
    Some(Scalar {
        ty,
        format,
        drop_pattern: is_own(format, kind),
        min: number("x-minimum"),
        max: number("x-maximum"),
    })
}

/// A field schema's Vietnamese label (`x-label-vi`), legal references (`x-legal`), personal-data class
/// (`x-personal-data`) and proposal mark (`x-proposal`).
pub fn field(field_schema: &Value, draft: &mut FieldDraft) {
    if let Some(vi) = text_of(field_schema, "x-label-vi") {
        draft.label = bilingual(field_schema.get("title").and_then(Value::as_str), Some(&vi));
    }
    let legal = strings_of(field_schema, "x-legal");
    if !legal.is_empty() {
        draft.legal = legal;
    }
    if let Some(class) = keyword::<PersonalData>(field_schema, "x-personal-data") {
        draft.personal_data = Some(class);
    }
    if field_schema.get("x-proposal").and_then(Value::as_bool) == Some(true) {
        draft.proposal = true;
    }
    draft.accepts = accepts(field_schema);
    draft.required_by_law = field_schema
        .get("x-required-by-law")
        .and_then(Value::as_bool)
        == Some(true);
    draft.provenance = field_schema.get("x-provenance").cloned();
    if let Some(note) = provenance_note_left_out(draft.provenance.as_ref()) {
        draft.notes.push(("provenance", note));
    }
    if draft.accepts.iter().any(|a| a == "empty")
        && let Some(pattern) = &draft.pattern
    {
        let pattern = without_empty_alternative(pattern);
        match min_length_pattern(&pattern) {
            Some(min) => {
                draft.pattern = None;
                draft.min_length = draft.min_length.max(Some(min));
            }
            None => draft.pattern = Some(pattern),
        }
    }
}

/// The patterns of a value schema: its `pattern` and those of an `allOf` of patterns, each without the `""` the
/// generator folds into the patterns of a field that accepts it.
pub fn patterns_of(schema: &Value) -> Vec<String> {
    let own = schema.get("pattern").and_then(Value::as_str);
    let parts = schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|part| part.get("pattern").and_then(Value::as_str));
    own.into_iter()
        .chain(parts)
        .map(without_empty_alternative)
        .collect()
}

/// The patterns that are constraints of the field rather than a minimum length written as a pattern.
pub fn constraint_patterns(patterns: &[String]) -> impl Iterator<Item = &str> {
    patterns
        .iter()
        .map(String::as_str)
        .filter(|p| min_length_pattern(p).is_none())
}

/// Whether every part of an `allOf` is only a `pattern`: how the generator writes several patterns of one value.
pub fn is_patterns_only(parts: &[Value]) -> bool {
    parts.iter().all(|part| {
        part.as_object()
            .is_some_and(|o| o.len() == 1 && o.contains_key("pattern"))
    })
}

/// The minimum length a pattern `^[\s\S]{n,}$` stands for: how the generator writes `min-length` of a field
/// that also accepts `""`.
pub fn min_length_pattern(pattern: &str) -> Option<u64> {
    pattern
        .strip_prefix("^[\\s\\S]{")?
        .strip_suffix(",}$")?
        .parse()
        .ok()
}

/// The comment for a provenance whose note is left out (the document gives it in one language only).
pub fn provenance_note_left_out(provenance: Option<&Value>) -> Option<String> {
    provenance?.get("note")?;
    Some(
        "the source's provenance note is left out: it is given in one language; write it under \
         `provenance: {note: {vi: ..., en: ...}}`"
            .to_owned(),
    )
}

/// The accepted wire forms of a field: `x-accepts` when the document states them, otherwise `empty` when one
/// alternative of its `anyOf`/`oneOf` is `{const: ""}` or its enumeration holds `""`.
pub fn accepts(field_schema: &Value) -> Vec<String> {
    let stated = strings_of(field_schema, "x-accepts");
    if !stated.is_empty() {
        return stated;
    }
    let branch_empty = ["anyOf", "oneOf"].iter().any(|key| {
        field_schema
            .get(*key)
            .and_then(Value::as_array)
            .is_some_and(|alts| {
                alts.iter()
                    .any(|a| a.get("const").and_then(Value::as_str) == Some(""))
            })
    });
    let enum_empty = field_schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().any(|v| v.as_str() == Some("")));
    if branch_empty || enum_empty {
        vec!["empty".to_owned()]
    } else {
        Vec::new()
    }
}

/// A pattern that admits `""` folded into it given back without that alternative: `^(X)?$` (an anchored `^X$`),
/// `^$|(P)`, and the older `^$|X` and `^(?:$|X)$`.
pub fn without_empty_alternative(pattern: &str) -> String {
    if let Some(inner) = pattern
        .strip_prefix("^$|(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        return inner.to_owned();
    }
    if let Some(inner) = pattern
        .strip_prefix("^(")
        .and_then(|rest| rest.strip_suffix(")?$"))
    {
        return format!("^{inner}$");
    }
    if let Some(rest) = pattern.strip_prefix("^$|") {
        return rest.to_owned();
    }
    if let Some(rest) = pattern.strip_prefix("^(?:$|") {
        return format!("^(?:{rest}");
    }
    pattern.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_paragraphs_are_left_out_of_descriptions() {
        let text = "Pushes dossiers.\n\nĐẩy hồ sơ lên Cổng.\n\nLegal basis 10.1: Đồng bộ\n\nFrom the ministry and provincial systems to the National Public Service Portal; signature required, encryption optional.";
        assert_eq!(
            operation_description(text, Some("10.1")),
            Some(TextDraft {
                vi: Some("Đẩy hồ sơ lên Cổng.".to_owned()),
                en: Some("Pushes dossiers.".to_owned()),
            })
        );
        assert_eq!(
            operation_description("Legal basis 10.1\n\nFrom the X", Some("10.1")),
            None
        );
    }

    #[test]
    fn accepted_empty_forms_are_read_in_both_shapes() {
        use serde_json::json;
        let cases = [
            // The registry's documents now: an `anyOf` branch, named by `x-accepts`.
            (
                json!({"anyOf": [{"type": "string"}, {"const": ""}], "x-accepts": ["empty"]}),
                vec!["empty"],
            ),
            (
                json!({"anyOf": [{"type": "integer"}, {"type": "string"}], "x-accepts": ["string"]}),
                vec!["string"],
            ),
            // Without `x-accepts`: the `{const: ""}` branch, or `""` folded into an enumeration.
            (
                json!({"anyOf": [{"type": "string"}, {"const": ""}]}),
                vec!["empty"],
            ),
            (
                json!({"type": "string", "enum": ["", "0", "1"]}),
                vec!["empty"],
            ),
            (
                json!({"type": "string", "pattern": "^$|^[0-9]+$", "x-accepts": ["empty"]}),
                vec!["empty"],
            ),
            (json!({"type": "string"}), vec![]),
        ];
        for (schema, expected) in cases {
            assert_eq!(accepts(&schema), expected, "{schema}");
        }
        assert_eq!(without_empty_alternative("^$|^[0-9]+$"), "^[0-9]+$");
        assert_eq!(without_empty_alternative("^(?:$|[0-9]+)$"), "^(?:[0-9]+)$");
        assert_eq!(without_empty_alternative("^[0-9]+$"), "^[0-9]+$");
        assert_eq!(without_empty_alternative("^([0-9]{3})?$"), "^[0-9]{3}$");
        assert_eq!(without_empty_alternative("^$|([A-Z]+)"), "[A-Z]+");
        assert_eq!(min_length_pattern("^[\\s\\S]{4,}$"), Some(4));
        assert_eq!(min_length_pattern("^[0-9]{4,}$"), None);
    }

    #[test]
    fn number_ranges_give_their_bounds_back() {
        use contracts_core::ranges;
        let decimal = ranges::decimals(Some(0), None).unwrap_or_default();
        assert_eq!(
            number_range(&decimal),
            Some((ScalarType::Decimal, Some(0.0), None))
        );
        let bounded = ranges::decimals(Some(5), Some(120)).unwrap_or_default();
        assert_eq!(
            number_range(&bounded),
            Some((ScalarType::Decimal, Some(5.0), Some(120.0)))
        );
        let integers = ranges::integers(Some(-40), Some(2026));
        assert_eq!(
            number_range(&integers),
            Some((ScalarType::Integer, Some(-40.0), Some(2026.0)))
        );
        assert_eq!(number_range("^[A-Z]+$"), None);
        assert_eq!(number_range("^(?:[0-9]{3})$"), None);
    }

    #[test]
    fn wire_formats_give_types_back() {
        let compact = format_pattern(WireFormat::DateTimeCompact, ValueKind::Other);
        let schema = serde_json::json!({"type": "string", "pattern": compact});
        let read = scalar(&schema, "yyyyMMddHHmmss");
        assert_eq!(
            read.map(|s| (s.ty, s.format, s.drop_pattern)),
            Some((ScalarType::DateTime, WireFormat::DateTimeCompact, true))
        );
        let amount = serde_json::json!({"type": "string", "pattern": format_pattern(WireFormat::NumberAsString, ValueKind::Decimal), "x-minimum": 0.0});
        let read = scalar(&amount, "string");
        assert_eq!(
            read.map(|s| (s.ty, s.min)),
            Some((ScalarType::Decimal, Some(0.0)))
        );
        assert_eq!(example_index("example-2"), Some(1));
        assert_eq!(example_index("example-0"), None);
    }
}
