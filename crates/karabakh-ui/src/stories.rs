//! The stories panel: a story made of the window as it is, chapter by chapter (*Add chapter*
//! takes the date, view, layers, selection and a caption), reordered, edited and deleted, saved
//! as `stories/NAME.json` in a dossier folder and opened from it; the built-in story besides.
//! *Play* hands the story to the tour (`tour.rs`).

use std::path::PathBuf;

use egui::{Color32, RichText};
use karabakh_data::Dataset;
use karabakh_data::story::{self, Caption, Chapter, ChapterView, Story};

use crate::AtlasApp;
use crate::state::UiState;

/// Seconds a new chapter stays.
const DEFAULT_SECONDS: f32 = 5.0;
/// The height of the chapter list, which scrolls: the controls above it stay put as chapters
/// are added.
const LIST_HEIGHT: f32 = 150.0;

/// Which control the panel's message answers, so it is said beside that control.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Said {
    #[default]
    AddChapter,
    Save,
    Open,
}

pub struct StoriesPanel {
    pub open: bool,
    /// The story being made or the one opened.
    pub story: Story,
    /// Its file name in `stories/` (without `.json`).
    pub name: String,
    /// The dossier folder stories are saved in and opened from.
    pub folder: String,
    /// Words for the next chapter's caption; empty for the selected feature's first excerpt.
    pub caption: String,
    /// The chapter whose caption and seconds are being edited.
    pub editing: Option<usize>,
    /// The stories found in the folder when last looked: file name and title, or the error.
    found: Vec<Result<(String, Story), String>>,
    /// Play with the panels hidden (the tour is the presentation).
    pub present: bool,
    pub message: Option<String>,
    /// The control the message answers.
    pub said: Said,
    /// The window stands aside while a story it played runs as a tour, and comes back, where
    /// it was, when the tour stops.
    pub stands_aside: bool,
}

impl Default for StoriesPanel {
    fn default() -> Self {
        StoriesPanel {
            open: false,
            story: Story {
                title: "My story".to_owned(),
                chapters: Vec::new(),
            },
            name: "my-story".to_owned(),
            folder: String::new(),
            caption: String::new(),
            editing: None,
            found: Vec::new(),
            present: false,
            message: None,
            said: Said::AddChapter,
            stands_aside: false,
        }
    }
}

/// What the panel asks of the window.
enum Action {
    AddChapter,
    Play(Story),
    ShowChapter(usize),
    /// The story's sources, for a reference manager.
    Cite(Story),
}

/// A chapter of the window as it is: its date, view, layers shown and selection, with `typed`
/// as caption, or the selected feature's first excerpt when nothing is typed.
pub fn chapter_of_window(
    dataset: &Dataset,
    state: &UiState,
    view: Option<karabakh_scene::View>,
    typed: &str,
) -> Result<Chapter, String> {
    let view = view.ok_or("the map has not been shown yet")?;
    let caption = if typed.trim().is_empty() {
        let feature = state.selected.first().and_then(|id| dataset.feature(id));
        let link = feature.and_then(|f| f.excerpts.first()).ok_or(
            "type a caption, or select a feature that has an excerpt to use as the caption",
        )?;
        Caption::Excerpt {
            doc: link.doc.clone(),
            quote: link.quote.clone(),
        }
    } else {
        Caption::Words {
            text: typed.trim().to_owned(),
            source: None,
        }
    };
    let (lon, lat) = view.center.to_lon_lat();
    Ok(Chapter {
        title: String::new(),
        date: state.day,
        view: ChapterView {
            lat,
            lon,
            zoom: view
                .zoom
                .clamp(*story::ZOOM_RANGE.start(), *story::ZOOM_RANGE.end()),
        },
        layers: dataset
            .layers
            .iter()
            .filter(|l| !state.hidden_layers.contains(&l.id))
            .map(|l| l.id.clone())
            .collect(),
        selection: state.selected.clone(),
        caption,
        seconds: DEFAULT_SECONDS,
    })
}

