//! The resolved registry: the one in-memory model every generator, the diff engine and the macros read.
//!
//! Everything here is checked: references resolve, names are unique and valid Rust, defaults are applied.
//! Collections are ordered maps keyed by id, so every traversal is deterministic.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::source::{SourceMap, Span};
pub use crate::syntax::{
    AuthKind, Channel, Inferred, Method, Party, PersonalData, Requirement, ScalarType, Status,
    UnknownFields,
};
pub use contracts_runtime::format::{Accept, ValueKind, WireFormat};
pub use contracts_runtime::validate::{Constraints, Direction, ListBounds, Pattern};

/// A text in both languages. `en` is `None` only where the translation is missing (a reported warning).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub vi: String,
    pub en: Option<String>,
}

impl Text {
    /// The English text, or the Vietnamese where no translation exists.
    pub fn en_or_vi(&self) -> &str {
        self.en.as_deref().unwrap_or(&self.vi)
    }
}

/// A checked reference to the law, and where it is written. Its [`Citation`] (reached through `Deref`:
/// `legal.source`, `legal.path`, `legal.written`) is shared by every reference written the same way, as most
/// fields cite one of a few hundred provisions.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LegalRef {
    pub cited: Arc<Citation>,
    pub span: Span,
}

/// What a legal reference cites: a source and a path within it (`["10", "1", "a"]`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Citation {
    pub source: String,
    pub path: Vec<String>,
    /// As written in the contract.
    pub written: String,
}

impl std::ops::Deref for LegalRef {
    type Target = Citation;

    fn deref(&self) -> &Citation {
        &self.cited
    }
}

impl Citation {
    /// `10.1.a` (within its source).
    pub fn provision(&self) -> String {
        self.path.join(".")
    }
}

impl fmt::Display for LegalRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

/// A source of the wire conventions: where today's wire is seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireSource {
    pub id: String,
    pub label: Text,
    pub location: Option<String>,
}

/// A way of signing (and encrypting) payloads: algorithm, what is signed, where signature and certificate travel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureScheme {
    pub id: String,
    pub status: Status,
    pub label: Text,
    pub algorithm: String,
    pub canonical_form: Text,
    pub signature_in: Text,
    pub certificate_in: Text,
    pub encryption: Option<Text>,
    pub provenance: Provenance,
}

/// Where an element comes from beside its `legal` citation: the wire sources where it is seen, which of its
/// links are inferences, and who must confirm what is not a stated fact.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    /// Ids of [`WireSource`]s, in the order written.
    pub wire: Vec<String>,
    pub inferred: Vec<Inferred>,
    /// The owner who must confirm the proposal or inference (the element's owner when not written).
    pub confirm_by: Option<String>,
    pub note: Option<Text>,
}

impl Provenance {
    /// Whether the link `what` is an inference rather than a stated fact.
    pub fn infers(&self, what: Inferred) -> bool {
        self.inferred.contains(&what)
    }

    /// Whether the element is seen on today's wire (and not only an analogue of it).
    pub fn seen_on_wire(&self) -> bool {
        !self.wire.is_empty() && !self.infers(Inferred::Wire)
    }

    /// Whether nothing is said.
    pub fn is_empty(&self) -> bool {
        self.wire.is_empty()
            && self.inferred.is_empty()
            && self.confirm_by.is_none()
            && self.note.is_none()
    }

    /// Whether an element with `status`, inside holders with `holder_status`, states its `legal` citation as fact:
    /// neither it nor what holds it is a proposal, and its legal link is not inferred.
    pub fn legal_is_fact(&self, status: Status, holder_status: Status) -> bool {
        status != Status::Proposal
            && holder_status != Status::Proposal
            && !self.infers(Inferred::Legal)
    }
}

