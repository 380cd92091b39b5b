//! A project with two editions of the website's registry, made as an editor would: released, changed, released.

use std::fs;
use std::path::Path;

use contracts_core::limits::Limits;
use contracts_tests::base::{self, SYNC, field, indent};
use contracts_tool::versions::release::{self, Level};
use git2::{IndexAddOption, Repository, Signature};

/// Commits every file of the working tree.
pub fn commit(repo: &Repository, message: &str) {
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

/// A new git repository at `root` with an editor's name, holding every file of `root` in one commit.
pub fn committed(root: &Path) -> Repository {
    let repo = Repository::init(root).unwrap();
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "Editor").unwrap();
    config.set_str("user.email", "editor@example.vn").unwrap();
    commit(&repo, "The registry");
    repo
}

/// Replaces the first `from` of the file `path` under `root` by `to`.
pub fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let file = root.join(path);
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} lacks {from:?}");
    fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

/// The base registry with an owner, its database and the website's theme in a git repository, released as
/// edition 1 (1.0.0, effective 2026-01-25); then an optional request field and a new record, released as
/// edition 2 (1.1.0, effective 2026-06-01).
pub fn two_editions() -> (tempfile::TempDir, Repository) {
    let fixture = tempfile::tempdir().unwrap();
    let mut files = base::files();
    base::with_databases(&mut files);
    base::write(&files, fixture.path());
    let dir = super::project_with_site(fixture.path());
    let root = dir.path();
    fs::write(
        root.join(".gitignore"),
        "/docs-site/public/\n/docs-site/.public-build/\n",
    )
    .unwrap();
    let repo = committed(root);
    let limits = Limits::default();
    let plan = release::plan_edition(root, Level::Auto, Some("2026-01-25"), &limits).unwrap();
    release::execute(root, &plan).unwrap();
    edit(
        root,
        SYNC,
        "#REQUEST",
        &indent(&field("MaYeuCau", "required: false"), 6),
    );
    edit(root, SYNC, "version: 1.0.0", "version: 1.1.0");
    let spare = fs::read_to_string(root.join(base::SPARE)).unwrap();
    fs::write(
        root.join("contracts/records/extra.yaml"),
        spare.replace("spare", "extra"),
    )
    .unwrap();
    commit(&repo, "A request code, and the record extra");
    let plan = release::plan_edition(root, Level::Auto, Some("2026-06-01"), &limits)
        .unwrap_or_else(|e| panic!("{}", e.render(&annotate_snippets::Renderer::plain())));
    assert_eq!(plan.version.to_string(), "1.1.0");
    release::execute(root, &plan).unwrap();
    (dir, repo)
}
