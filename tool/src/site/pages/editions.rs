//! The editions on the website: the version selector and notice of every page, the list of editions
//! (`editions/index.html`) and what changed between two of them (`editions/compare/<a>...<b>/index.html`).
//!
//! The site has sides: the current one at the root (the working tree: the latest edition, or an unreleased
//! draft after it) and one per edition under `editions/<tag>/`, each with the same page paths as the root. The
//! selector of a page links the same page on every side that has it, else that side's home. A comparison is
//! the diff engine's own [`Comparison`] (the one the migration guides are written from), shown as HTML.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{Cx, Links, Pages};
use crate::site::SiteError;
use crate::site::text::{pick, visible};
use crate::versions::comparison::Comparison;
use crate::versions::diff::{Change, Owner, Severity};
use crate::versions::edition::Edition;
use contracts_core::model::Registry;
use handlebars::Context;

/// The folder of the editions under a language's root.
pub const FOLDER: &str = "editions/";
/// The list of editions, under a language's root.
pub const INDEX: &str = "editions/index.html";
/// How the working tree is named in the paths of comparisons.
pub const CURRENT: &str = "current";

/// One side of the site: the current site, or an edition.
pub struct Side {
    /// `None` for the current site (the working tree).
    pub edition: Option<Edition>,
    /// The folder of its pages under a language's root: empty, or `editions/<tag>/`.
    pub prefix: String,
    /// Its pages, by path under `prefix` (the same in every language).
    pub pages: BTreeSet<String>,
}

/// Every side of the site: the current one first, then the editions, newest first.
pub struct Sides {
    pub sides: Vec<Side>,
    /// Whether the working tree differs from the latest edition: an unreleased draft.
    pub draft: bool,
    /// The outputs the pages link to (`editions/<tag>.pdf`, `migrations/...`, `feeds/...`), among the files of
    /// `generated/`.
    pub outputs: BTreeSet<String>,
}

impl Sides {
    /// The folder of side `side`'s pages under a language's root.
    pub fn prefix(&self, side: usize) -> &str {
        self.sides.get(side).map_or("", |s| s.prefix.as_str())
    }

    /// The number of editions.
    pub fn editions(&self) -> usize {
        self.sides.len().saturating_sub(1)
    }

    /// How side `side` is named in the paths of comparisons: its tag, or `current`.
    pub fn name(&self, side: usize) -> &str {
        self.edition(side).map_or(CURRENT, |e| e.tag.as_str())
    }

    fn edition(&self, side: usize) -> Option<&Edition> {
        self.sides.get(side).and_then(|s| s.edition.as_ref())
    }

    /// The comparisons the site has, each as (before, after), the older side first: every two editions, and
    /// the latest edition with the working tree when it is a draft.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let editions = self.editions();
        let mut pairs = Vec::new();
        for before in (1..=editions).rev() {
            for after in (1..before).rev() {
                pairs.push((before, after));
            }
        }
        if self.draft && editions > 0 {
            pairs.push((1, 0));
        }
        pairs
    }

    /// Where the comparison of `before` with `after` is, under a language's root, when the site has it.
    pub fn compare_path(&self, before: usize, after: usize) -> Option<String> {
        self.pairs().contains(&(before, after)).then(|| {
            format!(
                "{FOLDER}compare/{}...{}/index.html",
                self.name(before),
                self.name(after)
            )
        })
    }

    /// The path of an output in the site's download bundle, when `build` wrote it.
    fn output(&self, cx: &Cx, name: &str) -> Option<String> {
        self.outputs
            .contains(name)
            .then(|| cx.site_href(&format!("downloads/bundle/{name}")))
    }

    /// The migration guide from `before` to `after` in the page's language (or the other), when there is one.
    fn guide(&self, cx: &Cx, before: usize, after: usize) -> Option<Value> {
        let from = self.edition(before)?.version.to_string();
        let to = self
            .edition(after)
            .map_or_else(|| "unreleased".to_owned(), |e| e.version.to_string());
        let langs = [cx.lang, if cx.lang == "vi" { "en" } else { "vi" }];
        langs.iter().find_map(|lang| {
            let file = format!("migrations/{from}-to-{to}.{lang}.md");
            self.output(cx, &file)
                .map(|href| json!({"file": file, "href": href}))
        })
    }

    /// Where `path` (under a side's folder) is on side `side` from the page of `cx`: the same page when the side
    /// has it, else the side's home; and whether it is the same page.
    fn link(&self, cx: &Cx, side: usize, path: &str) -> (String, bool) {
        let same = self.sides.get(side).is_some_and(|s| s.pages.contains(path));
        let target = if same { path } else { "index.html" };
        (
            format!("{}{}{target}", cx.lang_root, self.prefix(side)),
            same,
        )
    }

    /// The facts of side `side` that pages show.
    fn facts(&self, cx: &Cx, side: usize) -> Value {
        match self.edition(side) {
            Some(edition) => json!({
                "current": false,
                "draft": false,
                "latest": side == 1,
                "number": edition.number,
                "tag": visible(&edition.tag),
                "version": edition.version.to_string(),
                "date": visible(&edition.date),
                "effective": visible(&edition.effective),
                "issuer": visible(if cx.lang == "vi" { &edition.issuer.vi } else { &edition.issuer.en }),
                "home": format!("{}{}index.html", cx.lang_root, self.prefix(side)),
            }),
            None => json!({
                "current": true,
                "draft": self.draft,
                "latest": !self.draft,
                "number": null,
                "tag": null,
                "version": null,
                "date": null,
                "effective": null,
                "issuer": null,
                "home": format!("{}index.html", cx.lang_root),
            }),
        }
    }
}

