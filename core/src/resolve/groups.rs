//! The Circular's data groups (`groups:` in registry.yaml), and the group each contract belongs to.

use std::sync::Arc;

use heck::ToUpperCamelCase;

use super::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{self, Citation, LegalRef};
use crate::naming;
use crate::syntax::{self, ContractDoc, OrderedMap, Sp};

/// A group as contracts are matched against it: its id and the provisions it covers.
#[derive(Debug)]
pub(crate) struct Cover {
    pub id: String,
    pub provisions: Vec<Arc<Citation>>,
}

impl Cover {
    /// How precisely the group covers `cited`: the length of its longest provision that contains it.
    fn precision(&self, cited: &Citation) -> Option<usize> {
        self.provisions
            .iter()
            .filter(|p| p.source == cited.source && cited.path.starts_with(&p.path))
            .map(|p| p.path.len())
            .max()
    }
}

impl Context<'_> {
    /// Registers the registry's data groups: valid ids, bilingual titles, provisions that exist and that no two
    /// groups both cover.
    pub(super) fn groups(
        &mut self,
        doc: &OrderedMap<Sp<syntax::GroupDoc>>,
        info: &mut model::RegistryInfo,
    ) {
        let mut covers: Vec<Cover> = Vec::new();
        for (id, group) in doc.iter() {
            if !naming::is_valid_id(&id.value) {
                let span = self.span(id.pos);
                self.report(
                    Diagnostic::new(
                        Code::InvalidId,
                        format!("`{}` is not a valid group id", id.value.escape_debug()),
                    )
                    .at(span, "invalid id")
                    .help("ids are lowercase ASCII words joined by hyphens (`dossiers`, `single-sign-on`); the OpenAPI tag is the id in UpperCamelCase"),
                );
                continue;
            }
            let provisions = self.legal(&Some(group.covers.clone()));
            if group.covers.0.is_empty() {
                let span = self.span(group.pos);
                self.report(
                    Diagnostic::new(
                        Code::InvalidLegalRef,
                        format!("the group `{}` covers no provision", id.value),
                    )
                    .at(span, "group")
                    .help("list the articles whose contracts it holds, e.g. `covers: [\"7\", \"10\"]`"),
                );
            }
            for provision in &provisions {
                self.check_covered_once(&covers, &id.value, provision);
            }
            covers.push(Cover {
                id: id.value.clone(),
                provisions: provisions.iter().map(|p| Arc::clone(&p.cited)).collect(),
            });
            info.groups.push(model::Group {
                id: id.value.clone(),
                title: self.text(&group.title, "group title"),
                description: self.opt_text(&group.description, "group description"),
                covers: provisions,
                tag: id.value.to_upper_camel_case(),
                span: self.span(id.pos),
            });
        }
        self.groups = Arc::new(covers);
    }

    /// Reports a provision that an earlier group covers already: a contract citing it would belong to both.
    fn check_covered_once(&mut self, earlier: &[Cover], group: &str, provision: &LegalRef) {
        let Some(other) = earlier
            .iter()
            .find(|c| c.provisions.iter().any(|p| **p == *provision.cited))
        else {
            return;
        };
        self.report(
            Diagnostic::new(
                Code::InvalidValue,
                format!(
                    "`{}` is covered by the groups `{}` and `{group}`",
                    provision.written, other.id
                ),
            )
            .at(provision.span, "covered twice")
            .help(format!(
                "list it under one group's `covers:` only, or a clause (`{}.1`) under the other",
                provision.written
            )),
        );
    }

    /// The group of a contract: the one it names in `group:`, else the one that covers its first legal reference
    /// most precisely. A registry without groups has none; a contract whose group is unknown, or that no group
    /// covers, is reported (a contract that cites nothing is reported for that already).
    pub(super) fn contract_group(
        &mut self,
        doc: &ContractDoc,
        legal: &[LegalRef],
    ) -> Option<String> {
        if let Some(written) = &doc.group {
            if self.groups.iter().any(|g| g.id == written.value) {
                return Some(written.value.clone());
            }
            let span = self.span(written.pos);
            self.report(
                Diagnostic::new(
                    Code::UnknownReference,
                    format!("no group has the id `{}`", written.value.escape_debug()),
                )
                .at(span, "unknown group")
                .help(self.declared_groups("declare it under `groups:` in registry.yaml")),
            );
            return None;
        }
        if self.groups.is_empty() {
            return None;
        }
        let first = legal.first()?;
        // The most precise wins; of two equally precise (reported where they are declared), the first written.
        let mut found: Option<(usize, &Cover)> = None;
        for group in self.groups.iter() {
            if let Some(precision) = group.precision(&first.cited)
                && found.is_none_or(|(best, _)| precision > best)
            {
                found = Some((precision, group));
            }
        }
        if let Some((_, group)) = found {
            return Some(group.id.clone());
        }
        let span = self.span(doc.id.pos);
        self.report(
            Diagnostic::new(
                Code::MissingGroup,
                format!(
                    "the contract `{}` is in no data group: no group covers `{}`",
                    doc.id.value, first.written
                ),
            )
            .at(span, "contract")
            .help(self.declared_groups(&format!(
                "add `group: <id>` to the contract, or `{}` to a group's `covers:` in registry.yaml",
                first.written
            ))),
        );
        None
    }

    fn declared_groups(&self, fix: &str) -> String {
        let ids: Vec<&str> = self.groups.iter().map(|g| g.id.as_str()).collect();
        if ids.is_empty() {
            format!("{fix} (none is declared)")
        } else {
            format!("{fix} (declared: {})", ids.join(", "))
        }
    }
}
