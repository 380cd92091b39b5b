//! Changes to the fields of a payload or a record, matched by wire name.
//!
//! A field renamed on the wire is recognised when its Rust name or its label stays.

use std::fmt::Display;

use super::{At, Changes, Owner, Pair, Rule, Usage, element, legal};
use contracts_core::model::{
    Accept, Field, FieldType, ListBounds, PersonalData, Registry, ScalarType, WireFormat,
};
use contracts_core::source::Span;

/// The set of fields being compared: whose they are, where they travel, and how messages name them.
pub(super) struct Fields {
    /// The element of the payload or record (`contract:x/request`, `record:y`).
    pub element: String,
    pub owner: Owner,
    pub usage: Usage,
    /// `the request of contract `x`` or `record `y``.
    pub what: String,
    /// The payload or record on each side, where added and removed fields are shown.
    pub spans: (Span, Span),
    /// Whether its readers reject members they do not know (on the later side).
    pub strict_readers: bool,
}

impl Fields {
    fn at(&self, wire_name: &str) -> At {
        let mut at = At::new(
            element::field(&self.element, wire_name),
            self.owner.clone(),
            self.usage,
        );
        at.strict_readers = self.strict_readers;
        at
    }
}

/// How a field of one side corresponds to the other.
enum Pairing<'a> {
    Kept(&'a Field, &'a Field),
    Renamed(&'a Field, &'a Field),
    Removed(&'a Field),
    Added(&'a Field),
}

pub(super) fn compare(
    pair: Pair<'_>,
    set: &Fields,
    fields: (&[Field], &[Field]),
    out: &mut Changes,
) {
    for pairing in pair_fields(fields.0, fields.1) {
        match pairing {
            Pairing::Kept(old, new) => changed(pair, set, old, new, out),
            Pairing::Renamed(old, new) => {
                let at = set.at(&new.wire_name);
                out.push(
                    Rule::FieldWireNameChanged,
                    &at,
                    (Some(old.span), Some(new.span)),
                    format!(
                        "field `{}` of {} is now sent as `{}`",
                        old.wire_name, set.what, new.wire_name
                    ),
                )
                .values(Some(old.wire_name.clone()), Some(new.wire_name.clone()));
                changed(pair, set, old, new, out);
            }
            Pairing::Removed(old) => {
                let place = place_of_removed(old, fields).unwrap_or(set.spans.1);
                removed(set, old, place, out);
            }
            Pairing::Added(new) => added(set, new, out),
        }
    }
}

/// Matches fields by wire name; of the rest, a removed and an added field with the same Rust name or label
/// are the same field renamed on the wire.
fn pair_fields<'a>(before: &'a [Field], after: &'a [Field]) -> Vec<Pairing<'a>> {
    let mut out = Vec::new();
    let mut unmatched_after: Vec<&Field> = after
        .iter()
        .filter(|new| !before.iter().any(|old| old.wire_name == new.wire_name))
        .collect();
    for old in before {
        if let Some(new) = after.iter().find(|new| new.wire_name == old.wire_name) {
            out.push(Pairing::Kept(old, new));
            continue;
        }
        let same = |new: &&Field| new.rust_name == old.rust_name || new.label == old.label;
        match unmatched_after.iter().position(same) {
            Some(index) => out.push(Pairing::Renamed(old, unmatched_after.remove(index))),
            None => out.push(Pairing::Removed(old)),
        }
    }
    out.extend(unmatched_after.into_iter().map(Pairing::Added));
    out
}

/// Where a removed field was on the later side: at the field that followed it and is still there, else at the
/// one before it.
fn place_of_removed(old: &Field, (before, after): (&[Field], &[Field])) -> Option<Span> {
    let index = before.iter().position(|f| std::ptr::eq(f, old))?;
    let later = |f: &Field| {
        after
            .iter()
            .find(|n| n.wire_name == f.wire_name)
            .map(|n| n.span)
    };
    before[index + 1..]
        .iter()
        .find_map(later)
        .or_else(|| before[..index].iter().rev().find_map(later))
}

/// A removed field, shown on the later side at `place`.
fn removed(set: &Fields, old: &Field, place: Span, out: &mut Changes) {
    let (rule, kind) = if old.required {
        (Rule::FieldRequiredRemoved, "required")
    } else {
        (Rule::FieldOptionalRemoved, "optional")
    };
    out.push(
        rule,
        &set.at(&old.wire_name),
        (Some(old.span), Some(place)),
        format!(
            "the {kind} field `{}` was removed from {}",
            old.wire_name, set.what
        ),
    );
}

fn added(set: &Fields, new: &Field, out: &mut Changes) {
    let (rule, kind) = if new.required {
        (Rule::FieldRequiredAdded, "required")
    } else {
        (Rule::FieldOptionalAdded, "optional")
    };
    out.push(
        rule,
        &set.at(&new.wire_name),
        (Some(set.spans.0), Some(new.span)),
        format!(
            "{} has a new {kind} field `{}`",
            capitalised(&set.what),
            new.wire_name
        ),
    );
}

/// The attribute that pre-fills a field, as written (`national-population/SoDinhDanh`).
fn prefill_of(field: &Field) -> Option<String> {
    field.prefill.as_ref().map(|p| p.attribute.to_string())
}

fn changed(pair: Pair<'_>, set: &Fields, old: &Field, new: &Field, out: &mut Changes) {
    let at = set.at(&new.wire_name);
    let what = format!("field `{}` of {}", new.wire_name, set.what);
    let spans = (old.span, new.span);
    out.value(
        Rule::FieldRustNameChanged,
        &at,
        spans,
        (&old.rust_name, &new.rust_name),
        String::clone,
        |was, now| format!("the Rust name of {what} is now `{now}` (was `{was}`)"),
    );
    out.value(
        type_rule(&old.ty, &new.ty),
        &at,
        spans,
        (&old.ty, &new.ty),
        FieldType::describe,
        |was, now| format!("{what} is now a {now} (was a {was})"),
    );
    cardinality(&at, &what, spans, (old.list, new.list), out);
    if old.ty == new.ty {
        wire_format(pair, &at, &what, (old, new), out);
        constraints(&at, &what, (old, new), out);
    }
    accepts(&at, &what, spans, (&old.accepts, &new.accepts), out);
    presence(&at, &what, spans, (old.required, new.required), out);
    out.value(
        Rule::FieldIdentifierChanged,
        &at,
        spans,
        (&old.identifier, &new.identifier),
        |id| id.clone().unwrap_or_else(|| "none".to_owned()),
        |was, now| format!("{what} now follows the identifier `{now}` (was `{was}`)"),
    );
    personal_data(
        &at,
        &what,
        spans,
        (old.personal_data, new.personal_data),
        out,
    );
    out.value(
        Rule::FieldPrefillChanged,
        &at,
        spans,
        (&prefill_of(old), &prefill_of(new)),
        |p| p.clone().unwrap_or_else(|| "none".to_owned()),
        |was, now| format!("{what} is now pre-filled from `{now}` (was `{was}`)"),
    );
    out.status(
        [
            Rule::FieldActivated,
            Rule::FieldDeprecated,
            Rule::FieldStatusChanged,
        ],
        &at,
        spans,
        &what,
        (old.status, new.status),
    );
    out.text(
        Rule::FieldLabelChanged,
        &at,
        spans,
        (&old.label, &new.label),
        || format!("the label of {what} changed"),
    );
    out.text(
        Rule::FieldDescriptionChanged,
        &at,
        spans,
        (&old.description, &new.description),
        || format!("the description of {what} changed"),
    );
    out.text(
        Rule::FieldExampleChanged,
        &at,
        spans,
        (&old.example, &new.example),
        || format!("the example of {what} changed"),
    );
    legal::compare_refs(
        Rule::FieldLegalChanged,
        &at,
        spans,
        &what,
        (&old.legal, &new.legal),
        out,
    );
}

/// Each form readers accept now and did not before, and each they no longer accept.
fn accepts(
    at: &At,
    what: &str,
    spans: (Span, Span),
    forms: (&[Accept], &[Accept]),
    out: &mut Changes,
) {
    let (old, new) = forms;
    for form in new.iter().filter(|f| !old.contains(f)) {
        out.push(
            Rule::FieldAcceptsAdded,
            at,
            (Some(spans.0), Some(spans.1)),
            format!("readers of {what} now accept `{form}`"),
        )
        .values(None, Some(form.name().to_owned()));
    }
    for form in old.iter().filter(|f| !new.contains(f)) {
        out.push(
            Rule::FieldAcceptsRemoved,
            at,
            (Some(spans.0), Some(spans.1)),
            format!("readers of {what} no longer accept `{form}`"),
        )
        .values(Some(form.name().to_owned()), None);
    }
}

fn type_rule(old: &FieldType, new: &FieldType) -> Rule {
    match (old, new) {
        (FieldType::Code(_), FieldType::Code(_)) => Rule::FieldCatalogueChanged,
        (FieldType::Record(_), FieldType::Record(_)) => Rule::FieldRecordChanged,
        _ => Rule::FieldTypeChanged,
    }
}

fn cardinality(
    at: &At,
    what: &str,
    spans: (Span, Span),
    lists: (Option<ListBounds>, Option<ListBounds>),
    out: &mut Changes,
) {
    let (old, new) = match lists {
        (None, None) => return,
        (None, Some(_)) => {
            out.push(
                Rule::FieldBecameList,
                at,
                (Some(spans.0), Some(spans.1)),
                format!("{what} is now a list of values"),
            );
            return;
        }
        (Some(_), None) => {
            out.push(
                Rule::FieldBecameSingle,
                at,
                (Some(spans.0), Some(spans.1)),
                format!("{what} is now a single value, not a list"),
            );
            return;
        }
        (Some(old), Some(new)) => (old, new),
    };
    minimum(
        [Rule::FieldMinItemsRaised, Rule::FieldMinItemsLowered],
        at,
        spans,
        &format!("the minimum number of items of {what}"),
        (positive(old.min_items), positive(new.min_items)),
        out,
    );
    maximum(
        [Rule::FieldMaxItemsLowered, Rule::FieldMaxItemsRaised],
        at,
        spans,
        &format!("the maximum number of items of {what}"),
        (old.max_items, new.max_items),
        out,
    );
}

fn presence(at: &At, what: &str, spans: (Span, Span), required: (bool, bool), out: &mut Changes) {
    let rule = match required {
        (false, true) => Rule::FieldBecameRequired,
        (true, false) => Rule::FieldBecameOptional,
        _ => return,
    };
    let now = if required.1 { "required" } else { "optional" };
    out.push(
        rule,
        at,
        (Some(spans.0), Some(spans.1)),
        format!("{what} is now {now}"),
    );
}

fn wire_format(pair: Pair<'_>, at: &At, what: &str, fields: (&Field, &Field), out: &mut Changes) {
    let (old, new) = fields;
    let spans = (old.span, new.span);
    out.value(
        Rule::FieldFormatChanged,
        at,
        spans,
        (&old.format, &new.format),
        |format| super::registry::format_name(&new.ty, *format),
        |was, now| format!("{what} now travels as `{now}` (was `{was}`)"),
    );
    out.value(
        Rule::FieldRustTypeChanged,
        at,
        spans,
        (&rust_shape(pair.before, old), &rust_shape(pair.after, new)),
        |shape| (*shape).to_owned(),
        |was, now| format!("the Rust type of {what} is now `{now}` (was `{was}`)"),
    );
}

/// The Rust value type the generator gives a field, without names (a renamed record or catalogue is reported
/// on its own). Mirrors `generate::rust::value_type`; a test checks the two agree.
fn rust_shape(registry: &Registry, field: &Field) -> &'static str {
    use WireFormat::*;
    match (&field.ty, field.format) {
        (FieldType::Record(_), _) => "record",
        (FieldType::Code(id), format) => match registry.catalogues.get(id) {
            Some(catalogue) if catalogue.format == format => "catalogue enum",
            _ if format == CodeNumber => "CodeAsNumber",
            _ => "CodeAsString",
        },
        (FieldType::Scalar(ScalarType::Integer), Number) => "i64",
        (FieldType::Scalar(ScalarType::Decimal), Number) => "DecimalNumber",
        (FieldType::Scalar(ScalarType::Integer), _) => "IntegerString",
        (FieldType::Scalar(ScalarType::Decimal), _) => "DecimalString",
        (FieldType::Scalar(ScalarType::Boolean), BoolJson) => "bool",
        (FieldType::Scalar(_), format) => {
            contracts_core::naming::wire_type(format).unwrap_or("String")
        }
    }
}

