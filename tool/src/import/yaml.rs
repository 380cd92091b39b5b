//! A small YAML writer for drafts: block mappings and lists, comments after a key or on lines of their own, and
//! every text double-quoted with its specials escaped, so that no text of the source can become YAML structure.
//!
//! `serde_saphyr` writes comments only with its `comments` feature, which would also make the workspace's
//! loader capture comments while it parses every contract; a writer of our own keeps the loader as it is.

use std::fmt::Write;

use serde_json::Value;

/// A YAML value to write.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A text: always double-quoted.
    Text(String),
    /// A keyword, id or number-like word (`proposal`, `POST`, `yyyyMMddHHmmss`): plain where YAML reads it back
    /// as the same string, double-quoted otherwise.
    Word(String),
    Number(serde_json::Number),
    Bool(bool),
    Null,
    Map(Vec<Item>),
    List(Vec<Node>),
    /// A list of words written on one line: `[label-en, legal]`.
    Flow(Vec<String>),
}

/// An entry of a mapping, or a comment line among its entries.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Entry {
        key: String,
        value: Node,
        comment: Option<String>,
    },
    Comment(String),
}

impl Item {
    pub fn entry(key: impl Into<String>, value: Node) -> Self {
        Item::Entry {
            key: key.into(),
            value,
            comment: None,
        }
    }

    pub fn commented(key: impl Into<String>, value: Node, comment: Option<String>) -> Self {
        Item::Entry {
            key: key.into(),
            value,
            comment,
        }
    }
}

impl Node {
    pub fn text(text: impl Into<String>) -> Self {
        Node::Text(text.into())
    }

    pub fn word(word: impl Into<String>) -> Self {
        Node::Word(word.into())
    }

    /// A JSON value (an example) as YAML: the same value when read back.
    pub fn json(value: &Value) -> Self {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::Text(s.clone()),
            Value::Array(items) => Node::List(items.iter().map(Node::json).collect()),
            Value::Object(map) => Node::Map(
                map.iter()
                    .map(|(k, v)| Item::entry(k.clone(), Node::json(v)))
                    .collect(),
            ),
        }
    }

    /// A float bound (`min`, `max`) as a YAML number.
    pub fn float(value: f64) -> Self {
        serde_json::Number::from_f64(value).map_or(Node::Null, Node::Number)
    }
}

/// The document: comment lines, then the mapping.
pub fn document(header: &[String], body: &[Item]) -> String {
    let mut out = String::new();
    for line in header {
        let _ = writeln!(out, "# {}", one_line(line));
    }
    write_items(&mut out, body, 0);
    out
}

/// A JSON object written as a YAML document (its keys in order, every string quoted).
pub fn from_json(value: &Value) -> String {
    match Node::json(value) {
        Node::Map(items) => document(&[], &items),
        other => format!("{}\n", scalar_text(&other)),
    }
}

fn write_items(out: &mut String, items: &[Item], indent: usize) {
    for (index, item) in items.iter().enumerate() {
        // The first entry of a list item sits on the dash's line; the others are indented.
        let pad = if index == 0 && out.ends_with("- ") {
            String::new()
        } else {
            " ".repeat(indent)
        };
        match item {
            Item::Comment(text) => {
                if pad.is_empty() {
                    // A comment cannot follow the dash; open the item with a line of its own.
                    out.push('\n');
                    let _ = writeln!(out, "{}# {}", " ".repeat(indent), one_line(text));
                } else {
                    let _ = writeln!(out, "{pad}# {}", one_line(text));
                }
            }
            Item::Entry {
                key,
                value,
                comment,
            } => {
                let _ = write!(out, "{pad}{}:", key_text(key));
                write_value(out, value, indent, comment.as_deref());
            }
        }
    }
}

/// Writes the value after `key:` (or after `- `), and the comment.
fn write_value(out: &mut String, value: &Node, indent: usize, comment: Option<&str>) {
    let tail = |out: &mut String| {
        if let Some(comment) = comment {
            let _ = write!(out, "  # {}", one_line(comment));
        }
        out.push('\n');
    };
    match value {
        Node::Map(items) if items.iter().any(|i| matches!(i, Item::Entry { .. })) => {
            tail(out);
            write_items(out, items, indent + 2);
        }
        Node::List(items) if !items.is_empty() => {
            tail(out);
            for item in items {
                let _ = write!(out, "{}-", " ".repeat(indent + 2));
                write_list_item(out, item, indent + 2);
            }
        }
        other => {
            let _ = write!(out, " {}", scalar_text(other));
            tail(out);
        }
    }
}

