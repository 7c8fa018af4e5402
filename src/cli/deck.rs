//! `render --story FILE|builtin -o deck.pdf` and `render --deck FROM..TO -o deck.pdf`: slide
//! decks as PDF, with progress on the terminal.

use std::path::Path;

use anyhow::{Context as _, bail};
use karabakh_atlas::data::story::Story;
use karabakh_atlas::export::deck::{self, Deck};
use karabakh_atlas::time::Day;

use super::render::Slides;

/// Whether `output` names a PDF.
pub fn is_pdf(output: &Path) -> bool {
    output
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// A page per chapter of `story`.
pub fn story(slides: &Slides, story: &Story) -> anyhow::Result<()> {
    if let Some(problem) = story.problems(slides.dataset).first() {
        bail!("the story {:?}: {problem}", story.title);
    }
    let base = slides.picture(None, Vec::new());
    write(slides, Deck::of_story(slides.dataset, story, &base))
}

/// A page per event that begins from `from` to `to`.
pub fn days(slides: &Slides, (from, to): (Day, Day)) -> anyhow::Result<()> {
    let base = slides.picture(Some(from), Vec::new());
    write(slides, Deck::of_days(slides.dataset, &base, from, to))
}

/// The SOURCES.md of the dossier folder given with --data (in geodata/, or at its top), if any.
fn folder_sources(dir: Option<&Path>) -> anyhow::Result<Option<String>> {
    let Some(dir) = dir else {
        return Ok(None);
    };
    for path in [dir.join("geodata/SOURCES.md"), dir.join("SOURCES.md")] {
        if path.is_file() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("{}: cannot read it as UTF-8 text", path.display()))?;
            return Ok(Some(text));
        }
    }
    Ok(None)
}

fn write(slides: &Slides, mut deck: Deck) -> anyhow::Result<()> {
    deck.folder_sources = folder_sources(slides.args.data.as_deref())?;
    let deck = &deck;
    let output = slides.output()?;
    if !is_pdf(output) {
        bail!(
            "{}: a deck is written as .pdf (name the file so)",
            output.display()
        );
    }
    let (w, seconds) =
        super::write_streamed(output, slides.args.force, "page", &mut |out, progress| {
            deck::write_pdf(slides.dataset, &slides.prepared, deck, out, progress)
        })?;
    eprintln!(
        "{} pages ({} slides), made in {seconds:.1} s",
        w.pages,
        deck.shots.len(),
    );
    println!("{}", output.display());
    Ok(())
}
