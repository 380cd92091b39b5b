//! Sample payloads made from the model: valid ones, and named mutations of them that break one rule each. The
//! agreement tests judge them with every validator, the benchmark times them, and `probe` sends them.
//!
//! Everything is deterministic: the same seed gives the same payloads on every machine.

use serde_json::{Map, Value, json};

use crate::model::{
    Accept, Field, FieldType, Payload, Registry, ScalarType, UnknownFields, ValueKind, WireFormat,
};

/// A small, fast, deterministic generator (xorshift64*), so that samples need no random crate.
#[derive(Clone, Debug)]
pub struct Seed(u64);

impl Seed {
    pub fn new(seed: u64) -> Self {
        Seed(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = (high - low) as u64 + 1;
        low + (self.next_u64() % span) as i64
    }

    pub fn chance(&mut self, one_in: u64) -> bool {
        self.next_u64().is_multiple_of(one_in.max(1))
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[(self.next_u64() % items.len() as u64) as usize])
    }
}

/// How deep records are followed through optional fields when making a payload.
const DEPTH: usize = 4;

/// Makes valid payloads of a registry.
pub struct Maker<'a> {
    registry: &'a Registry,
}

impl<'a> Maker<'a> {
    pub fn new(registry: &'a Registry) -> Self {
        Maker { registry }
    }

    /// A valid payload: every required field, each optional one half of the time, values in their canonical
    /// form or now and then in a form the field accepts.
    pub fn payload(&self, payload: &Payload, seed: &mut Seed) -> Value {
        self.object(&payload.fields, seed, 0)
    }

    /// A valid object of these fields.
    pub fn object(&self, fields: &[Field], seed: &mut Seed, depth: usize) -> Value {
        let mut map = Map::new();
        for field in fields {
            let deep =
                field.recursive || matches!(field.ty, FieldType::Record(_)) && depth >= DEPTH;
            let include = field.required || (!deep && seed.chance(2));
            if !include {
                if seed.chance(8) && field.accepts.contains(&Accept::Empty) {
                    map.insert(field.wire_name.clone(), Value::from(""));
                }
                continue;
            }
            map.insert(field.wire_name.clone(), self.field(field, seed, depth));
        }
        Value::Object(map)
    }

    /// A valid value of a field: a list of valid items, or one.
    pub fn field(&self, field: &Field, seed: &mut Seed, depth: usize) -> Value {
        match field.list {
            Some(bounds) => {
                let low = bounds.min_items.unwrap_or(0) as i64;
                let high = bounds
                    .max_items
                    .map_or(low + 2, |max| (max as i64).min(low + 2));
                let count = seed.between(low, high.max(low));
                Value::Array(
                    (0..count)
                        .map(|_| self.single(field, seed, depth))
                        .collect(),
                )
            }
            None => self.single(field, seed, depth),
        }
    }

    fn single(&self, field: &Field, seed: &mut Seed, depth: usize) -> Value {
        match &field.ty {
            FieldType::Record(id) => match self.registry.records.get(id) {
                Some(record) => self.object(&record.fields, seed, depth + 1),
                None => json!({}),
            },
            FieldType::Code(id) => {
                let codes: Vec<&str> = self
                    .registry
                    .catalogues
                    .get(id)
                    .map(|c| c.codes.iter().map(|code| code.code.as_str()).collect())
                    .unwrap_or_default();
                let code = seed.pick(&codes).copied().unwrap_or("1");
                match field.format {
                    WireFormat::CodeNumber => code
                        .parse::<i64>()
                        .map_or_else(|_| Value::from(code), Value::from),
                    _ => Value::from(code),
                }
            }
            FieldType::Scalar(ty) => {
                let canonical = scalar(field, *ty, field.format, seed);
                let alternative = field.accepts.iter().filter_map(|a| match a {
                    Accept::Format(format) => Some(*format),
                    Accept::Empty | Accept::Null => None,
                });
                let alternatives: Vec<WireFormat> = alternative.collect();
                match seed.pick(&alternatives) {
                    Some(other) if seed.chance(4) => contracts_runtime::format::to_canonical(
                        field.format,
                        *other,
                        field.ty.value_kind(),
                        &canonical,
                    )
                    .unwrap_or(canonical),
                    _ => canonical,
                }
            }
        }
    }
}

