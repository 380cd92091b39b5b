//! Violations, the [`Validate`] trait of generated types, and the constraint checks shared with the registry tool.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

use crate::format::{self, Accept, ValueKind, WireFormat};
pub use crate::matcher::Matcher;

/// One way a value breaks its contract, at a JSON pointer (`/DanhSachLePhi/0/SoTien`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub pointer: String,
    pub message: String,
    /// The label of the innermost field concerned: Vietnamese, then English.
    pub label: Option<(String, String)>,
    /// The provisions that field implements, as written (`10.1.e`).
    pub legal: Vec<String>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {}", self.message)?;
        if let Some((vi, en)) = &self.label {
            write!(f, " ({vi} / {en}")?;
            if !self.legal.is_empty() {
                write!(f, "; {}", self.legal.join(", "))?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// Every violation of a value, in the order its fields are declared; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, violation) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// A value that can check itself against its contract's constraints.
pub trait Validate {
    /// Appends every violation of `self`, located under the JSON pointer `at`.
    fn validate_at(&self, at: &str, out: &mut Vec<Violation>);

    /// Every violation of `self`; `Ok` when there is none.
    fn validate(&self) -> Result<(), Violations> {
        let mut out = Vec::new();
        self.validate_at("", &mut out);
        if out.is_empty() {
            Ok(())
        } else {
            Err(Violations(out))
        }
    }
}

/// Which side of an exchange a payload is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Request,
    Response,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// The request or response of a contract.
pub trait Payload: Validate {
    /// The contract id: `dossier-sync`.
    const CONTRACT: &'static str;
    /// The contract version this type was generated from.
    const VERSION: &'static str;
    const DIRECTION: Direction;
}

/// A regular expression, compiled the first time it is used. Clones share the compiled expression (and its
/// matching caches), however many fields use it.
pub struct Pattern {
    source: Cow<'static, str>,
    compiled: OnceLock<Option<Arc<Matcher>>>,
}

impl Pattern {
    /// A pattern in a `static` (generated code).
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source: Cow::Borrowed(source),
            compiled: OnceLock::new(),
        }
    }

    /// A pattern read at run time (the registry tool).
    pub fn owned(source: String) -> Self {
        Pattern {
            source: Cow::Owned(source),
            compiled: OnceLock::new(),
        }
    }

    /// A pattern read at run time whose expression is already compiled (`None`: it does not compile), so that
    /// fields sharing a pattern share one compiled expression.
    pub fn compiled(source: String, regex: Option<Arc<Matcher>>) -> Self {
        Pattern {
            source: Cow::Owned(source),
            compiled: OnceLock::from(regex),
        }
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether `text` matches; `None` if the pattern is not a valid regular expression.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        self.compiled
            .get_or_init(|| Matcher::new(&self.source).ok().map(Arc::new))
            .as_ref()
            .map(|regex| regex.is_match(text))
    }
}

impl Clone for Pattern {
    fn clone(&self) -> Self {
        Pattern {
            source: self.source.clone(),
            compiled: self.compiled.clone(),
        }
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.source, f)
    }
}

/// The constraints on a value's wire text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    pub pattern: Option<Pattern>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Constraints {
    /// A value without constraints, usable in a `static`.
    pub const NONE: Constraints = Constraints {
        pattern: None,
        min_length: None,
        max_length: None,
        min: None,
        max: None,
    };
}

/// Every problem with `text` as the wire text of a `kind` value in `format`: the format first, then the
/// constraints (length in characters, pattern, numeric range).
pub fn text_violations(
    format: WireFormat,
    kind: ValueKind,
    constraints: &Constraints,
    text: &str,
) -> Vec<String> {
    if let Err(message) = format::check(format, kind, text) {
        return vec![message];
    }
    constraint_violations(kind, constraints, text)
}

/// Every problem with `text`, already known to be in its wire format, under the constraints of a `kind` value:
/// length in characters, pattern, numeric range.
pub fn constraint_violations(
    kind: ValueKind,
    constraints: &Constraints,
    text: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    let length = characters_if_needed(constraints, text);
    if let Some(min) = constraints.min_length.filter(|min| length < *min) {
        out.push(format!(
            "{length} characters, fewer than the minimum of {min}"
        ));
    }
    if let Some(max) = constraints.max_length.filter(|max| length > *max) {
        out.push(format!(
            "{length} characters, more than the maximum of {max}"
        ));
    }
    if let Some(pattern) = &constraints.pattern
        && pattern.is_match(text) == Some(false)
    {
        out.push(format!(
            "`{text}` does not match the pattern `{}`",
            pattern.source()
        ));
    }
    if kind.is_numeric()
        && let Ok(number) = text.parse::<f64>()
    {
        if let Some(min) = constraints.min.filter(|min| number < *min) {
            out.push(format!("{text} is less than the minimum of {min}"));
        }
        if let Some(max) = constraints.max.filter(|max| number > *max) {
            out.push(format!("{text} is more than the maximum of {max}"));
        }
    }
    out
}

