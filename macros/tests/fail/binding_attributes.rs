//! Unknown contracts, incompatible versions and unknown keys are errors at the attribute.
use contracts_macros::Contract;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Contract)]
#[contract(id = "dossier-synch", payload = "request")]
struct A {}

#[derive(Serialize, Deserialize, Contract)]
#[contract(id = "dossier-sync", version = "2.0.0", payload = "request")]
struct B {}

#[derive(Serialize, Deserialize, Contract)]
#[contract(id = "dossier-sync", payload = "reply")]
struct C {}

#[derive(Serialize, Deserialize, Contract)]
#[contract(record = "fee-line", colour = "red")]
struct D {}

fn main() {}
