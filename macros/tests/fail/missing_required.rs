//! A struct without a required field of the contract fails at the struct, naming the fields and provisions.
use contracts_macros::Contract;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Contract)]
#[contract(record = "fee-line")]
struct Fee {
    #[serde(rename = "MaPhiLePhi")]
    code: Option<String>,
}

fn main() {}