/// What the frame of a page shows about the editions (`versions` in the templates): the selector, the notice
/// of the side shown, the date it was last updated, the feeds for `<head>`, and where the downloads are. The
/// page is `path` under its side's folder; `owner` the owner of the element it shows, whose feed it links.
pub(super) fn versions(
    cx: &Cx,
    sides: Option<(&Sides, usize)>,
    path: &str,
    owner: Option<&str>,
) -> Result<Value, SiteError> {
    let downloads = cx.downloads_href();
    let Some((sides, here)) = sides.filter(|(s, _)| s.editions() > 0) else {
        return Ok(json!({
            "here": null,
            "index": null,
            "downloads": downloads,
            "updated": null,
            "feeds": [],
            "items": [],
            "latest": null,
            "previous": null,
            "newer": null,
            "draft": null,
        }));
    };
    let relative = path.strip_prefix(sides.prefix(here)).unwrap_or(path);
    let items: Vec<Value> = (0..sides.sides.len())
        .map(|side| {
            let (href, same) = if side == here {
                (format!("{}{path}", cx.lang_root), true)
            } else {
                sides.link(cx, side, relative)
            };
            let mut item = sides.facts(cx, side);
            if let Some(map) = item.as_object_mut() {
                map.insert("href".to_owned(), Value::String(href));
                map.insert("same".to_owned(), Value::Bool(same));
                map.insert("here".to_owned(), Value::Bool(side == here));
            }
            item
        })
        .collect();
    let updated = match sides.edition(here) {
        Some(edition) => Some(visible(&edition.date)),
        None if !sides.draft => sides.edition(1).map(|e| visible(&e.date)),
        None => None,
    };
    let mut feeds = Vec::new();
    if let Some(href) = sides.output(cx, "feeds/editions.xml") {
        feeds.push(json!({"href": href, "owner": null}));
    }
    if let Some(owner) = owner
        && let Some(href) = sides.output(cx, &format!("feeds/owners/{owner}.xml"))
    {
        let name = cx
            .registry
            .owners
            .get(owner)
            .map_or_else(|| visible(owner), |o| pick(&o.name, cx.lang));
        feeds.push(json!({"href": href, "owner": name}));
    }
    let compare = |before: usize, after: usize| {
        sides
            .compare_path(before, after)
            .map(|p| json!({"href": format!("{}{p}", cx.lang_root), "from": sides.name(before), "to": sides.name(after)}))
    };
    // The edition before this one, and the newest side after it.
    let previous = (here > 0).then(|| compare(here + 1, here)).flatten();
    let newer = match here {
        0 => None,
        1 => sides.draft.then(|| compare(1, 0)).flatten(),
        _ => compare(here, 1),
    };
    Ok(json!({
        "here": sides.facts(cx, here),
        "index": format!("{}{INDEX}", cx.lang_root),
        "downloads": downloads,
        "updated": updated,
        "feeds": feeds,
        "items": items,
        "latest": sides.facts(cx, 1),
        "previous": previous,
        "newer": newer,
        "draft": (here == 0 && sides.draft).then(|| compare(1, 0)).flatten(),
    }))
}

