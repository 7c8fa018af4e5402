//! Geometry prepared once per dataset: projected to Web Mercator, simplified for overview zooms
//! and triangulated, so that a scene only scales and shifts it.
//!
//! Coordinates are kept as `f32` offsets from an origin in `f64` world coordinates: half the
//! memory of `f64` pairs, and well under a pixel off at every zoom for parts up to a few hundred
//! kilometres across (the rounding grows with a part's size: a part half the world wide would be
//! about a pixel off at zoom 18).

use geo::{BoundingRect, Geometry, LineString, Polygon};

use super::style::{FeatureStyle, color_hint, feature_style, kind_style};
use super::view::{TILE_SIZE, World};
use ecolor::Color32;
use karabakh_data::basemap::{Basemap, Place, Raster};
use karabakh_data::{Dataset, Kind};

/// A coordinate as an offset from its path's origin, in world units.
pub type Offset = [f32; 2];

/// Points of a line or of rings, as offsets from `origin`.
#[derive(Clone, Debug, Default)]
pub struct Path {
    pub origin: World,
    pub coords: Vec<Offset>,
}

impl Path {
    /// Points as offsets from their own south-west corner.
    fn from_world(points: impl Iterator<Item = World> + Clone) -> Path {
        let origin = points.clone().fold(
            World {
                x: f64::INFINITY,
                y: f64::INFINITY,
            },
            |m, w| World {
                x: m.x.min(w.x),
                y: m.y.min(w.y),
            },
        );
        let origin = if origin.x.is_finite() {
            origin
        } else {
            World { x: 0.0, y: 0.0 }
        };
        Path {
            origin,
            coords: points
                .map(|w| [(w.x - origin.x) as f32, (w.y - origin.y) as f32])
                .collect(),
        }
    }

    pub fn world(&self, offset: Offset) -> World {
        World {
            x: self.origin.x + f64::from(offset[0]),
            y: self.origin.y + f64::from(offset[1]),
        }
    }

    pub fn len(&self) -> usize {
        self.coords.len()
    }

    pub fn is_empty(&self) -> bool {
        self.coords.is_empty()
    }
}

/// A polygon: its rings for the outline, triangles for the fill.
#[derive(Clone, Debug, Default)]
pub struct Fill {
    /// The rings, outer first, each without its closing point, one after the other.
    pub rings: Path,
    /// Where each ring ends in `rings.coords`.
    pub ring_ends: Vec<u32>,
    /// The fill's triangles, made the first time the fill is drawn: most polygons of a big
    /// file are only ever seen at a few zooms, and a country's full detail only close up.
    triangles: std::sync::OnceLock<Triangles>,
}

/// Triangles of a fill: indices into its rings' points followed by `extra`, points of the
/// triangulation's own where it did not keep to the rings' (same origin as the rings).
#[derive(Clone, Debug, Default)]
pub struct Triangles {
    pub indices: Vec<u32>,
    pub extra: Vec<Offset>,
}

impl Fill {
    fn new(rings: Path, ring_ends: Vec<u32>) -> Fill {
        Fill {
            rings,
            ring_ends,
            triangles: std::sync::OnceLock::new(),
        }
    }

    /// The triangles, made now if they are not yet (on the thread that draws first).
    pub fn triangles(&self) -> &Triangles {
        self.triangles.get_or_init(|| {
            let (indices, extra) = triangulate(&self.rings, &self.ring_ends);
            Triangles { indices, extra }
        })
    }

    /// Whether the triangles have been made (for measuring).
    pub fn is_triangulated(&self) -> bool {
        self.triangles.get().is_some()
    }

    /// Each ring's offsets.
    pub fn ring_slices(&self) -> impl Iterator<Item = &[Offset]> {
        let mut start = 0usize;
        self.ring_ends.iter().map(move |&end| {
            let end = (end as usize).min(self.rings.coords.len());
            let ring = self.rings.coords.get(start..end).unwrap_or(&[]);
            start = end;
            ring
        })
    }
}

/// A piece of a feature.
#[derive(Clone, Debug)]
pub enum Part {
    Fill(Box<Fill>),
    Line(Path),
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
}

#[derive(Clone, Debug, Default)]
pub struct PreparedBasemap {
    pub countries: Vec<(String, Vec<Part>)>,
    /// Each country's outline in lon/lat with its box, where its label is looked for.
    pub country_shapes: Vec<(String, geo::MultiPolygon<f64>, geo::Rect<f64>)>,
    pub lakes: Vec<Vec<Part>>,
    pub rivers: Vec<(u8, Path)>,
    pub provinces: Vec<Path>,
    pub borders: Vec<Path>,
    pub places: Vec<(Place, World)>,
}

