//! Relative `$ref`s to other files (`owner-identifier.schema.json`, `records/dossier.schema.json`) read from the
//! disk beside the imported file and bundled into it, so that `refs` resolves them as schemas of one document.
//! Only files inside the imported file's folder tree are read (never the network, never `../../etc/passwd`),
//! within a bound on the number of files, the depth of the chain of files and their total size.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use super::input::{self, human_bytes};
use super::{ImportError, fail};

/// The most files one import bundles.
pub const MAX_FILES: usize = 256;
/// The longest chain of files referring to the next.
pub const MAX_DEPTH: usize = 32;

/// The `$id` prefix given to a bundled file that declares none.
const SYNTHETIC_ID: &str = "urn:contracts-import:";

/// One file bundled: where it is, the `$id` its references are rewritten to, and where it sits in the root.
struct Loaded {
    id: String,
    key: String,
}

/// `document`, read from `path`, with every schema it refers to in other files under `$defs` and every such
/// `$ref` rewritten to the bundled schema's `$id`. `max_bytes` bounds the files read together.
pub fn bundle(document: Value, path: &Path, max_bytes: u64) -> Result<Value, ImportError> {
    if path.as_os_str() == "-" || !has_file_refs(&document) {
        return Ok(document);
    }
    let file = path
        .canonicalize()
        .map_err(|e| ImportError(format!("cannot read `{}`: {e}", path.display())))?;
    let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut bundler = Bundler {
        folder,
        loaded: BTreeMap::new(),
        keys: HashSet::new(),
        pending: Vec::new(),
        ids: Vec::new(),
        total: fs::metadata(&file).map(|m| m.len()).unwrap_or(0),
        max_bytes,
    };
    if let Some(defs) = document.get("$defs").and_then(Value::as_object) {
        bundler.keys.extend(defs.keys().cloned());
    }
    let mut root = document;
    let root_id = bundler.own_id(&mut root, &file);
    bundler.loaded.insert(
        file.clone(),
        Loaded {
            id: root_id,
            key: String::new(),
        },
    );
    bundler.ids = nested_ids(&root);
    bundler.rewrite(&mut root, &file, 0)?;
    let mut defs = Map::new();
    while let Some((key, value)) = bundler.pending.pop() {
        defs.insert(key, value);
    }
    let Some(map) = root.as_object_mut() else {
        return Ok(root);
    };
    let target = map
        .entry("$defs")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(target) = target.as_object_mut() {
        target.extend(defs);
    }
    Ok(root)
}

struct Bundler {
    folder: PathBuf,
    loaded: BTreeMap<PathBuf, Loaded>,
    keys: HashSet<String>,
    pending: Vec<(String, Value)>,
    /// The `$id`s declared inside the file being rewritten: a reference to one of them is not a file.
    ids: Vec<String>,
    total: u64,
    max_bytes: u64,
}

impl Bundler {
    /// The `$id` of a file's schema, given one (from its path inside the folder) when it declares none.
    fn own_id(&self, value: &mut Value, file: &Path) -> String {
        if let Some(id) = value.get("$id").and_then(Value::as_str) {
            return id.split('#').next().unwrap_or("").to_owned();
        }
        let relative = file.strip_prefix(&self.folder).unwrap_or(file);
        let id = format!(
            "{SYNTHETIC_ID}{}",
            relative.to_string_lossy().replace('\\', "/")
        );
        if let Some(map) = value.as_object_mut() {
            map.insert("$id".into(), Value::String(id.clone()));
        }
        id
    }

