//! What binds a Rust type to an element of the registry: generated types and `#[derive(Contract)]` types alike.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::validate::{Validate, Violation, Violations};

/// A type holding a record type of the registry.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not bound to a record type of the registry",
    note = "use the generated record type, or derive `Contract` on it with `#[contract(record = \"<record id>\")]`"
)]
pub trait RecordType {
    /// The record id: `dossier`.
    const RECORD: &'static str;
}

/// The wire names of a type's own fields, for checking `#[serde(flatten)]` at compile time.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be flattened into a contract type: its wire names are not known",
    note = "flatten a generated type, or a type with `#[derive(Contract)]`"
)]
pub trait WireFields {
    const WIRE_NAMES: &'static [&'static str];
}

/// A user type bound to a payload or record by `#[derive(Contract)]`: it converts to and from the generated
/// type through their common wire form, and validates as that type does.
pub trait Bound: Serialize + DeserializeOwned {
    /// The generated type of the same payload or record.
    type Generated: Validate + Serialize + DeserializeOwned;

    /// The value as the generated type.
    fn to_generated(&self) -> Result<Self::Generated, ConversionError> {
        convert(self)
    }

    /// A value of the generated type as this type.
    fn from_generated(value: &Self::Generated) -> Result<Self, ConversionError> {
        convert(value)
    }

    /// Every violation of the contract; a value that does not even convert is one violation at the root.
    fn validate_bound(&self, at: &str, out: &mut Vec<Violation>) {
        match self.to_generated() {
            Ok(generated) => generated.validate_at(at, out),
            Err(error) => out.push(Violation {
                pointer: at.to_owned(),
                message: error.to_string(),
                label: None,
                legal: Vec::new(),
            }),
        }
    }
}

/// Why a value does not convert: its wire form does not fit the other type.
#[derive(Debug)]
pub struct ConversionError(serde_json::Error);

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the value does not have the contract's wire form: {}",
            self.0
        )
    }
}

impl std::error::Error for ConversionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

fn convert<A: Serialize + ?Sized, B: DeserializeOwned>(value: &A) -> Result<B, ConversionError> {
    let wire = serde_json::to_value(value).map_err(ConversionError)?;
    serde_json::from_value(wire).map_err(ConversionError)
}

/// Collects violations for [`Violations`] results.
pub fn violations_of(out: Vec<Violation>) -> Result<(), Violations> {
    if out.is_empty() {
        Ok(())
    } else {
        Err(Violations(out))
    }
}

/// Whether two strings are equal, in a `const` context (compile-time assertions of derived types).
pub const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `names` holds `name`, in a `const` context.
pub const fn contains(names: &[&str], name: &str) -> bool {
    let mut i = 0;
    while i < names.len() {
        if same(names[i], name) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether every name of `names` is in `allowed`, in a `const` context.
pub const fn all_in(names: &[&str], allowed: &[&str]) -> bool {
    let mut i = 0;
    while i < names.len() {
        if !contains(allowed, names[i]) {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const _: () = assert!(same("dossier", "dossier") && !same("dossier", "dossiers"));
    const _: () = assert!(contains(&["MaHoSo", "TrangThaiHoSo"], "TrangThaiHoSo"));

    #[test]
    fn string_checks_work_at_run_time_too() {
        assert!(!contains(&[], "x"));
        assert!(same("", ""));
    }
}
