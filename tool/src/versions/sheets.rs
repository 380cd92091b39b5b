//! Spreadsheet exports (`.xlsx`) of an edition for officials: the field tables, the catalogues, the traceability
//! matrix and the database attributes, written to `generated/sheets/`.
//!
//! Each workbook has one sheet whose first row holds the Vietnamese headers and whose second row the English
//! ones; the data starts on the third row, with the two header rows frozen and filtered. The bytes depend only
//! on the registry (the creation date is its legal source's, see [`creation_date`]), never on the clock, so that two
//! builds of the same tree are byte-identical.

use contracts_core::coverage::{self, Provision};
use contracts_core::model::{Field, FieldType, LegalRef, Registry, Text};
use contracts_core::syntax::Status;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::edition;

/// The folder under `generated/` that holds the workbooks.
pub const FOLDER: &str = "sheets";

/// The creation date when the primary legal source states none.
const NO_DATE: &str = "2025-01-01";

/// One sheet: its name, its headers in Vietnamese and English, and its rows.
struct Table {
    file: &'static str,
    sheet: &'static str,
    title: &'static str,
    headers: &'static [(&'static str, &'static str)],
    rows: Vec<Vec<String>>,
}

/// Every workbook as `(path under generated/, bytes)`, dated `date` (`yyyy-MM-dd`).
pub fn outputs(registry: &Registry, date: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    [
        fields(registry),
        catalogues(registry),
        traceability(registry),
        database_attributes(registry),
    ]
    .into_iter()
    .map(|table| {
        let bytes = workbook(registry, &table, date).map_err(|error| {
            format!(
                "cannot write `{FOLDER}/{}`: {error} (a registry text may exceed a spreadsheet cell's 32767 characters)",
                table.file
            )
        })?;
        Ok((format!("{FOLDER}/{}", table.file), bytes))
    })
    .collect()
}

/// The workbooks' creation date: the day the registry's primary legal source was signed (else took effect),
/// else a fixed day; never today's, so that a rebuild gives the same bytes, with or without git history (a copy
/// of `contracts/` and `generated/` rebuilds the same files, which the edition's tag date would not allow).
pub fn creation_date(registry: &Registry) -> &str {
    registry
        .info
        .primary_source()
        .and_then(|id| registry.legal_sources.get(id))
        .and_then(|source| source.signed.as_deref().or(source.effective.as_deref()))
        .filter(|date| edition::is_date(date))
        .unwrap_or(NO_DATE)
}

fn workbook(registry: &Registry, table: &Table, date: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let properties = DocProperties::new()
        .set_title(table.title)
        .set_subject(registry.info.name.vi.as_str())
        .set_author(edition::Issuer::of(registry).vi.as_str())
        .set_creation_datetime(&creation(date)?);
    book.set_properties(&properties);
    let header = Format::new().set_bold().set_text_wrap();
    let english = Format::new().set_italic().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name(table.sheet)?;
    for (col, (vi, en)) in table.headers.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *vi, &header)?;
        sheet.write_string_with_format(1, col, *en, &english)?;
        sheet.set_column_width(col, column_width(vi, en))?;
    }
    for (index, row) in table.rows.iter().enumerate() {
        let at = index as u32 + 2;
        for (col, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(at, col as u16, cell)?;
            }
        }
    }
    sheet.set_freeze_panes(2, 0)?;
    let last_row = (table.rows.len() as u32 + 1).max(1);
    sheet.autofilter(1, 0, last_row, table.headers.len().saturating_sub(1) as u16)?;
    book.save_to_buffer()
}

/// Midnight of `date` (`yyyy-MM-dd`), or of [`NO_DATE`] when `date` is not one.
fn creation(date: &str) -> Result<ExcelDateTime, XlsxError> {
    let parse = |text: &str| -> Option<(u16, u8, u8)> {
        let mut parts = text.splitn(3, '-').map(str::parse::<u16>);
        let (y, m, d) = (
            parts.next()?.ok()?,
            parts.next()?.ok()?,
            parts.next()?.ok()?,
        );
        Some((y, u8::try_from(m).ok()?, u8::try_from(d).ok()?))
    };
    let (y, m, d) = parse(date)
        .or_else(|| parse(NO_DATE))
        .unwrap_or((2025, 1, 1));
    ExcelDateTime::from_ymd(y, m, d).or_else(|_| ExcelDateTime::from_ymd(2025, 1, 1))
}

