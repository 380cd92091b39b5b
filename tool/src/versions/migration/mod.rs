//! Migration guides in Vietnamese and English, written under `generated/migrations/`.
//!
//! One for every pair of releases, and one for the working tree against the latest release: the counts by
//! severity, the breaking changes with what a system must do, every change by contract, and the YAML text diff
//! of each changed file.

use contracts_core::markdown;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use semver::Version;

use crate::versions::comparison::Comparison;
use crate::versions::diff::usage::{Reached, reach};
use crate::versions::diff::{Change, Owner, Severity};
use crate::versions::edition::{self, Edition};
use crate::versions::feed;
use crate::versions::history::{History, HistoryError, Snapshot, release_tag};
use crate::versions::render::cell;
use crate::versions::semver_check;
use contracts_core::generate::Outputs;
use contracts_core::limits::Limits;
use contracts_core::rules::Usage;

/// The folder of the guides inside `generated/`.
pub const FOLDER: &str = "migrations";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Picks the text of this language.
    fn pick<'a>(self, en: &'a str, vi: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

/// One guide to write: from which side to which, under which file stem (`1.0.0-to-1.1.0`).
struct Guide<'a> {
    before: &'a Snapshot,
    after: &'a Snapshot,
    comparison: &'a Comparison,
    stem: &'a str,
}

/// Every migration guide of the project: all pairs of releases, plus the working tree against the latest
/// release when it differs. With `release_as`, the working tree is the release about to be made.
///
/// `Err` says why history could not be read (no repository, a shallow clone): the caller then keeps the guides
/// already written.
pub fn outputs(
    root: &Path,
    current: &mut Snapshot,
    pending: Option<&Edition>,
    limits: &Limits,
) -> Result<Outputs, String> {
    let release_as = pending.map(|edition| &edition.version);
    let history = History::open(root).map_err(|e| e.to_string())?;
    if history.is_shallow() {
        return Err("the clone is shallow, so older releases cannot be read (fetch the whole history with `git fetch --unshallow --tags`)".to_owned());
    }
    let mut releases = Vec::new();
    let mut tags = history.releases().map_err(|e| e.to_string())?;
    if let Some(why) = crate::versions::history::missing_releases(root, &tags) {
        return Err(why);
    }
    tags.retain(|release| release_as != Some(&release.version));
    let mut editions = Vec::new();
    for (release, edition) in tags.iter().zip(edition::editions(&history, &tags)) {
        match history.load_release(release, limits) {
            Ok(snapshot) => {
                releases.push((release.version.clone(), snapshot));
                editions.push(edition);
            }
            Err(HistoryError::NoRegistry { .. }) => {}
            Err(error) => return Err(error.to_string()),
        }
    }
    let saved = (current.label.clone(), current.is_release);
    if let Some(version) = release_as {
        current.label = release_tag(version);
        current.is_release = true;
    }
    let mut out = guides(&releases, current, release_as);
    out.extend(feeds(&releases, &editions, current, pending));
    (current.label, current.is_release) = saved;
    Ok(out)
}

/// The Atom feeds of the editions (and of the one about to be released).
fn feeds(
    releases: &[(Version, Snapshot)],
    editions: &[Edition],
    current: &Snapshot,
    pending: Option<&Edition>,
) -> Outputs {
    let mut sides: Vec<(&Snapshot, &Edition)> = releases
        .iter()
        .map(|(_, snapshot)| snapshot)
        .zip(editions)
        .collect();
    if let Some(edition) = pending {
        sides.push((current, edition));
    }
    let comparisons: Vec<Option<Comparison>> = sides
        .iter()
        .enumerate()
        .map(|(i, (after, _))| {
            i.checked_sub(1)
                .map(|before| Comparison::of(sides[before].0, after))
        })
        .collect();
    let entries: Vec<feed::Entry<'_>> = sides
        .iter()
        .zip(&comparisons)
        .map(|((_, edition), changes)| feed::Entry {
            edition,
            changes: changes.as_ref(),
        })
        .collect();
    let latest = sides.last().map_or(&current.registry, |(s, _)| &s.registry);
    feed::outputs(latest, &entries)
}

