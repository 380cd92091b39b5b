//! Shared helpers for the integration tests: where the fixtures are, and compact views of findings.

pub mod base;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use contracts_core::diagnostic::{Diagnostic, Diagnostics};
use contracts_core::generate::Outputs;
use contracts_core::limits::Limits;
use contracts_core::model::Registry;
use contracts_core::walk::{self, Hidden};

/// The workspace root (the folder holding `contracts/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A fixture project under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// Copies every file under `from` (hidden ones included) to the same place under `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for file in walk::files(from, Hidden::Include) {
        let file = file.unwrap_or_else(|e| panic!("{e}"));
        let target = to.join(&file.name);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        fs::copy(&file.path, &target).unwrap_or_else(|e| panic!("{}: {e}", file.path.display()));
    }
}

/// Every file under `dir` (hidden ones included), by `/`-separated relative name, with its bytes.
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk::files(dir, Hidden::Include)
        .map(|file| {
            let file = file.unwrap_or_else(|e| panic!("{e}"));
            let bytes =
                fs::read(&file.path).unwrap_or_else(|e| panic!("{}: {e}", file.path.display()));
            (file.name, bytes)
        })
        .collect()
}

/// Every JSON Schema among `outputs`, under its `$id`: the registry that resolves the `$ref`s between the files,
/// as any validator given all of them does.
pub fn schema_registry(outputs: &Outputs) -> jsonschema::Registry<'static> {
    let resources = outputs
        .iter()
        .filter(|(name, _)| name.starts_with("jsonschema/"))
        .map(|(name, bytes)| {
            let value: serde_json::Value =
                serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            let id = value["$id"]
                .as_str()
                .unwrap_or_else(|| panic!("{name} has no $id"))
                .to_owned();
            (id, value)
        });
    jsonschema::Registry::new()
        .extend(resources)
        .and_then(|builder| builder.prepare())
        .unwrap_or_else(|e| panic!("the schemas do not form a registry: {e}"))
}

/// A validator of the schema file `name` among `outputs`, with every other schema file at hand for its `$ref`s.
pub fn schema_validator(
    outputs: &Outputs,
    registry: &jsonschema::Registry<'static>,
    name: &str,
) -> jsonschema::Validator {
    let bytes = outputs
        .get(name)
        .unwrap_or_else(|| panic!("no output {name}"));
    let schema: serde_json::Value =
        serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    jsonschema::options()
        .with_registry(registry)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Loads and checks the registry of a project folder with the default limits.
pub fn check_project(root: &Path) -> (Registry, Diagnostics) {
    contracts_core::check_dir(&root.join("contracts"), &Limits::default())
}

/// One line per finding: `error unknown-reference contracts/x.yaml:3:7`.
pub fn locations(registry: &Registry, diagnostics: &Diagnostics) -> Vec<String> {
    diagnostics.iter().map(|d| location(registry, d)).collect()
}

/// `severity code file:line:column` of one finding (without the place when it has none).
pub fn location(registry: &Registry, d: &Diagnostic) -> String {
    let place = d.primary.as_ref().map_or_else(String::new, |p| {
        format!(
            " {}:{}:{}",
            registry.sources.get(p.span.file).name,
            p.span.line,
            p.span.column
        )
    });
    format!("{} {}{place}", d.severity.as_str(), d.code.as_str())
}

/// Builds the Rust crate among `outputs` outside the workspace, with warnings denied, and runs its tests
/// (every contract example round-trips through its type). The manifest is spelled out here because the
/// generated one inherits its settings from this workspace.
pub fn generated_crate_passes(outputs: &Outputs) -> bool {
    let Ok(dir) = tempfile::tempdir() else {
        return false;
    };
    for (name, bytes) in outputs.iter() {
        let Some(relative) = name.strip_prefix("rust/") else {
            continue;
        };
        if !(relative.starts_with("src/") || relative.starts_with("tests/")) {
            continue;
        }
        let path = dir.path().join(relative);
        let written = path
            .parent()
            .is_some_and(|parent| fs::create_dir_all(parent).is_ok())
            && fs::write(&path, bytes).is_ok();
        if !written {
            return false;
        }
    }
    let root = workspace_root();
    let manifest = format!(
        "[package]\nname = \"vpcp-contracts\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [lib]\ndoctest = false\n\n\
         [dependencies]\ncontracts-runtime = {{ path = {:?} }}\n\n\
         [dev-dependencies]\nserde_json = \"1\"\n\n[workspace]\n",
        root.join("runtime")
    );
    if fs::write(dir.path().join("Cargo.toml"), manifest).is_err()
        || fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock")).is_err()
    {
        return false;
    }
    Command::new(env!("CARGO"))
        .args(["test", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.path().join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/compile-tests"))
        .env("RUSTFLAGS", "-D warnings")
        .status()
        .is_ok_and(|status| status.success())
}
