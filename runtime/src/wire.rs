//! Typed values for fields whose wire text is not their natural JSON type, each round-tripping its exact text.
//!
//! `"20250312083000"` is a [`DateTimeCompact`] holding a [`time::PrimitiveDateTime`]; `"75000"` an
//! [`IntegerString`] holding an `i64`; `"True"` a [`BoolTrueFalse`] holding a `bool`. Parsing accepts exactly
//! the texts [`format::check`](crate::format::check) accepts, and serialising writes the same text back.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::catalogue::{self, Catalogue};
use crate::format::{self, Accept, ValueKind, WireFormat};
use crate::validate::{Check, FieldRule, Violation};

/// A typed value that travels as a JSON string in one wire format.
pub trait WireText: Sized {
    const FORMAT: WireFormat;
    const KIND: ValueKind;
    /// The exact text on the wire.
    fn to_wire(&self) -> String;
    /// The value of a text already known to be in [`Self::FORMAT`].
    fn from_checked(text: &str) -> Option<Self>;

    /// Parses a wire text, with the same message `cargo contracts validate` gives when it is not in the format.
    fn from_wire(text: &str) -> Result<Self, String> {
        format::check(Self::FORMAT, Self::KIND, text)?;
        Self::from_checked(text)
            .ok_or_else(|| format!("`{text}` is not in the wire format `{}`", Self::FORMAT))
    }
}

/// Declares a newtype over `$inner` travelling in `$format`, with serde, `Display`, `FromStr` and `From`.
macro_rules! wire_type {
    ($(#[$doc:meta])* $name:ident($inner:ty), $format:ident, $kind:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub $inner);

        impl $name {
            /// The typed value.
            pub fn get(self) -> $inner {
                self.0
            }
        }

        impl From<$inner> for $name {
            fn from(value: $inner) -> Self {
                $name(value)
            }
        }

        impl From<$name> for $inner {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_wire())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, String> {
                Self::from_wire(text)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.to_wire())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(WireVisitor::<$name>(PhantomData))
            }
        }

        impl Check for $name {
            fn check(&self, rule: &FieldRule, at: &str, out: &mut Vec<Violation>) {
                rule.check_text(&self.to_wire(), at, out);
            }
        }

        impl WireText for $name {
            const FORMAT: WireFormat = WireFormat::$format;
            const KIND: ValueKind = ValueKind::$kind;
            fn to_wire(&self) -> String {
                $name::write(self.0)
            }
            fn from_checked(text: &str) -> Option<Self> {
                $name::read(text).map($name)
            }
        }
    };
}

struct WireVisitor<T>(PhantomData<T>);

impl<T: WireText> Visitor<'_> for WireVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string in the wire format `{}`", T::FORMAT)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        T::from_wire(text).map_err(E::custom)
    }
}

wire_type!(
    /// An integer written as a string: `"75000"`.
    IntegerString(i64), NumberAsString, Integer
);
wire_type!(
    /// A decimal written as a string, keeping its scale: `"75000.50"`.
    DecimalString(Decimal), NumberAsString, Decimal
);
wire_type!(
    /// `"True"` / `"False"`.
    BoolTrueFalse(bool), BoolTrueFalse, Other
);
wire_type!(
    /// `"true"` / `"false"`, as strings.
    BoolLowercase(bool), BoolLowercase, Other
);
wire_type!(
    /// `"1"` / `"0"`.
    BoolZeroOne(bool), BoolZeroOne, Other
);
wire_type!(
    /// A date as `yyyyMMdd`: `"20250312"`.
    DateCompact(Date), DateCompact, Other
);
wire_type!(
    /// A date as `yyyy-MM-dd`.
    DateIso(Date), DateIso, Other
);
wire_type!(
    /// A date as `dd/MM/yyyy`.
    DateSlashed(Date), DateSlashed, Other
);
wire_type!(
    /// A date-time as `yyyyMMddHHmmss` in Vietnam time (UTC+7): `"20250312083000"`.
    DateTimeCompact(PrimitiveDateTime), DateTimeCompact, Other
);
wire_type!(
    /// A date-time as `yyyy-MM-dd HH:mm:ss` in Vietnam time.
    DateTimeSpaced(PrimitiveDateTime), DateTimeSpaced, Other
);
wire_type!(
    /// An RFC 3339 date-time with its offset. Written back with `Z` for UTC and without trailing zeros in the
    /// fraction of a second, so texts in other spellings of the same instant are read but not reproduced.
    DateTimeRfc3339(OffsetDateTime), DateTimeRfc3339, Other
);