/// The whole registry.
#[derive(Debug, Default)]
pub struct Registry {
    pub sources: SourceMap,
    pub info: RegistryInfo,
    pub legal_sources: BTreeMap<String, LegalSource>,
    pub identifiers: BTreeMap<String, Identifier>,
    pub catalogues: BTreeMap<String, Catalogue>,
    pub records: BTreeMap<String, Record>,
    pub contracts: BTreeMap<String, Contract>,
    /// The agencies that own elements, by id (the folder under `contracts/owners/`).
    pub owners: BTreeMap<String, Owner>,
    pub databases: BTreeMap<String, Database>,
    /// Reuse declarations by id: the dossier components of a procedure that database attributes replace.
    pub reuses: BTreeMap<String, Reuse>,
    /// Breaking changes the editors approved for the next release (`contracts/approvals.yaml`).
    pub approvals: Vec<Approval>,
}

/// An approved change: the diff still reports it, but it no longer fails `diff` or `release`.
#[derive(Debug, Clone)]
pub struct Approval {
    /// The id of a diff rule (`field-required-added`).
    pub rule: String,
    /// The changed element, as the diff names it (`contract:dossier-sync/request/MaHoSo`).
    pub element: String,
    pub reason: Text,
    /// The legal basis of the decision.
    pub legal: Vec<LegalRef>,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct RegistryInfo {
    pub name: Text,
    pub version: Option<semver::Version>,
    pub description: Option<Text>,
    /// Where the website is published, ending with `/`.
    pub url: Option<String>,
    pub languages: Vec<String>,
    /// Ids of the legal sources; the first is the primary source of bare references.
    pub legal_sources: Vec<String>,
    pub wire_defaults: WireDefaults,
    /// Per type, what readers accept besides the canonical format, for fields that do not say.
    pub wire_accepts: BTreeMap<ScalarOrCode, Vec<Accept>>,
    pub auth_schemes: BTreeMap<String, AuthScheme>,
    /// The sources of the wire conventions that provenance cites, by id (`S1`).
    pub wire_sources: BTreeMap<String, WireSource>,
    /// How payloads are signed and encrypted, by id.
    pub signature_schemes: BTreeMap<String, SignatureScheme>,
    /// The licence of the registry's documents.
    pub license: Option<crate::syntax::LicenseDoc>,
    /// The owner that keeps the registry, whose contact answers questions about it.
    pub maintainer: Option<String>,
    /// The Circular's data groups, in the order written: the OpenAPI tags and the Postman folders.
    pub groups: Vec<Group>,
    pub span: Option<Span>,
    /// Where the version is written, for findings about it.
    pub version_span: Option<Span>,
}

impl RegistryInfo {
    /// The data group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The base of every published address (schema ids, page links): the registry's `url`, or an address under
    /// the reserved `.invalid` domain when it states none.
    pub fn base_url(&self) -> &str {
        self.url.as_deref().unwrap_or("https://registry.invalid/")
    }

    /// The address of a contract's page on the website, in English (`en/contracts/<id>.html`, as the site writes
    /// it), which the OpenAPI documents link to.
    pub fn contract_page(&self, id: &str) -> String {
        format!("{}en/contracts/{id}.html", self.base_url())
    }

    pub fn primary_source(&self) -> Option<&str> {
        self.legal_sources.first().map(String::as_str)
    }
}

/// A data group of the Circular: the contracts about one subject, whichever way their data goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub title: Text,
    pub description: Option<Text>,
    /// The provisions whose contracts it holds.
    pub covers: Vec<LegalRef>,
    /// Its name as an OpenAPI tag: the id in UpperCamelCase (`single-sign-on` → `SingleSignOn`), which
    /// generators turn into class names (`SingleSignOnApi`).
    pub tag: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct AuthScheme {
    pub id: String,
    pub kind: AuthKind,
    pub label: Text,
    pub description: Option<Text>,
    /// The request field that carries the credential where a contract lists it.
    pub token_field: Option<String>,
    /// The OpenID Connect discovery document (`oidc-authorization-code`).
    pub openid_connect_url: Option<String>,
    /// The authorisation endpoint where users sign in (`oidc-authorization-code`).
    pub authorization_url: Option<String>,
    pub scopes: Vec<String>,
}

impl AuthScheme {
    /// Whether the credential travels in an HTTP header (`Authorization: Bearer`, an API key), so that a
    /// request field holding it is not part of the payload on the wire.
    pub fn in_header(&self) -> bool {
        matches!(
            self.kind,
            AuthKind::OAuth2ClientCredentials | AuthKind::OidcAuthorizationCode | AuthKind::ApiKey
        )
    }
}

/// The keys of `wire-defaults` and `wire-accepts`: a scalar type, or catalogue codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScalarOrCode {
    Scalar(ScalarType),
    Code,
}

