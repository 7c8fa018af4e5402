//! A large generated layer: culling and simplification keep what is drawn proportional to the
//! screen, not to the file; the window reads it and makes its scenes off the UI thread, and
//! panning moves the picture without making a scene again.

mod common;

use egui_kittest::kittest::Queryable;

use karabakh_atlas::data::{Dataset, import::load_files, synthetic::large_layer_geojson};
use karabakh_atlas::scene::{self, Prepared, SceneInputs, View};

#[test]
fn the_drawn_vertex_count_follows_the_screen_not_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.geojson");
    std::fs::write(&path, large_layer_geojson(150_000, 1)).expect("write");
    let dataset = load_files(&[path], &Dataset::default());
    assert!(dataset.problems.is_empty());
    let prepared = Prepared::new(&dataset, &Default::default());
    let input: usize = prepared
        .features
        .iter()
        .map(|f| scene::prepare::PreparedFeature::vertex_count(&f.parts))
        .sum();
    assert!(input >= 140_000, "{input} vertices in the file");

    // Overview: everything in view, simplified.
    // The view framing the generated layer's box (lon 44–48, lat 38.5–41.5), not the home view:
    // that frames the dossier's region, a part of it.
    let mut inputs = SceneInputs::new(View::fit([44.0, 38.5, 48.0, 41.5], 1600.0, 1000.0, 8.0));
    inputs.basemap = false;
    let overview = scene::build(&dataset, &prepared, &inputs);
    // Nearly all of the generated layer is in view.
    assert!(
        overview.visible.len() * 10 > dataset.features.len() * 9,
        "{} of {}",
        overview.visible.len(),
        dataset.features.len()
    );
    let drawn = overview.vertex_count();
    assert!(
        drawn * 4 < input,
        "overview draws {drawn} of {input} vertices"
    );

    // Close: most features are culled.
    inputs.view = View::new(46.0, 40.0, 13.0, 1600.0, 1000.0);
    let close = scene::build(&dataset, &prepared, &inputs);
    assert!(
        close.visible.len() * 20 < dataset.features.len(),
        "{} of {} features kept at zoom 13",
        close.visible.len(),
        dataset.features.len()
    );
    assert!(close.vertex_count() * 20 < input);
}

/// The window as it runs: the layer dropped on it is read on a worker thread and its scene made
/// on another; at the overview the triangles drawn are bounded by the screen, and a drag moves
/// the picture without making a new scene, with hit-testing where things are drawn now.
#[test]
fn the_window_draws_a_large_layer_and_pans_it_without_new_scenes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.geojson");
    std::fs::write(&path, large_layer_geojson(150_000, 2)).expect("write");
    let mut harness = common::harness();
    harness.state_mut().map.background_builds = true;
    common::drop_file(&mut harness, path);
    common::wait_for(&mut harness, |app| {
        !app.is_loading()
            && !app.map.is_building()
            && app.map.scene().is_some_and(|s| {
                s.visible
                    .iter()
                    .any(|&i| app.dataset.features[i].layer.as_ref() == "large")
            })
    });

    let (input, drawn, triangles) = {
        let app = harness.state();
        let layer: Vec<usize> = (0..app.dataset.features.len())
            .filter(|&i| app.dataset.features[i].layer.as_ref() == "large")
            .collect();
        assert!(layer.len() > 7000, "{} features added", layer.len());
        let input: usize = layer
            .iter()
            .map(|&i| {
                scene::prepare::PreparedFeature::vertex_count(&app.prepared.features[i].parts)
            })
            .sum();
        let scene = app.map.scene().expect("a scene");
        let drawn: usize = layer
            .iter()
            .flat_map(|&i| scene.items_of(i))
            .map(|item| match &item.shape {
                scene::Shape::Mesh(mesh) => mesh.vertices.len(),
                scene::Shape::Line { points, .. } => points.len(),
                scene::Shape::Marker { .. } => 1,
                scene::Shape::Raster(raster) => raster.vertices.len(),
            })
            .sum();
        let meshes = app.map.meshes().expect("the scene's triangles");
        (input, drawn, meshes.triangle_count())
    };
    assert!(input >= 140_000, "{input} vertices in the file");
    // The window's overview shows the layer simplified: far fewer vertices than the file has,
    // and a bounded number of triangles for the whole map (markers are two each).
    assert!(drawn * 3 < input, "{drawn} of {input} vertices drawn");
    assert!(
        triangles < 4 * input,
        "{triangles} triangles for {input} vertices"
    );

    // Drag the map 80 px right and 40 down, a frame per step, within what the scene covers.
    let rebuilds = harness.state().map.rebuilds;
    let before = harness.state().map.view.expect("a view");
    let middle = egui::pos2(
        before.origin[0] + before.width / 2.0,
        before.origin[1] + before.height / 2.0,
    );
    common::drag(&mut harness, middle, egui::vec2(80.0, 40.0), 8);
    let after = harness.state().map.view.expect("a view");
    let moved = (after.center.x - before.center.x) * after.world_pixels();
    assert!(moved < -60.0, "the map moved {moved} px");
    assert_eq!(
        harness.state().map.rebuilds,
        rebuilds,
        "panning within the scene made a new one"
    );
    // A marker of the layer is hit where it is drawn now, not where it was.
    let app = harness.state();
    let scene = app.map.scene().expect("a scene");
    let placing = app.map.placing();
    let (index, center) = scene
        .visible
        .iter()
        .filter(|&&i| app.dataset.features[i].layer.as_ref() == "large")
        .find_map(|&i| {
            scene.items_of(i).find_map(|item| match item.shape {
                scene::Shape::Marker { center, .. } => Some((i, placing.apply(center))),
                _ => None,
            })
        })
        .expect("a marker of the layer");
    assert!(placing.shift.length() > 60.0, "{:?}", placing.shift);
    let hit = app.map.hit(center).expect("something is there");
    assert!(
        hit == index || app.dataset.features[hit].layer.as_ref() == "large",
        "hit {hit}, marker {index}"
    );
}

