//! Resolution of `approvals:` documents: a known diff rule, a well-formed element and a legal basis each.

use super::{Context, closest};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Approval;
use crate::rules::{Rule, element};
use crate::syntax::{ApprovalDoc, Sp};

impl Context<'_> {
    pub(super) fn approvals(&mut self, docs: &[Sp<ApprovalDoc>], into: &mut Vec<Approval>) {
        for doc in docs {
            if let Some(approval) = self.approval(doc)
                && !self.is_approved_twice(&approval, into)
            {
                into.push(approval);
            }
        }
    }

    fn approval(&mut self, doc: &Sp<ApprovalDoc>) -> Option<Approval> {
        let rule_known = self.check_rule_id(&doc.rule);
        let element_ok = self.check_element(&doc.element);
        let reason = self.text(&doc.reason, "approval reason");
        let legal = self.legal(&Some(doc.legal.clone()));
        if doc.legal.0.is_empty() {
            let span = self.span(doc.pos);
            self.report(
                Diagnostic::new(Code::InvalidLegalRef, "the approval cites no legal basis")
                    .at(span, "approval")
                    .help("name the provision or decision that allows the change, e.g. `legal: \"10.1\"` or `legal: decree-13-2023`"),
            );
        }
        (rule_known && element_ok && !legal.is_empty()).then(|| Approval {
            rule: doc.rule.value.clone(),
            element: doc.element.value.clone(),
            reason,
            legal,
            span: self.span(doc.pos),
        })
    }

    fn check_rule_id(&mut self, rule: &Sp<String>) -> bool {
        if Rule::from_id(&rule.value).is_some() {
            return true;
        }
        let span = self.span(rule.pos);
        let known = Rule::ALL.iter().map(|r| r.id());
        let help = match closest(&rule.value, known) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "use a rule id printed by `cargo contracts diff` (the README lists them all)"
                .to_owned(),
        };
        self.report(
            Diagnostic::new(
                Code::UnknownReference,
                format!("no diff rule has the id `{}`", rule.value),
            )
            .at(span, "unknown rule")
            .help(help),
        );
        false
    }

    fn check_element(&mut self, element: &Sp<String>) -> bool {
        if element::is_well_formed(&element.value) {
            return true;
        }
        let span = self.span(element.pos);
        self.report(
            Diagnostic::new(
                Code::InvalidValue,
                format!("`{}` does not name an element", element.value),
            )
            .at(span, "element")
            .help(format!(
                "copy the element from the output of `cargo contracts diff`; elements look like {}",
                element::EXAMPLES
            )),
        );
        false
    }

    fn is_approved_twice(&mut self, approval: &Approval, earlier: &[Approval]) -> bool {
        let Some(first) = earlier
            .iter()
            .find(|a| a.rule == approval.rule && a.element == approval.element)
        else {
            return false;
        };
        self.report(
            Diagnostic::new(
                Code::DuplicateId,
                format!(
                    "the change `{}` of `{}` is approved twice",
                    approval.rule, approval.element
                ),
            )
            .at(approval.span, "approved again here")
            .also(first.span, "first approved here")
            .help("keep one approval per rule and element"),
        );
        true
    }
}
