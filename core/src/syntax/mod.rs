//! The contract language as written in YAML: one input type per kind of file, deserialised with positions.
//!
//! These types mirror the files exactly (kebab-case keys, unknown keys rejected) and also produce the published
//! JSON Schema of the format. Meaning (references, defaults, names) is resolved later, by `resolve`.

pub mod names;
mod spanned;
pub mod tree;

pub use spanned::{OneOrMany, OrderedMap, Pos, Sp, Text, YValue};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A reference to the law: `10.1.a` (a point of the primary source), `7.3`, `18`, or `<source-id>[:<ref>]`.
pub type Legal = OneOrMany;

/// One contract file. Its single top-level key says what it describes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(title = "Contract registry file (Circular 04/2025/TT-VPCP)")]
pub enum Document {
    /// The registry itself: `contracts/registry.yaml`.
    Registry(RegistryDoc),
    /// A legal source (the Circular, a decree) with its articles, clauses and points.
    LegalSource(LegalSourceDoc),
    /// An identifier format: a pattern with examples (agency code, dossier code...).
    Identifier(IdentifierDoc),
    /// A shared code list (danh mục dùng chung).
    Catalogue(CatalogueDoc),
    /// A reusable structure (person, agency, attachment, fee line...).
    Record(RecordDoc),
    /// One data exchange of the Circular as an API operation.
    Contract(ContractDoc),
    /// Breaking changes approved for the next release: `contracts/approvals.yaml`.
    Approvals(Vec<Sp<ApprovalDoc>>),
    /// An agency that owns elements of the registry: `contracts/owners/<id>/owner.yaml`.
    Owner(OwnerDoc),
    /// A national or sector database and the basic attributes it shares (Art. 13.3, 13.4, 13.6).
    Database(DatabaseDoc),
    /// The dossier components of one procedure that database attributes replace.
    Reuse(ReuseDoc),
}

impl Document {
    pub fn kind(&self) -> &'static str {
        match self {
            Document::Registry(_) => "registry",
            Document::LegalSource(_) => "legal-source",
            Document::Identifier(_) => "identifier",
            Document::Catalogue(_) => "catalogue",
            Document::Record(_) => "record",
            Document::Contract(_) => "contract",
            Document::Approvals(_) => "approvals",
            Document::Owner(_) => "owner",
            Document::Database(_) => "database",
            Document::Reuse(_) => "reuse",
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RegistryDoc {
    pub name: Sp<Text>,
    /// Semantic version of the registry as a whole.
    pub version: Sp<String>,
    pub description: Option<Sp<Text>>,
    /// Where the registry's website is published (`https://.../`, ending with `/`): the `$id` of every JSON
    /// Schema and the links of the OpenAPI documents to their pages start with it.
    pub url: Option<Sp<String>>,
    /// The languages every text is written in: `[vi, en]`.
    pub languages: Sp<Vec<Sp<String>>>,
    /// Ids of the legal sources the registry implements; the first is the primary source of bare references.
    pub legal_sources: Sp<Vec<Sp<String>>>,
    #[serde(default)]
    pub wire_defaults: WireDefaultsDoc,
    /// What readers accept besides the canonical wire format, for every field of a type that does not say
    /// (`accepts:` on a field replaces it).
    #[serde(default)]
    pub wire_accepts: WireAcceptsDoc,
    #[serde(default)]
    pub auth_schemes: OrderedMap<Sp<AuthSchemeDoc>>,
    /// The sources of the wire conventions that `provenance: {wire: ...}` cites, keyed by a short id (`S1`):
    /// the systems, code and documents where a field, code or operation is seen on the wire today.
    #[serde(default)]
    pub wire_sources: OrderedMap<Sp<WireSourceDoc>>,
    /// How payloads are signed and encrypted (Art. 3.5, 21.1.d), keyed by an id that contracts name in
    /// `signature-scheme:`.
    #[serde(default)]
    pub signature_schemes: OrderedMap<Sp<SignatureSchemeDoc>>,
    /// The licence under which the registry's documents are published (the OpenAPI `info.license`).
    pub license: Option<Sp<LicenseDoc>>,
    /// The owner that keeps the registry; its contact is the OpenAPI `info.contact`.
    pub maintainer: Option<Sp<String>>,
    /// The Circular's data groups, keyed by id (`dossiers`): each contract belongs to the group that covers its
    /// first legal reference, or to the one it names in `group:`. A group is an OpenAPI tag (named in
    /// UpperCamelCase, so generated clients get classes such as `DossiersApi`) and a folder of the Postman
    /// collection. A registry without groups leaves its operations untagged.
    #[serde(default)]
    pub groups: OrderedMap<Sp<GroupDoc>>,
}

/// A data group of the Circular: the contracts about one subject, whichever way their data goes (Art. 7 and 10
/// are both about dossiers).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct GroupDoc {
    pub title: Sp<Text>,
    pub description: Option<Sp<Text>>,
    /// The provisions whose contracts it holds: articles (`"10"`), clauses (`"10.5"`) or points of the primary
    /// source, or `<source-id>:<ref>`. A contract goes to the group with the most precise provision that
    /// contains its first legal reference.
    pub covers: Legal,
}

/// A way of signing (and encrypting) payloads that a system can implement: the algorithm, exactly what is signed,
/// and where the signature and the certificate travel.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SignatureSchemeDoc {
    /// `proposal` while the Government Office has not decided it.
    #[serde(default)]
    pub status: Status,
    pub label: Sp<Text>,
    /// The signature algorithm and key type (`JWS ES256 (ECDSA P-256, SHA-256)`).
    pub algorithm: Sp<String>,
    /// Exactly what is signed: which bytes, in which canonical form (`the request body canonicalised by RFC 8785`).
    pub canonical_form: Sp<Text>,
    /// Where the signature travels (an HTTP header, a body member).
    pub signature_in: Sp<Text>,
    /// Where the signer's certificate (chain) travels, or how the receiver finds it.
    pub certificate_in: Sp<Text>,
    /// How payloads are encrypted beyond the transport, if at all.
    pub encryption: Option<Sp<Text>>,
    /// Where it comes from and who must confirm it.
    pub provenance: Option<Box<Sp<ProvenanceDoc>>>,
}

