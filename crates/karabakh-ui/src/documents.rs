//! The documents: a list, and a reading view of the whole text with every linked excerpt
//! highlighted. Hovering an excerpt highlights its features on the map; clicking it selects
//! them and flies the map to them; selecting a feature marks its excerpts and scrolls to them.

use std::collections::BTreeSet;
use std::ops::Range;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Align, Color32, FontId, RichText, Sense};

use crate::state::UiState;
use karabakh_data::{Dataset, Document};

/// A linked passage of a document and the features that quote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// Byte range in the document's text.
    pub span: Range<usize>,
    pub features: Vec<usize>,
}

/// The linked passages of `doc`, one per distinct span; with `day`, only those of features
/// valid on that day.
pub fn passages(
    dataset: &Dataset,
    doc: &Document,
    day: Option<karabakh_time::Day>,
) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    for (i, feature) in dataset.features.iter().enumerate() {
        if day.is_some_and(|d| !feature.visible_on(d)) {
            continue;
        }
        for link in feature.excerpts.iter().filter(|l| l.doc == doc.id) {
            match out.iter_mut().find(|p| p.span == link.span) {
                Some(p) if !p.features.contains(&i) => p.features.push(i),
                Some(_) => {}
                None => out.push(Passage {
                    span: link.span.clone(),
                    features: vec![i],
                }),
            }
        }
    }
    out.sort_by_key(|p| (p.span.start, p.span.end));
    out
}

/// What the reader did in the reading view this frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadingOutput {
    /// Features of the excerpt under the pointer.
    pub hovered: Vec<usize>,
    /// Features of a clicked excerpt.
    pub clicked: Option<Vec<usize>>,
}

/// What the passages were found for: the dataset's revision, the document, the day.
type PassagesKey = (u64, String, Option<karabakh_time::Day>);

#[derive(Default)]
pub struct DocumentsPanel {
    /// Only excerpts of features valid on the chosen date.
    pub filter_by_date: bool,
    /// The selection the view last scrolled to, so it scrolls once per selection.
    scrolled_for: Vec<String>,
    /// A passage to bring into view (from search), as a byte range.
    pub reveal: Option<(String, Range<usize>)>,
    /// Where each linked piece of text was drawn last frame, with its features.
    pub drawn: Vec<(egui::Rect, Vec<usize>)>,
    /// Byte ranges of the passages marked for the selection last frame.
    pub marked: Vec<Range<usize>>,
    /// The passages of the open document, and what they were found for: (dataset revision,
    /// document, day). Finding them looks at every feature.
    passages: Option<(PassagesKey, std::sync::Arc<Vec<Passage>>)>,
}

