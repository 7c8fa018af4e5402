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

/// The linked passages of `doc`, one per distinct span; with `day`, only those valid on that
/// day. A passage about dated things (an event, a road of some years) is valid when one of them
/// is, whatever towns or countries it also names, which always exist.
pub fn passages(
    dataset: &Dataset,
    doc: &Document,
    day: Option<karabakh_time::Day>,
) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    for (i, feature) in dataset.features.iter().enumerate() {
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
    if let Some(day) = day {
        let dated = |&f: &usize| {
            dataset
                .features
                .get(f)
                .is_some_and(|f| f.validity.from().is_some() || f.validity.to().is_some())
        };
        let valid = |&f: &usize| dataset.features.get(f).is_some_and(|f| f.visible_on(day));
        out.retain(|p| {
            let mut dated_features = p.features.iter().filter(|f| dated(f)).peekable();
            dated_features.peek().is_none() || dated_features.any(valid)
        });
        for passage in &mut out {
            passage.features.retain(valid);
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
    /// A suggested link accepted or rejected.
    pub decision: Option<crate::suggestions::Decision>,
}

/// What the passages were found for: the dataset's revision, the document, the day.
type PassagesKey = (u64, String, Option<karabakh_time::Day>);

#[derive(Default)]
pub struct DocumentsPanel {
    /// Only excerpts of features valid on the chosen date.
    pub filter_by_date: bool,
    /// The selection the view last scrolled to, so it scrolls once per selection.
    scrolled_for: Vec<String>,
    /// The feature under the pointer on the map (last frame): its passages show stronger.
    pub hovered_on_map: Option<usize>,
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
        suggestions: &crate::suggestions::Suggestions,
    ) -> ReadingOutput {
        ui.heading("Documents");
        list_ui(ui, dataset, state);
        let Some(doc) = state
            .document
            .as_deref()
            .and_then(|id| dataset.document(id))
        else {
            ui.label("No documents in this dossier.");
            return ReadingOutput::default();
        };
        self.header_ui(ui, doc);
        let decision = suggestions.list_ui(ui, dataset, &doc.id);
        ui.separator();
        let day = self.filter_by_date.then(|| state.shown_day()).flatten();
        let passages = self.passages_of(dataset, revision, doc, day);
        let selected: Vec<usize> = state
            .selected
            .iter()
            .filter_map(|id| dataset.feature_index(id))
            .collect();
        self.marked = passages
            .iter()
            .filter(|p| p.features.iter().any(|f| selected.contains(f)))
            .map(|p| p.span.clone())
            .collect();
        let scroll_to_selection = self.scrolled_for != state.selected;
        let mut hovered = state.emphasised.clone();
        hovered.extend(self.hovered_on_map);
        let suggested = suggestions.spans(dataset, &doc.id);
        let mut output = self.reading_ui(
            ui,
            (doc, &passages, &suggested),
            (&selected, &hovered),
            scroll_to_selection,
        );
        if scroll_to_selection {
            self.scrolled_for = state.selected.clone();
        }
        output.decision = decision;
        output
    }

    /// The date filter and what the document's card says of its source and date.
    fn header_ui(&mut self, ui: &mut egui::Ui, doc: &Document) {
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.filter_by_date, "Only excerpts valid on the date");
        });
        if let Some(outlet) = &doc.meta.outlet {
            ui.label(RichText::new(outlet).small().weak());
        }
        if let Some(note) = &doc.meta.date_note {
            ui.label(RichText::new(note).small().weak());
        }
    }

    /// The passages of `doc`, found again only when the data, the document or the day change
    /// (finding them looks at every feature).
    fn passages_of(
        &mut self,
        dataset: &Dataset,
        revision: u64,
        doc: &Document,
        day: Option<karabakh_time::Day>,
    ) -> std::sync::Arc<Vec<Passage>> {
        let key = (revision, doc.id.clone(), day);
        match &self.passages {
            Some((k, found)) if *k == key => found.clone(),
            _ => {
                let found = std::sync::Arc::new(passages(dataset, doc, day));
                self.passages = Some((key, found.clone()));
                found
            }
        }
    }

    /// The whole text, paragraph by paragraph, scrolled to the selection's first excerpt when
    /// the selection changed, or to a passage found by search.
    fn reading_ui(
        &mut self,
        ui: &mut egui::Ui,
        (doc, passages, suggested): (&Document, &[Passage], &[Range<usize>]),
        (selected, hovered): (&[usize], &[usize]),
        scroll_to_selection: bool,
    ) -> ReadingOutput {
        let mut output = ReadingOutput::default();
        let mut scrolled = false;
        self.drawn.clear();
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
                    let paragraph = Paragraph {
                        doc,
                        index,
                        range: range.clone(),
                        passages: &in_paragraph,
                        selected,
                        hovered,
                        suggested,
                        reveal: reveal.clone(),
                    };
                    let shown = paragraph.ui(ui);
                    if let Some(hit) = shown.hovered {
                        output.hovered = hit;
                    }
                    if let Some(hit) = shown.clicked {
                        output.clicked = Some(hit);
                    }
                    self.drawn.extend(shown.pieces);
                    if scroll_to_selection
                        && !scrolled
                        && let Some(rect) = shown.first_marked
                    {
                        ui.scroll_to_rect(rect, Some(Align::Center));
                        scrolled = true;
                    }
                    if let (Some(_), Some(rect)) = (reveal, shown.revealed) {
                        ui.scroll_to_rect(rect, Some(Align::Center));
                        self.reveal = None;
                    }
                    ui.add_space(8.0);
                }
            });
        output
    }
}

