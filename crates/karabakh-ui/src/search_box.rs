//! The search box in the top bar: what is typed, and under it what it finds, searched once per
//! query (and data, name style and day), not every frame. Enter takes the first result.

use std::sync::Arc;

use egui::RichText;

use crate::search::{self, Hit};
use karabakh_data::{Dataset, NameStyle};
use karabakh_time::Day;

/// How many features, and how many passages of each document, are listed.
const LIMIT: usize = 8;

#[derive(Default)]
pub struct SearchBox {
    pub query: String,
    /// The results of the last search, and what they were found for.
    results: Option<(Asked, Arc<[Found]>)>,
    /// How many searches were made: one per query, not one per frame.
    pub searches: usize,
    /// The documents folded for searching, and the revision of the data they are of.
    folded: Option<(u64, Arc<search::FoldedDocs>)>,
    /// How many times the documents were folded: once per revision of the data searched, not
    /// once per key typed.
    pub folds: usize,
}

/// What results depend on: the query, the data, and how names read on the day shown.
#[derive(Clone, Debug, PartialEq)]
struct Asked {
    query: String,
    revision: u64,
    names: NameStyle,
    day: Option<Day>,
}

/// A result and the line that lists it.
struct Found {
    hit: Hit,
    text: String,
}

impl SearchBox {
    /// The box and its results; returns the result the user took: clicked, or the first when
    /// Enter is pressed in the box.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Dataset,
        revision: u64,
        names: NameStyle,
        day: Option<Day>,
    ) -> Option<Hit> {
        let label = ui.label("Search");
        let edit = egui::TextEdit::singleline(&mut self.query)
            .hint_text("Search places, features, documents")
            .desired_width(300.0);
        let response = ui.add(edit).labelled_by(label.id);
        if ui.input(|i| i.key_pressed(egui::Key::F) && i.modifiers.command) {
            response.request_focus();
        }
        let asked = Asked {
            query: self.query.clone(),
            revision,
            names,
            day,
        };
        let results = self.results(dataset, asked);
        if !self.query.trim().is_empty() {
            ui.label(RichText::new(format!("{} found", results.len())).small());
            if ui
                .small_button("Clear")
                .on_hover_text("Clear the search")
                .clicked()
            {
                self.query.clear();
            }
        }
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let taken = if entered {
            results.first()
        } else {
            results_ui(ui, &response, &results)
        };
        let hit = taken.map(|found| found.hit.clone());
        if hit.is_some() {
            self.query.clear();
        }
        hit
    }

    /// The results for `asked`: the last ones if asked the same, else searched now.
    fn results(&mut self, dataset: &Dataset, asked: Asked) -> Arc<[Found]> {
        if let Some((last, results)) = &self.results
            && *last == asked
        {
            return results.clone();
        }
        let shown = dataset.names_on(asked.names, asked.day);
        let folded = match &self.folded {
            Some((revision, folded)) if *revision == asked.revision => folded.clone(),
            // Folded only when there is something to find (two letters).
            _ if search::fold(asked.query.trim()).chars().count() < 2 => {
                Arc::new(search::FoldedDocs::default())
            }
            _ => {
                let folded = Arc::new(search::FoldedDocs::of(dataset));
                self.folds += 1;
                self.folded = Some((asked.revision, folded.clone()));
                folded
            }
        };
        let results: Arc<[Found]> = search::search_in(dataset, &folded, &asked.query, LIMIT)
            .into_iter()
            .filter_map(|hit| {
                let text = match &hit {
                    Hit::Feature { index, matched } => {
                        let f = dataset.features.get(*index)?;
                        let name = shown.of(*index, f);
                        if &name == matched || &f.names.display == matched {
                            format!("{name} — {}", f.kind.label())
                        } else {
                            format!("{name} ({matched}) — {}", f.kind.label())
                        }
                    }
                    Hit::Text { doc, span, snippet } => {
                        // Which document and paragraph, so that two documents' hits differ.
                        let doc = dataset.document(doc)?;
                        let paragraph = doc.paragraph_at(span.start).map_or(0, |p| p + 1);
                        format!("{}, ¶{paragraph}: {snippet}", doc.meta.title)
                    }
                };
                Some(Found { hit, text })
            })
            .collect();
        self.searches += 1;
        self.results = Some((asked, results.clone()));
        results
    }
}

/// The results in a popup under the box; the one clicked.
fn results_ui<'a>(
    ui: &mut egui::Ui,
    anchor: &egui::Response,
    results: &'a [Found],
) -> Option<&'a Found> {
    if results.is_empty() {
        return None;
    }
    let mut chosen = None;
    egui::Area::new(egui::Id::unique("search-results"))
        .fixed_pos(anchor.rect.left_bottom() + egui::vec2(0.0, 4.0))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(460.0);
                for found in results {
                    if ui.selectable_label(false, &found.text).clicked() {
                        chosen = Some(found);
                    }
                }
            });
        });
    chosen
}
