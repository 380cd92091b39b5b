//! Fields of payloads and records: type, wire format, constraints, names and legal basis.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::Context;
use super::review::{Holds, Part};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    self, Accept, Constraints, Field, FieldType, ListBounds, Pattern, PersonalData, ScalarOrCode,
    ScalarType, WireFormat,
};
use crate::naming;
use crate::source::Span;
use crate::syntax::{FieldDoc, ListDoc, OrderedMap, Sp};
use contracts_runtime::format;

impl Context<'_> {
    /// Resolves an ordered set of fields, checking wire names and Rust names across the set.
    pub fn fields(
        &mut self,
        doc: &Sp<OrderedMap<Sp<FieldDoc>>>,
        default_pd: PersonalData,
        owner: &str,
    ) -> Vec<Field> {
        if doc.is_empty() {
            let span = self.span(doc.pos);
            self.report(
                Diagnostic::new(Code::EmptyPayload, format!("the {owner} has no fields"))
                    .at(span, "no fields")
                    .help("list the fields under `fields:`, keyed by their wire names"),
            );
        }
        let mut fields = Vec::with_capacity(doc.len());
        let mut wire_names: BTreeMap<String, Span> = BTreeMap::new();
        let mut rust_names: BTreeMap<String, Span> = BTreeMap::new();
        for (wire, field) in doc.iter() {
            let span = self.span(wire.pos);
            if !self.check_wire_name(wire) {
                continue;
            }
            let folded = wire.value.to_lowercase();
            if let Some(first) = wire_names.get(&folded) {
                let first = *first;
                self.report(
                    Diagnostic::new(
                        Code::DuplicateWireName,
                        format!(
                            "the {owner} has two fields named `{}` apart from letter case",
                            wire.value
                        ),
                    )
                    .at(span, "this field")
                    .also(first, "and this one")
                    .help("systems match wire names without regard to case; rename or remove one"),
                );
                continue;
            }
            wire_names.insert(folded, span);
            let Some(resolved) = self.field(wire, field, default_pd) else {
                continue;
            };
            if let Some(first) = rust_names.get(&resolved.rust_name) {
                let first = *first;
                self.report(
                    Diagnostic::new(
                        Code::RustNameCollision,
                        format!(
                            "two fields of the {owner} become the Rust field `{}`",
                            resolved.rust_name
                        ),
                    )
                    .at(span, "this field")
                    .also(first, "and this one")
                    .help("add `rust-name:` to one of them"),
                );
                continue;
            }
            rust_names.insert(resolved.rust_name.clone(), span);
            fields.push(resolved);
        }
        fields
    }

    fn check_wire_name(&mut self, wire: &Sp<String>) -> bool {
        let name = wire.value.as_str();
        let ok = !name.is_empty()
            && name.len() <= 128
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.$@".contains(c));
        if !ok {
            let span = self.span(wire.pos);
            self.report(
                Diagnostic::new(Code::InvalidWireName, format!("`{}` cannot be a wire name", name.escape_debug()))
                    .at(span, "wire name")
                    .help("wire names are ASCII letters, digits and `_ - . $ @` (e.g. `MaHoSo`), up to 128 characters"),
            );
        }
        ok
    }

    fn field(
        &mut self,
        wire: &Sp<String>,
        doc: &FieldDoc,
        default_pd: PersonalData,
    ) -> Option<Field> {
        let ty = self.field_type(doc)?;
        let identifier = doc
            .identifier
            .as_ref()
            .filter(|id| self.expect_declared("identifier", id));
        let format = match &doc.format {
            Some(format) => self.wire_format(format, &ty),
            None => Some(self.default_format(&ty)),
        };
        let accepts = format.map_or_else(Vec::new, |format| self.field_accepts(doc, &ty, format));
        let mut constraints = self.constraints(doc, &ty);
        if let Some(identifier) = identifier {
            self.inherit_identifier(&identifier.value, &mut constraints);
        }
        let list = doc.list.as_ref().and_then(|list| self.list_bounds(list));
        let rust_name = match &doc.rust_name {
            Some(name) => self.named(naming::explicit_field_name(&name.value), name.pos, "field"),
            None => self.named(naming::field_name(&wire.value), wire.pos, "field"),
        };
        let listed = self.review(doc.review.as_ref(), &Holds::field(&wire.value, doc));
        let label = self.reviewed_text(
            &doc.label,
            &format!("label of `{}`", wire.value),
            listed,
            Part::Label,
        );
        let description = self.reviewed_opt_text(
            &doc.description,
            &format!("description of `{}`", wire.value),
            listed,
            Part::Description,
        );
        let legal = self.legal(&doc.legal);
        let prefill = doc.prefill.as_ref().and_then(|p| self.prefill(p));
        let provenance = self.provenance(
            doc.provenance.as_deref(),
            &super::provenance::Carrier {
                what: format!("field `{}`", wire.value),
                has_legal: !legal.is_empty() || doc.legal.as_ref().is_some_and(|l| !l.0.is_empty()),
                status: doc.status,
            },
        );
        Some(Field {
            wire_name: wire.value.clone(),
            rust_name: rust_name?,
            label,
            description,
            ty,
            list: doc.list.as_ref().map(|_| list.unwrap_or_default()),
            format: format?,
            accepts,
            required: doc.required,
            required_by_law: self.required_by_law(doc, &wire.value, !legal.is_empty()),
            constraints,
            identifier: identifier.map(|i| i.value.clone()),
            example: doc.example.as_ref().map(|e| e.value.to_json()),
            legal,
            personal_data: doc.personal_data.as_ref().map_or(default_pd, |p| p.value),
            status: doc.status,
            provenance,
            prefill,
            recursive: false,
            span: self.span(wire.pos),
        })
    }

    /// Whether the law requires the field, reporting `required-by-law` on a field that cites no provision.
    fn required_by_law(&mut self, doc: &FieldDoc, wire: &str, cites: bool) -> bool {
        let Some(by_law) = &doc.required_by_law else {
            return false;
        };
        if by_law.value && !cites {
            let span = self.span(by_law.pos);
            self.report(
                Diagnostic::new(
                    Code::ProvenanceMismatch,
                    format!("the field `{wire}` is required by law, but cites no provision"),
                )
                .at(span, "required by which provision?")
                .help("add the provision that requires it, e.g. `legal: 10.1.d`, or remove `required-by-law`"),
            );
            return false;
        }
        by_law.value
    }

    fn field_type(&mut self, doc: &FieldDoc) -> Option<FieldType> {
        let given: Vec<(&str, u32)> = [
            ("type", doc.kind.as_ref().map(|k| k.pos.offset)),
            ("catalogue", doc.catalogue.as_ref().map(|c| c.pos.offset)),
            ("record", doc.record.as_ref().map(|r| r.pos.offset)),
            ("identifier", doc.identifier.as_ref().map(|i| i.pos.offset)),
        ]
        .into_iter()
        .filter_map(|(key, at)| at.map(|at| (key, at)))
        .collect();
        if given.len() > 1 {
            let pos = [
                &doc.kind.as_ref().map(|k| k.pos),
                &doc.catalogue.as_ref().map(|c| c.pos),
                &doc.record.as_ref().map(|r| r.pos),
                &doc.identifier.as_ref().map(|i| i.pos),
            ]
            .into_iter()
            .flatten()
            .nth(1)
            .copied()
            .unwrap_or(doc.label.pos);
            let keys: Vec<String> = given.iter().map(|(k, _)| format!("`{k}`")).collect();
            let span = self.span(pos);
            let identifier_with_string = given.len() == 2
                && doc.identifier.is_some()
                && doc
                    .kind
                    .as_ref()
                    .is_some_and(|k| k.value == ScalarType::String);
            if !identifier_with_string {
                self.report(
                    Diagnostic::new(Code::ConflictingType, format!("the field gives its type twice: {}", keys.join(" and ")))
                        .at(span, "second type")
                        .help("keep one: `type` for plain values, `catalogue`, `record` or `identifier` for the others"),
                );
                return None;
            }
        }
        if let Some(catalogue) = &doc.catalogue {
            return self
                .expect_declared("catalogue", catalogue)
                .then(|| FieldType::Code(catalogue.value.clone()));
        }
        if let Some(record) = &doc.record {
            return self
                .expect_declared("record", record)
                .then(|| FieldType::Record(record.value.clone()));
        }
        Some(FieldType::Scalar(
            doc.kind.as_ref().map_or(ScalarType::String, |k| k.value),
        ))
    }

    /// What readers accept for the field besides `format`: its own `accepts:`, or the registry's for its type
    /// (without the forms that do not apply: the field's own format, and absence for a required field).
    fn field_accepts(&mut self, doc: &FieldDoc, ty: &FieldType, format: WireFormat) -> Vec<Accept> {
        let Some(written) = &doc.accepts else {
            let inherited = ScalarOrCode::of(ty).and_then(|key| self.wire_accepts.get(&key));
            return inherited
                .into_iter()
                .flatten()
                .copied()
                .filter(|accept| match accept {
                    Accept::Empty | Accept::Null => !doc.required,
                    Accept::Format(other) => {
                        *other != format && format::alternatives(format).contains(other)
                    }
                })
                .collect();
        };
        let accepts = self.accepts(written, ty, format);
        let textual = [
            &doc.pattern.as_ref().map(|p| p.pos),
            &doc.min_length.as_ref().map(|p| p.pos),
            &doc.max_length.as_ref().map(|p| p.pos),
        ]
        .into_iter()
        .any(Option::is_some);
        for accept in &accepts {
            let problem = match accept {
                Accept::Empty | Accept::Null if doc.required => Some((
                    format!(
                        "a required field cannot be absent, so `{accept}` has no meaning for it"
                    ),
                    "remove it from `accepts`, or make the field optional".to_owned(),
                )),
                Accept::Format(_) if textual => Some((
                    format!(
                        "the field constrains its text, so it cannot also accept `{accept}`: no JSON Schema could say both"
                    ),
                    "drop the other format, or the `pattern`/`min-length`/`max-length`".to_owned(),
                )),
                _ => None,
            };
            if let Some((message, help)) = problem {
                let span = self.span(written.pos);
                self.report(
                    Diagnostic::new(Code::InvalidAccept, message)
                        .at(span, "accepts")
                        .help(help),
                );
            }
        }
        accepts
    }

    /// Parses an `accepts:` list for a value of type `ty` whose canonical format is `format`.
    pub fn accepts(
        &mut self,
        written: &Sp<Vec<Sp<String>>>,
        ty: &FieldType,
        format: WireFormat,
    ) -> Vec<Accept> {
        let mut out: Vec<Accept> = Vec::new();
        for name in written.value.iter() {
            let parsed = match name.value.as_str() {
                "empty" => Some(Accept::Empty),
                "null" => Some(Accept::Null),
                other => model::format_names(ty)
                    .iter()
                    .find(|(n, f)| {
                        *n == other && format::alternatives(format).contains(f) && *f != format
                    })
                    .map(|(_, f)| Accept::Format(*f)),
            };
            let span = self.span(name.pos);
            match parsed {
                Some(accept) if out.contains(&accept) => self.report(
                    Diagnostic::new(
                        Code::InvalidAccept,
                        format!("`{}` is listed twice", name.value),
                    )
                    .at(span, "again")
                    .help("list each accepted form once"),
                ),
                Some(accept) => out.push(accept),
                None => {
                    let mut choices = vec!["`empty`".to_owned(), "`null`".to_owned()];
                    choices.extend(
                        model::format_names(ty)
                            .iter()
                            .filter(|(_, f)| {
                                format::alternatives(format).contains(f) && *f != format
                            })
                            .map(|(n, _)| format!("`{n}`")),
                    );
                    let why = if name.value == format.name() {
                        format!(
                            "`{}` is the field's own wire format, which readers always accept",
                            name.value
                        )
                    } else {
                        format!(
                            "`{}` is not a form a reader can accept for {}",
                            name.value,
                            ty.describe()
                        )
                    };
                    self.report(
                        Diagnostic::new(Code::InvalidAccept, why)
                            .at(span, "not accepted")
                            .help(format!("use {}", choices.join(", "))),
                    );
                }
            }
        }
        out
    }

    /// A code travels as its catalogue says; any other type as the registry's default.
    fn default_format(&self, ty: &FieldType) -> WireFormat {
        let catalogue_format = match ty {
            FieldType::Code(id) => self.catalogue_formats.get(id).copied(),
            _ => None,
        };
        catalogue_format.unwrap_or_else(|| self.wire_defaults.for_type(ty))
    }

    fn constraints(&mut self, doc: &FieldDoc, ty: &FieldType) -> Constraints {
        let textual = matches!(
            ty,
            FieldType::Scalar(ScalarType::String | ScalarType::Attachment)
        );
        let numeric = matches!(
            ty,
            FieldType::Scalar(ScalarType::Integer | ScalarType::Decimal)
        );
        let checks = [
            ("pattern", doc.pattern.as_ref().map(|p| p.pos), textual),
            (
                "min-length",
                doc.min_length.as_ref().map(|p| p.pos),
                textual,
            ),
            (
                "max-length",
                doc.max_length.as_ref().map(|p| p.pos),
                textual,
            ),
            ("min", doc.min.as_ref().map(|p| p.pos), numeric),
            ("max", doc.max.as_ref().map(|p| p.pos), numeric),
        ];
        for (key, pos, applies) in checks {
            if let (Some(pos), false) = (pos, applies) {
                let span = self.span(pos);
                self.report(
                    Diagnostic::new(Code::ConstraintNotApplicable, format!("`{key}` does not apply to a field of type {}", ty.describe()))
                        .at(span, "not applicable")
                        .help("`pattern`, `min-length` and `max-length` apply to strings; `min` and `max` to integers and decimals"),
                );
            }
        }
        if let Some(pattern) = &doc.pattern {
            self.check_pattern(pattern);
        }
        self.check_length_range(doc.min_length.as_ref(), doc.max_length.as_ref());
        if let (Some(min), Some(max)) = (&doc.min, &doc.max)
            && min.value > max.value
        {
            let span = self.span(max.pos);
            self.report(
                Diagnostic::new(
                    Code::InvalidRange,
                    format!("`max` ({}) is less than `min` ({})", max.value, min.value),
                )
                .at(span, "max")
                .help("swap the bounds, or correct one of them"),
            );
        }
        for bound in [&doc.min, &doc.max].into_iter().flatten() {
            if !bound.value.is_finite() {
                let span = self.span(bound.pos);
                self.report(
                    Diagnostic::new(Code::InvalidRange, "a bound must be a finite number")
                        .at(span, "bound")
                        .help("write a number such as `0` or `1000000`"),
                );
            }
        }
        Constraints {
            pattern: doc.pattern.as_ref().map(|p| self.pattern(&p.value)),
            min_length: doc.min_length.as_ref().map(|v| v.value),
            max_length: doc.max_length.as_ref().map(|v| v.value),
            min: doc.min.as_ref().map(|v| v.value),
            max: doc.max.as_ref().map(|v| v.value),
        }
    }

    /// A field of an identifier type takes the identifier's pattern and lengths unless it states its own.
    fn inherit_identifier(&mut self, id: &str, constraints: &mut Constraints) {
        let Some((source, min_length, max_length)) = self.identifier_docs.get(id).cloned() else {
            return;
        };
        if constraints.pattern.is_none() {
            constraints.pattern = Some(self.pattern(&source));
        }
        if constraints.min_length.is_none() {
            constraints.min_length = min_length;
        }
        if constraints.max_length.is_none() {
            constraints.max_length = max_length;
        }
    }

    fn list_bounds(&mut self, list: &Sp<ListDoc>) -> Option<ListBounds> {
        match &list.value {
            ListDoc::Plain(true) => Some(ListBounds::default()),
            ListDoc::Plain(false) => {
                let span = self.span(list.pos);
                self.report(
                    Diagnostic::new(Code::InvalidValue, "`list: false` has no effect")
                        .at(span, "remove this")
                        .help("omit `list` for a single value"),
                );
                None
            }
            ListDoc::Bounded(bounds) => {
                if let (Some(min), Some(max)) = (bounds.min_items, bounds.max_items)
                    && min > max
                {
                    let span = self.span(list.pos);
                    self.report(
                        Diagnostic::new(
                            Code::InvalidRange,
                            format!("`max-items` ({max}) is less than `min-items` ({min})"),
                        )
                        .at(span, "list bounds")
                        .help("swap the bounds, or correct one of them"),
                    );
                }
                Some(ListBounds {
                    min_items: bounds.min_items,
                    max_items: bounds.max_items,
                })
            }
        }
    }

    pub fn check_pattern(&mut self, pattern: &Sp<String>) {
        if let Err(reason) = self.regex(&pattern.value) {
            let span = self.span(pattern.pos);
            self.report(
                Diagnostic::new(Code::InvalidPattern, format!("the pattern is not a valid regular expression: {reason}"))
                    .at(span, "invalid pattern")
                    .help("patterns use the portable syntax shared by JSON Schema and Rust's `regex` (no look-around or back-references); write `^...$` to match the whole value"),
            );
        }
    }

    /// The compiled `source`, or why it does not compile; each distinct pattern is compiled once.
    fn regex(&mut self, source: &str) -> Result<Arc<contracts_runtime::validate::Matcher>, String> {
        let mut regexes = self
            .regexes
            .lock()
            .map_err(|_| "the pattern cache is unusable".to_owned())?;
        if let Some(known) = regexes.get(source) {
            return known.clone();
        }
        let compiled = contracts_runtime::validate::Matcher::new(source)
            .map(Arc::new)
            .map_err(|error| {
                let reason = error.to_string();
                reason.lines().last().unwrap_or("").trim().to_owned()
            });
        regexes.insert(source.to_owned(), compiled.clone());
        compiled
    }

    /// The model's pattern for `source`, sharing the expression compiled for every other field with it.
    fn pattern(&mut self, source: &str) -> Pattern {
        let regex = self.regex(source).ok();
        Pattern::compiled(source.to_owned(), regex)
    }

    pub fn check_length_range(&mut self, min: Option<&Sp<u64>>, max: Option<&Sp<u64>>) {
        if let (Some(min), Some(max)) = (min, max)
            && min.value > max.value
        {
            let span = self.span(max.pos);
            self.report(
                Diagnostic::new(
                    Code::InvalidRange,
                    format!(
                        "`max-length` ({}) is less than `min-length` ({})",
                        max.value, min.value
                    ),
                )
                .at(span, "max-length")
                .help("swap the bounds, or correct one of them"),
            );
        }
    }
}
