//! The download bundle written into the site, and the downloads page.

use serde_json::{Value, json};

use super::Cx;
use crate::site::text::pick;
use crate::site::{SiteError, bundle};
use contracts_core::generate::postman;

/// The download bundle as written into the site, and what the pages say about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Downloads {
    /// The folder of the unpacked bundle, inside the site.
    pub dir: String,
    pub archive: String,
    pub archive_size: u64,
    pub archive_sha256: String,
    pub file_count: usize,
    /// The zip archive of the same bundle: its path, size and SHA-256.
    pub zip: (String, u64, String),
    /// The checksums of both archives (`SHA256SUMS` beside them), signed when the bundle is (`.sig`).
    pub sums: String,
    pub signed: bool,
    /// The public key file and its fingerprint, when the bundle is signed.
    pub key: Option<(String, String)>,
}

pub(super) fn downloads_page(cx: &Cx, downloads: &Downloads) -> Result<Value, SiteError> {
    let bundle = |name: &str| cx.site_href(&format!("{}/{name}", downloads.dir));
    let mut openapi = Vec::new();
    for (key, stem) in [
        ("downloads.openapi_all", "registry"),
        ("party.portal", "portal"),
        ("party.ministry-system", "ministry-system"),
    ] {
        let yaml = format!("openapi/{stem}.openapi.yaml");
        let json_name = format!("openapi/{stem}.openapi.json");
        if cx.links.has_output(&yaml) || cx.links.has_output(&json_name) {
            openapi.push(json!({
                "label": cx.t(key)?,
                "provider": stem != "registry",
                "yaml": cx.links.has_output(&yaml).then(|| bundle(&yaml)),
                "json": cx.links.has_output(&json_name).then(|| bundle(&json_name)),
            }));
        }
    }
    let mut schemas = Vec::new();
    for c in cx.registry.contracts.values() {
        let request = format!("jsonschema/{}.request.schema.json", c.id);
        let response = format!("jsonschema/{}.response.schema.json", c.id);
        schemas.push(json!({
            "label": pick(&c.title, cx.lang),
            "id": c.id,
            "request": cx.links.has_output(&request).then(|| bundle(&request)),
            "response": cx.links.has_output(&response).then(|| bundle(&response)),
        }));
    }
    let records: Vec<Value> = cx
        .registry
        .records
        .values()
        .filter_map(|r| {
            let name = format!("jsonschema/records/{}.schema.json", r.id);
            cx.links.has_output(&name).then(
                || json!({"label": pick(&r.label, cx.lang), "id": r.id, "href": bundle(&name)}),
            )
        })
        .collect();
    let examples: Vec<Value> = cx
        .registry
        .contracts
        .values()
        .filter_map(|c| {
            let files = |direction: &str| -> Vec<Value> {
                (0..c.examples.len())
                    .map(|index| postman::example_file(c, index, direction))
                    .filter(|name| cx.links.has_output(name))
                    .map(|name| {
                        let file = name.rsplit('/').next().unwrap_or(&name).to_owned();
                        json!({"file": file, "href": bundle(&name)})
                    })
                    .collect()
            };
            let (request, response) = (files("request"), files("response"));
            (!request.is_empty() || !response.is_empty()).then(|| {
                json!({
                    "label": pick(&c.title, cx.lang),
                    "id": c.id,
                    "request": request,
                    "response": response,
                })
            })
        })
        .collect();
    let archive_name = downloads
        .archive
        .rsplit('/')
        .next()
        .unwrap_or(&downloads.archive);
    Ok(json!({
        "archive": {
            "href": cx.site_href(&downloads.archive),
            "name": archive_name,
            "top": archive_name.trim_end_matches(".tar.gz"),
            "size": downloads.archive_size,
            "sha256": downloads.archive_sha256,
        },
        "zip": {
            "href": cx.site_href(&downloads.zip.0),
            "name": downloads.zip.0.rsplit('/').next().unwrap_or(&downloads.zip.0),
            "size": downloads.zip.1,
            "sha256": downloads.zip.2,
        },
        "archive_sums": cx.site_href(&downloads.sums),
        "archive_signature": downloads.signed.then(|| cx.site_href(&format!("{}.sig", downloads.sums))),
        "files": downloads.file_count,
        "sums": bundle(bundle::SUMS),
        "signature": downloads.key.as_ref().map(|_| bundle(bundle::SIGNATURE)),
        "key": downloads.key.as_ref().map(|(file, fingerprint)| json!({
            "href": cx.site_href(file),
            "file": file.rsplit('/').next().unwrap_or(file),
            "fingerprint": fingerprint,
        })),
        "openapi": openapi,
        "schemas": schemas,
        "records": records,
        "postman": cx.links.has_output(postman::COLLECTION).then(|| bundle(postman::COLLECTION)),
        "examples": examples,
        "format_schema": cx.links.has_output("schema/contract-format.schema.json")
            .then(|| bundle("schema/contract-format.schema.json")),
        "crate": cx.links.has_output("rust/Cargo.toml").then(|| bundle("rust/Cargo.toml")),
    }))
}
