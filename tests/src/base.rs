//! A small registry as YAML text, for the tests that compare versions of it: edit the text, load it in memory
//! through `Loaded::add_bytes` and `resolve`, or write it to a folder.
//!
//! The contract `sync` carries the record `item` and the catalogue `status` in its request, and the record
//! `detail` and the catalogue `kind` in its response; `spare` and `spare-cat` are carried by nothing. The lines
//! `#REQUEST`, `#RESPONSE` (in the contract) and `#FIELDS` (in `item` and `detail`) mark where tests add fields.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use contracts_core::diagnostic::Diagnostics;
use contracts_core::limits::Limits;
use contracts_core::load::Loaded;
use contracts_core::model::Registry;
use contracts_core::resolve::resolve;

/// Files by their path relative to the project root (`contracts/...`).
pub type Files = BTreeMap<String, String>;

pub const REGISTRY: &str = "contracts/registry.yaml";
pub const SYNC: &str = "contracts/contracts/sync.yaml";
pub const LOOKUP: &str = "contracts/contracts/lookup.yaml";
pub const ITEM: &str = "contracts/records/item.yaml";
pub const DETAIL: &str = "contracts/records/detail.yaml";
pub const SPARE: &str = "contracts/records/spare.yaml";
pub const STATUS: &str = "contracts/catalogues/status.yaml";
pub const KIND: &str = "contracts/catalogues/kind.yaml";
pub const SPARE_CAT: &str = "contracts/catalogues/spare-cat.yaml";
pub const CODE_ID: &str = "contracts/identifiers/code-id.yaml";
pub const OTHER_ID: &str = "contracts/identifiers/other-id.yaml";
pub const CIRC: &str = "contracts/legal/circ.yaml";
pub const DECREE: &str = "contracts/legal/decree.yaml";

const REGISTRY_YAML: &str = r#"registry:
  name: {vi: "Danh mục thử", en: "Test registry"}
  version: 1.0.0
  languages: [vi, en]
  legal-sources: [circ, decree]
  wire-defaults:
    integer: string
    decimal: string
    boolean: "True/False"
    date: yyyyMMdd
    date-time: yyyyMMddHHmmss
    code: string
  auth-schemes:
    session:
      type: session
      label: {vi: "Phiên", en: "Session"}
    token:
      type: api-key
      label: {vi: "Khóa", en: "Key"}
"#;

const CIRC_YAML: &str = r#"legal-source:
  id: circ
  number: "04/2025/TT-VPCP"
  title: {vi: "Thông tư", en: "Circular"}
  articles:
    "10":
      title: {vi: "Điều 10", en: "Article 10"}
      data-groups: true
      clauses:
        "1":
          text: {vi: "Khoản 1", en: "Clause 1"}
          points:
            a: {vi: "Điểm a", en: "Point a"}
            b: {vi: "Điểm b", en: "Point b"}
        "2":
          text: {vi: "Khoản 2", en: "Clause 2"}
"#;

const DECREE_YAML: &str = r#"legal-source:
  id: decree
  number: "13/2023/ND-CP"
  title: {vi: "Nghị định", en: "Decree"}
"#;

const CODE_ID_YAML: &str = r#"identifier:
  id: code-id
  label: {vi: "Mã", en: "Code"}
  pattern: '^[A-Z]{2}\d{3}$'
  min-length: 5
  max-length: 5
  examples: ["AB123"]
"#;

const SYNC_YAML: &str = r#"contract:
  id: sync
  version: 1.0.0
  status: active
  title: {vi: "Đồng bộ", en: "Sync"}
  legal: "10.1"
  provider: ministry-system
  consumer: portal
  channel: ndxp
  operation: DongBo
  method: POST
  path: /sync
  auth: session
  request:
    fields:
      session:
        label: {vi: "Phiên", en: "Session"}
        required: true
        legal: "10.1"
      TrangThai:
        label: {vi: "Trạng thái", en: "Status"}
        catalogue: status
        legal: 10.1.b
      Muc:
        label: {vi: "Mục", en: "Items"}
        record: item
        list: true
        legal: "10.1"
#REQUEST
  response:
    fields:
      error_code:
        label: {vi: "Mã lỗi", en: "Error code"}
        type: integer
        required: true
        legal: "10.1"
      Loai:
        label: {vi: "Loại", en: "Kind"}
        catalogue: kind
        legal: 10.1.b
      ChiTiet:
        label: {vi: "Chi tiết", en: "Detail"}
        record: detail
        legal: "10.1"
#RESPONSE
"#;

const LOOKUP_YAML: &str = r#"contract:
  id: lookup
  version: 1.0.0
  title: {vi: "Tra cứu", en: "Lookup"}
  legal: "10.2"
  provider: portal
  consumer: ministry-system
  channel: ndxp
  operation: TraCuu
  method: GET
  path: /lookup
  auth: token
  request:
    fields:
      q:
        label: {vi: "Từ khóa", en: "Query"}
        required: true
        legal: "10.2"
  response:
    fields:
      n:
        label: {vi: "Số lượng", en: "Count"}
        type: integer
        legal: "10.2"
"#;

/// A catalogue (`status`, `kind`, `spare-cat`): the same codes, so one edit fits each.
fn catalogue_yaml(id: &str) -> String {
    format!(
        r#"catalogue:
  id: {id}
  version: 1.0.0
  status: active
  label: {{vi: "Danh mục {id}", en: "Catalogue {id}"}}
  legal: "10.1"
  codes:
    "1":
      label: {{vi: "Mới", en: "New"}}
      legal: 10.1.a
      variants: {{old: "N"}}
    "2":
      label: {{vi: "Xong", en: "Done"}}
      legal: 10.1.b
  variants:
    old:
      label: {{vi: "Hệ thống cũ", en: "Old system"}}
"#
    )
}

