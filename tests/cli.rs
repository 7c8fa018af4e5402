//! The `karabakh-atlas` command line, run as a user would run it.

#[path = "common/pdf.rs"]
mod pdf;
#[path = "common/run.rs"]
mod run;

use run::{Ran, atlas, run};

#[test]
fn check_passes_on_the_shipped_dossier_and_reports_every_paragraph_linked() {
    let stdout = run(atlas().arg("check")).ok().stdout;
    assert!(stdout.contains("paragraphs linked: 6 of 6"), "{stdout}");
    assert!(stdout.contains("Problems: none"), "{stdout}");
    assert!(!stdout.contains("NOT LINKED"), "{stdout}");
    for layer in [
        "context",
        "regions",
        "corridor",
        "peacekeepers",
        "towns",
        "events",
    ] {
        assert!(stdout.contains(layer), "report lacks layer {layer}");
    }
}

#[test]
fn check_reads_a_folder_given_with_data() {
    let root = env!("CARGO_MANIFEST_DIR");
    run(atlas().args(["check", "--data", root])).ok();
}

#[test]
fn check_fails_with_a_named_error_on_a_bad_dossier() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("geodata")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("seeds")).expect("mkdir");
    std::fs::write(dir.path().join("geodata/broken.geojson"), "{ not json").expect("write");
    let stdout = check(dir.path()).ended_with(1).stdout;
    assert!(stdout.contains("broken.geojson: invalid JSON"), "{stdout}");
    assert!(
        stdout.contains("Result: FAILED with 1 error(s)"),
        "{stdout}"
    );
}

