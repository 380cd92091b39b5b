//! Importers: draft contracts, records and catalogues from what ministries already have (OpenAPI documents, JSON
//! Schemas, sample payloads), each element marked with what a human must still fill (`review:`).
//!
//! Every importer produces [`Drafts`]; [`write`] turns them into YAML files. The readers share [`input`] (files
//! and stdin, within a size limit, JSON or YAML), [`refs`] (`$ref` inside one document, never over the network)
//! and [`schema`] (JSON Schema to fields, records and catalogues). What this registry's own generator writes in
//! `x-` extensions is read in [`ours`] alone.

pub mod examples;
pub mod files;
pub mod input;
pub mod jsonschema;
pub mod names;
pub mod openapi;
pub mod ours;
pub mod payloads;
pub mod refs;
pub mod schema;
pub mod write;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use contracts_core::model::{
    Channel, FieldType, ListBounds, Method, Party, PersonalData, Requirement, WireFormat,
};
use contracts_core::syntax::ReviewItem;
use serde_json::Value;

/// Why an import cannot go on: said in one sentence with what to do.
#[derive(Debug)]
pub struct ImportError(pub String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImportError {}

/// An [`ImportError`] from any text.
pub fn fail<T>(message: impl Into<String>) -> Result<T, ImportError> {
    Err(ImportError(message.into()))
}

/// What the registry already holds outside the folder drafts are written to: their ids must not be reused, and
/// their operations and paths not repeated.
#[derive(Clone, Debug, Default)]
pub struct Taken {
    pub contracts: BTreeSet<String>,
    pub records: BTreeSet<String>,
    pub catalogues: BTreeSet<String>,
    /// Operation name → the contract that has it.
    pub operations: BTreeMap<String, String>,
    /// `METHOD /path` → the contract that has it.
    pub routes: BTreeMap<String, String>,
}

impl Taken {
    /// Refuses contracts whose operation name or method and path another contract of the registry has.
    pub fn check_contracts(&self, contracts: &[ContractDraft]) -> Result<(), ImportError> {
        let mut clashes = Vec::new();
        for contract in contracts {
            if let Some(other) = self.operations.get(&contract.operation) {
                clashes.push(format!(
                    "the operation `{}` of `{}` is already the contract `{other}`'s",
                    contract.operation, contract.id
                ));
            }
            let route = format!("{} {}", contract.method.as_str(), contract.path);
            if let Some(other) = self.routes.get(&route) {
                clashes.push(format!(
                    "`{route}` of `{}` is already the contract `{other}`'s",
                    contract.id
                ));
            }
        }
        if clashes.is_empty() {
            Ok(())
        } else {
            fail(format!(
                "{}; the registry cannot hold both: import into another registry (`--root`), or change the source",
                clashes.join("; ")
            ))
        }
    }
}

/// Everything one import drafts.
#[derive(Debug, Default)]
pub struct Drafts {
    pub contracts: Vec<ContractDraft>,
    pub records: Vec<RecordDraft>,
    pub catalogues: Vec<CatalogueDraft>,
    /// What was left out or guessed, for the person running the import.
    pub notes: Vec<String>,
}

impl Drafts {
    /// How many review entries the drafts carry: what `check` will list as `needs-review`.
    pub fn review_count(&self) -> usize {
        let fields = |fields: &[FieldDraft]| fields.iter().map(|f| f.review().len()).sum::<usize>();
        let contracts: usize = self
            .contracts
            .iter()
            .map(|c| {
                c.review().len()
                    + c.request.review().len()
                    + c.response.review().len()
                    + fields(&c.request.fields)
                    + fields(&c.response.fields)
                    + c.examples.iter().map(|e| e.review().len()).sum::<usize>()
            })
            .sum();
        let records: usize = self
            .records
            .iter()
            .map(|r| r.review().len() + fields(&r.fields))
            .sum();
        let catalogues: usize = self
            .catalogues
            .iter()
            .map(|c| c.review().len() + c.codes.iter().map(|k| k.review().len()).sum::<usize>())
            .sum();
        contracts + records + catalogues
    }
}

/// A text as the source gives it: in one language or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TextDraft {
    pub vi: Option<String>,
    pub en: Option<String>,
}

impl TextDraft {
    /// A text of the source, put under `vi` or `en` by the language it is written in.
    pub fn from_source(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        Some(if names::is_vietnamese(text) {
            TextDraft {
                vi: Some(text.to_owned()),
                en: None,
            }
        } else {
            TextDraft {
                vi: None,
                en: Some(text.to_owned()),
            }
        })
    }

    /// A description of an OpenAPI document (CommonMark), read back as the text it shows.
    pub fn from_markdown(text: &str) -> Option<Self> {
        Self::from_source(&contracts_core::markdown::unescape(text))
    }

    /// The review entries of a label (`label-vi`, `label-en`) or a description for the languages it lacks.
    fn missing(&self, vi: ReviewItem, en: ReviewItem) -> Vec<ReviewItem> {
        let mut out = Vec::new();
        if self.vi.is_none() {
            out.push(vi);
        }
        if self.en.is_none() {
            out.push(en);
        }
        out
    }
}

fn label_review(label: &TextDraft) -> Vec<ReviewItem> {
    label.missing(ReviewItem::LabelVi, ReviewItem::LabelEn)
}

fn description_review(description: Option<&TextDraft>) -> Vec<ReviewItem> {
    description.map_or_else(Vec::new, |d| {
        d.missing(ReviewItem::DescriptionVi, ReviewItem::DescriptionEn)
    })
}