/// One source of the wire conventions: a system's code or a document where today's wire is seen.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct WireSourceDoc {
    /// What the source is (`OpenCPS v2 DVCQG adapter client, 2021`).
    pub label: Sp<Text>,
    /// Where to read it: a repository path, a page address, a public code id.
    pub location: Option<Sp<String>>,
}

/// Where an element comes from, beside its `legal:` citation (which states the Circular's provision or another
/// legal text): where it is seen on today's wire, which of its links are inferences, and who must confirm what
/// is not yet a stated fact. An element with `status: proposal` is itself a proposal.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ProvenanceDoc {
    /// The wire sources (declared under `wire-sources:` in the registry) where it is seen: `[S1, S6]`.
    pub wire: Option<OneOrMany>,
    /// The links that are inferred rather than stated by their source: `legal` (the cited provision is the
    /// registry's reading, not the text's), `wire` (the wire sources show something close, not this).
    pub inferred: Option<Sp<Vec<Sp<Inferred>>>>,
    /// The owner id (`vpcp`) who must confirm the proposal or inference; default: the element's owner.
    pub confirm_by: Option<Sp<String>>,
    /// Why, in a sentence: what the inference rests on, what is still to be confirmed.
    pub note: Option<Sp<Text>>,
}

/// A link of an element that is an inference, not a stated fact.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Inferred {
    /// The `legal:` citation is the registry's reading of the text.
    Legal,
    /// The `wire` sources show something close (an analogue), not this element itself.
    Wire,
}

/// A licence: its name, and its SPDX expression or the address of its text.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LicenseDoc {
    pub name: String,
    /// An SPDX licence expression, e.g. `MIT OR Apache-2.0`.
    pub identifier: Option<String>,
    pub url: Option<String>,
}

/// Per type, the forms readers accept besides the canonical one: `empty` (`""` means absent), `null` (`null`
/// means absent), or another wire format of the type.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct WireAcceptsDoc {
    pub string: Option<Sp<Vec<Sp<String>>>>,
    pub integer: Option<Sp<Vec<Sp<String>>>>,
    pub decimal: Option<Sp<Vec<Sp<String>>>>,
    pub boolean: Option<Sp<Vec<Sp<String>>>>,
    pub date: Option<Sp<Vec<Sp<String>>>>,
    pub date_time: Option<Sp<Vec<Sp<String>>>>,
    pub code: Option<Sp<Vec<Sp<String>>>>,
}

