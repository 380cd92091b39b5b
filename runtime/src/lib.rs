//! What the generated contract types need at run time: typed wire values, catalogue codes and validation.
//!
//! The registry tool uses the same code to check JSON payloads, so `cargo contracts validate` and a
//! generated type's [`Validate::validate`] accept and reject exactly the same values, with the same messages.
//!
//! - [`format`]: every wire format, and the one function that decides whether a text is in it.
//! - [`wire`]: typed values (dates, numbers and booleans written as strings) that round-trip their exact text.
//! - [`catalogue`]: the [`Catalogue`] trait of generated code enums, and the policy for codes they do not know.
//! - [`validate`]: [`Violation`], the [`Validate`] trait and the constraint checks.
//! - [`binding`]: the traits that tie a type to a record or contract, used by `#[derive(Contract)]`.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod binding;
pub mod catalogue;
pub mod format;
pub mod matcher;
mod sequence;
pub mod validate;
pub mod wire;

pub use binding::{Bound, ConversionError, RecordType, WireFields};
pub use catalogue::{Catalogue, CodeInfo};
pub use format::{Accept, WireFormat};
pub use validate::{
    Check, Direction, FieldRule, Pattern, Payload, Validate, Violation, Violations, check_fields,
};

/// Re-exported for generated code (`#[serde(crate = "contracts_runtime::serde")]`).
pub use serde;
/// Re-exported for users of typed dates and decimals.
pub use {rust_decimal, time};
