//! What changed since the previous release: the migration guide that `build` wrote for it, on its own page.
//!
//! The guides are outputs (`migrations/<from>-to-<to>.<lang>.md`); this page shows the one that ends at the
//! registry's version (or at the unreleased working tree), from the latest release before it.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Cx;
use crate::site::text::visible;

/// The guide to show, in every language it exists in.
pub struct Changes {
    pub from: String,
    /// The version it leads to, or `None` for the unreleased registry.
    pub to: Option<String>,
    /// Language → (file inside the bundle, text).
    texts: BTreeMap<String, (String, String)>,
}

/// The folder of the guides among the outputs.
const FOLDER: &str = "migrations/";

impl Changes {
    /// The guide from the latest earlier release to `version` (or to the unreleased registry, which wins), among
    /// the outputs named `names`; `read` gives the text of one of them.
    pub fn find<'n>(
        names: impl IntoIterator<Item = &'n str>,
        read: impl Fn(&str) -> Option<Vec<u8>>,
        version: Option<&semver::Version>,
    ) -> Option<Changes> {
        let mut best: Option<(bool, semver::Version, String, Option<String>)> = None;
        for name in names {
            let Some(stem) = name.strip_prefix(FOLDER).and_then(|rest| {
                rest.strip_suffix(".en.md")
                    .or_else(|| rest.strip_suffix(".vi.md"))
            }) else {
                continue;
            };
            let Some((from, to)) = stem.split_once("-to-") else {
                continue;
            };
            let Ok(from_version) = semver::Version::parse(from) else {
                continue;
            };
            let unreleased = to == "unreleased";
            let reaches = unreleased
                || version.is_some_and(|v| semver::Version::parse(to).is_ok_and(|t| t == *v));
            if !reaches {
                continue;
            }
            let candidate = (
                unreleased,
                from_version,
                stem.to_owned(),
                (!unreleased).then(|| to.to_owned()),
            );
            if best
                .as_ref()
                .is_none_or(|b| (candidate.0, &candidate.1) > (b.0, &b.1))
            {
                best = Some(candidate);
            }
        }
        let (_, from, stem, to) = best?;
        let mut texts = BTreeMap::new();
        for lang in crate::site::LANGUAGES {
            let file = format!("{FOLDER}{stem}.{lang}.md");
            if let Some(bytes) = read(&file) {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                texts.insert(lang.to_owned(), (file, text));
            }
        }
        Some(Changes {
            from: from.to_string(),
            to,
            texts,
        })
    }

    /// The guide in `lang`, or in the other language when it has none in `lang`.
    fn text(&self, lang: &str) -> Option<&(String, String)> {
        self.texts.get(lang).or_else(|| self.texts.values().next())
    }
}

/// What the home page says about the changes: the versions and the link to the page.
pub(super) fn summary(cx: &Cx, changes: &Changes) -> Value {
    json!({
        "from": changes.from,
        "to": changes.to,
        "href": cx.href("changes.html"),
    })
}

pub(super) fn changes_page(cx: &Cx, changes: &Changes) -> Value {
    let (file, text) = changes
        .text(cx.lang)
        .map(|(file, text)| (file.as_str(), visible(text)))
        .unwrap_or_default();
    json!({
        "from": changes.from,
        "to": changes.to,
        "text": text,
        "file": file,
        "href": cx.site_href(&format!("downloads/bundle/{file}")),
        "index": cx.site_href("downloads/bundle/migrations/README.md"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn outputs(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    impl Changes {
        fn find_in(names: &BTreeSet<String>, version: Option<&semver::Version>) -> Option<Changes> {
            let read = |name: &str| names.contains(name).then(|| name.as_bytes().to_vec());
            Changes::find(names.iter().map(String::as_str), read, version)
        }
    }

    #[test]
    fn the_guide_to_this_version_from_the_latest_earlier_release() {
        let version = semver::Version::new(1, 2, 0);
        let all = outputs(&[
            "migrations/1.0.0-to-1.1.0.en.md",
            "migrations/1.0.0-to-1.2.0.en.md",
            "migrations/1.0.0-to-1.2.0.vi.md",
            "migrations/1.1.0-to-1.2.0.en.md",
            "migrations/1.1.0-to-1.2.0.vi.md",
            "migrations/README.md",
            "openapi/x-to-1.2.0.en.md",
        ]);
        let changes = Changes::find_in(&all, Some(&version)).unwrap();
        assert_eq!(
            (changes.from.as_str(), changes.to.as_deref()),
            ("1.1.0", Some("1.2.0"))
        );
        assert_eq!(
            changes.text("vi").unwrap().0,
            "migrations/1.1.0-to-1.2.0.vi.md"
        );

        let mut unreleased = all.clone();
        unreleased.insert("migrations/1.2.0-to-unreleased.en.md".into());
        let changes = Changes::find_in(&unreleased, Some(&version)).unwrap();
        assert_eq!(
            (changes.from.as_str(), changes.to.as_deref()),
            ("1.2.0", None)
        );
        assert_eq!(
            changes.text("vi").unwrap().0,
            "migrations/1.2.0-to-unreleased.en.md"
        );

        assert!(Changes::find_in(&all, Some(&semver::Version::new(2, 0, 0))).is_none());
        assert!(Changes::find_in(&outputs(&["migrations/README.md"]), None).is_none());
    }
}
