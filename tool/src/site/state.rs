//! What the last build published, kept beside the site so that the next build redoes only what changed.
//!
//! For each file of the site: the fingerprint of what it was made from, the digest and size of its content and
//! its [`Stamp`]; for each file of `generated/`: its digest and stamp; and the outputs of the generation with
//! the fingerprint of their inputs. A file is trusted to hold what the state says only while its stamp is the
//! one recorded (a file replaced, written in place or restored by git gets another), so a stale or lost state
//! costs time, never a wrong output. The state is a text file, one record a line, written atomically.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;

use contracts_core::output::{self, OutputError, Stamp};

use super::digest::{self, Digest};

/// The first line of the file: its format and version.
const HEADER: &str = "contracts-site-state 1";

/// A file the state vouches for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// What the file was made from (for a generated output or a copy of one: its content digest).
    pub fingerprint: Digest,
    pub digest: Digest,
    pub size: u64,
    pub stamp: Stamp,
}

/// An output of the generation: its name in `generated/`, content digest and size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub name: String,
    pub digest: Digest,
    pub size: u64,
}

/// What the last build published.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// The fingerprint of the generation's inputs, and what it produced (sorted by name).
    pub generation: Option<(Digest, Vec<Output>)>,
    /// What the generation said about the migration guides (why they were kept as they were).
    pub note: Option<String>,
    /// The fingerprint of everything the site was made from (the generation's inputs, the theme, the key).
    pub inputs: Option<Digest>,
    /// Files of the site, by path inside it.
    pub site: HashMap<String, Entry>,
    /// Files of `generated/`, by name.
    pub generated: HashMap<String, Entry>,
}

impl State {
    /// Reads the state at `path`; a missing, unreadable or older state is empty.
    pub fn read(path: &Path) -> State {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| State::parse(&text))
            .unwrap_or_default()
    }

    fn parse(text: &str) -> Option<State> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let lines: Vec<&str> = lines.collect();
        let records: Vec<Record<'_>> = lines
            .par_iter()
            .map(|line| parse_line(line))
            .collect::<Option<_>>()?;
        let mut state = State::default();
        let mut outputs = Vec::new();
        let mut generation = None;
        for record in records {
            match record {
                Record::Generation(fingerprint) => generation = Some(fingerprint),
                Record::Note(note) => state.note = Some(note.to_owned()),
                Record::Inputs(inputs) => state.inputs = Some(inputs),
                Record::Output(output) => outputs.push(output),
                Record::Site(path, entry) => {
                    state.site.insert(path.to_owned(), entry);
                }
                Record::Generated(path, entry) => {
                    state.generated.insert(path.to_owned(), entry);
                }
            }
        }
        state.generation = generation.map(|fingerprint| (fingerprint, outputs));
        Some(state)
    }

    /// The state as text, sorted so that equal states are equal files.
    pub fn text(&self) -> String {
        let mut out = format!("{HEADER}\n");
        if let Some(inputs) = &self.inputs {
            let _ = writeln!(out, "inputs\t{}", digest::hex(inputs));
        }
        // An output whose name cannot be written makes the whole generation unknown: it is run again.
        let generation = self
            .generation
            .as_ref()
            .filter(|(_, outputs)| outputs.iter().all(|o| is_plain(&o.name)));
        if let Some((fingerprint, outputs)) = generation {
            let _ = writeln!(out, "generation\t{}", digest::hex(fingerprint));
            if let Some(note) = &self.note {
                let _ = writeln!(out, "note\t{}", note.replace(['\t', '\n', '\r'], " "));
            }
            for o in outputs {
                let _ = writeln!(
                    out,
                    "output\t{}\t{}\t{}",
                    o.name,
                    digest::hex(&o.digest),
                    o.size
                );
            }
        }
        for (kind, entries) in [("site", &self.site), ("generated", &self.generated)] {
            let mut sorted: Vec<(&String, &Entry)> =
                entries.iter().filter(|(path, _)| is_plain(path)).collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            for (path, e) in sorted {
                let _ = writeln!(
                    out,
                    "{kind}\t{path}\t{}\t{}\t{}\t{}\t{}\t{}",
                    digest::hex(&e.fingerprint),
                    digest::hex(&e.digest),
                    e.size,
                    e.stamp.device,
                    e.stamp.inode,
                    e.stamp.modified_ns,
                );
            }
        }
        out
    }

    /// Writes the state to `path`, atomically.
    pub fn write(&self, path: &Path) -> Result<(), OutputError> {
        output::write_atomically(path, self.text().as_bytes())
    }
}

/// Whether a name can be a field of a line (names with tabs or line breaks are left out: they are rebuilt).
fn is_plain(name: &str) -> bool {
    !name.contains(['\t', '\n', '\r'])
}

/// One line of the state.
enum Record<'t> {
    Generation(Digest),
    Note(&'t str),
    Inputs(Digest),
    Output(Output),
    Site(&'t str, Entry),
    Generated(&'t str, Entry),
}

fn parse_line(line: &str) -> Option<Record<'_>> {
    let mut fields = [""; 8];
    let mut count = 0;
    for field in line.split('\t') {
        *fields.get_mut(count)? = field;
        count += 1;
    }
    Some(match &fields[..count] {
        ["generation", fingerprint] => Record::Generation(digest::parse_hex(fingerprint)?),
        ["note", text] => Record::Note(text),
        ["inputs", fingerprint] => Record::Inputs(digest::parse_hex(fingerprint)?),
        ["output", name, hash, size] => Record::Output(Output {
            name: (*name).to_owned(),
            digest: digest::parse_hex(hash)?,
            size: size.parse().ok()?,
        }),
        ["site", path, rest @ ..] => Record::Site(path, parse_entry(rest)?),
        ["generated", path, rest @ ..] => Record::Generated(path, parse_entry(rest)?),
        _ => return None,
    })
}

fn parse_entry(fields: &[&str]) -> Option<Entry> {
    let [fingerprint, hash, size, device, inode, modified] = fields else {
        return None;
    };
    Some(Entry {
        fingerprint: digest::parse_hex(fingerprint)?,
        digest: digest::parse_hex(hash)?,
        size: size.parse().ok()?,
        stamp: Stamp {
            device: device.parse().ok()?,
            inode: inode.parse().ok()?,
            size: size.parse().ok()?,
            modified_ns: modified.parse().ok()?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_reads_back_and_anything_else_is_empty() {
        let entry = Entry {
            fingerprint: [1; 32],
            digest: [2; 32],
            size: 7,
            stamp: Stamp {
                device: 3,
                inode: 4,
                size: 7,
                modified_ns: -5,
            },
        };
        let mut state = State {
            inputs: Some([7; 32]),
            generation: Some((
                [9; 32],
                vec![Output {
                    name: "a/b.json".to_owned(),
                    digest: [8; 32],
                    size: 3,
                }],
            )),
            ..State::default()
        };
        state.site.insert("index.html".to_owned(), entry);
        state.generated.insert("README.md".to_owned(), entry);
        state.site.insert("tab\there".to_owned(), entry);
        let back = State::parse(&state.text()).unwrap();
        state.site.remove("tab\there");
        assert_eq!(back, state);
        assert_eq!(State::parse("contracts-site-state 0\n"), None);
        assert_eq!(State::parse(&format!("{HEADER}\nsite\tx\t00\n")), None);
        assert_eq!(State::parse(""), None);
    }
}
