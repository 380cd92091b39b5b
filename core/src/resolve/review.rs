//! The `review:` lists of drafts written by `import`: each entry is something a human must still fill, reported
//! as a `needs-review` warning at the entry; an entry naming what is already filled (or what the element does not
//! have) is a `stale-review` error, so that the list cannot go stale.

use super::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model;
use crate::syntax::{
    CatalogueDoc, CodeDoc, ContractDoc, ExampleDoc, FieldDoc, Legal, PayloadDoc, RecordDoc, Review,
    ReviewItem, Sp, Text,
};

/// The items a `review:` list names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Listed(u8);

impl Listed {
    pub fn has(self, item: ReviewItem) -> bool {
        self.0 & bit(item) != 0
    }

    fn add(&mut self, item: ReviewItem) {
        self.0 |= bit(item);
    }
}

fn bit(item: ReviewItem) -> u8 {
    1 << item as u8
}

/// Which text of an element a review entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Label,
    Description,
}

impl Part {
    fn items(self) -> (ReviewItem, ReviewItem) {
        match self {
            Part::Label => (ReviewItem::LabelVi, ReviewItem::LabelEn),
            Part::Description => (ReviewItem::DescriptionVi, ReviewItem::DescriptionEn),
        }
    }
}

/// What an element holds of the items a review can name; `None` where the element has no such item.
pub(crate) struct Holds<'d> {
    /// How messages name the element: "field `MaHoSo`", "contract `dossier-sync`".
    pub element: String,
    /// What the element calls its label: "label", or "title" for contracts and examples.
    pub label_word: &'static str,
    pub label: Option<Option<&'d Text>>,
    pub description: Option<Option<&'d Text>>,
    pub legal: Option<bool>,
    pub personal_data: Option<bool>,
}

fn has_text(text: Option<&Text>, vietnamese: bool) -> bool {
    let language = text.and_then(|t| {
        if vietnamese {
            t.vi.as_deref()
        } else {
            t.en.as_deref()
        }
    });
    language.is_some_and(|t| !t.trim().is_empty())
}

fn cites(legal: Option<&Legal>) -> bool {
    legal.is_some_and(|l| !l.0.is_empty())
}

impl<'d> Holds<'d> {
    pub fn field(wire: &str, doc: &'d FieldDoc) -> Self {
        Holds {
            element: format!("field `{wire}`"),
            label_word: "label",
            label: Some(Some(&doc.label.value)),
            description: Some(doc.description.as_ref().map(|d| &d.value)),
            legal: Some(cites(doc.legal.as_ref())),
            personal_data: Some(doc.personal_data.is_some()),
        }
    }

    pub fn record(doc: &'d RecordDoc) -> Self {
        Holds {
            element: format!("record `{}`", doc.id.value),
            label_word: "label",
            label: Some(Some(&doc.label.value)),
            description: Some(doc.description.as_ref().map(|d| &d.value)),
            legal: Some(cites(doc.legal.as_ref())),
            personal_data: Some(doc.personal_data.is_some()),
        }
    }

    pub fn catalogue(doc: &'d CatalogueDoc) -> Self {
        Holds {
            element: format!("catalogue `{}`", doc.id.value),
            label_word: "label",
            label: Some(Some(&doc.label.value)),
            description: Some(doc.description.as_ref().map(|d| &d.value)),
            legal: Some(cites(doc.legal.as_ref())),
            personal_data: None,
        }
    }

    pub fn code(code: &str, doc: &'d CodeDoc) -> Self {
        Holds {
            element: format!("code `{code}`"),
            label_word: "label",
            label: Some(Some(&doc.label.value)),
            description: Some(doc.description.as_ref().map(|d| &d.value)),
            legal: Some(cites(doc.legal.as_ref())),
            personal_data: None,
        }
    }

    pub fn contract(doc: &'d ContractDoc) -> Self {
        Holds {
            element: format!("contract `{}`", doc.id.value),
            label_word: "title",
            label: Some(Some(&doc.title.value)),
            description: Some(doc.description.as_ref().map(|d| &d.value)),
            legal: Some(cites(Some(&doc.legal))),
            personal_data: None,
        }
    }

    pub fn payload(direction: &str, doc: &'d PayloadDoc) -> Self {
        Holds {
            element: format!("the {direction}"),
            label_word: "label",
            label: None,
            description: Some(doc.description.as_ref().map(|d| &d.value)),
            legal: None,
            personal_data: Some(doc.personal_data.is_some()),
        }
    }

    pub fn example(doc: &'d ExampleDoc) -> Self {
        Holds {
            element: "the example".to_owned(),
            label_word: "title",
            label: Some(doc.title.as_ref().map(|t| &t.value)),
            description: None,
            legal: None,
            personal_data: None,
        }
    }

    /// Whether the element has `item` filled; `None` when the element has no such item.
    fn filled(&self, item: ReviewItem) -> Option<bool> {
        match item {
            ReviewItem::LabelVi => self.label.map(|l| has_text(l, true)),
            ReviewItem::LabelEn => self.label.map(|l| has_text(l, false)),
            ReviewItem::DescriptionVi => self.description.map(|d| has_text(d, true)),
            ReviewItem::DescriptionEn => self.description.map(|d| has_text(d, false)),
            ReviewItem::Legal => self.legal,
            ReviewItem::PersonalData => self.personal_data,
        }
    }

