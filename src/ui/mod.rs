//! The viewer's window: panels around the map, state in one place.

pub mod details;
pub mod legend;
pub mod state;

use std::sync::Arc;

use egui::RichText;

use crate::data::Dataset;
use crate::data::basemap::Basemap;
use crate::map::MapPanel;
use crate::scene::Prepared;
use crate::time::Day;
use details::DetailsPanel;
use legend::LegendPanel;
pub use state::UiState;

/// The first and last day the date slider reaches.
pub const FIRST_DAY: (i32, u32, u32) = (1920, 1, 1);
pub const LAST_DAY: (i32, u32, u32) = (2025, 12, 31);

pub struct AtlasApp {
    pub dataset: Arc<Dataset>,
    pub prepared: Arc<Prepared>,
    pub state: UiState,
    pub map: MapPanel,
    legend: LegendPanel,
    details: DetailsPanel,
    fonts_installed: bool,
}

impl AtlasApp {
    pub fn new(dataset: Dataset) -> Self {
        let basemap = Basemap::embedded();
        let prepared = Prepared::new(&dataset, &basemap);
        for problem in &dataset.problems {
            log::warn!("{problem}");
        }
        AtlasApp {
            dataset: Arc::new(dataset),
            prepared: Arc::new(prepared),
            state: UiState::default(),
            map: MapPanel::default(),
            legend: LegendPanel,
            details: DetailsPanel,
            fonts_installed: false,
        }
    }

    /// The whole window; `eframe::App::ui` and the UI tests call this.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        if !self.fonts_installed {
            install_fonts(ui.ctx());
            // The light theme suits the map and a projector.
            ui.ctx().set_theme(egui::Theme::Light);
            self.fonts_installed = true;
        }
        egui::Panel::top("top-bar").show(ui, |ui| self.top_bar_ui(ui));
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_ui(ui));
        let visible = self
            .map
            .scene()
            .map(|s| s.visible.clone())
            .unwrap_or_default();
        egui::Panel::left("legend")
            .default_size(250.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.legend.ui(ui, &self.dataset, &visible, &mut self.state)
                });
            });
        egui::Panel::right("details")
            .default_size(330.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.details
                        .ui(ui, &self.dataset, self.state.selected.as_deref())
                });
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let out = self.map.ui(ui, &self.dataset, &self.prepared, &self.state);
                self.state.cursor = out.cursor;
                if let Some(clicked) = out.clicked {
                    self.state.selected = clicked
                        .and_then(|i| self.dataset.features.get(i))
                        .map(|f| f.id.clone());
                }
            });
    }

    fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.heading("Karabakh Atlas");
            ui.separator();
            let first = Day::from_ymd(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).0;
            let last = Day::from_ymd(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2).0;
            let mut value = self.state.day.0;
            ui.add_enabled_ui(!self.state.all_dates, |ui| {
                ui.spacing_mut().slider_width = 320.0;
                let slider = egui::Slider::new(&mut value, first..=last)
                    .show_value(false)
                    .text("Date");
                if ui.add(slider).changed() {
                    self.state.day = Day(value);
                }
            });
            ui.checkbox(&mut self.state.all_dates, "All dates");
            ui.separator();
            let date = if self.state.all_dates {
                "All dates".to_owned()
            } else {
                self.state.day.to_string()
            };
            ui.label(RichText::new(date).size(22.0).strong());
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match self.state.cursor {
                Some((lon, lat)) => ui.label(format!("{lat:.4}° N, {lon:.4}° E")),
                None => ui.label("—"),
            };
            ui.separator();
            if let Some(view) = self.map.view {
                ui.label(format!("zoom {:.1}", view.zoom));
                ui.separator();
            }
            let shown = self.map.scene().map_or(0, |s| s.visible.len());
            ui.label(format!(
                "{shown} of {} features shown",
                self.dataset.features.len()
            ));
            if !self.dataset.problems.is_empty() {
                ui.separator();
                ui.colored_label(
                    egui::Color32::from_rgb(0xb0, 0x1e, 0x2d),
                    format!(
                        "{} data problem(s): run `karabakh-atlas check`",
                        self.dataset.problems.len()
                    ),
                );
            }
        });
    }
}

impl eframe::App for AtlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        AtlasApp::ui(self, ui);
    }
}

/// Bundled fonts: Noto Sans for Latin (Azerbaijani ə included) and Noto Sans Armenian, which
/// egui's default fonts lack. Added as fallbacks, so egui's own look is kept.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    for (name, bytes) in [
        (
            "noto-sans",
            include_bytes!("../../assets/fonts/NotoSans-Regular.ttf").as_slice(),
        ),
        (
            "noto-sans-armenian",
            include_bytes!("../../assets/fonts/NotoSansArmenian-Regular.ttf").as_slice(),
        ),
    ] {
        fonts.font_data.insert(
            name.to_owned(),
            Arc::new(egui::FontData::from_static(bytes)),
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push(name.to_owned());
        }
    }
    ctx.set_fonts(fonts);
}
