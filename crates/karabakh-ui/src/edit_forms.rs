//! The editing window's forms and dialogs: the selected feature's fields, the open document's
//! metadata, where to save (the built-in dossier cannot be written: the first save asks), a
//! file changed on disk (overwrite?), and closing with unsaved edits.

use std::path::PathBuf;
use std::sync::Arc;

use karabakh_data::edit::{Edit, FeatureFields};
use karabakh_data::save::{SaveError, SaveOptions};
use karabakh_data::{Accuracy, Dataset, DocumentMeta, Feature, Kind};
use karabakh_time::PartialDate;

use crate::AtlasApp;
use crate::editor::Tool;

/// A feature's fields as the user types them.
#[derive(Clone, Debug, Default, PartialEq)]
struct FieldsText {
    id: String,
    kind: Option<Kind>,
    name: String,
    hy: String,
    az: String,
    hy_native: String,
    az_native: String,
    valid_from: String,
    valid_to: String,
    date_note: String,
    description: String,
    source: String,
    /// "surveyed", "published" or "approximate".
    accuracy: String,
    accuracy_note: String,
    country: String,
}

fn text(value: Option<&String>) -> String {
    value.cloned().unwrap_or_default()
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

impl FieldsText {
    fn of(feature: &Feature) -> Self {
        let names = &feature.names;
        let date = |d: Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let (accuracy, note) = match &feature.accuracy {
            Accuracy::Approximate { reason } => ("approximate", reason.clone()),
            other => (other.label(), String::new()),
        };
        FieldsText {
            id: feature.id.clone(),
            kind: Some(feature.kind),
            name: names.display.clone(),
            hy: text(names.hy()),
            az: text(names.az()),
            hy_native: text(names.hy_native()),
            az_native: text(names.az_native()),
            valid_from: date(feature.validity.from()),
            valid_to: date(feature.validity.to()),
            date_note: text(feature.date_note.as_ref()),
            description: text(feature.description.as_ref()),
            source: feature.source.to_string(),
            accuracy: accuracy.to_owned(),
            accuracy_note: note,
            country: feature.country.as_deref().unwrap_or_default().to_owned(),
        }
    }

    /// The fields, or what is wrong with what was typed.
    fn parse(&self, old: &Feature) -> Result<FeatureFields, String> {
        let date = |label: &str, t: &str| match optional(t) {
            None => Ok(None),
            Some(t) => PartialDate::parse(&t)
                .map(Some)
                .map_err(|e| format!("{label}: {e} (write 1994, 2023-04 or 2023-09-19)")),
        };
        let accuracy = match self.accuracy.as_str() {
            "surveyed" => Accuracy::Surveyed,
            "published" => Accuracy::Published,
            _ => Accuracy::Approximate {
                reason: self.accuracy_note.trim().to_owned(),
            },
        };
        let mut fields = FeatureFields::of(old);
        fields.kind = self.kind.unwrap_or(old.kind);
        fields.name = self.name.trim().to_owned();
        fields.usages.hy = optional(&self.hy);
        fields.usages.az = optional(&self.az);
        fields.usages.hy_native = optional(&self.hy_native);
        fields.usages.az_native = optional(&self.az_native);
        fields.valid_from = date("valid from", &self.valid_from)?;
        fields.valid_to = date("valid to", &self.valid_to)?;
        fields.date_note = optional(&self.date_note);
        fields.description = optional(&self.description);
        fields.source = self.source.trim().to_owned();
        fields.accuracy = accuracy;
        fields.country = optional(&self.country);
        Ok(fields)
    }
}

/// A document's metadata as the user types it.
#[derive(Clone, Debug, Default, PartialEq)]
struct MetaText {
    doc: String,
    title: String,
    date: String,
    outlet: String,
    author: String,
    address: String,
}

/// The forms and dialogs of the editing window.
#[derive(Default)]
pub(crate) struct Forms {
    fields: Option<FieldsText>,
    meta: Option<MetaText>,
    /// The save-as dialog, with the folder typed.
    save_as: Option<String>,
    /// Whether the user was asked where to save the built-in dossier.
    pub asked_where: bool,
    /// Files changed on disk since read: overwrite them? (folder, create, files)
    conflict: Option<(PathBuf, bool, Vec<String>)>,
    /// Why the last save failed, shown in the save-as dialog it reopens.
    failed: Option<String>,
    /// The window was asked to close with unsaved edits.
    closing: bool,
    /// The user chose to close without saving.
    discard: bool,
}

impl Forms {
    pub fn open_save_as(&mut self) {
        self.asked_where = true;
        if self.save_as.is_none() {
            let home = std::env::var("HOME").unwrap_or_else(|_| ".".to_owned());
            self.save_as = Some(format!("{home}/karabakh-dossier"));
        }
    }

    /// Forms of features or documents that are gone.
    pub fn forget_stale(&mut self, dataset: &Dataset) {
        if self
            .fields
            .as_ref()
            .is_some_and(|f| dataset.feature(&f.id).is_none())
        {
            self.fields = None;
        }
    }
}

impl AtlasApp {
    /// Saves to the folder the dossier came from, or asks where (the built-in one).
    pub fn save(&mut self, _ctx: &egui::Context) {
        match self.dataset.provenance.dir.clone() {
            Some(dir) => self.save_to(dir, false, false),
            None => self.editor.forms.open_save_as(),
        }
    }

    /// Writes the dossier to `dir`; what went wrong is said, and nothing is lost.
    pub fn save_to(&mut self, dir: PathBuf, create: bool, overwrite: bool) {
        let options = SaveOptions { create, overwrite };
        let reviews = &self.dataset.reviews;
        match karabakh_data::save::save(&self.dataset, reviews, &dir, options) {
            Ok(saved) => {
                Arc::make_mut(&mut self.dataset).provenance = saved.provenance;
                self.editor.history.mark_saved();
                self.editor.forms.save_as = None;
                self.editor.forms.failed = None;
                self.editor.forms.conflict = None;
                self.editor.message = Some(format!(
                    "Saved to {} ({} files written, {} unchanged)",
                    dir.display(),
                    saved.written,
                    saved.unchanged
                ));
            }
            Err(SaveError::ChangedOnDisk { files }) => {
                self.editor.forms.conflict = Some((dir, create, files));
            }
            Err(e) => {
                // Nothing is lost: the edits stay, and the dialog offers another folder.
                let said = format!("Not saved: {e}");
                self.editor.message = Some(said.clone());
                self.editor.forms.save_as = Some(dir.display().to_string());
                self.editor.forms.failed = Some(said);
            }
        }
    }

    /// The editing window and the dialogs; the close guard.
    pub(crate) fn editor_ui(&mut self, ctx: &egui::Context) {
        self.update_edit_input();
        self.close_guard_ui(ctx);
        self.save_dialogs_ui(ctx);
        if !self.editor.open {
            return;
        }
        let mut open = true;
        // Sized to what it holds, scrolling only past the room between the panels (windows
        // are kept there: a taller one hid the form's end).
        let tallest = (ctx.content_rect().height() - 140.0).max(200.0);
        egui::Window::new("Editing")
            .open(&mut open)
            .default_pos([300.0, 90.0])
            .default_width(330.0)
            .resizable(false)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(tallest)
                    .show(ui, |ui| self.editing_window_ui(ui));
            });
        self.editor.open &= open;
    }

    fn editing_window_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            for tool in [Tool::Select, Tool::Point, Tool::Line, Tool::Area] {
                if ui
                    .selectable_label(self.editor.tool == tool, tool.label())
                    .clicked()
                {
                    self.editor.tool = tool;
                    self.editor.draft.clear();
                }
            }
        });
        let hint = match self.editor.tool {
            Tool::Select => {
                "Click a feature to edit it; drag its square handles to move vertices, click a round one to insert, right-click or Delete to remove."
            }
            Tool::Point => "Click the map to place a point.",
            Tool::Line | Tool::Area => {
                "Click to add points; double-click or Enter to finish, Esc to cancel."
            }
        };
        ui.label(egui::RichText::new(hint).small());
        ui.horizontal(|ui| {
            let history = &self.editor.history;
            let (can_undo, can_redo) = (
                history.undo_label().is_some(),
                history.redo_label().is_some(),
            );
            if ui
                .add_enabled(can_undo, egui::Button::new("Undo"))
                .clicked()
            {
                self.undo();
            }
            if ui
                .add_enabled(can_redo, egui::Button::new("Redo"))
                .clicked()
            {
                self.redo();
            }
            if ui.button("Save").clicked() {
                self.save(ui.ctx());
            }
            if self.editor.history.is_modified() {
                ui.label(egui::RichText::new("unsaved edits").italics());
            }
        });
        if let Some(message) = &self.editor.message {
            ui.label(egui::RichText::new(message).color(ui.visuals().warn_fg_color));
        }
        ui.separator();
        self.feature_form_ui(ui);
        ui.separator();
        self.meta_form_ui(ui);
    }

    /// The selected feature's fields; Apply makes them one edit.
    fn feature_form_ui(&mut self, ui: &mut egui::Ui) {
        let Some(feature) = self.state.primary().and_then(|id| self.dataset.feature(id)) else {
            ui.label("Select a feature to edit its names, dates, accuracy and source.");
            return;
        };
        let feature = feature.clone();
        let forms = &mut self.editor.forms;
        if forms.fields.as_ref().is_none_or(|f| f.id != feature.id) {
            forms.fields = Some(FieldsText::of(&feature));
        }
        let Some(form) = forms.fields.as_mut() else {
            return;
        };
        // The buttons above the fields, so that they are in sight however short the window.
        let (mut apply, mut delete) = (false, false);
        ui.horizontal(|ui| {
            ui.strong(format!("Feature {}", feature.id));
            apply = ui.button("Apply").clicked();
            delete = ui.button("Delete feature").clicked();
        });
        egui::Grid::new("feature-form")
            .num_columns(2)
            .show(ui, |ui| {
                let row = |ui: &mut egui::Ui, label: &str, value: &mut String| {
                    let label = ui.label(label);
                    ui.add(egui::TextEdit::singleline(value).desired_width(190.0))
                        .labelled_by(label.id);
                    ui.end_row();
                };
                row(ui, "Name", &mut form.name);
                row(ui, "Armenian usage", &mut form.hy);
                row(ui, "Azerbaijani usage", &mut form.az);
                row(ui, "Armenian script", &mut form.hy_native);
                row(ui, "Azerbaijani spelling", &mut form.az_native);
                let label = ui.label("Kind");
                egui::ComboBox::from_id_salt("kind")
                    .selected_text(form.kind.map_or("", Kind::label))
                    .show_ui(ui, |ui| {
                        for kind in Kind::ALL {
                            ui.selectable_value(&mut form.kind, Some(kind), kind.label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                row(ui, "Valid from", &mut form.valid_from);
                row(ui, "Valid to", &mut form.valid_to);
                row(ui, "Date note", &mut form.date_note);
                let label = ui.label("Accuracy");
                egui::ComboBox::from_id_salt("accuracy")
                    .selected_text(form.accuracy.clone())
                    .show_ui(ui, |ui| {
                        for a in ["surveyed", "published", "approximate"] {
                            ui.selectable_value(&mut form.accuracy, a.to_owned(), a);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                row(ui, "Accuracy note", &mut form.accuracy_note);
                row(ui, "Source", &mut form.source);
                row(ui, "Country (id)", &mut form.country);
                row(ui, "Description", &mut form.description);
            });
        if apply {
            match form.parse(&feature) {
                Ok(fields) => {
                    let id = feature.id.clone();
                    self.apply_edit(Edit::SetFields {
                        id,
                        fields: Box::new(fields),
                    });
                }
                Err(e) => self.editor.message = Some(format!("Not changed: {e}")),
            }
        }
        if delete {
            self.apply_edit(Edit::DeleteFeature { id: feature.id });
        }
    }

    /// The open document's title, date, outlet, author and address.
    fn meta_form_ui(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = self
            .state
            .document
            .as_deref()
            .and_then(|id| self.dataset.document(id))
        else {
            ui.label("Open a document to edit its title, date, outlet, author and address.");
            return;
        };
        let (id, meta) = (doc.id.clone(), doc.meta.clone());
        let forms = &mut self.editor.forms;
        if forms.meta.as_ref().is_none_or(|m| m.doc != id) {
            forms.meta = Some(MetaText {
                doc: id.clone(),
                title: meta.title.clone(),
                date: text(meta.date.as_ref()),
                outlet: text(meta.outlet.as_ref()),
                author: text(meta.author.as_ref()),
                address: text(meta.address.as_ref()),
            });
        }
        let Some(form) = forms.meta.as_mut() else {
            return;
        };
        ui.strong(format!("Document {id}"));
        egui::Grid::new("meta-form").num_columns(2).show(ui, |ui| {
            for (label, value) in [
                ("Title", &mut form.title),
                ("Date", &mut form.date),
                ("Outlet", &mut form.outlet),
                ("Author", &mut form.author),
                ("Address", &mut form.address),
            ] {
                let label = ui.label(label);
                ui.add(egui::TextEdit::singleline(value).desired_width(190.0))
                    .labelled_by(label.id);
                ui.end_row();
            }
        });
        if ui.button("Apply to the document").clicked() {
            let new = DocumentMeta {
                title: form.title.trim().to_owned(),
                date: optional(&form.date),
                outlet: optional(&form.outlet),
                author: optional(&form.author),
                address: optional(&form.address),
                ..meta
            };
            self.apply_edit(Edit::SetDocumentMeta {
                doc: id,
                meta: Box::new(new),
            });
        }
    }

    /// Where to save, and whether to overwrite files changed on disk: each a modal dialog,
    /// answered before anything else, so that it never sits over a form being filled in.
    fn save_dialogs_ui(&mut self, ctx: &egui::Context) {
        let chosen = self.save_as_ui(ctx).or_else(|| self.conflict_ui(ctx));
        if let Some((dir, create, overwrite)) = chosen {
            self.save_to(dir, create, overwrite);
        }
    }

    /// The folder to save to (the built-in dossier cannot be written): (folder, create, overwrite).
    fn save_as_ui(&mut self, ctx: &egui::Context) -> Option<(PathBuf, bool, bool)> {
        let path = self.editor.forms.save_as.as_mut()?;
        let mut chosen = None;
        let mut cancel = false;
        let modal = egui::Modal::new(egui::Id::unique("save-as")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading("Save the dossier to a folder");
            match &self.editor.forms.failed {
                Some(why) => ui.label(
                    egui::RichText::new(format!("{why}\nYour edits are kept in this window: choose another folder."))
                        .color(ui.visuals().warn_fg_color),
                ),
                None => ui.label("The built-in dossier cannot be changed: your edits are saved to a folder (geodata/ and seeds/), which `--data FOLDER` opens. Until then they stay in this window."),
            };
            let label = ui.label("Folder");
            ui.add(egui::TextEdit::singleline(path).desired_width(420.0).id_salt("save-folder"))
                .labelled_by(label.id);
            ui.horizontal(|ui| {
                if ui.button("Save here").clicked() {
                    chosen = Some((PathBuf::from(path.trim()), true, false));
                }
                cancel = ui.button("Not now").clicked();
            });
        });
        if cancel || modal.should_close() {
            self.editor.forms.save_as = None;
            self.editor.forms.failed = None;
            self.editor.message =
                Some("Not saved yet: Save (Ctrl+S) asks for the folder again".to_owned());
        }
        chosen
    }

    /// Files changed on disk since read: overwrite them?
    fn conflict_ui(&mut self, ctx: &egui::Context) -> Option<(PathBuf, bool, bool)> {
        let (dir, create, files) = self.editor.forms.conflict.as_ref()?;
        let mut chosen = None;
        let mut cancel = false;
        let modal = egui::Modal::new(egui::Id::unique("changed-on-disk")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading("Changed on disk");
            ui.label(format!(
                "These files in {} changed on disk since the atlas read them:",
                dir.display()
            ));
            for f in files {
                ui.monospace(f);
            }
            ui.horizontal(|ui| {
                if ui.button("Overwrite them").clicked() {
                    chosen = Some((dir.clone(), *create, true));
                }
                cancel = ui.button("Cancel").clicked();
            });
            ui.label(egui::RichText::new("Cancel keeps your edits in the window: save them to another folder with Edit > Save as…").small());
        });
        if cancel || modal.should_close() {
            self.editor.forms.conflict = None;
            self.editor.message =
                Some("Not saved: the files changed on disk were left as they are".to_owned());
        }
        chosen
    }

    /// Closing the window with unsaved edits asks first.
    fn close_guard_ui(&mut self, ctx: &egui::Context) {
        let forms = &mut self.editor.forms;
        if ctx.input(|i| i.viewport().close_requested())
            && self.editor.history.is_modified()
            && !forms.discard
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            forms.closing = true;
        }
        if !forms.closing {
            return;
        }
        let (mut save, mut discard, mut cancel) = (false, false, false);
        egui::Window::new("Unsaved edits")
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label("The dossier has edits that are not saved.");
                ui.horizontal(|ui| {
                    save = ui.button("Save").clicked();
                    discard = ui.button("Close without saving").clicked();
                    cancel = ui.button("Cancel").clicked();
                });
            });
        if save || cancel {
            self.editor.forms.closing = false;
        }
        if save {
            self.save(ctx);
        }
        if discard {
            self.editor.forms.discard = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
