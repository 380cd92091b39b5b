//! Editions: each release of the registry is an edition of the guidance (Art. 21.2 of the Circular), with its
//! number, date, effective date and issuing body.
//!
//! Where they are kept: in the annotated tag of the release (`v<version>`), as trailer lines at the end of its
//! message (`Edition: 1`, `Date: 2026-12-03`, `Effective: 2026-12-03`, `Issuer-vi: ...`, `Issuer-en: ...`), so
//! that they travel with the tag and are read back from git like the release itself; `release` writes them, and
//! the changelog entry repeats them for readers. A tag without them (made by hand) is still an edition: its
//! number is its rank, its date the tag's (or the commit's), its issuer unknown.

use std::fmt::Write as _;

use semver::Version;

use super::history::{History, Release};
use contracts_core::markdown;
use contracts_core::model::Registry;

/// One edition of the guidance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edition {
    /// 1 for the first release, then one more for each.
    pub number: u32,
    pub version: Version,
    pub tag: String,
    /// The day it was released, `yyyy-MM-dd` (Vietnam time).
    pub date: String,
    /// The day it takes effect, `yyyy-MM-dd`.
    pub effective: String,
    pub issuer: Issuer,
}

/// The body that issues the guidance, in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Issuer {
    pub vi: String,
    pub en: String,
}

impl Issuer {
    /// The issuer of the registry's primary legal source (the Circular: the Government Office, which Art. 21.2
    /// charges with the guidance).
    pub fn of(registry: &Registry) -> Issuer {
        registry
            .info
            .legal_sources
            .first()
            .and_then(|id| registry.legal_sources.get(id))
            .and_then(|source| source.issuer.as_ref())
            .map(|text| Issuer {
                vi: text.vi.clone(),
                en: text.en_or_vi().to_owned(),
            })
            .unwrap_or_default()
    }
}

const EDITION: &str = "Edition";
const DATE: &str = "Date";
const EFFECTIVE: &str = "Effective";
const ISSUER_VI: &str = "Issuer-vi";
const ISSUER_EN: &str = "Issuer-en";

impl Edition {
    /// The trailer lines of the tag message (each value on one line).
    pub fn trailers(&self) -> String {
        let one_line = |text: &str| text.replace(['\n', '\r'], " ");
        let mut out = String::new();
        for (key, value) in [
            (EDITION, self.number.to_string()),
            (DATE, self.date.clone()),
            (EFFECTIVE, self.effective.clone()),
            (ISSUER_VI, one_line(&self.issuer.vi)),
            (ISSUER_EN, one_line(&self.issuer.en)),
        ] {
            let _ = writeln!(out, "{key}: {value}");
        }
        out
    }

    /// The line of the changelog entry and of the documents: `Edition 1 of 2026-12-03, effective ..., issued by ...`.
    pub fn line_en(&self) -> String {
        format!(
            "Edition {} of {}, effective {}, issued by {}",
            self.number, self.date, self.effective, self.issuer.en
        )
    }

    pub fn line_vi(&self) -> String {
        format!(
            "Ấn bản số {} ngày {}, có hiệu lực từ ngày {}, do {} ban hành",
            self.number, self.date, self.effective, self.issuer.vi
        )
    }
}

/// The value of the trailer `key` in a tag message.
fn trailer<'a>(message: &'a str, key: &str) -> Option<&'a str> {
    message.lines().rev().find_map(|line| {
        let (k, v) = line.split_once(": ")?;
        (k == key).then(|| v.trim())
    })
}

/// Every edition, oldest first, from the release tags (`releases` as `History::releases` lists them).
pub fn editions(history: &History, releases: &[Release]) -> Vec<Edition> {
    releases
        .iter()
        .enumerate()
        .map(|(rank, release)| read(history, release, rank as u32 + 1))
        .collect()
}

/// The edition of a release: from the trailers of its tag's message, else of its commit's message, else from its
/// changelog entry, else its rank and the commit's day.
fn read(history: &History, release: &Release, rank: u32) -> Edition {
    let repo = history.repo();
    let tag = repo
        .find_reference(&format!("refs/tags/{}", release.tag))
        .ok()
        .and_then(|r| r.peel_to_tag().ok());
    let commit = repo.find_commit(release.commit).ok();
    let message = tag
        .as_ref()
        .and_then(|t| t.message().ok().flatten())
        .filter(|m| trailer(m, EDITION).is_some())
        .or_else(|| commit.as_ref().and_then(|c| c.message().ok()))
        .unwrap_or_default()
        .to_owned();
    let seconds = tag
        .as_ref()
        .and_then(|t| t.tagger().map(|s| s.when().seconds()))
        .or_else(|| commit.as_ref().map(|c| c.time().seconds()))
        .unwrap_or(0);
    if trailer(&message, EDITION).is_none()
        && let Some(edition) = commit
            .as_ref()
            .and_then(|c| history.changelog_at(c))
            .and_then(|text| from_changelog(&text, &release.version))
    {
        return Edition {
            tag: release.tag.clone(),
            ..edition
        };
    }
    let date = trailer(&message, DATE).map_or_else(|| day_of(seconds), str::to_owned);
    Edition {
        number: trailer(&message, EDITION)
            .and_then(|n| n.parse().ok())
            .unwrap_or(rank),
        version: release.version.clone(),
        tag: release.tag.clone(),
        effective: trailer(&message, EFFECTIVE).map_or_else(|| date.clone(), str::to_owned),
        date,
        issuer: Issuer {
            vi: trailer(&message, ISSUER_VI).unwrap_or_default().to_owned(),
            en: trailer(&message, ISSUER_EN).unwrap_or_default().to_owned(),
        },
    }
}

