//! Geometry projected to Web Mercator and triangulated once per dataset, so that a frame only
//! scales and shifts it.

use geo::{Area, Geometry, InteriorPoint, LineString, MultiPolygon, Polygon, TriangulateEarcut};

use super::view::World;
use crate::data::Dataset;
use crate::data::basemap::{Basemap, Place, Raster};

/// A piece of a feature in world coordinates.
#[derive(Clone, Debug)]
pub enum Part {
    /// A polygon: triangles for the fill, rings for the outline.
    Fill {
        vertices: Vec<World>,
        indices: Vec<u32>,
        rings: Vec<Vec<World>>,
    },
    Line(Vec<World>),
    Point(World),
}

#[derive(Clone, Debug)]
pub struct PreparedFeature {
    /// Full detail.
    pub parts: Vec<Part>,
    /// Simplified copies for overview zooms: (the zoom up to which it is enough, parts), the
    /// coarsest first. Only features with many vertices have them.
    pub levels: Vec<(f64, Vec<Part>)>,
    /// (min, max) in world coordinates.
    pub bounds: (World, World),
    /// Area in world units (0 for lines and points), to draw large polygons first.
    pub area: f64,
    /// Where a label of a polygon goes.
    pub label_at: Option<World>,
}

#[derive(Clone, Debug, Default)]
pub struct PreparedBasemap {
    pub countries: Vec<(String, Vec<Part>)>,
    pub country_labels: Vec<(String, World)>,
    pub lakes: Vec<Vec<Part>>,
    pub rivers: Vec<(u8, Vec<World>)>,
    pub provinces: Vec<Vec<World>>,
    pub borders: Vec<Vec<World>>,
    pub places: Vec<(Place, World)>,
}

/// A raster's grid of vertices: positions in world coordinates and texture coordinates.
#[derive(Clone, Debug)]
pub struct RasterMesh {
    pub vertices: Vec<(World, [f32; 2])>,
    pub indices: Vec<u32>,
}

#[derive(Clone, Debug)]
pub struct Prepared {
    /// Aligned with `Dataset::features`.
    pub features: Vec<PreparedFeature>,
    pub basemap: PreparedBasemap,
    /// Images drawn under the map's lines: the relief tint, then the shading.
    pub rasters: Vec<Raster>,
    pub raster_meshes: Vec<RasterMesh>,
    /// The features' bounds, to find those in view without looking at every one.
    index: FeatureIndex,
}

type FeatureIndex =
    rstar::RTree<rstar::primitives::GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>>;

fn index_of(features: &[PreparedFeature]) -> FeatureIndex {
    rstar::RTree::bulk_load(
        features
            .iter()
            .enumerate()
            .filter(|(_, f)| f.bounds.0.x.is_finite())
            .map(|(i, f)| {
                let (a, b) = f.bounds;
                rstar::primitives::GeomWithData::new(
                    rstar::primitives::Rectangle::from_corners([a.x, a.y], [b.x, b.y]),
                    i,
                )
            })
            .collect(),
    )
}

fn world_line(line: &LineString<f64>) -> Vec<World> {
    line.0
        .iter()
        .map(|c| World::from_lon_lat(c.x, c.y))
        .collect()
}

fn fill_part(polygon: &Polygon<f64>) -> Part {
    let rings: Vec<Vec<World>> = std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(world_line)
        .collect();
    // Triangulate in Mercator, where the map draws, so that triangles do not bulge.
    let projected = Polygon::new(
        LineString(
            rings[0]
                .iter()
                .map(|w| geo::coord! { x: w.x, y: w.y })
                .collect(),
        ),
        rings[1..]
            .iter()
            .map(|r| LineString(r.iter().map(|w| geo::coord! { x: w.x, y: w.y }).collect()))
            .collect(),
    );
    let raw = projected.earcut_triangles_raw();
    let vertices = raw
        .vertices
        .iter()
        .map(|v| World { x: v[0], y: v[1] })
        .collect();
    let indices = raw.triangle_indices.iter().map(|&i| i as u32).collect();
    Part::Fill {
        vertices,
        indices,
        rings,
    }
}

fn parts_of(geometry: &Geometry<f64>, out: &mut Vec<Part>) {
    match geometry {
        Geometry::Point(p) => out.push(Part::Point(World::from_lon_lat(p.x(), p.y()))),
        Geometry::MultiPoint(m) => out.extend(
            m.iter()
                .map(|p| Part::Point(World::from_lon_lat(p.x(), p.y()))),
        ),
        Geometry::Line(l) => out.push(Part::Line(world_line(&LineString(vec![l.start, l.end])))),
        Geometry::LineString(l) => out.push(Part::Line(world_line(l))),
        Geometry::MultiLineString(m) => out.extend(m.iter().map(|l| Part::Line(world_line(l)))),
        Geometry::Polygon(p) => out.push(fill_part(p)),
        Geometry::MultiPolygon(m) => out.extend(m.iter().map(fill_part)),
        Geometry::Rect(r) => out.push(fill_part(&r.to_polygon())),
        Geometry::Triangle(t) => out.push(fill_part(&t.to_polygon())),
        Geometry::GeometryCollection(c) => c.iter().for_each(|g| parts_of(g, out)),
    }
}

