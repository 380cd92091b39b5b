//! Checks that need the whole resolved registry: examples, record cycles, operations and type names.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{Contract, Field, FieldType, Registry, UnknownFields};
use crate::payload::{Validator, Violation};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{
    ContractDoc, Document, ExampleDoc, FieldDoc, IdentifierDoc, OrderedMap, PayloadDoc, Sp, YValue,
};

/// What the checks of the whole registry still need of the documents once each is resolved: the identifiers,
/// and every example with its position. The rest of a document is dropped as soon as it is resolved, so that the
/// documents and the model are never both whole in memory.
#[derive(Default)]
pub(super) struct Leftovers {
    identifiers: Vec<(FileId, IdentifierDoc)>,
    records: Vec<(FileId, String, FieldExamples)>,
    contracts: Vec<(FileId, ContractExamples)>,
    /// The records that do not say what readers do with unknown members: decided by where they travel.
    tolerance_undeclared: BTreeSet<String>,
}

/// The examples of the fields of a record or payload, by wire name, and how many fields it declares.
struct FieldExamples {
    examples: Vec<(Sp<String>, Sp<YValue>)>,
    declared: usize,
}

pub(super) struct ContractExamples {
    id: String,
    request: FieldExamples,
    response: FieldExamples,
    examples: Vec<Sp<ExampleDoc>>,
}

impl Leftovers {
    /// Keeps what the checks of the whole registry need of a resolved document, and drops the rest.
    pub(super) fn keep(&mut self, file: FileId, document: Document) {
        match document {
            Document::Identifier(doc) => self.identifiers.push((file, doc)),
            Document::Record(doc) => {
                if doc.unknown_fields.is_none() {
                    self.tolerance_undeclared.insert(doc.id.value.clone());
                }
                let examples = FieldExamples::of(doc.fields.value);
                self.records.push((file, doc.id.value, examples));
            }
            Document::Contract(doc) => self.keep_contract(file, ContractExamples::of(doc)),
            _ => {}
        }
    }

    /// Keeps the examples of a resolved contract.
    pub(super) fn keep_contract(&mut self, file: FileId, examples: ContractExamples) {
        self.contracts.push((file, examples));
    }
}

impl ContractExamples {
    /// What the checks of the whole registry need of a contract document: its examples.
    pub(super) fn of(doc: ContractDoc) -> Self {
        ContractExamples {
            id: doc.id.value,
            request: FieldExamples::of_payload(doc.request.value),
            response: FieldExamples::of_payload(doc.response.value),
            examples: doc.examples,
        }
    }
}

impl FieldExamples {
    fn of(fields: OrderedMap<Sp<FieldDoc>>) -> Self {
        let declared = fields.len();
        // Pushed into a new vector: collecting in place would keep the whole allocation of the fields.
        let mut examples = Vec::with_capacity(declared);
        for (wire, doc) in fields.0 {
            if let Some(example) = doc.value.example {
                examples.push((wire, example));
            }
        }
        FieldExamples { examples, declared }
    }

    fn of_payload(payload: PayloadDoc) -> Self {
        Self::of(payload.fields.value)
    }
}

pub(super) fn check(
    registry: &mut Registry,
    leftovers: &Leftovers,
    sources: &SourceMap,
    out: &mut Diagnostics,
) {
    record_cycles(registry, out);
    mark_recursive_fields(registry);
    unknown_fields_by_usage(registry, &leftovers.tolerance_undeclared);
    duplicate_operations(registry, out);
    type_name_collisions(registry, out);
    identifier_examples(registry, &leftovers.identifiers, sources, out);
    examples(registry, leftovers, sources, out);
}

