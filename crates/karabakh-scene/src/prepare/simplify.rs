//! Simplified copies of a feature for overview zooms: fewer points where a pixel holds many.

use geo::{LineString, Polygon};

use super::parts::{Fill, Offset, Part, Path, PreparedFeature, bounds_of, ring_area};
use super::project::open_ring;
use crate::view::{TILE_SIZE, World};

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
pub(crate) fn levels_of(parts: &[Part]) -> Vec<(f64, Vec<Part>)> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