fn bounds_of(parts: &[Part]) -> (World, World) {
    let mut min = World {
        x: f64::INFINITY,
        y: f64::INFINITY,
    };
    let mut max = World {
        x: f64::NEG_INFINITY,
        y: f64::NEG_INFINITY,
    };
    let mut add = |w: &World| {
        min.x = min.x.min(w.x);
        min.y = min.y.min(w.y);
        max.x = max.x.max(w.x);
        max.y = max.y.max(w.y);
    };
    for part in parts {
        match part {
            Part::Fill { rings, .. } => rings.iter().flatten().for_each(&mut add),
            Part::Line(l) => l.iter().for_each(&mut add),
            Part::Point(p) => add(p),
        }
    }
    (min, max)
}

fn label_point(geometry: &Geometry<f64>) -> Option<World> {
    let polygons: Vec<&Polygon<f64>> = match geometry {
        Geometry::Polygon(p) => vec![p],
        Geometry::MultiPolygon(m) => m.iter().collect(),
        _ => return None,
    };
    let largest = polygons
        .into_iter()
        .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    let p = largest.interior_point()?;
    Some(World::from_lon_lat(p.x(), p.y()))
}

pub fn prepare_feature(geometry: &Geometry<f64>) -> PreparedFeature {
    let mut parts = Vec::new();
    parts_of(geometry, &mut parts);
    let area = parts
        .iter()
        .map(|p| match p {
            Part::Fill { rings, .. } => ring_area(rings.first().map(Vec::as_slice).unwrap_or(&[])),
            _ => 0.0,
        })
        .sum();
    PreparedFeature {
        bounds: bounds_of(&parts),
        area,
        label_at: label_point(geometry),
        levels: levels_of(&parts),
        parts,
    }
}

impl PreparedFeature {
    /// The parts to draw at `zoom`: the coarsest copy still finer than half a pixel.
    pub fn parts_at(&self, zoom: f64) -> &[Part] {
        self.levels
            .iter()
            .find(|(up_to, _)| zoom <= *up_to)
            .map_or(&self.parts, |(_, parts)| parts)
    }

    pub fn vertex_count(parts: &[Part]) -> usize {
        parts
            .iter()
            .map(|p| match p {
                Part::Fill { rings, .. } => rings.iter().map(Vec::len).sum(),
                Part::Line(l) => l.len(),
                Part::Point(_) => 1,
            })
            .sum()
    }
}

/// Below this many vertices a feature is drawn at full detail at every zoom.
const LEVEL_MIN_VERTICES: usize = 256;
/// How far a simplified copy may stray from the full geometry, in pixels at its zoom: below
/// what anti-aliased lines of our widths show.
const LEVEL_TOLERANCE_PX: f64 = 0.75;
/// The zooms simplified copies are made for, coarsest first.
const LEVEL_ZOOMS: [f64; 5] = [4.0, 6.0, 8.0, 10.0, 12.0];

/// Simplified copies at [`LEVEL_TOLERANCE_PX`] for each of [`LEVEL_ZOOMS`]: lines by
/// Ramer–Douglas–Peucker, polygons by Visvalingam–Whyatt keeping their topology (rings do not
/// cross themselves or each other), then triangulated once.
fn levels_of(parts: &[Part]) -> Vec<(f64, Vec<Part>)> {
    use geo::{Simplify, SimplifyVwPreserve};
    let full = PreparedFeature::vertex_count(parts);
    if full < LEVEL_MIN_VERTICES {
        return Vec::new();
    }
    let to_line =
        |l: &[World]| LineString(l.iter().map(|w| geo::coord! { x: w.x, y: w.y }).collect());
    let from_line = |l: &LineString<f64>| -> Vec<World> {
        l.0.iter().map(|c| World { x: c.x, y: c.y }).collect()
    };
    let mut levels: Vec<(f64, Vec<Part>)> = Vec::new();
    let mut finer = full;
    for &zoom in LEVEL_ZOOMS.iter().rev() {
        let tolerance = LEVEL_TOLERANCE_PX / (super::view::TILE_SIZE * zoom.exp2());
        // Each copy is simplified from the next finer one: cheaper, and the errors stay within
        // the coarser tolerance.
        let source = levels.last().map_or(parts, |(_, p)| p.as_slice());
        let simplified: Vec<Part> = source
            .iter()
            .map(|part| match part {
                Part::Line(l) => Part::Line(from_line(&to_line(l).simplify(tolerance))),
                Part::Fill { rings, .. } => {
                    let exterior = to_line(rings.first().map(Vec::as_slice).unwrap_or(&[]));
                    let interiors = rings.iter().skip(1).map(|r| to_line(r)).collect();
                    let polygon = Polygon::new(exterior, interiors)
                        .simplify_vw_preserve(tolerance * tolerance);
                    let rings: Vec<Vec<World>> = std::iter::once(polygon.exterior())
                        .chain(polygon.interiors())
                        .map(from_line)
                        .collect();
                    let raw = polygon.earcut_triangles_raw();
                    Part::Fill {
                        vertices: raw
                            .vertices
                            .iter()
                            .map(|v| World { x: v[0], y: v[1] })
                            .collect(),
                        indices: raw.triangle_indices.iter().map(|&i| i as u32).collect(),
                        rings,
                    }
                }
                Part::Point(p) => Part::Point(*p),
            })
            .collect();
        let count = PreparedFeature::vertex_count(&simplified);
        // A copy that saves little is not worth its memory.
        if count * 10 < finer * 8 {
            levels.push((zoom, simplified));
            finer = count;
        }
    }
    levels.reverse();
    levels
}

