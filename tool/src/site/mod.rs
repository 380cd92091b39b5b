//! The published website: bilingual static pages, a search index and a signed download bundle, from the model.
//!
//! [`publish`] reads the editable theme in `docs-site/` (handlebars templates in strict mode with HTML escaping,
//! interface strings in both languages, assets), builds every file of `docs-site/public/` into a staging folder
//! and puts it in place as a whole (see [`publish`]'s module). Vietnamese pages are at the root and English ones
//! under `en/`, at the same relative paths, so the language switch keeps the reader on the same page. Every
//! link is relative, so the site works from any web server and from `file://`, offline.

pub mod bundle;
mod deps;
mod digest;
mod editions;
pub mod faults;
pub mod keys;
mod pages;
pub mod publish;
mod rows;
mod search;
pub mod serve;
mod state;
mod templates;
mod text;

use std::io;
use std::path::Path;

use ed25519_dalek::SigningKey;

use contracts_core::output::OutputError;

pub use publish::{Report, Source, publish};

/// The theme folder, relative to a project root.
pub const SITE_DIR: &str = "docs-site";
/// Where the site is written, relative to a project root (ignored by git).
pub const PUBLIC_DIR: &str = "docs-site/public";
/// The file that marks `docs-site/public/` as written by `build`.
pub const MARKER: &str = ".contracts-site";
/// The languages of the site; the first is the default, served at the root.
pub const LANGUAGES: [&str; 2] = ["vi", "en"];
/// The search index of the site, loaded by the search page.
pub const SEARCH_INDEX: &str = "search-index.js";
/// The environment variable naming the private key that signs the bundle.
pub const SIGN_KEY_ENV: &str = "CONTRACTS_SIGN_KEY";

/// Why the site could not be rendered: what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteError {
    pub what: String,
    pub fix: String,
}

impl std::fmt::Display for SiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n  = help: {}", self.what, self.fix)
    }
}

/// Why the site could not be published: the theme or the registry cannot make it (nothing was written), or a
/// file could not be read or written (the published site is as it was).
#[derive(Debug)]
pub enum PublishError {
    Site(SiteError),
    Output(OutputError),
    Io(io::Error),
}

impl std::fmt::Display for PublishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PublishError::Site(error) => write!(f, "{error}"),
            PublishError::Output(error) => write!(f, "{error}"),
            PublishError::Io(error) => write!(f, "{error}"),
        }
    }
}

/// Whether the project has a website to build (a `docs-site/templates/` folder).
pub fn is_present(root: &Path) -> bool {
    root.join(SITE_DIR).join(templates::TEMPLATES).is_dir()
}

/// Loads the signing key named by `--sign-key` or [`SIGN_KEY_ENV`].
pub fn signing_key(path: Option<&Path>) -> Result<Option<SigningKey>, String> {
    match path {
        Some(path) => keys::read_private(path).map(Some),
        None => Ok(None),
    }
}