impl ScalarOrCode {
    /// The key of a field type; `None` for records, which have no wire format of their own.
    pub fn of(ty: &FieldType) -> Option<ScalarOrCode> {
        match ty {
            FieldType::Scalar(scalar) => Some(ScalarOrCode::Scalar(*scalar)),
            FieldType::Code(_) => Some(ScalarOrCode::Code),
            FieldType::Record(_) => None,
        }
    }
}

/// How each type travels when a field does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireDefaults {
    pub integer: WireFormat,
    pub decimal: WireFormat,
    pub boolean: WireFormat,
    pub date: WireFormat,
    pub date_time: WireFormat,
    pub code: WireFormat,
}

impl Default for WireDefaults {
    fn default() -> Self {
        WireDefaults {
            integer: WireFormat::NumberAsString,
            decimal: WireFormat::NumberAsString,
            boolean: WireFormat::BoolTrueFalse,
            date: WireFormat::DateCompact,
            date_time: WireFormat::DateTimeCompact,
            code: WireFormat::CodeString,
        }
    }
}

impl WireDefaults {
    pub fn for_type(&self, ty: &FieldType) -> WireFormat {
        match ty {
            FieldType::Scalar(ScalarType::String) => WireFormat::Text,
            FieldType::Scalar(ScalarType::Integer) => self.integer,
            FieldType::Scalar(ScalarType::Decimal) => self.decimal,
            FieldType::Scalar(ScalarType::Boolean) => self.boolean,
            FieldType::Scalar(ScalarType::Date) => self.date,
            FieldType::Scalar(ScalarType::DateTime) => self.date_time,
            FieldType::Scalar(ScalarType::Attachment) => WireFormat::AttachmentUrl,
            FieldType::Code(_) => self.code,
            FieldType::Record(_) => WireFormat::Object,
        }
    }
}

/// The name written in contracts (`format:`), for every format of `ty`.
pub fn format_names(ty: &FieldType) -> &'static [(&'static str, WireFormat)] {
    use WireFormat::*;
    match ty {
        FieldType::Scalar(ScalarType::String) => &[
            ("text", Text),
            ("email", Email),
            ("uri", Uri),
            ("phone", Phone),
        ],
        FieldType::Scalar(ScalarType::Integer | ScalarType::Decimal) => {
            &[("string", NumberAsString), ("number", Number)]
        }
        FieldType::Scalar(ScalarType::Boolean) => &[
            ("True/False", BoolTrueFalse),
            ("true/false", BoolLowercase),
            ("0/1", BoolZeroOne),
            ("boolean", BoolJson),
        ],
        FieldType::Scalar(ScalarType::Date) => &[
            ("yyyyMMdd", DateCompact),
            ("yyyy-MM-dd", DateIso),
            ("dd/MM/yyyy", DateSlashed),
        ],
        FieldType::Scalar(ScalarType::DateTime) => &[
            ("yyyyMMddHHmmss", DateTimeCompact),
            ("yyyy-MM-dd HH:mm:ss", DateTimeSpaced),
            ("rfc3339", DateTimeRfc3339),
        ],
        FieldType::Scalar(ScalarType::Attachment) => {
            &[("url", AttachmentUrl), ("base64", AttachmentBase64)]
        }
        FieldType::Code(_) => &[("string", CodeString), ("number", CodeNumber)],
        FieldType::Record(_) => &[],
    }
}

#[derive(Clone, Debug)]
pub struct LegalSource {
    pub id: String,
    pub number: String,
    pub title: Text,
    pub issuer: Option<Text>,
    pub signed: Option<String>,
    pub effective: Option<String>,
    pub url: Option<String>,
    pub articles: Vec<Article>,
    /// Provision (`12.4`) → why no element implements it.
    pub uncovered: BTreeMap<String, Text>,
    /// Slips of the text, by provision (`14.3.c`); the stored text keeps the original.
    pub corrections: BTreeMap<String, Correction>,
    pub span: Span,
}

