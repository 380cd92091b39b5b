//! Writes outputs into the folder this tool owns: atomically, only when changed, removing what is stale.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::generate::{MARKER, Outputs};

/// What a write (or a check) found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

impl Summary {
    /// Whether the folder already matched the outputs.
    pub fn is_clean(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }

    /// `3 files written, 41 unchanged, 1 removed`.
    pub fn line(&self) -> String {
        format!(
            "{} file{} written, {} unchanged, {} removed",
            self.written.len(),
            if self.written.len() == 1 { "" } else { "s" },
            self.unchanged.len(),
            self.removed.len()
        )
    }
}

/// Why the outputs could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// The folder exists, holds files, and is not marked as generated: nothing is touched.
    NotOwned(PathBuf, String),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::NotOwned(dir, marker) => write!(
                f,
                "{} holds files but no {marker} marker from a previous build; refusing to change it (move the files away or pick another folder)",
                dir.display()
            ),
            OutputError::Io(path, error) => write!(f, "{}: {error}", path.display()),
        }
    }
}

/// Makes `dir` hold exactly `outputs`. With `dry_run`, only reports what would change.
pub fn sync(dir: &Path, outputs: &Outputs, dry_run: bool) -> Result<Summary, OutputError> {
    sync_marked(dir, outputs, MARKER, dry_run)
}

/// [`sync`] for a folder whose ownership is marked by the file `marker` (one of `outputs`).
pub fn sync_marked(
    dir: &Path,
    outputs: &Outputs,
    marker: &str,
    dry_run: bool,
) -> Result<Summary, OutputError> {
    let mut syncer = Syncer::begin(dir, marker, dry_run)?;
    // The marker goes first, so that even an interrupted first build leaves the folder marked as owned.
    let marker_first = outputs
        .iter()
        .filter(|(name, _)| *name == marker)
        .chain(outputs.iter().filter(|(name, _)| *name != marker));
    for (name, bytes) in marker_first {
        syncer.put(name, bytes)?;
    }
    syncer.finish()
}

/// Brings a folder in line with outputs handed over one at a time, so that they need not all be in memory.
///
/// Hand the marker over first; [`Syncer::finish`] then removes every file no output claimed.
pub struct Syncer {
    dir: PathBuf,
    existing: BTreeSet<String>,
    claimed: BTreeSet<String>,
    dry_run: bool,
    summary: Summary,
}

impl Syncer {
    /// Starts on `dir`, which must be missing, empty, or hold `marker` from a previous build.
    pub fn begin(dir: &Path, marker: &str, dry_run: bool) -> Result<Syncer, OutputError> {
        let existing = existing_files(dir)?;
        if !existing.is_empty() && !existing.contains(marker) {
            return Err(OutputError::NotOwned(dir.to_path_buf(), marker.to_owned()));
        }
        Ok(Syncer {
            dir: dir.to_path_buf(),
            existing,
            claimed: BTreeSet::new(),
            dry_run,
            summary: Summary::default(),
        })
    }

    /// Writes `name` (relative, `/`-separated) unless it already holds exactly `bytes`.
    pub fn put(&mut self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.dir.join(name);
        if holds(&path, bytes) {
            self.summary.unchanged.push(name.to_owned());
        } else {
            if !self.dry_run {
                write_atomically(&path, bytes)?;
            }
            self.summary.written.push(name.to_owned());
        }
        self.claimed.insert(name.to_owned());
        Ok(())
    }

    /// Removes the files no output claimed (and folders left empty), and says what changed.
    pub fn finish(mut self) -> Result<Summary, OutputError> {
        for name in self.existing.difference(&self.claimed) {
            if !self.dry_run {
                let path = self.dir.join(name);
                fs::remove_file(&path).map_err(|e| OutputError::Io(path, e))?;
            }
            self.summary.removed.push(name.clone());
        }
        if !self.dry_run {
            remove_empty_dirs(&self.dir);
        }
        self.summary.written.sort();
        self.summary.unchanged.sort();
        Ok(self.summary)
    }
}

