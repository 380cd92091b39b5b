//! OpenAPI 3.1 documents, in JSON and YAML: the whole registry, and one per party for the endpoints it hosts.

use std::collections::{BTreeSet, HashSet};
use std::io::{self, Write};

use heck::ToLowerCamelCase;
use serde_json::{Map, Value, json};

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::indent;
use super::json::{Json, Object};
use super::json_schema::{Refs, Schemas, contract_marker, reachable};
use super::{Job, Output};
use crate::markdown;
use crate::model::{
    AuthKind, Catalogue, Contract, Field, FieldType, Method, Party, Payload, Record, Registry,
    Status,
};

/// Where the documents are written inside `generated/`.
const DIR: &str = "openapi";

/// `openapi/registry.openapi.{yaml,json}`, and `openapi/<party>.openapi.{yaml,json}` for the endpoints each party
/// hosts: one job per syntax, which writes the whole registry and each host's part in one pass, building and
/// printing each path and schema once for every document it appears in.
pub fn jobs(registry: &Registry) -> Vec<Job<'_>> {
    [Syntax::Yaml, Syntax::Json]
        .into_iter()
        .map(|syntax| -> Job<'_> {
            Box::new(move || {
                let documents = documents(registry);
                let names = documents
                    .iter()
                    .map(|d| format!("{DIR}/{}.openapi.{}", d.name, syntax.extension()))
                    .collect();
                let write = move |outs: &mut [&mut dyn Write]| {
                    write_documents(registry, &documents, syntax, outs)
                };
                vec![Output::Group(names, Box::new(write))]
            })
        })
        .collect()
}

/// One OpenAPI document: the whole registry (`party` is `None`), or the contracts whose endpoint one party hosts.
struct Document<'a> {
    name: &'static str,
    party: Option<Party>,
    contracts: Vec<&'a Contract>,
}

impl Document<'_> {
    fn includes(&self, contract: &Contract) -> bool {
        self.party.is_none_or(|party| contract.host == party)
    }
}

/// The whole registry's document first, then one per party that hosts the endpoint of any contract.
fn documents(registry: &Registry) -> Vec<Document<'_>> {
    let all: Vec<&Contract> = registry.contracts.values().collect();
    let mut documents = vec![Document {
        name: "registry",
        party: None,
        contracts: all.clone(),
    }];
    for party in [Party::Portal, Party::MinistrySystem] {
        let hosted: Vec<&Contract> = all.iter().copied().filter(|c| c.host == party).collect();
        if !hosted.is_empty() {
            documents.push(Document {
                name: party.as_str(),
                party: Some(party),
                contracts: hosted,
            });
        }
    }
    documents
}

