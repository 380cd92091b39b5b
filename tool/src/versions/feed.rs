//! The Atom feeds of editions (RFC 4287): one of every edition with its changes, and one per owner with only the
//! editions and changes that concern it, so that a ministry can subscribe to what it must follow.
//!
//! They are outputs like the migration guides (`generated/feeds/editions.xml`, `generated/feeds/owners/<id>.xml`),
//! read from the release tags, and deterministic: every date is an edition's.

use std::fmt::Write as _;

use contracts_core::generate::Outputs;
use contracts_core::model::Registry;

use super::comparison::Comparison;
use super::edition::Edition;

/// The folder of the feeds under `generated/`.
pub const FOLDER: &str = "feeds";

/// One edition and what changed since the one before (`None` for the first).
pub struct Entry<'a> {
    pub edition: &'a Edition,
    pub changes: Option<&'a Comparison>,
}

/// The feeds of `entries` (oldest first), with the owners of `registry` (the latest side); none without editions.
pub fn outputs(registry: &Registry, entries: &[Entry<'_>]) -> Outputs {
    let mut out = Outputs::new();
    if entries.is_empty() {
        return out;
    }
    let base = registry
        .info
        .url
        .clone()
        .unwrap_or_else(|| "https://example.invalid/".to_owned());
    let title = format!(
        "{} / {}",
        registry.info.name.vi,
        registry.info.name.en_or_vi()
    );
    out.insert(
        format!("{FOLDER}/editions.xml"),
        feed(&base, "editions", &title, entries, None).into_bytes(),
    );
    for (id, owner) in &registry.owners {
        let title = format!("{title}: {} ({id})", owner.name.vi);
        out.insert(
            format!("{FOLDER}/owners/{id}.xml"),
            feed(&base, &format!("owners/{id}"), &title, entries, Some(id)).into_bytes(),
        );
    }
    out
}

/// One feed; with `owner`, only the first edition and those with a change the owner keeps.
fn feed(base: &str, name: &str, title: &str, entries: &[Entry<'_>], owner: Option<&str>) -> String {
    let shown: Vec<&Entry<'_>> = entries
        .iter()
        .filter(|entry| match (owner, entry.changes) {
            (Some(owner), Some(comparison)) => comparison
                .changes
                .iter()
                .any(|c| c.agency.as_deref() == Some(owner)),
            _ => true,
        })
        .collect();
    let updated = shown
        .iter()
        .map(|e| e.edition.date.as_str())
        .max()
        .unwrap_or("1970-01-01");
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    let self_url = format!("{base}{FOLDER}/{name}.xml");
    let _ = writeln!(out, "  <id>{}</id>", xml(&self_url));
    let _ = writeln!(out, "  <title>{}</title>", xml(title));
    let _ = writeln!(out, "  <updated>{}</updated>", timestamp(updated));
    let _ = writeln!(out, "  <link rel=\"self\" href=\"{}\"/>", xml(&self_url));
    let _ = writeln!(out, "  <link rel=\"alternate\" href=\"{}\"/>", xml(base));
    let issuer = entries
        .last()
        .map(|e| e.edition.issuer.vi.as_str())
        .filter(|i| !i.is_empty())
        .unwrap_or("Văn phòng Chính phủ");
    let _ = writeln!(out, "  <author><name>{}</name></author>", xml(issuer));
    for entry in shown.iter().rev() {
        push_entry(&mut out, base, entry, owner);
    }
    out.push_str("</feed>\n");
    out
}

fn push_entry(out: &mut String, base: &str, entry: &Entry<'_>, owner: Option<&str>) {
    let edition = entry.edition;
    let link = format!("{base}editions/{}/", edition.tag);
    let _ = writeln!(out, "  <entry>");
    let _ = writeln!(out, "    <id>{}</id>", xml(&link));
    let _ = writeln!(
        out,
        "    <title>Ấn bản số {} ({}) / Edition {}</title>",
        edition.number,
        xml(&edition.tag),
        edition.number
    );
    let _ = writeln!(out, "    <updated>{}</updated>", timestamp(&edition.date));
    let _ = writeln!(
        out,
        "    <published>{}</published>",
        timestamp(&edition.date)
    );
    let _ = writeln!(out, "    <link rel=\"alternate\" href=\"{}\"/>", xml(&link));
    let mut text = format!("{}.\n{}.\n", edition.line_vi(), edition.line_en());
    match entry.changes {
        None => text.push_str("\nLần phát hành đầu tiên. / First release.\n"),
        Some(comparison) => {
            let counts = comparison.counts();
            let _ = writeln!(
                text,
                "\n{} breaking ({} approved), {} warning, {} info.",
                counts.breaking, counts.approved, counts.warning, counts.info
            );
            for change in comparison
                .changes
                .iter()
                .filter(|c| owner.is_none_or(|o| c.agency.as_deref() == Some(o)))
            {
                let _ = writeln!(
                    text,
                    "- {} [{}] {}: {}",
                    change.severity, change.rule, change.element, change.message
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "    <content type=\"text\">{}</content>",
        xml(text.trim_end())
    );
    let _ = writeln!(out, "  </entry>");
}

/// A day as an Atom date: midnight in Vietnam.
fn timestamp(day: &str) -> String {
    format!("{day}T00:00:00+07:00")
}

/// Text for XML 1.0: the five special characters as entities, characters XML cannot hold dropped, and those that
/// change text direction or are invisible written as `U+XXXX`.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            c if contracts_core::markdown::is_hidden(c) => {
                let _ = write!(out, "U+{:04X}", c as u32);
            }
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(
            xml("<a href='x'>&\u{202E}\u{1}</a>"),
            "&lt;a href=&apos;x&apos;&gt;&amp;U+202EU+0001&lt;/a&gt;"
        );
    }
}