/// A slip in a legal text: the original words (kept in the stored text), what they should read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    pub original: String,
    pub corrected: String,
    pub reason: Text,
    pub status: Status,
}

impl LegalSource {
    pub fn article(&self, number: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.number == number)
    }

    /// The text of a provision (`["10", "1", "a"]`), if it exists.
    pub fn provision_text(&self, path: &[String]) -> Option<&Text> {
        let (article, within) = path.split_first()?;
        self.article(article)?.provision_text(within)
    }

    /// The number of data groups: the clauses of the data-group articles.
    pub fn data_group_count(&self) -> usize {
        self.articles
            .iter()
            .filter(|a| a.data_groups)
            .map(|a| a.clauses.len())
            .sum()
    }

    /// Every enumerated provision of the data-group articles: each point, or the clause when it has none.
    pub fn enumerated_provisions(&self) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for article in self.articles.iter().filter(|a| a.data_groups) {
            for clause in &article.clauses {
                if clause.points.is_empty() {
                    out.push(vec![article.number.clone(), clause.number.clone()]);
                }
                for point in &clause.points {
                    out.push(vec![
                        article.number.clone(),
                        clause.number.clone(),
                        point.letter.clone(),
                    ]);
                }
            }
        }
        out
    }
}

#[derive(Clone, Debug)]
pub struct Article {
    pub number: String,
    pub title: Text,
    pub data_groups: bool,
    pub text: Option<Text>,
    pub clauses: Vec<Clause>,
}

