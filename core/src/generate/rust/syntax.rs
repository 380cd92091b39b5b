//! Syntax trees built directly, for what every generated item repeats: paths, calls, arrays, literals, types.
//!
//! Building them costs a fraction of writing the same code as tokens and parsing it, which matters for the
//! thousands of fields of a large registry; the tests check that each prints as the code it stands for.

use proc_macro2::{Ident, Literal, Span};

/// A path type, with one generic argument on its last segment: `runtime::wire::CodeAsString<X>`.
pub(super) fn type_path(segments: &[&str], argument: Option<syn::Type>) -> syn::Type {
    let mut path = path_of(segments);
    if let (Some(argument), Some(last)) = (argument, path.segments.last_mut()) {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: std::iter::once(syn::GenericArgument::Type(argument)).collect(),
            gt_token: Default::default(),
        });
    }
    syn::Type::Path(syn::TypePath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

pub(super) fn path_of(segments: &[&str]) -> syn::Path {
    syn::Path {
        leading_colon: None,
        segments: segments
            .iter()
            .map(|segment| syn::PathSegment::from(ident(segment)))
            .collect(),
    }
}

/// `self.<name>`.
pub(super) fn self_field(name: &str) -> syn::Expr {
    syn::Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(path_expr(&["self"])),
        dot_token: Default::default(),
        member: syn::Member::Named(ident(name)),
    })
}

pub(super) fn path_expr(segments: &[&str]) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: path_of(segments),
    })
}

pub(super) fn call(function: syn::Expr, args: impl IntoIterator<Item = syn::Expr>) -> syn::Expr {
    syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(function),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

pub(super) fn method_call(
    receiver: syn::Expr,
    method: &str,
    args: impl IntoIterator<Item = syn::Expr>,
) -> syn::Expr {
    syn::Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

pub(super) fn array(elements: impl IntoIterator<Item = syn::Expr>) -> syn::Expr {
    syn::Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: elements.into_iter().collect(),
    })
}

pub(super) fn reference(expr: syn::Expr) -> syn::Expr {
    syn::Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

pub(super) fn string_expr(text: &str) -> syn::Expr {
    literal_expr(string_literal(text))
}

/// `text` as a string literal, exactly as `Literal::string` writes it. A text of characters that literal writes
/// as they are (printable ASCII but `"` and `\`, and the Latin letters Vietnamese is written in) is quoted as
/// it is, which is much cheaper than escaping it character by character.
pub(super) fn string_literal(text: &str) -> Literal {
    let verbatim = |c: char| {
        matches!(c, ' '..='~' if c != '"' && c != '\\')
            || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
    };
    if text.chars().all(verbatim)
        && let Ok(literal) = format!("\"{text}\"").parse::<Literal>()
    {
        return literal;
    }
    Literal::string(text)
}

pub(super) fn literal_expr(literal: Literal) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(literal),
    })
}

pub(super) fn f64_expr(value: f64) -> syn::Expr {
    let magnitude = literal_expr(Literal::f64_unsuffixed(value.abs()));
    if value.is_sign_negative() {
        syn::Expr::Unary(syn::ExprUnary {
            attrs: Vec::new(),
            op: syn::UnOp::Neg(Default::default()),
            expr: Box::new(magnitude),
        })
    } else {
        magnitude
    }
}

/// An identifier for a name `resolve` checked (ASCII, not a keyword).
pub(super) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::super::parse_file;
    use super::*;
    use quote::quote;

    /// Quoting a text as it is must give exactly the literal that escaping it gives.
    #[test]
    fn string_literals_quoted_as_they_are_read_as_escaped_ones() {
        let ranges = [' '..='~', '\u{00A0}'..='\u{02FF}', '\u{1DC0}'..='\u{1FFF}'];
        let mut texts: Vec<String> = ranges.into_iter().flatten().map(String::from).collect();
        texts.extend(
            [
                "Mã hồ sơ thủ tục hành chính",
                "Trạng thái \"đã tiếp nhận\"",
                "a\\b",
                "line\nbreak",
                "e\u{301} combining",
                "",
            ]
            .map(String::from),
        );
        for text in texts {
            assert_eq!(
                string_literal(&text).to_string(),
                Literal::string(&text).to_string(),
                "{text:?}"
            );
        }
    }

    /// Rules are built as syntax: they must print as the same code written out and parsed would.
    #[test]
    fn expressions_built_as_syntax_print_as_the_code_they_stand_for() {
        let cases = [
            (f64_expr(-1.5), "-1.5"),
            (f64_expr(0.0), "0.0"),
            (f64_expr(100000.0), "100000.0"),
            (
                method_call(
                    call(
                        path_expr(&["runtime", "FieldRule", "new"]),
                        [string_expr("Mã \"hồ sơ\""), reference(array([]))],
                    ),
                    "min",
                    [f64_expr(-2.0)],
                ),
                r#"runtime::FieldRule::new("Mã \"hồ sơ\"", &[]).min(-2.0)"#,
            ),
        ];
        for (built, written) in cases {
            let parsed: syn::Expr =
                syn::parse_str(written).unwrap_or_else(|e| panic!("{written}: {e}"));
            let print = |expr: syn::Expr| {
                let mut file = parse_file(quote!(
                    const X: () = 0;
                ));
                if let Some(syn::Item::Const(item)) = file.items.first_mut() {
                    *item.expr = expr;
                }
                prettyplease::unparse(&file)
            };
            assert_eq!(print(built), print(parsed), "{written}");
        }
    }
}
