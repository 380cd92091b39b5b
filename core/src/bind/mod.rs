//! What `#[derive(Contract)]` and `#[derive(Catalogue)]` do: check a user's struct or enum against the registry
//! and bind it, as token streams, so that the proc-macro crate is a thin entry point and this is unit-tested.
//!
//! [`registry`] finds and loads the registry once per compilation; [`serde_attrs`] reads names the way serde
//! does; [`shape`] decides which Rust types can hold a field; [`contract`] and [`catalogue`] are the derives.

pub mod catalogue;
pub mod contract;
pub mod registry;
pub mod serde_attrs;
pub mod shape;

use proc_macro2::TokenStream;
use syn::DeriveInput;

/// `#[derive(Contract)]`: the impls binding the struct, or the compile errors at each offending field.
pub fn derive_contract(input: &DeriveInput) -> TokenStream {
    contract::derive(input).unwrap_or_else(syn::Error::into_compile_error)
}

/// `#[derive(Catalogue)]`: the impls binding the enum, or the compile errors at each offending variant.
pub fn derive_catalogue(input: &DeriveInput) -> TokenStream {
    catalogue::derive(input).unwrap_or_else(syn::Error::into_compile_error)
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    use super::*;

    /// Every message of a derive's errors, in order; empty when it succeeds.
    fn errors(result: syn::Result<TokenStream>) -> Vec<String> {
        match result {
            Ok(_) => Vec::new(),
            Err(error) => error.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn a_struct_matching_the_contract_binds() {
        let input: DeriveInput = parse_quote! {
            #[contract(id = "dossier-sync", version = "1.0.0", payload = "response")]
            struct Answer {
                error_code: i64,
                #[serde(skip_serializing_if = "Option::is_none")]
                message: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                result: Option<String>,
            }
        };
        let tokens = contract::derive(&input).unwrap_or_else(|e| panic!("{e}"));
        let text = tokens.to_string();
        assert!(text.contains("Bound for Answer"), "{text}");
        assert!(
            text.contains("include_bytes"),
            "the contract files become inputs: {text}"
        );
    }

    #[test]
    fn every_mismatch_of_a_struct_is_reported_at_once() {
        let input: DeriveInput = parse_quote! {
            #[contract(id = "dossier-sync", version = "1.0", payload = "request")]
            struct Push {
                session: Option<String>,
                madonvi: String,
                #[serde(rename = "isupdating")]
                is_updating: bool,
                service: String,
                data: String,
                extra: u32,
            }
        };
        let found = errors(contract::derive(&input));
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(found[0].contains("is required: the type must not be an `Option`"));
        assert!(found[1].contains("did you mean `rename = \"isUpdating\"`?"));
        assert!(found[2].contains("is a list: use `Vec<...>`"));
        assert!(found[3].starts_with("`extra` is not a field"));
        assert!(found[4].contains("lacks required fields"));
    }

    #[test]
    fn unknown_contracts_and_incompatible_versions_are_named() {
        let unknown: DeriveInput = parse_quote! {
            #[contract(id = "dossier-synk", version = "1.0.0", payload = "request")]
            struct A {}
        };
        let found = errors(contract::derive(&unknown));
        assert!(found[0].contains("dossier-sync"), "{found:?}");
        let future: DeriveInput = parse_quote! {
            #[contract(id = "dossier-sync", version = "9.0.0", payload = "request")]
            struct B {}
        };
        assert!(!errors(contract::derive(&future)).is_empty());
    }

    #[test]
    fn catalogue_enums_must_name_known_codes_and_keep_unknown_ones() {
        let input: DeriveInput = parse_quote! {
            #[catalogue(id = "gender")]
            enum Sex {
                #[catalogue(code = "1")]
                Male,
                #[catalogue(code = "3")]
                Other,
            }
        };
        let found = errors(catalogue::derive(&input));
        assert!(found.iter().any(|e| e.contains("`3`")), "{found:#?}");
        assert!(found.len() >= 2, "{found:#?}");
    }
}
