//! Compare mode: two dates at once, over one map with a swipe divider or on two maps side by
//! side that move together; each side says its date, and a list says what changed between them
//! (what began or ended, the ground that changed hands with its size).

use std::sync::Arc;

use egui::{Color32, Rect, RichText, Sense, Stroke, pos2, vec2};
use karabakh_data::Dataset;
use karabakh_map::{MapInput, MapPanel};
use karabakh_scene::Prepared;
use karabakh_scene::compare::{Comparison, compare, thousands};
use karabakh_time::{Day, long_date};

use crate::AtlasApp;

/// How the two dates share the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One map; the later date right of a divider the user drags.
    Swipe,
    /// Two maps, the earlier date on the left, moving together.
    SideBySide,
}

pub struct ComparePanel {
    pub open: bool,
    pub layout: Layout,
    /// The dates as typed, and as last parsed.
    pub before_text: String,
    pub after_text: String,
    pub before: Day,
    pub after: Day,
    /// Where the divider is, as a share of the map's width from its left edge.
    pub divider: f32,
    /// The map of the later date.
    pub second: MapPanel,
    /// The comparison of the parsed dates, for the dataset revision it was made on.
    comparison: Option<(Day, Day, u64, Comparison)>,
    /// A date that does not parse, said under its field.
    pub problem: Option<String>,
    /// Where the later date's plate was drawn over the swipe map last frame (the labels keep
    /// clear of it).
    pub date_plate: Option<Rect>,
}

impl Default for ComparePanel {
    fn default() -> Self {
        let day = karabakh_data::embedded::opening_day();
        ComparePanel {
            open: false,
            layout: Layout::Swipe,
            before_text: day.to_string(),
            after_text: day.to_string(),
            before: day,
            after: day,
            divider: 0.5,
            second: MapPanel::default(),
            comparison: None,
            problem: None,
            date_plate: None,
        }
    }
}

/// What the change list asks of the window.
enum Picked {
    Feature(usize),
}

impl ComparePanel {
    /// Opens compare mode from `before` (the last event before the map's date) to the map's date.
    pub fn open_at(&mut self, before: Day, after: Day) {
        self.open = true;
        self.set_dates(before, after);
    }

    pub fn set_dates(&mut self, before: Day, after: Day) {
        self.before = before;
        self.after = after;
        self.before_text = before.to_string();
        self.after_text = after.to_string();
        self.problem = None;
    }

    /// The comparison of the two dates, made once per pair and dataset.
    pub fn comparison(&mut self, dataset: &Dataset, revision: u64) -> &Comparison {
        let (before, after) = (self.before, self.after);
        let fresh = matches!(&self.comparison,
            Some((b, a, r, _)) if *b == before && *a == after && *r == revision);
        if !fresh {
            self.comparison = None;
        }
        let (.., made) = self
            .comparison
            .get_or_insert_with(|| (before, after, revision, compare(dataset, before, after)));
        made
    }

    /// The two date fields; a date takes effect once it parses.
    fn dates_ui(&mut self, ui: &mut egui::Ui) {
        let mut problem = None;
        egui::Grid::new("compare-dates")
            .num_columns(2)
            .show(ui, |ui| {
                for (label, text, day) in [
                    ("Before", &mut self.before_text, &mut self.before),
                    ("After", &mut self.after_text, &mut self.after),
                ] {
                    let name = ui.label(label);
                    let edit = egui::TextEdit::singleline(text)
                        .desired_width(110.0)
                        .hint_text("YYYY-MM-DD");
                    ui.add(edit).labelled_by(name.id);
                    match Day::parse(text.trim()) {
                        Ok(parsed) => *day = parsed,
                        Err(e) => problem = Some(format!("{label}: {e}")),
                    }
                    ui.end_row();
                }
            });
        self.problem = problem;
        if let Some(problem) = &self.problem {
            ui.colored_label(Color32::from_rgb(0xb0, 0x1e, 0x2d), problem);
        }
        ui.horizontal(|ui| {
            ui.label("Show");
            ui.radio_value(&mut self.layout, Layout::Swipe, "Swipe");
            ui.radio_value(&mut self.layout, Layout::SideBySide, "Side by side");
        });
    }

