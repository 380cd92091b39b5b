//! The conformance report: per sending system and operation, how many requests passed, the distinct
//! failures with their provisions and one example each, and whether the system is conformant. The same
//! report is served at `GET /conformance` (HTML in Vietnamese or English, and JSON) and printed by
//! `cargo contracts sandbox report` (JSON or CSV).
//!
//! A system is **conformant** for an operation when its last N requests of that operation were all valid
//! (N = `--conformant-after`, 10 by default): one valid request may be luck, ten in a row after the last
//! failure show that the system sends what the contract says.

use std::collections::BTreeMap;
use std::path::Path;

use contracts_core::model::{Contract, Registry};
use contracts_core::payload::Violation;
use handlebars::html_escape;
use rusqlite::Connection;
use serde_json::{Value, json};

use super::store;

/// The number of consecutive valid requests after which a system is conformant for an operation.
pub const CONFORMANT_AFTER: u64 = 10;

/// The language of a page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

pub struct Report {
    pub conformant_after: u64,
    pub systems: Vec<SystemReport>,
}

pub struct SystemReport {
    pub system: String,
    pub operations: Vec<OperationReport>,
}

pub struct OperationReport {
    pub operation: String,
    pub contract: Option<String>,
    /// The contract's title, Vietnamese then English.
    pub title: Option<(String, String)>,
    pub requests: u64,
    pub valid: u64,
    pub invalid: u64,
    /// Valid requests since the last invalid one.
    pub consecutive_valid: u64,
    pub conformant: bool,
    pub latency_avg_us: u64,
    pub latency_max_us: u64,
    pub last_at_ms: i64,
    pub failures: Vec<Failure>,
}

/// One distinct failure: a field (its pointer with list indexes as `*`) and what it implements.
pub struct Failure {
    /// `transport`, `auth`, `contract` or `state`.
    pub kind: String,
    pub pointer: String,
    pub label: Option<(String, String)>,
    pub legal: Vec<String>,
    /// The requests that had it.
    pub requests: u64,
    /// The latest occurrence.
    pub example: Example,
}

pub struct Example {
    pub request: i64,
    pub at_ms: i64,
    pub pointer: String,
    pub message: String,
    /// The value at the pointer in the request, as compact JSON (at most 200 characters).
    pub value: Option<String>,
}

/// Reads the report from the records in the `--data` folder `dir`.
pub fn build(dir: &Path, registry: &Registry, conformant_after: u64) -> Result<Report, String> {
    let conn = store::open_read(dir)?;
    read(&conn, registry, conformant_after).map_err(|e| {
        format!(
            "cannot read the records in {}: {e}",
            store::db_path(dir).display()
        )
    })
}

type Key = (String, String);

