//! Two dates side by side in one image (`render --compare`): the same view on each day, each
//! half a full slide saying its date, the sources of its events, and on the second half the
//! list of what changed between them (from [`karabakh_scene::compare`]).

use karabakh_data::Dataset;
use karabakh_scene::Prepared;
use karabakh_scene::compare::compare;
use karabakh_scene::slide::sources::{add_panel, add_sources, sources_of};
use karabakh_time::{Day, long_date};
use resvg::tiny_skia::{Color, Paint, Pixmap, PixmapPaint, Rect, Transform};

use crate::{Composed, Error, Format, Picture, compose_picture_with};

/// The divider between the halves, in units.
const DIVIDER: f32 = 2.0;

/// The two halves of an image twice as wide as `picture`'s view, on `first` and `second` in
/// date order: each half that view on its day.
pub fn halves(picture: &Picture, first: Day, second: Day) -> [Picture; 2] {
    let (before, after) = if first <= second {
        (first, second)
    } else {
        (second, first)
    };
    [before, after].map(|day| {
        let mut side = picture.clone();
        side.inputs.day = Some(day);
        side.slide.day = Some(day);
        side
    })
}

/// The two halves composed: each with the sources of what it shows, the second with the
/// change list, the map's labels placed around their boxes.
pub fn composed_halves(
    dataset: &Dataset,
    prepared: &Prepared,
    halves: &[Picture; 2],
) -> Result<[Composed; 2], Error> {
    let [before, after] = halves;
    let (Some(from), Some(to)) = (before.inputs.day, after.inputs.day) else {
        return Err(Error::Animation("a comparison needs two days".to_owned()));
    };
    let changes = compare(dataset, from, to).lines(dataset);
    let heading = format!("What changed, {} → {}", long_date(from), long_date(to));
    let compose = |picture: &Picture, with_changes: bool| {
        let sources = sources_of(dataset, picture.inputs.day, &picture.selected);
        compose_picture_with(dataset, prepared, picture, &mut |slide, scene, frame| {
            if with_changes {
                let lines = if changes.is_empty() {
                    vec!["nothing began, ended or changed hands".to_owned()]
                } else {
                    changes.clone()
                };
                add_panel(slide, scene, frame, &heading, &lines);
            }
            add_sources(slide, scene, frame, &sources);
        })
    };
    Ok([compose(before, false)?, compose(after, true)?])
}

/// The two halves as one image in `format`: PNG drawn straight to pixels, or SVG with each
/// half a nested `<svg>`.
pub fn render_compare(
    dataset: &Dataset,
    prepared: &Prepared,
    halves: &[Picture; 2],
    format: Format,
) -> Result<Vec<u8>, Error> {
    // Each half laid out at a screen's size at least (a 1280×720 comparison has halves of
    // 640×720, too narrow for a legend and the change list side by side), and drawn or
    // shown at the size asked.
    let asked = halves[0].inputs.view;
    let halves = halves.each_ref().map(Picture::legible);
    let composed = composed_halves(dataset, prepared, &halves)?;
    let view = composed[0].scene.inputs.view;
    let (w, h) = (view.width, view.height);
    match format {
        Format::Svg => {
            let title = format!("{} | {}", composed[0].title, composed[1].title);
            let mut out = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {h}"><title>{}</title>"#,
                2.0 * asked.width.round(),
                asked.height.round(),
                2.0 * w,
                crate::svg::escape(&title)
            );
            for (n, side) in composed.iter().enumerate() {
                let svg = side.svg(prepared);
                let x = n as f32 * w;
                out.push_str(&svg.replacen("<svg ", &format!(r#"<svg x="{x}" y="0" "#), 1));
            }
            out.push_str(&format!(
                r##"<rect x="{}" y="0" width="{DIVIDER}" height="{h}" fill="#333333"/></svg>"##,
                w - DIVIDER / 2.0
            ));
            out.push('\n');
            Ok(out.into_bytes())
        }
        Format::Png => {
            let scale = halves[0].scale;
            let (width, height) = ((2.0 * w * scale).round(), (h * scale).round());
            let mut image = Pixmap::new(width as u32, height as u32).ok_or(Error::TooLarge {
                width: 2.0 * w,
                height: h,
                scale,
            })?;
            for (n, side) in composed.iter().enumerate() {
                let pixels = side.pixmap(prepared, scale)?;
                let x = (n as f32 * w * scale).round() as i32;
                let paint = PixmapPaint::default();
                image.draw_pixmap(x, 0, pixels.as_ref(), &paint, Transform::identity(), None);
            }
            let mut paint = Paint::default();
            paint.set_color(Color::from_rgba8(0x33, 0x33, 0x33, 255));
            // Whole pixels, one at least: tiny-skia's smoothing of a rectangle thinner than a
            // pixel panicked (at half scale).
            paint.anti_alias = false;
            let thick = (DIVIDER * scale).round().max(1.0);
            let left = ((w - DIVIDER / 2.0) * scale).round();
            if let Some(line) = Rect::from_xywh(left, 0.0, thick, height) {
                image.fill_rect(line, &paint, Transform::identity(), None);
            }
            image.encode_png().map_err(|e| Error::Png(Box::new(e)))
        }
    }
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