/// The edition a changelog entry states (`## 1.0.0 (date)`, then the lines of [`Edition::line_vi`] and
/// [`Edition::line_en`] as `release` wrote them), for a release whose tag and commit message lack the trailers.
pub fn from_changelog(changelog: &str, version: &Version) -> Option<Edition> {
    let heading = format!("## {version} (");
    let mut lines = changelog
        .lines()
        .skip_while(|line| !line.starts_with(&heading));
    let date = lines.next()?.strip_prefix(&heading)?.strip_suffix(')')?;
    let mut body = lines.take_while(|line| !line.starts_with("## "));
    let vi = body.find(|line| line.starts_with("Ấn bản số "))?;
    let en = body.find(|line| line.starts_with("Edition "))?;
    let (number, rest) = markdown::unescape(en.trim_end().strip_suffix('.')?)
        .strip_prefix("Edition ")?
        .split_once(" of ")
        .map(|(n, rest)| (n.to_owned(), rest.to_owned()))?;
    let (_, rest) = rest.split_once(", effective ")?;
    let (effective, issuer_en) = rest.split_once(", issued by ")?;
    let vi = markdown::unescape(vi.trim_end());
    let issuer_vi = vi.split_once(", do ")?.1.strip_suffix(" ban hành.")?;
    Some(Edition {
        number: number.parse().ok()?,
        version: version.clone(),
        tag: super::history::release_tag(version),
        date: date.to_owned(),
        effective: effective.to_owned(),
        issuer: Issuer {
            vi: issuer_vi.to_owned(),
            en: issuer_en.to_owned(),
        },
    })
    .filter(|edition| is_date(&edition.date) && is_date(&edition.effective))
}

/// The day of a Unix time in Vietnam (UTC+7), `yyyy-MM-dd`.
pub fn day_of(seconds: i64) -> String {
    let vietnam = time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let date = time::OffsetDateTime::from_unix_timestamp(seconds)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(vietnam)
        .date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Whether `text` is a date `yyyy-MM-dd`.
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts[..] else {
        return false;
    };
    if [4, 2, 2] != [year.len(), month.len(), day.len()] {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (year.parse(), month.parse::<u8>(), day.parse()) else {
        return false;
    };
    time::Month::try_from(month)
        .is_ok_and(|month| time::Date::from_calendar_date(year, month, day).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_read_back() {
        let edition = Edition {
            number: 2,
            version: Version::new(1, 1, 0),
            tag: "v1.1.0".to_owned(),
            date: "2026-12-03".to_owned(),
            effective: "2027-01-01".to_owned(),
            issuer: Issuer {
                vi: "Văn phòng Chính phủ".to_owned(),
                en: "Government\nOffice".to_owned(),
            },
        };
        let message = format!("Release 1.1.0\n\n{}", edition.trailers());
        assert_eq!(trailer(&message, EDITION), Some("2"));
        assert_eq!(trailer(&message, EFFECTIVE), Some("2027-01-01"));
        assert_eq!(trailer(&message, ISSUER_VI), Some("Văn phòng Chính phủ"));
        assert_eq!(trailer(&message, ISSUER_EN), Some("Government Office"));
        assert!(is_date("2026-01-25") && !is_date("25/01/2026") && !is_date("2026-02-30"));

        let mut hostile = edition.clone();
        hostile.issuer = Issuer {
            vi: "Văn phòng *Chính phủ*, do [x](y) ban hành".to_owned(),
            en: "Office, issued by <b>\\`x`".to_owned(),
        };
        let entry = format!(
            "# Changelog\n\n## 1.1.0 ({})\n\n{}.  \n{}.\n\n## 1.0.0 (2025-01-01)\n",
            hostile.date,
            contracts_core::markdown::inline(&hostile.line_vi()),
            contracts_core::markdown::inline(&hostile.line_en()),
        );
        assert_eq!(from_changelog(&entry, &hostile.version), Some(hostile));
        assert_eq!(from_changelog(&entry, &Version::new(1, 0, 0)), None);
        assert_eq!(day_of(0), "1970-01-01");
    }
}
