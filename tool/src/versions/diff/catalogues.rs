//! Changes to catalogues and their codes, classified by where the contracts carry the codes.
//!
//! Codes are matched by the code sent on the wire; a removed and an added code with the same Rust name or label
//! are the same entry re-coded. Their order does not count.

use super::registry::format_name;
use super::usage::Usages;
use super::{At, Changes, Owner, Pair, Rule, TypeParts, TypeRules, element, legal};
use contracts_core::model::{Catalogue, Code, FieldType};
use contracts_core::source::Span;

pub(super) fn compare(pair: Pair<'_>, usages: &Usages, out: &mut Changes) {
    let (before, after) = (&pair.before.catalogues, &pair.after.catalogues);
    for (id, old) in before {
        let at = at(element::catalogue(id), id, usages);
        match after.get(id) {
            Some(new) => changed(usages, &at, old, new, out),
            None => {
                out.push(
                    Rule::CatalogueRemoved,
                    &at,
                    (Some(old.span), None),
                    format!("the catalogue `{id}` was removed"),
                );
            }
        }
    }
    for (id, new) in after.iter().filter(|(id, _)| !before.contains_key(*id)) {
        out.push(
            Rule::CatalogueAdded,
            &at(element::catalogue(id), id, usages),
            (None, Some(new.span)),
            format!("the catalogue `{id}` was added"),
        );
    }
}

fn at(element: String, catalogue: &str, usages: &Usages) -> At {
    At::new(
        element,
        Owner::Catalogue(catalogue.to_owned()),
        usages.catalogue(catalogue),
    )
}

/// The rules of what a catalogue shares with the other generated types.
const RULES: TypeRules = TypeRules {
    rust_name: Rule::CatalogueRustNameChanged,
    status: [
        Rule::CatalogueActivated,
        Rule::CatalogueDeprecated,
        Rule::CatalogueStatusChanged,
    ],
    label: Rule::CatalogueLabelChanged,
    description: Rule::CatalogueDescriptionChanged,
    legal: Rule::CatalogueLegalChanged,
};

fn changed(usages: &Usages, at: &At, old: &Catalogue, new: &Catalogue, out: &mut Changes) {
    let id = &new.id;
    let what = format!("the catalogue `{id}`");
    let spans = (old.span, new.span);
    let ty = FieldType::Code(id.clone());
    out.value(
        Rule::CatalogueFormatChanged,
        at,
        spans,
        (&old.format, &new.format),
        |format| format_name(&ty, *format),
        |was, now| format!("the codes of {what} now travel as `{now}` (was `{was}`)"),
    );
    out.type_parts(&RULES, at, spans, &what, (parts(old), parts(new)));
    variant_systems(usages, old, new, out);
    codes(usages, old, new, out);
}

fn variant_systems(usages: &Usages, old: &Catalogue, new: &Catalogue, out: &mut Changes) {
    let id = &new.id;
    for system in &old.variants {
        if !new.variants.iter().any(|s| s.id == system.id) {
            out.push(
                Rule::VariantSystemRemoved,
                &at(element::variant_system(id, &system.id), id, usages),
                (Some(old.span), Some(new.span)),
                format!(
                    "the catalogue `{id}` no longer maps the codes of `{}`",
                    system.id
                ),
            );
        }
    }
    for system in &new.variants {
        if !old.variants.iter().any(|s| s.id == system.id) {
            out.push(
                Rule::VariantSystemAdded,
                &at(element::variant_system(id, &system.id), id, usages),
                (Some(old.span), Some(new.span)),
                format!("the catalogue `{id}` now maps the codes of `{}`", system.id),
            );
        }
    }
}

fn codes(usages: &Usages, old: &Catalogue, new: &Catalogue, out: &mut Changes) {
    let id = &new.id;
    let mut unmatched_new: Vec<&Code> = new
        .codes
        .iter()
        .filter(|code| old.code(&code.code).is_none())
        .collect();
    for code in &old.codes {
        if let Some(now) = new.code(&code.code) {
            code_changed(usages, id, code, now, out);
            continue;
        }
        let same = |now: &&Code| now.rust_name == code.rust_name || now.label == code.label;
        if let Some(index) = unmatched_new.iter().position(same) {
            let now = unmatched_new.remove(index);
            out.push(
                Rule::CodeRecoded,
                &at(element::code(id, &now.code), id, usages),
                (Some(code.span), Some(now.span)),
                format!(
                    "the entry `{}` of `{id}` is now sent as `{}` (was `{}`)",
                    now.label.en_or_vi(),
                    now.code,
                    code.code
                ),
            )
            .values(Some(code.code.clone()), Some(now.code.clone()));
            code_changed(usages, id, code, now, out);
            continue;
        }
        out.push(
            Rule::CodeRemoved,
            &at(element::code(id, &code.code), id, usages),
            (Some(code.span), Some(new.span)),
            format!(
                "the code `{}` ({}) was removed from `{id}`",
                code.code,
                code.label.en_or_vi()
            ),
        );
    }
    for code in unmatched_new {
        out.push(
            Rule::CodeAdded,
            &at(element::code(id, &code.code), id, usages),
            (Some(old.span), Some(code.span)),
            format!(
                "`{id}` has a new code `{}` ({})",
                code.code,
                code.label.en_or_vi()
            ),
        );
    }
}

