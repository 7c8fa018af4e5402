//! A large generated layer: culling and simplification keep what is drawn proportional to the
//! screen, not to the file.

use karabakh_atlas::data::{Dataset, import::load_files, synthetic::large_layer_geojson};
use karabakh_atlas::map::HOME_BOUNDS;
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
    let mut inputs = SceneInputs::new(View::fit(HOME_BOUNDS, 1600.0, 1000.0, 8.0));
    inputs.basemap = false;
    let overview = scene::build(&dataset, &prepared, &inputs);
    // The generated box reaches a little past the region's: nearly all of it is in view.
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