fn constraints(at: &At, what: &str, fields: (&Field, &Field), out: &mut Changes) {
    let (old, new) = (&fields.0.constraints, &fields.1.constraints);
    let spans = (fields.0.span, fields.1.span);
    pattern(
        at,
        what,
        spans,
        (old.pattern.as_ref(), new.pattern.as_ref()),
        out,
    );
    minimum(
        [Rule::FieldMinLengthRaised, Rule::FieldMinLengthLowered],
        at,
        spans,
        &format!("the minimum length of {what}"),
        (positive(old.min_length), positive(new.min_length)),
        out,
    );
    maximum(
        [Rule::FieldMaxLengthLowered, Rule::FieldMaxLengthRaised],
        at,
        spans,
        &format!("the maximum length of {what}"),
        (old.max_length, new.max_length),
        out,
    );
    minimum(
        [Rule::FieldMinimumRaised, Rule::FieldMinimumLowered],
        at,
        spans,
        &format!("the minimum of {what}"),
        (old.min, new.min),
        out,
    );
    maximum(
        [Rule::FieldMaximumLowered, Rule::FieldMaximumRaised],
        at,
        spans,
        &format!("the maximum of {what}"),
        (old.max, new.max),
        out,
    );
}

fn pattern(
    at: &At,
    what: &str,
    spans: (Span, Span),
    patterns: (
        Option<&contracts_core::model::Pattern>,
        Option<&contracts_core::model::Pattern>,
    ),
    out: &mut Changes,
) {
    let (rule, message) = match patterns {
        (None, None) => return,
        (None, Some(new)) => (
            Rule::FieldPatternAdded,
            format!("{what} must now match `{}`", new.source()),
        ),
        (Some(old), None) => (
            Rule::FieldPatternRemoved,
            format!("{what} no longer has to match `{}`", old.source()),
        ),
        (Some(old), Some(new)) if old.source() != new.source() => (
            Rule::FieldPatternChanged,
            format!(
                "{what} must now match `{}` (was `{}`)",
                new.source(),
                old.source()
            ),
        ),
        _ => return,
    };
    let show = |p: Option<&contracts_core::model::Pattern>| p.map(|p| p.source().to_owned());
    out.push(rule, at, (Some(spans.0), Some(spans.1)), message)
        .values(show(patterns.0), show(patterns.1));
}

