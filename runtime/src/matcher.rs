//! Patterns compiled as JSON Schema reads them (ECMA-262), matched directly when they are plain runs of classes.

use std::borrow::Cow;

use regex::Regex;

use crate::sequence::Sequence;

/// A compiled pattern, read as JSON Schema reads it (ECMA-262): `\d`, `\w` and their negations are ASCII
/// classes there, as in every JSON Schema validator, while the `regex` crate would take them as Unicode classes
/// and let `١٢٣` pass for digits. Patterns that are plain runs of classes are matched directly.
#[derive(Debug)]
pub struct Matcher {
    regex: Regex,
    sequence: Option<Sequence>,
}

impl Matcher {
    pub fn new(source: &str) -> Result<Matcher, regex::Error> {
        let source = ecma_classes(source);
        let regex = Regex::new(&source)?;
        Ok(Matcher {
            sequence: Sequence::of(&source),
            regex,
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        match &self.sequence {
            Some(sequence) => sequence.is_match(text),
            None => self.regex.is_match(text),
        }
    }
}

/// `source` with the ASCII meaning of `\d`, `\D`, `\w` and `\W` written out, inside a class or out of one
/// (classes nest in the `regex` crate's syntax); every other escape is kept as written.
fn ecma_classes(source: &str) -> Cow<'_, str> {
    if !source.contains('\\') {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len() + 16);
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some('w') => out.push_str("[0-9A-Za-z_]"),
            Some('W') => out.push_str("[^0-9A-Za-z_]"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}
