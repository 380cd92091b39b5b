//! The official document of an edition as a paginated PDF (`generated/editions/v<version>.pdf`): a cover with
//! the edition's number, date, effective date and issuer, a table of contents, then one section per contract
//! with its legal basis, its field tables and the catalogues its fields take codes from.
//!
//! The text is Vietnamese and English in DejaVu Sans (embedded, subset; `tool/assets/fonts/`, free licence).
//! The bytes depend only on the registry and the edition: fixed font resource name, dates from the edition,
//! document id derived from the content, so that a rebuild is byte-identical.

use std::collections::BTreeSet;

use contracts_core::model::{Contract, Field, FieldType, LegalRef, Payload, Registry};
use printpdf::date::{Date, DateTime};
use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    TextItem,
};
use sha2::{Digest, Sha256};

use std::path::Path;

use contracts_core::generate::Outputs;
use contracts_core::limits::Limits;

use super::edition::{self, Edition};
use super::history::{self, History, HistoryError, Snapshot};

/// The folder under `generated/` that holds one PDF per edition.
pub const FOLDER: &str = "editions";

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The font's resource name in every page (fixed, so that the bytes do not vary).
const FONT_ID: &str = "DejaVuSans";

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
/// DejaVu Sans's mean advance, as a share of the font size, to wrap lines without measuring each glyph.
const MEAN_ADVANCE: f32 = 0.56;

/// The file name of an edition's document under `generated/`.
pub fn file_name(edition: &Edition) -> String {
    format!("{FOLDER}/{}.pdf", edition.tag)
}

/// The document of every edition read from the release tags, and of `release_as` (the working tree about to be
/// released). Fails when history cannot be read (no repository, a shallow clone, tags not fetched).
pub fn outputs(
    root: &Path,
    current: &Snapshot,
    release_as: Option<&Edition>,
    limits: &Limits,
) -> Result<Outputs, String> {
    let history = History::open(root).map_err(|e| e.to_string())?;
    if history.is_shallow() {
        return Err(
            "the clone is shallow (fetch the whole history with `git fetch --unshallow --tags`)"
                .to_owned(),
        );
    }
    let mut tags = history.releases().map_err(|e| e.to_string())?;
    if let Some(why) = history::missing_releases(root, &tags) {
        return Err(why);
    }
    tags.retain(|release| release_as.map(|e| &e.version) != Some(&release.version));
    let mut out = Outputs::new();
    for (release, edition) in tags.iter().zip(edition::editions(&history, &tags)) {
        match history.load_release(release, limits) {
            Ok(snapshot) => {
                out.insert(file_name(&edition), pdf(&snapshot.registry, &edition)?);
            }
            Err(HistoryError::NoRegistry { .. }) => {}
            Err(error) => return Err(error.to_string()),
        }
    }
    if let Some(edition) = release_as {
        out.insert(file_name(edition), pdf(&current.registry, edition)?);
    }
    Ok(out)
}

