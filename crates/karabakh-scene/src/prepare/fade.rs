//! Basemap lines that exist only inside a box (the region's rivers and provinces: the raw
//! material covers 44.5–47.5° E, 38.8–40.8° N) fade out towards its edges, in steps, so that
//! no straight edge shows where they stop at overview zooms.

use geo::{Coord, LineString};

/// How far in from the box's edges, in degrees, the lines reach full strength.
const FADE: f64 = 0.4;
/// Steps of the fade: a line's strength is a multiple of 1 / STEPS.
const STEPS: f64 = 4.0;

/// The strength (0 to 1, in steps) of a line at `c` in `bounds` (`[west, south, east, north]`).
fn strength(c: Coord<f64>, [west, south, east, north]: [f64; 4]) -> f64 {
    let inside = (c.x - west)
        .min(east - c.x)
        .min(c.y - south)
        .min(north - c.y);
    ((inside / FADE).clamp(0.0, 1.0) * STEPS).floor() / STEPS
}

/// `line` cut where its strength changes; each piece with its strength (the weaker of its
/// ends, a piece between two steps taking the lower), those of no strength left out.
pub(super) fn faded(line: &LineString<f64>, bounds: [f64; 4]) -> Vec<(f32, LineString<f64>)> {
    let mut pieces: Vec<(f32, LineString<f64>)> = Vec::new();
    let mut current: Option<(f64, Vec<Coord<f64>>)> = None;
    for pair in line.0.windows(2) {
        let [a, b] = [pair[0], pair[1]];
        let s = strength(a, bounds).min(strength(b, bounds));
        match &mut current {
            Some((level, points)) if *level == s => points.push(b),
            _ => {
                if let Some((level, points)) = current.take() {
                    pieces.push((level as f32, LineString::new(points)));
                }
                current = Some((s, vec![a, b]));
            }
        }
    }
    if let Some((level, points)) = current {
        pieces.push((level as f32, LineString::new(points)));
    }
    pieces.retain(|(s, _)| *s > 0.0);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOX: [f64; 4] = [44.5, 38.8, 47.5, 40.8];

    #[test]
    fn a_line_fades_out_towards_the_edge_of_its_box() {
        // From the middle of the box east to its edge.
        let line = LineString::from(
            (0..=40)
                .map(|n| (46.0 + 1.5 * f64::from(n) / 40.0, 39.8))
                .collect::<Vec<_>>(),
        );
        let pieces = faded(&line, BOX);
        let strengths: Vec<f32> = pieces.iter().map(|(s, _)| *s).collect();
        assert_eq!(strengths, [1.0, 0.75, 0.5, 0.25], "{pieces:?}");
        // The pieces join up: each starts where the one before ends.
        for w in pieces.windows(2) {
            assert_eq!(w[0].1.0.last(), w[1].1.0.first());
        }
        // Nothing is drawn on the edge itself.
        let last = pieces.last().and_then(|(_, l)| l.0.last()).copied();
        assert!(
            last.is_some_and(|c| c.x < 47.5 - FADE / STEPS + 1e-9),
            "{last:?}"
        );
    }

    #[test]
    fn a_line_well_inside_stays_whole() {
        let line = LineString::from(vec![(45.5, 39.5), (46.5, 40.0), (46.0, 39.4)]);
        let pieces = faded(&line, BOX);
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].0, 1.0);
        assert_eq!(pieces[0].1, line);
    }
}