/// `count` small square areas on a grid over lon 44–48, lat 38.5–41.5, as GeoJSON.
fn grid_of_areas(count: usize) -> String {
    let columns = (count as f64 * 2.0).sqrt().ceil() as usize;
    let rows = count.div_ceil(columns);
    let (w, h) = (4.0 / columns as f64, 3.0 / rows as f64);
    let features: Vec<String> = (0..count)
        .map(|n| {
            let (x, y) = (44.0 + (n % columns) as f64 * w, 38.5 + (n / columns) as f64 * h);
            let (x1, y1) = (x + w * 0.8, y + h * 0.8);
            format!(
                r#"{{"type":"Feature","properties":{{"name":"District {n}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x:.5},{y:.5}],[{x1:.5},{y:.5}],[{x1:.5},{y1:.5}],[{x:.5},{y1:.5}],[{x:.5},{y:.5}]]]}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

/// 45,000 areas dropped on the window: while they are read and prepared, every frame still has
/// the map's picture and the legend shows the layer's progress; once prepared, the layer is
/// marked "drawing…" until the scene with it replaces the old one, then it is drawn.
#[test]
fn a_large_layer_is_prepared_while_the_map_keeps_drawing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("districts.geojson");
    std::fs::write(&path, grid_of_areas(45_000)).expect("write");
    let mut harness = common::harness();
    harness.state_mut().map.background_builds = true;
    common::wait_for(&mut harness, |app| {
        app.map.is_current() && !app.map.is_building()
    });
    let drawn_before = harness.state().map.scene().expect("a scene").visible.len();
    common::drop_file(&mut harness, path);

    let start = std::time::Instant::now();
    let (mut frames, mut reading, mut preparing, mut drawing) = (0, false, false, false);
    while !harness.state().map.is_current() || harness.state().is_loading() || frames == 0 {
        assert!(
            start.elapsed().as_secs() < 120,
            "still loading after two minutes"
        );
        harness.run_steps(1);
        frames += 1;
        let scene = harness.state().map.scene().expect("the map went blank");
        assert!(
            scene.visible.len() >= drawn_before.min(1),
            "an empty picture"
        );
        reading |= harness
            .query_by_label("Reading districts.geojson…")
            .is_some();
        if harness
            .query_by_label_contains("Preparing districts.geojson: ")
            .is_some()
        {
            // "Preparing districts.geojson: 27 % (12,150 of 45,000)"
            assert!(harness.query_by_label_contains(" of 45,000)").is_some());
            preparing = true;
        }
        drawing |= harness.query_by_label("drawing…").is_some();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(frames > 3, "only {frames} frames while the layer was added");
    assert!(
        reading || preparing,
        "the legend never showed the layer's progress"
    );
    assert!(
        drawing,
        "the layer was never marked while its scene was made"
    );
    harness.run();
    let app = harness.state();
    let added = (0..app.dataset.features.len())
        .filter(|&i| app.dataset.features[i].layer.as_ref() == "districts")
        .count();
    assert_eq!(added, 45_000);
    let scene = app.map.scene().expect("a scene");
    assert!(
        scene
            .visible
            .iter()
            .any(|&i| app.dataset.features[i].layer.as_ref() == "districts"),
        "the layer is not drawn once prepared"
    );
    assert!(
        harness
            .query_by_label_contains("Preparing districts")
            .is_none()
    );
    assert!(harness.query_by_label("drawing…").is_none());
    eprintln!(
        "{frames} frames while the layer was added (reading seen: {reading}, preparing seen: {preparing}, drawing seen: {drawing})"
    );
}
