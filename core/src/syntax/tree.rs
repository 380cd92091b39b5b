//! The fast way in: one pass of the YAML parser into a positioned tree, read back into the typed documents.
//!
//! [`read`] builds the tree straight from the parser's events and hands it to the same `Deserialize` impls as
//! `serde_saphyr` does, reproducing its reading of every scalar. It covers the plain YAML that contracts are
//! written in and gives up (returns `None`) on anything else: anchors and aliases, tags, merge keys, several
//! documents, a value near a limit, an ambiguous number or key, a value of the wrong shape. The caller then
//! takes the slow, exact path, which reports every problem with its position; so when this path returns a
//! document, the slow path would have returned the same one without any finding.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};

use super::Pos;
use crate::limits::Limits;

/// Reads `text` as one document of type `T`, or `None` when the exact path must decide.
pub fn read<T: DeserializeOwned>(text: &str, limits: &Limits) -> Option<T> {
    // Positions past 4 GiB are stored differently by the slow path; such files are far over any limit.
    if text.len() >= u32::MAX as usize - 1 {
        return None;
    }
    let nodes = build(text, limits)?;
    let _reading = Reading::start();
    T::deserialize(At {
        nodes: &nodes,
        index: 0,
    })
    .ok()
}

/// The name under which [`super::Sp`] asks a tree node for its position.
pub(super) const SPANNED: &str = "$contracts::syntax::Sp";

thread_local! {
    /// Whether this thread is deserialising from a tree (so that `Sp` asks the tree for positions).
    static READING: Cell<bool> = const { Cell::new(false) };
    /// The position of the node an `Sp` is about to read, set by the node just before.
    static NEXT_POS: Cell<Option<Pos>> = const { Cell::new(None) };
}

/// Whether the current thread is reading a tree.
pub(super) fn reading() -> bool {
    READING.with(Cell::get)
}

/// The position handed over by the node being read, if any.
pub(super) fn take_pos() -> Option<Pos> {
    NEXT_POS.with(Cell::take)
}

/// Marks the thread as reading a tree for as long as it lives.
struct Reading(bool);

impl Reading {
    fn start() -> Self {
        Reading(READING.with(|r| r.replace(true)))
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        READING.with(|r| r.set(self.0));
        NEXT_POS.with(|p| p.set(None));
    }
}

/// One YAML node with the position of the event that started it. The nodes of a document lie in one vector,
/// each followed by its subtree: a mapping's children alternate key and value.
#[derive(Debug)]
struct Node<'a> {
    pos: Pos,
    /// The index just past this node's subtree.
    end: usize,
    /// How many children a collection has (a mapping's keys and values both count).
    children: u32,
    shape: Shape,
    /// A scalar's text (empty for collections).
    text: Cow<'a, str>,
    plain: bool,
    /// What an untyped read makes of a scalar (always `Str` unless plain).
    class: Class,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Scalar,
    Seq,
    Map,
}

/// What an untyped read (`deserialize_any`) makes of a scalar, as `serde_saphyr` resolves it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Class {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str,
}

/// A mapping or sequence being built: its index and how many children it has so far.
struct Open {
    index: usize,
    children: usize,
}

