//! Editing through the real window: draw a point and an area, name them, undo one edit,
//! save the built-in dossier to a folder (the first edit asks where), reopen the folder in a
//! new window, and `check` it.

mod common;

use common::{click_at, harness, harness_with, marker_of, set_text};
use egui::{Key, vec2};
use egui_kittest::kittest::Queryable;

#[test]
fn draw_name_undo_save_reopen_and_check() {
    let mut h = harness();
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Editing tools").click();
    h.run();
    let town = marker_of(&h, "town-stepanakert");

    // A point, then the folder to save to is asked for, in a modal dialog answered before
    // anything else, so that it never sits over the feature's form.
    h.get_by_label("Point").click();
    h.run();
    click_at(&mut h, town + vec2(-60.0, 40.0));
    assert!(
        h.state().dataset.feature("drawn-point-1").is_some(),
        "{:?}",
        h.state().editor.message
    );
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path().join("my-dossier");
    set_text(&mut h, "Folder", &dir.display().to_string());
    h.get_by_label("Save here").click();
    h.run();
    assert!(
        dir.join("geodata/drawn.geojson").is_file(),
        "{:?}",
        h.state().editor.message
    );
    assert!(h.query_by_label("Save here").is_none(), "the dialog closed");

    // Its names, in both usages (Apply is above the fields: below them, a short window had
    // it out of sight, and the click missed it).
    set_text(&mut h, "Name", "Hill 1 / Tepe 1");
    set_text(&mut h, "Armenian usage", "Hill 1");
    set_text(&mut h, "Azerbaijani usage", "Tepe 1");
    h.get_by_label("Apply").click();
    h.run();
    let point = h.state().dataset.feature("drawn-point-1").unwrap().clone();
    assert_eq!(
        point.names.display,
        "Hill 1 / Tepe 1",
        "{:?} {:?}",
        h.state().editor.message,
        h.state().state.selected
    );
    assert_eq!(point.names.az().map(String::as_str), Some("Tepe 1"));

    // An area of three clicks, finished with Enter.
    let area = [vec2(40.0, 60.0), vec2(110.0, 60.0), vec2(80.0, 120.0)];
    common::draw(&mut h, "Area", &area.map(|v| town + v));
    assert!(
        h.state().dataset.feature("drawn-area-1").is_some(),
        "{:?}",
        h.state().editor.message
    );

    // A name set, then undone with Ctrl+Z.
    set_text(&mut h, "Name", "Wrong name");
    h.get_by_label("Apply").click();
    h.run();
    h.get_by_label("Select").click(); // takes the keys from the text field
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state()
            .dataset
            .feature("drawn-area-1")
            .unwrap()
            .names
            .display,
        "New area 1"
    );

    // Saved with Ctrl+S, where the first save went.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    h.run();
    assert!(
        !h.state().editor.history.is_modified(),
        "{:?}",
        h.state().editor.message
    );

    // Reopened in a new window: the features are there.
    let reopened = harness_with(karabakh_atlas::data::load_dir(&dir));
    let d = &reopened.state().dataset;
    assert!(d.problems.is_empty(), "{:#?}", d.problems);
    assert_eq!(
        d.feature("drawn-point-1").unwrap().names.display,
        "Hill 1 / Tepe 1"
    );
    assert_eq!(
        d.feature("drawn-area-1").unwrap().names.display,
        "New area 1"
    );
    assert_eq!(d.feature("drawn-point-1").unwrap().geometry, point.geometry);

    // And `check` passes on the folder.
    let (ok, report) = common::check(&dir);
    assert!(ok, "{report}");
    assert!(report.contains("Result: OK"), "{report}");
}

#[test]
fn undo_and_redo_are_in_the_edit_menu() {
    let mut h = harness();
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Editing tools").click();
    h.run();
    let town = marker_of(&h, "town-stepanakert");
    h.get_by_label("Point").click();
    h.run();
    click_at(&mut h, town + vec2(-60.0, 40.0));
    h.get_by_label("Not now").click();
    h.run();
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo add New point 1").click();
    h.run();
    assert!(h.state().dataset.feature("drawn-point-1").is_none());
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Redo add New point 1").click();
    h.run();
    assert!(h.state().dataset.feature("drawn-point-1").is_some());
}
