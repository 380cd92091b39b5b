//! `cargo contracts diff`: every change between two versions of the registry, classified, with what to do.

use std::io::Write;
use std::path::Path;

use contracts_core::diagnostic::Diagnostics;
use contracts_core::limits::Limits;
use contracts_core::model::Registry;

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO, renderer};
use crate::cli::{Color, DiffFormat};
use crate::versions::comparison::{self, Comparison};
use crate::versions::history::{self, Snapshot, WORKTREE, WORKTREE_LABEL};

/// The two revisions to compare: `from` defaults to the latest release, `to` is a revision or `worktree`.
pub struct Sides<'a> {
    pub from: Option<&'a str>,
    pub to: &'a str,
}

/// `diff`: loads both sides, reports every change, and exits 1 when the comparison fails.
pub fn run(
    root: &Path,
    registry: Registry,
    diagnostics: Diagnostics,
    sides: Sides<'_>,
    format: DiffFormat,
    color: Color,
    limits: &Limits,
) -> u8 {
    let Sides { from, to } = sides;
    let worktree = Snapshot {
        label: WORKTREE_LABEL.to_owned(),
        registry,
        diagnostics,
        is_release: false,
    };
    let renderer = renderer(color);
    let sides = history::History::open(root).and_then(|repo| {
        let from = match from {
            Some(from) => from.to_owned(),
            None => match repo.latest_release()? {
                Some(release) => release.tag,
                None => return Ok(None),
            },
        };
        if to == WORKTREE && from != WORKTREE {
            let mut after = worktree;
            let before = comparison::before_worktree(&repo, &from, &mut after, limits)?;
            return Ok(Some((before, after)));
        }
        let mut worktree = Some(worktree);
        let mut load = |revision: &str| match revision {
            WORKTREE => Ok(worktree
                .take()
                .unwrap_or_else(|| history::working_tree(root, limits))),
            revision => repo.load(revision, limits),
        };
        let before = load(&from)?;
        let after = load(to)?;
        Ok(Some((before, after)))
    });
    let (before, after) = match sides {
        Ok(Some(sides)) => sides,
        Ok(None) => {
            let missing = history::History::open(root)
                .and_then(|repo| repo.releases())
                .ok()
                .and_then(|releases| history::missing_releases(root, &releases));
            match missing {
                Some(why) => eprintln!("warning: nothing to compare: {why}"),
                None => eprintln!(
                    "no release yet (no tag v<version>): nothing to compare; `cargo contracts release` makes the first one, or pass --from <revision>"
                ),
            }
            return OK;
        }
        Err(error) => {
            eprintln!("error: {error}");
            return USAGE_OR_IO;
        }
    };
    if after.diagnostics.has_errors() {
        eprint!(
            "{}",
            after.diagnostics.render(&after.registry.sources, &renderer)
        );
        eprintln!(
            "the registry at {} has errors: fix them before comparing",
            after.label
        );
        return CONTRACT_ERRORS;
    }
    if before.diagnostics.has_errors() {
        eprintln!(
            "warning: the registry at {} has {} errors under today's checks; its elements with errors are left out",
            before.label,
            before.diagnostics.error_count()
        );
    }
    let comparison = Comparison::of(&before, &after);
    let text = match format {
        DiffFormat::Text => {
            eprint!("{}", comparison.text(&before, &after, &renderer));
            String::new()
        }
        DiffFormat::Json => {
            serde_json::to_string_pretty(&comparison.json(&before, &after)).unwrap_or_default()
                + "\n"
        }
        DiffFormat::Markdown => comparison.markdown(&before, &after),
    };
    let _ = write!(std::io::stdout(), "{text}");
    if comparison.fails() {
        CONTRACT_ERRORS
    } else {
        OK
    }
}
