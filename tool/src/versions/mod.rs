//! Versions of the registry: past ones read from git, what changed between two of them, whether versions grew
//! enough, the migration guides, and releases.
//!
//! Each module builds on those before it: [`history`] reads a registry at a revision; [`diff`] compares two
//! registries by the rules of `contracts_core::rules`; [`semver_check`] decides whether each version grew
//! enough; [`comparison`] holds all of that as plain data, which [`render`] prints as text, JSON and Markdown;
//! [`migration`] writes the guides; [`outputs`] adds them to the generated files; [`release`] makes a release.

pub mod comparison;
pub mod diff;
pub mod document;
pub mod edition;
pub mod feed;
pub mod history;
pub mod migration;
pub mod outputs;
pub mod release;
pub mod render;
pub mod semver_check;
pub mod sheets;