impl IntegerString {
    fn write(value: i64) -> String {
        value.to_string()
    }
    fn read(text: &str) -> Option<i64> {
        text.parse().ok()
    }
}

impl DecimalString {
    fn write(value: Decimal) -> String {
        value.to_string()
    }
    fn read(text: &str) -> Option<Decimal> {
        Decimal::from_str_exact(text).ok()
    }
}

impl BoolTrueFalse {
    fn write(value: bool) -> String {
        if value { "True" } else { "False" }.to_owned()
    }
    fn read(text: &str) -> Option<bool> {
        Some(text == "True")
    }
}

impl BoolLowercase {
    fn write(value: bool) -> String {
        value.to_string()
    }
    fn read(text: &str) -> Option<bool> {
        Some(text == "true")
    }
}

impl BoolZeroOne {
    fn write(value: bool) -> String {
        if value { "1" } else { "0" }.to_owned()
    }
    fn read(text: &str) -> Option<bool> {
        Some(text == "1")
    }
}

impl DateCompact {
    fn write(date: Date) -> String {
        let (y, m, d) = ymd(date);
        format!("{y:04}{m:02}{d:02}")
    }
    fn read(text: &str) -> Option<Date> {
        date(format::parse_date(WireFormat::DateCompact, text)?)
    }
}

impl DateIso {
    fn write(date: Date) -> String {
        let (y, m, d) = ymd(date);
        format!("{y:04}-{m:02}-{d:02}")
    }
    fn read(text: &str) -> Option<Date> {
        date(format::parse_date(WireFormat::DateIso, text)?)
    }
}

impl DateSlashed {
    fn write(date: Date) -> String {
        let (y, m, d) = ymd(date);
        format!("{d:02}/{m:02}/{y:04}")
    }
    fn read(text: &str) -> Option<Date> {
        date(format::parse_date(WireFormat::DateSlashed, text)?)
    }
}

impl DateTimeCompact {
    fn write(value: PrimitiveDateTime) -> String {
        let (y, mo, d) = ymd(value.date());
        let (h, mi, s) = value.time().as_hms();
        format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}")
    }
    fn read(text: &str) -> Option<PrimitiveDateTime> {
        let (d, t) = format::parse_date_time(WireFormat::DateTimeCompact, text)?;
        Some(PrimitiveDateTime::new(date(d)?, clock(t)?))
    }
}

impl DateTimeSpaced {
    fn write(value: PrimitiveDateTime) -> String {
        let (y, mo, d) = ymd(value.date());
        let (h, mi, s) = value.time().as_hms();
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
    fn read(text: &str) -> Option<PrimitiveDateTime> {
        let (d, t) = format::parse_date_time(WireFormat::DateTimeSpaced, text)?;
        Some(PrimitiveDateTime::new(date(d)?, clock(t)?))
    }
}

impl DateTimeRfc3339 {
    fn write(value: OffsetDateTime) -> String {
        let (y, mo, d) = ymd(value.date());
        let (h, mi, s) = value.time().as_hms();
        let nanos = value.nanosecond();
        let fraction = if nanos == 0 {
            String::new()
        } else {
            format!(".{nanos:09}").trim_end_matches('0').to_owned()
        };
        let offset = value.offset();
        let zone = if offset.is_utc() {
            "Z".to_owned()
        } else {
            let (oh, om, _) = offset.as_hms();
            let sign = if offset.is_negative() { '-' } else { '+' };
            format!("{sign}{:02}:{:02}", oh.unsigned_abs(), om.unsigned_abs())
        };
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}{zone}")
    }
    fn read(text: &str) -> Option<OffsetDateTime> {
        let parts = format::parse_rfc3339(text)?;
        let (h, m, s) = parts.time;
        let time = Time::from_hms_nano(h, m, s, parts.nanos).ok()?;
        let offset = UtcOffset::from_whole_seconds(parts.offset_seconds).ok()?;
        Some(PrimitiveDateTime::new(date(parts.date)?, time).assume_offset(offset))
    }
}

