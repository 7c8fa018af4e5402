//! Slide decks as PDF: a title page, one page per chapter of a story (or per event of a range of
//! days) in the slide layout, and pages listing every document and excerpt cited and every data
//! source with its licence.
//!
//! Vector throughout: each page is the slide's SVG converted by svg2pdf (text stays text, in
//! the bundled font, embedded as a subset), placed on its page by pdf-writer. Pages are made one
//! at a time; the caller hears of each and may cancel, as with animations.

use std::collections::HashMap;
use std::io::Write;

use karabakh_data::Dataset;
use karabakh_data::cite::{self, Reference};
use karabakh_data::story::Story;
use karabakh_data::timeline::events_of;
use karabakh_scene::Prepared;
use karabakh_scene::slide::caption_for;
use karabakh_time::{Day, long_date};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};

use crate::animate::{Progress, Shot, composed_frame, shots_for_story};
use crate::deck_pages::{reference_pages, title_page};
use crate::{Error, Picture};

/// Width of a page in points (13.33 in: the 16:9 slide of presentation programs); its height
/// follows the slide's shape.
const PAGE_WIDTH: f32 = 960.0;

/// What a deck holds, before it is drawn.
#[derive(Clone, Debug)]
pub struct Deck {
    pub title: String,
    /// Under the title on the first page: the dates it spans, what it is.
    pub subtitle: String,
    /// One page each.
    pub shots: Vec<Shot>,
    /// Every work the pages cite, for the last pages.
    pub references: Vec<Reference>,
    /// The dossier folder's own `SOURCES.md`, whose licence table the last page lists after
    /// the built-in one's (None for the built-in dossier).
    pub folder_sources: Option<String>,
}

impl Deck {
    /// A page per chapter of `story`, in `base`'s size and names.
    pub fn of_story(dataset: &Dataset, story: &Story, base: &Picture) -> Deck {
        let days: Vec<Day> = story.chapters.iter().map(|c| c.date).collect();
        Deck {
            title: story.title.clone(),
            subtitle: format!(
                "A story in {} chapters{}",
                story.chapters.len(),
                span(&days)
            ),
            shots: shots_for_story(dataset, story, base, 1),
            references: cite::of_story(dataset, story),
            folder_sources: None,
        }
    }

    /// A page per event that begins from `first` to `last` (both included), on its first day,
    /// the event selected and its first excerpt the caption.
    pub fn of_days(dataset: &Dataset, base: &Picture, first: Day, last: Day) -> Deck {
        let mut shots = Vec::new();
        let mut ids = Vec::new();
        for event in events_of(dataset) {
            if event.first < first || event.first > last {
                continue;
            }
            let Some(feature) = dataset.features.get(event.feature) else {
                continue;
            };
            let mut picture = base.clone();
            picture.inputs.day = Some(event.first);
            picture.slide.day = Some(event.first);
            picture.selected = vec![feature.id.clone()];
            picture.slide.caption = caption_for(dataset, &picture.selected);
            ids.push(feature.id.clone());
            shots.push(Shot {
                picture,
                frames: 1,
                sources: Vec::new(),
            });
        }
        Deck {
            title: base.slide.title.clone(),
            subtitle: format!(
                "The events from {} to {}: {}",
                long_date(first),
                long_date(last),
                plural(shots.len(), "event")
            ),
            shots,
            references: cite::of_features(dataset, &ids),
            folder_sources: None,
        }
    }

    /// The chapters' (or events') days and titles, for the title page.
    fn contents(&self) -> Vec<String> {
        self.shots
            .iter()
            .map(|shot| {
                let day = shot.picture.slide.day.map(long_date).unwrap_or_default();
                let title = shot.picture.slide.title.as_str();
                let what = title
                    .strip_prefix(self.title.as_str())
                    .map(|t| t.trim_start_matches(" · "))
                    .filter(|t| !t.is_empty() && *t != title)
                    .map(str::to_owned)
                    .or_else(|| shot.picture.slide.caption.as_ref().map(|c| c.0.clone()))
                    .unwrap_or_default();
                format!("{day}: {what}")
            })
            .collect()
    }
}

