//! The comparison's headings and the slides' other bold and italic texts are drawn in the
//! faces they ask for (the bundled fonts had the regular face only, and resvg drew every
//! heading regular); a small comparison keeps its boxes apart.

use super::*;
use crate::svg::{fonts, svg_to_png, text_svg};
use karabakh_data::basemap::Basemap;
use karabakh_scene::SceneInputs;
use karabakh_scene::slide::{SlideOptions, SlideText};
use resvg::usvg::fontdb::{Family, Query, Stretch, Style, Weight};

/// The face the exporter's fonts give for DejaVu Sans in `weight` and `style`.
fn face(weight: Weight, style: Style) -> (Weight, Style) {
    let db = fonts();
    let query = Query {
        families: &[Family::Name("DejaVu Sans")],
        weight,
        stretch: Stretch::Normal,
        style,
    };
    let id = db.query(&query).expect("a face of DejaVu Sans");
    let info = db.face(id).expect("its information");
    (info.weight, info.style)
}

#[test]
fn the_fonts_have_the_faces_slides_ask_for() {
    assert_eq!(
        face(Weight::BOLD, Style::Normal),
        (Weight::BOLD, Style::Normal)
    );
    assert_ne!(face(Weight::NORMAL, Style::Italic).1, Style::Normal);
    assert_eq!(
        face(Weight::NORMAL, Style::Normal),
        (Weight::NORMAL, Style::Normal)
    );
}

/// `words` drawn alone at 30 px as the exporter draws a slide's texts, from x = 10.
fn drawn(words: &str, bold: bool) -> resvg::tiny_skia::Pixmap {
    let text = SlideText {
        text: words.to_owned(),
        pos: emath::pos2(10.0, 10.0),
        size: 30.0,
        color: ecolor::Color32::BLACK,
        bold,
        italic: false,
    };
    let mut svg = String::from(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="60" font-family="DejaVu Sans">"#,
    );
    text_svg(&mut svg, &text);
    svg.push_str("</svg>");
    let png = svg_to_png(&svg, 1.0).expect("drawn");
    resvg::tiny_skia::Pixmap::decode_png(&png).expect("decoded")
}

/// The dark pixels of a heading.
fn ink(bold: bool) -> usize {
    let pixmap = drawn("26 September 2020 Nagorno-Karabakh", bold);
    pixmap.pixels().iter().filter(|p| p.alpha() > 128).count()
}

#[test]
fn bold_text_is_drawn_heavier_than_regular() {
    let (bold, regular) = (ink(true), ink(false));
    assert!(
        bold as f32 > 1.25 * regular as f32,
        "bold {bold} px of ink, regular {regular}"
    );
}

/// A bold title stays inside the width its box is given (the bold face is wider than the
/// regular one the estimate was made for: the title ran out of its panel).
#[test]
fn bold_text_fits_the_width_kept_for_it() {
    for words in [
        "Nagorno-Karabakh",
        "What changed, 26 September 2020 → 2 December 2020",
    ] {
        let pixmap = drawn(words, true);
        let width = pixmap.width() as usize;
        let right = pixmap
            .pixels()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.alpha() > 128)
            .map(|(n, _)| n % width)
            .max()
            .unwrap_or(0);
        let kept = karabakh_scene::slide::text_width(words, 30.0, true);
        assert!(
            right as f32 - 10.0 <= kept,
            "{words:?} drawn {} px wide, {kept} kept",
            right as f32 - 10.0
        );
    }
}

/// Each half of `render --compare` heads its side with the title in bold (and its date).
#[test]
fn the_comparisons_headings_ask_for_bold() {
    let dataset = karabakh_data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let picture = Picture {
        inputs: SceneInputs::new(crate::view_for(None, None, None, 640.0, 480.0)),
        slide: SlideOptions::new(None),
        selected: Vec::new(),
        scale: 1.0,
    };
    let day = |m, d| Day::from_ymd(2020, m, d).expect("a real day");
    let halves = halves(&picture, day(9, 26), day(12, 2));
    let svg = render_compare(&dataset, &prepared, &halves, Format::Svg).expect("an SVG");
    let svg = String::from_utf8(svg).expect("text");
    let bold_titles = svg
        .lines()
        .filter(|l| l.contains(r#"font-weight="bold""#) && l.contains(">Nagorno-Karabakh<"))
        .count();
    assert_eq!(bold_titles, 2, "{svg}");
    for date in ["26 September 2020", "2 December 2020"] {
        assert!(svg.contains(&format!(">{date}<")), "{date} heads a half");
    }
}

/// A comparison of a screen's size has halves too narrow for their boxes (640×720 at
/// 1280×720: the change list lay over the legend); each half is laid out at a screen's size
/// and drawn smaller, so the image is the size asked and no two boxes of a half overlap. At
/// half scale the divider is thinner than two pixels (tiny-skia's smoothing of it panicked).
#[test]
fn a_small_comparison_keeps_its_boxes_apart_and_its_size() {
    let dataset = karabakh_data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let day = |m, d| Day::from_ymd(2020, m, d).expect("a real day");
    for scale in [1.0, 0.5] {
        let picture = Picture {
            inputs: SceneInputs::new(crate::view_for(None, None, None, 640.0, 720.0)),
            slide: SlideOptions::new(None),
            selected: Vec::new(),
            scale,
        };
        let halves = halves(&picture, day(9, 26), day(12, 2));
        let png = render_compare(&dataset, &prepared, &halves, Format::Png).expect("a PNG");
        let image = Pixmap::decode_png(&png).expect("decodes");
        let asked = (1280.0 * scale, 720.0 * scale);
        assert_eq!((image.width() as f32, image.height() as f32), asked);
        let laid_out = halves.each_ref().map(Picture::legible);
        for side in composed_halves(&dataset, &prepared, &laid_out).expect("composed") {
            let boxes = &side.slide.boxes;
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(
                        !a.intersects(*b),
                        "{a:?} and {b:?} overlap at scale {scale}"
                    );
                }
            }
        }
    }
}
