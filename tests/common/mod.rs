//! What the UI tests share: the real app in a kittest harness, and a mouse click.
#![allow(dead_code)] // each test binary uses its own part of these helpers

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
