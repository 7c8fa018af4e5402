//! The user's own material and every kind of bad input: the message names the file and the
//! problem, the valid part still loads, nothing panics.

mod common;

use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable;
use karabakh_atlas::data::{self, Dataset, Kind, import::load_files};

const GOOD: &str = r#"{"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"name":"Good place"},"geometry":{"type":"Point","coordinates":[46.5,39.5]}}]}"#;

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// Loads the good file and `bad`; checks one problem naming `bad` and containing `needle`,
/// and that the good feature is there.
fn assert_refused(bad: &Path, needle: &str) -> Dataset {
    let dir = bad.parent().expect("in a folder");
    let good = write(dir, "good.geojson", GOOD);
    let added = load_files(&[good, bad.to_path_buf()], &data::load_embedded());
    assert_eq!(added.problems.len(), 1, "{:#?}", added.problems);
    let problem = &added.problems[0];
    let name = bad.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(problem.file.ends_with(name), "{problem}");
    assert!(
        problem.message.contains(needle),
        "{problem} should contain {needle:?}"
    );
    assert!(
        added
            .features
            .iter()
            .any(|f| f.names.display == "Good place"),
        "the valid file still loads"
    );
    added
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn empty_invalid_and_truncated_files() {
    let dir = temp();
    assert_refused(&write(dir.path(), "empty.geojson", ""), "empty");
    assert_refused(
        &write(
            dir.path(),
            "broken.geojson",
            "{\"type\": \"FeatureCollection\", ",
        ),
        "invalid JSON",
    );
    let truncated = &GOOD[..GOOD.len() / 2];
    assert_refused(
        &write(dir.path(), "truncated.geojson", truncated),
        "EOF while parsing",
    );
}

#[test]
fn deeply_nested_json_is_refused_without_overflowing_the_stack() {
    let dir = temp();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_refused(&write(dir.path(), "deep.geojson", deep), "recursion limit");
}

#[test]
fn wrong_geojson_types() {
    let dir = temp();
    assert_refused(
        &write(
            dir.path(),
            "topo.geojson",
            r#"{"type":"Topology","objects":{}}"#,
        ),
        "not a FeatureCollection",
    );
    assert_refused(
        &write(
            dir.path(),
            "feats.geojson",
            r#"{"type":"FeatureCollection","features":{}}"#,
        ),
        "\"features\" array",
    );
    let bad_feature =
        r#"{"type":"FeatureCollection","features":[{"type":"Point","coordinates":[1,2]}]}"#;
    assert_refused(
        &write(dir.path(), "point.geojson", bad_feature),
        "not a GeoJSON Feature",
    );
}

#[test]
fn mixed_geometry_collections_load_and_a_bad_member_is_named() {
    let dir = temp();
    let mixed = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Mixed"},"geometry":
        {"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[46,39]},{"type":"LineString","coordinates":[[46,39],[47,40]]}]}}]}"#;
    let added = load_files(
        &[write(dir.path(), "mixed.geojson", mixed)],
        &Dataset::default(),
    );
    assert!(added.problems.is_empty(), "{:#?}", added.problems);
    assert_eq!(added.features[0].names.display, "Mixed");
    let bad_member = mixed.replace("[[46,39],[47,40]]", "[[46,39]]");
    assert_refused(
        &write(dir.path(), "badmember.geojson", bad_member),
        "at least 2 positions",
    );
}

#[test]
fn out_of_range_and_not_finite_coordinates() {
    let dir = temp();
    let feature = |coords: &str| {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},"geometry":{{"type":"Point","coordinates":{coords}}}}}]}}"#
        )
    };
    assert_refused(
        &write(dir.path(), "range.geojson", feature("[200,39]")),
        "outside longitude",
    );
    assert_refused(
        &write(dir.path(), "nan.geojson", feature("[NaN,39]")),
        "invalid JSON",
    );
    assert_refused(
        &write(dir.path(), "inf.geojson", feature("[1e400,39]")),
        "invalid JSON",
    );
}

