//! Transient notices: a success message fades by itself instead of opening a window over the
//! map, and presentation mode says how to leave it.

mod common;

use egui::Event;
use egui_kittest::kittest::Queryable;
use karabakh_atlas::map::tiles::TileSource;

#[test]
fn added_features_are_a_notice_that_fades_not_a_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("shelters.geojson");
    std::fs::write(
        &path,
        r#"{"type":"Feature","properties":{"NAME":"Goris school shelter"},
            "geometry":{"type":"Point","coordinates":[46.3417,39.5111]}}"#,
    )
    .expect("written");
    let mut harness = common::harness();
    common::drop_file(&mut harness, path);
    common::wait_for(&mut harness, |app| {
        !app.is_loading() && app.dataset.features.iter().any(|f| &*f.layer == "shelters")
    });
    harness.run_steps(2);
    harness.get_by_label_contains("Added 1 feature");
    assert!(harness.query_by_label("Messages").is_none(), "no window");
    assert!(harness.state().notices.is_empty());
    // Four seconds in full and one to fade: gone after six (a step is a quarter second).
    harness.run_steps(24);
    assert!(
        harness.query_by_label_contains("Added 1 feature").is_none(),
        "the notice faded"
    );
    assert_eq!(harness.state().toasts.texts().count(), 0);
}

#[test]
fn presentation_mode_shows_how_to_leave_and_again_when_the_pointer_moves() {
    let mut harness = common::harness();
    harness.key_press(egui::Key::P);
    harness.run_steps(2);
    assert!(harness.state().state.presentation);
    harness.get_by_label_contains("Esc to leave");
    harness.run_steps(24);
    assert!(
        harness.query_by_label_contains("Esc to leave").is_none(),
        "the hint faded"
    );
    harness.event(Event::PointerMoved(egui::pos2(600.0, 400.0)));
    harness.run_steps(2);
    harness.event(Event::PointerMoved(egui::pos2(640.0, 420.0)));
    harness.run_steps(2);
    harness.get_by_label_contains("Esc to leave");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(!harness.state().state.presentation);
}

/// OpenStreetMap tiles ticked where no tile can be fetched (a server address where nothing
/// answers stands for no network): the window says so, the legend marks the tiles, and the
/// offline basemap is still drawn.
#[test]
fn tiles_that_cannot_be_loaded_are_said_and_the_offline_basemap_stays() {
    let mut harness = common::harness();
    harness.state_mut().map.osm_server = "http://127.0.0.1:9".to_owned();
    // Ticked as the legend's checkbox does (it may be scrolled out of view).
    harness.state_mut().state.tiles = Some(TileSource::OpenStreetMap);
    harness.run_steps(2);
    common::wait_for(&mut harness, |app| app.state.tiles_failed);
    harness.get_by_label_contains("OpenStreetMap tiles could not be loaded (no network?)");
    harness.get_by_label("(not loaded)");
    let app = harness.state();
    let scene = app.map.scene().expect("a scene");
    assert!(scene.basemap_items > 0, "the offline basemap is drawn");
    let meshes = app.map.meshes().expect("triangles");
    assert!(!meshes.basemap.is_empty(), "the offline basemap is painted");

    // Unticked, the mark goes.
    harness.state_mut().state.tiles = None;
    harness.run_steps(2);
    assert!(!harness.state().state.tiles_failed);
    assert!(harness.query_by_label("(not loaded)").is_none());
}
