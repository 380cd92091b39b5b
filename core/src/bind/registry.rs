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

/// The registry for the crate being compiled: `registry = "..."` in the attribute (relative to the crate), the
/// `CONTRACTS_ROOT` variable, the nearest folder above the crate that holds `contracts/registry.yaml`, or else the
/// registry these macros come from (the repository of the `contracts-macros` a crate depends on, at the same
/// revision).
pub fn load(explicit: Option<&str>) -> Result<Arc<Loaded>, String> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let root = match (explicit, std::env::var_os(ROOT_VAR)) {
        (Some(path), _) => manifest_dir.unwrap_or_default().join(path),
        (None, Some(root)) => PathBuf::from(root),
        (None, None) => {
            let start = manifest_dir.unwrap_or_default();
            find_project_root(&start).or_else(bundled_root).ok_or_else(|| {
                format!(
                    "no `{CONTRACTS_DIR}/registry.yaml` in {} or any folder above it; set {ROOT_VAR} or give \
                     `registry = \"<path to the project>\"` in the attribute",
                    start.display()
                )
            })?
        }
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