/// A lower bound, where `None` is no bound: `rules` are (raised, lowered).
fn minimum<T: PartialOrd + Copy + Display>(
    rules: [Rule; 2],
    at: &At,
    spans: (Span, Span),
    what: &str,
    bounds: (Option<T>, Option<T>),
    out: &mut Changes,
) {
    let [raised, lowered] = rules;
    let rule = match bounds {
        (None, Some(_)) => raised,
        (Some(_), None) => lowered,
        (Some(a), Some(b)) if b > a => raised,
        (Some(a), Some(b)) if b < a => lowered,
        _ => return,
    };
    bound_changed(rule, at, spans, what, bounds, out);
}

/// An upper bound, where `None` is no bound: `rules` are (lowered, raised).
fn maximum<T: PartialOrd + Copy + Display>(
    rules: [Rule; 2],
    at: &At,
    spans: (Span, Span),
    what: &str,
    bounds: (Option<T>, Option<T>),
    out: &mut Changes,
) {
    let [lowered, raised] = rules;
    let rule = match bounds {
        (None, Some(_)) => lowered,
        (Some(_), None) => raised,
        (Some(a), Some(b)) if b < a => lowered,
        (Some(a), Some(b)) if b > a => raised,
        _ => return,
    };
    bound_changed(rule, at, spans, what, bounds, out);
}