/// Writes `documents` (the whole registry's first) into `outs`, one each. Every document lists its paths and
/// schemas in the order of the whole registry's, so each one is built and printed once and copied into every
/// document that has it.
fn write_documents(
    registry: &Registry,
    documents: &[Document<'_>],
    syntax: Syntax,
    outs: &mut [&mut dyn Write],
) -> io::Result<()> {
    let schemas = Schemas::new(registry, Refs::Components);
    let mut sheets: Vec<Sheet<'_>> = outs
        .iter_mut()
        .map(|out| Sheet::new(&mut **out, syntax))
        .collect();
    for (sheet, document) in sheets.iter_mut().zip(documents) {
        sheet.begin()?;
        sheet.entry("openapi", &"3.1.0")?;
        sheet.entry("info", &info(registry, document.party))?;
        sheet.entry("servers", &servers(document.party.unwrap_or(Party::Portal)))?;
        let tags = tags(registry, &document.contracts);
        if !tags.is_empty() {
            sheet.entry("tags", &tags)?;
        }
        sheet.open("paths")?;
    }
    for (path, on_path) in paths(&documents[0].contracts) {
        let mut whole = None;
        for (sheet, document) in sheets.iter_mut().zip(documents) {
            let own: Vec<&Contract> = on_path
                .iter()
                .copied()
                .filter(|c| document.includes(c))
                .collect();
            if own.is_empty() {
                continue;
            }
            if own.len() == on_path.len() {
                let item = whole.get_or_insert_with(|| {
                    syntax.entry(
                        path,
                        &path_item(registry, &schemas, &on_path),
                        sheet.level(),
                    )
                });
                sheet.write_entry(item)?;
            } else {
                sheet.entry(path, &path_item(registry, &schemas, &own))?;
            }
        }
    }
    let mut members: Vec<HashSet<String>> = Vec::new();
    for (sheet, document) in sheets.iter_mut().zip(documents) {
        sheet.close()?;
        sheet.open("components")?;
        sheet.open("schemas")?;
        let names = components(registry, &document.contracts)
            .iter()
            .map(|c| c.name(&schemas))
            .collect();
        members.push(names);
    }
    for component in components(registry, &documents[0].contracts) {
        let name = component.name(&schemas);
        let mut printed = None;
        for (sheet, names) in sheets.iter_mut().zip(&members) {
            if names.contains(&name) {
                let entry = printed.get_or_insert_with(|| {
                    syntax.entry(
                        &name,
                        &component_schema(&schemas, &component),
                        sheet.level(),
                    )
                });
                sheet.write_entry(entry)?;
            }
        }
    }
    let refusal = refusal_schema();
    for sheet in &mut sheets {
        sheet.entry(REFUSAL, &refusal)?;
    }
    for (sheet, document) in sheets.iter_mut().zip(documents) {
        sheet.close()?;
        let security = security_schemes(registry, &document.contracts);
        if !security.is_empty() {
            sheet.entry("securitySchemes", &security)?;
        }
        sheet.close()?;
        sheet.end()?;
    }
    Ok(())
}

/// Each path in the order it first appears, with its contracts (one per method).
fn paths<'a>(contracts: &[&'a Contract]) -> Vec<(&'a str, Vec<&'a Contract>)> {
    let mut paths: Vec<(&str, Vec<&Contract>)> = Vec::new();
    for contract in contracts {
        match paths
            .iter_mut()
            .rev()
            .find(|(path, _)| *path == contract.path)
        {
            Some((_, on_path)) => on_path.push(contract),
            None => paths.push((&contract.path, vec![contract])),
        }
    }
    paths
}

fn path_item<'a>(
    registry: &'a Registry,
    schemas: &Schemas<'a>,
    contracts: &[&'a Contract],
) -> Json<'a> {
    let item: Object<'a> = contracts
        .iter()
        .map(|contract| {
            (
                method(contract.method),
                operation(registry, schemas, contract),
            )
        })
        .collect();
    item.into()
}

/// The sandbox's address when it runs with its defaults (`cargo contracts sandbox`).
pub const SANDBOX_URL: &str = "http://127.0.0.1:8080";

/// Where the endpoints `host` serves are: its base URL as a variable (the Portal gives each connected system
/// its adapter's; each ministry or province runs its own), and for the Portal's, the sandbox that plays it.
pub fn servers(host: Party) -> Value {
    match host {
        Party::Portal => json!([
            {
                "url": "{adapterUrl}",
                "description": "The Portal's adapter, at the base URL the Portal gives each connected system; the \
                                paths follow it. The classic adapter also takes every call at \
                                `{adapter_url}{integration_endpoint}` (catalogue reads at `{share_endpoint}`), with the \
                                operation named in the body's `service`.",
                "variables": {
                    "adapterUrl": {
                        "default": "https://adapter.invalid",
                        "description": "The adapter's base URL (`adapter_url`), which the Portal gives each connected \
                                        system; none is published, so the default names no host.",
                    }
                }
            },
            {
                "url": SANDBOX_URL,
                "description": "The registry's sandbox on your own machine (`cargo contracts sandbox`), which plays the \
                                Portal and judges every request against the contracts.",
            }
        ]),
        Party::MinistrySystem => json!([{
            "url": "{systemUrl}",
            "description": "The ministry or provincial system that hosts the endpoint (the address `cargo contracts \
                            probe` is given).",
            "variables": {
                "systemUrl": {
                    "default": "https://ministry-system.invalid",
                    "description": "The base URL of the ministry or provincial system's endpoints, which each system \
                                    publishes to the Portal.",
                }
            }
        }]),
    }
}