    /// Rewrites the file references inside `value` (read from `file`), loading the files they name.
    fn rewrite(&mut self, value: &mut Value, file: &Path, depth: usize) -> Result<(), ImportError> {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref")
                    && let Some((target, fragment)) = file_part(reference)
                    && !self
                        .ids
                        .iter()
                        .any(|id| id == &target || id.ends_with(&format!("/{target}")))
                {
                    let id = self.load(&target, reference, file, depth)?;
                    *reference = if fragment.is_empty() {
                        id
                    } else {
                        format!("{id}#{fragment}")
                    };
                }
                for (key, child) in map.iter_mut() {
                    if key != "$ref" {
                        self.rewrite(child, file, depth)?;
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.rewrite(item, file, depth)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The `$id` of the file `target` names (relative to `from`), read and bundled on first use.
    fn load(
        &mut self,
        target: &str,
        reference: &str,
        from: &Path,
        depth: usize,
    ) -> Result<String, ImportError> {
        let shown = self.shown(from);
        let decoded = percent_encoding::percent_decode_str(target)
            .decode_utf8_lossy()
            .into_owned();
        if Path::new(&decoded).is_absolute() {
            return fail(format!(
                "the $ref `{reference}` in `{shown}` names the absolute path `{decoded}`; import reads only files \
                 beside the imported one: write the path relative to `{shown}`"
            ));
        }
        let base = from.parent().unwrap_or(&self.folder);
        let joined = normalise(&base.join(&decoded));
        if !joined.starts_with(&self.folder) {
            return fail(format!(
                "the $ref `{reference}` in `{shown}` leaves the folder of the imported file (`{}`); import reads only \
                 files inside it: copy the schema into that folder, or import from a folder that holds both",
                self.folder.display()
            ));
        }
        if !joined.is_file() {
            return fail(format!(
                "the $ref `{reference}` in `{shown}` names `{}`, which does not exist; put the schema there, or \
                 correct the reference",
                joined.display()
            ));
        }
        let canonical = joined
            .canonicalize()
            .map_err(|e| ImportError(format!("cannot read `{}`: {e}", joined.display())))?;
        if !canonical.starts_with(&self.folder) {
            return fail(format!(
                "the $ref `{reference}` in `{shown}` leads (through a link) out of the folder of the imported file \
                 (`{}`); import reads only files inside it",
                self.folder.display()
            ));
        }
        if let Some(loaded) = self.loaded.get(&canonical) {
            return Ok(loaded.id.clone());
        }
        if depth + 1 > MAX_DEPTH {
            return fail(format!(
                "the $ref `{reference}` in `{shown}` is the end of a chain of more than {MAX_DEPTH} files referring \
                 to the next; bundle the schemas into fewer files"
            ));
        }
        if self.loaded.len() >= MAX_FILES {
            return fail(format!(
                "the schema refers to more than {MAX_FILES} files; bundle them into fewer files first"
            ));
        }
        let source =
            input::read(&canonical, self.max_bytes.saturating_sub(self.total)).map_err(|e| {
                ImportError(format!(
                    "{}; the imported file and the files it refers to may hold {} together",
                    e.0,
                    human_bytes(self.max_bytes)
                ))
            })?;
        self.total += source.text.len() as u64;
        let mut value = input::parse(&source, &contracts_core::limits::Limits::default())?;
        let id = self.own_id(&mut value, &canonical);
        let key = self.key_for(&canonical);
        self.loaded.insert(
            canonical.clone(),
            Loaded {
                id: id.clone(),
                key: key.clone(),
            },
        );
        let outer = std::mem::replace(&mut self.ids, nested_ids(&value));
        self.rewrite(&mut value, &canonical, depth + 1)?;
        self.ids = outer;
        if let Some(map) = value.as_object_mut() {
            // The bundled schema's own `$schema` is the root's.
            map.remove("$schema");
        }
        self.pending.push((key, value));
        Ok(id)
    }

    /// A `$defs` key for a bundled file: its name without `.schema.json`, made unique.
    fn key_for(&mut self, file: &Path) -> String {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = ["schema.json", "schema.yaml", "json", "yaml", "yml"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .map(|s| s.trim_end_matches('.'))
            .unwrap_or(&name)
            .trim_end_matches(".schema")
            .to_owned();
        let mut key = stem.clone();
        let mut n = 2;
        while self.keys.contains(&key) || self.loaded.values().any(|l| l.key == key) {
            key = format!("{stem}-{n}");
            n += 1;
        }
        self.keys.insert(key.clone());
        key
    }

    fn shown(&self, file: &Path) -> String {
        file.strip_prefix(&self.folder)
            .unwrap_or(file)
            .display()
            .to_string()
    }
}

/// The file part and fragment of a reference to another file: `None` for `#...`, for URIs with a scheme
/// (`https:`, `urn:`) and for absolute paths (`/api/schemas/pet`): those are `$id`s, which `refs` resolves
/// inside the document or refuses.
fn file_part(reference: &str) -> Option<(String, String)> {
    let (uri, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if uri.is_empty() || uri.starts_with('/') || has_scheme(uri) {
        return None;
    }
    Some((uri.to_owned(), fragment.to_owned()))
}

/// The `$id`s the schemas inside a file declare (not its own).
fn nested_ids(value: &Value) -> Vec<String> {
    fn walk(value: &Value, top: bool, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if !top && let Some(id) = map.get("$id").and_then(Value::as_str) {
                    out.push(id.split('#').next().unwrap_or("").to_owned());
                }
                for child in map.values() {
                    walk(child, false, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, false, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, true, &mut out);
    out
}

/// Whether any `$ref` of the document names another file.
fn has_file_refs(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            map.get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| file_part(r).is_some())
                || map.values().any(has_file_refs)
        }
        Value::Array(items) => items.iter().any(has_file_refs),
        _ => false,
    }
}

fn has_scheme(uri: &str) -> bool {
    uri.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `a/b/../c` as `a/c`, without touching the disk (the file may not exist).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A folder `schemas/` inside a temporary folder, with the files given, and the error or document of
    /// bundling `schemas/main.json`.
    fn bundled(files: &[(&str, Value)]) -> Result<Value, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let schemas = dir.path().join("schemas");
        for (name, value) in files {
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            fs::write(&path, value.to_string()).map_err(|e| e.to_string())?;
        }
        let main = schemas.join("main.json");
        let text = fs::read_to_string(&main).map_err(|e| e.to_string())?;
        let document: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        bundle(document, &main, 1024 * 1024).map_err(|e| e.0)
    }

    #[test]
    fn bundles_files_in_the_folder_tree_and_rewrites_their_refs() {
        let result = bundled(&[
            (
                "schemas/main.json",
                json!({"properties": {"owner": {"$ref": "records/owner.schema.json"}}}),
            ),
            (
                "schemas/records/owner.schema.json",
                json!({"$id": "https://x.example/records/owner.schema.json",
                       "properties": {"id": {"$ref": "../id.json#/$defs/code"}}}),
            ),
            (
                "schemas/id.json",
                json!({"$defs": {"code": {"type": "string"}}}),
            ),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            result.pointer("/properties/owner/$ref"),
            Some(&json!("https://x.example/records/owner.schema.json"))
        );
        assert_eq!(
            result.pointer("/$defs/owner/properties/id/$ref"),
            Some(&json!("urn:contracts-import:id.json#/$defs/code"))
        );
        assert_eq!(
            result.pointer("/$defs/id/$id"),
            Some(&json!("urn:contracts-import:id.json"))
        );
        let document = super::super::refs::Document::new(&result);
        let at = super::super::refs::At {
            pointer: "/$defs/owner/properties/id".to_owned(),
            base: "https://x.example/records/owner.schema.json".to_owned(),
        };
        let target = document.follow(&at).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(target.pointer, "/$defs/id/$defs/code");
    }

    #[test]
    fn a_cycle_between_files_is_bundled_once() {
        let result = bundled(&[
            (
                "schemas/main.json",
                json!({"properties": {"b": {"$ref": "b.json"}}}),
            ),
            (
                "schemas/b.json",
                json!({"properties": {"a": {"$ref": "main.json"}, "b": {"$ref": "b.json"}}}),
            ),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let defs = result.get("$defs").and_then(Value::as_object);
        assert_eq!(defs.map(Map::len), Some(1), "{result}");
        assert_eq!(
            result.pointer("/$defs/b/properties/a/$ref"),
            Some(&json!("urn:contracts-import:main.json"))
        );
    }

    #[test]
    fn refuses_missing_files_paths_outside_the_folder_and_the_network() {
        let cases = [
            ("missing.json", "which does not exist"),
            ("../../etc/passwd", "leaves the folder of the imported file"),
            ("../outside.json", "leaves the folder of the imported file"),
            ("records/../../outside.json", "leaves the folder"),
        ];
        for (reference, expected) in cases {
            let message = bundled(&[
                (
                    "schemas/main.json",
                    json!({"properties": {"x": {"$ref": reference}}}),
                ),
                ("outside.json", json!({"type": "string"})),
            ])
            .err()
            .unwrap_or_default();
            assert!(message.contains(expected), "{reference}: {message}");
            assert!(message.contains(reference), "{reference}: {message}");
        }
        // A remote reference is left to `refs`, which refuses it without fetching anything.
        let remote = bundled(&[(
            "schemas/main.json",
            json!({"properties": {"x": {"$ref": "https://example.com/x.json"}}}),
        )])
        .unwrap_or_else(|e| panic!("{e}"));
        let document = super::super::refs::Document::new(&remote);
        let at = super::super::refs::At {
            pointer: "/properties/x".to_owned(),
            base: String::new(),
        };
        let message = document.follow(&at).err().map(|e| e.0).unwrap_or_default();
        assert!(message.contains("never fetches"), "{message}");
    }

    #[test]
    fn the_files_together_stay_within_the_size_limit() {
        let big = json!({"description": "x".repeat(4096)});
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.path().join("big.json"), big.to_string()).unwrap_or_else(|e| panic!("{e}"));
        let main = dir.path().join("main.json");
        let document = json!({"properties": {"x": {"$ref": "big.json"}}});
        fs::write(&main, document.to_string()).unwrap_or_else(|e| panic!("{e}"));
        let message = bundle(document, &main, 1024)
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert!(message.contains("may hold 1 KiB together"), "{message}");
    }
}
