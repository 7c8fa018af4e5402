//! The scene and its slide as SVG, and SVG as PNG (resvg, with the bundled fonts: no window,
//! no GPU, the same picture on every machine).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use base64::Engine as _;
use ecolor::Color32;
use emath::Pos2;

use crate::Error;
use karabakh_data::basemap::Raster;
use karabakh_scene::slide::{Slide, SlideText};
use karabakh_scene::style::{Marker, Outline, Ring, dash_pattern, place_dot};
use karabakh_scene::{Label, LabelStyle, MeshShape, RasterShape, Scene, Shape, World};

pub(crate) fn color(c: Color32) -> String {
    // Color32 is premultiplied; SVG wants straight colour and opacity.
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    if a == 255 {
        format!("#{r:02x}{g:02x}{b:02x}")
    } else {
        format!("rgba({r},{g},{b},{:.3})", f32::from(a) / 255.0)
    }
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn points(ps: &[Pos2]) -> String {
    let mut out = String::with_capacity(ps.len() * 14);
    for p in ps {
        let _ = write!(out, "{:.1},{:.1} ", p.x, p.y);
    }
    out.trim_end().to_owned()
}

/// The part `[col0, row0, col1, row1]` of a raster, re-sampled to `size` pixels whose rows are
/// evenly spaced in Web Mercator, as PNG: the SVG can then place it with one rectangle. Cached
/// by raster, part and size: the basemap's rasters do not change while the program runs, and
/// the slides of one run mostly share a view.
fn mercator_png(
    raster: &Raster,
    index: usize,
    part: [usize; 4],
    size: [usize; 2],
) -> Option<Arc<Vec<u8>>> {
    type Cache = Mutex<HashMap<(usize, [usize; 4], [usize; 2]), Arc<Vec<u8>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = (index, part, size);
    let cache = CACHE.get_or_init(Cache::default);
    if let Some(png) = cache.lock().ok()?.get(&key) {
        return Some(png.clone());
    }
    let [out_w, out_h] = size;
    let out = mercator_rgba(raster, part, size)?;
    let image = image::RgbaImage::from_raw(out_w as u32, out_h as u32, out)?;
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .ok()?;
    let png = Arc::new(bytes);
    let mut cache = cache.lock().ok()?;
    if cache.len() >= 64 {
        cache.clear();
    }
    cache.insert(key, png.clone());
    Some(png)
}

/// The part `[col0, row0, col1, row1]` of a raster as straight RGBA, re-sampled to `size`
/// pixels whose rows are evenly spaced in Web Mercator.
pub(crate) fn mercator_rgba(
    raster: &Raster,
    part: [usize; 4],
    size: [usize; 2],
) -> Option<Vec<u8>> {
    let [west, south, east, north] = raster.bounds;
    let [col0, row0, col1, row1] = part;
    let (w, h) = (raster.width, raster.height);
    let lat_of = |row: usize| north - (north - south) * row as f64 / h as f64;
    let top = World::from_lon_lat(west, lat_of(row0)).y;
    let bottom = World::from_lon_lat(east, lat_of(row1)).y;
    let [out_w, out_h] = size;
    let mut out = vec![0u8; out_w * out_h * 4];
    for row in 0..out_h {
        let y = top + (bottom - top) * (row as f64 + 0.5) / out_h as f64;
        let (_, lat) = World { x: 0.5, y }.to_lon_lat();
        let src_row = (((north - lat) / (north - south)) * h as f64)
            .floor()
            .clamp(row0 as f64, (row1.max(row0 + 1) - 1) as f64) as usize;
        for col in 0..out_w {
            let src_col = (col0 + (col * (col1 - col0)) / out_w).min(w.saturating_sub(1));
            let from = (src_row * w + src_col) * 4;
            let to = (row * out_w + col) * 4;
            out.get_mut(to..to + 4)?
                .copy_from_slice(raster.rgba.get(from..from + 4)?);
        }
    }
    Some(out)
}

/// The part of its raster a raster shape shows and the size to re-sample it to (no more than
/// twice its size on screen), or `None` when it shows nothing.
pub(crate) fn raster_part(
    shape: &RasterShape,
    source: &Raster,
) -> Option<([usize; 4], [usize; 2])> {
    let (first, last) = (shape.vertices.first()?, shape.vertices.last()?);
    let part = shape.pixels(source.width, source.height);
    let [col0, row0, col1, row1] = part;
    let (min, max) = (first.0, last.0);
    let most = |pixels: usize, on_screen: f32| pixels.min((on_screen * 2.0).ceil() as usize).max(1);
    let size = [
        most(col1.saturating_sub(col0), max.x - min.x),
        most(row1.saturating_sub(row0), max.y - min.y),
    ];
    (col1 > col0 && row1 > row0).then_some((part, size))
}

fn shape_svg(out: &mut String, shape: &Shape, rasters: &[Raster]) {
    match shape {
        Shape::Mesh(mesh) => mesh_svg(out, mesh),
        Shape::Line {
            points,
            width,
            color,
            dashed,
            closed,
        } => line_svg(out, points, *width, *color, *dashed, *closed),
        Shape::Marker { .. } => {
            if let Some(marker) = shape.marker() {
                marker_svg(out, &marker);
            }
        }
        Shape::Raster(raster) => raster_svg(out, raster, rasters),
    }
}

/// A fill as a path of its rings (the triangles are for the GPU).
fn mesh_svg(out: &mut String, mesh: &MeshShape) {
    let mut d = String::new();
    let mut start = 0usize;
    for &end in &mesh.ring_ends {
        let end = (end as usize).min(mesh.vertices.len());
        let ring = mesh.vertices.get(start..end).unwrap_or(&[]);
        start = end;
        if let Some((first, rest)) = ring.split_first() {
            let _ = write!(d, "M{:.1},{:.1}", first.x, first.y);
            for p in rest {
                let _ = write!(d, "L{:.1},{:.1}", p.x, p.y);
            }
            d.push('Z');
        }
    }
    let _ = writeln!(
        out,
        r#"<path d="{d}" fill="{}" fill-rule="evenodd"/>"#,
        color(mesh.color)
    );
}

fn line_svg(out: &mut String, ps: &[Pos2], width: f32, c: Color32, dashed: bool, closed: bool) {
    let tag = if closed { "polygon" } else { "polyline" };
    let dash = if dashed {
        let (a, b) = dash_pattern(width);
        format!(r#" stroke-dasharray="{a:.1} {b:.1}""#)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        r#"<{tag} points="{}" fill="none" stroke="{}" stroke-width="{width:.1}" stroke-linejoin="round" stroke-linecap="round"{dash}/>"#,
        points(ps),
        color(c)
    );
}

/// A marker as the window draws it: its ring if approximate, then its symbol.
fn marker_svg(out: &mut String, marker: &Marker) {
    if let Some(ring) = marker.approximate_ring() {
        ring_svg(out, &ring);
    }
    let paint = format!(
        r#"fill="{}" stroke="{}" stroke-width="{:.1}""#,
        color(marker.fill),
        color(marker.stroke),
        marker.width
    );
    let _ = match marker.outline() {
        Outline::Circle { center, radius } => writeln!(
            out,
            r#"<circle cx="{:.1}" cy="{:.1}" r="{radius:.1}" {paint}/>"#,
            center.x, center.y
        ),
        Outline::Square { rect, corner } => writeln!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{corner:.1}" {paint}/>"#,
            rect.min.x,
            rect.min.y,
            rect.width(),
            rect.height()
        ),
        Outline::Polygon(corners) => writeln!(
            out,
            r#"<polygon points="{}" {paint} stroke-linejoin="round"/>"#,
            points(&corners)
        ),
    };
}

fn ring_svg(out: &mut String, ring: &Ring) {
    let dash = ring.dash.map_or_else(String::new, |(a, b)| {
        format!(r#" stroke-dasharray="{a:.1} {b:.1}""#)
    });
    let _ = writeln!(
        out,
        r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="none" stroke="{}" stroke-width="{:.1}"{dash}/>"#,
        ring.center.x,
        ring.center.y,
        ring.radius,
        color(ring.color),
        ring.width
    );
}

/// The part of a relief raster in view as one image over its box (re-sampled to Mercator rows,
/// and to no more than twice the pixels it covers on the slide).
fn raster_svg(out: &mut String, shape: &RasterShape, rasters: &[Raster]) {
    let (Some(source), Some(first), Some(last)) = (
        rasters.get(shape.raster),
        shape.vertices.first(),
        shape.vertices.last(),
    ) else {
        return;
    };
    let Some((part, size)) = raster_part(shape, source) else {
        return;
    };
    let (min, max) = (first.0, last.0);
    let Some(png) = mercator_png(source, shape.raster, part, size) else {
        return;
    };
    let data = base64::engine::general_purpose::STANDARD.encode(png.as_slice());
    let _ = writeln!(
        out,
        r#"<image x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" opacity="{:.3}" preserveAspectRatio="none" href="data:image/png;base64,{data}"/>"#,
        min.x,
        min.y,
        max.x - min.x,
        max.y - min.y,
        shape.opacity
    );
}

pub(crate) fn label_svg(out: &mut String, label: &Label) {
    if let Some(leader) = label.leader {
        // The label's halo under its colour, as the text has.
        line_svg(out, &leader, 3.0, label.halo, false, false);
        line_svg(out, &leader, 1.2, label.color, false, false);
    }
    if let Some(dot) = label.dot {
        marker_svg(out, &place_dot(dot));
    }
    match label.style {
        LabelStyle::Badge => badge_svg(out, label.rect, &label.text, label.color, label.halo),
        LabelStyle::Key => key_svg(out, label),
        _ => label_text_svg(out, label),
    }
}

/// A numbered badge, as the window draws it: a disc (a rounded box for two digits) of
/// `fill`, the number in `ink`.
fn badge_svg(out: &mut String, rect: emath::Rect, number: &str, fill: Color32, ink: Color32) {
    let ink = ink.to_opaque();
    let size = rect.height() * 0.75;
    let _ = writeln!(
        out,
        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{:.1}" fill="{}" stroke="{}" stroke-width="1"/><text x="{:.1}" y="{:.1}" font-size="{size:.1}" text-anchor="middle" fill="{}">{}</text>"#,
        rect.min.x,
        rect.min.y,
        rect.width(),
        rect.height(),
        rect.height() / 2.0,
        color(fill),
        color(ink),
        rect.center().x,
        central_baseline(rect.center().y, size),
        color(ink),
        escape(number)
    );
}

/// The key of numbered events: a box of the halo's colour, a badge and a name a line.
fn key_svg(out: &mut String, label: &Label) {
    let r = label.rect;
    let _ = writeln!(
        out,
        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="4" fill="{}" stroke="{}" stroke-width="1"/>"#,
        r.min.x,
        r.min.y,
        r.width(),
        r.height(),
        color(label.halo.to_opaque().gamma_multiply(0.94)),
        color(label.color.gamma_multiply(0.6)),
    );
    for row in karabakh_scene::labels::key_rows(label) {
        badge_svg(out, row.badge, &row.number, row.color, label.halo);
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{}">{}</text>"#,
            row.text_rect.min.x,
            central_baseline(row.text_rect.center().y, label.size),
            label.size,
            color(row.color),
            escape(&row.text)
        );
    }
}

/// DejaVu Sans's ascent and descent, in ems (hhea 1901 and −483 of 2048). Baselines are placed
/// from them here rather than by `dominant-baseline`, which renderers read differently
/// (rsvg-convert cut the title and moved the legend's labels half a row).
const ASCENT: f32 = 1901.0 / 2048.0;
const DESCENT: f32 = -483.0 / 2048.0;

/// The baseline of text whose vertical centre (the middle of ascent and descent) is `center`.
pub(crate) fn central_baseline(center: f32, size: f32) -> f32 {
    center + (ASCENT - (ASCENT - DESCENT) / 2.0) * size
}

/// The baseline of text hung from `top`, where resvg puts a `hanging` baseline (0.8 ascent).
pub(crate) fn hanging_baseline(top: f32, size: f32) -> f32 {
    top + 0.8 * ASCENT * size
}

/// A label's text (its dot is drawn apart).
pub(crate) fn label_text_svg(out: &mut String, label: &Label) {
    let spacing = if label.style == LabelStyle::Country {
        r#" letter-spacing="1""#
    } else {
        ""
    };
    let c = label.rect.center();
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" text-anchor="middle" fill="{}" stroke="{}" stroke-width="{:.1}" stroke-linejoin="round" paint-order="stroke"{spacing}>{}</text>"#,
        c.x,
        central_baseline(c.y, label.size),
        label.size,
        color(label.color),
        color(label.halo),
        // The stroke is half under the letters: twice the halo's reach.
        2.0 * label.style.halo_width(),
        escape(&label.text)
    );
}

