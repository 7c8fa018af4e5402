//! Geometry checked before it enters the model: every position finite and within ±180/±90,
//! lines of two positions or more, rings of four or more that close and do not cross
//! themselves. Shared by the streaming GeoJSON reader ([`super::parse`]), the `geojson` crate's
//! types (the basemap) and KML.

use geo::{
    Coord, Geometry, Intersects, Line, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use geojson::{GeometryValue, Position};

/// Converts a GeoJSON geometry, checking every position (finite, within ±180/±90) and every
/// ring (at least four positions, closed, not crossing). The error says what is wrong and where.
pub fn to_geo(value: &GeometryValue) -> Result<Geometry<f64>, String> {
    convert(value, Crossings::Refuse, &mut None)
}

/// Like [`to_geo`], but polygons whose rings cross are repaired; the second part says what was
/// repaired, if anything.
pub fn to_geo_repairing(value: &GeometryValue) -> Result<(Geometry<f64>, Option<String>), String> {
    let mut repaired = None;
    let geometry = convert(value, Crossings::Repair, &mut repaired)?;
    Ok((geometry, repaired))
}

fn convert(
    value: &GeometryValue,
    crossings: Crossings,
    repaired: &mut Option<String>,
) -> Result<Geometry<f64>, String> {
    let coords = |positions: &[Position]| -> Result<Vec<Coord<f64>>, String> {
        positions.iter().map(position).collect()
    };
    let mut polygons_of = |rings: &[Vec<Position>]| -> Result<Vec<Polygon<f64>>, String> {
        let (polygons, note) = polygons(
            rings.iter().map(|r| coords(r)).collect::<Result<_, _>>()?,
            crossings,
        )?;
        if repaired.is_none() {
            *repaired = note;
        }
        Ok(polygons)
    };
    Ok(match value {
        GeometryValue::Point { coordinates } => Point(position(coordinates)?).into(),
        GeometryValue::MultiPoint { coordinates } => {
            nonempty(coordinates, "MultiPoint")?;
            MultiPoint(coords(coordinates)?.into_iter().map(Point).collect()).into()
        }
        GeometryValue::LineString { coordinates } => line(coords(coordinates)?)?.into(),
        GeometryValue::MultiLineString { coordinates } => {
            nonempty(coordinates, "MultiLineString")?;
            MultiLineString(
                coordinates
                    .iter()
                    .map(|l| line(coords(l)?))
                    .collect::<Result<_, _>>()?,
            )
            .into()
        }
        GeometryValue::Polygon { coordinates } => {
            let mut polygons = polygons_of(coordinates)?;
            match polygons.len() {
                1 => polygons.remove(0).into(),
                _ => MultiPolygon(polygons).into(),
            }
        }
        GeometryValue::MultiPolygon { coordinates } => {
            nonempty(coordinates, "MultiPolygon")?;
            let mut all = Vec::with_capacity(coordinates.len());
            for rings in coordinates {
                all.extend(polygons_of(rings)?);
            }
            MultiPolygon(all).into()
        }
        GeometryValue::GeometryCollection { geometries } => {
            nonempty(geometries, "GeometryCollection")?;
            Geometry::GeometryCollection(
                geometries
                    .iter()
                    .map(|g| convert(&g.value, crossings, repaired))
                    .collect::<Result<_, _>>()?,
            )
        }
    })
}

pub(crate) fn nonempty<T>(items: &[T], what: &str) -> Result<(), String> {
    if items.is_empty() {
        Err(format!("empty {what}"))
    } else {
        Ok(())
    }
}

fn position(position: &Position) -> Result<Coord<f64>, String> {
    let values = position.as_slice();
    let (Some(&x), Some(&y)) = (values.first(), values.get(1)) else {
        return Err(format!("position {values:?} has fewer than two numbers"));
    };
    coord(x, y)
}

/// A position as longitude and latitude, refused when not finite or out of range.
pub(crate) fn coord(x: f64, y: f64) -> Result<Coord<f64>, String> {
    if !x.is_finite() || !y.is_finite() {
        return Err(format!("position [{x}, {y}] is not finite"));
    }
    if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
        return Err(format!(
            "position [{x}, {y}] is outside longitude ±180 / latitude ±90 (GeoJSON is [lon, lat])"
        ));
    }
    Ok(Coord { x, y })
}

