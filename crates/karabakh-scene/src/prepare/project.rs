//! Features' geometry, in longitude and latitude, projected to Web Mercator as prepared parts,
//! with their bounds, area and simplified copies; on every core.

use geo::{Geometry, LineString, Polygon};

use super::parts::{Fill, Part, Path, PreparedFeature, bounds_of, ring_area};
use super::simplify::levels_of;
use crate::view::World;

pub(crate) fn world_of(c: &geo::Coord<f64>) -> World {
    World::from_lon_lat(c.x, c.y)
}

pub(crate) fn path_of(line: &LineString<f64>) -> Path {
    Path::from_world(line.0.iter().map(world_of))
}

/// A ring's points without the closing one.
pub(crate) fn open_ring(ring: &LineString<f64>) -> &[geo::Coord<f64>] {
    match ring.0.split_last() {
        Some((last, rest)) if ring.0.first() == Some(last) => rest,
        _ => &ring.0,
    }
}

pub(crate) fn fill_of(polygon: &Polygon<f64>) -> Fill {
    let mut ring_ends = Vec::with_capacity(1 + polygon.interiors().len());
    let mut end = 0u32;
    let rings = std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(|r| {
            let open = open_ring(r);
            end += open.len() as u32;
            ring_ends.push(end);
            open
        })
        .collect::<Vec<_>>();
    let rings = Path::from_world(rings.iter().flat_map(|r| r.iter().map(world_of)));
    Fill::new(rings, ring_ends)
}

fn parts_of(geometry: &Geometry<f64>, out: &mut Vec<Part>) {
    match geometry {
        Geometry::Point(p) => out.push(Part::Point(World::from_lon_lat(p.x(), p.y()))),
        Geometry::MultiPoint(m) => out.extend(
            m.iter()
                .map(|p| Part::Point(World::from_lon_lat(p.x(), p.y()))),
        ),
        Geometry::Line(l) => out.push(Part::Line(Path::from_world(
            [l.start, l.end].iter().map(world_of),
        ))),
        Geometry::LineString(l) => out.push(Part::Line(path_of(l))),
        Geometry::MultiLineString(m) => out.extend(m.iter().map(|l| Part::Line(path_of(l)))),
        Geometry::Polygon(p) => out.push(Part::Fill(Box::new(fill_of(p)))),
        Geometry::MultiPolygon(m) => out.extend(m.iter().map(|p| Part::Fill(Box::new(fill_of(p))))),
        Geometry::Rect(r) => out.push(Part::Fill(Box::new(fill_of(&r.to_polygon())))),
        Geometry::Triangle(t) => out.push(Part::Fill(Box::new(fill_of(&t.to_polygon())))),
        Geometry::GeometryCollection(c) => c.iter().for_each(|g| parts_of(g, out)),
    }
}

pub fn prepare_feature(geometry: &Geometry<f64>) -> PreparedFeature {
    let mut parts = Vec::new();
    parts_of(geometry, &mut parts);
    let area = parts
        .iter()
        .map(|p| match p {
            Part::Fill(fill) => fill.ring_slices().next().map_or(0.0, ring_area),
            _ => 0.0,
        })
        .sum();
    PreparedFeature {
        bounds: bounds_of(&parts),
        area,
        levels: levels_of(&parts),
        parts,
    }
}

/// [`prepare_feature`] for each feature, on every core: features take unequal time (a country
/// of a million points, a village of one), so each thread takes the next one as it is free.
pub fn prepare_features(features: &[karabakh_data::Feature]) -> Vec<PreparedFeature> {
    prepare_features_counting(features, &std::sync::atomic::AtomicUsize::new(0))
}

/// [`prepare_features`], adding one to `done` as each feature is prepared: the window shows a
/// large layer's progress while it is prepared on a worker thread.
pub fn prepare_features_counting(
    features: &[karabakh_data::Feature],
    done: &std::sync::atomic::AtomicUsize,
) -> Vec<PreparedFeature> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let prepare = |feature: &karabakh_data::Feature| {
        let prepared = prepare_feature(&feature.geometry);
        done.fetch_add(1, Ordering::Relaxed);
        prepared
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(features.len() / 64 + 1);
    if threads <= 1 {
        return features.iter().map(prepare).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, PreparedFeature)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(feature) = features.get(i) else {
                            return out;
                        };
                        out.push((i, prepare(feature)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut all: Vec<(usize, PreparedFeature)> = done.into_iter().flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, f)| f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::TILE_SIZE;

    #[test]
    fn offsets_are_within_a_tenth_of_a_pixel_at_zoom_18_for_a_region() {
        // A 300 km line at Karabakh's latitude, kept as offsets, then read back.
        let line = LineString::from(vec![(44.5, 38.8), (47.5, 40.8), (45.0, 40.0)]);
        let path = path_of(&line);
        let scale = TILE_SIZE * 18f64.exp2();
        for (c, &o) in line.0.iter().zip(&path.coords) {
            let exact = world_of(c);
            let back = path.world(o);
            let px = ((exact.x - back.x).abs().max((exact.y - back.y).abs())) * scale;
            assert!(px < 0.1, "{px} px off");
        }
    }
}
