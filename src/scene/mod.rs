//! The scene: what is visible on a day in a view, as styled primitives in screen space.
//!
//! One function, [`build`], decides what is drawn and how; the window paints its result with
//! egui and the exporter writes the same result as SVG, so a slide looks like the screen.
//! Geometry is projected and triangulated once ([`Prepared`]); a scene only transforms it.

pub mod prepare;
pub mod style;
pub mod view;

use std::collections::BTreeSet;

use egui::{Color32, Pos2, Rect, pos2, vec2};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use crate::data::{Dataset, Kind};
use crate::time::Day;
pub use prepare::{Part, Prepared};
use style::{FeatureStyle, LIGHT, Palette, Symbol, feature_style};
pub use view::{View, World};

/// What decides the scene besides the data: any change rebuilds it, nothing else does.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneInputs {
    pub view: View,
    /// The day shown; `None` shows every date at once.
    pub day: Option<Day>,
    /// Layer ids switched off in the legend.
    pub hidden_layers: BTreeSet<String>,
    /// Whether the offline basemap (land, water, relief, places) is drawn.
    pub basemap: bool,
    pub relief: bool,
    /// How disputed names read on the map.
    pub names: crate::data::NameStyle,
    /// The dark theme's basemap and labels (exports are always light).
    pub dark: bool,
}

impl SceneInputs {
    pub fn new(view: View) -> Self {
        SceneInputs {
            view,
            day: None,
            hidden_layers: BTreeSet::new(),
            basemap: true,
            relief: true,
            names: crate::data::NameStyle::default(),
            dark: false,
        }
    }
}

/// A drawable thing, in screen pixels.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Filled triangles.
    Mesh {
        vertices: Vec<Pos2>,
        indices: Vec<u32>,
        color: Color32,
        /// The outer and inner rings the triangles fill, for writers that fill paths (SVG).
        rings: Vec<Vec<Pos2>>,
    },
    /// A polyline (closed for polygon outlines).
    Line {
        points: Vec<Pos2>,
        width: f32,
        color: Color32,
        dashed: bool,
        closed: bool,
    },
    Marker {
        center: Pos2,
        symbol: Symbol,
        radius: f32,
        fill: Color32,
        stroke: Color32,
        width: f32,
        approximate: bool,
    },
    /// A georeferenced image (`raster` indexes [`Prepared::rasters`]) on a triangle mesh.
    Raster {
        raster: usize,
        vertices: Vec<(Pos2, [f32; 2])>,
        indices: Vec<u32>,
    },
}

/// A shape and the dossier feature it draws (index into `Dataset::features`), if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub feature: Option<usize>,
    pub shape: Shape,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelStyle {
    /// Dossier places: dark, bold enough to read from the back of a room.
    Major,
    /// Basemap places.
    Minor,
    /// Country names, spaced capitals.
    Country,
}

/// A placed label: `rect` is where its text goes; labels never overlap.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub text: String,
    pub rect: Rect,
    pub size: f32,
    pub color: Color32,
    pub halo: Color32,
    pub style: LabelStyle,
    pub feature: Option<usize>,
    /// The place's dot, for basemap places that have no marker of their own.
    pub dot: Option<Pos2>,
}

/// Everything to draw, in order, plus an index for hit-testing.
#[derive(Clone, Debug)]
pub struct Scene {
    pub inputs: SceneInputs,
    pub background: Color32,
    pub items: Vec<Item>,
    /// How many of the first items are basemap (raster tiles go between them and the rest).
    pub basemap_items: usize,
    pub labels: Vec<Label>,
    /// Dataset indices of the features drawn.
    pub visible: BTreeSet<usize>,
    index: RTree<GeomWithData<Rectangle<[f32; 2]>, usize>>,
}

/// Shapes that outline a feature's items in `color`, `extra` pixels wider: the highlight of a
/// selection, the same in the window and in exports.
pub fn emphasis_shapes(scene: &Scene, feature: usize, extra: f32, color: Color32) -> Vec<Shape> {
    scene
        .items_of(feature)
        .filter_map(|item| match &item.shape {
            Shape::Line {
                points,
                width,
                closed,
                ..
            } => Some(Shape::Line {
                points: points.clone(),
                width: width + extra,
                color: color.gamma_multiply(0.8),
                dashed: false,
                closed: *closed,
            }),
            Shape::Marker { center, radius, .. } => {
                let ring: Vec<Pos2> = (0..=40)
                    .map(|i| {
                        *center
                            + egui::Vec2::angled(i as f32 / 40.0 * std::f32::consts::TAU)
                                * (radius + 4.0)
                    })
                    .collect();
                Some(Shape::Line {
                    points: ring,
                    width: extra,
                    color,
                    dashed: false,
                    closed: true,
                })
            }
            Shape::Mesh { .. } | Shape::Raster { .. } => None,
        })
        .collect()
}