pub(crate) fn line(coords: Vec<Coord<f64>>) -> Result<LineString<f64>, String> {
    if coords.len() < 2 {
        return Err(format!(
            "a line needs at least 2 positions, found {}",
            coords.len()
        ));
    }
    Ok(LineString(coords))
}

/// A ring checked for what no repair can mend: too few positions, open, degenerate.
fn ring(coords: Vec<Coord<f64>>, which: &str) -> Result<LineString<f64>, String> {
    if coords.len() < 4 {
        return Err(format!(
            "polygon {which} ring has {} positions; a ring needs at least 4",
            coords.len()
        ));
    }
    if coords.first() != coords.last() {
        return Err(format!(
            "polygon {which} ring is not closed (first and last positions differ)"
        ));
    }
    let mut distinct = coords.windows(2).filter(|w| w[0] != w[1]).count();
    if distinct < 3 {
        distinct += 1;
        return Err(format!(
            "polygon {which} ring has {distinct} distinct positions; a ring needs at least 3"
        ));
    }
    Ok(LineString(coords))
}

/// What to do with a polygon whose rings cross themselves or each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Crossings {
    /// Refuse it: a dossier's own data must be clean, and `check` says where it is not.
    Refuse,
    /// Repair it into the area its outline encloses (even-odd, as an SVG draws it): other
    /// people's files often need it, real coastlines touch themselves here and there.
    Repair,
}

/// The polygons that `rings` (outer first) make: the one they describe, or, where they cross
/// and `crossings` says to repair, those that resolving the crossings gives; with what was
/// repaired, if anything.
pub(crate) fn polygons(
    rings: Vec<Vec<Coord<f64>>>,
    crossings: Crossings,
) -> Result<(Vec<Polygon<f64>>, Option<String>), String> {
    settle_polygon(polygon_as_read(rings)?, crossings)
}

/// A polygon from its rings (outer first), each checked for what no repair mends; whether
/// they cross is [`settle_polygon`]'s to say.
pub(crate) fn polygon_as_read(rings: Vec<Vec<Coord<f64>>>) -> Result<Polygon<f64>, String> {
    let mut rings = rings.into_iter();
    let Some(exterior) = rings.next() else {
        return Err("polygon has no rings".to_owned());
    };
    let exterior = ring(exterior, "outer")?;
    let interiors: Vec<LineString<f64>> = rings
        .enumerate()
        .map(|(i, r)| ring(r, &format!("inner #{}", i + 1)))
        .collect::<Result<_, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

/// A polygon whose rings do not cross, turned as fills expect: the one given, or, where its
/// rings cross and `crossings` says to repair, those that resolving the crossings gives; with
/// what was repaired, if anything.
pub(crate) fn settle_polygon(
    polygon: Polygon<f64>,
    crossings: Crossings,
) -> Result<(Vec<Polygon<f64>>, Option<String>), String> {
    let (exterior, interiors) = (polygon.exterior(), polygon.interiors());
    let crossing = std::iter::once(("outer".to_owned(), exterior))
        .chain(
            interiors
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("inner #{}", i + 1), r)),
        )
        .find(|(_, r)| ring_crosses_itself(&r.0))
        .map(|(which, _)| format!("invalid polygon: {which} ring has a self-intersection"))
        .or_else(|| {
            (!interiors.is_empty())
                .then(|| holes_are_valid(exterior, interiors).err())
                .flatten()
        });
    match (crossing, crossings) {
        (None, _) => Ok((vec![oriented(polygon)], None)),
        (Some(problem), Crossings::Refuse) => Err(problem),
        (Some(problem), Crossings::Repair) => {
            use geo::algorithm::bool_ops::{BooleanOps, FillRule, OpType};
            let repaired = polygon.boolean_op_with_fill_rule(
                &MultiPolygon::<f64>::new(Vec::new()),
                OpType::Union,
                FillRule::EvenOdd,
            );
            if repaired.0.is_empty() {
                return Err(format!(
                    "{problem}, and encloses no area once its crossings are resolved"
                ));
            }
            Ok((
                repaired.0.into_iter().map(oriented).collect(),
                Some(problem),
            ))
        }
    }
}