/// The servers of the endpoints ministry and provincial systems host, built once.
fn ministry_servers() -> &'static Value {
    static SERVERS: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    SERVERS.get_or_init(|| servers(Party::MinistrySystem))
}

/// The name of the schema of a refusal's body under `components/schemas`.
const REFUSAL: &str = "Refusal";

/// The body of a refusal (4XX), as the DVCQG adapter answers: an error code and a message; other members may
/// follow.
fn refusal_schema() -> Value {
    json!({
        "title": "Refusal",
        "description": "Why the request was refused. The DVCQG adapter answers {\"error_code\", \"message\"}, with \
                        error_code as a JSON number (some systems send it as a string of digits).",
        "type": "object",
        "properties": {
            "error_code": {
                "description": "Non-zero: the request was refused (a number, or a string of digits).",
                "anyOf": [
                    {"type": "integer"},
                    {"type": "string", "pattern": "^-?[0-9]+$"},
                ],
            },
            "message": {"description": "What was wrong, for a person.", "type": "string"},
        },
    })
}

/// An entry of `components/schemas`.
enum Component<'a> {
    Payload(&'a Contract, &'a Payload),
    Catalogue(&'a Catalogue),
    Record(&'a Record),
}

impl Component<'_> {
    fn name(&self, schemas: &Schemas<'_>) -> String {
        match self {
            Component::Payload(_, payload) => payload.rust_name.clone(),
            Component::Catalogue(catalogue) => schemas.catalogue_name(&catalogue.id),
            Component::Record(record) => schemas.record_name(&record.id),
        }
    }
}

fn component_schema<'a>(schemas: &Schemas<'a>, component: &Component<'a>) -> Json<'a> {
    match *component {
        Component::Payload(contract, payload) => {
            let mut schema = schemas.object(&payload.fields, payload.unknown_fields);
            let map = schema.as_object();
            map.insert(
                "title",
                format!(
                    "{} ({})",
                    contract.title.en_or_vi(),
                    payload.direction.as_str()
                ),
            );
            map.insert("x-contract", contract_marker(contract));
            schema
        }
        Component::Catalogue(catalogue) => schemas.catalogue(catalogue),
        Component::Record(record) => schemas.record(record),
    }
}

/// The two syntaxes each document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Json,
}

impl Syntax {
    fn extension(self) -> &'static str {
        match self {
            Syntax::Yaml => "yaml",
            Syntax::Json => "json",
        }
    }

    /// The entry `key: value` of a map at `level` (0: the document's own entries), printed as it sits there:
    /// indented, without the separator before it. A value printed on its own and then indented line by line
    /// reads the same as one printed in place: neither syntax breaks a line inside a token (JSON escapes a
    /// string's line breaks; YAML block scalars are indented relative to their key).
    fn entry(self, key: &str, value: &impl Serialize, level: usize) -> String {
        match self {
            Syntax::Json => indent::json_entry_at(key, value, level + 1),
            Syntax::Yaml => {
                let printed = serde_saphyr::to_string(&OneEntry(key, value)).unwrap_or_default();
                let indent = "  ".repeat(level);
                let mut out = String::with_capacity(printed.len() + printed.len() / 4);
                for line in printed.lines() {
                    if !line.is_empty() {
                        out.push_str(&indent);
                    }
                    out.push_str(line);
                    out.push('\n');
                }
                out
            }
        }
    }
}

/// A map of one entry, to print an entry of a larger map on its own.
struct OneEntry<'k, 'v, V>(&'k str, &'v V);

impl<V: Serialize> Serialize for OneEntry<'_, '_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

/// One document being written: its maps are opened and closed by hand around entries printed apart.
struct Sheet<'w> {
    out: &'w mut dyn Write,
    syntax: Syntax,
    /// For each open map, from the document's own: whether it has an entry yet.
    open: Vec<bool>,
}

impl<'w> Sheet<'w> {
    fn new(out: &'w mut dyn Write, syntax: Syntax) -> Self {
        Sheet {
            out,
            syntax,
            open: Vec::new(),
        }
    }

    /// The level of the entries of the innermost open map.
    fn level(&self) -> usize {
        self.open.len().saturating_sub(1)
    }

