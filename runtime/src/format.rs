//! Every wire format a value can take, and the one function that decides whether a text is in it.

use std::fmt;

/// The exact form a value takes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WireFormat {
    /// Free text.
    Text,
    Email,
    Uri,
    Phone,
    /// A JSON number.
    Number,
    /// A number in a JSON string, in canonical form: `"75000"`, `"75000.50"`; no leading zeros or `+`.
    NumberAsString,
    /// `"True"` / `"False"`.
    BoolTrueFalse,
    /// `"true"` / `"false"` as strings.
    BoolLowercase,
    /// `"0"` / `"1"`.
    BoolZeroOne,
    /// A JSON boolean.
    BoolJson,
    /// `yyyyMMdd`.
    DateCompact,
    /// `yyyy-MM-dd`.
    DateIso,
    /// `dd/MM/yyyy`.
    DateSlashed,
    /// `yyyyMMddHHmmss`, Vietnam time.
    DateTimeCompact,
    /// `yyyy-MM-dd HH:mm:ss`, Vietnam time.
    DateTimeSpaced,
    /// RFC 3339 with an offset.
    DateTimeRfc3339,
    /// A code as a JSON string.
    CodeString,
    /// A code as a JSON number.
    CodeNumber,
    /// An attachment given by URL.
    AttachmentUrl,
    /// An attachment embedded as base64.
    AttachmentBase64,
    /// A nested JSON object.
    Object,
}

impl WireFormat {
    /// The name of this format as written in contracts (`format: yyyyMMddHHmmss`).
    pub fn name(self) -> &'static str {
        use WireFormat::*;
        match self {
            Text => "text",
            Email => "email",
            Uri => "uri",
            Phone => "phone",
            Number | CodeNumber => "number",
            NumberAsString | CodeString => "string",
            BoolTrueFalse => "True/False",
            BoolLowercase => "true/false",
            BoolZeroOne => "0/1",
            BoolJson => "boolean",
            DateCompact => "yyyyMMdd",
            DateIso => "yyyy-MM-dd",
            DateSlashed => "dd/MM/yyyy",
            DateTimeCompact => "yyyyMMddHHmmss",
            DateTimeSpaced => "yyyy-MM-dd HH:mm:ss",
            DateTimeRfc3339 => "rfc3339",
            AttachmentUrl => "url",
            AttachmentBase64 => "base64",
            Object => "object",
        }
    }

    /// Whether the value travels as a JSON number (rather than a string, boolean or object).
    pub fn is_json_number(self) -> bool {
        matches!(self, WireFormat::Number | WireFormat::CodeNumber)
    }

    /// How the format is named in messages.
    fn describe(self) -> &'static str {
        match self {
            WireFormat::NumberAsString => "a number written as a string, e.g. \"75000\"",
            WireFormat::Number => "a number",
            other => other.name(),
        }
    }
}

impl fmt::Display for WireFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a field holds, as far as its wire text is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A whole number: it fits an `i64`, and ranges (`min`, `max`) apply.
    Integer,
    /// A decimal number of at most 28 significant digits; ranges apply.
    Decimal,
    /// Anything else: text, dates, booleans, codes, attachments.
    Other,
}

impl ValueKind {
    pub fn is_numeric(self) -> bool {
        self != ValueKind::Other
    }
}

/// Whether `text` is in `format` for a value of `kind`. The error is the message to show.
///
/// Numbers must fit the typed value that holds them: an `i64` for integers, 28 significant digits for decimals.
pub fn check(format: WireFormat, kind: ValueKind, text: &str) -> Result<(), String> {
    use WireFormat::*;
    let ok = match format {
        Text | Object | CodeString | CodeNumber | BoolJson => true,
        Email => is_email(text),
        Uri | AttachmentUrl => is_uri(text),
        Phone => is_phone(text),
        AttachmentBase64 => is_base64(text),
        Number | NumberAsString => is_number(text, kind == ValueKind::Integer),
        BoolTrueFalse => matches!(text, "True" | "False"),
        BoolLowercase => matches!(text, "true" | "false"),
        BoolZeroOne => matches!(text, "0" | "1"),
        DateCompact | DateIso | DateSlashed => parse_date(format, text).is_some(),
        DateTimeCompact | DateTimeSpaced => parse_date_time(format, text).is_some(),
        DateTimeRfc3339 => parse_rfc3339(text).is_some(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not in the wire format `{}`",
            format.describe()
        ))
    }
}