/// How far from a line or point a click still counts, in pixels.
pub const HIT_TOLERANCE: f32 = 5.0;

impl Scene {
    /// The topmost feature at `pos`: exact for polygons (inside), within a few pixels for
    /// lines and points.
    pub fn hit(&self, pos: Pos2) -> Option<usize> {
        let probe = AABB::from_point([pos.x, pos.y]);
        let mut candidates: Vec<usize> = self
            .index
            .locate_in_envelope_intersecting(&probe)
            .map(|g| g.data)
            .collect();
        candidates.sort_unstable_by(|a, b| b.cmp(a));
        candidates.into_iter().find_map(|i| {
            let item = self.items.get(i)?;
            let feature = item.feature?;
            shape_contains(&item.shape, pos).then_some(feature)
        })
    }

    /// The items that draw a feature (for highlighting it).
    pub fn items_of(&self, feature: usize) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(move |i| i.feature == Some(feature))
    }

    /// How many vertices the scene draws (for benchmarks and bounds).
    pub fn vertex_count(&self) -> usize {
        self.items
            .iter()
            .map(|i| match &i.shape {
                Shape::Mesh { vertices, .. } => vertices.len(),
                Shape::Line { points, .. } => points.len(),
                Shape::Marker { .. } => 1,
                Shape::Raster { vertices, .. } => vertices.len(),
            })
            .sum()
    }
}

fn shape_bounds(shape: &Shape) -> Option<Rect> {
    let grow = HIT_TOLERANCE;
    match shape {
        Shape::Mesh { vertices, .. } => Some(Rect::from_points(vertices)),
        Shape::Line { points, width, .. } => {
            Some(Rect::from_points(points).expand(width / 2.0 + grow))
        }
        Shape::Marker { center, radius, .. } => Some(Rect::from_center_size(
            *center,
            vec2(2.0, 2.0) * (radius + grow),
        )),
        Shape::Raster { .. } => None,
    }
}

fn shape_contains(shape: &Shape, p: Pos2) -> bool {
    match shape {
        Shape::Mesh {
            vertices, indices, ..
        } => indices.chunks_exact(3).any(|t| {
            let v = |i: u32| vertices.get(i as usize).copied().unwrap_or(Pos2::ZERO);
            in_triangle(p, v(t[0]), v(t[1]), v(t[2]))
        }),
        Shape::Line {
            points,
            width,
            closed,
            ..
        } => {
            let reach = width / 2.0 + HIT_TOLERANCE;
            let closing = closed.then(|| (points.last().copied(), points.first().copied()));
            points
                .windows(2)
                .map(|w| (Some(w[0]), Some(w[1])))
                .chain(closing)
                .any(|seg| match seg {
                    (Some(a), Some(b)) => segment_distance(p, a, b) <= reach,
                    _ => false,
                })
        }
        Shape::Marker { center, radius, .. } => center.distance(p) <= radius + HIT_TOLERANCE,
        Shape::Raster { .. } => false,
    }
}

fn in_triangle(p: Pos2, a: Pos2, b: Pos2, c: Pos2) -> bool {
    let cross = |o: Pos2, u: Pos2, v: Pos2| (u.x - o.x) * (v.y - o.y) - (u.y - o.y) * (v.x - o.x);
    let (d1, d2, d3) = (cross(p, a, b), cross(p, b, c), cross(p, c, a));
    let negative = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let positive = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(negative && positive)
}

/// Distance from `p` to the segment `a`–`b`.
pub fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(a + ab * t)
}

/// Days an event stays on the map after it ends, fading out.
pub const EVENT_FADE_DAYS: i32 = 10;

/// Whether a feature is on the map on `day` (None: every day), and how opaque: events stay a
/// while after their day, fading, so that stepping day by day does not make them blink away.
pub fn presence(feature: &crate::data::Feature, day: Option<Day>) -> Option<f32> {
    let Some(day) = day else { return Some(1.0) };
    if feature.visible_on(day) {
        return Some(1.0);
    }
    let last = feature.validity.last_day()?;
    let after = day.0 - last.0;
    (feature.kind == Kind::Event && (1..=EVENT_FADE_DAYS).contains(&after))
        .then(|| 1.0 - after as f32 / (EVENT_FADE_DAYS + 1) as f32)
}

