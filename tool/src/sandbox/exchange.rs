//! The stateful side of the exchanges: dossiers pushed with `DongBoHoSoMC` and their statuses, which the
//! progress and status operations then see.
//!
//! | operation | what the sandbox does |
//! |---|---|
//! | `DongBoHoSoMC` | records each dossier of `data` with its `TrangThaiHoSo`; `isUpdating: "False"` for a dossier it already has is refused ("đã tồn tại") |
//! | `CapNhatTienDoHoSoMC` | each step of `data` must name a dossier pushed before; its `TrangThai` becomes the dossier's status |
//! | `DongBoTrangThaiHoSo` | the `TrangThai` of `data` becomes the status of the dossier `MaHoSo` |
//! | `LayTrangThaiHoSo` | returns every status the dossier `mahoso` took, oldest first (an empty list for an unknown dossier) |
//!
//! Every change of status must be one that [`super::transitions`] allows.

use std::collections::HashMap;

use contracts_core::model::{Contract, Registry};
use contracts_core::payload::Violation;
use serde_json::{Map, Value, json};

use super::state::{Dossiers, StatusEntry};
use super::store::Change;
use super::transitions;
use super::verdict::about_field;

/// An operation whose items set dossier statuses.
struct Feed {
    operation: &'static str,
    /// The field holding the items: a list, or one object.
    items: &'static str,
    code: &'static str,
    status: &'static str,
    /// The item's field whose text becomes the status's note.
    note: Option<&'static str>,
    /// The item's field holding when the status was taken (`yyyyMMddHHmmss`); the arrival time otherwise.
    at: Option<&'static str>,
    /// The dossier must have been pushed before.
    must_exist: bool,
    /// The operation adds dossiers (and reads `isUpdating`).
    creates: bool,
}

const FEEDS: &[Feed] = &[
    Feed {
        operation: "DongBoHoSoMC",
        items: "data",
        code: "MaHoSo",
        status: "TrangThaiHoSo",
        note: None,
        at: None,
        must_exist: false,
        creates: true,
    },
    Feed {
        operation: "CapNhatTienDoHoSoMC",
        items: "data",
        code: "MaHoSo",
        status: "TrangThai",
        note: Some("NoiDungXuLy"),
        at: Some("ThoiDiemXuLy"),
        must_exist: true,
        creates: false,
    },
    Feed {
        operation: "DongBoTrangThaiHoSo",
        items: "data",
        code: "MaHoSo",
        status: "TrangThai",
        note: Some("NoiDung"),
        at: Some("NgayXuLy"),
        must_exist: false,
        creates: false,
    },
];

/// The operation that reads a dossier's statuses, and its field naming the dossier.
const STATUS_READ: (&str, &str) = ("LayTrangThaiHoSo", "mahoso");

/// What a valid request changes, and what the answer carries besides the contract's example.
#[derive(Default)]
pub struct Effect {
    pub changes: Vec<Change>,
    /// Replaces the example answer's `result`.
    pub result: Option<Value>,
}

/// Whether `contract` reads or writes dossier state (its requests are then handled one at a time).
pub fn is_stateful(contract: &Contract) -> bool {
    contract.operation == STATUS_READ.0 || FEEDS.iter().any(|f| f.operation == contract.operation)
}

