//! GeoJSON read straight into checked geometry: one pass of serde over the text, no JSON tree for
//! the coordinates, and each feature handed on as soon as it is read, so a big file is never held
//! twice. Text that is not JSON fails the whole file; anything else wrong is reported for the
//! feature it is in, and the rest loads.
//!
//! Modules, lowest first: `raw` (what reading gives), `values` (small visitors shared by the
//! rest), `coordinates` (tokens, and the geometry they make), `objects` (the top level, features
//! and geometries).

mod coordinates;
mod objects;
mod raw;
mod values;

pub use objects::read;
pub use raw::{Member, Mode, RawFeature, RawGeometry, TopLevel};

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Geometry;

    fn features(text: &str, mode: Mode) -> (TopLevel, Vec<RawFeature<'_>>) {
        let mut out = Vec::new();
        let top = read(text, mode, &mut |_, f| out.push(f)).expect("JSON");
        (top, out)
    }

    fn geometry(json: &str) -> RawGeometry {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{json}}}]}}"#
        );
        let (_, mut read) = features(&text, Mode::Dossier);
        read.remove(0).geometry.settle(Mode::Dossier)
    }

    #[test]
    fn reads_every_geometry_type_whatever_the_key_order() {
        for json in [
            r#"{"type":"Point","coordinates":[46.75,39.81]}"#,
            r#"{"coordinates":[46.75,39.81,1200],"type":"Point"}"#,
            r#"{"type":"MultiPoint","coordinates":[[46,39],[47,40]]}"#,
            r#"{"coordinates":[[46,39],[47,40]],"type":"LineString","bbox":[46,39,47,40]}"#,
            r#"{"type":"MultiLineString","coordinates":[[[46,39],[47,40]],[[45,39],[45.5,39.5]]]}"#,
            r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,40],[46,39]]]}"#,
            r#"{"type":"MultiPolygon","coordinates":[[[[46,39],[47,39],[47,40],[46,39]]]]}"#,
            r#"{"geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[1,2],[3,4]]}],"type":"GeometryCollection"}"#,
        ] {
            assert!(
                matches!(geometry(json), RawGeometry::Valid(_)),
                "{json}: {:?}",
                geometry(json)
            );
        }
        let RawGeometry::Valid(Geometry::Point(p)) =
            geometry(r#"{"coordinates":[46.75,39.81],"type":"Point"}"#)
        else {
            panic!("a point")
        };
        assert_eq!((p.x(), p.y()), (46.75, 39.81));
    }

    #[test]
    fn wrong_shapes_are_named_per_feature() {
        let cases = [
            (
                r#"{"type":"Point","coordinates":[[1,2]]}"#,
                "nested too deeply",
            ),
            (
                r#"{"type":"LineString","coordinates":[1,2]}"#,
                "position where",
            ),
            (
                r#"{"type":"Polygon","coordinates":[[1,2],[3,4]]}"#,
                "position where",
            ),
            (
                r#"{"type":"Point","coordinates":[[[1,2]]]}"#,
                "nested too deeply",
            ),
            (
                r#"{"type":"LineString","coordinates":[[[1,2],[3,4]]]}"#,
                "nested too deeply",
            ),
            (r#"{"type":"Point","coordinates":[1,"x"]}"#, "mix"),
            (r#"{"type":"Point","coordinates":"here"}"#, "mix"),
            (r#"{"type":"Point"}"#, "without \"coordinates\""),
            (
                r#"{"type":"Circle","coordinates":[1,2]}"#,
                "unknown geometry type",
            ),
            (r#"{"coordinates":[1,2]}"#, "no \"type\""),
            (r#"[1,2]"#, "an array"),
        ];
        for (json, needle) in cases {
            match geometry(json) {
                RawGeometry::NotGeoJson(m) => assert!(m.contains(needle), "{json}: {m}"),
                other => panic!("{json}: {other:?}"),
            }
        }
        let invalid = [
            (r#"{"type":"Point","coordinates":[1]}"#, "1 number"),
            (r#"{"type":"Point","coordinates":[]}"#, "empty position"),
            (
                r#"{"type":"Point","coordinates":[200,1]}"#,
                "outside longitude",
            ),
            (
                r#"{"type":"LineString","coordinates":[[1,2]]}"#,
                "at least 2",
            ),
            (
                r#"{"type":"MultiPolygon","coordinates":[]}"#,
                "empty MultiPolygon",
            ),
            (r#"{"type":"Polygon","coordinates":[]}"#, "no rings"),
            (
                r#"{"type":"GeometryCollection","geometries":[]}"#,
                "empty GeometryCollection",
            ),
        ];
        for (json, needle) in invalid {
            match geometry(json) {
                RawGeometry::Invalid(m) => assert!(m.to_string().contains(needle), "{json}: {m}"),
                other => panic!("{json}: {other:?}"),
            }
        }
        assert!(matches!(geometry("null"), RawGeometry::Missing));
    }

    #[test]
    fn features_wait_for_a_late_type_and_other_documents_give_none() {
        let late = r#"{"features":[{"type":"Feature","properties":{"a":1},"geometry":null}],"name":"L","type":"FeatureCollection"}"#;
        let (top, read) = features(late, Mode::Dossier);
        assert_eq!(top.kind.as_deref(), Some("FeatureCollection"));
        assert_eq!(top.name.as_deref(), Some("L"));
        assert_eq!(top.features, Member::Array);
        assert_eq!(read.len(), 1);
        let (top, read) = features(
            r#"{"type":"Topology","features":[{"type":"Feature"}]}"#,
            Mode::Dossier,
        );
        assert_eq!(top.kind.as_deref(), Some("Topology"));
        assert!(read.is_empty());
        let (top, _) = features(
            r#"{"type":"FeatureCollection","features":{}}"#,
            Mode::Dossier,
        );
        assert_eq!(top.features, Member::NotArray);
    }

    #[test]
    fn other_peoples_documents_may_be_a_feature_a_geometry_or_a_collection_of_geometries() {
        let (_, read) = features(
            r#"{"type":"Feature","properties":{"name":"One"},"geometry":{"type":"Point","coordinates":[1,2]}}"#,
            Mode::Imported,
        );
        assert_eq!(read.len(), 1);
        let (_, read) = features(
            r#"{"coordinates":[[1,2],[3,4]],"type":"LineString"}"#,
            Mode::Imported,
        );
        assert!(matches!(
            read[0].geometry,
            RawGeometry::Read(Geometry::LineString(_))
        ));
        let (_, read) = features(
            r#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"Point","coordinates":[3,4]}]}"#,
            Mode::Imported,
        );
        assert_eq!(read.len(), 2);
        // A dossier file must be a FeatureCollection.
        let (_, read) = features(
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}"#,
            Mode::Dossier,
        );
        assert!(read.is_empty());
    }

    #[test]
    fn json_errors_stop_the_file() {
        let mut sink = |_: usize, _: RawFeature| {};
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = read(&deep, Mode::Imported, &mut sink).expect_err("too deep");
        assert!(e.to_string().contains("recursion limit"), "{e}");
        let deep_coords = format!(
            r#"{{"type":"Point","coordinates":{}1{}}}"#,
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let e = read(&deep_coords, Mode::Imported, &mut sink).expect_err("too deep");
        assert!(e.to_string().contains("recursion limit"), "{e}");
        assert!(read("{\"type\": [}", Mode::Imported, &mut sink).is_err());
        assert!(read("{} trailing", Mode::Imported, &mut sink).is_err());
    }
}
