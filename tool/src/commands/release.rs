//! `cargo contracts release`: the next version of the registry, with its changelog, committed and tagged.

use std::path::Path;

use contracts_core::limits::Limits;

use super::{CONTRACT_ERRORS, OK, USAGE_OR_IO, renderer};
use crate::cli::{Color, ReleaseLevel};
use crate::versions::release::{self, Level};

/// `release`: plans, shows the plan, and (unless a dry run) writes, commits and tags.
pub fn run(root: &Path, level: ReleaseLevel, dry_run: bool, color: Color, limits: &Limits) -> u8 {
    let level = match level {
        ReleaseLevel::Auto => Level::Auto,
        ReleaseLevel::Major => Level::Major,
        ReleaseLevel::Minor => Level::Minor,
        ReleaseLevel::Patch => Level::Patch,
    };
    let plan = match release::plan(root, level, limits) {
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
                "released {} (commit {commit}, tag {})",
                plan.version, plan.tag
            );
            OK
        }
        Err(error) => {
            eprint!("{}", error.render(&renderer(color)));
            eprintln!(
                "the release stopped part-way: check `git status`, and restore the files with `git checkout -- .` before trying again"
            );
            USAGE_OR_IO
        }
    }
}
