//! Traceability between the Circular and the registry: which elements implement each provision, and back.

use std::fmt::Write as _;

use serde_json::json;

use crate::model::{self, Holder, LegalRef, Registry, Text};
use crate::source::Span;

/// A field or catalogue code, and the references it cites.
#[derive(Debug, Clone)]
pub struct Element {
    /// `contract dossier-sync request MaHoSo`, `record dossier TrangThaiHoSo`, `catalogue dossier-status code 5`.
    pub name: String,
    pub legal: Vec<LegalRef>,
    /// Whether its citations are stated facts: neither the element nor what holds it is a proposal, and its
    /// `legal` link is not an inference.
    pub fact: bool,
    pub span: Span,
}

/// One enumerated provision and what implements it.
#[derive(Debug, Clone)]
pub struct Provision {
    /// `10.1.a`, or `12.4` for a clause without points.
    pub reference: String,
    /// The data group (clause) it belongs to: `10.1`.
    pub group: String,
    pub text: Text,
    /// Names of the elements citing exactly this provision.
    pub implementers: Vec<String>,
    /// Those of the implementers whose citation is a proposal or an inference, not a stated fact.
    pub proposals: Vec<String>,
    /// Why nothing implements it, when the legal source says so.
    pub uncovered_reason: Option<Text>,
}

impl Provision {
    pub fn is_covered(&self) -> bool {
        !self.implementers.is_empty()
    }

    /// Covered by at least one element whose citation is a stated fact.
    pub fn is_covered_by_facts(&self) -> bool {
        self.implementers.len() > self.proposals.len()
    }

    /// Neither implemented nor explained: a gap that fails `coverage`.
    pub fn is_gap(&self) -> bool {
        !self.is_covered() && self.uncovered_reason.is_none()
    }
}

/// The traceability matrix of the registry against its primary legal source.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// The number of the legal source, e.g. `04/2025/TT-VPCP`.
    pub source: String,
    pub provisions: Vec<Provision>,
    /// The number of data groups (clauses of data-group articles).
    pub groups: usize,
    /// Every field and code with what it cites, in registry order.
    pub elements: Vec<Element>,
}

/// Every field of every payload and record, every catalogue code, database attribute and replaced component.
pub fn elements(registry: &Registry) -> Vec<Element> {
    registry
        .elements()
        .filter_map(|element| {
            let (name, legal, fact, span) = match element {
                model::Element::Field(holder, field) => {
                    let name = match holder {
                        Holder::Payload(contract, payload) => format!(
                            "contract {} {} {}",
                            contract.id,
                            payload.direction.as_str(),
                            field.wire_name
                        ),
                        Holder::Record(record) => {
                            format!("record {} {}", record.id, field.wire_name)
                        }
                        Holder::Database(database) => {
                            format!("database {} {}", database.id, field.wire_name)
                        }
                    };
                    let fact = field
                        .provenance
                        .legal_is_fact(field.status, holder_status(holder));
                    (name, &field.legal, fact, field.span)
                }
                model::Element::Code(catalogue, code) => (
                    format!("catalogue {} code {}", catalogue.id, code.code),
                    &code.legal,
                    code.provenance.legal_is_fact(code.status, catalogue.status),
                    code.span,
                ),
                model::Element::Component(reuse, component) => (
                    format!("reuse {} {}", reuse.id, component.id),
                    &component.decision,
                    reuse.status != model::Status::Proposal,
                    component.span,
                ),
                _ => return None,
            };
            Some(Element {
                name,
                legal: legal.clone(),
                fact,
                span,
            })
        })
        .collect()
}

/// The status of what holds a field: a field of a proposed contract, record or database is proposed with it.
fn holder_status(holder: Holder<'_>) -> model::Status {
    match holder {
        Holder::Payload(contract, _) => contract.status,
        Holder::Record(record) => record.status,
        Holder::Database(database) => database.status,
    }
}

/// The matrix for the registry's primary legal source, or `None` when it has none.
pub fn coverage(registry: &Registry) -> Option<Coverage> {
    let source_id = registry.info.primary_source()?;
    let source = registry.legal_sources.get(source_id)?;
    let elements = elements(registry);
    let provisions = source
        .enumerated_provisions()
        .into_iter()
        .map(|path| {
            let reference = path.join(".");
            let citing: Vec<&Element> = elements
                .iter()
                .filter(|e| {
                    e.legal
                        .iter()
                        .any(|l| l.source == source_id && l.path == path)
                })
                .collect();
            let implementers = citing.iter().map(|e| e.name.clone()).collect();
            let proposals = citing
                .iter()
                .filter(|e| !e.fact)
                .map(|e| e.name.clone())
                .collect();
            Provision {
                group: path[..2].join("."),
                text: source.provision_text(&path).cloned().unwrap_or_default(),
                uncovered_reason: source.uncovered.get(&reference).cloned(),
                reference,
                implementers,
                proposals,
            }
        })
        .collect();
    let groups = source.data_group_count();
    Some(Coverage {
        source: source.number.clone(),
        provisions,
        groups,
        elements,
    })
}