    /// The list of what changed; a feature clicked is picked.
    fn changes_ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Dataset,
        revision: u64,
    ) -> Option<Picked> {
        let mut picked = None;
        let c = self.comparison(dataset, revision).clone();
        ui.heading(format!("From {} to {}", c.before, c.after));
        ui.label(RichText::new("Ground that changed hands").strong());
        if c.changed_hands.is_empty() {
            ui.label(RichText::new("None in the dossier's areas of control.").weak());
        }
        for h in &c.changed_hands {
            ui.label(format!(
                "{} km² from {} to {}",
                thousands(h.km2),
                h.from.label(),
                h.to.label()
            ));
        }
        for (heading, list) in [("Began", &c.began), ("Ended", &c.ended)] {
            ui.add_space(6.0);
            ui.label(RichText::new(format!("{heading} ({})", list.len())).strong());
            for d in list {
                let Some(feature) = dataset.features.get(d.feature) else {
                    continue;
                };
                let text = format!("{}  {}", d.day, feature.names.display);
                if ui
                    .link(text)
                    .on_hover_text("Select it on the map")
                    .clicked()
                {
                    picked = Some(Picked::Feature(d.feature));
                }
            }
        }
        picked
    }

    /// The two maps of compare mode in `ui`'s space, moving together.
    fn maps_ui(
        &mut self,
        ui: &mut egui::Ui,
        first: &mut MapPanel,
        dataset: &Arc<Dataset>,
        prepared: &Arc<Prepared>,
        mut inputs: [MapInput; 2],
    ) {
        let rect = ui.available_rect_before_wrap();
        ui.allocate_rect(rect, Sense::hover());
        // Each map says its date top left; in a swipe the later one's is under the earlier
        // map, so it is said again top right, over the side it shows. Both maps' labels keep
        // clear of it.
        let plate = (self.layout == Layout::Swipe).then(|| {
            let plate = date_plate(ui, pos2(rect.right() - 16.0, rect.top() + 12.0), self.after);
            for input in &mut inputs {
                input.over_map.push(plate.0);
            }
            plate
        });
        self.date_plate = plate.as_ref().map(|p| p.0);
        let before = [first.whereabouts(), self.second.whereabouts()];
        self.second.background_builds = first.background_builds;
        let (left, right) = match self.layout {
            Layout::Swipe => (rect, rect),
            Layout::SideBySide => {
                let mid = rect.center().x;
                (
                    Rect::from_min_max(rect.min, pos2(mid - 1.0, rect.max.y)),
                    Rect::from_min_max(pos2(mid + 1.0, rect.min.y), rect.max),
                )
            }
        };
        map_in(ui, left, left, first, dataset, prepared, &inputs[0]);
        let divider_x = rect.left() + rect.width() * self.divider;
        let shown = match self.layout {
            Layout::Swipe => Rect::from_min_max(pos2(divider_x, rect.min.y), rect.max),
            Layout::SideBySide => right,
        };
        map_in(
            ui,
            right,
            shown,
            &mut self.second,
            dataset,
            prepared,
            &inputs[1],
        );
        follow(first, &mut self.second, before);
        if self.layout == Layout::Swipe {
            self.divider_ui(ui, rect);
        }
        if let Some((plate, galley)) = plate {
            paint_date_plate(ui, plate, galley);
        }
    }

    /// The swipe divider: a line with a handle, dragged sideways.
    fn divider_ui(&mut self, ui: &mut egui::Ui, rect: Rect) {
        let x = rect.left() + rect.width() * self.divider;
        let grip = Rect::from_center_size(pos2(x, rect.center().y), vec2(24.0, rect.height()));
        let response = ui
            .interact(grip, egui::Id::unique("compare-divider"), Sense::drag())
            .on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
        if response.dragged() {
            let dx = response.drag_delta().x / rect.width().max(1.0);
            self.divider = (self.divider + dx).clamp(0.02, 0.98);
        }
        let x = rect.left() + rect.width() * self.divider;
        let painter = ui.painter_at(rect);
        painter.line_segment(
            [pos2(x, rect.top()), pos2(x, rect.bottom())],
            Stroke::new(3.0, Color32::WHITE),
        );
        painter.line_segment(
            [pos2(x, rect.top()), pos2(x, rect.bottom())],
            Stroke::new(1.0, Color32::from_gray(40)),
        );
        let knob = pos2(x, rect.center().y);
        painter.circle(
            knob,
            14.0,
            Color32::WHITE,
            Stroke::new(1.5, Color32::from_gray(40)),
        );
        painter.text(
            knob,
            egui::Align2::CENTER_CENTER,
            "< >",
            egui::FontId::proportional(11.0),
            Color32::from_gray(40),
        );
    }
}