impl<'a> Pages<'a> {
    /// Fills `context` with the list of editions in `lang` (`editions/index.html`); these pages are the
    /// current side's.
    pub fn fill_editions(
        &self,
        lang: &'static str,
        context: &mut Context,
    ) -> Result<(&'static str, super::rows::Sources), SiteError> {
        let sides = self.sides.map(|(s, _)| s).ok_or_else(no_sides)?;
        let cx = self.cx(lang, INDEX);
        let data = editions_page(&cx, sides)?;
        let title = cx.t("versions.title")?;
        let spec = super::Spec {
            kind: super::Kind::Home,
            lang,
            path: INDEX.to_owned(),
        };
        self.frame(cx, &spec, ("editions", title, data), None, context)
    }

    /// Fills `context` with the changes from side `before` (registry `old`) to side `after` (registry `new`)
    /// in `lang`, as `comparison` found them.
    pub fn fill_compare(
        &self,
        lang: &'static str,
        (before, after): (usize, usize),
        (old, new): (&Registry, &Registry),
        comparison: &Comparison,
        context: &mut Context,
    ) -> Result<(&'static str, super::rows::Sources), SiteError> {
        let sides = self.sides.map(|(s, _)| s).ok_or_else(no_sides)?;
        let path = sides.compare_path(before, after).ok_or_else(no_sides)?;
        let cx = self.cx(lang, &path);
        let compared = Compared {
            sides,
            before,
            after,
            old,
            new,
            comparison,
        };
        let data = compared.page(&cx)?;
        let title = format!(
            "{} {} → {}",
            cx.t("versions.compare_title")?,
            compared.side_name(&cx, before)?,
            compared.side_name(&cx, after)?
        );
        let spec = super::Spec {
            kind: super::Kind::Home,
            lang,
            path,
        };
        self.frame(cx, &spec, ("compare", title, data), None, context)
    }
}

fn no_sides() -> SiteError {
    SiteError {
        what: "a page of the editions was asked for without editions".to_owned(),
        fix: "this is a bug of the site builder; please report it".to_owned(),
    }
}

/// The list of editions: each with its dates, issuer, site, document, guide and changes; the comparisons of
/// any two; the feeds.
fn editions_page(cx: &Cx, sides: &Sides) -> Result<Value, SiteError> {
    let editions: Vec<Value> = (1..sides.sides.len())
        .map(|side| {
            let mut facts = sides.facts(cx, side);
            let tag = sides.name(side);
            let previous = side + 1 < sides.sides.len();
            if let Some(map) = facts.as_object_mut() {
                map.insert(
                    "pdf".to_owned(),
                    json!(sides.output(cx, &format!("editions/{tag}.pdf"))),
                );
                map.insert(
                    "guide".to_owned(),
                    json!(previous.then(|| sides.guide(cx, side + 1, side)).flatten()),
                );
                map.insert(
                    "compare".to_owned(),
                    json!(
                        sides
                            .compare_path(side + 1, side)
                            .map(|p| format!("{}{p}", cx.lang_root))
                    ),
                );
            }
            facts
        })
        .collect();
    let pairs: Vec<Value> = sides
        .pairs()
        .into_iter()
        .filter_map(|(before, after)| {
            let path = sides.compare_path(before, after)?;
            Some(json!({
                "href": format!("{}{path}", cx.lang_root),
                "from": sides.name(before),
                "to": sides.name(after),
                "to_current": after == 0,
            }))
        })
        .collect();
    let mut names: Vec<Value> = (1..sides.sides.len())
        .rev()
        .map(|side| json!({"value": sides.name(side), "current": false}))
        .collect();
    if sides.draft {
        names.push(json!({"value": CURRENT, "current": true}));
    }
    let mut feeds = Vec::new();
    if let Some(href) = sides.output(cx, "feeds/editions.xml") {
        feeds.push(json!({"href": href, "file": "feeds/editions.xml", "owner": null, "id": null}));
    }
    for (id, owner) in &cx.registry.owners {
        let file = format!("feeds/owners/{id}.xml");
        if let Some(href) = sides.output(cx, &file) {
            feeds.push(
                json!({"href": href, "file": file, "owner": pick(&owner.name, cx.lang), "id": id}),
            );
        }
    }
    let current = sides.facts(cx, 0);
    Ok(json!({
        "current": current,
        "draft_compare": sides.compare_path(1, 0).map(|p| format!("{}{p}", cx.lang_root)),
        "draft_guide": if sides.draft { sides.guide(cx, 1, 0) } else { None },
        "latest": sides.facts(cx, 1),
        "editions": editions,
        "pairs": pairs,
        "names": names,
        "feeds": feeds,
    }))
}

