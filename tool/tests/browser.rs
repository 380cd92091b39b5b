//! Headless Chromium (Debian's `chromium`) over the built website: every page loads without a console error,
//! every internal link and anchor resolves, the language switch and search work, hostile text stays text,
//! `serve` reloads the open page, and every page template passes axe-core and fits a phone. Screenshots go to
//! the target's tmp folder (`target/tmp/screens/`).
//!
//! Without Chromium the tests are skipped with a note, except in CI (`CI` set), where they fail.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use common::chromium::{self, Browser};
use common::{build_site, project_with_site, workspace};

fn chromium_or_skip() -> Option<PathBuf> {
    match chromium::find() {
        Some(path) => Some(path),
        None if std::env::var_os("CI").is_some() => {
            panic!(
                "Chromium is needed in CI: `apt-get install -y chromium` (or set CHROMIUM to its path)"
            )
        }
        None => {
            eprintln!("skipped: no Chromium found (install Debian's `chromium`, or set CHROMIUM)");
            None
        }
    }
}

fn file_url(dir: &Path) -> String {
    format!("file://{}/", dir.display())
}

/// `%XX` decoded (links in the DOM are percent-encoded).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

const PAGE_FACTS: &str = r#"(() => ({
  lang: document.documentElement.lang,
  h1: document.querySelectorAll('h1').length,
  title: document.title,
  main: document.querySelectorAll('main').length,
  links: Array.from(document.querySelectorAll('a[href], link[href], script[src]')).map(e => e.href || e.src),
  unlabelled: Array.from(document.querySelectorAll('input, select, textarea'))
    .filter(e => e.type !== 'hidden' && e.labels.length === 0).map(e => e.id || e.name),
  headless_tables: Array.from(document.querySelectorAll('table')).filter(t => !t.querySelector('th')).length,
}))()"#;

/// The visible text elements whose colour contrasts less than 4.5:1 with the background behind them.
const LOW_CONTRAST: &str = r#"(() => {
  const rgb = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(',').map(parseFloat); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const behind = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
  const low = [];
  for (const e of document.querySelectorAll('body *')) {
    if (!Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden' || e.closest('.visually-hidden, .skip-link')) continue;
    const a = lum(rgb(style.color)), b = lum(behind(e));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(`${e.tagName}.${e.className}: ${ratio.toFixed(2)} ${e.textContent.trim().slice(0, 40)}`);
  }
  return low.slice(0, 20);
})()"#;

