//! A large generated layer: culling and simplification keep what is drawn proportional to the
//! screen, not to the file; the window reads it and makes its scenes off the UI thread, and
//! panning moves the picture without making a scene again.

mod common;

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