/// A raster's grid of vertices: positions in world coordinates and texture coordinates.
#[derive(Clone, Debug)]
pub struct RasterMesh {
    pub vertices: Vec<(World, [f32; 2])>,
    pub indices: Vec<u32>,
}

/// What a scene needs to know of each feature without touching the dataset: its layer (as an
/// index into `Dataset::layers`) and where it comes in the drawing order.
#[derive(Clone, Copy, Debug)]
pub struct Placement {
    pub layer: u32,
    /// Index in [`Prepared::styles`] (a big layer has few styles and many features).
    pub style: u32,
    /// Approximate geometry, drawn dashed.
    pub dashed: bool,
    /// On the map whatever the day (no dates): the scene need not look at its validity.
    pub timeless: bool,
    /// The feature's bounds in world coordinates, `[min x, min y, max x, max y]`, rounded
    /// outwards: enough to cull with, and beside the rest of what a scene reads.
    pub bounds: [f32; 4],
    /// Where it is, when it is a single point (most features of a big point layer): a scene
    /// draws it from here without looking further.
    pub point: Option<World>,
}

impl Placement {
    pub fn meets(&self, min: World, max: World) -> bool {
        let [x0, y0, x1, y1] = self.bounds;
        f64::from(x0) <= max.x
            && f64::from(x1) >= min.x
            && f64::from(y0) <= max.y
            && f64::from(y1) >= min.y
    }
}

#[derive(Clone, Debug)]
pub struct Prepared {
    /// Aligned with `Dataset::features`.
    pub features: Vec<PreparedFeature>,
    pub basemap: PreparedBasemap,
    /// Images drawn under the map's lines: the relief tint, then the shading.
    pub rasters: Vec<Raster>,
    pub raster_meshes: Vec<RasterMesh>,
    /// Feature indices in the order they are drawn, bottom first.
    pub draw_order: Vec<u32>,
    /// Aligned with `features`.
    pub placement: Vec<Placement>,
    /// The styles the placements point to.
    pub styles: Vec<FeatureStyle>,
    /// The features that get a label (towns, checkpoints, events), most important first.
    pub labelled: Vec<u32>,
    /// The features' bounds, to find those in view without looking at every one.
    index: FeatureIndex,
}

type FeatureIndex =
    rstar::RTree<rstar::primitives::GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, u32>>;

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
                    i as u32,
                )
            })
            .collect(),
    )
}

/// The order in which kinds are drawn, bottom first.
pub fn draw_rank(kind: Kind) -> u8 {
    // Events go under the places they happen at: a town or a checkpoint stays readable with
    // the event's ring around it. Imported material goes under the dossier's own of its kind,
    // so that a big layer of someone else's does not hide the towns and the checkpoint.
    match kind {
        Kind::Country => 0,
        Kind::Lake => 2,
        Kind::Area => 3,
        Kind::Region => 4,
        // Who held what goes over the regions' fills, under every line, point and label.
        Kind::Control => 5,
        Kind::River => 6,
        Kind::FrontLine => 8,
        Kind::Line => 9,
        Kind::Road => 10,
        Kind::Place => 11,
        Kind::Event => 12,
        Kind::Town => 14,
        Kind::PeacekeeperPost => 16,
        Kind::MonitoringCentre => 17,
        Kind::PeacekeeperBase => 18,
        Kind::Checkpoint => 20,
    }
}

fn world_of(c: &geo::Coord<f64>) -> World {
    World::from_lon_lat(c.x, c.y)
}

fn path_of(line: &LineString<f64>) -> Path {
    Path::from_world(line.0.iter().map(world_of))
}

/// A ring's points without the closing one.
fn open_ring(ring: &LineString<f64>) -> &[geo::Coord<f64>] {
    match ring.0.split_last() {
        Some((last, rest)) if ring.0.first() == Some(last) => rest,
        _ => &ring.0,
    }
}

/// Above this many holes or points a polygon is triangulated by a sweep (iTriangle), whose
/// time grows as n log n; earcut bridges each hole to the outer ring in turn, which takes
/// minutes on a country with hundreds of lakes.
const SWEEP_HOLES: usize = 16;
const SWEEP_POINTS: usize = 100_000;

/// Triangulates rings (outer first), in Mercator where the map draws them, so that triangles
/// do not bulge. Returns the triangles as indices into the rings' points followed by the
/// second part, points of its own that the triangulation needed (empty for earcut).
fn triangulate(rings: &Path, ring_ends: &[u32]) -> (Vec<u32>, Vec<Offset>) {
    let holes = ring_ends.len().saturating_sub(1);
    if holes <= SWEEP_HOLES && rings.len() <= SWEEP_POINTS {
        match earcut_rings(rings, ring_ends) {
            // Earcut can also fail quietly, leaving out part of the area (seen on repaired
            // countries of the 10 m world land): its triangles must cover the polygon.
            Some(indices) if covers(rings, ring_ends, &indices) => return (indices, Vec::new()),
            _ => log::debug!(
                "earcut failed on a polygon of {} points; it is triangulated by a sweep instead",
                rings.len()
            ),
        }
    }
    sweep_rings(rings, ring_ends)
}

