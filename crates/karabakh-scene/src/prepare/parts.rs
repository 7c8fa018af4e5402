//! The pieces of prepared geometry: paths of `f32` offsets from a world origin, fills with
//! their triangles, and a feature's parts at full detail and simplified.

use super::triangulate::triangulate;
use crate::view::World;

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
    pub(crate) fn from_world(points: impl Iterator<Item = World> + Clone) -> Path {
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
    pub(crate) fn new(rings: Path, ring_ends: Vec<u32>) -> Fill {
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

pub(crate) fn bounds_of(parts: &[Part]) -> (World, World) {
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
pub(crate) fn ring_area(ring: &[Offset]) -> f64 {
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
