//! Every mismatch of one struct is reported at once, each at its field.
use contracts_macros::Contract;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Contract)]
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

fn main() {}
