//! OpenAPI 3.0 and 3.1 documents to draft contracts: one contract per operation with a JSON object each way,
//! its request and response fields, examples and authentication; records and catalogues from the schemas.
//! Swagger 2.0 is refused with the conversion to run.

use std::collections::{BTreeMap, BTreeSet};

use contracts_core::model::{AuthKind, Channel, Method, Party, Registry, Requirement};
use serde_json::{Map, Value};

use super::examples::Checker;
use super::names::{self, id_from, unique};
use super::ours;
use super::refs::{At, Document};
use super::schema::{self, Reader};
use super::{
    ContractDraft, Drafts, ExampleDraft, FieldDraft, ImportError, Note, PayloadDraft, Taken,
    TextDraft, fail,
};

/// What the source cannot say and the person importing decides.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub provider: Party,
    pub consumer: Party,
    pub channel: Channel,
}

const METHODS: [(&str, Method); 5] = [
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("patch", Method::Patch),
];

/// Drafts the contracts, records and catalogues of an OpenAPI document.
pub fn import(
    document: &Value,
    settings: Settings,
    registry: &Registry,
    taken: Taken,
) -> Result<Drafts, ImportError> {
    check_version(document)?;
    if registry.info.auth_schemes.is_empty() {
        return fail(
            "the registry declares no `auth-schemes` in registry.yaml; declare the scheme these operations use first",
        );
    }
    let doc = Document::new(document);
    let mut importer = Importer {
        reader: Reader::new(&doc, taken.records.clone(), taken.catalogues.clone()).markdown(),
        doc: &doc,
        settings,
        registry,
        contract_ids: taken.contracts.clone(),
        operations: BTreeSet::new(),
        notes: Vec::new(),
    };
    let mut contracts = Vec::new();
    let paths = document.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let item_at = doc.child(&doc.child(&At::root(), "paths"), path);
        let item_at = doc.follow(&item_at)?;
        let Some(item) = doc
            .get(&item_at)
            .and_then(Value::as_object)
            .or(item.as_object())
        else {
            continue;
        };
        for key in item.keys() {
            let Some((_, method)) = METHODS.iter().find(|(name, _)| name == key) else {
                if matches!(key.as_str(), "head" | "options" | "trace") {
                    importer.notes.push(format!(
                        "{} {path} left out: contracts have no {} method",
                        key.to_uppercase(),
                        key.to_uppercase()
                    ));
                }
                continue;
            };
            let operation_at = doc.child(&item_at, key);
            match importer.contract(path, *method, &item_at, &operation_at)? {
                Ok(contract) => contracts.push(contract),
                Err(reason) => importer
                    .notes
                    .push(format!("{} {path} left out: {reason}", method.as_str())),
            }
        }
    }
    if document
        .get("webhooks")
        .is_some_and(|w| w.as_object().is_some_and(|m| !m.is_empty()))
    {
        importer.notes.push(
            "webhooks left out: import them as operations of the system that receives them"
                .to_owned(),
        );
    }
    taken.check_contracts(&contracts)?;
    let Importer {
        reader, mut notes, ..
    } = importer;
    let (records, catalogues) = reader.finish();
    schema::check_required_cycles(&records)?;
    if contracts.is_empty() {
        notes.push(
            "no operation with a JSON object each way: nothing but records and catalogues drafted"
                .to_owned(),
        );
    }
    Ok(Drafts {
        contracts,
        records,
        catalogues,
        notes,
    })
}

/// Refuses Swagger 2.0 (with the conversion to run) and versions other than 3.0 and 3.1.
fn check_version(document: &Value) -> Result<(), ImportError> {
    if let Some(version) = document.get("swagger") {
        return fail(format!(
            "this is a Swagger {} document; convert it to OpenAPI 3 first, e.g. `npx swagger2openapi <file> -o \
             openapi.yaml` (or `npx @redocly/cli` / editor.swagger.io \"Convert to OpenAPI 3\"), then import the result",
            version.as_str().unwrap_or("2.0")
        ));
    }
    match document.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(()),
        Some(v) => fail(format!(
            "OpenAPI {v} is not supported: import reads OpenAPI 3.0 and 3.1"
        )),
        None => fail(
            "not an OpenAPI document: it has no `openapi` version at the top (for a JSON Schema, run `import jsonschema`)",
        ),
    }
}

struct Importer<'d, 'a> {
    reader: Reader<'d, 'a>,
    doc: &'d Document<'a>,
    settings: Settings,
    registry: &'d Registry,
    contract_ids: BTreeSet<String>,
    operations: BTreeSet<String>,
    notes: Vec<String>,
}

