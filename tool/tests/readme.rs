//! The README is true: every path it names exists, each finding it shows is what the tool prints for the mistake
//! it describes, its snippet for a ministry's own crate says what the example crate says, and its two commands
//! work on a fresh clone.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{contracts, copy_tree, stderr, workspace};
use regex::Regex;

fn readme() -> String {
    fs::read_to_string(workspace().join("README.md")).unwrap_or_else(|e| panic!("README.md: {e}"))
}

/// The folders of the repository a path in the README can start with.
const ROOTS: &str =
    r"contracts|core|tool|runtime|macros|tests|generated|examples|docs-site|\.ci|\.cargo";

/// Paths the README names that a fresh clone does not have, as the README says: made by `build` (the website and
/// its work folder, migration guides once a release has a predecessor).
const NOT_IN_A_FRESH_CLONE: &[&str] = &[
    "docs-site/public",
    "docs-site/.public-build/",
    "generated/migrations/",
];

/// Every path-like word of the README under a folder of the repository, without a trailing `:line:column` or
/// punctuation; placeholders (`<id>`, `*`, `...`) are left out.
fn paths_named(text: &str) -> Vec<String> {
    let pattern = Regex::new(&format!(
        r"(?:^|[\s`(\[])((?:{ROOTS})/[A-Za-z0-9_./<>*{{}},-]*)"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let position = Regex::new(r"(:[0-9]+)+$").unwrap_or_else(|e| panic!("{e}"));
    let mut paths: Vec<String> = pattern
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str().trim_end_matches(['.', ',', ':', ')']).to_owned())
        .map(|p| position.replace(&p, "").into_owned())
        .filter(|p| !p.contains(['<', '*', '{']) && !p.contains("..."))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

#[test]
fn every_path_the_readme_names_exists() {
    let root = workspace();
    let named = paths_named(&readme());
    assert!(named.len() > 20, "too few paths found: {named:?}");
    let missing: Vec<&String> = named
        .iter()
        .filter(|p| !NOT_IN_A_FRESH_CLONE.iter().any(|m| p.starts_with(m)))
        .filter(|p| !root.join(p).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "the README names paths that do not exist: {missing:?}"
    );
}

#[test]
fn paths_are_read_without_positions_punctuation_or_placeholders() {
    let text = "see `contracts/registry.yaml`, then --> core/src/lib.rs:12:5 and contracts/owners/<owner>/x.yaml (tool/src/cli.rs).";
    assert_eq!(
        paths_named(text),
        [
            "contracts/registry.yaml",
            "core/src/lib.rs",
            "tool/src/cli.rs"
        ]
    );
}

/// A block of the README that a test reproduces: the edit it describes, and what the command prints.
struct Scenario {
    file: String,
    before: String,
    after: String,
    exit: i32,
    expected: String,
}

/// The blocks marked `<!-- readme-test: in FILE replace "A" with "B", then `cargo contracts check` exits N and
/// prints -->`, each with the text block under it.
fn scenarios(text: &str) -> Vec<Scenario> {
    let marker = Regex::new(
        r#"<!-- readme-test: in (\S+) replace "([^"]*)" with "([^"]*)", then `cargo contracts check` exits ([0-9]) and prints -->\n```text\n((?s:.*?))```"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    marker
        .captures_iter(text)
        .map(|c| Scenario {
            file: c[1].to_owned(),
            before: c[2].to_owned(),
            after: c[3].to_owned(),
            exit: c[4].parse().unwrap_or(-1),
            expected: c[5].to_owned(),
        })
        .collect()
}

#[test]
fn the_findings_the_readme_shows_are_what_check_prints() {
    let all = scenarios(&readme());
    assert!(
        !all.is_empty(),
        "no `readme-test` block found in the README"
    );
    for scenario in all {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        copy_tree(
            &workspace().join("contracts"),
            &dir.path().join("contracts"),
        );
        let path = dir.path().join(&scenario.file);
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", scenario.file));
        assert_eq!(
            text.matches(&scenario.before).count(),
            1,
            "{}: `{}` must occur exactly once",
            scenario.file,
            scenario.before
        );
        fs::write(&path, text.replacen(&scenario.before, &scenario.after, 1))
            .unwrap_or_else(|e| panic!("{e}"));
        let output = contracts()
            .current_dir(dir.path())
            .arg("check")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            output.status.code(),
            Some(scenario.exit),
            "{}",
            stderr(&output)
        );
        assert_eq!(
            stderr(&output),
            scenario.expected,
            "the README's block is stale"
        );
    }
}

#[test]
fn the_snippet_for_a_ministrys_crate_says_what_the_example_crate_says() {
    let text = readme();
    let block = Regex::new(r"```toml\n((?s:.*?))```")
        .unwrap_or_else(|e| panic!("{e}"))
        .captures_iter(&text)
        .map(|c| c[1].to_owned())
        .find(|b| b.contains("[package.metadata.contracts]"))
        .unwrap_or_else(|| panic!("no toml block with [package.metadata.contracts] in the README"));
    let snippet: toml::Table = toml::from_str(&block).unwrap_or_else(|e| panic!("{e}\n{block}"));
    let example_path = workspace().join("examples/ministry-dossiers/Cargo.toml");
    let example: toml::Table =
        toml::from_str(&fs::read_to_string(&example_path).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    let registry = |table: &toml::Table| {
        table
            .get("package")
            .and_then(|p| p.get("metadata"))
            .and_then(|m| m.get("contracts"))
            .and_then(|c| c.get("registry"))
            .and_then(toml::Value::as_str)
            .map(str::to_owned)
    };
    let in_snippet = registry(&snippet).unwrap_or_else(|| panic!("no registry in the snippet"));
    let in_example = registry(&example).unwrap_or_else(|| panic!("no registry in the example"));
    let checkout = in_snippet.as_str();
    for crate_name in ["contracts-macros", "contracts-runtime"] {
        let path = |table: &toml::Table| {
            table
                .get("dependencies")
                .and_then(|d| d.get(crate_name))
                .and_then(|c| c.get("path"))
                .and_then(toml::Value::as_str)
                .map(str::to_owned)
        };
        let snippet_path = path(&snippet).unwrap_or_else(|| panic!("{crate_name} in the snippet"));
        assert!(
            snippet_path.starts_with(checkout),
            "{crate_name} comes from the same checkout as the registry: {snippet_path}"
        );
        let example_crate = workspace().join("examples/ministry-dossiers");
        let resolved = example_crate.join(&in_example).join(
            snippet_path
                .strip_prefix(checkout)
                .unwrap_or_default()
                .trim_start_matches('/'),
        );
        assert!(
            resolved.join("Cargo.toml").exists(),
            "{}",
            resolved.display()
        );
    }
    assert!(
        Path::new(
            &workspace()
                .join("examples/ministry-dossiers")
                .join(&in_example)
        )
        .join("contracts/registry.yaml")
        .exists(),
        "the example's registry setting names the project"
    );
}

#[test]
fn the_two_commands_work_on_a_fresh_clone() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let clone = dir.path().join("clone");
    let status = Command::new("git")
        .args(["clone", "--quiet", "--no-hardlinks"])
        .arg(workspace())
        .arg(&clone)
        .status()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(status.success(), "git clone failed");
    let build = contracts()
        .current_dir(&clone)
        .arg("build")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(clone.join("docs-site/public/index.html").exists());
    let again = contracts()
        .current_dir(&clone)
        .args(["build", "--check"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
}