/// A valid scalar of `field` in `format`, within its constraints.
fn scalar(field: &Field, ty: ScalarType, format: WireFormat, seed: &mut Seed) -> Value {
    use WireFormat::*;
    let c = &field.constraints;
    if c.pattern.is_some()
        && let Some(example) = &field.example
    {
        let one = match example {
            Value::Array(items) => items.first().cloned().unwrap_or(Value::Null),
            single => single.clone(),
        };
        if !one.is_null() {
            return one;
        }
    }
    let (low, high) = (
        c.min.map_or(-1000.0, |m| m.ceil()) as i64,
        c.max.map_or(1_000_000.0, |m| m.floor()) as i64,
    );
    match format {
        Number if ty == ScalarType::Integer => Value::from(seed.between(low, high)),
        Number => {
            let whole = seed.between(low, high.max(low));
            if seed.chance(2) || whole >= high {
                Value::from(whole)
            } else {
                json!(whole as f64 + 0.25)
            }
        }
        NumberAsString if ty == ScalarType::Integer => {
            Value::from(seed.between(low, high).to_string())
        }
        NumberAsString => {
            let whole = seed.between(low, high.max(low));
            let text = if seed.chance(2) || whole >= high {
                whole.to_string()
            } else {
                half_above(whole)
            };
            Value::from(text)
        }
        BoolTrueFalse => Value::from(if seed.chance(2) { "True" } else { "False" }),
        BoolLowercase => Value::from(if seed.chance(2) { "true" } else { "false" }),
        BoolZeroOne => Value::from(if seed.chance(2) { "1" } else { "0" }),
        BoolJson => Value::from(seed.chance(2)),
        DateCompact | DateIso | DateSlashed => {
            let (y, m, d) = date(seed);
            Value::from(match format {
                DateIso => format!("{y:04}-{m:02}-{d:02}"),
                DateSlashed => format!("{d:02}/{m:02}/{y:04}"),
                _ => format!("{y:04}{m:02}{d:02}"),
            })
        }
        DateTimeCompact | DateTimeSpaced | DateTimeRfc3339 => {
            let (y, m, d) = date(seed);
            let (h, mi, s) = (
                seed.between(0, 23),
                seed.between(0, 59),
                seed.between(0, 59),
            );
            Value::from(match format {
                DateTimeSpaced => format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
                DateTimeRfc3339 => format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}+07:00"),
                _ => format!("{y:04}{m:02}{d:02}{h:02}{mi:02}{s:02}"),
            })
        }
        Email => Value::from(format!("nguoidung{}@example.vn", seed.between(1, 999))),
        Uri | AttachmentUrl => Value::from(format!(
            "https://dichvucong.example.vn/files/{}",
            seed.between(1, 99_999)
        )),
        Phone => Value::from(format!("09{:08}", seed.between(0, 99_999_999))),
        AttachmentBase64 => Value::from(
            ["aGVsbG8=", "VGjhu6cgdOG7pWMgaMOgbmggY2jDrW5o", "YWJj"][seed.between(0, 2) as usize],
        ),
        Text | Object | CodeString | CodeNumber => Value::from(text(field, seed)),
    }
}

/// `whole + 0.5` as a canonical decimal text: `3.50`, `-0.50`, `-2.50`.
fn half_above(whole: i64) -> String {
    match whole {
        0.. => format!("{whole}.50"),
        -1 => "-0.50".to_owned(),
        _ => format!("-{}.50", -(whole + 1)),
    }
}

/// A calendar date between 2000 and 2030, 29 February of leap years included.
fn date(seed: &mut Seed) -> (i64, i64, i64) {
    let year = seed.between(2000, 2030);
    let month = seed.between(1, 12);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    (year, month, seed.between(1, days))
}

