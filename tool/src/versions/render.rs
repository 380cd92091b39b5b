//! A whole comparison, and its text (rustc-style, both sides), JSON and Markdown forms.
//!
//! A comparison is the changes, the version checks and the approvals that match no change.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde_json::{Value, json};

use super::comparison::Comparison;
use super::diff::{Bump, Change, Severity};
use crate::versions::history::Snapshot;
use crate::versions::semver_check::{self, Problem, VersionCheck};
use contracts_core::markdown;
use contracts_core::source::Span;

impl Comparison {
    /// Every change rendered like rustc, with both sides, then the version problems and a summary.
    pub fn text(&self, before: &Snapshot, after: &Snapshot, renderer: &Renderer) -> String {
        let mut out = String::new();
        for change in &self.changes {
            out.push_str(&change_text(change, before, after, renderer));
            out.push_str("\n\n");
        }
        for diagnostic in &self.diagnostics(&before.label) {
            out.push_str(&diagnostic.render(&after.registry.sources, renderer));
            out.push_str("\n\n");
        }
        out.push_str(&self.summary(before, after));
        out.push('\n');
        out
    }

    /// `2 breaking (1 approved), 1 warning, 3 info from v1.0.0 to working tree; a major release (1.0.0 → 2.0.0)`.
    pub fn summary(&self, before: &Snapshot, after: &Snapshot) -> String {
        let counts = self.counts();
        if self.changes.is_empty() {
            return format!("no changes from {} to {}", before.label, after.label);
        }
        let approved = if counts.approved > 0 {
            format!(" ({} approved)", counts.approved)
        } else {
            String::new()
        };
        let mut line = format!(
            "{} breaking{approved}, {} warning{}, {} info from {} to {}",
            counts.breaking,
            counts.warning,
            if counts.warning == 1 { "" } else { "s" },
            counts.info,
            before.label,
            after.label
        );
        if let (Some(bump), Some(version)) = (self.required_bump(), &before.registry.info.version) {
            line.push_str(&format!(
                "; needs a {bump} release ({version} → {})",
                semver_check::next(version, bump)
            ));
        }
        let unapproved = self.unapproved().count();
        if unapproved > 0 {
            line.push_str(&format!(
                "\n{unapproved} breaking change{} not approved: approve {} in contracts/approvals.yaml (rule, element, reason, legal basis) or undo {}",
                if unapproved == 1 { " is" } else { "s are" },
                if unapproved == 1 { "it" } else { "them" },
                if unapproved == 1 { "it" } else { "them" },
            ));
        }
        line
    }

    pub fn json(&self, before: &Snapshot, after: &Snapshot) -> Value {
        let counts = self.counts();
        json!({
            "from": side_json(before),
            "to": side_json(after),
            "passes": !self.fails(),
            "summary": {
                "breaking": counts.breaking,
                "approved": counts.approved,
                "warning": counts.warning,
                "info": counts.info,
                "required_bump": self.required_bump().map(Bump::as_str),
            },
            "changes": self.changes.iter().map(|c| change_json(c, before, after)).collect::<Vec<_>>(),
            "versions": self.versions.iter().map(version_json).collect::<Vec<_>>(),
            "unused_approvals": self.unused_approvals.iter().map(|a| json!({
                "rule": a.rule,
                "element": a.element,
                "file": after.registry.sources.get(a.span.file).name,
                "line": a.span.line,
            })).collect::<Vec<_>>(),
        })
    }

    pub fn markdown(&self, before: &Snapshot, after: &Snapshot) -> String {
        let counts = self.counts();
        let mut out = format!("# Changes from {} to {}\n\n", before.label, after.label);
        out.push_str("| severity | changes |\n|---|---|\n");
        out.push_str(&format!(
            "| breaking | {} ({} approved) |\n| warning | {} |\n| info | {} |\n\n",
            counts.breaking, counts.approved, counts.warning, counts.info
        ));
        if let Some(bump) = self.required_bump() {
            out.push_str(&format!(
                "These changes need a **{bump}** release of the registry.\n\n"
            ));
        }
        if !self.changes.is_empty() {
            out.push_str(
                "| severity | rule | element | owner | wire | Rust | change | before | after |\n",
            );
            out.push_str("|---|---|---|---|---|---|---|---|---|\n");
            for change in &self.changes {
                let severity = match (&change.approval, change.severity) {
                    (Some(_), Severity::Breaking) => "breaking (approved)".to_owned(),
                    (_, severity) => severity.to_string(),
                };
                out.push_str(&format!(
                    "| {severity} | `{}` | {} | {} | {} | {} | {} | {} | {} |\n",
                    change.rule,
                    cell(&markdown::code(&change.element)),
                    change
                        .agency
                        .as_deref()
                        .map_or_else(|| "—".to_owned(), cell),
                    yes_no(change.breaks_wire),
                    yes_no(change.breaks_rust),
                    cell(&markdown::inline(&change.message)),
                    place(before, change.before),
                    place(after, change.after),
                ));
            }
            out.push('\n');
        }
        if !self.versions.is_empty() {
            out.push_str("| element | before | after | needs | status |\n|---|---|---|---|---|\n");
            for check in &self.versions {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    check.element,
                    check.before,
                    check.after,
                    check.needed.map_or("—", Bump::as_str),
                    version_status(check)
                ));
            }
            out.push('\n');
        }
        out
    }
}

