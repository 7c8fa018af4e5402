use super::*;
use karabakh_data::basemap::Basemap;
use karabakh_scene::SceneInputs;
use karabakh_scene::slide::SlideOptions;

fn base() -> Picture {
    Picture {
        inputs: SceneInputs::new(crate::view_for(None, None, None, 480.0, 270.0)),
        slide: SlideOptions::new(None),
        selected: Vec::new(),
        scale: 1.0,
    }
}

/// The pages of a PDF, counted by their page objects.
fn pages_in(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

#[test]
fn a_storys_deck_has_a_title_page_a_page_per_chapter_and_its_sources() {
    let dataset = karabakh_data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let story = karabakh_data::story::builtin();
    let deck = Deck::of_story(&dataset, &story, &base());
    assert_eq!(deck.shots.len(), story.chapters.len());
    assert!(deck.references.iter().any(|r| r.is_document));
    let mut pdf = Vec::new();
    let mut told = Vec::new();
    let written = write_pdf(&dataset, &prepared, &deck, &mut pdf, &mut |p| {
        told.push(p);
        true
    })
    .expect("a PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    let sources = written.pages as usize - 1 - story.chapters.len();
    assert!(sources >= 1, "{written:?}");
    assert_eq!(pages_in(&pdf), written.pages as usize);
    assert_eq!(told.len(), written.pages as usize);
    assert_eq!(
        told.last().copied(),
        Some(Progress {
            done: written.pages,
            total: written.pages
        })
    );
    // Text is text: the fonts are embedded, not the glyphs drawn as paths.
    assert!(String::from_utf8_lossy(&pdf).contains("/FontFile2"));
}

#[test]
fn a_deck_of_days_has_a_page_per_event_and_stops_when_cancelled() {
    let dataset = karabakh_data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let day = |text: &str| Day::parse(text).expect("a day");
    let deck = Deck::of_days(&dataset, &base(), day("2020-09-27"), day("2020-11-10"));
    let events = events_of(&dataset)
        .into_iter()
        .filter(|e| e.first >= day("2020-09-27") && e.first <= day("2020-11-10"))
        .count();
    assert!(events >= 2, "{events}");
    assert_eq!(deck.shots.len(), events);
    assert!(
        deck.subtitle.contains(&format!("{events} events")),
        "{}",
        deck.subtitle
    );
    let mut pdf = Vec::new();
    let result = write_pdf(&dataset, &prepared, &deck, &mut pdf, &mut |p| p.done < 2);
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert!(pdf.is_empty(), "nothing is written when cancelled");
    let empty = Deck::of_days(&dataset, &base(), day("1900-01-01"), day("1900-01-02"));
    let result = write_pdf(&dataset, &prepared, &empty, &mut pdf, &mut |_| true);
    assert!(matches!(result, Err(Error::EmptyDeck)), "{result:?}");
}
