//! Paints a [`Scene`] with egui: the window's half of "one scene, two outputs".

use egui::epaint::{Mesh, PathShape, PathStroke, Vertex};
use egui::{
    Align2, Color32, FontId, Painter, Pos2, Shape as EguiShape, Stroke, TextureHandle, vec2,
};

use karabakh_scene::style::{Marker, Outline, Ring, dash_pattern};
use karabakh_scene::{Label, LabelStyle, MeshShape, RasterShape, Scene, Shape};

/// How a feature is emphasised.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Emphasis {
    Selected,
    Hovered,
}

/// Draws the outline of a feature's items again in a highlight colour, over the scene.
pub fn paint_emphasis(
    painter: &Painter,
    scene: &Scene,
    feature: usize,
    emphasis: Emphasis,
    color: Color32,
    placing: karabakh_scene::Placing,
) {
    let extra = if emphasis == Emphasis::Selected {
        5.0
    } else {
        3.0
    };
    for shape in karabakh_scene::emphasis_shapes(scene, feature, extra, color) {
        paint_shape(painter, &placing.apply_shape(&shape), &[]);
    }
}

/// How finely label halos are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Halo {
    /// Eight copies of the text around it.
    Full,
    /// Four, the diagonals, while the map moves: without a GPU the halos are a fifth of a
    /// frame's time, and in motion nobody sees the difference. The frame after the map stops
    /// has them full again.
    Moving,
}

pub fn paint_labels(painter: &Painter, labels: &[Label], halo: Halo) {
    for label in labels {
        if let Some(leader) = label.leader {
            // The label's halo under its colour, as the text has.
            painter.line_segment(leader, Stroke::new(3.0, label.halo));
            painter.line_segment(leader, Stroke::new(1.2, label.color));
        }
        match label.style {
            LabelStyle::Badge => {
                paint_badge(painter, label.rect, &label.text, label.color, label.halo);
                continue;
            }
            LabelStyle::Key => {
                paint_key(painter, label);
                continue;
            }
            _ => {}
        }
        if let Some(dot) = label.dot {
            painter.circle(
                dot,
                2.6,
                Color32::from_rgb(0x55, 0x55, 0x5c),
                Stroke::new(1.2, Color32::WHITE),
            );
        }
        let font = FontId::proportional(label.size);
        let at = label.rect.center();
        let halo_width = if label.style == LabelStyle::Country {
            1.5
        } else {
            2.0
        };
        const AROUND: [(f32, f32); 8] = [
            (-1.0, -1.0),
            (1.0, 1.0),
            (1.0, -1.0),
            (-1.0, 1.0),
            (0.0, -1.0),
            (-1.0, 0.0),
            (1.0, 0.0),
            (0.0, 1.0),
        ];
        let copies = match halo {
            Halo::Full => &AROUND[..],
            Halo::Moving => &AROUND[..4],
        };
        for &(dx, dy) in copies {
            painter.text(
                at + vec2(dx, dy) * halo_width,
                Align2::CENTER_CENTER,
                &label.text,
                font.clone(),
                label.halo,
            );
        }
        painter.text(at, Align2::CENTER_CENTER, &label.text, font, label.color);
    }
}

/// A numbered badge: a disc (a rounded box for two digits) of `color`, the number in `ink`.
fn paint_badge(painter: &Painter, rect: egui::Rect, number: &str, color: Color32, ink: Color32) {
    let ink = ink.to_opaque();
    painter.rect(
        rect,
        rect.height() / 2.0,
        color,
        Stroke::new(1.0, ink),
        egui::StrokeKind::Outside,
    );
    painter.text(
        rect.center(),
        Align2::CENTER_CENTER,
        number,
        FontId::proportional(rect.height() * 0.75),
        ink,
    );
}

/// The key of numbered events: a box of the halo's colour, a badge and a name a line.
fn paint_key(painter: &Painter, label: &Label) {
    painter.rect(
        label.rect,
        4.0,
        label.halo.to_opaque().gamma_multiply(0.94),
        Stroke::new(1.0, label.color.gamma_multiply(0.6)),
        egui::StrokeKind::Inside,
    );
    for row in karabakh_scene::labels::key_rows(label) {
        paint_badge(painter, row.badge, &row.number, row.color, label.halo);
        painter.text(
            row.text_rect.left_center(),
            Align2::LEFT_CENTER,
            &row.text,
            FontId::proportional(label.size),
            row.color,
        );
    }
}