fn change_text(
    change: &Change,
    before: &Snapshot,
    after: &Snapshot,
    renderer: &Renderer,
) -> String {
    let level = match change.severity {
        Severity::Breaking => Level::ERROR.with_name("breaking"),
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let (was, now) = labels(change, before, after);
    let after_place = change.after.map(|span| (after, span, now));
    let before_place = change.before.map(|span| (before, span, was));
    let places: Vec<(&Snapshot, Span, String, String)> = [after_place, before_place]
        .into_iter()
        .flatten()
        .filter(|(side, span, _)| (span.file.0 as usize) < side.registry.sources.len())
        .map(|(side, span, label)| {
            let file = side.registry.sources.get(span.file);
            let path = format!("{}{}", side.file_prefix(), file.name);
            (side, span, label, path)
        })
        .collect();
    let title = level.primary_title(&change.message).id(change.rule.id());
    let mut group = Group::with_title(title);
    for (index, (side, span, label, path)) in places.iter().enumerate() {
        let file = side.registry.sources.get(span.file);
        let kind = if index == 0 {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        group = group.element(
            Snippet::source(file.text.as_str())
                .path(path.as_str())
                .fold(true)
                .annotation(
                    kind.span(span.byte_range_in(&file.text))
                        .label(label.as_str()),
                ),
        );
    }
    let notes = notes(change);
    for note in &notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    let help = Group::with_title(Level::HELP.secondary_title(change.rule.action().en));
    renderer.render(&[group, help])
}

/// The labels under the before and after snippets: the values, or where the element was added or removed.
fn labels(change: &Change, before: &Snapshot, after: &Snapshot) -> (String, String) {
    let id = change.rule.id();
    let was = match &change.was {
        Some(value) => format!("was `{value}`"),
        None if id.ends_with("-added") => format!("not in {}", before.label),
        None => "before".to_owned(),
    };
    let now = match &change.now {
        Some(value) => format!("now `{value}`"),
        None if id.ends_with("-removed") => format!("no longer in {}", after.label),
        None => "after".to_owned(),
    };
    (was, now)
}

fn notes(change: &Change) -> Vec<String> {
    let mut notes = vec![format!(
        "carried in: {}; breaks the wire: {}; breaks generated Rust code: {}",
        change.usage.describe(),
        yes_no(change.breaks_wire),
        yes_no(change.breaks_rust)
    )];
    if let Some(agency) = &change.agency {
        notes.push(format!("owner: {agency}"));
    }
    if let Some(approval) = &change.approval {
        let legal: Vec<&str> = approval.legal.iter().map(|l| l.written.as_str()).collect();
        notes.push(format!(
            "approved: {} (legal basis: {})",
            approval.reason.en_or_vi().trim_end_matches('.'),
            legal.join(", ")
        ));
    }
    notes
}

fn side_json(side: &Snapshot) -> Value {
    json!({
        "revision": side.label,
        "version": side.registry.info.version.as_ref().map(ToString::to_string),
        "release": side.is_release,
    })
}

fn place_json(side: &Snapshot, span: Option<Span>) -> Value {
    match span {
        Some(span) if (span.file.0 as usize) < side.registry.sources.len() => json!({
            "file": side.registry.sources.get(span.file).name,
            "line": span.line,
            "column": span.column,
        }),
        _ => Value::Null,
    }
}

fn change_json(change: &Change, before: &Snapshot, after: &Snapshot) -> Value {
    json!({
        "rule": change.rule.id(),
        "severity": change.severity.as_str(),
        "breaks_wire": change.breaks_wire,
        "breaks_rust": change.breaks_rust,
        "element": change.element,
        "owner": change.agency,
        "message": change.message,
        "was": change.was,
        "now": change.now,
        "carried_in": {"request": change.usage.request, "response": change.usage.response},
        "bump": change.bump().as_str(),
        "before": place_json(before, change.before),
        "after": place_json(after, change.after),
        "approval": change.approval.as_ref().map(|a| json!({
            "reason": {"vi": a.reason.vi, "en": a.reason.en},
            "legal": a.legal.iter().map(|l| l.written.clone()).collect::<Vec<_>>(),
        })),
        "action": change.rule.action().en,
    })
}

fn version_json(check: &VersionCheck) -> Value {
    json!({
        "element": check.element,
        "before": check.before.to_string(),
        "after": check.after.to_string(),
        "needed": check.needed.map(Bump::as_str),
        "problem": check.problem.map(|p| match p {
            Problem::NotBumped => "not-bumped",
            Problem::Backwards => "backwards",
        }),
        "pending_release": check.pending_release,
        "lowest_valid": check.lowest_valid().to_string(),
    })
}

fn version_status(check: &VersionCheck) -> String {
    match check.problem {
        Some(Problem::NotBumped) => {
            format!("**not bumped enough** (needs {})", check.lowest_valid())
        }
        Some(Problem::Backwards) => "**went backwards**".to_owned(),
        None if check.pending_release => format!("set by `release` ({})", check.lowest_valid()),
        None => "ok".to_owned(),
    }
}

fn place(side: &Snapshot, span: Option<Span>) -> String {
    match span {
        Some(span) if (span.file.0 as usize) < side.registry.sources.len() => format!(
            "{}{}:{}",
            side.file_prefix(),
            side.registry.sources.get(span.file).name,
            span.line
        ),
        _ => "—".to_owned(),
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// Text safe in a Markdown table cell.
pub(crate) fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
