//! The map in the window: what it is shown of the state, what a hover or a click on it does,
//! flights to what is selected elsewhere, and the picture an export takes of it.

use crate::{AtlasApp, details};
use karabakh_export as export;
use karabakh_map::MapOutput;

impl AtlasApp {
    /// The map filling the rest of the window: a click selects, or adds a ruler point while
    /// measuring.
    pub(crate) fn map_panel_ui(&mut self, ui: &mut egui::Ui) {
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let out = self.map_ui(ui);
                self.state.cursor = out.cursor;
                self.documents.hovered_on_map = out.hovered;
                if self.edit_click(&out) {
                    // Drawing or editing took the click.
                } else if let (Some(points), Some(at)) = (self.state.ruler.as_mut(), out.clicked_at)
                {
                    // Measuring: a click adds a point instead of selecting.
                    points.push(at);
                } else if let Some(clicked) = out.clicked {
                    self.clicked_on_map(clicked, out.clicked_at);
                }
                self.tour_caption_ui(ui.ctx(), ui.max_rect());
                self.toasts.ui(ui.ctx(), ui.max_rect());
            });
        self.esc_hint.reset();
    }

    /// Presentation mode: only the map, with the slide composed on it and a hint that Esc
    /// leaves; P or Esc brings the panels back. The timeline's keys and play still work.
    pub(crate) fn presentation_ui(&mut self, ui: &mut egui::Ui) {
        self.timeline.keys(ui.ctx(), &self.events, &mut self.state);
        self.timeline.tick(ui.ctx(), &mut self.state);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let out = self.map_ui(ui);
                if let Some(clicked) = out.clicked {
                    let id = clicked
                        .and_then(|i| self.dataset.features.get(i))
                        .map(|f| f.id.clone());
                    self.state.select_one(id);
                }
                self.tour_caption_ui(ui.ctx(), ui.max_rect());
                self.esc_hint.ui(ui.ctx(), ui.max_rect());
                self.toasts.ui(ui.ctx(), ui.max_rect());
            });
    }

    /// The map, with the tooltip of what is hovered.
    fn map_ui(&mut self, ui: &mut egui::Ui) -> MapOutput {
        let suggested = match &self.state.document {
            Some(doc) => crate::suggested_places::places(&self.suggestions, &self.dataset, doc),
            None => Vec::new(),
        };
        let mut input = self.state.map_input(&self.dataset);
        input.edit = self.editor.map_input();
        input.suggested = &suggested;
        if self.tour.is_some() && !self.state.presentation {
            // The tour's caption, where it was drawn last: the map's names and the key of
            // numbered events keep clear of it rather than go under it.
            input.over_map.extend(crate::tour::caption_rect(ui.ctx()));
        }
        let out = self.map.ui(ui, &self.dataset, &self.prepared, &input);
        self.tooltip(&out);
        self.watch_tiles();
        out
    }

    /// Says once when online tiles cannot be loaded, and keeps the legend's mark on them.
    fn watch_tiles(&mut self) {
        let failed = self.map.tiles_failed();
        if failed && !self.state.tiles_failed {
            self.toasts.push(TILES_FAILED);
        }
        self.state.tiles_failed = failed;
    }

    /// The hovered feature's names, dates and accuracy, at the pointer.
    fn tooltip(&self, out: &MapOutput) {
        let (Some(index), Some(response)) = (out.hovered, &out.response) else {
            return;
        };
        let Some(feature) = self.dataset.features.get(index) else {
            return;
        };
        let names = self
            .dataset
            .names_on(self.state.names, self.state.shown_day());
        response
            .clone()
            .on_hover_ui_at_pointer(|ui| details::tooltip_ui(ui, index, feature, &names));
    }

    /// A click on the map: a point or a line selects it; anywhere else (inside an area, or on
    /// empty map) the details panel lists the areas that hold the place on the date.
    pub fn clicked_on_map(&mut self, hit: Option<usize>, at: Option<(f64, f64)>) {
        let symbol = hit
            .and_then(|i| self.dataset.features.get(i))
            .filter(|f| !karabakh_data::query::is_area(&f.geometry));
        match symbol {
            Some(feature) => {
                self.state.select_one(Some(feature.id.clone()));
                self.state.here = None;
            }
            None => {
                self.state.selected.clear();
                self.state.here = at;
            }
        }
    }

    /// Selects features by dataset index and flies the map to them.
    pub fn select_and_fly(&mut self, features: &[usize]) {
        self.state.here = None;
        let chosen: Vec<&karabakh_data::Feature> = features
            .iter()
            .filter_map(|&i| self.dataset.features.get(i))
            .collect();
        self.state.selected = chosen.iter().map(|f| f.id.clone()).collect();
        let bounds = chosen.iter().map(|f| f.bbox).reduce(|a, b| {
            geo::Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )
        });
        if let Some(b) = bounds {
            self.map
                .fly_to([b.min().x, b.min().y, b.max().x, b.max().y]);
        }
    }

    /// The picture the map shows now, for the export window.
    pub fn picture(&self) -> Option<export::Picture> {
        let view = self.map.view?;
        let mut inputs = karabakh_scene::SceneInputs::new(karabakh_scene::View {
            origin: [0.0, 0.0],
            ..view
        });
        inputs.day = self.state.shown_day();
        inputs.hidden_layers = self.state.hidden_layers.clone();
        inputs.relief = self.state.relief;
        inputs.names = self.state.names;
        inputs.layer_looks = self.state.layer_looks.clone();
        Some(export::Picture {
            inputs,
            slide: self.state.slide_options(&self.dataset),
            selected: self.state.selected.clone(),
            scale: 1.0,
        })
    }

    pub fn open_export(&mut self) {
        if let Some(picture) = self.picture() {
            self.export.open_for(picture);
        }
    }
}

/// What the window says when online tiles cannot be loaded.
pub const TILES_FAILED: &str =
    "OpenStreetMap tiles could not be loaded (no network?): showing the offline basemap";