    fn begin(&mut self) -> io::Result<()> {
        self.open.push(false);
        match self.syntax {
            Syntax::Json => self.out.write_all(b"{"),
            Syntax::Yaml => self
                .out
                .write_all(b"# @generated by `cargo contracts build`; do not edit.\n"),
        }
    }

    /// Writes what goes before an entry of the innermost open map.
    fn separate(&mut self) -> io::Result<()> {
        let level = self.level();
        let first = self
            .open
            .last_mut()
            .is_some_and(|has| !std::mem::replace(has, true));
        match self.syntax {
            Syntax::Json => self.out.write_all(if first { b"\n" } else { b",\n" }),
            Syntax::Yaml if first && level > 0 => self.out.write_all(b"\n"),
            Syntax::Yaml => Ok(()),
        }
    }

    /// Writes an entry printed by [`Syntax::entry`] at this sheet's level.
    fn write_entry(&mut self, printed: &str) -> io::Result<()> {
        self.separate()?;
        self.out.write_all(printed.as_bytes())
    }

    fn entry(&mut self, key: &str, value: &impl Serialize) -> io::Result<()> {
        let printed = self.syntax.entry(key, value, self.level());
        self.write_entry(&printed)
    }

    /// Opens the map that is the value of `key`, for entries written one at a time.
    fn open(&mut self, key: &str) -> io::Result<()> {
        self.separate()?;
        let level = self.level();
        match self.syntax {
            Syntax::Json => {
                let key = serde_json::to_string(key).unwrap_or_default();
                write!(self.out, "{}{key}: {{", "  ".repeat(level + 1))?;
            }
            Syntax::Yaml => write!(self.out, "{}{key}:", "  ".repeat(level))?,
        }
        self.open.push(false);
        Ok(())
    }

    /// Closes the innermost open map.
    fn close(&mut self) -> io::Result<()> {
        let has_entries = self.open.pop().unwrap_or(false);
        match (self.syntax, has_entries) {
            (Syntax::Json, true) => write!(self.out, "\n{}}}", "  ".repeat(self.open.len())),
            (Syntax::Json, false) => self.out.write_all(b"}"),
            (Syntax::Yaml, true) => Ok(()),
            (Syntax::Yaml, false) => self.out.write_all(b" {}\n"),
        }
    }

    /// Closes the document's own map and ends the file.
    fn end(&mut self) -> io::Result<()> {
        self.close()?;
        match self.syntax {
            Syntax::Json => self.out.write_all(b"\n"),
            Syntax::Yaml => Ok(()),
        }
    }
}

fn info(registry: &Registry, party: Option<Party>) -> Value {
    let name = &registry.info.name;
    let (title, scope) = match party {
        None => (
            name.en_or_vi().to_owned(),
            "Every contract of the registry.".to_owned(),
        ),
        Some(party) => (
            format!(
                "{}: endpoints the {} host",
                name.en_or_vi(),
                party_label(party)
            ),
            format!(
                "The endpoints the {} host (the server side), whichever party provides the data: generate a \
                 server stub from this document to implement them, or a client from it to call them. The \
                 whole registry is in `registry.openapi.*`.",
                party_label(party)
            ),
        ),
    };
    let mut description = vec![scope];
    if let Some(text) = &registry.info.description {
        description.push(markdown::text(text.en_or_vi()));
        description.push(markdown::text(&text.vi));
    }
    description.push(
        "Wire names, formats and codes are exactly those on the wire. Extensions: `x-legal` (provisions), \
         `x-personal-data`, `x-label-vi`, `x-wire-format`, `x-proposal`, `x-channel`, `x-contract`, `x-group` (the data \
         group, whose tag the operation has), `x-host` (the party that serves the endpoint), \
         `x-body-credential` (the request field that carries the session token, where no OpenAPI security \
         scheme reaches)."
            .to_owned(),
    );
    let version = registry
        .info
        .version
        .as_ref()
        .map_or_else(|| "0.0.0".to_owned(), ToString::to_string);
    let mut info = json!({
        "title": title,
        "version": version,
        "description": description.join("\n\n"),
        "x-title-vi": name.vi,
    });
    if let Some(map) = info.as_object_mut() {
        if let Some(license) = &registry.info.license {
            let mut value = json!({"name": license.name});
            if let Some(id) = &license.identifier {
                value["identifier"] = id.clone().into();
            } else if let Some(url) = &license.url {
                value["url"] = url.clone().into();
            }
            map.insert("license".into(), value);
        }
        let maintainer = registry.info.maintainer.as_ref();
        if let Some(contact) = maintainer.and_then(|id| Some(&registry.owners.get(id)?.contact)) {
            let mut value = json!({"name": contact.unit.en_or_vi()});
            for (key, text) in [("url", &contact.url), ("email", &contact.email)] {
                if let Some(text) = text {
                    value[key] = text.clone().into();
                }
            }
            map.insert("contact".into(), value);
        }
    }
    info
}