/// Visits every page reachable from both home pages; returns the pages visited.
fn crawl(browser: &mut Browser, public: &Path) -> BTreeSet<String> {
    let base = file_url(public);
    let mut queue = vec!["index.html".to_owned(), "en/index.html".to_owned()];
    let mut visited = BTreeSet::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut external = BTreeSet::new();
    let mut failures = Vec::new();
    while let Some(page) = queue.pop() {
        if !visited.insert(page.clone()) {
            continue;
        }
        browser.open(&format!("{base}{page}"));
        let facts = browser.eval(PAGE_FACTS);
        let problems = browser.take_problems();
        if !problems.messages.is_empty() {
            failures.push(format!("{page}: {:?}", problems.messages));
        }
        let expected_lang = if page.starts_with("en/") { "en" } else { "vi" };
        if facts["lang"] != expected_lang {
            failures.push(format!("{page}: lang is {}", facts["lang"]));
        }
        if facts["h1"] != 1 || facts["main"] != 1 {
            failures.push(format!(
                "{page}: {} h1 and {} main elements",
                facts["h1"], facts["main"]
            ));
        }
        if facts["unlabelled"]
            .as_array()
            .is_some_and(|u| !u.is_empty())
        {
            failures.push(format!(
                "{page}: inputs without a label: {}",
                facts["unlabelled"]
            ));
        }
        if facts["headless_tables"] != 0 {
            failures.push(format!("{page}: a table without header cells"));
        }
        for link in facts["links"].as_array().into_iter().flatten() {
            let link = link.as_str().unwrap_or_default();
            if link.starts_with("data:") {
                continue;
            }
            if link.starts_with("http://") || link.starts_with("https://") {
                external.insert(link.to_owned());
                continue;
            }
            let Some(inside) = link.strip_prefix(&base) else {
                failures.push(format!("{page}: {link} is outside the site"));
                continue;
            };
            let (path, fragment) = inside.split_once('#').unwrap_or((inside, ""));
            let path = decode(path.split('?').next().unwrap_or_default());
            let target = public.join(&path);
            if !target.is_file() {
                failures.push(format!("{page}: {link} does not exist"));
                continue;
            }
            if !fragment.is_empty() {
                let text = texts
                    .entry(path.clone())
                    .or_insert_with(|| std::fs::read_to_string(&target).unwrap_or_default());
                if !text.contains(&format!("id=\"{}\"", decode(fragment))) {
                    failures.push(format!("{page}: {link}: no element has that id"));
                }
            }
            if path.ends_with(".html") && !visited.contains(&path) {
                queue.push(path);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "{} pages visited, {} external links not followed",
        visited.len(),
        external.len()
    );
    visited
}

#[test]
fn the_website_works_in_chromium() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let started = Instant::now();
    let project = project_with_site(&workspace());
    let public = build_site(project.path(), &[]);
    eprintln!(
        "site of the bundled registry built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let base = file_url(&public);
    let mut browser = Browser::start(&chromium);

    // Every page, both languages: no console errors, links and anchors resolve, one h1, labelled inputs.
    let crawl_started = Instant::now();
    let visited = crawl(&mut browser, &public);
    let pages: BTreeSet<String> = common::files_under(&public)
        .into_keys()
        .filter(|name| name.ends_with(".html"))
        .collect();
    assert_eq!(
        visited, pages,
        "every page is reachable from the home pages"
    );
    eprintln!(
        "{} pages checked in {:.1} s",
        pages.len(),
        crawl_started.elapsed().as_secs_f64()
    );

    // The language switch keeps the page and its anchor, both ways.
    browser.open(&format!(
        "{base}contracts/dossier-sync.html#payload-request"
    ));
    let vi_title = browser.eval("document.querySelector('h1').textContent");
    browser.eval("document.querySelector('[data-language-switch]').click()");
    browser.wait_for_load("the English page");
    assert_eq!(
        browser.eval("location.href"),
        format!("{base}en/contracts/dossier-sync.html#payload-request").as_str()
    );
    assert_eq!(browser.eval("document.documentElement.lang"), "en");
    let en_title = browser.eval("document.querySelector('h1').textContent");
    assert_ne!(en_title, vi_title);
    assert_eq!(en_title, "Dossier synchronisation");
    browser.eval("document.querySelector('[data-language-switch]').click()");
    browser.wait_for_load("the Vietnamese page");
    assert_eq!(
        browser.eval("document.querySelector('h1').textContent"),
        vi_title
    );

    // Search: by wire name, by label without diacritics, by code label, by provision; in both languages.
    let results = "document.querySelectorAll('#search-results li').length";
    let texts = "Array.from(document.querySelectorAll('#search-results li')).map(li => li.textContent).join('\\n')";
    browser.open(&format!("{base}search.html?q=MaHoSo"));
    assert!(
        browser.wait_until(&format!("{results} > 0"), 10),
        "no result for MaHoSo"
    );
    assert_eq!(
        browser.eval("document.getElementById('search-input').value"),
        "MaHoSo"
    );
    assert_eq!(
        browser.eval("document.querySelector('#search-results li code').textContent"),
        "MaHoSo",
        "the exact wire name comes first"
    );
    let first = browser.eval("document.querySelector('#search-results a').href");
    let first = first.as_str().unwrap_or_default();
    assert!(first.starts_with(&base) && first.contains("#"), "{first}");
    for (query, expected) in [
        ("ho so", "hồ sơ"),
        ("Mới đăng ký", "Mới đăng ký"),
        ("10.1.a", "10.1.a"),
        ("dossier-status", "dossier-status"),
    ] {
        browser.eval(&format!(
            "(() => {{ const i = document.getElementById('search-input'); i.value = {}; i.dispatchEvent(new Event('input')); }})()",
            serde_json::to_string(query).unwrap_or_default()
        ));
        let found = browser
            .eval(texts)
            .as_str()
            .unwrap_or_default()
            .to_lowercase();
        assert!(
            found.contains(&expected.to_lowercase()),
            "`{query}` did not find `{expected}`: {found}"
        );
    }
    // The switch keeps the search.
    browser.eval("document.querySelector('[data-language-switch]').click()");
    browser.wait_for_load("the English search");
    assert!(
        browser
            .eval("location.href")
            .as_str()
            .is_some_and(|href| href.ends_with("en/search.html?q=dossier-status")),
        "{}",
        browser.eval("location.href")
    );
    browser.open(&format!("{base}en/search.html?q=dossier%20status"));
    assert!(browser.wait_until(&format!("{results} > 0"), 10));
    assert!(
        browser
            .eval(texts)
            .as_str()
            .unwrap_or_default()
            .contains("Administrative-procedure dossier status")
    );
    // The search box of every page leads to the search page.
    browser.open(&format!("{base}index.html"));
    browser.eval("document.getElementById('quick-search-input').value = 'TrangThaiHoSo'");
    browser.eval("document.querySelector('form.quick-search').submit()");
    browser.wait_for_load("the search page");
    assert!(
        browser.wait_until(&format!("{results} > 0"), 10),
        "the quick search found nothing"
    );
    assert!(browser.take_problems().messages.is_empty());

    // Text contrast of at least 4.5:1 (WCAG AA) everywhere, in both languages and on the search results.
    for page in [
        "index.html",
        "contracts/dossier-sync.html",
        "catalogues/dossier-status.html",
        "records/dossier.html",
        "traceability.html",
        "downloads.html",
        "rust.html",
        "en/search.html?q=status",
    ] {
        browser.open(&format!("{base}{page}"));
        browser.wait_until(
            &format!("{results} > 0 || !document.getElementById('search-results')"),
            10,
        );
        let low = browser.eval(LOW_CONTRAST);
        assert_eq!(low, serde_json::json!([]), "{page}: text below 4.5:1");
    }
    // The check itself sees pale text.
    browser.eval(
        "(() => { const p = document.createElement('p'); p.textContent = 'pale'; p.style.color = '#bbb'; document.querySelector('main').append(p); })()",
    );
    assert_eq!(browser.eval(LOW_CONTRAST).as_array().map(Vec::len), Some(1));

    // Printing hides the navigation and the search box.
    browser.media("print");
    assert_eq!(
        browser.eval("getComputedStyle(document.querySelector('.site-header nav')).display"),
        "none"
    );
    browser.media("");
    assert!(browser.take_problems().messages.is_empty());
    // The problems seen are those the page reports.
    browser.eval("console.error('reported')");
    assert!(
        browser
            .take_problems()
            .messages
            .iter()
            .any(|m| m.contains("reported"))
    );
    eprintln!(
        "browser checks done in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn hostile_contract_text_never_runs_in_chromium() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let project = project_with_site(&workspace().join("tests/fixtures/injection"));
    let public = build_site(project.path(), &[]);
    let base = file_url(&public);
    let mut browser = Browser::start(&chromium);
    let visited = crawl(&mut browser, &public);
    assert!(visited.len() >= 14);
    let safe = r#"(() => ({
  scripts: Array.from(document.scripts).map(s => s.src.split('/').pop()),
  handlers: Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes))
    .filter(a => a.name.startsWith('on')).map(a => a.name),
  bold: document.querySelectorAll('main b').length,
  javascript: Array.from(document.querySelectorAll('[href], [src]'))
    .filter(e => /^javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '')).length,
  h1: document.querySelector('h1').textContent,
}))()"#;
    for page in visited {
        browser.open(&format!("{base}{page}"));
        let facts = browser.eval(safe);
        let scripts: Vec<&str> = facts["scripts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
            .collect();
        assert!(
            scripts
                .iter()
                .all(|s| *s == "site.js" || *s == "search-index.js"),
            "{page}: scripts {scripts:?}"
        );
        assert_eq!(
            facts["handlers"],
            serde_json::json!([]),
            "{page}: event handlers"
        );
        assert_eq!(
            facts["bold"], 0,
            "{page}: a <b> from a contract became markup"
        );
        assert_eq!(facts["javascript"], 0, "{page}: a javascript: URL");
        assert!(browser.take_problems().messages.is_empty());
    }
    browser.open(&format!("{base}contracts/push.html"));
    let h1 = browser.eval("document.querySelector('h1').textContent");
    assert!(
        h1.as_str().is_some_and(
            |t| t.contains("</script><script>alert(1)</script> \" onmouseover=\"alert(1)")
        ),
        "the title is shown as text: {h1}"
    );
    browser.open(&format!("{base}search.html?q=%3Cscript%3E"));
    assert!(browser.wait_until(
        "document.querySelectorAll('#search-results li').length > 0",
        10
    ));
    assert_eq!(
        browser
            .eval("document.querySelectorAll('#search-results script, #search-results b').length"),
        0
    );
    assert!(
        browser
            .eval("document.querySelector('#search-results a').textContent")
            .as_str()
            .is_some_and(|t| t.contains("<script>alert(1)</script>"))
    );
    let problems = browser.take_problems();
    assert!(problems.messages.is_empty(), "{:?}", problems.messages);
}

