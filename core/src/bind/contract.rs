//! `#[derive(Contract)]`: checks a struct against a contract payload or record type, and binds it.

use crate::model::{Accept, Direction, Field, Registry};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr, Type};

use super::registry;
use super::serde_attrs::{self, RenameRule};
use super::shape::{self, Fit};

/// What `#[contract(...)]` binds the struct to.
struct Binding {
    target: Target,
    /// Part of a type (flattened into it): checks its fields but not that it has every required one.
    partial: bool,
    version: Option<LitStr>,
    registry: Option<String>,
    generated: syn::Path,
}

enum Target {
    Payload {
        contract: LitStr,
        direction: Direction,
    },
    Record(LitStr),
}

/// The element the struct is checked against, resolved in the registry.
struct Element<'r> {
    what: String,
    fields: &'r [Field],
    generated: TokenStream,
    impls: TokenStream,
}

pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let binding = binding(input)?;
    let loaded = registry::load(binding.registry.as_deref())
        .map_err(|message| syn::Error::new(Span::call_site(), message))?;
    let element = element(&loaded.registry, &binding, &input.ident)?;
    let checks = check_fields(&loaded.registry, input, &element, binding.partial)?;
    let name = &input.ident;
    let generated = &element.generated;
    let impls = &element.impls;
    let track = registry::track(&loaded.files);
    let wire_names = checks.wire_names.iter();
    let assertions = &checks.assertions;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    if binding.partial {
        return Ok(quote! {
            const _: () = {
                #track
                #(#assertions)*

                impl #impl_generics ::contracts_runtime::WireFields for #name #ty_generics #where_clause {
                    const WIRE_NAMES: &'static [&'static str] = &[#(#wire_names),*];
                }
            };
        });
    }
    Ok(quote! {
        const _: () = {
            #track
            #(#assertions)*

            impl #impl_generics ::contracts_runtime::Bound for #name #ty_generics #where_clause {
                type Generated = #generated;
            }

            impl #impl_generics ::contracts_runtime::Validate for #name #ty_generics #where_clause {
                fn validate_at(&self, at: &str, out: &mut Vec<::contracts_runtime::Violation>) {
                    ::contracts_runtime::Bound::validate_bound(self, at, out);
                }
            }

            impl #impl_generics ::contracts_runtime::WireFields for #name #ty_generics #where_clause {
                const WIRE_NAMES: &'static [&'static str] = &[#(#wire_names),*];
            }

            #impls
        };
    })
}

fn binding(input: &DeriveInput) -> syn::Result<Binding> {
    let mut id = None;
    let mut record = None;
    let mut payload = None;
    let mut version = None;
    let mut registry = None;
    let mut generated: syn::Path = syn::parse_quote!(::vpcp_contracts);
    let mut seen = false;
    let mut partial = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("contract")) {
        seen = true;
        attr.parse_nested_meta(|meta| {
            let value = || -> syn::Result<LitStr> { meta.value()?.parse() };
            if meta.path.is_ident("id") {
                id = Some(value()?);
            } else if meta.path.is_ident("record") {
                record = Some(value()?);
            } else if meta.path.is_ident("payload") {
                payload = Some(value()?);
            } else if meta.path.is_ident("version") {
                version = Some(value()?);
            } else if meta.path.is_ident("registry") {
                registry = Some(value()?.value());
            } else if meta.path.is_ident("partial") {
                partial = true;
            } else if meta.path.is_ident("generated") {
                generated = value()?.parse()?;
            } else {
                return Err(meta.error(
                    "unknown key; `#[contract(...)]` takes `id`, `version`, `payload`, `record`, `partial`, `registry` and `generated`",
                ));
            }
            Ok(())
        })?;
    }
    let target = match (id, record, payload) {
        (Some(id), None, Some(payload)) => {
            let direction = match payload.value().as_str() {
                "request" => Direction::Request,
                "response" => Direction::Response,
                _ => {
                    return Err(syn::Error::new_spanned(
                        payload,
                        "`payload` is \"request\" or \"response\"",
                    ));
                }
            };
            Target::Payload {
                contract: id,
                direction,
            }
        }
        (Some(id), None, None) => {
            return Err(syn::Error::new_spanned(
                id,
                "say which payload: add `payload = \"request\"` or `payload = \"response\"`",
            ));
        }
        (None, Some(record), None) => Target::Record(record),
        (Some(id), Some(_), _) => {
            return Err(syn::Error::new_spanned(
                id,
                "bind the struct to a contract payload (`id`, `payload`) or to a record (`record`), not both",
            ));
        }
        _ if !seen => {
            return Err(syn::Error::new_spanned(
                &input.ident,
                "add `#[contract(id = \"<contract id>\", version = \"<version>\", payload = \"request\")]` or `#[contract(record = \"<record id>\")]`",
            ));
        }
        _ => {
            return Err(syn::Error::new_spanned(
                &input.ident,
                "`#[contract(...)]` needs `id` and `payload`, or `record`",
            ));
        }
    };
    Ok(Binding {
        target,
        partial,
        version,
        registry,
        generated,
    })
}

