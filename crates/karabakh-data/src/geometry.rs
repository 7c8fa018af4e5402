//! Geometry checked before it enters the model: every position finite and within ±180/±90,
//! lines of two positions or more, rings of four or more that close and do not cross
//! themselves. Shared by the streaming GeoJSON reader (`parse`), the `geojson` crate's types
//! (the basemap) and KML.

use std::fmt;

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use geojson::{GeometryValue, Position};

use super::topology::{self, MisplacedHole};

/// A ring of a polygon, as messages name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RingName {
    Outer,
    /// Counted from 1: the polygon's second ring is `inner #1`.
    Inner(usize),
}

impl RingName {
    /// The ring at `index` among a polygon's rings, outer first.
    fn at(index: usize) -> Self {
        match index {
            0 => RingName::Outer,
            n => RingName::Inner(n),
        }
    }
}

impl fmt::Display for RingName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RingName::Outer => f.write_str("outer"),
            RingName::Inner(n) => write!(f, "inner #{n}"),
        }
    }
}

/// What is wrong with a geometry: refused as it is, or, where a repair mends it, what was
/// repaired.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum InvalidGeometry {
    #[error("position [{x}, {y}] is not finite")]
    NotFinite { x: f64, y: f64 },
    #[error("position [{x}, {y}] is outside longitude ±180 / latitude ±90 (GeoJSON is [lon, lat])")]
    OutOfRange { x: f64, y: f64 },
    #[error("an empty position; it needs two numbers, [longitude, latitude]")]
    EmptyPosition,
    #[error("a position has {numbers} number(s); it needs two, [longitude, latitude]")]
    ShortPosition { numbers: usize },
    /// A MultiPoint, MultiLineString, MultiPolygon or GeometryCollection of nothing.
    #[error("empty {0}")]
    Empty(&'static str),
    #[error("a line needs at least 2 positions, found {positions}")]
    ShortLine { positions: usize },
    #[error("polygon has no rings")]
    NoRings,
    #[error("polygon {ring} ring has {positions} positions; a ring needs at least 4")]
    ShortRing { ring: RingName, positions: usize },
    #[error("polygon {ring} ring is not closed (first and last positions differ)")]
    OpenRing { ring: RingName },
    #[error("polygon {ring} ring has {distinct} distinct positions; a ring needs at least 3")]
    DegenerateRing { ring: RingName, distinct: usize },
    #[error("invalid polygon: {ring} ring has a self-intersection")]
    SelfIntersection { ring: RingName },
    #[error("invalid polygon: the {first} and {second} rings cross")]
    RingsCross { first: RingName, second: RingName },
    #[error("invalid polygon: inner #{hole} ring is not inside the outer ring")]
    HoleOutside { hole: usize },
    #[error(transparent)]
    MisplacedHole(#[from] MisplacedHole),
    #[error("{0}, and the repair failed on it")]
    Unrepaired(Box<InvalidGeometry>),
    #[error("{0}, and encloses no area once its crossings are resolved")]
    EnclosesNothing(Box<InvalidGeometry>),
}

/// Polygons whose rings cross nothing, and what had to be repaired to make them, if anything.
pub(crate) type Settled = (Vec<Polygon<f64>>, Option<InvalidGeometry>);

/// Converts a GeoJSON geometry, checking every position (finite, within ±180/±90) and every
/// ring (at least four positions, closed, not crossing). The error says what is wrong and where.
pub fn to_geo(value: &GeometryValue) -> Result<Geometry<f64>, InvalidGeometry> {
    convert(value, Crossings::Refuse, &mut None)
}

/// Like [`to_geo`], but polygons whose rings cross are repaired; the second part says what was
/// repaired, if anything.
pub fn to_geo_repairing(
    value: &GeometryValue,
) -> Result<(Geometry<f64>, Option<InvalidGeometry>), InvalidGeometry> {
    let mut repaired = None;
    let geometry = convert(value, Crossings::Repair, &mut repaired)?;
    Ok((geometry, repaired))
}

/// A GeoJSON geometry checked, its polygons settled as `crossings` says; the first repair made
/// goes to `repaired`.
fn convert(
    value: &GeometryValue,
    crossings: Crossings,
    repaired: &mut Option<InvalidGeometry>,
) -> Result<Geometry<f64>, InvalidGeometry> {
    let mut polygons_of = |rings: &[Vec<Position>]| -> Result<Vec<Polygon<f64>>, InvalidGeometry> {
        let rings = rings.iter().map(|r| coords(r)).collect::<Result<_, _>>()?;
        let (polygons, note) = settle_polygon(polygon_as_read(rings)?, crossings)?;
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
        GeometryValue::Polygon { coordinates } => one_or_many(polygons_of(coordinates)?),
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

/// A polygon that settling left whole, or the pieces it became.
fn one_or_many(mut polygons: Vec<Polygon<f64>>) -> Geometry<f64> {
    match polygons.len() {
        1 => polygons.remove(0).into(),
        _ => MultiPolygon(polygons).into(),
    }
}

pub(crate) fn nonempty<T>(items: &[T], what: &'static str) -> Result<(), InvalidGeometry> {
    if items.is_empty() {
        Err(InvalidGeometry::Empty(what))
    } else {
        Ok(())
    }
}

fn coords(positions: &[Position]) -> Result<Vec<Coord<f64>>, InvalidGeometry> {
    positions.iter().map(position).collect()
}

fn position(position: &Position) -> Result<Coord<f64>, InvalidGeometry> {
    match position.as_slice() {
        [] => Err(InvalidGeometry::EmptyPosition),
        [_] => Err(InvalidGeometry::ShortPosition { numbers: 1 }),
        [x, y, ..] => coord(*x, *y),
    }
}

/// A position as longitude and latitude, refused when not finite or out of range.
pub(crate) fn coord(x: f64, y: f64) -> Result<Coord<f64>, InvalidGeometry> {
    if !x.is_finite() || !y.is_finite() {
        return Err(InvalidGeometry::NotFinite { x, y });
    }
    if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
        return Err(InvalidGeometry::OutOfRange { x, y });
    }
    Ok(Coord { x, y })
}

pub(crate) fn line(coords: Vec<Coord<f64>>) -> Result<LineString<f64>, InvalidGeometry> {
    if coords.len() < 2 {
        return Err(InvalidGeometry::ShortLine {
            positions: coords.len(),
        });
    }
    Ok(LineString(coords))
}

/// A ring checked for what no repair can mend: too few positions, open, degenerate.
fn ring(mut coords: Vec<Coord<f64>>, name: RingName) -> Result<LineString<f64>, InvalidGeometry> {
    if coords.len() < 4 {
        return Err(InvalidGeometry::ShortRing {
            ring: name,
            positions: coords.len(),
        });
    }
    if coords.first() != coords.last() {
        return Err(InvalidGeometry::OpenRing { ring: name });
    }
    // A position repeated at once adds nothing to the outline, and an edge of no length has
    // no direction to tell a crossing from a touch by.
    coords.dedup();
    if coords.len() < 4 {
        return Err(InvalidGeometry::DegenerateRing {
            ring: name,
            distinct: coords.len().saturating_sub(1).max(1),
        });
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

/// A polygon from its rings (outer first), each checked for what no repair mends; whether
/// they cross is [`settle_polygon`]'s to say.
pub(crate) fn polygon_as_read(
    rings: Vec<Vec<Coord<f64>>>,
) -> Result<Polygon<f64>, InvalidGeometry> {
    let mut rings = rings.into_iter();
    let Some(exterior) = rings.next() else {
        return Err(InvalidGeometry::NoRings);
    };
    let exterior = ring(exterior, RingName::Outer)?;
    let interiors: Vec<LineString<f64>> = rings
        .enumerate()
        .map(|(i, r)| ring(r, RingName::Inner(i + 1)))
        .collect::<Result<_, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

/// A polygon whose rings do not cross, turned as fills expect: the one given, or, where its
/// rings cross and `crossings` says to repair, those that resolving the crossings gives; with
/// what was repaired, if anything.
pub(crate) fn settle_polygon(
    polygon: Polygon<f64>,
    crossings: Crossings,
) -> Result<Settled, InvalidGeometry> {
    let crossed = topology::crossings(&rings_of(&polygon));
    let Some(&(a, b)) = crossed.first() else {
        return place_holes(polygon, crossings, None);
    };
    let problem = if a == b {
        InvalidGeometry::SelfIntersection {
            ring: RingName::at(a),
        }
    } else {
        InvalidGeometry::RingsCross {
            first: RingName::at(a),
            second: RingName::at(b),
        }
    };
    if crossings == Crossings::Refuse {
        return Err(problem);
    }
    let rings = CrossedRings::new(polygon, &crossed);
    // Pairs come in order: the outer ring's would be first.
    if a > 0 {
        rings.uncross_holes(problem)
    } else {
        rings.repair_outline(problem)
    }
}

/// A polygon whose rings cross, its holes sorted by whether they take part: the rings that
/// cross go through the overlay together and the rest stay as they are, so that a country's
/// two adjacent lakes, or a few crossings of its coastline, do not make its thousands of other
/// lakes go through it too.
struct CrossedRings {
    exterior: LineString<f64>,
    crossing_holes: Vec<LineString<f64>>,
    other_holes: Vec<LineString<f64>>,
}

impl CrossedRings {
    fn new(polygon: Polygon<f64>, crossed: &[(usize, usize)]) -> Self {
        let involved: std::collections::BTreeSet<usize> =
            crossed.iter().flat_map(|&(a, b)| [a, b]).collect();
        let (exterior, interiors) = polygon.into_inner();
        let (mut crossing_holes, mut other_holes) = (Vec::new(), Vec::new());
        for (n, hole) in interiors.into_iter().enumerate() {
            if involved.contains(&(n + 1)) {
                crossing_holes.push(hole);
            } else {
                other_holes.push(hole);
            }
        }
        CrossedRings {
            exterior,
            crossing_holes,
            other_holes,
        }
    }

    /// Only holes cross: they become the rings of the area they enclose, holes of the outer
    /// ring like the others.
    fn uncross_holes(self, problem: InvalidGeometry) -> Result<Settled, InvalidGeometry> {
        let rings: Vec<&[Coord<f64>]> =
            self.crossing_holes.iter().map(|r| r.0.as_slice()).collect();
        let Some(uncrossed) = topology::uncross(&rings) else {
            return Err(InvalidGeometry::Unrepaired(Box::new(problem)));
        };
        let mut holes = self.other_holes;
        holes.extend(uncrossed);
        place_holes(
            Polygon::new(self.exterior, holes),
            Crossings::Repair,
            Some(problem),
        )
    }

    /// The outer ring crosses: it and the holes it crosses become pieces, and each other hole
    /// goes to the piece that holds it.
    fn repair_outline(self, problem: InvalidGeometry) -> Result<Settled, InvalidGeometry> {
        let outline: Vec<&[Coord<f64>]> = std::iter::once(&self.exterior)
            .chain(&self.crossing_holes)
            .map(|r| r.0.as_slice())
            .collect();
        let Some(pieces) = topology::repair(&outline) else {
            return Err(InvalidGeometry::Unrepaired(Box::new(problem)));
        };
        match homes_of(&pieces, &self.other_holes) {
            Some(homes) => holes_into_pieces(pieces, self.other_holes, &homes, problem),
            // A hole on an outline, or around other rings: the whole polygon is repaired.
            None => {
                let mut interiors = self.crossing_holes;
                interiors.extend(self.other_holes);
                repair(&Polygon::new(self.exterior, interiors), problem)
            }
        }
    }
}

/// For each hole, the piece that holds it, or `None` for one outside every piece (which
/// encloses an area of its own, even-odd). `None` as a whole when that does not work out: a
/// hole on a piece's outline, or a hole outside every piece that holds a piece or another
/// such hole.
fn homes_of(pieces: &[Polygon<f64>], holes: &[LineString<f64>]) -> Option<Vec<Option<usize>>> {
    let outlines: Vec<&[Coord<f64>]> = pieces.iter().map(|p| p.exterior().0.as_slice()).collect();
    let hole_rings: Vec<&[Coord<f64>]> = holes.iter().map(|r| r.0.as_slice()).collect();
    let homes = topology::containing(&outlines, &hole_rings).ok()?;
    let mut rings = outlines.clone();
    rings.extend(
        hole_rings
            .iter()
            .zip(&homes)
            .filter(|(_, home)| home.is_none())
            .map(|(ring, _)| *ring),
    );
    let islands_apart = topology::first_nested(&rings, |s| s >= outlines.len()).is_none();
    islands_apart.then_some(homes)
}

/// The repaired pieces with each hole in the piece that holds it (`homes`, from [`homes_of`]),
/// and the holes outside every piece as islands.
fn holes_into_pieces(
    pieces: Vec<Polygon<f64>>,
    holes: Vec<LineString<f64>>,
    homes: &[Option<usize>],
    problem: InvalidGeometry,
) -> Result<Settled, InvalidGeometry> {
    let mut holes_of: Vec<Vec<LineString<f64>>> =
        pieces.iter().map(|p| p.interiors().to_vec()).collect();
    let mut islands = Vec::new();
    for (hole, home) in holes.into_iter().zip(homes) {
        match home.and_then(|h| holes_of.get_mut(h)) {
            Some(list) => list.push(hole),
            None => islands.push(oriented(Polygon::new(hole, Vec::new()))),
        }
    }
    let mut settled = Vec::with_capacity(pieces.len());
    for (piece, holes) in pieces.into_iter().zip(holes_of) {
        let (exterior, _) = piece.into_inner();
        let (polygons, _) = place_holes(
            Polygon::new(exterior, holes),
            Crossings::Repair,
            Some(problem.clone()),
        )?;
        settled.extend(polygons);
    }
    settled.extend(islands);
    if settled.is_empty() {
        return Err(InvalidGeometry::EnclosesNothing(Box::new(problem)));
    }
    Ok((settled, Some(problem)))
}

/// A polygon whose rings do not cross, with each hole where it belongs: inside the outer ring,
/// or, for holes that lie outside it and `crossings` says to repair, polygons of their own.
/// `problem` is what was repaired before, if anything.
fn place_holes(
    polygon: Polygon<f64>,
    crossings: Crossings,
    problem: Option<InvalidGeometry>,
) -> Result<Settled, InvalidGeometry> {
    if polygon.interiors().is_empty() {
        return Ok((vec![oriented(polygon)], problem));
    }
    let outside = match (topology::holes_outside(&rings_of(&polygon)), crossings) {
        (Ok(outside), _) if !outside.contains(&true) => {
            return Ok((vec![oriented(polygon)], problem));
        }
        (Ok(outside), _) => outside,
        (Err(why), Crossings::Refuse) => return Err(why.into()),
        (Err(why), Crossings::Repair) => {
            return repair(&polygon, problem.unwrap_or(why.into()));
        }
    };
    let first = outside.iter().position(|&o| o).unwrap_or(0);
    let why = InvalidGeometry::HoleOutside { hole: first + 1 };
    if crossings == Crossings::Refuse {
        return Err(why);
    }
    // Holes that lie wholly outside the outer ring enclose areas of their own, as the outline
    // is filled (even-odd): each becomes a polygon, and the rest stands.
    let (exterior, interiors) = polygon.into_inner();
    let mut kept = Vec::new();
    let mut apart = Vec::new();
    for (hole, outside) in interiors.into_iter().zip(outside) {
        if outside {
            apart.push(oriented(Polygon::new(hole, Vec::new())));
        } else {
            kept.push(hole);
        }
    }
    let mut polygons = vec![oriented(Polygon::new(exterior, kept))];
    polygons.extend(apart);
    Ok((polygons, Some(problem.unwrap_or(why))))
}

/// A polygon's rings, outer first, as [`topology`] takes them.
fn rings_of(polygon: &Polygon<f64>) -> Vec<&[Coord<f64>]> {
    std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(|r| r.0.as_slice())
        .collect()
}

/// The whole polygon through the overlay (see [`topology::repair`]).
fn repair(polygon: &Polygon<f64>, problem: InvalidGeometry) -> Result<Settled, InvalidGeometry> {
    let Some(repaired) = topology::repair(&rings_of(polygon)) else {
        return Err(InvalidGeometry::Unrepaired(Box::new(problem)));
    };
    if repaired.is_empty() {
        return Err(InvalidGeometry::EnclosesNothing(Box::new(problem)));
    }
    Ok((repaired.into_iter().map(oriented).collect(), Some(problem)))
}

/// A geometry as read made whole: every polygon settled (see [`settle_polygon`]); with what
/// was repaired, if anything.
pub(crate) fn settle(
    geometry: Geometry<f64>,
    crossings: Crossings,
) -> Result<(Geometry<f64>, Option<InvalidGeometry>), InvalidGeometry> {
    let mut repaired = None;
    let mut note = |n: Option<InvalidGeometry>| {
        if repaired.is_none() {
            repaired = n;
        }
    };
    let settled = match geometry {
        Geometry::Polygon(p) => {
            let (polygons, n) = settle_polygon(p, crossings)?;
            note(n);
            one_or_many(polygons)
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
    if topology::twice_signed_area(&exterior.0) < 0.0 {
        exterior.0.reverse();
    }
    for hole in &mut interiors {
        if topology::twice_signed_area(&hole.0) > 0.0 {
            hole.0.reverse();
        }
    }
    Polygon::new(exterior, interiors)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The geometry, or what is wrong with it as a message says it.
    fn parse(json: &str) -> Result<Geometry<f64>, String> {
        let g: geojson::Geometry = serde_json::from_str(json).expect("test JSON is GeoJSON");
        to_geo(&g.value).map_err(|e| e.to_string())
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

    fn square(x: f64, y: f64, side: f64) -> LineString<f64> {
        LineString::from(vec![
            (x, y),
            (x + side, y),
            (x + side, y + side),
            (x, y + side),
            (x, y),
        ])
    }

    /// What the polygon's outline encloses filled even-odd, by geo's overlay of the whole: the
    /// reference for the repairs that touch only what crosses.
    fn even_odd_area(polygon: &Polygon<f64>) -> f64 {
        use geo::Area;
        use geo::algorithm::bool_ops::{BooleanOps, FillRule, OpType};
        polygon
            .boolean_op_with_fill_rule(
                &MultiPolygon::<f64>::new(Vec::new()),
                OpType::Union,
                FillRule::EvenOdd,
            )
            .unsigned_area()
    }

    fn settled(polygon: &Polygon<f64>) -> (Vec<Polygon<f64>>, Option<String>) {
        let (polygons, problem) =
            settle_polygon(polygon.clone(), Crossings::Repair).expect("repaired");
        (polygons, problem.map(|p| p.to_string()))
    }

    #[test]
    fn repairs_touch_only_the_rings_that_cross_and_keep_the_area() {
        use geo::Area;
        let area =
            |polygons: &[Polygon<f64>]| polygons.iter().map(|p| p.unsigned_area()).sum::<f64>();
        // Two lakes that share a shore, and one apart: the two become one, the third stays.
        let lakes = Polygon::new(
            square(0.0, 0.0, 10.0),
            vec![
                square(1.0, 1.0, 2.0),
                square(3.0, 1.0, 2.0),
                square(6.0, 6.0, 2.0),
            ],
        );
        let (polygons, problem) = settled(&lakes);
        assert!(problem.is_some_and(|p| p.contains("inner #1 and inner #2 rings cross")));
        assert_eq!(polygons.len(), 1);
        assert_eq!(polygons[0].interiors().len(), 2);
        // The lake apart is the same ring, turned clockwise as holes are.
        let mut apart = square(6.0, 6.0, 2.0);
        apart.0.reverse();
        assert!(polygons[0].interiors().contains(&apart), "{polygons:?}");
        assert!((area(&polygons) - even_odd_area(&lakes)).abs() < 1e-9);
        assert!((area(&polygons) - 88.0).abs() < 1e-9);

        // A coastline crossing itself (a bow tie of two squares) with a lake in each half:
        // the outline becomes two pieces, each keeping its lake.
        let bow = LineString::from(vec![
            (0.0, 0.0),
            (10.0, 10.0),
            (10.0, 0.0),
            (0.0, 10.0),
            (0.0, 0.0),
        ]);
        let coast = Polygon::new(bow, vec![square(1.0, 4.0, 1.0), square(8.0, 4.0, 1.0)]);
        let (polygons, problem) = settled(&coast);
        assert!(problem.is_some_and(|p| p.contains("outer ring has a self-intersection")));
        assert_eq!(polygons.len(), 2);
        assert!(polygons.iter().all(|p| p.interiors().len() == 1));
        assert!((area(&polygons) - even_odd_area(&coast)).abs() < 1e-9);
        assert!((area(&polygons) - 48.0).abs() < 1e-9);

        // A hole written outside the outer ring is an island of its own.
        let island = Polygon::new(square(0.0, 0.0, 10.0), vec![square(12.0, 0.0, 2.0)]);
        let (polygons, problem) = settled(&island);
        assert!(problem.is_some_and(|p| p.contains("not inside the outer ring")));
        assert_eq!(polygons.len(), 2);
        assert!((area(&polygons) - 104.0).abs() < 1e-9);
        // ... and is refused in a dossier.
        assert!(settle_polygon(island, Crossings::Refuse).is_err());

        // A coastline that comes back to its own vertex around a bay: no repair at all.
        let pinched = Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (4.0, 0.0),
                (4.0, 4.0),
                (2.0, 4.0),
                (3.0, 2.0),
                (1.0, 2.0),
                (2.0, 4.0),
                (0.0, 4.0),
                (0.0, 0.0),
            ]),
            Vec::new(),
        );
        let (polygons, problem) = settle_polygon(pinched.clone(), Crossings::Refuse)
            .expect("a ring that touches itself is valid");
        assert_eq!((polygons.len(), problem), (1, None));
        assert!((area(&polygons) - even_odd_area(&pinched)).abs() < 1e-9);
    }

    #[test]
    fn a_position_repeated_at_once_is_dropped() {
        let g = parse(
            r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,39],[47,40],[46,40],[46,39]]]}"#,
        )
        .expect("valid once the repeat is dropped");
        let Geometry::Polygon(p) = g else {
            panic!("{g:?}")
        };
        assert_eq!(p.exterior().0.len(), 5);
    }
}