fn guides(
    releases: &[(Version, Snapshot)],
    current: &Snapshot,
    release_as: Option<&Version>,
) -> Outputs {
    let mut sides: Vec<(String, &Snapshot)> = releases
        .iter()
        .map(|(version, snapshot)| (version.to_string(), snapshot))
        .collect();
    if let Some(version) = release_as {
        sides.push((version.to_string(), current));
    }
    let mut out = Outputs::new();
    let mut stems = Vec::new();
    for (i, (from, before)) in sides.iter().enumerate() {
        for (to, after) in &sides[i + 1..] {
            let stem = format!("{from}-to-{to}");
            write_guide(before, after, &stem, &mut out);
            stems.push(stem);
        }
    }
    if release_as.is_none()
        && let Some((from, latest)) = sides.last()
    {
        let comparison = Comparison::of(latest, current);
        if !comparison.changes.is_empty() || !yaml_diffs(latest, current).is_empty() {
            let stem = format!("{from}-to-unreleased");
            write_guide(latest, current, &stem, &mut out);
            stems.push(stem);
        }
    }
    if !stems.is_empty() {
        out.insert(format!("{FOLDER}/README.md"), index(&stems).into_bytes());
    }
    out
}

fn write_guide(before: &Snapshot, after: &Snapshot, stem: &str, out: &mut Outputs) {
    let comparison = Comparison::of(before, after);
    let guide = Guide {
        before,
        after,
        comparison: &comparison,
        stem,
    };
    for lang in Lang::ALL {
        out.insert(
            format!("{FOLDER}/{stem}.{}.md", lang.code()),
            render(&guide, lang).into_bytes(),
        );
    }
}

fn index(stems: &[String]) -> String {
    let mut text = String::from(
        "<!-- @generated by `cargo contracts build` from the release tags; do not edit. -->\n\
         # Migration guides / Hướng dẫn chuyển đổi\n\n\
         One guide per pair of releases, and one from the latest release to the unreleased registry.\n\
         Mỗi cặp phiên bản có một hướng dẫn, và một hướng dẫn từ phiên bản mới nhất đến danh mục chưa phát hành.\n\n\
         | from → to | English | Tiếng Việt |\n|---|---|---|\n",
    );
    for stem in stems {
        text.push_str(&format!(
            "| {} | [{stem}.en.md]({stem}.en.md) | [{stem}.vi.md]({stem}.vi.md) |\n",
            stem.replace("-to-", " → ")
        ));
    }
    text
}

/// The comparison of two sides as a guide, for `diff --format guide`: the Markdown text in `lang`.
pub fn guide_text(
    before: &Snapshot,
    after: &Snapshot,
    comparison: &Comparison,
    lang: Lang,
) -> String {
    let stem = format!(
        "{}-to-{}",
        version_label(before),
        if after.is_release {
            version_label(after)
        } else {
            "unreleased".to_owned()
        }
    );
    render(
        &Guide {
            before,
            after,
            comparison,
            stem: &stem,
        },
        lang,
    )
}

fn version_label(side: &Snapshot) -> String {
    side.registry
        .info
        .version
        .as_ref()
        .map_or_else(|| side.label.clone(), ToString::to_string)
}

fn render(guide: &Guide<'_>, lang: Lang) -> String {
    let mut out = String::new();
    header(guide, lang, &mut out);
    summary(guide, lang, &mut out);
    breaking(guide, lang, &mut out);
    by_contract(guide, lang, &mut out);
    catalogues(guide, lang, &mut out);
    others(guide, lang, &mut out);
    yaml(guide, lang, &mut out);
    out
}

