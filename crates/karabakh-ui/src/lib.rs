//! The viewer's window: panels around the map, state in one place.

pub mod details;
pub mod documents;
pub mod export_window;
pub mod frame_stats;
pub mod legend;
pub mod persist;
pub mod search;
pub mod state;
pub mod timeline;

use std::sync::Arc;

use egui::RichText;

use details::DetailsPanel;
use documents::DocumentsPanel;
use karabakh_data::Dataset;
use karabakh_data::basemap::Basemap;
use karabakh_data::timeline::TimelineEvent;
use karabakh_export as export;
use karabakh_map::MapPanel;
use karabakh_scene::Prepared;
use legend::LegendPanel;
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
    events: Vec<TimelineEvent>,
    legend: LegendPanel,
    details: DetailsPanel,
    query: String,
    /// Messages for the user (a file that could not be read, a state that could not be
    /// restored), each dismissable.
    pub notices: Vec<String>,
    /// Files being read on a worker thread, and where their result arrives.
    loading: Option<Loading>,
    /// Loads asked for while another runs.
    pending: std::collections::VecDeque<LoadRequest>,
    /// A native file dialog open on a worker thread: (a folder?, what was picked).
    picker: Option<std::sync::mpsc::Receiver<(bool, Vec<std::path::PathBuf>)>>,
    fonts_installed: bool,
    /// The keyboard help is shown.
    pub help: bool,
    /// The legend panel is shown (L hides it).
    pub legend_open: bool,
    /// With `--frame-stats`: the window redraws continuously and reports its frame times.
    pub frame_stats: Option<frame_stats::FrameStats>,
    /// Counts changes of the dataset, for what panels keep about it.
    revision: u64,
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
            events,
            legend: LegendPanel::default(),
            details: DetailsPanel::default(),
            query: String::new(),
            notices: Vec::new(),
            loading: None,
            pending: std::collections::VecDeque::new(),
            picker: None,
            fonts_installed: false,
            help: false,
            legend_open: true,
            frame_stats: None,
            revision: 0,
        }
    }

    /// Reads files (GeoJSON, KML, text) on a worker thread and adds them when done; the window
    /// keeps working meanwhile.
    pub fn add_files(&mut self, paths: Vec<std::path::PathBuf>, ctx: &egui::Context) {
        if paths.is_empty() {
            return;
        }
        self.pending.push_back(LoadRequest::Files(paths));
        self.start_next_load(ctx);
    }

    /// Replaces the dossier with the one in `dir`, read on a worker thread.
    pub fn open_dossier(&mut self, dir: std::path::PathBuf, ctx: &egui::Context) {
        self.pending.push_back(LoadRequest::Dossier(dir));
        self.start_next_load(ctx);
    }

    /// Starts the next queued load once the previous one is merged, so that each works on the
    /// dataset as it then is; the UI thread never waits for a load.
    fn start_next_load(&mut self, ctx: &egui::Context) {
        if self.loading.is_some() {
            return;
        }
        let Some(request) = self.pending.pop_front() else {
            return;
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let repaint = ctx.clone();
        let label = match request {
            LoadRequest::Files(paths) => {
                let label = paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                let snapshot = self.dataset.clone();
                std::thread::spawn(move || {
                    let addition = karabakh_data::import::load_files(&paths, &snapshot);
                    let prepared = karabakh_scene::prepare::prepare_features(&addition.features);
                    let _ = tx.send(Loaded::Addition(addition, prepared));
                    repaint.request_repaint();
                });
                label
            }
            LoadRequest::Dossier(dir) => {
                let label = dir.display().to_string();
                std::thread::spawn(move || {
                    let dataset = karabakh_data::load_dir(&dir);
                    let prepared = Prepared::new(&dataset, &Basemap::embedded());
                    let _ = tx.send(Loaded::Dossier(dataset, Box::new(prepared)));
                    repaint.request_repaint();
                });
                label
            }
        };
        self.loading = Some(Loading { label, rx });
    }

    /// Whether files are being read or wait to be.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some() || !self.pending.is_empty()
    }

    fn poll_loading(&mut self, ctx: &egui::Context) {
        let Some(loading) = &self.loading else { return };
        match loading.rx.try_recv() {
            Ok(result) => {
                self.loading = None;
                self.finish_loading(Some(result));
                self.start_next_load(ctx);
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.loading = None;
                self.notices
                    .push("Loading stopped unexpectedly; nothing was added.".to_owned());
                self.start_next_load(ctx);
            }
        }
    }

    fn finish_loading(&mut self, result: Option<Loaded>) {
        match result {
            Some(Loaded::Addition(addition, prepared)) => {
                for problem in &addition.problems {
                    log::warn!("{problem}");
                    self.notices.push(problem.to_string());
                }
                let added = addition.features.len();
                let layers: Vec<String> = addition.layers.iter().map(|l| l.title.clone()).collect();
                std::sync::Arc::make_mut(&mut self.dataset).merge(addition);
                std::sync::Arc::make_mut(&mut self.prepared)
                    .extend_features(&self.dataset, prepared);
                if added > 0 {
                    self.notices
                        .push(format!("Added {added} features ({})", layers.join(", ")));
                }
            }
            Some(Loaded::Dossier(dataset, prepared)) => {
                for problem in &dataset.problems {
                    log::warn!("{problem}");
                    self.notices.push(problem.to_string());
                }
                self.dataset = Arc::new(dataset);
                self.prepared = Arc::new(*prepared);
                self.state.selected.clear();
                self.state.document = None;
            }
            None => {}
        }
        self.events = karabakh_data::timeline::events_of(&self.dataset);
        self.map.invalidate();
        self.revision += 1;
    }

    /// Selects features by dataset index and flies the map to them.
    pub fn select_and_fly(&mut self, features: &[usize]) {
        self.state.here = None;
        self.state.selected = features
            .iter()
            .filter_map(|&i| self.dataset.features.get(i))
            .map(|f| f.id.clone())
            .collect();
        let rects: Vec<geo::Rect<f64>> = features
            .iter()
            .filter_map(|&i| self.dataset.features.get(i))
            .map(|f| f.bbox)
            .collect();
        if let Some(first) = rects.first() {
            let bounds = rects.iter().fold(
                [first.min().x, first.min().y, first.max().x, first.max().y],
                |b, r| {
                    [
                        b[0].min(r.min().x),
                        b[1].min(r.min().y),
                        b[2].max(r.max().x),
                        b[3].max(r.max().y),
                    ]
                },
            );
            self.map.fly_to(bounds);
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
        self.shortcuts(ui.ctx());
        let theme = if self.state.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        if ui.ctx().theme() != theme {
            ui.ctx().set_theme(theme);
        }
        self.poll_loading(ui.ctx());
        let dropped: Vec<std::path::PathBuf> = ui.ctx().input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            self.add_files(dropped, ui.ctx());
        }
        self.notices_ui(ui.ctx());
        self.overlays_ui(ui.ctx());
        self.export.ui(ui.ctx(), &self.dataset, &self.prepared);
        if self.state.presentation {
            // Only the map, with the slide composed on it; P or Esc brings the panels back.
            self.timeline.keys(ui.ctx(), &self.events, &mut self.state);
            self.timeline.tick(ui.ctx(), &mut self.state);
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE)
                .show(ui, |ui| {
                    let out = self.map.ui(
                        ui,
                        &self.dataset,
                        &self.prepared,
                        &self.state.map_input(&self.dataset),
                    );
                    self.tooltip(&out);
                    if let Some(clicked) = out.clicked {
                        self.state.select_one(
                            clicked
                                .and_then(|i| self.dataset.features.get(i))
                                .map(|f| f.id.clone()),
                        );
                    }
                });
            return;
        }
        egui::Panel::top("top-bar").show(ui, |ui| self.top_bar_ui(ui));
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_ui(ui));
        egui::Panel::bottom("timeline").show(ui, |ui| {
            self.timeline
                .ui(ui, &self.dataset, &self.events, &mut self.state);
        });
        let counts = self.map.shown_counts(&self.dataset, &self.prepared);
        if self.legend_open {
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
                            &mut self.state,
                        )
                    });
                });
        }
        let mut reading = documents::ReadingOutput::default();
        egui::Panel::right("side")
            .default_size(380.0)
            .size_range(260.0..=560.0)
            .resizable(true)
            .show(ui, |ui| {
                let details_height = (ui.available_height() * 0.42).max(160.0);
                egui::ScrollArea::vertical()
                    .id_salt("details")
                    .max_height(details_height)
                    .show(ui, |ui| {
                        match self
                            .details
                            .ui(ui, &self.dataset, self.revision, &self.state)
                        {
                            Some(details::Picked::Feature(index)) => self
                                .state
                                .select_one(self.dataset.features.get(index).map(|f| f.id.clone())),
                            Some(details::Picked::Place) => self.state.selected.clear(),
                            None => {}
                        }
                    });
                ui.separator();
                reading = self
                    .documents
                    .ui(ui, &self.dataset, self.revision, &mut self.state);
            });
        self.state.emphasised = reading.hovered;
        if let Some(features) = reading.clicked {
            self.select_and_fly(&features);
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let out = self.map.ui(
                    ui,
                    &self.dataset,
                    &self.prepared,
                    &self.state.map_input(&self.dataset),
                );
                self.tooltip(&out);
                self.state.cursor = out.cursor;
                if let (Some(points), Some(at)) = (self.state.ruler.as_mut(), out.clicked_at) {
                    // Measuring: a click adds a point instead of selecting.
                    points.push(at);
                } else if let Some(clicked) = out.clicked {
                    self.clicked_on_map(clicked, out.clicked_at);
                }
            });
    }

    /// The hovered feature's names, dates and accuracy, at the pointer.
    fn tooltip(&self, out: &karabakh_map::MapOutput) {
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

    /// Keys that work everywhere: P presentation, Esc leaves it, Ctrl+E export.
    fn shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let (p, escape, export) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::P),
                i.key_pressed(egui::Key::Escape),
                i.key_pressed(egui::Key::E) && i.modifiers.command,
            )
        });
        if p {
            self.state.presentation = !self.state.presentation;
        }
        if escape {
            self.state.presentation = false;
            self.state.ruler = None;
            self.help = false;
        }
        if ctx.input(|i| i.key_pressed(egui::Key::M)) {
            self.toggle_ruler();
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Questionmark) || i.key_pressed(egui::Key::F1)) {
            self.help = !self.help;
        }
        if ctx.input(|i| i.key_pressed(egui::Key::L)) {
            self.legend_open = !self.legend_open;
        }
        if export {
            self.open_export();
        }
    }

    /// Starts measuring, or stops and clears the ruler.
    pub fn toggle_ruler(&mut self) {
        self.state.ruler = match self.state.ruler {
            Some(_) => None,
            None => Some(Vec::new()),
        };
    }

    /// The ruler's readout while measuring, and the keyboard help, as windows over the map.
    fn overlays_ui(&mut self, ctx: &egui::Context) {
        if let Some(points) = self.state.ruler.clone() {
            let legs = karabakh_scene::measure::ruler_legs(&points);
            egui::Window::new("Ruler")
                .default_pos([520.0, 70.0])
                .resizable(false)
                .collapsible(false)
                .show(ctx, |ui| {
                    if points.is_empty() {
                        ui.label("Click on the map to place the first point.");
                    }
                    for (n, km) in legs.iter().enumerate() {
                        ui.label(format!(
                            "Leg {}: {}",
                            n + 1,
                            karabakh_scene::measure::format_km(*km)
                        ));
                    }
                    let total: f64 = legs.iter().sum();
                    ui.label(
                        egui::RichText::new(format!(
                            "Total: {}",
                            karabakh_scene::measure::format_km(total)
                        ))
                        .strong(),
                    );
                    ui.label(
                        egui::RichText::new(
                            "Geodesic distances on the WGS84 ellipsoid. Esc or M ends.",
                        )
                        .small()
                        .weak(),
                    );
                    if ui.button("Clear points").clicked() {
                        self.state.ruler = Some(Vec::new());
                    }
                });
        }
        if self.help {
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
                                ui.label(egui::RichText::new(*keys).monospace().strong());
                                ui.label(*what);
                                ui.end_row();
                            }
                        });
                });
            self.help = open;
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

    fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.heading("Karabakh Atlas");
            ui.separator();
            self.file_menu_ui(ui);
            let measuring = self.state.ruler.is_some();
            if ui
                .selectable_label(measuring, "Measure")
                .on_hover_text("Ruler: click points on the map (M)")
                .clicked()
            {
                self.toggle_ruler();
            }
            if ui
                .button("Help")
                .on_hover_text("Keyboard shortcuts (? or F1)")
                .clicked()
            {
                self.help = !self.help;
            }
            if ui
                .button("Presentation")
                .on_hover_text("Panels hidden, the slide on the map (P; Esc leaves)")
                .clicked()
            {
                self.state.presentation = true;
            }
            if ui
                .button("Export…")
                .on_hover_text("Save the view as PNG or SVG (Ctrl+E)")
                .clicked()
            {
                self.open_export();
            }
            ui.separator();
            let date = if self.state.all_dates {
                "All dates".to_owned()
            } else {
                self.state.day.to_string()
            };
            ui.label(RichText::new(date).size(24.0).strong());
            ui.separator();
            let search_label = ui.label("Search");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("Search places, features, documents")
                        .desired_width(300.0),
                )
                .labelled_by(search_label.id);
            if ui.input(|i| i.key_pressed(egui::Key::F) && i.modifiers.command) {
                response.request_focus();
            }
            let hits = search::search(&self.dataset, &self.query, 8);
            if !self.query.trim().is_empty() {
                ui.label(RichText::new(format!("{} found", hits.len())).small());
                if ui
                    .small_button("Clear")
                    .on_hover_text("Clear the search")
                    .clicked()
                {
                    self.query.clear();
                }
            }
            if let Some(loading) = &self.loading {
                ui.separator();
                ui.spinner();
                ui.label(format!("Loading {}…", loading.label));
            }
            self.search_results_ui(ui, &response, hits);
        });
    }

    fn search_results_ui(
        &mut self,
        ui: &mut egui::Ui,
        anchor: &egui::Response,
        hits: Vec<search::Hit>,
    ) {
        if hits.is_empty() {
            return;
        }
        let mut chosen = None;
        egui::Area::new(egui::Id::unique("search-results"))
            .fixed_pos(anchor.rect.left_bottom() + egui::vec2(0.0, 4.0))
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(460.0);
                    let names = self
                        .dataset
                        .names_on(self.state.names, self.state.shown_day());
                    for (n, hit) in hits.iter().enumerate() {
                        let text = match hit {
                            search::Hit::Feature { index, matched } => {
                                let Some(f) = self.dataset.features.get(*index) else {
                                    continue;
                                };
                                let shown = names.of(*index, f);
                                if &shown == matched || &f.names.display == matched {
                                    format!("{shown} — {}", f.kind.label())
                                } else {
                                    format!("{shown} ({matched}) — {}", f.kind.label())
                                }
                            }
                            search::Hit::Text { snippet, .. } => format!("In the text: {snippet}"),
                        };
                        if ui.selectable_label(false, text).clicked() {
                            chosen = Some(n);
                        }
                    }
                });
            });
        match chosen.and_then(|n| hits.into_iter().nth(n)) {
            Some(search::Hit::Feature { index, .. }) => {
                self.select_and_fly(&[index]);
                self.query.clear();
            }
            Some(search::Hit::Text { doc, span, .. }) => {
                self.state.document = Some(doc.clone());
                self.documents.reveal = Some((doc, span));
                self.query.clear();
            }
            None => {}
        }
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
            let shown = self.map.shown_counts(&self.dataset, &self.prepared).total;
            ui.label(format!(
                "{shown} of {} features shown",
                self.dataset.features.len()
            ));
            if !self.dataset.problems.is_empty() {
                ui.separator();
                // Problems of one's own files, once dismissed, come back from here; `check`
                // says more of a dossier's.
                let text = egui::RichText::new(format!(
                    "{} data problem(s): show",
                    self.dataset.problems.len()
                ))
                .color(egui::Color32::from_rgb(0xb0, 0x1e, 0x2d));
                let link = ui.link(text).on_hover_text(
                    "List them in the Messages window (`karabakh-atlas check` reports on a \
                     dossier folder)",
                );
                if link.clicked() {
                    for problem in &self.dataset.problems {
                        let notice = problem.to_string();
                        if !self.notices.contains(&notice) {
                            self.notices.push(notice);
                        }
                    }
                }
            }
        });
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

