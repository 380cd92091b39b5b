//! Drafts as YAML files in an owner's folder: one file per contract, record and catalogue, each element with
//! `status: proposal` and its `review:` list, the importer's evidence and guesses as comments; written only where
//! no file exists (unless forced), every file staged whole before any is renamed into place.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use contracts_core::model::{self, FieldType, Registry, WireFormat};
use contracts_core::syntax::ReviewItem;

use super::yaml::{Item, Node, document};
use super::{
    CatalogueDraft, ContractDraft, Drafts, ExampleDraft, FieldDraft, ImportError, Note,
    PayloadDraft, RecordDraft, TextDraft, fail,
};

/// Where and how drafts are written.
pub struct Layout<'r> {
    /// The folder that receives `contracts/`, `records/` and `catalogues/`.
    pub out: PathBuf,
    /// The project folder, for the schema line at the top of each file.
    pub root: PathBuf,
    pub owner: Option<String>,
    pub registry: &'r Registry,
    /// `openapi`, `jsonschema` or `payloads`.
    pub command: &'static str,
    /// What was imported, as the header names it.
    pub source: String,
}

/// A file to write.
#[derive(Debug)]
pub struct Planned {
    pub path: PathBuf,
    pub text: String,
}

/// The files of the drafts, contracts first.
pub fn plan(drafts: &Drafts, layout: &Layout<'_>) -> Vec<Planned> {
    let mut files = Vec::new();
    for contract in &drafts.contracts {
        let body = contract_items(contract, drafts, layout);
        files.push(file(layout, "contracts", &contract.id, "contract", body));
    }
    for record in &drafts.records {
        let body = record_items(record, drafts, layout);
        files.push(file(layout, "records", &record.id, "record", body));
    }
    for catalogue in &drafts.catalogues {
        let body = catalogue_items(catalogue, layout);
        files.push(file(layout, "catalogues", &catalogue.id, "catalogue", body));
    }
    files
}

fn file(layout: &Layout<'_>, folder: &str, id: &str, kind: &str, body: Vec<Item>) -> Planned {
    let dir = layout.out.join(folder);
    let mut header = Vec::new();
    if let Some(schema) = schema_line(&layout.root, &dir) {
        header.push(schema);
    }
    header.push(format!(
        "Draft written by `cargo contracts import {}` from {}.",
        layout.command, layout.source
    ));
    header.push(
        "`review:` lists what a human must still fill (`cargo contracts check` lists every entry): fill each one, \
         remove it from the list, then set `status: active`."
            .to_owned(),
    );
    Planned {
        path: dir.join(format!("{id}.yaml")),
        text: document(&header, &[Item::entry(kind, Node::Map(body))]),
    }
}

/// `yaml-language-server: $schema=../../...` from `dir` to the published schema of the format, if `dir` is in
/// the project.
fn schema_line(root: &Path, dir: &Path) -> Option<String> {
    let relative = dir.strip_prefix(root).ok()?;
    let depth = relative.components().count();
    Some(format!(
        "yaml-language-server: $schema={}generated/schema/contract-format.schema.json",
        "../".repeat(depth)
    ))
}

/// A `provenance:` block from `x-provenance`, without its note: the document gives the note in one language
/// only, and `check` wants both (a comment says so where the note is left out).
fn provenance_node(provenance: &serde_json::Value) -> Node {
    let Some(map) = provenance.as_object() else {
        return Node::json(provenance);
    };
    Node::Map(
        map.iter()
            .filter(|(key, _)| key.as_str() != "note")
            .map(|(key, value)| Item::entry(key, Node::json(value)))
            .collect(),
    )
}

fn text_node(text: &TextDraft) -> Node {
    let mut items = Vec::new();
    if let Some(vi) = &text.vi {
        items.push(Item::entry("vi", Node::text(vi)));
    }
    if let Some(en) = &text.en {
        items.push(Item::entry("en", Node::text(en)));
    }
    Node::Map(items)
}

fn review_item(review: &[ReviewItem]) -> Option<Item> {
    (!review.is_empty()).then(|| {
        Item::entry(
            "review",
            Node::Flow(review.iter().map(|r| r.as_str().to_owned()).collect()),
        )
    })
}

fn legal_node(legal: &[String]) -> Node {
    match legal {
        [one] => Node::text(one),
        many => Node::List(many.iter().map(Node::text).collect()),
    }
}