fn header(guide: &Guide<'_>, lang: Lang, out: &mut String) {
    let (from, to) = (version_label(guide.before), target_label(guide, lang));
    out.push_str("<!-- @generated by `cargo contracts build` from the git history of `contracts/`; do not edit. -->\n");
    out.push_str(&match lang {
        Lang::En => format!("# Migration guide: data-contract registry {from} → {to}\n\n"),
        Lang::Vi => format!("# Hướng dẫn chuyển đổi: danh mục hợp đồng dữ liệu {from} → {to}\n\n"),
    });
    let other = lang.other();
    out.push_str(&format!(
        "{} [{}]({}.{}.md)\n\n",
        lang.pick("Also in", "Bản"),
        other_name(other),
        guide.stem,
        other.code()
    ));
    out.push_str(lang.pick(
        "What changed in the data contracts of Circular 04/2025/TT-VPCP, and what a ministry or provincial system must do. \
         A *sender* writes a payload (the caller for a request, the answering system for a response); a *reader* reads it. \
         Breaking changes stop systems built for the earlier version from working (on the wire) or from compiling (with the generated Rust crate).\n\n",
        "Những gì thay đổi trong các hợp đồng dữ liệu theo Thông tư 04/2025/TT-VPCP, và việc hệ thống của bộ, tỉnh phải làm. \
         *Bên gửi* là bên ghi gói dữ liệu (bên gọi với yêu cầu, bên trả lời với phản hồi); *bên nhận* là bên đọc gói dữ liệu. \
         Thay đổi phá vỡ tương thích làm hệ thống xây dựng cho phiên bản trước ngừng hoạt động (trên đường truyền) hoặc không biên dịch được (với crate Rust được sinh).\n\n",
    ));
    for side in [guide.before, guide.after] {
        let errors = side.diagnostics.error_count();
        if errors > 0 {
            out.push_str(&match lang {
                Lang::En => format!("> Note: the registry at `{}` does not pass today's checks ({errors} errors); elements with errors are left out of this guide.\n\n", side.label),
                Lang::Vi => format!("> Lưu ý: danh mục tại `{}` không đạt các kiểm tra hiện nay ({errors} lỗi); các thành phần có lỗi không có trong hướng dẫn này.\n\n", side.label),
            });
        }
    }
}

fn target_label(guide: &Guide<'_>, lang: Lang) -> String {
    if guide.after.is_release {
        version_label(guide.after)
    } else {
        lang.pick("unreleased", "chưa phát hành").to_owned()
    }
}

fn other_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "tiếng Việt",
        Lang::En => "English",
    }
}

fn severity_name(severity: Severity, lang: Lang) -> &'static str {
    match severity {
        Severity::Breaking => lang.pick("breaking", "phá vỡ tương thích"),
        Severity::Warning => lang.pick("warning", "cảnh báo"),
        Severity::Info => lang.pick("info", "thông tin"),
    }
}

fn summary(guide: &Guide<'_>, lang: Lang, out: &mut String) {
    let counts = guide.comparison.counts();
    out.push_str(lang.pick("## Summary\n\n", "## Tóm tắt\n\n"));
    out.push_str(lang.pick(
        "| severity | changes |\n|---|---|\n",
        "| mức độ | số thay đổi |\n|---|---|\n",
    ));
    for severity in Severity::ALL {
        let count = counts.of_severity(severity);
        let approved = if severity == Severity::Breaking && counts.approved > 0 {
            format!(
                " ({} {})",
                counts.approved,
                lang.pick("approved", "đã phê duyệt")
            )
        } else {
            String::new()
        };
        out.push_str(&format!(
            "| {} | {count}{approved} |\n",
            severity_name(severity, lang)
        ));
    }
    out.push('\n');
    if let (Some(bump), Some(version)) = (
        guide.comparison.required_bump(),
        guide.before.registry.info.version.as_ref(),
    ) {
        let next = semver_check::next(version, bump);
        out.push_str(&match lang {
            Lang::En => format!("These changes need a **{bump}** release of the registry: {version} → {next} or higher.\n\n"),
            Lang::Vi => format!("Các thay đổi này cần phát hành phiên bản **{}** của danh mục: {version} → {next} trở lên.\n\n", bump_vi(bump)),
        });
    }
    if !guide.comparison.versions.is_empty() {
        out.push_str(lang.pick(
            "| element | from | to |\n|---|---|---|\n",
            "| thành phần | từ | đến |\n|---|---|---|\n",
        ));
        for check in &guide.comparison.versions {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                check.element, check.before, check.after
            ));
        }
        out.push('\n');
    }
}

fn bump_vi(bump: crate::versions::diff::Bump) -> &'static str {
    match bump {
        crate::versions::diff::Bump::Major => "lớn (major)",
        crate::versions::diff::Bump::Minor => "nhỏ (minor)",
        crate::versions::diff::Bump::Patch => "vá (patch)",
    }
}

/// The contracts that carry each record and catalogue, with the directions, on either side.
fn carriers(guide: &Guide<'_>) -> BTreeMap<Reached, Vec<(String, Usage)>> {
    let mut out: BTreeMap<Reached, BTreeMap<String, Usage>> = BTreeMap::new();
    for side in [guide.before, guide.after] {
        for (id, contract) in &side.registry.contracts {
            for (reached, usage) in reach(&side.registry, contract) {
                let entry = out
                    .entry(reached)
                    .or_default()
                    .entry(id.clone())
                    .or_default();
                *entry = entry.union(usage);
            }
        }
    }
    out.into_iter()
        .map(|(reached, contracts)| (reached, contracts.into_iter().collect()))
        .collect()
}

