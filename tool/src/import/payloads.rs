//! Sample payloads to a draft contract: the fields every sample has (required) or some have, their wire formats
//! inferred from the values (`yyyyMMddHHmmss`, `dd/MM/yyyy`, numbers sent as strings, `"True"/"False"`, `0/1`
//! flags, `""` for absent) with the evidence in a comment, enumerations of few distinct codes proposed as
//! catalogues, and nested objects as records, shared when identical.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use contracts_core::model::{
    AuthKind, Channel, FieldType, ListBounds, Method, Party, Registry, Requirement, ScalarType,
    WireFormat,
};
use contracts_core::walk::{self, Hidden};
use serde_json::{Map, Value};

use super::examples::Checker;
use super::names::{self, id_from, join_ids, unique};
use super::schema::signature;
use super::{
    CatalogueDraft, CodeDraft, ContractDraft, Drafts, ExampleDraft, FieldDraft, ImportError,
    PayloadDraft, RecordDraft, Taken, TextDraft, fail, input,
};

/// The most distinct codes a field may show to be proposed as a catalogue.
const MAX_CODES: usize = 16;
/// The longest value that can be a code of a proposed catalogue.
const MAX_CODE_CHARS: usize = 8;
/// The most samples one import reads.
const MAX_SAMPLES: usize = 100_000;

/// One sample body and where it comes from (`samples/a.json`, `samples.ndjson:3`).
pub struct Sample {
    pub origin: String,
    pub value: Value,
}

/// Request samples and, if given, response samples.
pub struct Samples {
    pub requests: Vec<Sample>,
    pub responses: Vec<Sample>,
}

/// Reads samples from a folder (`*.json` are requests, `*.response.json` responses, `*.ndjson` one request a
/// line) or from one `.json` or `.ndjson` file.
pub fn read(path: &Path, max_bytes: u64) -> Result<Samples, ImportError> {
    let mut samples = Samples {
        requests: Vec::new(),
        responses: Vec::new(),
    };
    if path.is_dir() {
        for file in walk::files(path, Hidden::Skip) {
            let file = file.map_err(|e| ImportError(e.to_string()))?;
            if file.is_symlink {
                continue;
            }
            read_file(&file.path, max_bytes, false, &mut samples)?;
        }
    } else {
        read_file(path, max_bytes, false, &mut samples)?;
    }
    if samples.requests.is_empty() {
        return fail(format!(
            "`{}` holds no request sample (`*.json` files, or `*.ndjson` with one JSON object a line)",
            path.display()
        ));
    }
    Ok(samples)
}

/// Reads response samples kept apart: every sample of the folder or file is a response.
pub fn read_responses(path: &Path, max_bytes: u64) -> Result<Vec<Sample>, ImportError> {
    let mut samples = Samples {
        requests: Vec::new(),
        responses: Vec::new(),
    };
    if path.is_dir() {
        for file in walk::files(path, Hidden::Skip) {
            let file = file.map_err(|e| ImportError(e.to_string()))?;
            if !file.is_symlink {
                read_file(&file.path, max_bytes, true, &mut samples)?;
            }
        }
    } else {
        read_file(path, max_bytes, true, &mut samples)?;
    }
    if samples.responses.is_empty() {
        return fail(format!("`{}` holds no response sample", path.display()));
    }
    Ok(samples.responses)
}

