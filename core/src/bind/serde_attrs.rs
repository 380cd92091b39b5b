//! Serde's own attributes on a struct and its fields, read the way serde reads them.

use syn::{Attribute, Field, LitStr};

/// How serde names the fields of a struct: `#[serde(rename_all = "...")]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenameRule {
    None,
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    fn parse(name: &LitStr) -> syn::Result<Self> {
        Ok(match name.value().as_str() {
            "lowercase" => RenameRule::Lower,
            "UPPERCASE" => RenameRule::Upper,
            "PascalCase" => RenameRule::Pascal,
            "camelCase" => RenameRule::Camel,
            "snake_case" => RenameRule::Snake,
            "SCREAMING_SNAKE_CASE" => RenameRule::ScreamingSnake,
            "kebab-case" => RenameRule::Kebab,
            "SCREAMING-KEBAB-CASE" => RenameRule::ScreamingKebab,
            other => {
                return Err(syn::Error::new_spanned(
                    name,
                    format!("unknown serde rename rule `{other}`"),
                ));
            }
        })
    }

    /// The wire name of a field, exactly as serde derives it from the Rust name.
    pub fn apply(self, field: &str) -> String {
        match self {
            RenameRule::None | RenameRule::Snake => field.to_owned(),
            RenameRule::Lower => field.to_ascii_lowercase(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => field
                .split('_')
                .map(|part| {
                    let mut chars = part.chars();
                    chars.next().map_or_else(String::new, |first| {
                        first.to_ascii_uppercase().to_string() + chars.as_str()
                    })
                })
                .collect(),
            RenameRule::Camel => {
                let pascal = RenameRule::Pascal.apply(field);
                let mut chars = pascal.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

/// What serde says about the struct as a whole.
#[derive(Debug)]
pub struct Container {
    pub rename_all: RenameRule,
    /// `#[serde(crate = "...")]`, `default` and the like are irrelevant to the mapping and skipped.
    pub deny_unknown_fields: bool,
}

/// What serde says about one field.
#[derive(Debug, Default)]
pub struct FieldAttrs {
    pub rename: Option<String>,
    /// Where the `rename` text is written, for errors about it.
    pub rename_span: Option<proc_macro2::Span>,
    pub skip: bool,
    pub flatten: bool,
    /// `with`, `serialize_with` or `deserialize_with`: the field converts its own wire form.
    pub converts: bool,
    pub default: bool,
    /// `skip_serializing_if = "..."`: the field is left out (rather than sent as `null`) when empty.
    pub skips_when_empty: bool,
}

pub fn container(attrs: &[Attribute]) -> syn::Result<Container> {
    let mut container = Container {
        rename_all: RenameRule::None,
        deny_unknown_fields: false,
    };
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                container.rename_all = one_name(&meta, RenameRule::parse)?;
            } else if meta.path.is_ident("deny_unknown_fields") {
                container.deny_unknown_fields = true;
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        })?;
    }
    Ok(container)
}

pub fn field(field: &Field) -> syn::Result<FieldAttrs> {
    let mut attrs = FieldAttrs::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let path = &meta.path;
            if path.is_ident("rename") {
                let (name, span) = one_name(&meta, |lit| Ok((lit.value(), lit.span())))?;
                attrs.rename = Some(name);
                attrs.rename_span = Some(span);
            } else if path.is_ident("skip") {
                attrs.skip = true;
            } else if path.is_ident("skip_serializing") || path.is_ident("skip_deserializing") {
                return Err(meta.error(
                    "a field skipped in only one direction cannot be bound to a contract; use `skip`, or keep it in both",
                ));
            } else if path.is_ident("flatten") {
                attrs.flatten = true;
            } else if path.is_ident("with")
                || path.is_ident("serialize_with")
                || path.is_ident("deserialize_with")
            {
                attrs.converts = true;
                skip_value(&meta)?;
            } else if path.is_ident("default") {
                attrs.default = true;
                skip_value(&meta)?;
            } else if path.is_ident("skip_serializing_if") {
                attrs.skips_when_empty = true;
                skip_value(&meta)?;
            } else {
                skip_value(&meta)?;
            }
            Ok(())
        })?;
    }
    Ok(attrs)
}

/// `name = "x"`, or `name(serialize = "x", deserialize = "x")` where both must agree: a contract has one
/// wire name for both directions.
fn one_name<T>(
    meta: &syn::meta::ParseNestedMeta,
    parse: impl Fn(&LitStr) -> syn::Result<T>,
) -> syn::Result<T> {
    if meta.input.peek(syn::Token![=]) {
        return parse(&meta.value()?.parse::<LitStr>()?);
    }
    let mut serialize: Option<LitStr> = None;
    let mut deserialize: Option<LitStr> = None;
    meta.parse_nested_meta(|inner| {
        let value: LitStr = inner.value()?.parse()?;
        if inner.path.is_ident("serialize") {
            serialize = Some(value);
        } else if inner.path.is_ident("deserialize") {
            deserialize = Some(value);
        }
        Ok(())
    })?;
    match (serialize, deserialize) {
        (Some(s), Some(d)) if s.value() == d.value() => parse(&s),
        (Some(s), None) | (None, Some(s)) => Err(syn::Error::new_spanned(
            &s,
            "the contract has one wire name for both directions: give `serialize` and `deserialize` the same value, or use `rename = \"...\"`",
        )),
        (Some(s), Some(_)) => Err(syn::Error::new_spanned(
            &s,
            "the contract has one wire name for both directions: `serialize` and `deserialize` differ",
        )),
        (None, None) => Err(meta.error("expected a name")),
    }
}

/// Skips `= value` or `(...)` after an attribute we do not interpret.
fn skip_value(meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rename_rules_match_serde() {
        let cases = [
            (RenameRule::Pascal, "ma_ho_so", "MaHoSo"),
            (RenameRule::Camel, "is_updating", "isUpdating"),
            (RenameRule::Upper, "matthc", "MATTHC"),
            (RenameRule::ScreamingSnake, "ma_ho_so", "MA_HO_SO"),
            (RenameRule::Kebab, "ma_ho_so", "ma-ho-so"),
            (RenameRule::ScreamingKebab, "ma_ho_so", "MA-HO-SO"),
            (RenameRule::Lower, "MaHoSo", "mahoso"),
            (RenameRule::None, "error_code", "error_code"),
        ];
        for (rule, field, wire) in cases {
            assert_eq!(rule.apply(field), wire, "{rule:?}");
        }
    }
}
