//! Finding and loading the registry once per compilation, and telling cargo which files it depends on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::limits::Limits;
use crate::model::Registry;
use crate::{CONTRACTS_DIR, check_dir, find_project_root};
use proc_macro2::TokenStream;
use quote::quote;

/// The environment variable naming the project folder (the one holding `contracts/`), as for the CLI.
const ROOT_VAR: &str = "CONTRACTS_ROOT";

/// A checked registry and the files it was read from.
pub struct Loaded {
    pub registry: Registry,
    pub files: Vec<PathBuf>,
}

type Cache = Mutex<HashMap<PathBuf, Arc<Loaded>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Cache::default)
}

/// The registry for the crate being compiled, from the first of: `registry = "..."` in the attribute (relative to
/// the crate), the `CONTRACTS_ROOT` variable, `[package.metadata.contracts] registry = "..."` in the crate's
/// `Cargo.toml` (relative to it), the nearest folder above the crate that holds `contracts/registry.yaml`, or else
/// the registry these macros come from (the repository of the `contracts-macros` a crate depends on, at the same
/// revision).
pub fn load(explicit: Option<&str>) -> Result<Arc<Loaded>, String> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let root = match (explicit, std::env::var_os(ROOT_VAR)) {
        (Some(path), _) => manifest_dir.join(path),
        (None, Some(root)) => PathBuf::from(root),
        (None, None) => match from_manifest(&manifest_dir)? {
            Some(path) => manifest_dir.join(path),
            None => find_project_root(&manifest_dir)
                .or_else(bundled_root)
                .ok_or_else(|| {
                    format!(
                        "no `{CONTRACTS_DIR}/registry.yaml` in {} or any folder above it; name the project folder \
                         once in the crate's Cargo.toml (`[package.metadata.contracts]` with `registry = \"<path>\"`), \
                         or set {ROOT_VAR}",
                        manifest_dir.display()
                    )
                })?,
        },
    };
    let root = root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", root.display()))?;
    let mut cache = cache()
        .lock()
        .map_err(|_| "the registry cache is poisoned".to_owned())?;
    if let Some(loaded) = cache.get(&root) {
        return Ok(Arc::clone(loaded));
    }
    let loaded = Arc::new(read(&root)?);
    cache.insert(root, Arc::clone(&loaded));
    Ok(loaded)
}

/// `registry` of `[package.metadata.contracts]` in the `Cargo.toml` of the crate in `manifest_dir`, if set.
fn from_manifest(manifest_dir: &Path) -> Result<Option<String>, String> {
    let path = manifest_dir.join("Cargo.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    registry_in_manifest(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The `registry` setting in the text of a `Cargo.toml`.
fn registry_in_manifest(text: &str) -> Result<Option<String>, String> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        package: Option<Package>,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        metadata: Option<Metadata>,
    }
    #[derive(serde::Deserialize)]
    struct Metadata {
        contracts: Option<Settings>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Settings {
        registry: String,
    }
    let manifest: Manifest = toml::from_str(text).map_err(|e| {
        format!("`[package.metadata.contracts]` cannot be read: {e}; write `registry = \"<path to the project>\"`")
    })?;
    Ok(manifest
        .package
        .and_then(|p| p.metadata)
        .and_then(|m| m.contracts)
        .map(|c| c.registry))
}

/// The project these macros were built from, when they were built inside one.
fn bundled_root() -> Option<PathBuf> {
    find_project_root(Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn read(root: &Path) -> Result<Loaded, String> {
    let contracts = root.join(CONTRACTS_DIR);
    let (registry, diagnostics) = check_dir(&contracts, &Limits::default());
    if diagnostics.has_errors() {
        return Err(format!(
            "the registry in {} has errors ({}); run `cargo contracts check`",
            contracts.display(),
            diagnostics.summary()
        ));
    }
    let files = registry
        .sources
        .files()
        .map(|(_, file)| file.path.clone())
        .collect();
    Ok(Loaded { registry, files })
}

/// `include_bytes!` of each file, so that editing a contract recompiles the crates bound to it.
pub fn track(files: &[PathBuf]) -> TokenStream {
    let paths = files.iter().filter_map(|p| p.to_str());
    quote! {
        const _: () = { #(let _ = include_bytes!(#paths);)* };
    }
}

#[cfg(test)]
mod tests {
    use super::registry_in_manifest;

    #[test]
    fn the_registry_is_read_from_the_package_metadata() {
        let cases: &[(&str, Result<Option<&str>, &str>)] = &[
            ("[package]\nname = \"a\"\n", Ok(None)),
            (
                "[package]\nname = \"a\"\n[package.metadata.contracts]\nregistry = \"../registry\"\n",
                Ok(Some("../registry")),
            ),
            ("[workspace]\nmembers = []\n", Ok(None)),
            ("[package.metadata.other]\nx = 1\n", Ok(None)),
            (
                "[package.metadata.contracts]\nregistri = \"x\"\n",
                Err("unknown field `registri`"),
            ),
            (
                "[package.metadata.contracts]\nregistry = 3\n",
                Err("invalid type"),
            ),
        ];
        for (text, expected) in cases {
            let found = registry_in_manifest(text);
            match (expected, &found) {
                (Ok(want), Ok(got)) => assert_eq!(got.as_deref(), *want, "{text}"),
                (Err(part), Err(message)) => assert!(message.contains(part), "{text}: {message}"),
                _ => panic!("{text}: expected {expected:?}, found {found:?}"),
            }
        }
    }
}
