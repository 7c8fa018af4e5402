//! How long `render` takes: a 1920×1080 slide as SVG, and as PNG at 1× and 2×; and one frame
//! of an animation at 1080p (the slide with its sources, as straight RGBA, before the encoder).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use karabakh_atlas::data::{self, basemap::Basemap};
use karabakh_atlas::export::animate::{self, Shot};
use karabakh_atlas::export::{self, Format, Picture};
use karabakh_atlas::scene::slide::SlideOptions;
use karabakh_atlas::scene::{Prepared, SceneInputs};
use karabakh_atlas::time::Day;

fn render(c: &mut Criterion) {
    let dataset = data::load_embedded();
    let prepared = Prepared::new(&dataset, &Basemap::embedded());
    let day = Day::from_ymd(2023, 9, 24).expect("a real day");
    let mut inputs = SceneInputs::new(export::view_for(None, None, None, 1920.0, 1080.0));
    inputs.day = Some(day);
    let picture = |scale| Picture {
        inputs: inputs.clone(),
        slide: SlideOptions::new(Some(day)),
        selected: vec!["event-2023-first-evacuees".to_owned()],
        scale,
    };
    let mut group = c.benchmark_group("render 1920x1080");
    group.sample_size(20);
    group.bench_function("SVG", |b| {
        b.iter(|| {
            black_box(export::render(
                &dataset,
                &prepared,
                &picture(1.0),
                Format::Svg,
            ))
        })
    });
    group.bench_function("PNG 1x", |b| {
        b.iter(|| {
            black_box(export::render(
                &dataset,
                &prepared,
                &picture(1.0),
                Format::Png,
            ))
        })
    });
    group.bench_function("PNG 2x", |b| {
        b.iter(|| {
            black_box(export::render(
                &dataset,
                &prepared,
                &picture(2.0),
                Format::Png,
            ))
        })
    });
    group.bench_function("animation frame", |b| {
        let shot = Shot {
            picture: picture(1.0),
            frames: 1,
            sources: Vec::new(),
        };
        b.iter(|| black_box(animate::frame_rgba(&dataset, &prepared, &shot)))
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