impl StoriesPanel {
    /// Saves the story as `FOLDER/stories/NAME.json`.
    pub fn save(&mut self) {
        let folder = PathBuf::from(self.folder.trim());
        self.said = Said::Save;
        self.message = Some(if self.folder.trim().is_empty() {
            "Not saved: give the dossier folder to save in (the built-in dossier cannot be written)."
                .to_owned()
        } else if self.story.chapters.is_empty() {
            "Not saved: the story has no chapters yet.".to_owned()
        } else {
            match self.story.save(&folder, &self.name) {
                Ok(path) => {
                    self.refresh();
                    format!("Saved {}", path.display())
                }
                Err(e) => format!("Not saved: {e}"),
            }
        });
    }

    /// Looks again at the stories in the folder.
    pub fn refresh(&mut self) {
        let folder = PathBuf::from(self.folder.trim());
        self.found = story::stories_in(&folder)
            .into_iter()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect();
    }

    /// Opens a story for editing under `name`.
    pub fn take(&mut self, name: &str, story: Story, dataset: &Dataset) {
        let problems = story.problems(dataset);
        self.said = Said::Open;
        self.message = Some(if problems.is_empty() {
            format!(
                "Opened {:?}: {} chapters",
                story.title,
                story.chapters.len()
            )
        } else {
            format!("Opened {:?}, but {}", story.title, problems.join("; "))
        });
        self.name = name.to_owned();
        self.story = story;
        self.editing = None;
    }

    /// The message, when it answers `control`: said under that control.
    fn say(&self, ui: &mut egui::Ui, control: Said) {
        if let Some(message) = self.message.as_ref().filter(|_| self.said == control) {
            ui.label(message);
        }
    }

    /// Title, caption and *Add chapter*, the play row, then the chapters in a list of fixed
    /// height (so that the controls above stay where they are), then the files.
    fn ui(&mut self, ui: &mut egui::Ui, dataset: &Dataset, playing: bool) -> Option<Action> {
        let mut action = None;
        ui.horizontal(|ui| {
            let label = ui.label("Title");
            ui.add(egui::TextEdit::singleline(&mut self.story.title).desired_width(260.0))
                .labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            let label = ui.label("Caption");
            ui.add(
                egui::TextEdit::singleline(&mut self.caption)
                    .desired_width(250.0)
                    .hint_text("empty: the selection's excerpt"),
            )
            .labelled_by(label.id);
            if ui
                .button("Add chapter")
                .on_hover_text("The window as it is: date, view, layers, selection, caption")
                .clicked()
            {
                action = Some(Action::AddChapter);
            }
        });
        self.say(ui, Said::AddChapter);
        ui.horizontal(|ui| {
            let can_play = !self.story.chapters.is_empty() && !playing;
            if ui
                .add_enabled(can_play, egui::Button::new("Play story"))
                .clicked()
            {
                action = Some(Action::Play(self.story.clone()));
            }
            ui.checkbox(&mut self.present, "as presentation");
            if ui
                .add_enabled(!self.story.chapters.is_empty(), egui::Button::new("Cite…"))
                .on_hover_text("The sources of every chapter as CSL-JSON or BibTeX")
                .clicked()
            {
                action = Some(Action::Cite(self.story.clone()));
            }
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("chapters")
            .max_height(LIST_HEIGHT)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if self.story.chapters.is_empty() {
                    ui.label(
                        RichText::new("No chapters yet: set the map, then Add chapter.").weak(),
                    );
                }
                if let Some(n) = self.chapters_ui(ui) {
                    action = Some(Action::ShowChapter(n));
                }
            });
        if let Some(n) = self.editing {
            self.chapter_editor_ui(ui, n);
        }
        ui.separator();
        if let Some(a) = self.files_ui(ui, dataset) {
            action = Some(a);
        }
        action
    }

