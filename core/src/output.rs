//! Writes outputs into the folder this tool owns: atomically, only when changed, removing what is stale.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::generate::{Content, MARKER, Outputs, Stream};
use crate::walk::{self, Hidden};

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
        let changed = self.target().put_bytes(name, bytes)?;
        self.record(name, changed);
        Ok(())
    }

    /// [`Syncer::put`] for an output given as bytes or as a stream.
    pub fn put_content(&mut self, name: &str, content: Content<'_>) -> Result<(), OutputError> {
        let changed = self.target().put(name, content)?;
        self.record(name, changed);
        Ok(())
    }

    /// The folder to write outputs into from any thread; each write's outcome then goes to [`Syncer::record`].
    pub fn target(&self) -> Target {
        Target {
            dir: self.dir.clone(),
            dry_run: self.dry_run,
        }
    }

    /// Takes note of an output that [`Target::put`] wrote (`changed`) or found unchanged.
    pub fn record(&mut self, name: &str, changed: bool) {
        if changed {
            self.summary.written.push(name.to_owned());
        } else {
            self.summary.unchanged.push(name.to_owned());
        }
        self.claimed.insert(name.to_owned());
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
            walk::remove_empty_dirs(&self.dir);
        }
        self.summary.written.sort();
        self.summary.unchanged.sort();
        Ok(self.summary)
    }
}

/// Where a [`Syncer`] writes: an output is compared and written here on any thread, and its outcome recorded
/// by the syncer.
#[derive(Clone, Debug)]
pub struct Target {
    dir: PathBuf,
    dry_run: bool,
}

impl Target {
    /// Writes `name` unless it already holds exactly this content (in a dry run, only compares): whether it
    /// changed.
    pub fn put(&self, name: &str, content: Content<'_>) -> Result<bool, OutputError> {
        match content {
            Content::Bytes(bytes) => self.put_bytes(name, &bytes),
            Content::Stream(write) => self.put_stream(name, write),
        }
    }

    fn put_bytes(&self, name: &str, bytes: &[u8]) -> Result<bool, OutputError> {
        let path = self.dir.join(name);
        let changed = !holds(&path, bytes);
        if changed && !self.dry_run {
            write_atomically(&path, bytes)?;
        }
        Ok(changed)
    }

    /// Writes the output that `write` produces into `name`, compared with the file as it goes: nothing is written
    /// while the two agree, and from the first difference on, the new file goes to a temporary file that then
    /// replaces the old one. The output is never held whole in memory.
    fn put_stream(&self, name: &str, write: Stream<'_>) -> Result<bool, OutputError> {
        let path = self.dir.join(name);
        let io_error = |e: io::Error| OutputError::Io(path.clone(), e);
        let destination = if self.dry_run {
            Destination::Nowhere
        } else {
            Destination::Replace
        };
        let mut writer = ChangeWriter::new(&path, destination);
        {
            let mut buffered = BufWriter::with_capacity(1 << 16, &mut writer);
            write(&mut buffered).map_err(io_error)?;
            buffered.flush().map_err(io_error)?;
        }
        writer.finish().map_err(io_error)
    }
}

/// Whether the file at `path` holds exactly `bytes` (its size is compared before its content is read).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|meta| meta.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Where a [`ChangeWriter`] writes a content that differs.
enum Destination<'p> {
    /// A temporary file beside the old one, renamed onto it at the end.
    Replace,
    /// Nothing (a dry run).
    Nowhere,
    /// A new file at this path (in a folder being staged).
    At(&'p Path),
}

/// A writer that compares what it is given with the file at `path` and, from the first byte that differs, writes
/// the new content (the agreed prefix copied from the old file) to its [`Destination`].
struct ChangeWriter<'p> {
    path: &'p Path,
    destination: Destination<'p>,
    /// The old file, read in step with the writes while they agree with it (`None` once they differ, or when
    /// there is no old file).
    old: Option<BufReader<File>>,
    /// Whether there is no old file: then even an empty content is a change.
    missing: bool,
    /// How many bytes have agreed with the old file.
    agreed: u64,
    differs: bool,
    new: Option<BufWriter<NewFile>>,
    /// How many bytes went to the new file after the agreed prefix.
    written: u64,
    scratch: Vec<u8>,
}

/// The file a [`ChangeWriter`] writes a changed content into.
enum NewFile {
    Temporary(NamedTempFile),
    Plain(File),
}

impl Write for NewFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            NewFile::Temporary(file) => file.write(bytes),
            NewFile::Plain(file) => file.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            NewFile::Temporary(file) => file.flush(),
            NewFile::Plain(file) => file.flush(),
        }
    }
}

