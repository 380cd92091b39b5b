//! serde's `rename_all`, `rename`, `skip` and `flatten` decide the wire names, as serde reads them.
use contracts_macros::Contract;
use contracts_runtime::wire::DecimalString;
use contracts_runtime::{Bound, RecordType};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Contract)]
#[contract(record = "fee-line")]
#[serde(rename_all = "PascalCase")]
struct Fee {
    ten_phi_le_phi: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    ma_phi_le_phi: Option<String>,
    #[serde(flatten)]
    amount: Amount,
    #[serde(skip)]
    cached: bool,
}

/// A part of the record, flattened into `Fee`.
#[derive(Serialize, Deserialize, Contract)]
#[contract(record = "fee-line", partial)]
struct Amount {
    #[serde(rename = "Gia")]
    price: DecimalString,
}

fn main() {
    assert_eq!(Fee::RECORD, "fee-line");
    let fee = Fee {
        ten_phi_le_phi: "Lệ phí".into(),
        ma_phi_le_phi: None,
        amount: Amount { price: "75000".parse().unwrap() },
        cached: true,
    };
    let generated: vpcp_contracts::records::FeeLine = fee.to_generated().unwrap();
    assert_eq!(generated.gia.to_string(), "75000");
}
