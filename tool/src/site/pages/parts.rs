//! Pieces several pages share: a row of a field table, and the link to an element's owner.

use serde_json::{Value, json};

use super::{Cx, Links};
use crate::site::SiteError;
use crate::site::text::{self, pick, pick_opt, visible};
use contracts_core::model::{
    self, Accept, Field, FieldType, Inferred, Status, ValueKind, WireFormat,
};

/// One row of a field table.
pub(super) fn field_row(cx: &Cx, field: &Field, prefix: &str) -> Result<Value, SiteError> {
    let registry = cx.registry;
    let (type_label, type_href) = match &field.ty {
        FieldType::Scalar(s) => (cx.t(&format!("type.{}", s.as_str()))?, None),
        FieldType::Code(id) => (
            registry
                .catalogues
                .get(id)
                .map_or_else(|| id.clone(), |c| pick(&c.label, cx.lang)),
            Some(cx.href(&Links::catalogue(id))),
        ),
        FieldType::Record(id) => (
            registry
                .records
                .get(id)
                .map_or_else(|| id.clone(), |r| pick(&r.label, cx.lang)),
            Some(cx.href(&Links::record(id))),
        ),
    };
    let kind = match &field.ty {
        FieldType::Scalar(_) => "scalar",
        FieldType::Code(_) => "catalogue",
        FieldType::Record(_) => "record",
    };
    let format = model::format_names(&field.ty)
        .iter()
        .find(|(_, f)| *f == field.format)
        .map(|(name, _)| *name);
    let mut constraints = Vec::new();
    let mut constraint = |key: &str, value: String| -> Result<(), SiteError> {
        constraints.push(json!({"label": cx.t(&format!("constraint.{key}"))?, "value": value}));
        Ok(())
    };
    if let Some(id) = &field.identifier
        && let Some(identifier) = registry.identifiers.get(id)
    {
        constraint("identifier", pick(&identifier.label, cx.lang))?;
    }
    let c = &field.constraints;
    if let Some(pattern) = &c.pattern {
        constraint("pattern", visible(pattern.source()))?;
    }
    if let Some(range) = range(
        c.min_length.map(|n| n.to_string()),
        c.max_length.map(|n| n.to_string()),
    ) {
        constraint("length", range)?;
    }
    if let Some(range) = range(c.min.map(text::number), c.max.map(text::number)) {
        constraint("value", range)?;
    }
    if let Some(bounds) = &field.list
        && let Some(range) = range(
            bounds.min_items.map(|n| n.to_string()),
            bounds.max_items.map(|n| n.to_string()),
        )
    {
        constraint("items", range)?;
    }
    Ok(json!({
        "anchor": Links::field_anchor(prefix, &field.wire_name),
        "wire": visible(&field.wire_name),
        "label_vi": visible(&field.label.vi),
        "label_en": field.label.en.as_deref().map(visible),
        "description": pick_opt(field.description.as_ref(), cx.lang),
        "type": {"kind": kind, "label": type_label, "href": type_href},
        "format": format,
        "wire_form": wire_form(field.format, field.ty.value_kind()),
        "rust_type": contracts_core::generate::rust::field_type_text(registry, field),
        "accepts": field
            .accepts
            .iter()
            .map(|a| accepted(cx, *a, field.ty.value_kind()))
            .collect::<Result<Vec<_>, _>>()?,
        "list": field.list.is_some(),
        "required": field.required,
        "constraints": constraints,
        "example": field.example.as_ref().map(text::json_compact),
        "legal": cx.legal_rows(&field.legal),
        "personal_data": cx.enum_label("personal_data", field.personal_data.as_str())?,
        "proposal": field.status == Status::Proposal,
        "required_by_law": field.required_by_law && !field.required,
        "provenance": json!({
            "wire": field.provenance.wire.iter().map(|w| visible(w.as_str())).collect::<Vec<_>>(),
            "wire_inferred": field.provenance.infers(Inferred::Wire),
            "legal_inferred": field.provenance.infers(Inferred::Legal),
            "confirm_by": field.provenance.confirm_by.as_deref().map(visible),
        }),
        "prefill": field.prefill.as_ref().map(|p| json!({
            "ref": visible(&p.attribute.to_string()),
            "href": cx.href(&format!(
                "{}#{}",
                Links::database(&p.attribute.database),
                Links::field_anchor("a", &p.attribute.attribute)
            )),
        })),
    }))
}

/// The owner of an element, linked to its entry on the owners page.
pub(super) fn owner_link(cx: &Cx, id: Option<&str>) -> Value {
    let Some(id) = id else {
        return Value::Null;
    };
    let name = cx
        .registry
        .owners
        .get(id)
        .map_or_else(|| visible(id), |o| pick(&o.name, cx.lang));
    json!({
        "id": id,
        "name": name,
        "href": cx.href(&format!("owners.html#{}", Links::owner_anchor(id))),
    })
}

/// `1–30`, `≥ 1`, `≤ 30`, or nothing.
fn range(min: Option<String>, max: Option<String>) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) if min == max => Some(min),
        (Some(min), Some(max)) => Some(format!("{min}–{max}")),
        (Some(min), None) => Some(format!("≥ {min}")),
        (None, Some(max)) => Some(format!("≤ {max}")),
        (None, None) => None,
    }
}

/// How a value of `format` travels: its JSON type and, where it is fixed, its shape (`"True" | "False"`).
fn wire_form(format: WireFormat, kind: ValueKind) -> Value {
    use WireFormat::*;
    let number = match kind {
        ValueKind::Integer => "\"75000\"",
        ValueKind::Decimal => "\"75000.50\"",
        ValueKind::Other => "\"75000\" | \"75000.50\"",
    };
    let (json_type, shape) = match format {
        Text | Email | Uri | Phone | CodeString => ("string", None),
        AttachmentUrl => ("string", Some("\"https://…\"")),
        AttachmentBase64 => ("string", Some("\"base64…\"")),
        Number | CodeNumber => ("number", None),
        NumberAsString => ("string", Some(number)),
        BoolTrueFalse => ("string", Some("\"True\" | \"False\"")),
        BoolLowercase => ("string", Some("\"true\" | \"false\"")),
        BoolZeroOne => ("string", Some("\"0\" | \"1\"")),
        BoolJson => ("boolean", Some("true | false")),
        DateCompact => ("string", Some("\"yyyyMMdd\"")),
        DateIso => ("string", Some("\"yyyy-MM-dd\"")),
        DateSlashed => ("string", Some("\"dd/MM/yyyy\"")),
        DateTimeCompact => ("string", Some("\"yyyyMMddHHmmss\"")),
        DateTimeSpaced => ("string", Some("\"yyyy-MM-dd HH:mm:ss\"")),
        DateTimeRfc3339 => ("string", Some("\"yyyy-MM-ddTHH:mm:ss+07:00\"")),
        Object => ("object", None),
    };
    json!({"json": json_type, "shape": shape})
}

/// A form readers accept besides the canonical one: what is sent, and what it means.
fn accepted(cx: &Cx, accept: Accept, kind: ValueKind) -> Result<Value, SiteError> {
    Ok(match accept {
        Accept::Empty => json!({"form": "\"\"", "means": cx.t("field.accept_absent")?}),
        Accept::Null => json!({"form": "null", "means": cx.t("field.accept_absent")?}),
        Accept::Format(format) => {
            let form = wire_form(format, kind);
            let shown = form["shape"].as_str().unwrap_or(format.name()).to_owned();
            json!({"form": shown, "means": null})
        }
    })
}
