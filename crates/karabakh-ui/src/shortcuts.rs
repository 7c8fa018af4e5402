//! The keys that work everywhere in the window, and the list the help shows.

use crate::AtlasApp;

/// Every keyboard shortcut, as the help overlay and the README list them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("+  /  -", "zoom in / out"),
    ("wheel", "zoom at the pointer"),
    ("Home", "the whole region"),
    ("Page Up / Page Down", "previous / next event"),
    ("←  /  →", "a day back / forward"),
    ("Space", "play / pause"),
    ("P", "presentation mode"),
    ("Esc", "leave presentation, end the ruler, close this help"),
    ("Ctrl+E", "export the view as PNG or SVG"),
    ("Ctrl+F", "search"),
    ("M", "ruler: click points to measure, M or Esc ends"),
    ("L", "show / hide the layer panel"),
    ("? or F1", "this help"),
    ("Ctrl+Z  /  Ctrl+Shift+Z", "undo / redo an edit"),
    ("Ctrl+S", "save the dossier"),
];

impl AtlasApp {
    /// P presentation, Esc leaves it (and the ruler, and the help), Ctrl+E export, M ruler,
    /// ? or F1 help, L the layer panel; none while a text field has the keys.
    pub(crate) fn shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let (p, escape, export) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::P),
                i.key_pressed(egui::Key::Escape),
                i.key_pressed(egui::Key::E) && i.modifiers.command,
            )
        });
        if p {
            self.state.presentation = !self.state.presentation;
        }
        if escape {
            self.state.presentation = false;
            self.state.ruler = None;
            self.help = false;
        }
        if ctx.input(|i| i.key_pressed(egui::Key::M)) {
            self.toggle_ruler();
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Questionmark) || i.key_pressed(egui::Key::F1)) {
            self.help = !self.help;
        }
        if ctx.input(|i| i.key_pressed(egui::Key::L)) {
            self.legend_open = !self.legend_open;
        }
        if export {
            self.open_export();
        }
    }

    /// Starts measuring, or stops and clears the ruler.
    pub fn toggle_ruler(&mut self) {
        self.state.ruler = match self.state.ruler {
            Some(_) => None,
            None => Some(Vec::new()),
        };
    }
}