/// Entries with the notes put after the keys they are about; notes about keys not written come first, as lines.
fn with_notes(items: Vec<Item>, notes: &[Note]) -> Vec<Item> {
    let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, text) in notes {
        by_key.entry(key).or_default().push(text);
    }
    let written: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Item::Entry { key, .. } => Some(key.clone()),
            Item::Comment(_) => None,
        })
        .collect();
    // A note about the type goes to whichever of `type`, `catalogue` and `record` is written.
    let target = |key: &str| -> Option<String> {
        let candidates: &[&str] = match key {
            "type" | "catalogue" | "record" => &["type", "catalogue", "record"],
            other => return written.iter().find(|w| *w == other).cloned(),
        };
        candidates
            .iter()
            .find(|c| written.iter().any(|w| w == *c))
            .map(|c| (*c).to_owned())
    };
    let mut attached: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut lines = Vec::new();
    for (key, texts) in by_key {
        match target(key) {
            Some(written_key) => attached.entry(written_key).or_default().extend(texts),
            None => lines.extend(texts.into_iter().map(|t| Item::Comment(t.to_owned()))),
        }
    }
    lines.extend(items.into_iter().map(|item| match item {
        Item::Entry {
            key,
            value,
            comment,
        } => {
            let comment = attached.get(&key).map(|texts| texts.join("; ")).or(comment);
            Item::Entry {
                key,
                value,
                comment,
            }
        }
        other => other,
    }));
    lines
}

/// The format a field of this type has when it names none.
fn default_format(ty: &FieldType, drafts: &Drafts, registry: &Registry) -> WireFormat {
    match ty {
        FieldType::Code(id) => drafts
            .catalogues
            .iter()
            .find(|c| &c.id == id)
            .map(|c| c.format)
            .or_else(|| registry.catalogues.get(id).map(|c| c.format))
            .unwrap_or(registry.info.wire_defaults.code),
        other => registry.info.wire_defaults.for_type(other),
    }
}

/// The name a format has in contracts, for a field of `ty`.
fn format_name(ty: &FieldType, format: WireFormat) -> Option<&'static str> {
    model::format_names(ty)
        .iter()
        .find(|(_, f)| *f == format)
        .map(|(name, _)| *name)
}

fn field_item(field: &FieldDraft, drafts: &Drafts, layout: &Layout<'_>) -> Item {
    let mut items = vec![Item::entry("label", text_node(&field.label))];
    if let Some(description) = &field.description {
        items.push(Item::entry("description", text_node(description)));
    }
    match &field.ty {
        FieldType::Scalar(ty) => items.push(Item::entry("type", Node::word(ty.as_str()))),
        FieldType::Code(id) => items.push(Item::entry("catalogue", Node::word(id))),
        FieldType::Record(id) => items.push(Item::entry("record", Node::word(id))),
    }
    if let Some(bounds) = field.list {
        let value = if bounds.min_items.is_none() && bounds.max_items.is_none() {
            Node::Bool(true)
        } else {
            let mut limits = Vec::new();
            if let Some(min) = bounds.min_items {
                limits.push(Item::entry("min-items", Node::Number(min.into())));
            }
            if let Some(max) = bounds.max_items {
                limits.push(Item::entry("max-items", Node::Number(max.into())));
            }
            Node::Map(limits)
        };
        items.push(Item::entry("list", value));
    }
    if !matches!(field.ty, FieldType::Record(_))
        && field.format != default_format(&field.ty, drafts, layout.registry)
        && let Some(name) = format_name(&field.ty, field.format)
    {
        items.push(Item::entry("format", Node::word(name)));
    }
    if !field.accepts.is_empty() {
        items.push(Item::entry("accepts", Node::Flow(field.accepts.clone())));
    }
    if field.required {
        items.push(Item::entry("required", Node::Bool(true)));
    }
    if field.required_by_law {
        items.push(Item::entry("required-by-law", Node::Bool(true)));
    }
    if let Some(provenance) = &field.provenance {
        items.push(Item::entry("provenance", provenance_node(provenance)));
    }
    if let Some(pattern) = &field.pattern {
        items.push(Item::entry("pattern", Node::text(pattern)));
    }
    for (key, value) in [
        ("min-length", field.min_length),
        ("max-length", field.max_length),
    ] {
        if let Some(value) = value {
            items.push(Item::entry(key, Node::Number(value.into())));
        }
    }
    for (key, value) in [("min", field.min), ("max", field.max)] {
        if let Some(value) = value {
            items.push(Item::entry(key, Node::float(value)));
        }
    }
    if let Some(example) = &field.example {
        items.push(Item::entry("example", Node::json(example)));
    }
    if !field.legal.is_empty() {
        items.push(Item::entry("legal", legal_node(&field.legal)));
    }
    if let Some(class) = field.personal_data {
        items.push(Item::entry("personal-data", Node::word(class.as_str())));
    }
    if field.proposal {
        items.push(Item::entry("status", Node::word("proposal")));
    }
    if let Some(name) = &field.rust_name {
        items.push(Item::entry("rust-name", Node::word(name)));
    }
    items.extend(review_item(&field.review()));
    Item::entry(
        field.wire.clone(),
        Node::Map(with_notes(items, &field.notes)),
    )
}

