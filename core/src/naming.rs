//! Every Rust name the registry produces, derived and checked in one place.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Why a name cannot become a Rust identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    /// The name is a Rust keyword (`type`, `match`...).
    Keyword(String),
    /// Nothing usable is left, it starts with a digit, or it has characters outside ASCII letters, digits and `_`.
    Invalid(String),
    /// The generated crate uses the name for itself: the modules `catalogues`, `records`, `prelude` and
    /// `runtime`, and the catalogue variant `Unlisted` that holds codes an enum does not know.
    Reserved(String),
}

/// Modules of the generated crate that contract modules may not take.
pub const RESERVED_MODULES: &[&str] = &["catalogues", "records", "prelude", "runtime"];
/// The variant of every catalogue enum that holds an unlisted code.
pub const UNLISTED_VARIANT: &str = "Unlisted";

/// Words Rust reserves in edition 2024, which no generated identifier may use.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// A plain lowercase id: `dossier-status`, at most 64 characters; never a path.
pub fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !id.is_empty()
        && id.len() <= 64
        && bytes[0].is_ascii_lowercase()
        && !id.ends_with('-')
        && !id.contains("--")
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// The Rust field name for a wire name: `TrangThaiHoSo` → `trang_thai_ho_so`.
pub fn field_name(wire_name: &str) -> Result<String, NameError> {
    checked_identifier(wire_name.to_snake_case())
}

/// A Rust field name written by hand (`rust-name:`), which must already be a snake_case identifier.
pub fn explicit_field_name(name: &str) -> Result<String, NameError> {
    let checked = checked_identifier(name.to_owned())?;
    if checked.to_snake_case() != checked {
        return Err(NameError::Invalid(checked));
    }
    Ok(checked)
}

/// The Rust type name for an id: `dossier-status` → `DossierStatus`.
pub fn type_name(id: &str) -> Result<String, NameError> {
    checked_identifier(id.to_upper_camel_case())
}

/// The Rust module name for an id: `dossier-sync` → `dossier_sync`.
pub fn module_name(id: &str) -> Result<String, NameError> {
    let name = checked_identifier(id.to_snake_case())?;
    if RESERVED_MODULES.contains(&name.as_str()) {
        return Err(NameError::Reserved(name));
    }
    Ok(name)
}

/// The enum variant for a catalogue code, from its English label: `Received on the Portal` → `ReceivedOnThePortal`.
pub fn variant_name(english_label: &str) -> Result<String, NameError> {
    let words: String = english_label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    unreserved_variant(checked_identifier(words.to_upper_camel_case())?)
}

/// A variant written by hand (`rust-name:`), which must already be UpperCamelCase.
pub fn explicit_variant_name(name: &str) -> Result<String, NameError> {
    let checked = checked_identifier(name.to_owned())?;
    if checked.to_upper_camel_case() != checked {
        return Err(NameError::Invalid(checked));
    }
    unreserved_variant(checked)
}

fn unreserved_variant(name: String) -> Result<String, NameError> {
    if name == UNLISTED_VARIANT {
        return Err(NameError::Reserved(name));
    }
    Ok(name)
}

fn checked_identifier(name: String) -> Result<String, NameError> {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let ascii = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !starts_well || !ascii || name.chars().all(|c| c == '_') {
        return Err(NameError::Invalid(name));
    }
    if is_keyword(&name) {
        return Err(NameError::Keyword(name));
    }
    Ok(name)
}

/// The `contracts_runtime::wire` type of a format whose value is not plain text.
pub fn wire_type(format: crate::model::WireFormat) -> Option<&'static str> {
    use crate::model::WireFormat::*;
    Some(match format {
        BoolTrueFalse => "BoolTrueFalse",
        BoolLowercase => "BoolLowercase",
        BoolZeroOne => "BoolZeroOne",
        DateCompact => "DateCompact",
        DateIso => "DateIso",
        DateSlashed => "DateSlashed",
        DateTimeCompact => "DateTimeCompact",
        DateTimeSpaced => "DateTimeSpaced",
        DateTimeRfc3339 => "DateTimeRfc3339",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names() {
        let cases = [
            ("TrangThaiHoSo", Ok("trang_thai_ho_so")),
            ("MATTHC", Ok("matthc")),
            ("isUpdating", Ok("is_updating")),
            ("error_code", Ok("error_code")),
            ("Type", Err(NameError::Keyword("type".into()))),
            ("Mã", Err(NameError::Invalid("mã".into()))),
            ("1Field", Err(NameError::Invalid("1field".into()))),
            ("", Err(NameError::Invalid(String::new()))),
        ];
        for (wire, expected) in cases {
            let expected = expected.map(str::to_owned);
            assert_eq!(field_name(wire), expected, "{wire}");
        }
    }

    #[test]
    fn names_the_generated_crate_keeps_for_itself() {
        assert_eq!(
            module_name("records"),
            Err(NameError::Reserved("records".into()))
        );
        assert_eq!(module_name("dossier-records"), Ok("dossier_records".into()));
        assert_eq!(
            variant_name("Unlisted"),
            Err(NameError::Reserved("Unlisted".into()))
        );
        assert_eq!(
            explicit_variant_name("Unlisted"),
            Err(NameError::Reserved("Unlisted".into()))
        );
        assert_eq!(variant_name("Unlisted code"), Ok("UnlistedCode".into()));
    }

    #[test]
    fn ids() {
        for good in ["a", "dossier-status", "circular-04-2025", "x1"] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in [
            "",
            "A",
            "../x",
            "a/b",
            "a--b",
            "a-",
            "-a",
            "1a",
            "a_b",
            "a.b",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn types_and_variants() {
        assert_eq!(type_name("dossier-status").as_deref(), Ok("DossierStatus"));
        assert_eq!(type_name("self"), Err(NameError::Keyword("Self".into())));
        assert_eq!(
            variant_name("Received (on the Portal)").as_deref(),
            Ok("ReceivedOnThePortal")
        );
        assert!(variant_name("2nd").is_err());
        assert!(explicit_variant_name("notCamel").is_err());
        assert!(explicit_field_name("NotSnake").is_err());
        assert_eq!(explicit_field_name("kind").as_deref(), Ok("kind"));
    }
}
