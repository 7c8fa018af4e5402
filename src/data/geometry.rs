//! GeoJSON geometry to `geo` geometry, refusing what cannot be drawn or measured honestly.

use geo::Validation;
use geo::orient::{Direction, Orient};
use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use geojson::{GeometryValue, Position};

/// Converts a GeoJSON geometry, checking every position (finite, within ±180/±90) and every
/// ring (at least four positions, closed). The error says what is wrong and where.
pub fn to_geo(value: &GeometryValue) -> Result<Geometry<f64>, String> {
    Ok(match value {
        GeometryValue::Point { coordinates } => Point(coord(coordinates)?).into(),
        GeometryValue::MultiPoint { coordinates } => {
            nonempty(coordinates, "MultiPoint")?;
            MultiPoint(
                coordinates
                    .iter()
                    .map(|p| coord(p).map(Point))
                    .collect::<Result<_, _>>()?,
            )
            .into()
        }
        GeometryValue::LineString { coordinates } => line(coordinates)?.into(),
        GeometryValue::MultiLineString { coordinates } => {
            nonempty(coordinates, "MultiLineString")?;
            MultiLineString(
                coordinates
                    .iter()
                    .map(|l| line(l))
                    .collect::<Result<_, _>>()?,
            )
            .into()
        }
        GeometryValue::Polygon { coordinates } => polygon(coordinates)?.into(),
        GeometryValue::MultiPolygon { coordinates } => {
            nonempty(coordinates, "MultiPolygon")?;
            MultiPolygon(
                coordinates
                    .iter()
                    .map(|p| polygon(p))
                    .collect::<Result<_, _>>()?,
            )
            .into()
        }
        GeometryValue::GeometryCollection { geometries } => {
            nonempty(geometries, "GeometryCollection")?;
            Geometry::GeometryCollection(
                geometries
                    .iter()
                    .map(|g| to_geo(&g.value))
                    .collect::<Result<_, _>>()?,
            )
        }
    })
}

fn nonempty<T>(items: &[T], what: &str) -> Result<(), String> {
    if items.is_empty() {
        Err(format!("empty {what}"))
    } else {
        Ok(())
    }
}

fn coord(position: &Position) -> Result<Coord<f64>, String> {
    let values = position.as_slice();
    let (Some(&x), Some(&y)) = (values.first(), values.get(1)) else {
        return Err(format!("position {values:?} has fewer than two numbers"));
    };
    if !x.is_finite() || !y.is_finite() {
        return Err(format!("position [{x}, {y}] is not finite"));
    }
    if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
        return Err(format!(
            "position [{x}, {y}] is outside longitude ±180 / latitude ±90 (GeoJSON is [lon, lat])"
        ));
    }
    Ok(Coord { x, y })
}

fn line(positions: &[Position]) -> Result<LineString<f64>, String> {
    if positions.len() < 2 {
        return Err(format!(
            "a line needs at least 2 positions, found {}",
            positions.len()
        ));
    }
    positions
        .iter()
        .map(coord)
        .collect::<Result<Vec<_>, _>>()
        .map(LineString)
}

fn ring(positions: &[Position], which: &str) -> Result<LineString<f64>, String> {
    if positions.len() < 4 {
        return Err(format!(
            "polygon {which} ring has {} positions; a ring needs at least 4",
            positions.len()
        ));
    }
    let coords = positions.iter().map(coord).collect::<Result<Vec<_>, _>>()?;
    if coords.first() != coords.last() {
        return Err(format!(
            "polygon {which} ring is not closed (first and last positions differ)"
        ));
    }
    Ok(LineString(coords))
}

fn polygon(rings: &[Vec<Position>]) -> Result<Polygon<f64>, String> {
    let Some((exterior, interiors)) = rings.split_first() else {
        return Err("polygon has no rings".to_owned());
    };
    let exterior = ring(exterior, "outer")?;
    let interiors = interiors
        .iter()
        .enumerate()
        .map(|(i, r)| ring(r, &format!("inner #{}", i + 1)))
        .collect::<Result<_, _>>()?;
    let polygon = Polygon::new(exterior, interiors);
    // A ring that crosses itself has no inside: it cannot be filled or measured honestly.
    if let Err(problem) = polygon.check_validation() {
        return Err(format!("invalid polygon: {problem}"));
    }
    // Rings come in either winding; areas and fills want outer counter-clockwise.
    Ok(polygon.orient(Direction::Default))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Geometry<f64>, String> {
        let g: geojson::Geometry = serde_json::from_str(json).expect("test JSON is GeoJSON");
        to_geo(&g.value)
    }

    #[test]
    fn converts_every_geometry_type() {
        assert!(matches!(
            parse(r#"{"type":"Point","coordinates":[46.75,39.81]}"#),
            Ok(Geometry::Point(_))
        ));
        assert!(matches!(
            parse(r#"{"type":"LineString","coordinates":[[46,39],[47,40]]}"#),
            Ok(Geometry::LineString(_))
        ));
        assert!(matches!(
            parse(r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,40],[46,39]]]}"#),
            Ok(Geometry::Polygon(_))
        ));
        assert!(matches!(
            parse(
                r#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}"#
            ),
            Ok(Geometry::GeometryCollection(_))
        ));
    }

    #[test]
    fn refuses_out_of_range_and_short_positions() {
        let err = parse(r#"{"type":"Point","coordinates":[39.8,246.7]}"#).unwrap_err();
        assert!(err.contains("outside"), "{err}");
        let err = parse(r#"{"type":"LineString","coordinates":[[46,39]]}"#).unwrap_err();
        assert!(err.contains("at least 2"), "{err}");
    }

    #[test]
    fn clockwise_rings_are_turned_so_areas_are_positive() {
        use geo::Area;
        let cw = parse(
            r#"{"type":"Polygon","coordinates":[[[46,39],[46,40],[47,40],[47,39],[46,39]]]}"#,
        )
        .unwrap();
        assert!(cw.signed_area() > 0.0);
    }

    #[test]
    fn refuses_a_ring_that_crosses_itself() {
        // A bow tie.
        let err = parse(
            r#"{"type":"Polygon","coordinates":[[[46,39],[47,40],[47,39],[46,40],[46,39]]]}"#,
        )
        .unwrap_err();
        assert!(err.contains("self-intersection"), "{err}");
    }

    #[test]
    fn refuses_bad_rings() {
        let err = parse(r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,40],[46,40]]]}"#)
            .unwrap_err();
        assert!(err.contains("not closed"), "{err}");
        let err =
            parse(r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[46,39]]]}"#).unwrap_err();
        assert!(err.contains("at least 4"), "{err}");
        let err = parse(r#"{"type":"Polygon","coordinates":[]}"#).unwrap_err();
        assert!(err.contains("no rings"), "{err}");
        let err = parse(r#"{"type":"MultiPolygon","coordinates":[]}"#).unwrap_err();
        assert!(err.contains("empty"), "{err}");
    }
}
