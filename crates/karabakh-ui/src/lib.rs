//! The viewer's window: panels around the map, state in one place. [`AtlasApp`] composes
//! them; each panel is a small struct with its own state and a `ui` method (`legend`,
//! `timeline`, `details`, `documents`, `search_box`, `export_window`), and the app's own
//! parts live in modules named for what they are (`bars`, `map_view`, `windows`, `loading`,
//! `shortcuts`).

pub mod animation_window;
mod bars;
pub mod cite_window;
pub mod compare;
pub mod details;
pub mod documents;
mod edit_forms;
pub mod editor;
pub mod export_job;
pub mod export_window;
pub(crate) mod file_window;
mod fonts;
pub mod frame_stats;
pub mod highlight;
mod layer_style;
pub mod legend;
pub mod linking;
mod load_progress;
mod loading;
mod map_view;
pub mod margin;
mod passage_day;
pub mod persist;
pub mod search;
pub mod search_box;
mod shortcuts;
pub mod state;
pub mod stories;
pub mod suggested_places;
pub mod suggestions;
pub mod timeline;
pub mod timeline_layout;
pub mod timeline_scale;
pub mod toasts;
pub mod tour;
mod windows;

use std::sync::Arc;

use details::DetailsPanel;
use documents::DocumentsPanel;
pub use fonts::install_fonts;
use karabakh_data::Dataset;
use karabakh_data::basemap::Basemap;
use karabakh_data::timeline::TimelineEvent;
use karabakh_map::MapPanel;
use karabakh_scene::Prepared;
use legend::LegendPanel;
use loading::Loads;
use search_box::SearchBox;
pub use shortcuts::SHORTCUTS;
pub use state::UiState;
use timeline::TimelinePanel;

pub struct AtlasApp {
    pub dataset: Arc<Dataset>,
    pub prepared: Arc<Prepared>,
    pub state: UiState,
    pub map: MapPanel,
    pub timeline: TimelinePanel,
    pub documents: DocumentsPanel,
    pub export: export_window::ExportWindow,
    pub animation: animation_window::AnimationWindow,
    pub cite: cite_window::CiteWindow,
    pub search: SearchBox,
    pub compare: compare::ComparePanel,
    pub stories: stories::StoriesPanel,
    /// The story being played, if any.
    pub tour: Option<tour::Tour>,
    /// Editing the dossier: tools, undo and redo, saving.
    pub editor: editor::Editor,
    events: Vec<TimelineEvent>,
    legend: LegendPanel,
    details: DetailsPanel,
    /// Messages for the user (a file that could not be read, a state that could not be
    /// restored), each dismissable.
    pub notices: Vec<String>,
    /// Notices that fade by themselves ("Added 2 features"); the Esc hint of presentation mode.
    pub toasts: toasts::Toasts,
    pub esc_hint: toasts::EscHint,
    /// Files being read on worker threads, and a file dialog open.
    loads: Loads,
    fonts_installed: bool,
    /// The keyboard help is shown.
    pub help: bool,
    /// The legend panel is shown (L hides it).
    pub legend_open: bool,
    /// With `--frame-stats`: the window redraws continuously and reports its frame times.
    pub frame_stats: Option<frame_stats::FrameStats>,
    /// Counts changes of the dataset, for what panels keep about it.
    revision: u64,
    /// The places the documents mention, offered as links to accept or reject.
    pub suggestions: suggestions::Suggestions,
}

impl AtlasApp {
    pub fn new(dataset: Dataset) -> Self {
        let basemap = Basemap::embedded();
        let prepared = Prepared::new(&dataset, &basemap);
        for problem in &dataset.problems {
            log::warn!("{problem}");
        }
        let events = karabakh_data::timeline::events_of(&dataset);
        AtlasApp {
            dataset: Arc::new(dataset),
            prepared: Arc::new(prepared),
            state: UiState::default(),
            map: MapPanel::default(),
            timeline: TimelinePanel::default(),
            documents: DocumentsPanel::default(),
            export: export_window::ExportWindow::default(),
            animation: animation_window::AnimationWindow::default(),
            cite: cite_window::CiteWindow::default(),
            search: SearchBox::default(),
            compare: compare::ComparePanel::default(),
            stories: stories::StoriesPanel::default(),
            tour: None,
            editor: editor::Editor::default(),
            events,
            legend: LegendPanel::default(),
            details: DetailsPanel::default(),
            notices: Vec::new(),
            toasts: toasts::Toasts::default(),
            esc_hint: toasts::EscHint::default(),
            loads: Loads::default(),
            fonts_installed: false,
            help: false,
            legend_open: true,
            frame_stats: None,
            revision: 0,
            suggestions: suggestions::Suggestions::default(),
        }
    }