/// Whether triangles (indexing the rings' points) cover the area the rings enclose, to a
/// hundredth.
fn covers(rings: &Path, ring_ends: &[u32], indices: &[u32]) -> bool {
    let mut start = 0usize;
    let mut enclosed = 0.0;
    for (n, &end) in ring_ends.iter().enumerate() {
        let end = (end as usize).min(rings.len());
        let area = ring_area(rings.coords.get(start..end).unwrap_or(&[]));
        enclosed += if n == 0 { area } else { -area };
        start = end;
    }
    let point = |i: u32| rings.coords.get(i as usize).copied().unwrap_or([0.0, 0.0]);
    let covered: f64 = indices
        .chunks_exact(3)
        .map(|t| {
            let (a, b, c) = (point(t[0]), point(t[1]), point(t[2]));
            let (ab, ac) = (
                [f64::from(b[0] - a[0]), f64::from(b[1] - a[1])],
                [f64::from(c[0] - a[0]), f64::from(c[1] - a[1])],
            );
            (ab[0] * ac[1] - ac[0] * ab[1]).abs() / 2.0
        })
        .sum();
    (covered - enclosed).abs() <= enclosed.abs() * 0.01 + f64::EPSILON
}

thread_local! {
    /// Earcut keeps its working memory between polygons.
    static EARCUT: std::cell::RefCell<earcut::Earcut<f64>> =
        std::cell::RefCell::new(earcut::Earcut::new());
}

/// Earcut's triangles, or None where it fails: the earcut crate can panic on real-world rings
/// (seen on the 10 m world land polygons).
fn earcut_rings(rings: &Path, ring_ends: &[u32]) -> Option<Vec<u32>> {
    let holes: Vec<u32> = ring_ends
        .split_last()
        .map(|(_, starts)| starts.to_vec())
        .unwrap_or_default();
    EARCUT.with(|cell| {
        let mut earcut = cell.try_borrow_mut().ok()?;
        let mut indices = Vec::new();
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            earcut.earcut(
                rings.coords.iter().map(|&o| {
                    let w = rings.world(o);
                    [w.x, w.y]
                }),
                &holes,
                &mut indices,
            );
        }));
        if run.is_err() {
            // Its working memory may be in any state now.
            *earcut = earcut::Earcut::new();
            return None;
        }
        Some(indices)
    })
}

/// iTriangle's sweep: its own points (offsets from the rings' origin) and triangles indexing
/// them after the rings' points.
fn sweep_rings(rings: &Path, ring_ends: &[u32]) -> (Vec<u32>, Vec<Offset>) {
    use i_triangle::float::triangulatable::Triangulatable;
    let mut start = 0usize;
    let contours: Vec<Vec<[f64; 2]>> = ring_ends
        .iter()
        .map(|&end| {
            let end = (end as usize).min(rings.len());
            let contour = rings.coords[start.min(end)..end]
                .iter()
                .map(|&o| [f64::from(o[0]), f64::from(o[1])])
                .collect();
            start = end;
            contour
        })
        .collect();
    // One shape: the outer ring and its holes, which iTriangle wants turning the other way.
    let signed = |c: &[[f64; 2]]| -> f64 {
        let n = c.len();
        (0..n)
            .map(|i| c[i][0] * c[(i + 1) % n][1] - c[(i + 1) % n][0] * c[i][1])
            .sum()
    };
    let mut contours = contours;
    let outer = contours.first().map_or(0.0, |c| signed(c));
    for hole in contours.iter_mut().skip(1) {
        if signed(hole) * outer > 0.0 {
            hole.reverse();
        }
    }
    let triangulation = [contours].triangulate().to_triangulation::<u32>();
    let base = rings.len() as u32;
    (
        triangulation.indices.iter().map(|&i| base + i).collect(),
        triangulation
            .points
            .iter()
            .map(|p| [p[0] as f32, p[1] as f32])
            .collect(),
    )
}

fn fill_of(polygon: &Polygon<f64>) -> Fill {
    let mut ring_ends = Vec::with_capacity(1 + polygon.interiors().len());
    let mut end = 0u32;
    let rings = std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(|r| {
            let open = open_ring(r);
            end += open.len() as u32;
            ring_ends.push(end);
            open
        })
        .collect::<Vec<_>>();
    let rings = Path::from_world(rings.iter().flat_map(|r| r.iter().map(world_of)));
    Fill::new(rings, ring_ends)
}

