//! Compares two checked registries and classifies every change by a rule of `contracts_core::rules`.
//!
//! The diff reads two [`Registry`] values only: it never parses YAML or derives a name. Elements are matched by
//! id, fields by wire name and codes by code, so reordering fields, codes or files changes nothing.
//!

mod catalogues;
mod contracts;
mod databases;
mod fields;
mod identifiers;
mod legal;
mod records;
mod registry;
pub mod usage;

use contracts_core::model::{Approval, Registry, Status, UnknownFields};
use contracts_core::rules::element;
pub use contracts_core::rules::{Bump, Class, Rule, Severity, Usage};
use contracts_core::source::Span;

/// The element a change belongs to for versioning and grouping: the thing that carries a version, or the record
/// whose contracts carry it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    Registry,
    Legal(String),
    Identifier(String),
    Catalogue(String),
    Record(String),
    Contract(String),
    /// An owning agency (which versions nothing of its own: its changes bump the registry).
    Agency(String),
    Database(String),
    Reuse(String),
}

/// One change between two registries.
#[derive(Clone, Debug)]
pub struct Change {
    pub rule: Rule,
    pub severity: Severity,
    pub breaks_wire: bool,
    pub breaks_rust: bool,
    /// The changed element, e.g. `contract:dossier-sync/request/MaHoSo` (see [`element`]).
    pub element: String,
    /// Where the element is in the *before* registry (its own source map).
    pub before: Option<Span>,
    /// Where the element is in the *after* registry (its own source map).
    pub after: Option<Span>,
    /// What changed, in English.
    pub message: String,
    /// The old and new value, where the change has one (`20` → `10`), language-neutral.
    pub was: Option<String>,
    pub now: Option<String>,
    pub owner: Owner,
    /// The id of the agency that keeps the changed element (in the *after* registry, else the *before*).
    pub agency: Option<String>,
    /// Where the element travels: in requests, responses, both or neither.
    pub usage: Usage,
    /// The approval of the change in the *after* registry, if any.
    pub approval: Option<Approval>,
}

impl Change {
    /// The version bump this change requires of its owner.
    pub fn bump(&self) -> Bump {
        self.rule.bump(self.severity)
    }

    /// Whether the change fails `diff` and `release`: breaking and not approved.
    pub fn fails(&self) -> bool {
        self.severity == Severity::Breaking && self.approval.is_none()
    }
}

/// Where a detector is: the element, its owner and where it travels.
#[derive(Clone, Debug)]
pub(crate) struct At {
    pub element: String,
    pub owner: Owner,
    pub usage: Usage,
    /// Whether the readers of the element reject members they do not know.
    pub strict_readers: bool,
}

impl At {
    pub fn new(element: String, owner: Owner, usage: Usage) -> Self {
        At {
            element,
            owner,
            usage,
            strict_readers: false,
        }
    }
}

/// Collects the changes the detectors find.
#[derive(Default)]
pub(crate) struct Changes {
    items: Vec<Change>,
}

impl Changes {
    /// Records a change of `rule` at `at`, classified by where the element travels.
    pub fn push(
        &mut self,
        rule: Rule,
        at: &At,
        spans: (Option<Span>, Option<Span>),
        message: String,
    ) -> &mut Change {
        let class = rule.classify_with(at.usage, at.strict_readers);
        self.items.push(Change {
            rule,
            severity: class.severity,
            breaks_wire: class.breaks_wire,
            breaks_rust: rule.breaks_rust(),
            element: at.element.clone(),
            before: spans.0,
            after: spans.1,
            message,
            was: None,
            now: None,
            owner: at.owner.clone(),
            agency: None,
            usage: at.usage,
            approval: None,
        });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    /// Records a change from one value to another, when they differ.
    pub fn value<T: PartialEq>(
        &mut self,
        rule: Rule,
        at: &At,
        spans: (Span, Span),
        values: (&T, &T),
        show: impl Fn(&T) -> String,
        message: impl FnOnce(&str, &str) -> String,
    ) {
        if values.0 == values.1 {
            return;
        }
        let (was, now) = (show(values.0), show(values.1));
        let message = message(&was, &now);
        self.push(rule, at, (Some(spans.0), Some(spans.1)), message)
            .values(Some(was), Some(now));
    }
}

impl Changes {
    /// Records a status change with the rule of `kinds` (activated, deprecated, other) that fits it.
    pub fn status(
        &mut self,
        kinds: [Rule; 3],
        at: &At,
        spans: (Span, Span),
        what: &str,
        statuses: (Status, Status),
    ) {
        let (was, now) = statuses;
        if was == now {
            return;
        }
        let rule = Rule::for_status(kinds, was, now);
        let (was, now) = (was.as_str(), now.as_str());
        self.push(
            rule,
            at,
            (Some(spans.0), Some(spans.1)),
            format!("{what} is now {now} (was {was})"),
        )
        .values(Some(was.to_owned()), Some(now.to_owned()));
    }

