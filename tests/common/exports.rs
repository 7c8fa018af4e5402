//! What the tests of the export windows share: opening one from the top bar, setting a range of
//! days, waiting for the worker, and reading what the window and the folder say afterwards.

use std::path::Path;
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use karabakh_atlas::ui::AtlasApp;
use karabakh_atlas::ui::animation_window::Source;

/// Export → `item` ("Animation…", "Deck…"), from the top bar.
pub fn open_from_export_menu(harness: &mut Harness<'_, AtlasApp>, item: &str) {
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label(item).click();
    harness.run();
    assert!(harness.state().animation.open, "{item}: the window opened");
}

/// The open animation or deck window set to the days `first`..`last` at 640 × 360, to be saved
/// as `path`.
pub fn ask_for_days(harness: &mut Harness<'_, AtlasApp>, first: &str, last: &str, path: &Path) {
    {
        let window = &mut harness.state_mut().animation;
        window.first = first.to_owned();
        window.last = last.to_owned();
        window.path = path.display().to_string();
    }
    harness.get_by_label("640 × 360").click();
    harness.run();
}

/// Chooses the built-in story in the open window; its chapters.
pub fn choose_builtin_story(harness: &mut Harness<'_, AtlasApp>) -> usize {
    harness.get_by_label("Built-in story").click();
    harness.run();
    assert_eq!(harness.state().animation.source, Source::Builtin);
    karabakh_atlas::data::story::builtin().chapters.len()
}

/// Frames until the window's worker has finished, at most a few minutes.
pub fn wait_until_written(harness: &mut Harness<'_, AtlasApp>) {
    for _ in 0..6000 {
        harness.run_steps(1);
        if !harness.state().animation.busy() {
            return;
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    panic!("the file is still being written");
}

/// What the animation or deck window says of the last export.
pub fn said(harness: &Harness<'_, AtlasApp>) -> String {
    harness
        .state()
        .animation
        .message
        .clone()
        .unwrap_or_default()
}

/// Asserts that a notice over the map announces the saved file.
pub fn assert_saved_notice(harness: &Harness<'_, AtlasApp>) {
    assert!(
        harness
            .state()
            .toasts
            .texts()
            .any(|t| t.starts_with("Saved")),
        "a notice announces the file"
    );
}

/// The names of the files in `dir`.
pub fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}
