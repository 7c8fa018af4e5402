//! The scene as triangles, made once when a scene is built and then only moved while the view
//! pans: lines through egui's own tessellator (so they look as egui draws them), fills as they
//! are, and each marker as one textured square showing its symbol drawn beforehand (a sprite),
//! two triangles where a stroked circle takes a hundred: a layer of fifty thousand points stays
//! cheap to draw.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use egui::epaint::tessellator::Path;
use egui::epaint::{Mesh, PathStroke, Vertex, WHITE_UV};
use egui::{Color32, ColorImage, Pos2, Rect, Stroke, TextureId, Vec2, pos2, vec2};

use karabakh_scene::style::{Marker, Outline, Ring, Symbol, dash_pattern};
use karabakh_scene::{Item, MeshShape, Placing, RasterShape, Scene, Shape};

/// Texture ids the meshes use for the basemap's rasters: `User(RASTERS + index)`.
pub const RASTERS: u64 = 1 << 40;
/// Texture ids of marker sprites: `User(SPRITES + index)`.
pub const SPRITES: u64 = 1 << 41;

/// A scene's triangles, in points relative to the top-left corner of what the scene covers.
#[derive(Debug, Default)]
pub struct SceneMeshes {
    /// Where the meshes' (0, 0) is in the scene's coordinates.
    pub origin: Pos2,
    /// The size of what the scene covers, in points.
    pub size: Vec2,
    pub pixels_per_point: f32,
    /// Under raster tiles.
    pub basemap: Vec<Mesh>,
    /// Over them.
    pub features: Vec<Mesh>,
}

impl SceneMeshes {
    /// The same frame without its triangles: what stays once the GPU holds the picture.
    pub fn without_triangles(&self) -> SceneMeshes {
        SceneMeshes {
            origin: self.origin,
            size: self.size,
            pixels_per_point: self.pixels_per_point,
            basemap: Vec::new(),
            features: Vec::new(),
        }
    }

    pub fn vertex_count(&self) -> usize {
        self.basemap
            .iter()
            .chain(&self.features)
            .map(|m| m.vertices.len())
            .sum()
    }

    pub fn triangle_count(&self) -> usize {
        self.basemap
            .iter()
            .chain(&self.features)
            .map(|m| m.indices.len() / 3)
            .sum()
    }
}

/// What a marker looks like, at a pixel density: the key of its sprite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct SpriteKey {
    symbol: Symbol,
    radius: u32,
    fill: Color32,
    stroke: Color32,
    width: u32,
    approximate: bool,
    pixels_per_point: u32,
}

/// A marker's symbol drawn into an image.
#[derive(Clone, Debug)]
pub struct Sprite {
    pub image: Arc<ColorImage>,
    /// Half the image's side, in points: the square drawn around the marker's centre.
    pub half: f32,
}

/// Every sprite drawn so far, shared by whoever tessellates and whoever uploads textures.
#[derive(Debug, Default)]
pub struct Sprites {
    keys: HashMap<SpriteKey, usize>,
    pub list: Vec<Sprite>,
}

pub type SharedSprites = Arc<Mutex<Sprites>>;

impl Sprites {
    fn get(&mut self, key: SpriteKey) -> (usize, f32) {
        if let Some(&index) = self.keys.get(&key) {
            return (index, self.list[index].half);
        }
        let sprite = draw_sprite(&key);
        let half = sprite.half;
        self.list.push(sprite);
        let index = self.list.len() - 1;
        self.keys.insert(key, index);
        (index, half)
    }
}

fn skia_color(c: Color32) -> resvg::tiny_skia::Color {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    resvg::tiny_skia::Color::from_rgba8(r, g, b, a)
}

impl SpriteKey {
    /// The marker the sprite shows, centred on (0, 0).
    fn marker(&self) -> Marker {
        Marker {
            center: Pos2::ZERO,
            symbol: self.symbol,
            radius: f32::from_bits(self.radius),
            fill: self.fill,
            stroke: self.stroke,
            width: f32::from_bits(self.width),
            approximate: self.approximate,
        }
    }
}