    /// The items this element can list, as they are written.
    fn applicable(&self) -> Vec<&'static str> {
        [
            ReviewItem::LabelVi,
            ReviewItem::LabelEn,
            ReviewItem::DescriptionVi,
            ReviewItem::DescriptionEn,
            ReviewItem::Legal,
            ReviewItem::PersonalData,
        ]
        .into_iter()
        .filter(|item| self.filled(*item).is_some())
        .map(ReviewItem::as_str)
        .collect()
    }

    /// What is still to be done for `item`, and how to do it.
    fn still_to_fill(&self, item: ReviewItem) -> (String, String) {
        let (element, word) = (&self.element, self.label_word);
        let remove = format!("then remove `{}` from `review`", item.as_str());
        match item {
            ReviewItem::LabelVi | ReviewItem::LabelEn => {
                let (language, key) = language_of(item);
                (
                    format!("the {language} {word} of {element} is still to be written"),
                    format!("write it under `{word}: {{{key}: \"...\"}}`, {remove}"),
                )
            }
            ReviewItem::DescriptionVi | ReviewItem::DescriptionEn => {
                let (language, key) = language_of(item);
                (
                    format!("the {language} description of {element} is still to be written"),
                    format!("write it under `description: {{{key}: \"...\"}}`, {remove}"),
                )
            }
            ReviewItem::Legal => (
                format!("{element} cites no legal basis yet"),
                format!(
                    "cite the provision it implements (`legal: 10.1.a`) or another legal source (`decree-13-2023`), {remove}"
                ),
            ),
            ReviewItem::PersonalData => (
                format!("the personal-data class of {element} is still to be decided"),
                format!(
                    "write `personal-data: none`, `organisation`, `basic` or `sensitive` (Decree 13/2023/ND-CP), {remove}"
                ),
            ),
        }
    }
}

/// The language an item names, and its key in a text.
fn language_of(item: ReviewItem) -> (&'static str, &'static str) {
    match item {
        ReviewItem::LabelVi | ReviewItem::DescriptionVi => ("Vietnamese", "vi"),
        _ => ("English", "en"),
    }
}

impl Context<'_> {
    /// Reports each entry of an element's `review:` list (what is still to fill, or a stale entry) and returns
    /// the items it names.
    pub(crate) fn review(&mut self, review: Option<&Review>, holds: &Holds<'_>) -> Listed {
        let mut listed = Listed::default();
        let Some(review) = review else {
            return listed;
        };
        for entry in review.value.iter() {
            let item = entry.value;
            let span = self.span(entry.pos);
            let name = item.as_str();
            let diagnostic = if listed.has(item) {
                Diagnostic::new(
                    Code::StaleReview,
                    format!("`{name}` is listed twice under `review`"),
                )
                .at(span, "listed again")
                .help("keep one entry per item")
            } else {
                match holds.filled(item) {
                    None => Diagnostic::new(
                        Code::StaleReview,
                        format!("{} has no `{name}` to review", holds.element),
                    )
                    .at(span, "does not apply")
                    .help(format!(
                        "its `review` can list: {}",
                        holds.applicable().join(", ")
                    )),
                    Some(true) => Diagnostic::new(
                        Code::StaleReview,
                        format!(
                            "`{name}` is listed under `review`, but {} has it filled",
                            holds.element
                        ),
                    )
                    .at(span, "already filled")
                    .help(format!(
                        "if the value is right, remove `{name}` from `review`"
                    )),
                    Some(false) => {
                        let (message, help) = holds.still_to_fill(item);
                        Diagnostic::new(Code::NeedsReview, message)
                            .at(span, "to review")
                            .help(help)
                    }
                }
            };
            listed.add(item);
            self.report(diagnostic);
        }
        listed
    }

    /// Converts a text as [`Context::text`] does, except that a language the review lists as still to write is
    /// not also reported as a missing translation.
    pub(crate) fn reviewed_text(
        &mut self,
        text: &Sp<Text>,
        what: &str,
        listed: Listed,
        part: Part,
    ) -> model::Text {
        let (vi_item, en_item) = part.items();
        let (vi_listed, en_listed) = (listed.has(vi_item), listed.has(en_item));
        if !vi_listed && !en_listed {
            return self.text(text, what);
        }
        let (has_vi, has_en) = (has_text(Some(text), true), has_text(Some(text), false));
        for (language, key, missing) in [
            ("Vietnamese", "vi", !has_vi && !vi_listed),
            ("English", "en", !has_en && !en_listed),
        ] {
            if missing {
                let span = self.span(text.pos);
                self.report(
                    Diagnostic::new(
                        Code::MissingTranslation,
                        format!("the {what} has no {language} text"),
                    )
                    .at(span, format!("{language} missing"))
                    .help(format!("add the {language} text under `{key}`")),
                );
            }
        }
        let vi = text.vi.clone().filter(|_| has_vi);
        let en = text.en.clone().filter(|_| has_en);
        model::Text {
            vi: vi.or_else(|| en.clone()).unwrap_or_default(),
            en,
        }
    }

    /// [`Context::reviewed_text`] of an optional text.
    pub(crate) fn reviewed_opt_text(
        &mut self,
        text: &Option<Sp<Text>>,
        what: &str,
        listed: Listed,
        part: Part,
    ) -> Option<model::Text> {
        text.as_ref()
            .map(|t| self.reviewed_text(t, what, listed, part))
    }
}