impl Article {
    pub fn clause(&self, number: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.number == number)
    }

    /// The text of a clause or point of this article (`["3", "c"]`), or its title for an empty path.
    pub fn provision_text(&self, path: &[String]) -> Option<&Text> {
        match path {
            [] => Some(&self.title),
            [clause] => self.clause(clause).map(|c| &c.text),
            [clause, point] => self
                .clause(clause)?
                .points
                .iter()
                .find(|p| &p.letter == point)
                .map(|p| &p.text),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Clause {
    pub number: String,
    pub text: Text,
    pub points: Vec<Point>,
}

#[derive(Clone, Debug)]
pub struct Point {
    pub letter: String,
    pub text: Text,
}

#[derive(Debug)]
pub struct Identifier {
    pub id: String,
    pub label: Text,
    pub description: Option<Text>,
    pub legal: Vec<LegalRef>,
    pub pattern: String,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub examples: Vec<String>,
    pub span: Span,
}

#[derive(Debug)]
pub struct Catalogue {
    pub id: String,
    /// The id of the owning agency, if the element names one.
    pub owner: Option<String>,
    pub version: semver::Version,
    pub status: Status,
    pub label: Text,
    pub description: Option<Text>,
    pub legal: Vec<LegalRef>,
    pub format: WireFormat,
    /// In the order they are written.
    pub codes: Vec<Code>,
    pub variants: Vec<VariantSystem>,
    /// The Rust type name of the generated enum.
    pub rust_name: String,
    pub span: Span,
    pub version_span: Span,
}

impl Catalogue {
    pub fn code(&self, code: &str) -> Option<&Code> {
        self.codes.iter().find(|c| c.code == code)
    }

    /// The code a reader takes `text` as: the code itself, or the code it is an alias of.
    pub fn read_code(&self, text: &str) -> Option<&Code> {
        self.code(text).or_else(|| {
            self.codes
                .iter()
                .find(|c| c.aliases.iter().any(|a| a == text))
        })
    }
}

#[derive(Debug)]
pub struct Code {
    /// Exactly as sent on the wire.
    pub code: String,
    pub label: Text,
    pub description: Option<Text>,
    pub legal: Vec<LegalRef>,
    /// `proposal` for a code proposed inside a catalogue of known codes (the catalogue's status otherwise).
    pub status: Status,
    pub provenance: Provenance,
    pub deprecated: Option<Deprecation>,
    /// Other system id → the code it uses for this entry.
    pub variants: BTreeMap<String, String>,
    /// Other spellings readers accept as this code.
    pub aliases: Vec<String>,
    /// The Rust enum variant name.
    pub rust_name: String,
    pub span: Span,
}

#[derive(Debug)]
pub struct Deprecation {
    pub since: semver::Version,
    pub replaced_by: Option<String>,
    pub reason: Option<Text>,
}

#[derive(Debug)]
pub struct VariantSystem {
    pub id: String,
    pub label: Text,
    pub description: Option<Text>,
}

#[derive(Debug)]
pub struct Record {
    pub id: String,
    /// The id of the owning agency, if the element names one.
    pub owner: Option<String>,
    pub status: Status,
    pub label: Text,
    pub description: Option<Text>,
    pub legal: Vec<LegalRef>,
    pub fields: Vec<Field>,
    /// What readers do with a member that is not a field: declared, or `reject` when the record travels in a
    /// request and `ignore` when it travels only in responses.
    pub unknown_fields: UnknownFields,
    /// Whether the record declares `unknown-fields` (rather than taking it from where it travels).
    pub unknown_fields_declared: bool,
    /// The Rust type name.
    pub rust_name: String,
    pub span: Span,
}

#[derive(Debug)]
pub struct Contract {
    pub id: String,
    /// The id of the owning agency, if the element names one.
    pub owner: Option<String>,
    pub version: semver::Version,
    pub status: Status,
    pub title: Text,
    pub description: Option<Text>,
    pub legal: Vec<LegalRef>,
    /// The id of the data group it belongs to (`None` in a registry without groups).
    pub group: Option<String>,
    pub provider: Party,
    pub consumer: Party,
    /// The party that serves the endpoint: the provider (a pull) or the consumer (a push).
    pub host: Party,
    /// Whether the contract states its host (`host:`), rather than leaving it to the provider by default.
    pub host_written: bool,
    pub channel: Channel,
    pub operation: String,
    /// Where the operation comes from.
    pub provenance: Provenance,
    pub method: Method,
    pub path: String,
    pub auth: String,
    pub signature: Requirement,
    pub encryption: Requirement,
    /// The id of the registry's signature scheme its payloads are signed with.
    pub signature_scheme: Option<String>,
    pub request: Payload,
    pub response: Payload,
    pub examples: Vec<Example>,
    /// The Rust module name (`dossier_sync`).
    pub rust_module: String,
    pub span: Span,
    /// Where each attribute is written, for findings about it.
    pub spans: ContractSpans,
}

impl Contract {
    /// The party that calls the endpoint: the one that does not host it.
    pub fn client(&self) -> Party {
        if self.host == self.provider {
            self.consumer
        } else {
            self.provider
        }
    }
}

/// The positions of a contract's attributes.
#[derive(Debug, Clone, Copy)]
pub struct ContractSpans {
    pub version: Span,
    pub provider: Span,
    pub consumer: Span,
    /// Where `host` is written, or the provider when it is not.
    pub host: Span,
    pub channel: Span,
    pub operation: Span,
    pub method: Span,
    pub path: Span,
    pub auth: Span,
}

#[derive(Debug)]
pub struct Payload {
    pub direction: Direction,
    pub description: Option<Text>,
    pub fields: Vec<Field>,
    /// What readers do with a member that is not a field: declared, or `reject` for a request and `ignore` for
    /// a response.
    pub unknown_fields: UnknownFields,
    /// The Rust type name (`DossierSyncRequest`).
    pub rust_name: String,
    pub span: Span,
}

#[derive(Debug)]
pub struct Example {
    pub title: Option<Text>,
    pub request: Option<serde_json::Value>,
    pub response: Option<serde_json::Value>,
}

/// What a field holds.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldType {
    Scalar(ScalarType),
    /// A code of the catalogue with this id.
    Code(String),
    /// A record of the type with this id.
    Record(String),
}

impl FieldType {
    /// What the wire text of a value holds: an integer, a decimal, or anything else.
    pub fn value_kind(&self) -> ValueKind {
        match self {
            FieldType::Scalar(ScalarType::Integer) => ValueKind::Integer,
            FieldType::Scalar(ScalarType::Decimal) => ValueKind::Decimal,
            _ => ValueKind::Other,
        }
    }

    /// `string`, `date-time`, `catalogue dossier-status`, `record fee-line`.
    pub fn describe(&self) -> String {
        match self {
            FieldType::Scalar(s) => s.as_str().to_owned(),
            FieldType::Code(id) => format!("code of catalogue `{id}`"),
            FieldType::Record(id) => format!("record `{id}`"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Field {
    /// Exactly as on the wire.
    pub wire_name: String,
    /// The Rust field name (snake_case of the wire name unless `rust-name` says otherwise).
    pub rust_name: String,
    pub label: Text,
    pub description: Option<Text>,
    pub ty: FieldType,
    /// `Some` when the field is a list of values.
    pub list: Option<ListBounds>,
    pub format: WireFormat,
    /// What readers accept besides `format` (writers send `format` only).
    pub accepts: Vec<Accept>,
    /// Required on today's wire.
    pub required: bool,
    /// Required by the cited provision (the Circular's minimum data), whether or not the wire requires it yet.
    pub required_by_law: bool,
    /// Own constraints merged with those of its identifier.
    pub constraints: Constraints,
    pub identifier: Option<String>,
    pub example: Option<serde_json::Value>,
    pub legal: Vec<LegalRef>,
    pub personal_data: PersonalData,
    pub status: Status,
    pub provenance: Provenance,
    /// The database attribute that pre-fills the field (Art. 14).
    pub prefill: Option<Prefill>,
    /// A single record field on a cycle of records that contain each other through single fields: its value
    /// needs a pointer in the generated Rust (`Option<Box<...>>`). Decided once the whole registry is known.
    pub recursive: bool,
    pub span: Span,
}

/// An agency that owns elements of the registry (Art. 13.6: the ministry that manages a database).
#[derive(Debug)]
pub struct Owner {
    pub id: String,
    pub status: Status,
    /// The QCVN 102:2016 agency code; `None` while unconfirmed (the owner is then a proposal).
    pub code: Option<String>,
    pub name: Text,
    pub description: Option<Text>,
    pub contact: Contact,
    /// Where the code and name come from.
    pub provenance: Provenance,
    /// The agency that took over its functions, if it was merged or reorganised.
    pub successor: Option<Successor>,
    pub span: Span,
}

/// The agency that took over an owner's functions, since when, and by which decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Successor {
    /// Its owner id, when the registry describes it.
    pub owner: Option<String>,
    pub name: Text,
    pub since: String,
    pub basis: Text,
    pub status: Status,
}

#[derive(Debug)]
pub struct Contact {
    pub unit: Text,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
}

/// A national or sector database and the basic attributes it shares.
#[derive(Debug)]
pub struct Database {
    pub id: String,
    pub owner: String,
    pub status: Status,
    pub name: Text,
    pub description: Option<Text>,
    pub legal: Vec<LegalRef>,
    /// Its code in the catalogue `national-data-service` (its row in Appendix II of the MIC framework).
    pub ndxp: Option<String>,
    pub services: Vec<Service>,
    pub access: Text,
    /// In the order they are written; empty while the owner has not published them.
    pub attributes: Vec<Field>,
    pub span: Span,
}

impl Database {
    pub fn attribute(&self, wire_name: &str) -> Option<&Field> {
        self.attributes.iter().find(|a| a.wire_name == wire_name)
    }
}

/// An NDXP service exposing a database, by the operation name systems call.
#[derive(Debug)]
pub struct Service {
    pub operation: String,
    pub label: Text,
    pub description: Option<Text>,
    pub span: Span,
}

/// A checked reference to a database attribute: `national-population/SoDinhDanh`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AttributeRef {
    pub database: String,
    pub attribute: String,
}

impl fmt::Display for AttributeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.database, self.attribute)
    }
}