/// Draws a marker as `paint_marker` does, with anti-aliasing, into a premultiplied image.
fn draw_sprite(key: &SpriteKey) -> Sprite {
    use resvg::tiny_skia::{Pixmap, Transform};
    let ppp = f32::from_bits(key.pixels_per_point);
    let marker = key.marker();
    // A pixel and a half more for anti-aliasing.
    let reach = marker.reach() + 1.5;
    let side = ((reach * 2.0 * ppp).ceil() as u32).clamp(2, 512);
    let half = side as f32 / 2.0 / ppp;
    let Some(mut pixmap) = Pixmap::new(side, side) else {
        return Sprite {
            image: Arc::new(ColorImage::new([1, 1], vec![Color32::TRANSPARENT])),
            half,
        };
    };
    // Points relative to the centre, scaled to pixels.
    let transform = Transform::from_row(ppp, 0.0, 0.0, ppp, side as f32 / 2.0, side as f32 / 2.0);
    if let Some(ring) = marker.approximate_ring() {
        stroke_ring(&mut pixmap, &ring, transform);
    }
    if let Some(outline) = sprite_outline(&marker.outline()) {
        pixmap.fill_path(
            &outline,
            &skia_paint(marker.fill),
            resvg::tiny_skia::FillRule::Winding,
            transform,
            None,
        );
        if marker.width > 0.0 {
            let stroke = resvg::tiny_skia::Stroke {
                width: marker.width,
                ..Default::default()
            };
            let paint = skia_paint(marker.stroke);
            pixmap.stroke_path(&outline, &paint, &stroke, transform, None);
        }
    }
    let image = ColorImage::from_rgba_premultiplied([side as usize, side as usize], pixmap.data());
    Sprite {
        image: Arc::new(image),
        half,
    }
}

fn skia_paint(c: Color32) -> resvg::tiny_skia::Paint<'static> {
    let mut paint = resvg::tiny_skia::Paint::default();
    paint.set_color(skia_color(c));
    paint.anti_alias = true;
    paint
}

/// A marker's outline as a path (a square's corners left sharp: at a sprite's size the
/// rounding is under a pixel).
fn sprite_outline(outline: &Outline) -> Option<resvg::tiny_skia::Path> {
    use resvg::tiny_skia::PathBuilder;
    match outline {
        Outline::Circle { center, radius } => PathBuilder::from_circle(center.x, center.y, *radius),
        Outline::Square { rect, .. } => {
            resvg::tiny_skia::Rect::from_ltrb(rect.min.x, rect.min.y, rect.max.x, rect.max.y)
                .map(PathBuilder::from_rect)
        }
        Outline::Polygon(points) => {
            let mut builder = PathBuilder::new();
            for (n, p) in points.iter().enumerate() {
                if n == 0 {
                    builder.move_to(p.x, p.y);
                } else {
                    builder.line_to(p.x, p.y);
                }
            }
            builder.close();
            builder.finish()
        }
    }
}

/// A ring around a marker (the dashed one of an approximate place).
fn stroke_ring(
    pixmap: &mut resvg::tiny_skia::Pixmap,
    ring: &Ring,
    transform: resvg::tiny_skia::Transform,
) {
    use resvg::tiny_skia::{PathBuilder, Stroke as SkStroke, StrokeDash};
    let Some(path) = PathBuilder::from_circle(ring.center.x, ring.center.y, ring.radius) else {
        return;
    };
    let stroke = SkStroke {
        width: ring.width,
        dash: ring
            .dash
            .and_then(|(dash, gap)| StrokeDash::new(vec![dash, gap], 0.0)),
        ..SkStroke::default()
    };
    pixmap.stroke_path(&path, &skia_paint(ring.color), &stroke, transform, None);
}

/// Builds meshes texture by texture, in drawing order.
struct Meshes {
    done: Vec<Mesh>,
    current: Mesh,
}

impl Meshes {
    fn new() -> Self {
        Meshes {
            done: Vec::new(),
            current: Mesh::default(),
        }
    }

