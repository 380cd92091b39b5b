//! An optional field whose `None` would be written as `null`, where the contract does not take `null` for absent,
//! fails at the field and says which serde attribute leaves it out; one with the attribute binds.
use contracts_macros::Contract;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Contract)]
#[contract(record = "fee-line", partial)]
struct Fee {
    #[serde(rename = "MaPhiLePhi")]
    code: Option<String>,
    #[serde(rename = "LoaiPhiLePhi", skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
}

fn main() {}
