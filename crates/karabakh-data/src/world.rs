//! The world's countries, lakes and borders at two scales made into one basemap: Natural Earth
//! 1:50m everywhere but the Caucasus box, the 1:10m detail inside it (see
//! `assets/basemap/world/SOURCES.md`). The 50m data is cut out of the box, so nothing is drawn
//! twice: no doubled border 1–2 km from the other, no 50m coast under the 10m one.

use geo::{BooleanOps, BoundingRect, Intersects, LineString, MultiLineString, MultiPolygon, Rect};

/// The box of the 1:10m files, `[west, south, east, north]`: they are cut exactly there.
pub const DETAIL_BOUNDS: [f64; 4] = [38.0, 36.0, 52.0, 44.0];

fn detail_box() -> Rect<f64> {
    let [west, south, east, north] = DETAIL_BOUNDS;
    Rect::new(
        geo::coord! { x: west, y: south },
        geo::coord! { x: east, y: north },
    )
}

/// Named areas of the 50m world with the detail box cut out, and the 10m detail in it; the two
/// parts of a country on either side of the box's edge are joined into one.
pub fn combine_areas(
    world: Vec<(String, MultiPolygon<f64>)>,
    detail: Vec<(String, MultiPolygon<f64>)>,
) -> Vec<(String, MultiPolygon<f64>)> {
    let cut = detail_box();
    let cut_out = MultiPolygon::new(vec![cut.to_polygon()]);
    let mut out: Vec<(String, MultiPolygon<f64>)> = world
        .into_iter()
        .filter_map(|(name, area)| {
            let meets = area.bounding_rect().is_some_and(|b| b.intersects(&cut));
            let outside = if meets {
                area.difference(&cut_out)
            } else {
                area
            };
            (!outside.0.is_empty()).then_some((name, outside))
        })
        .collect();
    for (name, area) in detail {
        match out.iter_mut().find(|(n, _)| !n.is_empty() && *n == name) {
            // One polygon across the box's edge: two would show a seam where their
            // anti-aliased edges meet.
            Some((_, outside)) => *outside = outside.union(&area),
            None => out.push((name, area)),
        }
    }
    out
}

/// The 50m lines outside the detail box, then the 10m lines (inside it).
pub fn combine_lines(
    world: Vec<LineString<f64>>,
    detail: Vec<LineString<f64>>,
) -> Vec<LineString<f64>> {
    let cut = detail_box().to_polygon();
    let mut out: Vec<LineString<f64>> = world
        .into_iter()
        .flat_map(|line| {
            let meets = line.bounding_rect().is_some_and(|b| b.intersects(&cut));
            if meets {
                cut.clip(&MultiLineString::new(vec![line]), true).0
            } else {
                vec![line]
            }
        })
        .filter(|l| l.0.len() >= 2)
        .collect();
    out.extend(detail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, Contains};

    fn square(x: f64, y: f64, side: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![
            Rect::new(
                geo::coord! { x: x, y: y },
                geo::coord! { x: x + side, y: y + side },
            )
            .to_polygon(),
        ])
    }

    #[test]
    fn the_world_is_cut_out_of_the_box_and_the_detail_takes_its_place() {
        // A country across the box's west edge at 38° E, and one wholly inside it.
        let world = vec![
            ("Turkey".to_owned(), square(36.0, 38.0, 4.0)),
            ("Armenia".to_owned(), square(44.0, 39.0, 1.0)),
            ("Spain".to_owned(), square(-6.0, 38.0, 3.0)),
        ];
        let detail = vec![
            ("Turkey".to_owned(), square(38.0, 38.0, 2.0)),
            ("Armenia".to_owned(), square(44.0, 39.0, 1.1)),
        ];
        let all = combine_areas(world, detail);
        let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Turkey", "Spain", "Armenia"]);
        let turkey = &all[0].1;
        // 2° × 4° outside the box, then the 2° × 2° of detail.
        assert!((turkey.unsigned_area() - 12.0).abs() < 1e-9);
        assert!(turkey.contains(&geo::point! { x: 37.0, y: 39.0 }));
        assert!(
            (all[2].1.unsigned_area() - 1.21).abs() < 1e-9,
            "detail only"
        );
    }

    #[test]
    fn world_lines_stop_at_the_box() {
        let crossing = LineString::from(vec![(30.0, 40.0), (45.0, 40.0)]);
        let inside = LineString::from(vec![(44.0, 40.0), (45.0, 41.0)]);
        let detail = LineString::from(vec![(44.0, 40.5), (45.0, 41.5)]);
        let lines = combine_lines(vec![crossing, inside], vec![detail.clone()]);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].0.iter().all(|c| c.x <= 38.0 + 1e-9));
        assert_eq!(lines[1], detail);
    }
}