/// The points of a polyline, with the first repeated at the end when it is a closed ring.
fn path_points(points: &[Pos2], closed: bool) -> Vec<Pos2> {
    let mut path = points.to_vec();
    if closed && let Some(&first) = points.first() {
        path.push(first);
    }
    path
}

/// Paints one of the scene's shapes with egui (rasters from `textures`, skipped without).
pub fn paint_shape(painter: &Painter, shape: &Shape, textures: &[TextureHandle]) {
    match shape {
        Shape::Mesh(mesh) => paint_fill(painter, mesh),
        Shape::Raster(raster) => {
            if let Some(texture) = textures.get(raster.raster) {
                paint_raster(painter, raster, texture);
            }
        }
        Shape::Line {
            points,
            width,
            color,
            dashed,
            closed,
        } => paint_line(
            painter,
            points,
            Stroke::new(*width, *color),
            *dashed,
            *closed,
        ),
        Shape::Marker { .. } => {
            if let Some(marker) = shape.marker() {
                paint_marker(painter, &marker);
            }
        }
    }
}

fn paint_fill(painter: &Painter, mesh: &MeshShape) {
    let vertices = mesh
        .vertices
        .iter()
        .map(|&pos| Vertex {
            pos,
            uv: egui::epaint::WHITE_UV,
            color: mesh.color,
        })
        .collect();
    painter.add(EguiShape::mesh(Mesh {
        vertices,
        indices: mesh.indices.clone(),
        ..Mesh::default()
    }));
}

fn paint_raster(painter: &Painter, raster: &RasterShape, texture: &TextureHandle) {
    let mut mesh = Mesh::with_texture(texture.id());
    let color = Color32::WHITE.gamma_multiply(raster.opacity);
    mesh.vertices = raster
        .vertices
        .iter()
        .map(|&(pos, [u, v])| Vertex {
            pos,
            uv: egui::pos2(u, v),
            color,
        })
        .collect();
    mesh.indices = raster.indices.clone();
    painter.add(EguiShape::mesh(mesh));
}

fn paint_line(painter: &Painter, points: &[Pos2], stroke: Stroke, dashed: bool, closed: bool) {
    if dashed {
        let (dash, gap) = dash_pattern(stroke.width);
        painter.extend(EguiShape::dashed_line(
            &path_points(points, closed),
            stroke,
            dash,
            gap,
        ));
    } else {
        // Rings too are drawn as open lines back to their start: egui's closed paths
        // miter every corner, a spike (or NaN) where a ring turns back on itself.
        painter.add(PathShape::line(
            path_points(points, closed),
            PathStroke::from(stroke),
        ));
    }
}

/// Paints a marker as the scene's style defines it: the dashed ring of an approximate place,
/// then the symbol filled and outlined.
pub fn paint_marker(painter: &Painter, marker: &Marker) {
    if let Some(ring) = marker.approximate_ring() {
        paint_ring(painter, &ring);
    }
    let stroke = Stroke::new(marker.width, marker.stroke);
    match marker.outline() {
        Outline::Circle { center, radius } => {
            painter.circle(center, radius, marker.fill, stroke);
        }
        Outline::Square { rect, corner } => {
            painter.rect(rect, corner, marker.fill, stroke, egui::StrokeKind::Middle);
        }
        Outline::Polygon(points) => {
            painter.add(PathShape::convex_polygon(points, marker.fill, stroke));
        }
    }
}

/// A ring around a marker, dashed or whole.
pub fn paint_ring(painter: &Painter, ring: &Ring) {
    let mut points = ring.points(48);
    if let Some(&first) = points.first() {
        points.push(first);
    }
    let stroke = Stroke::new(ring.width, ring.color);
    match ring.dash {
        Some((dash, gap)) => painter.extend(EguiShape::dashed_line(&points, stroke, dash, gap)),
        None => {
            painter.add(PathShape::line(points, PathStroke::from(stroke)));
        }
    }
}

/// Paints a slide's furniture (boxes, legend, scale bar, texts) over the map.
pub fn paint_slide(painter: &Painter, slide: &karabakh_scene::slide::Slide) {
    for shape in &slide.shapes {
        paint_shape(painter, shape, &[]);
    }
    for text in &slide.texts {
        painter.text(
            text.pos,
            Align2::LEFT_TOP,
            &text.text,
            FontId::proportional(text.size),
            text.color,
        );
    }
}
