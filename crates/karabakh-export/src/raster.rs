//! The scene and its slide drawn straight to pixels with tiny-skia, without the SVG round trip:
//! the shapes are painted directly and only the text goes through resvg (it alone needs a font
//! and shaping; each text is kept for the next frame, see `sprites.rs`). A frame of an
//! animation costs a fraction of the SVG path; it looks the same (`tests/export.rs` compares
//! the two).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use ecolor::Color32;
use emath::Pos2;
use resvg::tiny_skia::{
    self, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, PixmapPaint, Stroke, StrokeDash,
    Transform,
};

use crate::svg::{label_svg, mercator_rgba, raster_part, text_svg};
use crate::{Error, unchanged};
use karabakh_data::basemap::Raster;
use karabakh_scene::slide::Slide;
use karabakh_scene::style::{Marker, Outline, Ring, dash_pattern};
use karabakh_scene::{MeshShape, RasterShape, Scene, Shape};

/// Draws `scene` with `slide` over it at `scale` pixels per unit.
pub fn render_pixmap(
    scene: &Scene,
    slide: &Slide,
    rasters: &[Raster],
    scale: f32,
) -> Result<Pixmap, Error> {
    let view = &scene.inputs.view;
    let width = (view.width * scale).round();
    let height = (view.height * scale).round();
    if !(width >= 1.0 && height >= 1.0) {
        return Err(Error::SizeOutOfRange);
    }
    let painter = Painter {
        transform: Transform::from_translate(-view.origin[0], -view.origin[1])
            .post_scale(scale, scale),
        rasters,
    };
    let t = painter.transform;
    let frame = unchanged::Frame {
        pixels: (width as u32, height as u32),
        transform: [t.sx, t.ky, t.kx, t.sy, t.tx, t.ty].map(f32::to_bits),
        background: scene.background.to_array(),
    };
    let items = &scene.items;
    let (mut pixmap, start) = unchanged::start(frame, items, || {
        let mut pixmap = Pixmap::new(frame.pixels.0, frame.pixels.1);
        if let Some(pixmap) = pixmap.as_mut() {
            pixmap.fill(skia_color(scene.background));
        }
        pixmap.ok_or(Error::SizeOutOfRange)
    })?;
    let mut drawn = Vec::new();
    let mut index = start.from;
    loop {
        if start.keep.contains(&index) {
            drawn.push((index, pixmap.clone()));
        }
        let Some(item) = items.get(index) else { break };
        index += 1;
        let Shape::Raster(first) = &item.shape else {
            painter.shape(&mut pixmap, &item.shape);
            continue;
        };
        // The relief's rasters come together: they are stretched and blended as one layer
        // (up to a point where the pixels are kept).
        let mut run: Vec<&RasterShape> = vec![first];
        while let Some(Shape::Raster(next)) = items.get(index).map(|i| &i.shape) {
            if start.keep.contains(&index) {
                break;
            }
            run.push(next);
            index += 1;
        }
        painter.rasters(&mut pixmap, &run);
    }
    unchanged::keep(frame, items, start, drawn);
    let units = (view.width, view.height);
    // As the SVG draws each: dot, leader line, badge or key, text.
    let labels: Vec<String> = scene.labels.iter().map(fragment(label_svg)).collect();
    crate::sprites::draw(&mut pixmap, &labels, painter.transform, units)?;
    for shape in &slide.shapes {
        painter.shape(&mut pixmap, shape);
    }
    let texts: Vec<String> = slide.texts.iter().map(fragment(text_svg)).collect();
    crate::sprites::draw(&mut pixmap, &texts, painter.transform, units)?;
    Ok(pixmap)
}

/// The SVG of one thing, as `write` writes it.
fn fragment<T>(write: fn(&mut String, &T)) -> impl Fn(&T) -> String {
    move |thing| {
        let mut svg = String::new();
        write(&mut svg, thing);
        svg
    }
}

fn skia_color(c: Color32) -> tiny_skia::Color {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    tiny_skia::Color::from_rgba8(r, g, b, a)
}

fn paint(c: Color32) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(skia_color(c));
    paint.anti_alias = true;
    paint
}

fn polyline(points: &[Pos2], closed: bool) -> Option<tiny_skia::Path> {
    let (first, rest) = points.split_first()?;
    let mut pb = PathBuilder::new();
    pb.move_to(first.x, first.y);
    for p in rest {
        pb.line_to(p.x, p.y);
    }
    if closed {
        pb.close();
    }
    pb.finish()
}

fn stroke(width: f32, dash: Option<(f32, f32)>) -> Stroke {
    Stroke {
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        dash: dash.and_then(|(a, b)| StrokeDash::new(vec![a, b], 0.0)),
        ..Stroke::default()
    }
}

struct Painter<'a> {
    /// From the view's units to the pixmap's pixels.
    transform: Transform,
    rasters: &'a [Raster],
}

