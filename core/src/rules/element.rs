//! The names of changed elements, as the diff prints them and approvals quote them.
//!
//! `contract:dossier-sync`, `contract:dossier-sync/request`, `contract:dossier-sync/request/MaHoSo`,
//! `record:dossier/MaHoSo`, `catalogue:dossier-status/code/11`, `catalogue:dossier-status/variant/opencps`,
//! `identifier:agency-code`, `legal:circular-04-2025/10.1.a`, `auth-scheme:dvcqg-session`, `registry`,
//! `registry/wire-default/date-time`, `registry/wire-accepts/date`, `registry/url`, `owner:bca`, `database:national-population/SoDinhDanh`,
//! `reuse:judicial-record-certificate/identity-card-copy`.

use crate::model::Direction;

/// Examples for help texts.
pub const EXAMPLES: &str = "`contract:dossier-sync`, `contract:dossier-sync/request/MaHoSo`, `record:dossier/MaHoSo`, `catalogue:dossier-status/code/11`, `registry`";

/// The kinds that start an element name, before the `:`.
const KINDS: &[&str] = &[
    "contract",
    "record",
    "catalogue",
    "identifier",
    "legal",
    "auth-scheme",
    "owner",
    "database",
    "reuse",
];

pub fn registry() -> String {
    "registry".to_owned()
}

pub fn wire_default(ty: &str) -> String {
    format!("registry/wire-default/{ty}")
}

pub fn wire_accepts(ty: &str) -> String {
    format!("registry/wire-accepts/{ty}")
}

pub fn registry_url() -> String {
    "registry/url".to_owned()
}

pub fn auth_scheme(id: &str) -> String {
    format!("auth-scheme:{id}")
}

pub fn identifier(id: &str) -> String {
    format!("identifier:{id}")
}

pub fn legal_source(id: &str) -> String {
    format!("legal:{id}")
}

pub fn provision(source: &str, path: &[String]) -> String {
    format!("legal:{source}/{}", path.join("."))
}

pub fn contract(id: &str) -> String {
    format!("contract:{id}")
}

pub fn payload(contract: &str, direction: Direction) -> String {
    format!("contract:{contract}/{}", direction.as_str())
}

pub fn record(id: &str) -> String {
    format!("record:{id}")
}

/// A field of whatever `owner` names (a payload or a record).
pub fn field(owner: &str, wire_name: &str) -> String {
    format!("{owner}/{wire_name}")
}

pub fn catalogue(id: &str) -> String {
    format!("catalogue:{id}")
}

pub fn code(catalogue: &str, code: &str) -> String {
    format!("catalogue:{catalogue}/code/{code}")
}

pub fn variant_system(catalogue: &str, system: &str) -> String {
    format!("catalogue:{catalogue}/variant/{system}")
}

pub fn owner(id: &str) -> String {
    format!("owner:{id}")
}

pub fn database(id: &str) -> String {
    format!("database:{id}")
}

pub fn attribute(database: &str, wire_name: &str) -> String {
    format!("database:{database}/{wire_name}")
}

/// A replaced component of a reuse declaration: `reuse:<declaration>/<component>`.
pub fn component(reuse: &str, component: &str) -> String {
    format!("reuse:{reuse}/{component}")
}

/// Whether `name` has the shape of an element name (the element itself may exist on one side only).
pub fn is_well_formed(name: &str) -> bool {
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        return false;
    }
    if name == "registry" {
        return true;
    }
    if name == "registry/url" {
        return true;
    }
    for prefix in ["registry/wire-default/", "registry/wire-accepts/"] {
        if let Some(ty) = name.strip_prefix(prefix) {
            return !ty.is_empty();
        }
    }
    let Some((kind, rest)) = name.split_once(':') else {
        return false;
    };
    let id = rest.split('/').next().unwrap_or("");
    KINDS.contains(&kind) && crate::naming::is_valid_id(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builder_makes_a_well_formed_name() {
        for name in [
            registry(),
            wire_default("date-time"),
            auth_scheme("dvcqg-session"),
            identifier("agency-code"),
            legal_source("circular-04-2025"),
            provision("circular-04-2025", &["10".into(), "1".into(), "đ".into()]),
            contract("dossier-sync"),
            payload("dossier-sync", Direction::Request),
            field(&payload("dossier-sync", Direction::Response), "error_code"),
            field(&record("dossier"), "MaHoSo"),
            code("dossier-status", "11"),
            variant_system("dossier-status", "opencps"),
        ] {
            assert!(is_well_formed(&name), "{name}");
        }
    }

    #[test]
    fn rejects_what_is_not_an_element() {
        for name in [
            "",
            "contract",
            "contract:",
            "thing:x",
            "contract:Bad_Id",
            "record:x y",
        ] {
            assert!(!is_well_formed(name), "{name}");
        }
    }
}
