//! Hostile and broken files: each gets a clear, positioned error (or is accepted), never a panic or a hang.

use std::fs;
use std::path::PathBuf;

use contracts_core::limits::Limits;
use contracts_core::load::{Loaded, load_dir};
use contracts_tests::fixture;

/// Loads one fixture file on its own and returns `code line:column` of each finding (empty when accepted).
fn load_one(name: &str, limits: &Limits) -> (Loaded, Vec<String>) {
    let path = fixture("hostile").join(name);
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut loaded = Loaded::default();
    loaded.add_bytes(format!("contracts/{name}"), path, &bytes, limits);
    let findings = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d
                .primary
                .as_ref()
                .map_or((0, 0), |p| (p.span.line, p.span.column));
            format!("{} {line}:{column}", d.code.as_str())
        })
        .collect();
    (loaded, findings)
}

#[test]
fn each_hostile_file_gets_its_error() {
    let cases: &[(&str, Option<&str>)] = &[
        ("invalid-utf8.yaml", Some("invalid-utf8 3:14")),
        ("nul-byte.yaml", Some("nul-byte 3:12")),
        ("duplicate-keys.yaml", Some("duplicate-key 3:3")),
        ("alias-bomb.yaml", Some("yaml-limit")),
        ("deep-flow.yaml", Some("yaml-limit")),
        ("deep-block.yaml", Some("yaml-limit")),
        ("multiple-documents.yaml", Some("multiple-documents")),
        ("non-string-key.yaml", Some("yaml-syntax")),
        ("empty.yaml", Some("empty-file 1:1")),
        ("comments-only.yaml", Some("empty-file 1:1")),
        ("tab-indent.yaml", Some("yaml-syntax 2:2")),
        ("unknown-kind.yaml", Some("invalid-shape 1:1")),
        ("two-kinds.yaml", Some("invalid-shape")),
        ("not-a-mapping.yaml", Some("invalid-shape")),
        ("number-as-text.yaml", Some("invalid-shape 3:10")),
        ("bom.yaml", None),
        ("crlf.yaml", None),
        ("number-as-id.yaml", None),
    ];
    for (name, expected) in cases {
        let (loaded, findings) = load_one(name, &Limits::default());
        match expected {
            None => {
                assert!(findings.is_empty(), "{name} should load, got {findings:?}");
                assert_eq!(loaded.documents.len(), 1, "{name}");
            }
            Some(expected) => {
                assert_eq!(findings.len(), 1, "{name}: {findings:?}");
                assert!(
                    findings[0].starts_with(expected),
                    "{name}: expected `{expected}`, got `{}`",
                    findings[0]
                );
                assert!(
                    loaded.documents.is_empty(),
                    "{name} must not produce a document"
                );
                let message = &loaded
                    .diagnostics
                    .iter()
                    .next()
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                assert!(!message.is_empty(), "{name}: empty message");
            }
        }
    }
}

#[test]
fn bom_and_crlf_keep_positions_of_the_file_on_disk() {
    let (loaded, _) = load_one("crlf.yaml", &Limits::default());
    let text = &loaded.sources.get(loaded.documents[0].0).text;
    assert!(!text.contains('\r'));
    let (loaded, _) = load_one("bom.yaml", &Limits::default());
    assert!(
        loaded
            .sources
            .get(loaded.documents[0].0)
            .text
            .starts_with("record:")
    );
}

#[test]
fn every_error_has_a_help() {
    for file in
        contracts_core::walk::files(&fixture("hostile"), contracts_core::walk::Hidden::Include)
    {
        let name = file.unwrap_or_else(|e| panic!("{e}")).name;
        let (loaded, _) = load_one(&name, &Limits::default());
        for diagnostic in loaded.diagnostics.iter() {
            assert!(
                diagnostic.help.is_some(),
                "{name}: {} has no help",
                diagnostic.code.as_str()
            );
        }
    }
}

/// A throwaway project holding the given files under `contracts/`.
fn project(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let contracts = dir.path().join("contracts");
    for (name, bytes) in files {
        let path = contracts.join(name);
        fs::create_dir_all(path.parent().unwrap_or(&contracts)).unwrap_or_else(|e| panic!("{e}"));
        fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    (dir, contracts)
}

fn codes(loaded: &Loaded) -> Vec<&'static str> {
    loaded.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let limits = Limits {
        max_file_bytes: 1024,
        ..Limits::default()
    };
    let big = format!("record:\n  id: big\n  label: \"{}\"\n", "x".repeat(2000));
    let (_dir, contracts) = project(&[("big.yaml", big.into_bytes())]);
    let loaded = load_dir(&contracts, &limits);
    assert_eq!(codes(&loaded), ["file-too-large"]);
    assert!(loaded.sources.is_empty());
}

#[test]
fn a_string_over_the_length_limit_is_pointed_at() {
    let limits = Limits {
        max_string_bytes: 100,
        ..Limits::default()
    };
    let text = format!("record:\n  id: long\n  label: \"{}\"\n", "x".repeat(200));
    let (_dir, contracts) = project(&[("long.yaml", text.into_bytes())]);
    let loaded = load_dir(&contracts, &limits);
    assert_eq!(codes(&loaded), ["string-too-long"]);
    let span = loaded
        .diagnostics
        .iter()
        .next()
        .and_then(|d| d.primary.clone())
        .map(|p| (p.span.line, p.span.column));
    assert_eq!(span, Some((3, 10)));
}

#[test]
fn too_many_files_stop_before_reading() {
    let limits = Limits {
        max_files: 2,
        ..Limits::default()
    };
    let files: Vec<(String, Vec<u8>)> = (0..3)
        .map(|i| (format!("f{i}.yaml"), b"x: 1\n".to_vec()))
        .collect();
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let (_dir, contracts) = project(&files);
    let loaded = load_dir(&contracts, &limits);
    assert_eq!(codes(&loaded), ["too-many-files"]);
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let (dir, contracts) = project(&[("a.yaml", b"record:\n  id: a\n".to_vec())]);
    std::os::unix::fs::symlink("/etc/passwd", contracts.join("link.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let loaded = load_dir(&contracts, &Limits::default());
    assert!(codes(&loaded).contains(&"symlink"));
    assert_eq!(loaded.sources.len(), 1);
    drop(dir);
}

#[test]
fn hidden_and_other_files_are_ignored() {
    let (_dir, contracts) = project(&[
        (".draft.yaml", b"\0".to_vec()),
        ("notes.txt", b"\0".to_vec()),
        (
            "a.yml",
            b"record:\n  id: a\n  label: {vi: a, en: b}\n  fields: {}\n".to_vec(),
        ),
    ]);
    let loaded = load_dir(&contracts, &Limits::default());
    assert!(loaded.diagnostics.is_empty(), "{:?}", codes(&loaded));
    assert_eq!(loaded.documents.len(), 1);
}