/// A comparison of two sides, for its page.
struct Compared<'c> {
    sides: &'c Sides,
    before: usize,
    after: usize,
    old: &'c Registry,
    new: &'c Registry,
    comparison: &'c Comparison,
}

impl Compared<'_> {
    fn side_name(&self, cx: &Cx, side: usize) -> Result<String, SiteError> {
        match self.sides.edition(side) {
            Some(edition) => Ok(visible(&edition.tag)),
            None => cx.t("versions.draft"),
        }
    }

    fn page(&self, cx: &Cx) -> Result<Value, SiteError> {
        let counts = self.comparison.counts();
        let mut breaking = Vec::new();
        let mut rows = Vec::new();
        for change in &self.comparison.changes {
            let row = self.change(cx, change)?;
            if change.severity == Severity::Breaking {
                breaking.push(row.clone());
            }
            rows.push(row);
        }
        let versions: Vec<Value> = self
            .comparison
            .versions
            .iter()
            .map(|v| {
                json!({
                    "element": visible(&v.element),
                    "before": v.before.to_string(),
                    "after": v.after.to_string(),
                })
            })
            .collect();
        Ok(json!({
            "from": self.sides.facts(cx, self.before),
            "to": self.sides.facts(cx, self.after),
            "from_name": self.side_name(cx, self.before)?,
            "to_name": self.side_name(cx, self.after)?,
            "counts": {
                "all": self.comparison.changes.len(),
                "breaking": counts.breaking,
                "approved": counts.approved,
                "warning": counts.warning,
                "info": counts.info,
            },
            "bump": self.comparison.required_bump().map(|b| b.as_str()),
            "guide": self.sides.guide(cx, self.before, self.after),
            "breaking": cx.list(breaking),
            "changes": cx.list(rows),
            "versions": versions,
            "index": format!("{}{INDEX}", cx.lang_root),
        }))
    }

    /// One change: what it is in the page's language, where its element is shown, who keeps it, what to do.
    fn change(&self, cx: &Cx, change: &Change) -> Result<Value, SiteError> {
        let action = change.rule.action();
        let approval = change.approval.as_ref().map(|a| {
            json!({
                "reason": pick(&a.reason, cx.lang),
                "legal": a.legal.iter().map(|l| visible(&l.written)).collect::<Vec<_>>().join(", "),
            })
        });
        let owner = change.agency.as_ref().map(|id| {
            let name = [self.new, self.old]
                .into_iter()
                .find_map(|r| r.owners.get(id))
                .map_or_else(|| visible(id), |o| pick(&o.name, cx.lang));
            json!({"id": visible(id), "name": name})
        });
        Ok(json!({
            "severity": {
                "id": change.severity.as_str(),
                "label": cx.t(&format!("versions.severity.{}", change.severity.as_str()))?,
            },
            "text": change_text(change, cx.lang),
            "rule": change.rule.to_string(),
            "element": visible(&change.element),
            "href": self.element_href(cx, change),
            "owner": owner,
            "action": if cx.lang == "vi" { action.vi } else { action.en },
            "approval": approval,
            "breaks_wire": change.breaks_wire,
            "breaks_rust": change.breaks_rust,
        }))
    }

    /// The page (and anchor) of a change's element on the side that has it: the after side, or the before side
    /// for what was removed.
    fn element_href(&self, cx: &Cx, change: &Change) -> Option<String> {
        let side = if change.after.is_some() {
            self.after
        } else {
            self.before
        };
        let rest = change.element.split_once(':').map(|(_, rest)| rest)?;
        let parts: Vec<&str> = rest.split('/').collect();
        let (page, anchor) = match (&change.owner, parts.as_slice()) {
            (Owner::Contract(id), [_, direction @ ("request" | "response"), wire]) => (
                Links::contract(id),
                Some(Links::field_anchor(direction, wire)),
            ),
            (Owner::Contract(id), _) => (Links::contract(id), None),
            (Owner::Record(id), [_, wire]) if change.element.starts_with("record:") => {
                (Links::record(id), Some(Links::field_anchor("f", wire)))
            }
            (Owner::Record(id), _) => (Links::record(id), None),
            (Owner::Catalogue(id), [_, "code", code]) => {
                (Links::catalogue(id), Some(Links::code_anchor(code)))
            }
            (Owner::Catalogue(id), _) => (Links::catalogue(id), None),
            (Owner::Database(id), _) => (Links::database(id), None),
            _ => return None,
        };
        let on_side = self.sides.sides.get(side)?;
        on_side.pages.contains(&page).then(|| {
            let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
            format!("{}{}{page}{anchor}", cx.lang_root, on_side.prefix)
        })
    }
}

