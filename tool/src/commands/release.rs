//! `cargo contracts release`: the next version of the registry, with its changelog, committed and tagged.

use std::path::Path;

use contracts_core::limits::Limits;

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO, renderer};
use crate::cli::{Color, ReleaseLevel};
use crate::versions::release::{self, Level};

/// What `release` is asked besides the level.
pub struct Options<'a> {
    pub dry_run: bool,
    /// The day the edition takes effect, `yyyy-mm-dd`.
    pub effective: Option<&'a str>,
}

/// `release`: plans, shows the plan, and (unless a dry run) writes, commits and tags.
pub fn run(
    root: &Path,
    level: ReleaseLevel,
    options: &Options<'_>,
    color: Color,
    limits: &Limits,
) -> u8 {
    let dry_run = options.dry_run;
    let level = match level {
        ReleaseLevel::Auto => Level::Auto,
        ReleaseLevel::Major => Level::Major,
        ReleaseLevel::Minor => Level::Minor,
        ReleaseLevel::Patch => Level::Patch,
    };
    if let Some(code) = finish_interrupted(root, dry_run, color) {
        return code;
    }
    let plan = match release::plan_edition(root, level, options.effective, limits) {
        Ok(plan) => plan,
        Err(error) => {
            eprint!("{}", error.render(&renderer(color)));
            return CONTRACT_ERRORS;
        }
    };
    eprint!("{}", release::describe(&plan));
    if dry_run {
        eprintln!("dry run: nothing was written");
        return OK;
    }
    match release::execute(root, &plan) {
        Ok(commit) => {
            eprintln!(
                "released {} (commit {commit}, tag {}): {}",
                plan.version,
                plan.tag,
                plan.edition.line_en()
            );
            OK
        }
        Err(error) => {
            eprint!("{}", error.render(&renderer(color)));
            eprintln!(
                "the release stopped part-way; its commit and tag are kept in git: fix the cause and run `cargo contracts release` again, which finishes this release"
            );
            USAGE_OR_IO
        }
    }
}

/// A release interrupted after its commit and tag were made is finished first (or, in a dry run, announced).
fn finish_interrupted(root: &Path, dry_run: bool, color: Color) -> Option<u8> {
    if dry_run {
        let tag = release::interrupted(root)?;
        eprintln!(
            "the release {tag} was interrupted: `cargo contracts release` finishes it (updates the working tree, moves the branch, creates the tag)"
        );
        eprintln!("dry run: nothing was written");
        return Some(OK);
    }
    match release::resume(root) {
        Ok(Some(tag)) => {
            eprintln!("finished the interrupted release {tag}");
            Some(OK)
        }
        Ok(None) => None,
        Err(error) => {
            eprint!("{}", error.render(&renderer(color)));
            Some(USAGE_OR_IO)
        }
    }
}