    /// The mesh to add to, drawing with `texture`.
    fn with(&mut self, texture: TextureId) -> &mut Mesh {
        if self.current.texture_id != texture {
            let finished = std::mem::replace(&mut self.current, Mesh::with_texture(texture));
            if !finished.is_empty() {
                self.done.push(finished);
            }
        }
        &mut self.current
    }

    fn finish(mut self) -> Vec<Mesh> {
        if !self.current.is_empty() {
            self.done.push(self.current);
        }
        // Kept as long as the scene is shown: without the room grown for more.
        for mesh in &mut self.done {
            mesh.vertices.shrink_to_fit();
            mesh.indices.shrink_to_fit();
        }
        self.done
    }
}

/// The scene's items as triangles for `pixels_per_point`, relative to `scene.extent.min`.
pub fn tessellate(scene: &Scene, pixels_per_point: f32, sprites: &SharedSprites) -> SceneMeshes {
    let origin = scene.extent.min;
    let split = scene.basemap_items.min(scene.items.len());
    let (basemap, features) = scene.items.split_at(split);
    let mut tessellator = Tessellator {
        origin,
        pixels_per_point,
        feathering: 1.0 / pixels_per_point,
        path: Path::default(),
        points: Vec::new(),
    };
    let mut sprites = sprites
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut run = |items: &[Item]| {
        let mut meshes = Meshes::new();
        for item in items {
            tessellator.item(&item.shape, &mut meshes, &mut sprites);
        }
        meshes.finish()
    };
    SceneMeshes {
        origin,
        size: scene.extent.size(),
        pixels_per_point,
        basemap: run(basemap),
        features: run(features),
    }
}

struct Tessellator {
    origin: Pos2,
    pixels_per_point: f32,
    feathering: f32,
    path: Path,
    points: Vec<Pos2>,
}

impl Tessellator {
    fn local(&self, p: Pos2) -> Pos2 {
        pos2(p.x - self.origin.x, p.y - self.origin.y)
    }

    fn item(&mut self, shape: &Shape, meshes: &mut Meshes, sprites: &mut Sprites) {
        match shape {
            Shape::Mesh(mesh) => self.fill(mesh, meshes),
            Shape::Raster(raster) => self.raster(raster, meshes),
            Shape::Line {
                points,
                width,
                color,
                dashed,
                closed,
            } => self.line(
                points,
                Stroke::new(*width, *color),
                *dashed,
                *closed,
                meshes,
            ),
            Shape::Marker {
                center,
                symbol,
                radius,
                fill,
                stroke,
                width,
                approximate,
            } => {
                let key = SpriteKey {
                    symbol: *symbol,
                    radius: radius.to_bits(),
                    fill: *fill,
                    stroke: *stroke,
                    width: width.to_bits(),
                    approximate: *approximate,
                    pixels_per_point: self.pixels_per_point.to_bits(),
                };
                self.marker(*center, key, meshes, sprites);
            }
        }
    }

    fn fill(&mut self, mesh: &MeshShape, meshes: &mut Meshes) {
        let out = meshes.with(TextureId::default());
        let base = out.vertices.len() as u32;
        out.vertices.extend(mesh.vertices.iter().map(|&p| Vertex {
            pos: self.local(p),
            uv: WHITE_UV,
            color: mesh.color,
        }));
        out.indices.extend(mesh.indices.iter().map(|&i| base + i));
    }

    fn raster(&mut self, raster: &RasterShape, meshes: &mut Meshes) {
        let out = meshes.with(TextureId::User(RASTERS + raster.raster as u64));
        let base = out.vertices.len() as u32;
        let color = Color32::WHITE.gamma_multiply(raster.opacity);
        out.vertices
            .extend(raster.vertices.iter().map(|&(p, [u, v])| Vertex {
                pos: self.local(p),
                uv: pos2(u, v),
                color,
            }));
        out.indices.extend(raster.indices.iter().map(|&i| base + i));
    }

