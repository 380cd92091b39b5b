//! `#[derive(Catalogue)]`: checks an enum's codes against a catalogue, and makes it a catalogue enum.

use crate::model::WireFormat;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr, Variant};

use super::registry;

struct Options {
    id: LitStr,
    registry: Option<String>,
    /// The enum may leave codes of the catalogue to its `other` variant.
    partial: bool,
}

enum Role<'a> {
    Code(LitStr, &'a Variant),
    Other(&'a Variant),
}

pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let options = options(input)?;
    let loaded = registry::load(options.registry.as_deref())
        .map_err(|message| syn::Error::new(Span::call_site(), message))?;
    let Some(catalogue) = loaded.registry.catalogues.get(&options.id.value()) else {
        return Err(syn::Error::new_spanned(
            &options.id,
            format!("the registry has no catalogue `{}`", options.id.value()),
        ));
    };
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "`Catalogue` derives on enums",
        ));
    };
    let mut errors: Vec<syn::Error> = Vec::new();
    let mut codes: Vec<(LitStr, &Variant)> = Vec::new();
    let mut other: Option<&Variant> = None;
    for variant in &data.variants {
        match role(variant) {
            Ok(Role::Code(code, variant)) => {
                if catalogue.code(&code.value()).is_none() {
                    let known: Vec<&str> =
                        catalogue.codes.iter().map(|c| c.code.as_str()).collect();
                    errors.push(syn::Error::new_spanned(
                        &code,
                        format!(
                            "`{}` is not a code of the catalogue `{}` (its codes: {})",
                            code.value(),
                            catalogue.id,
                            known.join(", ")
                        ),
                    ));
                } else if codes.iter().any(|(c, _)| c.value() == code.value()) {
                    errors.push(syn::Error::new_spanned(
                        &code,
                        format!("two variants have the code `{}`", code.value()),
                    ));
                }
                if !matches!(variant.fields, Fields::Unit) {
                    errors.push(syn::Error::new_spanned(
                        variant,
                        "a variant for a code has no fields",
                    ));
                }
                codes.push((code, variant));
            }
            Ok(Role::Other(variant)) => {
                if !matches!(&variant.fields, Fields::Unnamed(f) if f.unnamed.len() == 1) {
                    errors.push(syn::Error::new_spanned(
                        variant,
                        "the `other` variant holds the code: `Other(String)`",
                    ));
                }
                other = Some(variant);
            }
            Err(error) => errors.push(error),
        }
    }
    let Some(other) = other else {
        errors.push(syn::Error::new_spanned(
            &input.ident,
            "add a variant `#[catalogue(other)] Other(String)`: it keeps codes the enum does not know, so that a payload with a newer code still parses",
        ));
        return Err(combine(errors));
    };
    if !options.partial {
        let missing: Vec<String> = catalogue
            .codes
            .iter()
            .filter(|c| {
                c.deprecated.is_none() && !codes.iter().any(|(code, _)| code.value() == c.code)
            })
            .map(|c| format!("`{}` ({})", c.code, c.label.vi))
            .collect();
        if !missing.is_empty() {
            errors.push(syn::Error::new_spanned(
                &input.ident,
                format!(
                    "`{}` has no variant for these codes of `{}`: {}; add them, or `#[catalogue(partial)]` to leave them to the `other` variant",
                    input.ident, catalogue.id, missing.join(", ")
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(combine(errors));
    }
    let name = &input.ident;
    let other_ident = &other.ident;
    let (id, version) = (&catalogue.id, catalogue.version.to_string());
    let format = if catalogue.format == WireFormat::CodeNumber {
        quote!(CodeNumber)
    } else {
        quote!(CodeString)
    };
    let infos = catalogue.codes.iter().map(|c| {
        let (code, vi, en, deprecated) = (&c.code, &c.label.vi, c.label.en_or_vi(), c.deprecated.is_some());
        let legal = c.legal.iter().map(|l| l.written.as_str());
        quote! { ::contracts_runtime::CodeInfo { code: #code, label_vi: #vi, label_en: #en, legal: &[#(#legal),*], deprecated: #deprecated }, }
    });
    let from = codes.iter().map(|(code, v)| {
        let variant = &v.ident;
        quote! { #code => Self::#variant, }
    });
    let to = codes.iter().map(|(code, v)| {
        let variant = &v.ident;
        quote! { Self::#variant => #code, }
    });
    let track = registry::track(&loaded.files);
    Ok(quote! {
        const _: () = {
            #track

            impl ::contracts_runtime::Catalogue for #name {
                const ID: &'static str = #id;
                const VERSION: &'static str = #version;
                const FORMAT: ::contracts_runtime::WireFormat = ::contracts_runtime::WireFormat::#format;
                const CODES: &'static [::contracts_runtime::CodeInfo] = &[#(#infos)*];

                fn from_code(code: &str) -> Self {
                    match code {
                        #(#from)*
                        other => Self::#other_ident(other.to_owned()),
                    }
                }

                fn code(&self) -> &str {
                    match self {
                        #(#to)*
                        Self::#other_ident(code) => code,
                    }
                }
            }

            impl ::contracts_runtime::serde::Serialize for #name {
                fn serialize<S: ::contracts_runtime::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    use ::contracts_runtime::Catalogue as _;
                    ::contracts_runtime::catalogue::serialize_code(self.code(), Self::FORMAT, serializer)
                }
            }

            impl<'de> ::contracts_runtime::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::contracts_runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    use ::contracts_runtime::Catalogue as _;
                    ::contracts_runtime::catalogue::deserialize_code(Self::FORMAT, deserializer).map(|code| Self::from_code(&code))
                }
            }

            impl ::contracts_runtime::Check for #name {
                fn check(&self, rule: &::contracts_runtime::FieldRule, at: &str, out: &mut Vec<::contracts_runtime::Violation>) {
                    ::contracts_runtime::catalogue::check_code(self, rule, at, out);
                }
            }
        };
    })
}

fn options(input: &DeriveInput) -> syn::Result<Options> {
    let mut id = None;
    let mut registry = None;
    let mut partial = false;
    for attr in input
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("catalogue"))
    {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("id") {
                id = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("registry") {
                registry = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("partial") {
                partial = true;
            } else {
                return Err(meta.error(
                    "unknown key; `#[catalogue(...)]` takes `id`, `partial` and `registry`",
                ));
            }
            Ok(())
        })?;
    }
    let id = id.ok_or_else(|| {
        syn::Error::new_spanned(&input.ident, "add `#[catalogue(id = \"<catalogue id>\")]`")
    })?;
    Ok(Options {
        id,
        registry,
        partial,
    })
}