fn ymd(date: Date) -> (i32, u8, u8) {
    (date.year(), u8::from(date.month()), date.day())
}

fn date((year, month, day): (i32, u8, u8)) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

fn clock((hour, minute, second): (u8, u8, u8)) -> Option<Time> {
    Time::from_hms(hour, minute, second).ok()
}

/// A decimal travelling as a JSON number. Whole values are written as integers (`75000`), others as the
/// shortest decimal that reads back to the same `f64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DecimalNumber(pub Decimal);

impl Serialize for DecimalNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0.normalize();
        if value.scale() == 0
            && let Ok(whole) = i64::try_from(value)
        {
            return serializer.serialize_i64(whole);
        }
        match value.to_string().parse::<f64>() {
            Ok(float) => serializer.serialize_f64(float),
            Err(_) => Err(serde::ser::Error::custom(
                "the decimal cannot be written as a JSON number",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for DecimalNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = DecimalNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DecimalNumber, E> {
                Ok(DecimalNumber(Decimal::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DecimalNumber, E> {
                Ok(DecimalNumber(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DecimalNumber, E> {
                Decimal::from_str_exact(&v.to_string())
                    .map(DecimalNumber)
                    .map_err(|_| E::custom(format!("{v} is not a decimal of at most 28 digits")))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

impl fmt::Display for DecimalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Check for DecimalNumber {
    fn check(&self, rule: &FieldRule, at: &str, out: &mut Vec<Violation>) {
        rule.check_text(&self.0.normalize().to_string(), at, out);
    }
}

/// A code of catalogue `C` sent as a JSON string, where the catalogue itself is sent as numbers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CodeAsString<C>(pub C);

/// A code of catalogue `C` sent as a JSON number, where the catalogue itself is sent as strings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CodeAsNumber<C>(pub C);

macro_rules! code_wrapper {
    ($name:ident, $format:ident) => {
        impl<C: Catalogue> Serialize for $name<C> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                catalogue::serialize_code(self.0.code(), WireFormat::$format, serializer)
            }
        }

        impl<'de, C: Catalogue> Deserialize<'de> for $name<C> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                catalogue::deserialize_code(WireFormat::$format, deserializer)
                    .map(|code| $name(C::from_code(&code)))
            }
        }

        impl<C: Catalogue> Check for $name<C> {
            fn check(&self, rule: &FieldRule, at: &str, out: &mut Vec<Violation>) {
                catalogue::check_code(&self.0, rule, at, out);
            }
        }
    };
}

code_wrapper!(CodeAsString, CodeString);
code_wrapper!(CodeAsNumber, CodeNumber);

/// The field rules of a generated struct, in the order of its fields: what [`read`] and [`read_optional`] read
/// each field by.
pub trait Rules {
    fn rules() -> &'static [FieldRule];
}

/// Reads field `I` of the struct `S` as `validate` reads it, then as the canonical `T`: a whole JSON number
/// written `1.0` or `1E2` is the integer it equals, and a value in a form the field accepts
/// ([`FieldRule::accepts`]) is taken in its canonical form. A required field that is absent (`""` or `null`
/// where it accepts those as absent) is an error.
pub fn read<'de, D, S, const I: usize, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    S: Rules,
    T: serde::de::DeserializeOwned,
{
    let value = serde_json::Value::deserialize(deserializer)?;
    let rule = rule_of::<S, D::Error>(I)?;
    if rule.is_absent(&value) {
        return Err(de::Error::custom(format!(
            "required field `{}` is missing (`{value}` means absent)",
            rule.wire_name
        )));
    }
    T::deserialize(canonical(rule, value)).map_err(de::Error::custom)
}

/// [`read`] for an optional field: absent when missing (with `#[serde(default)]`), or `""` or `null` where the
/// field accepts them as absent; `null` is otherwise an error, as in `validate`.
pub fn read_optional<'de, D, S, const I: usize, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    S: Rules,
    T: serde::de::DeserializeOwned,
{
    let value = serde_json::Value::deserialize(deserializer)?;
    let rule = rule_of::<S, D::Error>(I)?;
    if rule.is_absent(&value) {
        return Ok(None);
    }
    T::deserialize(canonical(rule, value))
        .map(Some)
        .map_err(de::Error::custom)
}

/// An optional field with no special form: `Some` of the value, which must be present (`null` is not absent
/// unless the field says so, and such fields use [`read_optional`]).
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

fn rule_of<S: Rules, E: de::Error>(index: usize) -> Result<&'static FieldRule, E> {
    S::rules()
        .get(index)
        .ok_or_else(|| E::custom(format!("the generated type has no rule {index}")))
}

/// `value` (each item, for a list) in the field's canonical form: whole JSON numbers as integers, and values in
/// an accepted format converted. Anything else is left as it is, for the type to refuse.
fn canonical(rule: &FieldRule, value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Array(items) => serde_json::Value::Array(
            items
                .into_iter()
                .map(|item| canonical_item(rule, item))
                .collect(),
        ),
        single => canonical_item(rule, single),
    }
}

fn canonical_item(rule: &FieldRule, value: serde_json::Value) -> serde_json::Value {
    if let (WireFormat::Number, ValueKind::Integer, serde_json::Value::Number(n)) =
        (rule.format, rule.kind, &value)
    {
        return n
            .as_i64()
            .or_else(|| n.as_f64().and_then(format::whole_number))
            .map_or(value, serde_json::Value::from);
    }
    if format::in_format(rule.format, rule.kind, &value) {
        return value;
    }
    rule.accepts
        .iter()
        .find_map(|accepted| match accepted {
            Accept::Format(from) => format::to_canonical(*from, rule.format, rule.kind, &value),
            Accept::Empty | Accept::Null => None,
        })
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: WireText + Serialize + for<'de> Deserialize<'de>>(text: &str) {
        let json = serde_json::Value::from(text);
        let value: T =
            serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(serde_json::to_value(&value).unwrap(), json, "{text}");
    }

    #[test]
    fn every_accepted_text_is_written_back_unchanged() {
        round_trip::<IntegerString>("75000");
        round_trip::<IntegerString>("-12");
        round_trip::<DecimalString>("75000.50");
        round_trip::<DecimalString>("0.5");
        round_trip::<BoolTrueFalse>("False");
        round_trip::<BoolLowercase>("true");
        round_trip::<BoolZeroOne>("0");
        round_trip::<DateCompact>("20240229");
        round_trip::<DateIso>("2024-02-29");
        round_trip::<DateSlashed>("29/02/2024");
        round_trip::<DateTimeCompact>("20250312083005");
        round_trip::<DateTimeSpaced>("2025-03-12 23:59:59");
        round_trip::<DateTimeRfc3339>("2025-03-12T08:30:00+07:00");
        round_trip::<DateTimeRfc3339>("2025-03-12T08:30:00.125Z");
        round_trip::<DateTimeRfc3339>("2025-03-12T08:30:00-03:30");
    }

    #[test]
    fn texts_outside_the_format_fail_with_the_validator_message() {
        let error = serde_json::from_value::<DateTimeCompact>("20250230083000".into()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`20250230083000` is not in the wire format `yyyyMMddHHmmss`"
        );
        assert!(serde_json::from_value::<IntegerString>("075000".into()).is_err());
        assert!(serde_json::from_value::<IntegerString>(75000.into()).is_err());
        assert!(serde_json::from_value::<BoolTrueFalse>("true".into()).is_err());
    }

    #[test]
    fn typed_values_are_what_the_text_says() {
        let value: DateTimeCompact = "20250312083005".parse().unwrap();
        assert_eq!(
            value.0.date(),
            Date::from_calendar_date(2025, Month::March, 12).unwrap()
        );
        assert_eq!(value.0.time().as_hms(), (8, 30, 5));
        let amount: DecimalString = "75000.50".parse().unwrap();
        assert_eq!(amount.0, Decimal::new(7500050, 2));
        assert!(BoolTrueFalse::from_wire("True").unwrap().0);
    }

    #[test]
    fn decimal_numbers_keep_their_json_value() {
        for json in ["75000", "12.5", "-0.25"] {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            let decimal: DecimalNumber = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(serde_json::to_value(decimal).unwrap(), value, "{json}");
        }
    }
}
