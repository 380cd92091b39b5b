//! The download bundle: every output with `SHA256SUMS`, its detached Ed25519 signature, tar and zip archives, and
//! `verify`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest as _, Sha256};

use super::digest::{self, Digest};
use super::keys;
use contracts_core::model::Registry;
use contracts_core::walk::{self, Hidden};

/// The checksum file, in the format of `sha256sum` (so `sha256sum -c SHA256SUMS` checks it too).
pub const SUMS: &str = "SHA256SUMS";
/// The detached signature of [`SUMS`]: 64 raw bytes, as `openssl pkeyutl -verify -rawin` reads them.
pub const SIGNATURE: &str = "SHA256SUMS.sig";

/// `<sha256>  <path>` for every file, in the order given (sorted by path).
pub fn sums<'a>(files: impl IntoIterator<Item = (&'a str, &'a Digest)>) -> String {
    files
        .into_iter()
        .map(|(name, digest)| format!("{}  {name}\n", digest::hex(digest)))
        .collect()
}

/// The detached signature of `sums` (the text of [`SUMS`]).
pub fn signature(key: &SigningKey, sums: &str) -> [u8; 64] {
    keys::sign(key, sums.as_bytes())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    keys::hex(&Sha256::digest(bytes))
}

/// The folder every file of the archive is under: `vpcp-contracts-<version>`.
pub fn top_folder(registry: &Registry) -> String {
    match &registry.info.version {
        Some(version) => format!("vpcp-contracts-{version}"),
        None => "vpcp-contracts".to_owned(),
    }
}

/// A file of the bundle as the archive takes it: its name, where it is on disk, and its size.
pub struct Member<'a> {
    pub name: &'a str,
    pub path: PathBuf,
    pub size: u64,
}

/// Why the archive could not be written.
#[derive(Debug)]
pub enum TarError {
    /// A path too long for ustar (100 bytes of name after a prefix of at most 155).
    PathTooLong(String),
    Io(io::Error),
}

/// The extension of the compressed tar archive.
pub const TAR_GZ: &str = "tar.gz";