/// Year, month and day.
pub(crate) type Ymd = (i32, u8, u8);
/// Hour, minute and second.
pub(crate) type Hms = (u8, u8, u8);

/// Year, month, day of a date in one of the date formats, if it is a real calendar date.
pub(crate) fn parse_date(format: WireFormat, text: &str) -> Option<Ymd> {
    let (template, year, month, day) = match format {
        WireFormat::DateCompact => ("dddddddd", 0..4, 4..6, 6..8),
        WireFormat::DateIso => ("dddd-dd-dd", 0..4, 5..7, 8..10),
        WireFormat::DateSlashed => ("dd/dd/dddd", 6..10, 3..5, 0..2),
        _ => return None,
    };
    let digits = fits(text, template)?;
    calendar_date(&digits[year], &digits[month], &digits[day])
}

/// Date and time of day of a date-time in the compact or spaced format, if both are real.
pub(crate) fn parse_date_time(format: WireFormat, text: &str) -> Option<(Ymd, Hms)> {
    let (template, date, time) = match format {
        WireFormat::DateTimeCompact => (
            "dddddddddddddd",
            [0..4, 4..6, 6..8],
            [8..10, 10..12, 12..14],
        ),
        WireFormat::DateTimeSpaced => (
            "dddd-dd-dd dd:dd:dd",
            [0..4, 5..7, 8..10],
            [11..13, 14..16, 17..19],
        ),
        _ => return None,
    };
    let d = fits(text, template)?;
    let [y, mo, da] = date;
    let [h, mi, s] = time;
    Some((
        calendar_date(&d[y], &d[mo], &d[da])?,
        clock_time(&d[h], &d[mi], &d[s])?,
    ))
}

/// The parts of an RFC 3339 date-time: date, time, nanoseconds and offset in seconds.
pub(crate) struct Rfc3339 {
    pub date: Ymd,
    pub time: Hms,
    pub nanos: u32,
    pub offset_seconds: i32,
}

pub(crate) fn parse_rfc3339(text: &str) -> Option<Rfc3339> {
    let head = fits(text.get(..19)?, "dddd-dd-ddTdd:dd:dd")?;
    let date = calendar_date(&head[0..4], &head[5..7], &head[8..10])?;
    let time = clock_time(&head[11..13], &head[14..16], &head[17..19])?;
    let mut rest = &text[19..];
    let mut nanos = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        let padded = format!("{:0<9}", &fraction[..digits]);
        nanos = padded.parse().ok()?;
        rest = &fraction[digits..];
    }
    let offset_seconds = if rest == "Z" {
        0
    } else {
        let sign = match rest.as_bytes().first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return None,
        };
        let offset = fits(&rest[1..], "dd:dd")?;
        let (hours, minutes): (i32, i32) = (offset[0..2].parse().ok()?, offset[3..5].parse().ok()?);
        if hours > 23 || minutes > 59 {
            return None;
        }
        sign * (hours * 3600 + minutes * 60)
    };
    Some(Rfc3339 {
        date,
        time,
        nanos,
        offset_seconds,
    })
}

/// `text` if it has the shape of `template`, where `d` stands for an ASCII digit.
fn fits<'t>(text: &'t str, template: &str) -> Option<&'t str> {
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

fn calendar_date(year: &str, month: &str, day: &str) -> Option<Ymd> {
    let (year, month, day) = (
        year.parse::<i32>().ok()?,
        month.parse::<u8>().ok()?,
        day.parse::<u8>().ok()?,
    );
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some((year, month, day))
}

fn clock_time(hour: &str, minute: &str, second: &str) -> Option<Hms> {
    let (h, m, s) = (
        hour.parse::<u8>().ok()?,
        minute.parse::<u8>().ok()?,
        second.parse::<u8>().ok()?,
    );
    (h < 24 && m < 60 && s < 60).then_some((h, m, s))
}

/// Most significant digits a decimal may have: what `rust_decimal::Decimal` holds exactly.
const DECIMAL_DIGITS: usize = 28;

/// A number in canonical form: optional `-`, no leading zeros, a fraction only for decimals, not `-0`.
fn is_number(text: &str, integer: bool) -> bool {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) if !integer => (whole, fraction),
        Some(_) => return false,
        None => (digits, ""),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let canonical_whole = all_digits(whole) && (whole == "0" || !whole.starts_with('0'));
    let fraction_ok = !digits.contains('.') || all_digits(fraction);
    let zero = digits.bytes().all(|b| b == b'0' || b == b'.');
    let fits = if integer {
        text.parse::<i64>().is_ok()
    } else {
        whole.len() + fraction.len() <= DECIMAL_DIGITS
    };
    canonical_whole && fraction_ok && !(negative && zero) && fits
}

