//! Derive macros that check a user's Rust types against the contract registry at compile time.
//!
//! `#[derive(Contract)]` binds a struct to a contract payload or a record type; `#[derive(Catalogue)]` binds an
//! enum to a catalogue. Both load the registry once per compilation (from `contracts/` above the crate, the
//! `CONTRACTS_ROOT` variable, or `registry = "..."`), report every mismatch at once at the offending field,
//! and make the crate depend on the contract files so that editing a contract rebuilds it.

//!
//! The checks themselves live in `contracts_core::bind`, where they are unit-tested; this crate only hands the
//! compiler's tokens to them.

use contracts_core::bind;
use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Binds a struct to a contract's request or response, or to a record type:
///
/// ```ignore
/// #[derive(Serialize, Deserialize, Contract)]
/// #[contract(id = "dossier-sync", version = "1.0.0", payload = "request")]
/// struct Outgoing { ... }
/// ```
///
/// The struct must have every required field of the contract and no field the contract does not define,
/// under serde's own naming (`rename`, `rename_all`, `skip`, `flatten`). It implements
/// `contracts_runtime::Bound` (conversion to and from the generated type), `Validate` and `Payload` (or
/// `RecordType`).
#[proc_macro_derive(Contract, attributes(contract))]
pub fn derive_contract(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    bind::derive_contract(&input).into()
}

/// Binds an enum to a catalogue: each variant names its code with `#[catalogue(code = "...")]`, and one
/// `#[catalogue(other)] Other(String)` variant keeps codes the enum does not know.
#[proc_macro_derive(Catalogue, attributes(catalogue))]
pub fn derive_catalogue(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    bind::derive_catalogue(&input).into()
}
