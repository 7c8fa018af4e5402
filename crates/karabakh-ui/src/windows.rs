//! The windows over the map: messages for the user, the ruler's readout while measuring, and
//! the keyboard help.

use egui::RichText;

use crate::{AtlasApp, SHORTCUTS};
use karabakh_scene::measure::{format_km, ruler_legs};

impl AtlasApp {
    /// Messages (a file that could not be read, a state that could not be restored), each
    /// dismissable.
    pub(crate) fn notices_ui(&mut self, ctx: &egui::Context) {
        if self.notices.is_empty() {
            return;
        }
        let mut dismissed = Vec::new();
        let mut all = false;
        egui::Window::new("Messages")
            .default_pos([420.0, 80.0])
            .default_width(520.0)
            .collapsible(true)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(260.0)
                    .show(ui, |ui| {
                        for (n, notice) in self.notices.iter().enumerate() {
                            ui.horizontal(|ui| {
                                if ui.small_button("Dismiss").clicked() {
                                    dismissed.push(n);
                                }
                                ui.label(notice);
                            });
                        }
                    });
                if self.notices.len() > 1 && ui.button("Dismiss all").clicked() {
                    all = true;
                }
            });
        if all {
            self.notices.clear();
        }
        for n in dismissed.into_iter().rev() {
            self.notices.remove(n);
        }
    }

    /// The ruler's legs and total while measuring.
    pub(crate) fn ruler_ui(&mut self, ctx: &egui::Context) {
        let Some(points) = &self.state.ruler else {
            return;
        };
        let legs = ruler_legs(points);
        let empty = points.is_empty();
        let mut clear = false;
        egui::Window::new("Ruler")
            .default_pos([520.0, 70.0])
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                if empty {
                    ui.label("Click on the map to place the first point.");
                }
                for (n, km) in legs.iter().enumerate() {
                    ui.label(format!("Leg {}: {}", n + 1, format_km(*km)));
                }
                let total: f64 = legs.iter().sum();
                ui.label(RichText::new(format!("Total: {}", format_km(total))).strong());
                ui.label(
                    RichText::new("Geodesic distances on the WGS84 ellipsoid. Esc or M ends.")
                        .small()
                        .weak(),
                );
                clear = ui.button("Clear points").clicked();
            });
        if clear {
            self.state.ruler = Some(Vec::new());
        }
    }

    /// Every keyboard shortcut, while the help is open.
    pub(crate) fn help_ui(&mut self, ctx: &egui::Context) {
        if !self.help {
            return;
        }
        let mut open = true;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for (keys, what) in SHORTCUTS {
                            ui.label(RichText::new(*keys).monospace().strong());
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
            });
        self.help = open;
    }
}