fn column_width(vi: &str, en: &str) -> f64 {
    let widest = vi.chars().count().max(en.chars().count());
    (widest as f64 + 4.0).clamp(10.0, 60.0)
}

fn status_vi(status: Status) -> &'static str {
    match status {
        Status::Proposal => "Đề xuất (proposal)",
        Status::Active => "Đang áp dụng (active)",
        Status::Deprecated => "Ngừng sử dụng (deprecated)",
    }
}

fn yes_no(value: bool) -> String {
    if value { "Có (yes)" } else { "Không (no)" }.to_owned()
}

fn legal(refs: &[LegalRef]) -> String {
    refs.iter()
        .map(|r| r.written.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn en(text: &Text) -> String {
    text.en.clone().unwrap_or_default()
}

fn field_type(field: &Field) -> String {
    let ty = match &field.ty {
        FieldType::Scalar(scalar) => scalar.as_str().to_owned(),
        FieldType::Code(id) => format!("danh mục (catalogue) {id}"),
        FieldType::Record(id) => format!("bản ghi (record) {id}"),
    };
    if field.list.is_some() {
        format!("danh sách (list of) {ty}")
    } else {
        ty
    }
}

const FIELD_HEADERS: &[(&str, &str)] = &[
    ("Thành phần", "Element"),
    ("Mã thành phần", "Element id"),
    ("Tên thành phần", "Element title"),
    ("Phần", "Part"),
    ("Tên trường", "Field (wire name)"),
    ("Tên tiếng Việt", "Vietnamese label"),
    ("Tên tiếng Anh", "English label"),
    ("Kiểu dữ liệu", "Type"),
    ("Bắt buộc", "Required on the wire"),
    ("Bắt buộc theo quy định", "Required by law"),
    ("Căn cứ pháp lý", "Legal basis"),
    ("Trạng thái", "Status"),
];

fn field_row(kind: &str, (id, title): (&str, &Text), part: &str, field: &Field) -> Vec<String> {
    vec![
        kind.to_owned(),
        id.to_owned(),
        title.vi.clone(),
        part.to_owned(),
        field.wire_name.clone(),
        field.label.vi.clone(),
        en(&field.label),
        field_type(field),
        yes_no(field.required),
        yes_no(field.required_by_law),
        legal(&field.legal),
        status_vi(field.status).to_owned(),
    ]
}

/// The fields of every contract (request, then response) and of every record, one row each.
fn fields(registry: &Registry) -> Table {
    let mut rows = Vec::new();
    for contract in registry.contracts.values() {
        for (part, payload) in [
            ("Yêu cầu (request)", &contract.request),
            ("Phản hồi (response)", &contract.response),
        ] {
            for field in &payload.fields {
                rows.push(field_row(
                    "Hợp đồng (contract)",
                    (&contract.id, &contract.title),
                    part,
                    field,
                ));
            }
        }
    }
    for record in registry.records.values() {
        for field in &record.fields {
            rows.push(field_row(
                "Bản ghi (record)",
                (&record.id, &record.label),
                "",
                field,
            ));
        }
    }
    Table {
        file: "fields.xlsx",
        sheet: "Trường dữ liệu",
        title: "Bảng trường dữ liệu / Field tables",
        headers: FIELD_HEADERS,
        rows,
    }
}

/// Every code of every catalogue, in the order written.
fn catalogues(registry: &Registry) -> Table {
    let mut rows = Vec::new();
    for catalogue in registry.catalogues.values() {
        for code in &catalogue.codes {
            rows.push(vec![
                catalogue.id.clone(),
                catalogue.label.vi.clone(),
                code.code.clone(),
                code.label.vi.clone(),
                en(&code.label),
                code.aliases.join("; "),
                legal(if code.legal.is_empty() {
                    &catalogue.legal
                } else {
                    &code.legal
                }),
                status_vi(code.status).to_owned(),
                code.deprecated
                    .as_ref()
                    .map(|d| d.since.to_string())
                    .unwrap_or_default(),
            ]);
        }
    }
    Table {
        file: "catalogues.xlsx",
        sheet: "Danh mục",
        title: "Danh mục dùng chung / Catalogues",
        headers: &[
            ("Mã danh mục", "Catalogue id"),
            ("Tên danh mục", "Catalogue"),
            ("Mã", "Code"),
            ("Tên tiếng Việt", "Vietnamese label"),
            ("Tên tiếng Anh", "English label"),
            ("Cách viết khác được chấp nhận", "Accepted aliases"),
            ("Căn cứ pháp lý", "Legal basis"),
            ("Trạng thái", "Status"),
            ("Ngừng sử dụng từ phiên bản", "Deprecated since"),
        ],
        rows,
    }
}

fn coverage_vi(provision: &Provision) -> &'static str {
    if provision.is_covered_by_facts() {
        "Đã đáp ứng (covered by facts)"
    } else if provision.is_covered() {
        "Chỉ có đề xuất (covered by proposals only)"
    } else if provision.uncovered_reason.is_some() {
        "Không áp dụng, có giải thích (not implemented, explained)"
    } else {
        "Chưa đáp ứng (gap)"
    }
}

/// Each provision of the primary legal source and the elements that implement it.
fn traceability(registry: &Registry) -> Table {
    let rows = coverage::coverage(registry)
        .map(|matrix| {
            matrix
                .provisions
                .iter()
                .map(|p| {
                    let facts: Vec<&str> = p
                        .implementers
                        .iter()
                        .filter(|name| !p.proposals.contains(name))
                        .map(String::as_str)
                        .collect();
                    vec![
                        format!("{} {}", matrix.source, p.reference),
                        p.group.clone(),
                        p.text.vi.clone(),
                        coverage_vi(p).to_owned(),
                        facts.join("\n"),
                        p.proposals.join("\n"),
                        p.uncovered_reason
                            .as_ref()
                            .map(|t| t.vi.clone())
                            .unwrap_or_default(),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    Table {
        file: "traceability.xlsx",
        sheet: "Ma trận truy vết",
        title: "Ma trận truy vết quy định / Traceability matrix",
        headers: &[
            ("Điều khoản", "Provision"),
            ("Nhóm dữ liệu", "Data group"),
            ("Nội dung quy định", "Text of the provision"),
            ("Tình trạng", "Coverage"),
            (
                "Thành phần đáp ứng (có căn cứ)",
                "Implemented by (stated facts)",
            ),
            ("Thành phần đáp ứng (đề xuất)", "Implemented by (proposals)"),
            ("Lý do chưa đáp ứng", "Why not implemented"),
        ],
        rows,
    }
}

/// The attributes every database publishes, one row each.
fn database_attributes(registry: &Registry) -> Table {
    let mut rows = Vec::new();
    for database in registry.databases.values() {
        for field in &database.attributes {
            rows.push(vec![
                database.id.clone(),
                database.name.vi.clone(),
                database.owner.clone(),
                field.wire_name.clone(),
                field.label.vi.clone(),
                en(&field.label),
                field_type(field),
                legal(if field.legal.is_empty() {
                    &database.legal
                } else {
                    &field.legal
                }),
                status_vi(field.status).to_owned(),
            ]);
        }
    }
    Table {
        file: "database-attributes.xlsx",
        sheet: "Thuộc tính CSDL",
        title: "Thuộc tính cơ sở dữ liệu / Database attributes",
        headers: &[
            ("Mã cơ sở dữ liệu", "Database id"),
            ("Tên cơ sở dữ liệu", "Database"),
            ("Cơ quan chủ quản", "Owner"),
            ("Thuộc tính", "Attribute (wire name)"),
            ("Tên tiếng Việt", "Vietnamese label"),
            ("Tên tiếng Anh", "English label"),
            ("Kiểu dữ liệu", "Type"),
            ("Căn cứ pháp lý", "Legal basis"),
            ("Trạng thái", "Status"),
        ],
        rows,
    }
}
