//! The spreadsheet exports (`generated/sheets/*.xlsx`) read back with a spreadsheet library: Vietnamese and
//! English headers, one row per field, code, provision and attribute, Vietnamese text intact, same bytes on
//! every build.

mod common;

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use common::workspace;
use contracts_core::limits::Limits;
use contracts_core::model::Registry;
use contracts_tool::versions::sheets;

fn registry() -> Registry {
    let (registry, diagnostics) =
        contracts_core::check_dir(&workspace().join("contracts"), &Limits::default());
    assert!(!diagnostics.has_errors());
    registry
}

fn books(registry: &Registry, date: &str) -> BTreeMap<String, Vec<u8>> {
    sheets::outputs(registry, date)
        .expect("the workbooks are written")
        .into_iter()
        .collect()
}

/// The only sheet of a workbook: its name and its cells as text.
fn read(bytes: &[u8]) -> (String, Vec<Vec<String>>) {
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a valid .xlsx");
    let names = book.sheet_names();
    assert_eq!(names.len(), 1, "one sheet per workbook: {names:?}");
    let range: Range<Data> = book.worksheet_range(&names[0]).expect("the sheet reads");
    let rows = range
        .rows()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect();
    (names[0].clone(), rows)
}

fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column `{header}` in {:?}", rows[0]))
}

#[test]
fn every_workbook_has_vietnamese_then_english_headers_and_one_row_per_element() {
    let registry = registry();
    let books = books(&registry, "2026-12-03");
    assert_eq!(
        books.keys().collect::<Vec<_>>(),
        [
            "sheets/catalogues.xlsx",
            "sheets/database-attributes.xlsx",
            "sheets/fields.xlsx",
            "sheets/traceability.xlsx"
        ]
    );

    let fields: usize = registry
        .contracts
        .values()
        .map(|c| c.request.fields.len() + c.response.fields.len())
        .sum::<usize>()
        + registry
            .records
            .values()
            .map(|r| r.fields.len())
            .sum::<usize>();
    let codes: usize = registry.catalogues.values().map(|c| c.codes.len()).sum();
    let attributes: usize = registry
        .databases
        .values()
        .map(|d| d.attributes.len())
        .sum();
    let provisions = contracts_core::coverage::coverage(&registry)
        .expect("the registry has a primary legal source")
        .provisions
        .len();
    for (file, sheet, vi, en, count) in [
        (
            "sheets/fields.xlsx",
            "Trường dữ liệu",
            "Tên trường",
            "Field (wire name)",
            fields,
        ),
        (
            "sheets/catalogues.xlsx",
            "Danh mục",
            "Mã danh mục",
            "Catalogue id",
            codes,
        ),
        (
            "sheets/traceability.xlsx",
            "Ma trận truy vết",
            "Điều khoản",
            "Provision",
            provisions,
        ),
        (
            "sheets/database-attributes.xlsx",
            "Thuộc tính CSDL",
            "Thuộc tính",
            "Attribute (wire name)",
            attributes,
        ),
    ] {
        let (name, rows) = read(&books[file]);
        assert_eq!(name, sheet, "{file}");
        let at = column(&rows, vi);
        assert_eq!(rows[1][at], en, "{file}: the English header under `{vi}`");
        assert!(count > 0, "{file}: the registry has something to export");
        assert_eq!(
            rows.len(),
            count + 2,
            "{file}: two header rows and one row per element"
        );
    }
}

#[test]
fn vietnamese_text_reads_back_intact() {
    let registry = registry();
    let books = books(&registry, "2026-12-03");

    let (_, rows) = read(&books["sheets/fields.xlsx"]);
    let (id, title, part) = (
        column(&rows, "Mã thành phần"),
        column(&rows, "Tên thành phần"),
        column(&rows, "Phần"),
    );
    let sync: Vec<_> = rows.iter().filter(|r| r[id] == "dossier-sync").collect();
    let contract = &registry.contracts["dossier-sync"];
    assert_eq!(
        sync.len(),
        contract.request.fields.len() + contract.response.fields.len()
    );
    assert!(
        sync.iter()
            .all(|r| r[title] == "Đồng bộ hồ sơ thủ tục hành chính")
    );
    assert!(sync.iter().any(|r| r[part] == "Yêu cầu (request)"));

    let (_, rows) = read(&books["sheets/catalogues.xlsx"]);
    let (catalogue, label) = (
        column(&rows, "Mã danh mục"),
        column(&rows, "Tên tiếng Việt"),
    );
    let first = registry.catalogues.values().next().expect("a catalogue");
    let row = rows
        .iter()
        .find(|r| r[catalogue] == first.id)
        .expect("the catalogue's first code");
    assert_eq!(row[label], first.codes[0].label.vi);

    let (_, rows) = read(&books["sheets/traceability.xlsx"]);
    let state = column(&rows, "Tình trạng");
    assert!(
        rows[2..]
            .iter()
            .any(|r| r[state] == "Đã đáp ứng (covered by facts)"),
        "some provision is covered by stated facts"
    );
}

#[test]
fn the_same_registry_and_edition_give_the_same_bytes() {
    let registry = registry();
    let once = books(&registry, "2026-12-03");
    assert_eq!(once, books(&registry, "2026-12-03"));
    let later = books(&registry, "2027-01-15");
    assert!(
        once.iter().all(|(name, bytes)| later[name] != *bytes),
        "the edition's date is the workbook's creation date, not the clock"
    );
}
