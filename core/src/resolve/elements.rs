//! Resolution of each kind of element: the registry, identifiers, catalogues, records and contracts.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Context;
use super::provenance::Carrier;
use super::review::{Holds, Part};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{self, Direction, FieldType, Registry, UnknownFields, WireDefaults, WireFormat};
use crate::naming::{self, NameError};
use crate::source::{FileId, Span};
use crate::syntax::{
    self, AuthKind, CatalogueDoc, ContractDoc, Document, IdentifierDoc, RecordDoc, Sp,
};

impl Context<'_> {
    pub(super) fn registry_info(
        &mut self,
        documents: &[(FileId, Document)],
        registry: &mut Registry,
    ) {
        let mut found = documents.iter().filter_map(|(file, d)| match d {
            Document::Registry(doc) => Some((*file, doc)),
            _ => None,
        });
        let Some((file, doc)) = found.next() else {
            let unreadable = self
                .sources
                .files()
                .any(|(_, f)| f.name.ends_with("/registry.yaml"));
            if unreadable {
                return; // Its own parse error says what is wrong with it.
            }
            self.report(
                Diagnostic::new(Code::MissingRegistry, "no file declares the registry")
                    .help("create `contracts/registry.yaml` starting with `registry:` (name, version, languages, legal-sources)"),
            );
            return;
        };
        for (other, _) in found {
            self.file = other;
            let span = Span::file_start(other);
            let first = self.sources.get(file).name.clone();
            self.report(
                Diagnostic::new(
                    Code::DuplicateRegistry,
                    format!("the registry is already declared in `{first}`"),
                )
                .at(span, "second registry")
                .help("keep one `registry:` document, in contracts/registry.yaml"),
            );
        }
        self.file = file;
        let info = &mut registry.info;
        info.span = Some(Span::file_start(file));
        info.name = self.text(&doc.name, "registry name");
        info.description = self.opt_text(&doc.description, "registry description");
        info.url = doc.url.as_ref().and_then(|url| self.site_url(url));
        info.license = doc.license.as_ref().map(|l| l.value.clone());
        info.maintainer = self.owner_ref(doc.maintainer.as_ref());
        info.version = self.version(&doc.version, "registry");
        info.version_span = Some(self.span(doc.version.pos));
        info.languages = doc.languages.iter().map(|l| l.value.clone()).collect();
        if info.languages != ["vi", "en"] {
            let span = self.span(doc.languages.pos);
            self.report(
                Diagnostic::new(Code::InvalidValue, "the registry's languages must be `[vi, en]`")
                    .at(span, "languages")
                    .help("every text is written in Vietnamese (the language of the Circular) and English"),
            );
        }
        for source in doc.legal_sources.iter() {
            if self.legal_sources.contains_key(&source.value) {
                info.legal_sources.push(source.value.clone());
            } else {
                self.expect_declared("legal-source", source);
            }
        }
        if doc.legal_sources.is_empty() {
            let span = self.span(doc.legal_sources.pos);
            self.report(
                Diagnostic::new(Code::InvalidValue, "the registry names no legal source")
                    .at(span, "empty")
                    .help("list the Circular first, e.g. `legal-sources: [circular-04-2025]`"),
            );
        }
        self.primary_source = info.legal_sources.first().cloned();
        info.wire_defaults = self.wire_defaults(&doc.wire_defaults);
        self.wire_defaults = info.wire_defaults;
        info.wire_accepts = self.wire_accepts(&doc.wire_accepts, &info.wire_defaults);
        self.wire_accepts = Arc::new(info.wire_accepts.clone());
        for (id, scheme) in doc.auth_schemes.iter() {
            if !naming::is_valid_id(&id.value) {
                let span = self.span(id.pos);
                self.report(
                    Diagnostic::new(
                        Code::InvalidId,
                        format!("`{}` is not a valid auth-scheme id", id.value),
                    )
                    .at(span, "invalid id")
                    .help("ids are lowercase ASCII words joined by hyphens"),
                );
                continue;
            }
            Arc::make_mut(&mut self.auth_schemes).insert(id.value.clone());
            if scheme.kind.value == AuthKind::OidcAuthorizationCode
                && scheme.openid_connect_url.is_none()
            {
                let span = self.span(scheme.kind.pos);
                self.report(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("the OpenID Connect scheme `{}` has no discovery document", id.value),
                    )
                    .at(span, "oidc-authorization-code")
                    .help("add `openid-connect-url: https://<issuer>/.well-known/openid-configuration`"),
                );
            }
            let text = |v: &Option<Sp<String>>| v.as_ref().map(|v| v.value.clone());
            let auth = model::AuthScheme {
                id: id.value.clone(),
                kind: scheme.kind.value,
                label: self.text(&scheme.label, "auth-scheme label"),
                description: self.opt_text(&scheme.description, "auth-scheme description"),
                token_field: text(&scheme.token_field),
                openid_connect_url: text(&scheme.openid_connect_url),
                authorization_url: text(&scheme.authorization_url),
                scopes: scheme.scopes.iter().map(|s| s.value.clone()).collect(),
            };
            info.auth_schemes.insert(id.value.clone(), auth);
        }
        self.wire_sources(&doc.wire_sources, info);
        self.signature_schemes(&doc.signature_schemes, info);
        self.groups(&doc.groups, info);
    }

    /// A code's status: its own, or its catalogue's; `deprecated` is said with `deprecated:`, not `status:`.
    fn code_status(&mut self, entry: &syntax::CodeDoc, catalogue: model::Status) -> model::Status {
        match &entry.status {
            None => catalogue,
            Some(status) if status.value == model::Status::Deprecated => {
                let span = self.span(status.pos);
                self.report(
                    Diagnostic::new(Code::InvalidValue, "a code is deprecated with `deprecated:`, not `status: deprecated`")
                        .at(span, "status")
                        .help("write `deprecated: {since: <catalogue version>, replaced-by: <code>}` and remove `status`"),
                );
                catalogue
            }
            Some(status) => status.value,
        }
    }

    fn wire_defaults(&mut self, doc: &syntax::WireDefaultsDoc) -> WireDefaults {
        let mut defaults = WireDefaults::default();
        let slots: [(&Option<Sp<String>>, FieldType, &mut WireFormat); 6] = [
            (
                &doc.integer,
                FieldType::Scalar(syntax::ScalarType::Integer),
                &mut defaults.integer,
            ),
            (
                &doc.decimal,
                FieldType::Scalar(syntax::ScalarType::Decimal),
                &mut defaults.decimal,
            ),
            (
                &doc.boolean,
                FieldType::Scalar(syntax::ScalarType::Boolean),
                &mut defaults.boolean,
            ),
            (
                &doc.date,
                FieldType::Scalar(syntax::ScalarType::Date),
                &mut defaults.date,
            ),
            (
                &doc.date_time,
                FieldType::Scalar(syntax::ScalarType::DateTime),
                &mut defaults.date_time,
            ),
            (
                &doc.code,
                FieldType::Code(String::new()),
                &mut defaults.code,
            ),
        ];
        for (written, ty, slot) in slots {
            if let Some(written) = written
                && let Some(format) = self.wire_format(written, &ty)
            {
                *slot = format;
            }
        }
        defaults
    }

    /// The registry's `url`: an `https://` address ending with `/`, with no characters that need escaping.
    fn site_url(&mut self, url: &Sp<String>) -> Option<String> {
        let value = url.value.as_str();
        let ok = value.starts_with("https://")
            && value.ends_with('/')
            && value.len() > "https://".len() + 1
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~:/".contains(c));
        if ok {
            return Some(value.to_owned());
        }
        let span = self.span(url.pos);
        self.report(
            Diagnostic::new(Code::InvalidValue, format!("`{}` is not a website address the outputs can start with", value.escape_debug()))
                .at(span, "url")
                .help("write an `https://` address ending with `/`, e.g. `https://dichvucong.gov.vn/hop-dong-du-lieu/`"),
        );
        None
    }

    /// The registry's `wire-accepts`: per type, the forms readers accept besides the type's default format.
    fn wire_accepts(
        &mut self,
        doc: &syntax::WireAcceptsDoc,
        defaults: &WireDefaults,
    ) -> BTreeMap<model::ScalarOrCode, Vec<model::Accept>> {
        use syntax::ScalarType::*;
        let slots = [
            (&doc.string, FieldType::Scalar(String)),
            (&doc.integer, FieldType::Scalar(Integer)),
            (&doc.decimal, FieldType::Scalar(Decimal)),
            (&doc.boolean, FieldType::Scalar(Boolean)),
            (&doc.date, FieldType::Scalar(Date)),
            (&doc.date_time, FieldType::Scalar(DateTime)),
            (&doc.code, FieldType::Code(std::string::String::new())),
        ];
        let mut out = BTreeMap::new();
        for (written, ty) in slots {
            let (Some(written), Some(key)) = (written, model::ScalarOrCode::of(&ty)) else {
                continue;
            };
            let accepts = self.accepts(written, &ty, defaults.for_type(&ty));
            out.insert(key, accepts);
        }
        out
    }

    /// Parses a `format:` name for a type, reporting the formats that exist when it is wrong.
    pub fn wire_format(&mut self, written: &Sp<String>, ty: &FieldType) -> Option<WireFormat> {
        let names = model::format_names(ty);
        if let Some((_, format)) = names.iter().find(|(name, _)| *name == written.value) {
            return Some(*format);
        }
        let span = self.span(written.pos);
        let choices: Vec<String> = names.iter().map(|(n, _)| format!("`{n}`")).collect();
        let help = if choices.is_empty() {
            "a record has no wire format; remove `format`".to_owned()
        } else {
            format!("use one of {}", choices.join(", "))
        };
        self.report(
            Diagnostic::new(
                Code::InvalidFormat,
                format!(
                    "`{}` is not a wire format of {}",
                    written.value,
                    ty.describe()
                ),
            )
            .at(span, "unknown format")
            .help(help),
        );
        None
    }

    pub(super) fn identifier(&mut self, doc: &IdentifierDoc) -> Option<model::Identifier> {
        self.check_pattern(&doc.pattern);
        self.check_length_range(doc.min_length.as_ref(), doc.max_length.as_ref());
        Some(model::Identifier {
            id: doc.id.value.clone(),
            label: self.text(&doc.label, "identifier label"),
            description: self.opt_text(&doc.description, "identifier description"),
            legal: self.legal(&doc.legal),
            pattern: doc.pattern.value.clone(),
            min_length: doc.min_length.as_ref().map(|v| v.value),
            max_length: doc.max_length.as_ref().map(|v| v.value),
            examples: doc.examples.iter().map(|e| e.value.clone()).collect(),
            span: self.span(doc.id.pos),
        })
    }

    pub(super) fn catalogue(&mut self, doc: &CatalogueDoc) -> Option<model::Catalogue> {
        let version = self.version(&doc.version, "catalogue");
        let format = match &doc.format {
            Some(format) => self.wire_format(format, &FieldType::Code(doc.id.value.clone()))?,
            None => self.wire_defaults.code,
        };
        let rust_name = self.type_name(&doc.id);
        let mut variants = Vec::new();
        for (id, system) in doc.variants.iter() {
            variants.push(model::VariantSystem {
                id: id.value.clone(),
                label: self.text(&system.label, "variant system label"),
                description: self.opt_text(&system.description, "variant system description"),
            });
        }
        let mut codes = Vec::new();
        let mut rust_names: BTreeMap<String, Span> = BTreeMap::new();
        for (code, entry) in doc.codes.iter() {
            let code_span = self.span(code.pos);
            self.check_code_spelling(code, format);
            let listed = self.review(entry.review.as_ref(), &Holds::code(&code.value, entry));
            let label = self.reviewed_text(
                &entry.label,
                &format!("label of code `{}`", code.value),
                listed,
                Part::Label,
            );
            let rust = self.variant_name(entry.rust_name.as_ref(), &label, code_span);
            if let Some(rust) = &rust {
                if let Some(first) = rust_names.get(rust) {
                    let first = *first;
                    self.report(
                        Diagnostic::new(
                            Code::RustNameCollision,
                            format!("two codes become the Rust variant `{rust}`"),
                        )
                        .at(code_span, "this code")
                        .also(first, "and this one")
                        .help("give one of them a `rust-name`"),
                    );
                } else {
                    rust_names.insert(rust.clone(), code_span);
                }
            }
            let mut code_variants = BTreeMap::new();
            for (system, their_code) in entry.variants.iter() {
                if !doc
                    .variants
                    .iter()
                    .any(|(declared, _)| declared.value == system.value)
                {
                    let span = self.span(system.pos);
                    self.report(
                        Diagnostic::new(Code::UnknownReference, format!("the variant system `{}` is not declared", system.value))
                            .at(span, "undeclared system")
                            .help(format!("declare it under `variants:` of the catalogue `{}` with its label and where it is used", doc.id.value)),
                    );
                }
                code_variants.insert(system.value.clone(), their_code.value.clone());
            }
            let deprecated = entry
                .deprecated
                .as_ref()
                .and_then(|d| self.deprecation(d, doc, code, version.as_ref()));
            let status = self.code_status(entry, doc.status);
            let provenance = self.provenance(
                entry.provenance.as_deref(),
                &Carrier {
                    what: format!("code `{}`", code.value),
                    has_legal: entry.legal.as_ref().is_some_and(|l| !l.0.is_empty()),
                    status,
                },
            );
            codes.push(model::Code {
                code: code.value.clone(),
                label,
                description: self.reviewed_opt_text(
                    &entry.description,
                    "code description",
                    listed,
                    Part::Description,
                ),
                legal: self.legal(&entry.legal),
                status,
                provenance,
                deprecated,
                variants: code_variants,
                aliases: self.code_aliases(&entry.aliases, code, &doc.codes, format),
                rust_name: rust.unwrap_or_default(),
                span: code_span,
            });
        }
        if codes.is_empty() {
            let span = self.span(doc.codes.pos);
            self.report(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("the catalogue `{}` has no codes", doc.id.value),
                )
                .at(span, "empty")
                .help("list its codes under `codes:`"),
            );
        }
        let listed = self.review(doc.review.as_ref(), &Holds::catalogue(doc));
        Some(model::Catalogue {
            id: doc.id.value.clone(),
            owner: self.owner_ref(doc.owner.as_ref()),
            version: version?,
            status: doc.status,
            label: self.reviewed_text(&doc.label, "catalogue label", listed, Part::Label),
            description: self.reviewed_opt_text(
                &doc.description,
                "catalogue description",
                listed,
                Part::Description,
            ),
            legal: self.legal(&doc.legal),
            format,
            codes,
            variants,
            rust_name: rust_name?,
            span: self.span(doc.id.pos),
            version_span: self.span(doc.version.pos),
        })
    }

    /// The other spellings of `code`: each a valid spelling, neither a code of the catalogue nor another code's
    /// alias.
    fn code_aliases(
        &mut self,
        aliases: &[Sp<String>],
        code: &Sp<String>,
        codes: &syntax::OrderedMap<Sp<syntax::CodeDoc>>,
        format: WireFormat,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for alias in aliases {
            self.check_code_spelling(alias, format);
            let clash = codes.iter().find_map(|(other, doc)| {
                let is_code = other.value == alias.value;
                let is_other_alias = other.value != code.value
                    && doc.value.aliases.iter().any(|a| a.value == alias.value);
                (is_code || is_other_alias).then(|| other.value.clone())
            });
            let span = self.span(alias.pos);
            if let Some(other) = clash {
                self.report(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("`{}` already means the code `{other}`", alias.value),
                    )
                    .at(span, "alias")
                    .help("an alias is a spelling no other code or alias of the catalogue uses"),
                );
            } else if out.contains(&alias.value) {
                self.report(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("the alias `{}` is listed twice", alias.value),
                    )
                    .at(span, "again")
                    .help("list each alias once"),
                );
            } else {
                out.push(alias.value.clone());
            }
        }
        out
    }

    fn check_code_spelling(&mut self, code: &Sp<String>, format: WireFormat) {
        let value = code.value.as_str();
        let bad = value.is_empty()
            || value.len() > 64
            || value.chars().any(|c| c.is_whitespace() || c.is_control())
            || (format == WireFormat::CodeNumber
                && value.parse::<i64>().map(|n| n.to_string()) != Ok(value.to_owned()));
        if bad {
            let span = self.span(code.pos);
            self.report(
                Diagnostic::new(Code::InvalidValue, format!("`{value}` cannot be a code"))
                    .at(span, "code")
                    .help(if format == WireFormat::CodeNumber {
                        "codes of a `number` catalogue are integers without leading zeros"
                    } else {
                        "a code is 1-64 characters with no spaces or control characters, exactly as sent on the wire"
                    }),
            );
        }
    }

    fn deprecation(
        &mut self,
        doc: &Sp<syntax::DeprecationDoc>,
        catalogue: &CatalogueDoc,
        code: &Sp<String>,
        current: Option<&semver::Version>,
    ) -> Option<model::Deprecation> {
        let since = self.version(&doc.since, "deprecation")?;
        if let Some(current) = current
            && since > *current
        {
            let span = self.span(doc.since.pos);
            self.report(
                Diagnostic::new(Code::InvalidVersion, format!("deprecated since {since}, after the catalogue's version {current}"))
                    .at(span, "in the future")
                    .help("`since` is the catalogue version that deprecated the code; bump the catalogue's `version`"),
            );
        }
        if let Some(replacement) = &doc.replaced_by {
            let exists = catalogue
                .codes
                .iter()
                .any(|(c, _)| c.value == replacement.value);
            if !exists || replacement.value == code.value {
                let span = self.span(replacement.pos);
                self.report(
                    Diagnostic::new(
                        Code::UnknownReference,
                        format!(
                            "`{}` is not another code of this catalogue",
                            replacement.value
                        ),
                    )
                    .at(span, "replacement")
                    .help("`replaced-by` names the code systems should send instead"),
                );
            }
        }
        Some(model::Deprecation {
            since,
            replaced_by: doc.replaced_by.as_ref().map(|r| r.value.clone()),
            reason: self.opt_text(&doc.reason, "deprecation reason"),
        })
    }

    pub(super) fn record(&mut self, doc: &RecordDoc) -> Option<model::Record> {
        let default = doc
            .personal_data
            .as_ref()
            .map(|p| p.value)
            .unwrap_or_default();
        let listed = self.review(doc.review.as_ref(), &Holds::record(doc));
        let fields = self.fields(&doc.fields, default, &format!("record `{}`", doc.id.value));
        Some(model::Record {
            id: doc.id.value.clone(),
            owner: self.owner_ref(doc.owner.as_ref()),
            status: doc.status,
            label: self.reviewed_text(&doc.label, "record label", listed, Part::Label),
            description: self.reviewed_opt_text(
                &doc.description,
                "record description",
                listed,
                Part::Description,
            ),
            legal: self.legal(&doc.legal),
            fields,
            // Undeclared, it is decided once the contracts are known (`whole`): by the directions it travels in.
            unknown_fields: doc
                .unknown_fields
                .as_ref()
                .map_or(UnknownFields::Reject, |u| u.value),
            unknown_fields_declared: doc.unknown_fields.is_some(),
            rust_name: self.type_name(&doc.id)?,
            span: self.span(doc.id.pos),
        })
    }

    pub(super) fn contract(&mut self, doc: &ContractDoc) -> Option<model::Contract> {
        let version = self.version(&doc.version, "contract");
        let id = &doc.id.value;
        let legal = self.legal(&Some(doc.legal.clone()));
        let listed = self.review(doc.review.as_ref(), &Holds::contract(doc));
        if doc.legal.0.is_empty() && !listed.has(syntax::ReviewItem::Legal) {
            let span = self.span(doc.id.pos);
            self.report(
                Diagnostic::new(
                    Code::InvalidLegalRef,
                    format!("the contract `{id}` cites no provision"),
                )
                .at(span, "contract")
                .help("name the data group it implements, e.g. `legal: \"10.1\"`"),
            );
        }
        if doc.provider.value == doc.consumer.value {
            let span = self.span(doc.consumer.pos);
            self.report(
                Diagnostic::new(Code::InvalidValue, "the provider and the consumer are the same party")
                    .at(span, "consumer")
                    .help("Articles 5-8: provider `portal`, consumer `ministry-system`; Articles 10-12: the reverse"),
            );
        }
        if self.auth_schemes.is_empty() || !self.auth_schemes.contains(&doc.auth.value) {
            let known: Vec<String> = self.auth_schemes.iter().cloned().collect();
            let span = self.span(doc.auth.pos);
            self.report(
                Diagnostic::new(
                    Code::UnknownReference,
                    format!("no auth scheme has the id `{}`", doc.auth.value),
                )
                .at(span, "unknown auth scheme")
                .help(format!(
                    "declare it under `auth-schemes` in registry.yaml (declared: {})",
                    known.join(", ")
                )),
            );
        }
        self.check_path(&doc.path);
        self.check_operation(&doc.operation);
        let provenance = self.provenance(
            doc.provenance.as_deref(),
            &Carrier {
                what: format!("contract `{id}`"),
                has_legal: !doc.legal.0.is_empty(),
                status: doc.status,
            },
        );
        self.check_precedent(doc, &provenance);
        let group = self.contract_group(doc, &legal);
        let signature_scheme = self.signature_scheme(doc);
        let request = self.payload(&doc.request, Direction::Request, id);
        let response = self.payload(&doc.response, Direction::Response, id);
        let mut examples = Vec::new();
        for example in &doc.examples {
            let reviewed = self.review(example.review.as_ref(), &Holds::example(example));
            examples.push(model::Example {
                title: self.reviewed_opt_text(
                    &example.title,
                    "example title",
                    reviewed,
                    Part::Label,
                ),
                request: example.request.as_ref().map(|v| v.value.to_json()),
                response: example.response.as_ref().map(|v| v.value.to_json()),
            });
        }
        Some(model::Contract {
            id: id.clone(),
            owner: self.owner_ref(doc.owner.as_ref()),
            version: version?,
            status: doc.status,
            title: self.reviewed_text(&doc.title, "contract title", listed, Part::Label),
            description: self.reviewed_opt_text(
                &doc.description,
                "contract description",
                listed,
                Part::Description,
            ),
            legal,
            group,
            provider: doc.provider.value,
            consumer: doc.consumer.value,
            host: doc.host.as_ref().map_or(doc.provider.value, |h| h.value),
            host_written: doc.host.is_some(),
            channel: doc.channel.value,
            operation: doc.operation.value.clone(),
            provenance,
            method: doc.method.value,
            path: doc.path.value.clone(),
            auth: doc.auth.value.clone(),
            signature: doc.signature,
            encryption: doc.encryption,
            signature_scheme,
            request: request?,
            response: response?,
            examples,
            rust_module: self.named(naming::module_name(id), doc.id.pos, "module")?,
            span: self.span(doc.id.pos),
            spans: model::ContractSpans {
                version: self.span(doc.version.pos),
                provider: self.span(doc.provider.pos),
                consumer: self.span(doc.consumer.pos),
                host: self.span(doc.host.as_ref().map_or(doc.provider.pos, |h| h.pos)),
                channel: self.span(doc.channel.pos),
                operation: self.span(doc.operation.pos),
                method: self.span(doc.method.pos),
                path: self.span(doc.path.pos),
                auth: self.span(doc.auth.pos),
            },
        })
    }

    fn payload(
        &mut self,
        doc: &Sp<syntax::PayloadDoc>,
        direction: Direction,
        contract: &str,
    ) -> Option<model::Payload> {
        let default = doc
            .personal_data
            .as_ref()
            .map(|p| p.value)
            .unwrap_or_default();
        let owner = format!("{} of contract `{contract}`", direction.as_str());
        let listed = self.review(doc.review.as_ref(), &Holds::payload(&owner, &doc.value));
        let fields = self.fields(&doc.fields, default, &owner);
        let type_id = format!("{contract}-{}", direction.as_str());
        let unknown_fields = doc.unknown_fields.as_ref().map_or(
            match direction {
                Direction::Request => UnknownFields::Reject,
                Direction::Response => UnknownFields::Ignore,
            },
            |u| u.value,
        );
        Some(model::Payload {
            direction,
            description: self.reviewed_opt_text(
                &doc.description,
                "payload description",
                listed,
                Part::Description,
            ),
            fields,
            unknown_fields,
            rust_name: self.named(naming::type_name(&type_id), doc.pos, "type")?,
            span: self.span(doc.pos),
        })
    }

    fn check_path(&mut self, path: &Sp<String>) {
        let value = path.value.as_str();
        let safe = value.starts_with('/')
            && !value.contains("//")
            && !value.split('/').any(|s| s == ".." || s == ".")
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-_.{}".contains(c));
        if !safe {
            let span = self.span(path.pos);
            self.report(
                Diagnostic::new(Code::InvalidPath, format!("`{value}` is not a valid HTTP path"))
                    .at(span, "path")
                    .help("start with `/` and use ASCII letters, digits, `-`, `_`, `.` and `{parameter}` segments"),
            );
        }
    }

    fn check_operation(&mut self, operation: &Sp<String>) {
        let value = operation.value.as_str();
        let ok = value.starts_with(|c: char| c.is_ascii_alphabetic())
            && value.len() <= 100
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            let span = self.span(operation.pos);
            self.report(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`{value}` is not a valid operation name"),
                )
                .at(span, "operation")
                .help("an operation name is an ASCII word such as `DongBoHoSoMC`"),
            );
        }
    }

    /// The Rust type name of an element id.
    fn type_name(&mut self, id: &Sp<String>) -> Option<String> {
        self.named(naming::type_name(&id.value), id.pos, "type")
    }

    fn variant_name(
        &mut self,
        explicit: Option<&Sp<String>>,
        label: &model::Text,
        at: Span,
    ) -> Option<String> {
        match explicit {
            Some(name) => self.named(
                naming::explicit_variant_name(&name.value),
                name.pos,
                "enum variant",
            ),
            None => match naming::variant_name(label.en_or_vi()) {
                Ok(name) => Some(name),
                Err(error) => {
                    self.report_name_error(error, at, "enum variant");
                    None
                }
            },
        }
    }

    /// Reports a name that cannot become Rust, or returns it.
    pub fn named(
        &mut self,
        name: Result<String, NameError>,
        pos: syntax::Pos,
        what: &str,
    ) -> Option<String> {
        match name {
            Ok(name) => Some(name),
            Err(error) => {
                let span = self.span(pos);
                self.report_name_error(error, span, what);
                None
            }
        }
    }

    pub fn report_name_error(&mut self, error: NameError, span: Span, what: &str) {
        let diagnostic = match error {
            NameError::Keyword(name) => Diagnostic::new(Code::RustKeyword, format!("the Rust {what} name would be `{name}`, a Rust keyword"))
                .at(span, "becomes a keyword")
                .help("add `rust-name:` with another name (the wire name stays as it is)"),
            NameError::Invalid(name) => Diagnostic::new(Code::InvalidRustName, format!("`{name}` cannot be a Rust {what} name"))
                .at(span, "no valid Rust name")
                .help("add `rust-name:` with an ASCII name (snake_case for fields, UpperCamelCase for variants)"),
            NameError::Reserved(name) => Diagnostic::new(Code::ReservedRustName, format!("the Rust {what} name would be `{name}`, which the generated crate uses for itself"))
                .at(span, "reserved name")
                .help("add `rust-name:` with another name, or choose another id"),
        };
        self.report(diagnostic);
    }
}
