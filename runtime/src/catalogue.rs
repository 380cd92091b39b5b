//! The trait of generated catalogue enums, their wire form, and the policy for codes an enum does not know.
//!
//! **Unknown codes.** A catalogue grows: a newer Portal may send a code this version of the enum has never seen.
//! Parsing never fails on such a code; it becomes the enum's `Unlisted(String)` variant, which keeps the code
//! exactly and writes it back unchanged. [`Validate::validate`](crate::Validate::validate) reports it, so a
//! system can accept and store the payload and still see that the code is not in its version of the catalogue.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};

use crate::format::WireFormat;
use crate::validate::{FieldRule, Violation};

/// One code of a catalogue, as published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// Exactly as sent on the wire.
    pub code: &'static str,
    pub label_vi: &'static str,
    pub label_en: &'static str,
    /// The provisions the code implements (`7.3.a`).
    pub legal: &'static [&'static str],
    pub deprecated: bool,
}

/// A generated catalogue enum, or a user's enum with `#[derive(Catalogue)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not bound to a catalogue of the registry",
    note = "use the generated catalogue enum or `String`, or derive `Catalogue` on it with `#[catalogue(id = \"<catalogue id>\")]`"
)]
pub trait Catalogue: Sized + 'static {
    /// The catalogue id: `dossier-status`.
    const ID: &'static str;
    /// The catalogue version the enum was generated from.
    const VERSION: &'static str;
    /// How codes travel: [`WireFormat::CodeString`] or [`WireFormat::CodeNumber`].
    const FORMAT: WireFormat;
    /// Every code, in the order the catalogue lists them.
    const CODES: &'static [CodeInfo];

    /// The entry for `code`; a code the catalogue does not list becomes the `Unlisted` variant.
    fn from_code(code: &str) -> Self;

    /// The code exactly as it travels.
    fn code(&self) -> &str;

    /// The published entry, or `None` for an unlisted code.
    fn info(&self) -> Option<&'static CodeInfo> {
        let code = self.code();
        Self::CODES.iter().find(|info| info.code == code)
    }

    fn is_known(&self) -> bool {
        self.info().is_some()
    }
}

/// Writes a code as a JSON string or number.
pub fn serialize_code<S: Serializer>(
    code: &str,
    format: WireFormat,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if format != WireFormat::CodeNumber {
        return serializer.serialize_str(code);
    }
    if let Ok(number) = code.parse::<i64>() {
        number.serialize(serializer)
    } else if let Ok(number) = code.parse::<u64>() {
        number.serialize(serializer)
    } else {
        Err(serde::ser::Error::custom(format!(
            "the code `{code}` cannot be sent as a JSON number"
        )))
    }
}

/// Reads a code sent as a JSON string or a whole JSON number, as the format says.
pub fn deserialize_code<'de, D: Deserializer<'de>>(
    format: WireFormat,
    deserializer: D,
) -> Result<String, D::Error> {
    struct CodeVisitor(WireFormat);

    impl CodeVisitor {
        fn wrong<E: de::Error>(&self, found: &str) -> E {
            E::custom(wrong_json_type(self.0, found))
        }
    }

    impl Visitor<'_> for CodeVisitor {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            if self.0 == WireFormat::CodeNumber {
                f.write_str("a code as a whole JSON number")
            } else {
                f.write_str("a code as a string")
            }
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            if self.0 == WireFormat::CodeNumber {
                return Err(self.wrong("a string"));
            }
            Ok(v.to_owned())
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            if self.0 != WireFormat::CodeNumber {
                return Err(self.wrong("a number"));
            }
            Ok(v.to_string())
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            if self.0 != WireFormat::CodeNumber {
                return Err(self.wrong("a number"));
            }
            Ok(v.to_string())
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<String, E> {
            Err(self.wrong("a number"))
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<String, E> {
            Err(self.wrong("a boolean"))
        }
    }

    deserializer.deserialize_any(CodeVisitor(format))
}

/// The message for a code of the wrong JSON type (`found`: "a string", "a number"...).
pub fn wrong_json_type(format: WireFormat, found: &str) -> String {
    if format == WireFormat::CodeNumber {
        format!("expected a code as a whole JSON number, found {found}")
    } else {
        format!("expected a code as a string, found {found}")
    }
}

/// The message for a code the catalogue does not list.
pub fn unlisted_code(code: &str, catalogue: &str, known: &[&str]) -> String {
    format!(
        "`{code}` is not a code of catalogue `{catalogue}` (known: {})",
        known.join(", ")
    )
}

/// Reports an unlisted code.
pub fn check_code<C: Catalogue>(value: &C, rule: &FieldRule, at: &str, out: &mut Vec<Violation>) {
    if !value.is_known() {
        let known: Vec<&str> = C::CODES.iter().map(|info| info.code).collect();
        out.push(rule.violation(at, unlisted_code(value.code(), C::ID, &known)));
    }
}