/// A character that never appears in an e-mail address or URI: a control character or a space.
fn is_blank(c: char) -> bool {
    c <= ' ' || c == '\u{7f}'
}

fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !text.contains(is_blank)
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
                && !text.contains(is_blank)
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
    text.len().is_multiple_of(4)
        && text.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// Days in each month, for the patterns: 31-day months, 30-day months, and February (29 days in every year:
/// the leap-year rule is the one thing about dates a regular expression does not say).
const MONTH_DAY: &str = "(?:(?:0[13578]|1[02])(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)(?:0[1-9]|[12][0-9]|30)|02(?:0[1-9]|1[0-9]|2[0-9]))";

/// The regular expression every validator asserts for a text in `format` (of a `kind` value), as the JSON
/// Schemas publish it in `pattern`; `None` for formats whose JSON type says it all (free text, JSON numbers,
/// JSON booleans, codes, objects).
///
/// [`check`] accepts exactly the texts the pattern matches, except what a regular expression cannot say; those
/// are the [`Inexpressible`] cases. The patterns use only what every JSON Schema validator's regular
/// expressions share: literals, ASCII classes and `\x` escapes, non-capturing groups, alternation and bounded
/// repetition.
pub fn pattern(format: WireFormat, kind: ValueKind) -> Option<String> {
    use WireFormat::*;
    const TIME: &str = "(?:[01][0-9]|2[0-3])";
    const SIXTY: &str = "[0-5][0-9]";
    let pattern = match format {
        Text | Object | CodeString | CodeNumber | BoolJson | Number => return None,
        Email => r"^[^@\x00-\x20\x7F]+@[^.\x00-\x20\x7F][^\x00-\x20\x7F]*\.[^\x00-\x20\x7F]*$".to_owned(),
        Uri | AttachmentUrl => r"^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20\x7F]+$".to_owned(),
        Phone => r"^\+?[ ().-]*(?:[0-9][ ().-]*){6,20}$".to_owned(),
        AttachmentBase64 => {
            "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$".to_owned()
        }
        NumberAsString if kind == ValueKind::Integer => "^(?:0|-?[1-9][0-9]{0,18})$".to_owned(),
        NumberAsString => {
            r"^(?:-?[1-9][0-9]*(?:\.[0-9]+)?|-?0\.[0-9]*[1-9][0-9]*|0(?:\.0+)?)$".to_owned()
        }
        BoolTrueFalse => "^(?:True|False)$".to_owned(),
        BoolLowercase => "^(?:true|false)$".to_owned(),
        BoolZeroOne => "^[01]$".to_owned(),
        DateCompact => format!("^[0-9]{{4}}{MONTH_DAY}$"),
        DateIso => format!("^[0-9]{{4}}-{}$", dashed(MONTH_DAY)),
        DateSlashed => {
            "^(?:(?:0[1-9]|[12][0-9]|3[01])/(?:0[13578]|1[02])|(?:0[1-9]|[12][0-9]|30)/(?:0[469]|11)|(?:0[1-9]|1[0-9]|2[0-9])/02)/[0-9]{4}$".to_owned()
        }
        DateTimeCompact => format!("^[0-9]{{4}}{MONTH_DAY}{TIME}{SIXTY}{SIXTY}$"),
        DateTimeSpaced => format!(
            "^[0-9]{{4}}-{} {TIME}:{SIXTY}:{SIXTY}$",
            dashed(MONTH_DAY)
        ),
        DateTimeRfc3339 => format!(
            r"^[0-9]{{4}}-{}T{TIME}:{SIXTY}:{SIXTY}(?:\.[0-9]{{1,9}})?(?:Z|[+-]{TIME}:{SIXTY})$",
            dashed(MONTH_DAY)
        ),
    };
    Some(pattern)
}

/// The month-and-day pattern with a `-` between month and day.
fn dashed(month_day: &str) -> String {
    month_day
        .replace("(?:0[13578]|1[02])(", "(?:0[13578]|1[02])-(")
        .replace("(?:0[469]|11)(", "(?:0[469]|11)-(")
        .replace("02(", "02-(")
}

/// What [`check`] rejects although [`pattern`] matches: the only ways a value can satisfy a published JSON
/// Schema and still be refused by `validate` and the generated types (each is listed in the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Inexpressible {
    /// 29 February of a year that is not a leap year.
    LeapDay,
    /// An integer sent as a string, of 19 digits and beyond the range of a 64-bit integer.
    IntegerBeyondI64,
    /// A decimal with more than 28 digits (sent as a string, or as a JSON number such as `1e300`).
    DecimalBeyond28Digits,
}

