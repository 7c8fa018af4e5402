//! Adding material while the window works: files (GeoJSON, KML, text) and whole dossiers are
//! read on worker threads, one load at a time, and merged in when done; the File menu's
//! native dialogs run on a worker thread too.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::AtlasApp;
use karabakh_data::Dataset;
use karabakh_data::basemap::Basemap;
use karabakh_scene::Prepared;
use karabakh_scene::prepare::PreparedFeature;

/// What a loading thread sends back.
enum Loaded {
    Addition(Dataset, Vec<PreparedFeature>),
    Dossier(Dataset, Box<Prepared>),
}

enum LoadRequest {
    Files(Vec<PathBuf>),
    Dossier(PathBuf),
}

/// A load under way: what it reads, and where its result arrives.
struct Loading {
    label: String,
    rx: Receiver<Loaded>,
}

/// What the user picked in a native dialog: (a folder?, the paths).
type Picked = (bool, Vec<PathBuf>);

#[derive(Default)]
pub(crate) struct Loads {
    /// Files being read on a worker thread.
    loading: Option<Loading>,
    /// Loads asked for while another runs.
    pending: VecDeque<LoadRequest>,
    /// A native file dialog open on a worker thread.
    picker: Option<Receiver<Picked>>,
}

impl Loads {
    /// What is being read, for the top bar.
    pub fn label(&self) -> Option<&str> {
        self.loading.as_ref().map(|l| l.label.as_str())
    }
}

impl AtlasApp {
    /// Reads files (GeoJSON, KML, text) on a worker thread and adds them when done; the window
    /// keeps working meanwhile.
    pub fn add_files(&mut self, paths: Vec<PathBuf>, ctx: &egui::Context) {
        if paths.is_empty() {
            return;
        }
        self.loads.pending.push_back(LoadRequest::Files(paths));
        self.start_next_load(ctx);
    }

    /// Replaces the dossier with the one in `dir`, read on a worker thread.
    pub fn open_dossier(&mut self, dir: PathBuf, ctx: &egui::Context) {
        self.stories.folder = dir.display().to_string();
        self.loads.pending.push_back(LoadRequest::Dossier(dir));
        self.start_next_load(ctx);
    }

    /// Whether files are being read or wait to be.
    pub fn is_loading(&self) -> bool {
        self.loads.loading.is_some() || !self.loads.pending.is_empty()
    }

    /// Starts the next queued load once the previous one is merged, so that each works on the
    /// dataset as it then is; the UI thread never waits for a load.
    fn start_next_load(&mut self, ctx: &egui::Context) {
        if self.loads.loading.is_some() {
            return;
        }
        let Some(request) = self.loads.pending.pop_front() else {
            return;
        };
        let (tx, rx) = channel();
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
        self.loads.loading = Some(Loading { label, rx });
    }

    /// Merges a finished load, then starts the next.
    pub(crate) fn poll_loading(&mut self, ctx: &egui::Context) {
        let Some(loading) = &self.loads.loading else {
            return;
        };
        match loading.rx.try_recv() {
            Ok(result) => {
                self.loads.loading = None;
                self.finish_loading(result);
                self.start_next_load(ctx);
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                self.loads.loading = None;
                self.notices
                    .push("Loading stopped unexpectedly; nothing was added.".to_owned());
                self.start_next_load(ctx);
            }
        }
    }

    fn finish_loading(&mut self, result: Loaded) {
        match result {
            Loaded::Addition(addition, prepared) => {
                for problem in &addition.problems {
                    log::warn!("{problem}");
                    self.notices.push(problem.to_string());
                }
                let added = addition.features.len();
                let layers: Vec<String> = addition.layers.iter().map(|l| l.title.clone()).collect();
                Arc::make_mut(&mut self.dataset).merge(addition);
                Arc::make_mut(&mut self.prepared).extend_features(&self.dataset, prepared);
                if added > 0 {
                    let plural = if added == 1 { "" } else { "s" };
                    self.toasts.push(format!(
                        "Added {added} feature{plural} ({})",
                        layers.join(", ")
                    ));
                }
            }
            Loaded::Dossier(dataset, prepared) => {
                for problem in &dataset.problems {
                    log::warn!("{problem}");
                    self.notices.push(problem.to_string());
                }
                self.dataset = Arc::new(dataset);
                self.prepared = Arc::new(*prepared);
                self.state.selected.clear();
                self.state.document = None;
                self.editor = crate::editor::Editor::default();
                self.suggestions = crate::suggestions::Suggestions::of_dossier(&self.dataset);
            }
        }
        self.events = karabakh_data::timeline::events_of(&self.dataset);
        self.map.invalidate();
        self.revision += 1;
    }

    /// Files dropped on the window are added.
    pub(crate) fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            self.add_files(dropped, ctx);
        }
    }

    /// The File menu: add layers or documents, or open another dossier, in a native dialog.
    pub(crate) fn file_menu_ui(&mut self, ui: &mut egui::Ui) {
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
        if let Some(folder) = pick {
            self.loads.picker = Some(open_dialog(folder, ui.ctx()));
        }
    }

    /// Loads what the user picked in the dialog, once it is closed.
    pub(crate) fn poll_picker(&mut self, ctx: &egui::Context) {
        let Some((folder, paths)) = self.loads.picker.as_ref().and_then(|rx| rx.try_recv().ok())
        else {
            return;
        };
        self.loads.picker = None;
        if folder {
            if let Some(dir) = paths.into_iter().next() {
                self.open_dossier(dir, ctx);
            }
        } else {
            self.add_files(paths, ctx);
        }
    }
}

/// Opens a native dialog for a folder or for files on a worker thread; the answer arrives
/// on the receiver.
fn open_dialog(folder: bool, ctx: &egui::Context) -> Receiver<Picked> {
    let (tx, rx) = channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let dialog = rfd::AsyncFileDialog::new();
        let chosen: Vec<PathBuf> = if folder {
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
    rx
}