impl Coverage {
    pub fn covered(&self) -> usize {
        self.provisions.iter().filter(|p| p.is_covered()).count()
    }

    /// How many provisions are covered by at least one stated fact.
    pub fn covered_by_facts(&self) -> usize {
        self.provisions
            .iter()
            .filter(|p| p.is_covered_by_facts())
            .count()
    }

    /// How many provisions are covered only by proposals or inferences.
    pub fn covered_only_by_proposals(&self) -> usize {
        self.covered() - self.covered_by_facts()
    }

    pub fn gaps(&self) -> impl Iterator<Item = &Provision> {
        self.provisions.iter().filter(|p| p.is_gap())
    }

    /// `167 of 167 enumerated provisions of 04/2025/TT-VPCP covered, in 29 data groups`.
    pub fn summary(&self) -> String {
        let explained = self
            .provisions
            .iter()
            .filter(|p| !p.is_covered() && !p.is_gap())
            .count();
        let mut line = format!(
            "{} of {} enumerated provisions of {} covered, in {} data groups",
            self.covered(),
            self.provisions.len(),
            self.source,
            self.groups
        );
        let _ = write!(
            line,
            "; {} of {} covered by stated facts, {} only by proposals",
            self.covered_by_facts(),
            self.provisions.len(),
            self.covered_only_by_proposals()
        );
        if explained > 0 {
            let _ = write!(line, "; {explained} explained by the legal source");
        }
        let gaps = self.gaps().count();
        if gaps > 0 {
            let _ = write!(line, "; {gaps} not covered");
        }
        line
    }

    /// Both directions as text: provisions with their elements, then elements with their provisions.
    pub fn render(&self, only_gaps: bool) -> String {
        let mut out = String::new();
        let mut group = "";
        for provision in &self.provisions {
            if only_gaps && !provision.is_gap() {
                continue;
            }
            if provision.group != group {
                group = &provision.group;
                let _ = writeln!(out, "\n{group}");
            }
            let _ = writeln!(
                out,
                "  {:<8} {}",
                provision.reference,
                one_line(&provision.text.vi, 90)
            );
            for implementer in &provision.implementers {
                let mark = if provision.proposals.contains(implementer) {
                    " (proposal)"
                } else {
                    ""
                };
                let _ = writeln!(out, "           ← {implementer}{mark}");
            }
            match (&provision.uncovered_reason, provision.is_covered()) {
                (_, true) => {}
                (Some(reason), false) => {
                    let _ = writeln!(
                        out,
                        "           (not implemented here: {})",
                        reason.en_or_vi()
                    );
                }
                (None, false) => {
                    let _ = writeln!(
                        out,
                        "           NOT COVERED: cite it with `legal: {}` on the field that implements it",
                        provision.reference
                    );
                }
            }
        }
        if !only_gaps {
            let _ = writeln!(out, "\nFields and codes → provisions");
            for element in &self.elements {
                let refs: Vec<&str> = element.legal.iter().map(|l| l.written.as_str()).collect();
                let refs = if refs.is_empty() {
                    "(no legal reference)".to_owned()
                } else {
                    refs.join(", ")
                };
                let mark = if element.fact || element.legal.is_empty() {
                    ""
                } else {
                    " (proposal)"
                };
                let _ = writeln!(out, "  {} → {refs}{mark}", element.name);
            }
        }
        let _ = writeln!(out, "\n{}", self.summary());
        out
    }

    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "source": self.source,
            "enumerated": self.provisions.len(),
            "covered": self.covered(),
            "covered-by-facts": self.covered_by_facts(),
            "covered-only-by-proposals": self.covered_only_by_proposals(),
            "groups": self.groups,
            "gaps": self.gaps().map(|p| p.reference.clone()).collect::<Vec<_>>(),
            "provisions": self.provisions.iter().map(|p| json!({
                "provision": p.reference,
                "group": p.group,
                "text": {"vi": p.text.vi, "en": p.text.en},
                "implemented-by": p.implementers,
                "proposed-by": p.proposals,
                "uncovered-reason": p.uncovered_reason.as_ref().map(|r| json!({"vi": r.vi, "en": r.en})),
            })).collect::<Vec<_>>(),
            "elements": self.elements.iter().map(|e| json!({
                "element": e.name,
                "legal": e.legal.iter().map(|l| l.written.clone()).collect::<Vec<_>>(),
                "fact": e.fact,
            })).collect::<Vec<_>>(),
        })
    }
}

/// The first `max` characters of a text on one line.
fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
