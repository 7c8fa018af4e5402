//! A scene's items made from prepared geometry: projected to the screen, cut to what can be
//! seen, in each feature's style.

use ecolor::Color32;
use emath::{Pos2, Rect, pos2};

use crate::clip::{clipped, thin};
use crate::hatch::Hatch;
use crate::prepare::{self, Part, Path, Prepared};
use crate::shape::{Item, MeshShape, Shape};
use crate::style::{FeatureStyle, Marker, Palette};
use crate::view::{View, World};

/// Lines are cut this many pixels outside the scene's extent: wide strokes reach past their
/// points.
const CLIP_MARGIN: f32 = 40.0;

pub(crate) struct Builder<'a> {
    view: &'a View,
    /// Pixels per world unit.
    scale: f32,
    pub(crate) items: Vec<Item>,
    /// Lines are cut to this rectangle (the scene's extent and a margin for wide strokes): at a
    /// close zoom a border is millions of pixels long, and only what can be seen is drawn.
    clip: Rect,
    /// What the scene must show complete.
    extent: Rect,
}

impl<'a> Builder<'a> {
    /// A builder of items for `view`, complete over `extent`.
    pub(crate) fn new(view: &'a View, extent: Rect, capacity: usize) -> Builder<'a> {
        Builder {
            view,
            scale: view.world_pixels() as f32,
            items: Vec::with_capacity(capacity),
            clip: extent.expand(CLIP_MARGIN),
            extent,
        }
    }

    fn screen(&self, w: World) -> Pos2 {
        let view = self.view;
        let k = f64::from(self.scale);
        pos2(
            (f64::from(view.origin[0] + view.width / 2.0) + (w.x - view.center.x) * k) as f32,
            (f64::from(view.origin[1] + view.height / 2.0) + (w.y - view.center.y) * k) as f32,
        )
    }

    /// Every point of a path on screen.
    fn all_points(&self, path: &Path) -> Vec<Pos2> {
        let base = self.screen(path.origin);
        let k = self.scale;
        path.coords
            .iter()
            .map(|o| pos2(base.x + o[0] * k, base.y + o[1] * k))
            .collect()
    }

    /// Screen points of a line, dropping points closer than half a pixel to the last kept one:
    /// the number drawn follows the screen, not the file.
    fn line_points(&self, path: &Path) -> Vec<Pos2> {
        let base = self.screen(path.origin);
        let k = self.scale;
        thin(
            path.coords
                .iter()
                .map(|o| pos2(base.x + o[0] * k, base.y + o[1] * k)),
            path.len(),
        )
    }

    fn push(&mut self, feature: Option<usize>, shape: Shape) {
        self.items.push(Item {
            feature: feature.map(|f| f as u32),
            shape,
        });
    }

    /// A polygon's fill and, if `stroke` is given, its rings' outlines over it.
    fn fill(
        &mut self,
        feature: Option<usize>,
        fill: &prepare::Fill,
        color: Color32,
        stroke: Option<(f32, Color32, bool)>,
        hatch: Option<&Hatch>,
    ) {
        let vertices = self.fill_vertices(fill);
        let outlines = match stroke {
            Some(stroke) => self.outlines(fill, &vertices, stroke),
            None => Vec::new(),
        };
        let hatching = hatch.map(|h| (h, self.hatch_segments(fill, &vertices, h)));
        if color.a() > 0 {
            self.push_mesh(feature, fill, vertices, color);
        }
        // The hatching belongs to no feature: a selection outlines the area, not each line.
        if let Some((hatch, segments)) = hatching {
            for [a, b] in segments {
                self.push(
                    None,
                    Shape::Line {
                        points: vec![a, b],
                        width: hatch.width,
                        color: hatch.color,
                        dashed: false,
                        closed: false,
                    },
                );
            }
        }
        for outline in outlines {
            self.push(feature, outline);
        }
    }

    /// The hatching of a fill whose screen points are `vertices`, within the clip, the lines
    /// fixed to the map (through the world's origin) so that they move with it.
    fn hatch_segments(
        &self,
        fill: &prepare::Fill,
        vertices: &[Pos2],
        hatch: &Hatch,
    ) -> Vec<[Pos2; 2]> {
        let mut rings: Vec<&[Pos2]> = Vec::with_capacity(fill.ring_ends.len());
        let mut start = 0usize;
        for &end in &fill.ring_ends {
            let end = (end as usize).min(fill.rings.len());
            rings.push(vertices.get(start..end).unwrap_or(&[]));
            start = end;
        }
        let anchor = self.screen(World { x: 0.0, y: 0.0 });
        hatch.segments(&rings, self.clip, anchor)
    }

    /// A fill's points on screen: its rings', then the triangulation's own.
    fn fill_vertices(&self, fill: &prepare::Fill) -> Vec<Pos2> {
        let mut vertices = self.all_points(&fill.rings);
        let extra = &fill.triangles().extra;
        if !extra.is_empty() {
            let base = self.screen(fill.rings.origin);
            let k = self.scale;
            vertices.extend(
                extra
                    .iter()
                    .map(|o| pos2(base.x + o[0] * k, base.y + o[1] * k)),
            );
        }
        vertices
    }

    /// The rings of a fill (whose screen points are `vertices`) as lines, cut to the view.
    fn outlines(
        &self,
        fill: &prepare::Fill,
        vertices: &[Pos2],
        (width, color, dashed): (f32, Color32, bool),
    ) -> Vec<Shape> {
        let mut start = 0usize;
        let mut outlines = Vec::with_capacity(fill.ring_ends.len());
        for &end in &fill.ring_ends {
            let end = (end as usize).min(fill.rings.len());
            let ring = vertices.get(start..end).unwrap_or(&[]);
            start = end;
            let points = thin(ring.iter().copied(), ring.len());
            for (points, closed) in clipped(points, true, self.clip) {
                outlines.push(Shape::Line {
                    points,
                    width,
                    color,
                    dashed,
                    closed,
                });
            }
        }
        outlines
    }

    fn push_mesh(
        &mut self,
        feature: Option<usize>,
        fill: &prepare::Fill,
        vertices: Vec<Pos2>,
        color: Color32,
    ) {
        self.push(
            feature,
            Shape::Mesh(Box::new(MeshShape {
                vertices,
                indices: fill.triangles().indices.clone(),
                color,
                ring_ends: fill.ring_ends.clone(),
            })),
        );
    }

    fn stroke(
        &mut self,
        feature: Option<usize>,
        line: &Path,
        width: f32,
        color: Color32,
        dashed: bool,
    ) {
        let points = self.line_points(line);
        for (points, _) in clipped(points, false, self.clip) {
            self.push(
                feature,
                Shape::Line {
                    points,
                    width,
                    color,
                    dashed,
                    closed: false,
                },
            );
        }
    }

    pub(crate) fn marker(&mut self, index: usize, at: World, style: &FeatureStyle, dashed: bool) {
        let center = self.screen(at);
        self.push(Some(index), Marker::new(center, style, dashed).into());
    }

    fn line_with_casing(
        &mut self,
        feature: Option<usize>,
        points: Vec<Pos2>,
        style: &FeatureStyle,
        dashed: bool,
    ) {
        if let Some((color, width)) = style.casing {
            self.push(
                None,
                Shape::Line {
                    points: points.clone(),
                    width,
                    color,
                    dashed: false,
                    closed: false,
                },
            );
        }
        self.push(
            feature,
            Shape::Line {
                points,
                width: style.width,
                color: style.stroke,
                dashed,
                closed: false,
            },
        );
    }

    pub(crate) fn feature_items(
        &mut self,
        index: usize,
        geometry: &prepare::PreparedFeature,
        style: &FeatureStyle,
        dashed: bool,
    ) {
        let feature = Some(index);
        for part in geometry.parts_at(self.view.zoom) {
            match part {
                Part::Fill(fill) => {
                    self.fill(
                        feature,
                        fill,
                        style.fill,
                        Some((style.width, style.stroke, dashed)),
                        style.hatch.as_ref(),
                    );
                }
                Part::Line(line) => {
                    for (points, _) in clipped(self.line_points(line), false, self.clip) {
                        self.line_with_casing(feature, points, style, dashed);
                    }
                }
                Part::Point(w) => self.marker(index, *w, style, dashed),
            }
        }
    }

    /// The basemap under the dossier: land, relief, lakes, rivers and borders; of the world's
    /// countries, lakes and borders only those that reach into the scene, simplified for its
    /// zoom.
    pub(crate) fn basemap(&mut self, prepared: &Prepared, palette: &Palette, relief: bool) {
        let base = &prepared.basemap;
        let reach = self.clip;
        let (min, max) = (
            self.view.world_from_screen([reach.min.x, reach.min.y]),
            self.view.world_from_screen([reach.max.x, reach.max.y]),
        );
        let seen = |f: &prepare::PreparedFeature| {
            let (a, b) = f.bounds;
            a.x <= max.x && b.x >= min.x && a.y <= max.y && b.y >= min.y
        };
        let zoom = self.view.zoom;
        for (name, country) in base.countries.iter().filter(|(_, c)| seen(c)) {
            let color = if name == "Armenia" || name == "Azerbaijan" {
                palette.land_focus
            } else {
                palette.land
            };
            for part in country.parts_at(zoom) {
                if let Part::Fill(fill) = part {
                    self.fill(None, fill, color, None, None);
                }
            }
        }
        let opacity = crate::relief::relief_opacity(zoom);
        if relief && opacity > 0.0 {
            for (index, raster) in prepared.rasters.iter().enumerate() {
                let shape =
                    crate::relief::raster_in_view(raster, index, self.view, self.extent, opacity);
                if let Some(shape) = shape {
                    self.push(None, Shape::Raster(Box::new(shape)));
                }
            }
        }
        for lake in base.lakes.iter().filter(|l| seen(l)) {
            for part in lake.parts_at(zoom) {
                if let Part::Fill(fill) = part {
                    self.fill(None, fill, palette.water, None, None);
                }
            }
        }
        for (level, strength, line) in &base.rivers {
            let width = if *level <= 2 { 2.0 } else { 1.5 };
            let color = palette.water_line.gamma_multiply(*strength);
            self.stroke(None, line, width, color, false);
        }
        for (strength, line) in &base.provinces {
            let color = palette.province.gamma_multiply(*strength);
            self.stroke(None, line, 1.5, color, true);
        }
        for border in base.borders.iter().filter(|b| seen(b)) {
            for part in border.parts_at(zoom) {
                if let Part::Line(line) = part {
                    self.stroke(None, line, 2.0, palette.border, false);
                }
            }
        }
    }
}