/// A map in `rect`, painted only inside `shown`.
fn map_in(
    ui: &mut egui::Ui,
    rect: Rect,
    shown: Rect,
    map: &mut MapPanel,
    dataset: &Arc<Dataset>,
    prepared: &Arc<Prepared>,
    input: &MapInput,
) {
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
    child.set_clip_rect(shown.intersect(ui.clip_rect()));
    map.ui(&mut child, dataset, prepared, input);
}

/// Makes the two maps show the same place: the one the user moved leads.
fn follow(first: &mut MapPanel, second: &mut MapPanel, before: [(Option<(f64, f64)>, f64); 2]) {
    if second.whereabouts() != before[1] {
        first.look_as(second);
    } else if first.whereabouts() != before[0] {
        second.look_as(first);
    }
}

/// The later date, large, on a light plate whose top-right corner is at `at`: the plate and
/// the date laid out.
fn date_plate(ui: &egui::Ui, at: egui::Pos2, day: Day) -> (Rect, Arc<egui::Galley>) {
    let ink = Color32::from_rgb(0x22, 0x22, 0x28);
    let galley = ui
        .painter()
        .layout_no_wrap(long_date(day), egui::FontId::proportional(28.0), ink);
    let plate = egui::Align2::RIGHT_TOP
        .anchor_size(at, galley.size())
        .expand2(vec2(10.0, 4.0));
    (plate, galley)
}

/// Paints the plate made by [`date_plate`].
fn paint_date_plate(ui: &egui::Ui, plate: Rect, galley: Arc<egui::Galley>) {
    let painter = ui.painter();
    painter.rect_filled(plate, 6.0, Color32::from_white_alpha(215));
    let ink = Color32::from_rgb(0x22, 0x22, 0x28);
    painter.galley(plate.min + vec2(10.0, 4.0), galley, ink);
}

impl AtlasApp {
    /// Opens compare mode: from the last event before the map's date to the map's date.
    pub fn open_compare(&mut self) {
        let after = self.state.day;
        let before = karabakh_data::timeline::previous_event(&self.events, after).unwrap_or(after);
        if let Some(view) = self.map.view {
            let (lon, lat) = view.center.to_lon_lat();
            self.compare.second.center_at(lon, lat, view.zoom);
        }
        self.compare.open_at(before, after);
    }

    /// Compare mode in place of the map: the dates and the change list on the right.
    pub(crate) fn compare_ui(&mut self, ui: &mut egui::Ui) {
        let mut picked = None;
        let mut close = false;
        egui::Panel::right("compare-side")
            .default_size(360.0)
            .resizable(true)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.heading("Compare two dates");
                    close = ui
                        .button("Close")
                        .on_hover_text("Back to one map")
                        .clicked();
                });
                self.compare.dates_ui(ui);
                ui.separator();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    picked = self.compare.changes_ui(ui, &self.dataset, self.revision);
                });
            });
        let mut first = self.state.map_input(&self.dataset);
        first.day = Some(self.compare.before);
        let mut second = first.clone();
        second.day = Some(self.compare.after);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                self.compare.maps_ui(
                    ui,
                    &mut self.map,
                    &self.dataset,
                    &self.prepared,
                    [first, second],
                );
            });
        if let Some(Picked::Feature(index)) = picked {
            self.select_and_fly(&[index]);
        }
        if close {
            self.compare.open = false;
        }
    }
}
