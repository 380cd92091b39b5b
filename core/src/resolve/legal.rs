//! Legal sources as data, and the references (`10.1.a`, `decree-13-2023:2`) checked against them.

use std::sync::Arc;

use super::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{self, Article, Citation, Clause, LegalRef, Point};
use crate::syntax::{self, LegalSourceDoc, Sp};

/// The letters Vietnamese legal texts number points with, in order.
const POINT_LETTERS: &[&str] = &[
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

impl Context<'_> {
    pub(super) fn legal_source(&mut self, doc: &LegalSourceDoc) -> Option<model::LegalSource> {
        let mut articles = Vec::new();
        for (number, article) in doc.articles.iter() {
            self.expect_numbered(number, "article");
            let mut clauses = Vec::new();
            for (clause_number, clause) in article.clauses.iter() {
                self.expect_numbered(clause_number, "clause");
                let what = format!("text of {}.{}", number.value, clause_number.value);
                let text = self.text(&clause.text, &what);
                let mut points = Vec::new();
                for (letter, point_text) in clause.points.iter() {
                    if !POINT_LETTERS.contains(&letter.value.as_str()) {
                        let span = self.span(letter.pos);
                        self.report(
                            Diagnostic::new(Code::InvalidValue, format!("`{}` is not a point letter", letter.value))
                                .at(span, "point")
                                .help("points are numbered with the Vietnamese alphabet: a, b, c, d, đ, e, g, h, i, k, l, m, n, o, p, q..."),
                        );
                    }
                    let what = format!(
                        "text of {}.{}.{}",
                        number.value, clause_number.value, letter.value
                    );
                    points.push(Point {
                        letter: letter.value.clone(),
                        text: self.text(point_text, &what),
                    });
                }
                clauses.push(Clause {
                    number: clause_number.value.clone(),
                    text,
                    points,
                });
            }
            let title = self.text(
                &article.title,
                &format!("title of article {}", number.value),
            );
            let text = self.opt_text(&article.text, &format!("text of article {}", number.value));
            articles.push(Article {
                number: number.value.clone(),
                title,
                data_groups: article.data_groups,
                text,
                clauses,
            });
        }
        let mut uncovered = std::collections::BTreeMap::new();
        for (reference, reason) in doc.uncovered.iter() {
            let path: Vec<String> = reference.value.split('.').map(str::to_owned).collect();
            let exists = articles.iter().any(|a: &Article| {
                a.number == path[0]
                    && match &path[1..] {
                        [clause] => a.clause(clause).is_some_and(|c| c.points.is_empty()),
                        [clause, point] => a
                            .clause(clause)
                            .is_some_and(|c| c.points.iter().any(|p| &p.letter == point)),
                        _ => false,
                    }
            });
            if !exists {
                let span = self.span(reference.pos);
                self.report(
                    Diagnostic::new(
                        Code::UnknownProvision,
                        format!("`{}` is not an enumerated provision of this source", reference.value),
                    )
                    .at(span, "not enumerated")
                    .help("list a point (`12.1.a`) or a clause without points (`12.4`) of a data-group article"),
                );
            }
            let what = format!("reason {} is uncovered", reference.value);
            uncovered.insert(reference.value.clone(), self.text(reason, &what));
        }
        let corrections = self.corrections(doc, &articles);
        Some(model::LegalSource {
            id: doc.id.value.clone(),
            number: doc.number.value.clone(),
            title: self.text(&doc.title, "title of the legal source"),
            issuer: self.opt_text(&doc.issuer, "issuer"),
            signed: doc.signed.as_ref().map(|s| s.value.clone()),
            effective: doc.effective.as_ref().map(|s| s.value.clone()),
            url: doc.url.as_ref().map(|s| s.value.clone()),
            articles,
            uncovered,
            corrections,
            span: self.span(doc.id.pos),
        })
    }

    /// The corrections of a legal source, each checked against the text of its provision: the original must be
    /// what the stored text says.
    fn corrections(
        &mut self,
        doc: &syntax::LegalSourceDoc,
        articles: &[Article],
    ) -> std::collections::BTreeMap<String, model::Correction> {
        let mut out = std::collections::BTreeMap::new();
        for (reference, correction) in doc.corrections.iter() {
            let path: Vec<String> = reference.value.split('.').map(str::to_owned).collect();
            let text = articles
                .iter()
                .find(|a| a.number == path[0])
                .and_then(|a| provision_text(a, &path[1..]));
            let Some(text) = text else {
                let span = self.span(reference.pos);
                self.report(
                    Diagnostic::new(
                        Code::UnknownProvision,
                        format!("`{}` is not a provision of this source", reference.value),
                    )
                    .at(span, "no such provision")
                    .help("key a correction by the article, clause or point whose text it corrects (`14.3.c`)"),
                );
                continue;
            };
            if !text.vi.contains(correction.original.value.as_str()) {
                let span = self.span(correction.original.pos);
                self.report(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("the text of {} does not contain the original words", reference.value),
                    )
                    .at(span, "not in the stored text")
                    .help("copy the words exactly as the source writes them: the stored `vi` text keeps the original, and `corrected` says what it should read"),
                );
            }
            let what = format!("reason for the correction of {}", reference.value);
            out.insert(
                reference.value.clone(),
                model::Correction {
                    original: correction.original.value.clone(),
                    corrected: correction.corrected.value.clone(),
                    reason: self.text(&correction.reason, &what),
                    status: correction.status,
                },
            );
        }
        out
    }

    fn expect_numbered(&mut self, key: &Sp<String>, what: &str) {
        let digits = key.value.trim_end_matches(|c: char| c.is_ascii_lowercase());
        let ok = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if !ok {
            let span = self.span(key.pos);
            self.report(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("`{}` is not a valid {what} number", key.value),
                )
                .at(span, what.to_owned())
                .help(format!(
                    "number each {what} as in the text: \"1\", \"2\", \"12a\""
                )),
            );
        }
    }

    /// Resolves the `legal:` references of an element; each must name an existing provision.
    pub fn legal(&mut self, legal: &Option<syntax::Legal>) -> Vec<LegalRef> {
        let Some(legal) = legal else {
            return Vec::new();
        };
        // Most elements cite one provision: collected at the exact size, not the four a growing list starts at.
        let mut refs = Vec::with_capacity(legal.0.len());
        refs.extend(legal.0.iter().filter_map(|r| self.legal_ref(r)));
        refs
    }

    fn legal_ref(&mut self, written: &Sp<String>) -> Option<LegalRef> {
        let span = self.span(written.pos);
        let text = written.value.trim();
        let known = self.citations.lock().ok()?.get(text).cloned();
        if let Some(cited) = known {
            return Some(LegalRef { cited, span });
        }
        let cited = Arc::new(self.citation(text, span)?);
        if let Ok(mut citations) = self.citations.lock() {
            citations.insert(text.to_owned(), Arc::clone(&cited));
        }
        Some(LegalRef { cited, span })
    }

    /// What a reference written as `text` cites, or (reported at `span`) why it cites nothing.
    fn citation(&mut self, text: &str, span: crate::source::Span) -> Option<Citation> {
        let (source, path) = match text.split_once(':') {
            Some((source, path)) => (source.to_owned(), path),
            None if text.starts_with(|c: char| c.is_ascii_digit()) => {
                (self.primary_source.clone().unwrap_or_default(), text)
            }
            None => (text.to_owned(), ""),
        };
        let path: Vec<String> = if path.is_empty() {
            Vec::new()
        } else {
            path.split('.').map(str::to_owned).collect()
        };
        if path.iter().any(String::is_empty) || path.len() > 3 {
            self.report(
                Diagnostic::new(Code::InvalidLegalRef, format!("`{text}` is not a legal reference"))
                    .at(span, "reference")
                    .help("write article.clause.point (`10.1.a`, `7.3`, `18`) for the Circular, or `source-id:article.clause` for another source"),
            );
            return None;
        }
        let Some(legal_source) = self.legal_sources.get(&source) else {
            let known: Vec<String> = self.legal_sources.keys().cloned().collect();
            let mut diagnostic = Diagnostic::new(
                Code::UnknownReference,
                format!("no legal source has the id `{source}`"),
            )
            .at(span, "unknown legal source");
            diagnostic = match super::closest(&source, known.iter().map(String::as_str)) {
                Some(near) => diagnostic.help(format!("did you mean `{near}`?")),
                None => diagnostic.help(format!(
                    "add `contracts/legal/{source}.yaml` and list it under `legal-sources` in registry.yaml (known: {})",
                    known.join(", ")
                )),
            };
            self.report(diagnostic);
            return None;
        };
        if !path.is_empty() && !cites_declared(legal_source, &path) {
            let help = nearest_provisions(legal_source, &path);
            let number = legal_source.number.clone();
            self.report(
                Diagnostic::new(
                    Code::UnknownProvision,
                    format!("{number} has no provision `{}`", path.join(".")),
                )
                .at(span, "no such provision")
                .help(help),
            );
            return None;
        }
        Some(Citation {
            source,
            path,
            written: text.to_owned(),
        })
    }
}