/// Builds the nodes of the single document in `text`, within the limits, or `None`.
fn build<'a>(text: &'a str, limits: &Limits) -> Option<Vec<Node<'a>>> {
    let budget = limits.budget();
    let mut parser = Parser::with_options(StrInput::new(text), limits.parser_options());
    let mut nodes: Vec<Node<'a>> = Vec::with_capacity(text.len() / 32 + 4);
    let mut open: Vec<Open> = Vec::new();
    let (mut events, mut scalar_bytes, mut documents) = (0usize, 0usize, 0usize);
    while let Some(item) = parser.next_event() {
        let (event, span) = item.ok()?;
        events += 1;
        if events >= budget.max_events {
            return None;
        }
        let is_sequence = matches!(event, Event::SequenceStart(..));
        let (shape, text, plain, class) = match event {
            Event::StreamStart | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_, version) => {
                documents += 1;
                if documents > 1 || version.is_some() {
                    return None;
                }
                continue;
            }
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() || text.len() > limits.max_string_bytes {
                    return None;
                }
                scalar_bytes = scalar_bytes.saturating_add(text.len());
                if scalar_bytes >= budget.max_total_scalar_bytes {
                    return None;
                }
                let plain = style == ScalarStyle::Plain;
                let class = if plain { classify(&text)? } else { Class::Str };
                (Shape::Scalar, text, plain, class)
            }
            Event::SequenceStart(_, anchor, tag) | Event::MappingStart(_, anchor, tag) => {
                if anchor != 0 || tag.is_some() || open.len() + 1 >= budget.max_depth {
                    return None;
                }
                let shape = if is_sequence { Shape::Seq } else { Shape::Map };
                (shape, Cow::Borrowed(""), false, Class::Str)
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let closed = open.pop()?;
                let node = &nodes[closed.index];
                let is_map = node.shape == Shape::Map;
                if is_map != matches!(event, Event::MappingEnd) {
                    return None;
                }
                if is_map
                    && (!closed.children.is_multiple_of(2)
                        || has_duplicate_keys(&nodes, closed.index)?)
                {
                    return None;
                }
                let end = nodes.len();
                nodes[closed.index].end = end;
                nodes[closed.index].children = u32::try_from(closed.children).ok()?;
                continue;
            }
            // Aliases, and anything the parser may emit besides plain data.
            _ => return None,
        };
        if nodes.len() + 1 >= budget.max_nodes {
            return None;
        }
        match open.last_mut() {
            None if nodes.is_empty() => {}
            None => return None,
            Some(parent) => {
                let is_key =
                    nodes[parent.index].shape == Shape::Map && parent.children.is_multiple_of(2);
                if is_key
                    && (shape != Shape::Scalar || (plain && (class == Class::Null || text == "<<")))
                {
                    return None;
                }
                parent.children += 1;
            }
        }
        let index = nodes.len();
        if shape != Shape::Scalar {
            open.push(Open { index, children: 0 });
        }
        nodes.push(Node {
            pos: pos_of(&span),
            end: index + 1,
            children: 0,
            shape,
            text,
            plain,
            class,
        });
    }
    if !open.is_empty() || documents != 1 || nodes.is_empty() {
        return None;
    }
    Some(nodes)
}

/// What makes two mapping keys the same for `serde_saphyr`: plain integers compare by value, the rest by text.
#[derive(PartialEq, Eq, Hash)]
enum Identity<'k> {
    Integer(bool, u64),
    Text(&'k str),
}

fn identity<'k>(key: &'k Node<'_>) -> Identity<'k> {
    match key.class {
        Class::U64(n) => Identity::Integer(false, n),
        Class::I64(n) => Identity::Integer(n < 0, n.unsigned_abs()),
        _ => Identity::Text(&key.text),
    }
}

