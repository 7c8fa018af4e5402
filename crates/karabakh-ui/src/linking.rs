//! Linking by hand: words selected in the reading view (dragged over, double-clicked,
//! Shift+arrows) become a curated excerpt of the selected feature, with exactly the text
//! selected, by the *Link to selected feature* button over the text or the text's context menu.
//! The link is an [`Edit::LinkExcerpt`], so it can be undone and is saved.

use std::ops::Range;

use karabakh_data::edit::Edit;
use karabakh_data::{Dataset, Document};

use crate::state::UiState;

/// Words selected in the reading view: the document and their byte range in its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextSelection {
    pub doc: String,
    pub span: Range<usize>,
}

impl TextSelection {
    /// The selection of `chars` (char indices) in the paragraph at byte range `paragraph` of
    /// `doc`, without the white space at its ends; None when only white space is selected.
    pub fn of_chars(doc: &Document, paragraph: Range<usize>, chars: Range<usize>) -> Option<Self> {
        let text = doc.text.get(paragraph.clone())?;
        let byte_of = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
        let (start, end) = (byte_of(chars.start), byte_of(chars.end));
        let words = text.get(start..end)?;
        let lead = words.len() - words.trim_start().len();
        let trimmed = words.trim();
        if trimmed.is_empty() {
            return None;
        }
        let from = paragraph.start + start + lead;
        Some(TextSelection {
            doc: doc.id.clone(),
            span: from..from + trimmed.len(),
        })
    }

    /// The words selected, verbatim, if the document still holds them.
    pub fn words<'a>(&self, dataset: &'a Dataset) -> Option<&'a str> {
        dataset.document(&self.doc)?.text.get(self.span.clone())
    }

    /// The edit that links the selected feature to these words, if a feature is selected.
    pub fn link_edit(&self, dataset: &Dataset, state: &UiState) -> Option<Edit> {
        let feature = state.primary()?;
        dataset.feature(feature)?;
        Some(Edit::LinkExcerpt {
            feature: feature.to_owned(),
            doc: self.doc.clone(),
            quote: self.words(dataset)?.to_owned(),
            at: Some(self.span.start),
        })
    }
}

/// Why the words cannot be linked now, if they cannot.
fn hindrance(
    dataset: &Dataset,
    state: &UiState,
    selection: Option<&TextSelection>,
) -> Option<&'static str> {
    if state.primary().and_then(|id| dataset.feature(id)).is_none() {
        Some("Select a feature first (on the map, in the legend or by search)")
    } else if selection.is_none_or(|s| s.words(dataset).is_none()) {
        Some("Select words in the text first (drag over them, or double-click a word)")
    } else {
        None
    }
}

/// The *Link to selected feature* button (of the bar and of the menu), disabled saying why
/// when the words cannot be linked now; true when pressed.
fn link_button_ui(ui: &mut egui::Ui, why_not: Option<&str>) -> bool {
    ui.add_enabled(
        why_not.is_none(),
        egui::Button::new("Link to selected feature"),
    )
    .on_hover_text("The words selected become a curated excerpt of the selected feature")
    .on_disabled_hover_text(why_not.unwrap_or_default())
    .clicked()
}

/// The *Link to selected feature* button and what it would link; true when pressed.
pub fn link_bar_ui(
    ui: &mut egui::Ui,
    dataset: &Dataset,
    state: &UiState,
    selection: Option<&TextSelection>,
) -> bool {
    let why_not = hindrance(dataset, state, selection);
    let mut pressed = false;
    ui.horizontal_wrapped(|ui| {
        pressed = link_button_ui(ui, why_not);
        if why_not.is_none()
            && let (Some(words), Some(feature)) = (
                selection.and_then(|s| s.words(dataset)),
                state.primary().and_then(|id| dataset.feature(id)),
            )
        {
            ui.label(
                egui::RichText::new(format!(
                    "\"{}\" to {}",
                    shortened(words, 60),
                    feature.names.display
                ))
                .small()
                .weak(),
            );
        }
    });
    pressed
}

/// The entry of the text's context menu; true when chosen.
pub fn link_menu_ui(
    ui: &mut egui::Ui,
    dataset: &Dataset,
    state: &UiState,
    selection: Option<&TextSelection>,
) -> bool {
    let chosen = link_button_ui(ui, hindrance(dataset, state, selection));
    if chosen {
        ui.close();
    }
    chosen
}

impl crate::AtlasApp {
    /// Links the selected feature to the words selected in the reading view, as an edit that
    /// can be undone; the selection is let go once linked.
    pub fn link_selection(&mut self) {
        let Some(selection) = self.documents.selection.clone() else {
            return;
        };
        let Some(edit) = selection.link_edit(&self.dataset, &self.state) else {
            return;
        };
        let name = self
            .state
            .primary()
            .and_then(|id| self.dataset.feature(id))
            .map(|f| f.names.display.clone())
            .unwrap_or_default();
        let words = selection.words(&self.dataset).unwrap_or_default();
        let said = format!("Linked \"{}\" to {name}", shortened(words, 40));
        if self.apply_edit(edit) {
            self.documents.selection = None;
            self.toasts.push(said);
        } else if let Some(why) = &self.editor.message {
            self.toasts.push(why.clone());
        }
    }
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use karabakh_data::DocumentMeta;

    fn doc() -> Document {
        let text = "Buses reached Goris.\n\nÖn Ստեփանակերտ road.";
        Document::new("d".into(), DocumentMeta::default(), text.into())
    }

    #[test]
    fn a_selection_is_the_exact_words_without_white_space_at_its_ends() {
        let doc = doc();
        // " reached " in the first paragraph: chars 5..14.
        let s = TextSelection::of_chars(&doc, 0..20, 5..14).expect("words");
        assert_eq!(&doc.text[s.span.clone()], "reached");
        // Chars, not bytes, in a paragraph of other scripts.
        let second = 22..doc.text.len();
        let s = TextSelection::of_chars(&doc, second, 3..14).expect("words");
        assert_eq!(&doc.text[s.span], "Ստեփանակերտ");
        assert_eq!(TextSelection::of_chars(&doc, 0..20, 5..6), None);
    }

    #[test]
    fn shortened_cuts_on_characters() {
        assert_eq!(shortened("Ստեփանակերտ", 3), "Ստե…");
        assert_eq!(shortened("Goris", 10), "Goris");
    }
}