fn span(days: &[Day]) -> String {
    match (days.iter().min(), days.iter().max()) {
        (Some(a), Some(b)) => format!(", {} to {}", long_date(*a), long_date(*b)),
        _ => String::new(),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// What was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WrittenDeck {
    pub pages: u32,
}

/// Writes `deck` as a PDF to `out`. `progress` is told after each page; when it returns false
/// the deck stops with [`Error::Cancelled`] and nothing is written.
pub fn write_pdf(
    dataset: &Dataset,
    prepared: &Prepared,
    deck: &Deck,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<WrittenDeck, Error> {
    if deck.shots.is_empty() {
        return Err(Error::EmptyDeck);
    }
    let (width, height) = deck
        .shots
        .first()
        .map(|s| (s.picture.inputs.view.width, s.picture.inputs.view.height))
        .unwrap_or((1920.0, 1080.0));
    let sources = reference_pages(
        &deck.references,
        deck.folder_sources.as_deref(),
        width,
        height,
    );
    let total = (deck.shots.len() + 1 + sources.len()) as u32;
    let mut writer = PdfDeck::new(&deck.title);
    let mut step = |writer: &mut PdfDeck, svg: &str| -> Result<(), Error> {
        writer.page(svg)?;
        let done = writer.pages.len() as u32;
        if progress(Progress { done, total }) {
            Ok(())
        } else {
            Err(Error::Cancelled)
        }
    };
    step(
        &mut writer,
        &title_page(&deck.title, &deck.subtitle, &deck.contents(), width, height),
    )?;
    for shot in &deck.shots {
        let composed = composed_frame(dataset, prepared, shot)?;
        step(&mut writer, &composed.svg(prepared))?;
    }
    for svg in &sources {
        step(&mut writer, svg)?;
    }
    let pages = writer.pages.len() as u32;
    out.write_all(&writer.finish())
        .map_err(|e| Error::Pdf(format!("cannot write: {e}")))?;
    Ok(WrittenDeck { pages })
}

/// A PDF being assembled page by page.
struct PdfDeck {
    pdf: Pdf,
    next: Ref,
    catalog: Ref,
    tree: Ref,
    pages: Vec<Ref>,
}

impl PdfDeck {
    fn new(title: &str) -> Self {
        let mut next = Ref::new(1);
        let catalog = next.bump();
        let tree = next.bump();
        let info = next.bump();
        let mut pdf = Pdf::new();
        pdf.document_info(info)
            .title(TextStr(title))
            .creator(TextStr("Karabakh Atlas"));
        PdfDeck {
            pdf,
            next,
            catalog,
            tree,
            pages: Vec::new(),
        }
    }

    /// Adds a page showing `svg`, scaled to the page's width.
    fn page(&mut self, svg: &str) -> Result<(), Error> {
        let options = resvg::usvg::Options {
            fontdb: crate::svg::fonts(),
            ..resvg::usvg::Options::default()
        };
        // A bug in the SVG libraries must not take the window down with them.
        let converted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let tree = resvg::usvg::Tree::from_str(svg, &options)?;
            let size = tree.size();
            let chunk = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
                .map_err(|e| Error::Pdf(format!("{e:?}")))?;
            Ok::<_, Error>((chunk, size.width(), size.height()))
        }))
        .map_err(|_| Error::RendererPanicked)?;
        let ((chunk, form), svg_width, svg_height) = converted?;
        let mut renumbered = HashMap::new();
        let next = &mut self.next;
        let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| next.bump()));
        let form = renumbered
            .get(&form)
            .copied()
            .ok_or_else(|| Error::Pdf("the converted page lost its picture".to_owned()))?;
        let (width, height) = (PAGE_WIDTH, PAGE_WIDTH * svg_height / svg_width.max(1.0));
        let page = self.next.bump();
        let content = self.next.bump();
        let name = Name(b"S1");
        let mut page_writer = self.pdf.page(page);
        page_writer
            .media_box(Rect::new(0.0, 0.0, width, height))
            .parent(self.tree)
            .contents(content);
        page_writer.resources().x_objects().pair(name, form);
        page_writer.finish();
        let mut stream = Content::new();
        // The form is a unit square: stretch it to the page.
        stream.transform([width, 0.0, 0.0, height, 0.0, 0.0]);
        stream.x_object(name);
        self.pdf.stream(content, &stream.finish());
        self.pdf.extend(&chunk);
        self.pages.push(page);
        Ok(())
    }

    fn finish(mut self) -> Vec<u8> {
        self.pdf.catalog(self.catalog).pages(self.tree);
        self.pdf
            .pages(self.tree)
            .count(self.pages.len() as i32)
            .kids(self.pages.iter().copied());
        self.pdf.finish()
    }
}

#[cfg(test)]
#[path = "deck_tests.rs"]
mod tests;