#[test]
fn serve_reloads_the_open_page_and_shows_errors_instead_of_stale_content() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let project = project_with_site(&workspace().join("tests/fixtures/small"));
    let server = common::serve(project.path());
    let mut browser = Browser::start(&chromium);
    browser.open(&format!(
        "http://127.0.0.1:{}/en/contracts/sync.html",
        server.port
    ));
    let h1 = "document.querySelector('h1') ? document.querySelector('h1').textContent : ''";
    assert_eq!(browser.eval(h1), "Dossier sync");

    let contract = project.path().join("contracts/contracts/sync.yaml");
    let original = std::fs::read_to_string(&contract).unwrap_or_default();
    std::fs::write(&contract, original.replace("Dossier sync", "Dossier push"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        browser.wait_until(&format!("({h1}) === 'Dossier push'"), 30),
        "the page did not reload"
    );

    std::fs::write(
        &contract,
        original.replace("catalogue: status", "catalogue: statuss"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        browser.wait_until("!!document.getElementById('diagnostics')", 30),
        "the errors are not shown"
    );
    assert!(
        browser
            .eval("document.getElementById('diagnostics').textContent")
            .as_str()
            .is_some_and(|t| t.contains("unknown-reference"))
    );

    std::fs::write(&contract, &original).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        browser.wait_until(&format!("({h1}) === 'Dossier sync'"), 30),
        "the page did not come back"
    );
    let problems = browser.take_problems();
    let unexpected: Vec<&String> = problems
        .messages
        .iter()
        .filter(|m| !m.contains("status of 500"))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    drop(server);
}

