//! Changes to contracts: their operation, status, texts, and the fields of their request and response.
//!
//! The operation is who exchanges the data (provider, consumer), over which channel, and how it is called
//! (operation name, method, path, authentication, signature, encryption).

use super::fields::{self, Fields};
use super::{At, Changes, Owner, Pair, Rule, Usage, element, legal};
use contracts_core::model::{Contract, Payload, Requirement, UnknownFields};

pub(super) fn compare(pair: Pair<'_>, out: &mut Changes) {
    let (before, after) = (&pair.before.contracts, &pair.after.contracts);
    for (id, old) in before {
        match after.get(id) {
            Some(new) => changed(pair, old, new, out),
            None => {
                out.push(
                    Rule::ContractRemoved,
                    &at(id),
                    (Some(old.span), None),
                    format!(
                        "the contract `{id}` ({} {}) was removed",
                        old.method.as_str(),
                        old.path
                    ),
                );
            }
        }
    }
    for (id, new) in after.iter().filter(|(id, _)| !before.contains_key(*id)) {
        out.push(
            Rule::ContractAdded,
            &at(id),
            (None, Some(new.span)),
            format!(
                "the contract `{id}` ({} {}) was added",
                new.method.as_str(),
                new.path
            ),
        );
    }
}

fn at(id: &str) -> At {
    At::new(
        element::contract(id),
        Owner::Contract(id.to_owned()),
        Usage::BOTH,
    )
}

fn changed(pair: Pair<'_>, old: &Contract, new: &Contract, out: &mut Changes) {
    let at = at(&new.id);
    let what = format!("the contract `{}`", new.id);
    out.status(
        [
            Rule::ContractActivated,
            Rule::ContractDeprecated,
            Rule::ContractStatusChanged,
        ],
        &at,
        (old.span, new.span),
        &what,
        (old.status, new.status),
    );
    operation(&at, old, new, out);
    requirement(
        [
            Rule::ContractSignatureRequired,
            Rule::ContractSignatureNoLongerRequired,
            Rule::ContractSignatureOptionalChanged,
        ],
        "signature",
        &at,
        (old, new),
        (old.signature, new.signature),
        out,
    );
    requirement(
        [
            Rule::ContractEncryptionRequired,
            Rule::ContractEncryptionNoLongerRequired,
            Rule::ContractEncryptionOptionalChanged,
        ],
        "encryption",
        &at,
        (old, new),
        (old.encryption, new.encryption),
        out,
    );
    texts(&at, old, new, out);
    legal::compare_refs(
        Rule::ContractLegalChanged,
        &at,
        (old.span, new.span),
        &what,
        (&old.legal, &new.legal),
        out,
    );
    payload(pair, &new.id, &old.request, &new.request, out);
    payload(pair, &new.id, &old.response, &new.response, out);
}

