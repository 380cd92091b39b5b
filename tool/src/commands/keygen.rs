//! `cargo contracts keygen`: a new Ed25519 key pair for signing the download bundle.

use std::path::Path;

use super::{OK, USAGE_OR_IO};
use crate::site::keys;

/// `keygen`: writes a new key pair.
pub fn run(dir: &Path, name: &str) -> u8 {
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
