//! Changes to owners, databases, their attributes and reuse declarations, and to who keeps each element.
//!
//! Database attributes are read by the systems that use them, so they are classified like a response. A reuse
//! declaration is compared component by component: a component that is no longer replaced sends citizens back
//! to the paper.

use std::collections::BTreeMap;

use super::registry::format_name;
use super::{At, Changes, Owner, Pair, Rule, Usage, element, legal_text};
use contracts_core::model::{Component, Database, Field, Registry, Reuse};
use contracts_core::source::Span;

pub(super) fn compare(pair: Pair<'_>, out: &mut Changes) {
    owners(pair, out);
    element_owners(pair, out);
    databases(pair, out);
    reuses(pair, out);
}

fn owners(pair: Pair<'_>, out: &mut Changes) {
    let (before, after) = (&pair.before.owners, &pair.after.owners);
    for (id, old) in before {
        let at = At::new(element::owner(id), Owner::Agency(id.clone()), Usage::BOTH);
        let Some(new) = after.get(id) else {
            out.push(
                Rule::OwnerRemoved,
                &at,
                (Some(old.span), None),
                format!("the owner `{id}` was removed"),
            );
            continue;
        };
        let details = |o: &contracts_core::model::Owner| {
            (
                o.code.clone(),
                o.name.clone(),
                o.status,
                o.description.clone(),
                o.successor.clone(),
                (
                    o.contact.unit.clone(),
                    o.contact.email.clone(),
                    o.contact.phone.clone(),
                    o.contact.url.clone(),
                ),
            )
        };
        out.text(
            Rule::OwnerDetailsChanged,
            &at,
            (old.span, new.span),
            (&details(old), &details(new)),
            || format!("the details of the owner `{id}` changed"),
        );
    }
    for (id, new) in after.iter().filter(|(id, _)| !before.contains_key(*id)) {
        out.push(
            Rule::OwnerAdded,
            &At::new(element::owner(id), Owner::Agency(id.clone()), Usage::BOTH),
            (None, Some(new.span)),
            format!("the owner `{id}` was added"),
        );
    }
}

/// Every element that names an owner on both sides: its name, versioning owner, owner id and span.
fn owned(registry: &Registry) -> Vec<(String, Owner, Option<&str>, Span)> {
    let mut out = Vec::new();
    for (id, c) in &registry.catalogues {
        let owner = Owner::Catalogue(id.clone());
        out.push((element::catalogue(id), owner, c.owner.as_deref(), c.span));
    }
    for (id, r) in &registry.records {
        let owner = Owner::Record(id.clone());
        out.push((element::record(id), owner, r.owner.as_deref(), r.span));
    }
    for (id, c) in &registry.contracts {
        let owner = Owner::Contract(id.clone());
        out.push((element::contract(id), owner, c.owner.as_deref(), c.span));
    }
    for (id, d) in &registry.databases {
        let owner = Owner::Database(id.clone());
        out.push((element::database(id), owner, Some(d.owner.as_str()), d.span));
    }
    for (id, r) in &registry.reuses {
        let owner = Owner::Reuse(id.clone());
        out.push((format!("reuse:{id}"), owner, Some(r.owner.as_str()), r.span));
    }
    out
}

fn element_owners(pair: Pair<'_>, out: &mut Changes) {
    let after: BTreeMap<String, (Option<&str>, Span)> = owned(pair.after)
        .into_iter()
        .map(|(name, _, owner, span)| (name, (owner, span)))
        .collect();
    for (name, owner, was, old_span) in owned(pair.before) {
        let Some((now, new_span)) = after.get(&name) else {
            continue;
        };
        let at = At::new(name.clone(), owner, Usage::BOTH);
        let show = |o: &Option<&str>| o.unwrap_or("none").to_owned();
        // Naming the owner of an element that had none changes nothing for the systems that use it.
        let rule = if was.is_none() {
            Rule::OwnerAssigned
        } else {
            Rule::OwnerChanged
        };
        out.value(
            rule,
            &at,
            (old_span, *new_span),
            (&was, now),
            show,
            |was, now| format!("`{name}` is now kept by `{now}` (was `{was}`)"),
        );
    }
}

