//! SHA-256 digests: of file contents (for `SHA256SUMS` and the build state), and of what an output depends on
//! (its fingerprint), built from tagged, length-prefixed parts so that different inputs never run together.

use std::io::{self, Write};

use sha2::{Digest as _, Sha256};

/// A SHA-256 digest.
pub type Digest = [u8; 32];

/// Builds a fingerprint from tagged parts.
#[derive(Clone)]
pub struct Fingerprint(Sha256);

impl Fingerprint {
    /// A fingerprint of a kind of thing (`"contract-page"`), so that equal parts of different kinds differ.
    pub fn new(kind: &str) -> Fingerprint {
        let mut hasher = Sha256::new();
        hasher.update((kind.len() as u64).to_le_bytes());
        hasher.update(kind.as_bytes());
        Fingerprint(hasher)
    }

    /// Adds one part.
    pub fn add(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn add_str(&mut self, text: &str) -> &mut Self {
        self.add(text.as_bytes())
    }

    pub fn finish(&self) -> Digest {
        self.0.clone().finalize().into()
    }
}

/// The digest of `bytes`.
pub fn of(bytes: &[u8]) -> Digest {
    Sha256::digest(bytes).into()
}

/// Lowercase hexadecimal.
pub fn hex(digest: &Digest) -> String {
    super::keys::hex(digest)
}

/// Reads what [`hex`] wrote.
pub fn parse_hex(text: &str) -> Option<Digest> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = nibble(bytes[2 * i])? << 4 | nibble(bytes[2 * i + 1])?;
    }
    Some(out)
}

/// A writer that hashes and counts what goes through it.
pub struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Hashing<W> {
    pub fn new(inner: W) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// The digest and size of everything written, and the inner writer.
    pub fn finish(self) -> (Digest, u64, W) {
        (self.hasher.finalize().into(), self.bytes, self.inner)
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_never_run_together_and_hex_reads_back() {
        let ab_c = Fingerprint::new("k").add_str("ab").add_str("c").finish();
        let a_bc = Fingerprint::new("k").add_str("a").add_str("bc").finish();
        assert_ne!(ab_c, a_bc);
        assert_ne!(
            Fingerprint::new("k").add_str("x").finish(),
            Fingerprint::new("j").add_str("x").finish()
        );
        assert_eq!(parse_hex(&hex(&ab_c)), Some(ab_c));
        assert_eq!(parse_hex("zz"), None);
    }

    #[test]
    fn the_hashing_writer_hashes_what_it_writes() {
        let mut writer = Hashing::new(Vec::new());
        writer.write_all(b"hello ").unwrap();
        writer.write_all(b"world").unwrap();
        let (digest, bytes, inner) = writer.finish();
        assert_eq!((digest, bytes), (of(b"hello world"), 11));
        assert_eq!(inner, b"hello world");
    }
}