fn write_list_item(out: &mut String, item: &Node, indent: usize) {
    match item {
        Node::Map(items) if items.iter().any(|i| matches!(i, Item::Entry { .. })) => {
            out.push(' ');
            write_items(out, items, indent + 2);
        }
        Node::List(items) if !items.is_empty() => {
            out.push('\n');
            for nested in items {
                let _ = write!(out, "{}-", " ".repeat(indent + 2));
                write_list_item(out, nested, indent + 2);
            }
        }
        other => {
            let _ = writeln!(out, " {}", scalar_text(other));
        }
    }
}

/// A value written on one line.
fn scalar_text(node: &Node) -> String {
    match node {
        Node::Text(text) => quoted(text),
        Node::Word(word) => word_text(word),
        Node::Number(n) => n.to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Null => "null".to_owned(),
        Node::Map(_) => "{}".to_owned(),
        Node::List(_) => "[]".to_owned(),
        Node::Flow(words) => {
            let words: Vec<String> = words.iter().map(|w| word_text(w)).collect();
            format!("[{}]", words.join(", "))
        }
    }
}

/// Words YAML reads as something other than a string, in any letter case.
const SPECIAL_WORDS: &[&str] = &[
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf",
];

/// Whether YAML reads `word` written plain as exactly that string, with no other meaning.
fn plain_is_safe(word: &str, extra: &[char]) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || extra.contains(&c))
        && !SPECIAL_WORDS.contains(&word.to_ascii_lowercase().as_str())
}

fn key_text(key: &str) -> String {
    if plain_is_safe(key, &[]) {
        key.to_owned()
    } else {
        quoted(key)
    }
}

fn word_text(word: &str) -> String {
    if plain_is_safe(word, &['.']) {
        word.to_owned()
    } else {
        quoted(word)
    }
}

/// A double-quoted YAML string: backslash, quote, line breaks, control and invisible line-separating characters
/// escaped; everything else as it is.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment's text on one line, without control characters.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_quoted_and_escaped() {
        for (text, written) in [
            ("plain", "\"plain\""),
            ("a\"b", "\"a\\\"b\""),
            ("line\nbreak", "\"line\\nbreak\""),
            ("back\\slash", "\"back\\\\slash\""),
            ("\u{2028}", "\"\\u2028\""),
            ("\u{7}", "\"\\u0007\""),
            ("Đồng bộ", "\"Đồng bộ\""),
        ] {
            assert_eq!(quoted(text), written);
        }
    }

    #[test]
    fn words_are_plain_only_where_yaml_keeps_them() {
        assert_eq!(word_text("proposal"), "proposal");
        assert_eq!(word_text("yyyyMMddHHmmss"), "yyyyMMddHHmmss");
        assert_eq!(word_text("True/False"), "\"True/False\"");
        assert_eq!(word_text("yes"), "\"yes\"");
        assert_eq!(word_text("0.1.0"), "\"0.1.0\"");
        assert_eq!(key_text("MaHoSo"), "MaHoSo");
        assert_eq!(key_text("10"), "\"10\"");
        assert_eq!(key_text("$ref"), "\"$ref\"");
        assert_eq!(key_text("On"), "\"On\"");
    }

    #[test]
    fn writes_nested_maps_lists_and_comments() {
        let body = vec![Item::entry(
            "record",
            Node::Map(vec![
                Item::entry("id", Node::word("pet")),
                Item::commented(
                    "label",
                    Node::Map(vec![Item::entry("en", Node::text("Pet"))]),
                    Some("from the title".to_owned()),
                ),
                Item::Comment("skipped: `extra`\nnot a wire name".to_owned()),
                Item::entry("review", Node::Flow(vec!["label-vi".to_owned()])),
                Item::entry(
                    "example",
                    Node::json(&serde_json::json!([{"a": 1, "b": [true, null]}, [], "x"])),
                ),
                Item::entry("empty", Node::Map(Vec::new())),
            ]),
        )];
        let text = document(&["header".to_owned()], &body);
        assert_eq!(
            text,
            "# header\nrecord:\n  id: pet\n  label:  # from the title\n    en: \"Pet\"\n  # skipped: `extra` not a wire name\n  review: [label-vi]\n  example:\n    - a: 1\n      b:\n        - true\n        - null\n    - []\n    - \"x\"\n  empty: {}\n"
        );
    }
}
