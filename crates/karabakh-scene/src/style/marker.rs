//! The marker symbol, once: its outline, its stroke, the dashed ring of an approximate place
//! and the ring of a selected or hovered one. The window's painter, its sprites, the SVG
//! exporter and the legends all draw a marker from a [`Marker`], so they cannot drift apart.

use ecolor::Color32;
use emath::{Pos2, Rect, Vec2, vec2};

use super::{FeatureStyle, Palette};

/// How a marker is shaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Symbol {
    Circle,
    Square,
    Diamond,
    Triangle,
}

/// A square marker's side, in radii: a square of side 2r looked heavier than a circle of r.
pub const SQUARE_SIDE: f32 = 1.7;
/// A square marker's corner radius, in pixels.
pub const SQUARE_CORNER: f32 = 1.0;

/// How far the dashed ring of an approximate place lies outside the symbol, in pixels.
pub const APPROXIMATE_RING_GAP: f32 = 4.5;
pub const APPROXIMATE_RING_WIDTH: f32 = 1.6;
/// Dash and gap of that ring, in pixels.
pub const APPROXIMATE_RING_DASH: (f32, f32) = (3.0, 2.5);
/// That ring is the marker's fill at this opacity.
pub const APPROXIMATE_RING_OPACITY: f32 = 0.9;

/// How far the ring of a selected or hovered marker lies outside the symbol, in pixels.
pub const EMPHASIS_RING_GAP: f32 = 4.0;

/// A legend's swatch is never larger than this radius (a base's diamond would not fit a row).
pub const SWATCH_MAX_RADIUS: f32 = 8.0;
/// Where the map's outline is white, which would not show on the legend's light panel, a
/// swatch is outlined in its fill at this opacity.
pub const SWATCH_OUTLINE_OPACITY: f32 = 0.6;

/// A marker: its symbol filled and outlined, and a dashed ring around it when its place is
/// approximate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Marker {
    pub center: Pos2,
    pub symbol: Symbol,
    /// Pixels from the centre to the symbol's outline (a square's half side is 0.85 of it).
    pub radius: f32,
    pub fill: Color32,
    /// The outline's colour and width (stroked on the outline, half in, half out).
    pub stroke: Color32,
    pub width: f32,
    /// The place is approximate: a dashed ring goes around the symbol.
    pub approximate: bool,
}

/// A marker's outline, in the form each backend draws best.
#[derive(Clone, Debug, PartialEq)]
pub enum Outline {
    Circle {
        center: Pos2,
        radius: f32,
    },
    /// A square with slightly rounded corners.
    Square {
        rect: Rect,
        corner: f32,
    },
    /// The corners of a convex polygon, clockwise on screen.
    Polygon(Vec<Pos2>),
}

impl Outline {
    /// The outline as the corners of a polygon (a circle by `segments` of them), for backends
    /// that draw nothing else.
    pub fn points(&self, segments: usize) -> Vec<Pos2> {
        match self {
            Outline::Circle { center, radius } => circle_points(*center, *radius, segments),
            Outline::Square { rect, .. } => vec![
                rect.left_top(),
                rect.right_top(),
                rect.right_bottom(),
                rect.left_bottom(),
            ],
            Outline::Polygon(points) => points.clone(),
        }
    }
}

/// A circle around a marker, not filled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ring {
    pub center: Pos2,
    pub radius: f32,
    pub width: f32,
    pub color: Color32,
    /// Dash and gap lengths, if dashed.
    pub dash: Option<(f32, f32)>,
}

impl Ring {
    /// The ring as a polygon of `segments` corners (the first not repeated at the end).
    pub fn points(&self, segments: usize) -> Vec<Pos2> {
        circle_points(self.center, self.radius, segments)
    }
}

fn circle_points(center: Pos2, radius: f32, segments: usize) -> Vec<Pos2> {
    let n = segments.max(3);
    (0..n)
        .map(|i| center + Vec2::angled(i as f32 / n as f32 * std::f32::consts::TAU) * radius)
        .collect()
}

/// Why a feature is drawn emphasised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emphasis {
    Selected,
    Hovered,
}

impl Emphasis {
    /// How much wider than the feature's own line its emphasis is, and how wide the ring
    /// around its marker.
    pub fn width(self) -> f32 {
        match self {
            Emphasis::Selected => 5.0,
            Emphasis::Hovered => 3.0,
        }
    }

    pub fn color(self, palette: &Palette) -> Color32 {
        match self {
            Emphasis::Selected => palette.highlight,
            Emphasis::Hovered => palette.hover,
        }
    }
}

impl Marker {
    /// A feature's marker at `center`, in its style.
    pub fn new(center: Pos2, style: &FeatureStyle, approximate: bool) -> Marker {
        Marker {
            center,
            symbol: style.symbol,
            radius: style.radius,
            fill: style.fill,
            stroke: style.stroke,
            width: style.width,
            approximate,
        }
    }

