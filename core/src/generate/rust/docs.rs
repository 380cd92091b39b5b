//! Doc comments of the generated items: contract text made safe for a doc comment, and printed one line per
//! doc line, as `prettyplease` prints doc attributes, from one attribute per item.

use proc_macro2::{Literal, Span};

use super::syntax::ident;

/// Doc comment lines as attributes. They are built as syntax, not as tokens to parse: docs are a third of the
/// crate's text, and half of its lines.
pub(super) fn outer_docs(lines: &[String]) -> Vec<syn::Attribute> {
    doc_attributes(lines, || syn::AttrStyle::Outer)
}

pub(super) fn inner_docs(lines: &[String]) -> Vec<syn::Attribute> {
    doc_attributes(lines, || syn::AttrStyle::Inner(Default::default()))
}

/// The doc lines of an item as one attribute whose text is the lines joined by [`DOC_LINE`] after a
/// [`DOC_LINES`] mark; `prettyplease` prints it as one `///` line, which [`expand_docs`] then turns into one
/// `///` line per doc line, as `prettyplease` prints one doc attribute per line. Building and printing one
/// attribute instead of one per line is a quarter of the cost of the crate. The marks are control characters,
/// which no doc text holds ([`push_doc_safe`] writes them as `U+0001`).
fn doc_attributes(lines: &[String], style: fn() -> syn::AttrStyle) -> Vec<syn::Attribute> {
    if lines.is_empty() {
        return Vec::new();
    }
    let mut joined = String::with_capacity(lines.iter().map(|line| line.len() + 2).sum());
    joined.push(DOC_LINES);
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            joined.push(DOC_LINE);
        }
        push_doc_text(&mut joined, line);
    }
    vec![doc_attribute(style(), doc_literal(&joined))]
}

/// `#[doc = <text>]`, inner or outer.
fn doc_attribute(style: syn::AttrStyle, text: syn::Lit) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: ident("doc").into(),
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: text,
            }),
        }),
    }
}

/// Starts the text of a doc attribute that holds several lines.
const DOC_LINES: char = '\u{1}';
/// Separates the lines in such an attribute.
const DOC_LINE: char = '\u{2}';