/// A text within the field's lengths: words of Vietnamese, or the field's example when it has one.
fn text(field: &Field, seed: &mut Seed) -> String {
    const WORDS: &[&str] = &[
        "Nguyễn",
        "Văn",
        "An",
        "hồ sơ",
        "Sở",
        "Xây dựng",
        "tỉnh",
        "Thanh Hóa",
        "ABC",
        "123",
    ];
    let c = &field.constraints;
    if let Some(Value::String(example)) = &field.example
        && seed.chance(3)
    {
        return example.clone();
    }
    let min = c.min_length.unwrap_or(0) as i64;
    let max = c.max_length.map_or(min + 30, |max| max as i64);
    let target = seed.between(min.max(1), max.min(min.max(1) + 30)) as usize;
    let mut out = String::new();
    while out.chars().count() < target {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(seed.pick(WORDS).copied().unwrap_or("x"));
    }
    let mut out: String = out.chars().take(target).collect();
    while out.ends_with(' ') {
        out.pop();
        out.push('x');
    }
    out
}

/// A way to break a payload, named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mutation {
    RemoveRequired,
    UnknownMember,
    NullOptional,
    NullRequired,
    EmptyRequired,
    NumberForString,
    StringForNumber,
    ObjectForScalar,
    ListForScalar,
    ScalarForList,
    ImpossibleDate,
    Day31InShortMonth,
    LeapDayOfCommonYear,
    Hour24,
    BelowMinimum,
    AboveMaximum,
    FractionForInteger,
    LeadingZero,
    WholeFloatForInteger,
    ExponentForInteger,
    IntegerBeyondI64Number,
    IntegerBeyondI64String,
    DecimalBeyond28Digits,
    BadEmail,
    BadUri,
    BadPhone,
    PatternMismatch,
    NonAsciiDigit,
    TooLong,
    TooShort,
    TooFewItems,
    TooManyItems,
    UnknownCode,
    CodeOfWrongType,
    WrongBooleanSpelling,
    EmptyForOptional,
    AcceptedForm,
    DuplicateKey,
}

impl Mutation {
    pub const ALL: [Mutation; 38] = [
        Mutation::RemoveRequired,
        Mutation::UnknownMember,
        Mutation::NullOptional,
        Mutation::NullRequired,
        Mutation::EmptyRequired,
        Mutation::NumberForString,
        Mutation::StringForNumber,
        Mutation::ObjectForScalar,
        Mutation::ListForScalar,
        Mutation::ScalarForList,
        Mutation::ImpossibleDate,
        Mutation::Day31InShortMonth,
        Mutation::LeapDayOfCommonYear,
        Mutation::Hour24,
        Mutation::BelowMinimum,
        Mutation::AboveMaximum,
        Mutation::FractionForInteger,
        Mutation::LeadingZero,
        Mutation::WholeFloatForInteger,
        Mutation::ExponentForInteger,
        Mutation::IntegerBeyondI64Number,
        Mutation::IntegerBeyondI64String,
        Mutation::DecimalBeyond28Digits,
        Mutation::BadEmail,
        Mutation::BadUri,
        Mutation::BadPhone,
        Mutation::PatternMismatch,
        Mutation::NonAsciiDigit,
        Mutation::TooLong,
        Mutation::TooShort,
        Mutation::TooFewItems,
        Mutation::TooManyItems,
        Mutation::UnknownCode,
        Mutation::CodeOfWrongType,
        Mutation::WrongBooleanSpelling,
        Mutation::EmptyForOptional,
        Mutation::AcceptedForm,
        Mutation::DuplicateKey,
    ];

    /// Its name in reports: `leap-day-of-common-year`.
    pub fn name(self) -> String {
        heck::ToKebabCase::to_kebab_case(format!("{self:?}").as_str())
    }

    /// Whether the result is still valid (a form the contract accepts), `None` when it depends on the field
    /// (an optional field made `null` is valid only where the field accepts `null`).
    pub fn keeps_valid(self) -> Option<bool> {
        match self {
            Mutation::WholeFloatForInteger
            | Mutation::ExponentForInteger
            | Mutation::AcceptedForm
            | Mutation::EmptyForOptional => Some(true),
            Mutation::NullOptional | Mutation::DuplicateKey => None,
            _ => Some(false),
        }
    }
}

/// A payload as text, broken by one mutation at one place.
pub struct Mutant {
    pub mutation: Mutation,
    /// The JSON pointer of the place it breaks.
    pub at: String,
    pub text: String,
}