    /// The legends' picture of a style's marker: no larger than a row, and outlined in its fill
    /// where the map's white outline would vanish on the legend's panel.
    pub fn swatch(center: Pos2, style: &FeatureStyle, approximate: bool) -> Marker {
        let stroke = if style.stroke == Color32::WHITE {
            style.fill.gamma_multiply(SWATCH_OUTLINE_OPACITY)
        } else {
            style.stroke
        };
        Marker {
            radius: style.radius.min(SWATCH_MAX_RADIUS),
            stroke,
            ..Marker::new(center, style, approximate)
        }
    }

    pub fn outline(&self) -> Outline {
        let (c, r) = (self.center, self.radius);
        match self.symbol {
            Symbol::Circle => Outline::Circle {
                center: c,
                radius: r,
            },
            Symbol::Square => Outline::Square {
                rect: Rect::from_center_size(c, Vec2::splat(SQUARE_SIDE * r)),
                corner: SQUARE_CORNER,
            },
            Symbol::Diamond => Outline::Polygon(vec![
                c + vec2(0.0, -r),
                c + vec2(r, 0.0),
                c + vec2(0.0, r),
                c + vec2(-r, 0.0),
            ]),
            Symbol::Triangle => Outline::Polygon(vec![
                c + vec2(0.0, -r),
                c + vec2(r * 0.9, r * 0.65),
                c + vec2(-r * 0.9, r * 0.65),
            ]),
        }
    }

    /// The dashed ring around an approximate place, in the fill a little transparent.
    pub fn approximate_ring(&self) -> Option<Ring> {
        self.approximate.then(|| Ring {
            center: self.center,
            radius: self.radius + APPROXIMATE_RING_GAP,
            width: APPROXIMATE_RING_WIDTH,
            color: self.fill.gamma_multiply(APPROXIMATE_RING_OPACITY),
            dash: Some(APPROXIMATE_RING_DASH),
        })
    }

    /// The ring drawn around the marker when it is selected or hovered, in `color`.
    pub fn emphasis_ring(&self, width: f32, color: Color32) -> Ring {
        Ring {
            center: self.center,
            radius: self.radius + EMPHASIS_RING_GAP,
            width,
            color,
            dash: None,
        }
    }

    /// How far from the centre anything of the marker is drawn, in pixels (without emphasis):
    /// the size of a sprite that holds it.
    pub fn reach(&self) -> f32 {
        let outline = match self.outline() {
            Outline::Circle { radius, .. } => radius,
            Outline::Square { rect, .. } => rect.width() / 2.0 * std::f32::consts::SQRT_2,
            Outline::Polygon(points) => points
                .iter()
                .map(|p| p.distance(self.center))
                .fold(0.0, f32::max),
        };
        let symbol = outline + self.width / 2.0;
        match self.approximate_ring() {
            Some(ring) => symbol.max(ring.radius + ring.width / 2.0),
            None => symbol,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use emath::pos2;

    fn marker(symbol: Symbol, approximate: bool) -> Marker {
        Marker {
            center: pos2(10.0, 20.0),
            symbol,
            radius: 8.0,
            fill: Color32::from_rgb(0xd6, 0x1f, 0x26),
            stroke: Color32::WHITE,
            width: 2.0,
            approximate,
        }
    }

    #[test]
    fn every_outline_lies_within_the_reach() {
        for symbol in [
            Symbol::Circle,
            Symbol::Square,
            Symbol::Diamond,
            Symbol::Triangle,
        ] {
            for approximate in [false, true] {
                let m = marker(symbol, approximate);
                let reach = m.reach();
                for p in m.outline().points(32) {
                    assert!(p.distance(m.center) + m.width / 2.0 <= reach + 1e-3);
                }
                if let Some(ring) = m.approximate_ring() {
                    assert!(ring.radius + ring.width / 2.0 <= reach + 1e-3);
                }
            }
        }
    }

    #[test]
    fn the_approximate_ring_is_the_fill_dashed() {
        assert_eq!(marker(Symbol::Circle, false).approximate_ring(), None);
        let m = marker(Symbol::Circle, true);
        let ring = m.approximate_ring().expect("a ring");
        assert_eq!(ring.color, m.fill.gamma_multiply(APPROXIMATE_RING_OPACITY));
        assert_eq!(ring.dash, Some(APPROXIMATE_RING_DASH));
        assert_eq!(ring.radius, m.radius + APPROXIMATE_RING_GAP);
        for p in ring.points(48) {
            assert!((p.distance(m.center) - ring.radius).abs() < 1e-3);
        }
    }

    #[test]
    fn a_swatch_keeps_its_outline_visible_on_white() {
        let style = super::super::kind_style(karabakh_data::Kind::PeacekeeperBase);
        let swatch = Marker::swatch(Pos2::ZERO, &style, false);
        assert!(swatch.radius <= SWATCH_MAX_RADIUS);
        assert_ne!(swatch.stroke, Color32::WHITE);
    }
}