/// What changed, as plain text in `lang` (the page escapes it): the English message, or the Vietnamese summary
/// of the rule with the values.
fn change_text(change: &Change, lang: &str) -> String {
    if lang != "vi" {
        return visible(&change.message);
    }
    let summary = change.rule.summary_vi();
    let mut chars = summary.chars();
    let mut text: String = chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect());
    if let (Some(was), Some(now)) = (&change.was, &change.now) {
        text.push_str(&format!(": {} → {}", visible(was), visible(now)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The current side and `editions` editions (newest first: `v1.<n-1>.0` ... `v1.0.0`).
    fn sides(editions: u64, draft: bool) -> Sides {
        let mut sides = vec![Side {
            edition: None,
            prefix: String::new(),
            pages: BTreeSet::new(),
        }];
        for minor in (0..editions).rev() {
            let version = semver::Version::new(1, minor, 0);
            let tag = format!("v{version}");
            sides.push(Side {
                prefix: format!("{FOLDER}{tag}/"),
                edition: Some(Edition {
                    number: u32::try_from(minor + 1).unwrap_or_default(),
                    version,
                    tag,
                    date: "2026-01-01".to_owned(),
                    effective: "2026-01-01".to_owned(),
                    issuer: Default::default(),
                }),
                pages: BTreeSet::new(),
            });
        }
        Sides {
            sides,
            draft,
            outputs: BTreeSet::new(),
        }
    }

    #[test]
    fn every_two_editions_are_compared_and_the_draft_with_the_latest() {
        let cases: [(u64, bool, &[&str]); 5] = [
            (0, false, &[]),
            (0, true, &[]),
            (1, false, &[]),
            (1, true, &["v1.0.0...current"]),
            (
                3,
                true,
                &[
                    "v1.0.0...v1.1.0",
                    "v1.0.0...v1.2.0",
                    "v1.1.0...v1.2.0",
                    "v1.2.0...current",
                ],
            ),
        ];
        for (editions, draft, expected) in cases {
            let sides = sides(editions, draft);
            let paths: Vec<String> = sides
                .pairs()
                .into_iter()
                .map(|(before, after)| {
                    let path = sides.compare_path(before, after).unwrap_or_default();
                    path.trim_start_matches("editions/compare/")
                        .trim_end_matches("/index.html")
                        .to_owned()
                })
                .collect();
            assert_eq!(paths, expected, "{editions} editions, draft: {draft}");
        }
        let sides = sides(3, false);
        assert_eq!(sides.compare_path(1, 3), None, "newer before older");
        assert_eq!(
            sides.compare_path(2, 0),
            None,
            "only the latest with the draft"
        );
        assert_eq!(sides.prefix(3), "editions/v1.0.0/");
        assert_eq!(sides.name(0), CURRENT);
    }
}