fn read_file(
    path: &Path,
    max_bytes: u64,
    all_responses: bool,
    samples: &mut Samples,
) -> Result<(), ImportError> {
    let name = path.display().to_string();
    let response =
        all_responses || name.ends_with(".response.json") || name.ends_with(".response.ndjson");
    let ndjson = name.ends_with(".ndjson");
    if !ndjson && !name.ends_with(".json") {
        return Ok(());
    }
    let source = input::read(path, max_bytes)?;
    let into = if response {
        &mut samples.responses
    } else {
        &mut samples.requests
    };
    let mut add = |origin: String, text: &str| -> Result<(), ImportError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| ImportError(format!("`{origin}` is not valid JSON: {e}")))?;
        if !value.is_object() {
            return fail(format!(
                "`{origin}` is not a JSON object; a contract payload is one (a bare list of records is a variant \
                 contracts do not describe)"
            ));
        }
        if into.len() >= MAX_SAMPLES {
            return fail(format!(
                "more than {MAX_SAMPLES} samples; import a selection"
            ));
        }
        into.push(Sample { origin, value });
        Ok(())
    };
    if ndjson {
        for (index, line) in source.text.lines().enumerate() {
            if !line.trim().is_empty() {
                add(format!("{name}:{}", index + 1), line)?;
            }
        }
        Ok(())
    } else {
        add(name, &source.text)
    }
}

/// What the person importing says about the contract.
pub struct Settings<'s> {
    pub contract_id: &'s str,
    pub provider: Party,
    pub consumer: Party,
    pub channel: Channel,
    pub method: Method,
    pub operation: Option<&'s str>,
    pub path: Option<&'s str>,
}

/// Drafts a contract (and its records and catalogues) from samples.
pub fn import(
    samples: &Samples,
    settings: &Settings<'_>,
    registry: &Registry,
    taken: Taken,
) -> Result<Drafts, ImportError> {
    if !contracts_core::naming::is_valid_id(settings.contract_id) {
        return fail(format!(
            "`{}` is not a valid contract id: lowercase ASCII words joined by hyphens (e.g. `dossier-sync`)",
            settings.contract_id
        ));
    }
    if taken.contracts.contains(settings.contract_id) {
        return fail(format!(
            "the registry already has a contract `{}` elsewhere; choose another --contract-id",
            settings.contract_id
        ));
    }
    let mut inferrer = Inferrer {
        records: Vec::new(),
        catalogues: Vec::new(),
        record_ids: taken.records.clone(),
        catalogue_ids: taken.catalogues.clone(),
    };
    let id = settings.contract_id;
    let requests: Vec<&Map<String, Value>> = samples
        .requests
        .iter()
        .filter_map(|s| s.value.as_object())
        .collect();
    let request_fields = inferrer.object(&requests, id, "request");
    let responses: Vec<&Map<String, Value>> = samples
        .responses
        .iter()
        .filter_map(|s| s.value.as_object())
        .collect();
    let mut notes = vec![(
        "request",
        format!("inferred from {} request samples", requests.len()),
    )];
    let response_fields = if responses.is_empty() {
        notes.push((
            "response",
            "no response samples: the DVCQG adapter's answer (error_code, message) stands in; replace it with what \
             the system answers, or import response samples (`*.response.json`)"
                .to_owned(),
        ));
        adapter_answer()
    } else {
        notes.push((
            "response",
            format!("inferred from {} response samples", responses.len()),
        ));
        inferrer.object(&responses, id, "response")
    };
    let envelope = ["session", "service"]
        .iter()
        .all(|k| request_fields.iter().any(|f| f.wire == *k));
    let service = constant_text(&requests, "service");
    let operation = match (settings.operation, &service) {
        (Some(op), _) => op.to_owned(),
        (None, Some(service)) if names::is_operation_name(service) => service.clone(),
        _ => names::operation_from_id(id),
    };
    if !names::is_operation_name(&operation) {
        return fail(format!(
            "`{operation}` is not a valid operation name: an ASCII word such as `DongBoHoSoMC`"
        ));
    }
    let path = match settings.path {
        Some(path) => path.to_owned(),
        None if envelope => format!("/dvcqg/{operation}"),
        None => format!("/{operation}"),
    };
    let auth = auth_for(registry, envelope, &mut notes)?;
    let Inferrer {
        records,
        catalogues,
        ..
    } = inferrer;
    let checker = Checker::new(&records, &catalogues);
    let first_valid = samples
        .requests
        .iter()
        .find(|s| checker.payload(&request_fields, &s.value).is_none());
    let response_example = samples
        .responses
        .iter()
        .find(|s| checker.payload(&response_fields, &s.value).is_none());
    let mut examples = Vec::new();
    if first_valid.is_some() || response_example.is_some() {
        let origins: Vec<&str> = first_valid
            .iter()
            .chain(response_example.iter())
            .map(|s| file_name(&s.origin))
            .collect();
        notes.push((
            "examples",
            format!(
                "the first samples that fit the draft: {}",
                origins.join(", ")
            ),
        ));
        examples.push(ExampleDraft {
            title: None,
            request: first_valid.map(|s| s.value.clone()),
            response: response_example.map(|s| s.value.clone()),
        });
    } else {
        notes.push((
            "examples",
            "no sample fits the drafted contract as it is (an empty string stands for an absent value, which \
             contracts write as null or leave out), so none is kept as an example"
                .to_owned(),
        ));
    }
    let contract = ContractDraft {
        id: id.to_owned(),
        version: "0.1.0".to_owned(),
        title: TextDraft::default(),
        description: None,
        legal: Vec::new(),
        provider: settings.provider,
        consumer: settings.consumer,
        host: None,
        group: None,
        channel: settings.channel,
        operation,
        method: settings.method,
        path,
        auth,
        signature: Requirement::None,
        signature_scheme: None,
        provenance: None,
        encryption: Requirement::None,
        request: PayloadDraft {
            description: None,
            fields: request_fields,
            skipped: Vec::new(),
        },
        response: PayloadDraft {
            description: None,
            fields: response_fields,
            skipped: Vec::new(),
        },
        examples,
        notes,
    };
    super::schema::check_required_cycles(&records)?;
    taken.check_contracts(std::slice::from_ref(&contract))?;
    Ok(Drafts {
        contracts: vec![contract],
        records,
        catalogues,
        notes: Vec::new(),
    })
}

