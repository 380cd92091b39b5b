//! Owners, database descriptions, reuse declarations and pre-filled fields: who keeps what, and which data
//! replace which paper.

use contracts_runtime::WireFormat;
use contracts_runtime::format::ValueKind;
use std::collections::BTreeMap;

use super::{Context, closest};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{self, AttributeRef, Field, Prefill, Registry, Status};
use crate::source::{FileId, Span};
use crate::syntax::{ComponentDoc, ContactDoc, DatabaseDoc, Document, OwnerDoc, ReuseDoc, Sp};

/// The folder of the registry that holds one folder per owner.
pub const OWNERS_FOLDER: &str = "owners";

/// The owner folder a file is in (`contracts/owners/<owner>/...`), if any.
pub fn owner_folder(name: &str) -> Option<&str> {
    let mut parts = name.split('/').skip(1);
    if parts.next()? != OWNERS_FOLDER {
        return None;
    }
    let owner = parts.next()?;
    parts.next().map(|_| owner)
}

/// Where an element of `kind` owned by `owner` is kept: `owners/<owner>/<folder>`.
pub fn owned_folder(kind: &str, owner: &str) -> String {
    let folder = match kind {
        "catalogue" => "catalogues",
        "record" => "records",
        "database" => "databases",
        "reuse" => "reuse",
        _ => "contracts",
    };
    format!("{OWNERS_FOLDER}/{owner}/{folder}")
}

