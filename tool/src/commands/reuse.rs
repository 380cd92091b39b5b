//! `cargo contracts reuse`: the dossier components that database attributes replace, as text, JSON or CSV.

use std::io::Write;

use contracts_core::model::Registry;
use contracts_core::reuse::{self, Filter};

use super::{OK, USAGE_OR_IO};
use crate::cli::ReuseFormat;

pub fn run(
    registry: &Registry,
    procedure: Option<&str>,
    database: Option<&str>,
    format: ReuseFormat,
) -> u8 {
    if let Some(id) = database
        && !registry.databases.contains_key(id)
    {
        let near =
            contracts_core::resolve::closest(id, registry.databases.keys().map(String::as_str));
        eprintln!("error: no database has the id `{}`", id.escape_debug());
        match near {
            Some(near) => eprintln!("  = help: did you mean `{near}`?"),
            None => eprintln!(
                "  = help: the databases are listed on the website, under contracts/owners/*/databases/"
            ),
        }
        return USAGE_OR_IO;
    }
    let filter = Filter {
        procedure: procedure.map(str::to_owned),
        database: database.map(str::to_owned),
    };
    let rows = reuse::rows(registry, &filter);
    let text = match format {
        ReuseFormat::Text => reuse::to_text(registry, &rows),
        ReuseFormat::Json => reuse::to_json(registry, &rows),
        ReuseFormat::Csv => reuse::to_csv(registry, &rows),
    };
    let _ = write!(std::io::stdout(), "{text}");
    OK
}
