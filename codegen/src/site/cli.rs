//! The site's commands as the `contracts` binary runs them: `build`'s website step, `keygen`, `verify`, `serve`.
//!
//! Each returns the process exit status: 0 clean, 1 a problem with the inputs (templates, a bundle that does
//! not verify), 2 usage or I/O errors.

use std::path::Path;

use ed25519_dalek::SigningKey;

use super::{MARKER, PUBLIC_DIR, bundle, keys};
use crate::generate::Outputs;
use crate::limits::Limits;
use crate::model::Registry;
use crate::output;

const OK: u8 = 0;
const PROBLEM: u8 = 1;
const USAGE_OR_IO: u8 = 2;

/// The rendered site, ready to be written after `generated/`; `None` when the project has no `docs-site/`.
pub struct Prepared {
    files: Option<Outputs>,
}

/// Renders the website of `build` in memory, before anything is written, so that a template error writes
/// nothing at all.
pub fn prepare(
    root: &Path,
    registry: &Registry,
    outputs: &Outputs,
    sign_key: Option<&Path>,
) -> Result<Prepared, u8> {
    if !super::is_present(root) {
        return Ok(Prepared { files: None });
    }
    let key = load_key(sign_key)?;
    match super::render(root, registry, outputs, key.as_ref()) {
        Ok(files) => Ok(Prepared { files: Some(files) }),
        Err(error) => {
            eprintln!("error[site]: {error}");
            eprintln!("nothing was written: fix the website's templates first");
            Err(PROBLEM)
        }
    }
}

fn load_key(sign_key: Option<&Path>) -> Result<Option<SigningKey>, u8> {
    super::signing_key(sign_key).map_err(|error| {
        eprintln!("error: {error}");
        USAGE_OR_IO
    })
}

/// Writes the prepared site into `docs-site/public/` and reports it on stderr.
pub fn write(root: &Path, prepared: Prepared) -> u8 {
    let Some(files) = prepared.files else {
        return OK;
    };
    match output::sync_marked(&root.join(PUBLIC_DIR), &files, MARKER, false) {
        Ok(summary) => {
            let signed = if files.contains_key(&format!("downloads/bundle/{}", bundle::SIGNATURE)) {
                "signed"
            } else {
                "unsigned: pass --sign-key to sign it"
            };
            eprintln!(
                "website ({PUBLIC_DIR}/, bundle {signed}): {}",
                summary.line()
            );
            OK
        }
        Err(error) => {
            eprintln!("error[io]: {error}");
            USAGE_OR_IO
        }
    }
}

/// `keygen`: writes a new key pair.
pub fn keygen(dir: &Path, name: &str) -> u8 {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        eprintln!("error: --name must be a plain file name such as `contracts-signing`");
        return USAGE_OR_IO;
    }
    match keys::write_pair(dir, name) {
        Ok((private, public, key)) => {
            eprintln!(
                "wrote the private key {} (readable by you only) and the public key {}\n\
                 fingerprint: {}\n\
                 Keep the private key out of the repository (.gitignore ignores *.key.pem) and give it to\n\
                 `cargo contracts build --sign-key <file>` (or CONTRACTS_SIGN_KEY) for published builds.",
                private.display(),
                public.display(),
                keys::fingerprint(&key)
            );
            OK
        }
        Err(error) => {
            eprintln!("error: {error}");
            USAGE_OR_IO
        }
    }
}

/// `verify`: checks a bundle folder against its `SHA256SUMS` and signature.
pub fn verify(dir: &Path, public_key: &Path) -> u8 {
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
        PROBLEM
    }
}

/// `serve`: builds the site and serves it with live reload until stopped.
pub fn serve(root: &Path, port: u16, limits: Limits, sign_key: Option<&Path>) -> u8 {
    if !super::is_present(root) {
        eprintln!(
            "error: {} has no {}/templates/ folder: there is no website to serve",
            root.display(),
            super::SITE_DIR
        );
        return USAGE_OR_IO;
    }
    let key = match load_key(sign_key) {
        Ok(key) => key,
        Err(code) => return code,
    };
    let options = super::serve::Options {
        root: root.to_path_buf(),
        port,
        limits,
        key,
    };
    let result = super::serve::run(options, |address, first| {
        eprintln!("{first}");
        eprintln!(
            "serving http://{address}/ (rebuilds when contracts/ or docs-site/ change; Ctrl-C stops)"
        );
    });
    match result {
        Ok(()) => OK,
        Err(error) => {
            eprintln!("error: {error}");
            USAGE_OR_IO
        }
    }
}