/// The order in which kinds are drawn, bottom first.
fn draw_rank(kind: Kind) -> u8 {
    // Events go under the places they happen at: a town or a checkpoint stays readable
    // with the event's ring around it.
    match kind {
        Kind::Country => 0,
        Kind::Lake => 1,
        Kind::Region => 2,
        Kind::River => 3,
        Kind::FrontLine => 4,
        Kind::Road => 5,
        Kind::Event => 6,
        Kind::Town => 7,
        Kind::PeacekeeperPost => 8,
        Kind::PeacekeeperBase => 9,
        Kind::Checkpoint => 10,
        Kind::Area => 2,
        Kind::Line => 5,
        Kind::Place => 7,
    }
}

/// Builds the scene for `inputs` from prepared geometry.
pub fn build(dataset: &Dataset, prepared: &Prepared, inputs: &SceneInputs) -> Scene {
    let view = &inputs.view;
    let palette = if inputs.dark { style::DARK } else { LIGHT };
    let mut out = Builder {
        view,
        items: Vec::new(),
        cull: cull_box(view),
    };
    if inputs.basemap {
        basemap_items(prepared, &palette, inputs.relief, &mut out);
    }
    let basemap_count = out.items.len();

    let (cull_min, cull_max) = out.cull;
    let mut order: Vec<usize> = prepared
        .features_in(cull_min, cull_max)
        .filter(|&i| {
            dataset.features.get(i).is_some_and(|f| {
                !inputs.hidden_layers.contains(&f.layer) && presence(f, inputs.day).is_some()
            })
        })
        .collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (&dataset.features[a], &dataset.features[b]);
        draw_rank(fa.kind)
            .cmp(&draw_rank(fb.kind))
            // Larger areas below smaller ones, so the smaller stays clickable.
            .then(
                prepared.features[b]
                    .area
                    .total_cmp(&prepared.features[a].area),
            )
            .then(a.cmp(&b))
    });

    let mut visible = BTreeSet::new();
    for &i in &order {
        let (feature, geometry) = (&dataset.features[i], &prepared.features[i]);
        visible.insert(i);
        let mut style = feature_style(feature);
        let opacity = presence(feature, inputs.day).unwrap_or(1.0);
        if opacity < 1.0 {
            style.fill = style.fill.gamma_multiply(opacity);
            style.stroke = style.stroke.gamma_multiply(opacity);
        }
        let dashed = feature.accuracy.is_approximate();
        out.feature_items(i, geometry, &style, dashed);
    }

    let labels = labels::place(dataset, prepared, inputs, &visible, &palette);
    let index = RTree::bulk_load(
        out.items
            .iter()
            .enumerate()
            .filter(|(_, item)| item.feature.is_some())
            .filter_map(|(n, item)| {
                let r = shape_bounds(&item.shape)?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min.x, r.min.y], [r.max.x, r.max.y]),
                    n,
                ))
            })
            .collect(),
    );
    Scene {
        inputs: inputs.clone(),
        background: palette.sea,
        items: out.items,
        basemap_items: basemap_count,
        labels,
        visible,
        index,
    }
}

/// The world box on screen, grown so that strokes and markers at the edge are kept.
fn cull_box(view: &View) -> (World, World) {
    let (a, b) = view.world_bounds();
    let margin = 40.0 / view.world_pixels();
    (
        World {
            x: a.x - margin,
            y: a.y - margin,
        },
        World {
            x: b.x + margin,
            y: b.y + margin,
        },
    )
}

struct Builder<'a> {
    view: &'a View,
    items: Vec<Item>,
    cull: (World, World),
}