    /// Records a text change (label, title, description) when the texts differ.
    pub fn text<T: PartialEq>(
        &mut self,
        rule: Rule,
        at: &At,
        spans: (Span, Span),
        texts: (&T, &T),
        message: impl FnOnce() -> String,
    ) {
        if texts.0 != texts.1 {
            self.push(rule, at, (Some(spans.0), Some(spans.1)), message());
        }
    }
}

/// The rules of what records and catalogues share: a Rust type name, a status, a label, a description and the
/// provisions they implement.
pub(crate) struct TypeRules {
    pub rust_name: Rule,
    /// Activated, deprecated, other status change.
    pub status: [Rule; 3],
    pub label: Rule,
    pub description: Rule,
    pub legal: Rule,
}

/// The parts of a record or catalogue that [`TypeRules`] compare.
pub(crate) struct TypeParts<'a> {
    pub rust_name: &'a String,
    pub status: Status,
    pub label: &'a contracts_core::model::Text,
    pub description: &'a Option<contracts_core::model::Text>,
    pub legal: &'a [contracts_core::model::LegalRef],
}

impl Changes {
    /// Records the changes of what records and catalogues share, `what` naming the element in messages.
    pub fn type_parts(
        &mut self,
        rules: &TypeRules,
        at: &At,
        spans: (Span, Span),
        what: &str,
        parts: (TypeParts<'_>, TypeParts<'_>),
    ) {
        let (old, new) = parts;
        self.value(
            rules.rust_name,
            at,
            spans,
            (old.rust_name, new.rust_name),
            String::clone,
            |was, now| format!("the Rust type of {what} is now `{now}` (was `{was}`)"),
        );
        self.status(rules.status, at, spans, what, (old.status, new.status));
        self.text(rules.label, at, spans, (old.label, new.label), || {
            format!("the label of {what} changed")
        });
        self.text(
            rules.description,
            at,
            spans,
            (old.description, new.description),
            || format!("the description of {what} changed"),
        );
        legal::compare_refs(rules.legal, at, spans, what, (old.legal, new.legal), self);
    }
}

impl Change {
    pub(crate) fn values(&mut self, was: Option<String>, now: Option<String>) -> &mut Change {
        self.was = was;
        self.now = now;
        self
    }
}

/// A change of what readers do with the members of a payload or record that are not its fields.
pub(crate) fn unknown_fields(
    at: &At,
    what: &str,
    spans: (Span, Span),
    policies: (UnknownFields, UnknownFields),
    out: &mut Changes,
) {
    let (was, now) = policies;
    if was != now {
        out.push(
            Rule::UnknownFieldsChanged,
            at,
            (Some(spans.0), Some(spans.1)),
            format!(
                "readers of {what} now {} members that are not its fields (they {} them)",
                verb(now),
                verb(was)
            ),
        )
        .values(Some(was.as_str().to_owned()), Some(now.as_str().to_owned()));
    }
}

fn verb(policy: UnknownFields) -> &'static str {
    match policy {
        UnknownFields::Reject => "reject",
        UnknownFields::Ignore => "ignore",
    }
}

