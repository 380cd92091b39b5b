//! Everything `build` writes, derived from the one checked registry model.

mod format_schema;
mod indent;
mod json;
pub mod json_schema;
pub mod openapi;
pub mod postman;
pub mod rust;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::io::{self, Write};

use crate::model::{LegalRef, Registry};
use crate::parallel;

pub use format_schema::contract_format_schema;

/// Output files keyed by their path inside `generated/` (with `/` separators), in a stable order.
pub type Outputs = BTreeMap<String, Vec<u8>>;

/// The marker file that makes `generated/` a folder this tool owns (and may tidy).
pub const MARKER: &str = "README.md";

/// One piece of `build`'s work: a function from the registry to the files it produces, run on any thread.
pub type Job<'a> = Box<dyn Fn() -> Vec<Output<'a>> + Sync + 'a>;

/// A file a job produces, or several files it writes together.
pub enum Output<'a> {
    File(String, Content<'a>),
    /// Files that share most of their text (a document of the whole registry and its parts for each provider),
    /// written in one pass so that each shared piece is built once: the function gets one writer per name, in
    /// the order of the names.
    Group(Vec<String>, GroupStream<'a>),
}

/// Writes the files of an [`Output::Group`], one writer each.
pub type GroupStream<'a> = Box<dyn FnOnce(&mut [&mut dyn Write]) -> io::Result<()> + Send + 'a>;

/// What an output file holds: its bytes, or (for the largest files) a function that writes them, so that they
/// go straight to disk instead of being held whole in memory.
pub enum Content<'a> {
    Bytes(Vec<u8>),
    Stream(Stream<'a>),
}

/// Writes an output's bytes into the writer it is given.
pub type Stream<'a> = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + Send + 'a>;

impl Content<'_> {
    /// The whole file in memory. Writing the model's values into memory cannot fail; a stream that fails
    /// anyway gives the bytes it wrote before it stopped.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Content::Bytes(bytes) => bytes,
            Content::Stream(write) => {
                let mut bytes = Vec::new();
                let _ = write(&mut bytes);
                bytes
            }
        }
    }
}

impl From<Vec<u8>> for Content<'_> {
    fn from(bytes: Vec<u8>) -> Self {
        Content::Bytes(bytes)
    }
}

/// Every output of the registry, in memory.
pub fn outputs(registry: &Registry) -> Outputs {
    let mut out = Outputs::new();
    each_output(
        registry,
        &|name, content: Content<'_>| (name, content.into_bytes()),
        |(name, bytes)| {
            out.insert(name, bytes);
            Ok::<(), Infallible>(())
        },
    )
    .unwrap_or_else(|never| match never {});
    out
}

/// Every output of the registry, produced on every core. `stage` runs on the thread that produced each file
/// (where it can write or compare the file, so that only the files in flight are held in memory), and `sink`
/// gets what `stage` made of it, one file at a time: the marker first, the others in no set order. The first
/// error of `sink` stops the work and is returned.
pub fn each_output<'r, T: Send, E: Send>(
    registry: &'r Registry,
    stage: &(impl Fn(String, Content<'r>) -> T + Sync),
    mut sink: impl FnMut(T) -> Result<(), E> + Send,
) -> Result<(), E> {
    sink(stage(MARKER.to_owned(), marker_text().into_bytes().into()))?;
    let format_schema: Job<'_> = Box::new(|| {
        vec![Output::File(
            "schema/contract-format.schema.json".to_owned(),
            contract_format_schema().into_bytes().into(),
        )]
    });
    // The largest pieces first, so that no core is left with one of them at the end.
    let jobs: Vec<Job<'_>> = openapi::jobs(registry)
        .into_iter()
        .chain(rust::jobs(registry))
        .chain(json_schema::jobs(registry))
        .chain(postman::jobs(registry))
        .chain(reuse_jobs(registry))
        .chain([format_schema])
        .collect();
    let run = |job: &Job<'r>| -> Vec<T> {
        let mut staged = Vec::new();
        for output in job() {
            match output {
                Output::File(name, content) => staged.push(stage(name, content)),
                Output::Group(names, write) => staged.extend(stage_group(names, write, stage)),
            }
        }
        staged
    };
    crate::parallel::for_each_result(&jobs, None, &run, |_, staged| {
        staged.into_iter().try_for_each(&mut sink)
    })
}

/// The job that writes the JSON and CSV lists into `generated/reuse/`, when the registry declares any reuse.
fn reuse_jobs(registry: &Registry) -> Vec<Job<'_>> {
    use crate::reuse::{Filter, rows, to_csv, to_json};
    if registry.reuses.is_empty() {
        return Vec::new();
    }
    vec![Box::new(move || {
        let all = rows(registry, &Filter::default());
        vec![
            Output::File(
                "reuse/replaced-components.json".to_owned(),
                to_json(registry, &all).into_bytes().into(),
            ),
            Output::File(
                "reuse/replaced-components.csv".to_owned(),
                to_csv(registry, &all).into_bytes().into(),
            ),
        ]
    })]
}

