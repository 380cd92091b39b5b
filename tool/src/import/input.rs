//! Reading what is imported: a file or standard input, within a size limit, as JSON or YAML, never fetching
//! anything.

use std::fs;
use std::io::Read;
use std::path::Path;

use contracts_core::limits::Limits;
use serde_json::Value;

use super::{ImportError, fail};

/// The largest document or sample file an import reads, unless `CONTRACTS_MAX_IMPORT_BYTES` says otherwise.
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;
/// The variable that changes [`DEFAULT_MAX_BYTES`].
pub const MAX_BYTES_VAR: &str = "CONTRACTS_MAX_IMPORT_BYTES";

/// The size limit of imported files.
pub fn max_bytes() -> Result<u64, ImportError> {
    match std::env::var(MAX_BYTES_VAR) {
        Err(_) => Ok(DEFAULT_MAX_BYTES),
        Ok(text) => match text.trim().parse::<u64>() {
            Ok(bytes) if bytes > 0 => Ok(bytes),
            _ => fail(format!(
                "{MAX_BYTES_VAR} is `{text}`; write a number of bytes, e.g. 33554432"
            )),
        },
    }
}

/// A text read for import, with the name messages give it.
#[derive(Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// Reads `path` (`-` for standard input) as UTF-8 text of at most `max` bytes.
pub fn read(path: &Path, max: u64) -> Result<Source, ImportError> {
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    };
    let too_large = || {
        ImportError(format!(
            "`{name}` is larger than {} (the import limit); import a smaller document, or raise {MAX_BYTES_VAR}",
            human_bytes(max)
        ))
    };
    let mut bytes = Vec::new();
    if stdin {
        std::io::stdin()
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ImportError(format!("cannot read standard input: {e}")))?;
    } else {
        let metadata =
            fs::metadata(path).map_err(|e| ImportError(format!("cannot read `{name}`: {e}")))?;
        if metadata.is_dir() {
            return fail(format!("`{name}` is a folder; name the document file"));
        }
        if metadata.len() > max {
            return Err(too_large());
        }
        fs::File::open(path)
            .and_then(|file| file.take(max + 1).read_to_end(&mut bytes))
            .map_err(|e| ImportError(format!("cannot read `{name}`: {e}")))?;
    }
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        ImportError(format!(
            "`{name}` is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    Ok(Source { name, text })
}

/// The document as a JSON value: JSON when it starts with `{` or `[`, YAML otherwise (within the loader's YAML
/// limits: nesting, aliases, size).
pub fn parse(source: &Source, limits: &Limits) -> Result<Value, ImportError> {
    let trimmed = source.text.trim_start();
    if trimmed.is_empty() {
        return fail(format!("`{}` is empty", source.name));
    }
    if trimmed.starts_with(['{', '[']) {
        return serde_json::from_str(&source.text).map_err(|e| {
            ImportError(format!(
                "`{}` is not valid JSON: {e}; fix it, or convert it with a JSON or YAML linter",
                source.name
            ))
        });
    }
    serde_saphyr::from_str_with_options::<Value>(&source.text, limits.yaml_options()).map_err(|e| {
        let reason = e.to_string();
        let first = reason.lines().next().unwrap_or("").trim();
        let first = first.strip_prefix("error: ").unwrap_or(first);
        if first.contains("budget breached") {
            return ImportError(format!(
                "`{}` goes beyond the YAML limits (aliases that expand too far, nesting too deep, values too large):                  {first}; the limits are those of contract files (CONTRACTS_MAX_NODES, CONTRACTS_MAX_DEPTH...)",
                source.name
            ));
        }
        ImportError(format!(
            "`{}` is neither JSON nor valid YAML: {first}",
            source.name
        ))
    })
}

/// `32 MiB`, `512 KiB`, `100 bytes`.
pub fn human_bytes(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}