/// The document of `edition`, whose registry is `registry`.
pub fn pdf(registry: &Registry, edition: &Edition) -> Result<Vec<u8>, String> {
    let mut warnings = Vec::new();
    let font = ParsedFont::from_bytes(FONT, 0, &mut Vec::new())
        .ok_or("the embedded font DejaVu Sans cannot be read (tool/assets/fonts/DejaVuSans.ttf)")?;
    let mut doc = PdfDocument::new(&format!(
        "{} — {}",
        registry.info.name.vi,
        edition.line_vi()
    ));
    doc.resources.fonts.map.insert(
        FontId(FONT_ID.to_owned()),
        printpdf::font::PdfFont::new(font),
    );
    let day = date(&edition.date);
    doc.metadata.info.creation_date = day;
    doc.metadata.info.modification_date = day;
    doc.metadata.info.metadata_date = day;
    doc.metadata.info.author = edition.issuer.vi.clone();
    doc.metadata.info.identifier = edition.tag.clone();
    doc.with_pages(pages(registry, edition));
    let mut lopdf = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    lopdf.compress();
    let literal =
        |s: &str| lopdf::Object::String(s.as_bytes().to_vec(), lopdf::StringFormat::Literal);
    let placeholder = "0".repeat(32);
    lopdf.trailer.set(
        "ID",
        lopdf::Object::Array(vec![literal(&placeholder), literal(&placeholder)]),
    );
    let mut bytes = Vec::new();
    lopdf
        .save_to(&mut bytes)
        .map_err(|e| format!("cannot write the PDF of {}: {e}", edition.tag))?;
    // The document id: a digest of the content, in place of the library's counter-based one.
    let id = hex(&Sha256::digest(&bytes)[..16]);
    lopdf
        .trailer
        .set("ID", lopdf::Object::Array(vec![literal(&id), literal(&id)]));
    bytes.clear();
    lopdf
        .save_to(&mut bytes)
        .map_err(|e| format!("cannot write the PDF of {}: {e}", edition.tag))?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn date(text: &str) -> DateTime {
    let mut parts = text.splitn(3, '-').map(|p| p.parse::<i32>().unwrap_or(1));
    let mut day = DateTime::epoch();
    day.date = Date {
        year: parts.next().unwrap_or(1970),
        month: parts.next().unwrap_or(1).clamp(1, 12) as u8,
        day: parts.next().unwrap_or(1).clamp(1, 31) as u8,
    };
    day
}

/// Lines laid out on pages, top to bottom.
struct Pages {
    done: Vec<Vec<Op>>,
    ops: Vec<Op>,
    y: f32,
}

impl Pages {
    fn new() -> Pages {
        Pages {
            done: Vec::new(),
            ops: Vec::new(),
            y: PAGE_H - MARGIN,
        }
    }

    fn break_page(&mut self) {
        self.done.push(std::mem::take(&mut self.ops));
        self.y = PAGE_H - MARGIN;
    }

    /// The index (from 0) of the page being written.
    fn current(&self) -> usize {
        self.done.len()
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// `text` in `size` points, `indent` points from the margin, wrapped to the page width.
    fn text(&mut self, text: &str, size: f32, indent: f32) {
        let width = PAGE_W - 2.0 * MARGIN - indent;
        for line in wrap(text, (width / (size * MEAN_ADVANCE)) as usize) {
            self.line_at(&line, size, indent);
        }
    }

    /// Cells on one row at the given offsets, each cut to the room before the next.
    fn row(&mut self, cells: &[(&str, f32)], size: f32) {
        self.room_for(size);
        let right = PAGE_W - 2.0 * MARGIN;
        for (index, (text, x)) in cells.iter().enumerate() {
            let end = cells.get(index + 1).map_or(right, |next| next.1);
            let fits = ((end - x - 4.0) / (size * MEAN_ADVANCE)).max(1.0) as usize;
            self.put(&cut(text, fits), size, *x);
        }
        self.y -= size * 1.35;
    }

    fn line_at(&mut self, text: &str, size: f32, indent: f32) {
        self.room_for(size);
        self.put(text, size, indent);
        self.y -= size * 1.35;
    }

    fn room_for(&mut self, size: f32) {
        if self.y - size < MARGIN {
            self.break_page();
        }
    }

    fn put(&mut self, text: &str, size: f32, x: f32) {
        if text.is_empty() {
            return;
        }
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(FontId(FONT_ID.to_owned())),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(MARGIN + x),
                    y: Pt(self.y - size),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    fn finish(mut self) -> Vec<Vec<Op>> {
        if !self.ops.is_empty() {
            self.break_page();
        }
        self.done
    }
}

/// `text` in lines of at most `width` characters, broken at spaces where possible; control characters are
/// dropped (a contract text cannot move the cursor).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let word: String = word.chars().filter(|c| !c.is_control()).collect();
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
            while line.chars().count() > width {
                let head: String = line.chars().take(width).collect();
                line = line.chars().skip(width).collect();
                lines.push(head);
            }
        }
        lines.push(line);
    }
    lines
}

