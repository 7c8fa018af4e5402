//! Lines cut to what can be seen and thinned to the screen's pixels: at a close zoom a border
//! is millions of pixels long, and a file's detail finer than a pixel is not drawn.

use emath::{Pos2, Rect};

/// A polyline cut to `clip`: the runs of its segments that come into the rectangle, each an
/// open line, or the whole line (closed if it was) when all of it does. Fewer than two points,
/// or all of them within half a pixel, give nothing: a line of no length shows nothing (and a
/// dashed one makes the SVG renderer complain).
pub(crate) fn clipped(points: Vec<Pos2>, closed: bool, clip: Rect) -> Vec<(Vec<Pos2>, bool)> {
    let bounds = Rect::from_points(&points);
    if points.len() < 2 || bounds.width().max(bounds.height()) < 0.5 {
        return Vec::new();
    }
    if clip.contains_rect(bounds) {
        return vec![(points, closed)];
    }
    let segments = points.len() - usize::from(!closed);
    let at = |i: usize| points[i % points.len()];
    let meets = |a: Pos2, b: Pos2| Rect::from_two_pos(a, b).intersects(clip);
    let mut runs: Vec<(Vec<Pos2>, bool)> = Vec::new();
    let mut run: Vec<Pos2> = Vec::new();
    for i in 0..segments {
        let (a, b) = (at(i), at(i + 1));
        if meets(a, b) {
            if run.is_empty() {
                run.push(a);
            }
            run.push(b);
        } else if run.len() >= 2 {
            runs.push((std::mem::take(&mut run), false));
        } else {
            run.clear();
        }
    }
    if run.len() >= 2 {
        // A closed ring whose last run goes on into its first: one run.
        match runs.first_mut() {
            Some((first, _)) if closed && first.first() == run.last() => {
                run.extend_from_slice(&first[1..]);
                *first = run;
            }
            _ => runs.push((run, false)),
        }
    }
    runs
}

/// Points closer than half a pixel to the last kept one are dropped (the last is kept).
pub(crate) fn thin(points: impl Iterator<Item = Pos2>, len: usize) -> Vec<Pos2> {
    let mut out: Vec<Pos2> = Vec::with_capacity(len);
    for (n, p) in points.enumerate() {
        let last = n + 1 == len;
        if last || out.last().is_none_or(|q| (p - *q).length_sq() >= 0.25) {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use emath::pos2;

    #[test]
    fn lines_are_cut_to_what_can_be_seen() {
        let clip = Rect::from_min_max(pos2(0.0, 0.0), pos2(100.0, 100.0));
        // Shorter than half a pixel: nothing to see.
        let dot = vec![pos2(10.0, 10.0), pos2(10.2, 10.1)];
        assert!(clipped(dot, false, clip).is_empty());
        // Inside: kept whole, closed if it was.
        let inside = vec![pos2(10.0, 10.0), pos2(50.0, 10.0), pos2(50.0, 50.0)];
        assert_eq!(clipped(inside.clone(), true, clip), vec![(inside, true)]);
        // In, out far away, in again: two runs, each with the segment that leaves or enters.
        let through = vec![
            pos2(10.0, 10.0),
            pos2(50.0, 10.0),
            pos2(5000.0, 10.0),
            pos2(5000.0, 5000.0),
            pos2(50.0, 90.0),
            pos2(10.0, 90.0),
        ];
        let runs = clipped(through, false, clip);
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert_eq!(
            runs[0].0,
            vec![pos2(10.0, 10.0), pos2(50.0, 10.0), pos2(5000.0, 10.0)]
        );
        assert_eq!(
            runs[1].0,
            vec![pos2(5000.0, 5000.0), pos2(50.0, 90.0), pos2(10.0, 90.0)]
        );
        // A ring around the view, far outside: nothing of it is drawn.
        let around = vec![
            pos2(-1e6, -1e6),
            pos2(1e6, -1e6),
            pos2(1e6, 1e6),
            pos2(-1e6, 1e6),
        ];
        assert!(clipped(around, true, clip).is_empty());
        // A ring crossing the view: its closing segment joins the last run to the first.
        let crossing = vec![
            pos2(50.0, 50.0),
            pos2(5000.0, 50.0),
            pos2(5000.0, 5000.0),
            pos2(50.0, 5000.0),
        ];
        let runs = clipped(crossing, true, clip);
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!(
            runs[0].0,
            vec![pos2(50.0, 5000.0), pos2(50.0, 50.0), pos2(5000.0, 50.0)]
        );
    }
}