fn element<'r>(
    registry: &'r Registry,
    binding: &Binding,
    name: &syn::Ident,
) -> syn::Result<Element<'r>> {
    let generated = &binding.generated;
    match &binding.target {
        Target::Payload {
            contract: id,
            direction,
        } => {
            let Some(contract) = registry.contracts.get(&id.value()) else {
                let near = suggestion(&id.value(), registry.contracts.keys());
                return Err(syn::Error::new_spanned(
                    id,
                    format!("the registry has no contract `{}`{near}", id.value()),
                ));
            };
            check_version(binding.version.as_ref(), &contract.version, &contract.id)?;
            let payload = match direction {
                Direction::Request => &contract.request,
                Direction::Response => &contract.response,
            };
            let module = format_ident!("{}", contract.rust_module);
            let ty = format_ident!("{}", payload.rust_name);
            let (contract_id, version) = (&contract.id, contract.version.to_string());
            let direction = match direction {
                Direction::Request => quote!(Request),
                Direction::Response => quote!(Response),
            };
            let _ = name;
            Ok(Element {
                what: format!(
                    "the {} of contract `{}` {}",
                    payload.direction.as_str(),
                    contract.id,
                    contract.version
                ),
                fields: &payload.fields,
                generated: quote!(#generated::#module::#ty),
                impls: quote! {
                    impl ::contracts_runtime::Payload for #name {
                        const CONTRACT: &'static str = #contract_id;
                        const VERSION: &'static str = #version;
                        const DIRECTION: ::contracts_runtime::Direction = ::contracts_runtime::Direction::#direction;
                    }
                },
            })
        }
        Target::Record(id) => {
            let Some(record) = registry.records.get(&id.value()) else {
                let near = suggestion(&id.value(), registry.records.keys());
                return Err(syn::Error::new_spanned(
                    id,
                    format!("the registry has no record type `{}`{near}", id.value()),
                ));
            };
            let ty = format_ident!("{}", record.rust_name);
            let record_id = &record.id;
            Ok(Element {
                what: format!("the record `{}`", record.id),
                fields: &record.fields,
                generated: quote!(#generated::records::#ty),
                impls: quote! {
                    impl ::contracts_runtime::RecordType for #name {
                        const RECORD: &'static str = #record_id;
                    }
                },
            })
        }
    }
}

/// The struct is written for `version`; the registry's version must be semver-compatible with it.
fn check_version(version: Option<&LitStr>, current: &semver::Version, id: &str) -> syn::Result<()> {
    let Some(version) = version else {
        return Ok(());
    };
    let requirement = semver::VersionReq::parse(&format!("^{}", version.value())).map_err(|e| {
        syn::Error::new_spanned(
            version,
            format!("`{}` is not a version: {e}", version.value()),
        )
    })?;
    if requirement.matches(current) {
        Ok(())
    } else {
        Err(syn::Error::new_spanned(
            version,
            format!(
                "this struct was written for `{id}` {}, but the registry has {current}, which is not compatible; \
                 read the migration guide, update the struct, then the version",
                version.value()
            ),
        ))
    }
}

struct Checked {
    wire_names: Vec<String>,
    assertions: Vec<TokenStream>,
}

