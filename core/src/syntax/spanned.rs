//! Building blocks of the contract language: positioned values, ordered maps, bilingual text, free YAML values.

use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Where a value starts in its file (1-based line and column, byte range in the normalised text).
///
/// Every parsed value carries one, so it is kept small: offsets and lengths are `u32` (files are limited to a
/// few MiB); an offset of [`Pos::UNKNOWN`] means the parser gave none, and the line and column are used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
    pub len: u32,
}

impl Pos {
    /// The offset of a value whose byte offset is not known.
    pub const UNKNOWN: u32 = u32::MAX;

    fn from_location(location: serde_saphyr::Location) -> Self {
        let span = location.span();
        Pos {
            line: u32::try_from(location.line()).unwrap_or(u32::MAX),
            column: u32::try_from(location.column()).unwrap_or(u32::MAX),
            offset: Self::offset_of(span.byte_offset()),
            len: span
                .byte_len()
                .and_then(|l| u32::try_from(l).ok())
                .unwrap_or(0),
        }
    }

    /// A byte offset as a `Pos` keeps it: [`Pos::UNKNOWN`] when there is none or it does not fit.
    pub fn offset_of<N: TryInto<u32>>(offset: Option<N>) -> u32 {
        offset
            .and_then(|o| o.try_into().ok())
            .unwrap_or(Self::UNKNOWN)
    }
}

/// A value together with the position it was read from.
#[derive(Clone, Debug)]
pub struct Sp<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Sp<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Sp { value, pos }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if super::tree::reading() {
            return deserializer
                .deserialize_newtype_struct(super::tree::SPANNED, TreeVisitor(PhantomData));
        }
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Sp {
            value: spanned.value,
            pos: Pos::from_location(spanned.referenced),
        })
    }
}

