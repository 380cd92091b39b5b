//! Property tests: random and mutated YAML never panics the loader, and random contracts that pass `check`
//! give well-formed outputs from every emitter. Bounded, so they run in the normal test suite; longer runs
//! use the cargo-fuzz target in `fuzz/`.

use std::fs;
use std::path::PathBuf;

use contracts_core::generate;
use contracts_core::limits::Limits;
use contracts_core::load::Loaded;
use contracts_core::resolve::resolve;
use contracts_tests::{fixture, workspace_root};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Loads `extra` beside the files of the small fixture registry, checks it, and builds every output of a
/// registry that passes; returns whether it passed.
fn load_and_build(extra: &[u8]) -> bool {
    let base = fixture("small").join("contracts");
    let mut loaded = Loaded::default();
    let limits = Limits::default();
    for name in [
        "registry.yaml",
        "legal/circular.yaml",
        "catalogues/status.yaml",
        "records/fee.yaml",
    ] {
        let bytes = fs::read(base.join(name)).unwrap_or_default();
        loaded.add_bytes(
            format!("contracts/{name}"),
            base.join(name),
            &bytes,
            &limits,
        );
    }
    loaded.add_bytes(
        "contracts/contracts/random.yaml".into(),
        PathBuf::from("random.yaml"),
        extra,
        &limits,
    );
    let (registry, diagnostics) = resolve(loaded);
    if diagnostics.has_errors() {
        // Rendering every finding must not panic either.
        let _ = diagnostics.to_json(&registry.sources);
        return false;
    }
    for (name, bytes) in generate::outputs(&registry) {
        if name.ends_with(".json") {
            assert!(
                serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
                "{name} is not JSON"
            );
        }
        if name.ends_with(".rs") {
            let text = String::from_utf8(bytes).unwrap_or_default();
            assert!(syn::parse_file(&text).is_ok(), "{name} is not Rust");
        }
    }
    true
}

fn real_contracts() -> Vec<Vec<u8>> {
    let dir = workspace_root().join("contracts/owners");
    let files: Vec<Vec<u8>> = [
        "vpcp/contracts/dossier-sync.yaml",
        "vpcp/contracts/sso-citizen.yaml",
        "vpcp/contracts/dossier-payment.yaml",
        "bca/databases/national-population.yaml",
        "btp/reuse/judicial-record-certificate.yaml",
    ]
    .iter()
    .map(|name| fs::read(dir.join(name)).unwrap_or_default())
    .collect();
    assert!(
        files.iter().all(|f| !f.is_empty()),
        "a real contract file is missing"
    );
    files
}

/// One edit of a file: cut a range, insert text, or repeat a line.
#[derive(Debug, Clone)]
enum Mutation {
    Cut(usize, usize),
    Insert(usize, String),
    RepeatLine(usize),
}

fn apply(bytes: &[u8], mutation: &Mutation) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match mutation {
        Mutation::Cut(at, len) => {
            let start = at % (out.len() + 1);
            let end = (start + len).min(out.len());
            out.drain(start..end);
        }
        Mutation::Insert(at, text) => {
            let at = at % (out.len() + 1);
            out.splice(at..at, text.bytes());
        }
        Mutation::RepeatLine(line) => {
            let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
            let pick = lines[line % lines.len()].to_vec();
            out.extend_from_slice(b"\n");
            out.extend_from_slice(&pick);
        }
    }
    out
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0usize..200).prop_map(|(a, l)| Mutation::Cut(a, l)),
        (
            any::<usize>(),
            "[ -~\n\t\u{00e0}\u{202e}:{}\\[\\]&*!|>'\"#-]{0,40}"
        )
            .prop_map(|(a, t)| Mutation::Insert(a, t)),
        any::<usize>().prop_map(Mutation::RepeatLine),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic_the_loader(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        load_and_build(&bytes);
    }

    #[test]
    fn mutated_contracts_never_panic(file in 0usize..3, edits in proptest::collection::vec(mutation(), 1..6)) {
        let mut bytes = real_contracts()[file].clone();
        for edit in &edits {
            bytes = apply(&bytes, edit);
        }
        load_and_build(&bytes);
    }

    #[test]
    fn random_contracts_give_well_formed_outputs(
        fields in proptest::collection::btree_map("[A-Za-z][A-Za-z0-9_$@.-]{0,12}", field(), 1..8),
        title in "\\PC{0,40}",
    ) {
        let mut yaml = format!(
            "contract:\n  id: random\n  version: 1.0.0\n  title: {{vi: {title:?}, en: {title:?}}}\n  legal: \"10.1\"\n  \
             provider: ministry-system\n  consumer: portal\n  channel: ndxp\n  operation: Random\n  method: POST\n  \
             path: /random\n  auth: session\n  request:\n    fields:\n"
        );
        for (wire, body) in &fields {
            yaml.push_str(&format!("      {wire:?}:\n{body}"));
        }
        yaml.push_str("  response:\n    fields:\n      ok: {label: {vi: \"x\", en: \"x\"}, legal: \"10.1\"}\n");
        load_and_build(yaml.as_bytes());
    }
}

/// A field's YAML body: a random type, wire format, list and constraints, with any text as its label.
fn field() -> impl Strategy<Value = String> {
    let ty = prop_oneof![
        Just("type: string".to_owned()),
        Just("type: integer".to_owned()),
        Just("type: integer\n        format: number".to_owned()),
        Just("type: decimal".to_owned()),
        Just("type: boolean\n        format: \"0/1\"".to_owned()),
        Just("type: date".to_owned()),
        Just("type: date-time\n        format: rfc3339".to_owned()),
        Just("catalogue: status".to_owned()),
        Just("record: fee".to_owned()),
    ];
    (ty, any::<bool>(), any::<bool>(), "\\PC{0,30}", prop::option::of("\\^[a-z0-9]{1,3}\\$")).prop_map(
        |(ty, required, list, label, pattern)| {
            let mut body = format!(
                "        label: {{vi: {label:?}, en: {label:?}}}\n        {ty}\n        required: {required}\n        legal: 10.1.a\n"
            );
            if list {
                body.push_str("        list: true\n");
            }
            if let Some(pattern) = pattern.filter(|_| ty == "type: string") {
                body.push_str(&format!("        pattern: '{pattern}'\n"));
            }
            body
        },
    )
}