impl Context<'_> {
    /// Reports every file whose owner does not match its folder, and every element that names no owner in a
    /// registry that has owners; but for the contracts, which are checked as they are resolved.
    pub(super) fn check_owner_folders(&mut self, documents: &[(FileId, Document)]) {
        for (file, document) in documents {
            if !matches!(document, Document::Contract(_)) {
                self.check_owner_folder(*file, document);
            }
        }
    }

    /// An owner is described in its own folder, and an owned element names its owner and sits in its folder.
    pub(super) fn check_owner_folder(&mut self, file: FileId, document: &Document) {
        self.file = file;
        let name = self.sources.get(file).name.clone();
        let folder = owner_folder(&name).map(str::to_owned);
        match document {
            Document::Owner(doc) => self.check_owner_file(doc, &name, folder.as_deref()),
            _ => {
                let Some((kind, id, owner)) = owned(document) else {
                    return;
                };
                match owner {
                    Some(owner) => self.check_owned_file(kind, id, owner, folder.as_deref()),
                    None if self.has_owners => {
                        self.report_missing_owner(kind, id, folder.as_deref())
                    }
                    None => {}
                }
            }
        }
    }

    fn check_owner_file(&mut self, doc: &OwnerDoc, name: &str, folder: Option<&str>) {
        let id = &doc.id.value;
        let base = name.rsplit('/').next().unwrap_or(name);
        if folder == Some(id.as_str()) && base == "owner.yaml" {
            return;
        }
        let span = self.span(doc.id.pos);
        self.report(
            Diagnostic::new(
                Code::OwnerFolderMismatch,
                format!("the owner `{id}` is not described in its own folder"),
            )
            .at(span, "owner id")
            .help(format!(
                "move this file to `contracts/{OWNERS_FOLDER}/{id}/owner.yaml`; the folder of an owner holds its files"
            )),
        );
    }

    fn check_owned_file(
        &mut self,
        kind: &str,
        id: &Sp<String>,
        owner: &Sp<String>,
        folder: Option<&str>,
    ) {
        if folder == Some(owner.value.as_str()) {
            return;
        }
        let span = self.span(owner.pos);
        let place = match folder {
            Some(other) => format!("is in the folder of the owner `{other}`"),
            None => format!("is outside `contracts/{OWNERS_FOLDER}/`"),
        };
        let mut help = format!(
            "move the file to `contracts/{}/{}.yaml`",
            owned_folder(kind, &owner.value),
            id.value
        );
        if let Some(other) = folder {
            help.push_str(&format!(
                ", or write `owner: {other}` if `{other}` keeps it"
            ));
        }
        self.report(
            Diagnostic::new(
                Code::OwnerFolderMismatch,
                format!(
                    "the {kind} `{}` names the owner `{}` but {place}",
                    id.value, owner.value
                ),
            )
            .at(span, "declared owner")
            .help(help),
        );
    }

    fn report_missing_owner(&mut self, kind: &str, id: &Sp<String>, folder: Option<&str>) {
        let span = self.span(id.pos);
        let help = match folder {
            Some(owner) => format!("add `owner: {owner}` (the folder this file is in)"),
            None => format!(
                "add `owner: <owner id>` and move the file to `contracts/{}/`",
                owned_folder(kind, "<owner id>")
            ),
        };
        self.report(
            Diagnostic::new(
                Code::MissingOwner,
                format!("the {kind} `{}` names no owner", id.value),
            )
            .at(span, kind.to_owned())
            .help(help),
        );
    }

    /// The owner an element names, when it is declared.
    pub(super) fn owner_ref(&mut self, owner: Option<&Sp<String>>) -> Option<String> {
        let owner = owner?;
        self.expect_declared("owner", owner)
            .then(|| owner.value.clone())
    }

    pub(super) fn owner(&mut self, doc: &OwnerDoc) -> Option<model::Owner> {
        let code = doc.code.as_ref().filter(|c| self.check_agency_code(c));
        if doc.code.is_none() && doc.status != Status::Proposal {
            let span = self.span(doc.id.pos);
            self.report(
                Diagnostic::new(
                    Code::MissingAgencyCode,
                    format!("the owner `{}` has no agency code", doc.id.value),
                )
                .at(span, "owner")
                .help("add `code:` with its QCVN 102:2016 code (e.g. `000.00.00.G09`), or mark the owner `status: proposal` until the code is confirmed"),
            );
        }
        let provenance = self.provenance(
            doc.provenance.as_deref(),
            &super::provenance::Carrier {
                what: format!("owner `{}`", doc.id.value),
                has_legal: false,
                status: doc.status,
            },
        );
        let successor = doc.successor.as_deref().map(|successor| model::Successor {
            owner: successor
                .owner
                .as_ref()
                .filter(|o| self.expect_declared("owner", o))
                .map(|o| o.value.clone()),
            name: self.text(&successor.name, "successor name"),
            since: self.successor_since(&successor.since),
            basis: self.text(&successor.basis, "basis of the succession"),
            status: successor.status,
        });
        Some(model::Owner {
            id: doc.id.value.clone(),
            status: doc.status,
            provenance,
            successor,
            code: code.map(|c| c.value.clone()),
            name: self.text(&doc.name, "owner name"),
            description: self.opt_text(&doc.description, "owner description"),
            contact: self.contact(&doc.contact),
            span: self.span(doc.id.pos),
        })
    }

    /// The first day of a succession, reported unless written `yyyy-MM-dd`.
    fn successor_since(&mut self, since: &Sp<String>) -> String {
        let ok = since.value.len() == 10
            && since.value.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !ok {
            let span = self.span(since.pos);
            self.report(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`{}` is not a date", since.value.escape_debug()),
                )
                .at(span, "since")
                .help("write the first day the successor holds the functions as `yyyy-MM-dd` (e.g. `2025-03-01`)"),
            );
        }
        since.value.clone()
    }

    fn check_agency_code(&mut self, code: &Sp<String>) -> bool {
        if is_agency_code(&code.value) {
            return true;
        }
        let span = self.span(code.pos);
        self.report(
            Diagnostic::new(
                Code::InvalidValue,
                format!(
                    "`{}` is not an agency code of QCVN 102:2016",
                    code.value.escape_debug()
                ),
            )
            .at(span, "agency code")
            .help("write the four levels `VVV.ZZ.YY.MXX`, e.g. `000.00.00.G09`"),
        );
        false
    }

    fn contact(&mut self, doc: &Sp<ContactDoc>) -> model::Contact {
        if let Some(email) = &doc.email
            && !is_email(&email.value)
        {
            self.invalid(
                email,
                "is not an e-mail address",
                "write it as `name@agency.gov.vn`",
            );
        }
        if let Some(url) = &doc.url
            && !is_https(&url.value)
        {
            self.invalid(
                url,
                "is not an https:// address",
                "write the full address, starting with `https://`",
            );
        }
        if let Some(phone) = &doc.phone
            && !is_phone(&phone.value)
        {
            self.invalid(
                phone,
                "is not a telephone number",
                "write digits, spaces, `+`, `.` or `-` only, e.g. `+84 24 3823 2161`",
            );
        }
        let keep = |v: &Option<Sp<String>>, ok: fn(&str) -> bool| {
            v.as_ref().filter(|v| ok(&v.value)).map(|v| v.value.clone())
        };
        model::Contact {
            unit: self.text(&doc.unit, "contact unit"),
            email: keep(&doc.email, is_email),
            phone: keep(&doc.phone, is_phone),
            url: keep(&doc.url, is_https),
        }
    }

    fn invalid(&mut self, value: &Sp<String>, what: &str, help: &str) {
        let span = self.span(value.pos);
        self.report(
            Diagnostic::new(
                Code::InvalidValue,
                format!("`{}` {what}", value.value.escape_debug()),
            )
            .at(span, "here")
            .help(help),
        );
    }

    pub(super) fn database(&mut self, doc: &DatabaseDoc) -> Option<model::Database> {
        let owner = self.owner_ref(Some(&doc.owner));
        let legal = self.legal(&Some(doc.legal.clone()));
        let ndxp = doc.ndxp.as_ref().filter(|code| self.check_ndxp(code));
        let mut services = Vec::new();
        for (operation, service) in doc.services.iter() {
            services.push(model::Service {
                operation: operation.value.clone(),
                label: self.text(&service.label, "service label"),
                description: self.opt_text(&service.description, "service description"),
                span: self.span(operation.pos),
            });
        }
        let default_pd = doc
            .personal_data
            .as_ref()
            .map(|p| p.value)
            .unwrap_or_default();
        let what = format!("database `{}`", doc.id.value);
        let attributes = match &doc.attributes {
            Some(attributes) => self.fields(attributes, default_pd, &what),
            None => Vec::new(),
        };
        Some(model::Database {
            id: doc.id.value.clone(),
            owner: owner?,
            status: doc.status,
            name: self.text(&doc.name, "database name"),
            description: self.opt_text(&doc.description, "database description"),
            legal,
            ndxp: ndxp.map(|c| c.value.clone()),
            services,
            access: self.text(&doc.access, "access conditions"),
            attributes,
            span: self.span(doc.id.pos),
        })
    }

    /// Whether `code` is a code of the catalogue `national-data-service`, reporting it otherwise.
    fn check_ndxp(&mut self, code: &Sp<String>) -> bool {
        let catalogue = Sp::new(NDXP_CATALOGUE.to_owned(), code.pos);
        if !self.expect_declared("catalogue", &catalogue) {
            return false;
        }
        if self.ndxp_codes.contains(&code.value) {
            return true;
        }
        let span = self.span(code.pos);
        self.report(
            Diagnostic::new(
                Code::UnknownReference,
                format!(
                    "the catalogue `{NDXP_CATALOGUE}` has no code `{}`",
                    code.value.escape_debug()
                ),
            )
            .at(span, "unknown NDXP row")
            .help("write the row number (STT) of the database in Appendix II, as listed in that catalogue"),
        );
        false
    }

    /// A field's `prefill:`, split into database and attribute; the attribute itself is checked once every
    /// database is resolved ([`check_prefills`]).
    pub fn prefill(&mut self, written: &Sp<String>) -> Option<Prefill> {
        let attribute = self.attribute_ref(written)?;
        Some(Prefill {
            attribute,
            span: self.span(written.pos),
        })
    }

    /// `<database>/<attribute>`, with the database checked.
    fn attribute_ref(&mut self, written: &Sp<String>) -> Option<AttributeRef> {
        let Some((database, attribute)) = written.value.split_once('/') else {
            let span = self.span(written.pos);
            self.report(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!(
                        "`{}` does not name a database attribute",
                        written.value.escape_debug()
                    ),
                )
                .at(span, "attribute reference")
                .help("write `<database id>/<attribute wire name>`, e.g. `national-population/SoDinhDanh`"),
            );
            return None;
        };
        let database = Sp::new(database.to_owned(), written.pos);
        self.expect_declared("database", &database)
            .then(|| AttributeRef {
                database: database.value,
                attribute: attribute.to_owned(),
            })
    }

    pub(super) fn reuse(
        &mut self,
        doc: &ReuseDoc,
        databases: &BTreeMap<String, model::Database>,
    ) -> Option<model::Reuse> {
        let owner = self.owner_ref(Some(&doc.owner));
        if !is_procedure_code(&doc.procedure.value) {
            self.invalid(
                &doc.procedure,
                "is not a national procedure code (MaTTHC)",
                "write the code of the National Database on Administrative Procedures, `d.dddddd` (e.g. `1.001234`)",
            );
        }
        if doc.components.is_empty() {
            let span = self.span(doc.components.pos);
            self.report(
                Diagnostic::new(Code::EmptyPayload, "the declaration replaces no component")
                    .at(span, "no components")
                    .help("list the replaced dossier components under `components:`"),
            );
        }
        let mut components = Vec::new();
        for (id, component) in doc.components.iter() {
            if !crate::naming::is_valid_id(&id.value) {
                let span = self.span(id.pos);
                self.report(
                    Diagnostic::new(Code::InvalidId, format!("`{}` is not a valid component id", id.value.escape_debug()))
                        .at(span, "component id")
                        .help("ids are lowercase ASCII words joined by single hyphens, e.g. `identity-card-copy`"),
                );
                continue;
            }
            components.push(self.component(id, component, databases));
        }
        Some(model::Reuse {
            id: doc.id.value.clone(),
            owner: owner?,
            status: doc.status,
            procedure: doc.procedure.value.clone(),
            procedure_name: self.text(&doc.procedure_name, "procedure name"),
            description: self.opt_text(&doc.description, "declaration description"),
            components,
            span: self.span(doc.id.pos),
        })
    }

    fn component(
        &mut self,
        id: &Sp<String>,
        doc: &ComponentDoc,
        databases: &BTreeMap<String, model::Database>,
    ) -> model::Component {
        let mut replaced_by = Vec::new();
        for written in doc.replaced_by.iter() {
            let Some(at) = self.attribute_ref(written) else {
                continue;
            };
            let span = self.span(written.pos);
            if let Some(database) = databases.get(&at.database)
                && let Some(diagnostic) = missing_attribute(database, &at, span)
            {
                self.report(diagnostic);
                continue;
            }
            replaced_by.push(at);
        }
        if doc.replaced_by.is_empty() {
            let span = self.span(doc.replaced_by.pos);
            self.report(
                Diagnostic::new(Code::InvalidValue, "no attribute replaces the component")
                    .at(span, "empty")
                    .help("list the attributes that replace it, e.g. `[national-population/SoDinhDanh]`"),
            );
        }
        let decision = self.legal(&Some(doc.decision.clone()));
        if doc.decision.0.is_empty() {
            let span = self.span(id.pos);
            self.report(
                Diagnostic::new(Code::InvalidLegalRef, "the component cites no decision")
                    .at(span, "component")
                    .help("name the decision that replaces it, e.g. `decision: \"resolution-66-7-2025:4\"`"),
            );
        }
        if !is_date(&doc.from.value) {
            self.invalid(
                &doc.from,
                "is not a date",
                "write the first day the component is replaced as `yyyy-MM-dd`, e.g. `2026-03-01`",
            );
        }
        model::Component {
            id: id.value.clone(),
            name: self.text(&doc.name, "component name"),
            replaced_by,
            decision,
            from: doc.from.value.clone(),
            note: self.opt_text(&doc.note, "component note"),
            span: self.span(id.pos),
        }
    }
}