/// Who exchanges the data, over which channel, and how it is called.
fn operation(at: &At, old: &Contract, new: &Contract, out: &mut Changes) {
    let (o, n) = (&old.spans, &new.spans);
    let id = &new.id;
    out.value(
        Rule::ContractProviderChanged,
        at,
        (o.provider, n.provider),
        (&old.provider, &new.provider),
        |p| p.as_str().to_owned(),
        |was, now| format!("`{id}` is now provided by {now} (was {was})"),
    );
    out.value(
        Rule::ContractConsumerChanged,
        at,
        (o.consumer, n.consumer),
        (&old.consumer, &new.consumer),
        |p| p.as_str().to_owned(),
        |was, now| format!("`{id}` is now consumed by {now} (was {was})"),
    );
    // A version that did not state its host left it to a default: stating it is no change of the wire.
    if old.host_written {
        out.value(
            Rule::ContractHostChanged,
            at,
            (o.host, n.host),
            (&old.host, &new.host),
            |p| p.as_str().to_owned(),
            |was, now| format!("`{id}` is now hosted by {now} (was {was})"),
        );
    }
    out.value(
        Rule::ContractChannelChanged,
        at,
        (o.channel, n.channel),
        (&old.channel, &new.channel),
        |c| c.as_str().to_owned(),
        |was, now| format!("`{id}` now travels over {now} (was {was})"),
    );
    out.value(
        Rule::ContractOperationChanged,
        at,
        (o.operation, n.operation),
        (&old.operation, &new.operation),
        String::clone,
        |was, now| format!("the operation of `{id}` is now `{now}` (was `{was}`)"),
    );
    out.value(
        Rule::ContractMethodChanged,
        at,
        (o.method, n.method),
        (&old.method, &new.method),
        |m| m.as_str().to_owned(),
        |was, now| format!("`{id}` is now called with {now} (was {was})"),
    );
    out.value(
        Rule::ContractPathChanged,
        at,
        (o.path, n.path),
        (&old.path, &new.path),
        String::clone,
        |was, now| format!("the path of `{id}` is now `{now}` (was `{was}`)"),
    );
    out.value(
        Rule::ContractAuthChanged,
        at,
        (o.auth, n.auth),
        (&old.auth, &new.auth),
        String::clone,
        |was, now| format!("`{id}` now authenticates with `{now}` (was `{was}`)"),
    );
}

/// A signature or encryption requirement: becoming required, no longer required, or optional either way.
fn requirement(
    kinds: [Rule; 3],
    what: &str,
    at: &At,
    contracts: (&Contract, &Contract),
    values: (Requirement, Requirement),
    out: &mut Changes,
) {
    let (was, now) = values;
    if was == now {
        return;
    }
    let [required, no_longer, optional] = kinds;
    let rule = match (was, now) {
        (_, Requirement::Required) => required,
        (Requirement::Required, _) => no_longer,
        _ => optional,
    };
    let (was, now) = (was.as_str(), now.as_str());
    out.push(
        rule,
        at,
        (Some(contracts.0.span), Some(contracts.1.span)),
        format!(
            "the {what} of `{}` payloads is now {now} (was {was})",
            contracts.1.id
        ),
    )
    .values(Some(was.to_owned()), Some(now.to_owned()));
}

fn texts(at: &At, old: &Contract, new: &Contract, out: &mut Changes) {
    let spans = (old.span, new.span);
    let id = &new.id;
    out.text(
        Rule::ContractTitleChanged,
        at,
        spans,
        (&old.title, &new.title),
        || format!("the title of `{id}` changed"),
    );
    out.text(
        Rule::ContractDescriptionChanged,
        at,
        spans,
        (&old.description, &new.description),
        || format!("the description of `{id}` changed"),
    );
    let examples = |c: &Contract| {
        c.examples
            .iter()
            .map(|e| (e.title.clone(), e.request.clone(), e.response.clone()))
            .collect::<Vec<_>>()
    };
    out.text(
        Rule::ContractExamplesChanged,
        at,
        spans,
        (&examples(old), &examples(new)),
        || format!("the examples of `{id}` changed"),
    );
}

fn payload(pair: Pair<'_>, id: &str, old: &Payload, new: &Payload, out: &mut Changes) {
    let direction = new.direction;
    let element = element::payload(id, direction);
    let at = At::new(
        element.clone(),
        Owner::Contract(id.to_owned()),
        Usage::of(direction),
    );
    let what = format!("the {} of contract `{id}`", direction.as_str());
    out.text(
        Rule::PayloadDescriptionChanged,
        &at,
        (old.span, new.span),
        (&old.description, &new.description),
        || format!("the description of {what} changed"),
    );
    let fields = Fields {
        element,
        owner: Owner::Contract(id.to_owned()),
        usage: Usage::of(direction),
        what,
        spans: (old.span, new.span),
        strict_readers: new.unknown_fields == UnknownFields::Reject,
    };
    super::unknown_fields(
        &at,
        &fields.what,
        (old.span, new.span),
        (old.unknown_fields, new.unknown_fields),
        out,
    );
    fields::compare(pair, &fields, (&old.fields, &new.fields), out);
}
