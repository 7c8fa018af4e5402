//! The documents: a list, and a reading view of the whole text with every linked excerpt
//! highlighted. Hovering an excerpt highlights its features on the map; clicking it selects
//! them and flies the map to them; selecting a feature marks its excerpts and scrolls to them.

use std::collections::BTreeSet;
use std::ops::Range;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Align, Color32, FontId, RichText};

use crate::state::UiState;
use karabakh_data::{Dataset, Document};

/// A linked passage of a document and the features that quote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// Byte range in the document's text.
    pub span: Range<usize>,
    pub features: Vec<usize>,
    /// What its margin mark says: the names of its features.
    pub mark: String,
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
                    mark: String::new(),
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
    for passage in &mut out {
        passage.mark = crate::margin::mark_text(dataset, &passage.features);
    }
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
    /// *Link to selected feature* was pressed (or chosen in the text's menu).
    pub link: bool,
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
    /// The words last selected in the text; kept (and shown) when the text loses the keys,
    /// so that a feature can be selected on the map before linking them.
    pub selection: Option<crate::linking::TextSelection>,
    /// Each paragraph as laid out last frame: its byte range, where its text was drawn.
    laid_out: Vec<(Range<usize>, egui::Pos2, std::sync::Arc<egui::Galley>)>,
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
        let selection = self.selection.clone().filter(|s| s.doc == doc.id);
        let mut link = crate::linking::link_bar_ui(ui, dataset, state, selection.as_ref());
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
        let state_now: &UiState = state;
        let mut menu = |ui: &mut egui::Ui| {
            crate::linking::link_menu_ui(ui, dataset, state_now, selection.as_ref())
        };
        let mut output = self.reading_ui(
            ui,
            (doc, &passages, &suggested),
            (&selected, &hovered),
            scroll_to_selection,
            &mut menu,
        );
        if scroll_to_selection {
            self.scrolled_for = state.selected.clone();
        }
        link |= output.link;
        output.link = link;
        output.decision = decision;
        output
    }

    /// Where the character at byte `at` of the open document was drawn last frame: the
    /// middle of its left edge (for tests that drag over words, as a reader does).
    pub fn position_of(&self, at: usize) -> Option<egui::Pos2> {
        let (range, pos, galley) = self
            .laid_out
            .iter()
            .find(|(r, _, _)| r.start <= at && at <= r.end)?;
        let text = galley.text();
        let before = text.get(..at - range.start)?.chars().count();
        let rect = galley.pos_from_cursor(CCursor::new(before));
        Some(*pos + rect.left_center().to_vec2())
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
        menu: &mut dyn FnMut(&mut egui::Ui) -> bool,
    ) -> ReadingOutput {
        let mut output = ReadingOutput::default();
        let mut scrolled = false;
        self.drawn.clear();
        self.laid_out.clear();
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
                        kept: self.selection.as_ref().map(|s| s.span.clone()),
                    };
                    let shown = paragraph.ui(ui, menu);
                    self.keep_selection(doc, range, shown.cursor.clone());
                    output.link |= shown.link;
                    self.laid_out
                        .push((range.clone(), shown.galley_pos, shown.galley.clone()));
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

    /// Keeps what the reader selected in a paragraph that has the keys (`chars`: its char
    /// range there); an empty one (a click) lets go of the last selection.
    fn keep_selection(
        &mut self,
        doc: &Document,
        range: &Range<usize>,
        chars: Option<Range<usize>>,
    ) {
        if let Some(chars) = chars {
            self.selection = crate::linking::TextSelection::of_chars(doc, range.clone(), chars);
        }
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
    /// The chars selected, while the paragraph has the keys.
    cursor: Option<Range<usize>>,
    /// *Link to selected feature* chosen in the paragraph's context menu.
    link: bool,
    galley: std::sync::Arc<egui::Galley>,
    galley_pos: egui::Pos2,
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
    /// Byte range of the words kept selected, shown as selected while the text lacks the keys.
    kept: Option<Range<usize>>,
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
    fn ui(
        &self,
        ui: &mut egui::Ui,
        menu: &mut dyn FnMut(&mut egui::Ui) -> bool,
    ) -> ParagraphOutput {
        ui.label(RichText::new(format!("¶{}", self.index + 1)).small().weak());
        let (shown, pieces) = self.text_ui(ui);
        let mut link = false;
        let menu_open = shown.response.context_menu(|ui| link = menu(ui)).is_some();
        // A right click may move egui's cursor; the words selected before it are the ones meant.
        let cursor = shown
            .cursor_range
            .filter(|_| !menu_open && !shown.response.secondary_clicked());
        let (galley, origin) = (shown.galley.clone(), shown.galley_pos);
        let response = &shown.response;
        let piece_at = |pos: egui::Pos2| {
            let at = galley.cursor_from_pos(pos - origin).index.0;
            pieces
                .iter()
                .find(|p| p.chars.start <= at && at < p.chars.end)
                .filter(|p| !p.covering.is_empty())
        };
        let rect_of = |char_index: usize| {
            galley
                .pos_from_cursor(CCursor::new(char_index))
                .translate(origin.to_vec2())
        };
        self.margin_ui(ui, response.rect, &rect_of);
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
            cursor: cursor.map(|r| {
                let chars = r.as_sorted_char_range();
                chars.start.0..chars.end.0
            }),
            link,
            galley: galley.clone(),
            galley_pos: origin,
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

    /// The text, laid out with its highlights, read-only but selectable: words dragged over
    /// can be linked (see `linking`).
    fn text_ui(&self, ui: &mut egui::Ui) -> (egui::text_edit::TextEditOutput, Vec<Piece<'a>>) {
        let color = ui.visuals().text_color();
        let id = ui.make_persistent_id(("reading", &self.doc.id, self.index));
        let focused = ui.memory(|m| m.has_focus(id));
        let selection_fill = (!focused).then(|| ui.visuals().selection.bg_fill);
        let (job, pieces) = self.layout(color, ui.visuals().dark_mode, selection_fill);
        let mut text = self.text();
        let mut layouter = |ui: &egui::Ui, _: &dyn egui::TextBuffer, width: f32| {
            let mut job = job.clone();
            job.wrap.max_width = width;
            ui.fonts_mut(|f| f.layout_job(job))
        };
        let shown = egui::TextEdit::multiline(&mut text)
            .id(id)
            .frame(egui::Frame::NONE)
            .margin(0.0)
            .desired_rows(1)
            .desired_width(ui.available_width() - crate::margin::WIDTH)
            .layouter(&mut layouter)
            .show(ui);
        (shown, pieces)
    }

    /// The margin marks of the paragraph's passages, right of the text at `rect`; room is made
    /// under the text when they reach below it.
    fn margin_ui(
        &self,
        ui: &mut egui::Ui,
        rect: egui::Rect,
        rect_of: &dyn Fn(usize) -> egui::Rect,
    ) {
        let text = self.text();
        let char_at = |byte: usize| {
            let at = byte.saturating_sub(self.range.start).min(text.len());
            text.get(..at).map_or(0, |t| t.chars().count())
        };
        let marks: Vec<crate::margin::Mark> = self
            .passages
            .iter()
            .map(|p| crate::margin::Mark {
                top: rect_of(char_at(p.span.start)).top(),
                bottom: rect_of(char_at(p.span.end)).bottom(),
                text: p.mark.clone(),
                strong: self.marks(&[p]),
            })
            .collect();
        let lowest = crate::margin::paint(ui, rect.right() + 4.0, &marks);
        if lowest > rect.bottom() {
            ui.add_space(lowest - rect.bottom());
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
        for r in self.reveal.iter().chain(&self.kept) {
            cuts.insert(r.start.saturating_sub(start).min(text.len()));
            cuts.insert(r.end.saturating_sub(start).min(text.len()));
        }
        cuts.into_iter()
            .filter(|&c| text.is_char_boundary(c))
            .collect()
    }

    /// The paragraph laid out piece by piece, each on the background of what covers it.
    /// `selection`: the fill of the words kept selected, when egui does not show them.
    fn layout(
        &self,
        color: Color32,
        dark: bool,
        selection: Option<Color32>,
    ) -> (LayoutJob, Vec<Piece<'a>>) {
        let palette = crate::highlight::palette(dark);
        let (text, start) = (self.text(), self.range.start);
        let font = FontId::proportional(14.5);
        let mut job = LayoutJob::default();
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
            let kept = self
                .kept
                .as_ref()
                .is_some_and(|r| r.start <= start + a && start + b <= r.end);
            let background = if let (true, Some(fill)) = (kept, selection) {
                fill
            } else if found {
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