impl Painter<'_> {
    fn shape(&self, pixmap: &mut Pixmap, shape: &Shape) {
        match shape {
            Shape::Mesh(mesh) => self.mesh(pixmap, mesh),
            Shape::Line {
                points,
                width,
                color,
                dashed,
                closed,
            } => {
                let dash = dashed.then(|| dash_pattern(*width));
                if let Some(path) = polyline(points, *closed) {
                    let s = stroke(*width, dash);
                    pixmap.stroke_path(&path, &paint(*color), &s, self.transform, None);
                }
            }
            Shape::Marker { .. } => {
                if let Some(marker) = shape.marker() {
                    self.marker(pixmap, &marker);
                }
            }
            Shape::Raster(raster) => self.rasters(pixmap, &[raster]),
        }
    }

    /// A fill by its rings, even-odd, as the SVG path draws it.
    fn mesh(&self, pixmap: &mut Pixmap, mesh: &MeshShape) {
        let mut pb = PathBuilder::new();
        let mut start = 0usize;
        for &end in &mesh.ring_ends {
            let end = (end as usize).min(mesh.vertices.len());
            let ring = mesh.vertices.get(start..end).unwrap_or(&[]);
            start = end;
            if let Some((first, rest)) = ring.split_first() {
                pb.move_to(first.x, first.y);
                for p in rest {
                    pb.line_to(p.x, p.y);
                }
                pb.close();
            }
        }
        if let Some(path) = pb.finish() {
            let p = paint(mesh.color);
            pixmap.fill_path(&path, &p, FillRule::EvenOdd, self.transform, None);
        }
    }

    fn marker(&self, pixmap: &mut Pixmap, marker: &Marker) {
        if let Some(ring) = marker.approximate_ring() {
            self.ring(pixmap, &ring);
        }
        let path = match marker.outline() {
            Outline::Circle { center, radius } => {
                PathBuilder::from_circle(center.x, center.y, radius)
            }
            Outline::Square { rect, corner } => rounded_rect(rect, corner),
            Outline::Polygon(corners) => polyline(&corners, true),
        };
        let Some(path) = path else { return };
        let fill = paint(marker.fill);
        pixmap.fill_path(&path, &fill, FillRule::Winding, self.transform, None);
        let s = Stroke {
            line_join: LineJoin::Round,
            ..stroke(marker.width, None)
        };
        pixmap.stroke_path(&path, &paint(marker.stroke), &s, self.transform, None);
    }

    fn ring(&self, pixmap: &mut Pixmap, ring: &Ring) {
        if let Some(path) = PathBuilder::from_circle(ring.center.x, ring.center.y, ring.radius) {
            let s = Stroke {
                line_cap: LineCap::Butt,
                ..stroke(ring.width, ring.dash)
            };
            pixmap.stroke_path(&path, &paint(ring.color), &s, self.transform, None);
        }
    }

    /// Relief rasters, each stretched over its box smoothly (as resvg draws the SVG's image)
    /// at its opacity, in order: made once into a layer of the frame's size and kept for the
    /// next frame of the same view, then blended in one step.
    fn rasters(&self, pixmap: &mut Pixmap, shapes: &[&RasterShape]) {
        let stretched: Vec<Stretched> = shapes
            .iter()
            .filter_map(|shape| self.stretched(shape))
            .collect();
        let pixels = (pixmap.width(), pixmap.height());
        let Some(layer) = relief_layer(pixels, &stretched) else {
            return;
        };
        // The layer lies pixel for pixel on the frame: a plain blend, no filter.
        crate::stretch::over(pixmap, &layer);
    }

    /// `shape`'s image, re-sampled to Mercator rows, and where on the frame it goes.
    fn stretched(&self, shape: &RasterShape) -> Option<Stretched> {
        let source = self.rasters.get(shape.raster)?;
        let (first, last) = (shape.vertices.first()?, shape.vertices.last()?);
        let (part, size) = raster_part(shape, source)?;
        let image = mercator_pixmap(source, shape.raster, part, size)?;
        let (min, max) = (first.0, last.0);
        let sx = (max.x - min.x) / image.width() as f32;
        let sy = (max.y - min.y) / image.height() as f32;
        let transform =
            Transform::from_row(sx, 0.0, 0.0, sy, min.x, min.y).post_concat(self.transform);
        let t = transform;
        let key = [
            shape.raster,
            part[0],
            part[1],
            part[2],
            part[3],
            size[0],
            size[1],
        ]
        .into_iter()
        .map(|n| n as u64)
        .chain([t.sx, t.ky, t.kx, t.sy, t.tx, t.ty, shape.opacity].map(|f| u64::from(f.to_bits())))
        .collect();
        Some(Stretched {
            key,
            image,
            transform,
            opacity: shape.opacity,
        })
    }
}

