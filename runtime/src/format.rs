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
    text.len().is_multiple_of(4)
        && text.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
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
}