fn bound_changed<T: Display>(
    rule: Rule,
    at: &At,
    spans: (Span, Span),
    what: &str,
    bounds: (Option<T>, Option<T>),
    out: &mut Changes,
) {
    let show = |b: &Option<T>| b.as_ref().map_or_else(|| "none".to_owned(), T::to_string);
    let (was, now) = (show(&bounds.0), show(&bounds.1));
    out.push(
        rule,
        at,
        (Some(spans.0), Some(spans.1)),
        format!("{what} is now {now} (was {was})"),
    )
    .values(Some(was), Some(now));
}

/// A lower bound of zero is no bound.
fn positive(bound: Option<u64>) -> Option<u64> {
    bound.filter(|b| *b > 0)
}

fn personal_data(
    at: &At,
    what: &str,
    spans: (Span, Span),
    classes: (PersonalData, PersonalData),
    out: &mut Changes,
) {
    let (old, new) = classes;
    let rule = match new.cmp(&old) {
        std::cmp::Ordering::Greater => Rule::FieldPersonalDataRaised,
        std::cmp::Ordering::Less => Rule::FieldPersonalDataLowered,
        std::cmp::Ordering::Equal => return,
    };
    let (was, now) = (personal_data_name(old), personal_data_name(new));
    out.push(
        rule,
        at,
        (Some(spans.0), Some(spans.1)),
        format!("{what} now holds {now} personal data (was {was})"),
    )
    .values(Some(was.to_owned()), Some(now.to_owned()));
}

fn personal_data_name(class: PersonalData) -> &'static str {
    match class {
        PersonalData::None => "no",
        PersonalData::Organisation => "organisation",
        PersonalData::Basic => "basic",
        PersonalData::Sensitive => "sensitive",
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
