//! Linking by hand through the real app (egui_kittest): words dragged over in the reading view
//! become, with *Link to selected feature*, a curated excerpt of the selected feature holding
//! exactly those words; the link is an edit that Ctrl+Z undoes.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use karabakh_atlas::data::{self, Dataset};
use karabakh_atlas::ui::AtlasApp;

const REPORT: &str = "Buses from Stepanakert reached Goris on Sunday night.\n\n\
                      Others waited near Martuni for news.";

/// The shipped dossier with a short report of our own, opened.
fn with_report() -> Harness<'static, AtlasApp> {
    with_text(REPORT)
}

/// The shipped dossier with `text` as a report of our own, opened.
fn with_text(text: &str) -> Harness<'static, AtlasApp> {
    common::reading(
        common::dossier_with_report("linking-report", "Linking report", text),
        "linking-report",
    )
}

/// [`with_text`], with Goris selected (on the map, say).
fn with_goris_selected(text: &str) -> Harness<'static, AtlasApp> {
    let mut harness = with_text(text);
    harness
        .state_mut()
        .state
        .select_one(Some("town-goris".to_owned()));
    harness.run();
    harness
}

fn goris_links(app: &AtlasApp) -> Vec<String> {
    app.dataset
        .feature("town-goris")
        .expect("Goris")
        .excerpts
        .iter()
        .filter(|l| l.doc == "linking-report")
        .map(|l| l.quote.clone())
        .collect()
}

fn span_of(words: &str) -> std::ops::Range<usize> {
    let start = REPORT.find(words).expect("in the report");
    start..start + words.len()
}

#[test]
fn words_dragged_over_are_linked_verbatim_to_the_selected_feature_and_undone() {
    let mut harness = with_goris_selected(REPORT);
    common::select_words(&mut harness, span_of("reached Goris on Sunday"));
    let selected = harness
        .state()
        .documents
        .selection
        .clone()
        .expect("words selected");
    assert_eq!(&REPORT[selected.span], "reached Goris on Sunday");

    harness.get_by_label("Link to selected feature").click();
    harness.run();
    let app = harness.state();
    assert_eq!(goris_links(app), ["reached Goris on Sunday"]);
    let link = app
        .dataset
        .feature("town-goris")
        .expect("Goris")
        .excerpts
        .iter()
        .find(|l| l.doc == "linking-report")
        .expect("linked");
    assert_eq!(
        &REPORT[link.span.clone()],
        link.quote,
        "verbatim, where it stands"
    );
    assert_eq!(
        app.editor.history.undo_label(),
        Some("link town-goris to linking-report")
    );
    assert!(
        app.documents.selection.is_none(),
        "the selection is let go once linked"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        goris_links(harness.state()).is_empty(),
        "Ctrl+Z undoes the link"
    );
}

#[test]
fn nothing_is_linked_without_a_selected_feature_and_the_words_stay_selected() {
    let mut harness = with_report();
    common::select_words(&mut harness, span_of("waited near Martuni"));
    harness.get_by_label("Link to selected feature").click();
    harness.run();
    let app = harness.state();
    assert!(!app.editor.history.has_edits());
    let kept = app.documents.selection.clone().expect("still selected");
    assert_eq!(&REPORT[kept.span], "waited near Martuni");

    // A feature chosen afterwards (the text has lost the keys): the kept words are linked.
    harness
        .state_mut()
        .state
        .select_one(Some("town-goris".to_owned()));
    harness.run();
    harness.get_by_label("Link to selected feature").click();
    harness.run();
    assert_eq!(goris_links(harness.state()), ["waited near Martuni"]);
}

#[test]
fn the_texts_context_menu_links_the_selection_too() {
    let mut harness = with_goris_selected(REPORT);
    let span = span_of("Goris");
    common::select_words(&mut harness, span.clone());
    let at = harness
        .state()
        .documents
        .position_of(span.start + 2)
        .expect("laid out");
    harness.event(egui::Event::PointerMoved(at));
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    let entries: Vec<_> = harness
        .query_all_by_label("Link to selected feature")
        .collect();
    // The bar's button and the menu's entry: the menu's is the last drawn.
    assert_eq!(entries.len(), 2, "the context menu is open");
    entries.last().expect("menu entry").click();
    harness.run();
    assert_eq!(goris_links(harness.state()), ["Goris"]);
}

/// Words the text holds twice: the occurrence selected is the one linked, and it stays the
/// one linked once saved and read back (the excerpt says where, as "at").
#[test]
fn the_occurrence_selected_is_linked_not_the_first_of_the_same_words() {
    let twice = "Buses reached Goris on Sunday.\n\nMore buses reached Goris on Monday.";
    let words = "reached Goris";
    let second = twice.rfind(words).expect("twice");
    assert_ne!(twice.find(words), Some(second));
    let mut harness = with_goris_selected(twice);
    common::select_words(&mut harness, second..second + words.len());
    harness.get_by_label("Link to selected feature").click();
    harness.run();
    let span_of_link = |d: &Dataset| {
        d.feature("town-goris")
            .and_then(|f| f.excerpts.iter().find(|l| l.doc == "linking-report"))
            .map(|l| l.span.clone())
    };
    let dataset = harness.state().dataset.clone();
    assert_eq!(span_of_link(&dataset), Some(second..second + words.len()));

    let folder = tempfile::tempdir().expect("temp");
    let options = data::save::SaveOptions {
        create: true,
        overwrite: false,
    };
    data::save::save(&dataset, &dataset.reviews, folder.path(), options).expect("saved");
    let read_back = data::load_dir(folder.path());
    assert!(read_back.problems.is_empty(), "{:#?}", read_back.problems);
    assert_eq!(span_of_link(&read_back), Some(second..second + words.len()));
}
