//! Saving never loses an edit, through the real window: a save folder that vanished or cannot
//! be written says why and offers another folder, with the edits kept; a dossier edited on
//! disk while open is noticed when saving, and nothing is overwritten without asking.

mod common;

use std::path::Path;

use common::{click_at, harness_with, marker_of, set_text};
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use karabakh_atlas::data::review::Reviews;
use karabakh_atlas::data::save::{SaveOptions, save};
use karabakh_atlas::data::{self};
use karabakh_atlas::ui::AtlasApp;
use karabakh_atlas::ui::editor::Tool;

/// The built-in dossier saved to `dir`, open in a window (as `--data dir`), with a point drawn.
fn open_with_a_point(dir: &Path) -> Harness<'static, AtlasApp> {
    let options = SaveOptions {
        create: true,
        overwrite: false,
    };
    save(&data::load_embedded(), &Reviews::default(), dir, options).expect("saved");
    let mut h = harness_with(data::load_dir(dir));
    h.state_mut().editor.open = true;
    h.state_mut().editor.tool = Tool::Point;
    let town = marker_of(&h, "town-goris");
    click_at(&mut h, town + vec2(-60.0, 40.0));
    assert!(h.state().dataset.feature("drawn-point-1").is_some());
    assert!(h.state().editor.history.is_modified());
    h.state_mut().editor.tool = Tool::Select;
    h.run();
    h
}

fn save_keys(h: &mut Harness<'_, AtlasApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
}

/// The edit is still in the window, unsaved.
fn assert_kept(h: &Harness<'_, AtlasApp>) {
    let app = h.state();
    assert!(app.dataset.feature("drawn-point-1").is_some(), "edit kept");
    assert!(app.editor.history.is_modified(), "still unsaved");
}

#[test]
fn a_folder_that_vanished_or_cannot_be_written_keeps_the_edits_and_offers_another() {
    let base = tempfile::tempdir().expect("temp");
    let dir = base.path().join("dossier");
    let mut h = open_with_a_point(&dir);

    // The folder vanished: said, in the dialog that asks for another.
    std::fs::remove_dir_all(&dir).expect("removed");
    save_keys(&mut h);
    assert!(!dir.exists(), "nothing written");
    assert_kept(&h);
    // Said in the editing window and in the dialog, which asks for another folder.
    assert_eq!(
        h.query_all_by_label_contains("no longer exists (moved or deleted?)")
            .count(),
        2
    );
    h.get_by_label_contains("Your edits are kept in this window: choose another folder.");
    h.get_by_label("Save here");

    // A folder that cannot be written (a file stands where a folder would be made; the tests
    // run as root here, for whom permission bits do not stop a write).
    std::fs::write(base.path().join("blocked"), "a file").expect("written");
    let blocked = base.path().join("blocked").join("dossier");
    set_text(&mut h, "Folder", &blocked.display().to_string());
    h.get_by_label("Save here").click();
    h.run();
    assert_kept(&h);
    let said = h.state().editor.message.clone().unwrap_or_default();
    assert!(
        said.contains("cannot write") && said.contains("nothing was written"),
        "{said}"
    );
    h.get_by_label("Save here");

    // Another folder: saved there, whole.
    let elsewhere = base.path().join("elsewhere");
    set_text(&mut h, "Folder", &elsewhere.display().to_string());
    h.get_by_label("Save here").click();
    h.run();
    assert!(!h.state().editor.history.is_modified());
    assert!(h.query_by_label("Save here").is_none(), "the dialog closed");
    let saved = data::load_dir(&elsewhere);
    assert!(saved.problems.is_empty(), "{:#?}", saved.problems);
    assert!(saved.feature("drawn-point-1").is_some());
}

#[test]
fn a_dossier_edited_on_disk_while_open_is_not_overwritten_without_asking() {
    let base = tempfile::tempdir().expect("temp");
    let dir = base.path().join("dossier");
    let mut h = open_with_a_point(&dir);
    let towns = dir.join("geodata/towns.geojson");
    let theirs = format!("{}\n", std::fs::read_to_string(&towns).expect("read"));
    std::fs::write(&towns, &theirs).expect("edited on disk");

    // Saving notices, and asks; Cancel leaves their file and keeps the edits.
    save_keys(&mut h);
    h.get_by_label("Changed on disk");
    h.get_by_label("geodata/towns.geojson");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&towns).expect("read"), theirs);
    assert!(
        !dir.join("geodata/drawn.geojson").exists(),
        "nothing written"
    );
    assert_kept(&h);

    // Asked again, and overwritten when the user says so.
    save_keys(&mut h);
    h.get_by_label("Overwrite them").click();
    h.run();
    assert!(
        !h.state().editor.history.is_modified(),
        "{:?}",
        h.state().editor.message
    );
    assert!(h.query_by_label("Changed on disk").is_none());
    let saved = data::load_dir(&dir);
    assert!(saved.problems.is_empty(), "{:#?}", saved.problems);
    assert!(saved.feature("drawn-point-1").is_some());
}