/// The documents, each with how many features link to it; a click opens one. The first is
/// open when none is.
fn list_ui(ui: &mut egui::Ui, dataset: &Dataset, state: &mut UiState) {
    for doc in &dataset.documents {
        let linked = dataset
            .features
            .iter()
            .filter(|f| f.excerpts.iter().any(|l| l.doc == doc.id))
            .count();
        let open = state.document.as_deref() == Some(doc.id.as_str());
        let text = format!(
            "{} — {}, linked to {linked} features",
            doc.meta.title,
            doc.meta.date_label(),
        );
        if ui.selectable_label(open, text).clicked() {
            state.document = Some(doc.id.clone());
        }
    }
    if state.document.is_none() {
        state.document = dataset.documents.first().map(|d| d.id.clone());
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

/// One paragraph of a document and what is linked, selected and found in it.
struct Paragraph<'a> {
    doc: &'a Document,
    index: usize,
    /// Its byte range in the document's text.
    range: Range<usize>,
    passages: &'a [&'a Passage],
    selected: &'a [usize],
    /// Features under the pointer, on the map or in the text.
    hovered: &'a [usize],
    /// Byte ranges of the document's suggested links (found mentions not yet reviewed).
    suggested: &'a [Range<usize>],
    reveal: Option<Range<usize>>,
}

/// A run of the paragraph's text that the same passages cover: its char range in the galley.
struct Piece<'a> {
    chars: Range<usize>,
    covering: Vec<&'a Passage>,
}

impl Piece<'_> {
    fn features(&self) -> Vec<usize> {
        self.covering
            .iter()
            .flat_map(|p| p.features.iter().copied())
            .collect()
    }
}

