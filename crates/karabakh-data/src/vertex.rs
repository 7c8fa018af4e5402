//! The vertices of a geometry, each named by where it stands (member, ring, index), and the
//! three things an editor does to one: move it, insert one before it, delete it. A polygon's
//! ring is edited as its distinct vertices: the closing coordinate follows the first.

use geo::{Coord, Geometry, LineString, Polygon};

/// Where a vertex stands: the member of a multi-geometry (0 for a single one), the ring of a
/// polygon (0 the exterior, then the holes; 0 for points and lines) and its place there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VertexRef {
    pub part: usize,
    pub ring: usize,
    pub index: usize,
}

impl VertexRef {
    pub fn new(part: usize, ring: usize, index: usize) -> Self {
        VertexRef { part, ring, index }
    }
}

/// Why a vertex edit cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VertexError {
    #[error("no vertex {index} in ring {ring} of part {part}")]
    NoSuchVertex {
        part: usize,
        ring: usize,
        index: usize,
    },
    #[error("a point has one vertex: move it, or delete the feature")]
    PointVertex,
    #[error("this kind of geometry is not edited vertex by vertex")]
    NotEditable,
}

/// Every vertex of `geometry` with its place (a ring's closing coordinate is not repeated).
pub fn vertices(geometry: &Geometry<f64>) -> Vec<(VertexRef, Coord<f64>)> {
    let mut out = Vec::new();
    let mut line = |part: usize, ring: usize, coords: &[Coord<f64>]| {
        for (index, c) in coords.iter().enumerate() {
            out.push((VertexRef::new(part, ring, index), *c));
        }
    };
    match geometry {
        Geometry::Point(p) => line(0, 0, &[p.0]),
        Geometry::MultiPoint(m) => {
            for (part, p) in m.0.iter().enumerate() {
                line(part, 0, &[p.0]);
            }
        }
        Geometry::LineString(l) => line(0, 0, &l.0),
        Geometry::MultiLineString(m) => {
            for (part, l) in m.0.iter().enumerate() {
                line(part, 0, &l.0);
            }
        }
        Geometry::Polygon(p) => polygon_vertices(0, p, &mut line),
        Geometry::MultiPolygon(m) => {
            for (part, p) in m.0.iter().enumerate() {
                polygon_vertices(part, p, &mut line);
            }
        }
        _ => {}
    }
    out
}

fn polygon_vertices(
    part: usize,
    polygon: &Polygon<f64>,
    line: &mut impl FnMut(usize, usize, &[Coord<f64>]),
) {
    for (ring, coords) in std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .enumerate()
    {
        line(part, ring, open(&coords.0));
    }
}

/// Each edge of `geometry` as the places of its two ends: where a vertex inserted at the
/// edge's middle goes is the second end's place (for a ring's closing edge, past the last).
pub fn edges(geometry: &Geometry<f64>) -> Vec<(VertexRef, Coord<f64>, Coord<f64>)> {
    let mut out = Vec::new();
    let mut add = |part: usize, ring: usize, coords: &[Coord<f64>], closed: bool| {
        let n = coords.len();
        let count = if closed { n } else { n.saturating_sub(1) };
        for i in 0..count {
            if let (Some(a), Some(b)) = (coords.get(i), coords.get((i + 1) % n)) {
                out.push((VertexRef::new(part, ring, i + 1), *a, *b));
            }
        }
    };
    match geometry {
        Geometry::LineString(l) => add(0, 0, &l.0, false),
        Geometry::MultiLineString(m) => {
            for (part, l) in m.0.iter().enumerate() {
                add(part, 0, &l.0, false);
            }
        }
        Geometry::Polygon(p) => {
            for (ring, r) in rings(p).enumerate() {
                add(0, ring, open(&r.0), true);
            }
        }
        Geometry::MultiPolygon(m) => {
            for (part, p) in m.0.iter().enumerate() {
                for (ring, r) in rings(p).enumerate() {
                    add(part, ring, open(&r.0), true);
                }
            }
        }
        _ => {}
    }
    out
}

fn rings(p: &Polygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    std::iter::once(p.exterior()).chain(p.interiors())
}

/// A ring's coordinates without the closing one.
fn open(coords: &[Coord<f64>]) -> &[Coord<f64>] {
    match coords {
        [first, .., last] if first == last => &coords[..coords.len() - 1],
        _ => coords,
    }
}

/// What is done to the vertex's list of coordinates.
#[derive(Clone, Copy)]
enum Op {
    Move(Coord<f64>),
    Insert(Coord<f64>),
    Delete,
}

/// `geometry` with the vertex at `at` moved to `to`.
pub fn moved(
    geometry: &Geometry<f64>,
    at: VertexRef,
    to: Coord<f64>,
) -> Result<Geometry<f64>, VertexError> {
    edited(geometry, at, Op::Move(to))
}

/// `geometry` with a vertex at `position` inserted at `at` (before the vertex there, or after
/// the last one).
pub fn inserted(
    geometry: &Geometry<f64>,
    at: VertexRef,
    position: Coord<f64>,
) -> Result<Geometry<f64>, VertexError> {
    edited(geometry, at, Op::Insert(position))
}

/// `geometry` without the vertex at `at` (it may be left too small to be valid: the caller
/// checks).
pub fn deleted(geometry: &Geometry<f64>, at: VertexRef) -> Result<Geometry<f64>, VertexError> {
    edited(geometry, at, Op::Delete)
}

