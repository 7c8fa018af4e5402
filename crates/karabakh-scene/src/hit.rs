//! Whether a point is on a shape: inside a fill, within a few pixels of a line or a marker.

use emath::{Pos2, Rect, vec2};

use crate::shape::Shape;

/// How far from a line or point a click still counts, in pixels.
pub const HIT_TOLERANCE: f32 = 5.0;

pub(crate) fn shape_bounds(shape: &Shape) -> Option<Rect> {
    let grow = HIT_TOLERANCE;
    match shape {
        Shape::Mesh(mesh) => Some(Rect::from_points(&mesh.vertices)),
        Shape::Line { points, width, .. } => {
            Some(Rect::from_points(points).expand(width / 2.0 + grow))
        }
        Shape::Marker { center, radius, .. } => Some(Rect::from_center_size(
            *center,
            vec2(2.0, 2.0) * (radius + grow),
        )),
        Shape::Raster(_) => None,
    }
}

pub(crate) fn shape_contains(shape: &Shape, p: Pos2) -> bool {
    match shape {
        Shape::Mesh(mesh) => mesh.indices.chunks_exact(3).any(|t| {
            let v = |i: u32| mesh.vertices.get(i as usize).copied().unwrap_or(Pos2::ZERO);
            in_triangle(p, v(t[0]), v(t[1]), v(t[2]))
        }),
        Shape::Line {
            points,
            width,
            closed,
            ..
        } => {
            let reach = width / 2.0 + HIT_TOLERANCE;
            let closing = closed.then(|| (points.last().copied(), points.first().copied()));
            points
                .windows(2)
                .map(|w| (Some(w[0]), Some(w[1])))
                .chain(closing)
                .any(|seg| match seg {
                    (Some(a), Some(b)) => segment_distance(p, a, b) <= reach,
                    _ => false,
                })
        }
        Shape::Marker { center, radius, .. } => center.distance(p) <= radius + HIT_TOLERANCE,
        Shape::Raster(_) => false,
    }
}

fn in_triangle(p: Pos2, a: Pos2, b: Pos2, c: Pos2) -> bool {
    let cross = |o: Pos2, u: Pos2, v: Pos2| (u.x - o.x) * (v.y - o.y) - (u.y - o.y) * (v.x - o.x);
    let (d1, d2, d3) = (cross(p, a, b), cross(p, b, c), cross(p, c, a));
    let negative = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let positive = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(negative && positive)
}

/// Distance from `p` to the segment `a`–`b`.
pub fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(a + ab * t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use emath::pos2;

    #[test]
    fn triangle_and_segment_tests() {
        let (a, b, c) = (pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(0.0, 10.0));
        assert!(in_triangle(pos2(2.0, 2.0), a, b, c));
        assert!(!in_triangle(pos2(8.0, 8.0), a, b, c));
        assert_eq!(segment_distance(pos2(5.0, 3.0), a, b), 3.0);
        assert_eq!(segment_distance(pos2(-4.0, 3.0), a, b), 5.0);
    }
}