#[test]
fn unclosed_self_intersecting_and_empty_geometries() {
    let dir = temp();
    let poly = |ring: &str| {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}]}}"#
        )
    };
    assert_refused(
        &write(
            dir.path(),
            "open.geojson",
            poly("[[46,39],[47,39],[47,40],[46,40]]"),
        ),
        "not closed",
    );
    // A ring that crosses itself is not refused but repaired: other people's files have
    // such slivers (the 10 m world land polygons, in 167 of 250 countries). The bow tie
    // becomes its two triangles, and the message says so.
    let bowtie = assert_refused(
        &write(
            dir.path(),
            "bowtie.geojson",
            poly("[[46,39],[47,40],[47,39],[46,40],[46,39]]"),
        ),
        "self-intersection",
    );
    assert!(bowtie.problems[0].message.contains("repaired"));
    let repaired = bowtie
        .features
        .iter()
        .find(|f| &*f.layer == "bowtie")
        .expect("the bow tie loads, repaired");
    let geo::Geometry::MultiPolygon(parts) = &repaired.geometry else {
        panic!("two triangles: {:?}", repaired.geometry)
    };
    assert_eq!(parts.0.len(), 2);
    use geo::Area;
    assert!(
        (parts.unsigned_area() - 0.5).abs() < 1e-9,
        "{}",
        parts.unsigned_area()
    );
    let empty = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[]}}]}"#;
    assert_refused(
        &write(dir.path(), "emptyline.geojson", empty),
        "at least 2 positions",
    );
    let empty_multi = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[]}}]}"#;
    assert_refused(
        &write(dir.path(), "emptymulti.geojson", empty_multi),
        "empty MultiPolygon",
    );
}

#[test]
fn a_million_point_line_loads() {
    let dir = temp();
    let mut text = String::from(
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Long"},"geometry":{"type":"LineString","coordinates":["#,
    );
    for i in 0..1_000_000 {
        let t = i as f64 / 1_000_000.0;
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "[{:.6},{:.6}]",
            45.0 + 3.0 * t,
            39.0 + (t * 50.0).sin()
        ));
    }
    text.push_str("]}}]}");
    let added = load_files(
        &[write(dir.path(), "long.geojson", text)],
        &Dataset::default(),
    );
    assert!(added.problems.is_empty(), "{:#?}", added.problems);
    let geo::Geometry::LineString(line) = &added.features[0].geometry else {
        panic!("a line")
    };
    assert_eq!(line.0.len(), 1_000_000);
}

#[test]
fn binary_data_and_wrong_encodings() {
    let dir = temp();
    assert_refused(
        &write(
            dir.path(),
            "binary.geojson",
            [0u8, 159, 146, 150, 0xff, 0xfe, 0x00, 0x01],
        ),
        "not UTF-8",
    );
    let latin1: Vec<u8> = GOOD
        .replace("Good place", "Caf\u{e9}")
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    assert_refused(&write(dir.path(), "latin1.geojson", latin1), "not UTF-8");
    // UTF-16 with a byte-order mark, as some Windows tools write, is read.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        GOOD.replace("Good place", "Wide place")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let added = load_files(
        &[write(dir.path(), "wide.geojson", utf16)],
        &Dataset::default(),
    );
    assert!(added.problems.is_empty(), "{:#?}", added.problems);
    assert_eq!(added.features[0].names.display, "Wide place");
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = temp();
    let path = dir.path().join("huge.geojson");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: takes no disk space and is never read.
    file.set_len(data::load::MAX_FILE_BYTES + 1)
        .expect("set_len");
    assert_refused(&path, "over the limit");
}

#[test]
fn document_ids_with_path_separators_are_rejected() {
    let dir = temp();
    let sneaky = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"x","kind":"town","name":"X",
        "source":"s","accuracy":"published","excerpts":[{"doc":"../../etc/passwd","quote":"root"}]},
        "geometry":{"type":"Point","coordinates":[46,39]}}]}"#;
    let added = load_files(
        &[write(dir.path(), "sneaky.geojson", sneaky)],
        &data::load_embedded(),
    );
    assert_eq!(added.problems.len(), 1, "{:#?}", added.problems);
    assert!(
        added.problems[0].message.contains("without folders"),
        "{}",
        added.problems[0]
    );
    assert_eq!(
        added.features.len(),
        1,
        "the feature loads without the link"
    );
}

