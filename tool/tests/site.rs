//! The website as `build`, `keygen`, `verify` and `serve` produce it: pages, escaping, the signed bundle, the server.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{
    SiteLinks, build_site, files_under, get, project_with_site, run, serve, stderr, workspace,
};

#[test]
fn the_small_registry_gets_every_page_in_both_languages_with_working_links() {
    let project = project_with_site(&workspace().join("tests/fixtures/small"));
    let public = build_site(project.path(), &[]);
    for page in [
        "index.html",
        "contracts/sync.html",
        "contracts/citizen.html",
        "catalogues/status.html",
        "catalogues/gender.html",
        "records/fee.html",
        "traceability.html",
        "downloads.html",
        "search.html",
    ] {
        for prefix in ["", "en/"] {
            let path = public.join(format!("{prefix}{page}"));
            assert!(path.is_file(), "{} is missing", path.display());
        }
    }
    let home = fs::read_to_string(public.join("index.html")).unwrap_or_default();
    assert!(home.contains("<html lang=\"vi\">") && home.contains("Sổ hợp đồng nhỏ"));
    let english = fs::read_to_string(public.join("en/contracts/sync.html")).unwrap_or_default();
    assert!(english.contains("<html lang=\"en\">") && english.contains("<h1>Dossier sync</h1>"));
    assert!(
        english.contains("href=\"../../contracts/sync.html\""),
        "the switch keeps the page"
    );
    let contract = fs::read_to_string(public.join("contracts/sync.html")).unwrap_or_default();
    for expected in [
        "<code>MaHoSo</code>",
        "Mã hồ sơ",
        "Dossier code",
        "<code>&quot;yyyyMMddHHmmss&quot;</code>",
        "runtime::wire::DateTimeCompact</code>",
        "<ol class=\"points\"><li><span class=\"point\">a)</span> Mã hồ sơ</li>",
        "<svg role=\"img\" aria-labelledby=\"sequence-title sequence-steps\"",
        "<details class=\"tree\">",
        "<a href=\"#request-MaHoSo\"><code>MaHoSo</code></a>",
        "data-download=\"sync.example-1.request.json\"",
        "<code class=\"file\">contracts/contracts/sync.yaml</code>",
        "^[A-Z0-9.-]+$",
        "G01.00-2501-000001",
        "href=\"../traceability.html#p-10-1-a\"",
        "href=\"../records/fee.html\"",
        "href=\"../catalogues/status.html\"",
        "downloads/bundle/openapi/ministry-system.openapi.yaml",
        "downloads/bundle/jsonschema/sync.request.schema.json",
        "&quot;NgayTiepNhan&quot;: &quot;20260114091500&quot;",
    ] {
        assert!(
            contract.contains(expected),
            "contracts/sync.html lacks {expected}"
        );
    }
    let catalogue = fs::read_to_string(public.join("catalogues/status.html")).unwrap_or_default();
    assert!(catalogue.contains("1.1.0") && catalogue.contains("href=\"#code-1\""));
    let site = SiteLinks::read(&public);
    let links = site.all();
    assert!(links.len() > 200, "{} links", links.len());
    let broken = site.broken(|_| true);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    // Deterministic: a second build changes nothing.
    let output = run(project.path(), &["build"]);
    assert!(
        stderr(&output).contains("website (docs-site/public/, bundle unsigned: pass --sign-key to sign it): 0 files written"),
        "{}",
        stderr(&output)
    );
    // `build --check` never touches the site.
    fs::write(public.join("stale.html"), "x").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        run(project.path(), &["build", "--check"]).status.code(),
        Some(0)
    );
    assert!(public.join("stale.html").exists());
    build_site(project.path(), &[]);
    assert!(
        !public.join("stale.html").exists(),
        "stale pages are removed"
    );
}

