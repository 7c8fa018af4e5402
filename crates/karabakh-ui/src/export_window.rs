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
use karabakh_scene::slide::SlideSize;

use crate::file_window;

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
    Writing(Receiver<Result<PathBuf, export::Error>>),
}

pub struct ExportWindow {
    pub open: bool,
    pub format: Format,
    pub scale: Scale,
    /// The slide's shape: the map panel's, or a projector's.
    pub size: SlideSize,
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
            size: SlideSize::Wide,
            path: String::new(),
            confirm_replace: false,
            job: None,
            picture: None,
            message: None,
        }
    }
}

impl ExportWindow {
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Opens the window for `picture`, suggesting a file named by its date.
    pub fn open_for(&mut self, picture: Picture) {
        let name = export::default_file_name(picture.slide.day, self.format);
        self.path = file_window::default_path(&name);
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
        let scale = if self.format == Format::Png {
            self.scale.factor()
        } else {
            1.0
        };
        (picture.inputs.view, picture.scale) = self.size.fit(&picture.inputs.view, scale);
        if self.format == Format::Svg {
            // An SVG has no pixels: its size is the slide's logical one, at any scale.
            picture.scale = 1.0;
        }
        let (format, dataset, prepared) = (self.format, dataset.clone(), prepared.clone());
        let (tx, rx) = channel();
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let result = export::render(&dataset, &prepared, &picture, format)
                .and_then(|bytes| export::write_atomic(&path, &bytes, overwrite))
                .map(|()| path);
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
        let window = egui::Window::new("Export slide").resizable(false);
        self.open = file_window::show(ctx, window, |ui| {
            ui.label(
                "The current view as a slide: title, date, legend, scale bar, north arrow, \
                     credits and the selected excerpt as caption. Exports use the offline basemap.",
            );
            self.format_ui(ui);
            self.size_ui(ui);
            ui.separator();
            ui.add_enabled_ui(!self.busy(), |ui| {
                if ui
                    .button("Save as…")
                    .on_hover_text("Opens your desktop's save dialog")
                    .clicked()
                {
                    self.open_dialog(ui.ctx());
                }
                self.typed_path_ui(ui, dataset, prepared);
            });
            file_window::message_ui(ui, self.message.as_ref());
        });
    }

    /// PNG or SVG; the suggested file's extension follows.
    fn format_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label("Format");
            let before = self.format;
            ui.radio_value(&mut self.format, Format::Png, "PNG");
            ui.radio_value(&mut self.format, Format::Svg, "SVG");
            if self.format != before {
                file_window::set_extension(&mut self.path, self.format.extension());
                self.confirm_replace = false;
            }
        });
    }

    /// The slide's shape, and a PNG's scale where the shape is the panel's, with the pixels
    /// it makes.
    fn size_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label("Slide");
            for size in SlideSize::ALL {
                ui.radio_value(&mut self.size, size, size.label());
            }
        });
        let scalable = self.format == Format::Png && self.size == SlideSize::Panel;
        ui.add_enabled_ui(scalable, |ui| {
            ui.horizontal(|ui| {
                ui.label("Scale");
                ui.radio_value(&mut self.scale, Scale::One, "1×");
                ui.radio_value(&mut self.scale, Scale::Two, "2×");
                ui.radio_value(&mut self.scale, Scale::Four, "4×");
            });
        });
        if let Some(p) = &self.picture
            && self.format == Format::Png
        {
            let (view, f) = self.size.fit(&p.inputs.view, self.scale.factor());
            let (w, h) = (view.width * f, view.height * f);
            ui.label(RichText::new(format!("{w:.0} × {h:.0} px")).weak());
        }
    }

    /// Opens the desktop's save dialog on a worker thread; its answer is polled.
    fn open_dialog(&mut self, ctx: &egui::Context) {
        let file = PathBuf::from(&self.path);
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("karabakh-atlas");
        let extension = self.format.extension();
        let dialog = rfd::AsyncFileDialog::new()
            .set_file_name(name)
            .add_filter(extension.to_uppercase(), &[extension]);
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

    /// A path typed in the window, for desktops without a dialog service; an existing file is
    /// replaced only when the user says so.
    fn typed_path_ui(
        &mut self,
        ui: &mut egui::Ui,
        dataset: &Arc<Dataset>,
        prepared: &Arc<Prepared>,
    ) {
        ui.horizontal(|ui| {
            if file_window::path_field(ui, "Or save to", &mut self.path, 320.0).changed() {
                self.confirm_replace = false;
            }
        });
        let path = PathBuf::from(self.path.trim());
        if self.confirm_replace {
            let warning = egui::Color32::from_rgb(0xb0, 0x5a, 0x00);
            ui.colored_label(warning, format!("{} exists.", path.display()));
            ui.horizontal(|ui| {
                if ui.button("Replace it").clicked() {
                    self.confirm_replace = false;
                    self.start_writing(ui.ctx(), dataset, prepared, path.clone(), true);
                }
                if ui.button("Keep it").clicked() {
                    self.confirm_replace = false;
                }
            });
        } else if ui.button("Save").clicked() {
            if path.exists() {
                self.confirm_replace = true;
            } else {
                self.start_writing(ui.ctx(), dataset, prepared, path, false);
            }
        }
    }
}