#[test]
fn a_third_party_geojson_dropped_on_the_window_shows_up() {
    let dir = temp();
    let path = write(
        dir.path(),
        "shelters.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"NAME":"Goris school shelter","capacity":"300"},
            "geometry":{"type":"Point","coordinates":[46.3417,39.5111]}}]}"#,
    );
    let mut harness = common::harness();
    common::drop_file(&mut harness, path);
    common::wait_for(&mut harness, |app| {
        !app.is_loading() && app.dataset.features.iter().any(|f| &*f.layer == "shelters")
    });
    let app = harness.state();
    let index = app
        .dataset
        .features
        .iter()
        .position(|f| f.names.display == "Goris school shelter")
        .expect("added");
    assert_eq!(app.dataset.features[index].kind, Kind::Place);
    assert!(
        app.map.scene().expect("scene").visible.contains(&index),
        "drawn on the map"
    );
    harness.get_by_label_contains("shelters  (1/1)");
    harness.get_by_label_contains("Added 1 feature (shelters)");
    // Search finds it by its foreign "NAME".
    harness.get_by_label("Search").click();
    harness.run();
    harness.get_by_label("Search").type_text("school shelter");
    harness.run();
    harness
        .get_by_label_contains("Goris school shelter")
        .click();
    harness.run_steps(40);
    assert_eq!(harness.state().state.primary(), Some("shelters:1"));
    harness.get_by_label_contains("capacity: 300");
}

/// A repaired polygon is told once in the Messages window; dismissed, it comes back from the
/// status bar.
#[test]
fn problems_of_a_dropped_file_come_back_from_the_status_bar() {
    let dir = temp();
    let path = write(
        dir.path(),
        "islands.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Isle"},
            "geometry":{"type":"Polygon","coordinates":[[[46,39],[46.1,39],[46.1,39.1],[46,39.1],[46,39]],
            [[46.2,39],[46.3,39],[46.3,39.1],[46.2,39.1],[46.2,39]]]}}]}"#,
    );
    let mut harness = common::harness();
    common::drop_file(&mut harness, path);
    common::wait_for(&mut harness, |app| {
        !app.is_loading() && app.dataset.features.iter().any(|f| &*f.layer == "islands")
    });
    // The hole drawn outside its outer ring is an island of its own.
    let isle = harness
        .state()
        .dataset
        .features
        .iter()
        .find(|f| &*f.layer == "islands")
        .map(|f| f.geometry.clone());
    assert!(
        matches!(&isle, Some(geo::Geometry::MultiPolygon(m)) if m.0.len() == 2),
        "{isle:?}"
    );
    let told = "inner #1 ring is not inside the outer ring";
    harness.get_by_label_contains(told);
    // The file's one message (the "Added" line is a fading notice now, not a message).
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.query_by_label_contains(told).is_none());
    // The pointer rests on the link a frame before it clicks, as a mouse does.
    harness
        .get_by_label_contains("data problem(s): show")
        .hover();
    harness.run();
    harness
        .get_by_label_contains("data problem(s): show")
        .click();
    harness.run();
    harness.get_by_label_contains(told);
}

/// A document that is not UTF-8, dropped on the window after an edit: the message names the
/// file and the problem, nothing is added or lost, and the window goes on working (a good
/// text dropped next is read).
#[test]
fn a_dropped_document_that_is_not_utf8_is_refused_by_name_and_nothing_is_lost() {
    let dir = temp();
    let latin1 = write(
        dir.path(),
        "bericht.txt",
        b"Busse nach Goris, Stra\xdfe gesperrt.",
    );
    let mut harness = common::harness();
    harness.state_mut().editor.open = true;
    harness.state_mut().editor.tool = karabakh_atlas::ui::editor::Tool::Point;
    let town = common::marker_of(&harness, "town-goris");
    common::click_at(&mut harness, town + egui::vec2(-60.0, 40.0));
    harness.get_by_label("Not now").click();
    harness.run();
    let (features, documents) = {
        let d = &harness.state().dataset;
        (d.features.len(), d.documents.len())
    };
    assert!(harness.state().dataset.feature("drawn-point-1").is_some());

    common::drop_file(&mut harness, latin1);
    common::wait_for(&mut harness, |app| {
        !app.is_loading() && !app.notices.is_empty()
    });
    let said = harness.state().notices.join("\n");
    assert!(
        said.contains("bericht.txt") && said.contains("not UTF-8"),
        "{said}"
    );
    harness.get_by_label_contains("bericht.txt");
    let app = harness.state();
    assert_eq!(app.dataset.features.len(), features);
    assert_eq!(app.dataset.documents.len(), documents);
    assert!(
        app.dataset.feature("drawn-point-1").is_some(),
        "the edit kept"
    );
    assert!(app.editor.history.is_modified());

    let good = write(dir.path(), "notes.txt", "Buses reached Goris.");
    common::drop_file(&mut harness, good);
    common::wait_for(&mut harness, |app| {
        !app.is_loading() && app.dataset.document("notes").is_some()
    });
}
