//! How long the map takes to draw: building the scene for the default view at 1600×1000, and a
//! whole window frame (panels, map, tessellation) once the scene is cached.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use karabakh_atlas::data::{self, basemap::Basemap};
use karabakh_atlas::scene::view::HOME_BOUNDS;
use karabakh_atlas::scene::{self, Prepared, SceneInputs, View};
use karabakh_atlas::time::Day;
use karabakh_atlas::ui::AtlasApp;

fn scene_build(c: &mut Criterion) {
    let dataset = data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let mut inputs = SceneInputs::new(View::fit(HOME_BOUNDS, 1600.0, 1000.0, 8.0));
    inputs.day = Day::from_ymd(2023, 9, 20);
    c.bench_function("scene build, default view 1600x1000", |b| {
        b.iter(|| black_box(scene::build(&dataset, &prepared, black_box(&inputs))))
    });
    c.bench_function("prepare dataset and basemap (once per load)", |b| {
        let basemap = Basemap::embedded();
        b.iter(|| black_box(Prepared::new(&dataset, &basemap)))
    });
}

fn cached_frame(c: &mut Criterion) {
    let ctx = egui::Context::default();
    let mut app = AtlasApp::new(data::load_embedded());
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        ..Default::default()
    };
    // Let the panels settle and the scene be built once.
    for _ in 0..5 {
        let _ = ctx.run_ui(input(), |ui| app.ui(ui));
    }
    let rebuilds = app.map.rebuilds;
    c.bench_function(
        "window frame with the scene cached, 1600x1000 (incl. tessellation)",
        |b| {
            b.iter(|| {
                let output = ctx.run_ui(input(), |ui| app.ui(ui));
                black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
            })
        },
    );
    assert_eq!(
        app.map.rebuilds, rebuilds,
        "an idle frame rebuilt the scene"
    );
}

criterion_group!(benches, scene_build, cached_frame);
criterion_main!(benches);
