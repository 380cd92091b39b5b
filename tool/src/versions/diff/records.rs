//! Changes to records, classified by where the contracts carry them (requests, responses or both).

use super::fields::{self, Fields};
use super::usage::Usages;
use super::{At, Changes, Owner, Pair, Rule, TypeParts, TypeRules, element};
use contracts_core::model::Record;
use contracts_core::model::UnknownFields;

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

/// The rules of what a record shares with the other generated types.
const RULES: TypeRules = TypeRules {
    rust_name: Rule::RecordRustNameChanged,
    status: [
        Rule::RecordActivated,
        Rule::RecordDeprecated,
        Rule::RecordStatusChanged,
    ],
    label: Rule::RecordLabelChanged,
    description: Rule::RecordDescriptionChanged,
    legal: Rule::RecordLegalChanged,
};

fn changed(pair: Pair<'_>, at: &At, old: &Record, new: &Record, out: &mut Changes) {
    let id = &new.id;
    let what = format!("the record `{id}`");
    let spans = (old.span, new.span);
    out.type_parts(&RULES, at, spans, &what, (parts(old), parts(new)));
    let fields = Fields {
        element: at.element.clone(),
        owner: at.owner.clone(),
        usage: at.usage,
        what: format!("record `{id}`"),
        spans,
        strict_readers: new.unknown_fields == UnknownFields::Reject,
    };
    // Undeclared on both sides, it follows where the record travels, which the change that moved it reports.
    if old.unknown_fields_declared || new.unknown_fields_declared {
        super::unknown_fields(
            at,
            &what,
            spans,
            (old.unknown_fields, new.unknown_fields),
            out,
        );
    }
    fields::compare(pair, &fields, (&old.fields, &new.fields), out);
}

fn parts(record: &Record) -> TypeParts<'_> {
    TypeParts {
        rust_name: &record.rust_name,
        status: record.status,
        label: &record.label,
        description: &record.description,
        legal: &record.legal,
    }
}
