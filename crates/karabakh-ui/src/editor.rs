//! Editing the dossier in the window: the tools (point, line, area) and what a click on the
//! map does with them, the selected feature's handles, undo and redo, and the Edit menu.
//! Every change goes through the data crate's checked edits ([`karabakh_data::edit`]); the
//! forms and saving are in `edit_forms`.

use std::sync::Arc;

use karabakh_data::edit::{Edit, FeatureFields, History, NewFeature};
use karabakh_data::model::Usages;
use karabakh_data::vertex;
use karabakh_data::{Accuracy, Kind};
use karabakh_map::{EditGesture, EditInput};

use crate::AtlasApp;
use crate::edit_forms::Forms;

/// What a click on the map does while editing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// Select a feature (areas too), to edit it and its vertices.
    #[default]
    Select,
    Point,
    Line,
    Area,
}

impl Tool {
    pub fn label(self) -> &'static str {
        match self {
            Tool::Select => "Select",
            Tool::Point => "Point",
            Tool::Line => "Line",
            Tool::Area => "Area",
        }
    }
}

/// The editor's state: the history of edits, the tool, the feature being drawn, the forms.
#[derive(Default)]
pub struct Editor {
    pub history: History,
    /// The editing panel is shown and the map's handles with it.
    pub open: bool,
    pub tool: Tool,
    /// The points of the feature being drawn (lon, lat).
    pub draft: Vec<(f64, f64)>,
    /// The last edit refused, or what went wrong saving: shown in the panel.
    pub message: Option<String>,
    pub(crate) forms: Forms,
    /// What the map shows this frame.
    map: EditInput,
}

impl Editor {
    /// What the map draws of the editing: the draft, and the selected feature's handles.
    pub fn map_input(&self) -> Option<&EditInput> {
        self.open.then_some(&self.map)
    }
}

impl AtlasApp {
    /// Makes `edit`, or shows why it was refused. The first edit of the built-in dossier asks
    /// where to save it.
    pub fn apply_edit(&mut self, edit: Edit) -> bool {
        let dataset = Arc::make_mut(&mut self.dataset);
        match self.editor.history.apply(dataset, edit) {
            Ok(()) => {
                self.editor.message = None;
                self.after_edit();
                if self.dataset.provenance.dir.is_none() && !self.editor.forms.asked_where {
                    self.editor.forms.open_save_as();
                }
                true
            }
            Err(e) => {
                self.editor.message = Some(format!("Not changed: {e}"));
                false
            }
        }
    }

    pub fn undo(&mut self) {
        if let Some(label) = self.editor.history.undo(Arc::make_mut(&mut self.dataset)) {
            self.editor.message = Some(format!("Undone: {label}"));
            self.after_edit();
        }
    }

    pub fn redo(&mut self) {
        if let Some(label) = self.editor.history.redo(Arc::make_mut(&mut self.dataset)) {
            self.editor.message = Some(format!("Redone: {label}"));
            self.after_edit();
        }
    }

    /// The map, the timeline and the panels follow the changed dataset.
    fn after_edit(&mut self) {
        let features = karabakh_scene::prepare::prepare_features(&self.dataset.features);
        let prepared = Arc::make_mut(&mut self.prepared);
        prepared.features.clear();
        prepared.extend_features(&self.dataset, features);
        self.events = karabakh_data::timeline::events_of(&self.dataset);
        self.map.invalidate();
        self.revision += 1;
        let dataset = &self.dataset;
        self.state
            .selected
            .retain(|id| dataset.feature(id).is_some());
        self.editor.forms.forget_stale(dataset);
    }