fn file_name(origin: &str) -> &str {
    origin.rsplit(['/', '\\']).next().unwrap_or(origin)
}

/// The text every sample sends in `key`, if it is always the same.
fn constant_text(objects: &[&Map<String, Value>], key: &str) -> Option<String> {
    let values: BTreeSet<&str> = objects
        .iter()
        .filter_map(|o| o.get(key)?.as_str())
        .collect();
    match values.len() {
        1 => values.into_iter().next().map(str::to_owned),
        _ => None,
    }
}

/// The DVCQG adapter's answer: `error_code` (0 is success) and `message`, standing in for a response.
fn adapter_answer() -> Vec<FieldDraft> {
    let mut code = FieldDraft::new("error_code");
    code.ty = FieldType::Scalar(ScalarType::Integer);
    code.format = WireFormat::Number;
    code.required = true;
    code.example = Some(Value::from(0));
    vec![code, FieldDraft::new("message")]
}

/// The registry's session scheme for the DVCQG envelope (`session` in the body), else its first scheme.
fn auth_for(
    registry: &Registry,
    envelope: bool,
    notes: &mut Vec<super::Note>,
) -> Result<String, ImportError> {
    let schemes = &registry.info.auth_schemes;
    if envelope && let Some(session) = schemes.values().find(|s| s.kind == AuthKind::Session) {
        notes.push((
            "auth",
            "the samples carry `session` in the body: the DVCQG adapter session".to_owned(),
        ));
        return Ok(session.id.clone());
    }
    match schemes.keys().next() {
        Some(first) => {
            notes.push(("auth", "not in the samples; choose the scheme".to_owned()));
            Ok(first.clone())
        }
        None => fail("the registry declares no `auth-schemes` in registry.yaml; declare one first"),
    }
}

struct Inferrer {
    records: Vec<RecordDraft>,
    catalogues: Vec<CatalogueDraft>,
    record_ids: BTreeSet<String>,
    catalogue_ids: BTreeSet<String>,
}