fn check_fields(
    registry: &Registry,
    input: &DeriveInput,
    element: &Element,
    partial: bool,
) -> syn::Result<Checked> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "`Contract` derives on structs; for a catalogue enum derive `Catalogue`",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "`Contract` needs a struct with named fields",
        ));
    };
    let container = serde_attrs::container(&input.attrs)?;
    let owner = input.ident.to_string();
    let mut errors: Vec<syn::Error> = Vec::new();
    let mut wire_names = Vec::new();
    let mut assertions = Vec::new();
    let mut flattened: Vec<&Type> = Vec::new();
    for field in &named.named {
        let attrs = match serde_attrs::field(field) {
            Ok(attrs) => attrs,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        if attrs.skip {
            continue;
        }
        if attrs.flatten {
            flattened.push(&field.ty);
            continue;
        }
        let rust_name = field
            .ident
            .as_ref()
            .map(|i| i.to_string())
            .unwrap_or_default();
        let rust_name = rust_name.trim_start_matches("r#").to_owned();
        let wire = attrs
            .rename
            .clone()
            .unwrap_or_else(|| container.rename_all.apply(&rust_name));
        let Some(expected) = element.fields.iter().find(|f| f.wire_name == wire) else {
            errors.push(unknown_field(
                field,
                &attrs,
                &wire,
                element,
                container.rename_all,
            ));
            continue;
        };
        wire_names.push(wire.clone());
        match check_type(registry, expected, &field.ty, &attrs) {
            Ok(Some(fit)) => assertions.extend(shape::assertion(
                &fit,
                value_type(&field.ty),
                &owner,
                &rust_name,
            )),
            Ok(None) => {}
            Err(message) => errors.push(syn::Error::new_spanned(
                &field.ty,
                format!(
                    "`{rust_name}`: {} {message}{}",
                    describe(expected),
                    provision(expected)
                ),
            )),
        }
    }
    let missing: Vec<&Field> = element
        .fields
        .iter()
        .filter(|f| !partial && f.required && !wire_names.contains(&f.wire_name))
        .collect();
    if flattened.is_empty() {
        if !missing.is_empty() {
            let list: Vec<String> = missing
                .iter()
                .map(|f| format!("`{}` ({}{})", f.wire_name, f.label.vi, provision_short(f)))
                .collect();
            errors.push(syn::Error::new_spanned(
                &input.ident,
                format!(
                    "`{owner}` lacks required fields of {}: {}",
                    element.what,
                    list.join(", ")
                ),
            ));
        }
    } else {
        assertions.extend(flatten_assertions(&owner, element, &missing, &flattened));
    }
    match errors.into_iter().reduce(|mut all, next| {
        all.combine(next);
        all
    }) {
        Some(errors) => Err(errors),
        None => Ok(Checked {
            wire_names,
            assertions,
        }),
    }
}

/// Checks the outer shape (`Option`, list), then the value type, then how `None` is written (one error per
/// field: the first of these that fails); `Some(fit)` when an assertion is needed.
fn check_type(
    registry: &Registry,
    expected: &Field,
    ty: &Type,
    attrs: &serde_attrs::FieldAttrs,
) -> Result<Option<Fit>, String> {
    let option = shape::inner_of(ty, &["Option"]);
    let ty = match (expected.required, option) {
        (true, Some(_)) => return Err("is required: the type must not be an `Option`".to_owned()),
        (false, None) => return Err("is optional: wrap the type in `Option<...>`".to_owned()),
        (_, Some(inner)) => inner,
        (_, None) => ty,
    };
    let fit = check_value_type(registry, expected, ty, attrs)?;
    let sends_null = option.is_some() && !attrs.skips_when_empty && !attrs.converts;
    if sends_null && !expected.accepts.contains(&Accept::Null) {
        return Err("is optional, and the contract does not take `null` for absent: add `#[serde(skip_serializing_if = \"Option::is_none\")]` so that `None` is left out".to_owned());
    }
    Ok(fit)
}