/// One tag per data group that holds a contract of the document, in the order the registry writes them: named
/// in UpperCamelCase (generated clients make classes such as `DossiersApi` of it), with the bilingual title as
/// its `x-displayName` and description.
fn tags(registry: &Registry, contracts: &[&Contract]) -> Vec<Value> {
    let used: BTreeSet<&str> = contracts
        .iter()
        .filter_map(|c| c.group.as_deref())
        .collect();
    registry
        .info
        .groups
        .iter()
        .filter(|g| used.contains(g.id.as_str()))
        .map(tag)
        .collect()
}

fn tag(group: &crate::model::Group) -> Value {
    let title = group.title.en_or_vi();
    let covers: Vec<&str> = group.covers.iter().map(|l| l.written.as_str()).collect();
    let mut description = vec![markdown::text(&format!(
        "{title} ({}). Legal basis: {}.",
        group.title.vi,
        covers.join(", ")
    ))];
    if let Some(text) = &group.description {
        description.push(markdown::text(text.en_or_vi()));
        if text.en.is_some() {
            description.push(markdown::text(&text.vi));
        }
    }
    json!({
        "name": group.tag,
        "description": description.join("\n\n"),
        "x-displayName": format!("{title} ({})", group.title.vi),
        "x-title-vi": group.title.vi,
        "x-group": group.id,
    })
}

/// The tag of a contract's data group.
fn group_tag<'a>(registry: &'a Registry, contract: &Contract) -> Option<&'a str> {
    let group = registry.info.group(contract.group.as_deref()?)?;
    Some(&group.tag)
}