/// The values one key has across a set of objects.
struct Seen<'v> {
    /// How many of the objects have the key with a value (not null, not `""`).
    with_value: usize,
    /// How many send `""` (absent, by the wire convention).
    empty: usize,
    /// How many send `null` or leave the key out.
    missing: usize,
    values: Vec<&'v Value>,
}

impl Inferrer {
    /// The fields of a set of sample objects, in the order keys first appear.
    fn object(
        &mut self,
        objects: &[&Map<String, Value>],
        contract: &str,
        path: &str,
    ) -> Vec<FieldDraft> {
        let mut keys: Vec<&str> = Vec::new();
        for object in objects {
            for key in object.keys() {
                if !keys.contains(&key.as_str()) {
                    keys.push(key);
                }
            }
        }
        let mut fields = Vec::new();
        let mut folded = BTreeSet::new();
        let mut rust_names = BTreeSet::new();
        for key in keys {
            if !names::is_wire_name(key) || !folded.insert(key.to_lowercase()) {
                continue;
            }
            let mut seen = Seen {
                with_value: 0,
                empty: 0,
                missing: 0,
                values: Vec::new(),
            };
            for object in objects {
                match object.get(key) {
                    None | Some(Value::Null) => seen.missing += 1,
                    Some(Value::String(s)) if s.is_empty() => seen.empty += 1,
                    Some(value) => {
                        seen.with_value += 1;
                        seen.values.push(value);
                    }
                }
            }
            let mut field = self.field(key, &seen, objects.len(), contract, path);
            field.rust_name = names::field_rust_name(key, &mut rust_names);
            fields.push(field);
        }
        fields
    }

    fn field(
        &mut self,
        wire: &str,
        seen: &Seen<'_>,
        objects: usize,
        contract: &str,
        path: &str,
    ) -> FieldDraft {
        let mut field = FieldDraft::new(wire);
        field.required = seen.with_value == objects;
        let mut evidence = format!("a value in {} of {objects}", seen.with_value);
        if seen.empty > 0 {
            evidence.push_str(&format!(", \"\" (absent) in {}", seen.empty));
        }
        if seen.missing > 0 && seen.with_value > 0 {
            evidence.push_str(&format!(", missing or null in {}", seen.missing));
        }
        let kinds: BTreeSet<&str> = seen.values.iter().map(|v| json_kind(v)).collect();
        let inferred = match kinds.iter().copied().collect::<Vec<_>>().as_slice() {
            [] => {
                field
                    .notes
                    .push(("type", format!("never seen with a value ({evidence})")));
                return field;
            }
            ["array"] => self.list(wire, seen, contract, path, &mut field),
            ["object"] => {
                let children: Vec<&Map<String, Value>> =
                    seen.values.iter().filter_map(|v| v.as_object()).collect();
                field.ty = FieldType::Record(self.record(wire, &children, contract, path));
                field.format = WireFormat::Object;
                "an object".to_owned()
            }
            ["string"] => self.strings(wire, &seen.values, contract, &mut field),
            ["number"] => numbers(&seen.values, &mut field),
            ["boolean"] => {
                field.ty = FieldType::Scalar(ScalarType::Boolean);
                field.format = WireFormat::BoolJson;
                "JSON true/false".to_owned()
            }
            kinds => {
                field.notes.push((
                    "type",
                    format!("sent as {} ({evidence}): kept as text", kinds.join(" and ")),
                ));
                return field;
            }
        };
        let key = if field.format != WireFormat::Object && matches!(field.ty, FieldType::Code(_)) {
            "catalogue"
        } else if matches!(field.ty, FieldType::Record(_)) {
            "record"
        } else {
            "type"
        };
        field.notes.push((key, format!("{inferred}; {evidence}")));
        if field.list.is_none() && !matches!(field.ty, FieldType::Record(_)) {
            field.example = seen.values.first().map(|v| (*v).clone());
        }
        field
    }

