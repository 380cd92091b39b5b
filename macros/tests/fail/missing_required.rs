//! A struct without a required field of the contract fails at the struct, naming the fields and provisions.
use contracts_macros::Contract;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Contract)]
#[contract(record = "fee-line")]
struct Fee {
    #[serde(rename = "MaPhiLePhi")]
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
}

fn main() {}