impl Inexpressible {
    pub const ALL: [Inexpressible; 3] = [
        Inexpressible::LeapDay,
        Inexpressible::IntegerBeyondI64,
        Inexpressible::DecimalBeyond28Digits,
    ];

    /// The name the README and the agreement tests use.
    pub fn name(self) -> &'static str {
        match self {
            Inexpressible::LeapDay => "leap-day",
            Inexpressible::IntegerBeyondI64 => "integer-beyond-i64",
            Inexpressible::DecimalBeyond28Digits => "decimal-beyond-28-digits",
        }
    }

    /// Which case makes [`check`] refuse a text that [`pattern`] matches; `None` when they agree.
    pub fn of(format: WireFormat, kind: ValueKind, text: &str) -> Option<Inexpressible> {
        use WireFormat::*;
        if check(format, kind, text).is_ok() {
            return None;
        }
        match format {
            DateCompact | DateIso | DateSlashed | DateTimeCompact | DateTimeSpaced
            | DateTimeRfc3339 => Some(Inexpressible::LeapDay),
            NumberAsString if kind == ValueKind::Integer => Some(Inexpressible::IntegerBeyondI64),
            NumberAsString => Some(Inexpressible::DecimalBeyond28Digits),
            Number if kind == ValueKind::Decimal => Some(Inexpressible::DecimalBeyond28Digits),
            _ => None,
        }
        .filter(|_| matches_pattern(format, kind, text))
    }
}

/// Whether `text` matches [`pattern`] (compiled once per format and kind).
pub fn matches_pattern(format: WireFormat, kind: ValueKind, text: &str) -> bool {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    /// The compiled pattern of each format and integer-ness (`None`: the format has no pattern).
    type Compiled = HashMap<(WireFormat, bool), Option<crate::matcher::Matcher>>;
    static COMPILED: OnceLock<Mutex<Compiled>> = OnceLock::new();
    let key = (format, kind == ValueKind::Integer);
    let compiled = COMPILED.get_or_init(Mutex::default);
    let Ok(mut compiled) = compiled.lock() else {
        return false;
    };
    let regex = compiled.entry(key).or_insert_with(|| {
        pattern(format, kind).and_then(|p| crate::matcher::Matcher::new(&p).ok())
    });
    regex.as_ref().is_none_or(|regex| regex.is_match(text))
}

/// A form a reader accepts for a field, besides its canonical wire format. Writers send the canonical form only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Accept {
    /// `""` means the field is absent.
    Empty,
    /// JSON `null` means the field is absent.
    Null,
    /// A value in another wire format of the same type (a number sent as a string, `0/1` for a boolean...).
    Format(WireFormat),
}

impl Accept {
    /// The name contracts write in `accepts:`: `empty`, `null`, or the wire format's name.
    pub fn name(self) -> &'static str {
        match self {
            Accept::Empty => "empty",
            Accept::Null => "null",
            Accept::Format(format) => format.name(),
        }
    }
}

impl fmt::Display for Accept {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The other wire formats a value of this kind can be read from, given its canonical format: the formats of the
/// same type (numbers as JSON numbers or strings, the boolean spellings, the date and date-time formats, codes as
/// strings or numbers).
pub fn alternatives(canonical: WireFormat) -> &'static [WireFormat] {
    use WireFormat::*;
    match canonical {
        Number | NumberAsString => &[Number, NumberAsString],
        BoolTrueFalse | BoolLowercase | BoolZeroOne | BoolJson => {
            &[BoolTrueFalse, BoolLowercase, BoolZeroOne, BoolJson]
        }
        DateCompact | DateIso | DateSlashed => &[DateCompact, DateIso, DateSlashed],
        DateTimeCompact | DateTimeSpaced | DateTimeRfc3339 => {
            &[DateTimeCompact, DateTimeSpaced, DateTimeRfc3339]
        }
        CodeString | CodeNumber => &[CodeString, CodeNumber],
        Text | Email | Uri | Phone | AttachmentUrl | AttachmentBase64 | Object => &[],
    }
}