/// The length of `text` in characters where its bounds need it counted; otherwise a length within them. A
/// character takes one to four bytes, so the byte length alone settles most texts.
fn characters_if_needed(constraints: &Constraints, text: &str) -> u64 {
    let bytes = text.len() as u64;
    let (min, max) = (constraints.min_length, constraints.max_length);
    let within_max = max.is_none_or(|max| bytes <= max);
    let within_min = min.is_none_or(|min| bytes.div_ceil(4) >= min);
    if within_max && within_min {
        return min.unwrap_or(0).max(bytes.div_ceil(4));
    }
    text.chars().count() as u64
}

/// How many items a list field may have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListBounds {
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

impl ListBounds {
    /// No bounds (and a field that is not a list), usable in a `static`.
    pub const NONE: ListBounds = ListBounds {
        min_items: None,
        max_items: None,
    };

    /// Every problem with a list of `len` items.
    pub fn violations(&self, len: usize) -> Vec<String> {
        let len = len as u64;
        let mut out = Vec::new();
        if let Some(min) = self.min_items.filter(|min| len < *min) {
            out.push(format!("{len} items, fewer than the minimum of {min}"));
        }
        if let Some(max) = self.max_items.filter(|max| len > *max) {
            out.push(format!("{len} items, more than the maximum of {max}"));
        }
        out
    }
}

/// Escapes a key for a JSON pointer (RFC 6901).
pub fn escape(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) {
        Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(key)
    }
}

/// What generated code knows about one field, to check its value.
#[derive(Debug)]
pub struct FieldRule {
    pub wire_name: &'static str,
    pub label_vi: &'static str,
    pub label_en: &'static str,
    pub legal: &'static [&'static str],
    pub format: WireFormat,
    pub kind: ValueKind,
    pub constraints: Constraints,
    pub items: ListBounds,
    /// What a reader accepts besides the canonical form of `format`.
    pub accepts: &'static [Accept],
}

impl FieldRule {
    /// The rule of the field `wire_name` sent in `format`, with its labels and provisions: a text value with no
    /// constraint yet. Generated code adds the rest with the methods below, in a `static`.
    pub const fn new(
        wire_name: &'static str,
        label_vi: &'static str,
        label_en: &'static str,
        legal: &'static [&'static str],
        format: WireFormat,
    ) -> Self {
        FieldRule {
            wire_name,
            label_vi,
            label_en,
            legal,
            format,
            kind: ValueKind::Other,
            constraints: Constraints::NONE,
            items: ListBounds::NONE,
            accepts: &[],
        }
    }

    /// Readers also accept these forms (writers send the canonical one only).
    pub const fn accepts(mut self, accepts: &'static [Accept]) -> Self {
        self.accepts = accepts;
        self
    }

    /// Whether `value` means the field is absent: `""` or `null` where the field accepts them as such.
    pub fn is_absent(&self, value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::Null => self.accepts.contains(&Accept::Null),
            serde_json::Value::String(text) => {
                text.is_empty() && self.accepts.contains(&Accept::Empty)
            }
            _ => false,
        }
    }

    /// The value is a whole number: ranges apply.
    pub const fn integer(mut self) -> Self {
        self.kind = ValueKind::Integer;
        self
    }

    /// The value is a decimal number: ranges apply.
    pub const fn decimal(mut self) -> Self {
        self.kind = ValueKind::Decimal;
        self
    }

    /// The wire text must match the regular expression `source`.
    pub const fn pattern(mut self, source: &'static str) -> Self {
        let previous = self.constraints.pattern.replace(Pattern::new(source));
        // A previous pattern is a `Pattern::new` of a `&'static str`: nothing to free, and a destructor cannot
        // run in a `const fn`.
        std::mem::forget(previous);
        self
    }

    /// The wire text has at least `min` characters.
    pub const fn min_length(mut self, min: u64) -> Self {
        self.constraints.min_length = Some(min);
        self
    }

    /// The wire text has at most `max` characters.
    pub const fn max_length(mut self, max: u64) -> Self {
        self.constraints.max_length = Some(max);
        self
    }

    /// The number is at least `min`.
    pub const fn min(mut self, min: f64) -> Self {
        self.constraints.min = Some(min);
        self
    }

    /// The number is at most `max`.
    pub const fn max(mut self, max: f64) -> Self {
        self.constraints.max = Some(max);
        self
    }

    /// The list has at least `min` items.
    pub const fn min_items(mut self, min: u64) -> Self {
        self.items.min_items = Some(min);
        self
    }

    /// The list has at most `max` items.
    pub const fn max_items(mut self, max: u64) -> Self {
        self.items.max_items = Some(max);
        self
    }

    /// The pointer of this field in the object at `at`.
    pub fn pointer(&self, at: &str) -> String {
        format!("{at}/{}", escape(self.wire_name))
    }

    /// A violation at `at`, labelled with this field.
    pub fn violation(&self, at: &str, message: String) -> Violation {
        Violation {
            pointer: at.to_owned(),
            message,
            label: Some((self.label_vi.to_owned(), self.label_en.to_owned())),
            legal: self.legal.iter().map(|l| (*l).to_owned()).collect(),
        }
    }

    /// Checks a wire text against this field's format and constraints.
    pub fn check_text(&self, text: &str, at: &str, out: &mut Vec<Violation>) {
        for message in text_violations(self.format, self.kind, &self.constraints, text) {
            out.push(self.violation(at, message));
        }
    }

    /// Checks the field's value, found in the object at `at`.
    pub fn check<T: Check + ?Sized>(&self, value: &T, at: &str, out: &mut Vec<Violation>) {
        value.check(self, &self.pointer(at), out);
    }
}

