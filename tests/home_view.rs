//! The home view frames what the dossier is about (the oblast and the districts around it, the
//! Lachin corridor, Goris) at any window size: on a fresh start and on `Home`.

use egui::vec2;
use egui_kittest::Harness;
use karabakh_atlas::data;
use karabakh_atlas::scene::view::HOME_BOUNDS;
use karabakh_atlas::ui::AtlasApp;

fn harness_of(width: f32, height: f32) -> Harness<'static, AtlasApp> {
    let app = AtlasApp::new(data::load_embedded());
    let mut harness = Harness::builder()
        .with_size(vec2(width, height))
        .with_max_steps(80)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    harness.run();
    harness
}

/// That the map's view holds the whole home box and that the box fills it in one direction.
fn assert_frames_home(harness: &Harness<'_, AtlasApp>, what: &str) {
    let view = harness.state().map.view.expect("the map has a view");
    let [west, south, east, north] = HOME_BOUNDS;
    let [x0, y0] = view.screen_from_lon_lat(west, north);
    let [x1, y1] = view.screen_from_lon_lat(east, south);
    let (left, top) = (view.origin[0], view.origin[1]);
    let (right, bottom) = (left + view.width, top + view.height);
    assert!(
        x0 >= left - 0.5 && y0 >= top - 0.5 && x1 <= right + 0.5 && y1 <= bottom + 0.5,
        "{what}: the box {x0},{y0}–{x1},{y1} is not inside the map {left},{top}–{right},{bottom}"
    );
    let fill = ((x1 - x0) / view.width).max((y1 - y0) / view.height);
    assert!(
        fill > 0.9,
        "{what}: the box fills only {fill:.2} of the map"
    );
    // Goris and Stepanakert are in it.
    for (lon, lat) in [(46.3417, 39.5111), (46.7528, 39.8177)] {
        let [x, y] = view.screen_from_lon_lat(lon, lat);
        assert!((left..right).contains(&x) && (top..bottom).contains(&y));
    }
}

#[test]
fn a_fresh_start_and_home_frame_the_region_at_two_window_sizes() {
    for (width, height) in [(1500.0, 950.0), (1000.0, 760.0)] {
        let mut harness = harness_of(width, height);
        let what = format!("{width}×{height}");
        assert_frames_home(&harness, &format!("{what}, opening"));
        // Away from home: zoomed in and out, then Home.
        for _ in 0..3 {
            harness.key_press(egui::Key::Minus);
        }
        harness.run();
        let away = harness.state().map.view.expect("view");
        assert!(away.zoom < 8.0, "{what}: zoomed out to {}", away.zoom);
        harness.key_press(egui::Key::Home);
        harness.run();
        assert_frames_home(&harness, &format!("{what}, after Home"));
    }
}