/// `value`, read in `from` (an alternative of `to`), written in `to`: the canonical form a reader takes it as.
/// `None` when `value` is not in `from`.
pub fn to_canonical(
    from: WireFormat,
    to: WireFormat,
    kind: ValueKind,
    value: &serde_json::Value,
) -> Option<serde_json::Value> {
    use WireFormat::*;
    use serde_json::Value;
    if from == to {
        return Some(value.clone());
    }
    match (from, to, value) {
        (Number, NumberAsString, Value::Number(n)) => {
            let text = number_text(n, kind)?;
            check(NumberAsString, kind, &text).ok()?;
            Some(Value::String(text))
        }
        (NumberAsString, Number, Value::String(text)) => {
            check(NumberAsString, kind, text).ok()?;
            serde_json::from_str::<Value>(text).ok()
        }
        (CodeNumber, CodeString, Value::Number(n)) if n.is_i64() || n.is_u64() => {
            Some(Value::String(n.to_string()))
        }
        (CodeString, CodeNumber, Value::String(text)) => {
            let code: i64 = text.parse().ok()?;
            (code.to_string() == *text).then(|| Value::from(code))
        }
        (_, _, _) if from.is_boolean() && to.is_boolean() => {
            let truth = read_bool(from, value)?;
            Some(write_bool(to, truth))
        }
        (_, _, Value::String(text)) if from.is_date() && to.is_date() => {
            let date = parse_date(from, text)?;
            Some(Value::String(write_date(to, date)))
        }
        (_, _, Value::String(text)) if from.is_date_time() && to.is_date_time() => {
            let local = match from {
                DateTimeRfc3339 => rfc3339_in_vietnam(text)?,
                _ => parse_date_time(from, text)?,
            };
            Some(Value::String(write_date_time(to, local)))
        }
        _ => None,
    }
}

/// The text of a JSON number as an integer or decimal of `kind`, in canonical form: integers by value (`1.0` and
/// `1E2` are whole numbers, as JSON Schema says), decimals in positional notation (`1E2` is `100`). `None` for an
/// integer beyond the range of `i64`, or a decimal of more than 28 digits.
pub fn number_text(n: &serde_json::Number, kind: ValueKind) -> Option<String> {
    let text = if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        let float = n.as_f64()?;
        match kind {
            ValueKind::Integer => whole_number(float)?.to_string(),
            _ if float == 0.0 => "0".to_owned(),
            _ => float.to_string(),
        }
    };
    let kind = if kind == ValueKind::Integer {
        kind
    } else {
        ValueKind::Decimal
    };
    is_number(&text, kind == ValueKind::Integer).then_some(text)
}

/// Whether `value` is in `format`: of its JSON type and, for strings, a text [`check`] accepts.
pub fn in_format(format: WireFormat, kind: ValueKind, value: &serde_json::Value) -> bool {
    use WireFormat::*;
    use serde_json::Value;
    match (format, value) {
        (Object, Value::Object(_))
        | (BoolJson, Value::Bool(_))
        | (CodeString, Value::String(_)) => true,
        (CodeNumber, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Number, Value::Number(n)) => number_text(n, kind).is_some(),
        (_, Value::String(text)) => {
            !matches!(format, Object | BoolJson | CodeNumber | Number)
                && check(format, kind, text).is_ok()
        }
        _ => false,
    }
}

/// An `f64` that is a whole number within the range of `i64`.
pub fn whole_number(float: f64) -> Option<i64> {
    // 2^63 is the first value beyond i64; every f64 below it in magnitude converts exactly when whole.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (float.fract() == 0.0 && (-LIMIT..LIMIT).contains(&float)).then_some(float as i64)
}

impl WireFormat {
    fn is_boolean(self) -> bool {
        matches!(
            self,
            WireFormat::BoolTrueFalse
                | WireFormat::BoolLowercase
                | WireFormat::BoolZeroOne
                | WireFormat::BoolJson
        )
    }

    fn is_date(self) -> bool {
        matches!(
            self,
            WireFormat::DateCompact | WireFormat::DateIso | WireFormat::DateSlashed
        )
    }

    fn is_date_time(self) -> bool {
        matches!(
            self,
            WireFormat::DateTimeCompact | WireFormat::DateTimeSpaced | WireFormat::DateTimeRfc3339
        )
    }
}