/// The catalogue that lists the databases of Appendix II.
pub const NDXP_CATALOGUE: &str = "national-data-service";

/// The kind, id and declared owner of a document of a kind that has an owner.
type Owned<'d> = (&'static str, &'d Sp<String>, Option<&'d Sp<String>>);

/// The kind, id and owner of a document that has an owner.
fn owned(document: &Document) -> Option<Owned<'_>> {
    Some(match document {
        Document::Catalogue(d) => ("catalogue", &d.id, d.owner.as_ref()),
        Document::Record(d) => ("record", &d.id, d.owner.as_ref()),
        Document::Contract(d) => ("contract", &d.id, d.owner.as_ref()),
        Document::Database(d) => ("database", &d.id, Some(&d.owner)),
        Document::Reuse(d) => ("reuse", &d.id, Some(&d.owner)),
        _ => return None,
    })
}

/// The finding for a reference to an attribute its database does not have.
fn missing_attribute(
    database: &model::Database,
    at: &AttributeRef,
    span: Span,
) -> Option<Diagnostic> {
    if database.attribute(&at.attribute).is_some() {
        return None;
    }
    let known = database.attributes.iter().map(|a| a.wire_name.as_str());
    let help = match closest(&at.attribute, known) {
        Some(near) => format!("did you mean `{}/{near}`?", at.database),
        None if database.attributes.is_empty() => format!(
            "the database `{}` publishes no attributes yet; its owner describes them under `attributes:`",
            at.database
        ),
        None => format!(
            "use one of the attributes listed in the database `{}`",
            at.database
        ),
    };
    Some(
        Diagnostic::new(
            Code::UnknownAttribute,
            format!(
                "the database `{}` has no attribute `{}`",
                at.database,
                at.attribute.escape_debug()
            ),
        )
        .at(span, "unknown attribute")
        .help(help),
    )
}