/// Applies `mutation` to a valid `value` of `fields` at one place where it applies (chosen by `seed`); `None`
/// when it applies nowhere.
pub fn mutate(
    registry: &Registry,
    fields: &[Field],
    unknown: UnknownFields,
    value: &Value,
    mutation: Mutation,
    seed: &mut Seed,
) -> Option<Mutant> {
    let mut places = Vec::new();
    collect_places(registry, fields, unknown, value, "", &mut places);
    let applicable: Vec<&Place> = places.iter().filter(|p| applies(p, mutation)).collect();
    let place = *seed.pick(&applicable)?;
    let mut changed = value.clone();
    let text = if mutation == Mutation::DuplicateKey {
        duplicate_key(&changed, place)?
    } else {
        let target = changed.pointer_mut(&place.object)?.as_object_mut()?;
        apply(target, place, mutation, seed)?;
        changed.to_string()
    };
    Some(Mutant {
        mutation,
        at: format!("{}/{}", place.object, place.key),
        text,
    })
}

/// A member (present or absent) of an object of the payload, and what the contract says of it.
struct Place {
    /// The pointer of the object.
    object: String,
    key: String,
    field: Option<Field>,
    unknown: UnknownFields,
    present: Option<Value>,
}

fn collect_places(
    registry: &Registry,
    fields: &[Field],
    unknown: UnknownFields,
    value: &Value,
    at: &str,
    out: &mut Vec<Place>,
) {
    let Value::Object(map) = value else { return };
    out.push(Place {
        object: at.to_owned(),
        key: "ThuocTinhLa".to_owned(),
        field: None,
        unknown,
        present: None,
    });
    for field in fields {
        let present = map.get(&field.wire_name).cloned();
        if let (FieldType::Record(id), Some(item)) = (&field.ty, &present)
            && let Some(record) = registry.records.get(id)
        {
            let pointer = format!("{at}/{}", escape(&field.wire_name));
            match item {
                Value::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        collect_places(
                            registry,
                            &record.fields,
                            record.unknown_fields,
                            item,
                            &format!("{pointer}/{index}"),
                            out,
                        );
                    }
                }
                single => collect_places(
                    registry,
                    &record.fields,
                    record.unknown_fields,
                    single,
                    &pointer,
                    out,
                ),
            }
        }
        out.push(Place {
            object: at.to_owned(),
            key: field.wire_name.clone(),
            field: Some(field.clone()),
            unknown,
            present,
        });
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Whether `mutation` breaks a rule at `place` (so that the verdict expected of it is certain).
fn applies(place: &Place, mutation: Mutation) -> bool {
    use Mutation::*;
    use WireFormat::*;
    let Some(field) = &place.field else {
        return mutation == UnknownMember && place.unknown == UnknownFields::Reject;
    };
    let present = place.present.is_some() && place.present.as_ref() != Some(&Value::from(""));
    let scalar = matches!(field.ty, FieldType::Scalar(_)) && field.list.is_none();
    let kind = field.ty.value_kind();
    let c = &field.constraints;
    let textual = !matches!(field.format, Number | BoolJson | CodeNumber | Object);
    let accepts_format = |f: WireFormat| field.accepts.contains(&Accept::Format(f));
    match mutation {
        RemoveRequired => field.required && present,
        UnknownMember => false,
        DuplicateKey => present,
        NullOptional => !field.required && present,
        NullRequired => field.required && present,
        EmptyRequired => field.required && present && field.format != Text,
        NumberForString => {
            scalar && present && textual && field.format != Text && !accepts_format(Number)
        }
        StringForNumber => {
            scalar && present && field.format == Number && !accepts_format(NumberAsString)
        }
        ObjectForScalar => scalar && present,
        ListForScalar => {
            field.list.is_none() && present && !matches!(field.ty, FieldType::Record(_))
        }
        ScalarForList => field.list.is_some() && present,
        ImpossibleDate | Day31InShortMonth | Hour24 | LeapDayOfCommonYear => {
            scalar
                && present
                && matches!(field.format, DateCompact | DateTimeCompact)
                && (mutation != Hour24 || field.format == DateTimeCompact)
        }
        BelowMinimum => scalar && present && kind.is_numeric() && c.min.is_some(),
        AboveMaximum => scalar && present && kind.is_numeric() && c.max.is_some(),
        FractionForInteger | LeadingZero => {
            scalar && present && kind == ValueKind::Integer && field.format == NumberAsString
        }
        WholeFloatForInteger | ExponentForInteger | IntegerBeyondI64Number => {
            scalar
                && present
                && kind == ValueKind::Integer
                && field.format == Number
                && c.min.is_none()
                && c.max.is_none()
        }
        IntegerBeyondI64String => {
            scalar
                && present
                && kind == ValueKind::Integer
                && field.format == NumberAsString
                && c.max.is_none()
                && c.min.is_none_or(|m| m <= 0.0)
        }
        DecimalBeyond28Digits => {
            scalar
                && present
                && kind == ValueKind::Decimal
                && field.format == NumberAsString
                && c.max.is_none()
        }
        BadEmail => scalar && present && field.format == Email,
        BadUri => scalar && present && matches!(field.format, Uri | AttachmentUrl),
        BadPhone => scalar && present && field.format == Phone,
        PatternMismatch => scalar && present && c.pattern.is_some(),
        NonAsciiDigit => {
            let digits_by_rule = c
                .pattern
                .as_ref()
                .is_some_and(|p| p.source().contains("\\d"))
                || matches!(
                    field.format,
                    NumberAsString
                        | DateCompact
                        | DateIso
                        | DateSlashed
                        | DateTimeCompact
                        | DateTimeSpaced
                        | DateTimeRfc3339
                );
            let text = place
                .present
                .as_ref()
                .and_then(Value::as_str)
                .unwrap_or_default();
            scalar && present && digits_by_rule && text.bytes().any(|b| b.is_ascii_digit())
        }
        TooLong => scalar && present && c.max_length.is_some() && c.pattern.is_none(),
        TooShort => scalar && present && c.min_length.is_some_and(|m| m > 1) && c.pattern.is_none(),
        TooFewItems => {
            present
                && field
                    .list
                    .is_some_and(|b| b.min_items.is_some_and(|m| m > 0))
        }
        TooManyItems => present && field.list.is_some_and(|b| b.max_items.is_some()),
        UnknownCode => present && field.list.is_none() && matches!(field.ty, FieldType::Code(_)),
        CodeOfWrongType => {
            present
                && field.list.is_none()
                && matches!(field.ty, FieldType::Code(_))
                && field
                    .accepts
                    .iter()
                    .all(|a| !matches!(a, Accept::Format(_)))
        }
        WrongBooleanSpelling => {
            scalar
                && present
                && matches!(field.format, BoolTrueFalse | BoolZeroOne)
                && field
                    .accepts
                    .iter()
                    .all(|a| !matches!(a, Accept::Format(_)))
        }
        EmptyForOptional => !field.required && field.accepts.contains(&Accept::Empty),
        AcceptedForm => {
            scalar && present && field.accepts.iter().any(|a| matches!(a, Accept::Format(_)))
        }
    }
}