/// A request or response body read from the source.
struct Body {
    fields: Vec<FieldDraft>,
    skipped: Vec<String>,
    description: Option<TextDraft>,
    /// Named examples: (name, summary, value).
    examples: Vec<(String, Option<String>, Value)>,
}

impl<'d, 'a> Importer<'d, 'a> {
    fn value(&self, at: &At) -> &'a Value {
        static NULL: Value = Value::Null;
        self.doc.get(at).unwrap_or(&NULL)
    }

    /// The contract of one operation, or why it cannot be one.
    fn contract(
        &mut self,
        path: &str,
        method: Method,
        item_at: &At,
        at: &At,
    ) -> Result<Result<ContractDraft, String>, ImportError> {
        let operation = self.value(at);
        let meta = ours::contract(operation);
        if !path_is_valid(path) {
            return Ok(Err(
                "its path has characters contracts do not allow (ASCII letters, digits, `/ - _ .` and `{name}`)"
                    .to_owned(),
            ));
        }
        let operation_id = operation.get("operationId").and_then(Value::as_str);
        let id = match &meta.id {
            Some(id) => id.clone(),
            None => {
                let source = operation_id
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("{} {path}", method.as_str()));
                id_from(&source, "operation")
            }
        };
        let id = if meta.id.is_some() {
            self.contract_ids.insert(id.clone());
            id
        } else {
            unique(&id, &mut self.contract_ids)
        };
        let mut notes: Vec<Note> = Vec::new();
        let request = if method == Method::Get {
            let mut request = self.parameters(item_at, at, &id, &mut notes)?;
            self.add_header_credential(meta.auth.as_deref(), &mut request);
            request
        } else {
            self.note_parameters(item_at, at, &mut notes);
            match self.request_body(at, &id)? {
                Ok(body) => body,
                Err(reason) => return Ok(Err(reason)),
            }
        };
        if request.fields.is_empty() {
            return Ok(Err(
                "its request has no JSON fields, and a contract has a payload each way".to_owned(),
            ));
        }
        let response = match self.response(at, &id, meta.id.is_some())? {
            Ok(body) if !body.fields.is_empty() => body,
            Ok(_) => return Ok(Err("its response has no fields".to_owned())),
            Err(reason) => return Ok(Err(reason)),
        };
        let summary = operation.get("summary").and_then(Value::as_str);
        let title = if meta.title_vi.is_some() {
            ours::bilingual(summary, meta.title_vi.as_deref())
        } else {
            summary
                .or(operation_id)
                .and_then(TextDraft::from_source)
                .unwrap_or_default()
        };
        let description = operation
            .get("description")
            .and_then(Value::as_str)
            .and_then(|d| {
                if meta.id.is_some() {
                    ours::operation_description(d, meta.legal.first().map(String::as_str))
                } else {
                    TextDraft::from_markdown(d)
                }
            });
        let auth = match &meta.auth {
            Some(auth) => auth.clone(),
            None => self.auth(operation, &mut notes),
        };
        let operation_name = match (&meta.operation, operation_id) {
            (Some(name), _) => name.clone(),
            (None, Some(op)) if names::is_operation_name(op) => op.to_owned(),
            _ => names::operation_from_id(&id),
        };
        let operation_name = self.unique_operation(&operation_name);
        if meta.provider.is_none() {
            notes.push((
                "provider",
                "set by the import (--provider); confirm which party serves this operation"
                    .to_owned(),
            ));
        }
        if let Some(status) = meta.status {
            notes.push((
                "status",
                format!(
                    "the source says `{}`; a draft is a proposal until reviewed",
                    status.as_str()
                ),
            ));
        }
        if meta.version.is_none()
            && let Some(version) = self
                .doc
                .root
                .get("info")
                .and_then(|i| i.get("version"))
                .and_then(Value::as_str)
        {
            notes.push((
                "version",
                format!("the source document's version is {version}"),
            ));
        }
        let examples = self.examples(&request, &response, meta.id.is_some(), &mut notes);
        let provider = meta.provider.unwrap_or(self.settings.provider);
        Ok(Ok(ContractDraft {
            id,
            version: meta.version.unwrap_or_else(|| "0.1.0".to_owned()),
            title,
            description,
            legal: meta.legal,
            provider,
            consumer: meta.consumer.unwrap_or(self.settings.consumer),
            host: meta.host.filter(|host| *host != provider),
            group: meta.group.clone(),
            channel: meta.channel.unwrap_or(self.settings.channel),
            operation: operation_name,
            method,
            path: path.to_owned(),
            auth,
            signature: meta.signature.unwrap_or(Requirement::None),
            signature_scheme: meta.signature_scheme.clone(),
            provenance: meta.provenance.clone(),
            encryption: meta.encryption.unwrap_or(Requirement::None),
            request: PayloadDraft {
                description: request.description,
                fields: request.fields,
                skipped: request.skipped,
            },
            response: PayloadDraft {
                description: response.description,
                fields: response.fields,
                skipped: response.skipped,
            },
            examples,
            notes: {
                let mut notes = notes;
                if let Some(note) = ours::provenance_note_left_out(meta.provenance.as_ref()) {
                    notes.push(("provenance", note));
                }
                notes
            },
        }))
    }

    fn unique_operation(&mut self, name: &str) -> String {
        let mut candidate = name.to_owned();
        let mut n = 2;
        while self.operations.contains(&candidate) {
            candidate = format!("{name}{n}");
            n += 1;
        }
        self.operations.insert(candidate.clone());
        candidate
    }

    /// The parameters of the path and the operation, the operation's overriding the path's.
    fn parameter_places(&self, item_at: &At, at: &At) -> Result<Vec<(At, &'a Value)>, ImportError> {
        let mut found: Vec<(At, &'a Value)> = Vec::new();
        for owner in [item_at, at] {
            let list_at = self.doc.child(owner, "parameters");
            let count = self.value(&list_at).as_array().map_or(0, Vec::len);
            for index in 0..count {
                let place = self.doc.follow(&self.doc.item(&list_at, index))?;
                let parameter = self.value(&place);
                let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
                found.retain(|(_, p)| key(p) != key(parameter));
                found.push((place, parameter));
            }
        }
        Ok(found)
    }

    /// A GET request: its query and path parameters as fields.
    fn parameters(
        &mut self,
        item_at: &At,
        at: &At,
        id: &str,
        notes: &mut Vec<Note>,
    ) -> Result<Body, ImportError> {
        let mut body = Body {
            fields: Vec::new(),
            skipped: Vec::new(),
            description: None,
            examples: Vec::new(),
        };
        let owner = format!("{id}-request");
        let mut rust_names = BTreeSet::new();
        let mut example = Map::new();
        for (place, parameter) in self.parameter_places(item_at, at)? {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                continue;
            };
            let location = parameter.get("in").and_then(Value::as_str).unwrap_or("");
            if !matches!(location, "query" | "path") {
                body.skipped.push(format!(
                    "the {location} parameter `{name}` left out: contract payloads hold the JSON body or query"
                ));
                continue;
            }
            if !names::is_wire_name(name) {
                body.skipped
                    .push(format!("the parameter `{name}` left out: not a wire name"));
                continue;
            }
            let schema_at = if parameter.get("schema").is_some() {
                self.doc.child(&place, "schema")
            } else {
                let content_at = self.doc.child(&place, "content");
                match json_media(self.value(&content_at)) {
                    Some(media) => self
                        .doc
                        .child(&self.doc.child(&content_at, &media), "schema"),
                    None => {
                        body.skipped
                            .push(format!("the parameter `{name}` left out: it has no schema"));
                        continue;
                    }
                }
            };
            let required = parameter.get("required").and_then(Value::as_bool) == Some(true);
            let mut field = match self.reader.field(name, &schema_at, required, &owner)? {
                Ok(field) => field,
                Err(reason) => {
                    body.skipped
                        .push(format!("the parameter `{name}` left out: {reason}"));
                    continue;
                }
            };
            let schema = self.value(&schema_at);
            if schema.get("title").is_none() {
                if field.description.is_none() {
                    field.description = parameter
                        .get("description")
                        .and_then(Value::as_str)
                        .and_then(TextDraft::from_markdown);
                }
                if field.example.is_none()
                    && let Some(value) = parameter.get("example")
                {
                    self.reader.keep_example(&mut field, value);
                }
            }
            if let Some(value) = parameter.get("example") {
                example.insert(name.to_owned(), value.clone());
            }
            if location == "path" {
                field.notes.push((
                    "label",
                    format!("a path parameter of the source (`{{{name}}}`); contracts send GET fields in the query"),
                ));
            }
            field.rust_name = names::field_rust_name(name, &mut rust_names);
            body.fields.push(field);
        }
        if !example.is_empty() {
            body.examples
                .push(("example-1".to_owned(), None, Value::Object(example)));
        }
        if !body.skipped.is_empty() {
            notes.push((
                "request",
                format!("{} parameters left out", body.skipped.len()),
            ));
        }
        Ok(body)
    }

    /// Notes the parameters of a request whose fields are its body.
    fn note_parameters(&mut self, item_at: &At, at: &At, notes: &mut Vec<Note>) {
        let Ok(places) = self.parameter_places(item_at, at) else {
            return;
        };
        let names: Vec<String> = places
            .iter()
            .filter_map(|(_, p)| {
                let name = p.get("name")?.as_str()?;
                let location = p.get("in")?.as_str()?;
                Some(format!("{name} ({location})"))
            })
            .collect();
        if !names.is_empty() {
            notes.push((
                "path",
                format!(
                    "the source's parameters {} travel outside the JSON body, which contracts do not describe yet",
                    names.join(", ")
                ),
            ));
        }
    }

    /// The JSON request body, or why there is none to use.
    fn request_body(&mut self, at: &At, id: &str) -> Result<Result<Body, String>, ImportError> {
        let operation = self.value(at);
        if operation.get("requestBody").is_none() {
            return Ok(Err("it has no request body".to_owned()));
        }
        let body_at = self.doc.follow(&self.doc.child(at, "requestBody"))?;
        let body = self.value(&body_at);
        let description = body
            .get("description")
            .and_then(Value::as_str)
            .and_then(TextDraft::from_markdown);
        self.body(
            &body_at,
            &format!("{id}-request"),
            description,
            "request body",
        )
    }

    /// The first successful JSON response (`200`, then `201`...`2XX`), or why there is none to use.
    fn response(
        &mut self,
        at: &At,
        id: &str,
        ours: bool,
    ) -> Result<Result<Body, String>, ImportError> {
        let responses_at = self.doc.child(at, "responses");
        let Some(responses) = self.value(&responses_at).as_object() else {
            return Ok(Err("it has no responses".to_owned()));
        };
        let mut codes: Vec<&String> = responses.keys().filter(|c| c.starts_with('2')).collect();
        codes.sort();
        for code in codes {
            let response_at = self.doc.follow(&self.doc.child(&responses_at, code))?;
            let response = self.value(&response_at);
            if response.get("content").and_then(json_media).is_none() {
                continue;
            }
            let description = response
                .get("description")
                .and_then(Value::as_str)
                .and_then(|d| {
                    if ours {
                        ours::response_description(d).and_then(TextDraft::from_markdown)
                    } else {
                        TextDraft::from_markdown(d)
                    }
                });
            return self.body(
                &response_at,
                &format!("{id}-response"),
                description,
                "response",
            );
        }
        Ok(Err(
            "it has no successful response with a JSON body".to_owned()
        ))
    }

    /// The fields and examples of the JSON content of a request body or response.
    fn body(
        &mut self,
        at: &At,
        owner: &str,
        description: Option<TextDraft>,
        what: &str,
    ) -> Result<Result<Body, String>, ImportError> {
        let content_at = self.doc.child(at, "content");
        let Some(media) = json_media(self.value(&content_at)) else {
            return Ok(Err(format!("its {what} is not JSON")));
        };
        let media_at = self.doc.child(&content_at, &media);
        let schema_at = self.doc.child(&media_at, "schema");
        if self.doc.get(&schema_at).is_none() {
            return Ok(Err(format!("its {what} has no schema")));
        }
        let (fields, skipped) = match self.reader.object_fields(&schema_at, owner)? {
            Ok(read) => read,
            Err(reason) => return Ok(Err(format!("its {what} is {reason}"))),
        };
        let media = self.value(&media_at);
        let mut examples = Vec::new();
        if let Some(named) = media.get("examples").and_then(Value::as_object) {
            let examples_at = self.doc.child(&media_at, "examples");
            for name in named.keys() {
                let example_at = self.doc.follow(&self.doc.child(&examples_at, name))?;
                let example = self.value(&example_at);
                if let Some(value) = example.get("value") {
                    let summary = example
                        .get("summary")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    examples.push((name.clone(), summary, value.clone()));
                }
            }
        } else if let Some(value) = media.get("example") {
            examples.push(("example".to_owned(), None, value.clone()));
        }
        Ok(Ok(Body {
            fields,
            skipped,
            description,
            examples,
        }))
    }

    /// The contract's examples: the request and response examples of the same name (or index, for this
    /// registry's own documents) paired, each kept only if it fits its payload.
    fn examples(
        &mut self,
        request: &Body,
        response: &Body,
        ours: bool,
        notes: &mut Vec<Note>,
    ) -> Vec<ExampleDraft> {
        let key = |name: &str| -> (usize, String) {
            match ours.then(|| ours::example_index(name)).flatten() {
                Some(index) => (index, String::new()),
                None => (usize::MAX, name.to_owned()),
            }
        };
        let mut paired: BTreeMap<(usize, String), ExampleDraft> = BTreeMap::new();
        let checker = Checker::new(&self.reader.records, &self.reader.catalogues);
        for (side, body) in [(0, request), (1, response)] {
            for (name, summary, value) in &body.examples {
                let entry = paired.entry(key(name)).or_default();
                if let Some(summary) = summary {
                    entry.title = TextDraft::from_source(summary);
                }
                if let Some(problem) = checker.payload(&body.fields, value) {
                    notes.push((
                        "examples",
                        format!(
                            "the source's example `{name}` ({}) is left out: {problem}",
                            ["request", "response"][side]
                        ),
                    ));
                    continue;
                }
                if side == 0 {
                    entry.request = Some(value.clone());
                } else {
                    entry.response = Some(value.clone());
                }
            }
        }
        paired
            .into_values()
            .filter(|e| e.request.is_some() || e.response.is_some())
            .collect()
    }

    /// The request field of the credential a GET sends in a header (`token-field` of the registry's scheme, e.g.
    /// the OpenID Connect `access_token`): the document states it only as the security requirement, and the
    /// contract lists it so that generated clients carry it. Required and non-empty, as a header credential is.
    fn add_header_credential(&self, auth: Option<&str>, request: &mut Body) {
        let Some(scheme) = auth.and_then(|name| self.registry.info.auth_schemes.get(name)) else {
            return;
        };
        let Some(token) = scheme.token_field.as_deref().filter(|_| scheme.in_header()) else {
            return;
        };
        if request.fields.iter().any(|field| field.wire == token) {
            return;
        }
        let mut field = FieldDraft::new(token);
        field.required = true;
        field.min_length = Some(1);
        field.rust_name = names::field_rust_name(token, &mut BTreeSet::new());
        request.fields.insert(0, field);
    }

    /// The registry's auth scheme of the kind the operation's security names.
    fn auth(&mut self, operation: &Value, notes: &mut Vec<Note>) -> String {
        let security = operation
            .get("security")
            .or_else(|| self.doc.root.get("security"))
            .and_then(Value::as_array);
        let scheme_name = security
            .and_then(|s| s.first())
            .and_then(Value::as_object)
            .and_then(|requirement| requirement.keys().next().cloned());
        let schemes = self
            .doc
            .root
            .get("components")
            .and_then(|c| c.get("securitySchemes"));
        let kind = scheme_name
            .as_ref()
            .and_then(|name| schemes.and_then(|s| s.get(name)))
            .and_then(auth_kind);
        let declared = &self.registry.info.auth_schemes;
        if let Some(kind) = kind
            && let Some(scheme) = declared.values().find(|s| s.kind == kind)
        {
            notes.push((
                "auth",
                format!("the source's `{}` scheme", scheme_name.unwrap_or_default()),
            ));
            return scheme.id.clone();
        }
        let fallback = declared.keys().next().cloned().unwrap_or_default();
        let said = match (&scheme_name, kind) {
            (Some(name), Some(kind)) => format!(
                "the source's `{name}` is {}, which no scheme of this registry is; declare one in registry.yaml",
                kind.as_str()
            ),
            (Some(name), None) => format!(
                "the source's `{name}` has no counterpart among this registry's schemes; declare one in registry.yaml"
            ),
            (None, _) => "the source names no authentication; choose the scheme".to_owned(),
        };
        notes.push(("auth", said));
        fallback
    }
}