/// The attribute that pre-fills a field, and where the field says so.
#[derive(Clone, Debug)]
pub struct Prefill {
    pub attribute: AttributeRef,
    pub span: Span,
}

/// The dossier components of one procedure that database attributes replace.
#[derive(Debug)]
pub struct Reuse {
    pub id: String,
    pub owner: String,
    pub status: Status,
    /// The national procedure code `MaTTHC`.
    pub procedure: String,
    pub procedure_name: Text,
    pub description: Option<Text>,
    /// In the order they are written.
    pub components: Vec<Component>,
    pub span: Span,
}

/// A dossier component citizens no longer submit, and what replaces it.
#[derive(Debug)]
pub struct Component {
    /// Its key in the declaration.
    pub id: String,
    pub name: Text,
    pub replaced_by: Vec<AttributeRef>,
    pub decision: Vec<LegalRef>,
    /// The first day it is replaced, `yyyy-MM-dd`.
    pub from: String,
    pub note: Option<Text>,
    pub span: Span,
}

/// One element of the registry, as [`Registry::elements`] visits them.
#[derive(Clone, Copy, Debug)]
pub enum Element<'a> {
    Contract(&'a Contract),
    Record(&'a Record),
    Catalogue(&'a Catalogue),
    Database(&'a Database),
    Reuse(&'a Reuse),
    /// A field of a payload or record, or an attribute of a database.
    Field(Holder<'a>, &'a Field),
    Code(&'a Catalogue, &'a Code),
    /// A dossier component that a reuse declaration replaces.
    Component(&'a Reuse, &'a Component),
}

/// What holds a field.
#[derive(Clone, Copy, Debug)]
pub enum Holder<'a> {
    /// The request or response of a contract.
    Payload(&'a Contract, &'a Payload),
    Record(&'a Record),
    /// The attributes of a database.
    Database(&'a Database),
}

impl Registry {
    /// Every element, each followed by what it holds: contracts with the fields of their request and response,
    /// records with their fields, catalogues with their codes, databases with their attributes, and reuse
    /// declarations with their components; each kind in the order of its ids, members in the order written.
    pub fn elements(&self) -> impl Iterator<Item = Element<'_>> {
        let contracts = self.contracts.values().flat_map(|contract| {
            let fields = [&contract.request, &contract.response]
                .into_iter()
                .flat_map(move |payload| {
                    payload
                        .fields
                        .iter()
                        .map(move |field| Element::Field(Holder::Payload(contract, payload), field))
                });
            std::iter::once(Element::Contract(contract)).chain(fields)
        });
        let records = self.records.values().flat_map(|record| {
            let fields = record
                .fields
                .iter()
                .map(move |field| Element::Field(Holder::Record(record), field));
            std::iter::once(Element::Record(record)).chain(fields)
        });
        let catalogues = self.catalogues.values().flat_map(|catalogue| {
            let codes = catalogue
                .codes
                .iter()
                .map(move |code| Element::Code(catalogue, code));
            std::iter::once(Element::Catalogue(catalogue)).chain(codes)
        });
        let databases = self.databases.values().flat_map(|database| {
            let attributes = database
                .attributes
                .iter()
                .map(move |field| Element::Field(Holder::Database(database), field));
            std::iter::once(Element::Database(database)).chain(attributes)
        });
        let reuses = self.reuses.values().flat_map(|reuse| {
            let components = reuse
                .components
                .iter()
                .map(move |component| Element::Component(reuse, component));
            std::iter::once(Element::Reuse(reuse)).chain(components)
        });
        contracts
            .chain(records)
            .chain(catalogues)
            .chain(databases)
            .chain(reuses)
    }

    /// The owner of the element `kind` (`catalogue`, `record`, `contract`, `database`, `reuse`) with `id`.
    pub fn owner_of(&self, kind: &str, id: &str) -> Option<&Owner> {
        let owner = match kind {
            "catalogue" => self.catalogues.get(id)?.owner.as_deref()?,
            "record" => self.records.get(id)?.owner.as_deref()?,
            "contract" => self.contracts.get(id)?.owner.as_deref()?,
            "database" => self.databases.get(id)?.owner.as_str(),
            "reuse" => self.reuses.get(id)?.owner.as_str(),
            "owner" => id,
            _ => return None,
        };
        self.owners.get(owner)
    }

    /// The attribute a checked reference names.
    pub fn attribute(&self, at: &AttributeRef) -> Option<&Field> {
        self.databases.get(&at.database)?.attribute(&at.attribute)
    }
}
