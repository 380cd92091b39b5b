//! Which Rust types can hold a contract field: the outer `Option` and list, then the value's own type.

use crate::model::{Field, FieldType, Registry, ScalarType, WireFormat};
use proc_macro2::TokenStream;
use quote::quote_spanned;
use syn::spanned::Spanned;
use syn::{GenericArgument, PathArguments, Type};

/// The last path segment of a type (`String` for `std::string::String`), looking through references.
pub fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        Type::Reference(reference) => last_ident(&reference.elem),
        Type::Group(group) => last_ident(&group.elem),
        Type::Paren(paren) => last_ident(&paren.elem),
        _ => None,
    }
}

/// The single type argument of `Wrapper<T>` when the type's last segment is one of `wrappers`.
pub fn inner_of<'a>(ty: &'a Type, wrappers: &[&str]) -> Option<&'a Type> {
    let Type::Path(path) = ty else { return None };
    let segment = path.path.segments.last()?;
    if !wrappers.contains(&segment.ident.to_string().as_str()) {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    args.args.iter().find_map(|arg| match arg {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    })
}

const INTEGERS: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
];
const TEXTS: &[&str] = &["String", "str", "Cow", "Box", "Arc", "Rc"];

/// What a value of the field needs, beyond its shape: nothing, or a compile-time assertion on its type.
pub enum Fit {
    Holds,
    /// The type must be bound to this record (`RecordType::RECORD`).
    Record(String),
    /// The type must be a catalogue enum of this id (`Catalogue::ID`).
    Catalogue(String),
}

/// Whether `ty` can hold one value of `field` on the wire; the error names what would.
pub fn fit(registry: &Registry, field: &Field, ty: &Type) -> Result<Fit, String> {
    let name = last_ident(ty).unwrap_or_default();
    let is = |names: &[&str]| names.contains(&name.as_str());
    let text_on_wire = !matches!(
        field.format,
        WireFormat::Number | WireFormat::CodeNumber | WireFormat::BoolJson | WireFormat::Object
    );
    match &field.ty {
        FieldType::Record(id) => {
            if is(TEXTS) || is(INTEGERS) || is(&["bool", "f32", "f64"]) || name.is_empty() {
                let record = registry
                    .records
                    .get(id)
                    .map_or(id.as_str(), |r| r.rust_name.as_str());
                return Err(format!(
                    "holds the record `{id}`: use its generated type `{record}` or a type with `#[derive(Contract)] #[contract(record = \"{id}\")]`"
                ));
            }
            Ok(Fit::Record(id.clone()))
        }
        FieldType::Code(id) => {
            if text_on_wire && is(TEXTS) {
                return Ok(Fit::Holds);
            }
            if !text_on_wire && is(INTEGERS) {
                return Ok(Fit::Holds);
            }
            let own_format = registry.catalogues.get(id).map(|c| c.format);
            let wrapper = match field.format {
                WireFormat::CodeNumber => "CodeAsNumber",
                _ => "CodeAsString",
            };
            if own_format != Some(field.format) {
                return match inner_of(ty, &[wrapper]) {
                    Some(_) => Ok(Fit::Holds),
                    None => Err(format!(
                        "holds a code of `{id}` sent as {}, unlike the catalogue itself: use `contracts_runtime::wire::{wrapper}<...>` around the catalogue enum{}",
                        if field.format == WireFormat::CodeNumber {
                            "a JSON number"
                        } else {
                            "a string"
                        },
                        if text_on_wire {
                            ", or `String`"
                        } else {
                            ", or an integer"
                        }
                    )),
                };
            }
            if is(INTEGERS) || is(TEXTS) || is(&["bool", "f32", "f64"]) || name.is_empty() {
                return Err(format!(
                    "holds a code of `{id}` sent as {}: use its catalogue enum{}",
                    if text_on_wire {
                        "a string"
                    } else {
                        "a JSON number"
                    },
                    if text_on_wire {
                        " or `String`"
                    } else {
                        " or an integer type"
                    }
                ));
            }
            Ok(Fit::Catalogue(id.clone()))
        }
        FieldType::Scalar(scalar) => {
            let accepted = scalar_types(*scalar, field.format);
            if accepted.contains(&name.as_str()) {
                Ok(Fit::Holds)
            } else {
                Err(format!(
                    "is {} sent as `{}`: `{}` cannot hold it; use {}",
                    field.ty.describe(),
                    field.format.name(),
                    if name.is_empty() {
                        "this type".to_owned()
                    } else {
                        name
                    },
                    accepted
                        .iter()
                        .filter(|t| !matches!(**t, "str" | "Cow" | "Box" | "Arc" | "Rc"))
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ))
            }
        }
    }
}

/// The type names that hold a scalar in a wire format, typed values first.
fn scalar_types(scalar: ScalarType, format: WireFormat) -> Vec<&'static str> {
    use WireFormat::*;
    let mut types: Vec<&'static str> = match (scalar, format) {
        (ScalarType::Integer, Number) => INTEGERS.to_vec(),
        (ScalarType::Decimal, Number) => vec!["DecimalNumber", "f64", "f32"],
        (ScalarType::Integer, _) => vec!["IntegerString"],
        (ScalarType::Decimal, _) => vec!["DecimalString"],
        (ScalarType::Boolean, BoolJson) => vec!["bool"],
        (ScalarType::Boolean, BoolTrueFalse) => vec!["BoolTrueFalse"],
        (ScalarType::Boolean, BoolLowercase) => vec!["BoolLowercase"],
        (ScalarType::Boolean, _) => vec!["BoolZeroOne"],
        (ScalarType::Date, DateIso) => vec!["DateIso"],
        (ScalarType::Date, DateSlashed) => vec!["DateSlashed"],
        (ScalarType::Date, _) => vec!["DateCompact"],
        (ScalarType::DateTime, DateTimeSpaced) => vec!["DateTimeSpaced"],
        (ScalarType::DateTime, DateTimeRfc3339) => vec!["DateTimeRfc3339"],
        (ScalarType::DateTime, _) => vec!["DateTimeCompact"],
        (ScalarType::String | ScalarType::Attachment, _) => Vec::new(),
    };
    if !matches!(format, Number | BoolJson) {
        types.extend(TEXTS);
    }
    types
}

/// The compile-time assertion a [`Fit`] asks for, spanned at the field's type.
pub fn assertion(fit: &Fit, ty: &Type, owner: &str, field: &str) -> Option<TokenStream> {
    let span = ty.span();
    match fit {
        Fit::Holds => None,
        Fit::Record(id) => {
            let message = format!("field `{field}` of `{owner}` must hold the record `{id}`");
            Some(quote_spanned! {span=>
                const _: () = assert!(
                    ::contracts_runtime::binding::same(<#ty as ::contracts_runtime::RecordType>::RECORD, #id),
                    #message
                );
            })
        }
        Fit::Catalogue(id) => {
            let message =
                format!("field `{field}` of `{owner}` must hold a code of the catalogue `{id}`");
            Some(quote_spanned! {span=>
                const _: () = assert!(
                    ::contracts_runtime::binding::same(<#ty as ::contracts_runtime::Catalogue>::ID, #id),
                    #message
                );
            })
        }
    }
}
