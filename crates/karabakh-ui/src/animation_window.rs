//! Export → Animation…: a date range (first, last, step, frames a second) or a story (the
//! built-in one or the one open in the stories panel), written frame by frame on a worker
//! thread with a progress bar, the time left and Cancel; the window never waits for it. The
//! file appears whole or not at all ([`karabakh_export::write_atomic_with`]).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

use egui::RichText;
use karabakh_data::Dataset;
use karabakh_data::story::{self, Story};
use karabakh_export::animate::{self, AnimationFormat, Progress, Shot, Written};
use karabakh_export::{Error, Picture};
use karabakh_scene::Prepared;
use karabakh_time::Day;

use crate::AtlasApp;

/// What the animation shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The days of a range, one frame each.
    Days,
    /// The story the atlas ships.
    Builtin,
    /// The story open in the stories panel.
    Open,
}

/// Frame sizes offered, in pixels.
pub const SIZES: [(u32, u32); 3] = [(640, 360), (1280, 720), (1920, 1080)];

/// Word from the worker thread.
enum Report {
    Progress(Progress),
    Done(Result<(PathBuf, Written), Error>),
}

/// An animation being written.
struct Job {
    rx: Receiver<Report>,
    cancel: Arc<AtomicBool>,
    started: Instant,
    progress: Progress,
}

pub struct AnimationWindow {
    pub open: bool,
    pub source: Source,
    pub first: String,
    pub last: String,
    pub step_days: u32,
    pub fps: u32,
    /// Index in [`SIZES`].
    pub size: usize,
    pub path: String,
    /// An existing file may be replaced.
    pub replace: bool,
    /// The picture of the moment the window was opened (layers, names, view).
    base: Option<Picture>,
    /// The stories panel's story when the window was opened, if it has chapters.
    open_story: Option<Story>,
    job: Option<Job>,
    pub message: Option<String>,
}

impl Default for AnimationWindow {
    fn default() -> Self {
        AnimationWindow {
            open: false,
            source: Source::Days,
            first: "2020-09-27".to_owned(),
            last: "2020-11-10".to_owned(),
            step_days: 1,
            fps: 8,
            size: 1,
            path: String::new(),
            replace: false,
            base: None,
            open_story: None,
            job: None,
            message: None,
        }
    }
}

impl AtlasApp {
    /// Export → Animation…: the window on the map as it is, with the stories panel's story.
    pub fn open_animation(&mut self) {
        if let Some(picture) = self.picture() {
            let story = Some(self.stories.story.clone()).filter(|s| !s.chapters.is_empty());
            self.animation.open_for(picture, story);
        }
    }
}

impl AnimationWindow {
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Opens the window on `base` (the map as it is), offering `story` besides the built-in one.
    pub fn open_for(&mut self, base: Picture, story: Option<Story>) {
        if self.path.is_empty() {
            let dir = crate::export_window::default_dir();
            self.path = dir.join("karabakh-atlas.gif").display().to_string();
        }
        if story.is_none() && self.source == Source::Open {
            self.source = Source::Builtin;
        }
        self.base = Some(base);
        self.open_story = story;
        self.open = true;
        self.message = None;
    }

    /// The frames' pixels.
    pub fn pixels(&self) -> (u32, u32) {
        SIZES.get(self.size).copied().unwrap_or(SIZES[1])
    }

    /// The shots asked for, or what is wrong with the request.
    pub fn shots(&self, dataset: &Dataset) -> Result<Vec<Shot>, String> {
        let mut base = self.base.clone().ok_or("the map has not been shown yet")?;
        let (w, h) = self.pixels();
        (base.inputs.view, base.scale) =
            karabakh_scene::slide::fit_pixels(&base.inputs.view, w as f32, h as f32);
        let story = match self.source {
            Source::Days => {
                let first = Day::parse(self.first.trim()).map_err(|e| format!("first day: {e}"))?;
                let last = Day::parse(self.last.trim()).map_err(|e| format!("last day: {e}"))?;
                if last < first {
                    return Err(format!(
                        "the last day, {last}, is before the first, {first}"
                    ));
                }
                return Ok(animate::shots_for_days(&base, first, last, self.step_days));
            }
            Source::Builtin => story::builtin(),
            Source::Open => self
                .open_story
                .clone()
                .ok_or("no story is open: make or open one in Stories")?,
        };
        if let Some(problem) = story.problems(dataset).first() {
            return Err(format!("the story {:?}: {problem}", story.title));
        }
        Ok(animate::shots_for_story(dataset, &story, &base, self.fps))
    }