    /// The chapters, each with its date and caption and buttons to move, edit and delete it;
    /// a chapter's date clicked shows it.
    fn chapters_ui(&mut self, ui: &mut egui::Ui) -> Option<usize> {
        let mut shown = None;
        let mut moved: Option<(usize, usize)> = None;
        let mut deleted = None;
        let count = self.story.chapters.len();
        for (n, chapter) in self.story.chapters.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui
                    .link(format!("{}. {}", n + 1, chapter.date))
                    .on_hover_text("Show this chapter on the map")
                    .clicked()
                {
                    shown = Some(n);
                }
                let mut text: String = chapter.caption.text().chars().take(48).collect();
                if chapter.caption.text().chars().count() > 48 {
                    text.push('…');
                }
                ui.label(text);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let name = |what: &str| format!("{what} chapter {}", n + 1);
                    if ui
                        .small_button("Delete")
                        .on_hover_text(name("Delete"))
                        .clicked()
                    {
                        deleted = Some(n);
                    }
                    let editing = self.editing == Some(n);
                    if ui
                        .selectable_label(editing, "Edit")
                        .on_hover_text(name("Edit"))
                        .clicked()
                    {
                        self.editing = (!editing).then_some(n);
                    }
                    if ui
                        .add_enabled(n + 1 < count, egui::Button::new("Down").small())
                        .on_hover_text(name("Move down"))
                        .clicked()
                    {
                        moved = Some((n, n + 1));
                    }
                    if ui
                        .add_enabled(n > 0, egui::Button::new("Up").small())
                        .on_hover_text(name("Move up"))
                        .clicked()
                    {
                        moved = Some((n, n - 1));
                    }
                });
            });
        }
        if let Some((a, b)) = moved {
            self.story.chapters.swap(a, b);
            self.editing = self.editing.map(|e| {
                if e == a {
                    b
                } else if e == b {
                    a
                } else {
                    e
                }
            });
        }
        if let Some(n) = deleted {
            self.story.chapters.remove(n);
            self.editing = None;
        }
        shown
    }

    /// The chapter's title, caption and seconds.
    fn chapter_editor_ui(&mut self, ui: &mut egui::Ui, n: usize) {
        let Some(chapter) = self.story.chapters.get_mut(n) else {
            self.editing = None;
            return;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new(format!("Chapter {}", n + 1)).strong());
            egui::Grid::new("chapter-editor")
                .num_columns(2)
                .show(ui, |ui| {
                    let label = ui.label("Heading");
                    ui.add(egui::TextEdit::singleline(&mut chapter.title).desired_width(280.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Seconds");
                    ui.add(
                        egui::DragValue::new(&mut chapter.seconds)
                            .range(0.5..=story::MAX_SECONDS)
                            .speed(0.1),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label("Chapter caption");
                    let mut own_words = None;
                    match &mut chapter.caption {
                        Caption::Words { text, .. } => {
                            ui.add(
                                egui::TextEdit::multiline(text)
                                    .desired_width(280.0)
                                    .desired_rows(2),
                            )
                            .labelled_by(label.id);
                        }
                        Caption::Excerpt { quote, .. } => {
                            ui.vertical(|ui| {
                                ui.label(RichText::new(format!("“{quote}”")).italics());
                                if ui.button("Use my own words").clicked() {
                                    own_words = Some(quote.clone());
                                }
                            });
                        }
                    }
                    if let Some(text) = own_words {
                        chapter.caption = Caption::Words { text, source: None };
                    }
                    ui.end_row();
                });
        });
    }

    /// The folder, Save, and the stories to open: the built-in one and the folder's.
    fn files_ui(&mut self, ui: &mut egui::Ui, dataset: &Dataset) -> Option<Action> {
        let mut action = None;
        egui::Grid::new("story-files")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label("Dossier folder");
                let edit = egui::TextEdit::singleline(&mut self.folder)
                    .desired_width(260.0)
                    .hint_text("where stories/NAME.json goes");
                if ui.add(edit).labelled_by(label.id).lost_focus() {
                    self.refresh();
                }
                ui.end_row();
                let label = ui.label("File name");
                ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(160.0))
                    .labelled_by(label.id);
                ui.end_row();
            });
        ui.horizontal(|ui| {
            if ui.button("Save story").clicked() {
                self.save();
            }
            if ui.button("Look in folder").clicked() {
                self.refresh();
            }
        });
        self.say(ui, Said::Save);
        ui.label(RichText::new("Stories").strong());
        let builtin = story::builtin();
        let mut taken = None;
        ui.horizontal(|ui| {
            ui.label(format!("Built in: {}", builtin.title));
            if ui
                .small_button("Open built-in")
                .on_hover_text("Open the built-in story to edit or save a copy")
                .clicked()
            {
                taken = Some((story::BUILTIN.to_owned(), builtin.clone()));
            }
            if ui
                .small_button("Play built-in")
                .on_hover_text("Play the built-in story as a tour")
                .clicked()
            {
                action = Some(Action::Play(builtin.clone()));
            }
            if ui
                .small_button("Cite built-in")
                .on_hover_text("The built-in story's sources as CSL-JSON or BibTeX")
                .clicked()
            {
                action = Some(Action::Cite(builtin.clone()));
            }
        });
        for found in &self.found {
            match found {
                Ok((name, story)) => {
                    ui.horizontal(|ui| {
                        ui.label(format!("{name}.json: {}", story.title));
                        if ui
                            .small_button("Open")
                            .on_hover_text(format!("Open {name}.json"))
                            .clicked()
                        {
                            taken = Some((name.clone(), story.clone()));
                        }
                    });
                }
                Err(e) => {
                    ui.colored_label(Color32::from_rgb(0xb0, 0x1e, 0x2d), e);
                }
            }
        }
        self.say(ui, Said::Open);
        if let Some((name, story)) = taken {
            self.take(&name, story, dataset);
        }
        action
    }
}

