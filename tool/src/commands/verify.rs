//! `cargo contracts verify`: an unpacked download bundle checked against its signed `SHA256SUMS`.

use std::path::Path;

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO};
use crate::site::{bundle, keys};

/// `verify`: checks a bundle folder against its `SHA256SUMS` and signature.
pub fn run(dir: &Path, public_key: &Path) -> u8 {
    let key = match keys::read_public(public_key) {
        Ok(key) => key,
        Err(error) => {
            eprintln!("error: {error}");
            return USAGE_OR_IO;
        }
    };
    let report = match bundle::verify(dir, &key) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return USAGE_OR_IO;
        }
    };
    for problem in &report.problems {
        eprintln!("  mismatch: {problem}");
    }
    if report.is_ok() {
        eprintln!(
            "verified: {} files match SHA256SUMS, signed by the key with fingerprint {}",
            report.matching,
            keys::fingerprint(&key)
        );
        OK
    } else {
        eprintln!(
            "NOT verified: {} problem{} in {}; do not use these files",
            report.problems.len(),
            if report.problems.len() == 1 { "" } else { "s" },
            dir.display()
        );
        CONTRACT_ERRORS
    }
}