fn parts_of(geometry: &Geometry<f64>, out: &mut Vec<Part>) {
    match geometry {
        Geometry::Point(p) => out.push(Part::Point(World::from_lon_lat(p.x(), p.y()))),
        Geometry::MultiPoint(m) => out.extend(
            m.iter()
                .map(|p| Part::Point(World::from_lon_lat(p.x(), p.y()))),
        ),
        Geometry::Line(l) => out.push(Part::Line(Path::from_world(
            [l.start, l.end].iter().map(world_of),
        ))),
        Geometry::LineString(l) => out.push(Part::Line(path_of(l))),
        Geometry::MultiLineString(m) => out.extend(m.iter().map(|l| Part::Line(path_of(l)))),
        Geometry::Polygon(p) => out.push(Part::Fill(Box::new(fill_of(p)))),
        Geometry::MultiPolygon(m) => out.extend(m.iter().map(|p| Part::Fill(Box::new(fill_of(p))))),
        Geometry::Rect(r) => out.push(Part::Fill(Box::new(fill_of(&r.to_polygon())))),
        Geometry::Triangle(t) => out.push(Part::Fill(Box::new(fill_of(&t.to_polygon())))),
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
    let mut add = |w: World| {
        min.x = min.x.min(w.x);
        min.y = min.y.min(w.y);
        max.x = max.x.max(w.x);
        max.y = max.y.max(w.y);
    };
    for part in parts {
        match part {
            Part::Fill(fill) => fill
                .rings
                .coords
                .iter()
                .for_each(|&o| add(fill.rings.world(o))),
            Part::Line(path) => path.coords.iter().for_each(|&o| add(path.world(o))),
            Part::Point(p) => add(*p),
        }
    }
    (min, max)
}

/// Twice the signed area of a ring of offsets (closing edge included).
fn ring_area(ring: &[Offset]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            f64::from(a[0]) * f64::from(b[1]) - f64::from(b[0]) * f64::from(a[1])
        })
        .sum::<f64>()
        .abs()
        / 2.0
}

pub fn prepare_feature(geometry: &Geometry<f64>) -> PreparedFeature {
    let mut parts = Vec::new();
    parts_of(geometry, &mut parts);
    let area = parts
        .iter()
        .map(|p| match p {
            Part::Fill(fill) => fill.ring_slices().next().map_or(0.0, ring_area),
            _ => 0.0,
        })
        .sum();
    PreparedFeature {
        bounds: bounds_of(&parts),
        area,
        levels: levels_of(&parts),
        parts,
    }
}

/// [`prepare_feature`] for each feature, on every core: features take unequal time (a country
/// of a million points, a village of one), so each thread takes the next one as it is free.
pub fn prepare_features(features: &[karabakh_data::Feature]) -> Vec<PreparedFeature> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(features.len() / 64 + 1);
    if threads <= 1 {
        return features
            .iter()
            .map(|f| prepare_feature(&f.geometry))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, PreparedFeature)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(feature) = features.get(i) else {
                            return out;
                        };
                        out.push((i, prepare_feature(&feature.geometry)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut all: Vec<(usize, PreparedFeature)> = done.into_iter().flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, f)| f).collect()
}

impl PreparedFeature {
    /// The parts to draw at `zoom`: the coarsest copy still finer than a pixel.
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
                Part::Fill(fill) => fill.rings.len(),
                Part::Line(path) => path.len(),
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
/// The zooms simplified copies are made for, coarsest first. Every zoom at the coarse end,
/// where a copy costs little memory and a whole continent is in view (the world at 1600 px is
/// zoom 2.6: drawn from the zoom-4 copy it had five times the vertices it needed).
const LEVEL_ZOOMS: [f64; 7] = [2.0, 3.0, 4.0, 6.0, 8.0, 10.0, 12.0];

/// The points of a line that Ramer–Douglas–Peucker keeps within `tolerance` (world units):
/// the ends always, and each point farther than that from the chord of its span.
fn simplify_line(path: &Path, tolerance: f64) -> Vec<Offset> {
    rdp(&path.coords, tolerance)
}

fn rdp(coords: &[Offset], tolerance: f64) -> Vec<Offset> {
    let n = coords.len();
    if n <= 2 {
        return coords.to_vec();
    }
    let tolerance = tolerance * tolerance;
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0, n - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (coords[a], coords[b]);
        let mut worst = (0.0, a);
        for (i, &p) in coords.iter().enumerate().take(b).skip(a + 1) {
            let d = segment_dist2(p, pa, pb);
            if d > worst.0 {
                worst = (d, i);
            }
        }
        if worst.0 > tolerance {
            keep[worst.1] = true;
            stack.push((a, worst.1));
            stack.push((worst.1, b));
        }
    }
    coords
        .iter()
        .zip(keep)
        .filter_map(|(&c, k)| k.then_some(c))
        .collect()
}