impl Builder<'_> {
    fn screen(&self, w: World) -> Pos2 {
        let [x, y] = self.view.screen_from_world(w);
        pos2(x, y)
    }

    /// Screen points of a line, dropping points closer than half a pixel to the last kept one:
    /// the number drawn follows the screen, not the file.
    fn screen_line(&self, line: &[World]) -> Vec<Pos2> {
        let mut points: Vec<Pos2> = Vec::with_capacity(line.len());
        for (n, &w) in line.iter().enumerate() {
            let p = self.screen(w);
            let last = n + 1 == line.len();
            if points.last().is_none_or(|q| q.distance(p) >= 0.5) || last {
                points.push(p);
            }
        }
        points
    }

    fn push(&mut self, feature: Option<usize>, shape: Shape) {
        self.items.push(Item { feature, shape });
    }

    fn fill(&mut self, feature: Option<usize>, part: &Part, color: Color32) {
        if let Part::Fill {
            vertices,
            indices,
            rings,
        } = part
        {
            if color.a() == 0 {
                return;
            }
            let vertices = vertices.iter().map(|&w| self.screen(w)).collect();
            let rings = rings.iter().map(|r| self.screen_line(r)).collect();
            self.push(
                feature,
                Shape::Mesh {
                    vertices,
                    indices: indices.clone(),
                    color,
                    rings,
                },
            );
        }
    }

    fn stroke(
        &mut self,
        feature: Option<usize>,
        line: &[World],
        width: f32,
        color: Color32,
        dashed: bool,
        closed: bool,
    ) {
        let points = self.screen_line(line);
        if points.len() >= 2 {
            self.push(
                feature,
                Shape::Line {
                    points,
                    width,
                    color,
                    dashed,
                    closed,
                },
            );
        }
    }

    fn feature_items(
        &mut self,
        index: usize,
        geometry: &prepare::PreparedFeature,
        style: &FeatureStyle,
        dashed: bool,
    ) {
        let feature = Some(index);
        for part in geometry.parts_at(self.view.zoom) {
            match part {
                Part::Fill { rings, .. } => {
                    self.fill(feature, part, style.fill);
                    for ring in rings {
                        self.stroke(feature, ring, style.width, style.stroke, dashed, true);
                    }
                }
                Part::Line(line) => {
                    if let Some((color, width)) = style.casing {
                        self.stroke(None, line, width, color, false, false);
                    }
                    self.stroke(feature, line, style.width, style.stroke, dashed, false);
                }
                Part::Point(w) => {
                    let center = self.screen(*w);
                    self.push(
                        feature,
                        Shape::Marker {
                            center,
                            symbol: style.symbol,
                            radius: style.radius,
                            fill: style.fill,
                            stroke: style.stroke,
                            width: style.width,
                            approximate: dashed,
                        },
                    );
                }
            }
        }
    }
}

fn basemap_items(prepared: &Prepared, palette: &Palette, relief: bool, out: &mut Builder<'_>) {
    let base = &prepared.basemap;
    for (name, parts) in &base.countries {
        let color = if name == "Armenia" || name == "Azerbaijan" {
            palette.land_focus
        } else {
            palette.land
        };
        for part in parts {
            out.fill(None, part, color);
        }
    }
    if relief {
        for (raster, mesh) in prepared.raster_meshes.iter().enumerate() {
            let vertices = mesh
                .vertices
                .iter()
                .map(|(w, uv)| (out.screen(*w), *uv))
                .collect();
            out.push(
                None,
                Shape::Raster {
                    raster,
                    vertices,
                    indices: mesh.indices.clone(),
                },
            );
        }
    }
    for parts in &base.lakes {
        for part in parts {
            out.fill(None, part, palette.water);
        }
    }
    for (level, line) in &base.rivers {
        let width = if *level <= 2 { 2.0 } else { 1.5 };
        out.stroke(None, line, width, palette.water_line, false, false);
    }
    for line in &base.provinces {
        out.stroke(None, line, 1.5, palette.province, true, false);
    }
    for line in &base.borders {
        out.stroke(None, line, 2.0, palette.border, false, false);
    }
}

mod labels;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangle_and_segment_tests() {
        let (a, b, c) = (pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(0.0, 10.0));
        assert!(in_triangle(pos2(2.0, 2.0), a, b, c));
        assert!(!in_triangle(pos2(8.0, 8.0), a, b, c));
        assert_eq!(segment_distance(pos2(5.0, 3.0), a, b), 3.0);
        assert_eq!(segment_distance(pos2(-4.0, 3.0), a, b), 5.0);
    }
}

#[cfg(test)]
mod presence_tests {
    use super::*;

    #[test]
    fn events_fade_after_their_last_day() {
        let d = crate::data::load_embedded();
        let offensive = d.feature("event-2023-offensive").expect("offensive");
        let day = |s| Day::parse(s).ok();
        assert_eq!(presence(offensive, day("2023-09-19")), Some(1.0));
        let fading = presence(offensive, day("2023-09-25")).expect("still shown");
        assert!(fading > 0.0 && fading < 1.0);
        assert_eq!(presence(offensive, day("2023-10-19")), None);
        assert_eq!(presence(offensive, day("2023-09-18")), None);
        // Other kinds end on their last day.
        let road = d.feature("lachin-corridor-old-road").expect("road");
        assert_eq!(presence(road, day("2022-08-27")), None);
    }
}