fn role(variant: &Variant) -> syn::Result<Role<'_>> {
    let mut code = None;
    let mut other = false;
    for attr in variant
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("catalogue"))
    {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("code") {
                code = Some(meta.value()?.parse::<LitStr>()?);
            } else if meta.path.is_ident("other") {
                other = true;
            } else {
                return Err(meta.error("unknown key; a variant takes `#[catalogue(code = \"...\")]` or `#[catalogue(other)]`"));
            }
            Ok(())
        })?;
    }
    match (code, other) {
        (Some(code), false) => Ok(Role::Code(code, variant)),
        (None, true) => Ok(Role::Other(variant)),
        (Some(code), true) => Err(syn::Error::new_spanned(
            code,
            "a variant has a code or is `other`, not both",
        )),
        (None, false) => Err(syn::Error::new_spanned(
            &variant.ident,
            "give the variant its code: `#[catalogue(code = \"...\")]`, or mark it `#[catalogue(other)]`",
        )),
    }
}

fn combine(errors: Vec<syn::Error>) -> syn::Error {
    let mut iter = errors.into_iter();
    let mut first = iter
        .next()
        .unwrap_or_else(|| syn::Error::new(Span::call_site(), "invalid catalogue enum"));
    for error in iter {
        first.combine(error);
    }
    first
}