    /// The whole window; `eframe::App::ui` and the UI tests call this.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.install_fonts_once(ui.ctx());
        self.tour_tick(ui.ctx());
        self.shortcuts(ui.ctx());
        self.edit_shortcuts(ui.ctx());
        self.follow_theme(ui.ctx());
        self.poll_loading(ui.ctx());
        self.take_dropped_files(ui.ctx());
        self.poll_picker(ui.ctx());
        self.notices_ui(ui.ctx());
        self.ruler_ui(ui.ctx());
        self.help_ui(ui.ctx());
        self.export.ui(ui.ctx(), &self.dataset, &self.prepared);
        if let Some(done) = self.animation.ui(ui.ctx(), &self.dataset, &self.prepared) {
            self.toasts.push(done);
        }
        self.cite.ui(ui.ctx());
        self.stories_ui(ui.ctx());
        self.editor_ui(ui.ctx());
        if self.state.presentation {
            self.presentation_ui(ui);
            return;
        }
        egui::Panel::top("top-bar").show(ui, |ui| self.top_bar_ui(ui));
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_ui(ui));
        egui::Panel::bottom("timeline").show(ui, |ui| {
            self.timeline
                .ui(ui, &self.dataset, &self.events, &mut self.state);
        });
        if self.legend_open {
            self.legend_panel_ui(ui);
        }
        if self.compare.open {
            return self.compare_ui(ui);
        }
        self.side_panel_ui(ui);
        self.map_panel_ui(ui);
    }

    fn install_fonts_once(&mut self, ctx: &egui::Context) {
        if !self.fonts_installed {
            install_fonts(ctx);
            // The light theme suits the map and a projector.
            ctx.set_theme(egui::Theme::Light);
            self.fonts_installed = true;
        }
    }

    fn follow_theme(&self, ctx: &egui::Context) {
        let theme = if self.state.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        if ctx.theme() != theme {
            ctx.set_theme(theme);
        }
    }

    /// The layers on the left, with how many of each are in view.
    fn legend_panel_ui(&mut self, ui: &mut egui::Ui) {
        let counts = self.map.shown_counts(&self.dataset, &self.prepared);
        let progress = self.loads.legend_progress();
        egui::Panel::left("legend")
            .default_size(250.0)
            .size_range(180.0..=400.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.legend.ui(
                        ui,
                        &self.dataset,
                        self.revision,
                        &counts.per_layer,
                        &progress,
                        &mut self.state,
                    )
                });
            });
    }

    /// On the right, the details of what is selected over the documents; an excerpt hovered
    /// there highlights its features on the map, one clicked flies to them.
    fn side_panel_ui(&mut self, ui: &mut egui::Ui) {
        let mut reading = documents::ReadingOutput::default();
        self.suggestions
            .update(&self.dataset, self.revision, ui.ctx());
        egui::Panel::right("side")
            .default_size(380.0)
            .size_range(260.0..=560.0)
            .resizable(true)
            .show(ui, |ui| {
                let details_height = (ui.available_height() * 0.42).max(160.0);
                egui::ScrollArea::vertical()
                    .id_salt("details")
                    .max_height(details_height)
                    .show(ui, |ui| self.details_ui(ui));
                ui.separator();
                reading = self.documents.ui(
                    ui,
                    &self.dataset,
                    self.revision,
                    &mut self.state,
                    &self.suggestions,
                );
            });
        self.state.emphasised = reading.hovered;
        if let (Some(decision), Some(doc)) = (reading.decision, self.state.document.clone()) {
            let edits = suggestions::Suggestions::decide(&self.dataset, &doc, decision);
            self.apply_edits(edits);
        }
        if reading.link {
            self.link_selection();
        }
        if let Some(features) = reading.clicked {
            self.select_and_fly(&features);
            self.follow_passage_day(&features);
        }
    }

    fn details_ui(&mut self, ui: &mut egui::Ui) {
        let picked = self
            .details
            .ui(ui, &self.dataset, self.revision, &self.state);
        match picked {
            Some(details::Picked::Feature(index)) => {
                let id = self.dataset.features.get(index).map(|f| f.id.clone());
                self.state.select_one(id);
            }
            Some(details::Picked::Place) => self.state.selected.clear(),
            Some(details::Picked::Cite) => self.cite_selection(),
            None => {}
        }
    }
}

impl eframe::App for AtlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let start = std::time::Instant::now();
        if self.map.gpu.is_none() && frame.gl().is_some() {
            // The window keeps the map's picture on the GPU and makes scenes off this thread.
            self.map.gpu = Some(karabakh_map::gpu::GpuPictures::default());
            self.map.background_builds = true;
        }
        AtlasApp::ui(self, ui);
        if let Some(stats) = &mut self.frame_stats {
            if let Some(report) = stats.frame(start, start.elapsed()) {
                eprintln!("{report}; {} features", self.dataset.features.len());
            }
            ui.ctx().request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        persist::save(self, storage);
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        if let (Some(gpu), Some(gl)) = (&self.map.gpu, gl) {
            gpu.destroy(gl);
        }
    }
}