fn ring_area(ring: &[World]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum::<f64>()
        .abs()
        / 2.0
}

fn polygon_parts(m: &MultiPolygon<f64>) -> Vec<Part> {
    m.iter().map(fill_part).collect()
}

/// A grid over the raster's lon/lat box: rows are close enough that the Mercator stretch
/// between them is below a pixel at any zoom the region is shown at.
fn raster_mesh(raster: &Raster) -> RasterMesh {
    const COLS: usize = 8;
    const ROWS: usize = 48;
    let [west, south, east, north] = raster.bounds;
    let mut vertices = Vec::with_capacity((COLS + 1) * (ROWS + 1));
    for r in 0..=ROWS {
        for c in 0..=COLS {
            let (u, v) = (c as f64 / COLS as f64, r as f64 / ROWS as f64);
            let w = World::from_lon_lat(west + u * (east - west), north - v * (north - south));
            vertices.push((w, [u as f32, v as f32]));
        }
    }
    let mut indices = Vec::with_capacity(COLS * ROWS * 6);
    for r in 0..ROWS {
        for c in 0..COLS {
            let i = (r * (COLS + 1) + c) as u32;
            let below = i + (COLS + 1) as u32;
            indices.extend_from_slice(&[i, i + 1, below, i + 1, below + 1, below]);
        }
    }
    RasterMesh { vertices, indices }
}

impl Prepared {
    /// Adds prepared features (of features added to the dataset, in the same order).
    pub fn extend_features(&mut self, features: Vec<PreparedFeature>) {
        self.features.extend(features);
        self.index = index_of(&self.features);
    }

    /// Indices of the features whose bounds meet the world box `min`–`max`.
    pub fn features_in(&self, min: World, max: World) -> impl Iterator<Item = usize> + '_ {
        let envelope = rstar::AABB::from_corners([min.x, min.y], [max.x, max.y]);
        self.index
            .locate_in_envelope_intersecting(&envelope)
            .map(|g| g.data)
    }

    pub fn new(dataset: &Dataset, basemap: &Basemap) -> Prepared {
        let features: Vec<PreparedFeature> = dataset
            .features
            .iter()
            .map(|f| prepare_feature(&f.geometry))
            .collect();
        let country_labels = basemap
            .countries
            .iter()
            .filter_map(|(name, m)| {
                let largest = m
                    .iter()
                    .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
                let p = largest.interior_point()?;
                Some((name.clone(), World::from_lon_lat(p.x(), p.y())))
            })
            .collect();
        let base = PreparedBasemap {
            countries: basemap
                .countries
                .iter()
                .map(|(n, m)| (n.clone(), polygon_parts(m)))
                .collect(),
            country_labels,
            lakes: basemap
                .lakes
                .iter()
                .map(|(_, m)| polygon_parts(m))
                .collect(),
            rivers: basemap
                .rivers
                .iter()
                .map(|(level, l)| (*level, world_line(l)))
                .collect(),
            provinces: basemap.provinces.iter().map(world_line).collect(),
            borders: basemap.borders.iter().map(world_line).collect(),
            places: basemap
                .places
                .iter()
                .map(|p| {
                    (
                        p.clone(),
                        World::from_lon_lat(p.position.x(), p.position.y()),
                    )
                })
                .collect(),
        };
        let rasters: Vec<Raster> = [&basemap.tint, &basemap.relief]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        let raster_meshes = rasters.iter().map(raster_mesh).collect();
        let index = index_of(&features);
        Prepared {
            features,
            basemap: base,
            rasters,
            raster_meshes,
            index,
        }
    }
}
