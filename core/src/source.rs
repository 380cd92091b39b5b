//! The contract files as loaded: their paths, their text and positions within them.

use std::fmt;
use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A place in a contract file: a byte range plus its 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
}

impl Span {
    /// The bytes of `text` this span covers, to underline it: at least one character, never past the end.
    pub fn byte_range_in(self, text: &str) -> std::ops::Range<usize> {
        let start = self.start.min(text.len());
        if self.end > start {
            return start..self.end.min(text.len());
        }
        let next = text
            .get(start..)
            .and_then(|rest| rest.chars().next())
            .map_or(start, |c| start + c.len_utf8());
        start..next
    }

    /// The start of a file, for diagnostics about the file as a whole.
    pub fn file_start(file: FileId) -> Self {
        Span {
            file,
            start: 0,
            end: 0,
            line: 1,
            column: 1,
        }
    }
}

/// One loaded file. `text` has its byte-order mark removed and CRLF line ends folded to LF,
/// which keeps every line and column number identical to the file on disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the registry root, with `/` separators (stable across machines).
    pub name: String,
    /// Path on disk.
    pub path: PathBuf,
    pub text: String,
    /// Byte offset where each line starts, for finding positions without rescanning the text (`u32`: the
    /// limits keep files far below 4 GiB; lines that start beyond are not listed).
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(name: String, path: PathBuf, text: String) -> Self {
        let breaks = text.bytes().filter(|&b| b == b'\n').count();
        let mut line_starts = Vec::with_capacity(breaks + 1);
        line_starts.push(0);
        for (at, byte) in text.bytes().enumerate() {
            if byte == b'\n' {
                match u32::try_from(at + 1) {
                    Ok(start) => line_starts.push(start),
                    Err(_) => break,
                }
            }
        }
        SourceFile {
            name,
            path,
            text,
            line_starts,
        }
    }

    /// The text of the 1-based line `line`, without its line end.
    pub fn line_text(&self, line: u32) -> &str {
        self.text
            .split('\n')
            .nth(line.saturating_sub(1) as usize)
            .unwrap_or("")
    }

    /// The span of the first occurrence of `needle` at or after byte `from`, if any.
    pub fn find(&self, id: FileId, needle: &str, from: usize) -> Option<Span> {
        let start = from + self.text.get(from..)?.find(needle)?;
        Some(self.span_at(id, start, start + needle.len()))
    }

    /// The byte offset of a 1-based line and character column (clamped to the text).
    pub fn offset_of(&self, line: u32, column: u32) -> usize {
        let Some(&line_start) = self.line_starts.get(line.saturating_sub(1) as usize) else {
            return self.text.len();
        };
        let line_start = line_start as usize;
        let line_text = self.text[line_start..].split('\n').next().unwrap_or("");
        let skip = column.saturating_sub(1) as usize;
        line_start
            + line_text
                .char_indices()
                .nth(skip)
                .map_or(line_text.len(), |(i, _)| i)
    }

    /// A span for the byte range `start..end`, computing its line and column.
    pub fn span_at(&self, id: FileId, start: usize, end: usize) -> Span {
        let mut start = start.min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let line_index = self
            .line_starts
            .partition_point(|&s| (s as usize) <= start)
            .saturating_sub(1);
        let line_start = self.line_starts.get(line_index).map_or(0, |&s| s as usize);
        let column = self
            .text
            .get(line_start..start)
            .map_or(0, |s| s.chars().count()) as u32
            + 1;
        Span {
            file: id,
            start,
            end: end.clamp(start, self.text.len()),
            line: line_index as u32 + 1,
            column,
        }
    }
}

/// All files of one registry, in load order (sorted by name).
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, name: String, path: PathBuf, text: String) -> FileId {
        self.push(SourceFile::new(name, path, text))
    }

    /// Adds a file read elsewhere (on another thread); its id.
    pub fn push(&mut self, file: SourceFile) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(file);
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The span of a parsed value: from its byte offset when the parser gave one, else from its line and column.
    pub fn span_of(&self, id: FileId, pos: crate::syntax::Pos) -> Span {
        let file = self.get(id);
        let offset = match usize::try_from(pos.offset) {
            Ok(offset)
                if pos.offset != crate::syntax::Pos::UNKNOWN && offset <= file.text.len() =>
            {
                offset
            }
            _ => file.offset_of(pos.line, pos.column),
        };
        file.span_at(id, offset, offset.saturating_add(pos.len as usize))
    }

    /// The id of the file named `name` (relative to the registry root).
    pub fn by_name(&self, name: &str) -> Option<FileId> {
        self.files().find(|(_, f)| f.name == name).map(|(id, _)| id)
    }
}

/// Normalises raw file text: removes a UTF-8 byte-order mark and folds CRLF into LF.
pub fn normalise_text(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_owned()
    }
}

/// Displays a path relative to `root` with `/` separators, the way diagnostics name files.
pub fn display_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

impl fmt::Display for FileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_at_counts_characters_not_bytes() {
        let mut map = SourceMap::default();
        let id = map.add("a.yaml".into(), "a.yaml".into(), "ab\nđé: x\n".into());
        let file = map.get(id);
        let start = file.text.find('x').unwrap();
        let span = file.span_at(id, start, start + 1);
        assert_eq!((span.line, span.column), (2, 5));
    }

    #[test]
    fn normalise_strips_bom_and_crlf() {
        assert_eq!(normalise_text("\u{feff}a: 1\r\nb: 2\r\n"), "a: 1\nb: 2\n");
    }
}