fn fields_items(
    fields: &[FieldDraft],
    skipped: &[String],
    drafts: &Drafts,
    layout: &Layout<'_>,
) -> Vec<Item> {
    let mut items: Vec<Item> = skipped.iter().map(|s| Item::Comment(s.clone())).collect();
    items.extend(fields.iter().map(|f| field_item(f, drafts, layout)));
    items
}

/// `owner:`, when the drafts name one.
fn owner_entry(items: &mut Vec<Item>, layout: &Layout<'_>) {
    if let Some(owner) = &layout.owner {
        items.push(Item::entry("owner", Node::word(owner)));
    }
}

fn payload_items(payload: &PayloadDraft, drafts: &Drafts, layout: &Layout<'_>) -> Node {
    let mut items = Vec::new();
    if let Some(description) = &payload.description {
        items.push(Item::entry("description", text_node(description)));
    }
    items.extend(review_item(&payload.review()));
    items.push(Item::entry(
        "fields",
        Node::Map(fields_items(
            &payload.fields,
            &payload.skipped,
            drafts,
            layout,
        )),
    ));
    Node::Map(items)
}

fn example_node(example: &ExampleDraft) -> Node {
    let mut items = Vec::new();
    if let Some(title) = &example.title {
        items.push(Item::entry("title", text_node(title)));
    }
    items.extend(review_item(&example.review()));
    if let Some(request) = &example.request {
        items.push(Item::entry("request", Node::json(request)));
    }
    if let Some(response) = &example.response {
        items.push(Item::entry("response", Node::json(response)));
    }
    Node::Map(items)
}

fn contract_items(contract: &ContractDraft, drafts: &Drafts, layout: &Layout<'_>) -> Vec<Item> {
    let mut items = vec![Item::entry("id", Node::word(&contract.id))];
    owner_entry(&mut items, layout);
    items.push(Item::entry("version", Node::word(&contract.version)));
    items.push(Item::entry("status", Node::word("proposal")));
    items.push(Item::entry("title", text_node(&contract.title)));
    if let Some(description) = &contract.description {
        items.push(Item::entry("description", text_node(description)));
    }
    items.push(Item::entry(
        "legal",
        if contract.legal.is_empty() {
            Node::List(Vec::new())
        } else {
            legal_node(&contract.legal)
        },
    ));
    items.push(Item::entry(
        "provider",
        Node::word(contract.provider.as_str()),
    ));
    items.push(Item::entry(
        "consumer",
        Node::word(contract.consumer.as_str()),
    ));
    if let Some(host) = contract.host {
        items.push(Item::entry("host", Node::word(host.as_str())));
    }
    if let Some(group) = &contract.group {
        if layout.registry.info.group(group).is_some() {
            items.push(Item::entry("group", Node::word(group)));
        } else {
            items.push(Item::Comment(format!(
                "the source puts it in the data group `{group}`, which registry.yaml does not declare"
            )));
        }
    }
    items.push(Item::entry(
        "channel",
        Node::word(contract.channel.as_str()),
    ));
    items.push(Item::entry("operation", Node::word(&contract.operation)));
    items.push(Item::entry("method", Node::word(contract.method.as_str())));
    items.push(Item::entry("path", Node::text(&contract.path)));
    if let Some(provenance) = &contract.provenance {
        items.push(Item::entry("provenance", provenance_node(provenance)));
    }
    items.push(Item::entry("auth", Node::word(&contract.auth)));
    for (key, requirement) in [
        ("signature", contract.signature),
        ("encryption", contract.encryption),
    ] {
        if requirement != model::Requirement::None {
            items.push(Item::entry(key, Node::word(requirement.as_str())));
        }
        if key == "signature"
            && let Some(scheme) = &contract.signature_scheme
        {
            items.push(Item::entry("signature-scheme", Node::word(scheme)));
        }
    }
    items.extend(review_item(&contract.review()));
    items.push(Item::entry(
        "request",
        payload_items(&contract.request, drafts, layout),
    ));
    items.push(Item::entry(
        "response",
        payload_items(&contract.response, drafts, layout),
    ));
    if !contract.examples.is_empty() {
        items.push(Item::entry(
            "examples",
            Node::List(contract.examples.iter().map(example_node).collect()),
        ));
    }
    with_notes(items, &contract.notes)
}