fn code_changed(usages: &Usages, catalogue: &str, old: &Code, new: &Code, out: &mut Changes) {
    let at = at(element::code(catalogue, &new.code), catalogue, usages);
    let what = format!("the code `{}` of `{catalogue}`", new.code);
    let spans = (old.span, new.span);
    out.value(
        Rule::CodeRustNameChanged,
        &at,
        spans,
        (&old.rust_name, &new.rust_name),
        String::clone,
        |was, now| format!("the Rust variant of {what} is now `{now}` (was `{was}`)"),
    );
    out.value(
        Rule::CodeRelabelled,
        &at,
        spans,
        (&old.label, &new.label),
        |label| format!("{} / {}", label.vi, label.en_or_vi()),
        |was, now| format!("{what} is now labelled “{now}” (was “{was}”)"),
    );
    out.text(
        Rule::CodeDescriptionChanged,
        &at,
        spans,
        (&old.description, &new.description),
        || format!("the description of {what} changed"),
    );
    aliases(&at, &what, spans, (&old.aliases, &new.aliases), out);
    legal::compare_refs(
        Rule::CodeLegalChanged,
        &at,
        spans,
        &what,
        (&old.legal, &new.legal),
        out,
    );
    deprecation(&at, &what, old, new, out);
    variants(&at, &what, old, new, out);
}

fn deprecation(at: &At, what: &str, old: &Code, new: &Code, out: &mut Changes) {
    let spans = (Some(old.span), Some(new.span));
    match (&old.deprecated, &new.deprecated) {
        (None, Some(now)) => {
            let instead = now
                .replaced_by
                .as_ref()
                .map(|code| format!("; send `{code}` instead"))
                .unwrap_or_default();
            out.push(
                Rule::CodeDeprecated,
                at,
                spans,
                format!("{what} is deprecated since {}{instead}", now.since),
            );
        }
        (Some(_), None) => {
            out.push(
                Rule::CodeUndeprecated,
                at,
                spans,
                format!("{what} is no longer deprecated"),
            );
        }
        (Some(was), Some(now)) if was.replaced_by != now.replaced_by => {
            let show = |code: &Option<String>| code.clone().unwrap_or_else(|| "none".to_owned());
            out.push(
                Rule::CodeReplacementChanged,
                at,
                spans,
                format!(
                    "{what} is now replaced by `{}` (was `{}`)",
                    show(&now.replaced_by),
                    show(&was.replaced_by)
                ),
            )
            .values(Some(show(&was.replaced_by)), Some(show(&now.replaced_by)));
        }
        _ => {}
    }
}

fn variants(at: &At, what: &str, old: &Code, new: &Code, out: &mut Changes) {
    let spans = (Some(old.span), Some(new.span));
    for (system, was) in &old.variants {
        match new.variants.get(system) {
            None => {
                out.push(
                    Rule::CodeVariantRemoved,
                    at,
                    spans,
                    format!("{what} no longer maps the `{system}` code `{was}`"),
                );
            }
            Some(now) if now != was => {
                out.push(
                    Rule::CodeVariantChanged,
                    at,
                    spans,
                    format!("{what} now maps the `{system}` code `{now}` (was `{was}`)"),
                )
                .values(Some(was.clone()), Some(now.clone()));
            }
            Some(_) => {}
        }
    }
    for (system, now) in &new.variants {
        if !old.variants.contains_key(system) {
            out.push(
                Rule::CodeVariantAdded,
                at,
                spans,
                format!("{what} now maps the `{system}` code `{now}`"),
            );
        }
    }
}

/// Each spelling readers now take as the code, and each they no longer take.
fn aliases(
    at: &At,
    what: &str,
    spans: (Span, Span),
    aliases: (&[String], &[String]),
    out: &mut Changes,
) {
    let (old, new) = aliases;
    for alias in new.iter().filter(|a| !old.contains(a)) {
        out.push(
            Rule::CodeAliasAdded,
            at,
            (Some(spans.0), Some(spans.1)),
            format!("readers now take `{alias}` as {what}"),
        )
        .values(None, Some(alias.clone()));
    }
    for alias in old.iter().filter(|a| !new.contains(a)) {
        out.push(
            Rule::CodeAliasRemoved,
            at,
            (Some(spans.0), Some(spans.1)),
            format!("readers no longer take `{alias}` as {what}"),
        )
        .values(Some(alias.clone()), None);
    }
}

fn parts(catalogue: &Catalogue) -> TypeParts<'_> {
    TypeParts {
        rust_name: &catalogue.rust_name,
        status: catalogue.status,
        label: &catalogue.label,
        description: &catalogue.description,
        legal: &catalogue.legal,
    }
}
