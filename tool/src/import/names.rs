//! Names for drafted elements: ids from source names (`CreateCardPaymentRequest` → `create-card-payment-request`,
//! `TrangThaiHoSo` → `trang-thai-ho-so`), operation names, Rust names that `check` accepts, and which language a
//! text of the source is written in.

use std::collections::BTreeSet;

use contracts_core::naming;
use heck::{ToKebabCase, ToUpperCamelCase};

/// The longest id the registry accepts.
const MAX_ID: usize = 64;

/// The letter without its Vietnamese diacritics (`ệ` → `e`, `đ` → `d`), for ids.
fn fold(c: char) -> char {
    const GROUPS: [(&str, char); 14] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ÈÉẺẼẸÊỀẾỂỄỆ", 'E'),
        ("ìíỉĩị", 'i'),
        ("ÌÍỈĨỊ", 'I'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'),
        ("ùúủũụưừứửữự", 'u'),
        ("ÙÚỦŨỤƯỪỨỬỮỰ", 'U'),
        ("ỳýỷỹỵ", 'y'),
        ("ỲÝỶỸỴ", 'Y'),
        ("đ", 'd'),
        ("Đ", 'D'),
    ];
    GROUPS
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map_or(c, |(_, base)| *base)
}

/// Whether a character is one Vietnamese writes and English does not.
fn is_vietnamese_letter(c: char) -> bool {
    !c.is_ascii() && fold(c) != c
}

/// Whether a text of the source is Vietnamese: at least one word in six carries a Vietnamese letter (English
/// text that names a place, `Thanh Hóa`, stays English).
pub fn is_vietnamese(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let marked = words
        .iter()
        .filter(|w| w.chars().any(is_vietnamese_letter))
        .count();
    !words.is_empty() && marked * 6 >= words.len()
}

/// An id (`[a-z0-9-]`, starting with a letter, at most 64 characters) from any name; `fallback` when nothing is
/// left of it.
pub fn id_from(name: &str, fallback: &str) -> String {
    let folded: String = name
        .chars()
        .map(fold)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut id = folded.to_kebab_case();
    id.retain(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        id = if id.is_empty() {
            fallback.to_owned()
        } else {
            format!("{fallback}-{id}")
        };
    }
    truncate_id(&id)
}

/// `id` cut to the longest valid id, never ending in a hyphen.
pub fn truncate_id(id: &str) -> String {
    let mut cut: String = id.chars().take(MAX_ID).collect();
    while cut.ends_with('-') {
        cut.pop();
    }
    cut
}

/// `a-b` joined, cut to fit.
pub fn join_ids(first: &str, second: &str) -> String {
    truncate_id(&format!("{first}-{second}"))
}

