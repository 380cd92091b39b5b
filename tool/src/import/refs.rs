//! `$ref` inside one document: JSON pointers (`#/components/schemas/Pet`), `$id` and `$anchor` (OpenAPI 3.1,
//! JSON Schema 2020-12). A reference to another document is an error, never a download, and a chain of
//! references that comes back to itself is an error naming the chain.

use std::collections::HashMap;

use serde_json::Value;

use super::{ImportError, fail};

/// A place in the document: its JSON pointer, and the base URI (`$id`) its references resolve against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct At {
    pub pointer: String,
    pub base: String,
}

impl At {
    pub fn root() -> Self {
        At {
            pointer: String::new(),
            base: String::new(),
        }
    }

    /// The pointer as a reference reads: `#/components/schemas/Pet`.
    pub fn display(&self) -> String {
        format!("#{}", self.pointer)
    }

    /// The last token of the pointer (`Pet` for `#/components/schemas/Pet`).
    pub fn name(&self) -> String {
        self.pointer
            .rsplit('/')
            .next()
            .map(unescape_token)
            .unwrap_or_default()
    }
}

/// One document with the schema resources it declares.
pub struct Document<'a> {
    pub root: &'a Value,
    /// Absolute `$id` → the pointer of its schema.
    ids: HashMap<String, String>,
    /// (absolute `$id` of the resource, `$anchor`) → pointer.
    anchors: HashMap<(String, String), String>,
}

impl<'a> Document<'a> {
    pub fn new(root: &'a Value) -> Self {
        let mut document = Document {
            root,
            ids: HashMap::new(),
            anchors: HashMap::new(),
        };
        document.index(root, &At::root());
        document
    }

    fn index(&mut self, value: &Value, at: &At) {
        match value {
            Value::Object(map) => {
                let at = with_own_id(value, at.clone());
                if map.get("$id").and_then(Value::as_str).is_some() {
                    self.ids.insert(at.base.clone(), at.pointer.clone());
                }
                if let Some(anchor) = map.get("$anchor").and_then(Value::as_str) {
                    self.anchors
                        .insert((at.base.clone(), anchor.to_owned()), at.pointer.clone());
                }
                for (key, child) in map {
                    let child_at = At {
                        pointer: format!("{}/{}", at.pointer, escape_token(key)),
                        base: at.base.clone(),
                    };
                    self.index(child, &child_at);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let child_at = At {
                        pointer: format!("{}/{i}", at.pointer),
                        base: at.base.clone(),
                    };
                    self.index(item, &child_at);
                }
            }
            _ => {}
        }
    }

