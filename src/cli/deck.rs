//! `render --story FILE|builtin -o deck.pdf` and `render --deck FROM..TO -o deck.pdf`: slide
//! decks as PDF, with progress on the terminal.

use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::bail;
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
    write(slides, &Deck::of_story(slides.dataset, story, &base))
}

/// A page per event that begins from `from` to `to`.
pub fn days(slides: &Slides, (from, to): (Day, Day)) -> anyhow::Result<()> {
    let base = slides.picture(Some(from), Vec::new());
    write(slides, &Deck::of_days(slides.dataset, &base, from, to))
}

fn write(slides: &Slides, deck: &Deck) -> anyhow::Result<()> {
    let output = slides.output()?;
    if !is_pdf(output) {
        bail!(
            "{}: a deck is written as .pdf (name the file so)",
            output.display()
        );
    }
    let started = Instant::now();
    let mut progress = |p: karabakh_atlas::export::animate::Progress| {
        eprint!("\rpage {}/{}   ", p.done, p.total);
        let _ = std::io::stderr().flush();
        true
    };
    let mut written = None;
    super::write_output(output, slides.args.force, &mut |out| {
        written = Some(deck::write_pdf(
            slides.dataset,
            &slides.prepared,
            deck,
            out,
            &mut progress,
        )?);
        Ok(())
    })?;
    eprintln!();
    if let Some(w) = written {
        eprintln!(
            "{} pages ({} slides), made in {:.1} s",
            w.pages,
            deck.shots.len(),
            started.elapsed().as_secs_f64()
        );
    }
    println!("{}", output.display());
    Ok(())
}
