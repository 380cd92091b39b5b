//! Changes to records, classified by where the contracts carry them (requests, responses or both).

use super::fields::{self, Fields};
use super::usage::Usages;
use super::{At, Changes, Owner, Pair, Rule, element, legal};
use crate::model::Record;

pub(super) fn compare(pair: Pair<'_>, usages: &Usages, out: &mut Changes) {
    let (before, after) = (&pair.before.records, &pair.after.records);
    for (id, old) in before {
        let at = at(id, usages);
        match after.get(id) {
            Some(new) => changed(pair, &at, old, new, out),
            None => {
                out.push(
                    Rule::RecordRemoved,
                    &at,
                    (Some(old.span), None),
                    format!("the record `{id}` was removed"),
                );
            }
        }
    }
    for (id, new) in after.iter().filter(|(id, _)| !before.contains_key(*id)) {
        out.push(
            Rule::RecordAdded,
            &at(id, usages),
            (None, Some(new.span)),
            format!("the record `{id}` was added"),
        );
    }
}

fn at(id: &str, usages: &Usages) -> At {
    At::new(
        element::record(id),
        Owner::Record(id.to_owned()),
        usages.record(id),
    )
}

fn changed(pair: Pair<'_>, at: &At, old: &Record, new: &Record, out: &mut Changes) {
    let id = &new.id;
    let what = format!("the record `{id}`");
    let spans = (old.span, new.span);
    out.value(
        Rule::RecordRustNameChanged,
        at,
        spans,
        (&old.rust_name, &new.rust_name),
        String::clone,
        |was, now| format!("the Rust type of {what} is now `{now}` (was `{was}`)"),
    );
    out.status(
        [
            Rule::RecordActivated,
            Rule::RecordDeprecated,
            Rule::RecordStatusChanged,
        ],
        at,
        spans,
        &what,
        (old.status, new.status),
    );
    out.text(
        Rule::RecordLabelChanged,
        at,
        spans,
        (&old.label, &new.label),
        || format!("the label of {what} changed"),
    );
    out.text(
        Rule::RecordDescriptionChanged,
        at,
        spans,
        (&old.description, &new.description),
        || format!("the description of {what} changed"),
    );
    legal::compare_refs(
        Rule::RecordLegalChanged,
        at,
        spans,
        &what,
        (&old.legal, &new.legal),
        out,
    );
    let fields = Fields {
        element: at.element.clone(),
        owner: at.owner.clone(),
        usage: at.usage,
        what: format!("record `{id}`"),
        spans,
    };
    fields::compare(pair, &fields, (&old.fields, &new.fields), out);
}