impl<'p> ChangeWriter<'p> {
    fn new(path: &'p Path, destination: Destination<'p>) -> Self {
        let old = File::open(path).ok().map(BufReader::new);
        ChangeWriter {
            path,
            destination,
            missing: old.is_none(),
            differs: false,
            old,
            agreed: 0,
            new: None,
            written: 0,
            scratch: Vec::new(),
        }
    }

    /// Whether the next bytes of the old file are exactly `bytes`.
    fn agrees(&mut self, bytes: &[u8]) -> bool {
        let Some(old) = self.old.as_mut() else {
            return false;
        };
        self.scratch.resize(bytes.len(), 0);
        old.read_exact(&mut self.scratch).is_ok() && self.scratch == bytes
    }

    /// From here on the content differs: starts the temporary file with the prefix that agreed.
    fn diverge(&mut self) -> io::Result<()> {
        self.differs = true;
        self.old = None;
        if self.new.is_some() {
            return Ok(());
        }
        let file = match self.destination {
            Destination::Nowhere => return Ok(()),
            Destination::Replace => NewFile::Temporary(temporary_file_beside(self.path)?),
            Destination::At(path) => NewFile::Plain(create_file(path)?),
        };
        let mut new = BufWriter::with_capacity(1 << 16, file);
        if self.agreed > 0 {
            io::copy(&mut File::open(self.path)?.take(self.agreed), &mut new)?;
        }
        self.new = Some(new);
        Ok(())
    }

    /// Ends the content: whether it differs from the old file (and then, unless a dry run, it has replaced it).
    fn finish(mut self) -> io::Result<bool> {
        if !self.differs {
            let old_has_more = match self.old.as_mut() {
                Some(old) => old.read(&mut [0])? > 0,
                None => false,
            };
            if old_has_more || self.missing {
                self.diverge()?;
            }
        }
        if let Some(new) = self.new.take() {
            match new.into_inner().map_err(io::IntoInnerError::into_error)? {
                NewFile::Temporary(temp) => drop(temp.persist(self.path).map_err(|e| e.error)?),
                NewFile::Plain(file) => drop(file),
            }
        }
        Ok(self.differs)
    }
}

impl Write for ChangeWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if !self.differs {
            if self.agrees(bytes) {
                self.agreed += bytes.len() as u64;
                return Ok(bytes.len());
            }
            self.diverge()?;
        }
        if let Some(new) = self.new.as_mut() {
            new.write_all(bytes)?;
        }
        self.written += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What staging one file found: whether it differs from the old file (or there was none), and its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Staged {
    pub changed: bool,
    pub bytes: u64,
}