impl DocumentsPanel {
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Dataset,
        revision: u64,
        state: &mut UiState,
    ) -> ReadingOutput {
        let mut output = ReadingOutput::default();
        ui.heading("Documents");
        for doc in &dataset.documents {
            let linked: BTreeSet<usize> = dataset
                .features
                .iter()
                .enumerate()
                .filter(|(_, f)| f.excerpts.iter().any(|l| l.doc == doc.id))
                .map(|(i, _)| i)
                .collect();
            let open = state.document.as_deref() == Some(doc.id.as_str());
            let text = format!(
                "{} — {}, linked to {} features",
                doc.meta.title,
                doc.meta.date_label(),
                linked.len()
            );
            if ui.selectable_label(open, text).clicked() {
                state.document = Some(doc.id.clone());
            }
        }
        if state.document.is_none() {
            state.document = dataset.documents.first().map(|d| d.id.clone());
        }
        let Some(doc) = state
            .document
            .as_deref()
            .and_then(|id| dataset.document(id))
        else {
            ui.label("No documents in this dossier.");
            return output;
        };
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.filter_by_date, "Only excerpts valid on the date");
        });
        if let Some(outlet) = &doc.meta.outlet {
            ui.label(RichText::new(outlet).small().weak());
        }
        if let Some(note) = &doc.meta.date_note {
            ui.label(RichText::new(note).small().weak());
        }
        ui.separator();

        let day = self.filter_by_date.then(|| state.shown_day()).flatten();
        let key = (revision, doc.id.clone(), day);
        let passages = match &self.passages {
            Some((k, found)) if *k == key => found.clone(),
            _ => {
                let found = std::sync::Arc::new(passages(dataset, doc, day));
                self.passages = Some((key, found.clone()));
                found
            }
        };
        let selected: Vec<usize> = state
            .selected
            .iter()
            .filter_map(|id| dataset.feature_index(id))
            .collect();
        let scroll_to_selection = self.scrolled_for != state.selected;
        let mut scrolled = false;
        self.drawn.clear();
        self.marked = passages
            .iter()
            .filter(|p| p.features.iter().any(|f| selected.contains(f)))
            .map(|p| p.span.clone())
            .collect();
        egui::ScrollArea::vertical()
            .id_salt("reading-view")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (index, range) in doc.paragraphs.iter().enumerate() {
                    let in_paragraph: Vec<&Passage> = passages
                        .iter()
                        .filter(|p| p.span.start < range.end && p.span.end > range.start)
                        .collect();
                    let reveal = self
                        .reveal
                        .as_ref()
                        .filter(|(id, r)| {
                            id == &doc.id && r.start >= range.start && r.start < range.end
                        })
                        .map(|(_, r)| r.clone());
                    let paragraph = paragraph_ui(
                        ui,
                        doc,
                        index,
                        range.clone(),
                        &in_paragraph,
                        &selected,
                        reveal.clone(),
                    );
                    if let Some(hit) = paragraph.hovered {
                        output.hovered = hit;
                    }
                    if let Some(hit) = paragraph.clicked {
                        output.clicked = Some(hit);
                    }
                    self.drawn.extend(paragraph.pieces);
                    if scroll_to_selection
                        && !scrolled
                        && let Some(rect) = paragraph.first_marked
                    {
                        ui.scroll_to_rect(rect, Some(Align::Center));
                        scrolled = true;
                    }
                    if let (Some(_), Some(rect)) = (reveal, paragraph.revealed) {
                        ui.scroll_to_rect(rect, Some(Align::Center));
                        self.reveal = None;
                    }
                    ui.add_space(8.0);
                }
            });
        if scroll_to_selection {
            self.scrolled_for = state.selected.clone();
        }
        output
    }
}

struct ParagraphOutput {
    hovered: Option<Vec<usize>>,
    clicked: Option<Vec<usize>>,
    /// Where the first excerpt of the selection is, on screen.
    first_marked: Option<egui::Rect>,
    revealed: Option<egui::Rect>,
    /// The first character of each linked piece, on screen, and the piece's features.
    pieces: Vec<(egui::Rect, Vec<usize>)>,
}

/// Colours of the reading view: linked, marked (of the selection) and found.
const LINKED: Color32 = Color32::from_rgb(0xff, 0xf1, 0xb8);
const MARKED: Color32 = Color32::from_rgb(0xff, 0xc8, 0x5a);
const FOUND: Color32 = Color32::from_rgb(0xb8, 0xe0, 0xff);

