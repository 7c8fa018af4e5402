//! Bad input becomes a clear problem naming the file, the feature and what is wrong, and the
//! valid rest still loads. One test per class of mistake.

use std::path::Path;

use karabakh_atlas::data::{self, Dataset};
use tempfile::TempDir;

const SEED: &str =
    "The first paragraph speaks of Goris.\n\nThe second one of the Lachin Corridor.\n";

/// A dossier folder with one seed document and the given layer files.
fn dossier(layers: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("geodata")).expect("mkdir");
    std::fs::create_dir(dir.path().join("seeds")).expect("mkdir");
    std::fs::write(dir.path().join("seeds/doc1.txt"), SEED).expect("write");
    for (name, text) in layers {
        std::fs::write(dir.path().join("geodata").join(name), text).expect("write");
    }
    dir
}

/// A valid feature with `props` merged over the defaults (JSON object body without braces).
fn feature(id: &str, extra: &str, geometry: &str) -> String {
    let mut props = format!(
        r#""id":"{id}","kind":"town","name":"Place {id}","source":"test","accuracy":"published""#
    );
    if !extra.is_empty() {
        props = format!("{props},{extra}");
    }
    format!(r#"{{"type":"Feature","properties":{{{props}}},"geometry":{geometry}}}"#)
}

const POINT: &str = r#"{"type":"Point","coordinates":[46.34,39.51]}"#;

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

fn load(dir: &TempDir) -> Dataset {
    data::load_dir(dir.path())
}

/// Asserts exactly one problem, in `file`, about `feature`, whose message contains `needle`.
fn assert_one_problem(d: &Dataset, file: &str, feature: Option<&str>, needle: &str) {
    assert_eq!(
        d.problems.len(),
        1,
        "expected one problem, got {:#?}",
        d.problems
    );
    let p = &d.problems[0];
    assert!(
        p.file.ends_with(file),
        "problem names {} not {file}",
        p.file
    );
    assert_eq!(p.feature.as_deref(), feature, "{p}");
    assert!(
        p.message.contains(needle),
        "message {:?} should contain {needle:?}",
        p.message
    );
    let shown = p.to_string();
    assert!(
        shown.contains(file) && feature.is_none_or(|f| shown.contains(f)),
        "{shown}"
    );
}

fn good_layer() -> (&'static str, String) {
    ("good.geojson", collection(&[feature("good-1", "", POINT)]))
}

#[test]
fn a_missing_folder_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = load(&dir);
    assert_eq!(d.problems.len(), 2, "{:#?}", d.problems);
    assert!(
        d.problems[0].file.ends_with("geodata")
            && d.problems[0].message.contains("cannot read the folder")
    );
    assert!(d.problems[1].file.ends_with("seeds"));
    let missing = Path::new("/nonexistent/karabakh");
    assert_eq!(data::load_dir(missing).problems.len(), 2);
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_loads() {
    let (name, text) = good_layer();
    let dir = dossier(&[(name, &text)]);
    // A folder with a layer's name cannot be read as a file, even by root.
    std::fs::create_dir(dir.path().join("geodata/broken.geojson")).expect("mkdir");
    let d = load(&dir);
    assert_one_problem(&d, "broken.geojson", None, "cannot read");
    assert!(d.feature("good-1").is_some());
}

#[test]
fn an_empty_file_is_reported() {
    let (name, text) = good_layer();
    let d = load(&dossier(&[(name, &text), ("empty.geojson", "")]));
    assert_one_problem(&d, "empty.geojson", None, "empty");
    assert!(d.feature("good-1").is_some());
}

#[test]
fn invalid_json_names_line_and_column() {
    let (name, text) = good_layer();
    let d = load(&dossier(&[
        (name, &text),
        (
            "bad.geojson",
            "{\"type\": \"FeatureCollection\",\n \"features\": [}",
        ),
    ]));
    assert_one_problem(&d, "bad.geojson", None, "invalid JSON");
    assert!(
        d.problems[0].message.contains("line 2"),
        "{}",
        d.problems[0].message
    );
    assert!(d.feature("good-1").is_some());
}

#[test]
fn a_file_that_is_not_a_feature_collection_is_refused() {
    let d = load(&dossier(&[("one.geojson", &feature("x", "", POINT))]));
    assert_one_problem(
        &d,
        "one.geojson",
        None,
        "not a FeatureCollection: its type is \"Feature\"",
    );
    let d = load(&dossier(&[("arr.geojson", "[1, 2]")]));
    assert_one_problem(&d, "arr.geojson", None, "not a FeatureCollection");
    let d = load(&dossier(&[(
        "nofeat.geojson",
        r#"{"type":"FeatureCollection"}"#,
    )]));
    assert_one_problem(&d, "nofeat.geojson", None, "\"features\"");
}

#[test]
fn missing_id_kind_or_name_is_reported_per_feature() {
    let no_id = r#"{"type":"Feature","properties":{"kind":"town","name":"A","source":"s","accuracy":"published"},"geometry":{"type":"Point","coordinates":[46,39]}}"#;
    let text = collection(&[no_id.to_owned(), feature("ok", "", POINT)]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_one_problem(&d, "l.geojson", Some("#1"), "missing \"id\"");
    assert!(d.feature("ok").is_some());

    let no_kind = feature("k", "", POINT).replace(r#""kind":"town","#, "");
    let d = load(&dossier(&[("l.geojson", &collection(&[no_kind]))]));
    assert_one_problem(&d, "l.geojson", Some("k"), "missing \"kind\"");

    let no_name = feature("n", "", POINT).replace(r#""name":"Place n","#, "");
    let d = load(&dossier(&[("l.geojson", &collection(&[no_name]))]));
    assert_one_problem(&d, "l.geojson", Some("n"), "missing \"name\"");

    let bad_kind = feature("b", "", POINT).replace(r#""kind":"town""#, r#""kind":"castle""#);
    let d = load(&dossier(&[("l.geojson", &collection(&[bad_kind]))]));
    assert_one_problem(&d, "l.geojson", Some("b"), "unknown kind \"castle\"");
}

#[test]
fn duplicate_ids_keep_the_first() {
    let text = collection(&[feature("same", "", POINT), feature("same", "", POINT)]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_one_problem(&d, "l.geojson", Some("same"), "duplicate id");
    assert_eq!(d.features.len(), 1);
}

#[test]
fn an_unknown_document_is_reported_and_the_feature_kept() {
    let text = collection(&[feature(
        "f",
        r#""excerpts":[{"doc":"nosuchdoc","quote":"Goris"}]"#,
        POINT,
    )]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_one_problem(&d, "l.geojson", Some("f"), "unknown document \"nosuchdoc\"");
    assert!(d.feature("f").is_some_and(|f| f.excerpts.is_empty()));
}

#[test]
fn a_quote_not_found_shows_the_nearest_passage() {
    let text = collection(&[feature(
        "f",
        r#""excerpts":[{"doc":"doc1","quote":"The second one of the Lachin corridor"}]"#,
        POINT,
    )]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_one_problem(&d, "l.geojson", Some("f"), "quote not found in doc1");
    assert!(
        d.problems[0]
            .message
            .contains("nearest passage: \"The second one of the Lachin Corridor.\""),
        "{}",
        d.problems[0].message
    );
    let good = collection(&[feature(
        "g",
        r#""excerpts":[{"doc":"doc1","quote":"the Lachin Corridor"}]"#,
        POINT,
    )]);
    let d = load(&dossier(&[("l.geojson", &good)]));
    assert!(d.problems.is_empty(), "{:#?}", d.problems);
    assert_eq!(d.feature("g").map(|f| f.excerpts[0].paragraph), Some(1));
}

#[test]
fn a_malformed_date_is_reported() {
    let text = collection(&[
        feature("d", r#""valid_from":"2023-13-01""#, POINT),
        feature("ok", "", POINT),
    ]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_one_problem(
        &d,
        "l.geojson",
        Some("d"),
        "\"valid_from\": malformed date \"2023-13-01\"",
    );
    assert!(d.feature("ok").is_some());
    let text = collection(&[feature("n", r#""valid_to":1994"#, POINT)]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_one_problem(&d, "l.geojson", Some("n"), "\"valid_to\" must be a string");
}

#[test]
fn an_end_before_the_start_is_reported() {
    let text = collection(&[feature(
        "e",
        r#""valid_from":"2023-09-20","valid_to":"2023-09-19""#,
        POINT,
    )]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_one_problem(
        &d,
        "l.geojson",
        Some("e"),
        "end 2023-09-19 is before start 2023-09-20",
    );
}

#[test]
fn coordinates_out_of_range_are_refused() {
    let swapped = r#"{"type":"Point","coordinates":[39.81,246.75]}"#;
    let text = collection(&[feature("c", "", swapped), feature("ok", "", POINT)]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_one_problem(
        &d,
        "l.geojson",
        Some("c"),
        "outside longitude ±180 / latitude ±90",
    );
    assert!(d.feature("ok").is_some());
}

#[test]
fn coordinates_that_are_not_finite_are_refused() {
    // JSON has no NaN or Infinity: a number too large for f64 is the way such a value arrives.
    let text = collection(&[feature(
        "inf",
        "",
        r#"{"type":"Point","coordinates":[1e999,39]}"#,
    )]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_eq!(d.problems.len(), 1, "{:#?}", d.problems);
    assert!(d.problems[0].file.ends_with("l.geojson"));
    assert!(
        d.problems[0].message.contains("out of range")
            || d.problems[0].message.contains("not finite"),
        "{}",
        d.problems[0]
    );
    let text = collection(&[feature(
        "nan",
        "",
        r#"{"type":"Point","coordinates":[NaN,39]}"#,
    )]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_eq!(d.problems.len(), 1);
    assert!(d.problems[0].message.contains("invalid JSON"));
}

#[test]
fn invalid_polygon_rings_are_refused() {
    let open_ring = r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,40],[46,40]]]}"#;
    let short_ring = r#"{"type":"Polygon","coordinates":[[[46,39],[47,39],[46,39]]]}"#;
    let text = collection(&[
        feature("open", "", open_ring),
        feature("short", "", short_ring),
        feature("ok", "", POINT),
    ]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_eq!(d.problems.len(), 2, "{:#?}", d.problems);
    assert_eq!(d.problems[0].feature.as_deref(), Some("open"));
    assert!(d.problems[0].message.contains("not closed"));
    assert_eq!(d.problems[1].feature.as_deref(), Some("short"));
    assert!(d.problems[1].message.contains("at least 4"));
    assert!(d.feature("ok").is_some());
}

#[test]
fn a_feature_without_geometry_or_with_a_wrong_geometry_type_is_refused() {
    let text = collection(&[
        feature("none", "", "null"),
        feature("weird", "", r#"{"type":"Circle","coordinates":[1,2]}"#),
    ]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_eq!(d.problems.len(), 2, "{:#?}", d.problems);
    assert!(d.problems[0].message.contains("no geometry"));
    assert!(
        d.problems[1]
            .message
            .contains("geometry is not valid GeoJSON")
    );
}

#[test]
fn approximate_needs_a_reason() {
    let text = collection(&[feature("a", "", POINT).replace("\"published\"", "\"approximate\"")]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_one_problem(&d, "l.geojson", Some("a"), "does not say why");
}

#[test]
fn a_document_that_is_not_utf8_is_reported() {
    let dir = dossier(&[]);
    std::fs::write(dir.path().join("seeds/latin1.txt"), b"Caf\xe9 in Goris").expect("write");
    let d = load(&dir);
    assert_one_problem(&d, "latin1.txt", None, "not UTF-8");
    assert!(d.document("doc1").is_some());
}

#[test]
fn metadata_without_a_document_and_bad_metadata_are_reported() {
    let dir = dossier(&[]);
    std::fs::write(
        dir.path().join("seeds/ghost.meta.json"),
        r#"{"title":"Ghost"}"#,
    )
    .expect("write");
    let d = load(&dir);
    assert_one_problem(&d, "ghost.meta.json", None, "no seeds/ghost.txt");
    let dir = dossier(&[]);
    std::fs::write(
        dir.path().join("seeds/doc1.meta.json"),
        r#"{"title":"T","date":"sometime"}"#,
    )
    .expect("write");
    let d = load(&dir);
    assert_one_problem(&d, "doc1.meta.json", None, "malformed date");
}
