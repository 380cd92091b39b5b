//! Types that cannot hold the contract's type and wire format.
use contracts_macros::Contract;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Contract)]
#[contract(record = "fee-line")]
#[serde(rename_all = "PascalCase")]
struct Fee {
    ten_phi_le_phi: Vec<String>,
    gia: f64,
    loai_phi_le_phi: Option<u8>,
}

fn main() {}
