//! Changes to identifier formats (each field that uses one also reports its own constraint changes).

use super::{At, Changes, Owner, Pair, Rule, Usage, element, legal_list};
use contracts_core::model::Identifier;

pub(super) fn compare(pair: Pair<'_>, out: &mut Changes) {
    let (before, after) = (&pair.before.identifiers, &pair.after.identifiers);
    for (id, old) in before {
        let at = at(id);
        match after.get(id) {
            Some(new) => changed(&at, old, new, out),
            None => {
                out.push(
                    Rule::IdentifierRemoved,
                    &at,
                    (Some(old.span), None),
                    format!("the identifier `{id}` was removed"),
                );
            }
        }
    }
    for (id, new) in after.iter().filter(|(id, _)| !before.contains_key(*id)) {
        out.push(
            Rule::IdentifierAdded,
            &at(id),
            (None, Some(new.span)),
            format!("the identifier `{id}` was added"),
        );
    }
}

fn at(id: &str) -> At {
    At::new(
        element::identifier(id),
        Owner::Identifier(id.to_owned()),
        Usage::BOTH,
    )
}

fn changed(at: &At, old: &Identifier, new: &Identifier, out: &mut Changes) {
    let id = &new.id;
    let spans = (old.span, new.span);
    out.value(
        Rule::IdentifierPatternChanged,
        at,
        spans,
        (&old.pattern, &new.pattern),
        |p| p.clone(),
        |was, now| format!("the identifier `{id}` now has the pattern `{now}` (was `{was}`)"),
    );
    out.value(
        Rule::IdentifierLengthChanged,
        at,
        spans,
        (
            &(old.min_length, old.max_length),
            &(new.min_length, new.max_length),
        ),
        |(min, max)| length_range(*min, *max),
        |was, now| format!("the identifier `{id}` is now {now} characters long (was {was})"),
    );
    let text_changed = old.label != new.label
        || old.description != new.description
        || old.examples != new.examples
        || legal_list(&old.legal) != legal_list(&new.legal);
    if text_changed {
        out.push(
            Rule::IdentifierTextChanged,
            at,
            (Some(old.span), Some(new.span)),
            format!(
                "the label, description, examples or legal basis of the identifier `{id}` changed"
            ),
        );
    }
}

fn length_range(min: Option<u64>, max: Option<u64>) -> String {
    match (min, max) {
        (None, None) => "any".to_owned(),
        (Some(min), None) => format!("{min}+"),
        (None, Some(max)) => format!("0-{max}"),
        (Some(min), Some(max)) if min == max => min.to_string(),
        (Some(min), Some(max)) => format!("{min}-{max}"),
    }
}
