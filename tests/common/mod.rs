//! What the UI tests share: the real app in a kittest harness, and a mouse click.
#![allow(dead_code)] // each test binary uses its own part of these helpers

pub mod exports;
pub mod pdf;

use std::path::{Path, PathBuf};

use egui::{Event, Modifiers, PointerButton, Pos2, vec2};
use egui_kittest::Harness;
use karabakh_atlas::data::{self, Dataset};
use karabakh_atlas::ui::AtlasApp;

/// The app on `dataset`, in a 1500×950 window, after its first frames.
pub fn harness_with(dataset: Dataset) -> Harness<'static, AtlasApp> {
    let app = AtlasApp::new(dataset);
    let mut harness = Harness::builder()
        .with_size(vec2(1500.0, 950.0))
        .with_max_steps(80)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    harness.run();
    harness
}

/// The app on the shipped dossier.
pub fn harness() -> Harness<'static, AtlasApp> {
    harness_with(data::load_embedded())
}

/// A primary click at `pos`, then frames until the app settles.
pub fn click_at(harness: &mut Harness<'_, AtlasApp>, pos: Pos2) {
    harness.event(Event::PointerMoved(pos));
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
}

/// Where a point feature is drawn now on the screen, from the scene the map last built.
pub fn marker_of(harness: &Harness<'_, AtlasApp>, id: &str) -> Pos2 {
    let app = harness.state();
    let index = app
        .dataset
        .features
        .iter()
        .position(|f| f.id == id)
        .expect("feature exists");
    let scene = app.map.scene().expect("scene built");
    let center = scene
        .items_of(index)
        .find_map(|item| match item.shape {
            karabakh_atlas::scene::Shape::Marker { center, .. } => Some(center),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{id} is not drawn"));
    // The scene may have been made for a view the map has moved from since.
    app.map.placing().apply(center)
}

/// A file dropped on the window.
struct DroppedPath(PathBuf);

impl std::fmt::Debug for DroppedPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.display())
    }
}

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops `path` on the window, as a user drags a file onto it.
pub fn drop_file(harness: &mut Harness<'_, AtlasApp>, path: PathBuf) {
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(path)));
}

/// Runs frames until `done` holds (work on other threads: a load, a scene), for at most a
/// minute; then lets the app settle.
pub fn wait_for(harness: &mut Harness<'_, AtlasApp>, done: impl Fn(&AtlasApp) -> bool) {
    let start = std::time::Instant::now();
    while !done(harness.state()) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "still waiting after a minute"
        );
        harness.run_steps(1);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
}

/// A drag with the primary button from `from` by `by`, in `steps` moves, a frame each.
pub fn drag(harness: &mut Harness<'_, AtlasApp>, from: Pos2, by: egui::Vec2, steps: u32) {
    drag_watching(harness, from, by, steps, |_, _| {});
}

/// [`drag`], calling `watch` with the app and the step after each move's frame.
pub fn drag_watching(
    harness: &mut Harness<'_, AtlasApp>,
    from: Pos2,
    by: egui::Vec2,
    steps: u32,
    mut watch: impl FnMut(&AtlasApp, u32),
) {
    harness.event(Event::PointerMoved(from));
    harness.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.run_steps(1);
    for i in 1..=steps {
        harness.event(Event::PointerMoved(from + by * (i as f32 / steps as f32)));
        harness.run_steps(1);
        watch(harness.state(), i);
    }
    harness.event(Event::PointerButton {
        pos: from + by,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
}

/// Selects the words at byte range `span` of the open document, dragging over them in the
/// reading view as a reader does (from the first character's left edge to the edge after the
/// last).
pub fn select_words(harness: &mut Harness<'_, AtlasApp>, span: std::ops::Range<usize>) {
    let documents = &harness.state().documents;
    let from = documents
        .position_of(span.start)
        .expect("the words are laid out");
    let to = documents
        .position_of(span.end)
        .expect("the words are laid out");
    drag(harness, from, to - from, 6);
}

/// Types `text` into the text field labelled `label`, replacing what it held.
pub fn set_text(harness: &mut Harness<'_, AtlasApp>, label: &str, text: &str) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    let field = harness.get_by_role_and_label(Role::TextInput, label);
    field.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run();
    let value = harness
        .get_by_role_and_label(Role::TextInput, label)
        .value();
    assert_eq!(value.as_deref(), Some(text), "{label}");
}

/// The shipped dossier with a report of our own, dated 25 September 2023, as document `id`.
pub fn dossier_with_report(id: &str, title: &str, text: &str) -> Dataset {
    let mut dataset = data::load_embedded();
    let meta = data::DocumentMeta {
        title: title.to_owned(),
        date: Some("2023-09-25".to_owned()),
        date_stated: true,
        ..data::DocumentMeta::default()
    };
    dataset
        .documents
        .push(data::Document::new(id.into(), meta, text.into()));
    dataset
}

/// The app on `dataset` with document `doc` open in the reading view and its mentions found.
pub fn reading(dataset: Dataset, doc: &str) -> Harness<'static, AtlasApp> {
    let mut harness = harness_with(dataset);
    harness.state_mut().state.document = Some(doc.to_owned());
    settle_mentions(&mut harness);
    harness
}

/// Frames until the mentions of the documents, found on a worker thread, are in.
pub fn settle_mentions(harness: &mut Harness<'_, AtlasApp>) {
    wait_for(harness, |app| !app.suggestions.is_finding());
}

/// Draws with the editing tool labelled `tool` ("Point", "Line", "Area") by clicking the map
/// at `points`, then Enter to finish (a point is made by its click).
pub fn draw(harness: &mut Harness<'_, AtlasApp>, tool: &str, points: &[Pos2]) {
    use egui_kittest::kittest::Queryable;
    harness.get_by_label(tool).click();
    harness.run();
    for &at in points {
        click_at(harness, at);
    }
    if tool != "Point" {
        harness.key_press(egui::Key::Enter);
        harness.run();
    }
}

/// `karabakh-atlas check --data dir`: whether it passed, and its report.
pub fn check(dir: &Path) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_karabakh-atlas"))
        .args(["check", "--data"])
        .arg(dir)
        .output()
        .expect("the binary runs");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.success(), report)
}