/// Marks the single record fields that lie on a cycle of records containing each other through single fields
/// (lists break such cycles): the strongly connected components of that graph, found with Tarjan's algorithm.
fn mark_recursive_fields(registry: &mut Registry) {
    let ids: Vec<&str> = registry.records.keys().map(String::as_str).collect();
    let index_of: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let edges: Vec<Vec<usize>> = registry
        .records
        .values()
        .map(|record| {
            record
                .fields
                .iter()
                .filter(|f| f.list.is_none())
                .filter_map(|f| match &f.ty {
                    FieldType::Record(id) => index_of.get(id.as_str()).copied(),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    let recursive: BTreeSet<(String, String)> = registry
        .records
        .values()
        .enumerate()
        .flat_map(|(holder, record)| {
            let component = &component;
            let index_of = &index_of;
            record.fields.iter().filter_map(move |f| match &f.ty {
                FieldType::Record(id) if f.list.is_none() => {
                    let target = *index_of.get(id.as_str())?;
                    let cyclic = component[target] == component[holder]
                        && (target != holder || f.list.is_none());
                    cyclic.then(|| (record.id.clone(), f.wire_name.clone()))
                }
                _ => None,
            })
        })
        .collect();
    for record in registry.records.values_mut() {
        for field in &mut record.fields {
            field.recursive = recursive.contains(&(record.id.clone(), field.wire_name.clone()));
        }
    }
}

/// The strongly connected component of each node of a directed graph (Tarjan's algorithm, iterative so that a
/// long chain of records cannot overflow the stack). Nodes in one component reach each other.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position of the next edge to follow)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if index[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// A record that does not say what readers do with unknown members rejects them when it travels in any request
/// (whose readers check strictly), and ignores them when it travels only in responses (tolerant readers).
fn unknown_fields_by_usage(registry: &mut Registry, undeclared: &BTreeSet<String>) {
    let mut in_requests = BTreeSet::new();
    let mut pending: Vec<&str> = registry
        .contracts
        .values()
        .flat_map(|c| &c.request.fields)
        .filter_map(|f| match &f.ty {
            FieldType::Record(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    while let Some(id) = pending.pop() {
        if !in_requests.insert(id.to_owned()) {
            continue;
        }
        if let Some(record) = registry.records.get(id) {
            pending.extend(record.fields.iter().filter_map(|f| match &f.ty {
                FieldType::Record(id) => Some(id.as_str()),
                _ => None,
            }));
        }
    }
    for id in undeclared {
        if let Some(record) = registry.records.get_mut(id) {
            record.unknown_fields = if in_requests.contains(id) {
                UnknownFields::Reject
            } else {
                UnknownFields::Ignore
            };
        }
    }
}

/// Records that contain themselves through required, single (non-list) fields could never be written down.
fn record_cycles(registry: &Registry, out: &mut Diagnostics) {
    let edges = |id: &str| -> Vec<(&Field, String)> {
        registry.records.get(id).map_or_else(Vec::new, |r| {
            r.fields
                .iter()
                .filter(|f| f.required && f.list.is_none())
                .filter_map(|f| match &f.ty {
                    FieldType::Record(target) => Some((f, target.clone())),
                    _ => None,
                })
                .collect()
        })
    };
    let mut reported: Vec<Vec<String>> = Vec::new();
    for start in registry.records.keys() {
        // Depth-first search over required single record fields, remembering the path.
        let mut stack: Vec<(String, Vec<String>, Option<Span>)> =
            vec![(start.clone(), vec![start.clone()], None)];
        while let Some((node, path, first_span)) = stack.pop() {
            for (field, target) in edges(&node) {
                let span = first_span.or(Some(field.span));
                if &target == start {
                    let mut cycle = path.clone();
                    cycle.sort();
                    if !reported.contains(&cycle) {
                        reported.push(cycle);
                        let mut chain = path.clone();
                        chain.push(start.clone());
                        let diagnostic = Diagnostic::new(
                            Code::RecordCycle,
                            format!("the record `{start}` contains itself through required fields: {}", chain.join(" → ")),
                        )
                        .help("make one field of the cycle optional (`required: false`) or a list, so a value can end");
                        out.push(match span {
                            Some(span) => diagnostic.at(span, "required field starts the cycle"),
                            None => diagnostic,
                        });
                    }
                } else if !path.contains(&target) {
                    let mut next = path.clone();
                    next.push(target.clone());
                    stack.push((target, next, span));
                }
            }
        }
    }
}

fn duplicate_operations(registry: &Registry, out: &mut Diagnostics) {
    let mut routes: BTreeMap<(String, String), Span> = BTreeMap::new();
    let mut operations: BTreeMap<(String, String), Span> = BTreeMap::new();
    for contract in registry.contracts.values() {
        let method = format!("{:?}", contract.method).to_uppercase();
        let route = (method.clone(), contract.path.clone());
        if let Some(first) = first_claim(&mut routes, route, contract.span) {
            out.push(duplicate(
                contract.span,
                first,
                format!("another contract already uses {method} {}", contract.path),
                "give each contract its own path",
            ));
        }
        let operation = (
            format!("{:?}", contract.provider),
            contract.operation.clone(),
        );
        if let Some(first) = first_claim(&mut operations, operation, contract.span) {
            out.push(duplicate(
                contract.span,
                first,
                format!(
                    "another contract of the same provider already has the operation `{}`",
                    contract.operation
                ),
                "operation names identify an exchange; give each contract its own",
            ));
        }
    }
}

/// Records `key` as first seen at `span`; returns where it was seen before, if it was.
fn first_claim<K: Ord>(seen: &mut BTreeMap<K, Span>, key: K, span: Span) -> Option<Span> {
    match seen.entry(key) {
        std::collections::btree_map::Entry::Occupied(first) => Some(*first.get()),
        std::collections::btree_map::Entry::Vacant(slot) => {
            slot.insert(span);
            None
        }
    }
}

fn duplicate(at: Span, first: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::new(Code::DuplicateOperation, message)
        .at(at, "this contract")
        .also(first, "first used here")
        .help(help)
}

/// Catalogue enums, record structs and payload structs share one namespace in the generated crate.
fn type_name_collisions(registry: &Registry, out: &mut Diagnostics) {
    let mut names: BTreeMap<&str, (Span, String)> = BTreeMap::new();
    let mut all: Vec<(&str, Span, String)> = Vec::new();
    for c in registry.catalogues.values() {
        all.push((&c.rust_name, c.span, format!("catalogue `{}`", c.id)));
    }
    for r in registry.records.values() {
        all.push((&r.rust_name, r.span, format!("record `{}`", r.id)));
    }
    for c in registry.contracts.values() {
        all.push((
            &c.request.rust_name,
            c.span,
            format!("request of contract `{}`", c.id),
        ));
        all.push((
            &c.response.rust_name,
            c.span,
            format!("response of contract `{}`", c.id),
        ));
    }
    for (name, span, what) in all {
        if let Some((first, first_what)) = names.get(name) {
            out.push(
                Diagnostic::new(
                    Code::RustNameCollision,
                    format!("the {what} and the {first_what} both become the Rust type `{name}`"),
                )
                .at(span, "this element")
                .also(*first, "collides with this one")
                .help("rename one of the ids"),
            );
        } else {
            names.insert(name, (span, what));
        }
    }
}

fn identifier_examples(
    registry: &Registry,
    identifiers: &[(FileId, IdentifierDoc)],
    sources: &SourceMap,
    out: &mut Diagnostics,
) {
    for (file, doc) in identifiers {
        let Some(identifier) = registry.identifiers.get(&doc.id.value) else {
            continue;
        };
        let Ok(regex) = contracts_runtime::validate::Matcher::new(&identifier.pattern) else {
            continue;
        };
        for example in &doc.examples {
            let length = example.value.chars().count() as u64;
            let problem = if !regex.is_match(&example.value) {
                Some(format!(
                    "does not match the pattern `{}`",
                    identifier.pattern
                ))
            } else if identifier.min_length.is_some_and(|m| length < m)
                || identifier.max_length.is_some_and(|m| length > m)
            {
                Some(format!(
                    "has {length} characters, outside the identifier's length"
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                out.push(
                    Diagnostic::new(
                        Code::InvalidExample,
                        format!("the example `{}` {problem}", example.value),
                    )
                    .at(sources.span_of(*file, example.pos), "example")
                    .help("correct the example or the pattern"),
                );
            }
        }
    }
}

/// Field examples and contract examples must satisfy their own definitions. Contracts are checked on every
/// core, and their findings joined in file order.
fn examples(
    registry: &Registry,
    leftovers: &Leftovers,
    sources: &SourceMap,
    out: &mut Diagnostics,
) {
    let validator = Validator::new(registry);
    let incomplete = incomplete_records(registry, leftovers);
    for (file, id, examples) in &leftovers.records {
        if let Some(record) = registry.records.get(id) {
            let fields = &record.fields;
            field_examples(
                &validator,
                examples,
                fields,
                &incomplete,
                *file,
                sources,
                out,
            );
        }
    }
    let findings = crate::parallel::map(&leftovers.contracts, None, |(file, doc)| {
        let mut out = Diagnostics::default();
        if let Some(contract) = registry.contracts.get(&doc.id) {
            contract_examples(
                &validator,
                contract,
                doc,
                &incomplete,
                *file,
                sources,
                &mut out,
            );
        }
        out
    });
    for found in findings {
        out.extend(found);
    }
}

/// The records with a field that did not resolve (already reported), or that hold such a record at any depth:
/// a whole example through them would be judged against a part of the record, and mislead.
fn incomplete_records(registry: &Registry, leftovers: &Leftovers) -> BTreeSet<String> {
    let mut incomplete: BTreeSet<String> = leftovers
        .records
        .iter()
        .filter(|(_, id, examples)| {
            registry
                .records
                .get(id)
                .is_none_or(|record| record.fields.len() != examples.declared)
        })
        .map(|(_, id, _)| id.clone())
        .collect();
    loop {
        let reached: Vec<String> = registry
            .records
            .iter()
            .filter(|(id, record)| {
                !incomplete.contains(*id) && holds_any(&record.fields, &incomplete)
            })
            .map(|(id, _)| id.clone())
            .collect();
        if reached.is_empty() {
            return incomplete;
        }
        incomplete.extend(reached);
    }
}

/// Whether one of `fields` holds a record of `records`.
fn holds_any(fields: &[Field], records: &BTreeSet<String>) -> bool {
    fields
        .iter()
        .any(|field| matches!(&field.ty, FieldType::Record(id) if records.contains(id)))
}

/// The examples of a contract: of each field, and each whole request and response.
fn contract_examples(
    validator: &Validator,
    contract: &Contract,
    doc: &ContractExamples,
    incomplete: &BTreeSet<String>,
    file: FileId,
    sources: &SourceMap,
    out: &mut Diagnostics,
) {
    field_examples(
        validator,
        &doc.request,
        &contract.request.fields,
        incomplete,
        file,
        sources,
        out,
    );
    field_examples(
        validator,
        &doc.response,
        &contract.response.fields,
        incomplete,
        file,
        sources,
        out,
    );
    for example in &doc.examples {
        let sides = [
            (&example.request, &contract.request, &doc.request, "request"),
            (
                &example.response,
                &contract.response,
                &doc.response,
                "response",
            ),
        ];
        for (tree, payload, payload_doc, side) in sides {
            // A field that did not resolve is already reported; checking against the rest would mislead.
            let complete = payload.fields.len() == payload_doc.declared
                && !holds_any(&payload.fields, incomplete);
            let Some(tree) = tree.as_ref().filter(|_| complete) else {
                continue;
            };
            let violations = validator.payload(payload, &tree.value.to_json());
            report_violations(
                violations,
                tree,
                file,
                sources,
                &format!("the example {side}"),
                out,
            );
        }
    }
}

/// The examples of each field, except those holding a record that did not wholly resolve.
fn field_examples(
    validator: &Validator,
    examples: &FieldExamples,
    fields: &[Field],
    incomplete: &BTreeSet<String>,
    file: FileId,
    sources: &SourceMap,
    out: &mut Diagnostics,
) {
    for (wire, example) in &examples.examples {
        let Some(field) = fields.iter().find(|f| f.wire_name == wire.value) else {
            continue;
        };
        if holds_any(std::slice::from_ref(field), incomplete) {
            continue;
        }
        let value = example.value.to_json();
        let violations = match (&field.list, &value) {
            (None, _) | (Some(_), serde_json::Value::Array(_)) => validator.field(field, &value),
            (Some(_), item) => validator.field(
                &Field {
                    list: None,
                    ..field.clone()
                },
                item,
            ),
        };
        report_violations(
            violations,
            example,
            file,
            sources,
            &format!("the example of `{}`", wire.value),
            out,
        );
    }
}

fn report_violations(
    violations: Vec<Violation>,
    tree: &Sp<YValue>,
    file: FileId,
    sources: &SourceMap,
    what: &str,
    out: &mut Diagnostics,
) {
    for violation in violations {
        let pos = YValue::locate(tree, &violation.pointer);
        let at = if violation.pointer.is_empty() {
            String::new()
        } else {
            format!(" at `{}`", violation.pointer)
        };
        out.push(
            Diagnostic::new(Code::InvalidExample, format!("{what} is invalid{at}: {}", violation.message))
                .at(sources.span_of(file, pos), "does not satisfy the contract")
                .help("examples are written exactly as they travel on the wire: quote strings, and use the field's wire format"),
        );
    }
}
