//! A document becomes map evidence, through the real window (egui_kittest) as an analyst does
//! it: a text file dropped on the window and opened, a suggested link accepted, a passage
//! selected and linked, a point and an area drawn, one edit undone, the dossier saved to a
//! folder through the save dialog, the folder reopened in a fresh window (as `--data DIR`
//! does): the links and features are there, the undone edit is not, and `check` passes.

mod common;

use common::{
    check, draw, drop_file, harness, harness_with, marker_of, set_text, settle_mentions, wait_for,
};
use egui::{Key, Modifiers, vec2};
use egui_kittest::kittest::Queryable;
use karabakh_atlas::data::review::Verdict;
use karabakh_atlas::ui::AtlasApp;

const REPORT: &str = "Buses from Stepanakert reached Goris on Sunday night.\n\n\
                      Others waited near the Hakari bridge for news.";

/// The quotes of `doc` that feature `id` links to.
fn quotes(app: &AtlasApp, id: &str, doc: &str) -> Vec<String> {
    app.dataset
        .feature(id)
        .map(|f| {
            f.excerpts
                .iter()
                .filter(|l| l.doc == doc)
                .map(|l| l.quote.clone())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_dropped_document_is_linked_drawn_on_saved_reopened_and_checked() {
    let folder = tempfile::tempdir().expect("temp");
    let path = folder.path().join("bus-report.txt");
    std::fs::write(&path, REPORT).expect("written");
    let mut h = harness();

    // Dropped on the window, then opened from the documents' list.
    drop_file(&mut h, path);
    wait_for(&mut h, |app| {
        !app.is_loading() && app.dataset.document("bus-report").is_some()
    });
    h.get_by_label_contains("bus-report.txt —").click();
    settle_mentions(&mut h);
    assert_eq!(h.state().state.document.as_deref(), Some("bus-report"));

    // A suggestion accepted: Goris quotes its sentence. The first edit of the built-in
    // dossier asks where to save; not yet.
    h.get_by_label("Accept Goris").click();
    h.run();
    h.get_by_label("Not now").click();
    settle_mentions(&mut h);
    let sentence = "Buses from Stepanakert reached Goris on Sunday night.";
    assert_eq!(quotes(h.state(), "town-goris", "bus-report"), [sentence]);

    // Words selected in the text and linked to the feature found by search.
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("Stepanakert");
    h.run();
    h.get_by_label_contains("Stepanakert / Khankendi — Town")
        .click();
    h.run();
    assert_eq!(h.state().state.primary(), Some("town-stepanakert"));
    let words = "Buses from Stepanakert";
    let start = REPORT.find(words).expect("in the report");
    common::select_words(&mut h, start..start + words.len());
    h.get_by_label("Link to selected feature").click();
    h.run();
    assert_eq!(quotes(h.state(), "town-stepanakert", "bus-report"), [words]);

    // A point and an area drawn, then a line drawn and undone.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Editing tools").click();
    h.run();
    let town = marker_of(&h, "town-stepanakert");
    draw(&mut h, "Point", &[town + vec2(-60.0, 40.0)]);
    let area = [vec2(40.0, 60.0), vec2(110.0, 60.0), vec2(80.0, 120.0)];
    draw(&mut h, "Area", &area.map(|v| town + v));
    draw(
        &mut h,
        "Line",
        &[town + vec2(-30.0, 90.0), town + vec2(-120.0, 110.0)],
    );
    let drawn = |app: &AtlasApp| {
        ["drawn-point-1", "drawn-area-1", "drawn-line-1"]
            .map(|id| app.dataset.feature(id).is_some())
    };
    assert_eq!(
        drawn(h.state()),
        [true; 3],
        "{:?}",
        h.state().editor.message
    );
    h.get_by_label("Select").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(drawn(h.state()), [true, true, false], "the line undone");

    // Saved with Ctrl+S: the dialog asks for the folder.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let dir = folder.path().join("my-dossier");
    set_text(&mut h, "Folder", &dir.display().to_string());
    h.get_by_label("Save here").click();
    h.run();
    assert!(
        !h.state().editor.history.is_modified(),
        "{:?}",
        h.state().editor.message
    );
    assert!(h.query_by_label("Save here").is_none(), "the dialog closed");

    // A fresh window on the folder, as `--data DIR` opens it.
    let mut reopened = harness_with(karabakh_atlas::data::load_dir(&dir));
    settle_mentions(&mut reopened);
    let app = reopened.state();
    assert!(
        app.dataset.problems.is_empty(),
        "{:#?}",
        app.dataset.problems
    );
    assert_eq!(
        app.dataset.document("bus-report").map(|d| d.text.as_str()),
        Some(REPORT)
    );
    assert_eq!(quotes(app, "town-goris", "bus-report"), [sentence]);
    assert_eq!(quotes(app, "town-stepanakert", "bus-report"), [words]);
    assert_eq!(drawn(app), [true, true, false]);
    let accepted = app
        .dataset
        .reviews
        .reviews
        .iter()
        .find(|r| r.doc == "bus-report" && r.words == "Goris")
        .expect("the accepted suggestion's review is saved");
    assert_eq!(accepted.verdict, Verdict::Accepted);

    let (ok, report) = check(&dir);
    assert!(ok, "{report}");
    assert!(report.contains("Result: OK"), "{report}");
}
