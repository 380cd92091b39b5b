//! Changes to the law as data (sources and their provisions) and to the provisions each element cites.

use std::collections::BTreeMap;

use super::{At, Changes, Owner, Pair, Rule, Usage, element, legal_list, legal_text};
use contracts_core::model::{LegalRef, LegalSource, Text};
use contracts_core::source::Span;

/// Compares the provisions an element cites, ignoring their order and how they are written.
pub(super) fn compare_refs(
    rule: Rule,
    at: &At,
    spans: (Span, Span),
    what: &str,
    refs: (&[LegalRef], &[LegalRef]),
    out: &mut Changes,
) {
    if legal_list(refs.0) == legal_list(refs.1) {
        return;
    }
    let (was, now) = (legal_text(refs.0), legal_text(refs.1));
    out.push(
        rule,
        at,
        (Some(spans.0), Some(spans.1)),
        format!("{what} now cites {now} (was {was})"),
    )
    .values(Some(was), Some(now));
}

pub(super) fn compare_sources(pair: Pair<'_>, out: &mut Changes) {
    let (before, after) = (&pair.before.legal_sources, &pair.after.legal_sources);
    for (id, old) in before {
        let at = source_at(id);
        match after.get(id) {
            Some(new) => {
                details(&at, old, new, out);
                provisions(old, new, out);
            }
            None => {
                out.push(
                    Rule::LegalSourceRemoved,
                    &at,
                    (Some(old.span), None),
                    format!("the legal source `{id}` ({}) was removed", old.number),
                );
            }
        }
    }
    for (id, new) in after.iter().filter(|(id, _)| !before.contains_key(*id)) {
        out.push(
            Rule::LegalSourceAdded,
            &source_at(id),
            (None, Some(new.span)),
            format!("the legal source `{id}` ({}) was added", new.number),
        );
    }
}

fn source_at(id: &str) -> At {
    At::new(
        element::legal_source(id),
        Owner::Legal(id.to_owned()),
        Usage::BOTH,
    )
}

fn details(at: &At, old: &LegalSource, new: &LegalSource, out: &mut Changes) {
    let same = old.number == new.number
        && old.title == new.title
        && old.issuer == new.issuer
        && old.signed == new.signed
        && old.effective == new.effective
        && old.url == new.url
        && old.uncovered == new.uncovered;
    if !same {
        out.push(
            Rule::LegalSourceDetailsChanged,
            at,
            (Some(old.span), Some(new.span)),
            format!(
                "the number, title, dates, address or uncovered provisions of `{}` changed",
                new.id
            ),
        );
    }
}

/// Every provision of a source (articles, clauses and points) with its text.
fn provisions_of(source: &LegalSource) -> BTreeMap<Vec<String>, (Text, Option<Text>)> {
    let mut out = BTreeMap::new();
    for article in &source.articles {
        let path = vec![article.number.clone()];
        out.insert(path, (article.title.clone(), article.text.clone()));
        for clause in &article.clauses {
            let path = vec![article.number.clone(), clause.number.clone()];
            out.insert(path.clone(), (clause.text.clone(), None));
            for point in &clause.points {
                let mut path = path.clone();
                path.push(point.letter.clone());
                out.insert(path, (point.text.clone(), None));
            }
        }
    }
    out
}

fn provisions(old: &LegalSource, new: &LegalSource, out: &mut Changes) {
    let (before, after) = (provisions_of(old), provisions_of(new));
    for (path, text) in &before {
        let at = At::new(
            element::provision(&old.id, path),
            Owner::Legal(old.id.clone()),
            Usage::BOTH,
        );
        let reference = path.join(".");
        match after.get(path) {
            None => {
                out.push(
                    Rule::LegalProvisionRemoved,
                    &at,
                    (Some(old.span), Some(new.span)),
                    format!("provision {reference} of `{}` was removed", old.id),
                );
            }
            Some(now) if now != text => {
                out.push(
                    Rule::LegalProvisionTextChanged,
                    &at,
                    (Some(old.span), Some(new.span)),
                    format!("the text of provision {reference} of `{}` changed", old.id),
                );
            }
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        let at = At::new(
            element::provision(&new.id, path),
            Owner::Legal(new.id.clone()),
            Usage::BOTH,
        );
        out.push(
            Rule::LegalProvisionAdded,
            &at,
            (Some(old.span), Some(new.span)),
            format!("provision {} of `{}` was added", path.join("."), new.id),
        );
    }
}