pub(crate) fn text_svg(out: &mut String, text: &SlideText) {
    let weight = if text.bold {
        r#" font-weight="bold""#
    } else {
        ""
    };
    let style = if text.italic {
        r#" font-style="italic""#
    } else {
        ""
    };
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{}"{weight}{style}>{}</text>"#,
        text.pos.x,
        hanging_baseline(text.pos.y, text.size),
        text.size,
        color(text.color),
        escape(&text.text)
    );
}

/// The SVG of a scene with its slide, `view.width` × `view.height` user units, drawn at
/// `scale` pixels per unit when rasterised.
pub fn to_svg(scene: &Scene, slide: &Slide, rasters: &[Raster], title: &str) -> String {
    let view = &scene.inputs.view;
    to_svg_sized(scene, slide, rasters, title, (view.width, view.height))
}

/// As [`to_svg`], the document `size` (width, height) big: a slide laid out larger than
/// asked (see [`crate::Picture::legible`]) is shown at the size asked, its whole view box
/// scaled to it.
pub fn to_svg_sized(
    scene: &Scene,
    slide: &Slide,
    rasters: &[Raster],
    title: &str,
    size: (f32, f32),
) -> String {
    let view = &scene.inputs.view;
    let (w, h) = (view.width, view.height);
    let mut out = String::with_capacity(256 * 1024);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="{} {} {w} {h}" font-family="DejaVu Sans">"#,
        size.0, size.1, view.origin[0], view.origin[1]
    );
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(
        out,
        r#"<rect x="{}" y="{}" width="{w}" height="{h}" fill="{}"/>"#,
        view.origin[0],
        view.origin[1],
        color(scene.background)
    );
    for item in &scene.items {
        shape_svg(&mut out, &item.shape, rasters);
    }
    for label in &scene.labels {
        label_svg(&mut out, label);
    }
    for shape in &slide.shapes {
        shape_svg(&mut out, shape, rasters);
    }
    for text in &slide.texts {
        text_svg(&mut out, text);
    }
    out.push_str("</svg>\n");
    out
}

pub(crate) fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            // One font with Latin (Azerbaijani ə included), Cyrillic and Armenian: resvg picks one
            // font per run of text, and falling back between two in the middle of a name
            // lost the Armenian letters (and could panic in usvg 0.45's layout).
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_font_data(include_bytes!("../../../assets/fonts/DejaVuSans.ttf").to_vec());
            // Its bold and oblique faces: without them resvg draws a bold title or an italic
            // quote in the regular face.
            db.load_font_data(include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf").to_vec());
            db.load_font_data(
                include_bytes!("../../../assets/fonts/DejaVuSans-Oblique.ttf").to_vec(),
            );
            db.set_sans_serif_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

/// Rasterises an SVG at `scale` (2 doubles both sides) into PNG bytes.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, Error> {
    let options = resvg::usvg::Options {
        fontdb: fonts(),
        ..resvg::usvg::Options::default()
    };
    // A bug in the SVG library must not take the window down with it.
    let tree = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        resvg::usvg::Tree::from_str(svg, &options)
    }))
    .map_err(|_| Error::RendererPanicked)??;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or(Error::SizeOutOfRange)?;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(Error::SizeOutOfRange)?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| Error::Png(Box::new(e)))
}
