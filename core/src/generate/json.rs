//! JSON values built from the model for the schemas and OpenAPI documents: ordered, borrowing the model's text.
//!
//! `serde_json::Value` would copy every string out of the model and hash every key of every object into an
//! `IndexMap`; the schemas are built once per field and printed once, so a list of entries that borrows is
//! enough, and prints the same text in JSON and YAML.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// A JSON value whose strings borrow from the model where they can.
#[derive(Clone, Debug, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Object<'a>),
    /// A value of the model itself (an example), printed as it is.
    Value(&'a serde_json::Value),
}

/// The entries of a JSON object, in the order they are printed; each key at most once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object<'a>(Vec<(Cow<'a, str>, Json<'a>)>);

impl<'a> Object<'a> {
    /// Sets `key` to `value`: in its place if the object has it, else as the last entry.
    pub fn insert(&mut self, key: impl Into<Cow<'a, str>>, value: impl Into<Json<'a>>) {
        let (key, value) = (key.into(), value.into());
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((key, value)),
        }
    }

    /// The value of `key`, to change it in place.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json<'a>> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Keywords whose value maps names (of properties, of definitions) to schemas: their keys are names, not keywords.
const NAMED_SCHEMAS: [&str; 4] = [
    "properties",
    "patternProperties",
    "$defs",
    "dependentSchemas",
];

impl Json<'_> {
    /// Removes every extension keyword (`x-...`) of this schema and of the schemas inside it, leaving what
    /// validators in strict mode (ajv's default) accept; property and definition names are kept as they are.
    pub fn strip_extensions(&mut self) {
        match self {
            Json::Object(object) => {
                object.0.retain(|(key, _)| !key.starts_with("x-"));
                for (key, value) in &mut object.0 {
                    if NAMED_SCHEMAS.contains(&key.as_ref()) {
                        if let Json::Object(named) = value {
                            named.0.iter_mut().for_each(|(_, v)| v.strip_extensions());
                        }
                    } else {
                        value.strip_extensions();
                    }
                }
            }
            Json::Array(items) => items.iter_mut().for_each(Json::strip_extensions),
            _ => {}
        }
    }
}

impl<'a> Json<'a> {
    /// An object of these entries, in this order.
    pub fn object<const N: usize>(entries: [(&'a str, Json<'a>); N]) -> Self {
        let mut object = Object(Vec::with_capacity(N + 8));
        for (key, value) in entries {
            object.insert(key, value);
        }
        Json::Object(object)
    }

    /// The entries of this value, which becomes an empty object first if it is not one.
    pub fn as_object(&mut self) -> &mut Object<'a> {
        if !matches!(self, Json::Object(_)) {
            *self = Json::Object(Object::default());
        }
        match self {
            Json::Object(object) => object,
            _ => unreachable!("made an object above"),
        }
    }

    /// A JSON number from a float, or `None` for one JSON cannot hold (infinite or not a number).
    pub fn float(value: f64) -> Option<Self> {
        serde_json::Number::from_f64(value).map(Json::Number)
    }
}

impl<'a> From<&'a str> for Json<'a> {
    fn from(text: &'a str) -> Self {
        Json::Str(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Json<'a> {
    fn from(text: &'a String) -> Self {
        Json::Str(Cow::Borrowed(text))
    }
}

impl From<String> for Json<'_> {
    fn from(text: String) -> Self {
        Json::Str(Cow::Owned(text))
    }
}

impl From<bool> for Json<'_> {
    fn from(value: bool) -> Self {
        Json::Bool(value)
    }
}

impl From<u64> for Json<'_> {
    fn from(value: u64) -> Self {
        Json::Number(value.into())
    }
}

impl From<i64> for Json<'_> {
    fn from(value: i64) -> Self {
        Json::Number(value.into())
    }
}

impl<'a> From<Vec<Json<'a>>> for Json<'a> {
    fn from(items: Vec<Json<'a>>) -> Self {
        Json::Array(items)
    }
}

impl<'a> From<Object<'a>> for Json<'a> {
    fn from(object: Object<'a>) -> Self {
        Json::Object(object)
    }
}

impl<'a, T: Into<Json<'a>>> FromIterator<T> for Json<'a> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Json::Array(items.into_iter().map(Into::into).collect())
    }
}

impl<'a, K: Into<Cow<'a, str>>, V: Into<Json<'a>>> FromIterator<(K, V)> for Object<'a> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut object = Object::default();
        for (key, value) in entries {
            object.insert(key, value);
        }
        object
    }
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(value) => serializer.serialize_bool(*value),
            Json::Number(number) => number.serialize(serializer),
            Json::Str(text) => serializer.serialize_str(text),
            Json::Array(items) => serializer.collect_seq(items),
            Json::Object(object) => object.serialize(serializer),
            Json::Value(value) => value.serialize(serializer),
        }
    }
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key.as_ref(), value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values print exactly as the same `serde_json::Value` does, in both syntaxes.
    #[test]
    fn prints_as_the_same_serde_json_value() {
        let example = serde_json::json!({"MaHoSo": "000.00.00.H01-250101-0001", "Tien": "75000"});
        let mut built = Json::object([
            ("type", "object".into()),
            ("required", vec![Json::from("MaHoSo")].into()),
            ("minimum", Json::float(0.0).unwrap_or(Json::Null)),
            ("maxItems", 3u64.into()),
            ("nullable", Json::Null),
            ("examples", Json::Array(vec![Json::Value(&example)])),
        ]);
        built.as_object().insert("type", "array");
        built.as_object().insert("x-proposal", true);
        let expected = serde_json::json!({
            "type": "array",
            "required": ["MaHoSo"],
            "minimum": 0.0,
            "maxItems": 3,
            "nullable": null,
            "examples": [example],
            "x-proposal": true,
        });
        assert_eq!(
            serde_json::to_string_pretty(&built).ok(),
            serde_json::to_string_pretty(&expected).ok()
        );
        assert_eq!(
            serde_saphyr::to_string(&built).ok(),
            serde_saphyr::to_string(&expected).ok()
        );
    }
}
