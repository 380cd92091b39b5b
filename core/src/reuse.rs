//! The public list of replaced dossier components, by procedure and by database: as text, JSON and CSV.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::model::{Component, Registry, Reuse, Status, Text};

/// One replaced component and the attributes of one database that replace it.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub reuse: &'a Reuse,
    pub component: &'a Component,
    /// The database whose attributes replace the component (a component may need several databases).
    pub database: &'a str,
}

impl Row<'_> {
    /// The wire names of the attributes of this row's database that replace the component.
    pub fn attributes(&self) -> Vec<&str> {
        self.component
            .replaced_by
            .iter()
            .filter(|a| a.database == self.database)
            .map(|a| a.attribute.as_str())
            .collect()
    }
}

/// Which rows to keep.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// A national procedure code `MaTTHC`.
    pub procedure: Option<String>,
    /// A database id.
    pub database: Option<String>,
}

/// Every row that passes `filter`, by procedure code, declaration, component order and database.
pub fn rows<'a>(registry: &'a Registry, filter: &Filter) -> Vec<Row<'a>> {
    let mut reuses: Vec<&Reuse> = registry.reuses.values().collect();
    reuses.sort_by(|a, b| (&a.procedure, &a.id).cmp(&(&b.procedure, &b.id)));
    let mut out = Vec::new();
    for reuse in reuses {
        if filter
            .procedure
            .as_ref()
            .is_some_and(|p| *p != reuse.procedure)
        {
            continue;
        }
        for component in &reuse.components {
            let mut databases: Vec<&str> = component
                .replaced_by
                .iter()
                .map(|a| a.database.as_str())
                .collect();
            databases.sort_unstable();
            databases.dedup();
            for database in databases {
                if filter.database.as_ref().is_some_and(|d| d != database) {
                    continue;
                }
                out.push(Row {
                    reuse,
                    component,
                    database,
                });
            }
        }
    }
    out
}

/// The rows whose attributes come from `database`.
pub fn of_database<'a>(registry: &'a Registry, database: &str) -> Vec<Row<'a>> {
    rows(
        registry,
        &Filter {
            procedure: None,
            database: Some(database.to_owned()),
        },
    )
}

fn text_json(text: &Text) -> Value {
    json!({ "vi": text.vi, "en": text.en_or_vi() })
}

fn database_name<'a>(registry: &'a Registry, id: &str) -> Option<&'a Text> {
    registry.databases.get(id).map(|d| &d.name)
}

/// The list as JSON: one entry per row, with the labels of the attributes.
pub fn to_json(registry: &Registry, rows: &[Row<'_>]) -> String {
    let entries: Vec<Value> = rows
        .iter()
        .map(|row| {
            let attributes: Vec<Value> = row
                .attributes()
                .into_iter()
                .map(|wire| {
                    let label = registry
                        .databases
                        .get(row.database)
                        .and_then(|d| d.attribute(wire))
                        .map(|a| text_json(&a.label));
                    json!({ "attribute": wire, "label": label })
                })
                .collect();
            json!({
                "procedure": row.reuse.procedure,
                "procedure-name": text_json(&row.reuse.procedure_name),
                "component": row.component.id,
                "component-name": text_json(&row.component.name),
                "database": row.database,
                "database-name": database_name(registry, row.database).map(text_json),
                "attributes": attributes,
                "decision": row.component.decision.iter().map(|d| d.written.as_str()).collect::<Vec<_>>(),
                "from": row.component.from,
                "owner": row.reuse.owner,
                "declaration": row.reuse.id,
                "status": Status::as_str(row.reuse.status),
            })
        })
        .collect();
    let document = json!({
        "registry-version": registry.info.version.as_ref().map(ToString::to_string),
        "replaced-components": entries,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// The columns of the CSV list, in order.
pub const CSV_COLUMNS: [&str; 14] = [
    "procedure",
    "procedure_name_vi",
    "procedure_name_en",
    "component",
    "component_name_vi",
    "component_name_en",
    "database",
    "database_name_vi",
    "database_name_en",
    "attributes",
    "decision",
    "from",
    "owner",
    "status",
];

/// The list as CSV (RFC 4180: every field quoted, CRLF line ends), UTF-8 with a byte-order mark so that
/// spreadsheet programs read the Vietnamese text.
pub fn to_csv(registry: &Registry, rows: &[Row<'_>]) -> String {
    let mut csv = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    let _ = csv.write_record(CSV_COLUMNS);
    for row in rows {
        let name = database_name(registry, row.database);
        let decision: Vec<&str> = row
            .component
            .decision
            .iter()
            .map(|d| d.written.as_str())
            .collect();
        let _ = csv.write_record([
            row.reuse.procedure.as_str(),
            &row.reuse.procedure_name.vi,
            row.reuse.procedure_name.en_or_vi(),
            &row.component.id,
            &row.component.name.vi,
            row.component.name.en_or_vi(),
            row.database,
            name.map_or("", |n| n.vi.as_str()),
            name.map_or("", Text::en_or_vi),
            &row.attributes().join(" "),
            &decision.join(" "),
            &row.component.from,
            &row.reuse.owner,
            row.reuse.status.as_str(),
        ]);
    }
    // Writing into memory cannot fail, and every field is valid UTF-8.
    csv.into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// The list for the terminal, grouped by procedure.
pub fn to_text(registry: &Registry, rows: &[Row<'_>]) -> String {
    let mut out = String::new();
    let mut last: Option<&str> = None;
    for row in rows {
        let reuse = row.reuse;
        if last != Some(reuse.id.as_str()) {
            let owner = registry
                .owners
                .get(&reuse.owner)
                .map_or(reuse.owner.as_str(), |o| o.name.vi.as_str());
            let _ = writeln!(
                out,
                "{}  {}\n  {}; owner: {owner} ({}){}",
                reuse.procedure,
                reuse.procedure_name.vi,
                reuse.procedure_name.en_or_vi(),
                reuse.owner,
                if reuse.status == Status::Proposal {
                    "; proposal"
                } else {
                    ""
                }
            );
            last = Some(&reuse.id);
        }
        let component = row.component;
        let _ = writeln!(
            out,
            "  - {} ({})\n    replaced by {}: {}\n    from {} under {}",
            component.name.vi,
            component.name.en_or_vi(),
            row.database,
            row.attributes().join(", "),
            component.from,
            component
                .decision
                .iter()
                .map(|d| d.written.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if rows.is_empty() {
        out.push_str("no dossier component is replaced\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_starts_with_a_byte_order_mark_and_quotes_every_field() {
        let registry = Registry::default();
        let csv = to_csv(&registry, &[]);
        assert!(csv.starts_with("\u{feff}\"procedure\","), "{csv}");
        assert!(csv.ends_with("\"status\"\r\n"), "{csv}");
    }
}