/// Changes `object` (the object of `place`) as `mutation` says.
fn apply(
    object: &mut Map<String, Value>,
    place: &Place,
    mutation: Mutation,
    seed: &mut Seed,
) -> Option<()> {
    use Mutation::*;
    let key = place.key.clone();
    let field = place.field.as_ref();
    let current = object.get(&key).cloned().unwrap_or(Value::Null);
    let text = current.as_str().unwrap_or_default().to_owned();
    let new = match mutation {
        RemoveRequired => {
            object.remove(&key);
            return Some(());
        }
        UnknownMember => Value::from("giá trị lạ"),
        NullOptional | NullRequired => Value::Null,
        EmptyRequired | EmptyForOptional => Value::from(""),
        NumberForString => json!(12345),
        StringForNumber => Value::from("mười"),
        ObjectForScalar => json!({"value": current}),
        ListForScalar => json!([current]),
        ScalarForList => Value::from("x"),
        ImpossibleDate => Value::from(replace_at(&text, 4, "13")),
        Day31InShortMonth => Value::from(replace_at(&replace_at(&text, 4, "04"), 6, "31")),
        LeapDayOfCommonYear => Value::from(replace_at(
            &replace_at(&replace_at(&text, 0, "2023"), 4, "02"),
            6,
            "29",
        )),
        Hour24 => Value::from(replace_at(&text, 8, "24")),
        BelowMinimum => number_like(field?, field?.constraints.min? - 1.0),
        AboveMaximum => number_like(field?, field?.constraints.max? + 1.0),
        FractionForInteger => Value::from(format!(
            "{}.5",
            text.trim_start_matches('-').parse::<u64>().unwrap_or(1)
        )),
        LeadingZero => Value::from(format!("0{}", seed.between(1, 999))),
        WholeFloatForInteger => {
            serde_json::from_str(&format!("{}.0", current.as_i64().unwrap_or(1))).ok()?
        }
        ExponentForInteger => serde_json::from_str("1E2").ok()?,
        IntegerBeyondI64Number => serde_json::from_str("18446744073709551616").ok()?,
        IntegerBeyondI64String => Value::from("9223372036854775808"),
        DecimalBeyond28Digits => Value::from("12345678901234567890123456789"),
        BadEmail => Value::from("khong-phai thu@"),
        BadUri => Value::from("không là đường dẫn"),
        BadPhone => Value::from("12"),
        PatternMismatch => Value::from("??"),
        // An Arabic-Indic three: a digit to Unicode, not to JSON Schema's `\d`.
        NonAsciiDigit => Value::from(text.replacen(|c: char| c.is_ascii_digit(), "٣", 1)),
        TooLong => Value::from("x".repeat(field?.constraints.max_length? as usize + 1)),
        TooShort => Value::from("x".repeat(field?.constraints.min_length? as usize - 1)),
        TooFewItems => Value::Array(Vec::new()),
        TooManyItems => {
            let item = current.as_array()?.first().cloned().unwrap_or(Value::Null);
            let max = field?.list?.max_items? as usize;
            Value::Array(vec![item; max + 1])
        }
        UnknownCode => match field?.format {
            WireFormat::CodeNumber => json!(987_654),
            _ => Value::from("mã-không-có"),
        },
        CodeOfWrongType => match field?.format {
            WireFormat::CodeNumber => Value::from("1"),
            _ => json!(1),
        },
        WrongBooleanSpelling => Value::from("yes"),
        AcceptedForm => {
            let field = field?;
            let formats: Vec<WireFormat> = field
                .accepts
                .iter()
                .filter_map(|a| match a {
                    Accept::Format(f) => Some(*f),
                    _ => None,
                })
                .collect();
            let other = *seed.pick(&formats)?;
            contracts_runtime::format::to_canonical(
                field.format,
                other,
                field.ty.value_kind(),
                &current,
            )?
        }
        DuplicateKey => return None,
    };
    object.insert(key, new);
    Some(())
}

