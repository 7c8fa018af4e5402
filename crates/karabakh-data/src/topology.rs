//! How a polygon's rings meet: whether any of them cross (themselves or each other), and, when
//! none do, whether each hole lies inside the outer ring, outside it, or inside another hole.
//!
//! Rings that only touch (a coastline coming back to its own vertex at an isthmus, a lake
//! touching the shore at a point) enclose the same area however they are filled, and are no
//! crossing. geo's validation counts some such touches and compares every hole with the outer
//! ring by a full relate, which made most countries of a real world map need a repair they did
//! not need, and took minutes on a country with thousands of lakes. Here edges are compared
//! pair by pair only where they share a cell of a grid laid over the polygon, and a hole's
//! place is found by a ray cast through a strip of the outer ring's edges: the cost grows with
//! the number of edges, not with its square.

use geo::{Coord, Intersects, Line, Orientation};

/// Rings as given: closed (the last position repeats the first), at least four positions.
pub(crate) type Ring<'a> = &'a [Coord<f64>];

/// Below this many edges in all, rings are compared pair by pair.
const FEW_EDGES: usize = 48;

/// The pairs of rings (by index, outer first; the same index twice for a ring that crosses
/// itself) that cross or run along each other, each `(a, b)` with `a <= b`, in order.
pub(crate) fn crossings(rings: &[Ring<'_>]) -> Vec<(usize, usize)> {
    // Every edge as (ring, index in its ring).
    let edges: Vec<(u32, u32)> = rings
        .iter()
        .enumerate()
        .flat_map(|(r, ring)| (0..ring.len().saturating_sub(1)).map(move |i| (r as u32, i as u32)))
        .collect();
    let meet = |e: (u32, u32), f: (u32, u32)| -> Option<(usize, usize)> {
        let ((ra, i), (rb, j)) = if e <= f { (e, f) } else { (f, e) };
        let (ra, rb) = (ra as usize, rb as usize);
        edges_cross(rings[ra], i as usize, rings[rb], j as usize, ra == rb).then_some((ra, rb))
    };
    // A set: a ring that wanders across itself meets itself at thousands of pairs of edges.
    let mut found = std::collections::BTreeSet::new();
    if edges.len() <= FEW_EDGES {
        for (n, &e) in edges.iter().enumerate() {
            found.extend(edges[n + 1..].iter().filter_map(|&f| meet(e, f)));
        }
    } else if let Some(grid) = EdgeGrid::new(rings, &edges) {
        grid.for_each_pair(|e, f| found.extend(meet(edges[e], edges[f])));
    }
    found.into_iter().collect()
}

/// Edges by the cells of a grid over their rings' box, about one edge per cell: built as one
/// array with offsets (a counting sort), no allocation per cell.
struct EdgeGrid {
    starts: Vec<u32>,
    members: Vec<u32>,
}

impl EdgeGrid {
    fn new(rings: &[Ring<'_>], edges: &[(u32, u32)]) -> Option<EdgeGrid> {
        let mut all = rings.iter().flat_map(|r| r.iter());
        let first = *all.next()?;
        let (mut min, mut max) = (first, first);
        for c in all {
            min.x = min.x.min(c.x);
            min.y = min.y.min(c.y);
            max.x = max.x.max(c.x);
            max.y = max.y.max(c.y);
        }
        // About one edge for every four cells: cells of real coastlines are crowded where the
        // coast is intricate, and each pair in a cell is compared.
        let side = ((edges.len() as f64).sqrt() * 2.0).ceil().max(1.0) as usize;
        let (width, height) = (
            (max.x - min.x).max(f64::MIN_POSITIVE),
            (max.y - min.y).max(f64::MIN_POSITIVE),
        );
        let (per_x, per_y) = (side as f64 / width, side as f64 / height);
        let column = |x: f64| (((x - min.x) * per_x) as usize).min(side - 1);
        let row = |y: f64| (((y - min.y) * per_y) as usize).min(side - 1);
        // The cells an edge passes through: for each column it spans, the rows its y covers
        // there (a little more, against rounding), so a long diagonal edge takes a band of
        // cells and not its whole box.
        let slack_x = width / side as f64 * 1e-6 + (min.x.abs() + max.x.abs()) * 1e-12;
        let slack_y = height / side as f64 * 1e-6 + (min.y.abs() + max.y.abs()) * 1e-12;
        let for_each_cell = |(r, i): (u32, u32), visit: &mut dyn FnMut(usize)| {
            let ring = rings[r as usize];
            let (a, b) = (ring[i as usize], ring[i as usize + 1]);
            let (x0, x1) = (column(a.x.min(b.x)), column(a.x.max(b.x)));
            let slope = if b.x != a.x {
                (b.y - a.y) / (b.x - a.x)
            } else {
                0.0
            };
            for cx in x0..=x1 {
                let (y_lo, y_hi) = if x0 == x1 {
                    (a.y.min(b.y), a.y.max(b.y))
                } else {
                    let left =
                        (min.x + width * cx as f64 / side as f64 - slack_x).max(a.x.min(b.x));
                    let right =
                        (min.x + width * (cx + 1) as f64 / side as f64 + slack_x).min(a.x.max(b.x));
                    let (ya, yb) = (a.y + (left - a.x) * slope, a.y + (right - a.x) * slope);
                    (ya.min(yb), ya.max(yb))
                };
                let (y0, y1) = (row(y_lo - slack_y), row(y_hi + slack_y));
                for cy in y0..=y1 {
                    visit(cy * side + cx);
                }
            }
        };
        // Each edge's cells worked out once, then sorted by cell (a counting sort).
        let mut listed: Vec<(u32, u32)> = Vec::with_capacity(edges.len() * 2);
        let mut starts = vec![0u32; side * side + 1];
        for (n, &e) in edges.iter().enumerate() {
            for_each_cell(e, &mut |c| {
                starts[c + 1] += 1;
                listed.push((c as u32, n as u32));
            });
        }
        for c in 1..starts.len() {
            starts[c] += starts[c - 1];
        }
        let mut fill = starts.clone();
        let mut members = vec![0u32; listed.len()];
        for (c, n) in listed {
            let slot = &mut fill[c as usize];
            members[*slot as usize] = n;
            *slot += 1;
        }
        Some(EdgeGrid { starts, members })
    }

    /// Calls `visit` with every pair of edges that share a cell (a pair may come more than
    /// once). Plain loops: most cells hold one edge or none.
    fn for_each_pair(&self, mut visit: impl FnMut(usize, usize)) {
        for w in self.starts.windows(2) {
            let (from, to) = (w[0] as usize, w[1] as usize);
            if to < from + 2 {
                continue;
            }
            let cell = self.members.get(from..to).unwrap_or(&[]);
            for (n, &e) in cell.iter().enumerate() {
                for &f in &cell[n + 1..] {
                    visit(e as usize, f as usize);
                }
            }
        }
    }
}

/// Whether edge `i` of ring `a` and edge `j` of ring `b` meet where the rings cross (or run
/// along each other). `same` says that `a` and `b` are one ring, with `i < j`: neighbours meet
/// at their shared vertex and do not cross there.
fn edges_cross(a: Ring<'_>, i: usize, b: Ring<'_>, j: usize, same: bool) -> bool {
    let (ea, eb) = (a.len() - 1, b.len() - 1);
    if same && (j == i + 1 || (i == 0 && j + 1 == ea)) {
        return false;
    }
    let (p, q) = (Line::new(a[i], a[i + 1]), Line::new(b[j], b[j + 1]));
    let apart = p.start.x.max(p.end.x) < q.start.x.min(q.end.x)
        || q.start.x.max(q.end.x) < p.start.x.min(p.end.x)
        || p.start.y.max(p.end.y) < q.start.y.min(q.end.y)
        || q.start.y.max(q.end.y) < p.start.y.min(p.end.y);
    if apart || !p.intersects(&q) {
        return false;
    }
    // They meet at a vertex of both: the ring comes back there, or the rings touch.
    for x in [i, i + 1] {
        for y in [j, j + 1] {
            if a[x] == b[y] {
                return passes_cross(Pass::at(a, x % ea), Pass::at(b, y % eb));
            }
        }
    }
    // A vertex of one lies on the other's edge.
    for (v, edge) in [(j, p), (j + 1, p)] {
        if on_segment(b[v], edge) {
            return pass_crosses_line(Pass::at(b, v % eb), edge);
        }
    }
    for (v, edge) in [(i, q), (i + 1, q)] {
        if on_segment(a[v], edge) {
            return pass_crosses_line(Pass::at(a, v % ea), edge);
        }
    }
    // Each goes through the other.
    true
}

/// A ring going through one of its vertices: from `before`, through `at`, on to `after`.
#[derive(Clone, Copy)]
struct Pass {
    before: Coord<f64>,
    at: Coord<f64>,
    after: Coord<f64>,
}

impl Pass {
    /// The pass through vertex `v` (below the number of edges) of a closed ring.
    fn at(ring: Ring<'_>, v: usize) -> Pass {
        let edges = ring.len() - 1;
        let before = if v == 0 { ring[edges - 1] } else { ring[v - 1] };
        Pass {
            before,
            at: ring[v],
            after: ring[v + 1],
        }
    }
}

fn orientation(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> Orientation {
    use geo::kernels::{Kernel, RobustKernel};
    RobustKernel::orient2d(a, b, c)
}

fn on_segment(p: Coord<f64>, edge: Line<f64>) -> bool {
    let (a, b) = (edge.start, edge.end);
    orientation(a, b, p) == Orientation::Collinear
        && p.x >= a.x.min(b.x)
        && p.x <= a.x.max(b.x)
        && p.y >= a.y.min(b.y)
        && p.y <= a.y.max(b.y)
}

/// Whether two passes through the same point cross there: whether the second comes in on one
/// side of the first and leaves on the other. Where an arm of one runs along an arm of the
/// other, or an edge has no length, the answer is yes: such rings are left to the repair,
/// which knows what to make of them.
fn passes_cross(first: Pass, second: Pass) -> bool {
    use Orientation::{Clockwise, Collinear, CounterClockwise};
    let at = first.at;
    if [first.before, first.after, second.before, second.after].contains(&at) {
        return true;
    }
    let same_direction = |p: Coord<f64>, q: Coord<f64>| {
        let (u, w) = (p - at, q - at);
        orientation(at, p, q) == Collinear && u.x * w.x + u.y * w.y > 0.0
    };
    if same_direction(first.before, first.after)
        || [second.before, second.after]
            .iter()
            .any(|&w| same_direction(w, first.before) || same_direction(w, first.after))
    {
        return true;
    }
    // Whether `w` lies strictly within the angle swept counter-clockwise from the first
    // pass's arm `before` to its arm `after`.
    let (from, to) = (first.before, first.after);
    let within = |w: Coord<f64>| match orientation(at, from, to) {
        CounterClockwise => {
            orientation(at, from, w) == CounterClockwise
                && orientation(at, w, to) == CounterClockwise
        }
        // More than a half turn: within unless in the (closed) rest of the turn.
        Clockwise => {
            !(orientation(at, to, w) != Clockwise && orientation(at, w, from) != Clockwise)
        }
        // Straight through: a half-plane.
        Collinear => orientation(at, from, w) == CounterClockwise,
    };
    within(second.before) != within(second.after)
}

/// Whether a pass through a point of `edge` goes from one side of the edge to the other (or
/// along it: left to the repair, as above).
fn pass_crosses_line(pass: Pass, edge: Line<f64>) -> bool {
    let (s, t) = (
        orientation(edge.start, edge.end, pass.before),
        orientation(edge.start, edge.end, pass.after),
    );
    s == Orientation::Collinear || t == Orientation::Collinear || s != t
}

/// A closed ring's edges by horizontal strips, for point-in-ring tests that look at the edges
/// of one strip only.
struct RingIndex<'a> {
    ring: Ring<'a>,
    min_y: f64,
    max_y: f64,
    strip_height: f64,
    starts: Vec<u32>,
    members: Vec<u32>,
}

impl<'a> RingIndex<'a> {
    fn new(ring: Ring<'a>) -> RingIndex<'a> {
        let edges = ring.len().saturating_sub(1);
        let (mut min_y, mut max_y) = (f64::INFINITY, f64::NEG_INFINITY);
        for c in ring {
            min_y = min_y.min(c.y);
            max_y = max_y.max(c.y);
        }
        let strips = (edges / 4).clamp(1, 1 << 16);
        let strip_height = ((max_y - min_y) / strips as f64).max(f64::MIN_POSITIVE);
        let strip_of = |y: f64| (((y - min_y) / strip_height).max(0.0) as usize).min(strips - 1);
        let span = |i: usize| {
            let (a, b) = (ring[i].y, ring[i + 1].y);
            strip_of(a.min(b))..=strip_of(a.max(b))
        };
        let mut starts = vec![0u32; strips + 1];
        for i in 0..edges {
            for s in span(i) {
                starts[s + 1] += 1;
            }
        }
        for s in 1..starts.len() {
            starts[s] += starts[s - 1];
        }
        let mut fill = starts.clone();
        let mut members = vec![0u32; starts[strips] as usize];
        for i in 0..edges {
            for s in span(i) {
                members[fill[s] as usize] = i as u32;
                fill[s] += 1;
            }
        }
        RingIndex {
            ring,
            min_y,
            max_y,
            strip_height,
            starts,
            members,
        }
    }

    /// Whether `p` is inside the ring (`None`: on its outline), by the edges that a ray from
    /// `p` towards +x crosses, each tested exactly.
    fn contains(&self, p: Coord<f64>) -> Option<bool> {
        let strips = self.starts.len() - 1;
        if !(p.y >= self.min_y && p.y <= self.max_y) {
            return Some(false);
        }
        let s = (((p.y - self.min_y) / self.strip_height) as usize).min(strips - 1);
        let mut inside = false;
        for &i in &self.members[self.starts[s] as usize..self.starts[s + 1] as usize] {
            let (a, b) = (self.ring[i as usize], self.ring[i as usize + 1]);
            if on_segment(p, Line::new(a, b)) {
                return None;
            }
            if (a.y > p.y) != (b.y > p.y) {
                let side = orientation(a, b, p);
                let upwards = b.y > a.y;
                if (upwards && side == Orientation::CounterClockwise)
                    || (!upwards && side == Orientation::Clockwise)
                {
                    inside = !inside;
                }
            }
        }
        Some(inside)
    }

    /// Whether all of `other` (a ring that does not cross this one) is inside this ring. A
    /// point inside `other`, away from its outline, says: its vertices may lie on this ring's
    /// outline, or, after the overlay's rounding, a hair off it on either side. Failing that
    /// (a ring of no area), the first of its vertices not on this outline. `None` if all are.
    fn holds(&self, other: Ring<'_>) -> Option<bool> {
        interior_point(other)
            .and_then(|p| self.contains(p))
            .or_else(|| other.iter().find_map(|&p| self.contains(p)))
    }
}

/// A point strictly inside a closed ring that does not cross itself, or `None` if it has no
/// area. Its lowest-leftmost vertex is convex: the middle of the triangle it makes with its
/// neighbours is inside, unless another vertex lies in that triangle; then the middle between
/// the corner and the vertex in the triangle nearest it (crosswise) is.
fn interior_point(ring: Ring<'_>) -> Option<Coord<f64>> {
    let edges = ring.len().checked_sub(1).filter(|&e| e >= 3)?;
    let corner = (0..edges).min_by(|&a, &b| {
        let (p, q) = (ring[a], ring[b]);
        p.x.total_cmp(&q.x).then(p.y.total_cmp(&q.y))
    })?;
    let Pass { before, at, after } = Pass::at(ring, corner);
    let turn = orientation(before, at, after);
    if turn == Orientation::Collinear {
        return None;
    }
    let inside_triangle = |p: Coord<f64>| {
        orientation(before, at, p) == turn
            && orientation(at, after, p) == turn
            && orientation(after, before, p) == turn
    };
    // The vertex in the triangle nearest the corner, measured across the chord before-after.
    let chord = after - before;
    let across = |p: Coord<f64>| ((p - before).x * chord.y - (p - before).y * chord.x).abs();
    let nearest = ring[..edges]
        .iter()
        .copied()
        .filter(|&p| p != before && p != at && p != after && inside_triangle(p))
        .max_by(|&p, &q| across(p).total_cmp(&across(q)));
    Some(match nearest {
        None => Coord {
            x: (before.x + at.x + after.x) / 3.0,
            y: (before.y + at.y + after.y) / 3.0,
        },
        Some(q) => Coord {
            x: (at.x + q.x) / 2.0,
            y: (at.y + q.y) / 2.0,
        },
    })
}

/// For each of `rings` (which cross none of `areas`, and areas none of each other), the
/// innermost of `areas` (outer rings) that holds it, or `None`; `Err` if a ring lies all on an
/// area's outline.
pub(crate) fn containing(areas: &[Ring<'_>], rings: &[Ring<'_>]) -> Result<Vec<Option<usize>>, ()> {
    let indices: Vec<(RingIndex<'_>, [f64; 4], f64)> = areas
        .iter()
        .map(|a| (RingIndex::new(a), bounds(a), twice_signed_area(a).abs()))
        .collect();
    // Areas made by the overlay have corners a rounding off where a ring's vertex lay on their
    // edge: their boxes are taken that much wider, and the point test decides.
    let extent = indices
        .iter()
        .map(|(_, c, _)| (c[2] - c[0]).max(c[3] - c[1]))
        .fold(0.0, f64::max);
    let slack = extent * ROUNDING;
    rings
        .iter()
        .map(|ring| {
            let b = bounds(ring);
            let mut home: Option<(usize, f64)> = None;
            for (n, (index, c, area)) in indices.iter().enumerate() {
                if !box_holds(*c, b, slack) || home.is_some_and(|(_, smallest)| smallest <= *area) {
                    continue;
                }
                match index.holds(ring) {
                    Some(true) => home = Some((n, *area)),
                    Some(false) => {}
                    None => return Err(()),
                }
            }
            Ok(home.map(|(n, _)| n))
        })
        .collect()
}

/// Twice a closed ring's area, positive when it turns counter-clockwise.
pub(crate) fn twice_signed_area(ring: Ring<'_>) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum()
}

/// Whether box `outer` holds box `inner` (`[min x, min y, max x, max y]`), allowing `slack`.
fn box_holds(outer: [f64; 4], inner: [f64; 4], slack: f64) -> bool {
    outer[0] - slack <= inner[0]
        && outer[1] - slack <= inner[1]
        && outer[2] + slack >= inner[2]
        && outer[3] + slack >= inner[3]
}

/// What is wrong with where a hole lies, besides lying outside the outer ring. Holes are
/// counted from 1, as `inner #1` is the polygon's second ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MisplacedHole {
    #[error("invalid polygon: the inner #{hole} ring lies on the outer ring")]
    OnOuter { hole: usize },
    #[error("invalid polygon: the inner #{hole} ring is around the outer ring")]
    AroundOuter { hole: usize },
    #[error("invalid polygon: the inner #{inner} ring is inside the inner #{outer} ring")]
    InsideHole { inner: usize, outer: usize },
}

/// Where each hole lies, for rings of which none cross (see [`crossings`]): `Ok` with, for each
/// hole, whether it lies outside the outer ring (a mistake of real files, which a fill by
/// even-odd draws as an island of its own), or `Err` saying what else is wrong: a hole inside
/// another, a hole around the outer ring, a hole all on the outline.
pub(crate) fn holes_outside(rings: &[Ring<'_>]) -> Result<Vec<bool>, MisplacedHole> {
    let Some((&exterior, holes)) = rings.split_first() else {
        return Ok(Vec::new());
    };
    let outer = RingIndex::new(exterior);
    let mut outside = Vec::with_capacity(holes.len());
    for (n, &hole) in holes.iter().enumerate() {
        match outer.holds(hole) {
            Some(inside) => outside.push(!inside),
            None => return Err(MisplacedHole::OnOuter { hole: n + 1 }),
        }
    }
    // Holes inside holes, or around the outer ring; ring r is hole r.
    match first_nested(rings, |s| s > 0) {
        None => Ok(outside),
        Some((0, s)) => Err(MisplacedHole::AroundOuter { hole: s }),
        Some((r, s)) => Err(MisplacedHole::InsideHole { inner: r, outer: s }),
    }
}

/// The first pair `(r, s)` of rings (which cross none of each other) where ring `s`, one of
/// those `holder` picks, holds ring `r`. Only rings whose box holds the other's can, and few
/// do: holders' boxes are listed in the cells of a grid they cover, and a ring looks only at
/// the cell of its box's corner (a box that holds another covers that corner). A tree of boxes
/// did the same at four times the cost on a country with 190,000 lakes.
pub(crate) fn first_nested(
    rings: &[Ring<'_>],
    holder: impl Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    /// A holder over more cells than this is looked at for every ring.
    const LARGE_CELLS: usize = 64;
    let boxes: Vec<[f64; 4]> = rings.iter().map(|r| bounds(r)).collect();
    let all = boxes.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |[x0, y0, x1, y1], b| [x0.min(b[0]), y0.min(b[1]), x1.max(b[2]), y1.max(b[3])],
    );
    let side = ((rings.len() as f64).sqrt().ceil() as usize).clamp(1, 2048);
    let per_x = side as f64 / (all[2] - all[0]).max(f64::MIN_POSITIVE);
    let per_y = side as f64 / (all[3] - all[1]).max(f64::MIN_POSITIVE);
    let column = |x: f64| (((x - all[0]) * per_x).max(0.0) as usize).min(side - 1);
    let row = |y: f64| (((y - all[1]) * per_y).max(0.0) as usize).min(side - 1);
    let mut large = Vec::new();
    let mut listed: Vec<(u32, u32)> = Vec::new();
    for (s, b) in boxes.iter().enumerate().filter(|&(s, _)| holder(s)) {
        let (xs, ys) = (column(b[0])..=column(b[2]), row(b[1])..=row(b[3]));
        if xs.clone().count() * ys.clone().count() > LARGE_CELLS {
            large.push(s);
            continue;
        }
        for y in ys {
            for x in xs.clone() {
                listed.push(((y * side + x) as u32, s as u32));
            }
        }
    }
    listed.sort_unstable();
    let cell = |c: usize| {
        let from = listed.partition_point(|&(d, _)| (d as usize) < c);
        listed[from..]
            .iter()
            .take_while(move |&&(d, _)| d as usize == c)
            .map(|&(_, s)| s as usize)
    };
    // A holder's index for point tests, made when first needed.
    let mut indices: Vec<Option<RingIndex<'_>>> = (0..rings.len()).map(|_| None).collect();
    for (r, b) in boxes.iter().enumerate() {
        for s in cell(row(b[1]) * side + column(b[0])).chain(large.iter().copied()) {
            if s == r || !box_holds(boxes[s], *b, 0.0) {
                continue;
            }
            let index = indices[s].get_or_insert_with(|| RingIndex::new(rings[s]));
            if index.holds(rings[r]) != Some(false) {
                return Some((r, s));
            }
        }
    }
    None
}

/// Rings that cross one another, as the rings of the area they enclose (even-odd), which
/// cross nothing: what some holes of a polygon become when only they cross (adjacent lakes
/// that share a shore), so that the polygon keeps its other rings untouched.
pub(crate) fn uncross(rings: &[Ring<'_>]) -> Option<Vec<geo::LineString<f64>>> {
    let shape: Vec<Vec<[f64; 2]>> = rings.iter().map(|r| open(r)).collect();
    Some(overlay(&shape)?.into_iter().flatten().map(closed).collect())
}

/// The polygons that rings (a polygon's, outer first, or some of them) enclose, filled
/// even-odd (as an SVG draws it), with no ring crossing another.
pub(crate) fn repair(rings: &[Ring<'_>]) -> Option<Vec<geo::Polygon<f64>>> {
    let shape: Vec<Vec<[f64; 2]>> = rings.iter().map(|r| open(r)).collect();
    Some(
        overlay(&shape)?
            .into_iter()
            .filter_map(|contours| {
                let mut rings = contours.into_iter().map(closed);
                let exterior = rings.next()?;
                Some(geo::Polygon::new(exterior, rings.collect()))
            })
            .collect(),
    )
}

/// iOverlay's even-odd simplification: shapes, each an outer contour and its holes; `None` if
/// it failed. Called
/// straight rather than through geo's boolean operations, whose OGC-valid output costs a third
/// more on real coastlines and is not needed here (rings that touch are fine, see above).
fn overlay(contours: &[Vec<[f64; 2]>]) -> Option<Vec<Vec<Vec<[f64; 2]>>>> {
    use i_overlay::core::fill_rule::FillRule;
    use i_overlay::core::solver::{Solver, Strategy};
    use i_overlay::float::overlay::OverlayOptions;
    use i_overlay::float::simplify::SimplifyShape;
    // The tree suits rings of many edges: a fifth faster than the automatic choice on the
    // 10 m world land. But iOverlay 4.5's tree (and fragment) solvers index out of bounds on
    // some rings that run back along themselves (found by tests/properties.rs); the list
    // solver, slower on big rings, takes those.
    let run = |strategy| {
        let solver = Solver {
            strategy,
            ..Solver::default()
        };
        std::panic::catch_unwind(|| {
            contours.simplify_shape_custom(FillRule::EvenOdd, OverlayOptions::default(), solver)
        })
        .ok()
    };
    let mut shapes = run(Strategy::Tree).or_else(|| {
        log::debug!("the overlay's tree solver failed on a polygon; the list solver takes it");
        run(Strategy::List)
    })?;
    let exact = ExactPositions::new(contours);
    for shape in &mut shapes {
        shape.retain(|contour| contour.len() >= 3);
        for point in shape.iter_mut().flatten() {
            *point = exact.of(*point);
        }
    }
    shapes.retain(|shape| !shape.is_empty());
    Some(shapes)
}

/// How far, as a part of the box it works in, the overlay may move a position: its integers
/// span the box in about 2^30 steps, and this is sixteen of them.
const ROUNDING: f64 = 1.0 / (1u64 << 26) as f64;

/// The overlay works on integers and gives positions back a hair off (1e-11° on a country):
/// then a lake that touched the coast at a vertex, or lay along one of its edges, no longer
/// does, and may fall outside it. Each position the overlay returns within its rounding of an
/// input position is given that input position back; only the crossings it made are new.
struct ExactPositions {
    origin: [f64; 2],
    cell: f64,
    tolerance: f64,
    points: Vec<[f64; 2]>,
    /// The first point of each cell, and after each point the next one of its cell: no
    /// allocation per cell for the million points of a coastline.
    first: rustc_hash::FxHashMap<(i64, i64), u32>,
    next: Vec<u32>,
}

impl ExactPositions {
    fn new(contours: &[Vec<[f64; 2]>]) -> ExactPositions {
        let mut min = [f64::INFINITY; 2];
        let mut max = [f64::NEG_INFINITY; 2];
        for p in contours.iter().flatten() {
            min = [min[0].min(p[0]), min[1].min(p[1])];
            max = [max[0].max(p[0]), max[1].max(p[1])];
        }
        let extent = (max[0] - min[0])
            .max(max[1] - min[1])
            .max(f64::MIN_POSITIVE);
        let tolerance = extent * ROUNDING;
        let points: Vec<[f64; 2]> = contours.iter().flatten().copied().collect();
        let mut exact = ExactPositions {
            origin: min,
            cell: tolerance * 4.0,
            tolerance,
            first: rustc_hash::FxHashMap::default(),
            next: vec![u32::MAX; points.len()],
            points: Vec::new(),
        };
        exact.first.reserve(points.len());
        for (n, &p) in points.iter().enumerate() {
            let key = exact.key(p);
            if let Some(previous) = exact.first.insert(key, n as u32) {
                exact.next[n] = previous;
            }
        }
        exact.points = points;
        exact
    }

    fn key(&self, p: [f64; 2]) -> (i64, i64) {
        (
            ((p[0] - self.origin[0]) / self.cell).floor() as i64,
            ((p[1] - self.origin[1]) / self.cell).floor() as i64,
        )
    }

    /// The input position nearest `p` within the rounding, or `p`.
    fn of(&self, p: [f64; 2]) -> [f64; 2] {
        let (kx, ky) = self.key(p);
        let mut best = (self.tolerance * self.tolerance, p);
        for x in kx - 1..=kx + 1 {
            for y in ky - 1..=ky + 1 {
                let mut at = self.first.get(&(x, y)).copied().unwrap_or(u32::MAX);
                while let Some(&q) = self.points.get(at as usize) {
                    let d = (q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2);
                    if d <= best.0 {
                        best = (d, q);
                    }
                    at = self.next.get(at as usize).copied().unwrap_or(u32::MAX);
                }
            }
        }
        best.1
    }
}

/// A closed ring's positions without the closing one.
fn open(ring: Ring<'_>) -> Vec<[f64; 2]> {
    let mut points: Vec<[f64; 2]> = ring.iter().map(|c| [c.x, c.y]).collect();
    points.pop();
    points
}

fn closed(contour: Vec<[f64; 2]>) -> geo::LineString<f64> {
    // Sized exactly: a country's repaired coastline is kept as long as the layer.
    let mut coords: Vec<Coord<f64>> = Vec::with_capacity(contour.len() + 1);
    coords.extend(contour.iter().map(|&[x, y]| Coord { x, y }));
    if let Some(&first) = coords.first() {
        coords.push(first);
    }
    geo::LineString(coords)
}

fn bounds(ring: Ring<'_>) -> [f64; 4] {
    ring.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |[x0, y0, x1, y1], c| [x0.min(c.x), y0.min(c.y), x1.max(c.x), y1.max(c.y)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring_crosses_itself(ring: Ring<'_>) -> bool {
        !crossings(&[ring]).is_empty()
    }

    /// Every pair of edges: the reference for the grid.
    fn crosses_by_every_pair(ring: &[Coord<f64>]) -> bool {
        let edges = ring.len() - 1;
        (0..edges).any(|i| (i + 1..edges).any(|j| edges_cross(ring, i, ring, j, true)))
    }

    fn ring_of(points: &[(f64, f64)]) -> Vec<Coord<f64>> {
        points.iter().map(|&(x, y)| Coord { x, y }).collect()
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
        let (mut simple, mut crossed) = (0, 0);
        let mut with_holes = (0, 0);
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
            if expected {
                crossed += 1
            } else {
                simple += 1
            }
            // With holes: small squares near the outline, some across it, some sharing a
            // corner with another.
            let mut holes: Vec<Vec<Coord<f64>>> = (0..1 + round % 4)
                .map(|_| {
                    let a = next() * std::f64::consts::TAU;
                    let r = 0.6 + next() * 0.9;
                    square(46.0 + a.cos() * r, 40.0 + a.sin() * r, 0.05 + next() * 0.2)
                })
                .collect();
            if round % 5 == 0 {
                let corner = holes[0][2];
                holes.push(square(corner.x, corner.y, 0.1));
            }
            let mut rings: Vec<&[Coord<f64>]> = vec![&ring];
            rings.extend(holes.iter().map(|h| h.as_slice()));
            let every_pair = rings.iter().enumerate().any(|(a, ra)| {
                rings.iter().enumerate().skip(a).any(|(b, rb)| {
                    (0..ra.len() - 1).any(|i| {
                        (0..rb.len() - 1)
                            .filter(|&j| a != b || j > i)
                            .any(|j| edges_cross(ra, i, rb, j, a == b))
                    })
                })
            });
            assert_eq!(
                !crossings(&rings).is_empty(),
                every_pair,
                "round {round} with holes"
            );
            if every_pair {
                with_holes.0 += 1
            } else {
                with_holes.1 += 1
            }
        }
        assert!(
            with_holes.0 > 50 && with_holes.1 > 20,
            "{with_holes:?} with holes crossing / not"
        );
        assert!(
            simple > 50 && crossed > 50,
            "{simple} simple, {crossed} crossing"
        );
    }

    #[test]
    fn a_ring_that_touches_itself_is_no_crossing_one_that_crosses_at_a_vertex_is() {
        // Two lobes meeting at (1, 1), both turning the same way: the ring touches itself.
        let lobes = ring_of(&[
            (0.0, 0.0),
            (1.0, 1.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (1.0, 1.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ]);
        assert!(!ring_crosses_itself(&lobes));
        // The same lobes met so that the ring passes through (1, 1) from one side of itself
        // to the other: a bow tie whose crossing is a vertex.
        let bow_tie = ring_of(&[
            (0.0, 0.0),
            (1.0, 1.0),
            (2.0, 2.0),
            (2.0, 0.0),
            (1.0, 1.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ]);
        assert!(ring_crosses_itself(&bow_tie));
        // An outline that comes back to its own vertex around a lake (an "inverted hole",
        // as world coastlines have them): it touches itself, and geo's validation refuses it.
        let lake = ring_of(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 4.0),
            (2.0, 4.0),
            (3.0, 2.0),
            (1.0, 2.0),
            (2.0, 4.0),
            (0.0, 4.0),
            (0.0, 0.0),
        ]);
        assert!(!ring_crosses_itself(&lake));
        // A vertex on another edge, touching it from inside: no crossing.
        let touch = ring_of(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 2.0),
            (2.0, 0.0),
            (2.0, 4.0),
            (0.0, 4.0),
            (0.0, 0.0),
        ]);
        assert!(!ring_crosses_itself(&touch));
        let notch = ring_of(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 4.0),
            (3.0, 4.0),
            (2.0, 0.0),
            (1.0, 4.0),
            (0.0, 4.0),
            (0.0, 0.0),
        ]);
        assert!(
            !ring_crosses_itself(&notch),
            "a V notch touching the bottom edge"
        );
        let through = ring_of(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 4.0),
            (3.0, 4.0),
            (2.0, 0.0),
            (2.5, -1.0),
            (1.0, 4.0),
            (0.0, 4.0),
            (0.0, 0.0),
        ]);
        assert!(
            ring_crosses_itself(&through),
            "the notch pokes out through the edge"
        );
        // Edges running along each other are left to the repair.
        let along = ring_of(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 2.0),
            (3.0, 0.0),
            (1.0, 0.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ]);
        assert!(ring_crosses_itself(&along));
    }

    fn square(x: f64, y: f64, side: f64) -> Vec<Coord<f64>> {
        ring_of(&[
            (x, y),
            (x + side, y),
            (x + side, y + side),
            (x, y + side),
            (x, y),
        ])
    }

    #[test]
    fn holes_are_placed_inside_outside_or_refused() {
        let outer = square(0.0, 0.0, 10.0);
        // A lake, a lake touching the shore at a point, an island written as a hole.
        let lake = square(2.0, 2.0, 2.0);
        let shore = ring_of(&[(5.0, 0.0), (6.0, 1.0), (4.0, 1.0), (5.0, 0.0)]);
        let island = square(12.0, 2.0, 1.0);
        let rings: Vec<&[Coord<f64>]> = vec![&outer, &lake, &shore, &island];
        assert_eq!(crossings(&rings), vec![]);
        assert_eq!(holes_outside(&rings), Ok(vec![false, false, true]));
        // A hole in a hole, a hole around the outer ring, a hole crossing the outer ring.
        let inner = square(2.5, 2.5, 1.0);
        let nested: Vec<&[Coord<f64>]> = vec![&outer, &lake, &inner];
        assert_eq!(crossings(&nested), vec![]);
        assert!(
            holes_outside(&nested).is_err_and(|e| e.to_string().contains("inside the inner #1"))
        );
        let around = square(-1.0, -1.0, 12.0);
        let wrapped: Vec<&[Coord<f64>]> = vec![&outer, &around];
        assert_eq!(crossings(&wrapped), vec![]);
        assert!(holes_outside(&wrapped).is_err_and(|e| e.to_string().contains("around the outer")));
        let astride = square(8.0, 4.0, 4.0);
        assert_eq!(crossings(&[&outer, &astride]), vec![(0, 1)]);
        // A hole along the outer ring's edge is left to the repair.
        let along = square(0.0, 2.0, 2.0);
        assert_eq!(crossings(&[&outer, &along]), vec![(0, 1)]);
    }

    #[test]
    fn nested_holes_are_found_among_many() {
        // 400 small lakes in a 100 x 100 island, then a large lake holding a small one, and a
        // small lake inside another small one: each is found, wherever it is listed.
        let outer = square(0.0, 0.0, 100.0);
        let mut holes: Vec<Vec<Coord<f64>>> = (0..400)
            .map(|n| {
                square(
                    1.0 + f64::from(n % 20) * 4.9,
                    1.0 + f64::from(n / 20) * 4.9,
                    1.0,
                )
            })
            .collect();
        let rings = |holes: &[Vec<Coord<f64>>]| -> Vec<Vec<Coord<f64>>> {
            std::iter::once(outer.clone())
                .chain(holes.iter().cloned())
                .collect()
        };
        let check = |all: &[Vec<Coord<f64>>]| {
            let refs: Vec<&[Coord<f64>]> = all.iter().map(|r| r.as_slice()).collect();
            first_nested(&refs, |s| s > 0)
        };
        assert_eq!(check(&rings(&holes)), None);
        // The large lake covers more cells than are listed one by one.
        let mut with_large = vec![square(1.0, 1.0, 60.0)];
        with_large.extend(
            holes
                .iter()
                .filter(|h| h[0].x > 62.0 || h[0].y > 62.0)
                .cloned(),
        );
        assert_eq!(check(&rings(&with_large)), None);
        with_large.push(square(50.0, 50.0, 0.5));
        assert_eq!(check(&rings(&with_large)), Some((with_large.len(), 1)));
        holes.push(square(1.2, 1.2, 0.3));
        assert_eq!(check(&rings(&holes)), Some((401, 1)));
    }

    #[test]
    fn points_in_a_ring_by_strips() {
        // A comb: many edges, teeth that a ray crosses in turn.
        let mut comb = vec![Coord { x: 0.0, y: 0.0 }];
        for t in 0..40 {
            let x = f64::from(t);
            comb.extend([
                Coord {
                    x: x + 0.5,
                    y: 10.0,
                },
                Coord { x: x + 1.0, y: 1.0 },
            ]);
        }
        comb.extend([Coord { x: 40.0, y: 0.0 }, Coord { x: 0.0, y: 0.0 }]);
        let index = RingIndex::new(&comb);
        assert_eq!(index.contains(Coord { x: 20.5, y: 5.0 }), Some(true));
        assert_eq!(index.contains(Coord { x: 21.0, y: 5.0 }), Some(false));
        assert_eq!(index.contains(Coord { x: 20.0, y: 0.5 }), Some(true));
        assert_eq!(index.contains(Coord { x: 20.0, y: 0.0 }), None);
        assert_eq!(index.contains(Coord { x: 20.5, y: 10.0 }), None);
        assert_eq!(index.contains(Coord { x: 20.5, y: 10.5 }), Some(false));
        assert_eq!(index.contains(Coord { x: -1.0, y: 0.5 }), Some(false));
    }
}