impl AtlasApp {
    /// The stories window, when open.
    pub(crate) fn stories_ui(&mut self, ctx: &egui::Context) {
        if self.tour.is_none() {
            self.stories.stands_aside = false;
        }
        if !self.stories.open || self.stories.stands_aside {
            return;
        }
        let mut open = true;
        let playing = self.tour.is_some();
        let mut action = None;
        egui::Window::new("Stories")
            .open(&mut open)
            .default_pos([60.0, 90.0])
            .default_width(460.0)
            .show(ctx, |ui| {
                action = self.stories.ui(ui, &self.dataset, playing);
            });
        self.stories.open = open;
        match action {
            Some(Action::AddChapter) => self.add_chapter(),
            Some(Action::Cite(story)) => self.cite_story(&story),
            Some(Action::Play(story)) => {
                let present = self.stories.present;
                self.play(story, present);
                // A tour is a presentation: the map, its caption and its own controls.
                self.stories.stands_aside = self.tour.is_some();
            }
            Some(Action::ShowChapter(n)) => {
                if let Some(chapter) = self.stories.story.chapters.get(n).cloned() {
                    let one = Story {
                        title: self.stories.story.title.clone(),
                        chapters: vec![chapter],
                    };
                    self.play(one, false);
                }
            }
            None => {}
        }
    }

    /// Adds the window as it is as the story's last chapter.
    pub fn add_chapter(&mut self) {
        let made = chapter_of_window(
            &self.dataset,
            &self.state,
            self.map.view,
            &self.stories.caption,
        );
        match made {
            Ok(chapter) => {
                self.stories.story.chapters.push(chapter);
                self.stories.caption.clear();
                let n = self.stories.story.chapters.len();
                self.stories.said = Said::AddChapter;
                self.stories.message = Some(format!("Chapter {n} added."));
            }
            Err(e) => {
                self.stories.said = Said::AddChapter;
                self.stories.message = Some(format!("No chapter added: {e}."));
            }
        }
    }
}