/// Checks the list shape and the value type inside an `Option`.
fn check_value_type(
    registry: &Registry,
    expected: &Field,
    ty: &Type,
    attrs: &serde_attrs::FieldAttrs,
) -> Result<Option<Fit>, String> {
    let list = shape::inner_of(ty, &["Vec", "VecDeque"]);
    let ty = match (expected.list.is_some(), list) {
        (true, Some(inner)) => inner,
        (true, None) => return Err("is a list: use `Vec<...>`".to_owned()),
        (false, Some(_)) if shape::last_ident(ty).as_deref() == Some("Vec") => {
            return Err("is a single value, not a list".to_owned());
        }
        (false, _) => ty,
    };
    if attrs.converts {
        return Ok(None);
    }
    shape::fit(registry, expected, ty).map(|fit| match fit {
        Fit::Holds => None,
        other => Some(other),
    })
}

/// The type of one value: inside `Option` and the list.
fn value_type(ty: &Type) -> &Type {
    let ty = shape::inner_of(ty, &["Option"]).unwrap_or(ty);
    shape::inner_of(ty, &["Vec", "VecDeque"]).unwrap_or(ty)
}

fn flatten_assertions(
    owner: &str,
    element: &Element,
    missing: &[&Field],
    flattened: &[&Type],
) -> Vec<TokenStream> {
    let all: Vec<&str> = element
        .fields
        .iter()
        .map(|f| f.wire_name.as_str())
        .collect();
    let mut out = Vec::new();
    for ty in flattened {
        let message = format!(
            "a field flattened into `{owner}` is not a field of {}",
            element.what
        );
        out.push(quote::quote_spanned! {ty.span()=>
            const _: () = assert!(
                ::contracts_runtime::binding::all_in(<#ty as ::contracts_runtime::WireFields>::WIRE_NAMES, &[#(#all),*]),
                #message
            );
        });
    }
    for field in missing {
        let wire = &field.wire_name;
        let message = format!(
            "`{owner}` lacks the required field `{wire}` of {}, directly or in a flattened field",
            element.what
        );
        out.push(quote! {
            const _: () = assert!(
                false #(|| ::contracts_runtime::binding::contains(<#flattened as ::contracts_runtime::WireFields>::WIRE_NAMES, #wire))*,
                #message
            );
        });
    }
    out
}

fn unknown_field(
    field: &syn::Field,
    attrs: &serde_attrs::FieldAttrs,
    wire: &str,
    element: &Element,
    rule: RenameRule,
) -> syn::Error {
    let near = closest(wire, element.fields.iter().map(|f| &f.wire_name));
    let (target, hint) = match (attrs.rename_span, near) {
        (Some(span), Some(near)) => (span, format!("; did you mean `rename = \"{near}\"`?")),
        (Some(span), None) => (span, String::new()),
        (None, near) => {
            let span = field
                .ident
                .as_ref()
                .map_or_else(|| field.ty.span(), |i| i.span());
            let hint = match (near, rule) {
                (Some(near), _) => format!(
                    "; did you mean `{near}`? add `#[serde(rename = \"{near}\")]`"
                ),
                (None, RenameRule::None) => " (serde sends a field under its Rust name unless `#[serde(rename = \"...\")]` or `rename_all` says otherwise)".to_owned(),
                (None, _) => String::new(),
            };
            (span, hint)
        }
    };
    syn::Error::new(
        target,
        format!("`{wire}` is not a field of {}{hint}", element.what),
    )
}

/// `; did you mean `x`?` for the candidate closest to `given`, or nothing.
fn suggestion<'a>(given: &str, candidates: impl Iterator<Item = &'a String>) -> String {
    closest(given, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

/// The candidate closest to `given` (ignoring case), when it is close enough to be a likely typo.
fn closest<'a>(given: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    candidates
        .map(|c| {
            (
                strsim::jaro_winkler(&given.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn describe(field: &Field) -> String {
    format!(
        "the contract field `{}` ({} / {})",
        field.wire_name,
        field.label.vi,
        field.label.en_or_vi()
    )
}

fn provision(field: &Field) -> String {
    let legal: Vec<&str> = field.legal.iter().map(|l| l.written.as_str()).collect();
    if legal.is_empty() {
        String::new()
    } else {
        format!(" [provision {}]", legal.join(", "))
    }
}

fn provision_short(field: &Field) -> String {
    let legal: Vec<&str> = field.legal.iter().map(|l| l.written.as_str()).collect();
    if legal.is_empty() {
        String::new()
    } else {
        format!(", {}", legal.join(", "))
    }
}
