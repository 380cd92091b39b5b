//! The published website: bilingual static pages, a search index and a signed download bundle, from the model.
//!
//! [`render`] reads the editable theme in `docs-site/` (handlebars templates in strict mode with HTML escaping,
//! interface strings in both languages, assets) and returns every file of `docs-site/public/`, which `build`
//! writes with [`contracts_core::output::sync_marked`]. Vietnamese pages are at the root and English ones under `en/`,
//! at the same relative paths, so the language switch keeps the reader on the same page. Every link is
//! relative, so the site works from any web server and from `file://`, offline.

pub mod bundle;
pub mod keys;
mod pages;
mod search;
pub mod serve;
mod templates;
mod text;

use std::path::Path;

use ed25519_dalek::SigningKey;

use contracts_core::generate::Outputs;
use contracts_core::model::Registry;

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

/// Whether the project has a website to build (a `docs-site/templates/` folder).
pub fn is_present(root: &Path) -> bool {
    root.join(SITE_DIR).join(templates::TEMPLATES).is_dir()
}

/// Every file of the site, keyed by its path inside `docs-site/public/`.
///
/// `outputs` are the files `build` writes into `generated/`: they become the download bundle, signed with
/// `key` when one is given.
pub fn render(
    root: &Path,
    registry: &Registry,
    outputs: &Outputs,
    key: Option<&SigningKey>,
) -> Result<Outputs, SiteError> {
    let theme = templates::Theme::load(&root.join(SITE_DIR))?;
    let mut site = Outputs::new();
    site.insert(MARKER.to_owned(), marker_text().into_bytes());
    for (name, bytes) in &theme.assets {
        site.insert(format!("assets/{name}"), bytes.clone());
    }
    let downloads = pages::Downloads::write(registry, outputs, key, &mut site)?;
    let links = pages::Links::new(registry, outputs);
    for lang in LANGUAGES {
        for page in pages::pages(registry, &theme, &links, &downloads, lang)? {
            let html = theme.render(page.template, &page.context)?;
            site.insert(page.file, html.into_bytes());
        }
    }
    site.insert(
        SEARCH_INDEX.to_owned(),
        search::index(registry).into_bytes(),
    );
    Ok(site)
}

fn marker_text() -> String {
    "This folder is written by `cargo contracts build` from contracts/ and docs-site/; do not edit it.\n\
     It is removed and rewritten at will: edit the templates in docs-site/templates/ instead.\n"
        .to_owned()
}

/// Loads the signing key named by `--sign-key` or [`SIGN_KEY_ENV`].
pub fn signing_key(path: Option<&Path>) -> Result<Option<SigningKey>, String> {
    match path {
        Some(path) => keys::read_private(path).map(Some),
        None => Ok(None),
    }
}