/// `prettyplease`'s text with every doc attribute of several lines (see [`doc_attributes`]) written as one
/// `///` (or `//!`) line per doc line, each with the indentation of the attribute's own line.
pub(super) fn expand_docs(printed: String) -> String {
    let Some(first) = printed.find(DOC_LINES) else {
        return printed;
    };
    let mut out = String::with_capacity(printed.len() + printed.len() / 2);
    let (mut rest, mut at) = (printed.as_str(), first);
    loop {
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = rest[at..].find('\n').map_or(rest.len(), |i| at + i);
        out.push_str(&rest[..line_start]);
        let prefix = &rest[line_start..at];
        for doc in rest[at + DOC_LINES.len_utf8()..line_end].split(DOC_LINE) {
            out.push_str(prefix);
            out.push_str(doc);
            out.push('\n');
        }
        rest = rest.get(line_end + 1..).unwrap_or("");
        match rest.find(DOC_LINES) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// A doc line as a raw string literal (`r"..."`, with as many `#` as its text needs): the same doc comment as
/// an escaped literal, without escaping every character of the (mostly Vietnamese) text and then reading it back
/// when `prettyplease` prints it. `push_doc_text` leaves no carriage return, the only character a raw string cannot hold.
fn doc_literal(text: &str) -> syn::Lit {
    let hashes = "#".repeat(raw_hashes(text));
    let mut raw = String::with_capacity(text.len() + 3 + 2 * hashes.len());
    for part in ["r", &hashes, "\"", text, "\"", &hashes] {
        raw.push_str(part);
    }
    match raw.parse::<Literal>() {
        Ok(literal) => syn::Lit::new(literal),
        Err(_) => syn::Lit::Str(syn::LitStr::new(text, Span::call_site())),
    }
}

/// How many `#` a raw string of `text` needs: one more than the longest run of them after a `"` in it.
fn raw_hashes(text: &str) -> usize {
    text.match_indices('"')
        .map(|(at, _)| text[at + 1..].bytes().take_while(|&b| b == b'#').count() + 1)
        .max()
        .unwrap_or(0)
}

/// Puts `docs` before the other attributes of an item, field or variant.
pub(super) fn document(attrs: &mut Vec<syn::Attribute>, docs: Vec<syn::Attribute>) {
    attrs.splice(0..0, docs);
}

/// Writes one doc line into `out`: a leading space as `///` comments have, and no line breaks (a contract text with several
/// lines is joined, so that no line of it can start a code block). See [`push_doc_safe`] for the characters.
fn push_doc_text(out: &mut String, line: &str) {
    let parts = line.split(['\n', '\r']).map(str::trim);
    for part in parts.filter(|part| !part.is_empty()) {
        out.push(' ');
        push_doc_safe(out, part);
    }
}

/// Contract text made safe for a doc comment: `<` and `>` as entities (rustdoc would pass raw HTML through),
/// invisible or direction-changing characters shown as `U+XXXX` (rustc rejects direction overrides in
/// comments, and a reader should see them), and Markdown links neutralised outside code spans (see
/// [`push_unlinked`]).
fn push_doc_safe(out: &mut String, text: &str) {
    if !might_need_escaping(text) {
        out.push_str(text);
        return;
    }
    let spans = crate::markdown::code_spans(text);
    for (at, c) in text.char_indices() {
        let in_code = crate::markdown::within(&spans, at);
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if crate::markdown::is_hidden(c) => out.push_str(&format!("U+{:04X}", c as u32)),
            ']' if !in_code => push_unlinked(out, &text[at + 1..]),
            c => out.push(c),
        }
    }
}

/// A `]` outside code: the end of a link's text when `(` or `:` follows. A link to a Rust path (an intra-doc
/// link such as `[Validate](prelude::Validate)`) is kept; any other destination (`javascript:`, a URL) and any
/// link reference definition (`[x]: ...`) are written with the `(` or `:` escaped, so rustdoc shows the text.
fn push_unlinked(out: &mut String, after: &str) {
    out.push(']');
    let link = match after.as_bytes().first() {
        Some(b'(') => after[1..]
            .split_once(')')
            .is_none_or(|(destination, _)| !is_rust_path(destination)),
        Some(b':') => true,
        _ => false,
    };
    if link {
        out.push('\\');
    }
}

/// Whether `text` is a Rust path (`prelude::Validate`), as intra-doc links name items.
fn is_rust_path(text: &str) -> bool {
    !text.is_empty()
        && text.split("::").all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// Whether `text` may hold `<`, `>`, `]` or a [hidden](crate::markdown::is_hidden) character, judged by its bytes: ASCII controls
/// and the lead bytes of the UTF-8 encodings of the others (U+0080..U+009F, U+061C, U+2000..U+206F, U+FEFF). The
/// Vietnamese letters take other lead bytes, so most texts are copied without looking at their characters.
fn might_need_escaping(text: &str) -> bool {
    text.bytes()
        .any(|b| b < 0x20 || matches!(b, b'<' | b'>' | b']' | 0x7F | 0xC2 | 0xD8 | 0xE2 | 0xEF))
}

#[cfg(test)]
mod tests {
    use super::super::{parse_file, print};
    use super::*;
    use quote::quote;

    /// Docs of several lines, printed as one attribute and expanded, read exactly as one attribute per line
    /// printed by `prettyplease`: at the top of a file, on items, fields and variants, at every depth.
    #[test]
    fn links_in_contract_text_are_neutralised_outside_code() {
        let cases = [
            ("[x](javascript:alert(1))", "[x]\\(javascript:alert(1))"),
            ("[y]: javascript:alert(1)", "[y]\\: javascript:alert(1)"),
            ("[a](https://example.vn)", "[a]\\(https://example.vn)"),
            (
                "[`Validate`](prelude::Validate)",
                "[`Validate`](prelude::Validate)",
            ),
            ("pattern `^[A-Z](x)$`", "pattern `^[A-Z](x)$`"),
            (
                "unmatched ` [x](javascript:y)",
                "unmatched ` [x]\\(javascript:y)",
            ),
            ("``a`` [x](javascript:y)", "``a`` [x]\\(javascript:y)"),
            ("list[0] and x[]", "list[0] and x[]"),
            ("<b>\u{202E}", "&lt;b&gt;U+202E"),
        ];
        for (text, expected) in cases {
            let mut out = String::new();
            push_doc_safe(&mut out, text);
            assert_eq!(out, expected, "{text}");
        }
    }

    #[test]
    fn docs_print_as_one_attribute_per_line_would() {
        let lines: Vec<String> = [
            "Mã hồ sơ thủ tục hành chính",
            "",
            "Wire: `MaHoSo`, \"quoted\"# and r#\"raw\"#; a <b> tag",
            "two\nlines",
            "   padded   ",
        ]
        .map(String::from)
        .to_vec();
        let per_line = |style: fn() -> syn::AttrStyle| -> Vec<syn::Attribute> {
            lines
                .iter()
                .map(|line| {
                    let mut text = String::new();
                    push_doc_text(&mut text, line);
                    doc_attribute(
                        style(),
                        syn::Lit::Str(syn::LitStr::new(&text, Span::call_site())),
                    )
                })
                .collect()
        };
        let skeleton = parse_file(quote! {
            pub struct A { pub a: String, pub b: Option<String> }
            pub mod m { pub enum E { X, Y(String) } }
        });
        let document_all = |file: &mut syn::File, outer: &dyn Fn() -> Vec<syn::Attribute>| {
            for item in &mut file.items {
                match item {
                    syn::Item::Struct(item) => {
                        document(&mut item.attrs, outer());
                        for field in item.fields.iter_mut() {
                            document(&mut field.attrs, outer());
                        }
                    }
                    syn::Item::Mod(module) => {
                        for item in module.content.iter_mut().flat_map(|(_, items)| items) {
                            if let syn::Item::Enum(item) = item {
                                document(&mut item.attrs, outer());
                                for variant in &mut item.variants {
                                    document(&mut variant.attrs, outer());
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        };
        let (mut marked, mut plain) = (skeleton.clone(), skeleton);
        marked.attrs = inner_docs(&lines);
        plain.attrs = per_line(|| syn::AttrStyle::Inner(Default::default()));
        document_all(&mut marked, &|| outer_docs(&lines));
        document_all(&mut plain, &|| per_line(|| syn::AttrStyle::Outer));
        assert_eq!(print(&marked), prettyplease::unparse(&plain));
    }
}
