//! Printing a value as it sits inside a larger JSON document: at its depth, in one pass.
//!
//! The documents are written piece by piece (each path, component or `$defs` entry printed once and copied
//! wherever it appears), so every piece is printed already indented for its place instead of being printed at
//! the margin and indented line by line afterwards.

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

/// Pretty JSON, as `serde_json::to_string_pretty` prints it (two spaces), for a value whose own line starts at
/// `depth` levels of indentation: every line after the first is indented by that much more.
pub fn json_at(value: &impl Serialize, depth: usize, out: &mut Vec<u8>) {
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut *out,
        Pretty {
            depth,
            has_value: false,
        },
    );
    // The values are built from the model: their keys are strings and their numbers finite, so writing them
    // into memory cannot fail.
    let _ = value.serialize(&mut serializer);
}

/// The entry `"key": value` of an object whose entries sit at `depth`, printed in place: indented, without the
/// separator before it.
pub fn json_entry_at(key: &str, value: &impl Serialize, depth: usize) -> String {
    let mut out = "  ".repeat(depth).into_bytes();
    let _ = serde_json::to_writer(&mut out, key);
    out.extend_from_slice(b": ");
    json_at(value, depth, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// `serde_json::ser::PrettyFormatter`, starting at a depth other than zero.
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    fn open<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(bracket)
    }

    fn next<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }

    fn indent<W: ?Sized + io::Write>(&self, writer: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.next(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.next(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_at_a_depth_reads_as_pretty_json_indented_line_by_line() {
        let value = serde_json::json!({"a": [1, {"b": "x\ny"}, []], "c": {}, "d": {"e": null}});
        for depth in 0..3 {
            let mut out = Vec::new();
            json_at(&value, depth, &mut out);
            let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
            let expected = pretty.replace('\n', &format!("\n{}", "  ".repeat(depth)));
            assert_eq!(String::from_utf8_lossy(&out), expected, "depth {depth}");
        }
    }
}
