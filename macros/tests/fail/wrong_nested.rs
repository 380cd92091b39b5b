//! A nested record of the wrong record type, and a code field holding another catalogue's enum.
use contracts_macros::Contract;
use serde::{Deserialize, Serialize};
use vpcp_contracts::catalogues::Gender;
use vpcp_contracts::records::Attachment;

#[derive(Serialize, Deserialize, Contract)]
#[contract(id = "dossier-sync", payload = "request")]
struct Push {
    session: String,
    madonvi: String,
    service: String,
    #[serde(rename = "isUpdating")]
    is_updating: contracts_runtime::wire::BoolTrueFalse,
    data: Vec<Attachment>,
}

#[derive(Serialize, Deserialize, Contract)]
#[contract(record = "fee-line", partial)]
struct Fee {
    #[serde(rename = "LoaiPhiLePhi")]
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<Gender>,
}

fn main() {}