/// A geometry as read made whole: every polygon settled (see [`settle_polygon`]); with what
/// was repaired, if anything.
pub(crate) fn settle(
    geometry: Geometry<f64>,
    crossings: Crossings,
) -> Result<(Geometry<f64>, Option<String>), String> {
    let mut repaired = None;
    let mut note = |n: Option<String>| {
        if repaired.is_none() {
            repaired = n;
        }
    };
    let settled = match geometry {
        Geometry::Polygon(p) => {
            let (mut polygons, n) = settle_polygon(p, crossings)?;
            note(n);
            match polygons.len() {
                1 => polygons.remove(0).into(),
                _ => MultiPolygon(polygons).into(),
            }
        }
        Geometry::MultiPolygon(m) => {
            let mut all = Vec::with_capacity(m.0.len());
            for p in m {
                let (polygons, n) = settle_polygon(p, crossings)?;
                note(n);
                all.extend(polygons);
            }
            MultiPolygon(all).into()
        }
        Geometry::GeometryCollection(c) => {
            let mut members = Vec::with_capacity(c.0.len());
            for g in c {
                let (g, n) = settle(g, crossings)?;
                note(n);
                members.push(g);
            }
            Geometry::GeometryCollection(geo::GeometryCollection(members))
        }
        other => other,
    };
    Ok((settled, repaired))
}

/// Rings come in either winding; areas and fills want the outer counter-clockwise, holes
/// clockwise.
fn oriented(polygon: Polygon<f64>) -> Polygon<f64> {
    let (mut exterior, mut interiors) = polygon.into_inner();
    if twice_signed_area(&exterior.0) < 0.0 {
        exterior.0.reverse();
    }
    for hole in &mut interiors {
        if twice_signed_area(&hole.0) > 0.0 {
            hole.0.reverse();
        }
    }
    Polygon::new(exterior, interiors)
}

fn twice_signed_area(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum()
}

/// Holes inside the outer ring, not crossing it or each other on a line or an area: the checks
/// of geo's validation, without its pairwise test of every ring's edges (done above, faster).
fn holes_are_valid(
    exterior: &LineString<f64>,
    interiors: &[LineString<f64>],
) -> Result<(), String> {
    use geo::coordinate_position::CoordPos;
    use geo::dimensions::Dimensions;
    use geo::{BoundingRect, PreparedGeometry, Relate};
    let area = |ring: &LineString<f64>| Polygon::new(ring.clone(), Vec::new());
    let outer = area(exterior);
    let outer = PreparedGeometry::from(&outer);
    let holes: Vec<Polygon<f64>> = interiors.iter().map(area).collect();
    let boxes: Vec<_> = interiors.iter().map(|r| r.bounding_rect()).collect();
    for (i, hole) in holes.iter().enumerate() {
        let name = format!("inner #{}", i + 1);
        let prepared = PreparedGeometry::from(hole);
        let matrix = outer.relate(&prepared);
        if !matrix.is_contains() {
            return Err(format!(
                "invalid polygon: {name} ring is not inside the outer ring"
            ));
        }
        if matrix.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
            return Err(format!(
                "invalid polygon: the outer ring and the {name} ring share a line"
            ));
        }
        for (j, other) in holes.iter().enumerate().skip(i + 1) {
            let apart = match (boxes[i], boxes[j]) {
                (Some(a), Some(b)) => !a.intersects(&b),
                _ => true,
            };
            if apart {
                continue;
            }
            let matrix = prepared.relate(other);
            if matrix.get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional {
                return Err(format!(
                    "invalid polygon: the {name} and inner #{} rings overlap",
                    j + 1
                ));
            }
            if matrix.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional
            {
                return Err(format!(
                    "invalid polygon: the {name} and inner #{} rings share a line",
                    j + 1
                ));
            }
        }
    }
    Ok(())
}

/// Below this many edges a ring is checked pair by pair.
const SMALL_RING: usize = 48;