/// The kind of a security scheme of the source.
fn auth_kind(scheme: &Value) -> Option<AuthKind> {
    match scheme.get("type").and_then(Value::as_str)? {
        "oauth2" => Some(AuthKind::OAuth2ClientCredentials),
        "openIdConnect" => Some(AuthKind::OidcAuthorizationCode),
        "http"
            if scheme
                .get("scheme")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
                .as_deref()
                == Some("bearer") =>
        {
            Some(AuthKind::OAuth2ClientCredentials)
        }
        "apiKey" => Some(AuthKind::ApiKey),
        "mutualTLS" => Some(AuthKind::MutualTls),
        _ => None,
    }
}

/// The JSON media type of a `content` map: `application/json`, or another ending in `json`.
fn json_media(content: &Value) -> Option<String> {
    let map = content.as_object()?;
    if map.contains_key("application/json") {
        return Some("application/json".to_owned());
    }
    map.keys()
        .find(|k| {
            let k = k.to_ascii_lowercase();
            k.ends_with("json") || k.contains("+json")
        })
        .cloned()
}

/// Whether a path is one `check` accepts.
fn path_is_valid(path: &str) -> bool {
    path.starts_with('/')
        && !path.contains("//")
        && !path.split('/').any(|s| s == ".." || s == ".")
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_.{}".contains(c))
}
