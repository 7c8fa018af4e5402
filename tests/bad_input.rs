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
/// A checkpoint: a town would have to say its country.
fn feature(id: &str, extra: &str, geometry: &str) -> String {
    let mut props = format!(
        r#""id":"{id}","kind":"checkpoint","name":"Place {id}","source":"test","accuracy":"published""#
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

    let no_kind = feature("k", "", POINT).replace(r#""kind":"checkpoint","#, "");
    let d = load(&dossier(&[("l.geojson", &collection(&[no_kind]))]));
    assert_one_problem(&d, "l.geojson", Some("k"), "missing \"kind\"");

    let no_name = feature("n", "", POINT).replace(r#""name":"Place n","#, "");
    let d = load(&dossier(&[("l.geojson", &collection(&[no_name]))]));
    assert_one_problem(&d, "l.geojson", Some("n"), "missing \"name\"");

    let bad_kind = feature("b", "", POINT).replace(r#""kind":"checkpoint""#, r#""kind":"castle""#);
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

// What `check` refuses across features and documents (issue 13).

/// A box polygon, west, south, east, north.
fn boxed(w: f64, s: f64, e: f64, n: f64) -> String {
    format!(
        r#"{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}"#
    )
}

/// Armenia and Azerbaijan as two boxes meeting at 46.45° E.
fn countries() -> String {
    collection(&[
        feature(
            "armenia",
            r#""kind":"country""#,
            &boxed(44.0, 38.8, 46.45, 41.2),
        )
        .replace(r#""kind":"checkpoint","#, ""),
        feature(
            "azerbaijan",
            r#""kind":"country""#,
            &boxed(46.45, 38.8, 48.0, 41.2),
        )
        .replace(r#""kind":"checkpoint","#, ""),
    ])
}

#[test]
fn an_event_linked_to_a_document_written_before_it_began_is_refused() {
    let event = |id: &str, from: &str| {
        feature(
            id,
            &format!(
                r#""kind":"event","valid_from":"{from}","excerpts":[{{"doc":"doc1","quote":"Goris"}}]"#
            ),
            POINT,
        )
        .replace(r#""kind":"checkpoint","#, "")
    };
    let text = collection(&[event("later", "2023-09-28"), event("earlier", "2023-09-24")]);
    let dir = dossier(&[("events.geojson", &text)]);
    std::fs::write(
        dir.path().join("seeds/doc1.meta.json"),
        r#"{"title":"Report","date":"2023-09-25"}"#,
    )
    .expect("write");
    let d = load(&dir);
    assert_one_problem(
        &d,
        "events.geojson",
        Some("later"),
        "linked to a document written before the event began: doc1 is dated 2023-09-25, the event begins 2023-09-28",
    );
    // A document dated to the month may have been written on its last day.
    std::fs::write(
        dir.path().join("seeds/doc1.meta.json"),
        r#"{"title":"Report","date":"2023-09"}"#,
    )
    .expect("write");
    assert!(load(&dir).problems.is_empty());
}

#[test]
fn a_place_outside_its_country_or_naming_no_country_is_refused() {
    let town = |id: &str, country: &str, lon: f64| {
        feature(
            id,
            &format!(r#""country":"{country}""#),
            &format!(r#"{{"type":"Point","coordinates":[{lon},39.5]}}"#),
        )
        .replace(r#""kind":"checkpoint""#, r#""kind":"town""#)
    };
    let towns = collection(&[
        town("goris", "armenia", 46.34),
        town("kornidzor", "armenia", 46.5),
    ]);
    let d = load(&dossier(&[
        ("context.geojson", &countries()),
        ("towns.geojson", &towns),
    ]));
    assert_one_problem(
        &d,
        "towns.geojson",
        Some("kornidzor"),
        "lies outside its country \"armenia\"",
    );
    let towns = collection(&[town("a", "atlantis", 46.34)]);
    let d = load(&dossier(&[
        ("context.geojson", &countries()),
        ("towns.geojson", &towns),
    ]));
    assert_one_problem(
        &d,
        "towns.geojson",
        Some("a"),
        "\"country\" names \"atlantis\", which is no feature of the dossier",
    );
    let towns = collection(&[town("b", "c", 46.34), feature("c", "", POINT)]);
    let d = load(&dossier(&[("towns.geojson", &towns)]));
    assert_one_problem(
        &d,
        "towns.geojson",
        Some("b"),
        "which is a checkpoint feature, not a country",
    );
}

#[test]
fn a_dossier_town_without_a_country_is_refused_but_imported_ones_are_not() {
    let town = feature("t", "", POINT).replace(r#""kind":"checkpoint""#, r#""kind":"town""#);
    let text = collection(std::slice::from_ref(&town));
    let d = load(&dossier(&[("towns.geojson", &text)]));
    assert_one_problem(&d, "towns.geojson", Some("t"), "a town needs \"country\"");
    assert!(d.feature("t").is_some(), "still drawn while it is fixed");
    // Someone else's file in the same schema, added to the dossier, is taken as it comes.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("mine.geojson");
    std::fs::write(&path, &text).expect("write");
    let added = data::import::load_files(&[path], &Dataset::default());
    assert!(added.problems.is_empty(), "{:#?}", added.problems);
    assert_eq!(added.features.len(), 1);
}

#[test]
fn a_feature_with_a_blank_source_is_refused() {
    let text = collection(&[
        feature("blank", "", POINT).replace(r#""source":"test""#, r#""source":"  ""#),
        feature("ok", "", POINT),
    ]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_one_problem(&d, "l.geojson", Some("blank"), "\"source\" is empty");
    let text = collection(&[feature("none", "", POINT).replace(r#""source":"test","#, "")]);
    let d = load(&dossier(&[("l.geojson", &text)]));
    assert_one_problem(&d, "l.geojson", Some("none"), "missing \"source\"");
}

/// An area of control, held by `held_by` from `from` to `to`, over a box.
fn control(id: &str, held_by: &str, from: &str, to: &str, area: [f64; 4]) -> String {
    let [w, s, e, n] = area;
    feature(
        id,
        &format!(r#""held_by":"{held_by}","valid_from":"{from}","valid_to":"{to}""#),
        &boxed(w, s, e, n),
    )
    .replace(r#""kind":"checkpoint""#, r#""kind":"control""#)
}

#[test]
fn two_sides_holding_the_same_ground_on_the_same_day_are_refused() {
    let west = [46.0, 39.5, 46.5, 40.0];
    // Overlapping by a tenth of a degree of longitude, some 470 km².
    let east = [46.4, 39.5, 46.9, 40.0];
    let text = collection(&[
        control("a", "armenian-forces", "1994-05-12", "2020-11-10", west),
        control("b", "azerbaijan", "2020-11-10", "2023-09-19", east),
    ]);
    let d = load(&dossier(&[("control.geojson", &text)]));
    assert_one_problem(
        &d,
        "control.geojson",
        Some("b"),
        "two sides cannot hold the same ground on the same day",
    );
    assert!(
        d.problems[0].message.contains("shares")
            && d.problems[0].message.contains("from 2020-11-10"),
        "{}",
        d.problems[0].message
    );

    // The next day, the same side, or a sliver four metres wide along their 55 km of common
    // line (two sources' outlines of one line): no contradiction.
    let fine = [
        control("b", "azerbaijan", "2020-11-11", "2023-09-19", east),
        control("b", "armenian-forces", "2020-11-10", "2023-09-19", east),
        control(
            "b",
            "azerbaijan",
            "2020-11-10",
            "2023-09-19",
            [46.49995, 39.5, 46.9, 40.0],
        ),
    ];
    for b in fine {
        let text = collection(&[
            control("a", "armenian-forces", "1994-05-12", "2020-11-10", west),
            b.clone(),
        ]);
        let d = load(&dossier(&[("control.geojson", &text)]));
        assert!(d.problems.is_empty(), "{b}: {:#?}", d.problems);
    }
}
