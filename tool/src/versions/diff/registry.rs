//! Changes to the registry itself: default wire formats and authentication schemes.

use super::{At, Changes, Owner, Pair, Rule, Usage, element};
use contracts_core::model::{FieldType, ScalarType, WireFormat, format_names};
use contracts_core::source::{FileId, Span};

pub(super) fn compare(pair: Pair<'_>, out: &mut Changes) {
    wire_defaults(pair, out);
    wire_accepts(pair, out);
    url(pair, out);
    auth_schemes(pair, out);
}

fn url(pair: Pair<'_>, out: &mut Changes) {
    let at = At::new(element::registry_url(), Owner::Registry, Usage::BOTH);
    out.value(
        Rule::RegistryUrlChanged,
        &at,
        spans(pair),
        (&pair.before.info.url, &pair.after.info.url),
        |url| url.clone().unwrap_or_else(|| "none".to_owned()),
        |was, now| format!("the registry is now published at `{now}` (was `{was}`)"),
    );
}

/// The forms readers accept by default for each type (the fields they change are reported on their own).
fn wire_accepts(pair: Pair<'_>, out: &mut Changes) {
    let (before, after) = (
        &pair.before.info.wire_accepts,
        &pair.after.info.wire_accepts,
    );
    let keys: std::collections::BTreeSet<_> = before.keys().chain(after.keys()).collect();
    for key in keys {
        let names = |side: &std::collections::BTreeMap<_, Vec<contracts_core::model::Accept>>| {
            side.get(key)
                .map(|forms| {
                    forms
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        let (was, now) = (names(before), names(after));
        let ty = match key {
            contracts_core::model::ScalarOrCode::Scalar(scalar) => scalar.as_str(),
            contracts_core::model::ScalarOrCode::Code => "code",
        };
        let at = At::new(element::wire_accepts(ty), Owner::Registry, Usage::BOTH);
        out.value(
            Rule::RegistryWireAcceptsChanged,
            &at,
            spans(pair),
            (&was, &now),
            |forms| format!("[{forms}]"),
            |was, now| format!("readers of a {ty} now accept {now} by default (was {was})"),
        );
    }
}

fn spans(pair: Pair<'_>) -> (Span, Span) {
    let start = Span::file_start(FileId(0));
    (
        pair.before.info.span.unwrap_or(start),
        pair.after.info.span.unwrap_or(start),
    )
}

fn wire_defaults(pair: Pair<'_>, out: &mut Changes) {
    let (before, after) = (
        &pair.before.info.wire_defaults,
        &pair.after.info.wire_defaults,
    );
    let slots = [
        (
            "integer",
            ScalarType::Integer,
            before.integer,
            after.integer,
        ),
        (
            "decimal",
            ScalarType::Decimal,
            before.decimal,
            after.decimal,
        ),
        (
            "boolean",
            ScalarType::Boolean,
            before.boolean,
            after.boolean,
        ),
        ("date", ScalarType::Date, before.date, after.date),
        (
            "date-time",
            ScalarType::DateTime,
            before.date_time,
            after.date_time,
        ),
    ];
    let mut all: Vec<(&str, FieldType, WireFormat, WireFormat)> = slots
        .into_iter()
        .map(|(name, ty, b, a)| (name, FieldType::Scalar(ty), b, a))
        .collect();
    all.push((
        "code",
        FieldType::Code(String::new()),
        before.code,
        after.code,
    ));
    for (name, ty, was, now) in all {
        let at = At::new(element::wire_default(name), Owner::Registry, Usage::BOTH);
        out.value(
            Rule::RegistryWireDefaultChanged,
            &at,
            spans(pair),
            (&was, &now),
            |format| format_name(&ty, *format),
            |was, now| format!("{name} values travel as `{now}` by default (was `{was}`)"),
        );
    }
}

/// The name a contract writes for a wire format of `ty`.
pub(super) fn format_name(ty: &FieldType, format: WireFormat) -> String {
    format_names(ty)
        .iter()
        .find(|(_, f)| *f == format)
        .map_or_else(|| format!("{format:?}"), |(name, _)| (*name).to_owned())
}

fn auth_schemes(pair: Pair<'_>, out: &mut Changes) {
    let (before, after) = (
        &pair.before.info.auth_schemes,
        &pair.after.info.auth_schemes,
    );
    let (span_before, span_after) = spans(pair);
    for (id, scheme) in before {
        let at = At::new(element::auth_scheme(id), Owner::Registry, Usage::BOTH);
        let Some(now) = after.get(id) else {
            out.push(
                Rule::AuthSchemeRemoved,
                &at,
                (Some(span_before), None),
                format!("the authentication scheme `{id}` was removed"),
            );
            continue;
        };
        out.value(
            Rule::AuthSchemeTypeChanged,
            &at,
            (span_before, span_after),
            (&scheme.kind, &now.kind),
            |kind| kind.as_str().to_owned(),
            |was, now| format!("the authentication scheme `{id}` is now of type {now} (was {was})"),
        );
        if scheme.label != now.label || scheme.description != now.description {
            out.push(
                Rule::AuthSchemeTextChanged,
                &at,
                (Some(span_before), Some(span_after)),
                format!("the label or description of the authentication scheme `{id}` changed"),
            );
        }
    }
    for id in after.keys().filter(|id| !before.contains_key(*id)) {
        let at = At::new(element::auth_scheme(id), Owner::Registry, Usage::BOTH);
        out.push(
            Rule::AuthSchemeAdded,
            &at,
            (None, Some(span_after)),
            format!("the authentication scheme `{id}` was added"),
        );
    }
}
