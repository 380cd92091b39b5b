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
use git2::{IndexAddOption, Repository, Signature};

use common::{files_under, run, stderr};

fn commit(repo: &Repository, message: &str) {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let signature = Signature::now("Editor", "editor@example.vn").unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        message,
        &tree,
        &parents,
    )
    .unwrap();
}

/// The base registry committed and released as 1.0.0.
fn released() -> (tempfile::TempDir, Repository) {
    let dir = tempfile::tempdir().unwrap();
    base::write(&base::files(), dir.path());
    let repo = Repository::init(dir.path()).unwrap();
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "Editor").unwrap();
    config.set_str("user.email", "editor@example.vn").unwrap();
    commit(&repo, "The registry");
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
    let repo = Repository::init(root).unwrap();
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "Editor").unwrap();
    config.set_str("user.email", "editor@example.vn").unwrap();
    commit(&repo, "The registry");
    let wrong = release::plan_edition(root, Level::Auto, Some("25/01/2026"), &Limits::default());
    assert!(wrong.is_err_and(|e| e.to_string().contains("yyyy-mm-dd")));
    let plan =
        release::plan_edition(root, Level::Auto, Some("2026-01-25"), &Limits::default()).unwrap();
    release::execute(root, &plan).unwrap();

    let history = History::open(root).unwrap();
    let releases = history.releases().unwrap();
    let editions = edition::editions(history.repo(), &releases);
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

    // A clone without the tags: check and diff say so and pass; build --check keeps the guides.
    repo.tag_delete("v1.0.0").unwrap();
    let check = run(root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("git has no tag v1.0.0"),
        "{}",
        stderr(&check)
    );
    let diff = run(root, &["diff"]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert!(
        stderr(&diff).contains("git fetch --tags"),
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
