//! Every output of the project: what the registry generates, plus the migration guides read from git history.

use std::path::Path;

use contracts_core::GENERATED_DIR;
use contracts_core::generate::{self, Content, Outputs};
use contracts_core::limits::Limits;
use contracts_core::walk::{self, Hidden};

use super::edition::Edition;
use super::history::Snapshot;
use super::{document, feed, migration, sheets};

/// Every output of the project, in memory.
///
/// With `release_as`, the working tree is the release about to be made. When history cannot be read (no
/// repository, a shallow clone), the guides already in `generated/migrations/` are kept as they are and the
/// second value says why (when there are any).
pub fn all(
    root: &Path,
    current: &mut Snapshot,
    release_as: Option<&Edition>,
    limits: &Limits,
) -> (Outputs, Option<String>) {
    let mut outputs = Outputs::new();
    let note = each(
        root,
        current,
        release_as,
        limits,
        &|name, content: Content<'_>| (name, content.into_bytes()),
        |(name, bytes)| {
            outputs.insert(name, bytes);
            Ok::<(), std::convert::Infallible>(())
        },
    )
    .unwrap_or_else(|never| match never {});
    (outputs, note)
}

/// [`all`], each file handed to `stage` on the thread that produced it and the result to `sink` (the marker
/// first), as [`generate::each_output`] does, so that they need not all be in memory at once.
pub fn each<T: Send, E: Send>(
    root: &Path,
    current: &mut Snapshot,
    release_as: Option<&Edition>,
    limits: &Limits,
    stage: &(impl Fn(String, Content<'_>) -> T + Sync),
    mut sink: impl FnMut(T) -> Result<(), E> + Send,
) -> Result<Option<String>, E> {
    generate::each_output(&current.registry, stage, &mut sink)?;
    let (guides, note) = match migration::outputs(root, current, release_as, limits) {
        Ok(guides) => (guides, None),
        Err(why) => {
            let kept = existing(
                &root.join(GENERATED_DIR),
                &[migration::FOLDER, feed::FOLDER],
            );
            let note = (!kept.is_empty())
                .then(|| format!("the migration guides are kept as they are: {why}"));
            (kept, note)
        }
    };
    for (name, bytes) in guides {
        sink(stage(name, bytes.into()))?;
    }
    let documents = match document::outputs(root, current, release_as, limits) {
        Ok(documents) => documents,
        Err(_) => existing(&root.join(GENERATED_DIR), &[document::FOLDER]),
    };
    for (name, bytes) in documents {
        sink(stage(name, bytes.into()))?;
    }
    let registry = &current.registry;
    let (sheets, sheets_note) = match sheets::outputs(registry, sheets::creation_date(registry)) {
        Ok(sheets) => (sheets, None),
        Err(why) => (Vec::new(), Some(why)),
    };
    for (name, bytes) in sheets {
        sink(stage(name, bytes.into()))?;
    }
    Ok(note.or(sheets_note))
}

/// The files already under these folders of `generated/` (kept when history cannot be read).
fn existing(generated: &Path, folders: &[&str]) -> Outputs {
    let mut out = Outputs::new();
    for name in folders {
        for file in walk::files(&generated.join(name), Hidden::Skip).flatten() {
            if let Ok(bytes) = std::fs::read(&file.path) {
                out.insert(format!("{name}/{}", file.name), bytes);
            }
        }
    }
    out
}