/// Writes the output that `write` produces into `new`, a file of a folder being staged (see
/// [`publish_folder`]), compared with `old` as it goes. When the two agree to the end, `new` becomes a hard
/// link to `old` (or a copy where links are not possible): nothing is written. Otherwise `new` is created at the
/// first byte that differs, with the prefix that agreed copied from `old`. The output is never held whole.
///
/// `new` must not exist; its folder is created when missing.
pub fn stage(
    old: Option<&Path>,
    new: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<Staged> {
    let mut writer = ChangeWriter::new(old.unwrap_or(Path::new("")), Destination::At(new));
    {
        let mut buffered = BufWriter::with_capacity(1 << 16, &mut writer);
        write(&mut buffered)?;
        buffered.flush()?;
    }
    let bytes = writer.agreed + writer.written;
    let changed = writer.finish()?;
    if !changed && let Some(old) = old {
        link_or_copy(old, new)?;
    }
    Ok(Staged { changed, bytes })
}

/// Makes `new` the same file as `old`: a hard link, or a copy where the file system refuses one (another
/// device, too many links). Its folder is created when missing.
pub fn link_or_copy(old: &Path, new: &Path) -> io::Result<()> {
    let linked = match fs::hard_link(old, new) {
        Err(error) if error.kind() == io::ErrorKind::NotFound && old.exists() => {
            fs::create_dir_all(new.parent().unwrap_or(Path::new(".")))?;
            fs::hard_link(old, new)
        }
        linked => linked,
    };
    match linked {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Err(error),
        Err(_) => fs::copy(old, new).map(drop),
    }
}

/// Copies `from` onto `to` through a temporary file beside it, renamed into place (see [`write_atomically`]).
pub fn copy_atomically(from: &Path, to: &Path) -> Result<(), OutputError> {
    let io_error = |e: io::Error| OutputError::Io(to.to_path_buf(), e);
    let mut temp = temporary_file_beside(to).map_err(io_error)?;
    let mut source = File::open(from).map_err(|e| OutputError::Io(from.to_path_buf(), e))?;
    io::copy(&mut source, temp.as_file_mut()).map_err(io_error)?;
    temp.persist(to).map_err(|e| io_error(e.error))?;
    Ok(())
}

/// Makes `to` the same file as `from` through a hard link under a temporary name beside `to`, renamed into
/// place: nothing is written, and a reader of `to` sees the old file or the new one. Where the file system
/// refuses a link (another device, too many links), the file is copied atomically instead.
pub fn link_atomically(from: &Path, to: &Path) -> Result<(), OutputError> {
    let io_error = |e: io::Error| OutputError::Io(to.to_path_buf(), e);
    if is_same_file(from, to) {
        return Ok(());
    }
    let parent = to.parent().unwrap_or(Path::new("."));
    let link = |dir: &Path| {
        tempfile::Builder::new()
            .prefix(".tmp-")
            .make_in(dir, |temp| fs::hard_link(from, temp))
    };
    let linked = match link(parent) {
        Err(error) if error.kind() == io::ErrorKind::NotFound && from.exists() => {
            fs::create_dir_all(parent).map_err(io_error)?;
            link(parent)
        }
        linked => linked,
    };
    match linked {
        Ok(temp) => temp.persist(to).map(drop).map_err(|e| io_error(e.error)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            Err(OutputError::Io(from.to_path_buf(), error))
        }
        Err(_) => copy_atomically(from, to),
    }
}

/// Whether the two paths name one file (a rename of one onto the other would do nothing).
fn is_same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Puts the folder `staging` in the place of `target` as one step, so that a reader (or a web server) of
/// `target` sees the whole old folder or the whole new one, never a mix: where the system can, the two are
/// exchanged atomically (Linux `renameat2` with `RENAME_EXCHANGE`), and the old folder is then at `staging`;
/// elsewhere `target` is first moved to `staging` and the new folder renamed into place (a reader may then find
/// no folder for an instant, but never a mix). When `target` does not exist, `staging` is renamed to it.
///
/// Afterwards `staging` holds the old folder (or nothing): remove it.
pub fn publish_folder(staging: &Path, target: &Path) -> io::Result<()> {
    if fs::symlink_metadata(target).is_err() {
        return fs::rename(staging, target);
    }
    if exchange(staging, target)? {
        return Ok(());
    }
    let aside = staging.with_extension("old");
    if fs::symlink_metadata(&aside).is_ok() {
        fs::remove_dir_all(&aside)?;
    }
    fs::rename(target, &aside)?;
    fs::rename(staging, target)?;
    fs::rename(&aside, staging)
}

/// Exchanges two folders atomically: whether the system could (`false`: use two renames instead).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // An old kernel, or a file system without the flag.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::NOTSUP) => {
            Ok(false)
        }
        Err(error) => Err(error.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// What identifies a file's content without reading it: device, inode, size and modification time (as git's
/// index does). A file replaced or written in place gets another stamp; a hard link keeps it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub device: u64,
    pub inode: u64,
    pub size: u64,
    pub modified_ns: i128,
}

impl Stamp {
    /// The stamp of the file at `path` (not following a symbolic link), if it is a readable file.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = fs::symlink_metadata(path).ok()?;
        meta.is_file().then(|| Stamp::from_metadata(&meta))
    }

    pub fn from_metadata(meta: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                device: meta.dev(),
                inode: meta.ino(),
                size: meta.size(),
                modified_ns: i128::from(meta.mtime()) * 1_000_000_000
                    + i128::from(meta.mtime_nsec()),
            }
        }
        #[cfg(not(unix))]
        {
            let modified_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            Stamp {
                device: 0,
                inode: 0,
                size: meta.len(),
                modified_ns,
            }
        }
    }
}

/// Writes to a temporary file beside `path`, then renames it into place: a reader (or an interrupted build) sees
/// the whole old file or the whole new one, never a part.
///
/// The file is not forced to disk (`fsync`): outputs are rebuilt from the contracts at any time, and syncing each
/// of thousands of files costs far more than the build itself. The file gets the usual permissions (`0o666`
/// less the umask), not the owner-only ones of a temporary file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let io_error = |e: io::Error| OutputError::Io(path.to_path_buf(), e);
    let mut temp = temporary_file_beside(path).map_err(io_error)?;
    temp.write_all(bytes).map_err(io_error)?;
    temp.persist(path).map_err(|e| io_error(e.error))?;
    Ok(())
}