    /// A list field: its items' type, inferred from every item of every sample.
    fn list(
        &mut self,
        wire: &str,
        seen: &Seen<'_>,
        contract: &str,
        path: &str,
        field: &mut FieldDraft,
    ) -> String {
        let items: Vec<&Value> = seen
            .values
            .iter()
            .filter_map(|v| v.as_array())
            .flatten()
            .collect();
        let lengths: Vec<usize> = seen
            .values
            .iter()
            .filter_map(|v| v.as_array())
            .map(Vec::len)
            .collect();
        let (shortest, longest) = (
            lengths.iter().min().copied().unwrap_or(0),
            lengths.iter().max().copied().unwrap_or(0),
        );
        field.list = Some(ListBounds::default());
        let kinds: BTreeSet<&str> = items.iter().map(|v| json_kind(v)).collect();
        let item = match kinds.iter().copied().collect::<Vec<_>>().as_slice() {
            ["object"] => {
                let children: Vec<&Map<String, Value>> =
                    items.iter().filter_map(|v| v.as_object()).collect();
                field.ty = FieldType::Record(self.record(wire, &children, contract, path));
                field.format = WireFormat::Object;
                "objects".to_owned()
            }
            ["string"] => self.strings(wire, &items, contract, field),
            ["number"] => numbers(&items, field),
            [] => "no items seen, typed as text".to_owned(),
            _ => "items of mixed types, kept as text".to_owned(),
        };
        format!("a list of {shortest} to {longest} items: {item}")
    }

    /// The record of a set of sample objects: an identical one already drafted, or a new one.
    fn record(
        &mut self,
        wire: &str,
        objects: &[&Map<String, Value>],
        contract: &str,
        path: &str,
    ) -> String {
        let name = join_ids(contract, &id_from(wire, "record"));
        let fields = self.object(objects, contract, &format!("{path}/{wire}"));
        let shape = signature(&fields);
        if let Some(same) = self.records.iter().find(|r| signature(&r.fields) == shape) {
            return same.id.clone();
        }
        let id = unique(&name, &mut self.record_ids);
        self.records.push(RecordDraft {
            id: id.clone(),
            label: TextDraft::default(),
            description: None,
            legal: Vec::new(),
            fields,
            skipped: Vec::new(),
            source: format!(
                "{} objects of `{path}/{wire}` in the samples",
                objects.len()
            ),
        });
        id
    }