/// The contracts a change reaches: its own, or those that carry its record or catalogue.
fn affected(
    change: &Change,
    carriers: &BTreeMap<Reached, Vec<(String, Usage)>>,
) -> Vec<(String, Usage)> {
    let reached = match &change.owner {
        Owner::Contract(id) => return vec![(id.clone(), change.usage)],
        Owner::Record(id) => Reached::Record(id.clone()),
        Owner::Catalogue(id) => Reached::Catalogue(id.clone()),
        _ => return Vec::new(),
    };
    carriers.get(&reached).cloned().unwrap_or_default()
}

/// The severity of a change for one contract: its own changes as they are, a record's or catalogue's changes
/// as they travel in that contract.
fn severity_for(change: &Change, usage: Usage) -> Severity {
    match change.owner {
        Owner::Record(_) | Owner::Catalogue(_) => change.rule.classify(usage).severity,
        _ => change.severity,
    }
}

fn direction_name(usage: Usage, lang: Lang) -> &'static str {
    match (usage.request, usage.response) {
        (true, true) => lang.pick("request and response", "yêu cầu và phản hồi"),
        (true, false) => lang.pick("request", "yêu cầu"),
        (false, true) => lang.pick("response", "phản hồi"),
        (false, false) => lang.pick("not carried", "không truyền"),
    }
}

