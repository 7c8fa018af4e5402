//! A grid of a scene's items by screen cells, for hit-tests and for labels keeping clear of
//! markers.

use emath::{Pos2, Rect};

use crate::hit::{HIT_TOLERANCE, shape_bounds};
use crate::shape::{Item, Shape};

/// Items by the cells of a grid over the scene (in screen pixels): a hit-test or a label looks
/// at a few cells' items, not at every item. Built in linear time, unlike a tree: a marker is
/// listed in the cell of its centre only (queries reach out by the largest marker's size),
/// lines and areas in every cell their box covers.
#[derive(Clone, Debug, Default)]
pub(crate) struct Grid {
    min: Pos2,
    cols: usize,
    rows: usize,
    /// How far a marker's box (with the hit tolerance) reaches from its centre, at most.
    reach: f32,
    /// Items of cell `c` are `members[starts[c]..starts[c + 1]]`, in drawing order.
    starts: Vec<u32>,
    members: Vec<u32>,
    /// Items too big to list cell by cell (a whole country), in drawing order.
    large: Vec<u32>,
}

const CELL: f32 = 32.0;
/// An item over more cells than this goes in the grid's `large` list.
const LARGE_CELLS: usize = 512;

/// Where the grid lists an item: one cell (a marker's centre), a box of cells, or the large
/// list.
enum Listing {
    None,
    Cells(std::ops::Range<usize>, std::ops::Range<usize>),
    Large,
}

impl Grid {
    #[inline(never)]
    pub(crate) fn new(extent: Rect, items: &[Item]) -> Grid {
        let area = extent.expand(4.0 * CELL);
        let cols = ((area.width() / CELL).ceil().max(1.0) as usize).min(4096);
        let rows = ((area.height() / CELL).ceil().max(1.0) as usize).min(4096);
        let mut grid = Grid {
            min: area.min,
            cols,
            rows,
            ..Grid::default()
        };
        grid.reach = items
            .iter()
            .filter_map(|item| match item.shape {
                Shape::Marker { radius, .. } if item.feature.is_some() => {
                    Some(radius + HIT_TOLERANCE)
                }
                _ => None,
            })
            .fold(0.0, f32::max);
        // Where each item goes, worked out once (a line's box means a pass over its points).
        let mut listed: Vec<(u32, [u16; 4])> = Vec::with_capacity(items.len());
        for (n, item) in items.iter().enumerate() {
            match grid.listing(item) {
                Listing::None => {}
                Listing::Large => grid.large.push(n as u32),
                Listing::Cells(xs, ys) => listed.push((
                    n as u32,
                    [
                        xs.start as u16,
                        xs.end as u16,
                        ys.start as u16,
                        ys.end as u16,
                    ],
                )),
            }
        }
        // Count, then fill (a counting sort): one array for all cells.
        let mut starts = vec![0u32; cols * rows + 1];
        for &(_, [x0, x1, y0, y1]) in &listed {
            for y in y0 as usize..y1 as usize {
                for x in x0 as usize..x1 as usize {
                    starts[y * cols + x + 1] += 1;
                }
            }
        }
        for c in 1..starts.len() {
            starts[c] += starts[c - 1];
        }
        let mut fill = starts.clone();
        let mut members = vec![0u32; starts[cols * rows] as usize];
        for &(n, [x0, x1, y0, y1]) in &listed {
            for y in y0 as usize..y1 as usize {
                for x in x0 as usize..x1 as usize {
                    let slot = &mut fill[y * cols + x];
                    members[*slot as usize] = n;
                    *slot += 1;
                }
            }
        }
        grid.starts = starts;
        grid.members = members;
        grid
    }

    fn listing(&self, item: &Item) -> Listing {
        if item.feature.is_none() {
            return Listing::None;
        }
        let bounds = match item.shape {
            Shape::Marker { center, .. } => Rect::from_min_max(center, center),
            ref shape => match shape_bounds(shape) {
                Some(bounds) => bounds,
                None => return Listing::None,
            },
        };
        match self.cells(bounds) {
            None => Listing::None,
            Some((xs, ys)) if xs.len() * ys.len() > LARGE_CELLS => Listing::Large,
            Some((xs, ys)) => Listing::Cells(xs, ys),
        }
    }

    /// The cells a box covers, clipped to the grid; None if it is outside.
    fn cells(&self, r: Rect) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
        // Offsets below zero are clipped before truncating, so truncation is the floor.
        let col = |x: f32| ((x - self.min.x) / CELL).max(0.0) as usize;
        let row = |y: f32| ((y - self.min.y) / CELL).max(0.0) as usize;
        if !(r.max.x >= self.min.x && r.max.y >= self.min.y) {
            return None;
        }
        let (x0, x1) = (col(r.min.x), col(r.max.x).min(self.cols - 1));
        let (y0, y1) = (row(r.min.y), row(r.max.y).min(self.rows - 1));
        if x0 > x1 || y0 > y1 {
            return None;
        }
        Some((x0..x1 + 1, y0..y1 + 1))
    }

    fn cell(&self, x: usize, y: usize) -> &[u32] {
        let c = y * self.cols + x;
        match (self.starts.get(c), self.starts.get(c + 1)) {
            (Some(&a), Some(&b)) => self.members.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Items listed in the cells that `r`, grown by the markers' reach, covers, with the large
    /// ones; each once, in drawing order.
    fn candidates(&self, r: Rect) -> Vec<u32> {
        let mut found: Vec<u32> = Vec::new();
        if let Some((xs, ys)) = self.cells(r.expand(self.reach)) {
            for y in ys {
                for x in xs.clone() {
                    found.extend_from_slice(self.cell(x, y));
                }
            }
        }
        found.extend_from_slice(&self.large);
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Whether `test` holds for an item listed near `r` (grown by the markers' reach) or a
    /// large one; stops at the first.
    pub(crate) fn any_near(&self, r: Rect, mut test: impl FnMut(u32) -> bool) -> bool {
        if let Some((xs, ys)) = self.cells(r.expand(self.reach)) {
            for y in ys {
                for x in xs.clone() {
                    if self.cell(x, y).iter().any(|&n| test(n)) {
                        return true;
                    }
                }
            }
        }
        self.large.iter().any(|&n| test(n))
    }

    /// Items whose box (with the hit tolerance) holds `p`, topmost first.
    pub(crate) fn at<'a>(&'a self, p: Pos2, items: &'a [Item]) -> impl Iterator<Item = u32> + 'a {
        let mut found = self.candidates(Rect::from_min_max(p, p));
        found.reverse();
        found.into_iter().filter(move |&n| {
            items
                .get(n as usize)
                .and_then(|item| shape_bounds(&item.shape))
                .is_some_and(|r| r.contains(p))
        })
    }
}