#[test]
fn databases_reuse_and_owners_get_their_pages_with_working_links() {
    let project = project_with_site(&workspace());
    let public = build_site(project.path(), &[]);
    for page in [
        "databases/national-population.html",
        "databases/national-business-registration.html",
        "databases/vpostcode.html",
        "reuse.html",
        "owners.html",
    ] {
        for prefix in ["", "en/"] {
            let path = public.join(format!("{prefix}{page}"));
            assert!(path.is_file(), "{} is missing", path.display());
        }
    }
    let read = |page: &str| fs::read_to_string(public.join(page)).unwrap_or_default();
    let population = read("en/databases/national-population.html");
    for expected in [
        "<h1>National Population Database</h1>",
        "kept by <a href=\"../owners.html#owner-bca\">Ministry of Public Security</a>",
        "<code>TraCuuThongTinCongDan</code>",
        "id=\"a-SoDinhDanh\"",
        "href=\"../catalogues/national-data-service.html#code-2\"",
        // The contract fields it pre-fills, and the components it replaces.
        "href=\"../contracts/sso-citizen.html#response-SoDinhDanh\"",
        "href=\"../reuse.html#procedure-2.2e.000488\"",
        "Copy of a document proving permanent or temporary residence",
    ] {
        assert!(
            population.contains(expected),
            "national-population lacks {expected}"
        );
    }
    let unpublished = read("databases/vpostcode.html");
    assert!(unpublished.contains("Cơ quan quản lý chưa công bố các trường thuộc tính cơ bản"));
    let contract = read("en/contracts/sso-citizen.html");
    assert!(contract.contains(
        "Pre-filled from <a href=\"../databases/national-population.html#a-HoVaTen\"><code>national-population/HoVaTen</code></a>"
    ));
    assert!(
        contract.contains("kept by <a href=\"../owners.html#owner-vpcp\">Government Office</a>")
    );
    let reuse = read("reuse.html");
    for expected in [
        "Thành phần hồ sơ được thay thế bằng dữ liệu",
        "id=\"procedure-1.2e.009871\"",
        "Bản sao Giấy chứng nhận đăng ký doanh nghiệp",
        "href=\"downloads/bundle/reuse/replaced-components.csv\"",
        "href=\"downloads/bundle/reuse/replaced-components.json\"",
        "Theo cơ sở dữ liệu",
    ] {
        assert!(reuse.contains(expected), "reuse.html lacks {expected}");
    }
    let csv =
        fs::read(public.join("downloads/bundle/reuse/replaced-components.csv")).unwrap_or_default();
    assert!(csv.starts_with("\u{feff}\"procedure\",".as_bytes()));
    let owners = read("en/owners.html");
    for expected in [
        "id=\"owner-bkhdt\"",
        "href=\"databases/national-business-registration.html\"",
        "href=\"contracts/dossier-sync.html\"",
        "<a href=\"https://dichvucong.gov.vn\" rel=\"noopener noreferrer external\">",
        "not yet confirmed",
    ] {
        assert!(owners.contains(expected), "owners.html lacks {expected}");
    }
    let index = read("search-index.js");
    assert!(index.contains("\"u\":\"databases/national-population.html#a-SoDinhDanh\""));
    assert!(
        index.contains("\"k\":\"component\"") && index.contains("\"u\":\"reuse.html#procedure-"),
        "the search index lacks the replaced dossier components"
    );
    let home = read("index.html");
    assert!(
        home.contains("href=\"owners.html\"")
            && home.contains("href=\"databases/national-population.html\"")
    );
    let broken = SiteLinks::read(&public).broken(|page| {
        page.contains("databases/") || page.ends_with("reuse.html") || page.ends_with("owners.html")
    });
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_home_page_links_what_changed_since_the_previous_release() {
    let project = project_with_site(&workspace().join("tests/fixtures/small"));
    // Outside a git repository `build` keeps the guides already in generated/migrations/.
    build_site(project.path(), &[]);
    let guides = project.path().join("generated/migrations");
    fs::create_dir_all(&guides).unwrap_or_else(|e| panic!("{e}"));
    for (name, text) in [
        ("README.md", "# Migration guides\n"),
        ("1.0.0-to-1.2.0.en.md", "# 1.0.0 to 1.2.0\n"),
        (
            "1.1.0-to-1.2.0.en.md",
            "# From 1.1.0 to 1.2.0\n\n- `MaHoSo` <script>alert(1)</script>\n",
        ),
        ("1.1.0-to-1.2.0.vi.md", "# Từ 1.1.0 đến 1.2.0\n"),
    ] {
        fs::write(guides.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    let public = build_site(project.path(), &[]);
    let home = fs::read_to_string(public.join("en/index.html")).unwrap_or_default();
    assert!(
        home.contains("href=\"changes.html\">From version 1.1.0 to 1.2.0</a>"),
        "{home}"
    );
    let page = fs::read_to_string(public.join("en/changes.html")).unwrap_or_default();
    assert!(page.contains("# From 1.1.0 to 1.2.0") && page.contains("&lt;script&gt;alert(1)"));
    assert!(page.contains("href=\"../downloads/bundle/migrations/1.1.0-to-1.2.0.en.md\""));
    let vi = fs::read_to_string(public.join("changes.html")).unwrap_or_default();
    assert!(vi.contains("Từ 1.1.0 đến 1.2.0"));
    let broken = common::broken_links(&public);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn a_project_without_docs_site_builds_no_website() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    common::copy_tree(
        &workspace().join("tests/fixtures/small/contracts"),
        &dir.path().join("contracts"),
    );
    let output = run(dir.path(), &["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("website"));
    assert!(!dir.path().join("docs-site").exists());
}

/// Texts that would be markup or code if they were not escaped.
const HOSTILE: [&str; 5] = [
    "<script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
    "<b>",
    "\u{202E}",
    "\u{200B}",
];

#[test]
fn hostile_text_stays_text_in_every_page_and_in_the_search_index() {
    let project = project_with_site(&workspace().join("tests/fixtures/injection"));
    // A legal source whose address is a script: it must not become a link.
    let legal = project.path().join("contracts/legal/circular.yaml");
    let text = fs::read_to_string(&legal).unwrap_or_default();
    fs::write(
        &legal,
        text.replacen(
            "  number: ",
            "  url: \"javascript:alert(1)//\\\" onmouseover=\\\"alert(1)\"\n  number: ",
            1,
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let public = build_site(project.path(), &[]);
    let script_tag = regex::Regex::new(r"<script\b[^>]*>").unwrap_or_else(|e| panic!("{e}"));
    let event_attribute =
        regex::Regex::new(r#"<[^>]*\son[a-z]+\s*="#).unwrap_or_else(|e| panic!("{e}"));
    let mut pages = 0;
    for (name, bytes) in files_under(&public) {
        let text = String::from_utf8_lossy(&bytes);
        if name.ends_with(".html") {
            pages += 1;
            for hostile in HOSTILE {
                assert!(
                    !text.contains(hostile),
                    "{name} contains {hostile:?} unescaped"
                );
            }
            assert!(
                !text.contains("javascript:alert(1)\""),
                "{name}: a javascript: URL in an attribute"
            );
            assert!(
                !text.contains("href=\"javascript"),
                "{name}: a javascript: link"
            );
            assert!(
                event_attribute.find(&text).is_none(),
                "{name}: an event-handler attribute"
            );
            for tag in script_tag.find_iter(&text) {
                let tag = tag.as_str();
                assert!(
                    tag.ends_with("assets/site.js\">") || tag.ends_with("search-index.js\">"),
                    "{name}: unexpected {tag}"
                );
            }
            // The text is there, escaped, with the hidden characters made visible.
            assert!(
                text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && text.contains("U+202E"),
                "{name} lost the hostile text"
            );
        }
    }
    assert!(pages >= 14, "{pages} pages");
    let contract = fs::read_to_string(public.join("contracts/push.html")).unwrap_or_default();
    assert!(contract.contains("&quot; onmouseover&#x3D;&quot;alert(1)"));
    // The hostile codes and wire names become plain anchors.
    assert!(
        contract.contains("id=\"request-x.40.y\""),
        "wire name `x@y` as an anchor"
    );
    let catalogue = fs::read_to_string(public.join("catalogues/tricky.html")).unwrap_or_default();
    assert!(catalogue.contains("id=\"code-.3c..2f.script.3e.\""));

    let index = fs::read_to_string(public.join("search-index.js")).unwrap_or_default();
    for forbidden in ["<", ">", "&", "\u{2028}", "\u{2029}", "\u{202E}"] {
        assert!(
            !index.contains(forbidden),
            "the search index contains {forbidden:?}"
        );
    }
    let json = index
        .split_once(" = ")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .unwrap_or_default();
    let entries: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
    let title = entries
        .as_array()
        .and_then(|all| all.iter().find(|e| e["k"] == "contract"))
        .map(|e| e["t"]["vi"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    assert!(title.contains("</script><script>alert(1)</script> \" onmouseover=\"alert(1)"));
    assert!(
        title.contains("U+202E evil"),
        "hidden characters shown as code points: {title}"
    );
}

#[test]
fn template_errors_write_nothing_and_say_where_and_how_to_fix() {
    let project = project_with_site(&workspace().join("tests/fixtures/small"));
    let templates = project.path().join("docs-site/templates");
    let home = fs::read_to_string(templates.join("home.hbs")).unwrap_or_default();

    fs::write(
        templates.join("home.hbs"),
        format!("{home}\n{{{{#if page.counts}}\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run(project.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.contains("error[site]") && text.contains("home.hbs") && text.contains("help:"),
        "{text}"
    );
    assert!(text.contains("nothing was written"));
    assert!(
        !project.path().join("generated").exists()
            && !project.path().join("docs-site/public").exists()
    );

    fs::write(
        templates.join("home.hbs"),
        home.replace("{{page.counts.contracts}}", "{{page.count.contracts}}"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let text = stderr(&run(project.path(), &["build"]));
    assert!(
        text.contains("page.count.contracts") || text.contains("count"),
        "strict mode names the value: {text}"
    );
    assert!(text.contains("\"home\" line"), "{text}");

    fs::write(templates.join("home.hbs"), &home).unwrap_or_else(|e| panic!("{e}"));
    let strings = project.path().join("docs-site/strings.json");
    let original = fs::read_to_string(&strings).unwrap_or_default();
    fs::write(
        &strings,
        original.replacen("\"en\": \"Yes\"", "\"fr\": \"Oui\"", 1),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let text = stderr(&run(project.path(), &["build"]));
    assert!(
        text.contains("strings.json") && text.contains("`yes`"),
        "{text}"
    );
}

fn keygen(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let output = common::contracts()
        .args(["keygen", "--out-dir"])
        .arg(dir)
        .args(["--name", "test"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("fingerprint: "));
    (dir.join("test.key.pem"), dir.join("test.pub.pem"))
}

fn verify(bundle: &Path, public_key: &Path) -> std::process::Output {
    common::contracts()
        .arg("verify")
        .arg(bundle)
        .arg("--public-key")
        .arg(public_key)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_signed_bundle_verifies_and_a_changed_byte_in_any_file_is_named() {
    let keys = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (private, public_key) = keygen(keys.path());
    let again = common::contracts()
        .args(["keygen", "--out-dir"])
        .arg(keys.path())
        .args(["--name", "test"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        again.status.code(),
        Some(2),
        "keygen never overwrites a key"
    );

    let project = project_with_site(&workspace().join("tests/fixtures/small"));
    let output = common::contracts()
        .arg("--root")
        .arg(project.path())
        .arg("build")
        .env("CONTRACTS_SIGN_KEY", &private)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("bundle signed"),
        "{}",
        stderr(&output)
    );
    let public = project.path().join("docs-site/public");
    let bundle = public.join("downloads/bundle");
    let published_key = fs::read(public.join("downloads/signing-key.pub.pem")).unwrap_or_default();
    assert_eq!(
        published_key,
        fs::read(&public_key).unwrap_or_default(),
        "the public key is published"
    );
    let downloads = fs::read_to_string(public.join("downloads.html")).unwrap_or_default();
    assert!(downloads.contains("SHA256SUMS.sig") && downloads.contains("signing-key.pub.pem"));
    // Both archives, listed with their SHA-256 in a signed SHA256SUMS beside them.
    let sums = fs::read(public.join("downloads/SHA256SUMS")).unwrap_or_default();
    let signature = fs::read(public.join("downloads/SHA256SUMS.sig")).unwrap_or_default();
    let key =
        contracts_tool::site::keys::read_public(&public_key).unwrap_or_else(|e| panic!("{e}"));
    assert!(contracts_tool::site::keys::verify(&key, &sums, &signature));
    let sums = String::from_utf8_lossy(&sums);
    for archive in ["vpcp-contracts-1.2.0.tar.gz", "vpcp-contracts-1.2.0.zip"] {
        let bytes = fs::read(public.join("downloads").join(archive)).unwrap_or_default();
        let line = format!(
            "{}  {archive}",
            contracts_tool::site::bundle::sha256_hex(&bytes)
        );
        assert!(sums.lines().any(|l| l == line), "{archive} in {sums}");
        assert!(
            downloads.contains(archive),
            "downloads.html links {archive}"
        );
    }

    let ok = verify(&bundle, &public_key);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(stderr(&ok).starts_with("verified: "), "{}", stderr(&ok));

    // The compressed tar archive unpacks (with the system's tar) into the same verified bundle.
    let unpacked = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let archive = public.join("downloads/vpcp-contracts-1.2.0.tar.gz");
    let tar = std::process::Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(unpacked.path())
        .status();
    if tar.is_ok_and(|s| s.success()) {
        let top = unpacked.path().join("vpcp-contracts-1.2.0");
        assert_eq!(files_under(&top), files_under(&bundle));
        assert_eq!(verify(&top, &public_key).status.code(), Some(0));
    }

    // OpenSSL reads the same key and signature, for readers without this tool.
    let openssl = std::process::Command::new("openssl")
        .args(["pkeyutl", "-verify", "-pubin", "-inkey"])
        .arg(&public_key)
        .args(["-rawin", "-in"])
        .arg(bundle.join("SHA256SUMS"))
        .arg("-sigfile")
        .arg(bundle.join("SHA256SUMS.sig"))
        .output();
    if let Ok(openssl) = openssl {
        assert!(
            String::from_utf8_lossy(&openssl.stdout).contains("Signature Verified Successfully"),
            "{}",
            String::from_utf8_lossy(&openssl.stderr)
        );
    }

    let files = files_under(&bundle);
    assert!(files.len() > 15, "{} files", files.len());
    for (name, bytes) in &files {
        let path = bundle.join(name);
        let mut changed = bytes.clone();
        let at = changed.len() / 2;
        changed[at] ^= 0x20;
        fs::write(&path, &changed).unwrap_or_else(|e| panic!("{e}"));
        let output = verify(&bundle, &public_key);
        fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            output.status.code(),
            Some(1),
            "a changed byte in {name} went unnoticed"
        );
        let text = stderr(&output);
        let named = if name == "SHA256SUMS" {
            "SHA256SUMS.sig"
        } else {
            name.as_str()
        };
        assert!(
            text.contains(&format!("mismatch: {named}")),
            "{name}: {text}"
        );
    }

    let other = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (_, other_key) = keygen(other.path());
    assert_eq!(
        verify(&bundle, &other_key).status.code(),
        Some(1),
        "another key is refused"
    );
    assert_eq!(
        verify(&project.path().join("contracts"), &public_key)
            .status
            .code(),
        Some(2)
    );
    let bad_key = run(project.path(), &["build", "--sign-key", "no-such-key.pem"]);
    assert_eq!(bad_key.status.code(), Some(2));
    assert!(
        stderr(&bad_key).contains("no-such-key.pem"),
        "{}",
        stderr(&bad_key)
    );
}

fn wait_for_generation(port: u16, at_least: u64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let (_, body) = get(port, "/__contracts/generation");
        if body.trim().parse::<u64>().is_ok_and(|g| g >= at_least) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no rebuild {at_least} within 30 s");
}

#[test]
fn serve_rebuilds_on_changes_shows_errors_and_never_leaves_the_site_folder() {
    let project = project_with_site(&workspace().join("tests/fixtures/small"));
    fs::write(project.path().join("secret.txt"), "TOP SECRET").unwrap_or_else(|e| panic!("{e}"));
    fs::write(project.path().join("docs-site/secret.txt"), "TOP SECRET")
        .unwrap_or_else(|e| panic!("{e}"));
    let server = serve(project.path());
    let port = server.port;

    let (status, home) = get(port, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Sổ hợp đồng nhỏ") && home.contains("/__contracts/reload.js"));
    assert_eq!(get(port, "/en").0, 301);
    assert_eq!(get(port, "/en/contracts/sync.html").0, 200);
    for attack in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/secret.txt",
        "/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/en/..%2f..%2f..%2fsecret.txt",
        "/..%5c..%5csecret.txt",
        "/%252e%252e/%252e%252e/secret.txt",
        "/.%2e/.%2e/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "../secret.txt",
        "//etc/passwd",
        "/%00",
    ] {
        let (status, body) = get(port, attack);
        assert!(matches!(status, 400 | 404), "{attack}: {status}");
        assert!(
            !body.contains("TOP SECRET") && !body.contains("root:"),
            "{attack} leaked a file"
        );
    }

    let contract = project.path().join("contracts/contracts/sync.yaml");
    let original = fs::read_to_string(&contract).unwrap_or_default();
    fs::write(&contract, original.replace("Dossier sync", "Dossier push"))
        .unwrap_or_else(|e| panic!("{e}"));
    wait_for_generation(port, 2);
    assert!(
        get(port, "/en/contracts/sync.html")
            .1
            .contains("<h1>Dossier push</h1>")
    );

    fs::write(
        &contract,
        original.replace("catalogue: status", "catalogue: statuss"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    wait_for_generation(port, 3);
    let (status, page) = get(port, "/en/contracts/sync.html");
    assert_eq!(status, 500);
    assert!(
        page.contains("error[unknown-reference]") && page.contains("statuss"),
        "{page}"
    );
    assert!(
        !page.contains("Dossier push"),
        "no stale content while there are errors"
    );

    fs::write(&contract, &original).unwrap_or_else(|e| panic!("{e}"));
    wait_for_generation(port, 4);
    assert!(
        get(port, "/en/contracts/sync.html")
            .1
            .contains("<h1>Dossier sync</h1>")
    );

    let template = project.path().join("docs-site/templates/home.hbs");
    let home = fs::read_to_string(&template).unwrap_or_default();
    fs::write(
        &template,
        home.replace("{{#> layout}}", "{{#> layout}}<p id=\"edited\">edited</p>"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    wait_for_generation(port, 5);
    assert!(get(port, "/").1.contains("<p id=\"edited\">edited</p>"));
    drop(server);
}

// ---------------------------------------------------------------------------------------------------------
// Incremental builds, and the site published as a whole.

type Tree = std::collections::BTreeMap<String, Vec<u8>>;

/// What a build left: `generated/` and the site, file by file.
fn outputs(root: &Path) -> (Tree, Tree) {
    (
        files_under(&root.join("generated")),
        files_under(&root.join("docs-site/public")),
    )
}

/// The names of the files that differ between two trees (missing on one side, or with other bytes).
fn differing(a: &Tree, b: &Tree) -> Vec<String> {
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|name| a.get(*name) != b.get(*name))
        .cloned()
        .collect()
}

/// What a build from scratch writes for the contracts and theme of `root` (in another folder).
fn from_scratch(root: &Path, extra: &[&str]) -> (Tree, Tree) {
    let fresh = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    common::copy_tree(&root.join("contracts"), &fresh.path().join("contracts"));
    for (name, bytes) in files_under(&root.join("docs-site")) {
        if name.starts_with("public/") || name.starts_with(".public-build/") {
            continue;
        }
        let target = fresh.path().join("docs-site").join(&name);
        fs::create_dir_all(target.parent().unwrap_or(fresh.path()))
            .unwrap_or_else(|e| panic!("{e}"));
        fs::write(&target, bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    build_site(fresh.path(), extra);
    outputs(fresh.path())
}

/// Replaces the first `from` in the project's file `file` by `to`.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.contains(from), "{file} has no `{from}`");
    fs::write(&path, text.replacen(from, to, 1)).unwrap_or_else(|e| panic!("{e}"));
}

fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let mut old = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    old.push_str(text);
    fs::write(&path, old).unwrap_or_else(|e| panic!("{e}"));
}

/// An edit of a project, the build after which must write what a build from scratch writes.
struct Step {
    what: &'static str,
    edit: Box<dyn Fn(&Path)>,
    signed: bool,
}

fn step(what: &'static str, edit: impl Fn(&Path) + 'static) -> Step {
    Step {
        what,
        edit: Box::new(edit),
        signed: false,
    }
}

/// Builds `root`, then after each step builds it again and compares everything with a build from scratch.
fn assert_rebuilds_from_scratch(root: &Path, steps: Vec<Step>) {
    build_site(root, &[]);
    let keys = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (private, _) = keygen(keys.path());
    let key = private.to_string_lossy().into_owned();
    for Step { what, edit, signed } in steps {
        edit(root);
        let extra: Vec<&str> = if signed {
            vec!["--sign-key", &key]
        } else {
            Vec::new()
        };
        build_site(root, &extra);
        let (generated, public) = outputs(root);
        let (fresh_generated, fresh_public) = from_scratch(root, &extra);
        assert_eq!(
            differing(&public, &fresh_public),
            Vec::<String>::new(),
            "after {what}: the site differs from a build from scratch"
        );
        assert_eq!(
            differing(&generated, &fresh_generated),
            Vec::<String>::new(),
            "after {what}: generated/ differs from a build from scratch"
        );
        assert!(
            !root.join("docs-site/.public-build/staging").exists(),
            "after {what}: the staging folder was left behind"
        );
    }
    let output = run(root, &["build"]);
    assert!(
        stderr(&output).contains(
            "website (docs-site/public/, bundle unsigned: pass --sign-key to sign it): 0 files written"
        ),
        "{}",
        stderr(&output)
    );
}

const SYNC: &str = "contracts/contracts/sync.yaml";

#[test]
fn every_rebuild_is_what_a_build_from_scratch_writes_whatever_was_edited() {
    let project = project_with_site(&workspace().join("tests/fixtures/small"));
    let public = |file: &str| project.path().join("docs-site/public").join(file);
    let (page, gone, extra) = (
        public("contracts/sync.html"),
        public("en/rust.html"),
        public("x.txt"),
    );
    let sync_copy = project.path().join("contracts/contracts/sync-copy.yaml");
    let steps = vec![
        step("a contract's title", |r| {
            edit(
                r,
                SYNC,
                "en: \"Dossier sync\"",
                "en: \"Dossier sync, edited\"",
            )
        }),
        step(
            "a record's label, shown on the contracts that use it",
            |r| {
                edit(
                    r,
                    "contracts/records/fee.yaml",
                    "en: \"Fee\"",
                    "en: \"Charge\"",
                )
            },
        ),
        step("a catalogue's label and a code's", |r| {
            let file = "contracts/catalogues/status.yaml";
            edit(
                r,
                file,
                "en: \"Dossier status\"",
                "en: \"Status of a dossier\"",
            );
            edit(r, file, "en: \"New\"", "en: \"Newly filed\"");
        }),
        step("the legal source", |r| {
            edit(
                r,
                "contracts/legal/circular.yaml",
                "en: \"Citizen attributes\"",
                "en: \"Attributes of a citizen\"",
            )
        }),
        step("the registry's version (the archive's folder)", |r| {
            edit(
                r,
                "contracts/registry.yaml",
                "version: 1.2.0",
                "version: 1.3.0",
            )
        }),
        step("the theme: layout, strings and assets", |r| {
            edit(
                r,
                "docs-site/templates/layout.hbs",
                "<footer class=\"site-footer\">",
                "<footer class=\"site-footer\" data-edited>",
            );
            edit(
                r,
                "docs-site/strings.json",
                "\"en\": \"Yes\"",
                "\"en\": \"Yes, indeed\"",
            );
            append(r, "docs-site/assets/site.css", "\n/* edited */\n");
        }),
        step("a comment only", |r| append(r, SYNC, "# a note\n")),
        step("a contract added", move |r| {
            let text = fs::read_to_string(r.join(SYNC)).unwrap_or_default();
            let copy = text
                .replace("id: sync", "id: sync-copy")
                .replace("operation: DongBo", "operation: DongBoBanSao")
                .replace("path: /", "path: /copy/");
            fs::write(&sync_copy, copy).unwrap_or_else(|e| panic!("{e}"));
        }),
        Step {
            signed: true,
            ..step("the bundle signed", |_| {})
        },
        Step {
            signed: true,
            ..step("the title back as it was", |r| {
                edit(
                    r,
                    SYNC,
                    "en: \"Dossier sync, edited\"",
                    "en: \"Dossier sync\"",
                )
            })
        },
        step(
            "the bundle no longer signed, the added contract removed",
            |r| {
                fs::remove_file(r.join("contracts/contracts/sync-copy.yaml"))
                    .unwrap_or_else(|e| panic!("{e}"));
                // Without a key, a signed site is not silently republished unsigned.
                let signature = "docs-site/public/downloads/bundle/SHA256SUMS.sig";
                let refused = run(r, &["build"]);
                assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
                assert!(
                    stderr(&refused).contains("the published website is signed")
                        && stderr(&refused).contains(signature),
                    "{}",
                    stderr(&refused)
                );
                assert!(r.join(signature).is_file(), "the signature was kept");
                fs::remove_file(r.join(signature)).unwrap_or_else(|e| panic!("{e}"));
            },
        ),
        step("files changed, removed and added by hand", move |r| {
            fs::write(&page, "defaced").unwrap_or_else(|e| panic!("{e}"));
            fs::remove_file(&gone).unwrap_or_else(|e| panic!("{e}"));
            fs::write(&extra, "extra").unwrap_or_else(|e| panic!("{e}"));
            fs::write(r.join("generated/README.md"), "edited").unwrap_or_else(|e| panic!("{e}"));
        }),
    ];
    assert_rebuilds_from_scratch(project.path(), steps);
}

#[test]
fn rebuilds_follow_owners_legal_texts_and_databases() {
    let project = project_with_site(&workspace());
    let steps = vec![
        step("an owner's name", |r| {
            edit(
                r,
                "contracts/owners/bca/owner.yaml",
                "en: \"Ministry of Public Security\"",
                "en: \"Public Security\"",
            )
        }),
        step("the text of the Circular", |r| {
            edit(
                r,
                "contracts/legal/circular-04-2025.yaml",
                "en: \"List of administrative procedures:\"",
                "en: \"Administrative procedures:\"",
            )
        }),
        step("a record's label", |r| {
            edit(
                r,
                "contracts/owners/vpcp/records/dossier.yaml",
                "en: \"Administrative-procedure dossier (sync)\"",
                "en: \"Dossier\"",
            )
        }),
    ];
    assert_rebuilds_from_scratch(project.path(), steps);
}

/// The project after a first build, and a copy of it whose contracts were then edited (for interrupted
/// builds): the outputs before and after the edit.
struct Interrupted {
    before: (Tree, Tree),
    after: (Tree, Tree),
    built: tempfile::TempDir,
}

impl Interrupted {
    fn new() -> Interrupted {
        let built = project_with_site(&workspace().join("tests/fixtures/small"));
        build_site(built.path(), &[]);
        let before = outputs(built.path());
        let edited = Interrupted::copy(built.path());
        Interrupted::edit(edited.path());
        let after = from_scratch(edited.path(), &[]);
        assert!(differing(&before.1, &after.1).len() > 5);
        Interrupted {
            before,
            after,
            built,
        }
    }

    fn edit(root: &Path) {
        let sync = "contracts/contracts/sync.yaml";
        edit(
            root,
            sync,
            "en: \"Dossier sync\"",
            "en: \"Dossier sync, edited\"",
        );
        edit(
            root,
            "contracts/records/fee.yaml",
            "en: \"Fee\"",
            "en: \"Fee, edited\"",
        );
        edit(
            root,
            "contracts/registry.yaml",
            "version: 1.2.0",
            "version: 1.3.0",
        );
    }

    /// A copy of a project with everything a build left (its state included).
    fn copy(root: &Path) -> tempfile::TempDir {
        let copy = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        common::copy_tree(root, copy.path());
        copy
    }

    /// A copy of the built project with the edit applied, ready for an interrupted build.
    fn edited(&self) -> tempfile::TempDir {
        let copy = Interrupted::copy(self.built.path());
        Interrupted::edit(copy.path());
        copy
    }

    /// The site is the whole old one or the whole new one; each file of `generated/` is the old or the new one.
    fn assert_whole(&self, root: &Path, when: &str) {
        let (generated, public) = outputs(root);
        assert!(
            public == self.before.1 || public == self.after.1,
            "{when}: the site is neither the old one nor the new one (differs from the old in {:?}, from the new in {:?})",
            differing(&public, &self.before.1)
                .iter()
                .take(5)
                .collect::<Vec<_>>(),
            differing(&public, &self.after.1)
                .iter()
                .take(5)
                .collect::<Vec<_>>(),
        );
        for (name, bytes) in &generated {
            let file = name.rsplit('/').next().unwrap_or(name);
            if file.starts_with(".tmp-") {
                continue;
            }
            assert!(
                self.before.0.get(name) == Some(bytes) || self.after.0.get(name) == Some(bytes),
                "{when}: generated/{name} is neither the old nor the new version"
            );
        }
    }

    /// A normal build after the interruption writes exactly the new outputs.
    fn assert_repaired(&self, root: &Path, when: &str) {
        build_site(root, &[]);
        let (generated, public) = outputs(root);
        assert_eq!(
            differing(&public, &self.after.1),
            Vec::<String>::new(),
            "{when}: the site after repair"
        );
        assert_eq!(
            differing(&generated, &self.after.0),
            Vec::<String>::new(),
            "{when}: generated/ after repair"
        );
    }
}

#[test]
fn a_build_killed_at_any_point_leaves_the_old_site_or_the_new_one_never_a_mix() {
    let case = Interrupted::new();
    for point in [
        "bundle:1",
        "bundle:10",
        "page:1",
        "page:20",
        "archive",
        "generated:1",
        "generated:5",
        "publish",
        "published",
    ] {
        let project = case.edited();
        let output = common::contracts()
            .arg("--root")
            .arg(project.path())
            .arg("build")
            .env("CONTRACTS_TEST_FAULT", format!("kill-at={point}"))
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            output.status.code(),
            None,
            "killed at {point}: {}",
            stderr(&output)
        );
        case.assert_whole(project.path(), &format!("killed at {point}"));
        case.assert_repaired(project.path(), &format!("killed at {point}"));
    }
}

#[test]
fn a_full_disk_leaves_the_published_site_as_it_was() {
    let case = Interrupted::new();
    for writes in [0, 5, 15, 40, 80] {
        let project = case.edited();
        let output = common::contracts()
            .arg("--root")
            .arg(project.path())
            .arg("build")
            .env("CONTRACTS_TEST_FAULT", format!("disk-full-after={writes}"))
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let text = stderr(&output);
        if output.status.code() == Some(0) {
            // Fewer writes than allowed: the build went through.
            case.assert_repaired(project.path(), &format!("{writes} writes allowed"));
            continue;
        }
        assert_eq!(output.status.code(), Some(2), "{text}");
        assert!(
            text.contains("No space left on device") && text.contains("left as it was"),
            "{text}"
        );
        let (_, public) = outputs(project.path());
        assert_eq!(
            differing(&public, &case.before.1),
            Vec::<String>::new(),
            "after a full disk with {writes} writes allowed, the published site changed"
        );
        case.assert_whole(project.path(), &format!("disk full after {writes} writes"));
        case.assert_repaired(project.path(), &format!("disk full after {writes} writes"));
    }
}

/// The weight a reader downloads for a page: its HTML without the example payloads (`<pre class="json">`,
/// whose size is the contract's), the style sheet and the script. The search index is data, loaded by the
/// search page only, and not counted.
fn page_weight(html: &str, assets: u64) -> u64 {
    let mut weight = html.len() as u64 + assets;
    let mut rest = html;
    while let Some(start) = rest.find("<pre class=\"json\"") {
        let end = rest[start..]
            .find("</pre>")
            .map_or(rest.len(), |e| start + e + "</pre>".len());
        weight -= (end - start) as u64;
        rest = &rest[end..];
    }
    weight
}

#[test]
fn every_page_of_the_bundled_registry_keeps_to_its_weight_budget() {
    /// Every page but the traceability matrix, which lists the whole registry and gets a budget per row.
    const BUDGET: u64 = 150 * 1024;
    const MATRIX_ROW: u64 = 1024;
    let project = project_with_site(&workspace());
    let public = build_site(project.path(), &[]);
    let assets: u64 = ["assets/site.css", "assets/site.js"]
        .iter()
        .map(|a| fs::metadata(public.join(a)).map_or(0, |m| m.len()))
        .sum();
    let mut heaviest = (0, String::new());
    let mut over = Vec::new();
    for (name, bytes) in files_under(&public) {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let weight = page_weight(&html, assets);
        let budget = if name.ends_with("traceability.html") {
            BUDGET.max(MATRIX_ROW * html.matches("<tr").count() as u64)
        } else {
            BUDGET
        };
        if weight > budget {
            over.push(format!("{name}: {weight} bytes, budget {budget}"));
        }
        if weight > heaviest.0 && !name.ends_with("traceability.html") {
            heaviest = (weight, name);
        }
    }
    assert!(
        over.is_empty(),
        "pages over their budget:\n{}",
        over.join("\n")
    );
    eprintln!(
        "heaviest page: {} ({} bytes with CSS and JS, without the example payloads)",
        heaviest.1, heaviest.0
    );
}