/// What changed, in the guide's language: the English message, or the Vietnamese summary with the values.
fn change_text(change: &Change, lang: Lang) -> String {
    match lang {
        Lang::En => markdown::inline(&change.message),
        Lang::Vi => {
            let mut text = capitalise(change.rule.summary_vi());
            if let (Some(was), Some(now)) = (&change.was, &change.now) {
                text.push_str(&format!(
                    ": {} → {}",
                    markdown::code(was),
                    markdown::code(now)
                ));
            }
            text
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn breaking(guide: &Guide<'_>, lang: Lang, out: &mut String) {
    out.push_str(lang.pick(
        "## Breaking changes: what a system must do\n\n",
        "## Thay đổi phá vỡ tương thích: việc hệ thống phải làm\n\n",
    ));
    let breaking: Vec<&Change> = guide
        .comparison
        .changes
        .iter()
        .filter(|c| c.severity == Severity::Breaking)
        .collect();
    if breaking.is_empty() {
        out.push_str(lang.pick(
            "None: systems built for the earlier version keep working.\n\n",
            "Không có: hệ thống xây dựng cho phiên bản trước vẫn hoạt động.\n\n",
        ));
        return;
    }
    let carriers = carriers(guide);
    for (index, change) in breaking.iter().enumerate() {
        out.push_str(&format!(
            "### {}. {}\n\n",
            index + 1,
            markdown::code(&change.element)
        ));
        out.push_str(&format!(
            "{} (`{}`)\n\n",
            change_text(change, lang),
            change.rule
        ));
        if change.agency.is_some() {
            out.push_str(&format!(
                "- {}: {}\n",
                lang.pick("Owner", "Cơ quan quản lý"),
                owner_name(guide, change, lang)
            ));
        }
        let contracts = affected(change, &carriers);
        if !contracts.is_empty() {
            let list: Vec<String> = contracts
                .iter()
                .map(|(id, usage)| format!("`{id}` ({})", direction_name(*usage, lang)))
                .collect();
            out.push_str(&format!(
                "- {}: {}\n",
                lang.pick("Contracts", "Hợp đồng"),
                list.join(", ")
            ));
        }
        let mut breaks = Vec::new();
        if change.breaks_wire {
            breaks.push(lang.pick("the wire", "đường truyền"));
        }
        if change.breaks_rust {
            breaks.push(lang.pick(
                "code using the generated Rust crate",
                "mã nguồn dùng crate Rust được sinh",
            ));
        }
        out.push_str(&format!(
            "- {}: {}\n",
            lang.pick("Breaks", "Phá vỡ"),
            breaks.join(", ")
        ));
        let contracts_core::rules::Action { en, vi } = change.rule.action();
        out.push_str(&format!(
            "- **{}** {}\n",
            lang.pick("What to do:", "Việc cần làm:"),
            lang.pick(en, vi)
        ));
        if let Some(approval) = &change.approval {
            let legal: Vec<&str> = approval.legal.iter().map(|l| l.written.as_str()).collect();
            let reason = markdown::inline(match lang {
                Lang::En => approval.reason.en_or_vi().trim_end_matches('.'),
                Lang::Vi => approval.reason.vi.trim_end_matches('.'),
            });
            let legal: Vec<String> = legal.iter().map(|l| markdown::inline(l)).collect();
            out.push_str(&format!(
                "- {}: {reason} ({} {})\n",
                lang.pick("Approved", "Đã phê duyệt"),
                lang.pick("legal basis", "căn cứ"),
                legal.join(", ")
            ));
        }
        out.push('\n');
    }
}

fn table_header(lang: Lang, out: &mut String) {
    out.push_str(lang.pick(
        "| severity | change | element | owner | what to do |\n|---|---|---|---|---|\n",
        "| mức độ | thay đổi | thành phần | cơ quan quản lý | việc cần làm |\n|---|---|---|---|---|\n",
    ));
}

/// The agency that keeps the changed element, by name and id (`Bộ Công an (bca)`), or `—`.
fn owner_name(guide: &Guide<'_>, change: &Change, lang: Lang) -> String {
    let Some(id) = &change.agency else {
        return "—".to_owned();
    };
    let owner = [&guide.after.registry, &guide.before.registry]
        .into_iter()
        .find_map(|registry| registry.owners.get(id));
    match owner {
        Some(owner) => {
            let name = match lang {
                Lang::En => owner.name.en_or_vi(),
                Lang::Vi => owner.name.vi.as_str(),
            };
            format!("{} (`{id}`)", markdown::inline(name))
        }
        None => format!("`{id}`"),
    }
}

/// One change as a table row, of `severity` (the change's own, or as it affects one contract).
fn table_row(guide: &Guide<'_>, change: &Change, severity: Severity, lang: Lang, out: &mut String) {
    let contracts_core::rules::Action { en, vi } = change.rule.action();
    let approved = if change.approval.is_some() && severity == Severity::Breaking {
        lang.pick(" (approved)", " (đã phê duyệt)")
    } else {
        ""
    };
    out.push_str(&format!(
        "| {}{approved} | {} (`{}`) | {} | {} | {} |\n",
        severity_name(severity, lang),
        cell(&change_text(change, lang)),
        change.rule,
        cell(&markdown::code(&change.element)),
        cell(&owner_name(guide, change, lang)),
        lang.pick(en, vi)
    ));
}

fn by_contract(guide: &Guide<'_>, lang: Lang, out: &mut String) {
    out.push_str(lang.pick(
        "## Changes by contract\n\n",
        "## Thay đổi theo hợp đồng\n\n",
    ));
    let carriers = carriers(guide);
    let ids: BTreeSet<&String> = guide
        .before
        .registry
        .contracts
        .keys()
        .chain(guide.after.registry.contracts.keys())
        .collect();
    let mut any = false;
    for id in ids {
        let changes: Vec<(&Change, Severity)> = guide
            .comparison
            .changes
            .iter()
            .filter_map(|c| {
                let (_, usage) = affected(c, &carriers)
                    .into_iter()
                    .find(|(contract, _)| contract == id)?;
                Some((c, severity_for(c, usage)))
            })
            .collect();
        if changes.is_empty() {
            continue;
        }
        any = true;
        let contract = guide
            .after
            .registry
            .contracts
            .get(id)
            .or_else(|| guide.before.registry.contracts.get(id));
        let title = contract.map_or_else(String::new, |c| {
            markdown::inline(match lang {
                Lang::En => c.title.en_or_vi(),
                Lang::Vi => &c.title.vi,
            })
        });
        let versions = match (
            guide.before.registry.contracts.get(id),
            guide.after.registry.contracts.get(id),
        ) {
            (Some(old), Some(new)) => format!(" ({} → {})", old.version, new.version),
            (None, Some(new)) => format!(" ({} {})", lang.pick("new,", "mới,"), new.version),
            (Some(old), None) => format!(
                " ({} {})",
                lang.pick("removed, was", "đã bỏ, trước là"),
                old.version
            ),
            (None, None) => String::new(),
        };
        out.push_str(&format!("### `{id}`: {title}{versions}\n\n"));
        table_header(lang, out);
        for (change, severity) in changes {
            table_row(guide, change, severity, lang, out);
        }
        out.push('\n');
    }
    if !any {
        out.push_str(lang.pick(
            "No contract changed.\n\n",
            "Không hợp đồng nào thay đổi.\n\n",
        ));
    }
}

fn catalogues(guide: &Guide<'_>, lang: Lang, out: &mut String) {
    let mut by_catalogue: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for change in &guide.comparison.changes {
        if let Owner::Catalogue(id) = &change.owner {
            by_catalogue.entry(id).or_default().push(change);
        }
    }
    if by_catalogue.is_empty() {
        return;
    }
    out.push_str(lang.pick("## Catalogues\n\n", "## Danh mục\n\n"));
    for (id, changes) in by_catalogue {
        let versions = match (
            guide.before.registry.catalogues.get(id),
            guide.after.registry.catalogues.get(id),
        ) {
            (Some(old), Some(new)) => format!(" ({} → {})", old.version, new.version),
            _ => String::new(),
        };
        out.push_str(&format!("### `{id}`{versions}\n\n"));
        table_header(lang, out);
        for change in changes {
            table_row(guide, change, change.severity, lang, out);
        }
        out.push('\n');
    }
}

fn others(guide: &Guide<'_>, lang: Lang, out: &mut String) {
    let carriers = carriers(guide);
    let rest: Vec<&Change> = guide
        .comparison
        .changes
        .iter()
        .filter(|c| !matches!(c.owner, Owner::Catalogue(_) | Owner::Contract(_)))
        .filter(|c| affected(c, &carriers).is_empty())
        .collect();
    if rest.is_empty() {
        return;
    }
    out.push_str(lang.pick(
        "## Registry, owners, databases, reuse declarations, identifiers, legal sources and records no contract carries\n\n",
        "## Danh mục chung, cơ quan quản lý, cơ sở dữ liệu, khai báo thay thế thành phần hồ sơ, mã định danh, văn bản pháp lý và cấu trúc bản ghi không hợp đồng nào dùng\n\n",
    ));
    table_header(lang, out);
    for change in rest {
        table_row(guide, change, change.severity, lang, out);
    }
    out.push('\n');
}

fn yaml(guide: &Guide<'_>, lang: Lang, out: &mut String) {
    let diffs = yaml_diffs(guide.before, guide.after);
    if diffs.is_empty() {
        return;
    }
    out.push_str(lang.pick("## YAML changes\n\n", "## Thay đổi trong tệp YAML\n\n"));
    for (name, diff) in diffs {
        let diff = markdown::visible(&diff);
        let fence = fence_for(&diff);
        let name = markdown::code(&name);
        out.push_str(&format!("### {name}\n\n{fence}diff\n{diff}{fence}\n\n"));
    }
}

/// The unified diff of every file whose text differs, by name.
fn yaml_diffs(before: &Snapshot, after: &Snapshot) -> Vec<(String, String)> {
    let texts = |side: &Snapshot| -> BTreeMap<String, String> {
        side.registry
            .sources
            .files()
            .map(|(_, f)| (f.name.clone(), f.text.clone()))
            .collect()
    };
    let (old, new) = (texts(before), texts(after));
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut out = Vec::new();
    for name in names {
        let (a, b) = (
            old.get(name).map_or("", String::as_str),
            new.get(name).map_or("", String::as_str),
        );
        if a == b {
            continue;
        }
        let diff = similar::TextDiff::from_lines(a, b)
            .unified_diff()
            .context_radius(3)
            .header(
                &diff_name(before, old.contains_key(name), name),
                &diff_name(after, new.contains_key(name), name),
            )
            .to_string();
        let diff = if diff.ends_with('\n') {
            diff
        } else {
            format!("{diff}\n")
        };
        out.push((name.clone(), diff));
    }
    out
}

/// The name of a file on one side of a text diff: `/dev/null` where it does not exist.
fn diff_name(side: &Snapshot, exists: bool, name: &str) -> String {
    if exists {
        format!("{}{name}", side.file_prefix())
    } else {
        "/dev/null".to_owned()
    }
}

/// A code fence longer than any run of backticks in `text`.
fn fence_for(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}