fn edited(geometry: &Geometry<f64>, at: VertexRef, op: Op) -> Result<Geometry<f64>, VertexError> {
    let missing = VertexError::NoSuchVertex {
        part: at.part,
        ring: at.ring,
        index: at.index,
    };
    let point_op = |op: Op| match op {
        Op::Move(to) => Ok(geo::Point::from(to)),
        _ => Err(VertexError::PointVertex),
    };
    let mut g = geometry.clone();
    match (&mut g, at.part, at.ring) {
        (Geometry::Point(p), 0, 0) if at.index == 0 => *p = point_op(op)?,
        (Geometry::MultiPoint(m), part, 0) if at.index == 0 => {
            *m.0.get_mut(part).ok_or(missing.clone())? = point_op(op)?;
        }
        (Geometry::LineString(l), 0, 0) => list_edited(&mut l.0, at.index, op).ok_or(missing)?,
        (Geometry::MultiLineString(m), part, 0) => {
            let l = m.0.get_mut(part).ok_or(missing.clone())?;
            list_edited(&mut l.0, at.index, op).ok_or(missing)?;
        }
        (Geometry::Polygon(p), 0, ring) => {
            *p = ring_edited(p, ring, at.index, op).ok_or(missing)?
        }
        (Geometry::MultiPolygon(m), part, ring) => {
            let p = m.0.get_mut(part).ok_or(missing.clone())?;
            *p = ring_edited(p, ring, at.index, op).ok_or(missing)?;
        }
        (Geometry::Point(_) | Geometry::MultiPoint(_), _, _)
        | (Geometry::LineString(_) | Geometry::MultiLineString(_), _, _)
        | (Geometry::Polygon(_), _, _) => return Err(missing),
        _ => return Err(VertexError::NotEditable),
    }
    Ok(g)
}

/// `polygon` with its ring `ring` edited as its distinct vertices, closed again after.
fn ring_edited(polygon: &Polygon<f64>, ring: usize, index: usize, op: Op) -> Option<Polygon<f64>> {
    let (exterior, mut interiors) = polygon.clone().into_inner();
    let mut rings = vec![exterior];
    rings.append(&mut interiors);
    let target = rings.get_mut(ring)?;
    let mut coords = open(&target.0).to_vec();
    list_edited(&mut coords, index, op)?;
    if let Some(first) = coords.first().copied() {
        coords.push(first);
    }
    *target = LineString(coords);
    let mut rings = rings.into_iter();
    let exterior = rings.next()?;
    Some(Polygon::new(exterior, rings.collect()))
}

/// `op` done at `index` of `coords`; None if there is no such place.
fn list_edited(coords: &mut Vec<Coord<f64>>, index: usize, op: Op) -> Option<()> {
    match op {
        Op::Move(to) => *coords.get_mut(index)? = to,
        Op::Insert(at) if index <= coords.len() => coords.insert(index, at),
        Op::Insert(_) => return None,
        Op::Delete if index < coords.len() => {
            coords.remove(index);
        }
        Op::Delete => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{coord, line_string, polygon};

    fn square() -> Geometry<f64> {
        Geometry::Polygon(polygon![
            (x: 0.0, y: 0.0),
            (x: 1.0, y: 0.0),
            (x: 1.0, y: 1.0),
            (x: 0.0, y: 1.0),
        ])
    }

    #[test]
    fn a_ring_is_edited_as_its_distinct_vertices_and_stays_closed() {
        let g = square();
        assert_eq!(vertices(&g).len(), 4);
        let moved = moved(&g, VertexRef::new(0, 0, 0), coord! { x: -1.0, y: -1.0 }).unwrap();
        let Geometry::Polygon(p) = &moved else {
            panic!("a polygon")
        };
        assert_eq!(p.exterior().0.first(), p.exterior().0.last());
        assert_eq!(p.exterior().0[0], coord! { x: -1.0, y: -1.0 });
        let more = inserted(&g, VertexRef::new(0, 0, 4), coord! { x: -0.5, y: 0.5 }).unwrap();
        assert_eq!(vertices(&more).len(), 5);
        let Geometry::Polygon(p) = &more else {
            panic!("a polygon")
        };
        assert_eq!(p.exterior().0.len(), 6, "5 vertices and the closing one");
        let fewer = deleted(&g, VertexRef::new(0, 0, 0)).unwrap();
        assert_eq!(vertices(&fewer).len(), 3);
        assert!(deleted(&g, VertexRef::new(0, 1, 0)).is_err(), "no hole");
        assert!(deleted(&g, VertexRef::new(0, 0, 4)).is_err());
    }

    #[test]
    fn edges_name_where_their_midpoint_vertex_goes() {
        let line = Geometry::LineString(line_string![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0)]);
        let e = edges(&line);
        assert_eq!(e.len(), 1);
        let (at, a, b) = e[0];
        let mid = coord! { x: (a.x + b.x) / 2.0, y: (a.y + b.y) / 2.0 };
        let g = inserted(&line, at, mid).unwrap();
        let Geometry::LineString(l) = g else {
            panic!("a line")
        };
        assert_eq!(l.0[1], coord! { x: 1.0, y: 0.0 });
        assert_eq!(edges(&square()).len(), 4, "the closing edge too");
    }

    #[test]
    fn a_point_only_moves() {
        let p = Geometry::Point(geo::point!(x: 1.0, y: 2.0));
        assert!(moved(&p, VertexRef::new(0, 0, 0), coord! { x: 3.0, y: 4.0 }).is_ok());
        assert_eq!(
            deleted(&p, VertexRef::new(0, 0, 0)),
            Err(VertexError::PointVertex)
        );
        assert!(moved(&p, VertexRef::new(0, 0, 1), coord! { x: 3.0, y: 4.0 }).is_err());
    }
}
