//! Export → Deck… and the *Cite…* buttons, driven through the real app: the deck is a PDF whose
//! pages a PDF reader counts and whose text holds the cited excerpts; the citations are CSL-JSON
//! and BibTeX a reference manager reads, copied or saved.

mod common;

use egui::OutputCommand;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use karabakh_atlas::ui::AtlasApp;
use karabakh_atlas::ui::animation_window::Kind;

use common::exports::{ask_for_days, assert_saved_notice, said, wait_until_written};
use common::pdf::{pages, text_of};

/// Export → Deck…, from the top bar.
fn open_deck_window(harness: &mut Harness<'_, AtlasApp>) {
    common::exports::open_from_export_menu(harness, "Deck…");
    assert_eq!(harness.state().animation.kind, Kind::Deck);
    harness.get_by_label("Export deck");
}

#[test]
fn export_deck_writes_a_pdf_of_the_events_of_a_range() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("autumn-2020.pdf");
    let mut harness = common::harness();
    open_deck_window(&mut harness);
    assert!(harness.state().animation.path.ends_with(".pdf"));
    ask_for_days(&mut harness, "2020-09-27", "2020-10-10", &target);
    // A deck has no frame rate or step: a page per event.
    assert!(harness.query_by_label("Frames a second").is_none());
    let slides = {
        let app = harness.state();
        app.animation
            .deck(&app.dataset)
            .expect("a deck")
            .shots
            .len()
    };
    assert!(slides >= 2, "events begin in the range: {slides}");
    harness.get_by_label_contains(&format!("{slides} slides of 640 × 360 after a title page"));

    harness.get_by_label("Write deck").click();
    harness.run_steps(2);
    wait_until_written(&mut harness);
    let said = said(&harness);
    assert!(said.starts_with("Saved"), "{said}");
    let written = pages(&target);
    assert!(
        said.contains(&format!("{written} pages, {slides} of them slides")),
        "{said} ({written} pages in the file)"
    );
    // A title page, the slides, at least a page of sources.
    assert!(written > slides + 1, "{written} pages for {slides} slides");
    let text = text_of(&target, None);
    assert!(text.contains("Sources"), "the sources' pages: {text}");
    let first = {
        let app = harness.state();
        let deck = app.animation.deck(&app.dataset).expect("a deck");
        deck.references
            .iter()
            .find_map(|r| r.excerpts.first().cloned())
            .expect("a cited excerpt")
    };
    let start: String = first
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(&start),
        "the cited excerpt {start:?} is in the PDF's text"
    );
    assert_saved_notice(&harness);
}

#[test]
fn a_deck_of_the_built_in_story_has_a_slide_per_chapter_and_an_empty_range_is_refused() {
    let mut harness = common::harness();
    open_deck_window(&mut harness);
    let chapters = common::exports::choose_builtin_story(&mut harness);
    harness.get_by_label_contains(&format!(
        "{chapters} slides of 1280 × 720 after a title page"
    ));

    harness.get_by_label("Days").click();
    {
        let window = &mut harness.state_mut().animation;
        window.first = "2001-01-01".to_owned();
        window.last = "2001-01-02".to_owned();
    }
    harness.run();
    harness.get_by_label_contains("no event begins in that range");
    harness.get_by_label("Write deck").click();
    harness.run();
    assert!(!harness.state().animation.busy());
    assert!(said(&harness).starts_with("Not written: no event"));
}

#[test]
fn cite_in_the_details_copies_and_saves_the_selections_sources() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = common::harness();
    // A feature the documents speak of: its documents are among its sources.
    let (id, name, title) = {
        let dataset = &harness.state().dataset;
        let feature = dataset
            .features
            .iter()
            .find(|f| !f.excerpts.is_empty())
            .expect("a feature with excerpts");
        let doc = dataset
            .document(&feature.excerpts[0].doc)
            .expect("its document");
        (
            feature.id.clone(),
            feature.names.display.clone(),
            doc.meta.title.clone(),
        )
    };
    harness.state_mut().state.select_one(Some(id));
    harness.run();
    harness.get_by_label("Cite…").click();
    harness.run();
    let works = {
        let cite = &harness.state().cite;
        assert!(cite.open, "the Cite window opened");
        cite.references.len()
    };
    assert!(works >= 1, "{name}'s excerpts cite documents");
    harness.get_by_label_contains(&format!("The sources of {name}"));

    // CSL-JSON first: copied as it is shown.
    harness.get_by_label("Copy").click();
    harness.run_steps(1);
    let copied = harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .expect("the text went to the clipboard");
    let items: serde_json::Value = serde_json::from_str(&copied).expect("CSL-JSON");
    let items = items.as_array().expect("an array of items");
    assert_eq!(items.len(), works);
    assert!(
        items
            .iter()
            .all(|i| i["id"].is_string() && i["title"].is_string())
    );
    assert!(
        items.iter().any(|i| i["title"] == title.as_str()),
        "the document {title:?} is cited: {copied}"
    );

    // BibTeX, saved: the file's extension follows the format.
    harness.run();
    harness.get_by_label("BibTeX").click();
    harness.run();
    let path = harness.state().cite.path.clone();
    assert!(path.ends_with(".bib"), "{path}");
    let target = dir.path().join("sources.bib");
    harness.state_mut().cite.path = target.display().to_string();
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let saved = std::fs::read_to_string(&target).expect("the .bib file");
    assert_eq!(
        saved.matches("\n@").count() + usize::from(saved.starts_with('@')),
        works
    );
    let said = harness.state().cite.message.clone().unwrap_or_default();
    assert!(said.starts_with("Saved"), "{said}");

    // Saving again does not replace the file unless asked.
    harness.get_by_label("Save").click();
    harness.run();
    let said = harness.state().cite.message.clone().unwrap_or_default();
    assert!(said.contains("already exists"), "{said}");
}

#[test]
fn cite_in_the_stories_window_cites_the_built_in_story() {
    let mut harness = common::harness();
    harness.state_mut().stories.open = true;
    harness.run();
    harness.get_by_label("Cite built-in").click();
    harness.run();
    let app = harness.state();
    assert!(app.cite.open);
    let story = karabakh_atlas::data::story::builtin();
    assert!(app.cite.what.contains(&story.title), "{}", app.cite.what);
    let expected = karabakh_atlas::data::cite::of_story(&app.dataset, &story);
    assert_eq!(app.cite.references, expected);
    assert!(
        expected.len() >= 5,
        "the story cites its documents and sources"
    );
}