/// A ring (without its closing point) by Ramer–Douglas–Peucker, split at the point farthest
/// from its first so that both halves have a chord.
fn simplify_ring(ring: &[Offset], tolerance: f64) -> Vec<Offset> {
    let Some(&first) = ring.first() else {
        return Vec::new();
    };
    let far = (0..ring.len())
        .max_by(|&a, &b| {
            segment_dist2(ring[a], first, first).total_cmp(&segment_dist2(ring[b], first, first))
        })
        .unwrap_or(0);
    let mut closed: Vec<Offset> = ring.to_vec();
    closed.push(first);
    let mut out = rdp(&closed[..=far], tolerance);
    out.pop();
    out.extend(rdp(&closed[far..], tolerance));
    out.pop();
    out
}

fn segment_dist2(p: Offset, a: Offset, b: Offset) -> f64 {
    let (px, py) = (f64::from(p[0]), f64::from(p[1]));
    let (ax, ay) = (f64::from(a[0]), f64::from(a[1]));
    let (bx, by) = (f64::from(b[0]), f64::from(b[1]));
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (ex, ey) = (ax + t * dx - px, ay + t * dy - py);
    ex * ex + ey * ey
}

/// Above this many points a polygon is simplified ring by ring (Ramer–Douglas–Peucker)
/// rather than by geo's topology-keeping Visvalingam–Whyatt, whose time grows with the square
/// of the points: a ring of a million points would take minutes. Rings simplified so may cross
/// where they pass within a pixel of each other; the triangulation copes, and no one sees it.
const TOPOLOGY_MAX_POINTS: usize = 20_000;

/// A polygon simplified for a coarser zoom, or `None` when nothing of it is left. Small
/// polygons (all of the dossier's) keep their topology: rings do not come to cross.
fn simplify_fill(fill: &Fill, tolerance: f64) -> Option<Fill> {
    // Holes smaller than a pixel or so are not seen at this zoom: they go first (a country's
    // hundreds of lakes), which also leaves the simplification less to keep clear of.
    let seen = |ring: &[Offset]| {
        let (mut min, mut max) = ([f32::MAX; 2], [f32::MIN; 2]);
        for p in ring {
            min = [min[0].min(p[0]), min[1].min(p[1])];
            max = [max[0].max(p[0]), max[1].max(p[1])];
        }
        f64::from((max[0] - min[0]).max(max[1] - min[1])) >= tolerance * 2.0
    };
    let kept: Vec<&[Offset]> = fill
        .ring_slices()
        .enumerate()
        .filter(|&(n, ring)| n == 0 || seen(ring))
        .map(|(_, ring)| ring)
        .collect();
    let points: usize = kept.iter().map(|r| r.len()).sum();
    let by_ring = || -> Vec<Vec<Offset>> {
        kept.iter()
            .map(|ring| simplify_ring(ring, tolerance))
            .collect()
    };
    let rings: Vec<Vec<Offset>> = if points <= TOPOLOGY_MAX_POINTS {
        // geo's simplification keeping topology can collapse an outer ring that has many holes
        // around it (seen on the 10 m world land); then ring by ring is the better picture.
        match simplify_keeping_topology(fill.rings.origin, &kept, tolerance) {
            Some(rings)
                if rings.first().is_some_and(|r| {
                    ring_area(r) >= ring_area(kept.first().copied().unwrap_or(&[])) * 0.8
                }) =>
            {
                rings
            }
            _ => by_ring(),
        }
    } else {
        by_ring()
    };
    // The outer ring must stay an area; holes that do not are left out.
    let mut rings = rings.into_iter();
    let exterior = rings.next().filter(|r| r.len() >= 3)?;
    let mut ring_ends = vec![exterior.len() as u32];
    let mut coords = exterior;
    for hole in rings.filter(|r| r.len() >= 3) {
        coords.extend_from_slice(&hole);
        ring_ends.push(coords.len() as u32);
    }
    let rings = Path {
        origin: fill.rings.origin,
        coords,
    };
    Some(Fill::new(rings, ring_ends))
}