/// The first of `id`, `id-2`, `id-3`... that `taken` does not hold; it is added to `taken`.
pub fn unique(id: &str, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = id.to_owned();
    let mut n = 2;
    while taken.contains(&candidate) {
        let suffix = format!("-{n}");
        let head: String = id.chars().take(MAX_ID - suffix.len()).collect();
        candidate = format!("{}{suffix}", head.trim_end_matches('-'));
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// Whether `name` can be a contract's operation name as it is.
pub fn is_operation_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.len() <= 100
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An operation name from an id: `create-payment` → `CreatePayment`.
pub fn operation_from_id(id: &str) -> String {
    id.to_upper_camel_case()
}

/// Whether `wire` can be a field's wire name (as `check` requires).
pub fn is_wire_name(wire: &str) -> bool {
    !wire.is_empty()
        && wire.len() <= 128
        && wire
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.$@".contains(c))
}

/// A `rust-name` for a field whose wire name gives no usable Rust name, or one that `taken` already holds; `None`
/// when the derived name is fine. The name chosen is added to `taken`.
pub fn field_rust_name(wire: &str, taken: &mut BTreeSet<String>) -> Option<String> {
    let derived = naming::field_name(wire).ok();
    if let Some(name) = &derived
        && !taken.contains(name)
    {
        taken.insert(name.clone());
        return None;
    }
    let base = match derived {
        Some(name) => name,
        None => {
            let folded = id_from(wire, "field").replace('-', "_");
            match naming::explicit_field_name(&folded) {
                Ok(name) => name,
                Err(_) => format!("{folded}_value"),
            }
        }
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) || naming::explicit_field_name(&candidate).is_err() {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    Some(candidate)
}

/// A `rust-name` for a catalogue code when the one derived from its label (or, with no label, the code itself)
/// is unusable or taken; `None` when the label gives a fine one.
pub fn code_rust_name(
    code: &str,
    label_en: Option<&str>,
    label_vi: Option<&str>,
    taken: &mut BTreeSet<String>,
) -> Option<String> {
    let from_label = label_en
        .or(label_vi)
        .and_then(|l| naming::variant_name(l).ok());
    if let Some(name) = &from_label
        && !taken.contains(name)
    {
        taken.insert(name.clone());
        return None;
    }
    let folded: String = code.chars().map(fold).collect();
    let base = match naming::variant_name(&folded) {
        Ok(name) if !name.is_empty() => name,
        _ => format!("Code{}", folded.to_upper_camel_case()),
    };
    let base = match naming::explicit_variant_name(&base) {
        Ok(name) => name,
        Err(_) => "Code".to_owned(),
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) || naming::explicit_variant_name(&candidate).is_err() {
        candidate = format!("{base}{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    Some(candidate)
}

/// The words of a PascalCase or camelCase name: `HoSoCoThanhPhanSoHoa` → `[ho, so, co, thanh, phan, so, hoa]`.
pub fn words(name: &str) -> Vec<String> {
    name.to_kebab_case()
        .split('-')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_source_names() {
        for (name, id) in [
            ("CreateCardPaymentRequest", "create-card-payment-request"),
            ("TrangThaiHoSo", "trang-thai-ho-so"),
            ("Trạng thái hồ sơ", "trang-thai-ho-so"),
            ("_links", "links"),
            ("petId", "pet-id"),
            ("3DSecure", "x-3d-secure"),
            ("", "x"),
            ("../../etc/passwd", "etc-passwd"),
        ] {
            assert_eq!(id_from(name, "x"), id, "{name}");
        }
        assert_eq!(id_from(&"a".repeat(100), "x").len(), 64);
    }

    #[test]
    fn unique_ids_get_a_number() {
        let mut taken = BTreeSet::from(["pet".to_owned(), "pet-2".to_owned()]);
        assert_eq!(unique("pet", &mut taken), "pet-3");
        assert_eq!(unique("tag", &mut taken), "tag");
        assert!(taken.contains("tag"));
    }

    #[test]
    fn vietnamese_texts_are_told_apart() {
        assert!(is_vietnamese("Ngày tiếp nhận hồ sơ"));
        assert!(is_vietnamese("Mã hồ sơ"));
        assert!(!is_vietnamese("Dossier code"));
        assert!(!is_vietnamese(
            "The Thanh Hóa system rewrites non-conforming codes to the agency's format."
        ));
        assert!(!is_vietnamese(""));
    }

    #[test]
    fn rust_names_only_where_needed() {
        let mut taken = BTreeSet::new();
        assert_eq!(field_rust_name("petId", &mut taken), None);
        assert_eq!(
            field_rust_name("pet_id", &mut taken).as_deref(),
            Some("pet_id_2")
        );
        assert_eq!(
            field_rust_name("type", &mut taken).as_deref(),
            Some("type_value")
        );
        let mut codes = BTreeSet::new();
        assert_eq!(
            code_rust_name("1", None, None, &mut codes).as_deref(),
            Some("Code1")
        );
        assert_eq!(
            code_rust_name("available", None, None, &mut codes).as_deref(),
            Some("Available")
        );
        assert_eq!(code_rust_name("x", Some("New"), None, &mut codes), None);
        assert_eq!(
            code_rust_name("y", Some("New"), None, &mut codes).as_deref(),
            Some("Y")
        );
    }
}