#[test]
fn the_viewer_refuses_bad_options_before_opening_a_window() {
    for (args, needle) in [
        (["--date", "2023-02-30"], "no such day"),
        (["--center", "39.8"], "expected LAT,LON"),
        (["--select", "no-such-feature"], "no feature with id"),
        (["--tiles", "/nonexistent/tiles"], "not a tile folder"),
    ] {
        let stderr = run(atlas().args(args)).ended_with(2).stderr;
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

mod fixture;

/// `at` on the fixture dossier, with these arguments after the point.
fn at_on(dir: &std::path::Path, point: &str, args: &[&str]) -> Ran {
    run(atlas().args(["at", point, "--data"]).arg(dir).args(args))
}

/// `check` on the dossier in `dir`.
fn check(dir: &std::path::Path) -> Ran {
    run(atlas().args(["check", "--data"]).arg(dir))
}

#[test]
fn at_says_who_held_a_place_on_a_day_with_the_area_and_its_source() {
    let dir = fixture::dossier();
    let stdout = at_on(dir.path(), "39.76,46.75", &["--date", "2020-10-12"])
        .ok()
        .stdout;
    assert!(
        stdout.starts_with("At 39.7600, 46.7500 on 2020-10-12"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Held by: Armenian forces (area 'Held by Armenian forces', 1992-05-09 – 2020-11-07, approximate)"
        ),
        "{stdout}"
    );
    // The area of control comes first, then the country; the town at 0 km is not listed
    // (it is a point a few metres away, not within 0 km).
    let control = stdout
        .find("control-armenian-1992")
        .expect("the control area");
    let country = stdout.find("  azerbaijan").expect("the country");
    assert!(control < country, "{stdout}");
    assert!(
        stdout.contains("test box 1"),
        "sources are listed: {stdout}"
    );
    assert!(
        stdout.contains("a box around the held districts"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("control-azerbaijan-shusha"),
        "not yet on that day: {stdout}"
    );
}

#[test]
fn at_names_places_by_the_side_that_held_them_that_day() {
    let dir = fixture::dossier();
    let names_at = |date: &str| {
        let args = ["--date", date, "--within", "0.5"];
        at_on(dir.path(), "39.76,46.75", &args).ok().stdout
    };
    assert!(names_at("2019-06-01").contains("Shushi / Shusha"));
    let after = names_at("2020-11-08");
    assert!(after.contains("Shusha / Shushi"), "{after}");
    assert!(
        after.contains("Held by: Azerbaijan (area 'Held by Azerbaijan (Shusha)'"),
        "{after}"
    );
    // The names of the command line override the rule.
    let args = ["--date", "2020-11-08", "--within", "0.5", "--names", "hy"];
    let stdout = at_on(dir.path(), "39.76,46.75", &args).ok().stdout;
    assert!(stdout.contains("Shushi / Shusha"), "{stdout}");
}

#[test]
fn at_outside_every_area_of_control_names_the_country() {
    let dir = fixture::dossier();
    let stdout = at_on(dir.path(), "40.5,47.5", &["--date", "2024-01-01"])
        .ok()
        .stdout;
    assert!(
        stdout.contains("Held by: not covered by any area of control; in Azerbaijan (country)"),
        "{stdout}"
    );
}

#[test]
fn at_json_lists_the_fields_a_script_needs() {
    let dir = fixture::dossier();
    let args = ["--date", "2021-03-01", "--within", "2", "--json"];
    let stdout = at_on(dir.path(), "39.8153,46.7516", &args).ok().stdout;
    let rows: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let rows = rows.as_array().expect("an array");
    let first = &rows[0];
    assert_eq!(first["id"], "control-peacekeepers-2020");
    assert_eq!(first["kind"], "control");
    assert_eq!(first["held_by"], "armenian-forces");
    assert_eq!(first["peacekeepers"], true);
    assert_eq!(first["valid_from"], "2020-11-10");
    assert_eq!(first["valid_to"], "2023-09-20");
    assert_eq!(first["accuracy"], "published");
    assert_eq!(first["accuracy_note"], serde_json::Value::Null);
    assert_eq!(first["source"], "test box 3");
    assert_eq!(first["distance_km"], 0.0);
    let town = rows
        .iter()
        .find(|r| r["id"] == "town-stepanakert")
        .expect("the town, within 2 km");
    assert_eq!(town["name"], "Stepanakert / Khankendi");
    assert_eq!(town["held_by"], serde_json::Value::Null);
    assert!(town["distance_km"].as_f64().is_some_and(|d| d < 0.01));
    let shusha = rows.iter().find(|r| r["id"] == "town-shusha").is_some();
    assert!(!shusha, "Shusha is 6 km away: {rows:?}");
    // Sorted: areas of control first, then by distance.
    let distances: Vec<f64> = rows
        .iter()
        .filter(|r| r["kind"] != "control")
        .map(|r| r["distance_km"].as_f64().expect("a number"))
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
}

#[test]
fn at_refuses_a_bad_point_date_or_distance() {
    let dir = fixture::dossier();
    for (args, needle) in [
        (vec!["39.8", "--date", "2021-01-01"], "LAT,LON"),
        (vec!["95,46", "--date", "2021-01-01"], "latitude"),
        (vec!["39.8,46.7", "--date", "2021-02-30"], "no such day"),
        (vec!["39.8,46.7", "--date", "2021"], "YYYY-MM-DD"),
        (vec!["39.8,46.7"], "--date"),
        (
            vec!["39.8,46.7", "--date", "2021-01-01", "--within", "-3"],
            "0 or more",
        ),
        (
            vec!["39.8,46.7", "--date", "2021-01-01", "--within", "far"],
            "number of km",
        ),
    ] {
        let (point, rest) = args.split_first().expect("a point");
        let stderr = at_on(dir.path(), point, rest).ended_with(2).stderr;
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

#[test]
fn check_passes_on_the_fixture_dossier() {
    let dir = fixture::dossier();
    let stdout = check(dir.path()).ok().stdout;
    assert!(stdout.contains("control 4"), "{stdout}");
}

/// A GeoJSON layer of the user's: one named point near Stepanakert / Khankendi.
fn my_layer(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("my-posts.geojson");
    let point = fixture::feature(
        r#""name":"My observation post""#,
        &fixture::point(46.9, 39.9),
    );
    std::fs::write(&path, fixture::collection(&[point])).expect("writes");
    path
}

#[test]
fn render_takes_the_users_layers_in_every_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    let layer = my_layer(dir.path());
    let render_with_layer = |args: &[&str]| {
        let mut render = atlas();
        render.arg("render").args(args).arg("--layer").arg(&layer);
        run(render.current_dir(dir.path())).ok();
    };
    // Large enough that the legend leaves the point's name in view (a name a box would cover
    // is left out of a slide).
    let near = [
        "--center",
        "39.9,46.9",
        "--zoom",
        "11",
        "--size",
        "1280x720",
    ];
    render_with_layer(&[&near[..], &["--date", "2021-01-01", "-o", "slide.svg"]].concat());
    render_with_layer(
        &[
            &near[..],
            &["--compare", "2020-09-26,2021-01-01", "-o", "pair.svg"],
        ]
        .concat(),
    );
    for name in ["slide.svg", "pair.svg"] {
        let svg = std::fs::read_to_string(dir.path().join(name)).expect("written");
        // The layer is in the legend; its point is drawn and labelled by its name.
        assert!(
            svg.contains("my-posts (places)"),
            "{name}: the layer's legend entry"
        );
        assert!(
            svg.contains("My observation post"),
            "{name}: the point's label"
        );
    }
    render_with_layer(&[
        "--size",
        "640x360",
        "--animate",
        "2021-01-01..2021-01-02",
        "-o",
        "a.gif",
    ]);
    render_with_layer(&["--size", "640x360", "--story", "builtin", "-o", "s.gif"]);
    render_with_layer(&[
        "--size",
        "640x360",
        "--deck",
        "2020-11-01..2020-11-10",
        "-o",
        "d.pdf",
    ]);
    for name in ["a.gif", "s.gif", "d.pdf"] {
        assert!(dir.path().join(name).is_file(), "{name}");
    }
}

#[test]
fn a_bad_layer_is_refused_with_the_windows_message_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.geojson");
    std::fs::write(&broken, "{\"type\":").expect("writes");
    // The window's message for the file, which names it and the problem.
    let dataset = karabakh_atlas::data::load_embedded();
    let addition =
        karabakh_atlas::data::import::load_files(std::slice::from_ref(&broken), &dataset);
    let message = addition.problems.first().expect("a problem").to_string();
    for mode in [
        &["-o", "a.png"][..],
        &["--animate", "2021-01-01..2021-01-02", "-o", "a.gif"],
        &["--compare", "2020-09-26,2021-01-01", "-o", "a.png"],
    ] {
        let mut render = atlas();
        render.args(["render", "--layer"]).arg(&broken).args(mode);
        let stderr = run(render.current_dir(dir.path())).ended_with(2).stderr;
        assert!(stderr.contains(&format!("--layer: {message}")), "{stderr}");
    }
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(names.len(), 1, "only the broken file");
}

#[test]
fn a_deck_from_a_dossier_folder_lists_the_built_in_and_the_folders_sources() {
    let dir = fixture::dossier();
    std::fs::write(
        dir.path().join("geodata/SOURCES.md"),
        "# Sources\n\n## Licences of the raw sources\n\n| source | what we took | licence |\n|---|---|---|\n| Our own survey | the test boxes | CC0 1.0 |\n",
    )
    .expect("writes");
    let pdf = dir.path().join("deck.pdf");
    let deck = [
        "render",
        "--deck",
        "1990-01-01..2025-01-01",
        "--size",
        "640x360",
    ];
    run(atlas()
        .args(deck)
        .arg("--data")
        .arg(dir.path())
        .arg("-o")
        .arg(&pdf))
    .ok();
    let text = pdf::text_of(&pdf, None);
    assert!(
        text.contains("Our own survey: the test boxes. Licence: CC0 1.0."),
        "{text}"
    );
    assert!(
        text.contains("Natural Earth 5.1.1"),
        "the built-in sources: {text}"
    );
}