/// Whether two keys of the mapping at `map` are the same key.
fn has_duplicate_keys(nodes: &[Node<'_>], map: usize) -> Option<bool> {
    let mut keys = Vec::new();
    let mut child = map + 1;
    while child < nodes.len() {
        keys.push(identity(&nodes[child]));
        let value = nodes[child].end;
        child = nodes.get(value)?.end;
    }
    if keys.len() <= 16 {
        return Some(keys.iter().enumerate().any(|(i, a)| keys[..i].contains(a)));
    }
    let mut seen = std::collections::HashSet::with_capacity(keys.len());
    Some(!keys.into_iter().all(|key| seen.insert(key)))
}

/// The position of an event, exactly as `serde_saphyr` reports it in a `Spanned` value.
fn pos_of(span: &Span) -> Pos {
    let (offset, len) = match (span.start.byte_offset(), span.end.byte_offset()) {
        (Some(start), Some(end)) => (
            Pos::offset_of(Some(start)),
            u32::try_from(end.saturating_sub(start)).unwrap_or(0),
        ),
        _ => (Pos::UNKNOWN, 0),
    };
    Pos {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        offset,
        len,
    }
}

/// How `serde_saphyr` reads a plain scalar without a target type: null, boolean, integer, float, or text.
///
/// `None` for the spellings this path does not reproduce (other radixes, underscores, exponents, leading
/// zeros, infinities, out-of-range numbers...): the slow path decides those.
fn classify(text: &str) -> Option<Class> {
    const PADDING: &[char] = &[' ', '\t', '\r', '\n'];
    if text.starts_with(PADDING) || text.ends_with(PADDING) {
        return None;
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Class::Null);
    }
    if let Some(value) = yaml11_bool(text) {
        return Some(Class::Bool(value));
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if !unsigned
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
    {
        // Numbers start with a digit or a point after the sign; keywords were handled above.
        return Some(Class::Str);
    }
    let negative = text.starts_with('-');
    if text.starts_with('+') {
        return not_a_number(text).then_some(Class::Str);
    }
    if is_decimal(unsigned) {
        return if negative {
            let magnitude: i128 = unsigned.parse().ok()?;
            i64::try_from(-magnitude).ok().map(Class::I64)
        } else {
            unsigned.parse().ok().map(Class::U64)
        };
    }
    if let Some((whole, fraction)) = unsigned.split_once('.')
        && is_decimal(whole)
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
    {
        let value: f64 = text.parse().ok()?;
        return value.is_finite().then_some(Class::F64(value));
    }
    not_a_number(text).then_some(Class::Str)
}

/// Digits without a redundant leading zero: `0`, `7`, `2025`.
fn is_decimal(digits: &str) -> bool {
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// True when no integer or float spelling can be `text`: two points, a sign inside that does not follow an
/// exponent, or a character that no number uses.
fn not_a_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().filter(|&&b| b == b'.').count() > 1
        || bytes.iter().enumerate().any(|(i, &b)| {
            !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'))
                || (matches!(b, b'+' | b'-') && i > 0 && !matches!(bytes[i - 1], b'e' | b'E'))
        })
}

/// A YAML 1.1 boolean, as `serde_saphyr` accepts it by default.
fn yaml11_bool(text: &str) -> Option<bool> {
    let text = text.trim_matches([' ', '\t', '\r', '\n']);
    let any = |words: &[&str]| words.iter().any(|w| text.eq_ignore_ascii_case(w));
    if any(&["true", "yes", "y", "on"]) {
        Some(true)
    } else if any(&["false", "no", "n", "off"]) {
        Some(false)
    } else {
        None
    }
}

/// Why the tree could not be read: the slow path gives the real reason.
#[derive(Debug)]
pub struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to the exact parser")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Bail
    }
}

/// A node of a document, read through serde.
#[derive(Clone, Copy)]
struct At<'t, 'a> {
    nodes: &'t [Node<'a>],
    index: usize,
}

impl<'t, 'a> At<'t, 'a> {
    fn node(&self) -> &'t Node<'a> {
        &self.nodes[self.index]
    }

    fn scalar(&self) -> Result<&'t Node<'a>, Bail> {
        let node = self.node();
        match node.shape {
            Shape::Scalar => Ok(node),
            _ => Err(Bail),
        }
    }

    /// The text of a scalar read as a string (a plain null is not one).
    fn string(&self) -> Result<&'t Cow<'a, str>, Bail> {
        let node = self.scalar()?;
        if node.plain && node.class == Class::Null {
            return Err(Bail);
        }
        Ok(&node.text)
    }

    fn is_plain_null(&self) -> bool {
        let node = self.node();
        node.shape == Shape::Scalar && node.plain && node.class == Class::Null
    }

    /// The children of a collection, in order.
    fn children(&self) -> Children<'t, 'a> {
        Children {
            nodes: self.nodes,
            next: self.index + 1,
            end: self.node().end,
            remaining: self.node().children as usize,
        }
    }
}

/// The children of a collection: each one's subtree ends where the next child begins.
struct Children<'t, 'a> {
    nodes: &'t [Node<'a>],
    next: usize,
    end: usize,
    remaining: usize,
}

impl<'t, 'a> Iterator for Children<'t, 'a> {
    type Item = At<'t, 'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let at = At {
            nodes: self.nodes,
            index: self.next,
        };
        self.next = self.nodes[self.next].end;
        self.remaining = self.remaining.saturating_sub(1);
        Some(at)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

fn visit_text<'de, V: Visitor<'de>>(text: &Cow<'de, str>, visitor: V) -> Result<V::Value, Bail> {
    match text {
        Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
        Cow::Owned(text) => visitor.visit_str(text),
    }
}

/// Plain decimal digits (after trimming), the only integers this path reads into a typed field.
fn typed_u64(text: &str) -> Option<u64> {
    let text = text.trim_matches([' ', '\t', '\r', '\n']);
    is_decimal(text).then(|| text.parse().ok()).flatten()
}

/// A plain decimal number with at most a fraction, the only floats this path reads into a typed field.
fn typed_f64(text: &str) -> Option<f64> {
    let text = text.trim_matches([' ', '\t', '\r', '\n']);
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let simple =
        is_decimal(whole) && !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit());
    simple
        .then(|| text.parse::<f64>().ok())
        .flatten()
        .filter(|v| v.is_finite())
}

