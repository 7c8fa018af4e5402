//! The sources of what a frame shows: each event of the day and each selected feature with the
//! source it gives, and the documents its excerpts come from. Every frame of an animation or a
//! story carries them, bottom right above the credits.

use emath::{Rect, vec2};

use super::layout::{Boxes, Spot};
use super::{Composer, Slide, text_width, wrap};
use crate::Scene;
use karabakh_data::{Dataset, Feature, Kind};
use karabakh_time::Day;

/// At most this many lines; the rest is counted ("… and 3 more").
const MAX_LINES: usize = 8;
const SIZE: f32 = 12.0;
const LINE: f32 = SIZE * 1.3;

/// "Offensive: asbarez.com; … (excerpts: Karabakh Armenians begin to leave …)" for each event
/// on the map on `day` and each feature of `selected`, each once, in date order.
pub fn sources_of(dataset: &Dataset, day: Option<Day>, selected: &[String]) -> Vec<String> {
    let mut features: Vec<&Feature> = dataset
        .features
        .iter()
        .filter(|f| f.kind == Kind::Event && day.is_some_and(|d| f.visible_on(d)))
        .collect();
    features.sort_by_key(|f| f.validity.first_day());
    for id in selected {
        if let Some(f) = dataset.feature(id)
            && !features.iter().any(|g| g.id == f.id)
        {
            features.push(f);
        }
    }
    features
        .into_iter()
        .filter_map(|f| source_line(dataset, f))
        .collect()
}

fn source_line(dataset: &Dataset, feature: &Feature) -> Option<String> {
    let name = feature
        .extra
        .get("short_name")
        .cloned()
        .unwrap_or_else(|| feature.names.display.clone());
    let mut documents: Vec<String> = Vec::new();
    for link in &feature.excerpts {
        let title = dataset
            .document(&link.doc)
            .map_or_else(|| link.doc.clone(), |d| d.meta.title.clone());
        if !documents.contains(&title) {
            documents.push(title);
        }
    }
    let source = feature.source.trim();
    let mut line = match (source.is_empty(), documents.is_empty()) {
        (true, true) => return None,
        (false, _) => format!("{name}: {source}"),
        (true, false) => format!("{name}:"),
    };
    if !documents.is_empty() {
        line.push_str(&format!(" (excerpts: {})", documents.join("; ")));
    }
    Some(line)
}

/// Adds the panel of `lines` to `slide` (composed for `scene` in `frame`), no wider than a third
/// of `frame`, placed like the slide's other boxes: where it hides least, over none of them.
pub fn add_sources(slide: &mut Slide, scene: &Scene, frame: Rect, lines: &[String]) {
    add_panel(slide, scene, frame, "Sources of what is shown", lines);
}

/// Adds a panel of `lines` under `heading`, as [`add_sources`] does (the change list of two
/// dates compared is another).
pub fn add_panel(slide: &mut Slide, scene: &Scene, frame: Rect, heading: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let width = (frame.width() / 3.0).max(220.0);
    let mut wrapped: Vec<String> = Vec::new();
    let mut shown = 0;
    for line in lines {
        let pieces = wrap(line, SIZE, width);
        if wrapped.len() + pieces.len() > MAX_LINES {
            break;
        }
        wrapped.extend(pieces);
        shown += 1;
    }
    if shown < lines.len() {
        wrapped.push(format!("… and {} more", lines.len() - shown));
    }
    let w = wrapped
        .iter()
        .map(|l| text_width(l, SIZE, false))
        .fold(text_width(heading, SIZE, true), f32::max)
        + 20.0;
    let h = (wrapped.len() as f32 + 1.0) * LINE + 14.0;
    let mut boxes = Boxes::new(frame, scene);
    for placed in &slide.boxes {
        boxes.fixed(*placed);
    }
    let spots = [
        Spot::BottomRight,
        Spot::RightMiddle,
        Spot::BottomLeft,
        Spot::TopRight,
        Spot::LeftMiddle,
    ];
    let panel = boxes.place(vec2(w, h), &spots);
    let mut c = Composer {
        slide: std::mem::take(slide),
        frame,
        boxes,
    };
    c.panel(panel);
    c.text(heading, panel.min + vec2(10.0, 6.0), SIZE, true, false);
    for (n, line) in wrapped.into_iter().enumerate() {
        let at = panel.min + vec2(10.0, 6.0 + LINE * (n as f32 + 1.0));
        c.text(line, at, SIZE, false, false);
    }
    c.slide.boxes = c.boxes.placed.clone();
    *slide = c.slide;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_of_events_names_their_sources_and_documents() {
        let dataset = karabakh_data::load_embedded();
        let day = Day::parse("2023-09-24").ok();
        let lines = sources_of(&dataset, day, &[]);
        assert!(
            lines.iter().any(|l| l.starts_with("First evacuees")
                || l.contains("(excerpts: Karabakh Armenians begin to leave")),
            "{lines:?}"
        );
        assert!(sources_of(&dataset, Day::parse("2005-06-01").ok(), &[]).is_empty());
        let mut slide = Slide::default();
        let frame = Rect::from_min_size(emath::pos2(0.0, 0.0), vec2(1280.0, 720.0));
        let prepared = crate::Prepared::new(&dataset, &karabakh_data::basemap::Basemap::embedded());
        let view = crate::view::View::fit(crate::view::HOME_BOUNDS, 1280.0, 720.0, 8.0);
        let mut inputs = crate::SceneInputs::new(view);
        inputs.day = day;
        let scene = crate::build(&dataset, &prepared, &inputs);
        slide.boxes.push(Rect::from_min_size(
            emath::pos2(1000.0, 500.0),
            vec2(260.0, 200.0),
        ));
        add_sources(&mut slide, &scene, frame, &lines);
        let panel = slide.boxes.last().copied();
        assert!(
            panel.is_some_and(|p| !p.intersects(slide.boxes[0])),
            "{:?}",
            slide.boxes
        );
        assert!(slide.texts.len() >= 2 && slide.texts.len() <= MAX_LINES + 2);
        assert!(slide.texts.iter().all(|t| frame.contains(t.pos)));
    }
}