fn databases(pair: Pair<'_>, out: &mut Changes) {
    let (before, after) = (&pair.before.databases, &pair.after.databases);
    for (id, old) in before {
        let at = database_at(id, element::database(id));
        match after.get(id) {
            Some(new) => database_changed(&at, old, new, out),
            None => {
                out.push(
                    Rule::DatabaseRemoved,
                    &at,
                    (Some(old.span), None),
                    format!("the database `{id}` was removed"),
                );
            }
        }
    }
    for (id, new) in after.iter().filter(|(id, _)| !before.contains_key(*id)) {
        out.push(
            Rule::DatabaseAdded,
            &database_at(id, element::database(id)),
            (None, Some(new.span)),
            format!("the database `{id}` was added"),
        );
    }
}

fn database_at(id: &str, element: String) -> At {
    At::new(element, Owner::Database(id.to_owned()), Usage::RESPONSE)
}

fn database_changed(at: &At, old: &Database, new: &Database, out: &mut Changes) {
    let id = &new.id;
    let what = format!("the database `{id}`");
    let spans = (old.span, new.span);
    out.value(
        Rule::DatabaseStatusChanged,
        at,
        spans,
        (&old.status, &new.status),
        |s| s.as_str().to_owned(),
        |was, now| format!("{what} is now {now} (was {was})"),
    );
    out.text(
        Rule::DatabaseAccessChanged,
        at,
        spans,
        (&old.access, &new.access),
        || format!("the access conditions of {what} changed"),
    );
    let services = |d: &Database| -> Vec<String> {
        let mut list: Vec<String> = d.services.iter().map(|s| s.operation.clone()).collect();
        list.sort();
        list
    };
    out.value(
        Rule::DatabaseServicesChanged,
        at,
        spans,
        (&services(old), &services(new)),
        |list| list.join(", "),
        |was, now| format!("the NDXP services of {what} are now [{now}] (were [{was}])"),
    );
    let text = |d: &Database| {
        (
            d.name.clone(),
            d.description.clone(),
            d.ndxp.clone(),
            super::legal_list(&d.legal),
        )
    };
    out.text(
        Rule::DatabaseTextChanged,
        at,
        spans,
        (&text(old), &text(new)),
        || format!("the name, description, legal basis or NDXP row of {what} changed"),
    );
    attributes(old, new, out);
}

fn attributes(old: &Database, new: &Database, out: &mut Changes) {
    let id = &new.id;
    for attribute in &old.attributes {
        let at = database_at(id, element::attribute(id, &attribute.wire_name));
        match new.attribute(&attribute.wire_name) {
            Some(kept) => attribute_changed(&at, id, attribute, kept, out),
            None => {
                out.push(
                    Rule::AttributeRemoved,
                    &at,
                    (Some(attribute.span), None),
                    format!(
                        "the attribute `{}` of the database `{id}` was removed: forms it pre-filled must ask for it",
                        attribute.wire_name
                    ),
                );
            }
        }
    }
    for attribute in &new.attributes {
        if old.attribute(&attribute.wire_name).is_none() {
            out.push(
                Rule::AttributeAdded,
                &database_at(id, element::attribute(id, &attribute.wire_name)),
                (None, Some(attribute.span)),
                format!(
                    "the attribute `{}` of the database `{id}` was published",
                    attribute.wire_name
                ),
            );
        }
    }
}

fn attribute_changed(at: &At, database: &str, old: &Field, new: &Field, out: &mut Changes) {
    let what = format!(
        "the attribute `{}` of the database `{database}`",
        new.wire_name
    );
    let spans = (old.span, new.span);
    let shape = |f: &Field| {
        let list = if f.list.is_some() { "list of " } else { "" };
        format!(
            "{list}{} ({})",
            f.ty.describe(),
            format_name(&f.ty, f.format)
        )
    };
    out.value(
        Rule::AttributeRetyped,
        at,
        spans,
        (&shape(old), &shape(new)),
        String::clone,
        |was, now| format!("{what} is now a {now} (was a {was})"),
    );
    let rules = |f: &Field| {
        (
            f.constraints.clone(),
            f.list,
            f.required,
            f.personal_data,
            f.status,
            f.identifier.clone(),
        )
    };
    out.text(
        Rule::AttributeConstraintsChanged,
        at,
        spans,
        (&rules(old), &rules(new)),
        || format!("the constraints, presence, personal-data class or status of {what} changed"),
    );
    let text = |f: &Field| {
        (
            f.label.clone(),
            f.description.clone(),
            f.example.clone(),
            super::legal_list(&f.legal),
        )
    };
    out.text(
        Rule::AttributeTextChanged,
        at,
        spans,
        (&text(old), &text(new)),
        || format!("the label, description, example or legal basis of {what} changed"),
    );
}