fn read(conn: &Connection, registry: &Registry, after: u64) -> rusqlite::Result<Report> {
    let mut operations: BTreeMap<Key, OperationReport> = BTreeMap::new();
    let mut statement = conn.prepare(
        "SELECT system, operation, MAX(contract), COUNT(*), SUM(valid), AVG(latency_us), MAX(latency_us), MAX(at_ms)
         FROM requests GROUP BY system, operation",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let contract: Option<String> = row.get(2)?;
        let requests: i64 = row.get(3)?;
        let valid: i64 = row.get(4)?;
        let average: f64 = row.get(5)?;
        let max: i64 = row.get(6)?;
        let title = contract
            .as_deref()
            .and_then(|id| registry.contracts.get(id))
            .map(|c| (c.title.vi.clone(), c.title.en_or_vi().to_owned()));
        let key = (row.get(0)?, row.get(1)?);
        operations.insert(
            key.clone(),
            OperationReport {
                operation: key.1,
                contract,
                title,
                requests: count(requests),
                valid: count(valid),
                invalid: count(requests - valid),
                consecutive_valid: 0,
                conformant: false,
                latency_avg_us: average.max(0.0).round() as u64,
                latency_max_us: count(max),
                last_at_ms: row.get(7)?,
                failures: Vec::new(),
            },
        );
    }
    let mut last_invalid = conn.prepare_cached(
        "SELECT COALESCE(MAX(id), 0) FROM requests WHERE system = ?1 AND operation = ?2 AND valid = 0",
    )?;
    let mut valid_since = conn.prepare_cached(
        "SELECT COUNT(*) FROM requests WHERE system = ?1 AND operation = ?2 AND valid = 1 AND id > ?3",
    )?;
    for ((system, operation), report) in &mut operations {
        let last: i64 = last_invalid.query_row([system, operation], |r| r.get(0))?;
        let since: i64 =
            valid_since.query_row(rusqlite::params![system, operation, last], |r| r.get(0))?;
        report.consecutive_valid = count(since);
        report.conformant = report.consecutive_valid >= after;
    }
    for (key, failure) in failures(conn)? {
        if let Some(report) = operations.get_mut(&key) {
            report.failures.push(failure);
        }
    }
    let mut systems: Vec<SystemReport> = Vec::new();
    for ((system, _), mut report) in operations {
        report.failures.sort_by(|a, b| {
            (b.requests, &a.kind, &a.pointer).cmp(&(a.requests, &b.kind, &b.pointer))
        });
        match systems.last_mut() {
            Some(last) if last.system == system => last.operations.push(report),
            _ => systems.push(SystemReport {
                system,
                operations: vec![report],
            }),
        }
    }
    Ok(Report {
        conformant_after: after,
        systems,
    })
}

fn failures(conn: &Connection) -> rusqlite::Result<Vec<(Key, Failure)>> {
    let mut statement = conn.prepare(
        "SELECT r.system, r.operation, v.pointer_key, v.label_vi, v.label_en, v.legal,
                COUNT(DISTINCT v.request_id), MAX(v.rowid), v.kind
         FROM violations v JOIN requests r ON r.id = v.request_id
         GROUP BY r.system, r.operation, v.kind, v.pointer_key, v.label_vi, v.label_en, v.legal",
    )?;
    let mut example = conn.prepare(
        "SELECT v.request_id, r.at_ms, v.pointer, v.message, r.body
         FROM violations v JOIN requests r ON r.id = v.request_id WHERE v.rowid = ?1",
    )?;
    let mut out = Vec::new();
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let label_vi: Option<String> = row.get(3)?;
        let label_en: Option<String> = row.get(4)?;
        let legal: String = row.get(5)?;
        let latest: i64 = row.get(7)?;
        let example = example.query_row([latest], |r| {
            let pointer: String = r.get(2)?;
            let body: Option<Vec<u8>> = r.get(4)?;
            Ok(Example {
                request: r.get(0)?,
                at_ms: r.get(1)?,
                value: body.as_deref().and_then(|b| value_at(b, &pointer)),
                pointer,
                message: r.get(3)?,
            })
        })?;
        out.push((
            (row.get(0)?, row.get(1)?),
            Failure {
                kind: row.get(8)?,
                pointer: row.get(2)?,
                label: label_vi.zip(label_en),
                legal: legal
                    .split(", ")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
                requests: count(row.get(6)?),
                example,
            },
        ));
    }
    Ok(out)
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// The value at `pointer` in a kept request body, as compact JSON of at most 200 characters.
fn value_at(body: &[u8], pointer: &str) -> Option<String> {
    if pointer.is_empty() {
        return None;
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    let found = value.pointer(pointer)?;
    // An object or list is where something is missing or unknown, not the wrong value itself.
    if found.is_object() || found.is_array() {
        return None;
    }
    let text = serde_json::to_string(found).ok()?;
    Some(if text.chars().count() > 200 {
        format!("{}…", text.chars().take(200).collect::<String>())
    } else {
        text
    })
}

/// The website page that explains a contract, at the request field where `pointer` starts.
pub fn page_url(site: &str, lang: Lang, contract: &str, pointer: &str) -> String {
    let prefix = match lang {
        Lang::Vi => "",
        Lang::En => "en/",
    };
    let mut url = format!("{site}{prefix}contracts/{contract}.html");
    // The site's field anchors are `request-<wire name>`; wire names of top-level fields are plain ASCII.
    if let Some(first) = pointer.split('/').nth(1)
        && !first.is_empty()
        && first
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        url.push_str(&format!("#request-{first}"));
    }
    url
}

