//! Fills' triangles: earcut for most polygons, a sweep (iTriangle) for those with many holes
//! or points, or where earcut fails.

use super::parts::{Offset, Path, ring_area};

/// Above this many holes or points a polygon is triangulated by a sweep (iTriangle), whose
/// time grows as n log n; earcut bridges each hole to the outer ring in turn, which takes
/// minutes on a country with hundreds of lakes.
const SWEEP_HOLES: usize = 16;
const SWEEP_POINTS: usize = 100_000;

/// Triangulates rings (outer first), in Mercator where the map draws them, so that triangles
/// do not bulge. Returns the triangles as indices into the rings' points followed by the
/// second part, points of its own that the triangulation needed (empty for earcut).
pub(crate) fn triangulate(rings: &Path, ring_ends: &[u32]) -> (Vec<u32>, Vec<Offset>) {
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

#[cfg(test)]
mod tests {
    use geo::{LineString, Polygon};

    use super::super::parts::{Fill, ring_area};
    use super::super::project::fill_of;

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
}