fn reuses(pair: Pair<'_>, out: &mut Changes) {
    let empty = Vec::new();
    let ids = pair.before.reuses.keys().chain(
        pair.after
            .reuses
            .keys()
            .filter(|id| !pair.before.reuses.contains_key(*id)),
    );
    for id in ids {
        let old = pair.before.reuses.get(id);
        let new = pair.after.reuses.get(id);
        let old_components = old.map_or(&empty, |r| &r.components);
        let new_components = new.map_or(&empty, |r| &r.components);
        for component in old_components {
            let at = reuse_at(id, &component.id);
            match new_components.iter().find(|c| c.id == component.id) {
                Some(kept) => component_changed(&at, (old, new), component, kept, out),
                None => withdrawn(&at, old, component, out),
            }
        }
        for component in new_components {
            if !old_components.iter().any(|c| c.id == component.id) {
                added(&reuse_at(id, &component.id), new, component, out);
            }
        }
    }
}

fn reuse_at(reuse: &str, component: &str) -> At {
    At::new(
        element::component(reuse, component),
        Owner::Reuse(reuse.to_owned()),
        Usage::BOTH,
    )
}

/// `"Bản sao ..." of procedure 1.001234`.
fn describe(reuse: Option<&Reuse>, component: &Component) -> String {
    let procedure = reuse.map_or("?", |r| r.procedure.as_str());
    format!(
        "the dossier component `{}` of procedure {procedure}",
        component.name.en_or_vi()
    )
}

fn withdrawn(at: &At, reuse: Option<&Reuse>, component: &Component, out: &mut Changes) {
    out.push(
        Rule::ReuseWithdrawn,
        at,
        (Some(component.span), None),
        format!(
            "{} is no longer replaced by database attributes: citizens must submit it again",
            describe(reuse, component)
        ),
    );
}

fn added(at: &At, reuse: Option<&Reuse>, component: &Component, out: &mut Changes) {
    let attributes: Vec<String> = component
        .replaced_by
        .iter()
        .map(ToString::to_string)
        .collect();
    out.push(
        Rule::ReuseAdded,
        at,
        (None, Some(component.span)),
        format!(
            "{} is replaced by {} from {}",
            describe(reuse, component),
            attributes.join(", "),
            component.from
        ),
    );
}

fn component_changed(
    at: &At,
    reuses: (Option<&Reuse>, Option<&Reuse>),
    old: &Component,
    new: &Component,
    out: &mut Changes,
) {
    let what = describe(reuses.1, new);
    let spans = (old.span, new.span);
    let attributes = |c: &Component| {
        let mut list: Vec<String> = c.replaced_by.iter().map(ToString::to_string).collect();
        list.sort();
        list
    };
    out.value(
        Rule::ReuseAttributesChanged,
        at,
        spans,
        (&attributes(old), &attributes(new)),
        |list| list.join(", "),
        |was, now| format!("{what} is now replaced by [{now}] (was [{was}])"),
    );
    let status = |r: Option<&Reuse>| r.map_or("none", |r| r.status.as_str());
    let decision = |c: &Component, r: Option<&Reuse>| {
        format!(
            "{} from {} ({})",
            legal_text(&c.decision),
            c.from,
            status(r)
        )
    };
    out.value(
        Rule::ReuseDecisionChanged,
        at,
        spans,
        (&decision(old, reuses.0), &decision(new, reuses.1)),
        String::clone,
        |was, now| format!("{what} is now replaced under {now} (was {was})"),
    );
    let text = |c: &Component, r: Option<&Reuse>| {
        (
            c.name.clone(),
            c.note.clone(),
            r.map(|r| (r.procedure_name.clone(), r.description.clone())),
        )
    };
    out.text(
        Rule::ReuseTextChanged,
        at,
        spans,
        (&text(old, reuses.0), &text(new, reuses.1)),
        || format!("the names, description or note of {what} changed"),
    );
}
