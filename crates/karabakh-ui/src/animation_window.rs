//! Export → Animation… and Export → Deck…: a date range or a story (the built-in one or the
//! one open in the stories panel), written on a worker thread with a progress bar, the time
//! left and Cancel; the window never waits for it. An animation is a frame per day or per
//! chapter's moment; a deck is a PDF with a title page, a page per event of the range or per
//! chapter, and the pages of sources. The file appears whole or not at all
//! ([`karabakh_export::write_atomic_with`]).

use std::path::PathBuf;
use std::sync::Arc;

use egui::RichText;
use karabakh_data::Dataset;
use karabakh_data::story::{self, Story};
use karabakh_export::Picture;
use karabakh_export::animate::{self, AnimationFormat, Shot};
use karabakh_export::deck::{self, Deck};
use karabakh_scene::Prepared;
use karabakh_time::Day;

use crate::AtlasApp;
use crate::export_job::{Job, Outcome, message_of, write_file};
use crate::file_window;

/// What the window writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Frames in a moving picture.
    Animation,
    /// Pages of a PDF.
    Deck,
}

impl Kind {
    fn extension(self) -> &'static str {
        match self {
            Kind::Animation => "gif",
            Kind::Deck => "pdf",
        }
    }
}

/// What the animation or deck shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The days of a range: a frame each, or a page per event that begins in it.
    Days,
    /// The story the atlas ships.
    Builtin,
    /// The story open in the stories panel.
    Open,
}

/// Frame (or page) sizes offered, in pixels: three of 16:9 and one of 4:3.
pub const SIZES: [(u32, u32); 4] = [(640, 360), (1280, 720), (1920, 1080), (1440, 1080)];

pub struct AnimationWindow {
    pub open: bool,
    pub kind: Kind,
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
    /// The file being written; its announcement when done.
    job: Option<Job<String>>,
    /// What the request makes, worked out once per change of the request.
    summary: Option<(Request, String)>,
    pub message: Option<String>,
}

/// What the summary of the request depends on.
#[derive(Clone, PartialEq)]
struct Request {
    kind: Kind,
    source: Source,
    first: String,
    last: String,
    step_days: u32,
    fps: u32,
    size: usize,
}

impl Default for AnimationWindow {
    fn default() -> Self {
        AnimationWindow {
            open: false,
            kind: Kind::Animation,
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
            summary: None,
            message: None,
        }
    }
}

impl AtlasApp {
    /// Export → Animation…: the window on the map as it is, with the stories panel's story.
    pub fn open_animation(&mut self) {
        self.open_story_export(Kind::Animation);
    }

    /// Export → Deck…: the same window, writing a PDF.
    pub fn open_deck(&mut self) {
        self.open_story_export(Kind::Deck);
    }

    fn open_story_export(&mut self, kind: Kind) {
        if let Some(picture) = self.picture() {
            let story = Some(self.stories.story.clone()).filter(|s| !s.chapters.is_empty());
            self.animation.open_for(kind, picture, story);
        }
    }
}

