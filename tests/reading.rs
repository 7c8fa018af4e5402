//! The reading view through the real app (egui_kittest): a document's mentions of places are
//! suggested links, accepted or rejected in the list under the document; search results from
//! the documents name the document and the paragraph.

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use karabakh_atlas::data;
use karabakh_atlas::data::review::Verdict;
use karabakh_atlas::ui::AtlasApp;

const REPORT: &str = "Buses from Stepanakert reached Goris on Sunday night.\n\n\
                      Others waited near Martuni for news.";

/// The shipped dossier with a short report of our own, opened.
fn with_report() -> Harness<'static, AtlasApp> {
    common::reading(
        common::dossier_with_report("test-report", "Test report", REPORT),
        "test-report",
    )
}

fn settle(harness: &mut Harness<'_, AtlasApp>) {
    common::settle_mentions(harness);
}

#[test]
fn a_documents_mentions_are_suggested_and_accepting_one_makes_a_curated_excerpt() {
    let mut harness = with_report();
    harness.get_by_label("Suggested links (3)");
    // Martuni is in Armenia and in Karabakh: both offered, neither guessed.
    harness.get_by_label("ambiguous:");
    harness.get_by_label("Accept Martuni / Khojavend");

    harness.get_by_label("Accept Goris").click();
    settle(&mut harness);
    // The first edit of the built-in dossier asks where to save it, before anything else.
    harness.get_by_label("Not now").click();
    settle(&mut harness);
    let app = harness.state();
    let goris = app.dataset.feature("town-goris").expect("Goris");
    let link = goris
        .excerpts
        .iter()
        .find(|l| l.doc == "test-report")
        .expect("Goris now quotes the report");
    assert_eq!(
        link.quote,
        "Buses from Stepanakert reached Goris on Sunday night."
    );
    assert_eq!(&REPORT[link.span.clone()], link.quote, "verbatim");
    assert_eq!(app.dataset.reviews.reviews.len(), 1);
    assert_eq!(app.dataset.reviews.reviews[0].verdict, Verdict::Accepted);
    harness.get_by_label("Suggested links (2)");

    // Reject the first left (Stepanakert): it is not suggested again.
    let reject = harness
        .get_all_by_label("Reject")
        .next()
        .expect("a Reject button");
    reject.click();
    settle(&mut harness);
    harness.get_by_label("Suggested links (1)");
    let app = harness.state();
    assert!(
        app.dataset
            .reviews
            .reviews
            .iter()
            .any(|r| r.words == "Stepanakert" && r.verdict == Verdict::Rejected)
    );
    let stepanakert = app
        .dataset
        .feature("town-stepanakert")
        .expect("Stepanakert");
    assert!(stepanakert.excerpts.iter().all(|l| l.doc != "test-report"));
}

#[test]
fn search_results_from_documents_name_the_document_and_paragraph() {
    let mut harness = with_report();
    harness.get_by_label("Search").click();
    harness.run();
    harness.get_by_label("Search").type_text("waited near");
    harness.run();
    let listed: Vec<String> = harness
        .query_all_by_label_contains("waited near")
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert!(
        listed.iter().any(|l| l.starts_with("Test report, ¶2: ")),
        "{listed:#?}"
    );
}

#[test]
fn clicking_a_passage_about_an_event_on_another_day_moves_to_its_day_and_says_so() {
    let mut dataset = common::dossier_with_report("test-report", "Test report", REPORT);
    let event = dataset
        .features
        .iter()
        .position(|f| f.id == "event-2023-first-evacuees")
        .expect("the first evacuees of 24 September 2023");
    let quote = "Others waited near Martuni for news.";
    let start = REPORT.find(quote).expect("in the report");
    dataset.features[event].excerpts.push(data::ExcerptLink {
        doc: "test-report".to_owned(),
        quote: quote.to_owned(),
        span: start..start + quote.len(),
        paragraph: 1,
    });
    let mut harness = common::harness_with(dataset);
    let far = karabakh_atlas::time::Day::from_ymd(2021, 6, 1).expect("a day");
    harness.state_mut().state.document = Some("test-report".to_owned());
    harness.state_mut().state.day = far;
    settle(&mut harness);

    let at = harness
        .state()
        .documents
        .position_of(start + 8)
        .expect("the passage is laid out");
    common::click_at(&mut harness, at);
    let app = harness.state();
    assert_eq!(app.state.selected, ["event-2023-first-evacuees"]);
    let first = app.dataset.features[event]
        .validity
        .first_day()
        .expect("dated");
    assert_eq!(app.state.day, first, "the date moved to the event's day");
    let said: Vec<&str> = app.toasts.texts().collect();
    assert!(
        said.contains(&"Moved to 24 September 2023, the day of \"First evacuees reach Armenia\""),
        "{said:?}"
    );
}