fn operation<'a>(
    registry: &'a Registry,
    schemas: &Schemas<'a>,
    contract: &'a Contract,
) -> Json<'a> {
    let mut op = Object::default();
    op.insert("operationId", contract.id.to_lower_camel_case());
    op.insert("summary", contract.title.en_or_vi());
    op.insert("description", operation_description(registry, contract));
    if let Some(tag) = group_tag(registry, contract) {
        op.insert("tags", vec![Json::from(tag)]);
    }
    op.insert("security", security(registry, contract));
    if contract.host != Party::Portal {
        // Not at the Portal, whose servers the whole registry's document starts with.
        op.insert("servers", Json::Value(ministry_servers()));
    }
    op.insert(
        "externalDocs",
        Json::object([
            (
                "description",
                "The contract's page: legal basis, fields, codes and changes.".into(),
            ),
            ("url", registry.info.contract_page(&contract.id).into()),
        ]),
    );
    let json = |media: Json<'a>| Json::object([("application/json", media)]);
    if contract.method == Method::Get {
        let parameters = query_parameters(registry, schemas, contract);
        if !matches!(&parameters, Json::Array(items) if items.is_empty()) {
            op.insert("parameters", parameters);
        }
    } else {
        op.insert(
            "requestBody",
            Json::object([
                ("required", true.into()),
                ("content", json(media(contract, &contract.request))),
            ]),
        );
    }
    let ok = contract.response.description.as_ref().map_or_else(
        || "The response.".to_owned(),
        |d| markdown::text(d.en_or_vi()),
    );
    op.insert(
        "responses",
        Json::object([
            (
                "200",
                Json::object([
                    ("description", ok.into()),
                    ("content", json(media(contract, &contract.response))),
                ]),
            ),
            (
                "4XX",
                Json::object([
                    (
                        "description",
                        "The request was refused: authentication failed or the payload breaks the contract."
                            .into(),
                    ),
                    (
                        "content",
                        json(Json::object([(
                            "schema",
                            Json::object([("$ref", format!("#/components/schemas/{REFUSAL}").into())]),
                        )])),
                    ),
                ]),
            ),
        ]),
    );
    op.insert("x-contract", contract_marker(contract));
    op.insert("x-operation", &contract.operation);
    op.insert("x-title-vi", &contract.title.vi);
    op.insert(
        "x-legal",
        contract
            .legal
            .iter()
            .map(|l| &l.written)
            .collect::<Json<'a>>(),
    );
    if let Some(group) = &contract.group {
        op.insert("x-group", group);
    }
    op.insert("x-provider", contract.provider.as_str());
    op.insert("x-consumer", contract.consumer.as_str());
    op.insert("x-host", contract.host.as_str());
    op.insert("x-channel", contract.channel.as_str());
    op.insert("x-auth", &contract.auth);
    if let Some(field) = body_credential(registry, contract) {
        op.insert(
            "x-body-credential",
            Json::object([
                ("scheme", contract.auth.as_str().into()),
                ("field", field.into()),
            ]),
        );
    }
    op.insert("x-signature", contract.signature.as_str());
    op.insert("x-encryption", contract.encryption.as_str());
    op.insert("x-status", contract.status.as_str());
    if contract.status == Status::Proposal {
        op.insert("x-proposal", true);
    }
    if let Some(provenance) = super::provenance_extension(&contract.provenance) {
        op.insert("x-provenance", provenance);
    }
    if let Some(scheme) = contract
        .signature_scheme
        .as_ref()
        .and_then(|id| registry.info.signature_schemes.get(id))
    {
        op.insert("x-signature-scheme", signature_scheme(scheme));
    }
    op.into()
}

/// An operation's description: the contract's, its legal basis, who hosts and calls it, and how the caller
/// authenticates.
pub(crate) fn operation_description(registry: &Registry, contract: &Contract) -> String {
    let mut parts = Vec::new();
    if let Some(description) = &contract.description {
        parts.push(markdown::text(description.en_or_vi()));
        if description.en.is_some() {
            parts.push(markdown::text(&description.vi));
        }
    }
    for legal in &contract.legal {
        parts.push(markdown::text(&super::legal_basis(registry, legal)));
    }
    parts.push(format!(
        "Hosted by the {}, called by the {}. The data goes from the {} to the {}; signature {}, \
         encryption {}.",
        party_label(contract.host),
        party_label(contract.client()),
        party_label(contract.provider),
        party_label(contract.consumer),
        contract.signature.as_str(),
        contract.encryption.as_str(),
    ));
    if let Some(text) = authentication(registry, contract) {
        parts.push(text);
    }
    if contract.status == Status::Proposal {
        parts.push("A proposal: no published source confirms this contract yet.".to_owned());
    }
    parts.join("\n\n")
}

/// How the caller authenticates, in words: where the credential travels, and why `security` is empty when
/// OpenAPI cannot say it.
fn authentication(registry: &Registry, contract: &Contract) -> Option<String> {
    let scheme = registry.info.auth_schemes.get(&contract.auth)?;
    let label = markdown::text(scheme.label.en_or_vi());
    let how = if let Some(field) = body_credential(registry, contract) {
        format!(
            "the token travels in the request body, in the field `{field}` (see `x-body-credential`); OpenAPI \
             has no security scheme for a credential in the body, so `security` is empty."
        )
    } else {
        match scheme.kind {
            AuthKind::OAuth2ClientCredentials | AuthKind::OidcAuthorizationCode => {
                "send the access token in the header `Authorization: Bearer <token>` (RFC 6750 section 2.1), \
                 never in the query string."
                    .to_owned()
            }
            AuthKind::ApiKey => "send the key in the header `X-API-Key`.".to_owned(),
            AuthKind::MutualTls => "the client presents its TLS certificate.".to_owned(),
            AuthKind::Session => "the session is carried as the scheme's description says.".to_owned(),
        }
    };
    Some(format!(
        "Authentication ({label}, `{}`): {how}",
        contract.auth
    ))
}