impl<'de> Deserializer<'de> for At<'_, 'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        let node = self.node();
        match node.shape {
            Shape::Scalar => match node.class {
                Class::Null => visitor.visit_unit(),
                Class::Bool(b) => visitor.visit_bool(b),
                Class::U64(n) => visitor.visit_u64(n),
                Class::I64(n) => visitor.visit_i64(n),
                Class::F64(x) => visitor.visit_f64(x),
                Class::Str => visit_text(&node.text, visitor),
            },
            Shape::Seq => visit_seq(self, visitor),
            Shape::Map => visit_map(self, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_bool(yaml11_bool(&self.scalar()?.text).ok_or(Bail)?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_u64(typed_u64(&self.scalar()?.text).ok_or(Bail)?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_f64(typed_f64(&self.scalar()?.text).ok_or(Bail)?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visit_text(self.string()?, visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visit_text(self.string()?, visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visit_text(self.string()?, visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        if self.is_plain_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Bail> {
        if name == SPANNED {
            NEXT_POS.with(|p| p.set(Some(self.node().pos)));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.node().shape {
            Shape::Seq => visit_seq(self, visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.node().shape {
            Shape::Map => visit_map(self, visitor),
            _ => Err(Bail),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        match self.node().shape {
            Shape::Scalar => visitor.visit_enum(Variant {
                name: self.string()?,
                payload: None,
            }),
            Shape::Map => {
                let mut children = self.children();
                match (children.next(), children.next(), children.next()) {
                    (Some(key), Some(value), None) => visitor.visit_enum(Variant {
                        name: key.string()?,
                        payload: Some(value),
                    }),
                    _ => Err(Bail),
                }
            }
            Shape::Seq => Err(Bail),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_unit()
    }

    fn deserialize_i8<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_unit<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Bail> {
        Err(Bail)
    }
}

/// Hands the items to `visitor`, which must take them all.
fn visit_seq<'de, V: Visitor<'de>>(at: At<'_, 'de>, visitor: V) -> Result<V::Value, Bail> {
    let mut items = at.children();
    let value = visitor.visit_seq(&mut items)?;
    match items.next() {
        None => Ok(value),
        Some(_) => Err(Bail),
    }
}

/// Hands the entries to `visitor`, which must take them all.
fn visit_map<'de, V: Visitor<'de>>(at: At<'_, 'de>, visitor: V) -> Result<V::Value, Bail> {
    let mut entries = Entries {
        children: at.children(),
        value: None,
    };
    let value = visitor.visit_map(&mut entries)?;
    match (entries.children.next(), entries.value) {
        (None, None) => Ok(value),
        _ => Err(Bail),
    }
}

impl<'de> SeqAccess<'de> for Children<'_, 'de> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Bail> {
        self.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.remaining)
    }
}

struct Entries<'t, 'de> {
    children: Children<'t, 'de>,
    value: Option<At<'t, 'de>>,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Bail> {
        if self.value.is_some() {
            return Err(Bail);
        }
        match self.children.next() {
            None => Ok(None),
            Some(key) => {
                self.value = Some(self.children.next().ok_or(Bail)?);
                seed.deserialize(key).map(Some)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        seed.deserialize(self.value.take().ok_or(Bail)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.children.remaining / 2)
    }
}

/// An enum written as its variant name, or as a mapping of the variant name to its content.
struct Variant<'t, 'de> {
    name: &'t Cow<'de, str>,
    payload: Option<At<'t, 'de>>,
}

/// The content of an enum variant: none for a bare name.
struct Payload<'t, 'de>(Option<At<'t, 'de>>);

impl<'t, 'de> EnumAccess<'de> for Variant<'t, 'de> {
    type Error = Bail;
    type Variant = Payload<'t, 'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Bail> {
        let name = de::value::StrDeserializer::<Bail>::new(self.name);
        Ok((seed.deserialize(name)?, Payload(self.payload)))
    }
}

impl<'de> VariantAccess<'de> for Payload<'_, 'de> {
    type Error = Bail;

    fn unit_variant(self) -> Result<(), Bail> {
        match self.0 {
            None => Ok(()),
            Some(at) if at.is_plain_null() => Ok(()),
            Some(_) => Err(Bail),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Bail> {
        seed.deserialize(self.0.ok_or(Bail)?)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Bail> {
        Err(Bail)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde::de::DeserializeOwned;

    use super::*;
    use crate::syntax::{OneOrMany, Sp, Status, Text, YValue};

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct One<T> {
        v: T,
    }

    /// Both readings of `yaml` as `T`: this path's (`None` when it gives up) and `serde_saphyr`'s.
    fn both<T: DeserializeOwned + fmt::Debug>(
        yaml: &str,
    ) -> (Option<String>, Result<String, String>) {
        let limits = Limits::default();
        let fast = read::<T>(yaml, &limits).map(|v| format!("{v:?}"));
        let exact = serde_saphyr::from_str_with_options::<T>(yaml, limits.yaml_options())
            .map(|v| format!("{v:?}"))
            .map_err(|e| e.to_string());
        (fast, exact)
    }

    /// Asserts that whenever this path reads `yaml`, it reads what `serde_saphyr` reads.
    fn agrees<T: DeserializeOwned + fmt::Debug>(yaml: &str) -> bool {
        let (fast, exact) = both::<T>(yaml);
        if let Some(fast) = &fast {
            assert_eq!(Ok(fast), exact.as_ref(), "for {yaml:?}");
        }
        fast.is_some()
    }

    /// Short spellings over the characters that matter to numbers, booleans and nulls, and curated ones.
    fn spellings() -> Vec<String> {
        let alphabet = [
            '0', '1', '9', '.', '-', '+', 'e', 'x', 'o', '_', 'n', 'i', 'f', 'N', 'y', ':', '~',
            'a',
        ];
        let mut out = vec![String::new()];
        for len in 1..=3 {
            let mut index = vec![0; len];
            loop {
                out.push(index.iter().map(|&i| alphabet[i]).collect());
                let Some(pos) = (0..len).rev().find(|&p| index[p] + 1 < alphabet.len()) else {
                    break;
                };
                index[pos] += 1;
                index[pos + 1..].iter_mut().for_each(|i| *i = 0);
            }
        }
        let curated = [
            "true",
            "True",
            "TRUE",
            "tRuE",
            "false",
            "yes",
            "No",
            "ON",
            "off",
            "y",
            "n",
            "null",
            "Null",
            "NULL",
            "nULL",
            "~",
            "0",
            "-0",
            "+0",
            "00",
            "007",
            "42",
            "-42",
            "+42",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1_000",
            "0x1F",
            "0o17",
            "0b101",
            "1.5",
            "-1.5",
            "+1.5",
            "1.",
            ".5",
            "-.5",
            "1e3",
            "1E3",
            "1.5e-3",
            "1e999",
            "-1e999",
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            ".INF",
            ".nan",
            ".NaN",
            ".NAN",
            "inf",
            "-inf",
            "nan",
            "infinity",
            "10.1",
            "10.1.a",
            "10.1.i",
            "10.5.b",
            "7.3",
            "000.00.00.H56",
            "1.001234",
            "2025-03-12",
            "20250312",
            "20250312101500",
            "12:30",
            "1:20",
            "circular-01-2023:27",
            "decree-13-2023",
            "a b",
            "Nguyễn Văn An",
            "1 000",
            "0.1.2",
            "1e",
            "e1",
            "-",
            "1.0",
            "0.0",
            "3.14159265358979323846",
            "9007199254740993",
            "1__0",
            "0x",
            "0xG",
        ];
        out.extend(curated.iter().map(|s| (*s).to_owned()));
        out
    }

    #[test]
    fn reads_untyped_plain_scalars_as_serde_saphyr_does() {
        let mut read = 0;
        for s in spellings() {
            read += usize::from(agrees::<One<YValue>>(&format!("v: {s}\n")));
            agrees::<One<Text>>(&format!("v: {s}\n"));
            agrees::<One<OneOrMany>>(&format!("v: {s}\n"));
            agrees::<One<Vec<YValue>>>(&format!("v: [{s}]\n"));
        }
        assert!(
            read > 2000,
            "only {read} spellings read without the slow path"
        );
        for s in [
            "10.1.a",
            "10.1.i",
            "2025-03-12",
            "000.00.00.H56",
            "42",
            "-7",
            "1.5",
            "true",
            "~",
        ] {
            assert!(
                agrees::<One<YValue>>(&format!("v: {s}\n")),
                "{s} should be read"
            );
        }
    }

    #[test]
    fn reads_typed_scalars_as_serde_saphyr_does() {
        for s in spellings() {
            for yaml in [
                format!("v: {s}\n"),
                format!("v: '{s}'\n"),
                format!("v: \"{s}\"\n"),
            ] {
                agrees::<One<String>>(&yaml);
                agrees::<One<Option<String>>>(&yaml);
                agrees::<One<u64>>(&yaml);
                agrees::<One<Option<u64>>>(&yaml);
                agrees::<One<f64>>(&yaml);
                agrees::<One<bool>>(&yaml);
                agrees::<One<Status>>(&yaml);
                agrees::<One<Sp<String>>>(&yaml);
            }
        }
        for (yaml, expected) in [
            ("v: 5\n", true),
            ("v: '5'\n", true),
            ("v: 05\n", false),
            ("v: 0x5\n", false),
        ] {
            assert_eq!(agrees::<One<u64>>(yaml), expected, "{yaml}");
        }
        assert!(agrees::<One<bool>>("v: True\n"));
        assert!(agrees::<One<Status>>("v: \"active\"\n"));
    }

    #[test]
    fn positions_are_those_of_serde_saphyr() {
        let yaml = "# comment\nv:\n  a: [1, 'x', {b: \"Việt\"}]\n  c: |\n    text\n  d:\n  e: >-\n    folded\n    text\n  f:\n    - Nguyễn\n    -   x: 1\n        y: 2\n";
        assert!(agrees::<One<Sp<YValue>>>(yaml));
        assert!(agrees::<Sp<One<Sp<YValue>>>>(yaml));
    }

    #[test]
    fn gives_up_on_what_it_does_not_reproduce() {
        let limits = Limits::default();
        let gives_up = |yaml: &str| read::<One<YValue>>(yaml, &limits).is_none();
        for yaml in [
            "v: &a 1\nw: *a\n",
            "v: !!str 1\n",
            "v: !custom x\n",
            "v: {<<: {a: 1}}\n",
            "v: {1: a, 01: b}\n",
            "v: {a: 1, a: 2}\n",
            "v: {'a': 1, a: 2}\n",
            "v: {~: 1}\n",
            "v: {[a]: 1}\n",
            "v: 1\n---\nv: 2\n",
            "%YAML 1.2\n---\nv: 1\n",
            "v: .inf\n",
            "v: 1e999\n",
            "v: [unclosed\n",
            "v: 1\n  w: 2\n",
        ] {
            assert!(gives_up(yaml), "{yaml:?}");
        }
        assert!(
            !gives_up("v: {'1': a, 1: b}\n"),
            "a quoted and a plain 1 are two keys"
        );
        let long = format!("v: \"{}\"\n", "x".repeat(limits.max_string_bytes + 1));
        assert!(gives_up(&long));
        let deep = format!("v: {}{}\n", "[".repeat(70), "]".repeat(70));
        assert!(gives_up(&deep));
    }

    #[test]
    fn every_reading_ends_the_tree_mode() {
        let limits = Limits::default();
        assert!(read::<One<Sp<u64>>>("v: x\n", &limits).is_none());
        assert!(!reading());
        assert!(take_pos().is_none());
        let value = read::<One<Sp<u64>>>("v: 7\n", &limits).map(|one| (one.v.value, one.v.pos));
        assert_eq!(
            value,
            Some((
                7,
                Pos {
                    line: 1,
                    column: 4,
                    offset: 3,
                    len: 1
                }
            ))
        );
        assert!(!reading());
    }
}