    /// Ctrl+Z, Ctrl+Shift+Z (or Ctrl+Y), Ctrl+S; Enter finishes the feature drawn, Esc drops
    /// it. None while a text field has the keys.
    pub(crate) fn edit_shortcuts(&mut self, ctx: &egui::Context) {
        let command = |key| ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, key));
        let redo = ctx.input_mut(|i| {
            i.consume_key(
                egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
                egui::Key::Z,
            )
        }) || command(egui::Key::Y);
        if redo {
            self.redo();
        } else if command(egui::Key::Z) {
            self.undo();
        }
        if command(egui::Key::S) {
            self.save(ctx);
        }
        if ctx.egui_wants_keyboard_input() || !self.editor.open {
            return;
        }
        let (enter, escape) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::Enter),
                i.key_pressed(egui::Key::Escape),
            )
        });
        if enter {
            self.finish_draft();
        }
        if escape {
            self.editor.draft.clear();
        }
    }

    /// A click on the map while a drawing tool is chosen adds a point (a point tool's first
    /// makes the feature); a double click finishes a line or an area. Whether it took the click.
    pub(crate) fn edit_click(&mut self, out: &karabakh_map::MapOutput) -> bool {
        if let Some(gesture) = out.edit {
            self.edit_gesture(gesture);
            return true;
        }
        if !self.editor.open {
            return false;
        }
        let double = out.response.as_ref().is_some_and(|r| r.double_clicked());
        match (self.editor.tool, out.clicked_at) {
            (Tool::Select, _) => match out.clicked {
                Some(hit) => {
                    let id = hit
                        .and_then(|i| self.dataset.features.get(i))
                        .map(|f| f.id.clone());
                    self.state.select_one(id);
                    true
                }
                None => false,
            },
            (Tool::Point, Some(at)) => {
                self.editor.draft = vec![at];
                self.finish_draft();
                true
            }
            (Tool::Line | Tool::Area, Some(at)) => {
                // The second click of a double click lands where the first did.
                if self.editor.draft.last() != Some(&at) {
                    self.editor.draft.push(at);
                }
                if double {
                    self.finish_draft();
                }
                true
            }
            (_, None) if double => {
                self.finish_draft();
                true
            }
            (_, None) => false,
        }
    }

    fn edit_gesture(&mut self, gesture: EditGesture) {
        let Some(id) = self.state.primary().map(str::to_owned) else {
            return;
        };
        let coord = |(x, y): (f64, f64)| geo::coord! { x: x, y: y };
        let edit = match gesture {
            EditGesture::Moved(at, to) => Edit::MoveVertex {
                id,
                at,
                to: coord(to),
            },
            EditGesture::Inserted(at, place) => Edit::InsertVertex {
                id,
                at,
                position: coord(place),
            },
            EditGesture::Deleted(at) => Edit::DeleteVertex { id, at },
        };
        self.apply_edit(edit);
    }

    /// The feature drawn becomes a feature of the layer `drawn`, selected, its form open.
    pub fn finish_draft(&mut self) {
        let points: Vec<geo::Coord<f64>> = std::mem::take(&mut self.editor.draft)
            .into_iter()
            .map(|(x, y)| geo::coord! { x: x, y: y })
            .collect();
        let (kind, word, geometry) = match self.editor.tool {
            Tool::Point => match points.first() {
                Some(p) => (Kind::Place, "point", geo::Geometry::Point((*p).into())),
                None => return,
            },
            Tool::Line if points.len() >= 2 => {
                (Kind::Line, "line", geo::Geometry::LineString(points.into()))
            }
            Tool::Area if points.len() >= 3 => (
                Kind::Area,
                "area",
                geo::Geometry::Polygon(geo::Polygon::new(points.into(), Vec::new())),
            ),
            Tool::Select => return,
            _ => {
                self.editor.message =
                    Some("A line needs two points and an area three: keep clicking".to_owned());
                return;
            }
        };
        let id = (1..)
            .map(|n| format!("drawn-{word}-{n}"))
            .find(|id| self.dataset.feature(id).is_none())
            .unwrap_or_default();
        let number = id.rsplit('-').next().unwrap_or("1").to_owned();
        let new = NewFeature {
            id: id.clone(),
            layer: "drawn".to_owned(),
            fields: FeatureFields {
                kind,
                name: format!("New {word} {number}"),
                usages: Usages::default(),
                valid_from: None,
                valid_to: None,
                date_note: None,
                description: None,
                source: "drawn in the atlas".to_owned(),
                accuracy: Accuracy::Approximate {
                    reason: "drawn by hand on the map".to_owned(),
                },
                control: None,
                country: None,
            },
            geometry,
        };
        if self.apply_edit(Edit::AddFeature(Box::new(new))) {
            self.state.select_one(Some(id));
        }
    }

    /// The handles the map shows for the selected feature, made once a frame.
    pub(crate) fn update_edit_input(&mut self) {
        let selected = self
            .state
            .primary()
            .filter(|_| self.editor.open)
            .and_then(|id| self.dataset.feature(id));
        let lon_lat = |c: geo::Coord<f64>| (c.x, c.y);
        let map = &mut self.editor.map;
        map.draft.clone_from(&self.editor.draft);
        map.area = self.editor.tool == Tool::Area;
        map.vertices.clear();
        map.midpoints.clear();
        if let Some(feature) = selected {
            let vertices = vertex::vertices(&feature.geometry);
            // A big outline is edited in a dossier's source, not by hand here.
            if vertices.len() <= 2000 {
                map.vertices = vertices
                    .into_iter()
                    .map(|(at, c)| (at, lon_lat(c)))
                    .collect();
                map.midpoints = vertex::edges(&feature.geometry)
                    .into_iter()
                    .map(|(at, a, b)| (at, ((a.x + b.x) / 2.0, (a.y + b.y) / 2.0)))
                    .collect();
            }
        }
    }

    /// The Edit menu: undo and redo, save, and the editing panel.
    pub(crate) fn edit_menu_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("Edit", |ui| {
            let undo = self
                .editor
                .history
                .undo_label()
                .map(|l| format!("Undo {l}"));
            let undo_clicked = ui
                .add_enabled(
                    undo.is_some(),
                    egui::Button::new(undo.unwrap_or("Undo".into())).shortcut_text("Ctrl+Z"),
                )
                .clicked();
            let redo = self
                .editor
                .history
                .redo_label()
                .map(|l| format!("Redo {l}"));
            let redo_clicked = ui
                .add_enabled(
                    redo.is_some(),
                    egui::Button::new(redo.unwrap_or("Redo".into())).shortcut_text("Ctrl+Shift+Z"),
                )
                .clicked();
            ui.separator();
            let save = ui
                .add(egui::Button::new("Save").shortcut_text("Ctrl+S"))
                .clicked();
            let save_as = ui.button("Save as…").clicked();
            ui.separator();
            let panel = ui
                .checkbox(&mut self.editor.open, "Editing tools")
                .changed();
            if undo_clicked {
                self.undo();
            }
            if redo_clicked {
                self.redo();
            }
            if save {
                self.save(ui.ctx());
            }
            if save_as {
                self.editor.forms.open_save_as();
            }
            if undo_clicked || redo_clicked || save || save_as || panel {
                ui.close();
            }
        });
    }
}