/// Writes a gzip-compressed POSIX ustar archive (`.tar.gz`) of `members` (in the order given, sorted by name)
/// under the folder `top` into `out`, reading each file from disk as it goes: fixed owner, mode and time, and a
/// gzip header without name or time, so that it is byte-identical on every build.
pub fn tar_gz(top: &str, members: &[Member<'_>], out: impl Write) -> Result<(), TarError> {
    let gzip = flate2::GzBuilder::new()
        .operating_system(GZIP_OS_UNKNOWN)
        .write(out, flate2::Compression::default());
    let gzip = tar(top, members, gzip)?;
    gzip.finish().map_err(TarError::Io)?;
    Ok(())
}

/// The gzip header's "operating system" byte for "unknown" (RFC 1952), the same on every machine.
const GZIP_OS_UNKNOWN: u8 = 255;

/// Writes a POSIX ustar archive of `members` into `out` (see [`tar_gz`]) and gives `out` back.
fn tar<W: Write>(top: &str, members: &[Member<'_>], out: W) -> Result<W, TarError> {
    let mut archive = tar::Builder::new(out);
    for member in members {
        let mut header = tar::Header::new_ustar();
        header
            .set_path(format!("{top}/{}", member.name))
            .map_err(|_| TarError::PathTooLong(member.name.to_owned()))?;
        header.set_size(member.size);
        header.set_mode(0o644);
        header.set_uid(0);
        header.set_gid(0);
        header.set_mtime(0);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        let file = File::open(&member.path).map_err(TarError::Io)?;
        archive
            .append(&header, file.take(member.size))
            .map_err(TarError::Io)?;
    }
    archive.into_inner().map_err(TarError::Io)
}

/// Writes a zip archive of `members` (in the order given) under the folder `top` into `out` as a stream (no
/// seeking: sizes follow each member), deflated, reading each file from disk as it goes: fixed mode and time
/// (1980-01-01, zip's earliest), so that it is byte-identical on every build, as the tar archive is.
pub fn zip(top: &str, members: &[Member<'_>], out: impl Write) -> io::Result<()> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
        .large_file(false);
    let mut archive = zip::ZipWriter::new_stream(out);
    for member in members {
        let options = options.large_file(member.size >= u64::from(u32::MAX));
        archive
            .start_file(format!("{top}/{}", member.name), options)
            .map_err(io::Error::other)?;
        let mut file = File::open(&member.path)?.take(member.size);
        io::copy(&mut file, &mut archive)?;
    }
    archive.finish().map_err(io::Error::other)?;
    Ok(())
}

/// What `verify` found in a bundle folder.
#[derive(Debug, Default)]
pub struct Report {
    /// Files whose checksum matches.
    pub matching: usize,
    /// One line per problem, naming the file.
    pub problems: Vec<String>,
    pub signature_ok: bool,
}

impl Report {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty() && self.signature_ok
    }
}

/// Checks the signature of `SHA256SUMS` with `key`, then every file it lists, then that no file is unlisted.
/// `Err` only when the folder is not a bundle at all.
pub fn verify(dir: &Path, key: &VerifyingKey) -> Result<Report, String> {
    let sums_path = dir.join(SUMS);
    let sums = std::fs::read(&sums_path).map_err(|e| {
        format!(
            "cannot read {}: {e}; give the folder of an unpacked bundle (it holds {SUMS} and {SIGNATURE})",
            sums_path.display()
        )
    })?;
    let mut report = Report::default();
    match std::fs::read(dir.join(SIGNATURE)) {
        Ok(signature) if keys::verify(key, &sums, &signature) => report.signature_ok = true,
        Ok(_) => report.problems.push(format!(
            "{SIGNATURE}: the signature does not match {SUMS} and this public key (one of them was changed, or the bundle was signed with another key)"
        )),
        Err(_) => report.problems.push(format!(
            "{SIGNATURE}: missing; this bundle is not signed (build it with --sign-key)"
        )),
    }
    let Ok(sums) = String::from_utf8(sums) else {
        report.problems.push(format!("{SUMS}: not UTF-8 text"));
        return Ok(report);
    };
    let mut listed = BTreeMap::new();
    for (number, line) in sums.lines().enumerate() {
        let parsed = line
            .split_once("  ")
            .or_else(|| line.split_once(" *"))
            .filter(|(hash, name)| {
                hash.len() == 64
                    && hash.bytes().all(|b| b.is_ascii_hexdigit())
                    && is_safe_name(name)
            });
        match parsed {
            Some((hash, name)) => {
                listed.insert(name.to_owned(), hash.to_ascii_lowercase());
            }
            None => report.problems.push(format!(
                "{SUMS}: line {} is not `<sha256>  <relative path>`",
                number + 1
            )),
        }
    }
    for (name, expected) in &listed {
        match std::fs::read(dir.join(name)) {
            Ok(bytes) if sha256_hex(&bytes) == *expected => report.matching += 1,
            Ok(_) => report
                .problems
                .push(format!("{name}: changed (its SHA-256 differs from {SUMS})")),
            Err(_) => report
                .problems
                .push(format!("{name}: missing (listed in {SUMS})")),
        }
    }
    let present = walk::files(dir, Hidden::Include)
        .flatten()
        .map(|file| file.name);
    for name in present {
        if name != SUMS && name != SIGNATURE && !listed.contains_key(&name) {
            report.problems.push(format!(
                "{name}: not listed in {SUMS} (added to the bundle)"
            ));
        }
    }
    Ok(report)
}

/// A relative path without `..`, `.`, empty segments or backslashes.
fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && name
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use contracts_core::generate::Outputs;

    fn outputs() -> Outputs {
        [
            ("README.md", "m"),
            ("openapi/a.json", "{}"),
            ("x/y/z.txt", "zz"),
        ]
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect()
    }

    /// The outputs with `SHA256SUMS` and, with a key, its signature.
    fn files(outputs: &Outputs, key: Option<&SigningKey>) -> Outputs {
        let digests: Vec<(&str, Digest)> = outputs
            .iter()
            .map(|(name, bytes)| (name.as_str(), digest::of(bytes)))
            .collect();
        let sums = sums(digests.iter().map(|(name, digest)| (*name, digest)));
        let mut files = outputs.clone();
        if let Some(key) = key {
            files.insert(SIGNATURE.to_owned(), signature(key, &sums).to_vec());
        }
        files.insert(SUMS.to_owned(), sums.into_bytes());
        files
    }

    /// The members of `files`, each written into `dir` first, as the site stages them.
    fn on_disk<'a>(files: &'a Outputs, dir: &Path) -> Vec<Member<'a>> {
        files
            .iter()
            .enumerate()
            .map(|(i, (name, bytes))| {
                let path = dir.join(i.to_string());
                std::fs::write(&path, bytes).unwrap();
                Member {
                    name,
                    path,
                    size: bytes.len() as u64,
                }
            })
            .collect()
    }

    /// The archive of `files`, written to disk first as the site does.
    fn archive(top: &str, files: &Outputs) -> Result<Vec<u8>, TarError> {
        let dir = tempfile::tempdir().unwrap();
        let members = on_disk(files, dir.path());
        let mut out = Vec::new();
        tar_gz(top, &members, &mut out)?;
        Ok(out)
    }

    #[test]
    fn a_written_bundle_verifies_and_each_changed_byte_is_named() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let files = files(&outputs(), Some(&key));
        let dir = tempfile::tempdir().unwrap();
        contracts_core::output::sync_marked(dir.path(), &files, SUMS, false).unwrap();
        let report = verify(dir.path(), &key.verifying_key()).unwrap();
        assert!(report.is_ok(), "{:?}", report.problems);
        assert_eq!(report.matching, 3);

        let other = SigningKey::from_bytes(&[4; 32]);
        assert!(!verify(dir.path(), &other.verifying_key()).unwrap().is_ok());

        for name in files.keys() {
            let path = dir.path().join(name);
            let original = std::fs::read(&path).unwrap();
            let mut changed = original.clone();
            changed[0] ^= 1;
            std::fs::write(&path, &changed).unwrap();
            let report = verify(dir.path(), &key.verifying_key()).unwrap();
            assert!(!report.is_ok(), "a change of {name} went unnoticed");
            assert!(
                report
                    .problems
                    .iter()
                    .any(|p| p.starts_with(name.as_str()) || p.starts_with(SIGNATURE)),
                "{name}: {:?}",
                report.problems
            );
            std::fs::write(&path, &original).unwrap();
        }
        std::fs::write(dir.path().join("extra.txt"), "x").unwrap();
        let report = verify(dir.path(), &key.verifying_key()).unwrap();
        assert_eq!(
            report.problems,
            vec!["extra.txt: not listed in SHA256SUMS (added to the bundle)"]
        );
    }

    #[test]
    fn the_zip_holds_every_file_under_its_folder_and_is_reproducible() {
        let files = outputs();
        let dir = tempfile::tempdir().unwrap();
        let members = on_disk(&files, dir.path());
        let mut first = Vec::new();
        zip("top", &members, &mut first).unwrap();
        let mut second = Vec::new();
        zip("top", &members, &mut second).unwrap();
        assert_eq!(first, second);
        let mut read = ::zip::ZipArchive::new(std::io::Cursor::new(first)).unwrap();
        let mut entries = Vec::new();
        for i in 0..read.len() {
            let mut entry = read.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            entries.push((entry.name().to_owned(), bytes, entry.unix_mode()));
        }
        let expected: Vec<(String, Vec<u8>, Option<u32>)> = files
            .iter()
            .map(|(name, bytes)| (format!("top/{name}"), bytes.clone(), Some(0o100644)))
            .collect();
        assert_eq!(entries, expected);
    }

    #[test]
    fn the_archive_holds_every_file_under_its_folder_and_is_reproducible() {
        let long = format!("{}/{}", "d".repeat(120), "f".repeat(90));
        let mut files = outputs();
        files.insert(long.clone(), b"long".to_vec());
        let archive = archive("top", &files).unwrap();
        assert_eq!(archive, self::archive("top", &files).unwrap());
        assert_eq!(archive[..2], [0x1f, 0x8b], "gzip");
        let mut read = tar::Archive::new(flate2::read::GzDecoder::new(archive.as_slice()));
        let entries: Vec<(String, Vec<u8>, u32, u64)> = read
            .entries()
            .unwrap()
            .map(|entry| {
                let mut entry = entry.unwrap();
                let path = entry.path().unwrap().to_string_lossy().into_owned();
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
                (
                    path,
                    bytes,
                    entry.header().mode().unwrap(),
                    entry.header().mtime().unwrap(),
                )
            })
            .collect();
        let expected: Vec<(String, Vec<u8>, u32, u64)> = files
            .iter()
            .map(|(name, bytes)| (format!("top/{name}"), bytes.clone(), 0o644, 0))
            .collect();
        assert_eq!(entries, expected);
        let too_long: Outputs = [("a/".repeat(200), Vec::new())].into_iter().collect();
        assert!(matches!(
            self::archive("top", &too_long),
            Err(TarError::PathTooLong(_))
        ));
    }
}
