//! Ed25519 signing keys in the PEM files OpenSSL also reads (PKCS#8 private keys, SubjectPublicKeyInfo public
//! keys), read and written by `ed25519-dalek`'s own PKCS#8 support.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, KeypairBytes,
};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

/// The file names `keygen` writes, from a base name: `<name>.key.pem` and `<name>.pub.pem`.
pub fn key_file_names(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{name}.key.pem")),
        dir.join(format!("{name}.pub.pem")),
    )
}

/// A new key pair from the operating system's random source.
pub fn generate() -> Result<SigningKey, String> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| format!("cannot get random bytes from the operating system: {e}"))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Writes a new key pair as `<dir>/<name>.key.pem` (readable by its owner only) and `<dir>/<name>.pub.pem`.
/// Refuses to overwrite an existing file.
pub fn write_pair(dir: &Path, name: &str) -> Result<(PathBuf, PathBuf, VerifyingKey), String> {
    let (private, public) = key_file_names(dir, name);
    for path in [&private, &public] {
        if path.exists() {
            return Err(format!(
                "{} already exists; refusing to overwrite a key (move it away, or choose another --name)",
                path.display()
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let key = generate()?;
    write_private(&private, &key)?;
    std::fs::write(&public, public_pem(&key.verifying_key()))
        .map_err(|e| format!("cannot write {}: {e}", public.display()))?;
    Ok((private, public, key.verifying_key()))
}

fn write_private(path: &Path, key: &SigningKey) -> Result<(), String> {
    let error = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(error)?;
    std::io::Write::write_all(&mut file, private_pem(key).as_bytes()).map_err(error)?;
    file.sync_all().map_err(error)
}

/// The private key as PEM (`-----BEGIN PRIVATE KEY-----`): a PKCS#8 v1 document holding the seed only, exactly
/// as `openssl genpkey -algorithm ed25519` writes it.
pub fn private_pem(key: &SigningKey) -> String {
    let seed_only = KeypairBytes {
        secret_key: key.to_bytes(),
        public_key: None,
    };
    seed_only
        .to_pkcs8_pem(LineEnding::LF)
        .map(|pem| pem.as_str().to_owned())
        .unwrap_or_default()
}

/// The public key as PEM (`-----BEGIN PUBLIC KEY-----`).
pub fn public_pem(key: &VerifyingKey) -> String {
    key.to_public_key_pem(LineEnding::LF).unwrap_or_default()
}

/// Reads a private key written by `keygen` (or `openssl genpkey -algorithm ed25519`).
pub fn read_private(path: &Path) -> Result<SigningKey, String> {
    let text = read_key_file(path)?;
    if !text.contains("-----BEGIN PRIVATE KEY-----") {
        return Err(format!(
            "{} is not an Ed25519 private key in PEM (`-----BEGIN PRIVATE KEY-----`); create one with `cargo contracts keygen`",
            path.display()
        ));
    }
    SigningKey::from_pkcs8_pem(&text).map_err(|_| {
        format!(
            "{} holds a private key that is not Ed25519; create one with `cargo contracts keygen`",
            path.display()
        )
    })
}

/// Reads a public key written by `keygen` (or `openssl pkey -pubout`).
pub fn read_public(path: &Path) -> Result<VerifyingKey, String> {
    let text = read_key_file(path)?;
    parse_public(&text).map_err(|why| format!("{}: {why}", path.display()))
}

/// Parses a public key in PEM.
pub fn parse_public(text: &str) -> Result<VerifyingKey, String> {
    if !text.contains("-----BEGIN PUBLIC KEY-----") {
        return Err("not an Ed25519 public key in PEM (`-----BEGIN PUBLIC KEY-----`); use the `.pub.pem` file `cargo contracts keygen` wrote, or the key published on the website".to_owned());
    }
    VerifyingKey::from_public_key_pem(text)
        .map_err(|_| "the public key is not a valid Ed25519 key".to_owned())
}

fn read_key_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() > 64 * 1024 {
        return Err(format!("{} is too large to be a key file", path.display()));
    }
    String::from_utf8(bytes).map_err(|_| format!("{} is not a PEM text file", path.display()))
}

/// The detached signature of `message`.
pub fn sign(key: &SigningKey, message: &[u8]) -> [u8; 64] {
    key.sign(message).to_bytes()
}

/// Whether `signature` is `key`'s signature of `message`.
pub fn verify(key: &VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
    Signature::from_slice(signature).is_ok_and(|s| key.verify(message, &s).is_ok())
}

/// The SHA-256 of the raw public key, in hex groups of four: what readers compare out of band.
pub fn fingerprint(key: &VerifyingKey) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hex = hex(&digest);
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_keys_are_the_pkcs8_pem_openssl_writes() {
        let key = SigningKey::from_bytes(&[7; 32]);
        assert_eq!(
            private_pem(&key),
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcH\n-----END PRIVATE KEY-----\n"
        );
    }

    #[test]
    fn keys_round_trip_through_pem_and_sign() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("k.key.pem");
        std::fs::write(&private, private_pem(&key)).unwrap();
        let read = read_private(&private).unwrap();
        assert_eq!(read.to_bytes(), key.to_bytes());
        let public = parse_public(&public_pem(&key.verifying_key())).unwrap();
        let signature = sign(&read, b"message");
        assert!(verify(&public, b"message", &signature));
        assert!(!verify(&public, b"messagf", &signature));
        assert!(!verify(&public, b"message", &signature[..63]));
        assert!(parse_public(&private_pem(&key)).is_err());
    }

    #[test]
    fn keygen_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let (private, public, key) = write_pair(dir.path(), "k").unwrap();
        assert_eq!(read_public(&public).unwrap(), key);
        assert_eq!(read_private(&private).unwrap().verifying_key(), key);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&private).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let error = write_pair(dir.path(), "k").unwrap_err();
        assert!(error.contains("refusing to overwrite"), "{error}");
    }
}