    fn line(
        &mut self,
        points: &[Pos2],
        stroke: Stroke,
        dashed: bool,
        closed: bool,
        meshes: &mut Meshes,
    ) {
        let out = meshes.with(TextureId::default());
        self.points.clear();
        let origin = self.origin;
        self.points
            .extend(points.iter().map(|&p| pos2(p.x - origin.x, p.y - origin.y)));
        // A ring is stroked as an open line back to its start: egui's closed paths join
        // every corner with a miter, which is a spike (or NaN) where a ring turns back
        // on itself, as real coastlines do; open paths cut sharp corners.
        if closed && let Some(&first) = self.points.first() {
            self.points.push(first);
        }
        let path_stroke = PathStroke::from(stroke);
        if dashed {
            let (dash, gap) = dash_pattern(stroke.width);
            for segment in egui::Shape::dashed_line(&self.points, stroke, dash, gap) {
                if let egui::Shape::LineSegment { points: [a, b], .. } = segment {
                    self.path.clear();
                    self.path.add_open_points(&[a, b]);
                    self.path.stroke_open(self.feathering, &path_stroke, out);
                }
            }
        } else if self.points.len() >= 2 {
            self.path.clear();
            self.path.add_open_points(&self.points);
            self.path.stroke_open(self.feathering, &path_stroke, out);
        }
    }

    /// A marker: a square showing its sprite, on whole pixels so it is not resampled.
    fn marker(&mut self, center: Pos2, key: SpriteKey, meshes: &mut Meshes, sprites: &mut Sprites) {
        let (sprite, half) = sprites.get(key);
        let out = meshes.with(TextureId::User(SPRITES + sprite as u64));
        let ppp = self.pixels_per_point;
        let c = self.local(center);
        let min = pos2(
            ((c.x - half) * ppp).round() / ppp,
            ((c.y - half) * ppp).round() / ppp,
        );
        out.add_rect_with_uv(
            Rect::from_min_size(min, vec2(2.0 * half, 2.0 * half)),
            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            Color32::WHITE,
        );
    }
}

/// Paints meshes with egui, moved by `placing` (the meshes' own origin added first), their
/// textures named by `texture` (None: skip the mesh). Used where there is no GPU picture:
/// without OpenGL, as in the UI tests.
pub fn paint_meshes(
    painter: &egui::Painter,
    meshes: &[Mesh],
    origin: Pos2,
    placing: Placing,
    texture: &dyn Fn(TextureId) -> Option<TextureId>,
) {
    for mesh in meshes {
        let Some(texture_id) = texture(mesh.texture_id) else {
            continue;
        };
        let mut moved = Mesh::with_texture(texture_id);
        moved.indices = mesh.indices.clone();
        moved.vertices = mesh
            .vertices
            .iter()
            .map(|v| Vertex {
                pos: placing.apply(pos2(v.pos.x + origin.x, v.pos.y + origin.y)),
                ..*v
            })
            .collect();
        painter.add(egui::Shape::mesh(moved));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sprite_is_centred_and_filled_in_its_middle() {
        let mut sprites = Sprites::default();
        let key = SpriteKey {
            symbol: Symbol::Circle,
            radius: 6.0f32.to_bits(),
            fill: Color32::from_rgb(200, 0, 0),
            stroke: Color32::WHITE,
            width: 2.0f32.to_bits(),
            approximate: false,
            pixels_per_point: 2.0f32.to_bits(),
        };
        let (index, half) = sprites.get(key);
        assert_eq!(sprites.get(key).0, index, "drawn once");
        let image = &sprites.list[index].image;
        assert_eq!(image.size[0], image.size[1]);
        assert!((half * 2.0 * 2.0 - image.size[0] as f32).abs() < 0.01);
        let at = |x: usize, y: usize| image.pixels[y * image.size[0] + x];
        let middle = image.size[0] / 2;
        assert_eq!(at(middle, middle), Color32::from_rgb(200, 0, 0));
        assert_eq!(at(0, 0), Color32::TRANSPARENT);
        // The white rim lies about a radius out.
        let rim = at(middle + 12, middle);
        assert!(rim.r() > 200 && rim.g() > 150, "{rim:?}");
    }
}
