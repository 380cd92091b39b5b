//! Releases as editions, end to end through the `contracts` binary: a failing check writes nothing, whatever
//! the error (an unbumped version included).

mod common;

use std::fs;
use std::path::Path;

use contracts_core::limits::Limits;
use contracts_tests::base::{self, SYNC, field, indent};
use contracts_tool::versions::edition;
use contracts_tool::versions::history::History;
use contracts_tool::versions::release::{self, Level};
use git2::Repository;

use common::editions::{commit, committed};
use common::{files_under, run, stderr};

/// The base registry committed and released as 1.0.0.
fn released() -> (tempfile::TempDir, Repository) {
    let dir = tempfile::tempdir().unwrap();
    base::write(&base::files(), dir.path());
    let repo = committed(dir.path());
    let plan = release::plan(dir.path(), Level::Auto, &Limits::default()).unwrap();
    release::execute(dir.path(), &plan).unwrap();
    (dir, repo)
}

fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let file = root.join(path);
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} lacks {from:?}");
    fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn build_writes_nothing_when_a_version_did_not_grow() {
    let (dir, _repo) = released();
    let root = dir.path();
    edit(
        root,
        SYNC,
        "#REQUEST",
        &indent(&field("MaYeuCau", "required: true"), 6),
    );
    let before = files_under(&root.join("generated"));
    let check = run(root, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    for args in [&["build"][..], &["build", "--check"]] {
        let build = run(root, args);
        assert_eq!(build.status.code(), Some(1), "{args:?}: {}", stderr(&build));
        let text = stderr(&build);
        assert!(text.contains("version-not-bumped"), "{text}");
        assert!(text.contains("nothing was written"), "{text}");
    }
    assert_eq!(files_under(&root.join("generated")), before);
}

/// Text no output may turn into markup: raw HTML, a `javascript:` link, emphasis, a table cell, direction
/// overrides and invisible characters.
const HOSTILE: &str = "*/ </script><script>alert(1)</script> | a | `tick` [x](javascript:alert(1)) <https://evil.example> \u{202E} evil \u{202C} zero\u{200B}width & <b>b</b> **bold** \\ end";

/// Markdown rendered as a reader's viewer would: none of the hostile text's markup, no link of its own, no
/// hidden character.
fn assert_inert(what: &str, markdown: &str) {
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    pulldown_cmark::html::push_html(&mut html, parser);
    for forbidden in [
        "<script",
        "<b>",
        "href=\"javascript",
        "href=\"https://evil",
        "<strong>bold",
        "\u{202E}",
        "\u{200B}",
    ] {
        assert!(
            !html.contains(forbidden),
            "{what}: `{forbidden}` in\n{html}"
        );
    }
    assert!(
        html.contains("evil") && html.contains("alert(1)"),
        "{what}: the hostile text is shown as text\n{html}"
    );
}

#[test]
fn hostile_contract_text_is_inert_in_guides_changelog_and_diff() {
    let (dir, repo) = released();
    let root = dir.path();
    let yaml = HOSTILE.replace('\\', "\\\\");
    edit(root, SYNC, "en: \"Sync\"", &format!("en: \"{yaml}\""));
    edit(root, SYNC, "version: 1.0.0", "version: 1.0.1");
    edit(
        root,
        base::STATUS,
        "vi: \"Mới\"",
        &format!("vi: \"{yaml}\""),
    );
    edit(root, base::STATUS, "version: 1.0.0", "version: 1.1.0");
    commit(&repo, "Hostile text");
    let plan = release::plan(root, Level::Auto, &Limits::default())
        .unwrap_or_else(|e| panic!("{}", e.render(&annotate_snippets::Renderer::plain())));
    assert_inert("the changelog", &plan.changelog_entry);
    for lang in ["en", "vi"] {
        let name = format!("migrations/1.0.0-to-{}.{lang}.md", plan.version);
        let guide = plan
            .outputs
            .get(&name)
            .unwrap_or_else(|| panic!("no {name}"));
        assert_inert(&name, &String::from_utf8_lossy(guide));
    }
    let diff = run(root, &["diff", "--format", "markdown"]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert_inert(
        "diff --format markdown",
        &String::from_utf8_lossy(&diff.stdout),
    );
}

#[test]
fn a_release_is_an_edition_read_back_from_its_tag() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    base::write(&base::files(), root);
    let repo = committed(root);
    let wrong = release::plan_edition(root, Level::Auto, Some("25/01/2026"), &Limits::default());
    assert!(wrong.is_err_and(|e| e.to_string().contains("yyyy-mm-dd")));
    let plan =
        release::plan_edition(root, Level::Auto, Some("2026-01-25"), &Limits::default()).unwrap();
    release::execute(root, &plan).unwrap();

    let history = History::open(root).unwrap();
    let releases = history.releases().unwrap();
    let editions = edition::editions(&history, &releases);
    assert_eq!(editions.len(), 1);
    let first = &editions[0];
    assert_eq!((first.number, first.tag.as_str()), (1, "v1.0.0"));
    assert_eq!(first.effective, "2026-01-25");
    assert_eq!(first.date, plan.edition.date);
    assert_eq!(first, &plan.edition);
    let changelog = fs::read_to_string(root.join("CHANGELOG.md")).unwrap();
    assert!(
        changelog.contains("Edition 1 of ") && changelog.contains("Ấn bản số 1 ngày"),
        "{changelog}"
    );

    // The Atom feed of editions, as a feed reader parses it.
    let atom = fs::read(root.join("generated/feeds/editions.xml")).unwrap();
    let parsed = feed_rs::parser::parse(&atom[..]).unwrap_or_else(|e| panic!("not a feed: {e}"));
    assert_eq!(parsed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(parsed.entries.len(), 1);
    let entry = &parsed.entries[0];
    let title = entry
        .title
        .as_ref()
        .map(|t| t.content.clone())
        .unwrap_or_default();
    assert!(
        title.contains("Edition 1") && title.contains("v1.0.0"),
        "{title}"
    );
    let content = entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .unwrap_or_default();
    assert!(content.contains("effective 2026-01-25"), "{content}");

    // A clone or a push without the tags: the release is found in the history, its edition read back from the
    // release commit, and check, diff and build --check work as with the tag.
    repo.tag_delete("v1.0.0").unwrap();
    let history = History::open(root).unwrap();
    let untagged = history.releases().unwrap();
    assert_eq!(untagged.len(), 1);
    assert!(!untagged[0].tagged && untagged[0].commit == releases[0].commit);
    assert_eq!(edition::editions(&history, &untagged), editions);
    let check = run(root, &["check", "--deny-warnings"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("no problems found"),
        "{}",
        stderr(&check)
    );
    let diff = run(root, &["diff", "--from", "v1.0.0"]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert!(stderr(&diff).contains("from v1.0.0"), "{}", stderr(&diff));
    let built = run(root, &["build", "--check"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));

    // A merge that squashed the release commit away: check and diff say so and pass; build --check keeps the
    // guides.
    let release_commit = repo.head().unwrap().peel_to_commit().unwrap();
    let parent = release_commit.parent(0).unwrap();
    repo.reset(parent.as_object(), git2::ResetType::Soft, None)
        .unwrap();
    let signature = repo.signature().unwrap();
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        "Merge the release branch",
        &release_commit.tree().unwrap(),
        &[&parent],
    )
    .unwrap();
    let check = run(root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("neither the tag v1.0.0 nor its release commit"),
        "{}",
        stderr(&check)
    );
    let diff = run(root, &["diff"]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert!(
        stderr(&diff).contains("git fetch --unshallow --tags"),
        "{}",
        stderr(&diff)
    );
    let built = run(root, &["build", "--check"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));

    // Made again (as after a merge that rewrote the release commit): one changelog entry, the same edition.
    let again = release::plan(root, Level::Auto, &Limits::default()).unwrap();
    assert_eq!(again.edition.number, 1);
    release::execute(root, &again).unwrap();
    let changelog = fs::read_to_string(root.join("CHANGELOG.md")).unwrap();
    assert_eq!(changelog.matches("## 1.0.0 (").count(), 1, "{changelog}");
    assert!(repo.find_reference("refs/tags/v1.0.0").is_ok());
}

fn page(public: &Path, name: &str) -> String {
    fs::read_to_string(public.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The text of a page's `<main>`, one line per element with text, as a reader sees it.
fn main_text(html: &str) -> String {
    let main = html
        .split_once("<main")
        .and_then(|(_, rest)| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split_once("</main>"))
        .map_or("", |(main, _)| main);
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    let text = tags.replace_all(main, "\n");
    text.lines()
        .map(|line| {
            line.trim()
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&#x60;", "`")
                .replace("&#x3D;", "=")
        })
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_edition_is_browsable_with_a_selector_comparisons_and_feeds() {
    let (dir, _repo) = common::editions::two_editions();
    let root = dir.path();
    let public = common::build_site(root, &[]);

    // Each edition is a site of its own, in both languages, as it was.
    for edition in ["v1.0.0", "v1.1.0"] {
        for page in [
            "index.html",
            "contracts/sync.html",
            "records/item.html",
            "catalogues/status.html",
            "databases/people.html",
            "traceability.html",
            "search.html",
        ] {
            for lang in ["", "en/"] {
                let path = public.join(format!("{lang}editions/{edition}/{page}"));
                assert!(path.is_file(), "{} is missing", path.display());
            }
        }
        assert!(
            public
                .join(format!("editions/{edition}/search-index.js"))
                .is_file()
        );
        assert!(
            !public
                .join(format!("editions/{edition}/downloads.html"))
                .exists()
        );
    }
    assert!(public.join("editions/v1.1.0/records/extra.html").is_file());
    assert!(!public.join("editions/v1.0.0/records/extra.html").exists());
    let old = page(&public, "editions/v1.0.0/contracts/sync.html");
    assert!(!old.contains("MaYeuCau"), "edition 1 had no request code");
    assert!(page(&public, "editions/v1.1.0/contracts/sync.html").contains("MaYeuCau"));

    // The selector leads to the same page in the other edition and in the current site.
    for expected in [
        "href=\"../../../editions/v1.1.0/contracts/sync.html\">Ấn bản số 2 · v1.1.0 · ",
        "href=\"../../../editions/v1.0.0/contracts/sync.html\" aria-current=\"page\">Ấn bản số 1 · v1.0.0 · ",
        "href=\"../../../contracts/sync.html\">Bản hiện hành</a>",
        "<strong>Ấn bản số 1 (v1.0.0)</strong>",
        "có hiệu lực từ ngày 2026-01-25",
        "Đây không phải ấn bản mới nhất.",
        "href=\"../../../editions/compare/v1.0.0...v1.1.0/index.html\">Thay đổi kể từ v1.0.0</a>",
    ] {
        assert!(old.contains(expected), "edition 1's page lacks {expected}");
    }
    // A page the other edition does not have leads to its home.
    let extra = page(&public, "en/editions/v1.1.0/records/extra.html");
    assert!(
        extra.contains("href=\"../../../editions/v1.0.0/index.html\">Edition 1 · v1.0.0 · ")
            && extra.contains("its home page: this page is not in it"),
        "{extra}"
    );
    let current = page(&public, "contracts/sync.html");
    assert!(
        current.contains("<strong>Bản hiện hành</strong>: Ấn bản số 2 (v1.1.0)")
            && current.contains("href=\"../editions/v1.0.0/contracts/sync.html\">Ấn bản số 1")
            && current.contains("Cập nhật ngày "),
        "the current site is the latest edition"
    );

    // What changed between the two, from the diff engine, with links to the changed elements.
    let compare = page(&public, "en/editions/compare/v1.0.0...v1.1.0/index.html");
    for expected in [
        "contract:sync/request/MaYeuCau",
        "field-optional-added",
        "record:extra",
        "href=\"../../../editions/v1.1.0/contracts/sync.html#request-MaYeuCau\"",
        "href=\"../../../../downloads/bundle/migrations/1.0.0-to-1.1.0.en.md\"",
    ] {
        assert!(
            compare.contains(expected),
            "the comparison lacks {expected}"
        );
    }
    insta::assert_snapshot!("compare_v1.0.0_v1.1.0", main_text(&compare));

    // The list of editions: dates, issuer, documents, guides, comparisons and feeds.
    let list = page(&public, "en/editions/index.html");
    for expected in [
        "<tr id=\"v1.1.0\">",
        "<td><span class=\"cell-label\">Effective</span><div class=\"cell-value\">2026-06-01</div></td>",
        "href=\"../../downloads/bundle/editions/v1.0.0.pdf\"",
        "href=\"../../downloads/bundle/migrations/1.0.0-to-1.1.0.en.md\"",
        "href=\"../editions/compare/v1.0.0...v1.1.0/index.html\" data-compare-from=\"v1.0.0\" data-compare-to=\"v1.1.0\"",
        "href=\"../../downloads/bundle/feeds/editions.xml\" type=\"application/atom+xml\"",
        "href=\"../../downloads/bundle/feeds/owners/own.xml\" type=\"application/atom+xml\"",
    ] {
        assert!(
            list.contains(expected),
            "the list of editions lacks {expected}\n{list}"
        );
    }
    // Every page's head links the feed of editions; an element's page, its owner's feed too.
    let feed = "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"../../../downloads/bundle/feeds/";
    assert!(old.contains(&format!("{feed}editions.xml\"")));
    let database = page(&public, "editions/v1.0.0/databases/people.html");
    assert!(database.contains(&format!("{feed}owners/own.xml\"")));

    let broken = common::broken_links(&public);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let again = run(root, &["build"]);
    assert!(
        stderr(&again).contains("pass --sign-key to sign it): 0 files written"),
        "{}",
        stderr(&again)
    );

    // An unreleased change: the current site is a draft, compared with the latest edition.
    edit(root, SYNC, "en: \"Sync\"", "en: \"Synchronisation\"");
    edit(root, SYNC, "version: 1.1.0", "version: 1.1.1");
    let public = common::build_site(root, &[]);
    let current = page(&public, "en/contracts/sync.html");
    assert!(current.contains(
        "<strong>Unreleased draft</strong>: changes not yet issued, made after Edition 2 (v1.1.0)."
    ));
    let draft = page(&public, "en/editions/compare/v1.1.0...current/index.html");
    assert!(
        draft.contains("contract-title-changed"),
        "{}",
        main_text(&draft)
    );
    assert!(page(&public, "en/editions/index.html").contains("data-compare-to=\"current\""));

    // Another edit of the working tree makes no page of an edition again: one altered in place (same size and
    // time) is kept as it is.
    let kept = public.join("editions/v1.0.0/contracts/sync.html");
    let modified = fs::metadata(&kept).unwrap().modified().unwrap();
    let altered =
        page(&public, "editions/v1.0.0/contracts/sync.html").replacen("<title>", "<TITLE>", 1);
    let mut file = fs::OpenOptions::new().write(true).open(&kept).unwrap();
    std::io::Write::write_all(&mut file, altered.as_bytes()).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    let other = indent(&field("MaKhac", "required: false"), 6);
    edit(root, SYNC, "  response:", &format!("{other}  response:"));
    edit(root, SYNC, "version: 1.1.1", "version: 1.2.0");
    let public = common::build_site(root, &[]);
    assert!(page(&public, "editions/v1.0.0/contracts/sync.html").contains("<TITLE>"));
    let draft = page(&public, "editions/compare/v1.1.0...current/index.html");
    assert!(
        draft.contains("contract:sync/request/MaKhac"),
        "{}",
        main_text(&draft)
    );
}