/// Every keyboard shortcut, as the help overlay and the README list them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("+  /  -", "zoom in / out"),
    ("wheel", "zoom at the pointer"),
    ("Home", "the whole region"),
    ("Page Up / Page Down", "previous / next event"),
    ("←  /  →", "a day back / forward"),
    ("Space", "play / pause"),
    ("P", "presentation mode"),
    ("Esc", "leave presentation, end the ruler, close this help"),
    ("Ctrl+E", "export the view as PNG or SVG"),
    ("Ctrl+F", "search"),
    ("M", "ruler: click points to measure, M or Esc ends"),
    ("L", "show / hide the layer panel"),
    ("? or F1", "this help"),
];

/// Bundled fonts: Noto Sans for Latin (Azerbaijani ə included) and Noto Sans Armenian, which
/// egui's default fonts lack. Added as fallbacks, so egui's own look is kept.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    for (name, bytes) in [
        (
            "noto-sans",
            include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf").as_slice(),
        ),
        (
            "noto-sans-armenian",
            include_bytes!("../../../assets/fonts/NotoSansArmenian-Regular.ttf").as_slice(),
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

/// What a loading thread sends back.
enum Loaded {
    Addition(Dataset, Vec<karabakh_scene::prepare::PreparedFeature>),
    Dossier(Dataset, Box<Prepared>),
}

enum LoadRequest {
    Files(Vec<std::path::PathBuf>),
    Dossier(std::path::PathBuf),
}

struct Loading {
    label: String,
    rx: std::sync::mpsc::Receiver<Loaded>,
}

impl AtlasApp {
    fn file_menu_ui(&mut self, ui: &mut egui::Ui) {
        let mut pick: Option<bool> = None;
        ui.menu_button("File", |ui| {
            if ui
                .button("Add layers or documents…")
                .on_hover_text("GeoJSON, KML, .txt or .md; you can also drop files on the window")
                .clicked()
            {
                pick = Some(false);
                ui.close();
            }
            if ui
                .button("Open dossier folder…")
                .on_hover_text("A folder with geodata/ and seeds/")
                .clicked()
            {
                pick = Some(true);
                ui.close();
            }
        });
        let Some(folder) = pick else { return };
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ui.ctx().clone();
        std::thread::spawn(move || {
            let dialog = rfd::AsyncFileDialog::new();
            let chosen: Vec<std::path::PathBuf> = if folder {
                pollster::block_on(dialog.pick_folder())
                    .into_iter()
                    .map(|h| h.path().to_path_buf())
                    .collect()
            } else {
                let dialog = dialog.add_filter(
                    "Layers and documents",
                    &["geojson", "json", "kml", "txt", "md"],
                );
                pollster::block_on(dialog.pick_files())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|h| h.path().to_path_buf())
                    .collect()
            };
            let _ = tx.send((folder, chosen));
            ctx.request_repaint();
        });
        self.picker = Some(rx);
    }

    fn notices_ui(&mut self, ctx: &egui::Context) {
        if let Some((folder, paths)) = self.picker.as_ref().and_then(|rx| rx.try_recv().ok()) {
            self.picker = None;
            if folder {
                if let Some(dir) = paths.into_iter().next() {
                    self.open_dossier(dir, ctx);
                }
            } else {
                self.add_files(paths, ctx);
            }
        }
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
}
