//! The official document of an edition (`generated/editions/v<version>.pdf`) read back with a PDF library: the
//! cover, the table of contents and a contract's section come out as correct Vietnamese text, and the bytes are
//! the same on every build.

mod common;

use common::workspace;
use contracts_core::limits::Limits;
use contracts_core::model::Registry;
use contracts_tool::versions::document;
use contracts_tool::versions::edition::{Edition, Issuer};

fn registry() -> Registry {
    let (registry, diagnostics) =
        contracts_core::check_dir(&workspace().join("contracts"), &Limits::default());
    assert!(!diagnostics.has_errors());
    registry
}

fn edition(registry: &Registry) -> Edition {
    Edition {
        number: 2,
        version: semver::Version::new(1, 1, 0),
        tag: "v1.1.0".to_owned(),
        date: "2027-02-01".to_owned(),
        effective: "2027-03-01".to_owned(),
        issuer: Issuer::of(registry),
    }
}

/// The text of each page.
fn pages(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("a valid PDF");
    let count = doc.get_pages().len() as u32;
    (1..=count)
        .map(|page| doc.extract_text(&[page]).expect("the page's text"))
        .collect()
}

#[test]
fn the_document_reads_back_in_vietnamese_with_cover_contents_and_sections() {
    let registry = registry();
    let edition = edition(&registry);
    let bytes = document::pdf(&registry, &edition).expect("the PDF is written");
    let pages = pages(&bytes);
    assert!(
        pages.len() > registry.contracts.len(),
        "{} pages",
        pages.len()
    );
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");

    let cover = squash(&pages[0]);
    for expected in [
        "Ấn bản số 2",
        "2027-02-01",
        "2027-03-01",
        edition.issuer.vi.as_str(),
        "1.1.0",
    ] {
        assert!(
            cover.contains(&squash(expected)),
            "the cover lacks `{expected}`: {cover}"
        );
    }
    let contents = squash(&pages[1]);
    assert!(contents.contains("Mục lục"), "{contents}");
    assert!(contents.contains("Đồng bộ hồ sơ"), "{contents}");

    let section = pages
        .iter()
        .map(|p| squash(p))
        .find(|p| p.contains("Đồng bộ hồ sơ thủ tục hành chính") && p.contains("Căn cứ pháp lý"))
        .expect("the section of dossier-sync");
    assert!(section.contains("Yêu cầu (request)"), "{section}");
    assert!(section.contains("dossier-sync"), "{section}");
}

#[test]
fn the_same_edition_gives_the_same_bytes() {
    let registry = registry();
    let edition = edition(&registry);
    let once = document::pdf(&registry, &edition).expect("the PDF is written");
    let twice = document::pdf(&registry, &edition).expect("the PDF is written");
    assert!(once == twice, "two builds of the same edition differ");
}