/// geo's Visvalingam–Whyatt keeping topology, of rings (outer first) given as offsets from
/// `origin`; the rings of the result, in the same order.
fn simplify_keeping_topology(
    origin: World,
    rings: &[&[Offset]],
    tolerance: f64,
) -> Option<Vec<Vec<Offset>>> {
    use geo::SimplifyVwPreserve;
    let ring_line = |ring: &[Offset]| {
        let mut coords: Vec<geo::Coord<f64>> = ring
            .iter()
            .map(|&o| {
                geo::coord! { x: origin.x + f64::from(o[0]), y: origin.y + f64::from(o[1]) }
            })
            .collect();
        if let Some(&first) = coords.first() {
            coords.push(first);
        }
        LineString(coords)
    };
    let (exterior, interiors) = rings.split_first()?;
    let polygon = Polygon::new(
        ring_line(exterior),
        interiors.iter().map(|r| ring_line(r)).collect(),
    )
    .simplify_vw_preserve(tolerance * tolerance);
    Some(
        std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .map(|ring| {
                open_ring(ring)
                    .iter()
                    .map(|c| [(c.x - origin.x) as f32, (c.y - origin.y) as f32])
                    .collect()
            })
            .collect(),
    )
}

/// How wide a part is, in world units.
fn extent(part: &Part) -> f64 {
    let (a, b) = bounds_of(std::slice::from_ref(part));
    (b.x - a.x).max(b.y - a.y)
}

/// Simplified copies at [`LEVEL_TOLERANCE_PX`] for each of [`LEVEL_ZOOMS`]: lines by
/// Ramer–Douglas–Peucker, polygons by Visvalingam–Whyatt keeping their topology, then
/// triangulated once. Parts smaller than a pixel at a level's zoom are left out of it (a
/// feature keeps its largest part, so that it stays on the map).
fn levels_of(parts: &[Part]) -> Vec<(f64, Vec<Part>)> {
    let full = PreparedFeature::vertex_count(parts);
    if full < LEVEL_MIN_VERTICES {
        return Vec::new();
    }
    let extents: Vec<f64> = parts.iter().map(extent).collect();
    let largest = (0..parts.len()).max_by(|&a, &b| extents[a].total_cmp(&extents[b]));
    let mut levels: Vec<(f64, Vec<Part>)> = Vec::new();
    let mut finer = full;
    for &zoom in LEVEL_ZOOMS.iter().rev() {
        let tolerance = LEVEL_TOLERANCE_PX / (TILE_SIZE * zoom.exp2());
        // Each copy is simplified from the next finer one: cheaper, and the errors stay within
        // the coarser tolerance. A copy leaves out parts, so its parts are not aligned with
        // the full geometry's; the largest part is the first of each copy.
        let source: Vec<&Part> = match levels.last() {
            Some((_, finer)) => finer.iter().collect(),
            None => largest
                .into_iter()
                .map(|i| &parts[i])
                .chain(
                    parts
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| Some(i) != largest)
                        .map(|(_, p)| p),
                )
                .collect(),
        };
        let simplified: Vec<Part> = source
            .iter()
            .enumerate()
            .filter(|&(n, part)| n == 0 || extent(part) >= tolerance * 2.0)
            .filter_map(|(_, part)| match part {
                Part::Line(path) => Some(Part::Line(Path {
                    origin: path.origin,
                    coords: simplify_line(path, tolerance),
                })),
                Part::Fill(fill) => simplify_fill(fill, tolerance).map(|f| Part::Fill(Box::new(f))),
                Part::Point(p) => Some(Part::Point(*p)),
            })
            .collect();
        let count = PreparedFeature::vertex_count(&simplified);
        // A copy that saves little is not worth its memory.
        if count * 10 < finer * 8 && !simplified.is_empty() {
            levels.push((zoom, simplified));
            finer = count;
        }
    }
    levels.reverse();
    levels
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

fn fills_of(m: &geo::MultiPolygon<f64>) -> Vec<Part> {
    m.iter().map(|p| Part::Fill(Box::new(fill_of(p)))).collect()
}

impl Prepared {
    /// Adds prepared features (of features added to `dataset`, in the same order, already in
    /// it).
    pub fn extend_features(&mut self, dataset: &Dataset, features: Vec<PreparedFeature>) {
        self.features.extend(features);
        self.index = index_of(&self.features);
        self.order(dataset);
    }