/// Applies a valid request of `contract` to the dossiers, or says why the dossiers' state refuses it (and
/// then changes nothing). `now` is the arrival time as `yyyyMMddHHmmss`.
pub fn apply(
    registry: &Registry,
    contract: &Contract,
    value: &Value,
    dossiers: &mut Dossiers,
    now: &str,
) -> Result<Effect, Vec<Violation>> {
    if contract.operation == STATUS_READ.0 {
        return Ok(read_statuses(value, dossiers));
    }
    let Some(feed) = FEEDS.iter().find(|f| f.operation == contract.operation) else {
        return Ok(Effect::default());
    };
    let updating = value
        .get("isUpdating")
        .and_then(Value::as_str)
        .map(|s| s.eq_ignore_ascii_case("true"));
    let mut staged: HashMap<&str, &str> = HashMap::new();
    let mut changes = Vec::new();
    let mut violations = Vec::new();
    for (at, item) in items(value, feed.items) {
        let Some(code) = item.get(feed.code).and_then(Value::as_str) else {
            continue;
        };
        let known = staged.get(code).copied().or_else(|| dossiers.current(code));
        if feed.creates && updating == Some(false) && known.is_some() {
            violations.push(about_field(
                registry,
                contract,
                "/isUpdating",
                format!(
                    "the Portal already has the dossier `{code}` (\"đã tồn tại\"): send it again with isUpdating \"True\""
                ),
            ));
        }
        if feed.must_exist && known.is_none() {
            violations.push(about_field(
                registry,
                contract,
                &format!("{at}/{}", feed.code),
                format!(
                    "the Portal has no dossier `{code}`: push it with DongBoHoSoMC before sending its {}",
                    feed.operation
                ),
            ));
            continue;
        }
        let Some(status) = item.get(feed.status).and_then(Value::as_str) else {
            continue;
        };
        if let Some(from) = known
            && !transitions::allowed(from, status)
        {
            violations.push(about_field(
                registry,
                contract,
                &format!("{at}/{}", feed.status),
                refused_change(registry, code, from, status),
            ));
            continue;
        }
        if known == Some(status) {
            continue;
        }
        staged.insert(code, status);
        let text = |name: Option<&str>| {
            name.and_then(|n| item.get(n))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        changes.push(Change::Status {
            dossier: code.to_owned(),
            entry: StatusEntry {
                status: status.to_owned(),
                at: text(feed.at).unwrap_or(now).to_owned(),
                note: text(feed.note).map(str::to_owned),
            },
        });
    }
    if !violations.is_empty() {
        return Err(violations);
    }
    for change in &changes {
        if let Change::Status { dossier, entry } = change {
            dossiers.record(dossier, entry.clone());
        }
    }
    Ok(Effect {
        changes,
        result: None,
    })
}

/// The items of a feed with their pointers: each element of a list, or the one object.
fn items<'a>(value: &'a Value, name: &str) -> Vec<(String, &'a Map<String, Value>)> {
    match value.get(name) {
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .filter_map(|(i, item)| item.as_object().map(|o| (format!("/{name}/{i}"), o)))
            .collect(),
        Some(Value::Object(object)) => vec![(format!("/{name}"), object)],
        _ => Vec::new(),
    }
}

fn read_statuses(value: &Value, dossiers: &Dossiers) -> Effect {
    let code = value
        .get(STATUS_READ.1)
        .and_then(Value::as_str)
        .unwrap_or_default();
    let result = dossiers
        .history(code)
        .iter()
        .map(|entry| {
            let mut item = json!({
                "MaHoSo": code,
                "TrangThaiHoSo": entry.status,
                "ThoiDiemCapNhatTrangThai": entry.at,
            });
            if let (Some(note), Some(object)) = (&entry.note, item.as_object_mut()) {
                object.insert("NoiDung".to_owned(), Value::from(note.as_str()));
            }
            item
        })
        .collect();
    Effect {
        changes: Vec::new(),
        result: Some(Value::Array(result)),
    }
}

/// Why a dossier may not move from `from` to `to`, naming the statuses by their catalogue labels.
fn refused_change(registry: &Registry, code: &str, from: &str, to: &str) -> String {
    let name = |status: &str| -> String {
        registry
            .catalogues
            .get(transitions::CATALOGUE)
            .and_then(|c| c.code(status))
            .map_or_else(
                || format!("`{status}`"),
                |c| format!("`{status}` ({})", c.label.vi),
            )
    };
    let allowed = transitions::next(from).unwrap_or_default();
    let then = if allowed.is_empty() {
        format!("{} is final", name(from))
    } else {
        format!(
            "from {} the sandbox accepts {}",
            name(from),
            allowed.join(", ")
        )
    };
    format!(
        "the dossier `{code}` cannot go from status {} to {}: {then} (the sandbox's transition table, see the README)",
        name(from),
        name(to)
    )
}