/// One violation as the answers and the JSON report give it.
pub fn violation_json(v: &Violation, contract: Option<&str>, site: &str, lang: Lang) -> Value {
    json!({
        "pointer": v.pointer,
        "message": v.message,
        "label": v.label.as_ref().map(|(vi, en)| json!({"vi": vi, "en": en})),
        "legal": v.legal,
        "page": contract.map(|c| page_url(site, lang, c, &v.pointer)),
    })
}

/// `yyyy-MM-ddTHH:mm:ss+07:00`: a time in milliseconds since 1970, in Vietnam time.
pub fn iso_time(at_ms: i64) -> String {
    let t = super::adapter::vietnam_time(at_ms);
    format!(
        "{}-{}-{}T{}:{}:{}+07:00",
        &t[0..4],
        &t[4..6],
        &t[6..8],
        &t[8..10],
        &t[10..12],
        &t[12..14]
    )
}

impl Report {
    pub fn to_json(&self, site: &str) -> Value {
        json!({
            "conformant_after": self.conformant_after,
            "systems": self.systems.iter().map(|s| json!({
                "system": s.system,
                "operations": s.operations.iter().map(|o| json!({
                    "operation": o.operation,
                    "contract": o.contract,
                    "title": o.title.as_ref().map(|(vi, en)| json!({"vi": vi, "en": en})),
                    "requests": o.requests,
                    "valid": o.valid,
                    "invalid": o.invalid,
                    "consecutive_valid": o.consecutive_valid,
                    "conformant": o.conformant,
                    "latency_avg_ms": ms(o.latency_avg_us),
                    "latency_max_ms": ms(o.latency_max_us),
                    "last_request_at": iso_time(o.last_at_ms),
                    "failures": o.failures.iter().map(|f| json!({
                        "kind": f.kind,
                        "pointer": f.pointer,
                        "label": f.label.as_ref().map(|(vi, en)| json!({"vi": vi, "en": en})),
                        "legal": f.legal,
                        "requests": f.requests,
                        "page": o.contract.as_deref().map(|c| page_url(site, Lang::Vi, c, &f.pointer)),
                        "example": {
                            "request": f.example.request,
                            "at": iso_time(f.example.at_ms),
                            "pointer": f.example.pointer,
                            "message": f.example.message,
                            "value": f.example.value,
                        },
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }

    /// One row per failure (an operation without failures has one row with empty failure columns); RFC 4180,
    /// every field quoted, CRLF line ends, UTF-8 with a byte-order mark for spreadsheet programs.
    pub fn to_csv(&self) -> String {
        let mut csv = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Always)
            .terminator(csv::Terminator::CRLF)
            .from_writer("\u{feff}".as_bytes().to_vec());
        let _ = csv.write_record([
            "system",
            "operation",
            "contract",
            "requests",
            "valid",
            "invalid",
            "consecutive_valid",
            "conformant",
            "latency_avg_ms",
            "latency_max_ms",
            "last_request_at",
            "failure_kind",
            "failure_pointer",
            "failure_label_vi",
            "failure_label_en",
            "failure_legal",
            "failure_requests",
            "example_request",
            "example_message",
            "example_value",
        ]);
        for system in &self.systems {
            for o in &system.operations {
                let summary = [
                    cell(&system.system),
                    cell(&o.operation),
                    o.contract.clone().unwrap_or_default(),
                    o.requests.to_string(),
                    o.valid.to_string(),
                    o.invalid.to_string(),
                    o.consecutive_valid.to_string(),
                    o.conformant.to_string(),
                    ms(o.latency_avg_us).to_string(),
                    ms(o.latency_max_us).to_string(),
                    iso_time(o.last_at_ms),
                ];
                if o.failures.is_empty() {
                    let mut row = summary.to_vec();
                    row.extend(std::iter::repeat_n(String::new(), 9));
                    let _ = csv.write_record(&row);
                }
                for f in &o.failures {
                    let mut row = summary.to_vec();
                    row.extend([
                        f.kind.clone(),
                        cell(&f.pointer),
                        f.label.as_ref().map(|l| cell(&l.0)).unwrap_or_default(),
                        f.label.as_ref().map(|l| cell(&l.1)).unwrap_or_default(),
                        f.legal.join(" "),
                        f.requests.to_string(),
                        f.example.request.to_string(),
                        cell(&f.example.message),
                        f.example.value.as_deref().map(cell).unwrap_or_default(),
                    ]);
                    let _ = csv.write_record(&row);
                }
            }
        }
        csv.into_inner()
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
    }

    pub fn to_html(&self, lang: Lang, site: &str) -> String {
        let t = Strings::of(lang);
        let mut body = String::new();
        if self.systems.is_empty() {
            body.push_str(&format!("<p>{}</p>\n", t.empty));
        }
        for system in &self.systems {
            body.push_str(&format!(
                "<section>\n<h2>{} <code>{}</code></h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                t.system,
                html_escape(&system.system),
                t.operation,
                t.requests,
                t.valid,
                t.invalid,
                t.consecutive,
                t.verdict,
                t.latency
            ));
            for o in &system.operations {
                let title = o.title.as_ref().map_or(String::new(), |(vi, en)| {
                    format!(
                        "<br><small>{}</small>",
                        html_escape(if lang == Lang::Vi { vi } else { en })
                    )
                });
                let name = match &o.contract {
                    Some(c) => format!(
                        "<a href=\"{}\"><code>{}</code></a>",
                        html_escape(&page_url(site, lang, c, "")),
                        html_escape(&o.operation)
                    ),
                    None => format!("<code>{}</code>", html_escape(&o.operation)),
                };
                let verdict = if o.conformant {
                    format!("<span class=\"ok\">{}</span>", t.conformant)
                } else {
                    format!("<span class=\"ko\">{}</span>", t.not_yet)
                };
                body.push_str(&format!(
                    "<tr><td>{name}{title}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{verdict}</td><td>{:.1} / {:.1} ms</td></tr>\n",
                    o.requests,
                    o.valid,
                    o.invalid,
                    o.consecutive_valid,
                    ms(o.latency_avg_us),
                    ms(o.latency_max_us)
                ));
                if !o.failures.is_empty() {
                    body.push_str("<tr class=\"failures\"><td colspan=\"7\"><ul>\n");
                    for f in &o.failures {
                        body.push_str(&failure_html(f, o.contract.as_deref(), lang, site, &t));
                    }
                    body.push_str("</ul></td></tr>\n");
                }
            }
            body.push_str("</tbody>\n</table>\n</section>\n");
        }
        let other = match lang {
            Lang::Vi => "<a href=\"?lang=en\" hreflang=\"en\">English</a>",
            Lang::En => "<a href=\"?lang=vi\" hreflang=\"vi\">Tiếng Việt</a>",
        };
        page(
            lang,
            t.title,
            &format!(
                "<p>{}</p>\n<p>{other} · <a href=\"?format=json\">JSON</a></p>\n{body}",
                t.intro.replace("{n}", &self.conformant_after.to_string())
            ),
        )
    }
}

fn failure_html(
    f: &Failure,
    contract: Option<&str>,
    lang: Lang,
    site: &str,
    t: &Strings,
) -> String {
    let label = f.label.as_ref().map_or(String::new(), |(vi, en)| {
        format!(" {}", html_escape(if lang == Lang::Vi { vi } else { en }))
    });
    let legal = if f.legal.is_empty() {
        String::new()
    } else {
        format!(" · {} {}", t.provision, html_escape(&f.legal.join(", ")))
    };
    let link = contract.map_or(String::new(), |c| {
        format!(
            " · <a href=\"{}\">{}</a>",
            html_escape(&page_url(site, lang, c, &f.pointer)),
            t.contract_page
        )
    });
    let value = f.example.value.as_deref().map_or(String::new(), |v| {
        format!(" · {} <code>{}</code>", t.value, html_escape(v))
    });
    let pointer = if f.pointer.is_empty() {
        "/"
    } else {
        &f.pointer
    };
    format!(
        "<li>[{}] <code>{}</code>{label}{legal}: {} {}{link}<br><small>{} #{} ({}): <code>{}</code>{}{value}</small></li>\n",
        kind_label(&f.kind, lang),
        html_escape(pointer),
        f.requests,
        t.requests_lower,
        t.example,
        f.example.request,
        html_escape(&iso_time(f.example.at_ms)),
        html_escape(&f.example.pointer),
        html_escape(&format!(": {}", f.example.message)),
    )
}

/// The name of a kind of failure in the page's language.
fn kind_label(kind: &str, lang: Lang) -> &'static str {
    match (kind, lang) {
        ("transport", Lang::Vi) => "đường truyền",
        ("transport", Lang::En) => "transport",
        ("auth", Lang::Vi) => "xác thực",
        ("auth", Lang::En) => "authentication",
        ("state", Lang::Vi) => "trạng thái hồ sơ",
        ("state", Lang::En) => "dossier state",
        (_, Lang::Vi) => "hợp đồng",
        (_, Lang::En) => "contract",
    }
}

fn ms(us: u64) -> f64 {
    (us as f64 / 100.0).round() / 10.0
}

/// A CSV cell of text a client sent: a leading `=`, `+`, `-` or `@` is quoted with `'` so that spreadsheet
/// programs do not run it as a formula.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

struct Strings {
    title: &'static str,
    intro: &'static str,
    empty: &'static str,
    system: &'static str,
    operation: &'static str,
    requests: &'static str,
    requests_lower: &'static str,
    valid: &'static str,
    invalid: &'static str,
    consecutive: &'static str,
    verdict: &'static str,
    latency: &'static str,
    conformant: &'static str,
    not_yet: &'static str,
    provision: &'static str,
    contract_page: &'static str,
    example: &'static str,
    value: &'static str,
}

impl Strings {
    fn of(lang: Lang) -> Strings {
        match lang {
            Lang::Vi => Strings {
                title: "Báo cáo tuân thủ của môi trường thử nghiệm",
                intro: "Mỗi yêu cầu gửi tới môi trường thử nghiệm được kiểm tra theo hợp đồng dữ liệu và ghi lại theo hệ thống gửi (madonvi) và nghiệp vụ. Một hệ thống được coi là tuân thủ một nghiệp vụ khi {n} yêu cầu gần nhất của nghiệp vụ đó đều hợp lệ.",
                empty: "Chưa có yêu cầu nào được ghi lại.",
                system: "Hệ thống",
                operation: "Nghiệp vụ",
                requests: "Yêu cầu",
                requests_lower: "yêu cầu",
                valid: "Hợp lệ",
                invalid: "Không hợp lệ",
                consecutive: "Hợp lệ liên tiếp",
                verdict: "Đánh giá",
                latency: "Thời gian xử lý (TB / tối đa)",
                conformant: "Tuân thủ",
                not_yet: "Chưa tuân thủ",
                provision: "quy định",
                contract_page: "trang hợp đồng",
                example: "Ví dụ: yêu cầu",
                value: "giá trị",
            },
            Lang::En => Strings {
                title: "Conformance report of the test environment",
                intro: "Every request sent to the sandbox is checked against its data contract and recorded by sending system (madonvi) and operation. A system is conformant for an operation when its last {n} requests of that operation were all valid.",
                empty: "No request has been recorded yet.",
                system: "System",
                operation: "Operation",
                requests: "Requests",
                requests_lower: "requests",
                valid: "Valid",
                invalid: "Invalid",
                consecutive: "Valid in a row",
                verdict: "Verdict",
                latency: "Latency (avg / max)",
                conformant: "Conformant",
                not_yet: "Not yet conformant",
                provision: "provision",
                contract_page: "contract page",
                example: "Example: request",
                value: "value",
            },
        }
    }
}

/// A whole HTML page with the sandbox's small style sheet.
fn page(lang: Lang, title: &str, body: &str) -> String {
    let code = match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\nbody{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;line-height:1.4}}\ntable{{border-collapse:collapse;width:100%;margin:1rem 0}}th,td{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}}\n.ok{{color:#0a6b2d;font-weight:bold}}.ko{{color:#a4160c;font-weight:bold}}tr.failures td{{background:#fff6f5}}code{{overflow-wrap:anywhere}}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n{body}</body>\n</html>\n"
    )
}

/// The sandbox's home page: what it serves and how to use it, in both languages.
pub fn index_html(contracts: &[&Contract], site: &str) -> String {
    let mut rows = String::new();
    for c in contracts {
        rows.push_str(&format!(
            "<tr><td><code>{} {}</code></td><td><code>{}</code></td><td><a href=\"{}\">{}</a><br><small>{}</small></td></tr>\n",
            html_escape(c.method.as_str()),
            html_escape(&c.path),
            html_escape(&c.auth),
            html_escape(&page_url(site, Lang::Vi, &c.id, "")),
            html_escape(&c.title.vi),
            html_escape(c.title.en_or_vi()),
        ));
    }
    let body = format!(
        "<p>Môi trường thử nghiệm đóng vai Cổng Dịch vụ công quốc gia: đăng nhập, gửi dữ liệu như gửi lên Cổng, rồi xem <a href=\"/conformance\">báo cáo tuân thủ</a>.<br>\
         The sandbox plays the National Public Service Portal: log in, send your data as you would to the Portal, then read the <a href=\"/conformance?lang=en\">conformance report</a>.</p>\n\
         <ul>\n<li><code>POST {login}</code> <code>{{\"username\": \"&lt;madonvi&gt;\", \"password\": \"…\"}}</code> → <code>session</code></li>\n\
         <li><code>POST {token}</code> <code>grant_type=client_credentials&amp;client_id=&lt;madonvi&gt;&amp;client_secret=…</code> → <code>access_token</code></li>\n\
         <li><code>POST {adapter}</code>: {{\"service\": \"&lt;operation&gt;\", …}} (integration_endpoint, share_endpoint)</li>\n</ul>\n\
         <table>\n<thead><tr><th>Endpoint</th><th>Auth</th><th>Hợp đồng / Contract</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
        login = super::adapter::LOGIN_PATH,
        token = super::adapter::TOKEN_PATH,
        adapter = super::adapter::ADAPTER_PATH,
    );
    page(Lang::Vi, "Sandbox — Cổng Dịch vụ công quốc gia", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_urls_point_at_the_language_and_the_top_field() {
        assert_eq!(
            page_url(
                "http://127.0.0.1:8000/",
                Lang::Vi,
                "dossier-sync",
                "/data/0/NgayHenTra"
            ),
            "http://127.0.0.1:8000/contracts/dossier-sync.html#request-data"
        );
        assert_eq!(
            page_url("https://x/", Lang::En, "dossier-sync", ""),
            "https://x/en/contracts/dossier-sync.html"
        );
        assert_eq!(
            page_url("https://x/", Lang::En, "c", "/a~1b"),
            "https://x/en/contracts/c.html"
        );
    }

    #[test]
    fn csv_cells_cannot_become_formulas() {
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("000.00.00.H56"), "000.00.00.H56");
    }

    #[test]
    fn example_values_are_clipped() {
        let body = format!("{{\"a\": [\"{}\"], \"b\": {{}}}}", "x".repeat(500));
        let value = value_at(body.as_bytes(), "/a/0").unwrap_or_default();
        assert_eq!(value.chars().count(), 201);
        assert_eq!(value_at(b"not json", "/a"), None);
        assert_eq!(value_at(body.as_bytes(), "/b"), None);
    }

    #[test]
    fn iso_times_are_in_vietnam_time() {
        assert_eq!(iso_time(1_770_693_300_000), "2026-02-10T10:15:00+07:00");
    }
}