/// Reports a procedure declared by two reuse declarations: its replaced components belong in one.
pub(super) fn check_procedures(registry: &Registry, out: &mut Diagnostics) {
    let mut first: BTreeMap<&str, &model::Reuse> = BTreeMap::new();
    for reuse in registry.reuses.values() {
        let Some(earlier) = first.get(reuse.procedure.as_str()) else {
            first.insert(&reuse.procedure, reuse);
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::DuplicateId,
                format!(
                    "the procedure {} is declared by `{}` and `{}`",
                    reuse.procedure, earlier.id, reuse.id
                ),
            )
            .at(reuse.span, "declared again here")
            .also(earlier.span, "first declared here")
            .help("list every replaced component of a procedure in one declaration, kept by the procedure's owner"),
        );
    }
}

/// Checks every pre-filled field of contracts and records against the attribute that fills it.
pub(super) fn check_prefills(registry: &Registry, out: &mut Diagnostics) {
    let contracts = registry.contracts.values().flat_map(|c| {
        [&c.request, &c.response]
            .into_iter()
            .flat_map(|p| p.fields.iter())
    });
    let records = registry.records.values().flat_map(|r| r.fields.iter());
    for field in contracts.chain(records) {
        let Some(prefill) = &field.prefill else {
            continue;
        };
        let Some(database) = registry.databases.get(&prefill.attribute.database) else {
            continue; // Reported where the reference was read.
        };
        if let Some(diagnostic) = missing_attribute(database, &prefill.attribute, prefill.span) {
            out.push(diagnostic);
            continue;
        }
        if let Some(attribute) = database.attribute(&prefill.attribute.attribute)
            && let Some(problem) = disagreement(field, attribute)
        {
            out.push(
                Diagnostic::new(
                    Code::PrefillMismatch,
                    format!(
                        "the field `{}` cannot be pre-filled from `{}`: {problem}",
                        field.wire_name, prefill.attribute
                    ),
                )
                .at(prefill.span, "pre-filled from")
                .also(attribute.span, "the attribute")
                .help("pre-fill the field from an attribute of the same type, or change the field's type"),
            );
        }
    }
}

