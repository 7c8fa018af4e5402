//! `render --story … -o deck.pdf` and `render --deck FROM..TO -o deck.pdf`: PDF decks read back
//! by a real PDF reader (poppler's pdfinfo and pdftotext): their pages, the chapters' captions
//! and the excerpts cited are in them, as text.

mod common;

use std::path::Path;
use std::process::Command;

use common::pdf::{pages, text_of};

fn atlas() -> Command {
    Command::new(env!("CARGO_BIN_EXE_karabakh-atlas"))
}

fn render(args: &[&str], pdf: &Path) -> String {
    let out = atlas()
        .arg("render")
        .args(args)
        .args(["--size", "960x540", "-o"])
        .arg(pdf)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

#[test]
fn the_builtin_storys_deck_has_its_chapters_captions_and_cited_excerpts_as_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("deck.pdf");
    let stderr = render(&["--story", "builtin"], &pdf);
    let story = karabakh_atlas::data::story::builtin();
    let chapters = story.chapters.len();
    let total = pages(&pdf);
    assert!(
        total >= chapters + 2,
        "{total} pages for {chapters} chapters"
    );
    assert!(
        stderr.contains(&format!("page {total}/{total}")),
        "{stderr}"
    );
    let first = text_of(&pdf, Some(1));
    assert!(first.contains("Nagorno-Karabakh, 1988–2024"), "{first}");
    // Each chapter's page carries its date, large, as text.
    for (n, chapter) in story.chapters.iter().enumerate() {
        let page = text_of(&pdf, Some(n + 2));
        let day = karabakh_atlas::time::long_date(chapter.date);
        assert!(page.contains(&day), "chapter {}: {page}", n + 1);
    }
    let sources = text_of(&pdf, None);
    assert!(
        sources.contains("Documents and excerpts cited"),
        "{sources}"
    );
    assert!(sources.contains("“A brutal war ensued"), "{sources}");
    assert!(
        sources.contains("Data sources and their licences"),
        "{sources}"
    );
    assert!(sources.contains("CC BY 4.0"), "{sources}");
}

#[test]
fn a_deck_of_days_has_a_page_per_event_begun_then() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("war.pdf");
    render(&["--deck", "2020-09-27..2020-11-10"], &pdf);
    let dataset = karabakh_atlas::data::load_embedded();
    let (from, to) = ("2020-09-27", "2020-11-10");
    let events: Vec<String> = karabakh_atlas::data::timeline::events_of(&dataset)
        .into_iter()
        .filter(|e| {
            let day = e.first.to_string();
            day.as_str() >= from && day.as_str() <= to
        })
        .map(|e| e.first.to_string())
        .collect();
    assert!(events.len() >= 2, "{events:?}");
    assert!(pages(&pdf) > events.len() + 1);
    let title = text_of(&pdf, Some(1));
    assert!(
        title.contains(&format!("{} events", events.len())),
        "{title}"
    );
}

#[test]
fn a_deck_refuses_what_it_cannot_make() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (args, message) in [
        (
            &["--deck", "2020-09-27..2020-11-10"][..],
            "a deck is written as .pdf",
        ),
        (
            &["--deck", "1900-01-01..1900-01-02"][..],
            "nothing to put in the deck",
        ),
    ] {
        let name = if message.contains(".pdf") {
            "deck.gif"
        } else {
            "deck.pdf"
        };
        let out = atlas()
            .arg("render")
            .args(args)
            .arg("-o")
            .arg(dir.path().join(name))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
        assert!(!dir.path().join(name).exists());
    }
}