/// Checks each field's value against its rule, in order: `values[i]` is the value of the field of `rules[i]`,
/// in the object at `at`. Generated `validate_at` bodies are one call of this.
pub fn check_fields(
    rules: &[FieldRule],
    values: &[&dyn Check],
    at: &str,
    out: &mut Vec<Violation>,
) {
    debug_assert_eq!(rules.len(), values.len(), "one value per rule");
    for (rule, value) in rules.iter().zip(values) {
        rule.check(*value, at, out);
    }
}

/// A field's value that can be checked against the field's rule, at its own pointer.
pub trait Check {
    fn check(&self, rule: &FieldRule, at: &str, out: &mut Vec<Violation>);
}

impl Check for String {
    fn check(&self, rule: &FieldRule, at: &str, out: &mut Vec<Violation>) {
        rule.check_text(self, at, out);
    }
}

impl Check for str {
    fn check(&self, rule: &FieldRule, at: &str, out: &mut Vec<Violation>) {
        rule.check_text(self, at, out);
    }
}

/// Numbers and booleans are checked through their text, as `cargo contracts validate` reads them.
macro_rules! check_through_text {
    ($($ty:ty),*) => {
        $(impl Check for $ty {
            fn check(&self, rule: &FieldRule, at: &str, out: &mut Vec<Violation>) {
                rule.check_text(&self.to_string(), at, out);
            }
        })*
    };
}

check_through_text!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64, bool
);

impl<T: Check + ?Sized> Check for Box<T> {
    fn check(&self, rule: &FieldRule, at: &str, out: &mut Vec<Violation>) {
        (**self).check(rule, at, out);
    }
}

impl<T: Check> Check for Option<T> {
    fn check(&self, rule: &FieldRule, at: &str, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.check(rule, at, out);
        }
    }
}

