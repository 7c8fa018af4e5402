//! Adding material while the window works: files (GeoJSON, KML, text) and whole dossiers are
//! read on worker threads, one load at a time, and merged in when done; the File menu's
//! native dialogs run on a worker thread too.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::AtlasApp;
use crate::load_progress::{LegendProgress, LoadProgress};
use karabakh_data::Dataset;
use karabakh_data::basemap::Basemap;
use karabakh_scene::Prepared;

/// What a loading thread sends back.
enum Loaded {
    Addition(Box<Addition>),
    Dossier(Box<Dataset>, Box<Prepared>),
}

/// Files added: the dataset and its preparation with them merged in, made on the loading
/// thread from the ones the load started from, so that the UI thread only swaps them in.
struct Addition {
    dataset: Dataset,
    prepared: Prepared,
    problems: Vec<karabakh_data::Problem>,
    /// The layers added, as (id, title).
    layers: Vec<(String, String)>,
    added: usize,
}

enum LoadRequest {
    Files(Vec<PathBuf>),
    Dossier(PathBuf),
}

/// A load under way: what it reads, and where its result arrives.
struct Loading {
    label: String,
    rx: Receiver<Loaded>,
    /// Of files added: how far their preparation is.
    progress: Option<Arc<LoadProgress>>,
    /// Of files added: the data the load merges into. Held here so that any change made
    /// meanwhile makes a new copy (`Arc::make_mut`), which tells the merged result is stale.
    base: Option<(Arc<Dataset>, Arc<Prepared>)>,
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
    /// Layers merged that the map's scene does not show yet.
    drawing: Vec<String>,
}

impl Loads {
    /// What is being read, for the top bar.
    pub fn label(&self) -> Option<&str> {
        self.loading.as_ref().map(|l| l.label.as_str())
    }

    /// What the legend shows of the loads under way.
    pub fn legend_progress(&self) -> LegendProgress {
        LegendProgress {
            loading: self.loading.as_ref().and_then(|l| {
                let progress = l.progress.as_ref()?;
                Some((l.label.clone(), progress.counts()))
            }),
            drawing: self.drawing.clone(),
        }
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
        self.loads.loading = Some(match request {
            LoadRequest::Files(paths) => {
                let label = paths
                    .iter()
                    .map(|p| p.file_name().unwrap_or(p.as_os_str()).to_string_lossy())
                    .collect::<Vec<_>>()
                    .join(", ");
                let base = (self.dataset.clone(), self.prepared.clone());
                let progress = Arc::new(LoadProgress::default());
                let (counter, work) = (progress.clone(), base.clone());
                std::thread::spawn(move || {
                    let addition = add_files(&paths, work, &counter);
                    let _ = tx.send(Loaded::Addition(Box::new(addition)));
                    repaint.request_repaint();
                });
                Loading {
                    label,
                    rx,
                    progress: Some(progress),
                    base: Some(base),
                }
            }
            LoadRequest::Dossier(dir) => {
                let label = dir.display().to_string();
                std::thread::spawn(move || {
                    let dataset = karabakh_data::load_dir(&dir);
                    let prepared = Prepared::new(&dataset, &Basemap::embedded());
                    let _ = tx.send(Loaded::Dossier(Box::new(dataset), Box::new(prepared)));
                    repaint.request_repaint();
                });
                Loading {
                    label,
                    rx,
                    progress: None,
                    base: None,
                }
            }
        });
    }

    /// Merges a finished load, then starts the next.
    pub(crate) fn poll_loading(&mut self, ctx: &egui::Context) {
        if self.map.is_current() {
            self.loads.drawing.clear();
        }
        let Some(loading) = &self.loads.loading else {
            return;
        };
        match loading.rx.try_recv() {
            Ok(result) => {
                let base = self.loads.loading.take().and_then(|l| l.base);
                self.finish_loading(result, base);
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

    fn finish_loading(&mut self, result: Loaded, base: Option<(Arc<Dataset>, Arc<Prepared>)>) {
        match result {
            Loaded::Addition(addition) => {
                let Addition {
                    dataset,
                    prepared,
                    problems,
                    layers,
                    added,
                } = *addition;
                for problem in &problems {
                    log::warn!("{problem}");
                    self.notices.push(problem.to_string());
                }
                self.swap_in(dataset, prepared, base);
                // The scene shown stays on the map until the one with the new layer is made.
                self.map.data_added();
                self.loads.drawing = layers.iter().map(|(id, _)| id.clone()).collect();
                if added > 0 {
                    let titles: Vec<&str> = layers.iter().map(|(_, t)| t.as_str()).collect();
                    let plural = if added == 1 { "" } else { "s" };
                    self.toasts.push(format!(
                        "Added {added} feature{plural} ({})",
                        titles.join(", ")
                    ));
                }
                self.events = karabakh_data::timeline::events_of(&self.dataset);
                self.revision += 1;
                return;
            }
            Loaded::Dossier(dataset, prepared) => {
                for problem in &dataset.problems {
                    log::warn!("{problem}");
                    self.notices.push(problem.to_string());
                }
                self.dataset = Arc::new(*dataset);
                self.prepared = Arc::new(*prepared);
                self.state.selected.clear();
                self.state.document = None;
                self.editor = crate::editor::Editor::default();
                self.suggestions = crate::suggestions::Suggestions::default();
            }
        }
        self.events = karabakh_data::timeline::events_of(&self.dataset);
        self.map.invalidate();
        self.revision += 1;
    }

    /// Puts data with files merged in place. If the data changed while the files were read
    /// (an edit made a new copy of it), only what the files added is taken, and merged into the
    /// data as it now is.
    fn swap_in(
        &mut self,
        mut dataset: Dataset,
        mut prepared: Prepared,
        base: Option<(Arc<Dataset>, Arc<Prepared>)>,
    ) {
        let Some((base_dataset, base_prepared)) = base else {
            return;
        };
        if Arc::ptr_eq(&base_dataset, &self.dataset) && Arc::ptr_eq(&base_prepared, &self.prepared)
        {
            self.dataset = Arc::new(dataset);
            self.prepared = Arc::new(prepared);
            return;
        }
        let addition = dataset.split_off_after(&base_dataset);
        let features = prepared
            .features
            .split_off(base_prepared.features.len().min(prepared.features.len()));
        Arc::make_mut(&mut self.dataset).merge(addition);
        Arc::make_mut(&mut self.prepared).extend_features(&self.dataset, features);
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

/// Reads `paths` and prepares their features (counting them in `progress`), then merges both
/// into copies of `base`: the work of adding files, on a loading thread.
fn add_files(
    paths: &[PathBuf],
    (dataset, prepared): (Arc<Dataset>, Arc<Prepared>),
    progress: &LoadProgress,
) -> Addition {
    let addition = karabakh_data::import::load_files(paths, &dataset);
    progress.total.store(
        addition.features.len().max(1),
        std::sync::atomic::Ordering::Relaxed,
    );
    let features =
        karabakh_scene::prepare::prepare_features_counting(&addition.features, &progress.done);
    let problems = addition.problems.clone();
    let layers = addition
        .layers
        .iter()
        .map(|l| (l.id.clone(), l.title.clone()))
        .collect();
    let added = addition.features.len();
    let mut dataset = Dataset::clone(&dataset);
    dataset.merge(addition);
    let mut prepared = Prepared::clone(&prepared);
    prepared.extend_features(&dataset, features);
    Addition {
        dataset,
        prepared,
        problems,
        layers,
        added,
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