/// Stages each file of a group as a stream on its own thread, fed through a pipe by the group's writer on this
/// thread: the files are written as they are produced, none of them held whole.
fn stage_group<'r, T: Send>(
    names: Vec<String>,
    write: GroupStream<'r>,
    stage: &(impl Fn(String, Content<'r>) -> T + Sync),
) -> Vec<T> {
    let (mut writers, readers): (Vec<_>, Vec<_>) = names.iter().map(|_| parallel::pipe()).unzip();
    std::thread::scope(|scope| {
        let staging: Vec<_> = names
            .into_iter()
            .zip(readers)
            .map(|(name, reader)| {
                let stream: Stream<'r> = Box::new(move |out: &mut dyn Write| reader.copy_to(out));
                scope.spawn(move || stage(name, Content::Stream(stream)))
            })
            .collect();
        let mut outs: Vec<&mut dyn Write> =
            writers.iter_mut().map(|w| w as &mut dyn Write).collect();
        let written = write(&mut outs);
        for writer in writers {
            writer.close(written.as_ref().err());
        }
        staging
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// "Legal basis 10.1: <the provision's Vietnamese text>", as the Rust docs and OpenAPI descriptions quote it.
/// The `x-provenance` extension of an element: the wire sources where it is seen, the links that are inferences and
/// who must confirm them; `None` when its provenance says nothing.
pub(crate) fn provenance_extension(
    provenance: &crate::model::Provenance,
) -> Option<json::Json<'_>> {
    if provenance.is_empty() {
        return None;
    }
    let mut out = json::Json::object([]);
    let map = out.as_object();
    if !provenance.wire.is_empty() {
        map.insert("wire", provenance.wire.iter().collect::<json::Json<'_>>());
    }
    if !provenance.inferred.is_empty() {
        map.insert(
            "inferred",
            provenance
                .inferred
                .iter()
                .map(|i| i.as_str())
                .collect::<json::Json<'_>>(),
        );
    }
    if let Some(owner) = &provenance.confirm_by {
        map.insert("confirm-by", owner);
    }
    if let Some(note) = &provenance.note {
        map.insert("note", note.en_or_vi());
    }
    Some(out)
}

pub(crate) fn legal_basis(registry: &Registry, legal: &LegalRef) -> String {
    let quoted = registry
        .legal_sources
        .get(&legal.source)
        .and_then(|source| source.provision_text(&legal.path))
        .map(|text| format!(": {}", text.vi))
        .unwrap_or_default();
    format!("Legal basis {}{quoted}", legal.written)
}

fn marker_text() -> String {
    "<!-- @generated by `cargo contracts build`; do not edit. -->\n\
     # Generated outputs\n\n\
     Everything in this folder is produced by `cargo contracts build` from the files under `contracts/`.\n\
     Edit the contracts, not these files: `build` rewrites this folder and removes files that no longer\n\
     correspond to a contract, and CI runs `cargo contracts build --check` to keep it in step.\n\n\
     - `schema/contract-format.schema.json`: the JSON Schema of the contract format, for editors.\n\
     - `jsonschema/<contract>.request.schema.json`, `jsonschema/<contract>.response.schema.json`: JSON Schema\n\
       2020-12 of each payload, with `$defs` for its records and catalogues; `jsonschema/records/`: each record.\n\
     - `openapi/registry.openapi.{json,yaml}`: OpenAPI 3.1 of every contract; `openapi/portal.openapi.*` and\n\
       `openapi/ministry-system.openapi.*`: the endpoints each side hosts.\n\
     - `postman/registry.postman_collection.json`: a Postman collection (v2.1) of every contract, a folder per\n\
       data group, its variables set for the sandbox (`cargo contracts sandbox`).\n\
     - `examples/<contract>.request.json`, `examples/<contract>.response.json`: each contract's example payloads\n\
       as they travel (`.example-<n>.` for the second and later).\n\
     - `rust/`: the `vpcp-contracts` crate: one module per contract, `records`, `catalogues`, and a test that\n\
       round-trips every contract example through its type.\n\
     - `reuse/replaced-components.{json,csv}`: the dossier components that database attributes replace, one\n\
       row per procedure, component and database (when the registry declares any).\n"
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What each file of a group gets when `write` writes the group: its bytes, or its stream's error.
    fn staged(names: &[&str], write: GroupStream<'_>) -> Vec<(String, Result<String, String>)> {
        let stage = |name: String, content: Content<'_>| {
            let Content::Stream(stream) = content else {
                panic!("a file of a group is staged as a stream");
            };
            let mut bytes = Vec::new();
            let result = stream(&mut bytes).map(|()| String::from_utf8_lossy(&bytes).into_owned());
            (name, result.map_err(|e| e.to_string()))
        };
        let names = names.iter().map(|n| (*n).to_owned()).collect();
        stage_group(names, write, &stage)
    }

    #[test]
    fn each_file_of_a_group_gets_what_was_written_into_its_own_writer() {
        let write: GroupStream<'_> = Box::new(|outs: &mut [&mut dyn Write]| {
            for round in 0..3 {
                for (index, out) in outs.iter_mut().enumerate() {
                    write!(out, "{index}.{round} ")?;
                }
            }
            Ok(())
        });
        let files = staged(&["a", "b"], write);
        let expected = [("a", "0.0 0.1 0.2 "), ("b", "1.0 1.1 1.2 ")]
            .map(|(name, text)| (name.to_owned(), Ok(text.to_owned())));
        assert_eq!(files, expected);
    }

    #[test]
    fn a_group_whose_writer_fails_fails_every_file() {
        let write: GroupStream<'_> = Box::new(|outs: &mut [&mut dyn Write]| {
            outs[0].write_all(b"half")?;
            Err(io::Error::other("the schema does not serialise"))
        });
        for (name, result) in staged(&["a", "b"], write) {
            assert_eq!(
                result,
                Err("the schema does not serialise".to_owned()),
                "{name}"
            );
        }
    }
}