    /// Starts writing on a worker thread.
    fn start(&mut self, ctx: &egui::Context, dataset: &Arc<Dataset>, prepared: &Arc<Prepared>) {
        let path = PathBuf::from(self.path.trim());
        let Some(format) = AnimationFormat::of_path(&path) else {
            self.message = Some(format!(
                "Not written: {} must end in {}",
                path.display(),
                AnimationFormat::extensions()
            ));
            return;
        };
        let shots = match self.shots(dataset) {
            Ok(shots) if shots.is_empty() => Err("nothing to animate".to_owned()),
            other => other,
        };
        let shots = match shots {
            Ok(shots) => shots,
            Err(e) => {
                self.message = Some(format!("Not written: {e}"));
                return;
            }
        };
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = cancel.clone();
        let (dataset, prepared, fps, replace) =
            (dataset.clone(), prepared.clone(), self.fps, self.replace);
        let repaint = ctx.clone();
        let total = shots.len() as u32;
        std::thread::spawn(move || {
            let mut progress = |p: Progress| {
                let _ = tx.send(Report::Progress(p));
                repaint.request_repaint();
                !stop.load(Ordering::Relaxed)
            };
            let mut written = None;
            let result = karabakh_export::write_atomic_with(&path, replace, &mut |out| {
                let w =
                    animate::animate(&dataset, &prepared, &shots, fps, format, out, &mut progress)?;
                written = Some(w);
                Ok(())
            });
            let result = result.and_then(|()| written.ok_or(Error::NothingToAnimate));
            let _ = tx.send(Report::Done(result.map(|w| (path, w))));
            repaint.request_repaint();
        });
        self.job = Some(Job {
            rx,
            cancel,
            started: Instant::now(),
            progress: Progress { done: 0, total },
        });
        self.message = None;
    }