    /// A field sent as strings: a date or date-time format, a flag, a number, a code of a catalogue, or text.
    fn strings(
        &mut self,
        wire: &str,
        values: &[&Value],
        contract: &str,
        field: &mut FieldDraft,
    ) -> String {
        let texts: Vec<&str> = values.iter().filter_map(|v| v.as_str()).collect();
        let count = texts.len();
        let all = |f: &dyn Fn(&str) -> bool| texts.iter().all(|t| f(t));
        let formats: [(ScalarType, WireFormat, &str); 6] = [
            (
                ScalarType::DateTime,
                WireFormat::DateTimeCompact,
                "yyyyMMddHHmmss",
            ),
            (
                ScalarType::DateTime,
                WireFormat::DateTimeSpaced,
                "yyyy-MM-dd HH:mm:ss",
            ),
            (
                ScalarType::DateTime,
                WireFormat::DateTimeRfc3339,
                "RFC 3339",
            ),
            (ScalarType::Date, WireFormat::DateCompact, "yyyyMMdd"),
            (ScalarType::Date, WireFormat::DateIso, "yyyy-MM-dd"),
            (ScalarType::Date, WireFormat::DateSlashed, "dd/MM/yyyy"),
        ];
        for (ty, format, name) in formats {
            let fits = |t: &str| {
                contracts_runtime::format::check(format, contracts_core::model::ValueKind::Other, t)
                    .is_ok()
                    && plausible_year(format, t)
            };
            if all(&fits) {
                field.ty = FieldType::Scalar(ty);
                field.format = format;
                return format!("{name} in {count} of {count} values");
            }
        }
        let distinct: BTreeSet<&str> = texts.iter().copied().collect();
        let is = |set: &[&str]| distinct.iter().all(|t| set.contains(t));
        if is(&["True", "False"]) {
            field.ty = FieldType::Scalar(ScalarType::Boolean);
            field.format = WireFormat::BoolTrueFalse;
            return format!("\"True\"/\"False\" in {count} of {count} values");
        }
        if is(&["true", "false"]) {
            field.ty = FieldType::Scalar(ScalarType::Boolean);
            field.format = WireFormat::BoolLowercase;
            return format!("\"true\"/\"false\" as strings in {count} of {count} values");
        }
        let words = names::words(wire);
        if is(&["0", "1"]) && names_a_flag(&words) {
            field.ty = FieldType::Scalar(ScalarType::Boolean);
            field.format = WireFormat::BoolZeroOne;
            return format!("a \"0\"/\"1\" flag in {count} of {count} values (named as one)");
        }
        let canonical = |t: &str| {
            contracts_runtime::format::check(
                WireFormat::NumberAsString,
                contracts_core::model::ValueKind::Decimal,
                t,
            )
            .is_ok()
        };
        if let Some(ty) = names_a_number(&words)
            && all(&canonical)
        {
            let ty = if texts.iter().any(|t| t.contains('.')) {
                ScalarType::Decimal
            } else {
                ty
            };
            field.ty = FieldType::Scalar(ty);
            field.format = WireFormat::NumberAsString;
            return format!("numbers sent as strings in {count} of {count} values");
        }
        let short = |t: &str| {
            t.chars().count() <= MAX_CODE_CHARS
                && !t.chars().any(|c| c.is_whitespace() || c.is_control())
        };
        if distinct.len() >= 2
            && distinct.len() <= MAX_CODES
            && count > distinct.len()
            && all(&short)
        {
            let id = self.catalogue(wire, &texts, contract);
            field.ty = FieldType::Code(id);
            field.format = WireFormat::CodeString;
            return format!(
                "{} distinct codes in {count} values: proposed as a catalogue",
                distinct.len()
            );
        }
        if all(&|t| {
            t.contains('@')
                && contracts_runtime::format::check(
                    WireFormat::Email,
                    contracts_core::model::ValueKind::Other,
                    t,
                )
                .is_ok()
        }) {
            field.format = WireFormat::Email;
            return format!("an email address in {count} of {count} values");
        }
        if all(&|t| {
            (t.starts_with("https://") || t.starts_with("http://"))
                && contracts_runtime::format::check(
                    WireFormat::Uri,
                    contracts_core::model::ValueKind::Other,
                    t,
                )
                .is_ok()
        }) {
            field.format = WireFormat::Uri;
            return format!("a URL in {count} of {count} values");
        }
        if distinct.len() == 1 && count > 1 {
            return format!("text, the same value in all {count} values");
        }
        format!("text, {} distinct values", distinct.len())
    }

    /// The catalogue proposed for a field's codes: one already drafted for the same wire name and codes, or new.
    fn catalogue(&mut self, wire: &str, texts: &[&str], contract: &str) -> String {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for text in texts {
            *counts.entry(text).or_default() += 1;
        }
        let mut codes: Vec<&str> = counts.keys().copied().collect();
        if codes.iter().all(|c| c.parse::<i64>().is_ok()) {
            codes.sort_by_key(|c| c.parse::<i64>().unwrap_or(0));
        }
        let source = format!("the values of `{wire}` in the samples");
        if let Some(same) = self.catalogues.iter().find(|c| {
            c.source == source
                && c.codes
                    .iter()
                    .map(|k| k.code.as_str())
                    .eq(codes.iter().copied())
        }) {
            return same.id.clone();
        }
        let id = unique(
            &join_ids(contract, &id_from(wire, "codes")),
            &mut self.catalogue_ids,
        );
        let mut rust_names = BTreeSet::new();
        let drafts = codes
            .iter()
            .map(|code| CodeDraft {
                code: (*code).to_owned(),
                label: TextDraft::default(),
                description: None,
                legal: Vec::new(),
                rust_name: names::code_rust_name(code, None, None, &mut rust_names),
                note: Some(match counts[code] {
                    1 => "seen once".to_owned(),
                    n => format!("seen {n} times"),
                }),
                proposal: false,
                aliases: Vec::new(),
            })
            .collect();
        self.catalogues.push(CatalogueDraft {
            id: id.clone(),
            version: "0.1.0".to_owned(),
            label: TextDraft::default(),
            description: None,
            legal: Vec::new(),
            format: WireFormat::CodeString,
            codes: drafts,
            source,
        });
        id
    }
}