/// The wire format of each type, when a field does not state its own.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct WireDefaultsDoc {
    /// `string` or `number`.
    pub integer: Option<Sp<String>>,
    /// `string` or `number`.
    pub decimal: Option<Sp<String>>,
    /// `True/False`, `true/false`, `0/1` or `boolean`.
    pub boolean: Option<Sp<String>>,
    /// `yyyyMMdd`, `yyyy-MM-dd` or `dd/MM/yyyy`.
    pub date: Option<Sp<String>>,
    /// `yyyyMMddHHmmss`, `yyyy-MM-dd HH:mm:ss` or `rfc3339`.
    pub date_time: Option<Sp<String>>,
    /// `string` or `number`.
    pub code: Option<Sp<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AuthSchemeDoc {
    #[serde(rename = "type")]
    pub kind: Sp<AuthKind>,
    pub label: Sp<Text>,
    pub description: Option<Sp<Text>>,
    /// The request field that carries the credential where a contract lists it: the session token in the body
    /// (`session`), or the bearer token (`access_token`), which travels in the `Authorization` header.
    pub token_field: Option<Sp<String>>,
    /// `oidc-authorization-code`: the OpenID Connect discovery document of the provider (required).
    pub openid_connect_url: Option<Sp<String>>,
    /// `oidc-authorization-code`: where the user signs in (the authorisation endpoint), as seen.
    pub authorization_url: Option<Sp<String>>,
    /// The scopes a client asks for (`openid`).
    #[serde(default)]
    pub scopes: Vec<Sp<String>>,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum AuthKind {
    /// A session token obtained from a login call (the classic DVCQG adapter).
    Session,
    #[serde(rename = "oauth2-client-credentials")]
    OAuth2ClientCredentials,
    /// A user's sign-in with OpenID Connect (authorisation-code flow); the client then sends the access token
    /// as `Authorization: Bearer`.
    OidcAuthorizationCode,
    ApiKey,
    MutualTls,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LegalSourceDoc {
    pub id: Sp<String>,
    /// The official number, e.g. `04/2025/TT-VPCP`.
    pub number: Sp<String>,
    pub title: Sp<Text>,
    pub issuer: Option<Sp<Text>>,
    pub signed: Option<Sp<String>>,
    pub effective: Option<Sp<String>>,
    pub url: Option<Sp<String>>,
    #[serde(default)]
    pub articles: OrderedMap<Sp<ArticleDoc>>,
    /// Enumerated provisions no element of the registry implements, keyed by reference (`12.4`), with the reason.
    #[serde(default)]
    pub uncovered: OrderedMap<Sp<Text>>,
    /// Slips of the source text, keyed by the provision (`14.3.c`): the stored text keeps the original, and each
    /// correction says what it should read and why.
    #[serde(default)]
    pub corrections: OrderedMap<Sp<CorrectionDoc>>,
}

/// A slip in a legal text, recorded beside the original rather than silently fixed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CorrectionDoc {
    /// The words as the source has them (they appear in the stored `vi` text).
    pub original: Sp<String>,
    /// What they should read.
    pub corrected: Sp<String>,
    /// Why: a doubled word, a misspelling, a reference left from an earlier numbering.
    pub reason: Sp<Text>,
    /// `proposal` where the correction is an inference to check against the issued text.
    #[serde(default)]
    pub status: Status,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ArticleDoc {
    pub title: Sp<Text>,
    /// Each clause of this article is a data group of the Circular (Articles 5-8 and 10-12).
    #[serde(default)]
    pub data_groups: bool,
    pub text: Option<Sp<Text>>,
    #[serde(default)]
    pub clauses: OrderedMap<Sp<ClauseDoc>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ClauseDoc {
    pub text: Sp<Text>,
    #[serde(default)]
    pub points: OrderedMap<Sp<Text>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct IdentifierDoc {
    pub id: Sp<String>,
    pub label: Sp<Text>,
    pub description: Option<Sp<Text>>,
    pub legal: Option<Legal>,
    /// A regular expression every value matches (anchored with `^...$`).
    pub pattern: Sp<String>,
    pub min_length: Option<Sp<u64>>,
    pub max_length: Option<Sp<u64>>,
    #[serde(default)]
    pub examples: Vec<Sp<String>>,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Proposed by this registry; not yet seen on the wire or confirmed.
    Proposal,
    #[default]
    Active,
    Deprecated,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CatalogueDoc {
    pub id: Sp<String>,
    /// The id of the owner that maintains it (the folder under `contracts/owners/`).
    pub owner: Option<Sp<String>>,
    pub version: Sp<String>,
    #[serde(default)]
    pub status: Status,
    pub label: Sp<Text>,
    pub description: Option<Sp<Text>>,
    pub legal: Option<Legal>,
    /// How codes travel: `string` or `number` (default: the registry's `wire-defaults.code`).
    pub format: Option<Sp<String>>,
    /// The codes, keyed by the code exactly as it is sent on the wire.
    pub codes: Sp<OrderedMap<Sp<CodeDoc>>>,
    /// Other systems' numberings of the same list.
    #[serde(default)]
    pub variants: OrderedMap<Sp<VariantSystemDoc>>,
    /// What a human must still fill (`label-vi`, `label-en`, `description-vi`, `description-en`, `legal`):
    /// `check` warns `needs-review` for each entry, and errors when the item is filled.
    pub review: Option<Review>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CodeDoc {
    pub label: Sp<Text>,
    pub description: Option<Sp<Text>>,
    pub legal: Option<Legal>,
    /// `proposal` for a code the registry proposes inside a catalogue whose other codes are known.
    pub status: Option<Sp<Status>>,
    /// Where the code comes from (wire sources, inferences, who must confirm it).
    pub provenance: Option<Box<Sp<ProvenanceDoc>>>,
    /// The Rust variant name, when the one derived from the English label is not right.
    pub rust_name: Option<Sp<String>>,
    pub deprecated: Option<Sp<DeprecationDoc>>,
    /// The code each other system uses for this entry.
    #[serde(default)]
    pub variants: OrderedMap<Sp<String>>,
    /// Other spellings of this code that readers accept as it (e.g. `"01"` for `"1"`); writers send the code.
    #[serde(default)]
    pub aliases: Vec<Sp<String>>,
    /// What a human must still fill (`label-vi`, `label-en`, `description-vi`, `description-en`, `legal`).
    pub review: Option<Review>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DeprecationDoc {
    /// The catalogue version that deprecated the code.
    pub since: Sp<String>,
    /// The code to send instead.
    pub replaced_by: Option<Sp<String>>,
    pub reason: Option<Sp<Text>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct VariantSystemDoc {
    pub label: Sp<Text>,
    pub description: Option<Sp<Text>>,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum PersonalData {
    /// No personal data.
    #[default]
    None,
    /// Data about an organisation (not personal data under Decree 13/2023/ND-CP).
    Organisation,
    /// Basic personal data (Decree 13/2023/ND-CP, Art. 2.3).
    Basic,
    /// Sensitive personal data (Decree 13/2023/ND-CP, Art. 2.4).
    Sensitive,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RecordDoc {
    pub id: Sp<String>,
    /// The id of the owner that maintains it (the folder under `contracts/owners/`).
    pub owner: Option<Sp<String>>,
    #[serde(default)]
    pub status: Status,
    pub label: Sp<Text>,
    pub description: Option<Sp<Text>>,
    pub legal: Option<Legal>,
    /// The personal-data class of fields that do not state one.
    pub personal_data: Option<Sp<PersonalData>>,
    /// What readers do with a member that is not a field: `reject` it (the default for a record that travels in
    /// a request) or `ignore` it (the default for one that travels only in responses).
    pub unknown_fields: Option<Sp<UnknownFields>>,
    pub fields: Sp<OrderedMap<Sp<FieldDoc>>>,
    /// What a human must still fill (labels, descriptions, `legal`, `personal-data`).
    pub review: Option<Review>,
}

/// What a reader does with a member of an object that is not one of its fields.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum UnknownFields {
    /// The payload is invalid: `validate` reports the member, the JSON Schema has `additionalProperties: false`
    /// and the generated type refuses it.
    Reject,
    /// The member is ignored (a tolerant reader): accepted by `validate`, the JSON Schema and the type.
    Ignore,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    /// The National Public Service Portal (Cổng Dịch vụ công quốc gia).
    Portal,
    /// A ministry's or province's administrative procedure system.
    MinistrySystem,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// The national data integration and sharing platform (NDXP), Art. 18.3.
    Ndxp,
    /// The national document exchange axis, Art. 18.3.
    DocumentExchangeAxis,
    /// The data sharing and coordination platform, Art. 18.3.
    DataSharingPlatform,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Requirement {
    #[default]
    None,
    Optional,
    Required,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ContractDoc {
    pub id: Sp<String>,
    /// The id of the owner that maintains it (the folder under `contracts/owners/`).
    pub owner: Option<Sp<String>>,
    pub version: Sp<String>,
    #[serde(default)]
    pub status: Status,
    pub title: Sp<Text>,
    pub description: Option<Sp<Text>>,
    pub legal: Legal,
    /// The data group of the registry (`groups:` in registry.yaml) it belongs to; by default, the group that
    /// covers its first legal reference.
    pub group: Option<Sp<String>>,
    pub provider: Sp<Party>,
    pub consumer: Sp<Party>,
    /// The party that serves the endpoint (the server); the other one calls it. Either the provider (a pull:
    /// the consumer asks for the data, the default) or the consumer (a push: the provider sends its data to an
    /// endpoint the consumer hosts, as ministry systems push dossiers to the Portal's adapter).
    pub host: Option<Sp<Party>>,
    pub channel: Sp<Channel>,
    /// The operation name systems already use (e.g. `DongBoHoSoMC`).
    pub operation: Sp<String>,
    /// Where the operation comes from: the wire sources where it is seen (an `active` contract needs one).
    pub provenance: Option<Box<Sp<ProvenanceDoc>>>,
    pub method: Sp<Method>,
    pub path: Sp<String>,
    /// An auth-scheme id declared in the registry.
    pub auth: Sp<String>,
    /// Whether payloads are digitally signed (Art. 3).
    #[serde(default)]
    pub signature: Requirement,
    /// Whether payloads are encrypted (Art. 3).
    #[serde(default)]
    pub encryption: Requirement,
    /// The registry's signature scheme (`signature-schemes:` in registry.yaml) that signs its payloads.
    pub signature_scheme: Option<Sp<String>>,
    pub request: Sp<PayloadDoc>,
    pub response: Sp<PayloadDoc>,
    #[serde(default)]
    pub examples: Vec<Sp<ExampleDoc>>,
    /// What a human must still fill (`label-*` for the title, `description-*`, `legal`).
    pub review: Option<Review>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PayloadDoc {
    pub description: Option<Sp<Text>>,
    /// The personal-data class of fields that do not state one.
    pub personal_data: Option<Sp<PersonalData>>,
    /// What readers do with a member that is not a field: `reject` (the default for a request) or `ignore` (the
    /// default for a response: readers are tolerant, so a response can gain optional fields compatibly).
    pub unknown_fields: Option<Sp<UnknownFields>>,
    pub fields: Sp<OrderedMap<Sp<FieldDoc>>>,
    /// What a human must still fill (`description-*`, `personal-data`).
    pub review: Option<Review>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ExampleDoc {
    pub title: Option<Sp<Text>>,
    pub request: Option<Sp<YValue>>,
    pub response: Option<Sp<YValue>>,
    /// What a human must still fill (`label-*` for the title).
    pub review: Option<Review>,
}

/// The types a field can have (catalogue codes, records and identifiers have keys of their own).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ScalarType {
    String,
    Integer,
    Decimal,
    Boolean,
    Date,
    DateTime,
    /// A file: by URL or embedded in base64 (see `format`).
    Attachment,
}

/// A field of a payload or record, keyed by its wire name.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FieldDoc {
    pub label: Sp<Text>,
    pub description: Option<Sp<Text>>,
    /// The value type (default `string`). Use `catalogue`, `record` or `identifier` instead for those.
    #[serde(rename = "type")]
    pub kind: Option<Sp<ScalarType>>,
    /// A code from this catalogue.
    pub catalogue: Option<Sp<String>>,
    /// A nested record of this type.
    pub record: Option<Sp<String>>,
    /// A string in this identifier's format.
    pub identifier: Option<Sp<String>>,
    /// A list of values: `true`, or the bounds `{min-items, max-items}`.
    pub list: Option<Sp<ListDoc>>,
    /// The wire format, when it differs from the registry's default for the type.
    pub format: Option<Sp<String>>,
    /// What readers accept besides the canonical format (writers send the canonical one): `empty` (`""` means
    /// absent), `null` (`null` means absent), or other wire formats of the type (`number` for an integer sent as
    /// a string, `0/1` for a `True/False` boolean...). Replaces the registry's `wire-accepts` for the type.
    pub accepts: Option<Sp<Vec<Sp<String>>>>,
    /// Whether systems must send it on today's wire.
    #[serde(default)]
    pub required: bool,
    /// Whether the cited provision requires it (minimum data of the Circular), even where today's wire may leave
    /// it out (`required: false`): `validate --strict-legal` then requires it, and the site shows the difference.
    pub required_by_law: Option<Sp<bool>>,
    pub pattern: Option<Sp<String>>,
    pub min_length: Option<Sp<u64>>,
    pub max_length: Option<Sp<u64>>,
    pub min: Option<Sp<f64>>,
    pub max: Option<Sp<f64>>,
    /// An example value, written the way it travels on the wire.
    pub example: Option<Sp<YValue>>,
    /// The provision this field implements, or another legal basis.
    pub legal: Option<Legal>,
    pub personal_data: Option<Sp<PersonalData>>,
    #[serde(default)]
    pub status: Status,
    /// Where the field comes from beside `legal:`: wire sources, inferred links, who must confirm it.
    pub provenance: Option<Box<Sp<ProvenanceDoc>>>,
    /// The Rust field name, when the snake_case of the wire name is a keyword or collides.
    pub rust_name: Option<Sp<String>>,
    /// The database attribute that pre-fills this field (Art. 14): `<database-id>/<attribute>`.
    pub prefill: Option<Sp<String>>,
    /// What a human must still fill: `label-vi`, `label-en`, `description-vi`, `description-en`, `legal`,
    /// `personal-data`. Importers write it; `check` warns `needs-review` for each entry, and errors when the
    /// item is in fact filled, so the list cannot go stale.
    pub review: Option<Review>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ListDoc {
    Plain(bool),
    Bounded(ListBoundsDoc),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ListBoundsDoc {
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

/// What a human must still fill in an element written by an importer, listed under `review:`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewItem {
    /// The Vietnamese label (the title, for a contract or an example).
    LabelVi,
    /// The English label (the title, for a contract or an example).
    LabelEn,
    /// The Vietnamese description.
    DescriptionVi,
    /// The English description.
    DescriptionEn,
    /// The legal reference: the provision implemented, or another legal basis.
    Legal,
    /// The personal-data class (Decree 13/2023/ND-CP).
    PersonalData,
}

/// The list of what a human must still fill, each entry with its position: `review: [label-en, legal]`.
pub type Review = Sp<Vec<Sp<ReviewItem>>>;

/// One approved change: `cargo contracts diff` still reports it, but it no longer fails.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ApprovalDoc {
    /// The id of the diff rule, e.g. `field-required-added`.
    pub rule: Sp<String>,
    /// The changed element as the diff names it, e.g. `contract:dossier-sync/request/MaHoSo`.
    pub element: Sp<String>,
    /// Why the change is made.
    pub reason: Sp<Text>,
    /// The legal basis of the decision.
    pub legal: Legal,
}

/// An agency that owns databases, catalogues, records, contracts or reuse declarations.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct OwnerDoc {
    /// A short lowercase id, also the name of the owner's folder: `contracts/owners/<id>/`.
    pub id: Sp<String>,
    /// `proposal` while the agency has not confirmed its code, name or contact.
    #[serde(default)]
    pub status: Status,
    /// The agency's electronic identifier under QCVN 102:2016 (`000.00.00.G09`); leave it out only while it is
    /// unconfirmed, with `status: proposal`.
    pub code: Option<Sp<String>>,
    pub name: Sp<Text>,
    pub description: Option<Sp<Text>>,
    /// Where to write about the owner's elements.
    pub contact: Sp<ContactDoc>,
    /// Where the owner's code and name come from, and who must confirm them.
    pub provenance: Option<Box<Sp<ProvenanceDoc>>>,
    /// The agency that took over its functions in a reorganisation (the 2025 merger of ministries).
    pub successor: Option<Box<Sp<SuccessorDoc>>>,
}

/// The agency that took over an owner's functions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SuccessorDoc {
    /// Its owner id, when the registry describes it (`btc`).
    pub owner: Option<Sp<String>>,
    pub name: Sp<Text>,
    /// The first day it holds the functions: `yyyy-MM-dd`.
    pub since: Sp<String>,
    /// The decision that made it the successor (`Resolution 176/2025/QH15`).
    pub basis: Sp<Text>,
    /// `proposal` where the succession is inferred rather than stated by the decision.
    #[serde(default)]
    pub status: Status,
}

/// How to reach the unit that maintains an owner's elements.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ContactDoc {
    /// The unit in charge.
    pub unit: Sp<Text>,
    pub email: Option<Sp<String>>,
    pub phone: Option<Sp<String>>,
    /// An `https://` address.
    pub url: Option<Sp<String>>,
}

/// A national or sector database: its owner, legal basis, NDXP services, access conditions and attributes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DatabaseDoc {
    pub id: Sp<String>,
    pub owner: Sp<String>,
    /// `proposal` where no published source confirms the description.
    #[serde(default)]
    pub status: Status,
    pub name: Sp<Text>,
    pub description: Option<Sp<Text>>,
    pub legal: Legal,
    /// Its row in the catalogue `national-data-service` (Appendix II of the MIC framework), if it has one.
    pub ndxp: Option<Sp<String>>,
    /// The NDXP services that expose it, keyed by the operation name systems call.
    #[serde(default)]
    pub services: OrderedMap<Sp<ServiceDoc>>,
    /// Who may read it, and on which conditions.
    pub access: Sp<Text>,
    /// The personal-data class of attributes that do not state one.
    pub personal_data: Option<Sp<PersonalData>>,
    /// The basic attributes it shares, keyed by wire name, with the field model of contracts; left out while
    /// the owner has not published them.
    pub attributes: Option<Sp<OrderedMap<Sp<FieldDoc>>>>,
}

/// A service of the national data integration platform (NDXP) that exposes a database.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ServiceDoc {
    pub label: Sp<Text>,
    pub description: Option<Sp<Text>>,
}

/// The dossier components of one procedure that the attributes of databases replace.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ReuseDoc {
    pub id: Sp<String>,
    /// The owner of the procedure (who publishes the declaration).
    pub owner: Sp<String>,
    /// `proposal` where no published decision confirms the declaration.
    #[serde(default)]
    pub status: Status,
    /// The national procedure code `MaTTHC` (`1.001234`).
    pub procedure: Sp<String>,
    pub procedure_name: Sp<Text>,
    pub description: Option<Sp<Text>>,
    /// The replaced dossier components, keyed by a short lowercase id.
    pub components: Sp<OrderedMap<Sp<ComponentDoc>>>,
}

/// One dossier component that citizens no longer submit.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ComponentDoc {
    /// The component as the procedure names it (`Bản sao Thẻ Căn cước`).
    pub name: Sp<Text>,
    /// The attributes that replace it: `<database-id>/<attribute>`.
    pub replaced_by: Sp<Vec<Sp<String>>>,
    /// The decision that replaces it (`resolution-66-7-2025:4`).
    pub decision: Legal,
    /// The first day it is replaced: `yyyy-MM-dd`.
    pub from: Sp<String>,
    pub note: Option<Sp<Text>>,
}

names::keywords!(
    UnknownFields,
    AuthKind,
    Status,
    PersonalData,
    Party,
    Channel,
    Method,
    Requirement,
    ScalarType,
    ReviewItem,
    Inferred,
);