/// Whether `path` names a provision the source declares. A source stored without its text declares its articles
/// by title only: a clause or point of such an article (one with no clauses stored) cannot be checked further and
/// is accepted; an article it does not declare, or any provision of a source that declares no article, is not.
fn cites_declared(source: &model::LegalSource, path: &[String]) -> bool {
    if source.provision_text(path).is_some() {
        return true;
    }
    path.len() > 1
        && source
            .article(&path[0])
            .is_some_and(|article| article.clauses.is_empty())
}

/// What exists next to a missing provision, so the fix is obvious.
fn nearest_provisions(source: &model::LegalSource, path: &[String]) -> String {
    if source.articles.is_empty() {
        return format!(
            "the source declares no articles: list each article the registry cites under `articles:` in contracts/legal/{}.yaml (its title is enough when its text is not stored)",
            source.id
        );
    }
    let Some(article) = source.article(&path[0]) else {
        let numbers: Vec<&str> = source.articles.iter().map(|a| a.number.as_str()).collect();
        return format!("the articles in the registry are {}", numbers.join(", "));
    };
    let Some(clause) = path.get(1).and_then(|c| article.clause(c)) else {
        let numbers: Vec<&str> = article.clauses.iter().map(|c| c.number.as_str()).collect();
        return format!(
            "article {} has clauses {}",
            article.number,
            numbers.join(", ")
        );
    };
    let letters: Vec<&str> = clause.points.iter().map(|p| p.letter.as_str()).collect();
    if letters.is_empty() {
        format!(
            "{}.{} has no points; cite the clause itself",
            article.number, clause.number
        )
    } else {
        format!(
            "{}.{} has points {}",
            article.number,
            clause.number,
            letters.join(", ")
        )
    }
}

/// The text of a clause or point of `article` (`["3", "c"]`), or of the article itself for an empty path.
fn provision_text<'a>(article: &'a Article, path: &[String]) -> Option<&'a model::Text> {
    match path {
        [] => article.text.as_ref().or(Some(&article.title)),
        path => article.provision_text(path),
    }
}