impl<'a> Paragraph<'a> {
    fn text(&self) -> &'a str {
        &self.doc.text[self.range.clone()]
    }

    /// The paragraph as a text, linked excerpts highlighted; hovering or clicking one is
    /// returned with where things are on screen.
    fn ui(&self, ui: &mut egui::Ui) -> ParagraphOutput {
        let color = ui.visuals().text_color();
        let (job, pieces) = self.layout(ui.available_width(), color, ui.visuals().dark_mode);
        ui.label(RichText::new(format!("¶{}", self.index + 1)).small().weak());
        let galley = ui.painter().layout_job(job);
        let (rect, response) = ui.allocate_exact_size(galley.size(), Sense::click());
        ui.painter().galley(rect.min, galley.clone(), color);
        let piece_at = |pos: egui::Pos2| {
            let at = galley.cursor_from_pos(pos - rect.min).index.0;
            pieces
                .iter()
                .find(|p| p.chars.start <= at && at < p.chars.end)
                .filter(|p| !p.covering.is_empty())
        };
        let rect_of = |char_index: usize| {
            galley
                .pos_from_cursor(CCursor::new(char_index))
                .translate(rect.min.to_vec2())
        };
        let hovered = response.hover_pos().and_then(piece_at).map(Piece::features);
        if hovered.is_some() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        let clicked = response
            .clicked()
            .then(|| response.interact_pointer_pos().and_then(piece_at))
            .flatten()
            .map(Piece::features);
        ParagraphOutput {
            hovered,
            clicked,
            pieces: pieces
                .iter()
                .filter(|p| !p.covering.is_empty())
                .map(|p| {
                    (
                        rect_of(p.chars.start).union(rect_of(p.chars.start + 1)),
                        p.features(),
                    )
                })
                .collect(),
            first_marked: pieces
                .iter()
                .find(|p| self.marks(&p.covering))
                .map(|p| rect_of(p.chars.start)),
            revealed: self.reveal.as_ref().map(|r| {
                let text = self.text();
                let before = (r.start - self.range.start).min(text.len());
                rect_of(text[..before].chars().count())
            }),
        }
    }

    /// Whether any of `covering` quotes a selected feature.
    fn marks(&self, covering: &[&Passage]) -> bool {
        covering
            .iter()
            .any(|p| p.features.iter().any(|f| self.selected.contains(f)))
    }

    /// Whether any of `covering` quotes a feature under the pointer.
    fn hovers(&self, covering: &[&Passage]) -> bool {
        covering
            .iter()
            .any(|p| p.features.iter().any(|f| self.hovered.contains(f)))
    }

    /// Where the paragraph is cut: wherever a passage (or the passage found) starts or ends.
    fn cuts(&self) -> Vec<usize> {
        let text = self.text();
        let start = self.range.start;
        let mut cuts: BTreeSet<usize> = [0, text.len()].into();
        for p in self.passages {
            cuts.insert(p.span.start.saturating_sub(start).min(text.len()));
            cuts.insert(p.span.end.saturating_sub(start).min(text.len()));
        }
        for r in self.suggested {
            cuts.insert(r.start.saturating_sub(start).min(text.len()));
            cuts.insert(r.end.saturating_sub(start).min(text.len()));
        }
        if let Some(r) = &self.reveal {
            cuts.insert(r.start - start);
            cuts.insert((r.end - start).min(text.len()));
        }
        cuts.into_iter()
            .filter(|&c| text.is_char_boundary(c))
            .collect()
    }

    /// The paragraph laid out piece by piece, each on the background of what covers it.
    fn layout(&self, width: f32, color: Color32, dark: bool) -> (LayoutJob, Vec<Piece<'a>>) {
        let palette = crate::highlight::palette(dark);
        let (text, start) = (self.text(), self.range.start);
        let font = FontId::proportional(14.5);
        let mut job = LayoutJob::default();
        job.wrap.max_width = width;
        let mut pieces = Vec::new();
        let mut chars = 0;
        for w in self.cuts().windows(2) {
            let (a, b) = (w[0], w[1]);
            let Some(piece) = text.get(a..b) else {
                continue;
            };
            let covering: Vec<&Passage> = self
                .passages
                .iter()
                .copied()
                .filter(|p| p.span.start <= start + a && start + b <= p.span.end)
                .collect();
            let found = self
                .reveal
                .as_ref()
                .is_some_and(|r| r.start <= start + a && start + b <= r.end);
            let background = if found {
                palette.found
            } else if self.marks(&covering) {
                palette.selected
            } else if self.hovers(&covering) {
                palette.hovered
            } else if covering.is_empty() {
                Color32::TRANSPARENT
            } else {
                palette.linked
            };
            let piece_color = if background == Color32::TRANSPARENT {
                color
            } else {
                palette.text
            };
            let suggested = self
                .suggested
                .iter()
                .any(|r| r.start <= start + a && start + b <= r.end);
            let underline = if suggested {
                egui::Stroke::new(1.5, palette.suggested)
            } else {
                egui::Stroke::NONE
            };
            let format = TextFormat {
                font_id: font.clone(),
                color: piece_color,
                background,
                underline,
                ..Default::default()
            };
            job.append(piece, 0.0, format);
            let n = piece.chars().count();
            pieces.push(Piece {
                chars: chars..chars + n,
                covering,
            });
            chars += n;
        }
        (job, pieces)
    }
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

    #[test]
    fn a_passage_about_an_event_is_valid_when_the_event_is_not_when_a_town_is() {
        let d = data::load_embedded();
        let doc = &d.documents[0];
        let mut data = d.clone();
        // The evacuees' passage, linked to its event of 24 September 2023, and to a country
        // that always exists.
        let quote = "The first evacuees arrived in Armenia on Sunday afternoon, with more than \
                     1,000 people crossing the border by Sunday night.";
        let span = doc.locate(quote).expect("in the seed");
        let armenia = data.feature_index("armenia").expect("Armenia");
        data.features[armenia]
            .excerpts
            .push(karabakh_data::ExcerptLink {
                doc: doc.id.clone(),
                quote: quote.to_owned(),
                span: span.clone(),
                paragraph: 0,
            });
        let day = |y, m, dd| karabakh_time::Day::from_ymd(y, m, dd).expect("a real day");
        let holds = |on| {
            passages(&data, doc, Some(on))
                .iter()
                .any(|p| p.span.start <= span.start && span.start < p.span.end)
        };
        assert!(
            !holds(day(2021, 6, 1)),
            "not on 1 June 2021, though Armenia was there"
        );
        assert!(holds(day(2023, 9, 24)));
    }
}