/// A field sent as JSON numbers: an integer unless a value has a fraction.
fn numbers(values: &[&Value], field: &mut FieldDraft) -> String {
    let whole = values
        .iter()
        .all(|v| v.as_i64().is_some() || v.as_u64().is_some());
    field.ty = FieldType::Scalar(if whole {
        ScalarType::Integer
    } else {
        ScalarType::Decimal
    });
    field.format = WireFormat::Number;
    format!(
        "JSON numbers in {} of {} values",
        values.len(),
        values.len()
    )
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Dates of real documents: years 1900 to 2100 (eight digits are often codes, not dates).
fn plausible_year(format: WireFormat, text: &str) -> bool {
    let year = match format {
        WireFormat::DateSlashed => text.get(6..10),
        _ => text.get(0..4),
    };
    year.and_then(|y| y.parse::<u32>().ok())
        .is_some_and(|y| (1900..=2100).contains(&y))
}

/// Whether a field's name says it is a yes/no flag: Vietnamese `Duoc`, `Co`, `La`, `Da` ("is", "has", "was"),
/// English `is`, `has`.
fn names_a_flag(words: &[String]) -> bool {
    words.iter().any(|w| {
        matches!(
            w.as_str(),
            "duoc" | "co" | "la" | "da" | "is" | "has" | "can"
        )
    })
}

/// Whether a field's name says it is an amount (a decimal: `Gia`, `Tien`, `amount`) or a count (an integer:
/// `SoLuong`, `count`).
fn names_a_number(words: &[String]) -> Option<ScalarType> {
    let has = |w: &str| words.iter().any(|x| x == w);
    if has("gia") || has("tien") || has("amount") || has("price") || has("total") || has("fee") {
        Some(ScalarType::Decimal)
    } else if has("luong") || has("count") || has("quantity") {
        Some(ScalarType::Integer)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The field `key` inferred from samples that send it the values `values` (`null` leaves it out).
    fn inferred(key: &str, values: &[Value]) -> (FieldDraft, Vec<CatalogueDraft>) {
        let samples: Vec<Value> = values
            .iter()
            .map(|v| {
                if v.is_null() {
                    json!({})
                } else {
                    json!({ key: v })
                }
            })
            .collect();
        let objects: Vec<&Map<String, Value>> =
            samples.iter().filter_map(Value::as_object).collect();
        let mut inferrer = Inferrer {
            records: Vec::new(),
            catalogues: Vec::new(),
            record_ids: BTreeSet::new(),
            catalogue_ids: BTreeSet::new(),
        };
        let fields = inferrer.object(&objects, "c", "request");
        let field = fields
            .into_iter()
            .next()
            .unwrap_or_else(|| FieldDraft::new("none"));
        (field, inferrer.catalogues)
    }

    #[test]
    fn wire_formats_come_from_the_values() {
        use ScalarType as T;
        use WireFormat as F;
        let cases: Vec<(&str, Vec<Value>, FieldType, F, bool)> = vec![
            (
                "NgayTiepNhan",
                vec![json!("20250312083000"), json!("20250313090000")],
                FieldType::Scalar(T::DateTime),
                F::DateTimeCompact,
                true,
            ),
            (
                "NgayHenTra",
                vec![json!("20250312083000"), json!("")],
                FieldType::Scalar(T::DateTime),
                F::DateTimeCompact,
                false,
            ),
            (
                "NgayCap",
                vec![json!("12/03/2025"), json!("31/12/2024")],
                FieldType::Scalar(T::Date),
                F::DateSlashed,
                true,
            ),
            (
                "NgaySinh",
                vec![json!("19900215"), json!("20010101")],
                FieldType::Scalar(T::Date),
                F::DateCompact,
                true,
            ),
            (
                "ThoiGian",
                vec![json!("2025-03-12 08:30:00"), json!("2025-03-12 09:00:00")],
                FieldType::Scalar(T::DateTime),
                F::DateTimeSpaced,
                true,
            ),
            (
                "CapNhat",
                vec![json!("2025-03-12T08:30:00+07:00")],
                FieldType::Scalar(T::DateTime),
                F::DateTimeRfc3339,
                true,
            ),
            (
                "isUpdating",
                vec![json!("True"), json!("False")],
                FieldType::Scalar(T::Boolean),
                F::BoolTrueFalse,
                true,
            ),
            (
                "DuocSoHoa",
                vec![json!("1"), json!("0"), json!("1")],
                FieldType::Scalar(T::Boolean),
                F::BoolZeroOne,
                true,
            ),
            (
                "Gia",
                vec![json!("75000"), json!("135000.50")],
                FieldType::Scalar(T::Decimal),
                F::NumberAsString,
                true,
            ),
            (
                "SoLuong",
                vec![json!("2"), json!("10")],
                FieldType::Scalar(T::Integer),
                F::NumberAsString,
                true,
            ),
            (
                "SoLuongBan",
                vec![json!(2), json!(3)],
                FieldType::Scalar(T::Integer),
                F::Number,
                true,
            ),
            (
                "MaBuuCuc",
                vec![json!("012345"), json!("000001")],
                FieldType::Scalar(T::String),
                F::Text,
                true,
            ),
            (
                "HinhThuc",
                vec![json!("0"), json!("1"), json!("0")],
                FieldType::Code("c-hinh-thuc".into()),
                F::CodeString,
                true,
            ),
            (
                "Email",
                vec![json!("a@example.vn"), json!("b@example.vn")],
                FieldType::Scalar(T::String),
                F::Email,
                true,
            ),
            (
                "DuongDan",
                vec![json!("https://example.vn/a")],
                FieldType::Scalar(T::String),
                F::Uri,
                true,
            ),
            (
                "GhiChu",
                vec![json!("có"), Value::Null],
                FieldType::Scalar(T::String),
                F::Text,
                false,
            ),
        ];
        for (key, values, ty, format, required) in cases {
            let (field, _) = inferred(key, &values);
            assert_eq!(
                (&field.ty, field.format, field.required),
                (&ty, format, required),
                "{key}"
            );
            assert!(!field.notes.is_empty(), "{key}: the evidence is noted");
        }
    }

    #[test]
    fn few_repeated_codes_become_a_catalogue_with_their_counts() {
        let values: Vec<Value> = ["10", "2", "2", "1", "10", "9"]
            .iter()
            .map(|v| json!(v))
            .collect();
        let (field, catalogues) = inferred("TrangThaiHoSo", &values);
        assert_eq!(field.ty, FieldType::Code("c-trang-thai-ho-so".into()));
        let codes: Vec<(&str, Option<&str>)> = catalogues[0]
            .codes
            .iter()
            .map(|c| (c.code.as_str(), c.note.as_deref()))
            .collect();
        assert_eq!(
            codes,
            [
                ("1", Some("seen once")),
                ("2", Some("seen 2 times")),
                ("9", Some("seen once")),
                ("10", Some("seen 2 times"))
            ]
        );
        // All distinct: an identifier, not codes.
        let (field, _) = inferred("MaHoSo", &[json!("A1"), json!("A2"), json!("A3")]);
        assert_eq!(field.ty, FieldType::Scalar(ScalarType::String));
    }
}