/// Whether two edges of a ring meet other than where one ends and the next begins: geo's test
/// (which compares every pair of edges, too slow for the rings of a coastline), applied only
/// to the pairs that share a cell of a grid laid over the ring, so the cost grows with the
/// number of edges and not with its square.
pub(crate) fn ring_crosses_itself(ring: &[Coord<f64>]) -> bool {
    let edges = ring.len().saturating_sub(1);
    let edge = |i: usize| Line::new(ring[i], ring[i + 1]);
    // The same exception as geo's: edges that touch end to start (neighbours, or a ring that
    // touches itself at a vertex) are not a crossing.
    let cross = |i: usize, j: usize| {
        let (a, b) = (edge(i), edge(j));
        let apart = a.start.x.max(a.end.x) < b.start.x.min(b.end.x)
            || b.start.x.max(b.end.x) < a.start.x.min(a.end.x)
            || a.start.y.max(a.end.y) < b.start.y.min(b.end.y)
            || b.start.y.max(b.end.y) < a.start.y.min(a.end.y);
        !apart && a.start != b.end && a.end != b.start && a.intersects(&b)
    };
    if edges <= SMALL_RING {
        return (0..edges).any(|i| (i + 1..edges).any(|j| cross(i, j)));
    }
    let (mut min, mut max) = (ring[0], ring[0]);
    for c in ring {
        min.x = min.x.min(c.x);
        min.y = min.y.min(c.y);
        max.x = max.x.max(c.x);
        max.y = max.y.max(c.y);
    }
    // About one edge per cell.
    let side = (edges as f64).sqrt().ceil().max(1.0) as usize;
    let (width, height) = (
        (max.x - min.x).max(f64::MIN_POSITIVE),
        (max.y - min.y).max(f64::MIN_POSITIVE),
    );
    let cell_of = |v: f64, lo: f64, extent: f64| -> usize {
        (((v - lo) / extent * side as f64) as usize).min(side - 1)
    };
    // The cells an edge passes through: for each column it spans, the rows its y covers
    // there (a little more, against rounding), so a long diagonal edge takes a band of cells
    // and not its whole box.
    let slack_x = width / side as f64 * 1e-6 + (min.x.abs() + max.x.abs()) * 1e-12;
    let slack_y = height / side as f64 * 1e-6 + (min.y.abs() + max.y.abs()) * 1e-12;
    let for_each_cell = |i: usize, visit: &mut dyn FnMut(usize)| {
        let (a, b) = (ring[i], ring[i + 1]);
        let (x0, x1) = (
            cell_of(a.x.min(b.x), min.x, width),
            cell_of(a.x.max(b.x), min.x, width),
        );
        let slope = if b.x != a.x {
            (b.y - a.y) / (b.x - a.x)
        } else {
            0.0
        };
        for cx in x0..=x1 {
            let (y_lo, y_hi) = if x0 == x1 {
                (a.y.min(b.y), a.y.max(b.y))
            } else {
                let left = (min.x + width * cx as f64 / side as f64 - slack_x).max(a.x.min(b.x));
                let right =
                    (min.x + width * (cx + 1) as f64 / side as f64 + slack_x).min(a.x.max(b.x));
                let (ya, yb) = (a.y + (left - a.x) * slope, a.y + (right - a.x) * slope);
                (ya.min(yb), ya.max(yb))
            };
            let y0 = cell_of(y_lo - slack_y, min.y, height);
            let y1 = cell_of(y_hi + slack_y, min.y, height);
            for cy in y0..=y1 {
                visit(cy * side + cx);
            }
        }
    };
    // Edges by cell, as one array with offsets (counting sort): no allocation per cell.
    let mut starts = vec![0u32; side * side + 1];
    for i in 0..edges {
        for_each_cell(i, &mut |c| starts[c + 1] += 1);
    }
    for c in 1..starts.len() {
        starts[c] += starts[c - 1];
    }
    let mut fill = starts.clone();
    let mut members = vec![0u32; starts[side * side] as usize];
    for i in 0..edges {
        for_each_cell(i, &mut |c| {
            members[fill[c] as usize] = i as u32;
            fill[c] += 1;
        });
    }
    (0..side * side).any(|c| {
        let cell = &members[starts[c] as usize..starts[c + 1] as usize];
        cell.iter()
            .enumerate()
            .any(|(n, &i)| cell[n + 1..].iter().any(|&j| cross(i as usize, j as usize)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Geometry<f64>, String> {
        let g: geojson::Geometry = serde_json::from_str(json).expect("test JSON is GeoJSON");
        to_geo(&g.value)
    }

    #[test]
    fn converts_every_geometry_type() {
        assert!(matches!(
            parse(r#"{"type":"Point","coordinates":[46.75,39.81]}"#),
            Ok(Geometry::Point(_))
        ));
        assert!(matches!(
            parse(r#"{"type":"LineString","coordinates":[[46,39],[47,40]]}"#),
            Ok(Geometry::LineString(_))
        ));
        assert!(matches!(
            parse(r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,40],[46,39]]]}"#),
            Ok(Geometry::Polygon(_))
        ));
        assert!(matches!(
            parse(
                r#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}"#
            ),
            Ok(Geometry::GeometryCollection(_))
        ));
    }

    #[test]
    fn refuses_out_of_range_and_short_positions() {
        let err = parse(r#"{"type":"Point","coordinates":[39.8,246.7]}"#).unwrap_err();
        assert!(err.contains("outside"), "{err}");
        let err = parse(r#"{"type":"LineString","coordinates":[[46,39]]}"#).unwrap_err();
        assert!(err.contains("at least 2"), "{err}");
    }

    #[test]
    fn clockwise_rings_are_turned_so_areas_are_positive() {
        use geo::Area;
        let cw = parse(
            r#"{"type":"Polygon","coordinates":[[[46,39],[46,40],[47,40],[47,39],[46,39]]]}"#,
        )
        .unwrap();
        assert!(cw.signed_area() > 0.0);
    }

    #[test]
    fn refuses_a_ring_that_crosses_itself() {
        // A bow tie.
        let err = parse(
            r#"{"type":"Polygon","coordinates":[[[46,39],[47,40],[47,39],[46,40],[46,39]]]}"#,
        )
        .unwrap_err();
        assert!(err.contains("self-intersection"), "{err}");
    }

    #[test]
    fn refuses_bad_rings() {
        let err = parse(r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,40],[46,40]]]}"#)
            .unwrap_err();
        assert!(err.contains("not closed"), "{err}");
        let err =
            parse(r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[46,39]]]}"#).unwrap_err();
        assert!(err.contains("at least 4"), "{err}");
        let err = parse(r#"{"type":"Polygon","coordinates":[]}"#).unwrap_err();
        assert!(err.contains("no rings"), "{err}");
        let err = parse(r#"{"type":"MultiPolygon","coordinates":[]}"#).unwrap_err();
        assert!(err.contains("empty"), "{err}");
    }

    /// Every pair of edges, as geo's validation compares them: the reference for the grid.
    fn crosses_by_every_pair(ring: &[Coord<f64>]) -> bool {
        let edges = ring.len() - 1;
        (0..edges).any(|i| {
            (0..edges).any(|j| {
                let (a, b) = (
                    Line::new(ring[i], ring[i + 1]),
                    Line::new(ring[j], ring[j + 1]),
                );
                i != j && a.intersects(&b) && a.start != b.end && a.end != b.start
            })
        })
    }

    #[test]
    fn the_grid_finds_the_same_crossings_as_every_pair() {
        // SplitMix64, for rings that are the same on every run.
        let mut state = 42u64;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        };
        let (mut simple, mut crossing) = (0, 0);
        for round in 0..300 {
            let n = 49 + (next() * 300.0) as usize;
            // Star-shaped rings are simple; a few points pulled far out or a random walk cross.
            let mut ring: Vec<Coord<f64>> = (0..n)
                .map(|i| {
                    let a = i as f64 / n as f64 * std::f64::consts::TAU;
                    let r = 1.0 + next() * 0.5;
                    Coord {
                        x: 46.0 + a.cos() * r,
                        y: 40.0 + a.sin() * r,
                    }
                })
                .collect();
            match round % 3 {
                0 => {}
                1 => {
                    let k = (next() * n as f64) as usize % n;
                    ring[k] = Coord {
                        x: 46.0 + next() * 6.0 - 3.0,
                        y: 40.0 + next() * 6.0 - 3.0,
                    };
                }
                _ => {
                    // Long edges in every direction: cells are crossed diagonally.
                    for c in ring.iter_mut().step_by(7) {
                        *c = Coord {
                            x: 46.0 + next() * 4.0 - 2.0,
                            y: 40.0 + next() * 4.0 - 2.0,
                        };
                    }
                }
            }
            ring.push(ring[0]);
            let expected = crosses_by_every_pair(&ring);
            assert_eq!(
                ring_crosses_itself(&ring),
                expected,
                "round {round}, {n} edges"
            );
            if expected { crossing += 1 } else { simple += 1 }
        }
        assert!(
            simple > 50 && crossing > 50,
            "{simple} simple, {crossing} crossing"
        );
    }

    #[test]
    fn a_ring_touching_itself_at_a_vertex_passes_as_in_geo() {
        // A figure eight through (1, 1): edges meet end to start there.
        let ring: Vec<Coord<f64>> = [
            (0.0, 0.0),
            (1.0, 1.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (1.0, 1.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ]
        .iter()
        .map(|&(x, y)| Coord { x, y })
        .collect();
        assert_eq!(ring_crosses_itself(&ring), crosses_by_every_pair(&ring));
    }
}