/// The pinned axe-core, installed with npm into a throwaway folder of the target directory on first use (as
/// tests/external does for its tools); `None` (the test skipped with a note) without npm, except in CI.
fn axe_core() -> Option<String> {
    const VERSION: &str = "4.14.1";
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("axe-core-{VERSION}"));
    let script = dir.join("node_modules/axe-core/axe.min.js");
    if !script.is_file() {
        let installed = std::process::Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
            ])
            .args(["--loglevel=error", "--prefix"])
            .arg(&dir)
            .arg(format!("axe-core@{VERSION}"))
            .status();
        match installed {
            Ok(status) if status.success() => {}
            _ if std::env::var_os("CI").is_some() => {
                panic!("axe-core {VERSION} could not be installed with npm (needs node and npm)")
            }
            _ => {
                eprintln!("skipped: axe-core could not be installed (install node and npm)");
                return None;
            }
        }
    }
    Some(std::fs::read_to_string(&script).unwrap_or_else(|e| panic!("{}: {e}", script.display())))
}

/// axe-core's serious and critical violations of WCAG 2.1 A and AA on the open page, one line each.
const AXE_RUN: &str = r#"axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  resultTypes: ['violations'],
}).then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id} (${v.impact}) on ${v.nodes.length}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`))"#;

/// What is wrong with the open page, named `page`: on a phone (390 px), a sideways scroll; on a desktop, every
/// violation axe finds.
fn layout_problems(browser: &mut Browser, axe: &str, phone: bool, page: &str) -> Vec<String> {
    if phone {
        let scrolls = browser.eval("document.documentElement.scrollWidth > window.innerWidth + 1");
        return if scrolls == true {
            vec![format!("{page}: scrolls sideways at 390 px")]
        } else {
            Vec::new()
        };
    }
    browser.eval(&format!("{axe}\n;true"));
    let violations = browser.eval(AXE_RUN);
    violations
        .as_array()
        .into_iter()
        .flatten()
        .map(|violation| format!("{page}: {}", violation.as_str().unwrap_or_default()))
        .collect()
}

#[test]
fn every_page_template_passes_axe_in_both_languages_and_fits_a_phone() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let Some(axe) = axe_core() else {
        return;
    };
    let started = Instant::now();
    let project = project_with_site(&workspace());
    let public = build_site(project.path(), &[]);
    let base = file_url(&public);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screens");
    std::fs::create_dir_all(&shots).unwrap_or_else(|e| panic!("{}: {e}", shots.display()));
    let database = common::files_under(&public.join("databases"))
        .into_keys()
        .next()
        .map(|name| format!("databases/{name}"));
    // (template, page, photographed)
    let mut templates = vec![
        ("home", "index.html".to_owned(), true),
        ("contract", "contracts/dossier-sync.html".to_owned(), true),
        (
            "catalogue",
            "catalogues/dossier-status.html".to_owned(),
            true,
        ),
        ("record", "records/dossier.html".to_owned(), false),
        ("reuse", "reuse.html".to_owned(), false),
        ("owners", "owners.html".to_owned(), false),
        ("traceability", "traceability.html".to_owned(), true),
        ("downloads", "downloads.html".to_owned(), false),
        ("rust", "rust.html".to_owned(), false),
        (
            "search",
            "search.html?q=h%E1%BB%93%20s%C6%A1".to_owned(),
            true,
        ),
    ];
    templates.extend(database.map(|page| ("database", page, false)));
    if public.join("changes.html").is_file() {
        templates.push(("changes", "changes.html".to_owned(), false));
    }
    let mut browser = Browser::start(&chromium);
    let mut failures = Vec::new();
    for lang in ["vi", "en"] {
        let prefix = if lang == "en" { "en/" } else { "" };
        for (template, page, photographed) in &templates {
            for (width, height) in [(1366, 900), (390, 844)] {
                let phone = width == 390;
                browser.viewport(width, height, phone);
                browser.open(&format!("{base}{prefix}{page}"));
                if *template == "search" {
                    browser.wait_until(
                        "document.querySelectorAll('#search-results li').length > 0",
                        10,
                    );
                }
                failures.extend(layout_problems(
                    &mut browser,
                    &axe,
                    phone,
                    &format!("{prefix}{page}"),
                ));
                if *photographed {
                    browser.screenshot(&shots.join(format!("{template}-{lang}-{width}.png")));
                }
                if *template == "contract" {
                    // Close-ups: the Vietnamese marks of an example payload, the diagram, a field card.
                    for (selector, part) in [
                        ("pre.json", "example"),
                        (".sequence", "sequence"),
                        ("#request-isUpdating", "field"),
                    ] {
                        browser.screenshot_of(
                            selector,
                            &shots.join(format!("{template}-{part}-{lang}-{width}.png")),
                        );
                    }
                }
            }
        }
    }
    // The check itself sees a serious violation: an image without a text alternative.
    browser.eval(&format!("{axe}\n;true"));
    browser.eval("document.querySelector('main').append(document.createElement('img'))");
    assert!(
        browser.eval(AXE_RUN).as_array().is_some_and(|v| v
            .iter()
            .any(|v| v.as_str().is_some_and(|v| v.starts_with("image-alt")))),
        "axe-core does not run"
    );
    let problems = browser.take_problems();
    assert!(problems.messages.is_empty(), "{:?}", problems.messages);
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "{} templates × 2 languages: axe-core without a serious or critical violation, no sideways scroll at 390 px, in {:.1} s; screenshots in {}",
        templates.len(),
        started.elapsed().as_secs_f64(),
        shots.display()
    );
}

#[test]
fn editions_pass_axe_and_their_selector_and_comparison_form_work() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let Some(axe) = axe_core() else {
        return;
    };
    let (project, _repo) = common::editions::two_editions();
    let public = build_site(project.path(), &[]);
    let base = file_url(&public);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screens");
    std::fs::create_dir_all(&shots).unwrap_or_else(|e| panic!("{}: {e}", shots.display()));
    let mut browser = Browser::start(&chromium);
    let mut failures = Vec::new();
    let pages = [
        ("editions", "editions/index.html"),
        ("compare", "editions/compare/v1.0.0...v1.1.0/index.html"),
        ("edition-contract", "editions/v1.0.0/contracts/sync.html"),
    ];
    for prefix in ["", "en/"] {
        for (name, page) in pages {
            for (width, height) in [(1366, 900), (390, 844)] {
                let phone = width == 390;
                browser.viewport(width, height, phone);
                browser.open(&format!("{base}{prefix}{page}"));
                // The selector open, so that axe and the phone see its list too.
                browser.eval("document.querySelector('details.versions').open = true");
                failures.extend(layout_problems(
                    &mut browser,
                    &axe,
                    phone,
                    &format!("{prefix}{page}"),
                ));
                if prefix.is_empty() {
                    browser.screenshot(&shots.join(format!("{name}-{width}.png")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The selector leads to the same page in the other edition.
    browser.viewport(1366, 900, false);
    browser.open(&format!("{base}editions/v1.0.0/contracts/sync.html"));
    browser.eval("document.querySelector('details.versions summary').click()");
    browser.eval("document.querySelector('details.versions a[href*=\"v1.1.0\"]').click()");
    browser.wait_for_load("the page in edition 2");
    assert_eq!(
        browser.eval("location.href"),
        format!("{base}editions/v1.1.0/contracts/sync.html").as_str()
    );
    // The form (shown by the script) opens the comparison of the two versions chosen, the older first.
    browser.open(&format!("{base}en/editions/index.html"));
    assert_eq!(
        browser.eval("document.querySelector('form.compare-form').hidden"),
        false
    );
    browser.eval(
        "document.getElementById('compare-from').value = 'v1.1.0'; \
         document.getElementById('compare-to').value = 'v1.0.0'; \
         document.querySelector('form.compare-form button').click()",
    );
    browser.wait_for_load("the comparison");
    assert_eq!(
        browser.eval("location.href"),
        format!("{base}en/editions/compare/v1.0.0...v1.1.0/index.html").as_str()
    );
    let problems = browser.take_problems();
    assert!(problems.messages.is_empty(), "{:?}", problems.messages);
}
