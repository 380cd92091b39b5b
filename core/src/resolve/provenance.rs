//! Provenance: where each field, code, operation and owner comes from, checked against the registry.

use std::sync::Arc;

use super::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{self, Inferred, Provenance, Status};
use crate::naming;
use crate::syntax::{self, ProvenanceDoc, Sp};

/// What the element that carries a `provenance:` has, to check the provenance against.
pub(crate) struct Carrier {
    /// `field \`MaHoSo\``, `code \`4\``, `contract \`sso-citizen\``, `owner \`bca\``.
    pub what: String,
    /// Whether it cites a provision or another legal text (`legal:`).
    pub has_legal: bool,
    /// Its own status.
    pub status: Status,
}

impl Context<'_> {
    /// Registers the registry's wire sources, reporting invalid ids.
    pub(super) fn wire_sources(
        &mut self,
        doc: &syntax::OrderedMap<Sp<syntax::WireSourceDoc>>,
        info: &mut model::RegistryInfo,
    ) {
        for (id, source) in doc.iter() {
            if !is_wire_source_id(&id.value) {
                let span = self.span(id.pos);
                self.report(
                    Diagnostic::new(
                        Code::InvalidId,
                        format!("`{}` is not a valid wire-source id", id.value.escape_debug()),
                    )
                    .at(span, "invalid id")
                    .help("wire-source ids are short ASCII letters and digits, as the wire conventions number their sources (`S1`, `S12`)"),
                );
                continue;
            }
            Arc::make_mut(&mut self.wire_sources).insert(id.value.clone());
            let label = self.text(&source.label, "wire-source label");
            info.wire_sources.insert(
                id.value.clone(),
                model::WireSource {
                    id: id.value.clone(),
                    label,
                    location: source.location.as_ref().map(|l| l.value.clone()),
                },
            );
        }
    }

    /// Registers the registry's signature schemes.
    pub(super) fn signature_schemes(
        &mut self,
        doc: &syntax::OrderedMap<Sp<syntax::SignatureSchemeDoc>>,
        info: &mut model::RegistryInfo,
    ) {
        for (id, scheme) in doc.iter() {
            if !naming::is_valid_id(&id.value) {
                let span = self.span(id.pos);
                self.report(
                    Diagnostic::new(
                        Code::InvalidId,
                        format!(
                            "`{}` is not a valid signature-scheme id",
                            id.value.escape_debug()
                        ),
                    )
                    .at(span, "invalid id")
                    .help("ids are lowercase ASCII words joined by hyphens (`vpcp-jws-detached`)"),
                );
                continue;
            }
            let provenance = self.provenance(
                scheme.provenance.as_deref(),
                &Carrier {
                    what: format!("signature scheme `{}`", id.value),
                    has_legal: false,
                    status: scheme.status,
                },
            );
            Arc::make_mut(&mut self.signature_schemes).insert(id.value.clone());
            let resolved = model::SignatureScheme {
                id: id.value.clone(),
                status: scheme.status,
                label: self.text(&scheme.label, "signature-scheme label"),
                algorithm: scheme.algorithm.value.clone(),
                canonical_form: self.text(&scheme.canonical_form, "canonical form"),
                signature_in: self.text(&scheme.signature_in, "where the signature travels"),
                certificate_in: self.text(&scheme.certificate_in, "where the certificate travels"),
                encryption: self.opt_text(&scheme.encryption, "encryption"),
                provenance,
            };
            info.signature_schemes.insert(id.value.clone(), resolved);
        }
    }

    /// The signature scheme a contract names, reporting an unknown one, and a required signature without one in
    /// a registry that declares schemes.
    pub(super) fn signature_scheme(&mut self, doc: &syntax::ContractDoc) -> Option<String> {
        let Some(id) = &doc.signature_scheme else {
            if doc.signature == syntax::Requirement::Required && !self.signature_schemes.is_empty()
            {
                let span = self.span(doc.id.pos);
                let known: Vec<&str> = self.signature_schemes.iter().map(String::as_str).collect();
                self.report(
                    Diagnostic::new(
                        Code::UnknownReference,
                        format!(
                            "the contract `{}` requires a signature but names no scheme",
                            doc.id.value
                        ),
                    )
                    .at(span, "contract")
                    .help(format!(
                        "say how it is signed: `signature-scheme: <id>` (declared: {})",
                        known.join(", ")
                    )),
                );
            }
            return None;
        };
        if self.signature_schemes.contains(&id.value) {
            return Some(id.value.clone());
        }
        let span = self.span(id.pos);
        let known: Vec<&str> = self.signature_schemes.iter().map(String::as_str).collect();
        self.report(
            Diagnostic::new(
                Code::UnknownReference,
                format!(
                    "no signature scheme has the id `{}`",
                    id.value.escape_debug()
                ),
            )
            .at(span, "unknown signature scheme")
            .help(format!(
                "declare it under `signature-schemes:` in registry.yaml (declared: {})",
                known.join(", ")
            )),
        );
        None
    }

    /// Resolves the `provenance:` of an element, reporting unknown wire sources and owners, and links said to be
    /// inferred that the element does not have.
    pub(crate) fn provenance(
        &mut self,
        doc: Option<&Sp<ProvenanceDoc>>,
        carrier: &Carrier,
    ) -> Provenance {
        let Some(doc) = doc else {
            return Provenance::default();
        };
        let wire = doc
            .wire
            .as_ref()
            .map(|w| {
                w.0.iter()
                    .filter(|s| self.known_wire_source(s))
                    .map(|s| s.value.clone())
                    .collect()
            })
            .unwrap_or_default();
        let mut inferred: Vec<Inferred> = Vec::new();
        for item in doc.inferred.iter().flat_map(|list| list.value.iter()) {
            let span = self.span(item.pos);
            if inferred.contains(&item.value) {
                self.report(
                    Diagnostic::new(
                        Code::ProvenanceMismatch,
                        format!("`{}` is listed twice under `inferred`", item.value.as_str()),
                    )
                    .at(span, "again")
                    .help("list each inferred link once"),
                );
                continue;
            }
            let lacking = match item.value {
                Inferred::Legal if !carrier.has_legal => Some((
                    "cites no provision",
                    "add the `legal:` citation that is inferred, or remove `legal` from `inferred`",
                )),
                Inferred::Wire if doc.wire.as_ref().is_none_or(|w| w.0.is_empty()) => Some((
                    "names no wire source",
                    "add `wire: [S1]` with the sources the inference rests on, or remove `wire` from `inferred`",
                )),
                _ => None,
            };
            if let Some((what, fix)) = lacking {
                self.report(
                    Diagnostic::new(
                        Code::ProvenanceMismatch,
                        format!(
                            "the {} says its `{}` link is inferred, but it {what}",
                            carrier.what,
                            item.value.as_str()
                        ),
                    )
                    .at(span, "nothing to infer")
                    .help(fix),
                );
                continue;
            }
            inferred.push(item.value);
        }
        let confirm_by = doc.confirm_by.as_ref().and_then(|owner| {
            if carrier.status != Status::Proposal && inferred.is_empty() {
                let span = self.span(owner.pos);
                self.report(
                    Diagnostic::new(
                        Code::ProvenanceMismatch,
                        format!(
                            "the {} has nothing to confirm: it is not a proposal and infers nothing",
                            carrier.what
                        ),
                    )
                    .at(span, "confirm-by")
                    .help("write `status: proposal` if it is proposed, or `inferred: [legal]` if its citation is an inference; otherwise remove `confirm-by`"),
                );
                return None;
            }
            self.expect_declared("owner", owner)
                .then(|| owner.value.clone())
        });
        let note = doc.note.as_ref().map(|n| self.text(n, "provenance note"));
        Provenance {
            wire,
            inferred,
            confirm_by,
            note,
        }
    }

    /// Whether `id` names a wire source of the registry, reporting it when not.
    fn known_wire_source(&mut self, id: &Sp<String>) -> bool {
        if self.wire_sources.contains(&id.value) {
            return true;
        }
        let span = self.span(id.pos);
        let known: Vec<&str> = self.wire_sources.iter().map(String::as_str).collect();
        let help = match crate::resolve::closest(&id.value, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if known.is_empty() => "declare the source under `wire-sources:` in registry.yaml, with its label and location".to_owned(),
            None => format!(
                "declare it under `wire-sources:` in registry.yaml, or cite one of {}",
                known.join(", ")
            ),
        };
        self.report(
            Diagnostic::new(
                Code::UnknownReference,
                format!("no wire source has the id `{}`", id.value.escape_debug()),
            )
            .at(span, "unknown wire source")
            .help(help),
        );
        false
    }

    /// Reports an `active` contract whose operation is seen on no wire, in a registry that records wire sources.
    pub(super) fn check_precedent(&mut self, doc: &syntax::ContractDoc, provenance: &Provenance) {
        if self.wire_sources.is_empty() || doc.status != Status::Active || provenance.seen_on_wire()
        {
            return;
        }
        let pos = doc.provenance.as_ref().map_or(doc.operation.pos, |p| p.pos);
        let span = self.span(pos);
        let why = if provenance.wire.is_empty() {
            "no wire source shows it"
        } else {
            "its wire sources show only an analogue (`inferred: [wire]`)"
        };
        self.report(
            Diagnostic::new(
                Code::ActiveWithoutPrecedent,
                format!(
                    "the contract `{}` is active, but its operation `{}` has no precedent: {why}",
                    doc.id.value, doc.operation.value
                ),
            )
            .at(span, "no precedent")
            .help("write `status: proposal` until systems use it, or cite where it is seen: `provenance: {wire: [S1]}`"),
        );
    }
}

/// `S1`, `S12`, `QCVN102`: ASCII letters and digits, starting with a letter, at most 16.
fn is_wire_source_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 16
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric())
        && !naming::is_keyword(id)
}
