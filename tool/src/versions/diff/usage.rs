//! Where records and catalogues travel: in the requests or the responses of which contracts.

use std::collections::{BTreeMap, BTreeSet};

use super::{Pair, Usage};
use contracts_core::model::{Contract, Field, FieldType, Registry};

/// Where each record and catalogue travels, in either registry.
#[derive(Debug, Default)]
pub struct Usages {
    pub records: BTreeMap<String, Usage>,
    pub catalogues: BTreeMap<String, Usage>,
}

impl Usages {
    pub(crate) fn of(pair: Pair<'_>) -> Usages {
        let mut usages = Usages::default();
        for registry in [pair.before, pair.after] {
            for contract in registry.contracts.values() {
                for (element, usage) in reach(registry, contract) {
                    let slot = match element {
                        Reached::Record(id) => usages.records.entry(id),
                        Reached::Catalogue(id) => usages.catalogues.entry(id),
                    };
                    let entry = slot.or_default();
                    *entry = entry.union(usage);
                }
            }
        }
        usages
    }

    pub fn record(&self, id: &str) -> Usage {
        self.records.get(id).copied().unwrap_or_default()
    }

    pub fn catalogue(&self, id: &str) -> Usage {
        self.catalogues.get(id).copied().unwrap_or_default()
    }
}

/// A record or catalogue that a contract's payloads carry.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reached {
    Record(String),
    Catalogue(String),
}

/// Every record and catalogue a contract carries, directly or through records, with the directions.
pub fn reach(registry: &Registry, contract: &Contract) -> BTreeMap<Reached, Usage> {
    let mut out = BTreeMap::new();
    for payload in [&contract.request, &contract.response] {
        let usage = Usage::of(payload.direction);
        let mut seen = BTreeSet::new();
        walk(registry, &payload.fields, usage, &mut seen, &mut out);
    }
    out
}

fn walk(
    registry: &Registry,
    fields: &[Field],
    usage: Usage,
    seen: &mut BTreeSet<String>,
    out: &mut BTreeMap<Reached, Usage>,
) {
    for field in fields {
        let reached = match &field.ty {
            FieldType::Record(id) => Reached::Record(id.clone()),
            FieldType::Code(id) => Reached::Catalogue(id.clone()),
            FieldType::Scalar(_) => continue,
        };
        let entry = out.entry(reached).or_default();
        *entry = entry.union(usage);
        if let FieldType::Record(id) = &field.ty
            && seen.insert(id.clone())
            && let Some(record) = registry.records.get(id)
        {
            walk(registry, &record.fields, usage, seen, out);
        }
    }
}
