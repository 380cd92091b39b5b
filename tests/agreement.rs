//! One truth on the wire, measured: `validate`, the generated Rust types and the published JSON Schemas give the
//! same verdict on thousands of generated payloads (valid ones, and one mutation of each kind applied to them),
//! except in the cases the README lists as beyond JSON Schema, each asserted by name.

use std::collections::{BTreeMap, BTreeSet};

use contracts_core::generate;
use contracts_core::model::{Direction, Payload};
use contracts_core::payload::{Target, Validator};
use contracts_core::samples::{Maker, Mutation, Seed, mutate};
use contracts_tests::{check_project, schema_registry, schema_validator, workspace_root};
use serde::de::DeserializeOwned;
use vpcp_contracts::prelude::*;

/// How many valid payloads are made per contract; each is also mutated once per kind of mutation.
const VALID_PER_CONTRACT: u64 = 80;

/// The contracts and sides measured, with the verdict of their generated Rust type.
const MEASURED: &[(&str, Direction)] = &[
    ("dossier-sync", Direction::Request),
    ("dossier-sync", Direction::Response),
    ("dossier-progress", Direction::Request),
    ("dossier-payment", Direction::Request),
    ("portal-dossier-detail", Direction::Response),
    ("procedure-detail", Direction::Response),
    ("sso-citizen", Direction::Response),
];

/// The verdict of the generated type: it parses, and its `validate()` finds nothing.
fn typed<T: DeserializeOwned + Validate>(text: &str) -> bool {
    serde_json::from_str::<T>(text).is_ok_and(|value| value.validate().is_ok())
}

fn rust_verdict(contract: &str, side: Direction, text: &str) -> bool {
    use vpcp_contracts::*;
    match (contract, side) {
        ("dossier-sync", Direction::Request) => typed::<dossier_sync::DossierSyncRequest>(text),
        ("dossier-sync", Direction::Response) => typed::<dossier_sync::DossierSyncResponse>(text),
        ("dossier-progress", Direction::Request) => {
            typed::<dossier_progress::DossierProgressRequest>(text)
        }
        ("dossier-payment", Direction::Request) => {
            typed::<dossier_payment::DossierPaymentRequest>(text)
        }
        ("portal-dossier-detail", Direction::Response) => {
            typed::<portal_dossier_detail::PortalDossierDetailResponse>(text)
        }
        ("procedure-detail", Direction::Response) => {
            typed::<procedure_detail::ProcedureDetailResponse>(text)
        }
        ("sso-citizen", Direction::Response) => typed::<sso_citizen::SsoCitizenResponse>(text),
        _ => panic!("no generated type measured for {contract} {side:?}"),
    }
}

/// The only mutations on which a JSON Schema may differ, each for a reason the README gives: it accepts what
/// the others refuse.
const BEYOND_JSON_SCHEMA: &[Mutation] = &[
    // 29 February of a common year: the leap-year rule.
    Mutation::LeapDayOfCommonYear,
    // An integer string of 19 digits beyond the range of i64.
    Mutation::IntegerBeyondI64String,
    // More than 28 digits in a decimal.
    Mutation::DecimalBeyond28Digits,
    // A key twice in one object: a JSON Schema sees the parsed value, which keeps the last.
    Mutation::DuplicateKey,
];

struct Verdicts {
    validate: bool,
    rust: bool,
    schema: bool,
}

