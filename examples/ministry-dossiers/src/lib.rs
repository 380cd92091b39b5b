//! A ministry system's own types, bound to the `dossier-sync` contract at compile time.
//!
//! The structs keep the system's own field names; serde's attributes give the wire names, and the derive
//! checks them against the registry when this crate compiles. If VPCP changes the contract (renames a
//! field, makes one required, removes a code), this crate stops compiling with the error on the field.

use contracts_macros::{Catalogue, Contract};
use contracts_runtime::wire::{BoolTrueFalse, DateTimeCompact};
use serde::{Deserialize, Serialize};
use vpcp_contracts::catalogues::SubjectType;

/// What the system sends to the Portal to synchronise dossiers (Art. 10.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Contract)]
#[contract(id = "dossier-sync", version = "1.0.0", payload = "request")]
pub struct DossierPush {
    pub session: String,
    pub madonvi: String,
    pub service: String,
    #[serde(rename = "isUpdating")]
    pub is_updating: BoolTrueFalse,
    pub data: Vec<DossierRow>,
}

/// One dossier, as the system's database row holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Contract)]
#[contract(record = "dossier")]
pub struct DossierRow {
    #[serde(rename = "MaHoSo")]
    pub code: String,
    #[serde(rename = "MaTTHC")]
    pub procedure_code: String,
    #[serde(rename = "TenTTHC")]
    pub procedure_name: String,
    #[serde(rename = "ChuHoSo")]
    pub owner: String,
    #[serde(rename = "LoaiDoiTuong")]
    pub owner_kind: SubjectType,
    #[serde(rename = "NgayTiepNhan")]
    pub received_at: DateTimeCompact,
    #[serde(
        rename = "NgayHenTra",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub due_at: Option<DateTimeCompact>,
    #[serde(rename = "TrangThaiHoSo")]
    pub status: Status,
    #[serde(rename = "DonViXuLy")]
    pub handled_by: String,
    /// Kept by the system only; never sent.
    #[serde(skip)]
    pub internal_id: u64,
}

/// The statuses this system uses; the others stay available through `Other`.
#[derive(Clone, Debug, PartialEq, Eq, Catalogue)]
#[catalogue(id = "dossier-status", partial)]
pub enum Status {
    #[catalogue(code = "1")]
    New,
    #[catalogue(code = "2")]
    Received,
    #[catalogue(code = "4")]
    InProgress,
    #[catalogue(code = "10")]
    Returned,
    #[catalogue(other)]
    Other(String),
}