impl AnimationWindow {
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Opens the window to write `kind` from `base` (the map as it is), offering `story`
    /// besides the built-in one.
    pub fn open_for(&mut self, kind: Kind, base: Picture, story: Option<Story>) {
        let file = format!("karabakh-atlas.{}", kind.extension());
        if self.path.is_empty() {
            self.path = file_window::default_path(&file);
        } else if kind != self.kind {
            file_window::set_extension(&mut self.path, kind.extension());
        }
        self.kind = kind;
        // What the request makes depends on the story offered and the map: worked out anew.
        self.summary = None;
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

    /// The map as it was, fitted to the chosen size.
    fn fitted_base(&self) -> Result<Picture, String> {
        let mut base = self.base.clone().ok_or("the map has not been shown yet")?;
        let (w, h) = self.pixels();
        (base.inputs.view, base.scale) =
            karabakh_scene::slide::fit_pixels(&base.inputs.view, w as f32, h as f32);
        Ok(base)
    }

    /// The first and last day of the range, or what is wrong with them.
    fn days(&self) -> Result<(Day, Day), String> {
        let first = Day::parse(self.first.trim()).map_err(|e| format!("first day: {e}"))?;
        let last = Day::parse(self.last.trim()).map_err(|e| format!("last day: {e}"))?;
        if last < first {
            return Err(format!(
                "the last day, {last}, is before the first, {first}"
            ));
        }
        Ok((first, last))
    }

    /// The story asked for, checked against `dataset`.
    fn story(&self, dataset: &Dataset) -> Result<Story, String> {
        let story = match self.source {
            Source::Days => return Err("no story: the source is a range of days".to_owned()),
            Source::Builtin => story::builtin(),
            Source::Open => self
                .open_story
                .clone()
                .ok_or("no story is open: make or open one in Stories")?,
        };
        if let Some(problem) = story.problems(dataset).first() {
            return Err(format!("the story {:?}: {problem}", story.title));
        }
        Ok(story)
    }

    /// The animation's shots, or what is wrong with the request.
    pub fn shots(&self, dataset: &Dataset) -> Result<Vec<Shot>, String> {
        let base = self.fitted_base()?;
        if self.source == Source::Days {
            let (first, last) = self.days()?;
            return Ok(animate::shots_for_days(&base, first, last, self.step_days));
        }
        let story = self.story(dataset)?;
        Ok(animate::shots_for_story(dataset, &story, &base, self.fps))
    }

    /// The deck's pages, or what is wrong with the request.
    pub fn deck(&self, dataset: &Dataset) -> Result<Deck, String> {
        let base = self.fitted_base()?;
        let deck = if self.source == Source::Days {
            let (first, last) = self.days()?;
            Deck::of_days(dataset, &base, first, last)
        } else {
            Deck::of_story(dataset, &self.story(dataset)?, &base)
        };
        if deck.shots.is_empty() {
            return Err("no event begins in that range: nothing to put in a deck".to_owned());
        }
        Ok(deck)
    }

    /// Starts writing on a worker thread.
    fn start(&mut self, ctx: &egui::Context, dataset: &Arc<Dataset>, prepared: &Arc<Prepared>) {
        let path = PathBuf::from(self.path.trim());
        let started = match self.kind {
            Kind::Animation => self.start_animation(ctx, dataset, prepared, path),
            Kind::Deck => self.start_deck(ctx, dataset, prepared, path),
        };
        match started {
            Ok(job) => {
                self.job = Some(job);
                self.message = None;
            }
            Err(e) => self.message = Some(format!("Not written: {e}")),
        }
    }

    fn start_animation(
        &self,
        ctx: &egui::Context,
        dataset: &Arc<Dataset>,
        prepared: &Arc<Prepared>,
        path: PathBuf,
    ) -> Result<Job<String>, String> {
        let format = AnimationFormat::of_path(&path).ok_or_else(|| {
            format!(
                "{} must end in {}",
                path.display(),
                AnimationFormat::extensions()
            )
        })?;
        let shots = self.shots(dataset)?;
        if shots.is_empty() {
            return Err("nothing to animate".to_owned());
        }
        let (dataset, prepared, fps, replace) =
            (dataset.clone(), prepared.clone(), self.fps, self.replace);
        Ok(Job::spawn(ctx, shots.len() as u32, move |progress| {
            let w = write_file(&path, replace, |out| {
                animate::animate(&dataset, &prepared, &shots, fps, format, out, progress)
            })?;
            Ok(format!(
                "Saved {}: {} frames, {} × {} px",
                path.display(),
                w.frames,
                w.width,
                w.height
            ))
        }))
    }

    fn start_deck(
        &self,
        ctx: &egui::Context,
        dataset: &Arc<Dataset>,
        prepared: &Arc<Prepared>,
        path: PathBuf,
    ) -> Result<Job<String>, String> {
        let is_pdf = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        if !is_pdf {
            return Err(format!("{} must end in .pdf", path.display()));
        }
        let deck = self.deck(dataset)?;
        let (dataset, prepared, replace) = (dataset.clone(), prepared.clone(), self.replace);
        // The title page and the slides; the pages of sources are counted once made.
        let total = deck.shots.len() as u32 + 1;
        Ok(Job::spawn(ctx, total, move |progress| {
            let w = write_file(&path, replace, |out| {
                deck::write_pdf(&dataset, &prepared, &deck, out, progress)
            })?;
            Ok(format!(
                "Saved {}: {} pages, {} of them slides",
                path.display(),
                w.pages,
                deck.shots.len()
            ))
        }))
    }

    /// Takes the worker's reports; returns the announcement of a finished file.
    fn poll(&mut self) -> Option<String> {
        let outcome = self.job.as_mut()?.poll();
        let (message, written) = match outcome {
            Outcome::Working => return None,
            Outcome::Done(result) => message_of(result, |saved| saved),
            Outcome::Lost => ("Not written: the export stopped".to_owned(), false),
        };
        self.job = None;
        self.message = Some(message.clone());
        written.then_some(message)
    }

    /// Stops the file being written; the worker notices after its frame or page.
    pub fn cancel(&self) {
        if let Some(job) = &self.job {
            job.cancel();
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
        let (title, about, action, unit) = match self.kind {
            Kind::Animation => (
                "Export animation",
                "Every frame is a full slide: title, the date, legend, scale bar, credits and \
                 the sources of what is shown.",
                "Write animation",
                "frame",
            ),
            Kind::Deck => (
                "Export deck",
                "A PDF to present or print: a title page, a slide per event of the range or per \
                 chapter of the story (vector, so text stays sharp), and pages listing every \
                 document and excerpt cited and every data source with its licence.",
                "Write deck",
                "page",
            ),
        };
        let window = egui::Window::new(title)
            .default_width(460.0)
            .resizable(false);
        self.open = file_window::show(ctx, window, |ui| {
            ui.label(about);
            ui.add_enabled_ui(!self.busy(), |ui| {
                self.source_ui(ui);
                self.settings_ui(ui);
            });
            ui.separator();
            if let Some(job) = &self.job {
                job.ui(ui, unit);
            } else {
                self.summary_ui(ui, dataset);
                if ui.button(action).clicked() {
                    self.start(ui.ctx(), dataset, prepared);
                }
            }
            file_window::message_ui(ui, self.message.as_ref());
        });
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
        let animation = self.kind == Kind::Animation;
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
                    if animation {
                        let name = ui.label("Step (days)");
                        ui.add(egui::DragValue::new(&mut self.step_days).range(1..=365))
                            .labelled_by(name.id);
                        ui.end_row();
                    }
                }
                if animation {
                    let name = ui.label("Frames a second");
                    ui.add(egui::DragValue::new(&mut self.fps).range(1..=30))
                        .labelled_by(name.id);
                    ui.end_row();
                }
                let label = if animation {
                    ui.label("Format");
                    ui.horizontal(|ui| self.format_ui(ui));
                    ui.end_row();
                    "Save to (.gif, .mp4 or .apng)"
                } else {
                    "Save to (.pdf)"
                };
                file_window::path_field(ui, label, &mut self.path, 320.0);
                ui.end_row();
            });
        // Outside the grid: a grid's row does not grow when its cell wraps.
        ui.horizontal_wrapped(|ui| {
            ui.label("Size");
            for (n, (w, h)) in SIZES.iter().enumerate() {
                let shape = if w * 3 == h * 4 { "4:3" } else { "16:9" };
                ui.radio_value(&mut self.size, n, format!("{w} × {h}"))
                    .on_hover_text(shape);
            }
        });
        file_window::replace_ui(ui, &mut self.replace);
    }

    /// The format, which is the file name's extension: choosing one renames the file.
    fn format_ui(&mut self, ui: &mut egui::Ui) {
        let path = PathBuf::from(self.path.trim());
        let current = AnimationFormat::of_path(&path);
        for format in AnimationFormat::ALL {
            let label = match format {
                AnimationFormat::Gif => "GIF",
                AnimationFormat::Mp4 => "MP4 video (H.264)",
                AnimationFormat::Apng => "Animated PNG",
            };
            if ui.radio(current == Some(format), label).clicked() {
                file_window::set_extension(&mut self.path, format.extension());
            }
        }
    }

    /// What will be written (frames or pages, pixels, length), or what is wrong with the
    /// request; worked out again only when the request changes.
    fn summary_ui(&mut self, ui: &mut egui::Ui, dataset: &Dataset) {
        let request = Request {
            kind: self.kind,
            source: self.source,
            first: self.first.clone(),
            last: self.last.clone(),
            step_days: self.step_days,
            fps: self.fps,
            size: self.size,
        };
        let text = match &self.summary {
            Some((asked, text)) if *asked == request => text.clone(),
            _ => {
                let text = self.summary(dataset);
                self.summary = Some((request, text.clone()));
                text
            }
        };
        ui.label(RichText::new(text).weak());
    }

    fn summary(&self, dataset: &Dataset) -> String {
        let (w, h) = self.pixels();
        match self.kind {
            Kind::Animation => match self.length(dataset) {
                Ok((frames, ticks)) => format!(
                    "{frames} frames, {w} × {h} px, {:.1} s",
                    ticks as f32 / self.fps.max(1) as f32
                ),
                Err(e) => e,
            },
            Kind::Deck => match self.deck(dataset) {
                Ok(deck) => format!(
                    "{} slides of {w} × {h} after a title page, then the sources of {} works",
                    deck.shots.len(),
                    deck.references.len()
                ),
                Err(e) => e,
            },
        }
    }

    /// The frames of the file and the frames it lasts at its rate, counted without drawing
    /// (a range of years is thousands of days).
    fn length(&self, dataset: &Dataset) -> Result<(u32, u32), String> {
        if self.source == Source::Days {
            let (first, last) = self.days()?;
            let days = (last.0 - first.0) as u32;
            let frames = days / self.step_days.max(1) + 1;
            return Ok((frames, frames));
        }
        let shots = self.shots(dataset)?;
        Ok((shots.len() as u32, shots.iter().map(|s| s.frames).sum()))
    }
}