/// Whether the file at `path` holds exactly `bytes` (its size is compared before its content is read).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|meta| meta.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Writes to a temporary file beside `path`, then renames it into place: a reader (or an interrupted build) sees
/// the whole old file or the whole new one, never a part.
///
/// The file is not forced to disk (`fsync`): outputs are rebuilt from the contracts at any time, and syncing each
/// of thousands of files costs far more than the build itself. The file gets the usual permissions (`0o666`
/// less the umask), not the owner-only ones of a temporary file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let io_error = |e: io::Error| OutputError::Io(path.to_path_buf(), e);
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io_error)?;
    let mut temp = temporary_file_builder()
        .tempfile_in(parent)
        .map_err(io_error)?;
    temp.write_all(bytes).map_err(io_error)?;
    temp.persist(path).map_err(|e| io_error(e.error))?;
    Ok(())
}

fn temporary_file_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tmp-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder
}

/// Every regular file under `dir`, as `/`-separated relative names (temporary files of interrupted builds included).
fn existing_files(dir: &Path) -> Result<BTreeSet<String>, OutputError> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = fs::read_dir(&current).map_err(|e| OutputError::Io(current.clone(), e))?;
        for entry in entries {
            let entry = entry.map_err(|e| OutputError::Io(current.clone(), e))?;
            let path = entry.path();
            let kind = entry
                .file_type()
                .map_err(|e| OutputError::Io(path.clone(), e))?;
            if kind.is_dir() {
                pending.push(path);
            } else {
                out.insert(crate::source::display_name(dir, &path));
            }
        }
    }
    Ok(out)
}

fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|k| k.is_dir()) {
            remove_empty_dirs(&path);
            // Fails (and is meant to) when the folder still has files.
            let _ = fs::remove_dir(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(files: &[(&str, &str)]) -> Outputs {
        files
            .iter()
            .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn writes_skips_unchanged_and_removes_stale() {
        let dir = tempfile::tempdir().unwrap();
        let first = outputs(&[(MARKER, "m"), ("a/x.json", "1"), ("b.json", "2")]);
        let summary = sync(dir.path(), &first, false).unwrap();
        assert_eq!(summary.line(), "3 files written, 0 unchanged, 0 removed");

        let second = outputs(&[(MARKER, "m"), ("a/x.json", "changed")]);
        assert_eq!(
            sync(dir.path(), &second, true).unwrap().line(),
            "1 file written, 1 unchanged, 1 removed"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("a/x.json")).unwrap(),
            "1"
        );

        sync(dir.path(), &second, false).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("a/x.json")).unwrap(),
            "changed"
        );
        assert!(!dir.path().join("b.json").exists());
        assert!(sync(dir.path(), &second, true).unwrap().is_clean());
    }

    #[test]
    fn outputs_handed_over_one_at_a_time_give_the_same_folder() {
        let dir = tempfile::tempdir().unwrap();
        sync(
            dir.path(),
            &outputs(&[(MARKER, "m"), ("old.json", "0")]),
            false,
        )
        .unwrap();
        let mut syncer = Syncer::begin(dir.path(), MARKER, false).unwrap();
        for (name, text) in [(MARKER, "m"), ("z/b.json", "2"), ("a.json", "1")] {
            syncer.put(name, text.as_bytes()).unwrap();
        }
        let summary = syncer.finish().unwrap();
        assert_eq!(summary.written, ["a.json", "z/b.json"]);
        assert_eq!(summary.unchanged, [MARKER]);
        assert_eq!(summary.removed, ["old.json"]);
        assert_eq!(
            fs::read_to_string(dir.path().join("z/b.json")).unwrap(),
            "2"
        );
        assert!(!dir.path().join("old.json").exists());
    }

    #[test]
    fn refuses_a_folder_it_does_not_own() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let result = sync(dir.path(), &outputs(&[(MARKER, "m")]), false);
        assert!(matches!(result, Err(OutputError::NotOwned(..))));
        assert_eq!(
            fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_everyone_the_umask_allows() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write_atomically(&path, b"1").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o644, 0o644, "mode {mode:o}");
    }

    #[test]
    fn removes_leftover_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = outputs(&[(MARKER, "m")]);
        sync(dir.path(), &files, false).unwrap();
        fs::write(dir.path().join(".tmp-abc"), "half").unwrap();
        let summary = sync(dir.path(), &files, false).unwrap();
        assert_eq!(summary.removed, vec![".tmp-abc".to_owned()]);
    }
}
