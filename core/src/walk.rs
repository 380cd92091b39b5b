//! The one directory walk of the project: every file under a folder, sorted by its `/`-separated name.
//!
//! Symbolic links are reported as such and never followed, so a walk cannot leave the folder or loop.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::source::display_name;

/// Whether a walk enters and lists names starting with `.` (hidden files and folders).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hidden {
    Skip,
    Include,
}

/// A file found by [`files`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// Its path relative to the walked folder, `/`-separated: `owners/vpcp/owner.yaml`.
    pub name: String,
    pub path: PathBuf,
    /// A symbolic link (to anything): listed, never followed.
    pub is_symlink: bool,
}

/// A folder or file the walk could not read.
#[derive(Debug)]
pub struct WalkError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl std::fmt::Display for WalkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for WalkError {}

/// Every file and symbolic link under `dir` (not `dir` itself), in the order of their names; an error for each
/// entry that could not be read. A missing `dir` gives nothing.
pub fn files(dir: &Path, hidden: Hidden) -> impl Iterator<Item = Result<File, WalkError>> + '_ {
    WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |entry| hidden == Hidden::Include || !is_hidden(entry.file_name()))
        .filter_map(move |entry| match entry {
            Ok(entry) if entry.file_type().is_dir() => None,
            Ok(entry) => Some(Ok(File {
                name: display_name(dir, entry.path()),
                is_symlink: entry.path_is_symlink(),
                path: entry.into_path(),
            })),
            Err(error) if is_missing_root(&error, dir) => None,
            Err(error) => Some(Err(into_walk_error(error, dir))),
        })
}

/// Removes every empty folder under `dir` (not `dir` itself), deepest first.
pub fn remove_empty_dirs(dir: &Path) {
    let folders = WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .contents_first(true)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_dir());
    for folder in folders {
        // Fails (and is meant to) when the folder still has files.
        let _ = std::fs::remove_dir(folder.path());
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn is_missing_root(error: &walkdir::Error, dir: &Path) -> bool {
    error.depth() == 0
        && error
            .io_error()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        && error.path().is_none_or(|path| path == dir)
}

fn into_walk_error(error: walkdir::Error, dir: &Path) -> WalkError {
    let path = error.path().unwrap_or(dir).to_path_buf();
    let error = error
        .into_io_error()
        .unwrap_or_else(|| std::io::Error::other("a symbolic link loop"));
    WalkError { path, error }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path, hidden: Hidden) -> Vec<String> {
        files(dir, hidden)
            .map(|file| file.unwrap_or_else(|e| panic!("{e}")).name)
            .collect()
    }

    #[test]
    fn lists_files_in_name_order_relative_and_slash_separated() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for name in [
            "b.yaml",
            "a/z.yaml",
            "a/b/c.yaml",
            ".hidden/x.yaml",
            ".tmp-1",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap_or(dir.path()))
                .unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&path, "x").unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(
            names(dir.path(), Hidden::Skip),
            ["a/b/c.yaml", "a/z.yaml", "b.yaml"]
        );
        assert_eq!(
            names(dir.path(), Hidden::Include),
            [
                ".hidden/x.yaml",
                ".tmp-1",
                "a/b/c.yaml",
                "a/z.yaml",
                "b.yaml"
            ]
        );
    }

    #[test]
    fn a_missing_folder_has_no_files() {
        assert!(names(Path::new("/no/such/folder/here"), Hidden::Skip).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_listed_and_not_followed() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(dir.path().join("real")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("real/a.yaml"), "x").unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("link"))
            .unwrap_or_else(|e| panic!("{e}"));
        let found: Vec<(String, bool)> = files(dir.path(), Hidden::Skip)
            .flatten()
            .map(|f| (f.name, f.is_symlink))
            .collect();
        assert_eq!(
            found,
            [("link".to_owned(), true), ("real/a.yaml".to_owned(), false)]
        );
    }

    #[test]
    fn empty_folders_are_removed_deepest_first_and_full_ones_kept() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(dir.path().join("a/b/c")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(dir.path().join("d")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("d/file"), "x").unwrap_or_else(|e| panic!("{e}"));
        remove_empty_dirs(dir.path());
        assert!(!dir.path().join("a").exists());
        assert!(dir.path().join("d/file").exists());
    }
}
