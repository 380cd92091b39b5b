//! `cargo contracts serve`: the website previewed on 127.0.0.1, rebuilt and reloaded on every change.

use std::path::Path;

use contracts_core::limits::Limits;

use super::{OK, USAGE_OR_IO};
use crate::site;

/// `serve`: builds the site and serves it with live reload until stopped.
pub fn run(root: &Path, port: u16, limits: Limits, sign_key: Option<&Path>) -> u8 {
    if !site::is_present(root) {
        eprintln!(
            "error: {} has no {}/templates/ folder: there is no website to serve",
            root.display(),
            site::SITE_DIR
        );
        return USAGE_OR_IO;
    }
    let key = match super::build::load_key(root, sign_key) {
        Ok(key) => key,
        Err(code) => return code,
    };
    let options = site::serve::Options {
        root: root.to_path_buf(),
        port,
        limits,
        key,
    };
    let listening = |address| {
        eprintln!(
            "building the site for http://{address}/ (a large registry takes a while the first time)"
        );
    };
    let result = site::serve::run(options, listening, |address, first| {
        eprintln!("{first}");
        eprintln!(
            "serving http://{address}/ (rebuilds when contracts/ or docs-site/ change; Ctrl-C stops)"
        );
    });
    match result {
        Ok(()) => OK,
        Err(error) => {
            eprintln!("error: {error}");
            USAGE_OR_IO
        }
    }
}