/// Reads an [`Sp`] from a tree node of [`super::tree`], which hands over its position just before.
struct TreeVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for TreeVisitor<T> {
    type Value = Sp<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a positioned value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Sp<T>, D::Error> {
        let pos = super::tree::take_pos().ok_or_else(|| de::Error::custom("no position"))?;
        Ok(Sp {
            value: T::deserialize(deserializer)?,
            pos,
        })
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A mapping that keeps the order its keys were written in (codes, fields, articles).
#[derive(Clone, Debug)]
pub struct OrderedMap<V>(pub Vec<(Sp<String>, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<V> OrderedMap<V> {
    pub fn iter(&self) -> impl Iterator<Item = (&Sp<String>, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(capacity_for(access.size_hint()));
                while let Some(entry) = access.next_entry()? {
                    entries.push(entry);
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for OrderedMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<V>();
        json_schema!({ "type": "object", "additionalProperties": value })
    }
}

/// Human-readable text: `{vi: ..., en: ...}`, or a plain string holding the Vietnamese only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub vi: Option<String>,
    pub en: Option<String>,
    /// Written as a plain string rather than a `{vi, en}` mapping.
    pub plain: bool,
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text: a quoted string, or a mapping with `vi` and `en`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text {
                    vi: Some(v.to_owned()),
                    en: None,
                    plain: true,
                })
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Err(E::custom(format!(
                    "`{v}` is read as a boolean, not a text; put it in quotes"
                )))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Err(E::custom(format!(
                    "`{v}` is read as a number, not a text; put it in quotes"
                )))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Err(E::custom(format!(
                    "`{v}` is read as a number, not a text; put it in quotes"
                )))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Err(E::custom("the text is empty; write it, or remove the key"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Text, A::Error> {
                let mut text = Text::default();
                while let Some(key) = access.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "vi" => &mut text.vi,
                        "en" => &mut text.en,
                        other => {
                            return Err(de::Error::custom(format!(
                                "unknown language `{other}`, expected `vi` or `en`"
                            )));
                        }
                    };
                    *slot = Some(access.next_value::<String>()?);
                }
                Ok(text)
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Text in Vietnamese and English. A plain string is Vietnamese only and is reported as a missing translation.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": {
                        "vi": { "type": "string", "description": "Vietnamese" },
                        "en": { "type": "string", "description": "English" }
                    },
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// One string or a list of them (`legal: 10.1.a` or `legal: [10.1.a, 10.1.b]`), each with its position.
#[derive(Clone, Debug, Default)]
pub struct OneOrMany(pub Vec<Sp<String>>);

enum OneOrManyInner {
    One(String),
    Many(Vec<Sp<String>>),
}

impl<'de> Deserialize<'de> for OneOrManyInner {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InnerVisitor;
        impl<'de> Visitor<'de> for InnerVisitor {
            type Value = OneOrManyInner;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(capacity_for(seq.size_hint()));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(OneOrManyInner::Many(items))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(OneOrManyInner::One(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Err(E::custom(format!(
                    "`{v}` is read as a number; put the reference in quotes, e.g. \"{v}\""
                )))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Err(E::custom(format!(
                    "`{v}` is read as a number; put the reference in quotes, e.g. \"{v}\""
                )))
            }
        }
        deserializer.deserialize_any(InnerVisitor)
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Sp::<OneOrManyInner>::deserialize(deserializer)?;
        Ok(match spanned.value {
            OneOrManyInner::One(value) => OneOrMany(vec![Sp::new(value, spanned.pos)]),
            OneOrManyInner::Many(items) => OneOrMany(items),
        })
    }
}

impl JsonSchema for OneOrMany {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "References".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A provision of the Circular (`10.1.a`, `7.3`, `18`), another legal source (`decree-13-2023`, `circular-01-2023:27`), or a list of them.",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
}

/// Any YAML value (examples), with the position of every node so that an error can point into it.
#[derive(Clone, Debug)]
pub enum YValue {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    List(Vec<Sp<YValue>>),
    Map(Vec<(Sp<String>, Sp<YValue>)>),
}

impl YValue {
    /// The value as JSON (the form it takes on the wire).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            YValue::Null => Value::Null,
            YValue::Bool(b) => Value::Bool(*b),
            YValue::Number(n) => Value::Number(n.clone()),
            YValue::String(s) => Value::String(s.clone()),
            YValue::List(items) => Value::Array(items.iter().map(|i| i.value.to_json()).collect()),
            YValue::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// The position of the node at a JSON pointer (`/data/0/MaHoSo`), or of the nearest ancestor.
    pub fn locate(this: &Sp<YValue>, pointer: &str) -> Pos {
        let mut node = this;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            let next = match &node.value {
                YValue::List(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                YValue::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| k.value == token)
                    .map(|(_, v)| v),
                _ => None,
            };
            match next {
                Some(child) => node = child,
                None => break,
            }
        }
        node.pos
    }
}

impl<'de> Deserialize<'de> for YValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = YValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_unit<E>(self) -> Result<YValue, E> {
                Ok(YValue::Null)
            }
            fn visit_none<E>(self) -> Result<YValue, E> {
                Ok(YValue::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<YValue, E> {
                Ok(YValue::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<YValue, E> {
                Ok(YValue::Number(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<YValue, E> {
                Ok(YValue::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<YValue, E> {
                serde_json::Number::from_f64(v)
                    .map(YValue::Number)
                    .ok_or_else(|| E::custom("a number that is not finite cannot travel as JSON"))
            }
            fn visit_str<E>(self, v: &str) -> Result<YValue, E> {
                Ok(YValue::String(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<YValue, E> {
                Ok(YValue::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YValue, A::Error> {
                let mut items = Vec::with_capacity(capacity_for(seq.size_hint()));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(YValue::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<YValue, A::Error> {
                let mut entries = Vec::with_capacity(capacity_for(access.size_hint()));
                while let Some(entry) = access.next_entry()? {
                    entries.push(entry);
                }
                Ok(YValue::Map(entries))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

impl JsonSchema for YValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AnyValue".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "Any value, written the way it travels on the wire." })
    }
}

/// The room to reserve for a collection whose reader announces `hint` items: exact for the usual sizes, capped so
/// that a hostile announcement cannot make one allocation large.
fn capacity_for(hint: Option<usize>) -> usize {
    hint.unwrap_or(0).min(4096)
}