/// Why an attribute's values do not fit a field, if they do not.
fn disagreement(field: &Field, attribute: &Field) -> Option<String> {
    if field.ty != attribute.ty {
        return Some(format!(
            "the field is a {} and the attribute a {}",
            field.ty.describe(),
            attribute.ty.describe()
        ));
    }
    if field.list.is_some() != attribute.list.is_some() {
        let shape = |f: &Field| {
            if f.list.is_some() {
                "a list"
            } else {
                "a single value"
            }
        };
        return Some(format!(
            "the field is {} and the attribute {}",
            shape(field),
            shape(attribute)
        ));
    }
    match (
        field.constraints.max_length,
        attribute.constraints.max_length,
    ) {
        (Some(field_max), Some(attribute_max)) if attribute_max > field_max => Some(format!(
            "the attribute may be {attribute_max} characters long and the field holds at most {field_max}"
        )),
        (Some(field_max), None) => Some(format!(
            "the attribute has no maximum length and the field holds at most {field_max} characters"
        )),
        _ => None,
    }
}

/// `VVV.ZZ.YY.MXX` with three-digit, two-digit, two-digit levels and a letter with two digits.
fn is_agency_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [v, z, y, m] => {
            digits(v, 3)
                && digits(z, 2)
                && digits(y, 2)
                && m.len() == 3
                && m.as_bytes()[0].is_ascii_uppercase()
                && digits(&m[1..], 2)
        }
        _ => false,
    }
}

