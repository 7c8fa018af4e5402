//! *Cite…*: the sources of the selected features or of a story, as CSL-JSON (Zotero, Mendeley,
//! pandoc) or BibTeX, shown in full, copied to the clipboard or saved to a file for a
//! reference manager.

use std::path::PathBuf;

use egui::RichText;
use karabakh_data::cite::{self, CiteFormat, Reference};
use karabakh_data::story::Story;

use crate::AtlasApp;
use crate::file_window;

pub struct CiteWindow {
    pub open: bool,
    pub format: CiteFormat,
    /// What is cited, in words: "Stepanakert / Khankendi", "the story «…»".
    pub what: String,
    pub references: Vec<Reference>,
    /// Where *Save* writes; its extension follows the format.
    pub path: String,
    /// An existing file may be replaced.
    pub replace: bool,
    pub message: Option<String>,
    /// The references written in the format, made again only when either changes.
    text: Option<(CiteFormat, String)>,
}

impl Default for CiteWindow {
    fn default() -> Self {
        CiteWindow {
            open: false,
            format: CiteFormat::CslJson,
            what: String::new(),
            references: Vec::new(),
            path: String::new(),
            replace: false,
            message: None,
            text: None,
        }
    }
}

impl CiteWindow {
    /// Opens the window on `references`, the sources of `what`; `file` names the suggested file
    /// (without extension).
    pub fn open_on(&mut self, what: String, references: Vec<Reference>, file: &str) {
        let name = format!("{}.{}", file_stem(file), self.format.extension());
        self.path = file_window::default_path(&name);
        self.what = what;
        self.references = references;
        self.text = None;
        self.message = None;
        self.open = true;
    }

    /// The references in the chosen format.
    pub fn text(&mut self) -> &str {
        if self.text.as_ref().is_none_or(|(f, _)| *f != self.format) {
            self.text = Some((self.format, self.format.write(&self.references)));
        }
        self.text.as_ref().map_or("", |(_, t)| t.as_str())
    }

    /// Writes the text to the path typed; an existing file only when the user allowed it.
    pub fn save(&mut self) {
        let path = PathBuf::from(self.path.trim());
        let bytes = self.text().as_bytes().to_vec();
        self.message = Some(
            match karabakh_export::write_atomic(&path, &bytes, self.replace) {
                Ok(()) => format!(
                    "Saved {} ({}, {})",
                    path.display(),
                    self.format.label(),
                    works(self.references.len())
                ),
                Err(e) => format!("Not saved: {e}"),
            },
        );
    }

    pub fn ui(&mut self, ctx: &egui::Context) {
        if !self.open {
            return;
        }
        let window = egui::Window::new("Cite").default_width(560.0);
        self.open = file_window::show(ctx, window, |ui| {
            ui.label(format!(
                "The sources of {}: {}.",
                self.what,
                works(self.references.len())
            ));
            if self.references.is_empty() {
                ui.label(RichText::new("Nothing it shows names a source.").weak());
            }
            self.format_ui(ui);
            let mut shown = self.text().to_owned();
            egui::ScrollArea::vertical()
                .max_height(260.0)
                .show(ui, |ui| {
                    // Read-only, selectable: the user may copy a part of it.
                    ui.add(
                        egui::TextEdit::multiline(&mut shown.as_str())
                            .code_editor()
                            .desired_width(f32::INFINITY),
                    );
                });
            ui.horizontal(|ui| {
                if ui.button("Copy").clicked() {
                    ui.ctx().copy_text(std::mem::take(&mut shown));
                    self.message = Some(format!("Copied as {}.", self.format.label()));
                }
                file_window::path_field(ui, "Save to", &mut self.path, 320.0);
                if ui.button("Save").clicked() {
                    self.save();
                }
            });
            file_window::replace_ui(ui, &mut self.replace);
            file_window::message_ui(ui, self.message.as_ref());
        });
    }

    /// CSL-JSON or BibTeX; the file's extension follows.
    fn format_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label("Format");
            for format in CiteFormat::ALL {
                if ui
                    .radio_value(&mut self.format, format, format.label())
                    .changed()
                {
                    file_window::set_extension(&mut self.path, format.extension());
                    self.message = None;
                }
            }
        });
    }
}

fn works(n: usize) -> String {
    if n == 1 {
        "1 work".to_owned()
    } else {
        format!("{n} works")
    }
}

/// `name` as a file name: letters, digits and dashes.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "sources".to_owned()
    } else {
        format!("sources-{stem}")
    }
}

impl AtlasApp {
    /// *Cite…* in the details: the sources of every selected feature.
    pub fn cite_selection(&mut self) {
        let ids = self.state.selected.clone();
        let Some(first) = ids.first() else {
            return;
        };
        let names: Vec<String> = ids
            .iter()
            .filter_map(|id| self.dataset.feature(id))
            .map(|f| f.names.display.clone())
            .collect();
        let what = match names.as_slice() {
            [one] => one.clone(),
            _ => format!("{} selected features", names.len()),
        };
        let references = cite::of_features(&self.dataset, &ids);
        let file = if ids.len() == 1 {
            first.clone()
        } else {
            "selection".to_owned()
        };
        self.cite.open_on(what, references, &file);
    }

    /// *Cite…* in the stories window: the sources of every chapter of `story`.
    pub fn cite_story(&mut self, story: &Story) {
        let references = cite::of_story(&self.dataset, story);
        let what = format!("the story «{}»", story.title);
        self.cite.open_on(what, references, &story.title);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain() {
        assert_eq!(file_stem("stepanakert"), "sources-stepanakert");
        assert_eq!(
            file_stem("Karabakh, 1988–2024"),
            "sources-Karabakh--1988-2024"
        );
        assert_eq!(file_stem("«»"), "sources");
    }

    #[test]
    fn the_text_follows_the_format() {
        let mut window = CiteWindow::default();
        let reference = Reference {
            id: "doc-1".to_owned(),
            title: "A report".to_owned(),
            outlet: Some("An outlet".to_owned()),
            author: None,
            date: None,
            date_inferred: false,
            url: None,
            location: None,
            excerpts: Vec::new(),
            cited_for: Vec::new(),
            is_document: true,
        };
        window.open_on("a town".to_owned(), vec![reference], "town");
        assert!(
            window.path.ends_with("sources-town.json"),
            "{}",
            window.path
        );
        assert!(window.text().trim_start().starts_with('['));
        window.format = CiteFormat::BibTex;
        assert!(
            window.text().trim_start().starts_with('@'),
            "{}",
            window.text()
        );
    }
}