fn read_bool(format: WireFormat, value: &serde_json::Value) -> Option<bool> {
    use WireFormat::*;
    use serde_json::Value;
    match (format, value) {
        (BoolJson, Value::Bool(b)) => Some(*b),
        (BoolTrueFalse, Value::String(s)) => match s.as_str() {
            "True" => Some(true),
            "False" => Some(false),
            _ => None,
        },
        (BoolLowercase, Value::String(s)) => match s.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        (BoolZeroOne, Value::String(s)) => match s.as_str() {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn write_bool(format: WireFormat, truth: bool) -> serde_json::Value {
    use WireFormat::*;
    let text = match (format, truth) {
        (BoolJson, _) => return serde_json::Value::Bool(truth),
        (BoolTrueFalse, true) => "True",
        (BoolTrueFalse, false) => "False",
        (BoolLowercase, true) => "true",
        (BoolLowercase, false) => "false",
        (_, true) => "1",
        (_, false) => "0",
    };
    serde_json::Value::String(text.to_owned())
}

fn write_date(format: WireFormat, (year, month, day): Ymd) -> String {
    match format {
        WireFormat::DateIso => format!("{year:04}-{month:02}-{day:02}"),
        WireFormat::DateSlashed => format!("{day:02}/{month:02}/{year:04}"),
        _ => format!("{year:04}{month:02}{day:02}"),
    }
}

fn write_date_time(format: WireFormat, ((year, month, day), (h, m, s)): (Ymd, Hms)) -> String {
    match format {
        WireFormat::DateTimeSpaced => {
            format!("{year:04}-{month:02}-{day:02} {h:02}:{m:02}:{s:02}")
        }
        WireFormat::DateTimeRfc3339 => {
            format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}+07:00")
        }
        _ => format!("{year:04}{month:02}{day:02}{h:02}{m:02}{s:02}"),
    }
}

/// An RFC 3339 date-time as the local date and time of Vietnam (UTC+7), where the compact and spaced formats
/// live; the fraction of a second is dropped. `None` when the instant falls outside years 0 to 9999.
fn rfc3339_in_vietnam(text: &str) -> Option<(Ymd, Hms)> {
    use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};
    let parsed = parse_rfc3339(text)?;
    let (year, month, day) = parsed.date;
    let (hour, minute, second) = parsed.time;
    let date = Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    let local = PrimitiveDateTime::new(date, time)
        .assume_offset(UtcOffset::from_whole_seconds(parsed.offset_seconds).ok()?)
        .checked_to_offset(UtcOffset::from_hms(7, 0, 0).ok()?)?;
    let (year, month, day) = (local.year(), u8::from(local.month()), local.day());
    (0..=9999).contains(&year).then_some((
        (year, month, day),
        (local.hour(), local.minute(), local.second()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_in_and_out_of_each_format() {
        use WireFormat::*;
        let cases: &[(WireFormat, ValueKind, &str, bool)] = &[
            (DateTimeCompact, ValueKind::Other, "20250312083000", true),
            (DateTimeCompact, ValueKind::Other, "20250230083000", false),
            (DateTimeCompact, ValueKind::Other, "2025031208300", false),
            (DateTimeCompact, ValueKind::Other, "20250312246000", false),
            (DateCompact, ValueKind::Other, "20240229", true),
            (DateCompact, ValueKind::Other, "20230229", false),
            (DateSlashed, ValueKind::Other, "31/12/2025", true),
            (DateIso, ValueKind::Other, "2025-13-01", false),
            (
                DateTimeSpaced,
                ValueKind::Other,
                "2025-03-12 08:30:00",
                true,
            ),
            (
                DateTimeRfc3339,
                ValueKind::Other,
                "2025-03-12T08:30:00+07:00",
                true,
            ),
            (
                DateTimeRfc3339,
                ValueKind::Other,
                "2025-03-12T08:30:00.123Z",
                true,
            ),
            (
                DateTimeRfc3339,
                ValueKind::Other,
                "2025-03-12T08:30:00",
                false,
            ),
            (
                DateTimeRfc3339,
                ValueKind::Other,
                "2025-03-12T08:30:00.Z",
                false,
            ),
            (
                DateTimeRfc3339,
                ValueKind::Other,
                "2025-03-12T08:30:00+24:00",
                false,
            ),
            (BoolTrueFalse, ValueKind::Other, "True", true),
            (BoolTrueFalse, ValueKind::Other, "true", false),
            (BoolZeroOne, ValueKind::Other, "1", true),
            (NumberAsString, ValueKind::Integer, "75000", true),
            (NumberAsString, ValueKind::Integer, "0", true),
            (NumberAsString, ValueKind::Integer, "-12", true),
            (NumberAsString, ValueKind::Integer, "075000", false),
            (NumberAsString, ValueKind::Integer, "-0", false),
            (NumberAsString, ValueKind::Integer, "+5", false),
            (NumberAsString, ValueKind::Integer, "75000.5", false),
            (
                NumberAsString,
                ValueKind::Integer,
                "9223372036854775808",
                false,
            ),
            (NumberAsString, ValueKind::Decimal, "75000.5", true),
            (NumberAsString, ValueKind::Decimal, "75000.50", true),
            (NumberAsString, ValueKind::Decimal, "0.5", true),
            (NumberAsString, ValueKind::Decimal, "-0.0", false),
            (NumberAsString, ValueKind::Decimal, "7e5", false),
            (NumberAsString, ValueKind::Decimal, "5.", false),
            (NumberAsString, ValueKind::Decimal, "", false),
            (
                NumberAsString,
                ValueKind::Decimal,
                "12345678901234567890123456789",
                false,
            ),
            (Email, ValueKind::Other, "a@b.vn", true),
            (Email, ValueKind::Other, "a b@c.vn", false),
            (Uri, ValueKind::Other, "https://dichvucong.gov.vn/x", true),
            (Uri, ValueKind::Other, "not a uri", false),
            (Phone, ValueKind::Other, "+84 24 3823 4567", true),
            (Phone, ValueKind::Other, "12", false),
            (AttachmentBase64, ValueKind::Other, "aGVsbG8=", true),
            (AttachmentBase64, ValueKind::Other, "aGVsbG8", false),
        ];
        for (format, kind, text, ok) in cases {
            assert_eq!(
                check(*format, *kind, text).is_ok(),
                *ok,
                "{format:?} {text:?}"
            );
        }
    }

    #[test]
    fn messages_name_the_format() {
        assert_eq!(
            check(WireFormat::DateCompact, ValueKind::Other, "2025-01-01").unwrap_err(),
            "`2025-01-01` is not in the wire format `yyyyMMdd`"
        );
    }

    /// A small deterministic generator of test texts (xorshift), so the runtime needs no random crate.
    struct Texts(u64);

    impl Texts {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        /// A text near `seed`: a character replaced, inserted or removed, or the seed itself.
        fn near(&mut self, seed: &str) -> String {
            const ALPHABET: &[char] = &[
                '0', '1', '2', '3', '9', '-', ':', '.', ' ', 'T', 'Z', '+', '/', '@', 'a', 'x',
                '=', '\u{7f}', '\t', '\u{a0}', 'é',
            ];
            let mut chars: Vec<char> = seed.chars().collect();
            let pick = |n: u64, len: usize| (n % len.max(1) as u64) as usize;
            for _ in 0..(self.next() % 3) {
                let c = ALPHABET[pick(self.next(), ALPHABET.len())];
                match self.next() % 3 {
                    0 if !chars.is_empty() => {
                        let at = pick(self.next(), chars.len());
                        chars[at] = c;
                    }
                    1 => {
                        let at = pick(self.next(), chars.len() + 1);
                        chars.insert(at, c);
                    }
                    _ if !chars.is_empty() => {
                        let at = pick(self.next(), chars.len());
                        chars.remove(at);
                    }
                    _ => {}
                }
            }
            chars.into_iter().collect()
        }
    }

    /// The published pattern and `check` accept the same texts, except the cases listed as inexpressible.
    #[test]
    fn the_pattern_of_each_format_agrees_with_check() {
        use WireFormat::*;
        let seeds: &[(WireFormat, ValueKind, &[&str])] = &[
            (
                Email,
                ValueKind::Other,
                &["a@b.vn", "ten.ho@co-quan.gov.vn"],
            ),
            (
                Uri,
                ValueKind::Other,
                &["https://dichvucong.gov.vn/x?y=1", "urn:x:y"],
            ),
            (AttachmentUrl, ValueKind::Other, &["https://a.vn/f.pdf"]),
            (
                Phone,
                ValueKind::Other,
                &["+84 24 3823 4567", "0912345678", "(024) 123-456"],
            ),
            (
                AttachmentBase64,
                ValueKind::Other,
                &["aGVsbG8=", "aGk=", "YWJj"],
            ),
            (
                NumberAsString,
                ValueKind::Integer,
                &["75000", "-12", "0", "9223372036854775807"],
            ),
            (
                NumberAsString,
                ValueKind::Decimal,
                &["75000.50", "0.5", "-3", "1234567890123456789012345678"],
            ),
            (BoolTrueFalse, ValueKind::Other, &["True", "False"]),
            (BoolLowercase, ValueKind::Other, &["true", "false"]),
            (BoolZeroOne, ValueKind::Other, &["0", "1"]),
            (
                DateCompact,
                ValueKind::Other,
                &["20240229", "20231231", "20230228"],
            ),
            (DateIso, ValueKind::Other, &["2024-02-29", "2023-11-30"]),
            (DateSlashed, ValueKind::Other, &["29/02/2024", "31/12/2023"]),
            (
                DateTimeCompact,
                ValueKind::Other,
                &["20250312083000", "20240229235959"],
            ),
            (DateTimeSpaced, ValueKind::Other, &["2025-03-12 08:30:00"]),
            (
                DateTimeRfc3339,
                ValueKind::Other,
                &["2025-03-12T08:30:00+07:00", "2024-02-29T23:59:59.5Z"],
            ),
        ];
        let mut texts = Texts(0x9E37_79B9_7F4A_7C15);
        let mut inexpressible = std::collections::BTreeSet::new();
        for (format, kind, formats_seeds) in seeds {
            for seed in *formats_seeds {
                for _ in 0..3000 {
                    let text = texts.near(seed);
                    let by_check = check(*format, *kind, &text).is_ok();
                    let by_pattern = matches_pattern(*format, *kind, &text);
                    if by_check != by_pattern {
                        let why = Inexpressible::of(*format, *kind, &text);
                        assert!(
                            why.is_some() && by_pattern,
                            "{format:?}: {text:?} check {by_check}, pattern {by_pattern}"
                        );
                        inexpressible.extend(why);
                    }
                }
            }
        }
        // The cases are real: each one was met.
        for case in [Inexpressible::LeapDay, Inexpressible::IntegerBeyondI64] {
            assert!(inexpressible.contains(&case), "{case:?} never met");
        }
        assert_eq!(
            Inexpressible::of(DateCompact, ValueKind::Other, "20230229"),
            Some(Inexpressible::LeapDay)
        );
        assert_eq!(
            Inexpressible::of(NumberAsString, ValueKind::Integer, "9223372036854775808"),
            Some(Inexpressible::IntegerBeyondI64)
        );
        assert_eq!(
            Inexpressible::of(
                NumberAsString,
                ValueKind::Decimal,
                "12345678901234567890123456789"
            ),
            Some(Inexpressible::DecimalBeyond28Digits)
        );
    }

    #[test]
    fn accepted_forms_become_the_canonical_one() {
        use WireFormat::*;
        use serde_json::{Value, json};
        let cases: &[(WireFormat, WireFormat, ValueKind, Value, Option<Value>)] = &[
            (
                Number,
                NumberAsString,
                ValueKind::Integer,
                json!(75000),
                Some(json!("75000")),
            ),
            (
                NumberAsString,
                Number,
                ValueKind::Integer,
                json!("0"),
                Some(json!(0)),
            ),
            (
                NumberAsString,
                Number,
                ValueKind::Integer,
                json!("00"),
                None,
            ),
            (
                BoolZeroOne,
                BoolTrueFalse,
                ValueKind::Other,
                json!("1"),
                Some(json!("True")),
            ),
            (
                BoolJson,
                BoolZeroOne,
                ValueKind::Other,
                json!(false),
                Some(json!("0")),
            ),
            (BoolZeroOne, BoolTrueFalse, ValueKind::Other, json!(1), None),
            (
                DateIso,
                DateCompact,
                ValueKind::Other,
                json!("2024-02-29"),
                Some(json!("20240229")),
            ),
            (
                DateIso,
                DateCompact,
                ValueKind::Other,
                json!("2023-02-29"),
                None,
            ),
            (
                DateTimeRfc3339,
                DateTimeCompact,
                ValueKind::Other,
                json!("2025-03-12T01:30:00Z"),
                Some(json!("20250312083000")),
            ),
            (
                DateTimeSpaced,
                DateTimeRfc3339,
                ValueKind::Other,
                json!("2025-03-12 08:30:00"),
                Some(json!("2025-03-12T08:30:00+07:00")),
            ),
            (
                CodeNumber,
                CodeString,
                ValueKind::Other,
                json!(3),
                Some(json!("3")),
            ),
            (CodeString, CodeNumber, ValueKind::Other, json!("03"), None),
        ];
        for (from, to, kind, value, expected) in cases {
            assert_eq!(
                &to_canonical(*from, *to, *kind, value),
                expected,
                "{from:?} → {to:?}: {value}"
            );
        }
        let whole: Value = serde_json::from_str("1E2").unwrap_or_default();
        assert_eq!(
            to_canonical(Number, NumberAsString, ValueKind::Integer, &whole),
            Some(json!("100"))
        );
    }
}