/// The request field that carries the credential, for a scheme whose credential travels in the body.
fn body_credential<'a>(registry: &'a Registry, contract: &Contract) -> Option<&'a str> {
    let scheme = registry.info.auth_schemes.get(&contract.auth)?;
    let field = scheme.token_field.as_deref()?;
    let listed = contract.request.fields.iter().any(|f| f.wire_name == field);
    (!scheme.in_header() && listed && contract.method != Method::Get).then_some(field)
}

/// The request field that holds a credential sent in a header: not a parameter nor a member on the wire.
fn header_credential<'a>(registry: &'a Registry, contract: &Contract) -> Option<&'a str> {
    let scheme = registry.info.auth_schemes.get(&contract.auth)?;
    scheme
        .in_header()
        .then_some(scheme.token_field.as_deref())
        .flatten()
}

/// The security requirement: the scheme, with its scopes, where the credential travels in a header or the TLS
/// handshake; nothing for the DVCQG session, which travels in the JSON body (described by `x-body-credential`).
fn security<'a>(registry: &'a Registry, contract: &'a Contract) -> Json<'a> {
    match registry.info.auth_schemes.get(&contract.auth) {
        Some(scheme) if scheme.kind != AuthKind::Session => {
            // No scopes listed: linters (Spectral) look for them among OAuth2 flows, which an OpenID Connect
            // scheme has none of; the scheme's description and `x-scopes` name them.
            let requirement: Object<'a> = [(contract.auth.as_str(), Json::Array(Vec::new()))]
                .into_iter()
                .collect();
            vec![requirement.into()].into()
        }
        _ => Json::Array(Vec::new()),
    }
}

fn media<'a>(contract: &'a Contract, payload: &'a Payload) -> Json<'a> {
    let mut media = Object::default();
    media.insert(
        "schema",
        Json::object([(
            "$ref",
            format!("#/components/schemas/{}", payload.rust_name).into(),
        )]),
    );
    let examples: Object<'a> = contract
        .examples
        .iter()
        .enumerate()
        .filter_map(|(index, example)| {
            let value = match payload.direction {
                crate::model::Direction::Request => example.request.as_ref(),
                crate::model::Direction::Response => example.response.as_ref(),
            }?;
            let mut entry = Object::default();
            if let Some(title) = &example.title {
                entry.insert("summary", title.en_or_vi());
            }
            entry.insert("value", Json::Value(value));
            Some((format!("example-{}", index + 1), Json::from(entry)))
        })
        .collect();
    if !examples.is_empty() {
        media.insert("examples", examples);
    }
    media.into()
}

/// A GET request's fields as query parameters, with the value of the first example that has one; the field that
/// holds a credential sent in a header is left to the security requirement.
fn query_parameters<'a>(
    registry: &Registry,
    schemas: &Schemas<'a>,
    contract: &'a Contract,
) -> Json<'a> {
    let credential = header_credential(registry, contract);
    let example = |name: &str| {
        contract
            .examples
            .iter()
            .find_map(|e| e.request.as_ref()?.get(name))
    };
    contract
        .request
        .fields
        .iter()
        .filter(|field| Some(field.wire_name.as_str()) != credential)
        .map(|field| {
            let mut parameter = Object::default();
            parameter.insert("name", &field.wire_name);
            parameter.insert("in", "query");
            parameter.insert("required", field.required);
            parameter.insert(
                "description",
                markdown::text(
                    field
                        .description
                        .as_ref()
                        .unwrap_or(&field.label)
                        .en_or_vi(),
                ),
            );
            let schema = schemas.field(field);
            if is_plain(field) {
                parameter.insert("schema", schema);
                if let Some(value) = example(&field.wire_name) {
                    parameter.insert("example", Json::Value(value));
                }
            } else {
                let media = Json::object([("schema", schema)]);
                parameter.insert("content", Json::object([("application/json", media)]));
            }
            Json::from(parameter)
        })
        .collect()
}

fn is_plain(field: &Field) -> bool {
    field.list.is_none() && !matches!(field.ty, FieldType::Record(_))
}