/// A new temporary file in the folder of `path` (created if missing), to be renamed onto `path` once written.
fn temporary_file_beside(path: &Path) -> io::Result<NamedTempFile> {
    let parent = path.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tmp-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // The folder exists for all but the first file written into it: it is created only when it is missing.
    match builder.tempfile_in(parent) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(parent)?;
            builder.tempfile_in(parent)
        }
        made => made,
    }
}

/// A new file at `path` (its folder created when missing); it must not exist yet.
fn create_file(path: &Path) -> io::Result<File> {
    let create = || File::options().write(true).create_new(true).open(path);
    match create() {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
            create()
        }
        made => made,
    }
}

/// Every file under `dir`, as `/`-separated relative names (temporary files of interrupted builds included).
fn existing_files(dir: &Path) -> Result<BTreeSet<String>, OutputError> {
    walk::files(dir, Hidden::Include)
        .map(|file| {
            file.map(|file| file.name)
                .map_err(|e| OutputError::Io(e.path, e.error))
        })
        .collect()
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
    fn a_linked_file_replaces_the_old_one_whole_and_leaves_no_temporary_name() {
        let dir = tempfile::tempdir().unwrap();
        let staged = dir.path().join("staging/a.json");
        fs::create_dir_all(staged.parent().unwrap()).unwrap();
        fs::write(&staged, "new").unwrap();
        let target = dir.path().join("generated/deep/a.json");
        link_atomically(&staged, &target).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");

        fs::write(staged.with_file_name("b.json"), "newer").unwrap();
        link_atomically(&staged.with_file_name("b.json"), &target).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "newer");
        // Linking a file onto itself is a no-op, not a stray temporary link.
        link_atomically(&target, &target).unwrap();
        let names: Vec<String> = fs::read_dir(target.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.json"]);
        assert!(matches!(
            link_atomically(&dir.path().join("missing"), &target),
            Err(OutputError::Io(path, _)) if path.ends_with("missing")
        ));
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

    /// Streams `new` into a folder whose `a.json` holds `old` (or nothing): whether it changed, and the file after.
    fn stream_over(old: Option<&str>, new: &'static str, dry_run: bool) -> (bool, Option<String>) {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(MARKER), "m").unwrap();
        if let Some(old) = old {
            fs::write(dir.path().join("a.json"), old).unwrap();
        }
        let mut syncer = Syncer::begin(dir.path(), MARKER, dry_run).unwrap();
        syncer.put(MARKER, b"m").unwrap();
        // Written in small pieces, as a serialiser does.
        let stream = move |out: &mut dyn Write| {
            new.as_bytes()
                .chunks(3)
                .try_for_each(|piece| out.write_all(piece))
        };
        syncer
            .put_content("a.json", Content::Stream(Box::new(stream)))
            .unwrap();
        let summary = syncer.finish().unwrap();
        let changed = summary.written == ["a.json"];
        assert_eq!(changed, summary.unchanged.len() == 1, "{summary:?}");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
        (changed, fs::read_to_string(dir.path().join("a.json")).ok())
    }

    #[test]
    fn a_streamed_output_is_written_only_when_it_differs() {
        let long = "0123456789abcdefghijklmnopqrstuvwxyz";
        let cases: [(&str, Option<&str>, &'static str, bool); 8] = [
            ("no old file", None, long, true),
            ("no old file, empty output", None, "", true),
            ("the same", Some(long), long, false),
            ("both empty", Some(""), "", false),
            (
                "differs in the middle",
                Some(long),
                "0123456789abcdefghijklmnopqrstuvwxyZ",
                true,
            ),
            ("old file longer", Some(long), "0123456789abcdef", true),
            ("old file shorter", Some("0123456789"), long, true),
            ("differs at the first byte", Some(long), "X123", true),
        ];
        for (case, old, new, differs) in cases {
            let (changed, after) = stream_over(old, new, false);
            assert_eq!(changed, differs, "{case}: changed");
            assert_eq!(after.as_deref(), Some(new), "{case}: content");
            let (changed, after) = stream_over(old, new, true);
            assert_eq!(changed, differs, "{case}: changed in a dry run");
            assert_eq!(
                after.as_deref(),
                old,
                "{case}: a dry run leaves the file alone"
            );
        }
    }

    #[test]
    fn an_unchanged_streamed_output_keeps_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let files = outputs(&[(MARKER, "m"), ("a.json", "same")]);
        sync(dir.path(), &files, false).unwrap();
        let before = fs::metadata(dir.path().join("a.json"))
            .unwrap()
            .modified()
            .unwrap();
        let mut syncer = Syncer::begin(dir.path(), MARKER, false).unwrap();
        syncer.put(MARKER, b"m").unwrap();
        let stream = |out: &mut dyn Write| out.write_all(b"same");
        syncer
            .put_content("a.json", Content::Stream(Box::new(stream)))
            .unwrap();
        assert!(syncer.finish().unwrap().is_clean());
        let after = fs::metadata(dir.path().join("a.json"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
    }

    #[test]
    fn a_failing_stream_is_an_error_and_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        sync(
            dir.path(),
            &outputs(&[(MARKER, "m"), ("a.json", "old")]),
            false,
        )
        .unwrap();
        let mut syncer = Syncer::begin(dir.path(), MARKER, false).unwrap();
        let stream = |out: &mut dyn Write| {
            out.write_all(b"new and half")?;
            Err(io::Error::other("the serialiser failed"))
        };
        let outcome = syncer.put_content("a.json", Content::Stream(Box::new(stream)));
        assert!(matches!(outcome, Err(OutputError::Io(..))), "{outcome:?}");
        assert_eq!(
            fs::read_to_string(dir.path().join("a.json")).unwrap(),
            "old"
        );
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

    #[test]
    fn a_staged_file_is_linked_when_equal_and_written_when_not() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.html");
        fs::write(&old, "same text").unwrap();
        let write = |text: &'static str| {
            move |out: &mut dyn Write| {
                text.as_bytes()
                    .chunks(2)
                    .try_for_each(|piece| out.write_all(piece))
            }
        };
        let cases: [(&str, Option<&Path>, &'static str, bool); 5] = [
            ("equal", Some(&old), "same text", false),
            ("longer", Some(&old), "same text and more", true),
            ("shorter", Some(&old), "same", true),
            ("differs", Some(&old), "sane text", true),
            ("no old file", None, "same text", true),
        ];
        for (i, (case, old_path, text, changed)) in cases.into_iter().enumerate() {
            let new = dir.path().join(format!("staging/{i}/new.html"));
            let staged = stage(old_path, &new, write(text)).unwrap();
            assert_eq!(staged.changed, changed, "{case}");
            assert_eq!(staged.bytes, text.len() as u64, "{case}");
            assert_eq!(fs::read_to_string(&new).unwrap(), text, "{case}");
            let linked = Stamp::of(&new) == Stamp::of(&old);
            assert_eq!(linked, !changed, "{case}: linked to the old file");
        }
        assert_eq!(fs::read_to_string(&old).unwrap(), "same text");
    }

    #[test]
    fn a_failing_stage_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let failing = |out: &mut dyn Write| {
            out.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        };
        let result = stage(None, &dir.path().join("a.html"), failing);
        assert!(result.is_err());
    }

    #[test]
    fn a_folder_is_published_whole_in_place_of_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, target) = (dir.path().join("staging"), dir.path().join("public"));
        fs::create_dir_all(&staging).unwrap();
        fs::write(staging.join("a"), "new").unwrap();
        publish_folder(&staging, &target).unwrap();
        assert_eq!(fs::read_to_string(target.join("a")).unwrap(), "new");
        assert!(!staging.exists(), "the first publication moves the folder");

        fs::create_dir_all(&staging).unwrap();
        fs::write(staging.join("b"), "newer").unwrap();
        publish_folder(&staging, &target).unwrap();
        assert_eq!(fs::read_to_string(target.join("b")).unwrap(), "newer");
        assert!(!target.join("a").exists());
        assert_eq!(
            fs::read_to_string(staging.join("a")).unwrap(),
            "new",
            "the old folder is left in the staging place"
        );
    }

    #[test]
    fn a_stamp_changes_when_a_file_is_replaced_and_not_when_it_is_linked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        write_atomically(&path, b"one").unwrap();
        let first = Stamp::of(&path).unwrap();
        let link = dir.path().join("b");
        link_or_copy(&path, &link).unwrap();
        assert_eq!(Stamp::of(&link), Some(first));
        write_atomically(&path, b"two").unwrap();
        assert_ne!(Stamp::of(&path), Some(first));
        assert_eq!(Stamp::of(&dir.path().join("missing")), None);
        copy_atomically(&path, &dir.path().join("c")).unwrap();
        assert_eq!(fs::read(dir.path().join("c")).unwrap(), b"two");
    }
}