/// A comment the writer puts after a key of an element: `("type", "14 digits in 12 of 12 values")`.
pub type Note = (&'static str, String);

/// A field of a payload or record.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDraft {
    /// Exactly as on the wire.
    pub wire: String,
    pub label: TextDraft,
    pub description: Option<TextDraft>,
    pub ty: FieldType,
    pub list: Option<ListBounds>,
    /// The wire format; written only where it differs from the default of the type.
    pub format: WireFormat,
    /// Other wire forms the field accepts (`empty`, `null`, `0/1`...), by their names in contracts.
    pub accepts: Vec<String>,
    pub required: bool,
    /// `required-by-law: true` in the source (`x-required-by-law`).
    pub required_by_law: bool,
    /// Where the field's wire and legal links come from (`x-provenance`), as the source states it.
    pub provenance: Option<serde_json::Value>,
    pub pattern: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub example: Option<Value>,
    pub legal: Vec<String>,
    pub personal_data: Option<PersonalData>,
    /// Marked `status: proposal` in the source.
    pub proposal: bool,
    pub rust_name: Option<String>,
    pub notes: Vec<Note>,
}

impl FieldDraft {
    /// A plain optional string field named `wire`, to be refined.
    pub fn new(wire: &str) -> Self {
        FieldDraft {
            wire: wire.to_owned(),
            label: TextDraft::default(),
            description: None,
            accepts: Vec::new(),
            required_by_law: false,
            provenance: None,
            ty: FieldType::Scalar(contracts_core::model::ScalarType::String),
            list: None,
            format: WireFormat::Text,
            required: false,
            pattern: None,
            min_length: None,
            max_length: None,
            min: None,
            max: None,
            example: None,
            legal: Vec::new(),
            personal_data: None,
            proposal: false,
            rust_name: None,
            notes: Vec::new(),
        }
    }

    /// What a human must still fill.
    pub fn review(&self) -> Vec<ReviewItem> {
        let mut out = label_review(&self.label);
        out.extend(description_review(self.description.as_ref()));
        if self.legal.is_empty() {
            out.push(ReviewItem::Legal);
        }
        if self.personal_data.is_none() {
            out.push(ReviewItem::PersonalData);
        }
        out
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PayloadDraft {
    pub description: Option<TextDraft>,
    pub fields: Vec<FieldDraft>,
    /// Comment lines: what the source has that the payload leaves out.
    pub skipped: Vec<String>,
}

impl PayloadDraft {
    pub fn review(&self) -> Vec<ReviewItem> {
        description_review(self.description.as_ref())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExampleDraft {
    pub title: Option<TextDraft>,
    pub request: Option<Value>,
    pub response: Option<Value>,
}

impl ExampleDraft {
    pub fn review(&self) -> Vec<ReviewItem> {
        self.title.as_ref().map_or_else(Vec::new, label_review)
    }
}

#[derive(Clone, Debug)]
pub struct ContractDraft {
    pub id: String,
    pub version: String,
    pub title: TextDraft,
    pub description: Option<TextDraft>,
    pub legal: Vec<String>,
    pub provider: Party,
    pub consumer: Party,
    /// The party that serves the endpoint, when it is not the provider.
    pub host: Option<Party>,
    /// The data group the source puts it in (`x-group`).
    pub group: Option<String>,
    pub channel: Channel,
    pub operation: String,
    pub method: Method,
    pub path: String,
    pub auth: String,
    pub signature: Requirement,
    /// The id of the signature scheme (`signature-scheme:`), when the source names one.
    pub signature_scheme: Option<String>,
    /// Where the contract's wire and legal links come from (`x-provenance`), as the source states it.
    pub provenance: Option<serde_json::Value>,
    pub encryption: Requirement,
    pub request: PayloadDraft,
    pub response: PayloadDraft,
    pub examples: Vec<ExampleDraft>,
    pub notes: Vec<Note>,
}

impl ContractDraft {
    pub fn review(&self) -> Vec<ReviewItem> {
        element_review(&self.title, self.description.as_ref(), &self.legal)
    }
}

/// What a human must still fill in an element: its label in both languages, its description, its legal basis.
fn element_review(
    label: &TextDraft,
    description: Option<&TextDraft>,
    legal: &[String],
) -> Vec<ReviewItem> {
    let mut out = label_review(label);
    out.extend(description_review(description));
    if legal.is_empty() {
        out.push(ReviewItem::Legal);
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordDraft {
    pub id: String,
    pub label: TextDraft,
    pub description: Option<TextDraft>,
    pub legal: Vec<String>,
    pub fields: Vec<FieldDraft>,
    pub skipped: Vec<String>,
    /// Where it comes from, for a comment: `#/components/schemas/Pet`, `3 samples of TaiLieuNop`.
    pub source: String,
}

impl RecordDraft {
    pub fn review(&self) -> Vec<ReviewItem> {
        element_review(&self.label, self.description.as_ref(), &self.legal)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CatalogueDraft {
    pub id: String,
    pub version: String,
    pub label: TextDraft,
    pub description: Option<TextDraft>,
    pub legal: Vec<String>,
    /// `CodeString` or `CodeNumber`.
    pub format: WireFormat,
    pub codes: Vec<CodeDraft>,
    pub source: String,
}

impl CatalogueDraft {
    pub fn review(&self) -> Vec<ReviewItem> {
        element_review(&self.label, self.description.as_ref(), &self.legal)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodeDraft {
    pub code: String,
    pub label: TextDraft,
    pub description: Option<TextDraft>,
    pub legal: Vec<String>,
    pub rust_name: Option<String>,
    pub note: Option<String>,
    /// Marked `status: proposal` in the source (`x-proposal-codes`).
    pub proposal: bool,
    /// Other spellings readers take as this code (`x-aliases`).
    pub aliases: Vec<String>,
}

impl CodeDraft {
    pub fn review(&self) -> Vec<ReviewItem> {
        element_review(&self.label, self.description.as_ref(), &self.legal)
    }
}
