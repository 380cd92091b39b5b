//! Feeds arbitrary bytes to the loader and checker as one contract file beside a valid registry.
#![no_main]

use std::path::PathBuf;

use contracts_core::limits::Limits;
use contracts_core::load::Loaded;
use contracts_core::resolve::resolve;
use libfuzzer_sys::fuzz_target;

const REGISTRY: &[u8] = include_bytes!("../../tests/fixtures/small/contracts/registry.yaml");
const LEGAL: &[u8] = include_bytes!("../../tests/fixtures/small/contracts/legal/circular.yaml");

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let mut loaded = Loaded::default();
    loaded.add_bytes("contracts/registry.yaml".into(), PathBuf::from("registry.yaml"), REGISTRY, &limits);
    loaded.add_bytes("contracts/legal/circular.yaml".into(), PathBuf::from("circular.yaml"), LEGAL, &limits);
    loaded.add_bytes("contracts/contracts/fuzz.yaml".into(), PathBuf::from("fuzz.yaml"), data, &limits);
    let (registry, diagnostics) = resolve(loaded);
    if !diagnostics.has_errors() {
        let _ = contracts_core::generate::outputs(&registry);
    }
});