    /// Takes the worker's reports; returns the announcement of a finished file.
    fn poll(&mut self) -> Option<String> {
        let job = self.job.as_mut()?;
        loop {
            match job.rx.try_recv() {
                Ok(Report::Progress(p)) => job.progress = p,
                Ok(Report::Done(result)) => {
                    self.job = None;
                    let (message, done) = match result {
                        Ok((path, w)) => {
                            let saved = format!(
                                "Saved {}: {} frames, {} × {} px",
                                path.display(),
                                w.frames,
                                w.width,
                                w.height
                            );
                            (saved.clone(), Some(saved))
                        }
                        Err(Error::Cancelled) => ("Cancelled; no file was written.".into(), None),
                        Err(e) => (format!("Not written: {e}"), None),
                    };
                    self.message = Some(message);
                    return done;
                }
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    self.message = Some("Not written: the export stopped".to_owned());
                    self.job = None;
                    return None;
                }
            }
        }
    }

    /// Stops the animation being written; the worker notices after its frame.
    pub fn cancel(&self) {
        if let Some(job) = &self.job {
            job.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// The window; returns the announcement of a file just written, for a notice.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        dataset: &Arc<Dataset>,
        prepared: &Arc<Prepared>,
    ) -> Option<String> {
        let done = self.poll();
        if !self.open {
            return done;
        }
        let mut open = self.open;
        egui::Window::new("Export animation")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(
                    "Every frame is a full slide: title, the date, legend, scale bar, credits \
                     and the sources of what is shown.",
                );
                ui.add_enabled_ui(!self.busy(), |ui| {
                    self.source_ui(ui);
                    self.settings_ui(ui);
                });
                ui.separator();
                self.summary_ui(ui, dataset);
                if self.busy() {
                    self.progress_ui(ui);
                } else if ui.button("Write animation").clicked() {
                    self.start(ui.ctx(), dataset, prepared);
                }
                if let Some(message) = &self.message {
                    ui.label(message);
                }
            });
        self.open = open;
        done
    }

    /// Days, the built-in story, or the open one.
    fn source_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.source, Source::Days, "Days");
            ui.radio_value(&mut self.source, Source::Builtin, "Built-in story");
            let open = self.open_story.as_ref().map_or_else(
                || "Open story (none)".to_owned(),
                |s| format!("Open story: {}", s.title),
            );
            ui.add_enabled_ui(self.open_story.is_some(), |ui| {
                ui.radio_value(&mut self.source, Source::Open, open);
            });
        });
    }

    fn settings_ui(&mut self, ui: &mut egui::Ui) {
        egui::Grid::new("animation-settings")
            .num_columns(2)
            .show(ui, |ui| {
                if self.source == Source::Days {
                    let fields = [("First day", &mut self.first), ("Last day", &mut self.last)];
                    for (label, text) in fields {
                        let name = ui.label(label);
                        ui.add(egui::TextEdit::singleline(text).desired_width(110.0))
                            .labelled_by(name.id);
                        ui.end_row();
                    }
                    let name = ui.label("Step (days)");
                    ui.add(egui::DragValue::new(&mut self.step_days).range(1..=365))
                        .labelled_by(name.id);
                    ui.end_row();
                }
                let name = ui.label("Frames a second");
                ui.add(egui::DragValue::new(&mut self.fps).range(1..=30))
                    .labelled_by(name.id);
                ui.end_row();
                ui.label("Size");
                ui.horizontal(|ui| {
                    for (n, (w, h)) in SIZES.iter().enumerate() {
                        ui.radio_value(&mut self.size, n, format!("{w} × {h}"));
                    }
                });
                ui.end_row();
                ui.label("Format");
                ui.horizontal(|ui| self.format_ui(ui));
                ui.end_row();
                let name = ui.label("Save to (.gif or .mp4)");
                ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(320.0))
                    .labelled_by(name.id);
                ui.end_row();
            });
        ui.checkbox(&mut self.replace, "Replace the file if it exists");
    }

    /// The format, which is the file name's extension: choosing one renames the file.
    fn format_ui(&mut self, ui: &mut egui::Ui) {
        let path = PathBuf::from(self.path.trim());
        let current = AnimationFormat::of_path(&path);
        for format in AnimationFormat::ALL {
            let label = match format {
                AnimationFormat::Gif => "GIF",
                AnimationFormat::Mp4 => "MP4 video (H.264)",
            };
            if ui.radio(current == Some(format), label).clicked() {
                self.path = path
                    .with_extension(format.extension())
                    .display()
                    .to_string();
            }
        }
    }

    /// What will be written: frames, pixels and length, or what is wrong with the request.
    fn summary_ui(&self, ui: &mut egui::Ui, dataset: &Dataset) {
        if self.busy() {
            return;
        }
        let (w, h) = self.pixels();
        let text = match self.length(dataset) {
            Ok((frames, ticks)) => format!(
                "{frames} frames, {w} × {h} px, {:.1} s",
                ticks as f32 / self.fps.max(1) as f32
            ),
            Err(e) => e,
        };
        ui.label(RichText::new(text).weak());
    }

    /// The frames of the file and the frames it lasts at its rate, counted without drawing
    /// (a range of years is thousands of days).
    fn length(&self, dataset: &Dataset) -> Result<(u32, u32), String> {
        if self.source == Source::Days {
            let first = Day::parse(self.first.trim()).map_err(|e| format!("first day: {e}"))?;
            let last = Day::parse(self.last.trim()).map_err(|e| format!("last day: {e}"))?;
            let days = u32::try_from(last.0 - first.0)
                .map_err(|_| format!("the last day, {last}, is before the first, {first}"))?;
            let frames = days / self.step_days.max(1) + 1;
            return Ok((frames, frames));
        }
        let shots = self.shots(dataset)?;
        Ok((shots.len() as u32, shots.iter().map(|s| s.frames).sum()))
    }

    /// The bar, the time left, and Cancel, while writing.
    fn progress_ui(&self, ui: &mut egui::Ui) {
        let Some(job) = &self.job else {
            return;
        };
        let Progress { done, total } = job.progress;
        let share = done as f32 / total.max(1) as f32;
        let left = if done == 0 {
            "time left: working it out".to_owned()
        } else {
            let per = job.started.elapsed().as_secs_f32() / done as f32;
            format!(
                "about {:.0} s left",
                per * total.saturating_sub(done) as f32
            )
        };
        ui.add(egui::ProgressBar::new(share).text(format!("frame {done} of {total}")));
        ui.horizontal(|ui| {
            ui.label(RichText::new(left).weak());
            if ui.button("Cancel").clicked() {
                self.cancel();
            }
        });
    }
}