/// The two registries being compared.
#[derive(Clone, Copy)]
pub(crate) struct Pair<'a> {
    pub before: &'a Registry,
    pub after: &'a Registry,
}

/// Every change from `before` to `after`, sorted by element and rule, with the approvals of `after` attached.
pub fn compare(before: &Registry, after: &Registry) -> Vec<Change> {
    let pair = Pair { before, after };
    let usage = usage::Usages::of(pair);
    let mut changes = Changes::default();
    registry::compare(pair, &mut changes);
    identifiers::compare(pair, &mut changes);
    legal::compare_sources(pair, &mut changes);
    contracts::compare(pair, &mut changes);
    records::compare(pair, &usage, &mut changes);
    catalogues::compare(pair, &usage, &mut changes);
    databases::compare(pair, &mut changes);
    let mut items = changes.items;
    items.sort_by(|a, b| (&a.element, a.rule).cmp(&(&b.element, b.rule)));
    for change in &mut items {
        change.approval = after
            .approvals
            .iter()
            .find(|a| a.rule == change.rule.id() && a.element == change.element)
            .cloned();
        change.agency = agency_of(pair, &change.owner);
    }
    items
}

/// The agency that keeps what `owner` names, as the *after* registry says, else the *before*.
fn agency_of(pair: Pair<'_>, owner: &Owner) -> Option<String> {
    let (kind, id) = match owner {
        Owner::Contract(id) => ("contract", id),
        Owner::Record(id) => ("record", id),
        Owner::Catalogue(id) => ("catalogue", id),
        Owner::Database(id) => ("database", id),
        Owner::Reuse(id) => ("reuse", id),
        Owner::Agency(id) => return Some(id.clone()),
        Owner::Registry | Owner::Legal(_) | Owner::Identifier(_) => return None,
    };
    [pair.after, pair.before]
        .into_iter()
        .find_map(|registry| registry.owner_of(kind, id))
        .map(|o| o.id.clone())
}

/// The approvals of `after` that match no change, apart from those the `before` release already had (an
/// approval stays in the file after the release of its change, and is then ignored).
pub fn unused_approvals<'a>(
    before: &Registry,
    after: &'a Registry,
    changes: &[Change],
) -> Vec<&'a Approval> {
    let same = |a: &Approval, rule: &str, element: &str| a.rule == rule && a.element == element;
    after
        .approvals
        .iter()
        .filter(|a| !changes.iter().any(|c| same(a, c.rule.id(), &c.element)))
        .filter(|a| {
            !before
                .approvals
                .iter()
                .any(|b| same(b, &a.rule, &a.element))
        })
        .collect()
}

/// Counts of changes by severity, and of approved breaking changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub breaking: usize,
    pub approved: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn of(changes: &[Change]) -> Counts {
        let mut counts = Counts::default();
        for change in changes {
            match change.severity {
                Severity::Breaking => {
                    counts.breaking += 1;
                    if change.approval.is_some() {
                        counts.approved += 1;
                    }
                }
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }

    pub fn of_severity(&self, severity: Severity) -> usize {
        match severity {
            Severity::Breaking => self.breaking,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// The bump the registry needs for all of `changes`; `None` when nothing changed.
pub fn required_bump(changes: &[Change]) -> Option<Bump> {
    changes.iter().map(Change::bump).max()
}

/// `a, b, c` of the written legal references, sorted so that order does not count.
pub(crate) fn legal_list(refs: &[contracts_core::model::LegalRef]) -> Vec<(String, Vec<String>)> {
    let mut list: Vec<(String, Vec<String>)> = refs
        .iter()
        .map(|r| (r.source.clone(), r.path.clone()))
        .collect();
    list.sort();
    list.dedup();
    list
}

/// The written form of legal references, for messages.
pub(crate) fn legal_text(refs: &[contracts_core::model::LegalRef]) -> String {
    if refs.is_empty() {
        return "none".to_owned();
    }
    refs.iter()
        .map(|r| r.written.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