    /// The drawing order: by kind, larger areas below smaller ones (so the smaller stays
    /// clickable), then as listed.
    fn order(&mut self, dataset: &Dataset) {
        let layer_of: std::collections::HashMap<&str, u32> = dataset
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), i as u32))
            .collect();
        let count = self.features.len().min(dataset.features.len());
        let mut order: Vec<u32> = (0..count as u32).collect();
        let rank = |i: u32| {
            dataset
                .features
                .get(i as usize)
                .map_or(u8::MAX, |f| draw_rank(f.kind))
        };
        order.sort_by(|&a, &b| {
            rank(a).cmp(&rank(b)).then(
                self.features[b as usize]
                    .area
                    .total_cmp(&self.features[a as usize].area),
            )
        });
        let mut placement = vec![
            Placement {
                layer: u32::MAX,
                style: 0,
                dashed: false,
                timeless: false,
                bounds: [
                    f32::INFINITY,
                    f32::INFINITY,
                    f32::NEG_INFINITY,
                    f32::NEG_INFINITY
                ],
                point: None,
            };
            self.features.len()
        ];
        // Styles follow from the kind and a colour: one entry for each pair met.
        let mut styles = vec![kind_style(Kind::Place)];
        type StyleKey = (Kind, Option<Color32>, Option<karabakh_data::Control>);
        let mut style_of: std::collections::HashMap<StyleKey, u32> =
            std::collections::HashMap::new();
        for &i in &order {
            let (Some(feature), Some(slot)) = (
                dataset.features.get(i as usize),
                placement.get_mut(i as usize),
            ) else {
                continue;
            };
            *slot = Placement {
                layer: layer_of.get(&*feature.layer).copied().unwrap_or(u32::MAX),
                style: *style_of
                    .entry((feature.kind, color_hint(feature), feature.control))
                    .or_insert_with(|| {
                        styles.push(feature_style(feature));
                        styles.len() as u32 - 1
                    }),
                dashed: feature.accuracy.is_approximate(),
                timeless: feature.validity == karabakh_time::Validity::ALWAYS,
                bounds: self.features.get(i as usize).map_or(
                    [
                        f32::INFINITY,
                        f32::INFINITY,
                        f32::NEG_INFINITY,
                        f32::NEG_INFINITY,
                    ],
                    |f| {
                        let (a, b) = f.bounds;
                        // One f32 step outwards, so rounding never culls what is in view.
                        let down = |v: f64| (v as f32).next_down();
                        let up = |v: f64| (v as f32).next_up();
                        [down(a.x), down(a.y), up(b.x), up(b.y)]
                    },
                ),
                point: self
                    .features
                    .get(i as usize)
                    .and_then(|f| match f.parts.as_slice() {
                        [Part::Point(w)] if f.levels.is_empty() => Some(*w),
                        _ => None,
                    }),
            };
        }
        self.placement = placement;
        self.styles = styles;
        // Labels: towns first, then checkpoints, then events.
        let importance = |kind: Kind| match kind {
            Kind::Town => Some(0),
            Kind::Checkpoint => Some(1),
            Kind::Event => Some(2),
            _ => None,
        };
        let mut labelled: Vec<(u8, u32)> = dataset
            .features
            .iter()
            .take(count)
            .enumerate()
            .filter_map(|(i, f)| importance(f.kind).map(|k| (k, i as u32)))
            .collect();
        labelled.sort_unstable();
        self.labelled = labelled.into_iter().map(|(_, i)| i).collect();
        self.draw_order = order;
    }

    /// Indices of the features whose bounds meet the world box `min`–`max` (in no order).
    pub fn features_in(&self, min: World, max: World) -> impl Iterator<Item = usize> + '_ {
        let envelope = rstar::AABB::from_corners([min.x, min.y], [max.x, max.y]);
        self.index
            .locate_in_envelope_intersecting(&envelope)
            .map(|g| g.data as usize)
    }

    /// Whether the box `min`–`max` takes in a good part of all features' box: then checking
    /// every feature is quicker than asking the tree (which pays per feature found).
    pub fn mostly_in(&self, min: World, max: World) -> bool {
        use rstar::Envelope;
        let all = self.index.root().envelope();
        let query = rstar::AABB::from_corners([min.x, min.y], [max.x, max.y]);
        let overlap = all.intersection_area(&query);
        overlap * 4.0 >= all.area()
    }

    pub fn new(dataset: &Dataset, basemap: &Basemap) -> Prepared {
        let features = prepare_features(&dataset.features);
        let country_shapes = basemap
            .countries
            .iter()
            .filter_map(|(name, m)| Some((name.clone(), m.clone(), m.bounding_rect()?)))
            .collect();
        let base = PreparedBasemap {
            countries: basemap
                .countries
                .iter()
                .map(|(n, m)| (n.clone(), fills_of(m)))
                .collect(),
            country_shapes,
            lakes: basemap.lakes.iter().map(|(_, m)| fills_of(m)).collect(),
            rivers: basemap
                .rivers
                .iter()
                .map(|(level, l)| (*level, path_of(l)))
                .collect(),
            provinces: basemap.provinces.iter().map(path_of).collect(),
            borders: basemap.borders.iter().map(path_of).collect(),
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
        let mut prepared = Prepared {
            features,
            basemap: base,
            rasters,
            raster_meshes,
            draw_order: Vec::new(),
            placement: Vec::new(),
            styles: Vec::new(),
            labelled: Vec::new(),
            index,
        };
        prepared.order(dataset);
        prepared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_within_a_tenth_of_a_pixel_at_zoom_18_for_a_region() {
        // A 300 km line at Karabakh's latitude, kept as offsets, then read back.
        let line = LineString::from(vec![(44.5, 38.8), (47.5, 40.8), (45.0, 40.0)]);
        let path = path_of(&line);
        let scale = TILE_SIZE * 18f64.exp2();
        for (c, &o) in line.0.iter().zip(&path.coords) {
            let exact = world_of(c);
            let back = path.world(o);
            let px = ((exact.x - back.x).abs().max((exact.y - back.y).abs())) * scale;
            assert!(px < 0.1, "{px} px off");
        }
    }

    #[test]
    fn fills_index_their_own_rings_and_cover_the_polygon() {
        let square = Polygon::new(
            LineString::from(vec![
                (46.0, 39.0),
                (47.0, 39.0),
                (47.0, 40.0),
                (46.0, 40.0),
                (46.0, 39.0),
            ]),
            vec![LineString::from(vec![
                (46.4, 39.4),
                (46.6, 39.4),
                (46.6, 39.6),
                (46.4, 39.6),
                (46.4, 39.4),
            ])],
        );
        let fill = fill_of(&square);
        assert_eq!(fill.ring_ends, vec![4, 8]);
        assert_eq!(fill.rings.len(), 8);
        assert!(!fill.is_triangulated(), "triangles wait until drawn");
        assert!(
            fill.triangles()
                .indices
                .iter()
                .all(|&i| (i as usize) < fill.rings.len())
        );
        // The triangles' area is the square's less the hole's, in world units.
        let world = |i: u32| fill.rings.world(fill.rings.coords[i as usize]);
        let area: f64 = fill
            .triangles()
            .indices
            .chunks_exact(3)
            .map(|t| {
                let (a, b, c) = (world(t[0]), world(t[1]), world(t[2]));
                ((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)).abs() / 2.0
            })
            .sum();
        let rings: Vec<f64> = fill.ring_slices().map(ring_area).collect();
        assert!(
            (area - (rings[0] - rings[1])).abs() < area * 1e-4,
            "{area} {rings:?}"
        );
    }

    /// The area the triangles of a fill cover, in world units.
    fn triangle_area(fill: &Fill) -> f64 {
        let point = |i: u32| {
            let i = i as usize;
            let o = fill
                .rings
                .coords
                .get(i)
                .or_else(|| fill.triangles().extra.get(i - fill.rings.len()))
                .copied()
                .expect("index in range");
            fill.rings.world(o)
        };
        fill.triangles()
            .indices
            .chunks_exact(3)
            .map(|t| {
                let (a, b, c) = (point(t[0]), point(t[1]), point(t[2]));
                ((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)).abs() / 2.0
            })
            .sum()
    }

    #[test]
    fn a_polygon_with_many_holes_is_swept_and_covers_its_area() {
        // A square with 30 square lakes: beyond what earcut is given.
        let square = |x: f64, y: f64, s: f64| {
            LineString::from(vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)])
        };
        let holes: Vec<LineString<f64>> = (0..30)
            .map(|i| {
                square(
                    46.05 + f64::from(i % 6) * 0.15,
                    39.05 + f64::from(i / 6) * 0.18,
                    0.05,
                )
            })
            .collect();
        let polygon = Polygon::new(square(46.0, 39.0, 1.0), holes);
        let fill = fill_of(&polygon);
        assert!(!fill.triangles().extra.is_empty(), "the sweep's own points");
        let rings: Vec<f64> = fill.ring_slices().map(ring_area).collect();
        let expected = rings[0] - rings[1..].iter().sum::<f64>();
        let area = triangle_area(&fill);
        assert!(
            (area - expected).abs() < expected * 1e-3,
            "{area} vs {expected}"
        );
    }

    #[test]
    fn simplified_lines_stay_within_the_tolerance_and_keep_their_ends() {
        let points: Vec<World> = (0..2000)
            .map(|i| {
                let t = f64::from(i) / 2000.0;
                World::from_lon_lat(45.0 + t * 2.0, 40.0 + (t * 40.0).sin() * 0.05)
            })
            .collect();
        let path = Path::from_world(points.iter().copied());
        let tolerance = LEVEL_TOLERANCE_PX / (TILE_SIZE * 8f64.exp2());
        let kept = simplify_line(&path, tolerance);
        assert!(kept.len() < 400, "{} kept", kept.len());
        assert_eq!(kept.first(), path.coords.first());
        assert_eq!(kept.last(), path.coords.last());
        for &p in &path.coords {
            let nearest = kept
                .windows(2)
                .map(|w| segment_dist2(p, w[0], w[1]).sqrt())
                .fold(f64::INFINITY, f64::min);
            assert!(nearest <= tolerance * 1.001, "{nearest} > {tolerance}");
        }
    }
}
