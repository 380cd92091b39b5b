//! Which side of an exchange serves its endpoint: the Portal (the sandbox plays it) or a ministry system (the
//! probe checks it).
//!
//! The model has `provider` (the party that supplies the data) and `consumer`, but no host. For a pull the
//! provider is the host; for a push it is not: ministry systems push dossiers, progress and PAKN to the
//! Portal's adapter (`/work/notes/wire-facts.md` §1), so the Portal hosts `DongBoHoSoMC` although the ministry
//! system provides the data. Until the model says who hosts each contract (issue 21), [`portal_hosts`] decides
//! it here, in one place.

use contracts_core::model::Contract;

/// Contracts whose endpoint a ministry system serves and the Portal calls, with the reason. Every other
/// contract is served by the Portal: its pulls (catalogues, Portal dossiers, PAKN lists, SSO attributes) and
/// the ministry systems' pushes to its adapter and Payment Platform.
pub const MINISTRY_HOSTED: &[(&str, &str)] = &[
    (
        "dossier-lookup",
        "the registry proposes that the Portal looks dossiers up in the ministry system (TraCuuHoSo, Bearer token, no session); the one precedent seen runs the other way",
    ),
    (
        "result-lookup",
        "the registry proposes that the Portal looks results up in the ministry system (TraCuuKetQuaHoSo)",
    ),
];

/// Whether the Portal serves the endpoint of `contract` (so the sandbox answers it), rather than a ministry
/// system (so `probe` checks it).
pub fn portal_hosts(contract: &Contract) -> bool {
    !MINISTRY_HOSTED.iter().any(|(id, _)| *id == contract.id)
}