impl<T: Check> Check for Vec<T> {
    fn check(&self, rule: &FieldRule, at: &str, out: &mut Vec<Violation>) {
        for message in rule.items.violations(self.len()) {
            out.push(rule.violation(at, message));
        }
        for (index, item) in self.iter().enumerate() {
            item.check(rule, &format!("{at}/{index}"), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_read_shorthand_classes_as_json_schema_does() {
        let cases: &[(&str, &str, bool)] = &[
            (r"^\d{3}$", "123", true),
            (r"^\d{3}$", "١٢٣", false),
            (r"^\d{3}$", "１２３", false),
            (r"^\D$", "a", true),
            (r"^\D$", "1", false),
            (r"^\w+$", "Ma_So1", true),
            (r"^\w+$", "Mã", false),
            (r"^\W$", "ã", true),
            (r"^[\d.]+$", "1.2", true),
            (r"^[\d.]+$", "٣.٤", false),
            (r"^[^\d]+$", "abc", true),
            (r"^[^\d]+$", "a1", false),
            (r"^\\d$", "\\d", true),
            (r"^\.\s\p{L}$", ". ã", true),
        ];
        for (pattern, text, expected) in cases {
            let regex = Matcher::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
            assert_eq!(regex.is_match(text), *expected, "{pattern} on {text:?}");
        }
    }

    static CODE: FieldRule = FieldRule::new(
        "MaHoSo",
        "Mã hồ sơ",
        "Dossier code",
        &["10.1.a"],
        WireFormat::Text,
    )
    .pattern("^[A-Z0-9.-]+$")
    .max_length(10)
    .min_items(1);

    #[test]
    fn check_fields_checks_each_value_against_its_own_rule_in_order() {
        static RULES: [FieldRule; 2] = [
            FieldRule::new("Ten", "Tên", "Name", &[], WireFormat::Text).max_length(3),
            FieldRule::new("Ma", "Mã", "Code", &["10.1.a"], WireFormat::Text).pattern("^[0-9]+$"),
        ];
        let (name, code) = ("Nguyễn".to_owned(), Some("A1".to_owned()));
        let mut out = Vec::new();
        check_fields(&RULES, &[&name, &code], "/HoSo", &mut out);
        let found: Vec<(&str, &str)> = out
            .iter()
            .map(|v| (v.pointer.as_str(), v.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("/HoSo/Ten", "6 characters, more than the maximum of 3"),
                ("/HoSo/Ma", "`A1` does not match the pattern `^[0-9]+$`"),
            ]
        );
        out.clear();
        check_fields(&RULES, &[&"Lan".to_owned(), &None::<String>], "", &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn the_builder_sets_each_constraint_it_is_given_and_no_other() {
        static RULE: FieldRule = FieldRule::new(
            "SoTien",
            "Số tiền",
            "Amount",
            &[],
            WireFormat::NumberAsString,
        )
        .decimal()
        .pattern("^[0-9]+$")
        .pattern("^[1-9][0-9]*$")
        .min_length(1)
        .max_length(12)
        .min(0.0)
        .max(-1.5)
        .min_items(2)
        .max_items(3);
        assert_eq!(RULE.kind, ValueKind::Decimal);
        let c = &RULE.constraints;
        assert_eq!(
            c.pattern.as_ref().map(Pattern::source),
            Some("^[1-9][0-9]*$")
        );
        assert_eq!((c.min_length, c.max_length), (Some(1), Some(12)));
        assert_eq!((c.min, c.max), (Some(0.0), Some(-1.5)));
        assert_eq!(
            RULE.items,
            ListBounds {
                min_items: Some(2),
                max_items: Some(3)
            }
        );
        let plain = FieldRule::new("Ten", "Tên", "Name", &[], WireFormat::Text);
        assert_eq!(
            (plain.kind, &plain.constraints, plain.items),
            (ValueKind::Other, &Constraints::NONE, ListBounds::NONE)
        );
        assert_eq!(
            FieldRule::new("N", "N", "N", &[], WireFormat::Text)
                .integer()
                .kind,
            ValueKind::Integer
        );
    }

    #[test]
    fn a_field_reports_every_constraint_it_breaks_with_its_label() {
        let mut out = Vec::new();
        CODE.check(&"g01.00-2501-000001".to_owned(), "", &mut out);
        let messages: Vec<&str> = out.iter().map(|v| v.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "18 characters, more than the maximum of 10",
                "`g01.00-2501-000001` does not match the pattern `^[A-Z0-9.-]+$`"
            ]
        );
        assert!(out.iter().all(|v| v.pointer == "/MaHoSo"));
        assert_eq!(
            out[0].label,
            Some(("Mã hồ sơ".into(), "Dossier code".into()))
        );
        assert_eq!(out[0].legal, ["10.1.a"]);
    }

    #[test]
    fn lists_check_their_length_and_each_item_at_its_index() {
        let mut out = Vec::new();
        CODE.check(&Vec::<String>::new(), "/Ho", &mut out);
        assert_eq!(out[0].pointer, "/Ho/MaHoSo");
        assert_eq!(out[0].message, "0 items, fewer than the minimum of 1");
        out.clear();
        CODE.check(&vec!["A1".to_owned(), "a".to_owned()], "", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].pointer, "/MaHoSo/1");
    }

    #[test]
    fn numbers_are_checked_against_their_range() {
        let limits = Constraints {
            min: Some(1.0),
            max: Some(10.0),
            ..Constraints::NONE
        };
        let messages = text_violations(
            WireFormat::NumberAsString,
            ValueKind::Integer,
            &limits,
            "12",
        );
        assert_eq!(messages, ["12 is more than the maximum of 10"]);
    }

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
    }
}
