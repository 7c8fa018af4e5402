//! Hatching: the parallel lines that fill an area of control, so that who held it reads by
//! texture as well as by hue, in greyscale print and to a colour-blind reader. The scene makes
//! them as ordinary lines, so the window, the SVG and the PNG draw the same.

use ecolor::Color32;
use emath::{Pos2, Rect, pos2};

/// Which way the lines run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HatchPattern {
    /// Rising to the right, "/".
    Diagonal,
    /// Both diagonals.
    Cross,
}

/// Lines over a fill.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hatch {
    pub pattern: HatchPattern,
    pub color: Color32,
    /// Pixels between two lines, across them.
    pub spacing: f32,
    pub width: f32,
}

impl Hatch {
    /// The segments hatching the area inside `rings` (screen points; holes and several parts
    /// together, by the even-odd rule), within `clip`; `anchor` is a point the lines pass
    /// through (a fixed place on the map, so that the pattern moves with it).
    pub fn segments(&self, rings: &[&[Pos2]], clip: Rect, anchor: Pos2) -> Vec<[Pos2; 2]> {
        let mut out = diagonal(rings, clip, anchor, self.spacing, 1.0);
        if self.pattern == HatchPattern::Cross {
            out.extend(diagonal(rings, clip, anchor, self.spacing, -1.0));
        }
        out
    }
}

/// Lines of constant `x + sign·y` (sign 1: "/", −1: "\"), `spacing` apart across them.
fn diagonal(
    rings: &[&[Pos2]],
    clip: Rect,
    anchor: Pos2,
    spacing: f32,
    sign: f32,
) -> Vec<[Pos2; 2]> {
    // u is constant along a line; v runs along it. Lines are at u = phase + k·step.
    let u_of = |p: Pos2| p.x + sign * p.y;
    let v_of = |p: Pos2| p.x - sign * p.y;
    let step = spacing * std::f32::consts::SQRT_2;
    if step.is_nan() || step <= 0.5 || !clip.is_finite() {
        return Vec::new();
    }
    let phase = u_of(anchor).rem_euclid(step);
    let corners = [
        clip.left_top(),
        clip.right_top(),
        clip.left_bottom(),
        clip.right_bottom(),
    ];
    let (u_min, u_max) = corners
        .iter()
        .map(|&p| u_of(p))
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), u| {
            (a.min(u), b.max(u))
        });
    let k0 = ((u_min - phase) / step).ceil() as i64;
    let k1 = ((u_max - phase) / step).floor() as i64;
    if k1 < k0 || k1 - k0 > 20_000 {
        return Vec::new();
    }
    let mut crossings: Vec<Vec<f32>> = vec![Vec::new(); (k1 - k0 + 1) as usize];
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (p, q) = (ring[i], ring[(i + 1) % n]);
            let (up, uq) = (u_of(p), u_of(q));
            if up == uq {
                continue;
            }
            let (lo, hi) = (up.min(uq), up.max(uq));
            // Half-open on the upper end, so a vertex on a line counts once.
            let first = (((lo - phase) / step).ceil() as i64).max(k0);
            let last = (((hi - phase) / step).ceil() as i64 - 1).min(k1);
            for k in first..=last {
                let u = phase + k as f32 * step;
                if u < lo || u >= hi {
                    continue;
                }
                let t = (u - up) / (uq - up);
                let v = v_of(p) + t * (v_of(q) - v_of(p));
                crossings[(k - k0) as usize].push(v);
            }
        }
    }
    let mut out = Vec::new();
    for (n, vs) in crossings.iter_mut().enumerate() {
        vs.sort_by(f32::total_cmp);
        let u = phase + (k0 + n as i64) as f32 * step;
        let point = |v: f32| pos2((u + v) / 2.0, sign * (u - v) / 2.0);
        for pair in vs.chunks_exact(2) {
            if let Some(segment) = clip_segment(point(pair[0]), point(pair[1]), clip) {
                out.push(segment);
            }
        }
    }
    out
}

/// The part of the segment `a`–`b` inside `rect` (Liang–Barsky), if any.
fn clip_segment(a: Pos2, b: Pos2, rect: Rect) -> Option<[Pos2; 2]> {
    let d = b - a;
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d.x, a.x - rect.left()),
        (d.x, rect.right() - a.x),
        (-d.y, a.y - rect.top()),
        (d.y, rect.bottom() - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
            continue;
        }
        let t = q / p;
        if p < 0.0 {
            t0 = t0.max(t);
        } else {
            t1 = t1.min(t);
        }
        if t0 > t1 {
            return None;
        }
    }
    Some([a + d * t0, a + d * t1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hatch(pattern: HatchPattern) -> Hatch {
        Hatch {
            pattern,
            color: Color32::BLACK,
            spacing: 10.0,
            width: 1.0,
        }
    }

    #[test]
    fn lines_stay_inside_the_area_and_skip_its_hole() {
        let outer = [
            pos2(0.0, 0.0),
            pos2(100.0, 0.0),
            pos2(100.0, 100.0),
            pos2(0.0, 100.0),
        ];
        let hole = [
            pos2(40.0, 40.0),
            pos2(60.0, 40.0),
            pos2(60.0, 60.0),
            pos2(40.0, 60.0),
        ];
        let clip = Rect::from_min_max(pos2(-50.0, -50.0), pos2(500.0, 500.0));
        let segments = hatch(HatchPattern::Diagonal).segments(&[&outer, &hole], clip, Pos2::ZERO);
        // About (100·√2 / 10)·… lines: enough to read as a texture.
        assert!(segments.len() > 12, "{}", segments.len());
        let inside = |p: Pos2| (-0.01..=100.01).contains(&p.x) && (-0.01..=100.01).contains(&p.y);
        for [a, b] in &segments {
            assert!(inside(*a) && inside(*b), "{a:?}–{b:?}");
            let mid = pos2((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
            let in_hole = mid.x > 40.5 && mid.x < 59.5 && mid.y > 40.5 && mid.y < 59.5;
            assert!(!in_hole, "{a:?}–{b:?} crosses the hole");
            // "/": x up, y down.
            assert!(((b.x - a.x) + (b.y - a.y)).abs() < 0.01);
        }
        let cross = hatch(HatchPattern::Cross).segments(&[&outer], clip, Pos2::ZERO);
        assert!(cross.len() > 2 * 9);
        // Cut to the clip rectangle.
        let small = Rect::from_min_max(pos2(10.0, 10.0), pos2(30.0, 30.0));
        for [a, b] in hatch(HatchPattern::Cross).segments(&[&outer], small, Pos2::ZERO) {
            assert!(small.expand(0.01).contains(a) && small.expand(0.01).contains(b));
        }
    }
}