/// A number just outside a bound, in the field's JSON type.
fn number_like(field: &Field, value: f64) -> Value {
    let text = if field.ty.value_kind() == ValueKind::Integer || value.fract() == 0.0 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    };
    match field.format {
        WireFormat::Number => serde_json::from_str(&text).unwrap_or(Value::Null),
        _ => Value::from(text),
    }
}

/// `text` with `part` written over it from character `at`.
fn replace_at(text: &str, at: usize, part: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (i, c) in part.chars().enumerate() {
        if let Some(slot) = chars.get_mut(at + i) {
            *slot = c;
        }
    }
    chars.into_iter().collect()
}

/// The payload's text with the member of `place` written a second time in its object, first with another value
/// (`"x"`): a receiver that keeps the last value sees the payload unchanged.
fn duplicate_key(value: &Value, place: &Place) -> Option<String> {
    let object = value.pointer(&place.object)?.as_object()?;
    object.get(&place.key)?;
    let original = Value::Object(object.clone()).to_string();
    let mut entries: Vec<String> = vec![format!("{}:\"x\"", Value::from(place.key.as_str()))];
    entries.extend(
        object
            .iter()
            .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), v)),
    );
    let doubled = format!("{{{}}}", entries.join(","));
    let whole = value.to_string();
    whole
        .find(&original)
        .map(|at| format!("{}{doubled}{}", &whole[..at], &whole[at + original.len()..]))
}