/// The entries of `components/schemas`: the payloads (a GET request travels as query parameters, described on
/// the operation itself), then the catalogues and records they reach.
fn components<'a>(registry: &'a Registry, contracts: &[&'a Contract]) -> Vec<Component<'a>> {
    let mut out = Vec::new();
    let mut fields: Vec<&Field> = Vec::new();
    for contract in contracts {
        for payload in [&contract.request, &contract.response] {
            fields.extend(&payload.fields);
            let is_query = payload.direction == crate::model::Direction::Request
                && contract.method == Method::Get;
            if !is_query {
                out.push(Component::Payload(contract, payload));
            }
        }
    }
    let (records, catalogues) = reachable(registry, fields);
    out.extend(
        catalogues
            .iter()
            .filter_map(|id| registry.catalogues.get(id))
            .map(Component::Catalogue),
    );
    out.extend(
        records
            .iter()
            .filter_map(|id| registry.records.get(id))
            .map(Component::Record),
    );
    out
}

/// The security schemes the contracts use, by id.
fn security_schemes(registry: &Registry, contracts: &[&Contract]) -> Map<String, Value> {
    let used: BTreeSet<&str> = contracts.iter().map(|c| c.auth.as_str()).collect();
    registry
        .info
        .auth_schemes
        .values()
        .filter(|s| used.contains(s.id.as_str()))
        .filter_map(|scheme| Some((scheme.id.clone(), security_scheme(scheme)?)))
        .collect()
}

fn security_scheme(scheme: &crate::model::AuthScheme) -> Option<Value> {
    let description = markdown::text(
        scheme
            .description
            .as_ref()
            .unwrap_or(&scheme.label)
            .en_or_vi(),
    );
    let mut value = match scheme.kind {
        AuthKind::Session => return None,
        // No token endpoint is published for these calls, and an OAuth2 flow cannot be stated without one.
        AuthKind::OAuth2ClientCredentials => json!({"type": "http", "scheme": "bearer"}),
        AuthKind::OidcAuthorizationCode => {
            let mut value = json!({
                "type": "openIdConnect",
                "openIdConnectUrl": scheme.openid_connect_url.clone().unwrap_or_default(),
            });
            if let Some(map) = value.as_object_mut() {
                if let Some(url) = &scheme.authorization_url {
                    map.insert("x-authorization-url".into(), url.clone().into());
                }
                map.insert("x-scopes".into(), scheme.scopes.clone().into());
            }
            value
        }
        AuthKind::ApiKey => json!({"type": "apiKey", "in": "header", "name": "X-API-Key"}),
        AuthKind::MutualTls => json!({"type": "mutualTLS"}),
    };
    if let Some(map) = value.as_object_mut() {
        map.insert("description".into(), description.into());
        map.insert("x-label-vi".into(), scheme.label.vi.clone().into());
    }
    Some(value)
}

fn method(method: Method) -> &'static str {
    match method {
        Method::Get => "get",
        Method::Post => "post",
        Method::Put => "put",
        Method::Patch => "patch",
        Method::Delete => "delete",
    }
}

/// The party as it reads after "the": "the National Public Service Portal", "the ministry and provincial systems".
fn party_label(party: Party) -> &'static str {
    match party {
        Party::Portal => "National Public Service Portal",
        Party::MinistrySystem => "ministry and provincial systems",
    }
}

/// The `x-signature-scheme` extension: how the payloads of an operation are signed, and whether it is decided.
fn signature_scheme(scheme: &crate::model::SignatureScheme) -> Json<'static> {
    let mut out = Json::object([
        ("id", scheme.id.clone().into()),
        ("status", scheme.status.as_str().into()),
        ("algorithm", scheme.algorithm.clone().into()),
        (
            "canonical-form",
            scheme.canonical_form.en_or_vi().to_owned().into(),
        ),
        (
            "signature-in",
            scheme.signature_in.en_or_vi().to_owned().into(),
        ),
        (
            "certificate-in",
            scheme.certificate_in.en_or_vi().to_owned().into(),
        ),
    ]);
    if let Some(encryption) = &scheme.encryption {
        out.as_object()
            .insert("encryption", encryption.en_or_vi().to_owned());
    }
    out
}