fn cut(text: &str, fits: usize) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= fits {
        clean
    } else {
        let mut short: String = clean.chars().take(fits.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

fn legal(refs: &[LegalRef]) -> String {
    refs.iter()
        .map(|r| r.written.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn field_type(field: &Field) -> String {
    let ty = match &field.ty {
        FieldType::Scalar(scalar) => scalar.as_str().to_owned(),
        FieldType::Code(id) => format!("danh mục {id}"),
        FieldType::Record(id) => format!("bản ghi {id}"),
    };
    if field.list.is_some() {
        format!("[{ty}]")
    } else {
        ty
    }
}

/// Every page: the cover, the table of contents, then the sections (numbered from 1).
fn pages(registry: &Registry, edition: &Edition) -> Vec<PdfPage> {
    let mut body = Pages::new();
    let mut starts = Vec::new();
    for (index, contract) in registry.contracts.values().enumerate() {
        if index > 0 {
            body.break_page();
        }
        starts.push(body.current());
        section(&mut body, registry, index + 1, contract);
    }
    let body = body.finish();
    let per_page = ((PAGE_H - 2.0 * MARGIN - 60.0) / (10.0 * 1.35)) as usize;
    let toc_pages = registry.contracts.len().div_ceil(per_page).max(1);
    let first_body_page = 1 + toc_pages + 1;

    let mut front = Pages::new();
    cover(&mut front, registry, edition);
    front.break_page();
    front.text("Mục lục / Contents", 16.0, 0.0);
    front.gap(12.0);
    for (index, (contract, start)) in registry.contracts.values().zip(&starts).enumerate() {
        let page = (first_body_page + start).to_string();
        let title = format!("{}. {} ({})", index + 1, contract.title.vi, contract.id);
        front.row(
            &[(&title, 0.0), (&page, PAGE_W - 2.0 * MARGIN - 30.0)],
            10.0,
        );
    }
    let mut all = front.finish();
    while all.len() < 1 + toc_pages {
        all.push(Vec::new());
    }
    all.extend(body);
    let total = all.len();
    all.into_iter()
        .enumerate()
        .map(|(index, mut ops)| {
            if index > 0 {
                let mut footer = Pages::new();
                footer.y = MARGIN - 12.0;
                footer.put(
                    &format!("{} — trang {} / {}", edition.tag, index + 1, total),
                    8.0,
                    0.0,
                );
                ops.extend(footer.ops);
            }
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect()
}

fn cover(pages: &mut Pages, registry: &Registry, edition: &Edition) {
    pages.gap(120.0);
    pages.text(&edition.issuer.vi, 14.0, 0.0);
    pages.gap(40.0);
    pages.text(&registry.info.name.vi, 22.0, 0.0);
    pages.text(registry.info.name.en_or_vi(), 14.0, 0.0);
    pages.gap(30.0);
    pages.text(
        &format!("Hướng dẫn kỹ thuật — Ấn bản số {}", edition.number),
        16.0,
        0.0,
    );
    pages.text(
        &format!("Technical guidance — Edition {}", edition.number),
        12.0,
        0.0,
    );
    pages.gap(20.0);
    for (vi, en, value) in [
        ("Phiên bản", "Version", edition.version.to_string()),
        ("Ngày ban hành", "Date", edition.date.clone()),
        ("Ngày hiệu lực", "Effective", edition.effective.clone()),
        ("Cơ quan ban hành", "Issued by", edition.issuer.vi.clone()),
    ] {
        pages.text(&format!("{vi} ({en}): {value}"), 12.0, 0.0);
    }
    if let Some(source) = registry
        .info
        .primary_source()
        .and_then(|id| registry.legal_sources.get(id))
    {
        pages.gap(20.0);
        pages.text(
            &format!(
                "Căn cứ Điều 21 khoản 2 {} {}",
                source.number, source.title.vi
            ),
            11.0,
            0.0,
        );
    }
}

fn section(pages: &mut Pages, registry: &Registry, number: usize, contract: &Contract) {
    pages.text(&format!("{number}. {}", contract.title.vi), 16.0, 0.0);
    pages.text(contract.title.en_or_vi(), 11.0, 0.0);
    pages.gap(6.0);
    pages.text(
        &format!(
            "Mã: {} — phiên bản {} — {} {}",
            contract.id,
            contract.version,
            contract.method.as_str(),
            contract.path
        ),
        10.0,
        0.0,
    );
    if let Some(description) = &contract.description {
        pages.text(&description.vi, 10.0, 0.0);
    }
    pages.text(
        &format!("Căn cứ pháp lý (legal basis): {}", legal(&contract.legal)),
        10.0,
        0.0,
    );
    for (title, payload) in [
        ("Yêu cầu (request)", &contract.request),
        ("Phản hồi (response)", &contract.response),
    ] {
        pages.gap(8.0);
        pages.text(title, 12.0, 0.0);
        table(pages, payload);
    }
    let used: BTreeSet<&str> = [&contract.request, &contract.response]
        .into_iter()
        .flat_map(|p| &p.fields)
        .filter_map(|f| match &f.ty {
            FieldType::Code(id) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    for id in used {
        let Some(catalogue) = registry.catalogues.get(id) else {
            continue;
        };
        pages.gap(8.0);
        pages.text(
            &format!("Danh mục {} — {}", catalogue.id, catalogue.label.vi),
            12.0,
            0.0,
        );
        pages.text(
            &format!("Căn cứ pháp lý: {}", legal(&catalogue.legal)),
            9.0,
            0.0,
        );
        for code in &catalogue.codes {
            pages.row(&[(&code.code, 0.0), (&code.label.vi, 90.0)], 9.0);
        }
    }
}

fn table(pages: &mut Pages, payload: &Payload) {
    let columns = [0.0, 110.0, 270.0, 355.0, 400.0];
    let row = |pages: &mut Pages, cells: [&str; 5], size: f32| {
        let cells: Vec<(&str, f32)> = cells.into_iter().zip(columns).collect();
        pages.row(&cells, size);
    };
    row(
        pages,
        ["Trường", "Tên", "Kiểu", "Bắt buộc", "Căn cứ pháp lý"],
        9.0,
    );
    for field in &payload.fields {
        let ty = field_type(field);
        let legal = legal(&field.legal);
        let required = if field.required { "có" } else { "không" };
        row(
            pages,
            [&field.wire_name, &field.label.vi, &ty, required, &legal],
            8.5,
        );
    }
}