fn record_items(record: &RecordDraft, drafts: &Drafts, layout: &Layout<'_>) -> Vec<Item> {
    let mut items = vec![Item::commented(
        "id",
        Node::word(&record.id),
        Some(format!("from {}", record.source)),
    )];
    owner_entry(&mut items, layout);
    items.push(Item::entry("status", Node::word("proposal")));
    items.push(Item::entry("label", text_node(&record.label)));
    if let Some(description) = &record.description {
        items.push(Item::entry("description", text_node(description)));
    }
    if !record.legal.is_empty() {
        items.push(Item::entry("legal", legal_node(&record.legal)));
    }
    items.extend(review_item(&record.review()));
    items.push(Item::entry(
        "fields",
        Node::Map(fields_items(
            &record.fields,
            &record.skipped,
            drafts,
            layout,
        )),
    ));
    items
}

fn catalogue_items(catalogue: &CatalogueDraft, layout: &Layout<'_>) -> Vec<Item> {
    let mut items = vec![Item::commented(
        "id",
        Node::word(&catalogue.id),
        Some(format!("from {}", catalogue.source)),
    )];
    owner_entry(&mut items, layout);
    items.push(Item::entry("version", Node::word(&catalogue.version)));
    items.push(Item::entry("status", Node::word("proposal")));
    items.push(Item::entry("label", text_node(&catalogue.label)));
    if let Some(description) = &catalogue.description {
        items.push(Item::entry("description", text_node(description)));
    }
    if !catalogue.legal.is_empty() {
        items.push(Item::entry("legal", legal_node(&catalogue.legal)));
    }
    if catalogue.format != layout.registry.info.wire_defaults.code
        && let Some(name) = format_name(&FieldType::Code(catalogue.id.clone()), catalogue.format)
    {
        items.push(Item::entry("format", Node::word(name)));
    }
    items.extend(review_item(&catalogue.review()));
    let codes = catalogue
        .codes
        .iter()
        .map(|code| {
            let mut entries = vec![Item::entry("label", text_node(&code.label))];
            if let Some(description) = &code.description {
                entries.push(Item::entry("description", text_node(description)));
            }
            if !code.legal.is_empty() {
                entries.push(Item::entry("legal", legal_node(&code.legal)));
            }
            if let Some(name) = &code.rust_name {
                entries.push(Item::entry("rust-name", Node::word(name)));
            }
            if !code.aliases.is_empty() {
                entries.push(Item::entry("aliases", Node::Flow(code.aliases.clone())));
            }
            if code.proposal {
                entries.push(Item::entry("status", Node::word("proposal")));
            }
            entries.extend(review_item(&code.review()));
            Item::commented(code.code.clone(), Node::Map(entries), code.note.clone())
        })
        .collect();
    items.push(Item::entry("codes", Node::Map(codes)));
    items
}

/// Writes the files: refuses, before writing anything, to replace a file unless `force`; stages every file
/// whole beside its place, then renames each into place (never over a file that appeared meanwhile, unless
/// `force`).
pub fn write(planned: &[Planned], force: bool) -> Result<(), ImportError> {
    let existing: Vec<String> = planned
        .iter()
        .filter(|p| p.path.exists())
        .map(|p| p.path.display().to_string())
        .collect();
    if !force && !existing.is_empty() {
        return fail(format!(
            "these files exist and would be replaced: {}; nothing was written. Pass --force to replace them, or \
             choose another folder with --out",
            existing.join(", ")
        ));
    }
    if let Some(folder) = planned.iter().find(|p| p.path.is_dir()) {
        return fail(format!("`{}` is a folder", folder.path.display()));
    }
    let io = |path: &Path, e: std::io::Error| {
        ImportError(format!("cannot write `{}`: {e}", path.display()))
    };
    let mut staged = Vec::with_capacity(planned.len());
    for file in planned {
        let dir = file.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".tmp-import-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let mut temp = builder.tempfile_in(dir).map_err(|e| io(dir, e))?;
        temp.write_all(file.text.as_bytes())
            .map_err(|e| io(&file.path, e))?;
        staged.push((temp, &file.path));
    }
    for (temp, path) in staged {
        let placed = if force {
            temp.persist(path).map(|_| ())
        } else {
            temp.persist_noclobber(path).map(|_| ())
        };
        placed.map_err(|e| io(path, e.error))?;
    }
    Ok(())
}
