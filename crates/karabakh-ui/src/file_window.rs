//! What the windows that save a file (Export slide, Export animation / deck, Cite) share: the
//! folder a file goes to by default, a file name that follows the chosen format, the window
//! itself with its close button, the box that allows replacing a file, and the window's last
//! word.

use std::path::PathBuf;

/// The folder exports go to by default: the platform's Pictures folder if there is one (as
/// Windows, macOS and XDG name it), else home, else here.
pub(crate) fn default_dir() -> PathBuf {
    dirs::picture_dir()
        .filter(|d| d.is_dir())
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `file` in the default folder, as the window's path field shows it.
pub(crate) fn default_path(file: &str) -> String {
    default_dir().join(file).display().to_string()
}

/// The typed `path` with its extension made `extension` (a format chosen renames the file).
pub(crate) fn set_extension(path: &mut String, extension: &str) {
    *path = PathBuf::from(path.trim())
        .with_extension(extension)
        .display()
        .to_string();
}

/// Shows `window` with a close button and `contents` in it, first over the map below the top
/// bar (egui's own first place put its title over the menus); whether it is still open after
/// this frame (false once closed).
pub(crate) fn show(
    ctx: &egui::Context,
    window: egui::Window<'_>,
    contents: impl FnOnce(&mut egui::Ui),
) -> bool {
    let mut open = true;
    window
        .open(&mut open)
        .default_pos([370.0, 60.0])
        .collapsible(false)
        .show(ctx, contents);
    open
}

/// The field for the file's path, named by `label` (for screen readers and tests too); its
/// response says when the user edits it.
pub(crate) fn path_field(
    ui: &mut egui::Ui,
    label: &str,
    path: &mut String,
    width: f32,
) -> egui::Response {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(path).desired_width(width))
        .labelled_by(label.id)
}

/// The box that lets the window replace an existing file.
pub(crate) fn replace_ui(ui: &mut egui::Ui, replace: &mut bool) {
    ui.checkbox(replace, "Replace the file if it exists");
}

/// The window's last word (saved, copied, or why not), if it has one.
pub(crate) fn message_ui(ui: &mut egui::Ui, message: Option<&String>) {
    if let Some(message) = message {
        ui.label(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_format_renames_the_typed_file() {
        let mut path = " /tmp/sources-town.json ".to_owned();
        set_extension(&mut path, "bib");
        assert_eq!(path, "/tmp/sources-town.bib");
        let mut path = "war".to_owned();
        set_extension(&mut path, "mp4");
        assert_eq!(path, "war.mp4");
    }

    #[test]
    fn files_go_to_the_default_folder() {
        let path = PathBuf::from(default_path("a.png"));
        assert_eq!(path.parent(), Some(default_dir().as_path()));
        assert_eq!(path.file_name().and_then(|n| n.to_str()), Some("a.png"));
    }
}