/// The national procedure code `d.dddddd`.
fn is_procedure_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 8
        && bytes[0].is_ascii_digit()
        && bytes[1] == b'.'
        && bytes[2..].iter().all(u8::is_ascii_digit)
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@._-+".contains(c))
        && text.matches('@').count() == 1
}

fn is_https(text: &str) -> bool {
    text.strip_prefix("https://").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_graphic() && !"\"'<>\\`".contains(c))
    })
}

fn is_phone(text: &str) -> bool {
    text.chars().filter(char::is_ascii_digit).count() >= 6
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " +.-()".contains(c))
}

/// A real calendar day written `yyyy-MM-dd`, as the runtime checks the `yyyy-MM-dd` wire format.
pub fn is_date(text: &str) -> bool {
    contracts_runtime::format::check(WireFormat::DateIso, ValueKind::Other, text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_folders() {
        assert_eq!(
            owner_folder("contracts/owners/bca/databases/x.yaml"),
            Some("bca")
        );
        assert_eq!(owner_folder("contracts/owners/bca/owner.yaml"), Some("bca"));
        assert_eq!(owner_folder("contracts/owners/x.yaml"), None);
        assert_eq!(owner_folder("contracts/catalogues/x.yaml"), None);
    }

    #[test]
    fn values() {
        assert!(is_agency_code("000.00.00.G09"));
        assert!(!is_agency_code("G09.20"));
        assert!(is_procedure_code("1.001234"));
        assert!(!is_procedure_code("1.00123"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2025-02-29"));
        assert!(!is_date("2025-13-01"));
        assert!(is_email("vpcp@chinhphu.vn"));
        assert!(!is_email("a@b"));
        assert!(is_https("https://chinhphu.vn"));
        assert!(!is_https("javascript:alert(1)"));
    }
}