/// A record (`item`, `detail`, `spare`): the same fields, so one edit fits each.
fn record_yaml(id: &str) -> String {
    format!(
        r#"record:
  id: {id}
  status: active
  label: {{vi: "Bản ghi {id}", en: "Record {id}"}}
  legal: "10.1"
  fields:
    Ten:
      label: {{vi: "Tên", en: "Name"}}
      required: true
      legal: 10.1.a
#FIELDS
"#
    )
}

/// The base registry.
pub fn files() -> Files {
    let mut files = Files::new();
    let mut put = |path: &str, text: String| {
        files.insert(path.to_owned(), text);
    };
    put(REGISTRY, REGISTRY_YAML.to_owned());
    put(CIRC, CIRC_YAML.to_owned());
    put(DECREE, DECREE_YAML.to_owned());
    put(CODE_ID, CODE_ID_YAML.to_owned());
    put(OTHER_ID, CODE_ID_YAML.replace("code-id", "other-id"));
    put(SYNC, SYNC_YAML.to_owned());
    put(LOOKUP, LOOKUP_YAML.to_owned());
    for (path, id) in [(ITEM, "item"), (DETAIL, "detail"), (SPARE, "spare")] {
        put(path, record_yaml(id));
    }
    for (path, id) in [(STATUS, "status"), (KIND, "kind"), (SPARE_CAT, "spare-cat")] {
        put(path, catalogue_yaml(id));
    }
    files
}

/// Replaces the first `from` in the file `path` by `to`; panics when `from` is not there (a broken test).
pub fn replace(files: &mut Files, path: &str, from: &str, to: &str) {
    let text = files
        .get_mut(path)
        .unwrap_or_else(|| panic!("no file {path}"));
    assert!(text.contains(from), "{path} does not contain {from:?}");
    *text = text.replacen(from, to, 1);
}

/// Loads and checks files in memory, as `load_dir` would from a folder.
pub fn load(files: &Files) -> (Registry, Diagnostics) {
    let mut loaded = Loaded::default();
    let limits = Limits::default();
    for (path, text) in files {
        loaded.add_bytes(path.clone(), PathBuf::from(path), text.as_bytes(), &limits);
    }
    resolve(loaded)
}

/// Writes the files under `root`.
pub fn write(files: &Files, root: &Path) {
    for (path, text) in files {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// YAML of one field under `name`, with a label (the name) and `legal: "10.1"` unless `body` sets them.
pub fn field(name: &str, body: &str) -> String {
    let mut out = format!("{name}:\n");
    if !body.contains("label:") {
        out.push_str(&format!("  label: {{vi: \"{name}\", en: \"{name}\"}}\n"));
    }
    if !body.contains("legal:") {
        out.push_str("  legal: \"10.1\"\n");
    }
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        out.push_str(&format!("  {line}\n"));
    }
    out
}

/// `text` with every line indented by `by` spaces.
pub fn indent(text: &str, by: usize) -> String {
    text.lines()
        .map(|line| format!("{}{line}\n", " ".repeat(by)))
        .collect()
}

pub const OWNER: &str = "contracts/owners/own/owner.yaml";
pub const OTHER_OWNER: &str = "contracts/owners/other/owner.yaml";
pub const PEOPLE: &str = "contracts/owners/own/databases/people.yaml";
pub const PERMIT: &str = "contracts/owners/own/reuse/permit.yaml";

/// An owner (`own`, or another id), with a code and a contact.
pub fn owner_yaml(id: &str) -> String {
    format!(
        r#"owner:
  id: {id}
  code: "000.00.00.G01"
  name: {{vi: "Bộ {id}", en: "Ministry {id}"}}
  contact:
    unit: {{vi: "Cục", en: "Department"}}
    email: "cuc@bo.gov.vn"
"#
    )
}

/// The database `people` of `own`, with two attributes; `#ATTRIBUTES` marks where tests add attributes.
pub const PEOPLE_YAML: &str = r#"database:
  id: people
  owner: own
  name: {vi: "Dân cư", en: "People"}
  legal: "10.1"
  services:
    TraCuu:
      label: {vi: "Tra cứu", en: "Look up"}
  access: {vi: "Qua NDXP", en: "Through NDXP"}
  attributes:
    SoDinhDanh:
      label: {vi: "Số định danh", en: "Identification number"}
      max-length: 12
      legal: "10.1"
    HoTen:
      label: {vi: "Họ tên", en: "Name"}
      max-length: 100
      legal: "10.1"
#ATTRIBUTES
"#;

/// The reuse declaration `permit` of `own`; `#COMPONENTS` marks where tests add components.
pub const PERMIT_YAML: &str = r#"reuse:
  id: permit
  owner: own
  procedure: "1.001234"
  procedure-name: {vi: "Cấp phép", en: "Permit"}
  components:
    id-copy:
      name: {vi: "Bản sao căn cước", en: "Identity card copy"}
      replaced-by: [people/SoDinhDanh, people/HoTen]
      decision: "10.2"
      from: "2026-01-01"
#COMPONENTS
"#;

/// Adds the owner `own`, its database `people` and its reuse declaration `permit` to the base registry.
pub fn with_databases(files: &mut Files) {
    files.insert(OWNER.to_owned(), owner_yaml("own"));
    files.insert(PEOPLE.to_owned(), PEOPLE_YAML.to_owned());
    files.insert(PERMIT.to_owned(), PERMIT_YAML.to_owned());
}
