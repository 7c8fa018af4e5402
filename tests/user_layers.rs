//! A user's own layers over the dossier: each its own colour, translucent, under the dossier's
//! symbols; a style changed in the legend holds; their points are labelled.

mod common;

use egui_kittest::kittest::Queryable;
use karabakh_atlas::scene::Shape;
use karabakh_atlas::scene::style::LayerLook;
use karabakh_atlas::ui::AtlasApp;

fn square(lon: f64, lat: f64) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{"name":"square"}},"geometry":{{"type":"Polygon","coordinates":[[[{lon},{lat}],[{},{lat}],[{},{}],[{lon},{}],[{lon},{lat}]]]}}}}"#,
        lon + 0.3,
        lon + 0.3,
        lat + 0.3,
        lat + 0.3
    )
}

/// The fill colour of the first mesh drawn for a feature of `layer`, and the index of that item.
fn fill_of(app: &AtlasApp, layer: &str) -> (egui::Color32, usize) {
    let scene = app.map.scene().expect("scene");
    let index = app
        .dataset
        .features
        .iter()
        .position(|f| &*f.layer == layer)
        .expect("loaded");
    let (at, color) = scene
        .items
        .iter()
        .enumerate()
        .find_map(|(n, item)| match &item.shape {
            Shape::Mesh(mesh) if item.feature() == Some(index) => Some((n, mesh.color)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{layer} is not filled"));
    (color, at)
}

#[test]
fn users_layers_are_translucent_distinct_under_the_dossier_and_keep_their_style() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = common::harness();
    // The shelter stands in open country: beside Goris the dossier's own labels (placed first)
    // leave no room on the days around the blockade.
    for (name, text) in [
        ("first.geojson", square(46.6, 39.7)),
        ("second.geojson", square(46.5, 39.6)),
        (
            "shelters.geojson",
            r#"{"type":"Feature","properties":{"title":"Goris school shelter"},"geometry":{"type":"Point","coordinates":[45.85,39.65]}}"#.to_owned(),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("written");
        common::drop_file(&mut harness, path);
        common::wait_for(&mut harness, |app| {
            !app.is_loading() && app.dataset.layers.iter().any(|l| name.starts_with(&l.id))
        });
    }
    harness.run();
    let app = harness.state();
    let ((first, first_at), (second, _)) = (fill_of(app, "first"), fill_of(app, "second"));
    assert_ne!(first, second, "each layer its own colour");
    for c in [first, second] {
        assert!(c.a() > 0 && c.a() < 128, "translucent: {c:?}");
    }
    // Stepanakert's marker is drawn after (over) the user's areas.
    let stepanakert = app
        .dataset
        .features
        .iter()
        .position(|f| f.id == "town-stepanakert")
        .expect("town");
    let scene = app.map.scene().expect("scene");
    let town_at = scene
        .items
        .iter()
        .position(|item| item.feature() == Some(stepanakert))
        .expect("the town is drawn");
    assert!(first_at < town_at, "the user's area is under the town");
    // The user's point is labelled by its title.
    let shelter = app
        .dataset
        .features
        .iter()
        .position(|f| &*f.layer == "shelters")
        .expect("loaded");
    assert!(
        scene
            .labels
            .iter()
            .any(|l| l.feature == Some(shelter) && l.text == "Goris school shelter"),
        "the point is labelled"
    );
    // A style set in the legend is drawn, and stays when the layer is hidden and shown again.
    let look = LayerLook {
        color: egui::Color32::from_rgb(0x10, 0x20, 0x30),
        opacity: 0.5,
        width: 3.0,
    };
    harness
        .state_mut()
        .state
        .layer_looks
        .insert("first".to_owned(), look);
    harness.run();
    let (changed, _) = fill_of(harness.state(), "first");
    assert_eq!(changed, look.color.gamma_multiply(0.5));
    harness.get_by_label_contains("first  (").click();
    harness.run();
    harness.get_by_label_contains("first  (").click();
    harness.run();
    assert_eq!(fill_of(harness.state(), "first").0, changed);
}
