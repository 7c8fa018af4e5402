//! Where a slide's boxes go: each in the place, among the frame's corners and sides and the
//! places beside the boxes already there, that hides the least of the map (its markers and
//! labels), never over another box and never past the frame.

use emath::{Rect, Vec2, pos2, vec2};

use super::MARGIN;
use crate::Scene;

/// Space kept between two boxes.
pub const BOX_GAP: f32 = 8.0;

/// A place on the frame, by its edge or corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spot {
    TopLeft,
    TopCentre,
    TopRight,
    RightMiddle,
    BottomRight,
    BottomCentre,
    BottomLeft,
    LeftMiddle,
}

impl Spot {
    /// A box of `size` at this spot of `frame`, `MARGIN` in from its edges.
    pub fn rect(self, frame: Rect, size: Vec2) -> Rect {
        let inner = frame.shrink(MARGIN);
        let x = match self {
            Spot::TopLeft | Spot::BottomLeft | Spot::LeftMiddle => inner.left(),
            Spot::TopCentre | Spot::BottomCentre => inner.center().x - size.x / 2.0,
            Spot::TopRight | Spot::BottomRight | Spot::RightMiddle => inner.right() - size.x,
        };
        let y = match self {
            Spot::TopLeft | Spot::TopCentre | Spot::TopRight => inner.top(),
            Spot::LeftMiddle | Spot::RightMiddle => inner.center().y - size.y / 2.0,
            Spot::BottomLeft | Spot::BottomCentre | Spot::BottomRight => inner.bottom() - size.y,
        };
        Rect::from_min_size(pos2(x, y), size)
    }
}

/// The boxes placed so far over a scene's map.
pub struct Boxes<'a> {
    frame: Rect,
    scene: &'a Scene,
    pub placed: Vec<Rect>,
}

impl<'a> Boxes<'a> {
    pub fn new(frame: Rect, scene: &'a Scene) -> Boxes<'a> {
        Boxes {
            frame,
            scene,
            placed: Vec::new(),
        }
    }

    /// How much of the map `rect` hides: the dossier's markers and labels count most, the
    /// basemap's place names less.
    pub fn cost(&self, rect: Rect) -> f32 {
        let mut markers = 0.0;
        self.scene.any_marker_in(rect, &mut |_, _, feature| {
            markers += if feature.is_some() { 3.0 } else { 1.0 };
            false
        });
        let labels: f32 = self
            .scene
            .labels
            .iter()
            .filter(|l| l.rect.intersects(rect))
            .map(|l| if l.feature.is_some() { 3.0 } else { 1.0 })
            .sum();
        markers + labels
    }

    /// Whether `rect` lies in the frame, clear of every box placed.
    pub fn free(&self, rect: Rect) -> bool {
        self.frame.shrink(MARGIN - 0.5).contains_rect(rect)
            && !self
                .placed
                .iter()
                .any(|b| b.expand(BOX_GAP - 0.5).intersects(rect))
    }

    /// Places a box of `size` at the free place that hides least, preferring `spots` in their
    /// order (then beside the boxes already placed, then anywhere on a grid) when costs tie;
    /// at the first spot if nothing is free (a frame too small for its furniture).
    pub fn place(&mut self, size: Vec2, spots: &[Spot]) -> Rect {
        let mut candidates: Vec<Rect> = spots.iter().map(|s| s.rect(self.frame, size)).collect();
        for b in &self.placed {
            let (l, r) = (b.left(), b.right() - size.x);
            let (t, bottom) = (b.top(), b.bottom() - size.y);
            for (x, y) in [
                (l, b.bottom() + BOX_GAP),
                (r, b.bottom() + BOX_GAP),
                (l, b.top() - BOX_GAP - size.y),
                (r, b.top() - BOX_GAP - size.y),
                (b.right() + BOX_GAP, t),
                (b.right() + BOX_GAP, bottom),
                (b.left() - BOX_GAP - size.x, t),
                (b.left() - BOX_GAP - size.x, bottom),
            ] {
                candidates.push(Rect::from_min_size(pos2(x, y), size));
            }
        }
        let best_of = |candidates: &[Rect], order: &dyn Fn(usize) -> f32| {
            candidates
                .iter()
                .enumerate()
                .filter(|(_, r)| self.free(**r))
                .map(|(n, r)| (self.cost(*r) + order(n), *r))
                .min_by(|a, b| a.0.total_cmp(&b.0))
        };
        // Ties go to the preferred places, in their order.
        let mut best = best_of(&candidates, &|n| n as f32 * 0.01);
        if best.is_none_or(|(cost, _)| cost >= 1.0) {
            // Anywhere on a grid, where that hides less.
            let inner = self.frame.shrink(MARGIN);
            let step = 40.0;
            let (nx, ny) = (
                ((inner.width() - size.x) / step).max(0.0) as usize,
                ((inner.height() - size.y) / step).max(0.0) as usize,
            );
            let grid: Vec<Rect> = (0..=nx.min(100))
                .flat_map(|i| (0..=ny.min(100)).map(move |j| (i, j)))
                .map(|(i, j)| {
                    Rect::from_min_size(inner.min + vec2(i as f32 * step, j as f32 * step), size)
                })
                .collect();
            if let Some(found) = best_of(&grid, &|_| 0.5)
                && best.is_none_or(|b| found.0 < b.0)
            {
                best = Some(found);
            }
        }
        let best = best.map(|(_, r)| r);
        let inner = self.frame.shrink(MARGIN);
        let rect = best.unwrap_or_else(|| {
            spots
                .first()
                .map_or(Rect::from_min_size(inner.min, size), |s| {
                    s.rect(self.frame, size)
                })
        });
        self.placed.push(rect);
        rect
    }

    /// A box placed where it must be (the title, the credits).
    pub fn fixed(&mut self, rect: Rect) -> Rect {
        self.placed.push(rect);
        rect
    }
}
