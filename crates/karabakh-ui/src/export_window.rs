//! The export window: format and scale, then a native save dialog (or a path typed in the
//! window where the desktop has no dialog service). Rendering and writing happen on a worker
//! thread; the window says when the file is written or why it is not.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::RichText;

use karabakh_data::Dataset;
use karabakh_export::{self as export, Format, Picture};
use karabakh_scene::Prepared;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    One,
    Two,
    Four,
}

impl Scale {
    pub fn factor(self) -> f32 {
        match self {
            Scale::One => 1.0,
            Scale::Two => 2.0,
            Scale::Four => 4.0,
        }
    }
}

enum Job {
    /// The native dialog is open.
    Choosing(Receiver<Option<PathBuf>>),
    /// The picture is being rendered and written.
    Writing(Receiver<Result<PathBuf, String>>),
}

pub struct ExportWindow {
    pub open: bool,
    pub format: Format,
    pub scale: Scale,
    /// Where to save when typed rather than chosen in a dialog.
    pub path: String,
    /// The typed path exists and the user has not yet said to replace it.
    confirm_replace: bool,
    job: Option<Job>,
    /// The picture of the moment the export was asked for.
    picture: Option<Picture>,
    pub message: Option<String>,
}

impl Default for ExportWindow {
    fn default() -> Self {
        ExportWindow {
            open: false,
            format: Format::Png,
            scale: Scale::Two,
            path: String::new(),
            confirm_replace: false,
            job: None,
            picture: None,
            message: None,
        }
    }
}

/// The folder exports go to by default: Pictures if there is one, else home, else here.
fn default_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match home {
        Some(h) if h.join("Pictures").is_dir() => h.join("Pictures"),
        Some(h) => h,
        None => PathBuf::from("."),
    }
}

impl ExportWindow {
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Opens the window for `picture`, suggesting a file named by its date.
    pub fn open_for(&mut self, picture: Picture) {
        let name = export::default_file_name(picture.slide.day, self.format);
        self.path = default_dir().join(name).display().to_string();
        self.picture = Some(picture);
        self.open = true;
        self.confirm_replace = false;
        self.message = None;
    }

    fn start_writing(
        &mut self,
        ctx: &egui::Context,
        dataset: &Arc<Dataset>,
        prepared: &Arc<Prepared>,
        path: PathBuf,
        overwrite: bool,
    ) {
        let Some(mut picture) = self.picture.clone() else {
            return;
        };
        picture.scale = if self.format == Format::Png {
            self.scale.factor()
        } else {
            1.0
        };
        let (format, dataset, prepared) = (self.format, dataset.clone(), prepared.clone());
        let (tx, rx) = channel();
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let result = export::render(&dataset, &prepared, &picture, format)
                .and_then(|bytes| export::write_atomic(&path, &bytes, overwrite))
                .map(|()| path)
                .map_err(|e| e.to_string());
            let _ = tx.send(result);
            repaint.request_repaint();
        });
        self.job = Some(Job::Writing(rx));
        self.message = Some("Writing…".to_owned());
    }

    fn poll(&mut self, ctx: &egui::Context, dataset: &Arc<Dataset>, prepared: &Arc<Prepared>) {
        match self.job.take() {
            Some(Job::Choosing(rx)) => match rx.try_recv() {
                Ok(Some(path)) => {
                    self.path = path.display().to_string();
                    // The native dialog has already asked about replacing.
                    self.start_writing(ctx, dataset, prepared, path, true);
                }
                Ok(None) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.message = Some(
                        "No file chosen. You can also type a path below and press Save.".to_owned(),
                    );
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => self.job = Some(Job::Choosing(rx)),
            },
            Some(Job::Writing(rx)) => match rx.try_recv() {
                Ok(Ok(path)) => self.message = Some(format!("Saved {}", path.display())),
                Ok(Err(e)) => self.message = Some(format!("Not saved: {e}")),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.message = Some("Not saved: the export stopped".to_owned())
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => self.job = Some(Job::Writing(rx)),
            },
            None => {}
        }
    }

    pub fn ui(&mut self, ctx: &egui::Context, dataset: &Arc<Dataset>, prepared: &Arc<Prepared>) {
        self.poll(ctx, dataset, prepared);
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new("Export slide").open(&mut open).resizable(false).collapsible(false).show(ctx, |ui| {
            ui.label("The current view as a slide: title, date, legend, scale bar, north arrow, credits and the selected excerpt as caption. Exports use the offline basemap.");
            ui.horizontal(|ui| {
                ui.label("Format");
                let before = self.format;
                ui.radio_value(&mut self.format, Format::Png, "PNG");
                ui.radio_value(&mut self.format, Format::Svg, "SVG");
                if self.format != before {
                    let path = PathBuf::from(&self.path).with_extension(self.format.extension());
                    self.path = path.display().to_string();
                    self.confirm_replace = false;
                }
            });
            ui.add_enabled_ui(self.format == Format::Png, |ui| {
                ui.horizontal(|ui| {
                    ui.label("Size");
                    ui.radio_value(&mut self.scale, Scale::One, "1×");
                    ui.radio_value(&mut self.scale, Scale::Two, "2×");
                    ui.radio_value(&mut self.scale, Scale::Four, "4×");
                    if let Some(p) = &self.picture {
                        let f = self.scale.factor();
                        ui.label(RichText::new(format!("{:.0} × {:.0} px", p.inputs.view.width * f, p.inputs.view.height * f)).weak());
                    }
                });
            });
            ui.separator();
            ui.add_enabled_ui(!self.busy(), |ui| {
                if ui.button("Save as…").on_hover_text("Opens your desktop's save dialog").clicked() {
                    let file = PathBuf::from(&self.path);
                    let dialog = rfd::AsyncFileDialog::new()
                        .set_file_name(file.file_name().and_then(|n| n.to_str()).unwrap_or("karabakh-atlas"))
                        .add_filter(self.format.extension().to_uppercase(), &[self.format.extension()]);
                    let dialog = match file.parent() {
                        Some(dir) if dir.is_dir() => dialog.set_directory(dir),
                        _ => dialog,
                    };
                    let (tx, rx) = channel();
                    let repaint = ctx.clone();
                    std::thread::spawn(move || {
                        let chosen = pollster::block_on(dialog.save_file()).map(|h| h.path().to_path_buf());
                        let _ = tx.send(chosen);
                        repaint.request_repaint();
                    });
                    self.job = Some(Job::Choosing(rx));
                }
                ui.horizontal(|ui| {
                    let label = ui.label("Or save to");
                    if ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(320.0)).labelled_by(label.id).changed() {
                        self.confirm_replace = false;
                    }
                });
                let path = PathBuf::from(self.path.trim());
                if self.confirm_replace {
                    ui.colored_label(egui::Color32::from_rgb(0xb0, 0x5a, 0x00), format!("{} exists.", path.display()));
                    ui.horizontal(|ui| {
                        if ui.button("Replace it").clicked() {
                            self.confirm_replace = false;
                            self.start_writing(ctx, dataset, prepared, path.clone(), true);
                        }
                        if ui.button("Keep it").clicked() {
                            self.confirm_replace = false;
                        }
                    });
                } else if ui.button("Save").clicked() {
                    if path.exists() {
                        self.confirm_replace = true;
                    } else {
                        self.start_writing(ctx, dataset, prepared, path, false);
                    }
                }
            });
            if let Some(message) = &self.message {
                ui.label(message);
            }
        });
        self.open = open;
    }
}