/// A rectangle with round corners of radius `corner` (as SVG's `rx`).
fn rounded_rect(rect: emath::Rect, corner: f32) -> Option<tiny_skia::Path> {
    let r = corner.clamp(0.0, rect.width().min(rect.height()) / 2.0);
    if r <= 0.0 {
        let skia = tiny_skia::Rect::from_ltrb(rect.min.x, rect.min.y, rect.max.x, rect.max.y)?;
        return Some(PathBuilder::from_rect(skia));
    }
    // A quarter circle as one cubic: control points at 0.5523 of the radius.
    let k = r * (1.0 - 0.552_284_8);
    let (l, t, rr, b) = (rect.min.x, rect.min.y, rect.max.x, rect.max.y);
    let mut pb = PathBuilder::new();
    pb.move_to(l + r, t);
    pb.line_to(rr - r, t);
    pb.cubic_to(rr - k, t, rr, t + k, rr, t + r);
    pb.line_to(rr, b - r);
    pb.cubic_to(rr, b - k, rr - k, b, rr - r, b);
    pb.line_to(l + r, b);
    pb.cubic_to(l + k, b, l, b - k, l, b - r);
    pb.line_to(l, t + r);
    pb.cubic_to(l, t + k, l + k, t, l + r, t);
    pb.close();
    pb.finish()
}

/// The raster re-sampled to Mercator rows, premultiplied, cached like the SVG path's PNG.
fn mercator_pixmap(
    raster: &Raster,
    index: usize,
    part: [usize; 4],
    size: [usize; 2],
) -> Option<Arc<Pixmap>> {
    type Cache = Mutex<HashMap<(usize, [usize; 4], [usize; 2]), Arc<Pixmap>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = (index, part, size);
    let cache = CACHE.get_or_init(Cache::default);
    if let Some(pixmap) = cache.lock().ok()?.get(&key) {
        return Some(pixmap.clone());
    }
    let mut rgba = mercator_rgba(raster, part, size)?;
    for px in rgba.chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        for c in &mut px[..3] {
            *c = ((u16::from(*c) * a + 127) / 255) as u8;
        }
    }
    let size =
        tiny_skia::IntSize::from_wh(u32::try_from(size[0]).ok()?, u32::try_from(size[1]).ok()?)?;
    let pixmap = Arc::new(Pixmap::from_vec(rgba, size)?);
    let mut cache = cache.lock().ok()?;
    if cache.len() >= 64 {
        cache.clear();
    }
    cache.insert(key, pixmap.clone());
    Some(pixmap)
}

/// A raster ready to be stretched over a frame: what it depends on (the raster, its part, the
/// size it was re-sampled to, where it goes and its opacity), its pixels and its placing.
struct Stretched {
    key: Vec<u64>,
    image: Arc<Pixmap>,
    transform: Transform,
    opacity: f32,
}

/// `rasters` stretched over a transparent frame of `pixels`, in order, kept for the next frame
/// of the same view. Stretching (bilinear, in tiny-skia's float pipeline) and blending six
/// rasters was two thirds of a 1080p frame, and the frames of a range of days share their
/// view: they now blend the kept layer once.
fn relief_layer(pixels: (u32, u32), rasters: &[Stretched]) -> Option<Arc<Pixmap>> {
    type Key = ((u32, u32), Vec<Vec<u64>>);
    type Cache = Mutex<Vec<(Key, Arc<Pixmap>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    /// A few views' layers (8 MB each at 1080p), not more.
    const KEPT_BYTES: usize = 64 << 20;
    let key: Key = (pixels, rasters.iter().map(|r| r.key.clone()).collect());
    let cache = CACHE.get_or_init(Cache::default);
    if let Some((_, layer)) = cache.lock().ok()?.iter().find(|(k, _)| *k == key) {
        return Some(layer.clone());
    }
    let mut layer = Pixmap::new(pixels.0, pixels.1)?;
    for raster in rasters {
        let paint = PixmapPaint {
            quality: tiny_skia::FilterQuality::Bilinear,
            opacity: raster.opacity,
            ..PixmapPaint::default()
        };
        if !crate::stretch::stretch(&mut layer, &raster.image, raster.transform, raster.opacity) {
            let image = Pixmap::as_ref(&raster.image);
            layer.draw_pixmap(0, 0, image, &paint, raster.transform, None);
        }
    }
    let layer = Arc::new(layer);
    let mut cache = cache.lock().ok()?;
    cache.push((key, layer.clone()));
    // The oldest go first; a layer larger than the whole allowance is not kept.
    while cache.iter().map(|(_, l)| l.data().len()).sum::<usize>() > KEPT_BYTES {
        cache.remove(0);
    }
    Some(layer)
}

/// The pixmap as straight (not premultiplied) RGBA bytes, for encoders.
pub fn straight_rgba(pixmap: &Pixmap) -> Vec<u8> {
    let mut out = Vec::with_capacity(pixmap.data().len());
    for px in pixmap.pixels() {
        let c = px.demultiply();
        out.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    out
}