    /// The value at a place.
    pub fn get(&self, at: &At) -> Option<&'a Value> {
        self.root.pointer(&at.pointer)
    }

    /// The place of `key` inside the object at `at` (its base changes if the child declares an `$id`).
    pub fn child(&self, at: &At, key: &str) -> At {
        let child = At {
            pointer: format!("{}/{}", at.pointer, escape_token(key)),
            base: at.base.clone(),
        };
        match self.get(&child) {
            Some(value) => with_own_id(value, child),
            None => child,
        }
    }

    /// The place of item `index` of the array at `at`.
    pub fn item(&self, at: &At, index: usize) -> At {
        let child = At {
            pointer: format!("{}/{index}", at.pointer),
            base: at.base.clone(),
        };
        match self.get(&child) {
            Some(value) => with_own_id(value, child),
            None => child,
        }
    }

    /// Where `reference`, written at `from`, leads; an error for another document or a missing target.
    pub fn resolve(&self, reference: &str, from: &At) -> Result<At, ImportError> {
        let (uri, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let resource = if uri.is_empty() {
            from.base.clone()
        } else {
            join(&from.base, uri)
        };
        let resource_root = if resource.is_empty() {
            Some(String::new())
        } else {
            self.ids.get(&resource).cloned()
        };
        let Some(resource_root) = resource_root else {
            return fail(format!(
                "the $ref `{reference}` (at {}) refers to another document; import never fetches anything: bundle \
                 the document into one file first (e.g. `npx @redocly/cli bundle`), then import that",
                from.display()
            ));
        };
        let fragment = percent_decode(fragment);
        let pointer = if fragment.is_empty() || fragment.starts_with('/') {
            format!("{resource_root}{fragment}")
        } else {
            match self.anchors.get(&(resource.clone(), fragment.clone())) {
                Some(pointer) => pointer.clone(),
                None => {
                    return fail(format!(
                        "the $ref `{reference}` (at {}) names the anchor `{fragment}`, which no schema declares",
                        from.display()
                    ));
                }
            }
        };
        let mut target = At {
            pointer,
            base: String::new(),
        };
        if self.get(&target).is_none() && fragment.starts_with('/') && !resource_root.is_empty() {
            // OpenAPI documents write `#/components/...` from inside schemas that declare an `$id`.
            target.pointer = fragment.clone();
        }
        let Some(value) = self.get(&target) else {
            return fail(format!(
                "the $ref `{reference}` (at {}) names nothing in the document; correct the pointer",
                from.display()
            ));
        };
        let base = self.base_of(&target.pointer);
        Ok(with_own_id(value, At { base, ..target }))
    }

    /// Follows `$ref` from `at` until a schema that is not only a reference, reporting a cycle.
    pub fn follow(&self, at: &At) -> Result<At, ImportError> {
        let mut chain = vec![at.clone()];
        let mut current = at.clone();
        while let Some(reference) = self
            .get(&current)
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
        {
            let next = self.resolve(reference, &current)?;
            if chain.iter().any(|seen| seen.pointer == next.pointer) {
                let path: Vec<String> = chain
                    .iter()
                    .chain(std::iter::once(&next))
                    .map(At::display)
                    .collect();
                return fail(format!(
                    "$ref cycle: {}; a schema that only refers to itself describes no value",
                    path.join(" → ")
                ));
            }
            chain.push(next.clone());
            current = next;
        }
        Ok(current)
    }

    /// The base URI at a pointer: the `$id`s of the objects on the way there.
    fn base_of(&self, pointer: &str) -> String {
        let mut at = At::root();
        at = with_own_id(self.root, at);
        let mut node = self.root;
        for token in pointer.split('/').skip(1) {
            let key = unescape_token(token);
            let next = match node {
                Value::Object(map) => map.get(&key),
                Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            let Some(next) = next else { break };
            node = next;
            at = with_own_id(node, at);
        }
        at.base
    }
}

/// `at` with the base set by the `$id` of its own value, if it has one.
fn with_own_id(value: &Value, at: At) -> At {
    match value.get("$id").and_then(Value::as_str) {
        Some(id) => {
            let id = id.split('#').next().unwrap_or("");
            At {
                base: join(&at.base, id),
                pointer: at.pointer,
            }
        }
        None => at,
    }
}

/// Whether a URI names its scheme (`https:`, `urn:`).
fn has_scheme(uri: &str) -> bool {
    uri.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `reference` resolved against `base` (RFC 3986, enough for `$id`s: absolute, absolute-path, relative).
fn join(base: &str, reference: &str) -> String {
    if reference.is_empty() {
        return base.to_owned();
    }
    if has_scheme(reference) {
        return reference.to_owned();
    }
    if let Some(path) = reference.strip_prefix('/') {
        // Keep the scheme and authority of the base, if any.
        if let Some((scheme, rest)) = base.split_once("://") {
            let authority = rest.split('/').next().unwrap_or("");
            return format!("{scheme}://{authority}/{path}");
        }
        return reference.to_owned();
    }
    match base.rfind('/') {
        Some(slash) => format!("{}{reference}", &base[..=slash]),
        None => reference.to_owned(),
    }
}

pub fn escape_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `%7B` and the like decoded (pointers in URI fragments are percent-encoded).
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resolves_pointers_ids_and_anchors() {
        let doc = json!({
            "components": {"schemas": {
                "Pet": {"properties": {"details": {"$ref": "/api/schemas/details"}, "id": {"$ref": "/api/schemas/details#detail-id"}}},
                "Details": {"$id": "/api/schemas/details", "properties": {"id": {"$anchor": "detail-id", "type": "integer"}, "tag": {"$ref": "tag"}}},
                "Tag": {"$id": "/api/schemas/tag", "type": "string"},
                "A~B": {"type": "string"}
            }}
        });
        let document = Document::new(&doc);
        let at = At::root();
        let pet = document
            .resolve("#/components/schemas/Pet", &at)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pet.pointer, "/components/schemas/Pet");
        let details = document
            .resolve("/api/schemas/details", &pet)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(details.pointer, "/components/schemas/Details");
        assert_eq!(details.base, "/api/schemas/details");
        let id = document
            .resolve("/api/schemas/details#detail-id", &pet)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(id.pointer, "/components/schemas/Details/properties/id");
        let tag = document
            .resolve("tag", &details)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tag.pointer, "/components/schemas/Tag");
        let tilde = document
            .resolve("#/components/schemas/A~0B", &at)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tilde.name(), "A~B");
    }

    #[test]
    fn refuses_other_documents_missing_targets_and_cycles() {
        let doc = json!({
            "a": {"$ref": "#/b"}, "b": {"$ref": "#/a"},
            "c": {"$ref": "https://example.com/schema.json"},
            "d": {"$ref": "common.yaml#/X"},
            "e": {"$ref": "#/nothing"}
        });
        let document = Document::new(&doc);
        let message = |pointer: &str| {
            let at = At {
                pointer: pointer.to_owned(),
                base: String::new(),
            };
            document.follow(&at).err().map(|e| e.0).unwrap_or_default()
        };
        assert!(
            message("/a").starts_with("$ref cycle: #/a → #/b → #/a"),
            "{}",
            message("/a")
        );
        assert!(message("/c").contains("refers to another document"));
        assert!(message("/d").contains("refers to another document"));
        assert!(message("/e").contains("names nothing in the document"));
    }
}