fn paragraph_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    index: usize,
    range: Range<usize>,
    passages: &[&Passage],
    selected: &[usize],
    reveal: Option<Range<usize>>,
) -> ParagraphOutput {
    let text = &doc.text[range.clone()];
    // Cut the paragraph where any passage starts or ends; each piece knows who covers it.
    let mut cuts: BTreeSet<usize> = [0, text.len()].into();
    for p in passages {
        cuts.insert(p.span.start.saturating_sub(range.start).min(text.len()));
        cuts.insert(p.span.end.saturating_sub(range.start).min(text.len()));
    }
    if let Some(r) = &reveal {
        cuts.insert(r.start - range.start);
        cuts.insert((r.end - range.start).min(text.len()));
    }
    let cuts: Vec<usize> = cuts
        .into_iter()
        .filter(|&c| text.is_char_boundary(c))
        .collect();
    let font = FontId::proportional(14.5);
    let color = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    // (char range in the galley, passages covering it)
    let mut pieces: Vec<(Range<usize>, Vec<&Passage>)> = Vec::new();
    let mut chars = 0;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        let covering: Vec<&Passage> = passages
            .iter()
            .copied()
            .filter(|p| p.span.start <= range.start + a && range.start + b <= p.span.end)
            .collect();
        let marked = covering
            .iter()
            .any(|p| p.features.iter().any(|f| selected.contains(f)));
        let found = reveal
            .as_ref()
            .is_some_and(|r| r.start <= range.start + a && range.start + b <= r.end);
        let background = if found {
            FOUND
        } else if marked {
            MARKED
        } else if covering.is_empty() {
            Color32::TRANSPARENT
        } else {
            LINKED
        };
        let piece_color = if background == Color32::TRANSPARENT {
            color
        } else {
            Color32::from_rgb(0x1a, 0x1a, 0x1a)
        };
        job.append(
            piece,
            0.0,
            TextFormat {
                font_id: font.clone(),
                color: piece_color,
                background,
                ..Default::default()
            },
        );
        let n = piece.chars().count();
        pieces.push((chars..chars + n, covering));
        chars += n;
    }
    ui.label(RichText::new(format!("¶{}", index + 1)).small().weak());
    let galley = ui.painter().layout_job(job);
    let (rect, response) = ui.allocate_exact_size(galley.size(), Sense::click());
    ui.painter().galley(rect.min, galley.clone(), color);

    let piece_at = |pos: egui::Pos2| {
        let cursor = galley.cursor_from_pos(pos - rect.min);
        let at = cursor.index.0;
        pieces
            .iter()
            .find(|(r, _)| r.start <= at && at < r.end)
            .filter(|(_, c)| !c.is_empty())
    };
    let mut out = ParagraphOutput {
        hovered: None,
        clicked: None,
        first_marked: None,
        revealed: None,
        pieces: Vec::new(),
    };
    if let Some((_, covering)) = response.hover_pos().and_then(piece_at) {
        let features: Vec<usize> = covering
            .iter()
            .flat_map(|p| p.features.iter().copied())
            .collect();
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        out.hovered = Some(features);
    }
    if response.clicked()
        && let Some((_, covering)) = response.interact_pointer_pos().and_then(piece_at)
    {
        out.clicked = Some(
            covering
                .iter()
                .flat_map(|p| p.features.iter().copied())
                .collect(),
        );
    }
    let rect_of = |char_index: usize| {
        galley
            .pos_from_cursor(CCursor::new(char_index))
            .translate(rect.min.to_vec2())
    };
    out.pieces = pieces
        .iter()
        .filter(|(_, c)| !c.is_empty())
        .map(|(r, c)| {
            let first = rect_of(r.start).union(rect_of(r.start + 1));
            (
                first,
                c.iter().flat_map(|p| p.features.iter().copied()).collect(),
            )
        })
        .collect();
    out.first_marked = pieces
        .iter()
        .find(|(_, c)| {
            c.iter()
                .any(|p| p.features.iter().any(|f| selected.contains(f)))
        })
        .map(|(r, _)| rect_of(r.start));
    if let Some(r) = &reveal {
        let char_start = text[..(r.start - range.start).min(text.len())]
            .chars()
            .count();
        out.revealed = Some(rect_of(char_start));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use karabakh_data as data;

    #[test]
    fn passages_group_features_by_span_and_filter_by_date() {
        let d = data::load_embedded();
        let doc = &d.documents[0];
        let all = passages(&d, doc, None);
        // One passage per distinct quote linked (27 in the shipped dossier), in text order.
        assert!(all.len() >= 25);
        assert!(all.windows(2).all(|w| w[0].span.start <= w[1].span.start));
        let day = karabakh_time::Day::from_ymd(1990, 1, 1).expect("a real day");
        let in_1990 = passages(&d, doc, Some(day));
        assert!(in_1990.len() < all.len());
        assert!(
            in_1990
                .iter()
                .flat_map(|p| &p.features)
                .all(|&f| d.features[f].visible_on(day))
        );
    }
}