#[test]
fn a_town_with_no_feature_is_drawn_as_suggested_and_added_as_a_new_point() {
    let text = "Families drove on from Goris to Kapan that night.";
    let dataset = common::dossier_with_report("kapan-report", "Kapan report", text);
    assert!(
        dataset.feature("town-kapan").is_none(),
        "Kapan has no feature"
    );
    let mut harness = common::reading(dataset, "kapan-report");

    // On the map: a suggested ring at Kapan, whose hover says what it is.
    let app = harness.state();
    let places = karabakh_atlas::ui::suggested_places::places(
        &app.suggestions,
        &app.dataset,
        "kapan-report",
    );
    let kapan = places
        .iter()
        .find(|p| p.label.starts_with("Kapan (GeoNames town"))
        .expect("Kapan suggested on the map");
    let view = app.map.view.expect("the map is laid out");
    let [x, y] = view.screen_from_lon_lat(kapan.at.0, kapan.at.1);
    harness.hover_at(egui::pos2(x, y));
    harness.run();
    assert!(
        harness
            .query_by_label_contains("suggested: Kapan (GeoNames town")
            .is_some(),
        "the ring's hover names the suggestion"
    );

    harness.get_by_label("Add as a new point").click();
    settle(&mut harness);
    let app = harness.state();
    let new = app.dataset.feature("town-kapan").expect("Kapan added");
    assert_eq!(new.names.display, "Kapan");
    assert!(new.source.starts_with("GeoNames "), "{}", new.source);
    assert_eq!(new.excerpts.len(), 1);
    assert_eq!(
        new.excerpts[0].quote, text,
        "linked to its sentence, verbatim"
    );
    assert_eq!(
        app.editor.history.undo_label(),
        Some("link town-kapan to kapan-report")
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(
        harness.state().dataset.feature("town-kapan").is_none(),
        "both undone"
    );
}

/// Reviewing is editing: a rejection marks the dossier unsaved and Ctrl+Z takes it back, and
/// undoing an acceptance takes back its verdict with its link (no stale "accepted").
#[test]
fn a_rejection_is_undone_like_any_edit_and_an_undone_acceptance_leaves_no_verdict() {
    let mut harness = with_report();
    harness.get_by_label("Accept Goris").click();
    settle(&mut harness);
    harness.get_by_label("Not now").click();
    settle(&mut harness);
    assert_eq!(harness.state().dataset.reviews.reviews.len(), 1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    let app = harness.state();
    assert!(app.dataset.reviews.reviews.is_empty(), "no stale verdict");
    let goris = app.dataset.feature("town-goris").expect("Goris");
    assert!(goris.excerpts.iter().all(|l| l.doc != "test-report"));
    assert!(!app.editor.history.is_modified());
    harness.get_by_label("Suggested links (3)");

    harness
        .get_all_by_label("Reject")
        .next()
        .expect("a Reject button")
        .click();
    settle(&mut harness);
    harness.get_by_label("Suggested links (2)");
    let app = harness.state();
    assert!(app.editor.history.is_modified(), "a rejection is unsaved");
    assert_eq!(
        app.editor.history.undo_label(),
        Some("reject \"Stepanakert\" in test-report")
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    assert!(harness.state().dataset.reviews.reviews.is_empty());
    assert!(!harness.state().editor.history.is_modified());
    harness.get_by_label("Suggested links (3)");
}