#[test]
fn validate_the_rust_types_and_the_json_schemas_agree_on_generated_payloads() {
    let (registry, diagnostics) = check_project(&workspace_root());
    assert!(!diagnostics.has_errors());
    let outputs = generate::outputs(&registry);
    let resources = schema_registry(&outputs);
    let validator = Validator::new(&registry);
    let maker = Maker::new(&registry);
    let mut seed = Seed::new(20_250_125);
    let mut judged = 0usize;
    let mut kinds: BTreeMap<Mutation, usize> = BTreeMap::new();
    let mut beyond: BTreeSet<Mutation> = BTreeSet::new();
    let mut failures = Vec::new();
    let mut for_ajv = Vec::new();
    for (id, side) in MEASURED {
        let contract = &registry.contracts[*id];
        let payload = match side {
            Direction::Request => &contract.request,
            Direction::Response => &contract.response,
        };
        let schema_file = format!("jsonschema/{id}.{}.schema.json", side.as_str());
        let schema = schema_validator(&outputs, &resources, &schema_file);
        for _ in 0..VALID_PER_CONTRACT {
            let valid = maker.payload(payload, &mut seed);
            let text = valid.to_string();
            let verdicts = judge(&validator, &schema, payload, id, *side, &text);
            for_ajv.push(ajv_case(&schema_file, &text, verdicts.schema));
            judged += 1;
            if !(verdicts.validate && verdicts.rust && verdicts.schema) {
                failures.push(format!(
                    "{id} {}: a generated valid payload is refused (validate {}, rust {}, schema {}): {text}",
                    side.as_str(),
                    verdicts.validate,
                    verdicts.rust,
                    verdicts.schema
                ));
            }
            for mutation in Mutation::ALL {
                let Some(mutant) = mutate(
                    &registry,
                    &payload.fields,
                    payload.unknown_fields,
                    &valid,
                    mutation,
                    &mut seed,
                ) else {
                    continue;
                };
                judged += 1;
                *kinds.entry(mutation).or_default() += 1;
                let v = judge(&validator, &schema, payload, id, *side, &mutant.text);
                for_ajv.push(ajv_case(&schema_file, &mutant.text, v.schema));
                let agree = v.validate == v.rust && v.rust == v.schema;
                let expected = mutation.keeps_valid();
                let listed =
                    BEYOND_JSON_SCHEMA.contains(&mutation) && !v.validate && !v.rust && v.schema;
                if listed {
                    beyond.insert(mutation);
                } else if !agree || expected.is_some_and(|e| e != v.validate) {
                    failures.push(format!(
                        "{id} {} {} at {}: validate {}, rust {}, schema {} (expected {expected:?}): {}",
                        side.as_str(),
                        mutation.name(),
                        mutant.at,
                        v.validate,
                        v.rust,
                        v.schema,
                        mutant.text
                    ));
                }
            }
        }
    }
    write_for_ajv(&for_ajv);
    eprintln!(
        "{judged} payloads judged; mutations applied: {}",
        kinds
            .iter()
            .map(|(m, n)| format!("{} {n}", m.name()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} disagreements, the first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(12)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(judged >= 10_000, "only {judged} payloads judged");
    let missing: Vec<String> = Mutation::ALL
        .iter()
        .filter(|m| !kinds.contains_key(m))
        .map(|m| m.name())
        .collect();
    assert!(
        kinds.len() >= 25,
        "only {} kinds of mutation applied; never: {missing:?}",
        kinds.len()
    );
    for listed in BEYOND_JSON_SCHEMA {
        assert!(
            beyond.contains(listed),
            "{} is listed as beyond JSON Schema but was never met",
            listed.name()
        );
    }
}

/// One line for `tests/external/js/ajv-agreement.cjs`: the schema (a path under `generated/`), the payload's
/// exact text, and the verdict ajv must give, the `jsonschema` crate's (which agrees with `validate` but for the
/// cases listed above).
fn ajv_case(schema: &str, text: &str, valid: bool) -> String {
    serde_json::json!({"schema": schema, "payload": text, "valid": valid}).to_string()
}

/// Writes the payloads and verdicts for ajv to `<target>/tmp/agreement/payloads.ndjson`, which `.ci/run` then
/// has ajv judge: the agreement measured with the most used JavaScript validator too.
fn write_for_ajv(lines: &[String]) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("agreement");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut text = lines.join("\n");
    text.push('\n');
    let path = dir.join("payloads.ndjson");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn judge(
    validator: &Validator<'_>,
    schema: &jsonschema::Validator,
    payload: &Payload,
    contract: &str,
    side: Direction,
    text: &str,
) -> Verdicts {
    let parsed: serde_json::Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    Verdicts {
        validate: validator
            .bytes(Target::Payload(payload), text.as_bytes())
            .is_valid(),
        rust: rust_verdict(contract, side, text),
        schema: schema.is_valid(&parsed),
    }
}
